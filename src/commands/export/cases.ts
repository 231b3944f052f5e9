// `lapor export cases`: the server's streamed CSV (GET /v1/exports/cases) to stdout or a file. Nothing is held
// whole in memory: bytes go on as they arrive, at the pace the disk or the pipe takes them. XLSX, a time zone
// (--timezone) and labels (--labels) are views the client makes of the server's rows as they arrive
// (cells.ts): the server streams one CSV, the client types its cells. A file is written
// whole or not at all: into a temporary file next to it, synced, then renamed over the target; a broken
// transfer, an error or Ctrl-C removes the temporary file. A file with the reporters' words or identity (full,
// pii) has mode 0600 (exportFileMode).

import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { access, constants, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { ExportCasesParams } from '../../api/types.js';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import {
  EXPORT_DIALECTS,
  EXPORT_HEADERS,
  EXPORT_PROFILES,
  headerRecord,
  type ExportDialect,
  type ExportHeader,
  type ExportProfile,
} from '../../domain/export.js';
import { findCaseColumn, type CaseColumn } from '../../domain/caseColumns.js';
import { CASE_FILTER_NAMES, pickCaseFilters, type CaseFilterName, type CaseFilterParams } from '../../domain/caseFilters.js';
import { CliError, UsageError } from '../../io/errors.js';
import { standbyNotice } from '../../cmdutil/standby.js';
import { t, type Lang } from '../../io/i18n.js';
import { fmtCount } from '../../io/numbers.js';
import { createProgress, type Progress } from '../../io/progress.js';
import { caseFilterOptions } from '../../cmdutil/flags.js';
import { resolveFilterNames } from '../../cmdutil/names.js';
import { sheetBytes, type SheetValue } from '../../io/xlsx.js';
import { parseOutputZone, type OutputZone } from '../../io/zone.js';
import { openSource } from '../import/source.js';
import { csvCell, csvRecord, EXPORT_FORMATS, EXPORT_LABELS, sheetCell, sheetColumns, type CellView, type ExportFormat, type ExportLabels } from './cells.js';

/** The case filters (domain/caseFilters.ts) and the export's own options. */
export interface ExportCasesOptions extends CaseFilterParams {
  profile: ExportProfile;
  dialect: ExportDialect;
  header: ExportHeader;
  purpose?: string;
  year?: number;
  status?: string[];
  /** csv (the server's bytes, or the client's view of them) or xlsx (typed cells, made by the client). */
  format: ExportFormat;
  /** Instants shown in this zone (CSV: local time with offset; XLSX: the zone's wall-clock time). */
  timezone?: OutputZone;
  /** Status, classification, archive reason and channel as LAPOR! names them in this language. */
  labels?: ExportLabels;
  /** A file; undefined or "-" for stdout. */
  output?: string;
  /** Rows per XLSX sheet, header included (the spreadsheet limit; smaller only in tests). */
  sheetRows?: number;
}

function zoneParser(lang: Lang) {
  return (value: string): OutputZone => {
    const zone = parseOutputZone(value);
    if (zone === null) throw new InvalidArgumentError(t(lang, 'export.usage.expectedZone'));
    return zone;
  };
}

/** XLSX is binary: never to a terminal (a file with -o, or a pipe). Checked before any request. */
export function checkExportTarget(opts: ExportCasesOptions, stdoutIsTTY: boolean): void {
  const toStdout = opts.output === undefined || opts.output === '-';
  if (opts.format === 'xlsx' && toStdout && stdoutIsTTY) throw new UsageError((l) => t(l, 'export.usage.binaryToTerminal'));
}

function yearParser(lang: Lang) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d{4}$/.test(value) || n < 1990 || n > 2100) throw new InvalidArgumentError(t(lang, 'export.usage.expectedYear'));
    return n;
  };
}

/** The rules between flags, checked before any request (usage errors, exit 2). */
export function checkExportOptions(opts: ExportCasesOptions): void {
  if (opts.profile === 'pii' && (opts.purpose === undefined || opts.purpose.trim() === '')) {
    throw new UsageError((l) => t(l, 'export.usage.purposeRequired'));
  }
  if (opts.profile !== 'pii' && opts.purpose !== undefined) throw new UsageError((l) => t(l, 'export.usage.purposeOnlyPii'));
  if (opts.profile === 'statistical' && opts.q !== undefined) throw new UsageError((l) => t(l, 'export.usage.searchNeedsText'));
}

export function createExportCasesCommand(
  deps: Deps,
  runF: (opts: ExportCasesOptions, deps: Deps) => Promise<void> = exportCasesRun,
): Command {
  const { lang } = deps;
  const cmd = new Command('cases')
    .description(t(lang, 'cmd.export.cases'))
    .addOption(new Option('--year <year>', t(lang, 'export.flag.year')).argParser(yearParser(lang)).conflicts(['from', 'to']));
  // the dates first, next to --year
  const filters: CaseFilterName[] = ['from', 'to', ...CASE_FILTER_NAMES.filter((name) => name !== 'from' && name !== 'to')];
  for (const option of caseFilterOptions(lang, filters, { q: 'export.flag.search' })) cmd.addOption(option);
  return cmd
    .addOption(new Option('--content <profile>', t(lang, 'export.flag.profile')).choices(EXPORT_PROFILES).default('statistical'))
    .option('--purpose <text>', t(lang, 'export.flag.purpose'))
    .addOption(new Option('--dialect <dialect>', t(lang, 'export.flag.dialect')).choices(EXPORT_DIALECTS).default('rfc4180'))
    .addOption(new Option('--header <header>', t(lang, 'export.flag.header')).choices(EXPORT_HEADERS).default('name'))
    .addOption(new Option('--format <format>', t(lang, 'export.flag.format')).choices(EXPORT_FORMATS).default('csv'))
    .addOption(new Option('--timezone <zone>', t(lang, 'export.flag.timezone')).argParser(zoneParser(lang)))
    .addOption(new Option('--labels <lang>', t(lang, 'export.flag.labels')).choices(EXPORT_LABELS))
    .option('-o, --output <file>', t(lang, 'export.flag.output'))
    .addHelpText(
      'after',
      examples(lang, [
        'lapor export cases --year 2024 -o laporan-2024.csv',
        'lapor export cases --year 2024 --dialect excel-id --header id -o laporan-2024.csv',
        'lapor export cases --year 2024 --format xlsx --header id --labels id --timezone Asia/Makassar -o laporan-2024.xlsx',
        'lapor export cases --from 2024-01-01 --to 2024-06-30 --institution badung --status completed > badung-h1.csv',
        'lapor export cases --content full --year 2024 --category kesehatan -o kesehatan.csv',
        'lapor export cases --content pii --purpose "Permintaan Ombudsman No. 12/2024" --year 2024 -o pii.csv',
      ]),
    )
    .action(async (raw: Record<string, unknown>) => {
      const { search, content, ...rest } = raw;
      const opts = { ...(rest as unknown as ExportCasesOptions), profile: content as ExportProfile, q: search as string | undefined };
      checkExportOptions(opts);
      checkExportTarget(opts, deps.io.isOutTTY);
      await runF(opts, deps);
    });
}

/** Whether the client makes a view of the server's rows (else the server's bytes go on as they are). */
function needsView(opts: ExportCasesOptions): boolean {
  return opts.format === 'xlsx' || opts.timezone !== undefined || opts.labels !== undefined;
}

export function exportParams(opts: ExportCasesOptions): ExportCasesParams {
  // a view reads the server's rows in one known form: rfc4180 with the machine names as header
  const view = needsView(opts);
  return {
    profile: opts.profile,
    dialect: view ? 'rfc4180' : opts.dialect,
    header: view ? 'name' : opts.header,
    purpose: opts.purpose,
    year: opts.year,
    ...pickCaseFilters(opts),
  };
}

/** The target file, checked before the request (so a bad path costs the server nothing, and no pii audit). */
async function checkTarget(file: string): Promise<void> {
  const existing = await stat(file).catch(() => null);
  if (existing?.isDirectory()) {
    throw new CliError((l) => t(l, 'export.error.outputIsDir', { file }), { hint: (l) => t(l, 'export.error.outputHint') });
  }
  const dir = dirname(file);
  try {
    await access(dir, constants.W_OK);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new CliError((l) => t(l, 'export.error.outputDir', { dir, reason }), { hint: (l) => t(l, 'export.error.outputHint') });
  }
}

/** Counts record ends for the progress line (approximate with newlines inside quoted text; only on a TTY). */
async function* counted(body: AsyncIterable<Buffer>, progress: Progress): AsyncGenerator<Buffer> {
  let seenHeader = false;
  for await (const chunk of body) {
    let n = 0;
    for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) n += 1;
    if (!seenHeader && n > 0) {
      seenHeader = true;
      n -= 1;
    }
    if (n > 0) progress.tick(n);
    yield chunk;
  }
}

const WRITE_BYTES = 1 << 20;

/**
 * The mode of an exported file. Free text (full) and the reporter's identity (pii) are for the owner alone:
 * 0600, whatever the umask. Only the structured statistical columns take the umask. A profile not named here
 * is private too, so that a new one is never world-readable by oversight.
 */
export function exportFileMode(profile: ExportProfile): number {
  return profile === 'statistical' ? 0o666 : 0o600;
}

/** Writes the body to a temporary file next to `file`, syncs it, then renames it over `file`. */
async function writeWhole(file: string, body: AsyncIterable<Buffer>, mode: number): Promise<void> {
  const tmp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.part`);
  const handle = await open(tmp, 'wx', mode);
  let written = false;
  try {
    if (mode === 0o600) await handle.chmod(0o600); // exactly 0600 whatever the umask
    // gathered writes of about 1 MiB: few system calls, no copies
    let pending: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      pending.push(chunk);
      size += chunk.length;
      if (size >= WRITE_BYTES) {
        await handle.writev(pending);
        pending = [];
        size = 0;
      }
    }
    if (size > 0) await handle.writev(pending);
    await handle.sync();
    written = true;
  } finally {
    await handle.close();
    if (!written) await unlink(tmp).catch(() => undefined);
  }
  try {
    await rename(tmp, file);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw e;
  }
}

/** Streams the body to stdout at the pace the reader takes it. */
async function writeStdout(body: AsyncIterable<Buffer>, deps: Deps): Promise<void> {
  const out = deps.io.outStream;
  if (!out) {
    const decoder = new StringDecoder('utf8');
    for await (const chunk of body) deps.io.out.write(decoder.write(chunk));
    deps.io.out.write(decoder.end());
    return;
  }
  for await (const chunk of body) {
    if (!out.write(chunk)) await once(out, 'drain', { signal: deps.signal });
  }
}

/** The server's records (rfc4180, machine-name header) with the catalogue column of each cell. */
async function serverRows(body: AsyncIterable<Buffer>): Promise<{ columns: CaseColumn[]; rows: AsyncGenerator<(string | null)[]> }> {
  const source = await openSource(body, { file: 'export', delimiter: ',' });
  const head = await source.records.next();
  if (head.done) throw new CliError((l) => t(l, 'export.error.noHeader'));
  const columns = head.value.cells.map((name) => {
    const column = findCaseColumn(name ?? '');
    if (column === undefined) throw new CliError((l) => t(l, 'export.error.unknownColumn', { column: name ?? '' }));
    return column;
  });
  async function* rows(): AsyncGenerator<(string | null)[]> {
    for await (const rec of source.records) yield rec.cells;
  }
  return { columns, rows: rows() };
}

/** The CSV view: header from the catalogue, cells in the zone and with labels, records in the dialect. */
async function* csvView(opts: ExportCasesOptions, body: AsyncIterable<Buffer>, view: CellView): AsyncGenerator<Buffer> {
  const { columns, rows } = await serverRows(body);
  let text = headerRecord(columns, opts.header, opts.dialect);
  for await (const cells of rows) {
    text += csvRecord(columns, cells.map((c, i) => csvCell(columns[i], c, view, opts.dialect)), opts.dialect);
    if (text.length >= 64 * 1024) {
      yield Buffer.from(text);
      text = '';
    }
  }
  yield Buffer.from(text);
}

/** The XLSX view, as bytes: typed cells, streamed through exceljs' writer. */
function xlsxView(opts: ExportCasesOptions, body: AsyncIterable<Buffer>, view: CellView): AsyncIterable<Buffer> {
  async function* bytes(): AsyncGenerator<Buffer> {
    const { columns, rows } = await serverRows(body);
    async function* typed(): AsyncGenerator<SheetValue[]> {
      for await (const cells of rows) yield cells.map((c, i) => sheetCell(columns[i], c, view));
    }
    yield* sheetBytes(typed(), { name: 'Laporan', columns: sheetColumns(columns, opts.header), maxRows: opts.sheetRows });
  }
  return bytes();
}

async function cellView(opts: ExportCasesOptions, deps: Deps): Promise<CellView> {
  const view: CellView = { zone: opts.timezone ?? null, labels: opts.labels ?? null };
  if (opts.labels !== undefined) {
    const channels = await (await deps.api()).channels({ signal: deps.signal });
    view.channels = new Map(channels.map((c) => [c.id, { id: c.name, en: c.nameEn }]));
  }
  return view;
}

export async function exportCasesRun(opts: ExportCasesOptions, deps: Deps): Promise<void> {
  checkExportTarget(opts, deps.io.isOutTTY);
  const file = opts.output !== undefined && opts.output !== '-' ? opts.output : null;
  if (file !== null) await checkTarget(file);
  const api = await deps.api();
  const view = needsView(opts) ? await cellView(opts, deps) : null;
  // --institution and --category by code or name (cmdutil/names.ts)
  const download = await api.exportCases(await resolveFilterNames(exportParams(opts), api, deps), { signal: deps.signal, ...standbyNotice(deps) });
  const progress = createProgress(deps.io, { label: t(deps.lang, 'export.progress'), lang: deps.lang, now: () => deps.now().getTime() });
  const received = deps.io.isErrTTY ? counted(download.body, progress) : download.body;
  const body = view === null ? received : opts.format === 'xlsx' ? xlsxView(opts, received, view) : csvView(opts, received, view);
  try {
    if (file !== null) await writeWhole(file, body, exportFileMode(opts.profile));
    else await writeStdout(body, deps);
  } catch (e) {
    download.cancel();
    progress.done();
    if (file !== null) deps.io.err.write(`${t(deps.lang, 'export.error.failedNothingWritten', { file })}\n`);
    throw e;
  }
  progress.done();
  if (file === null && !deps.io.isErrTTY) return;
  const rows = download.rows();
  const params = { file: file ?? t(deps.lang, 'export.stdout'), profile: opts.profile, dialect: opts.format === 'xlsx' ? 'xlsx' : opts.dialect };
  deps.io.err.write(
    `${rows === null ? t(deps.lang, 'export.doneNoCount', params) : t(deps.lang, 'export.done', { ...params, rows: fmtCount(deps.lang, rows) })}\n`,
  );
  if (opts.profile === 'pii') deps.io.err.write(`${t(deps.lang, 'export.piiNotice')}\n`);
}
