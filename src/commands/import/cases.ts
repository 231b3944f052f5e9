// lapor import cases <file.csv|->: cases from the project's own columns, the official LAPOR! admin export
// or any layout described by a mapping file, streamed to the API (see run.ts). Strict by default.

import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { compileMapping, isHeaderRecord, MappingError, mapRecord, planHeader, type MappingFile, type ReadOptions } from '../../domain/csv/layout.js';
import { F, IMPORT_FIELDS } from '../../domain/csv/rules.js';
import { zoneOffset } from '../../domain/csv/values.js';
import { UsageError } from '../../io/errors.js';
import { OUTPUT_FORMATS } from '../../io/format.js';
import { t, type Lang } from '../../io/i18n.js';
import { runImport, type ImportRunOptions, type KindReader } from './run.js';
import { addImportOptions, type RawImportFlags } from './flags.js';

export interface ImportCasesOptions extends ImportRunOptions {
  /** A JSON mapping file (source column → field, value maps, date formats, time zone, defaults). */
  mapping?: string;
  /** Zone of local times without one (default: the mapping's, the file's metadata, WIB for the official layout, Asia/Makassar). */
  timezone?: string;
}

export const DEFAULT_TIMEZONE = 'Asia/Makassar';

export function timezoneParser(lang: Lang) {
  return (value: string): string => {
    if (zoneOffset(value) === undefined) throw new InvalidArgumentError(t(lang, 'import.badTimezone'));
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
    .addOption(new Option('--format <format>', t(lang, 'flag.format')).choices(OUTPUT_FORMATS).default('table'))
    .addHelpText(
      'after',
      `\n${t(lang, 'import.help.cases')}\n\n${t(lang, 'import.help.casesOfficial')}\n${examples(lang, [
        'lapor import cases fixtures/csv/official-sample.csv --dry-run',
        'lapor import cases fixtures/csv/official-sample.csv --create-missing',
        'lapor import cases fixtures/csv/official/laporan-sp4n-lapor-badung.csv --dry-run',
        'lapor import cases fixtures/examples/laporan.csv --skip-bad-rows --rejects ditolak.csv',
        'lapor import cases fixtures/examples/sistem-lama.csv --mapping fixtures/csv/mapping/siap-mapping.json --timezone Asia/Jakarta',
        'zcat fixtures/examples/arsip.csv.gz | lapor import cases - --delimiter ";"',
      ])}`,
    )
    .action(async (file: string, raw: RawImportFlags & { mapping?: string; timezone?: string; update: boolean; createMissing: boolean }) => {
      await runF({ ...raw, file, skipBadRows: raw.skipBadRows === true, dryRun: raw.dryRun === true }, deps);
    });
  return cmd;
}

async function loadMapping(path: string, fallbackOffset: number): Promise<{ mapping: MappingFile; read: ReadOptions }> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    throw new UsageError((l) => t(l, 'import.mapping.unreadable', { file: path, why: (err as Error).message }), { cause: err });
  }
  try {
    return compileMapping(raw, fallbackOffset);
  } catch (err) {
    if (!(err instanceof MappingError)) throw err;
    throw new UsageError((l) => t(l, 'import.mapping.invalid', { file: path, path: err.path, why: err.message }), {
      hint: (l) => t(l, 'import.mapping.hint'),
    });
  }
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
      return { problems: r.problems.map((p) => ({ column: p.column, code: p.code, detail: p.detail })) };
    },
    key(cells, plan) {
      const i = plan.targets.indexOf(IMPORT_FIELDS[F.trackingId]);
      const v = i >= 0 ? cells[i] : null;
      return v === null || v === undefined || v.trim() === '' ? null : v.trim().slice(0, 64);
    },
  };
}

export async function importCasesRun(opts: ImportCasesOptions, deps: Deps): Promise<void> {
  const fallback = zoneOffset(opts.timezone ?? DEFAULT_TIMEZONE) ?? 480;
  let mapping: MappingFile | null = null;
  let read: ReadOptions = { offsetMinutes: fallback, zoneGiven: opts.timezone !== undefined, values: new Map(), defaults: new Map() };
  if (opts.mapping) {
    const compiled = await loadMapping(opts.mapping, fallback);
    mapping = compiled.mapping;
    read = compiled.read;
    // --timezone wins over the mapping's zone
    if (opts.timezone) read = { ...read, offsetMinutes: fallback, zoneGiven: true };
  }
  await runImport(caseReader(mapping, read, deps.now().getTime()), opts, deps);
}
