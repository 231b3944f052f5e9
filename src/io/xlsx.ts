// Spreadsheet (XLSX) output and input, streamed with exceljs (its streaming WorkbookWriter and WorkbookReader):
// rows are written to the zip as they come and read from it as they are unpacked, never a whole sheet in
// memory. exceljs is large: it is imported on first use, never when the CLI starts.
//
// A cell's type is the type of its value: a string is a text cell whatever it looks like (`007`, `3,14`,
// `=1+1` stay text: never a number, a date or a formula), a number a number, a Date a spreadsheet date (its
// UTC wall-clock time: the caller shifts instants into the zone it shows). A boolean is written as the text
// true/false, as in the CSV: LibreOffice has no boolean cells and reads an OOXML boolean as a formula
// (=TRUE()), and a file of ours holds no formulas. The header row is frozen and each column gets a width.

import { PassThrough, type Readable, type Writable } from 'node:stream';
import { installChunkSafeSax } from './xlsxSax.js';

/** The most rows a sheet holds (Excel's and LibreOffice's limit), header included. */
export const SHEET_MAX_ROWS = 1_048_576;

export type SheetValue = string | number | boolean | Date | null;

export interface SheetColumn {
  header: string;
  /** Width in characters. */
  width: number;
  /** Number format of the column's dates or numbers (e.g. `yyyy-mm-dd`). */
  numFmt?: string;
}

export interface SheetOptions {
  /** Name of the first sheet; the next ones get " (2)", " (3)", … */
  name: string;
  columns: readonly SheetColumn[];
  /** Rows per sheet, header included (SHEET_MAX_ROWS; smaller only in tests). */
  maxRows?: number;
}

/** What the workbook may hold in memory before the rows wait for the zip to take it (bytes of sheet XML). */
const BACKLOG_BYTES = 1 << 20;

/**
 * The sheet XML exceljs holds that the zip has not compressed yet, or null when exceljs' internals are not as
 * known. exceljs' streaming writer never waits: each committed row goes into the sheet's buffer
 * (worksheet.stream, a StreamBuf), which hands 64 KiB blocks to the zip's deflate stream ignoring its
 * backpressure, so rows produced faster than deflate runs pile up in memory (1,000,000 rows: over 1 GB).
 * Pinned to exceljs 4.4; test/export/xlsx.test.ts checks the shape.
 */
export function sheetBacklog(worksheet: unknown): number | null {
  const stream = (worksheet as { stream?: { buffers?: unknown; bufSize?: unknown; pipes?: unknown } }).stream;
  if (!stream || !Array.isArray(stream.buffers) || !Array.isArray(stream.pipes) || typeof stream.bufSize !== 'number') return null;
  let bytes = stream.buffers.length * stream.bufSize;
  for (const pipe of stream.pipes as Writable[]) bytes += pendingBytes(pipe);
  return bytes;
}

/** Bytes written to a stream and not yet taken (archiver's streams are readable-stream 2: no writableLength). */
function pendingBytes(pipe: Writable): number {
  return pipe.writableLength ?? (pipe as unknown as { _writableState?: { length?: number } })._writableState?.length ?? 0;
}

/** Waits until the zip has taken most of the sheet's XML (see sheetBacklog). */
async function drained(worksheet: unknown): Promise<void> {
  for (;;) {
    const backlog = sheetBacklog(worksheet);
    if (backlog === null || backlog <= BACKLOG_BYTES) return;
    const pipe = (worksheet as { stream: { pipes: Writable[] } }).stream.pipes[0];
    if (pipe && pendingBytes(pipe) > 0) await new Promise<void>((resolve) => pipe.once('drain', resolve));
    else await new Promise<void>((resolve) => setTimeout(resolve, 5)); // the zip is still on an earlier entry
  }
}

/**
 * The style of each cell, one object per column and kind of value, shared by every row. exceljs gives each new
 * cell a style object of its own (the column's, copied) and, when the row is written, looks its id up by that
 * object or else by rendering it to XML: a million rows rendered 24 million style XML strings, a fifth of the
 * export's time and most of its garbage. The same object each time is found by identity. The kind of value is
 * part of the key because exceljs picks the style id from the style and the cell's type together (a number or
 * a date without a format gets one), so the ids stay those of a style per cell.
 */
class CellStyles {
  private readonly byColumn: Map<string, Partial<import('exceljs').Style>>[];
  constructor(private readonly columns: readonly SheetColumn[]) {
    this.byColumn = columns.map(() => new Map());
  }
  of(column: number, value: SheetValue): Partial<import('exceljs').Style> {
    const kind = value === null ? 'null' : value instanceof Date ? 'date' : typeof value === 'boolean' ? 'string' : typeof value;
    const styles = this.byColumn[column];
    let style = styles.get(kind);
    if (style === undefined) {
      const numFmt = this.columns[column]?.numFmt;
      style = numFmt === undefined ? {} : { numFmt };
      styles.set(kind, style);
    }
    return style;
  }
}

/**
 * Keeps the heap small while a workbook is written. Writing allocates a few hundred bytes of short-lived
 * strings and objects per cell, and exceljs hands each 64 KiB of sheet XML to the zip in a Buffer of its own.
 * V8 answers that rate by growing the young generation to its limit (3 × 16 MiB) and the old one by its
 * default factor, and the Buffers that outlive a scavenge (queued for deflate) are freed only by a full
 * collection: memory the process keeps to its end (1,000,000 rows: 200 MB of RSS where the issue allows 150).
 * Two V8 settings read at each resize, so they apply from here on (the heap's limits are fixed at start):
 * the young generation keeps its first size (growth factor 1; a scavenge of it is cheap, nearly everything in
 * it being dead), and the old generation grows by half its live size before the next full collection. Measured
 * on 152,179 rows: peak RSS 212 MB → 111 MB for about 10 % more CPU. Process-wide on purpose: the CLI does one
 * export per process.
 */
function holdHeap(): void {
  // node:v8 only when a workbook is written (as cli/main.ts does): this module loads with every import
  // and statistics command
  const v8 = process.getBuiltinModule('node:v8');
  v8.setFlagsFromString('--semi-space-growth-factor=1');
  v8.setFlagsFromString('--heap-growing-percent=50');
}

/** exceljs, loaded on first use. */
async function excel(): Promise<typeof import('exceljs')> {
  installChunkSafeSax();
  const mod = (await import('exceljs')) as typeof import('exceljs') & { default?: typeof import('exceljs') };
  return mod.default ?? mod;
}

/**
 * Writes the rows as an XLSX workbook to `out`: past `maxRows` a new sheet begins, with the header again, so
 * no row is ever lost to the sheet limit. Resolves with the number of data rows once the workbook is complete.
 */
export async function writeSheets(out: Writable, rows: AsyncIterable<readonly SheetValue[]>, options: SheetOptions): Promise<number> {
  const ExcelJS = await excel();
  holdHeap();
  const maxRows = options.maxRows ?? SHEET_MAX_ROWS;
  if (maxRows < 2) throw new RangeError('a sheet needs room for its header and one row');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const styles = new CellStyles(options.columns);
  let sheet: import('exceljs').Worksheet | null = null;
  let sheets = 0;
  let inSheet = 0;
  let total = 0;
  const open = () => {
    sheets += 1;
    const name = sheets === 1 ? options.name : `${options.name} (${sheets})`;
    const ws = workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
    ws.columns = options.columns.map((c, i) => ({ key: `c${i}`, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
    const head = ws.addRow(options.columns.map((c) => c.header));
    head.font = { bold: true };
    head.commit();
    inSheet = 1;
    return ws;
  };
  for await (const values of rows) {
    if (sheet === null || inSheet >= maxRows) {
      if (sheet !== null) sheet.commit();
      sheet = open();
    }
    const row = sheet.addRow(values.map((v) => (typeof v === 'boolean' ? String(v) : v)));
    for (let i = 0; i < values.length; i += 1) row.getCell(i + 1).style = styles.of(i, values[i]);
    row.commit();
    inSheet += 1;
    total += 1;
    if (total % 128 === 0) await drained(sheet);
  }
  if (sheet === null) sheet = open(); // an empty result is a sheet with its header
  sheet.commit();
  await workbook.commit();
  return total;
}

/**
 * The workbook as bytes, produced as they are read (for a file written whole, or a pipe): the rows are pulled
 * while the zip is read, and a failure on either side ends both.
 */
export function sheetBytes(rows: AsyncIterable<readonly SheetValue[]>, options: SheetOptions): AsyncIterable<Buffer> {
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const written = writeSheets(out, rows, options);
  written.catch((e: unknown) => out.destroy(e instanceof Error ? e : new Error(String(e))));
  async function* bytes(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of out) yield chunk as Buffer;
      await written;
    } finally {
      out.destroy();
    }
  }
  return bytes();
}

/** One row of a sheet as read: its row number and its cells (null for an empty cell). */
export interface SheetRow {
  row: number;
  cells: SheetValue[];
}

/** The value of a cell as exceljs reads it: text, number, boolean, date; rich text and formula results flattened. */
function plainValue(value: unknown): SheetValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (Array.isArray(v.richText)) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return plainValue(v.result);
    if (typeof v.text === 'string') return v.text;
    if (typeof v.error === 'string') return v.error;
  }
  return String(value);
}

/**
 * The rows of the first sheet of an XLSX byte stream, in order, as they are unpacked (exceljs' streaming
 * reader: shared strings are kept, rows are not). Empty rows are skipped (as empty lines of a CSV).
 */
export async function* readFirstSheet(input: Readable): AsyncGenerator<SheetRow> {
  const ExcelJS = await excel();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache' });
  for await (const worksheet of reader) {
    for await (const row of worksheet as AsyncIterable<import('exceljs').Row>) {
      const values = row.values as unknown[];
      const cells: SheetValue[] = [];
      // exceljs' row.values is 1-based (index 0 unused)
      for (let i = 1; i < values.length; i += 1) cells.push(plainValue(values[i]));
      if (cells.every((c) => c === null || c === '')) continue;
      yield { row: row.number, cells };
    }
    return; // the first sheet only
  }
}
