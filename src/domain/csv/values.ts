// Reading the values of a CSV import: dates and instants (ISO 8601, Indonesian and English month names such as
// `06 Agu 2023`, day-first numeric dates, user date patterns with 24- or 12-hour clocks; local times at a fixed
// offset or in an IANA zone with daylight-saving time), booleans, and the labels LAPOR! and the
// project's own exports write for classifications, statuses, channels and the anonymous/confidential type.
// Pure: no IO. Every reader returns the canonical value or `undefined` when the text cannot be read (the
// caller turns that into a reason code with the line and column).

import { dateOfDayNumber } from '../clocks.js';
import { canonicalInstantMs } from './rules.js';
import {
  ARCHIVE_REASONS,
  CLASSIFICATIONS,
  STATUSES,
  TIMEZONE_OFFSETS,
  type ArchiveReason,
  type Classification,
  type Status,
} from '../types.js';

// ---- months and date patterns -----------------------------------------------------------------------------

/** Month names and abbreviations, Indonesian and English, lower case → month 1–12. */
export const MONTHS: ReadonlyMap<string, number> = new Map<string, number>([
  ...(
    [
      ['januari', 'jan', 'january'],
      ['februari', 'feb', 'pebruari', 'peb', 'february'],
      ['maret', 'mar', 'march'],
      ['april', 'apr'],
      ['mei', 'may'],
      ['juni', 'jun', 'june'],
      ['juli', 'jul', 'july'],
      ['agustus', 'agu', 'agt', 'ags', 'agus', 'aug', 'august'],
      ['september', 'sep', 'sept'],
      ['oktober', 'okt', 'oct', 'october'],
      ['november', 'nov', 'nop', 'nopember'],
      ['desember', 'des', 'dec', 'december'],
    ] as const
  ).flatMap((names, i) => names.map((n) => [n, i + 1] as [string, number])),
]);

/** Date patterns tried, in order, when a mapping names none (ISO 8601 is always tried first). */
export const DEFAULT_DATE_FORMATS: readonly string[] = [
  'D MMM YYYY HH:mm:ss',
  'D MMM YYYY HH:mm',
  'D MMM YYYY',
  'DD/MM/YYYY HH:mm:ss',
  'DD/MM/YYYY HH:mm',
  'DD/MM/YYYY',
  'DD-MM-YYYY HH:mm:ss',
  'DD-MM-YYYY HH:mm',
  'DD-MM-YYYY',
  'YYYY-MM-DD HH:mm:ss',
  'YYYY-MM-DD HH:mm',
  'YYYY/MM/DD',
];

/**
 * The tokens a date pattern may hold. A run of one letter is one token (`hh`, `A`, `MMM`); a letter run that is
 * not a token is refused (`YY`, `Do`, `T`), so that a pattern never reads a letter as a literal by mistake.
 * Literal text goes in square brackets (`YYYY-MM-DD[T]HH:mm`); any other character is literal, and a space
 * matches one or more spaces.
 *
 * | token | reads |
 * |---|---|
 * | YYYY | four-digit year |
 * | MM, M | month 01–12 (M: one or two digits) |
 * | MMM, MMMM | month name or abbreviation, Indonesian or English (Agu, Agustus, Aug, August) |
 * | DD, D | day of the month |
 * | HH, H | hour 00–23 |
 * | hh, h | hour 1–12 on a 12-hour clock (needs A or a) |
 * | mm, m | minutes |
 * | ss, s | seconds |
 * | A, a | AM or PM (either case, with or without dots: am, a.m., PM) |
 */
export const DATE_TOKENS = ['YYYY', 'MMMM', 'MMM', 'MM', 'M', 'DD', 'D', 'HH', 'H', 'hh', 'h', 'mm', 'm', 'ss', 's', 'A', 'a'] as const;
type Token = (typeof DATE_TOKENS)[number];
const TOKEN_SET: ReadonlySet<string> = new Set(DATE_TOKENS);

export interface DatePattern {
  source: string;
  regex: RegExp;
  groups: Token[];
  hasTime: boolean;
}

export class DatePatternError extends Error {}

function tokenRegex(token: Token): string {
  switch (token) {
    case 'YYYY':
      return '(\\d{4})';
    case 'MMM':
    case 'MMMM':
      return '([A-Za-z]+)\\.?';
    case 'A':
    case 'a':
      return '([AaPp]\\.?[Mm]\\.?)';
    default:
      return token.length === 2 ? '(\\d{2})' : '(\\d{1,2})';
  }
}

/** Compiles a pattern such as `DD/MM/YYYY HH:mm` or `MM/DD/YYYY hh:mm:ss A` (tokens: see DATE_TOKENS). */
export function compileDatePattern(source: string): DatePattern {
  let re = '^';
  const groups: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '[') {
      const close = source.indexOf(']', i + 1);
      if (close < 0) throw new DatePatternError(`date pattern "${source}": "[" at position ${i + 1} has no closing "]"`);
      re += source.slice(i + 1, close).replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
      i = close + 1;
    } else if (/[A-Za-z]/.test(ch)) {
      let j = i;
      while (j < source.length && source[j] === ch) j += 1;
      const run = source.slice(i, j);
      if (!TOKEN_SET.has(run)) {
        throw new DatePatternError(
          `date pattern "${source}": unknown token "${run}" (tokens: ${DATE_TOKENS.join(' ')}; put literal text in [brackets])`,
        );
      }
      groups.push(run as Token);
      re += tokenRegex(run as Token);
      i = j;
    } else if (ch === ' ') {
      re += '\\s+';
      i += 1;
    } else {
      re += ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
      i += 1;
    }
  }
  const required: Token[][] = [['YYYY'], ['MM', 'M', 'MMM', 'MMMM'], ['DD', 'D']];
  for (const alternatives of required) {
    if (!alternatives.some((a) => groups.includes(a))) {
      throw new DatePatternError(`date pattern "${source}" needs a year (YYYY), a month (MM, M or MMM) and a day (DD or D)`);
    }
  }
  const twelve = groups.some((g) => g === 'hh' || g === 'h');
  const meridiem = groups.some((g) => g === 'A' || g === 'a');
  const twentyFour = groups.some((g) => g === 'HH' || g === 'H');
  if (twelve && !meridiem) throw new DatePatternError(`date pattern "${source}": the 12-hour hour (hh or h) needs AM/PM (A or a)`);
  if (meridiem && !twelve) throw new DatePatternError(`date pattern "${source}": AM/PM (A or a) goes with the 12-hour hour (hh or h), not HH`);
  if (twelve && twentyFour) throw new DatePatternError(`date pattern "${source}": both a 12-hour (hh) and a 24-hour (HH) hour`);
  return { source, regex: new RegExp(`${re}$`), groups, hasTime: twelve || twentyFour };
}

const DEFAULT_PATTERNS = DEFAULT_DATE_FORMATS.map(compileDatePattern);

/** The parts of a local date-time read from text (no zone yet). */
interface LocalParts {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  ms: number;
  /** Minutes east of UTC when the text carried a zone, else null. */
  offset: number | null;
  hasTime: boolean;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

function readIso(text: string): LocalParts | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  let offset: number | null = null;
  if (m[8]) {
    if (m[8].toUpperCase() === 'Z') offset = 0;
    else {
      const sign = m[8][0] === '-' ? -1 : 1;
      const digits = m[8].slice(1).replace(':', '');
      offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
    }
  }
  return {
    y: Number(m[1]),
    mo: Number(m[2]),
    d: Number(m[3]),
    h: m[4] ? Number(m[4]) : 0,
    mi: m[5] ? Number(m[5]) : 0,
    s: m[6] ? Number(m[6]) : 0,
    ms: m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0,
    offset,
    hasTime: m[4] !== undefined,
  };
}

function readPattern(text: string, p: DatePattern): LocalParts | undefined {
  const m = p.regex.exec(text);
  if (!m) return undefined;
  const parts: LocalParts = { y: 0, mo: 0, d: 0, h: 0, mi: 0, s: 0, ms: 0, offset: null, hasTime: p.hasTime };
  let hour12: number | null = null;
  let pm = false;
  for (let i = 0; i < p.groups.length; i += 1) {
    const v = m[i + 1];
    switch (p.groups[i]) {
      case 'YYYY':
        parts.y = Number(v);
        break;
      case 'MM':
      case 'M':
        parts.mo = Number(v);
        break;
      case 'MMM':
      case 'MMMM': {
        const month = MONTHS.get(v.toLowerCase());
        if (month === undefined) return undefined;
        parts.mo = month;
        break;
      }
      case 'DD':
      case 'D':
        parts.d = Number(v);
        break;
      case 'HH':
      case 'H':
        parts.h = Number(v);
        break;
      case 'hh':
      case 'h':
        hour12 = Number(v);
        break;
      case 'A':
      case 'a':
        pm = v[0] === 'P' || v[0] === 'p';
        break;
      case 'mm':
      case 'm':
        parts.mi = Number(v);
        break;
      case 'ss':
      case 's':
        parts.s = Number(v);
        break;
    }
  }
  if (hour12 !== null) {
    // 12:xx AM is just after midnight, 12:xx PM just after noon; 0 and 13+ are no 12-hour hours
    if (hour12 < 1 || hour12 > 12) return undefined;
    parts.h = (hour12 % 12) + (pm ? 12 : 0);
  }
  return parts;
}

/**
 * Milliseconds since the epoch of the parts, or undefined when they name no real date/time. Parts without a
 * zone of their own are local time in `timeZone` (an IANA zone, offset looked up per value) when given, else
 * at the fixed `defaultOffset`.
 */
function partsToMs(p: LocalParts, defaultOffset: number, timeZone?: string): number | undefined {
  if (p.y < 1900 || p.y > 2200 || p.mo < 1 || p.mo > 12 || p.d < 1 || p.d > 31) return undefined;
  if (p.h > 23 || p.mi > 59 || p.s > 59) return undefined;
  const utc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s, p.ms);
  const check = new Date(utc);
  // 31 Feb rolls over to March in Date.UTC: the day must survive the round trip
  if (check.getUTCFullYear() !== p.y || check.getUTCMonth() !== p.mo - 1 || check.getUTCDate() !== p.d) return undefined;
  if (p.offset === null && timeZone !== undefined) return localToUtc(utc, timeZone);
  return utc - (p.offset ?? defaultOffset) * 60_000;
}

export interface DateReadOptions {
  /** Minutes east of UTC for texts without a zone (WITA 480, WIB 420). */
  offsetMinutes: number;
  /** An IANA zone with daylight-saving time (America/New_York): wins over offsetMinutes; see localToUtc. */
  timeZone?: string;
  /** User patterns, tried after ISO 8601; the defaults when absent. */
  patterns?: readonly DatePattern[];
  /**
   * Check that a value already in canonical form (2023-08-06T01:12:00.000Z, 2023-08-06) names a real day.
   * Without it such a value passes as it is, to be checked by checkRow (on the server, for every row).
   */
  strict?: boolean;
  /** The file is a workbook: a bare number in a date column is a spreadsheet serial date (days since 1899-12-30). */
  spreadsheetSerials?: boolean;
}

/** Spreadsheet serial dates: 1 (1900-01-01) to 2958465 (9999-12-31), a fraction of a day for the time. */
const SERIAL = /^\d{1,7}(?:\.\d+)?$/;

/** A workbook's date stored as a plain number (a cell without a date format): local wall-clock parts. */
function readSerial(text: string): LocalParts | undefined {
  const serial = Number(text);
  if (serial < 1 || serial > 2_958_465) return undefined;
  const d = new Date(Math.round((serial - 25_569) * 86_400_000));
  return {
    y: d.getUTCFullYear(),
    mo: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    h: d.getUTCHours(),
    mi: d.getUTCMinutes(),
    s: d.getUTCSeconds(),
    ms: d.getUTCMilliseconds(),
    offset: null,
    hasTime: !Number.isInteger(serial),
  };
}

function readParts(text: string, options: DateReadOptions): LocalParts | undefined {
  if (options.spreadsheetSerials && SERIAL.test(text)) return readSerial(text);
  const iso = readIso(text);
  if (iso) return iso;
  const normal = text.replace(/\s+/g, ' ');
  for (const p of options.patterns ?? DEFAULT_PATTERNS) {
    const parts = readPattern(normal, p);
    if (parts) return parts;
  }
  return undefined;
}

const OWN_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const OWN_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An instant: ISO 8601 with or without a zone, or a date (and time) in one of the patterns; texts without a
 * zone are local time at `offsetMinutes`, a date alone is local midnight. Returns ISO 8601 UTC with ms.
 */
export function readInstant(text: string, options: DateReadOptions): string | undefined {
  // the common case first: what the project's own export writes
  if (text.length === 24 && OWN_INSTANT.test(text)) {
    // the canonical form already; whether the day exists (30 February) is checked by checkRow
    if (!options.strict || !Number.isNaN(canonicalInstantMs(text))) return text;
  }
  const parts = readParts(text, options);
  if (!parts) return undefined;
  const ms = partsToMs(parts, options.offsetMinutes, options.timeZone);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/** A calendar date (YYYY-MM-DD) from the same forms; a time part is ignored, a zone is not allowed. */
export function readDate(text: string, options: DateReadOptions): string | undefined {
  // the canonical form already; whether the day exists is checked by checkRow
  if (!options.strict && text.length === 10 && OWN_DATE.test(text)) return text;
  const parts = readParts(text, options);
  if (!parts || parts.offset !== null) return undefined;
  const ms = partsToMs({ ...parts, h: 0, mi: 0, s: 0, ms: 0, offset: 0 }, 0);
  return ms === undefined ? undefined : dateOfDayNumber(ms / 86_400_000);
}

/** Minutes east of UTC for a zone name (Asia/Jakarta, Asia/Makassar, Asia/Jayapura, …) or ±HH:MM. */
export function zoneOffset(zone: string): number | undefined {
  if (zone in TIMEZONE_OFFSETS) return TIMEZONE_OFFSETS[zone];
  const aliases: Record<string, number> = { WIB: 420, WITA: 480, WIT: 540, UTC: 0 };
  if (zone.toUpperCase() in aliases) return aliases[zone.toUpperCase()];
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
  // the offsets in use on Earth lie within ±14:00
  if (!m || Number(m[2]) > 14 || Number(m[3]) > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** How local times without a zone are read: a fixed offset, or an IANA zone whose offset varies. */
export interface ZoneSetting {
  offsetMinutes: number;
  /** Set for a zone with daylight-saving time or a changing offset; offsetMinutes is then unused. */
  timeZone?: string;
}

/**
 * A zone as a user writes it: the Indonesian zones, WIB/WITA/WIT, UTC and ±HH:MM as fixed offsets; any other
 * IANA name the runtime knows (America/New_York, Europe/Berlin) with its offset looked up per value.
 * Undefined when the name is unknown.
 */
export function resolveZone(zone: string): ZoneSetting | undefined {
  const fixed = zoneOffset(zone);
  if (fixed !== undefined) return { offsetMinutes: fixed };
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)+$/.test(zone)) return undefined;
  try {
    const timeZone = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    return { offsetMinutes: 0, timeZone };
  } catch {
    return undefined;
  }
}

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes east of UTC of `timeZone` at the instant `ms`. */
export function offsetAt(ms: number, timeZone: string): number {
  let f = zoneFormats.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    zoneFormats.set(timeZone, f);
  }
  const v: Record<string, number> = {};
  for (const part of f.formatToParts(ms)) if (part.type !== 'literal') v[part.type] = Number(part.value);
  const wall = Date.UTC(v.year, v.month - 1, v.day, v.hour, v.minute, v.second);
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
}

/**
 * Per zone: quarter hour of local wall time → the offset chosen for it. Clocks change at whole quarter hours
 * of local time in every zone since 1970 (Chatham's 02:45 being the odd one), so one look-up serves a
 * quarter hour of values.
 */
const localOffsets = new Map<string, Map<number, number>>();
const QUARTER_HOUR_MS = 900_000;

/**
 * The instant of a local wall time in an IANA zone (`wallMs`: the same wall time read as UTC). Where the
 * zone's clocks jump, the rule is iCalendar's (RFC 5545, 3.3.5), also Temporal's `compatible`, moment's and
 * java.time's: a wall time that occurs twice (clocks set back, 01:30 on the first Sunday of November in New
 * York) is the first of the two, at the offset in force before the change (EDT); a wall time that never
 * occurs (clocks set forward, 02:30 on the second Sunday of March) is read with the offset before the gap,
 * which lands the length of the gap later (03:30 EDT).
 */
export function localToUtc(wallMs: number, timeZone: string): number {
  let offsets = localOffsets.get(timeZone);
  if (offsets === undefined) {
    offsets = new Map();
    localOffsets.set(timeZone, offsets);
  }
  const key = Math.floor(wallMs / QUARTER_HOUR_MS);
  let offset = offsets.get(key);
  if (offset === undefined) {
    // decided for the start of the quarter hour (a jump, if any, is at its start); the offsets a day either
    // side hold both offsets of any jump near it
    const start = key * QUARTER_HOUR_MS;
    const before = offsetAt(start - 86_400_000, timeZone);
    const after = offsetAt(start + 86_400_000, timeZone);
    const fits = [before, after].filter((o, i, all) => all.indexOf(o) === i && offsetAt(start - o * 60_000, timeZone) === o);
    // two fit: the wall time occurs twice, the first is the one at the larger offset; none fit: a gap
    offset = fits.length === 0 ? before : Math.max(...fits);
    if (offsets.size >= 100_000) offsets.clear();
    offsets.set(key, offset);
  }
  return wallMs - offset * 60_000;
}

// ---- labels ----------------------------------------------------------------------------------------------

const labelKeys = new Map<string, string>();

/** Lower case, dashes and slashes as spaces, one space between words: how labels are compared. */
export function labelKey(text: string): string {
  // a file repeats a few labels millions of times: the keys of the first few thousand texts are kept
  let key = labelKeys.get(text);
  if (key === undefined) {
    key = text
      .toLowerCase()
      .replace(/[‐-―\-_/]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    if (labelKeys.size < 5_000) labelKeys.set(text, key);
  }
  return key;
}

const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', 'ya', '1', 'benar']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', 'tidak', '0', 'salah', 'bukan']);

export function readBoolean(text: string): boolean | undefined {
  const v = text.trim().toLowerCase();
  if (TRUE_WORDS.has(v)) return true;
  if (FALSE_WORDS.has(v)) return false;
  return undefined;
}

function table<T extends string>(entries: Record<T, readonly string[]>): Map<string, T> {
  const m = new Map<string, T>();
  for (const [value, labels] of Object.entries(entries) as [T, readonly string[]][]) {
    m.set(labelKey(value), value);
    for (const l of labels) m.set(labelKey(l), value);
  }
  return m;
}

const CLASSIFICATION_LABELS = table<Classification>({
  complaint: ['Pengaduan', 'Keluhan', 'Complaint'],
  aspiration: ['Aspirasi', 'Aspiration', 'Saran'],
  information_request: ['Permintaan Informasi', 'Information request', 'Permohonan Informasi', 'Informasi'],
});

export function readClassification(text: string): Classification | undefined {
  return CLASSIFICATION_LABELS.get(labelKey(text));
}

/** A status and, for a closed case, who closed it. */
export interface StatusValue {
  status: Status;
  closedBy: 'admin' | 'system' | null;
}

const STATUS_LABELS: Map<string, StatusValue> = (() => {
  const m = new Map<string, StatusValue>();
  const add = (status: Status, closedBy: StatusValue['closedBy'], labels: readonly string[]) => {
    for (const l of labels) m.set(labelKey(l), { status, closedBy });
  };
  for (const s of STATUSES) add(s, null, [s]);
  // The labels of the official SP4N-LAPOR! admin pages and exports (sources at OFFICIAL_HEADERS in layout.ts):
  // the recap groups Belum Terverifikasi, Terdisposisi Belum Ditindaklanjuti, Terdisposisi Sedang Diproses,
  // Terdisposisi Selesai, Tertunda and Arsip; the per-report status column also names the step
  // (Terverifikasi, Ditindaklanjuti, Ditanggapi oleh Pelapor, Diarsipkan oleh Admin, Bukan Wewenang).
  // `Terverifikasi` (verified, not yet sent to an institution) and `Bukan Wewenang` (handed back by the
  // institution) wait for an admin's disposition: submitted, as after our `return` action.
  add('submitted', null, ['Belum Terverifikasi', 'Belum Diverifikasi', 'Menunggu Verifikasi', 'Not verified', 'Baru']);
  add('submitted', null, ['Terverifikasi', 'Sudah Terverifikasi', 'Diverifikasi', 'Verified', 'Bukan Wewenang', 'Dikembalikan']);
  add('postponed', null, ['Tertunda', 'Ditunda', 'Laporan Tertunda', 'Postponed']);
  add('disposed', null, [
    'Terdisposisi – Belum Ditindaklanjuti',
    'Terdisposisi',
    'Sudah Terdisposisi',
    'Belum Ditindaklanjuti',
    'Disposed',
    'Disposed – no follow-up yet',
  ]);
  // `Ditanggapi oleh Pelapor`: the reporter answered a follow-up; the case stays open at its institution
  add('in_progress', null, [
    'Terdisposisi – Sedang Diproses',
    'Sedang Diproses',
    'Diproses',
    'Proses',
    'Dalam Proses',
    'Sudah Ditindaklanjuti',
    'Ditindaklanjuti',
    'Ditanggapi oleh Pelapor',
    'Ditanggapi Pelapor',
    'Dibalas oleh Pelapor',
    'In progress',
    'Disposed – in progress',
    'Reporter responded',
  ]);
  add('completed', null, ['Selesai', 'Terdisposisi – Selesai', 'Laporan Selesai', 'Completed', 'Closed']);
  add('completed', 'admin', ['Ditutup', 'Ditutup oleh Admin', 'Ditutup oleh Administrator', 'Closed by admin', 'Selesai oleh Admin']);
  add('completed', 'system', ['Ditutup oleh Sistem', 'Ditutup Otomatis', 'Selesai oleh Sistem', 'Closed by system', 'Auto closed']);
  add('archived', null, ['Arsip', 'Diarsipkan', 'Laporan Arsip', 'Archived']);
  add('archived', 'admin', ['Diarsipkan oleh Admin', 'Diarsipkan oleh Administrator', 'Diarsipkan Admin', 'Archived by admin']);
  add('archived', 'system', ['Diarsipkan oleh Sistem', 'Diarsipkan Otomatis', 'Archived by system']);
  return m;
})();

export function readStatus(text: string): StatusValue | undefined {
  return STATUS_LABELS.get(labelKey(text));
}

const CLOSED_BY_LABELS = table<'admin' | 'system'>({ admin: ['Admin', 'Administrator'], system: ['Sistem', 'System'] });

export function readClosedBy(text: string): 'admin' | 'system' | undefined {
  return CLOSED_BY_LABELS.get(labelKey(text));
}

// The official admin guide's archive reasons (Pengelolaan Laporan di Situs LAPOR! V3: "Kesalahan format TL/BL",
// "Masukan terlalu umum", "Tidak relevan dengan kinerja pemerintah", …; the monthly reports count reports
// archived as "tidak dapat dimengerti/tidak jelas") folded into our six reasons.
const ARCHIVE_REASON_LABELS = table<ArchiveReason>({
  duplicate: ['Duplikat', 'Ganda', 'Laporan Ganda', 'Laporan Duplikat', 'Duplicate'],
  incomplete: [
    'Tidak Lengkap',
    'Laporan Tidak Lengkap',
    'Tidak Jelas',
    'Laporan Tidak Jelas',
    'Tidak dapat dimengerti',
    'Tidak dapat dimengerti/tidak jelas',
    'Kesalahan format TL/BL',
    'Kesalahan format',
    'Masukan terlalu umum',
    'Incomplete',
  ],
  not_public_service: [
    'Bukan Pelayanan Publik',
    'Tidak relevan dengan kinerja pemerintah',
    'Bukan ranah pelayanan publik',
    'Not public service',
    'Not a public service',
  ],
  spam: ['Spam', 'Iseng', 'Laporan Iseng', 'SARA', 'Mengandung SARA'],
  no_reporter_response: [
    'Tidak Ada Tanggapan Pelapor',
    'Pelapor tidak menanggapi',
    'Tidak ada respon pelapor',
    'Tidak ada tanggapan dari pelapor',
    'No reporter response',
    'No response from reporter',
  ],
  other: ['Lainnya', 'Lain lain', 'Other'],
});

export function readArchiveReason(text: string): ArchiveReason | undefined {
  return ARCHIVE_REASON_LABELS.get(labelKey(text));
}

/**
 * Channel labels as LAPOR! exports write them (`Sumber Laporan`), mapped to the channel ids of the
 * reference data. Text not listed here is passed on as it is: the server matches it against the channel
 * table by id, Indonesian or English name.
 */
const CHANNEL_ALIASES = new Map<string, string>(
  (
    [
      ['web', ['Website', 'Situs Web', 'Web', 'lapor.go.id', 'Situs web lapor.go.id']],
      ['mobile', ['Aplikasi Mobile', 'Aplikasi Seluler', 'Mobile', 'Mobile App', 'Android', 'iOS', 'Aplikasi']],
      ['sms_1708', ['SMS', 'SMS 1708', '1708']],
      ['twitter', ['Twitter', 'Twitter/X', 'X', '@lapor1708']],
      ['whatsapp', ['WhatsApp', 'WA']],
      ['email', ['Email', 'E-mail', 'Surel', 'Surat Elektronik']],
      ['walk_in', ['Tatap Muka', 'Datang Langsung', 'Langsung', 'Walk in', 'Loket']],
      ['wifi_portal', ['WiFi Portal', 'Wifi']],
      ['integration', ['Integrasi', 'Integration', 'API']],
    ] as const
  ).flatMap(([id, labels]) => labels.map((l) => [labelKey(l), id] as [string, string])),
);

export function readChannel(text: string): string {
  return CHANNEL_ALIASES.get(labelKey(text)) ?? text.trim();
}

/** `Tipe Laporan (Anonim/Rahasia)`: both flags from one cell. */
export function readPrivacy(text: string): { anonymous: boolean; confidential: boolean } | undefined {
  const key = labelKey(text).replace(/&/g, ' ').replace(/\s+/g, ' ');
  if (key === '' || ['biasa', 'publik', 'umum', 'terbuka', 'public', 'regular', 'normal', 'tidak'].includes(key)) {
    return { anonymous: false, confidential: false };
  }
  const words = key.split(' ').filter((w) => w !== 'dan' && w !== 'and' && w !== '+');
  let anonymous = false;
  let confidential = false;
  for (const w of words) {
    if (w === 'anonim' || w === 'anonymous' || w === 'anonimus') anonymous = true;
    else if (w === 'rahasia' || w === 'confidential') confidential = true;
    else return undefined;
  }
  return words.length === 0 ? undefined : { anonymous, confidential };
}

export { ARCHIVE_REASONS, CLASSIFICATIONS };
