// Pure renderers: rows + columns + context → string. A command computes its rows once, picks its columns
// (`selectColumns` for --fields) and renders them in the chosen --format; the table and the JSON are two
// views of the same rows.
//
// table, on a TTY: a borderless cli-table3 table (as gh): upper-case bold headers, columns two spaces apart,
//   human cells (`display`: colour, localized names, relative times), fitted to the terminal width by
//   truncating with "…" (`fit: 'flex'` columns first, `'fixed'` ones never).
// table, piped: gh's behaviour — NO header line, one row a line, cells separated by a tab, no colour, no
//   truncation, raw machine values (`value`: ISO 8601 instants, status codes, true/false). Tabs, newlines
//   and other control characters inside a cell become spaces so every row stays one line.
// json: a pretty-printed array of objects keyed by column key with raw values; `[]` when empty.
// ndjson: one compact JSON object a line; the empty document when empty.
// csv: RFC 4180 quoting with a header row of column keys, comma-separated, records ended by LF (not CRLF:
//   the files are for scripts, `cut`, `awk` and spreadsheets, which all read LF). Text cells that a
//   spreadsheet could read as a formula (starting with = + - @ tab CR LF, or full-width ＝ ＋ － ＠) get a
//   leading single quote; numbers stay numbers. Only the header row when empty.

import { createRequire } from 'node:module';
import type TableConstructor from 'cli-table3';
import type { stringify as Stringify } from 'csv-stringify/sync';
import { neutraliseFormula } from '../domain/export.js';
import { UsageError } from './errors.js';
import { CONTROL, sanitizeText } from './text.js';
import { t, yesNo, type Lang } from './i18n.js';
import type { IOStreams, Palette, TextSink } from './iostreams.js';

// cli-table3 and csv-stringify are loaded the first time a terminal table or a CSV is rendered, not when a
// command starts: most runs need one of them, or neither. Both are CommonJS, so they load synchronously.
const requireLazily = createRequire(import.meta.url);
let Table: typeof TableConstructor | undefined;
let stringify: typeof Stringify | undefined;

export const OUTPUT_FORMATS = ['table', 'json', 'ndjson', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export type CellValue = string | number | boolean | null;

/** What a machine value may depend on (e.g. a clock state depends on `now`). */
export interface ValueContext {
  lang: Lang;
  /** The fixed clock of this run; never read the system clock in a renderer. */
  now: Date;
}

export interface RenderContext extends ValueContext {
  /** stdout is a terminal: the human table; otherwise the piped form. */
  tty: boolean;
  color: Palette;
  width: number;
}

export interface Column<T> {
  /** Machine name: the JSON/NDJSON property, the CSV header, the --fields name. */
  key: string;
  /** Human header for the TTY table. */
  header: (lang: Lang) => string;
  /** Raw value for JSON, NDJSON, CSV and piped tables. */
  value: (row: T, ctx: ValueContext) => CellValue;
  /** Human TTY cell (may colour). Without it the value is shown, booleans as ya/tidak, null as a dim dash.
   *  Wrap user-supplied text in `sanitizeText` before colouring it. */
  display?: (row: T, ctx: RenderContext) => string;
  /** How the column gives way when the TTY table is wider than the terminal: `flex` first (titles,
   *  bodies), `normal` next, `fixed` never (identifiers). Default normal. */
  fit?: ColumnFit;
  /** Alignment in the TTY table (default left; use right for counts). */
  align?: 'left' | 'right';
  /** Names and codes: when the column must give way, shortened in the middle (shortenDistinct), so that two
   *  different values never look the same; otherwise cut at the end. */
  shorten?: 'middle';
}

export function createRenderContext(
  io: Pick<IOStreams, 'isOutTTY' | 'color' | 'width'>,
  lang: Lang,
  now: Date,
): RenderContext {
  return { lang, now, tty: io.isOutTTY, color: io.color, width: io.width };
}

/** Parses a --format value; throws a UsageError naming the valid formats. */
export function parseOutputFormat(value: string): OutputFormat {
  const found = OUTPUT_FORMATS.find((f) => f === value.trim().toLowerCase());
  if (found !== undefined) return found;
  throw new UsageError(
    (lang) =>
      `${t(lang, 'format.unknown', { format: value })}; ${t(lang, 'format.valid', { formats: OUTPUT_FORMATS.join(', ') })}`,
  );
}

/** --fields named one or more fields that the command does not have. */
export class UnknownFieldError extends UsageError {
  override name = 'UnknownFieldError';
  readonly fields: readonly string[];
  readonly validFields: readonly string[];

  constructor(fields: readonly string[], validFields: readonly string[]) {
    super(
      (lang) =>
        `${t(lang, 'fields.unknown', { field: fields.join(', ') })}; ${t(lang, 'fields.valid', { fields: validFields.join(', ') })}`,
    );
    this.fields = fields;
    this.validFields = validFields;
  }
}

/**
 * The columns named by `--fields a,b,c`, in the order given (duplicates dropped). Without the flag: the
 * `defaults` keys when given, else all columns. Unknown names throw UnknownFieldError (a usage error).
 */
export function selectColumns<T>(
  columns: readonly Column<T>[],
  fieldsFlag: string | undefined,
  defaults?: readonly string[],
): Column<T>[] {
  const byKey = new Map(columns.map((c) => [c.key, c]));
  if (fieldsFlag === undefined) {
    if (defaults === undefined) return [...columns];
    return defaults.map((key) => {
      const column = byKey.get(key);
      if (column === undefined) throw new Error(`default column "${key}" is not among the columns`);
      return column;
    });
  }
  const names = [...new Set(fieldsFlag.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
  if (names.length === 0) {
    throw new UsageError(
      (lang) =>
        `${t(lang, 'fields.empty')}; ${t(lang, 'fields.valid', { fields: columns.map((c) => c.key).join(', ') })}`,
    );
  }
  const unknown = names.filter((n) => !byKey.has(n));
  if (unknown.length > 0) throw new UnknownFieldError(unknown, columns.map((c) => c.key));
  return names.map((n) => byKey.get(n)).filter((c): c is Column<T> => c !== undefined);
}

/** One row as a plain object of raw values, keyed by column key (the JSON/NDJSON shape). */
export function toRecord<T>(row: T, columns: readonly Column<T>[], ctx: ValueContext): Record<string, CellValue> {
  const record: Record<string, CellValue> = {};
  for (const c of columns) record[c.key] = c.value(row, ctx);
  return record;
}

// ---------------------------------------------------------------- text safety and width

export { sanitizeText };

const SGR = /(\x1b\[[0-9;]*m)/;

/** Keeps our own colour codes (SGR) in a display cell and sanitizes everything between them. */
function sanitizeDisplay(s: string): string {
  return s
    .split(SGR)
    .map((part, i) => (i % 2 === 1 ? part : sanitizeText(part)))
    .join('');
}

function isZeroWidth(cp: number): boolean {
  return (
    (cp >= 0x300 && cp <= 0x36f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x20d0 && cp <= 0x20ff) ||
    (cp >= 0xfe00 && cp <= 0xfe0f)
  );
}

function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Columns a string takes on a terminal (colour codes excluded, CJK and emoji count 2). */
export function displayWidth(s: string): number {
  let width = 0;
  for (const ch of s.replace(new RegExp(SGR.source, 'g'), '')) {
    const cp = ch.codePointAt(0) ?? 0;
    if (isZeroWidth(cp)) continue;
    width += isWide(cp) ? 2 : 1;
  }
  return width;
}

// ---------------------------------------------------------------- names in narrow columns

/** The first `width` terminal columns of `s`. */
function headColumns(s: string, width: number): string {
  let out = '';
  for (const ch of s) {
    if (displayWidth(out + ch) > width) break;
    out += ch;
  }
  return out;
}

/** The last `width` terminal columns of `s`. */
function tailColumns(s: string, width: number): string {
  const chars = [...s];
  let out = '';
  for (let i = chars.length - 1; i >= 0; i -= 1) {
    if (displayWidth(chars[i] + out) > width) break;
    out = chars[i] + out;
  }
  return out;
}

/**
 * `text` in at most `width` columns with "…" in the middle: the start and the end stay, which tell apart
 * names such as "Dinas Kesehatan Kabupaten Badung" and "… Kabupaten Buleleng" that a cut at the end would
 * make equal. `head`: the columns kept at the start (default: half).
 */
export function shortenMiddle(text: string, width: number, head = Math.ceil((width - 1) / 2)): string {
  if (displayWidth(text) <= width) return text;
  if (width <= 1) return '…'.slice(0, width);
  const front = headColumns(text, head).trimEnd();
  const back = tailColumns(text, width - 1 - head).trimStart();
  return `${front}…${back}`;
}

/**
 * Every text in at most `width` columns (shortenMiddle), different texts never made equal: where two would
 * be, those are cut at another place that keeps them apart, and shown whole when no place does.
 */
export function shortenDistinct(texts: readonly string[], width: number): string[] {
  const out = texts.map((text) => shortenMiddle(text, width));
  const originals = new Map<string, Set<string>>();
  texts.forEach((text, i) => originals.set(out[i], (originals.get(out[i]) ?? new Set()).add(text)));
  for (const [short, group] of originals) {
    if (group.size < 2) continue;
    const others = new Set([...originals.keys()].filter((k) => k !== short));
    let chosen: Map<string, string> | null = null;
    for (let head = width - 2; head >= 1 && chosen === null; head -= 1) {
      const tried = new Map([...group].map((text) => [text, shortenMiddle(text, width, head)]));
      const values = [...tried.values()];
      if (new Set(values).size === group.size && values.every((v) => !others.has(v))) chosen = tried;
    }
    texts.forEach((text, i) => {
      if (group.has(text)) out[i] = chosen?.get(text) ?? text;
    });
  }
  return out;
}

/** `text` in lines of at most `width` columns, broken at spaces (a longer word is split). */
export function wrapWords(text: string, width: number): string[] {
  if (width < 1 || displayWidth(text) <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/ +/)) {
    let rest = word;
    while (displayWidth(rest) > width) {
      if (line !== '') {
        lines.push(line);
        line = '';
      }
      const piece = headColumns(rest, width);
      lines.push(piece);
      rest = rest.slice(piece.length);
    }
    if (rest === '') continue;
    if (line === '') line = rest;
    else if (displayWidth(`${line} ${rest}`) <= width) line = `${line} ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

// ---------------------------------------------------------------- table

const GAP = 2;
const MIN_WIDTH = 5;
const FLEX_MIN = 12;
/** The least a flex column is given before the other columns are cut. */
const FLEX_FLOOR = 8;
const BORDERLESS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: ' '.repeat(GAP),
};

function defaultDisplay(value: CellValue, ctx: RenderContext): string {
  if (value === null) return ctx.color.dim('–');
  if (typeof value === 'boolean') return yesNo(ctx.lang, value);
  return sanitizeText(String(value));
}

/** Common cap: each column gets min(natural, cap), with the largest cap (≥ MIN_WIDTH) that fits `budget`. */
function waterFill(naturals: readonly number[], budget: number): number[] {
  const order = naturals.map((_, i) => i).sort((a, b) => naturals[a] - naturals[b]);
  const widths = [...naturals];
  let left = budget;
  order.forEach((index, position) => {
    const share = Math.floor(left / (order.length - position));
    widths[index] = Math.min(naturals[index], Math.max(share, MIN_WIDTH));
    left -= widths[index];
  });
  return widths;
}

export type ColumnFit = 'flex' | 'normal' | 'fixed';

/**
 * Column widths that fit `total` terminal columns (two-space gaps included). `fixed` columns keep their
 * natural width. `flex` columns give way first, down to FLEX_MIN, then (rather than cut the others) down to
 * FLEX_FLOOR; when that is not enough, every flex and normal column is capped at one common width (at least
 * MIN_WIDTH). If even that does not fit, the table
 * is wider than the terminal rather than unreadable.
 */
export function fitWidths(naturals: readonly number[], fits: readonly ColumnFit[], total: number): number[] {
  const budget = total - GAP * (naturals.length - 1);
  if (naturals.reduce((a, b) => a + b, 0) <= budget) return [...naturals];
  const indexes = naturals.map((_, i) => i);
  const flexIdx = indexes.filter((i) => fits[i] === 'flex');
  const shrinkIdx = indexes.filter((i) => fits[i] !== 'fixed');
  const widths = [...naturals];
  const sumOf = (idx: readonly number[]) => idx.reduce((a, i) => a + naturals[i], 0);

  const flexBudget = budget - (sumOf(indexes) - sumOf(flexIdx));
  if (flexIdx.length > 0 && flexBudget >= flexIdx.reduce((a, i) => a + Math.min(naturals[i], FLEX_MIN), 0)) {
    const fitted = waterFill(flexIdx.map((i) => naturals[i]), flexBudget);
    if (flexIdx.every((i, k) => fitted[k] >= Math.min(naturals[i], FLEX_MIN))) {
      flexIdx.forEach((i, k) => (widths[i] = fitted[k]));
      return widths;
    }
  }
  // free text (titles, notes) gives way below FLEX_MIN before a status or a clock is cut: those are read whole
  if (flexIdx.length > 0 && flexBudget >= flexIdx.length * FLEX_FLOOR) {
    const share = Math.floor(flexBudget / flexIdx.length);
    flexIdx.forEach((i) => (widths[i] = Math.min(naturals[i], share)));
    return widths;
  }
  const fitted = waterFill(
    shrinkIdx.map((i) => naturals[i]),
    budget - (sumOf(indexes) - sumOf(shrinkIdx)),
  );
  shrinkIdx.forEach((i, k) => (widths[i] = fitted[k]));
  return widths;
}

function fitOf<T>(c: Column<T>): ColumnFit {
  return c.fit ?? 'normal';
}

function pipedCell(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return value.replace(CONTROL, ' ');
}

/** The table view (see the file header for the TTY and piped forms). Empty string when there are no rows. */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[], ctx: RenderContext): string {
  if (rows.length === 0 || columns.length === 0) return '';
  if (!ctx.tty) {
    return rows.map((row) => columns.map((c) => pipedCell(c.value(row, ctx))).join('\t')).join('\n') + '\n';
  }
  const head = columns.map((c) => ctx.color.bold(sanitizeText(c.header(ctx.lang)).toUpperCase()));
  const body = rows.map((row) =>
    columns.map((c) => (c.display ? sanitizeDisplay(c.display(row, ctx)) : defaultDisplay(c.value(row, ctx), ctx))),
  );
  const naturals = columns.map((_, i) => Math.max(displayWidth(head[i]), ...body.map((cells) => displayWidth(cells[i]))));
  const widths = fitWidths(naturals, columns.map(fitOf), ctx.width);
  columns.forEach((c, i) => {
    if (c.shorten !== 'middle' || widths[i] >= naturals[i]) return;
    // plain cells (names, codes); coloured ones (a dim dash for none) are short and cut at the end if ever
    const plain = body.map((_, r) => r).filter((r) => !SGR.test(body[r][i]));
    const shortened = shortenDistinct(plain.map((r) => body[r][i]), widths[i]);
    plain.forEach((r, k) => (body[r][i] = shortened[k]));
    widths[i] = Math.max(widths[i], ...shortened.map(displayWidth)); // a name kept whole keeps its width
  });
  Table ??= requireLazily('cli-table3') as typeof TableConstructor;
  const table = new Table({
    head,
    chars: BORDERLESS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
    colWidths: widths,
    colAligns: columns.map((c) => c.align ?? 'left'),
    wordWrap: false,
    truncate: '…',
  });
  table.push(...body);
  return (
    table
      .toString()
      .split('\n')
      .map((line) => line.trimEnd())
      .join('\n') + '\n'
  );
}

/**
 * One record as label/value lines (for `show` verbs). TTY: "Label:" (bold, padded) then the human cell;
 * piped: `key<TAB>value` with the raw value.
 */
export function renderRecord<T>(row: T, columns: readonly Column<T>[], ctx: RenderContext): string {
  if (columns.length === 0) return '';
  if (!ctx.tty) return columns.map((c) => `${c.key}\t${pipedCell(c.value(row, ctx))}`).join('\n') + '\n';
  const labels = columns.map((c) => `${sanitizeText(c.header(ctx.lang))}:`);
  const labelWidth = Math.max(...labels.map(displayWidth));
  return (
    columns
      .map((c, i) => {
        const cell = c.display ? sanitizeDisplay(c.display(row, ctx)) : defaultDisplay(c.value(row, ctx), ctx);
        const pad = ' '.repeat(labelWidth - displayWidth(labels[i]) + 1);
        // long plain values wrap at word boundaries under the value column, not at the terminal's edge
        const room = ctx.width - labelWidth - 1;
        const lines = SGR.test(cell) || room < 20 ? [cell] : wrapWords(cell, room);
        const indent = ' '.repeat(labelWidth + 1);
        return [`${ctx.color.bold(labels[i])}${pad}${lines[0]}`.trimEnd(), ...lines.slice(1).map((l) => `${indent}${l}`.trimEnd())].join('\n');
      })
      .join('\n') + '\n'
  );
}

// ---------------------------------------------------------------- JSON / NDJSON

/** Pretty JSON of any value, with a final newline (for single objects, e.g. `cases show --format json`). */
export function renderJsonValue(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n';
}

/** A pretty JSON array: the rows as they are, or as records of the given columns. `[]` when empty. */
export function renderJson(rows: readonly unknown[]): string;
export function renderJson<T>(rows: readonly T[], columns: readonly Column<T>[], ctx: ValueContext): string;
export function renderJson<T>(rows: readonly T[], columns?: readonly Column<T>[], ctx?: ValueContext): string {
  return renderJsonValue(columns && ctx ? rows.map((r) => toRecord(r, columns, ctx)) : rows);
}

/** One compact JSON object a line; the empty string (a valid empty document) when there are no rows. */
export function renderNdjson(rows: readonly unknown[]): string;
export function renderNdjson<T>(rows: readonly T[], columns: readonly Column<T>[], ctx: ValueContext): string;
export function renderNdjson<T>(rows: readonly T[], columns?: readonly Column<T>[], ctx?: ValueContext): string {
  return rows.map((r) => JSON.stringify(columns && ctx ? toRecord(r, columns, ctx) : r) + '\n').join('');
}

// ---------------------------------------------------------------- CSV

// One definition for the server's exports and the client's CSV: = + - @ tab CR LF ＝ ＋ － ＠ and ' at the start
// get a leading ' (domain/export.ts; the import undoes it).
export { neutraliseFormula };

/** A CSV field: text neutralised, numbers as numbers, booleans true/false, null empty. */
export function csvCell(value: CellValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return neutraliseFormula(value);
}

function csvLines(records: readonly (readonly string[])[]): string {
  stringify ??= (requireLazily('csv-stringify/sync') as { stringify: typeof Stringify }).stringify;
  return stringify(
    records.map((r) => [...r]),
    { record_delimiter: 'unix', quoted_match: /\r/ },
  );
}

/** The CSV header line (column keys), for writers that append rows as they go (journals, failure lists). */
export function renderCsvHeader<T>(columns: readonly Column<T>[]): string {
  return csvLines([columns.map((c) => c.key)]);
}

/** CSV data lines without the header. */
export function renderCsvRows<T>(rows: readonly T[], columns: readonly Column<T>[], ctx: ValueContext): string {
  return csvLines(rows.map((row) => columns.map((c) => csvCell(c.value(row, ctx)))));
}

/** A CSV document: the header row, then one record a row. Only the header when there are no rows. */
export function renderCsv<T>(rows: readonly T[], columns: readonly Column<T>[], ctx: ValueContext): string {
  return renderCsvHeader(columns) + renderCsvRows(rows, columns, ctx);
}

// ---------------------------------------------------------------- dispatch

/** Renders rows in the chosen format. */
export function renderRows<T>(
  format: OutputFormat,
  rows: readonly T[],
  columns: readonly Column<T>[],
  ctx: RenderContext,
): string {
  switch (format) {
    case 'table':
      return renderTable(rows, columns, ctx);
    case 'json':
      return renderJson(rows, columns, ctx);
    case 'ndjson':
      return renderNdjson(rows, columns, ctx);
    case 'csv':
      return renderCsv(rows, columns, ctx);
  }
}

/**
 * Writes rows to `out` in the chosen format. An empty table on a TTY prints "Tidak ada hasil" / "No
 * results" to `err` instead (gh: only for the table view, and only for people; the exit code stays 0);
 * piped, an empty table prints nothing; json/ndjson/csv always print a valid (possibly empty) document.
 */
export function printRows<T>(
  io: { out: TextSink; err: TextSink },
  format: OutputFormat,
  rows: readonly T[],
  columns: readonly Column<T>[],
  ctx: RenderContext,
): void {
  if (format === 'table' && rows.length === 0) {
    if (ctx.tty) io.err.write(`${t(ctx.lang, 'common.noResults')}\n`);
    return;
  }
  io.out.write(renderRows(format, rows, columns, ctx));
}
