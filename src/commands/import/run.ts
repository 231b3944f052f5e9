// The engine behind every `lapor import <kind>`: open the file (or standard input) as a stream, find the
// header row, turn each record into a canonical row (or client-side rejects), stream them to the API as
// NDJSON, read the answer (every bad row, then the summary) as it arrives, print the report, write the
// rejects file (--skip-bad-rows) and choose the outcome: exit 0, 1 (strict: nothing imported), 3 (rows
// skipped). Nothing here holds the whole file; the rejects file is written by reading the source again.

import { createReadStream } from 'node:fs';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { Deps } from '../../cmdutil/deps.js';
import type { Delimiter, HeaderPlan, HeaderProblem } from '../../domain/csv/layout.js';
import { endLine, headerLine, rejectLine, type ImportKind, type ImportReject, type ImportSummary } from '../../domain/csv/wire.js';
import { CliError, PartialFailureError } from '../../io/errors.js';
import type { OutputFormat } from '../../io/format.js';
import { t, tn } from '../../io/i18n.js';
import { problemText } from '../../io/problems.js';
import { problemReasonOf, problemTypeOf } from '../../domain/problems.js';
import { createProgress, type Progress } from '../../io/progress.js';
import type { ImportAnswer } from '../../api/types.js';
import { ImportFileError, isXlsxFile, openSource, openXlsxSource, type OpenedSource, type SourceRecord } from './source.js';
import { createReport, type Report } from './report.js';
import { learnAliases } from './learn.js';

export interface ImportRunOptions {
  /** A path, or `-` for standard input. */
  file: string;
  delimiter?: Delimiter;
  skipBadRows: boolean;
  /** Where --skip-bad-rows writes the rejected lines (default: next to the file). */
  rejects?: string;
  dryRun: boolean;
  update: boolean;
  createMissing: boolean;
  format: OutputFormat;
}

/** What a kind contributes: how to find its header and turn a record into a row. */
export interface KindReader {
  kind: ImportKind;
  fields: readonly string[];
  isHeader(record: SourceRecord): boolean;
  /** The plan for the header record (`preamble`: the metadata records above it), or the file-level problem. */
  plan(record: SourceRecord, preamble: readonly SourceRecord[]): HeaderPlan | HeaderProblem;
  /** A canonical row, or the record's problems (column as the file names it). */
  row(cells: readonly (string | null)[], plan: HeaderPlan): { row: unknown[] } | { problems: { column: string | null; code: ImportReject['code']; detail: string | null }[] };
  /** The tracking ID (or key) of a record, for reports; null when it has none. */
  key(cells: readonly (string | null)[], plan: HeaderPlan): string | null;
}

const HEADER_SEARCH_RECORDS = 50;
const UPLOAD_CHUNK_CHARS = 64 * 1024;

function sourceName(file: string): string {
  return file === '-' ? 'stdin' : basename(file);
}

/**
 * Default rejects path: `data.csv` → `data.rejects.csv` beside it; a workbook's rejects are a CSV
 * (`data.xlsx` → `data.rejects.csv`); standard input → `import-rejects.csv`.
 */
export function defaultRejectsPath(file: string): string {
  if (file === '-') return 'import-rejects.csv';
  const ext = extname(file);
  return join(dirname(file), `${basename(file, ext)}.rejects${isXlsxFile(file) ? '.csv' : ext || '.csv'}`);
}

export async function inputStream(file: string, deps: Deps): Promise<AsyncIterable<Buffer | string>> {
  if (file === '-') {
    if (!deps.io.in) throw new CliError((l) => t(l, 'import.stdinMissing'));
    return deps.io.in as AsyncIterable<Buffer | string>;
  }
  try {
    const s = await stat(file);
    if (s.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  } catch (err) {
    throw new CliError((l) => t(l, 'import.unreadable', { file, why: (err as Error).message }), { cause: err });
  }
  return createReadStream(file, { highWaterMark: 256 * 1024 });
}

/** Copies standard input to a spool file as it passes (the rejects file needs a second reading). */
async function* teeTo(input: AsyncIterable<Buffer | string>, path: string): AsyncGenerator<Buffer | string> {
  const handle = await open(path, 'w', 0o600);
  try {
    for await (const chunk of input) {
      await handle.write(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
      yield chunk;
    }
  } finally {
    await handle.close();
  }
}

export async function runImport(reader: KindReader, opts: ImportRunOptions, deps: Deps): Promise<void> {
  const name = sourceName(opts.file);
  let spool: string | null = null;
  let input = await inputStream(opts.file, deps);
  if (opts.skipBadRows && opts.file === '-') {
    await mkdir(deps.paths.stateDir, { recursive: true, mode: 0o700 });
    spool = join(deps.paths.stateDir, `import-stdin-${deps.now().getTime()}.csv`);
    input = teeTo(input, spool);
  }
  try {
    await importFrom(reader, opts, deps, input, name, spool);
  } finally {
    if (spool) await rm(spool, { force: true });
  }
}

async function importFrom(
  reader: KindReader,
  opts: ImportRunOptions,
  deps: Deps,
  input: AsyncIterable<Buffer | string>,
  name: string,
  spool: string | null,
): Promise<void> {
  const { io, lang } = deps;
  const source =
    opts.file !== '-' && isXlsxFile(opts.file)
      ? await openXlsxSource(input, { file: name })
      : await openSource(input, { file: name, delimiter: opts.delimiter });
  const { header, plan } = await readHeader(reader, source, name);
  const delimiterName = opts.delimiter ?? source.delimiter;
  io.err.write(
    `${t(lang, 'import.start', {
      file: name,
      layout: t(lang, `import.layout.${plan.layout}`),
      delimiter: delimiterName === '\t' ? 'tab' : delimiterName,
      line: header.line,
    })}\n`,
  );
  if (plan.unknown.length > 0) {
    io.err.write(`${io.errColor.yellow(`${t(lang, 'common.warningPrefix')}:`)} ${t(lang, 'import.unknownColumns', { columns: plan.unknown.join(', ') })}\n`);
  }

  const progress = createProgress(io, { label: t(lang, 'import.progress'), lang, now: () => deps.now().getTime() });
  const api = await deps.api();
  const params = { mode: opts.skipBadRows ? ('skip' as const) : ('strict' as const), dryRun: opts.dryRun, update: opts.update, createMissing: opts.createMissing, source: name };
  const report = createReport(io, lang, opts.format, plan);
  const rejected: RejectedLines = { lines: [], reasons: [] };
  let summary: ImportSummary | null = null;
  try {
    const answer = await api.importRows(reader.kind, params, uploadLines(reader, source, plan, header.line, name, progress));
    progress.done();
    summary = await readAnswer(answer, report, opts.skipBadRows ? rejected : null);
  } finally {
    progress.done();
  }
  if (!summary) throw new CliError((l) => t(l, 'import.noSummary'));
  report.summary(summary);
  await learnAliases(summary, deps);
  await settle(summary, opts, spool ?? opts.file, header.line, opts.delimiter ?? source.delimiter, rejected, name);
}

/** The header (the first record that looks like one: metadata rows above it are skipped) and its plan. */
async function readHeader(reader: KindReader, source: OpenedSource, name: string): Promise<{ header: SourceRecord; plan: HeaderPlan }> {
  let header: SourceRecord | null = null;
  const preamble: SourceRecord[] = [];
  for (;;) {
    const next = await source.records.next();
    if (next.done) break;
    if (reader.isHeader(next.value)) {
      header = next.value;
      break;
    }
    preamble.push(next.value);
    if (preamble.length >= HEADER_SEARCH_RECORDS) break;
  }
  const scanned = preamble.length + (header ? 1 : 0);
  if (!header) {
    await source.records.return(undefined);
    throw new ImportFileError(name, 'no_header', null, (l) => t(l, 'import.noHeaderDetail', { n: scanned }));
  }
  const planned = reader.plan(header, preamble);
  if ('code' in planned) {
    await source.records.return(undefined);
    const p = planned;
    throw new ImportFileError(name, p.code, header.line, (l) =>
      p.code === 'duplicate_header'
        ? t(l, 'import.detail.duplicateHeader', { a: p.columns[0], b: p.columns[1], field: p.field ?? '' })
        : p.columns.join(', '),
    );
  }
  return { header, plan: planned };
}

/** The upload: the NDJSON wire lines of every record after the header (rows and client-side rejects), in chunks. */
async function* uploadLines(
  reader: KindReader,
  source: OpenedSource,
  plan: HeaderPlan,
  headerLineNo: number,
  name: string,
  progress: Progress,
): AsyncGenerator<string> {
  let records = 0;
  let clientRejected = 0;
  let buffer = headerLine(reader.fields);
  for await (const rec of source.records) {
    records += 1;
    if (rec.cells.length !== plan.targets.length) {
      clientRejected += 1;
      const detail = t('en', 'import.raggedDetail', { got: rec.cells.length, expected: plan.targets.length });
      buffer += rejectLine({ line: rec.line, trackingId: reader.key(rec.cells, plan), code: 'ragged_row', column: null, detail });
    } else {
      const r = reader.row(rec.cells, plan);
      if ('row' in r) buffer += `${JSON.stringify([rec.line, ...r.row])}\n`;
      else {
        clientRejected += 1;
        const key = reader.key(rec.cells, plan);
        for (const p of r.problems) buffer += rejectLine({ line: rec.line, trackingId: key, code: p.code, column: p.column, detail: p.detail });
      }
    }
    progress.tick();
    if (buffer.length >= UPLOAD_CHUNK_CHARS) {
      yield buffer;
      buffer = '';
    }
  }
  if (records === 0) throw new ImportFileError(name, 'no_rows', headerLineNo, (l) => t(l, 'import.noRowsDetail'));
  yield buffer + endLine(records, clientRejected);
}

/** The rejected source lines (ascending) and each one's reasons, for the rejects file. */
interface RejectedLines {
  lines: number[];
  reasons: string[];
}

/**
 * Reads the server's answer as it arrives: every bad row to the report (and to `rejected`, with --skip-bad-rows),
 * then the summary; null when the answer ends without one.
 */
async function readAnswer(answer: ImportAnswer, report: Report, rejected: RejectedLines | null): Promise<ImportSummary | null> {
  const reasonOf = new Map<string, string>();
  let summary: ImportSummary | null = null;
  for await (const line of answer.lines) {
    if ('reject' in line) {
      report.reject(line.reject);
      if (rejected) {
        const r = line.reject;
        const reason = `${r.code}${r.column ? `:${report.columnName(r.column)}` : ''}`;
        const interned = reasonOf.get(reason) ?? (reasonOf.set(reason, reason), reason);
        const last = rejected.lines.length - 1;
        if (last >= 0 && rejected.lines[last] === r.line) rejected.reasons[last] = `${rejected.reasons[last]}; ${interned}`;
        else {
          rejected.lines.push(r.line);
          rejected.reasons.push(interned);
        }
      }
    } else if ('summary' in line) summary = line.summary;
    else {
      const error = line.error;
      const shown = { status: error.status, problem: problemTypeOf(error.type), reason: problemReasonOf(error.reason), params: {} };
      throw new CliError((l) => t(l, 'import.serverFailed', { detail: problemText(l, shown) }), { cause: new Error(error.detail ?? error.title) });
    }
  }
  return summary;
}

/**
 * The outcome: nothing applied with rejected rows fails (exit 1); rows skipped write the rejects file, read
 * from `readAgain` (the file, or standard input's spool), and end in a partial failure (exit 3).
 */
async function settle(
  summary: ImportSummary,
  opts: ImportRunOptions,
  readAgain: string,
  headerLineNo: number,
  delimiter: Delimiter,
  rejected: RejectedLines,
  name: string,
): Promise<void> {
  if (summary.rejected > 0 && !summary.applied) {
    const n = summary.rejected;
    throw new CliError((l) => tn(l, summary.dryRun ? 'import.failedDryRun' : 'import.failedStrict', n), {
      hint: (l) => t(l, summary.dryRun ? 'import.hintFix' : 'import.hintSkip'),
    });
  }
  if (summary.rejected > 0) {
    const path = opts.rejects ?? defaultRejectsPath(opts.file === '-' ? '-' : opts.file);
    await writeRejects(readAgain, path, headerLineNo, delimiter, rejected, name);
    throw new PartialFailureError(
      (l) => t(l, 'import.partial', { imported: summary.created + summary.updated, rejected: summary.rejected, path }),
      { failed: summary.rejected, succeeded: summary.created + summary.updated },
    );
  }
}

function csvQuote(value: string, delimiter: string): string {
  return value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r') ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The rejects file: the header row and exactly the rejected records as the source wrote them, each with one
 * more column, `reason` (code:column; several joined by "; ") and its own line break (CRLF, LF or CR, as the
 * source ended it). Read from the source again (never kept in memory); mode 0600 (the lines may hold personal
 * data).
 */
async function writeRejects(
  sourcePath: string,
  path: string,
  headerLineNo: number,
  delimiter: Delimiter,
  rejected: RejectedLines,
  name: string,
): Promise<void> {
  const stream = createReadStream(sourcePath, { highWaterMark: 256 * 1024 });
  const source = isXlsxFile(sourcePath)
    ? await openXlsxSource(stream, { file: name, raw: true })
    : await openSource(stream, { file: name, delimiter, raw: true });
  const handle = await open(path, 'w', 0o600);
  try {
    let next = 0;
    let pending = '';
    for await (const rec of source.records) {
      if (rec.line === headerLineNo) pending += `${rec.raw ?? ''}${delimiter}reason${rec.eol ?? '\n'}`;
      else if (next < rejected.lines.length && rec.line === rejected.lines[next]) {
        pending += `${rec.raw ?? ''}${delimiter}${csvQuote(rejected.reasons[next], delimiter)}${rec.eol ?? '\n'}`;
        next += 1;
      } else if (rec.line < headerLineNo) continue;
      if (pending.length > 64 * 1024) {
        await handle.write(pending);
        pending = '';
      }
      if (next >= rejected.lines.length && rec.line > headerLineNo) break;
    }
    await handle.write(pending);
  } finally {
    await handle.close();
  }
}
