// The case export behind GET /v1/exports/cases: who may export what (profile × role × scope), the SELECT that
// renders every cell in SQL (formula neutralisation, ISO instants, booleans as true/false, confidential
// reduction), and the streamed body in the requested dialect. Nothing is held whole in memory:
//
// - PostgreSQL: `COPY (SELECT …) TO STDOUT (FORMAT csv)` through pg-copy-streams; COPY writes LF record ends,
//   which `crlfRecords` turns into CRLF while it follows the quoting (a newline inside a quoted field stays).
// - PGlite (COPY TO goes to a blob there): keyset-paged SELECTs of the same expressions, ordered by
//   (submitted_at, tracking_id), each page rendered with the shared csvField (which writes fields as COPY
//   does), so both backends give the same bytes.
//
// COPY takes no bind parameters, so filter values are written as literals (`literal`, E'' with quotes and
// backslashes escaped); every value was validated by ExportQuerySchema first.

import { Readable } from 'node:stream';
import { CASE_CATALOGUE, type CaseColumn } from '../domain/caseColumns.js';
import {
  CONFIDENTIAL_REDUCED,
  DIALECTS,
  ESCAPED_START_CHARS,
  NUMBER_LIKE_PATTERN,
  PROFILE_ROLES,
  csvField,
  exportColumns,
  headerRecord,
  type ExportDialect,
  type ExportProfile,
  type ExportQuery,
} from '../domain/export.js';
import type { Actor, ClockName, Status } from '../domain/types.js';
import type { Db } from './db/driver.js';
import { appendAudit } from './exportAudit.js';
import { about, ProblemError } from './problem.js';

/** Rows per page on PGlite. */
export const PGLITE_PAGE_ROWS = 2000;

/** A string literal that means the same with standard_conforming_strings on or off. */
export function literal(value: string): string {
  return `E'${value.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** Each column's SQL: `c.` the case, `r.` its reporter (the catalogue names the column). */
const SQL_COLUMN: Record<string, string> = Object.fromEntries(
  CASE_CATALOGUE.map((c) => [c.name, `${c.role === 'reporter' ? 'r' : 'c'}.${c.sql}`]),
);

/** Columns whose values a CHECK constraint limits to fixed words: they can never look like a formula. */
const CHECKED_WORDS = new Set(['classification', 'status', 'closedBy']);

const ESCAPED_CHARS = literal(ESCAPED_START_CHARS);

/**
 * SQL of the shared dialectText: a leading ' before = + - @ tab CR LF ＝ ＋ － ＠ and before ' (neutraliseFormula),
 * and in excel-id also before a number-like text (excelText, by the same NUMBER_LIKE_PATTERN).
 */
export function neutraliseSql(x: string, dialect: ExportDialect = 'rfc4180'): string {
  const numberLike = dialect === 'excel-id' ? ` OR ${x} ~ ${literal(NUMBER_LIKE_PATTERN)}` : '';
  return `CASE WHEN ${x} <> '' AND (strpos(${ESCAPED_CHARS}, left(${x}, 1)) > 0${numberLike}) THEN '''' || ${x} ELSE ${x} END`;
}

export function columnSql(column: CaseColumn, profile: ExportProfile, dialect: ExportDialect = 'rfc4180'): string {
  const base = SQL_COLUMN[column.name];
  if (base === undefined) throw new Error(`export: no SQL for column ${column.name}`);
  let e: string;
  switch (column.kind) {
    case 'text':
      e = CHECKED_WORDS.has(column.name) ? base : neutraliseSql(base, dialect);
      break;
    case 'date':
      e = `to_char(${base}, 'YYYY-MM-DD')`;
      break;
    case 'instant':
      e = `to_char(${base} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
      break;
    case 'boolean':
      e = `${base}::text`;
      break;
    case 'integer':
      e = base;
      break;
  }
  if (profile === 'statistical' && (CONFIDENTIAL_REDUCED as readonly string[]).includes(column.name)) {
    e = `CASE WHEN c.confidential THEN NULL ELSE ${e} END`;
  }
  return e;
}

/** Everything the SELECT depends on, resolved (institution paths looked up, instants computed). */
export interface ExportSpec {
  profile: ExportProfile;
  /** Materialised path of the caller's subtree root; null for national tokens. */
  scopePath: string | null;
  /** Path of the --institution filter's root. */
  institutionPath?: string;
  category?: string;
  status?: readonly Status[];
  classification?: string;
  channel?: string;
  /** UTC instants, ISO: submitted_at >= fromInstant and < toInstant. */
  fromInstant?: string;
  toInstant?: string;
  overdue?: ClockName;
  /** Only cases whose follow-up draft awaits review. */
  draftPending?: boolean;
  /** ISO instant the overdue filter compares with. */
  now?: string;
  escalated?: 'yes' | 'no';
  q?: string;
  /** Path of the --copied-to filter's root (an export's scope stays the handling chain: see the README). */
  copiedToPath?: string;
}

export function whereSql(spec: ExportSpec): string[] {
  const where: string[] = [];
  if (spec.scopePath !== null) {
    where.push(`c.institution_id IN (SELECT id FROM institutions WHERE starts_with(path, ${literal(spec.scopePath)}))`);
  }
  if (spec.institutionPath !== undefined) {
    where.push(`c.institution_id IN (SELECT id FROM institutions WHERE starts_with(path, ${literal(spec.institutionPath)}))`);
  }
  if (spec.category !== undefined) {
    where.push(
      `c.category_id IN (SELECT id FROM categories WHERE id = ${literal(spec.category)} OR strpos(path, ${literal(`/${spec.category}/`)}) > 0)`,
    );
  }
  if (spec.status !== undefined) where.push(`c.status IN (${spec.status.map(literal).join(', ')})`);
  if (spec.classification !== undefined) where.push(`c.classification = ${literal(spec.classification)}`);
  if (spec.channel !== undefined) where.push(`c.channel = ${literal(spec.channel)}`);
  if (spec.fromInstant !== undefined) where.push(`c.submitted_at >= ${literal(spec.fromInstant)}::timestamptz`);
  if (spec.toInstant !== undefined) where.push(`c.submitted_at < ${literal(spec.toInstant)}::timestamptz`);
  if (spec.overdue !== undefined) {
    const n = `${literal(spec.now ?? new Date(0).toISOString())}::timestamptz`;
    where.push(
      {
        verify: `c.status IN ('submitted','postponed') AND c.verify_due_at < ${n}`,
        response: `c.status = 'disposed' AND c.response_due_at < ${n}`,
        completion: `c.status IN ('submitted','postponed','disposed','in_progress') AND c.completion_due_at < ${n}`,
      }[spec.overdue],
    );
  }
  if (spec.copiedToPath !== undefined) {
    where.push(
      `c.tracking_id IN (SELECT tracking_id FROM case_copies WHERE institution_id IN (SELECT id FROM institutions WHERE starts_with(path, ${literal(spec.copiedToPath)})))`,
    );
  }
  if (spec.draftPending === true) where.push('c.draft_at IS NOT NULL');
  if (spec.escalated !== undefined) where.push(`c.escalated_at IS ${spec.escalated === 'yes' ? 'NOT NULL' : 'NULL'}`);
  if (spec.q !== undefined) {
    const like = `%${spec.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    where.push(`(c.title ILIKE ${literal(like)} OR c.tracking_id = ${literal(spec.q)})`);
  }
  return where;
}

/**
 * The export's SELECT: one expression per column (aliased e0, e1, …), the filters, the stable order. With
 * `keyset`, also the sort key (k_at to the microsecond, k_id) and a `(submitted_at, tracking_id) > ($1, $2)`
 * condition plus `LIMIT $3`, for paging.
 */
export function exportSelectSql(spec: ExportSpec, options: { keyset?: boolean; dialect?: ExportDialect } = {}): string {
  const columns = exportColumns(spec.profile);
  const exprs = columns.map((col, i) => `${columnSql(col, spec.profile, options.dialect)} AS e${i}`);
  const where = whereSql(spec);
  if (options.keyset) {
    exprs.push(`to_char(c.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS k_at`, 'c.tracking_id AS k_id');
    where.push('(c.submitted_at, c.tracking_id) > ($1::timestamptz, $2::text)');
  }
  const join = spec.profile === 'pii' ? ' LEFT JOIN reporters r ON r.tracking_id = c.tracking_id' : '';
  return (
    `SELECT ${exprs.join(', ')} FROM cases c${join}` +
    (where.length > 0 ? ` WHERE ${where.join(' AND ')}` : '') +
    ' ORDER BY c.submitted_at, c.tracking_id' +
    (options.keyset ? ' LIMIT $3' : '')
  );
}

/** Whether each column's cells are quoted in the dialect (excel-id: every text, see csvField). */
export function quotedColumns(profile: ExportProfile, dialect: ExportDialect): boolean[] {
  return exportColumns(profile).map((c) => dialect === 'excel-id' && c.kind === 'text');
}

/** The COPY statement for PostgreSQL (records end in LF; crlfRecords makes them CRLF). */
export function exportCopySql(spec: ExportSpec, dialect: ExportDialect): string {
  const forced = quotedColumns(spec.profile, dialect).flatMap((q, i) => (q ? [`e${i}`] : []));
  const forceQuote = forced.length > 0 ? `, FORCE_QUOTE (${forced.join(', ')})` : '';
  return `COPY (${exportSelectSql(spec, { dialect })}) TO STDOUT WITH (FORMAT csv, DELIMITER ${literal(DIALECTS[dialect].delimiter)}${forceQuote})`;
}

/** The UTC instant where a local date (of the calendar's UTC offset) begins. */
function localDayStart(date: string, offsetMinutes: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - offsetMinutes * 60_000).toISOString();
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** Checks the role against the profile and resolves the query into an ExportSpec (400/403 as problems). */
export async function planExport(
  db: Db,
  actor: Actor,
  query: ExportQuery,
  context: { utcOffsetMinutes: number; now: Date },
): Promise<ExportSpec> {
  if (!PROFILE_ROLES[query.profile].includes(actor.role)) {
    const why =
      query.profile === 'statistical'
        ? `role ${actor.role} may not export cases`
        : actor.role === 'statistician'
          ? `statisticians receive the statistical profile only, never free text or personal data (asked: ${query.profile})`
          : `the ${query.profile} profile is for ${PROFILE_ROLES[query.profile].join(' and ')} tokens only, not ${actor.role}`;
    throw new ProblemError(403, 'forbidden', why, [{ field: 'profile', message: `not allowed for role ${actor.role}` }], undefined,
      about('export-profile-not-allowed', { role: actor.role, profile: query.profile }));
  }
  const pathOf = async (id: string): Promise<string | undefined> =>
    (await db.query<{ path: string }>('SELECT path FROM institutions WHERE id = $1', [id]))[0]?.path;
  // an institution-bound token whose institution is gone sees nothing (as in the case listing)
  const scopePath = actor.institutionId === null ? null : ((await pathOf(actor.institutionId)) ?? '/nowhere/');
  const spec: ExportSpec = { profile: query.profile, scopePath };
  if (query.institution !== undefined) {
    const path = await pathOf(query.institution);
    if (path === undefined) {
      throw new ProblemError(400, 'validation', `unknown institution ${query.institution}`, [
        { field: 'institution', message: 'unknown institution', code: 'unknown_institution' },
      ], undefined, about('unknown-institution', { institutionId: query.institution }));
    }
    spec.institutionPath = path;
  }
  if (query.copiedTo !== undefined) {
    const path = await pathOf(query.copiedTo);
    if (path === undefined) {
      throw new ProblemError(400, 'validation', `unknown institution ${query.copiedTo}`, [
        { field: 'copiedTo', message: 'unknown institution', code: 'unknown_institution' },
      ], undefined, about('unknown-institution', { institutionId: query.copiedTo }));
    }
    spec.copiedToPath = path;
  }
  if (query.category !== undefined) spec.category = query.category;
  if (query.status !== undefined) spec.status = query.status;
  if (query.classification !== undefined) spec.classification = query.classification;
  if (query.channel !== undefined) spec.channel = query.channel;
  const offset = context.utcOffsetMinutes;
  if (query.year !== undefined) {
    spec.fromInstant = localDayStart(`${String(query.year).padStart(4, '0')}-01-01`, offset);
    spec.toInstant = localDayStart(`${String(query.year + 1).padStart(4, '0')}-01-01`, offset);
  }
  if (query.from !== undefined) spec.fromInstant = localDayStart(query.from, offset);
  if (query.to !== undefined) spec.toInstant = localDayStart(nextDay(query.to), offset);
  if (query.overdue !== undefined) {
    spec.overdue = query.overdue;
    spec.now = context.now.toISOString();
  }
  if (query.escalated !== undefined) spec.escalated = query.escalated;
  if (query.q !== undefined) spec.q = query.q;
  if (query.draft === 'pending') spec.draftPending = true;
  return spec;
}

/** How many cases the export selects (for the audit record of a pii export). */
export async function countExport(db: Db, spec: ExportSpec): Promise<number> {
  const where = whereSql(spec);
  const rows = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM cases c${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''}`,
  );
  return rows[0].n;
}

/** Writes the audit record of a pii export (before any row is sent). */
export async function auditPiiExport(
  db: Db,
  actor: Actor,
  query: ExportQuery,
  spec: ExportSpec,
  at: Date,
  requestId: string,
): Promise<void> {
  const rows = await countExport(db, spec);
  const { purpose, ...rest } = query;
  const filters = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  await appendAudit(db, actor, {
    action: 'pii_export',
    note: purpose ?? '',
    detail: { filters, scope: actor.institutionId, rows },
    at: at.toISOString(),
    requestId,
  });
}

// ---- the body ------------------------------------------------------------------------------------------

export interface RowCounter {
  rows: number;
}

const CRLF = Buffer.from('\r\n');
const QUOTE = 0x22;
const LF = 0x0a;

/**
 * COPY's CSV with LF record ends → CRLF record ends, counting records. A quote toggles "inside a field"
 * (a doubled quote toggles twice), so only the LF that ends a record is changed, across chunk boundaries.
 */
export async function* crlfRecords(source: AsyncIterable<Buffer>, counter: RowCounter): AsyncGenerator<Buffer> {
  let inQuotes = false;
  for await (const chunk of source) {
    const parts: Buffer[] = [];
    let start = 0;
    let pos = 0;
    let nextQuote = -2; // not looked up yet
    let nextLf = -2;
    while (pos < chunk.length) {
      if (inQuotes) {
        if (nextQuote < pos) nextQuote = chunk.indexOf(QUOTE, pos);
        if (nextQuote === -1) break;
        inQuotes = false;
        pos = nextQuote + 1;
        continue;
      }
      if (nextQuote !== -1 && nextQuote < pos) nextQuote = chunk.indexOf(QUOTE, pos);
      if (nextLf !== -1 && nextLf < pos) nextLf = chunk.indexOf(LF, pos);
      if (nextLf !== -1 && (nextQuote === -1 || nextLf < nextQuote)) {
        parts.push(chunk.subarray(start, nextLf), CRLF);
        counter.rows += 1;
        start = pos = nextLf + 1;
      } else if (nextQuote !== -1) {
        inQuotes = true;
        pos = nextQuote + 1;
      } else {
        break;
      }
    }
    if (start < chunk.length) parts.push(chunk.subarray(start));
    yield parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }
}

/** PGlite: keyset pages of the same SELECT, each rendered as CSV records with CRLF. */
export async function* pagedRecords(
  db: Db,
  spec: ExportSpec,
  dialect: ExportDialect,
  counter: RowCounter,
  pageRows = PGLITE_PAGE_ROWS,
): AsyncGenerator<Buffer> {
  const sql = exportSelectSql(spec, { keyset: true, dialect });
  const quoted = quotedColumns(spec.profile, dialect);
  const n = quoted.length;
  const { delimiter, recordEnd } = DIALECTS[dialect];
  let after: [string, string] = ['-infinity', ''];
  for (;;) {
    const rows = await db.query(sql, [after[0], after[1], pageRows]);
    if (rows.length === 0) return;
    const lines: string[] = [];
    for (const row of rows) {
      const cells: string[] = [];
      for (let i = 0; i < n; i += 1) cells.push(csvField(row[`e${i}`] as string | number | null, delimiter, quoted[i]));
      lines.push(cells.join(delimiter) + recordEnd);
    }
    counter.rows += rows.length;
    yield Buffer.from(lines.join(''));
    if (rows.length < pageRows) return;
    const last = rows[rows.length - 1];
    after = [String(last.k_at), String(last.k_id)];
  }
}

export interface ExportBody {
  stream: Readable;
  counter: RowCounter;
}

/**
 * The whole response body as a byte stream: BOM (excel-id) and header first, then the records. The first
 * chunk of records is fetched before this resolves, so a failing query is still an ordinary error response;
 * a failure after that ends the connection without the final chunk (the client sees a broken transfer).
 */
export async function openExportBody(
  db: Db,
  spec: ExportSpec,
  options: { dialect: ExportDialect; header: ExportQuery['header'] },
): Promise<ExportBody> {
  const counter: RowCounter = { rows: 0 };
  const records = db.copyTo
    ? crlfRecords(db.copyTo(exportCopySql(spec, options.dialect)), counter)
    : pagedRecords(db, spec, options.dialect, counter);
  const first = await records.next();
  const head = Buffer.from(headerRecord(exportColumns(spec.profile), options.header, options.dialect));
  async function* body(): AsyncGenerator<Buffer> {
    try {
      yield first.done ? head : Buffer.concat([head, first.value]);
      if (first.done) return;
      for (;;) {
        const next = await records.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      await records.return(undefined);
    }
  }
  const stream = Readable.from(body(), { objectMode: false, highWaterMark: 64 * 1024 });
  // a client gone before the first pull never starts body(), whose finally would not run: end the query here
  stream.once('close', () => void records.return(undefined).catch(() => undefined));
  return { stream, counter };
}
