// lapor import cases <file.csv|->: cases from the project's own columns, the official LAPOR! admin export
// or any layout described by a mapping file, streamed to the API (see run.ts). Strict by default.

import { readFile, writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { compileMapping, isHeaderRecord, MappingError, mapRecord, planHeader, type MappingFile, type ReadOptions } from '../../domain/csv/layout.js';
import { F, IMPORT_FIELDS } from '../../domain/csv/rules.js';
import { inferDatePattern, mappingSkeleton, type SkeletonNote } from '../../domain/csv/skeleton.js';
import { STATUSES } from '../../domain/types.js';
import { resolveZone, type ZoneSetting } from '../../domain/csv/values.js';
import { UsageError } from '../../io/errors.js';
import { OUTPUT_FORMATS } from '../../io/format.js';
import { t, type Lang } from '../../io/i18n.js';
import { inputStream, runImport, type ImportRunOptions, type KindReader } from './run.js';
import { addImportOptions, type RawImportFlags } from './flags.js';
import { importFieldsHelp } from './fields.js';
import { isXlsxFile, openSource } from './source.js';

export interface ImportCasesOptions extends ImportRunOptions {
  /** A JSON mapping file (source column → field, value maps, date formats, time zone, defaults). */
  mapping?: string;
  /** Zone of local times without one (default: the mapping's, the file's metadata, WIB for the official layout, Asia/Makassar). */
  timezone?: string;
  /** Write a mapping skeleton from the file's header instead of importing. */
  initMapping?: boolean;
  /** Where --init-mapping writes (default: standard output). */
  output?: string;
}

export const DEFAULT_TIMEZONE = 'Asia/Makassar';

export function timezoneParser(lang: Lang) {
  return (value: string): string => {
    if (resolveZone(value) === undefined) throw new InvalidArgumentError(t(lang, 'import.badTimezone'));
    return value;
  };
}

export function createImportCasesCommand(deps: Deps, runF: (opts: ImportCasesOptions, deps: Deps) => Promise<void> = importCasesRun): Command {
  const { lang } = deps;
  const cmd = new Command('cases').description(t(lang, 'cmd.import.cases')).argument('<file>', t(lang, 'import.arg.file'));
  addImportOptions(cmd, lang);
  cmd
    .option('--mapping <file.json>', t(lang, 'import.flag.mapping'))
    .option('--timezone <zone>', t(lang, 'import.flag.timezone'), timezoneParser(lang))
    .option('--update', t(lang, 'import.flag.update'), false)
    .option('--create-missing', t(lang, 'import.flag.createMissing'), false)
    .addOption(new Option('--init-mapping', t(lang, 'import.flag.initMapping')).conflicts('mapping'))
    .option('--output <file.json>', t(lang, 'import.flag.output'))
    .addOption(new Option('--format <format>', t(lang, 'flag.format')).choices(OUTPUT_FORMATS).default('table'))
    .addHelpText(
      'after',
      `\n${t(lang, 'import.help.cases')}\n\n${t(lang, 'import.help.casesOfficial')}\n\n${importFieldsHelp(lang)}\n${examples(lang, [
        'lapor import cases fixtures/csv/official-sample.csv --dry-run',
        'lapor import cases fixtures/csv/official-sample.csv --create-missing',
        'lapor import cases fixtures/csv/official/laporan-sp4n-lapor-badung.csv --dry-run',
        'lapor import cases fixtures/examples/laporan.csv --skip-bad-rows --rejects ditolak.csv',
        'lapor import cases fixtures/examples/sistem-lama.csv --mapping fixtures/csv/mapping/siap-mapping.json --timezone Asia/Jakarta',
        'lapor import cases fixtures/csv/311/myla311-2017-12-31.csv --init-mapping --timezone America/Los_Angeles',
        'lapor import cases fixtures/csv/311/myla311-2017-12-31.csv --mapping fixtures/csv/311/mapping.json --dry-run',
        'zcat fixtures/examples/arsip.csv.gz | lapor import cases - --delimiter ";"',
      ])}`,
    )
    .action(async (file: string, raw: RawImportFlags & { mapping?: string; timezone?: string; update: boolean; createMissing: boolean; initMapping?: boolean; output?: string }) => {
      if (raw.output !== undefined && raw.initMapping !== true) throw new UsageError((l) => t(l, 'import.initMapping.outputNeedsInit'));
      await runF({ ...raw, file, skipBadRows: raw.skipBadRows === true, dryRun: raw.dryRun === true }, deps);
    });
  return cmd;
}

async function loadMapping(path: string, fallback: ZoneSetting): Promise<{ mapping: MappingFile; read: ReadOptions }> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new UsageError((l) => t(l, 'import.mapping.unreadable', { file: path, why: (err as Error).message }), { cause: err });
  }
  try {
    return compileMapping(raw, fallback);
  } catch (err) {
    if (!(err instanceof MappingError)) throw err;
    throw new UsageError((l) => t(l, 'import.mapping.invalid', { file: path, path: err.path, why: err.message }), {
      hint: (l) => t(l, 'import.mapping.hint'),
    });
  }
}

/**
 * Without a mapping's dateFormats numeric dates are read day-first, as Indonesian files write them. A date
 * refused that way but readable month-first (`12/31/2017`) gets the pattern that reads it in its detail,
 * `12/31/2017 (MM/DD/YYYY?)`: the file is likely month-first, and its rows with days up to 12 would be read
 * with day and month swapped, so it needs a mapping (`--init-mapping` writes one).
 */
export function monthFirstHint(detail: string | null, read: ReadOptions): string | null {
  if (detail === null || read.patterns !== undefined) return detail;
  const found = inferDatePattern([detail]);
  return found !== null && /^M/.test(found.pattern) ? `${detail} (${found.pattern}?)` : detail;
}

/** The case reader: header by the built-in dictionary or the mapping, records through mapRecord. */
export function caseReader(mapping: MappingFile | null, read: ReadOptions, nowMs: number): KindReader {
  return {
    kind: 'cases',
    fields: IMPORT_FIELDS,
    isHeader: (rec) => (mapping?.headerLine !== undefined ? rec.line === mapping.headerLine : isHeaderRecord(rec.cells.map((c) => c ?? ''), mapping)),
    plan: (rec, preamble) =>
      planHeader(
        rec.cells.map((c) => c ?? ''),
        mapping,
        read,
        preamble.map((p) => p.cells),
      ),
    row(cells, plan) {
      const r = mapRecord(cells, plan, read, nowMs, false);
      if (r.row) return { row: r.row };
      return { problems: r.problems.map((p) => ({ column: p.column, code: p.code, detail: p.code === 'invalid_date' ? monthFirstHint(p.detail, read) : p.detail })) };
    },
    key(cells, plan) {
      const i = plan.targets.indexOf(IMPORT_FIELDS[F.trackingId]);
      const v = i >= 0 ? cells[i] : null;
      return v === null || v === undefined || v.trim() === '' ? null : v.trim().slice(0, 64);
    },
  };
}

/** How many data records --init-mapping reads to infer date patterns and unknown status labels. */
const SKELETON_SAMPLE = 500;

function noteText(lang: Lang, note: SkeletonNote): string {
  switch (note.kind) {
    case 'ambiguousDates':
      return t(lang, 'import.initMapping.note.ambiguousDates', { column: note.column, pattern: note.pattern, twin: note.twin });
    case 'unknownStatus':
      return t(lang, 'import.initMapping.note.unknownStatus', { labels: note.labels.map((l) => `"${l}"`).join(', '), statuses: STATUSES.join(', ') });
    case 'requiredMissing':
      return t(lang, 'import.initMapping.note.requiredMissing', { fields: note.fields.join(', ') });
    case 'nullColumns':
      return t(lang, 'import.initMapping.note.nullColumns');
    case 'timezone':
      return t(lang, 'import.initMapping.note.timezone', { zone: note.zone });
  }
}

/** --init-mapping: the skeleton for the file's header (the first record, or the first the dictionaries recognise). */
async function initMappingRun(opts: ImportCasesOptions, deps: Deps): Promise<void> {
  const source = await openSource(await inputStream(opts.file, deps), { file: opts.file, delimiter: opts.delimiter });
  let header: { line: number; cells: string[] } | null = null;
  const rows: (string | null)[][] = [];
  const seen: { line: number; cells: string[] }[] = [];
  for await (const rec of source.records) {
    const cells = rec.cells.map((c) => c ?? '');
    if (header === null) {
      seen.push({ line: rec.line, cells });
      if (isHeaderRecord(cells, null)) header = { line: rec.line, cells };
      else if (seen.length < 50) continue;
      else header = seen[0];
      // records read while looking for the header are samples when they come after it
      for (const s of seen) if (s.line > header.line) rows.push(s.cells);
      continue;
    }
    rows.push(rec.cells as (string | null)[]);
    if (rows.length >= SKELETON_SAMPLE) break;
  }
  if (header === null) {
    header = seen[0] ?? null;
    for (const s of seen.slice(1)) rows.push(s.cells);
  }
  if (header === null) throw new UsageError((l) => t(l, 'import.initMapping.noHeader', { file: opts.file }));
  const { mapping, notes } = mappingSkeleton({ header: header.cells, headerLine: header.line, rows, timezone: opts.timezone ?? DEFAULT_TIMEZONE });
  const skeleton: MappingFile = { ...mapping, notes: notes.map((n) => noteText(deps.lang, n)) };
  const text = `${JSON.stringify(skeleton, null, 2)}\n`;
  if (opts.output === undefined) {
    deps.io.out.write(text);
    return;
  }
  await writeFile(opts.output, text);
  deps.io.err.write(`${t(deps.lang, 'import.initMapping.written', { file: opts.output })}\n`);
}

export async function importCasesRun(opts: ImportCasesOptions, deps: Deps): Promise<void> {
  if (opts.initMapping === true) return initMappingRun(opts, deps);
  const fallback = resolveZone(opts.timezone ?? DEFAULT_TIMEZONE) ?? { offsetMinutes: 480 };
  let mapping: MappingFile | null = null;
  let read: ReadOptions = { ...fallback, zoneGiven: opts.timezone !== undefined, values: new Map(), defaults: new Map() };
  if (opts.mapping) {
    const compiled = await loadMapping(opts.mapping, fallback);
    mapping = compiled.mapping;
    read = compiled.read;
    // --timezone wins over the mapping's zone
    if (opts.timezone) read = { ...read, offsetMinutes: fallback.offsetMinutes, timeZone: fallback.timeZone, zoneGiven: true };
  }
  // a workbook's date cell without a date format arrives as its serial number
  if (isXlsxFile(opts.file)) read = { ...read, spreadsheetSerials: true };
  await runImport(caseReader(mapping, read, deps.now().getTime()), opts, deps);
}
