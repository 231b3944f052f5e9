// Reading a CSV file for import as a stream of records, never the whole file: bytes are checked as UTF-8 as
// they arrive (UTF-16, NUL bytes and invalid sequences stop the import with the line named — never silent
// replacement characters), the delimiter is detected from the first 64 KiB (or given), and csv-parse turns
// the bytes into records (BOM, CRLF/LF/CR, quoted newlines; a record-size limit). Each record comes with the
// line it starts on and, when asked, its raw source text (for the rejects file).
// An XLSX workbook (openXlsxSource) gives the same records from its first sheet, streamed: the line is the row
// number, and each cell's text is what the rfc4180 CSV of the same sheet would hold (sheetText), text cells
// with the export's formula escape, which the import undoes for every record (restoreFormula): one rule.

import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import type { FileCode } from '../../domain/csv/codes.js';
import { detectDelimiter, type Delimiter } from '../../domain/csv/layout.js';
import { neutraliseFormula } from '../../domain/export.js';
import { CliError, type Text } from '../../io/errors.js';
import { t } from '../../io/i18n.js';
import { readFirstSheet, type SheetValue } from '../../io/xlsx.js';
import { decodeSheetText } from '../../io/xlsxText.js';

/** The largest record accepted, in characters (a case's body is at most 20,000 characters). */
export const MAX_RECORD_CHARS = 1024 * 1024;
const PEEK_BYTES = 64 * 1024;

/** A file that cannot be read as CSV: the import stops before anything is kept. Exit 1. */
export class ImportFileError extends CliError {
  override name = 'ImportFileError';
  constructor(
    readonly file: string,
    override readonly code: FileCode,
    readonly line: number | null,
    detail: Text,
  ) {
    super((l) => {
      const shown = typeof detail === 'string' ? detail : detail(l);
      return line === null
        ? t(l, 'import.file.error', { file, reason: t(l, `import.code.${code}`), detail: shown })
        : t(l, 'import.file.errorAt', { file, line, reason: t(l, `import.code.${code}`), detail: shown });
    });
  }
}

export interface SourceRecord {
  /** Line (1-based) where the record starts. */
  line: number;
  /** Cells in file order; null for an empty unquoted cell (a quoted "" is the empty string). */
  cells: (string | null)[];
  /** The record as written in the file (without its line break), when `raw` was asked for. */
  raw: string | null;
  /** The line break that ended the record in the file (CRLF, LF, CR; empty at the end of the file), with `raw`. */
  eol: string | null;
}

/** Counts line breaks (LF, CRLF, or a lone CR) in a byte buffer; `cr` carries a CR ending the previous chunk. */
function countLines(buf: Buffer, end: number, state: { cr: boolean }): number {
  const bytes = end === buf.length ? buf : buf.subarray(0, end);
  let n = 0;
  if (bytes.indexOf(13) < 0) {
    // no CR (most files): count the LFs natively; an LF right after a CR that ended the last chunk is its pair
    for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) n += 1;
    if (state.cr && bytes.length > 0 && bytes[0] === 10) n -= 1;
    if (bytes.length > 0) state.cr = false;
    return n;
  }
  for (let i = 0; i < end; i += 1) {
    const b = buf[i];
    if (b === 10) {
      if (!state.cr) n += 1;
      state.cr = false;
    } else if (b === 13) {
      n += 1;
      state.cr = true;
    } else state.cr = false;
  }
  return n;
}

/** Offset of the first byte of `buf` that is not part of a well-formed UTF-8 sequence. */
export function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    let need = 0;
    let min = 0;
    if (b < 0x80) {
      i += 1;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= buf.length + (need > 0 ? 0 : 1)) return i;
    let cp = b & (0xff >> (need + 2));
    for (let k = 1; k <= need; k += 1) {
      const c = buf[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** How many bytes at the end of `buf` begin a UTF-8 sequence that the next chunk completes. */
function incompleteTail(buf: Buffer): number {
  for (let back = 1; back <= Math.min(3, buf.length); back += 1) {
    const b = buf[buf.length - back];
    if ((b & 0xc0) === 0x80) continue; // continuation byte: look further back
    const len = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return len > back ? back : 0;
  }
  return 0;
}

/**
 * The bytes of `input`, checked: UTF-16 (a BOM, or NUL bytes at the start), NUL bytes and invalid UTF-8 throw
 * an ImportFileError naming the line. Chunks are passed on unchanged (split only at sequence boundaries).
 */
export async function* checkedBytes(input: AsyncIterable<Buffer | string>, file: string): AsyncGenerator<Buffer> {
  let carry: Buffer | null = null;
  let line = 1;
  const state = { cr: false };
  let first = true;
  for await (const piece of input) {
    let chunk: Buffer = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
    if (first && chunk.length > 0) {
      first = false;
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
        throw new ImportFileError(file, 'utf16', 1, (l) => t(l, 'import.detail.utf16Bom'));
      }
      const sample = chunk.subarray(0, 512);
      let nuls = 0;
      for (const b of sample) if (b === 0) nuls += 1;
      if (nuls > sample.length / 8) throw new ImportFileError(file, 'utf16', 1, (l) => t(l, 'import.detail.nulBytes', { n: nuls, of: sample.length }));
    }
    if (carry) {
      chunk = Buffer.concat([carry, chunk]);
      carry = null;
    }
    const tail = incompleteTail(chunk);
    const body = tail > 0 ? chunk.subarray(0, chunk.length - tail) : chunk;
    if (tail > 0) carry = Buffer.from(chunk.subarray(chunk.length - tail));
    const nul = body.indexOf(0);
    const valid = isUtf8(body);
    if (nul >= 0 || !valid) {
      const bad = !valid ? firstInvalidUtf8(body) : -1;
      const at = nul >= 0 && (bad < 0 || nul < bad) ? nul : bad;
      line += countLines(body, at, state);
      if (at === nul) throw new ImportFileError(file, 'nul_byte', line, '0x00');
      const bytes = [...body.subarray(at, at + 4)].map((b) => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`).join(' ');
      throw new ImportFileError(file, 'invalid_utf8', line, bytes);
    }
    line += countLines(body, body.length, state);
    if (body.length > 0) yield body;
  }
  if (carry) {
    throw new ImportFileError(file, 'invalid_utf8', line, [...carry].map((b) => `0x${b.toString(16).toUpperCase()}`).join(' '));
  }
}

export interface OpenedSource {
  delimiter: Delimiter;
  /** The records, in order; the iterator throws ImportFileError on a bad file. */
  records: AsyncGenerator<SourceRecord>;
  /** Bytes read so far (for progress). */
  bytes(): number;
}

/**
 * The cells of a record with each empty unquoted cell as null (a missing value); a quoted "" stays the empty
 * text. Only records holding an empty cell are looked at again, by scanning their raw text.
 */
export function emptyCells(record: readonly string[], raw: string, delimiter: string): (string | null)[] {
  if (!record.includes('')) return record as string[];
  const out: (string | null)[] = [...record];
  if (!raw.includes('""')) {
    for (let i = 0; i < out.length; i += 1) if (out[i] === '') out[i] = null;
    return out;
  }
  // walk the raw record field by field: a field that starts with a quote is quoted
  let field = 0;
  let i = 0;
  while (field < out.length && i <= raw.length) {
    const quoted = raw[i] === '"';
    if (quoted) {
      i += 1;
      for (;;) {
        const q = raw.indexOf('"', i);
        if (q < 0) {
          i = raw.length;
          break;
        }
        if (raw[q + 1] === '"') i = q + 2;
        else {
          i = q + 1;
          break;
        }
      }
    }
    const next = raw.indexOf(delimiter, i);
    if (out[field] === '' && !quoted) out[field] = null;
    field += 1;
    if (next < 0) break;
    i = next + delimiter.length;
  }
  for (let k = field; k < out.length; k += 1) if (out[k] === '') out[k] = null;
  return out;
}

const QUOTE_ERRORS = new Set([
  'CSV_QUOTE_NOT_CLOSED',
  'CSV_INVALID_CLOSING_QUOTE',
  'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE',
  'INVALID_OPENING_QUOTE',
]);

/**
 * Opens a byte stream as CSV records. `delimiter` is detected from the first 64 KiB when not given. Records
 * that are entirely empty lines are skipped.
 */
export async function openSource(
  input: AsyncIterable<Buffer | string>,
  options: { file: string; delimiter?: Delimiter; raw?: boolean; maxRecordChars?: number },
): Promise<OpenedSource> {
  const { file } = options;
  const bytesIn = checkedBytes(input, file);
  // peek at the start for the delimiter, then hand everything (peeked bytes first) to the parser
  const peeked: Buffer[] = [];
  let peekedBytes = 0;
  let ended = false;
  while (peekedBytes < PEEK_BYTES) {
    const next = await bytesIn.next();
    if (next.done) {
      ended = true;
      break;
    }
    peeked.push(next.value);
    peekedBytes += next.value.length;
  }
  let total = 0;
  if (peekedBytes === 0) throw new ImportFileError(file, 'empty_file', null, (l) => t(l, 'import.detail.noBytes'));
  const sample = Buffer.concat(peeked).toString('utf8').replace(/^\uFEFF/, '');
  if (sample.trim() === '') throw new ImportFileError(file, 'empty_file', null, (l) => t(l, 'import.detail.blankLines'));
  const delimiter = options.delimiter ?? detectDelimiter(sample.slice(0, PEEK_BYTES));
  // csv-parse ends every record with the first line break of the file (and its raw text keeps only the CR of a
  // CRLF): the file's line break, for the rejects file
  const firstBreak = sample.search(/[\r\n]/);
  const fileEol = firstBreak < 0 ? '\n' : sample.startsWith('\r\n', firstBreak) ? '\r\n' : sample[firstBreak];

  async function* all(): AsyncGenerator<Buffer> {
    for (const p of peeked) {
      total += p.length;
      yield p;
    }
    peeked.length = 0;
    if (ended) return;
    for await (const b of bytesIn) {
      total += b.length;
      yield b;
    }
  }

  const parser = parse({
    delimiter,
    bom: true,
    // the raw text tells a quoted "" (the empty text) from an empty cell (no value): see emptyCells
    raw: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: options.maxRecordChars ?? MAX_RECORD_CHARS,
  });

  async function* records(): AsyncGenerator<SourceRecord> {
    const feeding = (async () => {
      try {
        for await (const b of all()) {
          if (parser.destroyed) return;
          if (!parser.write(b)) {
            await new Promise<void>((resolve) => {
              const done = () => {
                parser.off('drain', done);
                parser.off('close', done);
                resolve();
              };
              parser.on('drain', done);
              parser.on('close', done);
            });
          }
        }
        if (!parser.destroyed) parser.end();
      } catch (err) {
        parser.destroy(err as Error);
      }
    })();
    try {
      // Line numbers come from the raw text (csv-parse's per-record `info` costs a tenth of the parse): a
      // record's raw text holds the empty lines skipped before it, its own line breaks and the first character of
      // the one that ends it (the LF of a CRLF ending is skipped). LF, CRLF and a lone CR each end one line.
      let next = 1;
      for await (const item of parser as AsyncIterable<{ record: string[]; raw: string }>) {
        const text = item.raw;
        let start = 0;
        for (let c = text.charCodeAt(0); c === 10 || c === 13; c = text.charCodeAt(++start)) {
          if (!(c === 10 && text.charCodeAt(start - 1) === 13)) next += 1;
        }
        const line = next;
        for (let i = text.indexOf('\n', start); i >= 0; i = text.indexOf('\n', i + 1)) if (text.charCodeAt(i - 1) !== 13) next += 1;
        for (let i = text.indexOf('\r', start); i >= 0; i = text.indexOf('\r', i + 1)) next += 1;
        const own = start === 0 ? text : text.slice(start);
        const cells = emptyCells(item.record, own, delimiter);
        const ending = own.endsWith('\r\n') ? 2 : own.endsWith('\n') || own.endsWith('\r') ? 1 : 0;
        const raw = options.raw === true ? own.slice(0, own.length - ending) : null;
        const eol = options.raw === true ? (ending > 0 ? fileEol : '') : null;
        yield { line, cells, raw, eol };
      }
    } catch (err) {
      if (err instanceof ImportFileError) throw err;
      const e = err as CsvError & { lines?: number };
      if (e.code === 'CSV_MAX_RECORD_SIZE') {
        throw new ImportFileError(file, 'record_too_long', e.lines ?? null, (l) => t(l, 'import.detail.recordLimit', { max: options.maxRecordChars ?? MAX_RECORD_CHARS }));
      }
      if (QUOTE_ERRORS.has(e.code)) throw new ImportFileError(file, 'bad_quotes', e.lines ?? null, (l) => t(l, 'import.detail.quote', { code: e.code }));
      throw err;
    } finally {
      if (!parser.destroyed) parser.destroy();
      await feeding;
    }
  }

  return { delimiter, records: records(), bytes: () => total };
}

// ---- XLSX ----------------------------------------------------------------------------------------------

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * A spreadsheet cell as the text the import reads: text with the formula escape (`=1+1` → `'=1+1`, `'ok` →
 * `''ok`), as an rfc4180 export writes it, so that the import's restoreFormula gives back the exact text of
 * the cell (a text cell is never a formula: it needs no escape in the workbook; OOXML's `_x000D_` decoded), numbers in full (no exponent for a 16-digit
 * NIK stored as a number), booleans as true/false, and a spreadsheet date as its wall-clock date and time
 * without a zone (so the import reads it in the file's zone, as a CSV's `2024-01-05 09:30`); a date at
 * midnight is a date alone.
 */
export function sheetText(value: SheetValue): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return neutraliseFormula(decodeSheetText(value));
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isInteger(value) && Math.abs(value) < 1e21) return BigInt(value).toString();
    return String(value);
  }
  const d = value;
  const date = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const ms = d.getUTCMilliseconds();
  if (d.getUTCHours() === 0 && d.getUTCMinutes() === 0 && d.getUTCSeconds() === 0 && ms === 0) return date;
  return `${date}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${ms === 0 ? '' : `.${pad(ms, 3)}`}`;
}

function csvQuoted(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Opens an XLSX byte stream as records: the first sheet's rows, as they are unpacked. `raw` gives each record
 * as a comma-separated line (the rejects file of a workbook is a CSV).
 */
export async function openXlsxSource(input: AsyncIterable<Buffer | string>, options: { file: string; raw?: boolean }): Promise<OpenedSource> {
  const { file } = options;
  let total = 0;
  async function* counted(): AsyncGenerator<Buffer> {
    for await (const chunk of input) {
      const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      total += b.length;
      yield b;
    }
  }
  const stream = Readable.from(counted(), { objectMode: false });
  async function* records(): AsyncGenerator<SourceRecord> {
    let rows = 0;
    // a sheet stores no empty cells at a row's end: rows are as wide as the widest so far (the header)
    let width = 0;
    try {
      for await (const r of readFirstSheet(stream)) {
        rows += 1;
        const cells = r.cells.map(sheetText);
        width = Math.max(width, cells.length);
        while (cells.length < width) cells.push(null);
        yield { line: r.row, cells, raw: options.raw === true ? cells.map((c) => csvQuoted(c ?? '')).join(',') : null, eol: options.raw === true ? '\n' : null };
      }
    } catch (err) {
      if (err instanceof ImportFileError) throw err;
      throw new ImportFileError(file, 'bad_xlsx', null, (err as Error).message);
    } finally {
      stream.destroy();
    }
    if (rows === 0) throw new ImportFileError(file, 'empty_file', null, (l) => t(l, 'import.detail.blankLines'));
  }
  return { delimiter: ',', records: records(), bytes: () => total };
}

/** Whether a file is read as a workbook (by its name: `.xlsx`). */
export function isXlsxFile(file: string): boolean {
  return /\.xlsx$/i.test(file);
}
