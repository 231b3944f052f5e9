// The canonical import row and the rules every imported case must meet. The client checks a row after
// mapping it (so that the report names the file's column); the server checks it again on arrival (it never
// trusts the client) with the same function. Pure: no IO.
//
// A canonical row is an array in IMPORT_FIELDS order (the machine names of the project's own columns):
// text as strings, flags as booleans, the rating as an integer, instants as ISO 8601 UTC with milliseconds,
// dates as YYYY-MM-DD, missing values as null. categoryId, institutionId and channel hold a reference as the
// file gave it (an id or a name); the server resolves it against its reference data.

import { CASE_COLUMNS, TEXT_LIMITS, type CaseColumnName } from '../caseColumns.js';
import { codePointLength, faultyCharacter, isBlank, textFault } from '../text.js';
import { ARCHIVE_REASONS, CLASSIFICATIONS, STATUSES } from '../types.js';
import type { RowCode } from './codes.js';

export const IMPORT_FIELDS: readonly string[] = CASE_COLUMNS.map((c) => c.name);
export type ImportValue = string | number | boolean | null;

/** Positions of the fields in a canonical row. */
export const F = Object.fromEntries(IMPORT_FIELDS.map((name, i) => [name, i])) as Record<CaseColumnName, number>;

/** Fields every imported case needs (the database requires them). */
export const REQUIRED_FIELDS = ['trackingId', 'classification', 'title', 'body', 'channel', 'status', 'submittedAt'] as const;

export const TRACKING_ID_RE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const NIK_RE = /^\d{16}$/;

/** Text columns checked below against their own rules (fixed words, the NIK's digits), not as free text. */
const OWN_RULE_FIELDS = new Set(['classification', 'status', 'closedBy', 'archiveReason', 'reporterNik']);
const TEXT_FIELDS = new Set(CASE_COLUMNS.filter((c) => c.kind === 'text' && !OWN_RULE_FIELDS.has(c.name)).map((c) => c.name));
const INSTANT_FIELDS = CASE_COLUMNS.filter((c) => c.kind === 'instant').map((c) => c.name);
const CLOSED = new Set(['completed', 'archived']);

/** Per position of a canonical row: the longest text (code points, caseColumns.ts) of a free text field, 0 for other fields. */
const LIMITS: readonly number[] = IMPORT_FIELDS.map((field) => (TEXT_FIELDS.has(field) ? TEXT_LIMITS[field as keyof typeof TEXT_LIMITS] : 0));
const INSTANT_POSITIONS: readonly number[] = INSTANT_FIELDS.map((field) => IMPORT_FIELDS.indexOf(field));
const SUBMITTED_POSITION = IMPORT_FIELDS.indexOf('submittedAt');
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The digits of `text` from `from` to `to` as a number (the caller checked they are digits). */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i += 1) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
}

function isRealDay(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= DAYS_IN_MONTH[month - 1] + (leap ? 1 : 0);
}

/**
 * The milliseconds of a canonical instant (YYYY-MM-DDTHH:MM:SS.sssZ naming a real moment), or NaN. Read
 * digit by digit: a file of a million rows holds several million instants.
 */
export function canonicalInstantMs(text: unknown): number {
  if (typeof text !== 'string' || !INSTANT_RE.test(text)) return Number.NaN;
  const year = digits(text, 0, 4);
  const hour = digits(text, 11, 13);
  if (year < 100) {
    // Date.UTC would read the years 0–99 as 1900–1999
    const ms = Date.parse(text);
    return !Number.isNaN(ms) && new Date(ms).toISOString() === text ? ms : Number.NaN;
  }
  if (hour > 23 || digits(text, 14, 16) > 59 || digits(text, 17, 19) > 59) return Number.NaN;
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  if (!isRealDay(year, month, day)) return Number.NaN;
  return Date.UTC(year, month - 1, day, hour, digits(text, 14, 16), digits(text, 17, 19), digits(text, 20, 23));
}

/** Whether a text is a real calendar date written YYYY-MM-DD. */
function isCanonicalDate(text: string): boolean {
  return text.length === 10 && DATE_RE.test(text) && isRealDay(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10));
}

export interface FieldProblem {
  field: string;
  code: RowCode;
  detail: string | null;
}

function shown(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

/**
 * Checks a canonical row; returns every problem (empty when the row is good). `nowMs` bounds the instants
 * (nothing may happen after the server's clock; a minute of slack for clock skew).
 */
export function checkRow(row: readonly ImportValue[], nowMs: number): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const bad = (field: string, code: RowCode, detail: string | null) => problems.push({ field, code, detail });
  if (row.length !== IMPORT_FIELDS.length) {
    bad('(row)', 'ragged_row', `${row.length} values, expected ${IMPORT_FIELDS.length}`);
    return problems;
  }
  for (const field of REQUIRED_FIELDS) {
    const v = row[F[field]];
    // an all-blank title or body is empty, as at intake (domain/text.ts); the other required fields arrive trimmed
    if (v === null || v === '' || ((field === 'title' || field === 'body') && typeof v === 'string' && isBlank(v))) bad(field, 'required', null);
  }
  // the text policy of intake (domain/text.ts): lengths in code points, nothing that cannot be stored faithfully
  for (let i = 0; i < LIMITS.length; i += 1) {
    const limit = LIMITS[i];
    const v = row[i];
    if (limit === 0 || v === null) continue;
    if (typeof v !== 'string') {
      bad(IMPORT_FIELDS[i], 'invalid_value', shown(v));
      continue;
    }
    // a UTF-16 length within the limit is within it in code points too (the common case, counted once)
    const n = v.length > limit ? codePointLength(v) : v.length;
    if (n > limit) bad(IMPORT_FIELDS[i], 'too_long', `${n} > ${limit}`);
    else if (textFault(v) !== null) {
      const ch = faultyCharacter(v);
      bad(IMPORT_FIELDS[i], 'invalid_text', ch === 'U+0000' ? 'NUL' : ch);
    }
  }
  const id = row[F.trackingId];
  if (typeof id === 'string' && id !== '' && id.length <= TEXT_LIMITS.trackingId && !TRACKING_ID_RE.test(id)) bad('trackingId', 'invalid_tracking_id', shown(id));
  const enumOf = (field: keyof typeof F, allowed: readonly string[]) => {
    const v = row[F[field]];
    if (v !== null && (typeof v !== 'string' || !allowed.includes(v))) bad(field, 'invalid_value', shown(v));
  };
  enumOf('classification', CLASSIFICATIONS);
  enumOf('status', STATUSES);
  enumOf('closedBy', ['admin', 'system']);
  enumOf('archiveReason', ARCHIVE_REASONS);
  for (const flag of ['anonymous', 'confidential'] as const) {
    const v = row[F[flag]];
    if (v !== null && typeof v !== 'boolean') bad(flag, 'invalid_value', shown(v));
  }
  const rating = row[F.rating];
  if (rating !== null && (typeof rating !== 'number' || !Number.isInteger(rating) || rating < 1 || rating > 5)) {
    bad('rating', 'invalid_value', shown(rating));
  }
  const nik = row[F.reporterNik];
  if (nik !== null && (typeof nik !== 'string' || !NIK_RE.test(nik))) bad('reporterNik', 'invalid_value', '16 digits');
  const incident = row[F.incidentDate];
  if (incident !== null) {
    if (typeof incident !== 'string' || !isCanonicalDate(incident)) bad('incidentDate', 'invalid_date', shown(incident));
    else if (Date.parse(`${incident}T00:00:00Z`) > nowMs + 86_400_000) bad('incidentDate', 'future_date', incident);
  }
  // instants: canonical and real, not in the future, none before submission
  const submitted = row[SUBMITTED_POSITION];
  const submittedMs = canonicalInstantMs(submitted);
  /** what the others are compared with: a good submittedAt only */
  const earliest = submittedMs <= nowMs + 60_000 ? submittedMs : Number.NaN;
  for (const i of INSTANT_POSITIONS) {
    const v = row[i];
    if (v === null) continue;
    const t = i === SUBMITTED_POSITION ? submittedMs : canonicalInstantMs(v);
    if (Number.isNaN(t)) bad(IMPORT_FIELDS[i], 'invalid_date', shown(v));
    else if (t > nowMs + 60_000) bad(IMPORT_FIELDS[i], 'future_date', v as string);
    else if (t < earliest) bad(IMPORT_FIELDS[i], 'inconsistent', 'before submittedAt');
  }
  // only closed cases carry who closed them
  const status = row[F.status];
  if (typeof status === 'string' && (STATUSES as readonly string[]).includes(status) && !CLOSED.has(status)) {
    if (row[F.closedBy] !== null) bad('closedBy', 'inconsistent', `status ${status} is not closed`);
    if (row[F.closedAt] !== null) bad('closedAt', 'inconsistent', `status ${status} is not closed`);
  }
  if (row[F.archiveReason] !== null && status !== 'archived') bad('archiveReason', 'inconsistent', `status ${String(status)} is not archived`);
  if (row[F.postponeReason] !== null && status !== 'postponed') bad('postponeReason', 'inconsistent', `status ${String(status)} is not postponed`);
  return problems;
}
