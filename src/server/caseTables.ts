// The SQL tables of a case (cases, reporters, case_events): their column lists, derived from the case column
// catalogue (domain/caseColumns.ts) once at load, and their rows as COPY text for the seed. The import writes
// the same columns as binary tuples (import.ts).
//
// COPY … WITH (FORMAT csv): NULL is an empty unquoted field, the empty string is "" (quoted), a field holding
// a comma, quote, CR or LF is quoted with its quotes doubled. Booleans are t/f, instants ISO 8601. Used on
// millions of rows, so no general-purpose CSV library here.

import { CASE_CATALOGUE, CASE_FIELD_COLUMNS, type CaseSqlType } from '../domain/caseColumns.js';
import { CLOSED_STATUSES, RECORDED_INSTANTS } from '../domain/clocks.js';
import type { Case, CaseEvent, Reporter } from '../domain/types.js';

/** A column of a case table: its SQL name and type, and the Case (or Reporter) field it holds. */
export interface SqlColumn {
  sql: string;
  sqlType: CaseSqlType;
  field: string;
}

const sqlColumn = (c: { sql: string; sqlType: CaseSqlType; name: string }): SqlColumn => ({ sql: c.sql, sqlType: c.sqlType, field: c.name });

/** The data columns of a case (not its key, deadlines, version or hash): seed, import and --update write them. */
export const CASE_DATA: readonly SqlColumn[] = CASE_FIELD_COLUMNS.filter((c) => c.role === 'data').map(sqlColumn);
export const CASE_DATA_COLUMNS: readonly string[] = CASE_DATA.map((c) => c.sql);

/** The deadlines the clocks derive. */
export const CASE_DEADLINES: readonly SqlColumn[] = CASE_FIELD_COLUMNS.filter((c) => c.role === 'deadline').map(sqlColumn);
export const CASE_DEADLINE_COLUMNS: readonly string[] = CASE_DEADLINES.map((c) => c.sql);

/** Every column of `cases` that holds a Case field, in catalogue order (the order of a Case's fields). */
export const CASE_FIELDS_SQL: readonly SqlColumn[] = CASE_FIELD_COLUMNS.map(sqlColumn);

const sqlOf = (field: string): string => {
  const c = CASE_FIELD_COLUMNS.find((col) => col.name === field);
  if (!c) throw new Error(`no case column ${field}`);
  return c.sql;
};

/** domain/clocks.ts#isClosedStatus in SQL, on the columns of `cases` under alias `a` ('' for none). */
export function closedSql(a = ''): string {
  return `${a}status IN (${CLOSED_STATUSES.map((s) => `'${s}'`).join(',')})`;
}

/** domain/clocks.ts#closingStop in SQL: the instant a closed case's clocks stopped; NULL while it is open. */
export function closingStopSql(a = ''): string {
  return `CASE WHEN ${closedSql(a)} THEN COALESCE(${a}closed_at, GREATEST(${RECORDED_INSTANTS.map((f) => a + sqlOf(f)).join(', ')})) END`;
}

/** The column of `cases` that chains the case to its last event; not a Case field. */
export const LAST_EVENT_HASH = 'last_event_hash';

/** Every column of `cases`, in table order. */
export const CASE_COLUMNS: readonly string[] = [...CASE_FIELDS_SQL.map((c) => c.sql), LAST_EVENT_HASH];

/** The reporter's columns of `reporters`, after its tracking_id. */
export const REPORTER: readonly SqlColumn[] = CASE_CATALOGUE.filter((c) => c.role === 'reporter').map(sqlColumn);
export const REPORTER_COLUMNS: readonly string[] = ['tracking_id', ...REPORTER.map((c) => c.sql)];

/** case_events without `id` (GENERATED ALWAYS AS IDENTITY). */
export const EVENT_COLUMNS = [
  'tracking_id',
  'seq',
  'at',
  'actor',
  'role',
  'action',
  'from_status',
  'to_status',
  'from_institution',
  'to_institution',
  'note',
  'request_id',
  'prev_hash',
  'hash',
] as const;

const NEEDS_QUOTES = /[",\r\n]/;
const QUOTE = /"/g;

export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (value === '') return '""';
  // \. alone on a line ends the data in COPY's text protocol; quoting keeps it a value
  if (NEEDS_QUOTES.test(value) || value === '\\.') return `"${value.replace(QUOTE, '""')}"`;
  return value;
}

const f = csvField;
const CASE_KEYS = CASE_FIELDS_SQL.map((c) => c.field as keyof Case);
/** The reporter's fields are named as its columns (name, contact, nik). */
const REPORTER_KEYS = REPORTER.map((c) => c.sql as keyof Reporter);

/** A CASE_COLUMNS record. */
export function caseRecord(c: Case, lastEventHash: string): string {
  let record = '';
  for (const key of CASE_KEYS) record += `${f(c[key])},`;
  return `${record}${f(lastEventHash)}\n`;
}

/** A REPORTER_COLUMNS record. */
export function reporterRecord(trackingId: string, r: Reporter): string {
  let record = f(trackingId);
  for (const key of REPORTER_KEYS) record += `,${f(r[key])}`;
  return `${record}\n`;
}

export function eventRecord(e: Omit<CaseEvent, 'id'>): string {
  return (
    `${f(e.trackingId)},${e.seq},${f(e.at)},${f(e.actor)},${f(e.role)},${f(e.action)},${f(e.fromStatus)},` +
    `${f(e.toStatus)},${f(e.fromInstitution)},${f(e.toInstitution)},${f(e.note)},${f(e.requestId)},` +
    `${f(e.prevHash)},${f(e.hash)}\n`
  );
}
