// Reading an import upload (the NDJSON request of src/domain/csv/wire.ts) as it arrives, and running an
// import as one transaction whose answer is streamed back. Shared by the case import (import.ts) and the
// reference-data imports (importReference.ts).

import { PassThrough } from 'node:stream';
import { ROW_CODES, type RowCode } from '../domain/csv/codes.js';
import { IMPORT_WIRE_VERSION, MAX_WIRE_LINE, type ImportReject, type ImportSummary } from '../domain/csv/wire.js';
import type { ImportValue } from '../domain/csv/rules.js';
import type { Db, Tx } from './db/driver.js';
import { ProblemError } from './problem.js';

function wireError(detail: string): ProblemError {
  return new ProblemError(400, 'validation', `invalid import upload: ${detail}`, [{ field: '(body)', message: detail }]);
}

/**
 * Lines of a byte stream (UTF-8), each without its newline; a line longer than MAX_WIRE_LINE is refused, and
 * so are bytes that are not UTF-8 (never decoded to U+FFFD: the text policy of domain/text.ts).
 */
export async function* ndjsonLines(body: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const decode = (bytes?: Buffer): string => {
    try {
      return bytes === undefined ? decoder.decode() : decoder.decode(bytes, { stream: true });
    } catch {
      throw wireError('the upload is not UTF-8 text');
    }
  };
  let rest = '';
  for await (const chunk of body) {
    const text = rest + (typeof chunk === 'string' ? chunk : decode(chunk));
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      yield text.slice(start, nl);
      start = nl + 1;
    }
    rest = text.slice(start);
    if (rest.length > MAX_WIRE_LINE) throw wireError(`a line is longer than ${MAX_WIRE_LINE} characters`);
  }
  rest += decode();
  if (rest !== '') yield rest;
}

export type WireItem =
  /** A row the client could read: its source line and values in the header's field order. */
  | { row: ImportValue[]; line: number }
  /** A row the client rejected. */
  | { reject: ImportReject };

export interface WireTotals {
  /** Data records in the file, as the client counted them. */
  records: number;
  /** Rows received (`row` lines). */
  rows: number;
  /** Distinct lines the client rejected. */
  rejectedLines: number;
}

/**
 * Reads a whole upload: the header (its fields must equal `fields`), rows and client rejects, then the end
 * line, whose counts must match what arrived (they are put into `totals`). Anything else is a 400, and then
 * nothing is kept. Pulls the next line only when the consumer asks for the next item (backpressure).
 */
export async function* readWire(lines: AsyncIterable<string>, fields: readonly string[], totals: WireTotals): AsyncGenerator<WireItem> {
  let n = 0;
  let header = false;
  let end: { records: number; rejected: number } | null = null;
  let rows = 0;
  let rejectedLines = 0;
  let lastRejectLine = Number.NaN;
  for await (const text of lines) {
    n += 1;
    if (text === '') continue;
    if (end) throw wireError(`wire line ${n}: data after the end line`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw wireError(`wire line ${n}: not JSON`);
    }
    if (!header) {
      const h = value as { v?: unknown; fields?: unknown };
      if (typeof h !== 'object' || h === null || h.v !== IMPORT_WIRE_VERSION || !Array.isArray(h.fields)) {
        throw wireError(`wire line ${n}: expected the header {"v":${IMPORT_WIRE_VERSION},"fields":[…]}`);
      }
      if (h.fields.length !== fields.length || h.fields.some((f, i) => f !== fields[i])) {
        throw wireError(`wire line ${n}: fields must be ${fields.join(',')}`);
      }
      header = true;
      continue;
    }
    if (Array.isArray(value)) {
      const line = value[0];
      if (!Number.isSafeInteger(line) || (line as number) < 1 || value.length !== fields.length + 1) {
        throw wireError(`wire line ${n}: a row is [line, ${fields.length} values]`);
      }
      for (let i = 1; i < value.length; i += 1) {
        const v = value[i];
        if (v !== null && typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
          throw wireError(`wire line ${n}: values are strings, numbers, booleans or null`);
        }
      }
      rows += 1;
      yield { line: line as number, row: value.slice(1) as ImportValue[] };
      continue;
    }
    const o = value as { r?: unknown; end?: unknown };
    if (typeof o === 'object' && o !== null && Array.isArray(o.r)) {
      const [line, trackingId, code, column, detail] = o.r as unknown[];
      if (
        o.r.length !== 5 ||
        !Number.isSafeInteger(line) ||
        (line as number) < 1 ||
        !(ROW_CODES as readonly unknown[]).includes(code) ||
        !(trackingId === null || typeof trackingId === 'string') ||
        !(column === null || typeof column === 'string') ||
        !(detail === null || typeof detail === 'string')
      ) {
        throw wireError(`wire line ${n}: a reject is {"r":[line, trackingId, code, column, detail]}`);
      }
      if (line !== lastRejectLine) rejectedLines += 1;
      lastRejectLine = line as number;
      const clip = (s: string | null) => (s !== null && s.length > 300 ? `${s.slice(0, 297)}…` : s);
      yield {
        reject: {
          line: line as number,
          trackingId: clip(trackingId as string | null),
          code: code as RowCode,
          column: clip(column as string | null),
          detail: clip(detail as string | null),
        },
      };
      continue;
    }
    if (typeof o === 'object' && o !== null && typeof o.end === 'object' && o.end !== null) {
      const e = o.end as { records?: unknown; rejected?: unknown };
      if (!Number.isSafeInteger(e.records) || !Number.isSafeInteger(e.rejected)) throw wireError(`wire line ${n}: bad end line`);
      end = { records: e.records as number, rejected: e.rejected as number };
      continue;
    }
    throw wireError(`wire line ${n}: not a row, a reject or the end line`);
  }
  if (!header) throw wireError('empty upload');
  if (!end) throw wireError('the upload ended before its end line (cut short?); nothing was imported');
  if (end.rejected !== rejectedLines || rows + rejectedLines !== end.records) {
    throw wireError(`the end line counts ${end.records} records (${end.rejected} rejected) but ${rows} rows and ${rejectedLines} rejected arrived`);
  }
  totals.records = end.records;
  totals.rows = rows;
  totals.rejectedLines = rejectedLines;
}

/** Thrown inside the transaction to roll it back on purpose (dry run, strict mode with bad rows). */
class Rollback extends Error {
  constructor(readonly summary: ImportSummary) {
    super('rollback');
  }
}

export interface ImportJob {
  /** Resolves when the upload was read and checked (the answer can start); rejects with a ProblemError. */
  ready: Promise<void>;
  /** The NDJSON answer: rejects, then the summary (or an error line). */
  output: PassThrough;
}

export interface JobSteps {
  /** Reads the upload into the transaction and checks it; returns the summary as it will be if kept. */
  prepare(tx: Tx): Promise<ImportSummary>;
  /** Every bad row in line order, read inside the transaction. */
  rejects(tx: Tx): AsyncIterable<ImportReject>;
  /** Writes what is to be kept (only when the summary says applied). */
  apply(tx: Tx, summary: ImportSummary): Promise<ImportSummary>;
  /** After a commit that changed something: refresh caches. */
  committed(summary: ImportSummary): Promise<void>;
  /** Receives an unexpected failure after the answer started (it is reported as an error line). */
  logError(error: unknown): void;
}

function write(out: PassThrough, text: string): Promise<void> {
  if (out.write(text)) return Promise.resolve();
  return new Promise((resolve) => out.once('drain', resolve));
}

/** Runs an import as one transaction; see ImportJob. */
export function runImportJob(db: Db, steps: JobSteps): ImportJob {
  const output = new PassThrough();
  let started = false;
  let markReady!: () => void;
  let fail!: (err: unknown) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    fail = reject;
  });
  void db
    .transaction(async (tx) => {
      let summary = await steps.prepare(tx);
      started = true;
      markReady();
      for await (const r of steps.rejects(tx)) await write(output, `${JSON.stringify({ reject: r })}\n`);
      if (!summary.applied) throw new Rollback(summary);
      summary = await steps.apply(tx, summary);
      return summary;
    })
    .then(
      async (summary) => {
        await steps.committed(summary).catch((err) => steps.logError(err));
        output.end(`${JSON.stringify({ summary })}\n`);
      },
      (err: unknown) => {
        if (err instanceof Rollback) {
          output.end(`${JSON.stringify({ summary: err.summary })}\n`);
          return;
        }
        if (!started) {
          fail(err);
          output.destroy();
          return;
        }
        steps.logError(err);
        const problem = (err instanceof ProblemError ? err : new ProblemError(500, 'internal', 'the import failed on the server; nothing was imported')).toJSON();
        output.end(`${JSON.stringify({ error: problem })}\n`);
      },
    );
  return { ready, output };
}
