// The repository: everything the routes need from the database, in domain terms. Routes stay thin; the
// state machine (domain/actions) decides, this file persists. Batches of actions (single actions are a
// batch of one) lock their cases, decide in memory and write with one UPDATE and one INSERT.

import { ACTION_FIELDS, EDIT_FIELDS, applyAction, canSee, REFUSAL_STATUS, type ActionContext, type RefusalCode } from '../domain/actions.js';
import { CASE_FIELD_COLUMNS } from '../domain/caseColumns.js';
import { submittedCase, WorkingCalendar } from '../domain/clocks.js';
import { eventHash, GENESIS_HASH } from '../domain/events.js';
import {
  BulkItemSchema,
  type BulkItem,
  type BulkItemResult,
  type CaseListQuery,
  type NewCase,
} from '../domain/schemas.js';
import type {
  Actor,
  CalendarDay,
  Case,
  CaseEvent,
  Category,
  Channel,
  ClockSettings,
  Institution,
  Role,
} from '../domain/types.js';
import type { Db, Queryable, Row } from './db/driver.js';
import { hashToken, newTokenSecret } from './auth.js';
import { fieldErrors, PROBLEM_TYPES, ProblemError, problemTypeUri, type ProblemType } from './problem.js';

/** The Case fields and their columns, in catalogue order (domain/caseColumns.ts). */
const CASE_COLUMNS: readonly [keyof Case, string][] = CASE_FIELD_COLUMNS.map((c) => [c.name, c.sql]);
const TIMESTAMP_FIELDS = new Set<keyof Case>(CASE_FIELD_COLUMNS.filter((c) => c.sqlType === 'timestamptz').map((c) => c.name));
const DATE_FIELDS = new Set<keyof Case>(CASE_FIELD_COLUMNS.filter((c) => c.sqlType === 'date').map((c) => c.name));

// Timestamps are read as UTC text ('2026-11-20 17:58:36.62773') and turned into ISO strings by slicing: a
// listing page or a bulk chunk reads thousands of them, and a Date per value was a fifth of the server's time.
const SELECT_EXPRESSIONS = CASE_COLUMNS.map(([key, col]) =>
  TIMESTAMP_FIELDS.has(key) ? `(${col} AT TIME ZONE 'UTC')::text AS ${col}` : col,
);
const SELECT_CASE = SELECT_EXPRESSIONS.join(', ');

/** How long an authenticated token is trusted without asking the database again (a revocation's delay). */
export const TOKEN_CACHE_MS = 5_000;

/** Columns an action may change, with their SQL types for the batched UPDATE … FROM json_to_recordset(…). */
const MUTABLE: readonly [keyof Case, string, string][] = CASE_FIELD_COLUMNS.filter((c) => c.mutable).map((c) => [c.name, c.sql, c.sqlType]);

const EVENT_COLUMNS = `id, tracking_id, seq, at, actor, role, action, from_status, to_status, from_institution,
  to_institution, note, request_id, prev_hash, hash`;

const UTC_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?$/;

/** An instant as ISO 8601 to the millisecond (truncated, as Date does): from a Date, or from UTC text. */
export function iso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  const s = String(v);
  if (UTC_TEXT.test(s)) {
    const fraction = s.length > 19 ? s.slice(20, 23).padEnd(3, '0') : '000';
    return `${s.slice(0, 10)}T${s.slice(11, 19)}.${fraction}Z`;
  }
  return new Date(s).toISOString();
}

/** A date column: the drivers hand it over as its 'YYYY-MM-DD' text. */
function dateOnly(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}


/** Columns of a sparse selection: the named fields, and always trackingId and version. */
function selectFields(fields: readonly (keyof Case)[]): { sql: string; columns: typeof CASE_COLUMNS } {
  const wanted = new Set<keyof Case>(['trackingId', 'version', ...fields]);
  const columns = CASE_COLUMNS.filter(([key]) => wanted.has(key));
  return { sql: SELECT_EXPRESSIONS.filter((_, i) => wanted.has(CASE_COLUMNS[i][0])).join(', '), columns };
}

/** What applyBatch reads of each case: the state machine's fields (see ACTION_FIELDS and EDIT_FIELDS). */
const DECIDE = selectFields([...ACTION_FIELDS, ...EDIT_FIELDS]);

export function rowToCase(row: Row, columns = CASE_COLUMNS): Case {
  const c: Record<string, unknown> = {};
  for (const [key, col] of columns) {
    const v = row[col];
    if (TIMESTAMP_FIELDS.has(key)) c[key] = iso(v);
    else if (DATE_FIELDS.has(key)) c[key] = dateOnly(v);
    else c[key] = v ?? null;
  }
  return c as unknown as Case;
}

export function rowToEvent(row: Row): CaseEvent {
  return {
    id: Number(row.id),
    trackingId: String(row.tracking_id),
    seq: Number(row.seq),
    at: iso(row.at) ?? '',
    actor: String(row.actor),
    role: row.role as Role,
    action: row.action as CaseEvent['action'],
    fromStatus: (row.from_status ?? null) as CaseEvent['fromStatus'],
    toStatus: (row.to_status ?? null) as CaseEvent['toStatus'],
    fromInstitution: (row.from_institution ?? null) as string | null,
    toInstitution: (row.to_institution ?? null) as string | null,
    note: (row.note ?? null) as string | null,
    requestId: (row.request_id ?? null) as string | null,
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
  };
}

const REFUSAL_PROBLEM: Record<RefusalCode, ProblemType> = {
  not_found: 'not-found',
  forbidden: 'forbidden',
  invalid_transition: 'invalid-transition',
  already_done: 'already-done',
  invalid_field: 'unprocessable',
};

interface Cursor {
  sort: string;
  key: string | null;
  id: string;
}

const SORT_SQL: Record<CaseListQuery['sort'], { expr: string; dir: 'ASC' | 'DESC' }> = {
  submittedAt: { expr: 'submitted_at', dir: 'ASC' },
  '-submittedAt': { expr: 'submitted_at', dir: 'DESC' },
  verifyDueAt: { expr: 'verify_due_at', dir: 'ASC' },
  responseDueAt: { expr: "COALESCE(response_due_at, 'infinity'::timestamptz)", dir: 'ASC' },
  trackingId: { expr: 'tracking_id', dir: 'ASC' },
};

/** A cursor key is the exact sort value, to the microsecond as PostgreSQL stores it (3 or 6 digits). */
function isCursorInstant(key: string): boolean {
  const ms = Date.parse(key);
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.(\d{3}|\d{6})Z$/.test(key) &&
    !Number.isNaN(ms) &&
    new Date(ms).toISOString().slice(0, 23) === key.slice(0, 23)
  );
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.key, c.id])).toString('base64url');
}

function decodeCursor(raw: string, sort: string): Cursor {
  const bad = (why: string) =>
    new ProblemError(400, 'validation', `invalid cursor: ${why}`, [{ field: 'cursor', message: why }]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad('not a cursor returned by this API');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    typeof parsed[0] !== 'string' ||
    (parsed[1] !== null && typeof parsed[1] !== 'string') ||
    typeof parsed[2] !== 'string' ||
    parsed[2].includes('\u0000') // PostgreSQL text cannot hold it: no cursor of ours does
  ) {
    throw bad('not a cursor returned by this API');
  }
  if (parsed[0] !== sort) throw bad(`cursor was made for sort ${parsed[0]}, not ${sort}`);
  // Keys are the ISO instants this API writes; anything else (JavaScript parses '1' as a date, SQL does not)
  // would reach the database as a bad timestamptz and fail there as a 500.
  if (parsed[1] !== null && parsed[0] !== 'trackingId' && !isCursorInstant(parsed[1])) {
    throw bad('not a cursor returned by this API');
  }
  return { sort: parsed[0], key: parsed[1], id: parsed[2] };
}

interface InstitutionInfo {
  path: string;
  active: boolean;
}

export interface StoreOptions {
  settings: ClockSettings;
  now: () => Date;
  /** A case import reads and copies the upload in segments of this many records (default 20,000). */
  importSegmentRows?: number;
}

export class Store {
  private institutions = new Map<string, InstitutionInfo>();
  private categories = new Set<string>();
  private channels = new Set<string>();
  calendar: WorkingCalendar;

  constructor(
    readonly db: Db,
    readonly options: StoreOptions,
  ) {
    this.calendar = new WorkingCalendar([], options.settings.utcOffsetMinutes);
  }

  /** Reloads the reference data the state machine consults (institution tree, categories, calendar). */
  async reload(): Promise<void> {
    const inst = await this.db.query<{ id: string; path: string; active: boolean }>(
      'SELECT id, path, active FROM institutions',
    );
    this.institutions = new Map(inst.map((r) => [r.id, { path: r.path, active: r.active }]));
    const cats = await this.db.query<{ id: string }>('SELECT id FROM categories');
    this.categories = new Set(cats.map((r) => r.id));
    const chans = await this.db.query<{ id: string }>('SELECT id FROM channels');
    this.channels = new Set(chans.map((r) => r.id));
    const days = await this.db.query<{ date: unknown }>('SELECT date FROM calendar_days');
    this.calendar = new WorkingCalendar(
      days.map((d) => dateOnly(d.date) ?? ''),
      this.options.settings.utcOffsetMinutes,
    );
  }

  isWithin = (institutionId: string, rootId: string): boolean => {
    const node = this.institutions.get(institutionId);
    const root = this.institutions.get(rootId);
    return node !== undefined && root !== undefined && node.path.startsWith(root.path);
  };

  private actionContext(actor: Actor, now: string): ActionContext {
    return {
      actor,
      now,
      isWithin: this.isWithin,
      institutionIsActive: (id) => this.institutions.get(id)?.active === true,
      categoryExists: (id) => this.categories.has(id),
      settings: this.options.settings,
      calendar: this.calendar,
    };
  }

  // ---- tokens --------------------------------------------------------------------------------------------

  private readonly knownTokenHashes = new Set<string>();

  /** Tokens that authenticated lately: a read costs one query instead of two. Revoking takes effect within TOKEN_CACHE_MS. */
  private readonly tokenCache = new Map<string, { actor: Actor; until: number }>();

  async authenticate(secret: string): Promise<Actor | null> {
    const hash = hashToken(secret);
    const now = this.options.now().getTime();
    const hit = this.tokenCache.get(hash);
    if (hit && hit.until > now) return hit.actor;
    const rows = await this.db.query<{ name: string; role: Role; institution_id: string | null }>(
      'SELECT name, role, institution_id FROM tokens WHERE hash = $1 AND revoked_at IS NULL',
      [hash],
    );
    const row = rows[0];
    if (!row) {
      this.tokenCache.delete(hash);
      return null;
    }
    if (this.knownTokenHashes.size < 100_000) this.knownTokenHashes.add(hash);
    const actor: Actor = { name: row.name, role: row.role, institutionId: row.institution_id };
    if (this.tokenCache.size >= 10_000) this.tokenCache.clear();
    this.tokenCache.set(hash, { actor, until: now + TOKEN_CACHE_MS });
    return actor;
  }

  /** Whether a token hash has authenticated in this process (the rate limiter's key choice). */
  isKnownTokenHash(hash: string): boolean {
    return this.knownTokenHashes.has(hash);
  }

  async createToken(name: string, role: Role, institutionId: string | null): Promise<string> {
    // an institution role with no institution would pass the subtree filters of listings and exports
    // (which treat "no institution" as national) while single reads refuse it: never make one
    if (institutionId === null && (role === 'institution_admin' || role === 'liaison')) {
      throw new ProblemError(422, 'unprocessable', `role ${role} needs an institution`, [
        { field: 'institutionId', message: 'required for this role' },
      ]);
    }
    if (institutionId !== null && !this.institutions.has(institutionId)) {
      throw new ProblemError(422, 'unprocessable', `institution ${institutionId} does not exist`, [
        { field: 'institutionId', message: 'unknown institution' },
      ]);
    }
    const secret = newTokenSecret();
    const inserted = await this.db.query(
      `INSERT INTO tokens (name, hash, role, institution_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (name) DO NOTHING RETURNING name`,
      [name, hashToken(secret), role, institutionId],
    );
    if (inserted.length === 0) {
      throw new ProblemError(409, 'conflict', `a token named ${name} exists already`, [
        { field: 'name', message: 'already exists' },
      ]);
    }
    return secret;
  }

  async countTokens(): Promise<number> {
    const rows = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tokens WHERE revoked_at IS NULL');
    return rows[0].n;
  }

  // ---- reference data ------------------------------------------------------------------------------------

  async listInstitutions(): Promise<Institution[]> {
    const rows = await this.db.query<{ id: string; parent_id: string | null; name: string; level: Institution['level']; active: boolean }>(
      'SELECT id, parent_id, name, level, active FROM institutions ORDER BY path',
    );
    return rows.map((r) => ({ id: r.id, parentId: r.parent_id, name: r.name, level: r.level, active: r.active }));
  }

  async listCategories(): Promise<Category[]> {
    const rows = await this.db.query<{ id: string; parent_id: string | null; name: string; name_en: string | null; institution_hint: string | null }>(
      'SELECT id, parent_id, name, name_en, institution_hint FROM categories ORDER BY path',
    );
    return rows.map((r) => ({
      id: r.id,
      parentId: r.parent_id,
      name: r.name,
      nameEn: r.name_en,
      institutionHint: r.institution_hint,
    }));
  }

  async listChannels(): Promise<Channel[]> {
    const rows = await this.db.query<{ id: string; name: string; name_en: string }>(
      'SELECT id, name, name_en FROM channels ORDER BY id',
    );
    return rows.map((r) => ({ id: r.id, name: r.name, nameEn: r.name_en }));
  }

  async listCalendar(year?: number): Promise<CalendarDay[]> {
    const rows = await this.db.query<{ date: unknown; kind: CalendarDay['kind']; name: string }>(
      year === undefined
        ? 'SELECT date, kind, name FROM calendar_days ORDER BY date'
        : `SELECT date, kind, name FROM calendar_days
           WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1) ORDER BY date`,
      year === undefined ? [] : [year],
    );
    return rows.map((r) => ({ date: dateOnly(r.date) ?? '', kind: r.kind, name: r.name }));
  }

  // ---- reading cases -------------------------------------------------------------------------------------

  private scopeClause(actor: Actor, params: unknown[]): string | null {
    if (actor.role === 'statistician') {
      throw new ProblemError(403, 'forbidden', 'statisticians receive aggregates only, never individual cases');
    }
    if (actor.institutionId === null) return null;
    const root = this.institutions.get(actor.institutionId);
    params.push(root?.path ?? '/nowhere/');
    return `institution_id IN (SELECT id FROM institutions WHERE starts_with(path, $${params.length}))`;
  }

  async listCases(query: CaseListQuery, actor: Actor): Promise<{ items: Case[]; nextCursor: string | null }> {
    const params: unknown[] = [];
    const where: string[] = [];
    const scope = this.scopeClause(actor, params);
    if (scope) where.push(scope);
    if (query.status) {
      // one status is an equality, so the (status, submitted_at, tracking_id) index serves the keyset page
      // directly; `= ANY` would make PostgreSQL filter every row from the cursor's timestamp on, on every page
      params.push(query.status.length === 1 ? query.status[0] : query.status);
      where.push(query.status.length === 1 ? `status = $${params.length}` : `status = ANY($${params.length}::text[])`);
    }
    if (query.institution) {
      const root = this.institutions.get(query.institution);
      if (!root) {
        throw new ProblemError(400, 'validation', `unknown institution ${query.institution}`, [
          { field: 'institution', message: 'unknown institution' },
        ]);
      }
      params.push(root.path);
      where.push(`institution_id IN (SELECT id FROM institutions WHERE starts_with(path, $${params.length}))`);
    }
    if (query.category) {
      params.push(query.category, `/${query.category}/`);
      where.push(
        `category_id IN (SELECT id FROM categories WHERE id = $${params.length - 1} OR strpos(path, $${params.length}) > 0)`,
      );
    }
    for (const [value, col] of [
      [query.classification, 'classification'],
      [query.channel, 'channel'],
    ] as const) {
      if (value) {
        params.push(value);
        where.push(`${col} = $${params.length}`);
      }
    }
    const offset = this.options.settings.utcOffsetMinutes;
    if (query.from) {
      params.push(new Date(Date.parse(`${query.from}T00:00:00Z`) - offset * 60_000).toISOString());
      where.push(`submitted_at >= $${params.length}`);
    }
    if (query.to) {
      params.push(new Date(Date.parse(`${query.to}T00:00:00Z`) + 86_400_000 - offset * 60_000).toISOString());
      where.push(`submitted_at < $${params.length}`);
    }
    if (query.overdue) {
      params.push(this.options.now().toISOString());
      const n = `$${params.length}`;
      where.push(
        {
          verify: `status IN ('submitted','postponed') AND verify_due_at < ${n}`,
          response: `status = 'disposed' AND response_due_at < ${n}`,
          completion: `status IN ('submitted','postponed','disposed','in_progress') AND completion_due_at < ${n}`,
        }[query.overdue],
      );
    }
    if (query.q) {
      params.push(`%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`, query.q);
      where.push(`(title ILIKE $${params.length - 1} OR tracking_id = $${params.length})`);
    }
    const sort = SORT_SQL[query.sort];
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor, query.sort);
      const cmp = sort.dir === 'ASC' ? '>' : '<';
      if (query.sort === 'trackingId') {
        params.push(cursor.id);
        where.push(`tracking_id ${cmp} $${params.length}`);
      } else {
        params.push(cursor.key ?? 'infinity', cursor.id);
        where.push(`(${sort.expr}, tracking_id) ${cmp} ($${params.length - 1}::timestamptz, $${params.length})`);
      }
    }
    params.push(query.limit + 1);
    const order = query.sort === 'trackingId' ? 'tracking_id ASC' : `${sort.expr} ${sort.dir}, tracking_id ${sort.dir}`;
    // the cursor keeps the sort value to the microsecond: a millisecond ISO string would fall before rows
    // stored with finer precision and hand back the same page forever
    const sortKey =
      query.sort === 'trackingId' ? 'NULL' : `to_char(${sort.expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
    const sparse = query.fields ? selectFields(query.fields) : null;
    const sql = `SELECT ${sparse?.sql ?? SELECT_CASE}, ${sortKey} AS sort_key FROM cases ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${order} LIMIT $${params.length}`;
    const rows = await this.db.query(sql, params);
    const items = rows.slice(0, query.limit).map((row) => rowToCase(row, sparse?.columns));
    let nextCursor: string | null = null;
    if (rows.length > query.limit) {
      const last = items[items.length - 1];
      const key = (rows[query.limit - 1].sort_key as string | null) ?? null;
      nextCursor = encodeCursor({ sort: query.sort, key, id: last.trackingId });
    }
    return { items, nextCursor };
  }

  /** The case if the caller may see it; a missing and an out-of-scope case both answer 404 alike. */
  async getCase(trackingId: string, actor: Actor): Promise<Case> {
    if (actor.role === 'statistician') {
      throw new ProblemError(403, 'forbidden', 'statisticians receive aggregates only, never individual cases');
    }
    const rows = await this.db.query(`SELECT ${SELECT_CASE} FROM cases WHERE tracking_id = $1`, [trackingId]);
    const c = rows[0] ? rowToCase(rows[0]) : null;
    if (!c || !canSee(c, actor, this.isWithin)) throw notFound(trackingId);
    return c;
  }

  async caseEvents(trackingId: string, actor: Actor): Promise<CaseEvent[]> {
    await this.getCase(trackingId, actor);
    const rows = await this.db.query(`SELECT ${EVENT_COLUMNS} FROM case_events WHERE tracking_id = $1 ORDER BY seq`, [
      trackingId,
    ]);
    return rows.map(rowToEvent);
  }

  // ---- intake --------------------------------------------------------------------------------------------

  async createCase(tx: Queryable, input: NewCase, actor: Actor, requestId: string): Promise<{ case: Case; created: boolean }> {
    if (!(['national_admin', 'system', 'institution_admin'] as Role[]).includes(actor.role)) {
      throw new ProblemError(403, 'forbidden', `role ${actor.role} may not submit cases`);
    }
    const errors: { field: string; message: string }[] = [];
    if (!this.channels.has(input.channel)) errors.push({ field: 'channel', message: `unknown channel ${input.channel}` });
    if (input.categoryId && !this.categories.has(input.categoryId)) {
      errors.push({ field: 'categoryId', message: `unknown category ${input.categoryId}` });
    }
    const institutionId = input.institutionId ?? null;
    if (institutionId !== null && !this.institutions.get(institutionId)?.active) {
      errors.push({ field: 'institutionId', message: `unknown or inactive institution ${institutionId}` });
    }
    if (institutionId !== null && actor.institutionId !== null && !this.isWithin(institutionId, actor.institutionId)) {
      errors.push({ field: 'institutionId', message: 'outside your institution subtree' });
    }
    if (actor.institutionId !== null && institutionId === null) {
      errors.push({ field: 'institutionId', message: 'required for an institution-bound token' });
    }
    if (errors.length) {
      throw new ProblemError(422, 'unprocessable', errors.map((e) => e.message).join('; '), errors);
    }
    const now = this.options.now().toISOString();
    const submittedAt = input.submittedAt ? new Date(input.submittedAt).toISOString() : now;
    const c: Case = submittedCase({
      trackingId: input.trackingId,
      classification: input.classification,
      categoryId: input.categoryId ?? null,
      title: input.title,
      body: input.body,
      incidentDate: input.incidentDate ?? null,
      province: input.province ?? null,
      regency: input.regency ?? null,
      district: input.district ?? null,
      village: input.village ?? null,
      regionCode: input.regionCode ?? null,
      channel: input.channel,
      anonymous: input.anonymous,
      confidential: input.confidential,
      institutionId,
      submittedAt,
    }, this.options.settings, this.calendar);
    const fields = {
      trackingId: c.trackingId,
      seq: 1,
      at: submittedAt,
      actor: actor.name,
      role: actor.role,
      action: 'submit' as const,
      fromStatus: null,
      toStatus: 'submitted' as const,
      fromInstitution: null,
      toInstitution: institutionId,
      note: null,
      requestId,
    };
    const hash = eventHash(GENESIS_HASH, fields);
    {
      const cols = CASE_COLUMNS.map(([, col]) => col);
      const values = CASE_COLUMNS.map(([key]) => c[key]);
      const inserted = await tx.query(
        `INSERT INTO cases (${cols.join(', ')}, last_event_hash)
         VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}, $${cols.length + 1})
         ON CONFLICT (tracking_id) DO NOTHING RETURNING tracking_id`,
        [...values, hash],
      );
      if (inserted.length === 0) {
        const existing = rowToCase((await tx.query(`SELECT ${SELECT_CASE} FROM cases WHERE tracking_id = $1`, [c.trackingId]))[0]);
        const same =
          existing.title === c.title &&
          existing.body === c.body &&
          existing.channel === c.channel &&
          existing.classification === c.classification &&
          (input.submittedAt === undefined || existing.submittedAt === submittedAt);
        if (!same || !canSee(existing, actor, this.isWithin)) {
          throw new ProblemError(409, 'conflict', `case ${c.trackingId} exists already with other content`, [
            { field: 'trackingId', message: 'already used' },
          ]);
        }
        return { case: existing, created: false };
      }
      if (input.reporter) {
        await tx.query('INSERT INTO reporters (tracking_id, name, contact, nik) VALUES ($1, $2, $3, $4)', [
          c.trackingId,
          input.reporter.name ?? null,
          input.reporter.contact ?? null,
          input.reporter.nik ?? null,
        ]);
      }
      await insertEvents(tx, [{ ...fields, prevHash: GENESIS_HASH, hash }]);
      return { case: c, created: true };
    }
  }

  // ---- actions -------------------------------------------------------------------------------------------

  /**
   * Applies a batch of action items in one transaction. Each item is judged on its own: invalid, missing,
   * out-of-scope, stale and refused items fail (or are skipped when already done) without touching the
   * others. Every applied item writes exactly one event. `tx` lets the caller add work (idempotency) to
   * the same transaction.
   */
  async applyBatch(
    tx: Queryable,
    rawItems: readonly unknown[],
    actor: Actor,
    requestId: string,
  ): Promise<{ results: BulkItemResult[]; applied: Map<string, CaseEvent> }> {
    const now = this.options.now().toISOString();
    const ctx = this.actionContext(actor, now);
    const parsed = rawItems.map((raw, index) => {
      const r = BulkItemSchema.safeParse(raw);
      return { index, raw, item: r.success ? (r.data as BulkItem) : null, error: r.success ? null : r.error };
    });
    const ids = [...new Set(parsed.flatMap((p) => (p.item ? [p.item.trackingId] : [])))].sort();
    const rows = ids.length
      ? await tx.query(
          `SELECT ${DECIDE.sql}, last_event_hash FROM cases WHERE tracking_id = ANY($1::text[]) ORDER BY tracking_id FOR UPDATE`,
          [ids],
        )
      : [];
    // only the fields the state machine reads (a bulk chunk locks and reads a thousand cases)
    const current = new Map(
      rows.map((r) => [String(r.tracking_id), { c: rowToCase(r, DECIDE.columns), hash: String(r.last_event_hash) }]),
    );
    const changed = new Map<string, { c: Case; hash: string }>();
    const events: (Omit<CaseEvent, 'id'>)[] = [];
    const results: BulkItemResult[] = [];
    const patched = new Set<keyof Case>();

    for (const p of parsed) {
      const rawId = typeof p.raw === 'object' && p.raw !== null && 'trackingId' in p.raw ? p.raw.trackingId : null;
      if (!p.item) {
        const errors = fieldErrors(p.error!);
        results.push({
          index: p.index,
          trackingId: typeof rawId === 'string' ? rawId : null,
          outcome: 'failed',
          status: 400,
          version: null,
          problem: {
            type: problemTypeUri('validation'),
            title: PROBLEM_TYPES.validation,
            detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
            field: errors[0]?.field,
          },
        });
        continue;
      }
      const item = p.item;
      const state = current.get(item.trackingId);
      const fail = (status: number, type: ProblemType, detail: string, field?: string, version: number | null = null) => {
        const problem = { type: problemTypeUri(type), title: PROBLEM_TYPES[type], detail, ...(field ? { field } : {}) };
        results.push({ index: p.index, trackingId: item.trackingId, outcome: 'failed', status, version, problem });
      };
      if (!state || !canSee(state.c, actor, this.isWithin)) {
        fail(404, 'not-found', `case ${item.trackingId} not found`);
        continue;
      }
      const { trackingId: _id, version, ...request } = item;
      const outcome = applyAction(state.c, request, ctx);
      if (!outcome.ok && outcome.code === 'already_done') {
        results.push({
          index: p.index,
          trackingId: item.trackingId,
          outcome: 'skipped',
          status: 200,
          version: state.c.version,
          problem: { type: problemTypeUri('already-done'), title: PROBLEM_TYPES['already-done'], detail: outcome.detail },
        });
        continue;
      }
      if (version !== state.c.version) {
        fail(412, 'precondition-failed', `case ${item.trackingId} is at version ${state.c.version}, not ${version}`, 'version', state.c.version);
        continue;
      }
      if (!outcome.ok) {
        fail(REFUSAL_STATUS[outcome.code], REFUSAL_PROBLEM[outcome.code], outcome.detail, outcome.field, state.c.version);
        continue;
      }
      const next: Case = { ...state.c, ...outcome.patch, version: state.c.version + 1 };
      for (const key of Object.keys(outcome.patch) as (keyof Case)[]) patched.add(key);
      const fields = {
        trackingId: next.trackingId,
        seq: next.version,
        at: now,
        actor: actor.name,
        role: actor.role,
        ...outcome.event,
        requestId,
      };
      const hash = eventHash(state.hash, fields);
      events.push({ ...fields, prevHash: state.hash, hash });
      const updated = { c: next, hash };
      current.set(next.trackingId, updated);
      changed.set(next.trackingId, updated);
      results.push({ index: p.index, trackingId: item.trackingId, outcome: 'applied', status: 200, version: next.version, problem: null });
    }

    if (changed.size > 0) await updateCases(tx, [...changed.values()], patched);
    const stored = events.length > 0 ? await insertEvents(tx, events) : [];
    // a case acted on twice in one batch keeps its last event
    const applied = new Map(stored.map((e) => [e.trackingId, e]));
    return { results, applied };
  }

  /** A case as stored, inside a transaction (after an action, to answer with it). */
  async readCase(tx: Queryable, trackingId: string): Promise<Case> {
    const rows = await tx.query(`SELECT ${SELECT_CASE} FROM cases WHERE tracking_id = $1`, [trackingId]);
    if (!rows[0]) throw notFound(trackingId);
    return rowToCase(rows[0]);
  }
}

export function notFound(trackingId: string): ProblemError {
  return new ProblemError(404, 'not-found', `case ${trackingId} not found`);
}

/**
 * Writes the changed cases in one statement, sending only the columns some action of the batch patched.
 * The rows travel as one JSON document (json_to_recordset): JSON.stringify is native, where pg would escape
 * each element of a dozen text arrays in JavaScript.
 */
async function updateCases(tx: Queryable, rows: { c: Case; hash: string }[], patched: ReadonlySet<keyof Case>): Promise<void> {
  const columns = MUTABLE.filter(([key]) => patched.has(key));
  const records = rows.map((r) => {
    const record: Record<string, unknown> = { trackingId: r.c.trackingId, version: r.c.version, hash: r.hash };
    for (const [key] of columns) record[key] = r.c[key];
    return record;
  });
  const defs = ['"trackingId" text', 'version int', 'hash text', ...columns.map(([key, , type]) => `"${key}" ${type}`)];
  const sets = ['version = v.version', 'last_event_hash = v.hash', ...columns.map(([key, col]) => `${col} = v."${key}"`)];
  await tx.query(
    `UPDATE cases SET ${sets.join(', ')} FROM json_to_recordset($1::json) AS v(${defs.join(', ')})
     WHERE cases.tracking_id = v."trackingId"`,
    [JSON.stringify(records)],
  );
}

async function insertEvents(tx: Queryable, events: Omit<CaseEvent, 'id'>[]): Promise<CaseEvent[]> {
  const rows = await tx.query(
    `INSERT INTO case_events (tracking_id, seq, at, actor, role, action, from_status, to_status, from_institution,
       to_institution, note, request_id, prev_hash, hash)
     SELECT * FROM json_to_recordset($1::json) AS e("trackingId" text, seq int, at timestamptz, actor text, role text,
       action text, "fromStatus" text, "toStatus" text, "fromInstitution" text, "toInstitution" text, note text,
       "requestId" text, "prevHash" text, hash text)
     RETURNING id, tracking_id, seq`,
    [JSON.stringify(events)],
  );
  // only the ids are new: the rest of each event is what was sent
  const ids = new Map(rows.map((r) => [`${String(r.tracking_id)}\u0000${Number(r.seq)}`, Number(r.id)]));
  return events.map((e) => ({ id: ids.get(`${e.trackingId}\u0000${e.seq}`)!, ...e }));
}

