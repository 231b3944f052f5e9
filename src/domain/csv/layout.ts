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
//
// A field may take several columns (a date and a time): their cells are joined with one space, empty cells
// left out, in a fixed order — for a mapping file, the order of its `columns` entries; for the dictionary,
// the date column, then its time column (OFFICIAL_TIME_PARTS). The joined text is read as one value.
//
// Time zone of local times: --timezone, else the mapping's `timezone`, else a zone named in the metadata rows
// above the header (`Diunduh pada: 01 Sep 2023 08:15 WITA`, `Zona waktu: Asia/Jayapura`), else, for the
// official layout, WIB (the national system's zone, Jakarta: an assumption — no guide states the export's
// zone, so a file that names one wins), else the command's default.

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
  zoneOffset,
  type DatePattern,
  type ZoneSetting,
} from './values.js';

/**
 * A target of a column: a canonical field, `privacy` (the anonymous and confidential flags in one cell), or
 * `statusReason` (the official `Alasan Tunda/Arsip`: the reason of the case's status — its archive reason when
 * archived, its postpone reason when postponed; a reason left from an earlier status is not kept).
 */
export const MAPPING_TARGETS = [...IMPORT_FIELDS, 'privacy', 'statusReason'] as const;

/**
 * The official export's time-of-day columns, each joined after its date column into one instant (the date
 * `06 Agu 2023` and the time `14:05:09` read as `06 Agu 2023 14:05:09`).
 */
const OFFICIAL_TIME_PARTS_SOURCE: Readonly<Record<string, string>> = {
  'Waktu Laporan Masuk': 'submittedAt',
  'Jam Laporan Masuk': 'submittedAt',
  'Jam Masuk': 'submittedAt',
  'Jam Verifikasi': 'verifiedAt',
  'Jam Disposisi': 'disposedAt',
  'Jam Tindak Lanjut Pertama': 'firstResponseAt',
  'Jam Tindak Lanjut Terakhir': 'lastResponseAt',
  'Jam Selesai': 'closedAt',
};
export const OFFICIAL_TIME_PARTS: ReadonlySet<string> = new Set(Object.keys(OFFICIAL_TIME_PARTS_SOURCE).map((h) => h.toLowerCase()));

/**
 * Header aliases of the official LAPOR! admin export (compared case-insensitively).
 *
 * Sources (read 2026-12): the admin guide "Buku Panduan Adopsi dan Integrasi LAPOR!-SP4N" (KemenPAN-RB, KSP,
 * Ombudsman RI, 2016: https://id.scribd.com/document/328118943/FINAL-Manual-Buku-Panduan-LAPOR-SP4N-Hires-4-pdf,
 * https://cupdf.com/document/adopsi-dan-integrasi-lapor-sp4n-untuk-pelayanan-buku-panduan-lapor-sp4n.html);
 * "Pengelolaan Laporan di Situs LAPOR! V3" (verifikasi, tunda, bukan wewenang, arsipkan and the archive
 * reasons: https://vdokumen.com/pengelolaan-laporan-di-situs-lapor-v3-a1-verifikasi-a2-tunda-a3-bukan-.html);
 * a published status recap (https://ppid.lldikti2.net/statistik-pelanggaran-penindakannya/: Belum
 * Terverifikasi, Terdisposisi Belum Ditindaklanjuti, Terdisposisi Sedang Diproses, Terdisposisi Selesai,
 * Tertunda, Arsip); LAPOR!'s own pages on the tracking ID and the flow (https://lapor.go.id/lapor/tentang_lapor/
 * tentang-lapor-dan-info-grafis.html, http://blog.lapor.go.id/index.php/338-frequently-asked-questions-faq-seputar-lapor).
 * No public copy of the admin's spreadsheet export itself was found: the column names below are the field
 * labels of those guides and of issue #17's user report (`Waktu Laporan Masuk`, `Kelurahan`,
 * `Alasan Tunda/Arsip`, the labels Terverifikasi, Ditanggapi oleh Pelapor, Diarsipkan oleh Admin).
 */
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
  Kelurahan: 'village',
  Desa: 'village',
  'Tanggal Kejadian': 'incidentDate',
  'Tanggal Verifikasi': 'verifiedAt',
  'Tanggal Disposisi': 'disposedAt',
  'Tanggal Tindak Lanjut Pertama': 'firstResponseAt',
  'Tanggal Tindak Lanjut Terakhir': 'lastResponseAt',
  'Tanggal Selesai': 'closedAt',
  'Alasan Arsip': 'archiveReason',
  'Alasan Tunda/Arsip': 'statusReason',
  'Alasan Arsip/Tunda': 'statusReason',
  'Alasan Tunda / Arsip': 'statusReason',
  'Alasan Status': 'statusReason',
  'Penilaian Pelapor': 'rating',
  Rating: 'rating',
  // row numbers and other columns of the official export that carry nothing to import
  No: null,
  'No.': null,
  Nomor: null,
  'Jumlah Dukungan': null,
  'Nama Admin': null,
  // the official export's time columns (OFFICIAL_TIME_PARTS) name their field here too
  ...Object.fromEntries(Object.entries(OFFICIAL_TIME_PARTS_SOURCE)),
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
  /** The zone was chosen by the user (--timezone or the mapping's `timezone`): the file's metadata does not change it. */
  zoneGiven?: boolean;
  patterns?: readonly DatePattern[];
  /** The file is a workbook: a bare number in a date column is a spreadsheet serial date. */
  spreadsheetSerials?: boolean;
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
  return { mapping, read: { ...zone, zoneGiven: mapping.timezone !== undefined, patterns, values, defaults } };
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
  /** Fields fed by several columns: the columns' positions in joining order. */
  joined?: ReadonlyMap<string, readonly number[]>;
  /** Minutes east of UTC of local times, when the file decides it (metadata rows, the official layout). */
  offsetMinutes?: number;
}

export interface HeaderProblem {
  code: FileCode;
  /** duplicate_header: the two columns and their field; missing_column: the missing fields. */
  columns: string[];
  field?: string;
}

interface ColumnTarget {
  target: string | null;
  known: boolean;
  official: boolean;
  /** Where the column goes when several feed one field: the mapping's entry index. */
  rank: number;
  /** Named by the mapping file (which may give one field several columns). */
  mapped: boolean;
  /** A time-of-day column of the official layout, joined after its date column. */
  timePart: boolean;
}

function targetOf(header: string, mapping: MappingFile | null): ColumnTarget {
  const key = header.trim().toLowerCase();
  if (mapping) {
    const entries = Object.entries(mapping.columns);
    for (let i = 0; i < entries.length; i += 1) {
      const [source, target] = entries[i];
      if (source.trim().toLowerCase() === key) return { target, known: true, official: false, rank: i, mapped: true, timePart: false };
    }
  }
  const own = OWN_HEADERS.get(key);
  if (own !== undefined) return { target: own, known: true, official: false, rank: 0, mapped: false, timePart: false };
  if (OFFICIAL.has(key)) {
    const timePart = OFFICIAL_TIME_PARTS.has(key);
    return { target: OFFICIAL.get(key) ?? null, known: true, official: true, rank: 0, mapped: false, timePart };
  }
  return { target: null, known: false, official: false, rank: 0, mapped: false, timePart: false };
}

/** The field the built-in dictionaries (own columns, official export) give a header: null = ignored, undefined = unknown. */
export function dictionaryTarget(header: string): string | null | undefined {
  const m = targetOf(header, null);
  return m.known ? m.target : undefined;
}

const ZONE_WORDS: readonly [RegExp, number][] = [
  [/\bWITA\b/i, 480],
  [/\bWIT\b/i, 540],
  [/\bWIB\b/i, 420],
];

/**
 * The zone that the metadata rows above the header name (`Diunduh pada: 01 Sep 2023 08:15 WITA`,
 * `Zona waktu: Asia/Makassar`), or undefined when none does. The first row naming one decides.
 */
export function zoneOfPreamble(records: readonly (readonly (string | null)[])[]): number | undefined {
  for (const record of records) {
    for (const cell of record) {
      if (cell === null || cell === '') continue;
      const iana = /\b(Asia\/(?:Jakarta|Pontianak|Makassar|Jayapura))\b/.exec(cell);
      if (iana) return zoneOffset(iana[1]);
      for (const [re, offset] of ZONE_WORDS) if (re.test(cell)) return offset;
    }
  }
  return undefined;
}

/** WIB: the zone taken for the official export's times when its metadata names none (the national operator's, Jakarta). */
export const OFFICIAL_OFFSET_MINUTES = 420;

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

/**
 * Maps a header record to fields, or explains why it cannot be used. `preamble`: the metadata records above
 * the header (they may name the time zone).
 */
export function planHeader(
  record: readonly string[],
  mapping: MappingFile | null,
  read: ReadOptions,
  preamble: readonly (readonly (string | null)[])[] = [],
): HeaderPlan | HeaderProblem {
  const targets: (string | null)[] = [];
  const names = record.map((h) => h.trim());
  const unknown: string[] = [];
  const seen = new Map<string, { i: number; m: ColumnTarget }[]>();
  let official = false;
  names.forEach((name, i) => {
    const m = targetOf(name, mapping);
    if (!m.known && name !== '') unknown.push(name);
    if (m.official) official = true;
    if (m.target !== null) seen.set(m.target, [...(seen.get(m.target) ?? []), { i, m }]);
    targets.push(m.target);
  });
  const joined = new Map<string, number[]>();
  for (const [field, columns] of seen) {
    if (columns.length < 2) continue;
    // several columns feed one field only when the mapping says so, or for a date and its time column
    const mapped = columns.every((c) => c.m.mapped);
    const dateAndTime = columns.length === 2 && columns.filter((c) => c.m.timePart).length === 1;
    if (!mapped && !dateAndTime) {
      return { code: 'duplicate_header', columns: [names[columns[0].i], names[columns[1].i]], field };
    }
    // the mapping's order; a date and its time column: the date first
    const key = (c: { i: number; m: ColumnTarget }) => (mapped ? c.m.rank : Number(c.m.timePart));
    joined.set(field, [...columns].sort((a, b) => key(a) - key(b) || a.i - b.i).map((c) => c.i));
  }
  const has = (field: string) => seen.has(field) || (field !== 'trackingId' && read.defaults.has(field)) || (['anonymous', 'confidential'].includes(field) && seen.has('privacy'));
  const missing = REQUIRED_FIELDS.filter((f) => !has(f));
  if (missing.length > 0) return { code: 'missing_column', columns: [...missing] };
  const layout: LayoutName = mapping ? 'mapping' : official ? 'official' : 'own';
  const plan: HeaderPlan = { layout, targets, names, unknown };
  if (joined.size > 0) plan.joined = joined;
  if (!read.zoneGiven) {
    const named = zoneOfPreamble(preamble);
    if (named !== undefined) plan.offsetMinutes = named;
    else if (layout === 'official') plan.offsetMinutes = OFFICIAL_OFFSET_MINUTES;
  }
  return plan;
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
  /**
   * source columns, the status first (so that an explicit closedBy column wins over one implied by a status
   * label); of the columns joined into one field, only the first in joining order
   */
  order: number[];
  /** field → the file's column that holds it (`Tanggal Laporan Masuk + Waktu Laporan Masuk` when joined) */
  columnOf: Map<string, string>;
  /** first column of a joined field → the columns joined, in order, and their shown name */
  groups: Map<number, { columns: readonly number[]; name: string }>;
  /** the date options with the plan's zone */
  dates: ReadOptions;
}
const planOrders = new WeakMap<HeaderPlan, PlanOrder>();

function planOrder(plan: HeaderPlan, read: ReadOptions): PlanOrder {
  let known = planOrders.get(plan);
  if (known === undefined) {
    const groups = new Map<number, { columns: readonly number[]; name: string }>();
    const later = new Set<number>();
    for (const columns of plan.joined?.values() ?? []) {
      groups.set(columns[0], { columns, name: columns.map((i) => plan.names[i]).join(' + ') });
      for (const i of columns.slice(1)) later.add(i);
    }
    const order = plan.targets
      .map((_, i) => i)
      .filter((i) => !later.has(i))
      .sort((a, b) => Number(plan.targets[b] === 'status') - Number(plan.targets[a] === 'status'));
    const columnOf = new Map<string, string>();
    plan.targets.forEach((field, i) => {
      if (field === null || later.has(i)) return;
      const name = groups.get(i)?.name ?? plan.names[i];
      columnOf.set(field, name);
      if (field === 'privacy') columnOf.set('anonymous', name).set('confidential', name);
      if (field === 'statusReason') columnOf.set('archiveReason', name);
    });
    const dates = plan.offsetMinutes === undefined ? read : { ...read, offsetMinutes: plan.offsetMinutes, timeZone: undefined };
    known = { order, columnOf, groups, dates };
    planOrders.set(plan, known);
  }
  return known;
}

/** The cells of a joined field, empty ones left out, joined with one space; null when all are empty. */
function joinCells(cells: readonly (string | null)[], columns: readonly number[], verbatim: boolean): string | null {
  const parts: string[] = [];
  for (const i of columns) {
    const cell = cells[i];
    if (cell === null || cell === undefined || cell.trim() === '') continue;
    parts.push(verbatim ? cell : cell.trim());
  }
  return parts.length === 0 ? null : parts.join(' ');
}

/** Reads one field's text into its place(s) in the row; returns the problem's code, or null when read. */
function readInto(row: ImportValue[], field: string, text: string, dates: ReadOptions): 'invalid_value' | 'invalid_date' | null {
  switch (field) {
    case 'classification': {
      const v = readClassification(text);
      if (v === undefined) return 'invalid_value';
      row[F.classification] = v;
      return null;
    }
    case 'status': {
      const v = readStatus(text);
      if (v === undefined) return 'invalid_value';
      row[F.status] = v.status;
      if (v.closedBy !== null && row[F.closedBy] === null) row[F.closedBy] = v.closedBy;
      return null;
    }
    case 'closedBy': {
      const v = readClosedBy(text);
      if (v === undefined) return 'invalid_value';
      row[F.closedBy] = v;
      return null;
    }
    case 'archiveReason': {
      const v = readArchiveReason(text);
      if (v === undefined) return 'invalid_value';
      row[F.archiveReason] = v;
      return null;
    }
    case 'anonymous':
    case 'confidential': {
      const v = readBoolean(text);
      if (v === undefined) return 'invalid_value';
      row[F[field]] = v;
      return null;
    }
    case 'privacy': {
      const v = readPrivacy(text);
      if (v === undefined) return 'invalid_value';
      row[F.anonymous] = v.anonymous;
      row[F.confidential] = v.confidential;
      return null;
    }
    case 'rating': {
      const n = /^\d+(?:[.,]0+)?$/.test(text) ? Number.parseInt(text, 10) : Number.NaN;
      if (!Number.isInteger(n) || n < 1 || n > 5) return 'invalid_value';
      row[F.rating] = n;
      return null;
    }
    case 'incidentDate': {
      const v = readDate(text, dates);
      if (v === undefined) return 'invalid_date';
      row[F.incidentDate] = v;
      return null;
    }
    case 'channel':
      row[F.channel] = readChannel(text);
      return null;
    default:
      if (INSTANT_FIELD_SET.has(field)) {
        const v = readInstant(text, dates);
        if (v === undefined) return 'invalid_date';
        row[F[field as keyof typeof F]] = v;
        return null;
      }
      row[F[field as keyof typeof F]] = text;
      return null;
  }
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
  const { order, columnOf, groups, dates } = planOrder(plan, read);
  let privacySet = false;
  let statusReason: { text: string; column: string | null } | null = null;
  const apply = (field: string, raw: string, column: string | null) => {
    const bad = (code: CellProblem['code'], detail: string | null = clip(raw)) => problems.push({ column, field, code, detail });
    let text = VERBATIM.has(field) ? raw : raw.trim();
    const values = read.values.get(field);
    const mapped = values === undefined ? undefined : values.get(text.trim().toLowerCase());
    if (mapped !== undefined) text = mapped;
    if (text === '' && !VERBATIM.has(field)) return;
    if (field === 'statusReason') {
      statusReason = { text, column };
      return;
    }
    const code = readInto(row, field, text, dates);
    if (code !== null) bad(code);
    else if (field === 'privacy') privacySet = true;
  };
  for (const i of order) {
    const field = plan.targets[i];
    if (field === null) continue;
    const group = groups.get(i);
    if (group !== undefined) {
      const text = joinCells(cells, group.columns, VERBATIM.has(field));
      if (text !== null) apply(field, text, group.name);
      continue;
    }
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
    if (field === 'statusReason') {
      if (statusReason === null) apply(field, value, null);
      continue;
    }
    const i = field === 'privacy' ? F.anonymous : F[field as keyof typeof F];
    if (row[i] === null && !(field === 'privacy' && privacySet)) apply(field, value, null);
  }
  if (row[F.anonymous] === null) row[F.anonymous] = false;
  if (row[F.confidential] === null) row[F.confidential] = false;
  if (statusReason !== null) keepStatusReason(row, statusReason);
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

/**
 * `Alasan Tunda/Arsip` goes where the case's status keeps it: an archived case's archive reason (the official
 * reasons are read by readArchiveReason; a reason written in the admin's own words is `other`, so that the
 * row is kept), a postponed case's postpone reason (verbatim). A reason left from an earlier status (a case
 * postponed, then resumed and disposed) describes no current state and is not kept.
 */
function keepStatusReason(row: ImportValue[], reason: { text: string; column: string | null }): void {
  const status = row[F.status];
  if (status === 'archived' && row[F.archiveReason] === null) row[F.archiveReason] = readArchiveReason(reason.text) ?? 'other';
  else if (status === 'postponed' && row[F.postponeReason] === null) row[F.postponeReason] = reason.text;
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
