// The mapping skeleton that `lapor import cases FILE --init-mapping` writes: the file's header with the
// columns the built-in dictionaries recognise mapped and the rest set to null, the date patterns that read
// every sampled value of each date-like column, and notes on what is left to fill in. Pure: no IO.

import { dictionaryTarget, type MappingFile } from './layout.js';
import { REQUIRED_FIELDS } from './rules.js';
import { compileDatePattern, readInstant, readStatus, type DatePattern } from './values.js';

/** Date forms tried on samples, each with its month-first twin (null when the form has no twin). */
const DATE_FORMS: readonly [string, string | null][] = [
  ['DD/MM/YYYY', 'MM/DD/YYYY'],
  ['D/M/YYYY', 'M/D/YYYY'],
  ['DD-MM-YYYY', 'MM-DD-YYYY'],
  ['D-M-YYYY', 'M-D-YYYY'],
  ['DD.MM.YYYY', 'MM.DD.YYYY'],
  ['YYYY-MM-DD', null],
  ['YYYY/MM/DD', null],
  ['D MMM YYYY', null],
  ['MMM D, YYYY', null],
];
const TIME_FORMS = ['', ' HH:mm', ' HH:mm:ss', ' H:mm', ' H:mm:ss', ' hh:mm A', ' hh:mm:ss A', ' h:mm A', ' h:mm:ss A'];

const compiled = new Map<string, DatePattern>();
function pattern(source: string): DatePattern {
  let p = compiled.get(source);
  if (p === undefined) {
    p = compileDatePattern(source);
    compiled.set(source, p);
  }
  return p;
}

function readsAll(samples: readonly string[], source: string): boolean {
  const patterns = [pattern(source)];
  return samples.every((v) => readInstant(v, { offsetMinutes: 0, patterns, strict: true }) !== undefined);
}

/** The pattern that reads every sample, whether its month-first twin reads them all too, or null. */
export function inferDatePattern(samples: readonly string[]): { pattern: string; ambiguousWith: string | null } | null {
  if (samples.length === 0) return null;
  // ISO 8601 needs no pattern
  if (samples.every((v) => readInstant(v, { offsetMinutes: 0, patterns: [], strict: true }) !== undefined)) return null;
  for (const [dayFirst, monthFirst] of DATE_FORMS) {
    for (const time of TIME_FORMS) {
      const df = readsAll(samples, dayFirst + time);
      const mf = monthFirst !== null && readsAll(samples, monthFirst + time);
      if (df) return { pattern: dayFirst + time, ambiguousWith: mf ? `${monthFirst}${time}` : null };
      if (mf) return { pattern: `${monthFirst}${time}`, ambiguousWith: null };
    }
  }
  return null;
}

export interface SkeletonInput {
  header: readonly string[];
  /** 1-based line of the header row. */
  headerLine: number;
  /** Sample data records (cells in header order; null = empty). */
  rows: readonly (readonly (string | null)[])[];
  timezone: string;
}

/** What the skeleton leaves to the user; the command words each note in the user's language. */
export type SkeletonNote =
  | { kind: 'ambiguousDates'; column: string; pattern: string; twin: string }
  | { kind: 'unknownStatus'; labels: string[] }
  | { kind: 'requiredMissing'; fields: string[] }
  | { kind: 'nullColumns' }
  | { kind: 'timezone'; zone: string };

/** The mapping skeleton for a file, and notes on what the dictionaries did not settle. */
export function mappingSkeleton(input: SkeletonInput): { mapping: MappingFile; notes: SkeletonNote[] } {
  const columns: Record<string, string | null> = {};
  const notes: SkeletonNote[] = [];
  const unknown: string[] = [];
  const mapped = new Set<string>();
  input.header.forEach((raw) => {
    const name = raw.trim();
    if (name === '' || Object.hasOwn(columns, name)) return;
    const target = dictionaryTarget(name);
    // a field taken by an earlier column stays with it (one column per field)
    const field = target !== undefined && target !== null && !mapped.has(target) ? target : null;
    if (field !== null) mapped.add(field);
    if (target === undefined) unknown.push(name);
    columns[name] = field;
  });
  const dateFormats: string[] = [];
  input.header.forEach((raw, i) => {
    const name = raw.trim();
    const samples = input.rows.map((r) => r[i]?.trim() ?? '').filter((v) => v !== '');
    // only columns whose every value is a date: a date pattern is a property of the file, not of a field
    const found = /\d/.test(samples[0] ?? '') ? inferDatePattern(samples) : null;
    if (found === null) return;
    if (!dateFormats.includes(found.pattern)) dateFormats.push(found.pattern);
    if (found.ambiguousWith !== null) notes.push({ kind: 'ambiguousDates', column: name, pattern: found.pattern, twin: found.ambiguousWith });
  });
  const statusColumn = input.header.findIndex((h) => columns[h.trim()] === 'status');
  if (statusColumn >= 0) {
    const unread = [...new Set(input.rows.map((r) => r[statusColumn]?.trim() ?? '').filter((v) => v !== '' && readStatus(v) === undefined))];
    if (unread.length > 0) notes.push({ kind: 'unknownStatus', labels: unread });
  }
  const missing = REQUIRED_FIELDS.filter((f) => !mapped.has(f));
  if (missing.length > 0) notes.push({ kind: 'requiredMissing', fields: missing });
  if (unknown.length > 0) notes.push({ kind: 'nullColumns' });
  notes.push({ kind: 'timezone', zone: input.timezone });
  const mapping: MappingFile = { columns };
  if (dateFormats.length > 0) mapping.dateFormats = dateFormats;
  mapping.timezone = input.timezone;
  if (input.headerLine > 1) mapping.headerLine = input.headerLine;
  return { mapping, notes };
}
