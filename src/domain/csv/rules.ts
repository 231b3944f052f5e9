// The canonical import row and the rules every imported case must meet. The client checks a row after
// mapping it (so that the report names the file's column); the server checks it again on arrival (it never
// trusts the client) with the same function. Pure: no IO.
//
// A canonical row is an array in IMPORT_FIELDS order (the machine names of the project's own columns):
// text as strings, flags as booleans, the rating as an integer, instants as ISO 8601 UTC with milliseconds,
// dates as YYYY-MM-DD, missing values as null. categoryId, institutionId and channel hold a reference as the
// file gave it (an id or a name); the server resolves it against its reference data.

import { CASE_COLUMNS, type CaseColumnName } from '../caseColumns.js';
import { dayNumberOfDate } from '../clocks.js';
import { MAX_TEXT } from '../schemas.js';
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

/** Longest text per field (characters). */
export const MAX_LENGTH: Readonly<Record<string, number>> = {
  trackingId: 64,
  categoryId: 300,
  institutionId: 300,
  channel: 300,
  title: 500,
  body: MAX_TEXT,
  province: 200,
  regency: 200,
  district: 200,
  village: 200,
  regionCode: 20,
  reporterName: 200,
  reporterContact: 200,
};

const TEXT_FIELDS = new Set([
  'trackingId',
  'categoryId',
  'title',
  'body',
  'province',
  'regency',
  'district',
  'village',
  'regionCode',
  'channel',
  'institutionId',
  'reporterName',
  'reporterContact',
]);
const INSTANT_FIELDS = CASE_COLUMNS.filter((c) => c.kind === 'instant').map((c) => c.name);
const LATER_INSTANTS = INSTANT_FIELDS.filter((n) => n !== 'submittedAt');
const CLOSED = new Set(['completed', 'archived']);

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
    if (v === null || v === '') bad(field, 'required', null);
  }
  for (let i = 0; i < IMPORT_FIELDS.length; i += 1) {
    const field = IMPORT_FIELDS[i];
    const v = row[i];
    if (v === null) continue;
    if (TEXT_FIELDS.has(field)) {
      if (typeof v !== 'string') bad(field, 'invalid_value', shown(v));
      else if (v.length > (MAX_LENGTH[field] ?? MAX_TEXT)) bad(field, 'too_long', `${v.length} > ${MAX_LENGTH[field] ?? MAX_TEXT}`);
      else if (v.includes('\u0000')) bad(field, 'invalid_text', 'NUL');
    }
  }
  const id = row[F.trackingId];
  if (typeof id === 'string' && id !== '' && id.length <= 64 && !TRACKING_ID_RE.test(id)) bad('trackingId', 'invalid_tracking_id', shown(id));
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
    let ok = typeof incident === 'string' && DATE_RE.test(incident);
    if (ok) {
      try {
        dayNumberOfDate(incident as string);
      } catch {
        ok = false;
      }
    }
    if (!ok) bad('incidentDate', 'invalid_date', shown(incident));
    else if (Date.parse(`${incident as string}T00:00:00Z`) > nowMs + 86_400_000) bad('incidentDate', 'future_date', incident as string);
  }
  const ms = new Map<string, number>();
  for (const field of INSTANT_FIELDS) {
    const v = row[F[field as keyof typeof F]];
    if (v === null) continue;
    const t = typeof v === 'string' && INSTANT_RE.test(v) ? Date.parse(v) : Number.NaN;
    if (Number.isNaN(t) || new Date(t).toISOString() !== v) bad(field, 'invalid_date', shown(v));
    else if (t > nowMs + 60_000) bad(field, 'future_date', v as string);
    else ms.set(field, t);
  }
  // consistency: nothing happens before submission; only closed cases carry who closed them
  const submitted = ms.get('submittedAt');
  if (submitted !== undefined) {
    for (const field of LATER_INSTANTS) {
      const t = ms.get(field);
      if (t !== undefined && t < submitted) bad(field, 'inconsistent', 'before submittedAt');
    }
  }
  const status = row[F.status];
  if (typeof status === 'string' && (STATUSES as readonly string[]).includes(status) && !CLOSED.has(status)) {
    if (row[F.closedBy] !== null) bad('closedBy', 'inconsistent', `status ${status} is not closed`);
    if (row[F.closedAt] !== null) bad('closedAt', 'inconsistent', `status ${status} is not closed`);
  }
  if (row[F.archiveReason] !== null && status !== 'archived') bad('archiveReason', 'inconsistent', `status ${String(status)} is not archived`);
  return problems;
}
