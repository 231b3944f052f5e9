// Which column of a CSV file is which field, and how a record becomes a canonical import row.
//
// Built in, one dictionary covers both layouts (their values are read by the same lenient readers):
// - the project's own columns (src/domain/caseColumns.ts): machine name, Indonesian or English header;
// - the official LAPOR! admin export: `Tracking ID`, `Tanggal Laporan Masuk`, `Klasifikasi Laporan`,
//   `Kategori`, `Judul Laporan`, `Isi Laporan Akhir`, `Tipe Laporan (Anonim/Rahasia)`, `Sumber Laporan`,
//   `Instansi Terdisposisi`, `Status Laporan`, `Provinsi`, `Kota/Kabupaten`, …, with metadata rows above the
//   header row (the header row is the first that names the tracking ID and at least two other fields).
// A user mapping file (JSON, see MappingFileSchema) replaces the dictionary for the columns it names:
// source column → field (or null to ignore), per-field value maps, date patterns, the time zone of local
// times, defaults for fields the file lacks, and optionally the header line. Pure: no IO.

import { z } from 'zod';
import { CASE_COLUMNS } from '../caseColumns.js';
import { restoreFormula } from '../export.js';
import type { FileCode } from './codes.js';
import { F, IMPORT_FIELDS, REQUIRED_FIELDS, checkRow, type FieldProblem, type ImportValue } from './rules.js';
import {
  compileDatePattern,
  DatePatternError,
  readArchiveReason,
  readBoolean,
  readChannel,
  readClassification,
  readClosedBy,
  readDate,
  readInstant,
  readPrivacy,
  readStatus,
  resolveZone,
  type DatePattern,
  type ZoneSetting,
} from './values.js';

/** A target of a column: a canonical field, or `privacy` (the anonymous and confidential flags in one cell). */
export const MAPPING_TARGETS = [...IMPORT_FIELDS, 'privacy'] as const;

/** Header aliases of the official LAPOR! admin export (compared case-insensitively). */
export const OFFICIAL_HEADERS: Readonly<Record<string, string | null>> = {
  'Tracking ID': 'trackingId',
  'ID Tracking': 'trackingId',
  'Nomor Tiket': 'trackingId',
  'Tanggal Laporan Masuk': 'submittedAt',
  'Tanggal Masuk': 'submittedAt',
  'Tanggal Laporan': 'submittedAt',
  'Klasifikasi Laporan': 'classification',
  Kategori: 'categoryId',
  'Kategori Laporan': 'categoryId',
  'Judul Laporan': 'title',
  'Isi Laporan Akhir': 'body',
  'Isi Laporan': 'body',
  'Tipe Laporan (Anonim/Rahasia)': 'privacy',
  'Tipe Laporan': 'privacy',
  'Sumber Laporan': 'channel',
  'Instansi Terdisposisi': 'institutionId',
  'Instansi Tujuan': 'institutionId',
  'Status Laporan': 'status',
  Provinsi: 'province',
  'Kota/Kabupaten': 'regency',
  'Kabupaten/Kota': 'regency',
  Kecamatan: 'district',
  'Kelurahan/Desa': 'village',
  'Desa/Kelurahan': 'village',
  'Tanggal Kejadian': 'incidentDate',
  'Tanggal Verifikasi': 'verifiedAt',
  'Tanggal Disposisi': 'disposedAt',
  'Tanggal Tindak Lanjut Pertama': 'firstResponseAt',
  'Tanggal Tindak Lanjut Terakhir': 'lastResponseAt',
  'Tanggal Selesai': 'closedAt',
  'Alasan Arsip': 'archiveReason',
  'Penilaian Pelapor': 'rating',
  Rating: 'rating',
  // row numbers and other columns of the official export that carry nothing to import
  No: null,
  'No.': null,
  Nomor: null,
  'Jumlah Dukungan': null,
  'Nama Admin': null,
};

const OWN_HEADERS = new Map<string, string>();
for (const c of CASE_COLUMNS) for (const h of [c.name, c.id, c.en]) OWN_HEADERS.set(h.trim().toLowerCase(), c.name);
const OFFICIAL = new Map(Object.entries(OFFICIAL_HEADERS).map(([h, f]) => [h.toLowerCase(), f]));

export type LayoutName = 'own' | 'official' | 'mapping';

// ---- the mapping file ------------------------------------------------------------------------------------

const fieldName = z.enum(MAPPING_TARGETS as unknown as [string, ...string[]]);

export const MappingFileSchema = z.strictObject({
  /** Source column (as the header names it) → field, or null to ignore the column. */
  columns: z.record(z.string().min(1), fieldName.nullable()),
  /** Per field: source text → the value to read instead (e.g. {"status": {"Beres": "completed"}}). */
  values: z.partialRecord(fieldName, z.record(z.string(), z.string())).optional(),
  /** Date patterns tried after ISO 8601, e.g. ["DD/MM/YYYY HH:mm", "MM/DD/YYYY hh:mm:ss A"] (tokens: DATE_TOKENS). */
  dateFormats: z.array(z.string().min(1)).min(1).optional(),
  /** Zone of local times: Asia/Jakarta, Asia/Makassar, Asia/Jayapura, WIB/WITA/WIT, ±HH:MM or any IANA zone (America/New_York). */
  timezone: z.string().optional(),
  /** Values for fields the file does not carry (or leaves empty), e.g. {"channel": "integration"}. */
  defaults: z.partialRecord(fieldName, z.string()).optional(),
  /** 1-based line of the header row, when it cannot be found by its names. */
  headerLine: z.number().int().min(1).optional(),
  /** Notes for the people who keep the mapping (written by --init-mapping); ignored by the import. */
  notes: z.array(z.string()).optional(),
});
export type MappingFile = z.infer<typeof MappingFileSchema>;

/** A mapping problem for the user: the JSON path and what is wrong. */
export class MappingError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

export interface ReadOptions {
  offsetMinutes: number;
  /** An IANA zone whose offset is looked up per value (daylight-saving time); wins over offsetMinutes. */
  timeZone?: string;
  patterns?: readonly DatePattern[];
  values: ReadonlyMap<string, ReadonlyMap<string, string>>;
  defaults: ReadonlyMap<string, string>;
}

/** Checks a parsed mapping file and compiles its date patterns and zone. */
export function compileMapping(raw: unknown, fallback: number | ZoneSetting): { mapping: MappingFile; read: ReadOptions } {
  const parsed = MappingFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MappingError(issue.path.map(String).join('.') || '(file)', issue.message);
  }
  const mapping = parsed.data;
  let patterns: DatePattern[] | undefined;
  if (mapping.dateFormats) {
    patterns = mapping.dateFormats.map((p, i) => {
      try {
        return compileDatePattern(p);
      } catch (err) {
        throw new MappingError(`dateFormats.${i}`, (err as DatePatternError).message);
      }
    });
  }
  let zone: ZoneSetting = typeof fallback === 'number' ? { offsetMinutes: fallback } : fallback;
  if (mapping.timezone !== undefined) {
    const named = resolveZone(mapping.timezone);
    if (named === undefined) {
      throw new MappingError('timezone', `unknown time zone ${mapping.timezone} (Asia/Jakarta, Asia/Makassar, Asia/Jayapura, WIB, WITA, WIT, ±HH:MM or an IANA zone such as America/New_York)`);
    }
    zone = named;
  }
  const values = new Map<string, Map<string, string>>();
  for (const [field, map] of Object.entries(mapping.values ?? {})) {
    if (map) values.set(field, new Map(Object.entries(map).map(([k, v]) => [k.trim().toLowerCase(), v])));
  }
  const defaults = new Map<string, string>();
  for (const [field, value] of Object.entries(mapping.defaults ?? {})) if (value !== undefined) defaults.set(field, value);
  return { mapping, read: { ...zone, patterns, values, defaults } };
}

// ---- the header row --------------------------------------------------------------------------------------

export interface HeaderPlan {
  layout: LayoutName;
  /** Per source column: the target field, or null when ignored. */
  targets: (string | null)[];
  /** Source header texts (trimmed), for reports. */
  names: string[];
  /** Columns the layout does not know (ignored, reported as a warning). */
  unknown: string[];
}

export interface HeaderProblem {
  code: FileCode;
  /** duplicate_header: the two columns and their field; missing_column: the missing fields. */
  columns: string[];
  field?: string;
}

function targetOf(header: string, mapping: MappingFile | null): { target: string | null; known: boolean; official: boolean } {
  const key = header.trim().toLowerCase();
  if (mapping) {
    for (const [source, target] of Object.entries(mapping.columns)) {
      if (source.trim().toLowerCase() === key) return { target, known: true, official: false };
    }
  }
  const own = OWN_HEADERS.get(key);
  if (own !== undefined) return { target: own, known: true, official: false };
  if (OFFICIAL.has(key)) return { target: OFFICIAL.get(key) ?? null, known: true, official: true };
  return { target: null, known: false, official: false };
}

/** The field the built-in dictionaries (own columns, official export) give a header: null = ignored, undefined = unknown. */
export function dictionaryTarget(header: string): string | null | undefined {
  const m = targetOf(header, null);
  return m.known ? m.target : undefined;
}

/** Whether a record looks like the header row: it names the tracking ID and at least two other fields. */
export function isHeaderRecord(record: readonly string[], mapping: MappingFile | null): boolean {
  let id = false;
  let others = 0;
  for (const cell of record) {
    const { target } = targetOf(cell, mapping);
    if (target === 'trackingId') id = true;
    else if (target !== null) others += 1;
  }
  return id && others >= 2;
}

/** Maps a header record to fields, or explains why it cannot be used. */
export function planHeader(record: readonly string[], mapping: MappingFile | null, read: ReadOptions): HeaderPlan | HeaderProblem {
  const targets: (string | null)[] = [];
  const names = record.map((h) => h.trim());
  const unknown: string[] = [];
  const seen = new Map<string, string>();
  let official = false;
  for (const name of names) {
    const m = targetOf(name, mapping);
    if (!m.known && name !== '') unknown.push(name);
    if (m.official) official = true;
    if (m.target !== null) {
      const before = seen.get(m.target);
      if (before !== undefined) {
        return { code: 'duplicate_header', columns: [before, name], field: m.target };
      }
      seen.set(m.target, name);
    }
    targets.push(m.target);
  }
  const has = (field: string) => seen.has(field) || (field !== 'trackingId' && read.defaults.has(field)) || (['anonymous', 'confidential'].includes(field) && seen.has('privacy'));
  const missing = REQUIRED_FIELDS.filter((f) => !has(f));
  if (missing.length > 0) return { code: 'missing_column', columns: [...missing] };
  return { layout: mapping ? 'mapping' : official ? 'official' : 'own', targets, names, unknown };
}

// ---- records → rows --------------------------------------------------------------------------------------

/** A row problem as the client reports it: the file's column name. */
export interface CellProblem {
  column: string | null;
  field: string;
  code: FieldProblem['code'];
  detail: string | null;
}

const INSTANT_FIELD_SET = new Set(CASE_COLUMNS.filter((c) => c.kind === 'instant').map((c) => c.name));
/** Text stored as text is kept as it is (domain/text.ts: never altered); codes, references and values that
 *  are read (dates, labels, flags) are trimmed. */
const VERBATIM = new Set(['title', 'body', 'province', 'regency', 'district', 'village', 'reporterName', 'reporterContact']);
/** Text kept as text (no reading): a quoted "" there is the empty text, not a missing value. */
const PLAIN_TEXT = new Set(['title', 'body', 'province', 'regency', 'district', 'village', 'regionCode', 'reporterName', 'reporterContact']);

function clip(s: string): string {
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

/** What mapRecord derives from a header plan, once per plan: the column order and each field's column. */
interface PlanOrder {
  /** source columns, the status first (so that an explicit closedBy column wins over one implied by a status label) */
  order: number[];
  /** field → the file's column that holds it */
  columnOf: Map<string, string>;
}
const planOrders = new WeakMap<HeaderPlan, PlanOrder>();

function planOrder(plan: HeaderPlan): PlanOrder {
  let known = planOrders.get(plan);
  if (known === undefined) {
    const order = plan.targets.map((_, i) => i).sort((a, b) => Number(plan.targets[b] === 'status') - Number(plan.targets[a] === 'status'));
    const columnOf = new Map<string, string>();
    plan.targets.forEach((field, i) => {
      if (field === null) return;
      columnOf.set(field, plan.names[i]);
      if (field === 'privacy') columnOf.set('anonymous', plan.names[i]).set('confidential', plan.names[i]);
    });
    known = { order, columnOf };
    planOrders.set(plan, known);
  }
  return known;
}

/**
 * Turns one record (cells in source order; null = an empty unquoted cell) into a canonical row, checked with
 * the shared rules. Returns the row, or the problems (each naming the file's column).
 */
export function mapRecord(
  cells: readonly (string | null)[],
  plan: HeaderPlan,
  read: ReadOptions,
  nowMs: number,
  check = true,
): { row: ImportValue[]; problems: null } | { row: null; problems: CellProblem[] } {
  const row: ImportValue[] = new Array<ImportValue>(IMPORT_FIELDS.length).fill(null);
  const problems: CellProblem[] = [];
  const { order, columnOf } = planOrder(plan);
  let privacySet = false;
  const apply = (field: string, raw: string, column: string | null) => {
    const bad = (code: CellProblem['code'], detail: string | null = clip(raw)) => problems.push({ column, field, code, detail });
    let text = VERBATIM.has(field) ? raw : raw.trim();
    const values = read.values.get(field);
    const mapped = values === undefined ? undefined : values.get(text.trim().toLowerCase());
    if (mapped !== undefined) text = mapped;
    if (text === '' && !VERBATIM.has(field)) return;
    switch (field) {
      case 'classification': {
        const v = readClassification(text);
        if (v === undefined) bad('invalid_value');
        else row[F.classification] = v;
        return;
      }
      case 'status': {
        const v = readStatus(text);
        if (v === undefined) bad('invalid_value');
        else {
          row[F.status] = v.status;
          if (v.closedBy !== null && row[F.closedBy] === null) row[F.closedBy] = v.closedBy;
        }
        return;
      }
      case 'closedBy': {
        const v = readClosedBy(text);
        if (v === undefined) bad('invalid_value');
        else row[F.closedBy] = v;
        return;
      }
      case 'archiveReason': {
        const v = readArchiveReason(text);
        if (v === undefined) bad('invalid_value');
        else row[F.archiveReason] = v;
        return;
      }
      case 'anonymous':
      case 'confidential': {
        const v = readBoolean(text);
        if (v === undefined) bad('invalid_value');
        else row[F[field]] = v;
        return;
      }
      case 'privacy': {
        const v = readPrivacy(text);
        if (v === undefined) bad('invalid_value');
        else {
          privacySet = true;
          row[F.anonymous] = v.anonymous;
          row[F.confidential] = v.confidential;
        }
        return;
      }
      case 'rating': {
        const n = /^\d+(?:[.,]0+)?$/.test(text) ? Number.parseInt(text, 10) : Number.NaN;
        if (!Number.isInteger(n) || n < 1 || n > 5) bad('invalid_value');
        else row[F.rating] = n;
        return;
      }
      case 'incidentDate': {
        const v = readDate(text, read);
        if (v === undefined) bad('invalid_date');
        else row[F.incidentDate] = v;
        return;
      }
      case 'channel':
        row[F.channel] = readChannel(text);
        return;
      default:
        if (INSTANT_FIELD_SET.has(field)) {
          const v = readInstant(text, read);
          if (v === undefined) bad('invalid_date');
          else row[F[field as keyof typeof F]] = v;
          return;
        }
        row[F[field as keyof typeof F]] = text;
    }
  };
  for (const i of order) {
    const field = plan.targets[i];
    if (field === null) continue;
    const cell = cells[i] ?? null;
    // an empty unquoted cell is a missing value; a quoted "" in a text column is the empty text
    if (cell === null) continue;
    if (cell === '' && PLAIN_TEXT.has(field)) {
      row[F[field as keyof typeof F]] = '';
      continue;
    }
    // the export's formula escape (`'=1+1`, `''ok`) is undone before anything else, so the text (and its
    // length) is the one that was exported, in every layout
    apply(field, restoreFormula(cell), plan.names[i]);
  }
  for (const [field, value] of read.defaults) {
    const i = field === 'privacy' ? F.anonymous : F[field as keyof typeof F];
    if (row[i] === null && !(field === 'privacy' && privacySet)) apply(field, value, null);
  }
  if (row[F.anonymous] === null) row[F.anonymous] = false;
  if (row[F.confidential] === null) row[F.confidential] = false;
  if (problems.length > 0) return { row: null, problems };
  // the server checks every row with the same rules (and names the field, which the report turns back into
  // the file's column); a client that streams millions of rows may leave the second check to it
  if (!check) return { row, problems: null };
  const checked = checkRow(row, nowMs);
  if (checked.length > 0) {
    return { row: null, problems: checked.map((p) => ({ column: columnOf.get(p.field) ?? p.field, field: p.field, code: p.code, detail: p.detail })) };
  }
  return { row, problems: null };
}

// ---- delimiter -------------------------------------------------------------------------------------------

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/**
 * Guesses the delimiter from the start of a file: the candidate whose count per line is the same on the
 * most lines (quoted text ignored), so that metadata rows above the header do not mislead it. Comma when
 * nothing decides.
 */
export function detectDelimiter(sample: string): Delimiter {
  const lines = sample
    .replace(/"(?:[^"]|"")*"/g, '""')
    .split(/\r\n|\n|\r/)
    .slice(0, 50)
    .filter((l) => l.trim() !== '');
  let best: { d: Delimiter; score: number; width: number } = { d: ',', score: 0, width: 0 };
  for (const d of DELIMITERS) {
    const counts = new Map<number, number>();
    for (const line of lines) {
      const n = line.split(d).length - 1;
      if (n > 0) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    for (const [width, lineCount] of counts) {
      if (lineCount > best.score || (lineCount === best.score && width > best.width)) best = { d, score: lineCount, width };
    }
  }
  return best.d;
}
