// The one catalogue of a case's columns. Each row names a field once: its machine name (the API's JSON field
// name and the CSV's machine header), its SQL column and type, its wire form (the schema: caseShape.ts), its CSV headers in Indonesian
// and English, which export profiles may see it, and whether intake sets it. Everything else is derived from
// it: the Case type and CaseSchema, the store's SELECT and UPDATE lists, the import's and the seed's COPY
// columns, the export's SQL. Where SQL stays hand-written (the migrations), test/unit/caseColumns.test.ts
// holds it against this table. Adding a field: a row here, a migration, their tests. Pure: no IO.

import type { CaseWireForm } from './caseShape.js';

/** The kind of value in a CSV cell (derived from the SQL type). */
export type CaseColumnKind = 'text' | 'date' | 'instant' | 'boolean' | 'integer';

/** Which export profiles carry the column: free text only in `full`/`pii`, reporter identity only in `pii`. */
export type CaseColumnClass = 'structured' | 'free_text' | 'reporter';

export type CaseSqlType = 'text' | 'date' | 'timestamptz' | 'boolean' | 'smallint' | 'integer';

/**
 * Where a column lives and who writes it: `key` (tracking_id), `data` (intake, actions or an imported file),
 * `deadline` (computed by the clocks from the data), `sla` (the case's SLA policy and escalation: set by the
 * state machine, not by an imported file, which leaves them empty), `version` (counted by the store),
 * `reporter` (the reporters table: PII, never part of a Case).
 */
export type CaseColumnRole = 'key' | 'data' | 'deadline' | 'sla' | 'version' | 'reporter';

export interface CaseColumnSpec {
  /** Stable machine name: the Case field (or, for the reporter, the CSV column). */
  name: string;
  /** The column in `cases` (`reporters` for the reporter's). */
  sql: string;
  sqlType: CaseSqlType;
  /** NOT NULL in the table. */
  notNull: boolean;
  role: CaseColumnRole;
  /** The display header of a Case field (tables, `lapor cases show`): the i18n messages `field.<name>`. */
  label?: { id: string; en: string };
  /** The value's form in a Case on the wire (responses): its schema is CASE_WIRE[wire] (caseShape.ts). */
  wire: CaseWireForm;
  /** CSV headers and export class; absent: not a CSV column (computed values). */
  csv?: { id: string; en: string; class: CaseColumnClass; required?: true };
  /** Intake (POST /v1/cases) sets it; the others start empty (null) or are set by the state machine. */
  intake?: true;
  /** An action may change it (the batched UPDATE of the store writes it). */
  mutable?: true;
}

// prettier-ignore
const CATALOGUE = [
  { name: 'trackingId', sql: 'tracking_id', sqlType: 'text', notNull: true, role: 'key', label: { id: 'ID Pelacakan', en: 'Tracking ID' }, wire: 'string', intake: true, csv: { id: 'ID Pelacakan', en: 'Tracking ID', class: 'structured', required: true } },
  { name: 'classification', sql: 'classification', sqlType: 'text', notNull: true, role: 'data', label: { id: 'Klasifikasi', en: 'Classification' }, wire: 'classification', intake: true, mutable: true, csv: { id: 'Klasifikasi', en: 'Classification', class: 'structured', required: true } },
  { name: 'categoryId', sql: 'category_id', sqlType: 'text', notNull: false, role: 'data', label: { id: 'Kategori', en: 'Category' }, wire: 'string?', intake: true, mutable: true, csv: { id: 'Kategori', en: 'Category', class: 'structured' } },
  // title and body: null when redacted (confidential outside the handling chain)
  { name: 'title', sql: 'title', sqlType: 'text', notNull: true, role: 'data', label: { id: 'Judul', en: 'Title' }, wire: 'string?', intake: true, mutable: true, csv: { id: 'Judul', en: 'Title', class: 'free_text' } },
  { name: 'body', sql: 'body', sqlType: 'text', notNull: true, role: 'data', label: { id: 'Isi Laporan', en: 'Body' }, wire: 'string?', intake: true, csv: { id: 'Isi', en: 'Body', class: 'free_text' } },
  { name: 'incidentDate', sql: 'incident_date', sqlType: 'date', notNull: false, role: 'data', label: { id: 'Tanggal Kejadian', en: 'Incident date' }, wire: 'date?', intake: true, csv: { id: 'Tanggal Kejadian', en: 'Incident date', class: 'structured' } },
  { name: 'province', sql: 'province', sqlType: 'text', notNull: false, role: 'data', label: { id: 'Provinsi', en: 'Province' }, wire: 'string?', intake: true, csv: { id: 'Provinsi', en: 'Province', class: 'structured' } },
  { name: 'regency', sql: 'regency', sqlType: 'text', notNull: false, role: 'data', label: { id: 'Kabupaten/Kota', en: 'Regency/city' }, wire: 'string?', intake: true, csv: { id: 'Kota/Kabupaten', en: 'Regency/City', class: 'structured' } },
  { name: 'district', sql: 'district', sqlType: 'text', notNull: false, role: 'data', label: { id: 'Kecamatan', en: 'District' }, wire: 'string?', intake: true, csv: { id: 'Kecamatan', en: 'District', class: 'structured' } },
  { name: 'village', sql: 'village', sqlType: 'text', notNull: false, role: 'data', label: { id: 'Desa/Kelurahan', en: 'Village' }, wire: 'string?', intake: true, csv: { id: 'Desa/Kelurahan', en: 'Village', class: 'structured' } },
  // the BPS/Kemendagri code of the most precise known level
  { name: 'regionCode', sql: 'region_code', sqlType: 'text', notNull: false, role: 'data', label: { id: 'Kode Wilayah', en: 'Region code' }, wire: 'string?', intake: true, csv: { id: 'Kode Wilayah', en: 'Region code', class: 'structured' } },
  { name: 'channel', sql: 'channel', sqlType: 'text', notNull: true, role: 'data', label: { id: 'Kanal', en: 'Channel' }, wire: 'string', intake: true, csv: { id: 'Sumber Laporan', en: 'Channel', class: 'structured', required: true } },
  { name: 'anonymous', sql: 'anonymous', sqlType: 'boolean', notNull: true, role: 'data', label: { id: 'Anonim', en: 'Anonymous' }, wire: 'boolean', intake: true, mutable: true, csv: { id: 'Anonim', en: 'Anonymous', class: 'structured' } },
  { name: 'confidential', sql: 'confidential', sqlType: 'boolean', notNull: true, role: 'data', label: { id: 'Rahasia', en: 'Confidential' }, wire: 'boolean', intake: true, mutable: true, csv: { id: 'Rahasia', en: 'Confidential', class: 'structured' } },
  { name: 'institutionId', sql: 'institution_id', sqlType: 'text', notNull: false, role: 'data', label: { id: 'Instansi', en: 'Institution' }, wire: 'string?', intake: true, mutable: true, csv: { id: 'Instansi', en: 'Institution', class: 'structured' } },
  { name: 'status', sql: 'status', sqlType: 'text', notNull: true, role: 'data', label: { id: 'Status', en: 'Status' }, wire: 'status', mutable: true, csv: { id: 'Status', en: 'Status', class: 'structured', required: true } },
  { name: 'closedBy', sql: 'closed_by', sqlType: 'text', notNull: false, role: 'data', label: { id: 'Ditutup Oleh', en: 'Closed by' }, wire: 'closedBy?', mutable: true, csv: { id: 'Ditutup Oleh', en: 'Closed by', class: 'structured' } },
  { name: 'archiveReason', sql: 'archive_reason', sqlType: 'text', notNull: false, role: 'data', label: { id: 'Alasan Arsip', en: 'Archive reason' }, wire: 'archiveReason?', mutable: true, csv: { id: 'Alasan Arsip', en: 'Archive reason', class: 'structured' } },
  // why a postponed case waits (the admin's question to the reporter, verbatim); set by `postpone`, cleared when the case moves on
  { name: 'postponeReason', sql: 'postpone_reason', sqlType: 'text', notNull: false, role: 'data', label: { id: 'Alasan Tunda', en: 'Postpone reason' }, wire: 'string?', mutable: true, csv: { id: 'Alasan Tunda', en: 'Postpone reason', class: 'free_text' } },
  { name: 'rating', sql: 'rating', sqlType: 'smallint', notNull: false, role: 'data', label: { id: 'Penilaian', en: 'Rating' }, wire: 'rating?', csv: { id: 'Penilaian', en: 'Rating', class: 'structured' } },
  { name: 'submittedAt', sql: 'submitted_at', sqlType: 'timestamptz', notNull: true, role: 'data', label: { id: 'Masuk', en: 'Submitted' }, wire: 'instant', intake: true, csv: { id: 'Waktu Masuk', en: 'Submitted at', class: 'structured', required: true } },
  { name: 'verifiedAt', sql: 'verified_at', sqlType: 'timestamptz', notNull: false, role: 'data', label: { id: 'Diverifikasi', en: 'Verified' }, wire: 'instant?', mutable: true, csv: { id: 'Waktu Verifikasi', en: 'Verified at', class: 'structured' } },
  { name: 'disposedAt', sql: 'disposed_at', sqlType: 'timestamptz', notNull: false, role: 'data', label: { id: 'Didisposisi', en: 'Disposed' }, wire: 'instant?', mutable: true, csv: { id: 'Waktu Disposisi', en: 'Disposed at', class: 'structured' } },
  { name: 'firstResponseAt', sql: 'first_response_at', sqlType: 'timestamptz', notNull: false, role: 'data', label: { id: 'Tindak Lanjut Pertama', en: 'First follow-up' }, wire: 'instant?', mutable: true, csv: { id: 'Tindak Lanjut Pertama', en: 'First response at', class: 'structured' } },
  { name: 'lastResponseAt', sql: 'last_response_at', sqlType: 'timestamptz', notNull: false, role: 'data', label: { id: 'Tindak Lanjut Terakhir', en: 'Last follow-up' }, wire: 'instant?', mutable: true, csv: { id: 'Tindak Lanjut Terakhir', en: 'Last response at', class: 'structured' } },
  { name: 'lastReporterReplyAt', sql: 'last_reporter_reply_at', sqlType: 'timestamptz', notNull: false, role: 'data', label: { id: 'Balasan Pelapor Terakhir', en: 'Last reporter reply' }, wire: 'instant?', csv: { id: 'Balasan Pelapor Terakhir', en: 'Last reporter reply at', class: 'structured' } },
  { name: 'closedAt', sql: 'closed_at', sqlType: 'timestamptz', notNull: false, role: 'data', label: { id: 'Ditutup', en: 'Closed' }, wire: 'instant?', mutable: true, csv: { id: 'Waktu Selesai', en: 'Closed at', class: 'structured' } },
  // reviewed replies: a liaison's follow-up awaiting an institution admin's review (the `draft` event holds it too); null when none
  { name: 'draftMessage', sql: 'draft_message', sqlType: 'text', notNull: false, role: 'data', label: { id: 'Draf Tindak Lanjut', en: 'Draft follow-up' }, wire: 'string?', mutable: true },
  { name: 'draftBy', sql: 'draft_by', sqlType: 'text', notNull: false, role: 'data', label: { id: 'Penulis Draf', en: 'Draft by' }, wire: 'string?', mutable: true },
  { name: 'draftAt', sql: 'draft_at', sqlType: 'timestamptz', notNull: false, role: 'data', label: { id: 'Waktu Draf', en: 'Draft at' }, wire: 'instant?', mutable: true },
  { name: 'verifyDueAt', sql: 'verify_due_at', sqlType: 'timestamptz', notNull: true, role: 'deadline', label: { id: 'Batas Verifikasi', en: 'Verify by' }, wire: 'instant' },
  { name: 'responseDueAt', sql: 'response_due_at', sqlType: 'timestamptz', notNull: false, role: 'deadline', label: { id: 'Batas Tindak Lanjut', en: 'Follow-up by' }, wire: 'instant?', mutable: true },
  { name: 'completionDueAt', sql: 'completion_due_at', sqlType: 'timestamptz', notNull: true, role: 'deadline', label: { id: 'Batas Penyelesaian', en: 'Complete by' }, wire: 'instant' },
  // the SLA policy the case runs on (domain/slaPolicy.ts): its id and version; null: the server's settings
  { name: 'slaPolicyId', sql: 'sla_policy_id', sqlType: 'text', notNull: false, role: 'sla', label: { id: 'Kebijakan SLA', en: 'SLA policy' }, wire: 'string?', mutable: true },
  { name: 'slaPolicyFrom', sql: 'sla_policy_from', sqlType: 'date', notNull: false, role: 'sla', label: { id: 'Kebijakan SLA Berlaku', en: 'SLA policy from' }, wire: 'date?', mutable: true },
  // whether settling the case needs a field inspection (null: not assessed); a policy condition
  { name: 'needsFieldInspection', sql: 'needs_field_inspection', sqlType: 'boolean', notNull: false, role: 'sla', label: { id: 'Perlu Pemeriksaan Lapangan', en: 'Needs field inspection' }, wire: 'boolean?', mutable: true },
  // marked for intervention by the national admin (escalate); cleared by the institution's follow-up or the closing
  { name: 'escalatedAt', sql: 'escalated_at', sqlType: 'timestamptz', notNull: false, role: 'sla', label: { id: 'Dieskalasi', en: 'Escalated' }, wire: 'instant?', mutable: true },
  { name: 'version', sql: 'version', sqlType: 'integer', notNull: true, role: 'version', label: { id: 'Versi', en: 'Version' }, wire: 'version' },
  { name: 'reporterName', sql: 'name', sqlType: 'text', notNull: false, role: 'reporter', wire: 'string?', csv: { id: 'Nama Pelapor', en: 'Reporter name', class: 'reporter' } },
  { name: 'reporterContact', sql: 'contact', sqlType: 'text', notNull: false, role: 'reporter', wire: 'string?', csv: { id: 'Kontak Pelapor', en: 'Reporter contact', class: 'reporter' } },
  { name: 'reporterNik', sql: 'nik', sqlType: 'text', notNull: false, role: 'reporter', wire: 'string?', csv: { id: 'NIK Pelapor', en: 'Reporter NIK', class: 'reporter' } },
] as const satisfies readonly CaseColumnSpec[];

/** The text columns of the catalogue (SQL type text). */
export type TextColumnName = Extract<(typeof CATALOGUE)[number], { sqlType: 'text' }>['name'];

/**
 * The longest text each text column holds, in Unicode code points (src/domain/text.ts): the one definition
 * that intake, actions, the import (client and server) and the CLI use. Columns limited to fixed words or
 * digits (classification, status, closedBy, archiveReason, the NIK) are checked by their own rules and have
 * the length of their longest word. categoryId, institutionId and channel hold a reference as a file names
 * it (an id or a name).
 */
export const TEXT_LIMITS = {
  trackingId: 64,
  classification: 30,
  categoryId: 300,
  title: 500,
  body: 20_000,
  province: 200,
  regency: 200,
  district: 200,
  village: 200,
  regionCode: 20,
  channel: 300,
  institutionId: 300,
  status: 30,
  closedBy: 10,
  archiveReason: 30,
  postponeReason: 20000,
  draftMessage: 20000,
  draftBy: 200,
  reporterName: 200,
  reporterContact: 200,
  reporterNik: 16,
  slaPolicyId: 100,
} as const satisfies Record<TextColumnName, number>;

/** Every column of the catalogue, in its order (the order of a Case's JSON fields and of the CSV columns). */
export const CASE_CATALOGUE: readonly CaseColumnSpec[] = CATALOGUE;

type Entry = (typeof CATALOGUE)[number];
/** The entries that are fields of a Case (all but the reporter's). */
export type CaseEntry = Exclude<Entry, { role: 'reporter' }>;

export type CaseFieldName = CaseEntry['name'];

/** The fields intake sets (SubmittedFields); the other data fields start empty. */
export type IntakeFieldName = Extract<CaseEntry, { intake: true }>['name'];
/** Data fields a new case holds empty until the state machine sets them. */
type UnsetEntry = Exclude<Extract<CaseEntry, { role: 'data' }>, { intake: true }>;
export const UNSET_AT_INTAKE = Object.fromEntries(
  CATALOGUE.filter((c) => c.role === 'data' && !('intake' in c)).map((c) => [c.name, null]),
) as { [E in UnsetEntry as E['name']]: null };

/** The display headers of the Case fields, as i18n messages (src/io/i18n.ts merges them). */
export const FIELD_MESSAGES = Object.fromEntries(
  CATALOGUE.filter((c) => c.role !== 'reporter').map((c) => [`field.${c.name}`, (c as CaseColumnSpec).label]),
) as unknown as { [E in CaseEntry as `field.${E['name']}`]: E['label'] };

/** The Case fields, in catalogue order, with what the store needs of each. */
export const CASE_FIELD_COLUMNS: readonly (CaseColumnSpec & { name: CaseFieldName })[] = CATALOGUE.filter(
  (c) => c.role !== 'reporter',
);

// ---- the project's own CSV columns ------------------------------------------------------------------------

/**
 * One of the project's own CSV columns: a machine name, an Indonesian and an English header, and the kind of
 * value. Export writes them; import reads them back under any of the three names, so an export in these
 * columns imports back to the same cases.
 */
export interface CaseColumn {
  /** Stable machine name; equal to the Case (or reporter) field name in the API. */
  name: string;
  id: string;
  en: string;
  kind: CaseColumnKind;
  class: CaseColumnClass;
  /** Must be present on import. */
  required?: boolean;
}

const KIND: Record<CaseSqlType, CaseColumnKind> = {
  text: 'text',
  date: 'date',
  timestamptz: 'instant',
  boolean: 'boolean',
  smallint: 'integer',
  integer: 'integer',
};

/** The project's own CSV columns: the catalogue rows with CSV headers, in catalogue order. */
export const CASE_COLUMNS: readonly CaseColumn[] = CATALOGUE.filter((c) => 'csv' in c).map((c) => {
  const csv = (c as CaseColumnSpec).csv as NonNullable<CaseColumnSpec['csv']>;
  const column: CaseColumn = { name: c.name, id: csv.id, en: csv.en, kind: KIND[c.sqlType], class: csv.class };
  if (csv.required) column.required = true;
  return column;
});

/** The machine name of one of the project's own columns. */
export type CaseColumnName = Extract<Entry, { csv: object }>['name'];

/** Finds a column by its machine name or either header, ignoring case and surrounding space. */
export function findCaseColumn(header: string): CaseColumn | undefined {
  const key = header.trim().toLowerCase();
  return CASE_COLUMNS.find((c) => c.name.toLowerCase() === key || c.id.toLowerCase() === key || c.en.toLowerCase() === key);
}
