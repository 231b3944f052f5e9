// A small, fast CSV encoder for PostgreSQL COPY … WITH (FORMAT csv): NULL is an empty unquoted field, the
// empty string is "" (quoted), a field holding a comma, quote, CR or LF is quoted with its quotes doubled.
// Booleans are t/f, instants ISO 8601. Used on millions of rows, so no general-purpose CSV library here.

import type { Case, CaseEvent, Reporter } from '../../domain/types.js';

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

/** The columns of a case that hold its data (not its key, deadlines, version or hash): seed and import write them. */
export const CASE_DATA_COLUMNS = [
  'classification',
  'category_id',
  'title',
  'body',
  'incident_date',
  'province',
  'regency',
  'district',
  'village',
  'region_code',
  'channel',
  'anonymous',
  'confidential',
  'institution_id',
  'status',
  'closed_by',
  'archive_reason',
  'rating',
  'submitted_at',
  'verified_at',
  'disposed_at',
  'first_response_at',
  'last_response_at',
  'last_reporter_reply_at',
  'closed_at',
] as const;

/** The deadlines the clocks derive. */
export const CASE_DEADLINE_COLUMNS = ['verify_due_at', 'response_due_at', 'completion_due_at'] as const;

export const CASE_COLUMNS = ['tracking_id', ...CASE_DATA_COLUMNS, ...CASE_DEADLINE_COLUMNS, 'version', 'last_event_hash'] as const;

export const REPORTER_COLUMNS = ['tracking_id', 'name', 'contact', 'nik'] as const;

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

const f = csvField;

export function caseRecord(c: Case, lastEventHash: string): string {
  return (
    `${f(c.trackingId)},${f(c.classification)},${f(c.categoryId)},${f(c.title)},${f(c.body)},${f(c.incidentDate)},` +
    `${f(c.province)},${f(c.regency)},${f(c.district)},${f(c.village)},${f(c.regionCode)},${f(c.channel)},` +
    `${f(c.anonymous)},${f(c.confidential)},${f(c.institutionId)},${f(c.status)},${f(c.closedBy)},` +
    `${f(c.archiveReason)},${f(c.rating)},${f(c.submittedAt)},${f(c.verifiedAt)},${f(c.disposedAt)},` +
    `${f(c.firstResponseAt)},${f(c.lastResponseAt)},${f(c.lastReporterReplyAt)},${f(c.closedAt)},` +
    `${f(c.verifyDueAt)},${f(c.responseDueAt)},${f(c.completionDueAt)},${c.version},${f(lastEventHash)}\n`
  );
}

export function reporterRecord(trackingId: string, r: Reporter): string {
  return `${f(trackingId)},${f(r.name)},${f(r.contact)},${f(r.nik)}\n`;
}

export function eventRecord(e: Omit<CaseEvent, 'id'>): string {
  return (
    `${f(e.trackingId)},${e.seq},${f(e.at)},${f(e.actor)},${f(e.role)},${f(e.action)},${f(e.fromStatus)},` +
    `${f(e.toStatus)},${f(e.fromInstitution)},${f(e.toInstitution)},${f(e.note)},${f(e.requestId)},` +
    `${f(e.prevHash)},${f(e.hash)}\n`
  );
}
