// Flags and output shared by `stats annual` and `stats trend`: year parsing, --public/--k, the formats
// (the human report, tidy rows, the HTML page) and writing to stdout or -o FILE.

import { createWriteStream } from 'node:fs';
import { unlink, writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Chalk } from 'chalk';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import type { TidyRow } from '../../domain/stats.js';
import { CliError, UsageError } from '../../io/errors.js';
import { createRenderContext, renderCsv, renderJson, renderNdjson, renderTable, type RenderContext } from '../../io/format.js';
import { t, type Lang } from '../../io/i18n.js';
import { sheetBytes, type SheetColumn, type SheetValue } from '../../io/xlsx.js';
import { TIDY_COLUMNS, TIDY_SHEET_COLUMNS, tidySheetRow } from './render.js';

export const STATS_FORMATS = ['table', 'json', 'ndjson', 'csv', 'html', 'xlsx'] as const;
export type StatsFormat = (typeof STATS_FORMATS)[number];

export interface StatsOutputOptions {
  format: StatsFormat;
  output?: string;
  public?: boolean;
  k?: number;
  institution?: string;
}

export function yearParser(lang: Lang) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d{4}$/.test(value) || n < 1990 || n > 2100) throw new InvalidArgumentError(t(lang, 'stats.usage.expectedYear'));
    return n;
  };
}

function kParser(lang: Lang) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 2 || n > 1000) throw new InvalidArgumentError(t(lang, 'stats.usage.expectedK'));
    return n;
  };
}

export function addStatsOptions(cmd: Command, lang: Lang, formats: readonly StatsFormat[]): Command {
  return cmd
    .option('--institution <code>', t(lang, 'stats.flag.institution'))
    .option('--public', t(lang, 'stats.flag.public'))
    .addOption(new Option('--k <n>', t(lang, 'stats.flag.k')).argParser(kParser(lang)))
    .addOption(new Option('--format <format>', t(lang, 'stats.flag.format')).choices(formats).default('table'))
    .option('-o, --output <file>', t(lang, 'stats.flag.output'));
}

/** Rules between flags, before any request (usage errors, exit 2). */
export function checkStatsOptions(opts: StatsOutputOptions): void {
  if (opts.k !== undefined && opts.public !== true) throw new UsageError((l) => t(l, 'stats.error.kWithoutPublic'));
}

/** XLSX is binary: never to a terminal (a file with -o, or a pipe). Checked before any request. */
export function checkStatsTarget(opts: StatsOutputOptions, stdoutIsTTY: boolean): void {
  if (opts.format === 'xlsx' && (opts.output === undefined || opts.output === '-') && stdoutIsTTY) {
    throw new UsageError((l) => t(l, 'export.usage.binaryToTerminal'));
  }
}

/** The tidy rows as an XLSX workbook to -o FILE (removed again on failure) or stdout. */
export async function emitSheet(deps: Deps, output: string | undefined, rows: readonly TidyRow[]): Promise<void> {
  return emitRows(deps, output, rows.map(tidySheetRow), TIDY_SHEET_COLUMNS);
}

/** Rows of typed cells as an XLSX workbook to -o FILE (removed again on failure) or stdout. */
export async function emitRows(deps: Deps, output: string | undefined, rows: readonly (readonly SheetValue[])[], columns: readonly SheetColumn[]): Promise<void> {
  checkStatsTarget({ format: 'xlsx', output }, deps.io.isOutTTY);
  async function* values() {
    for (const r of rows) yield r;
  }
  const bytes = sheetBytes(values(), { name: 'Statistik', columns });
  if (output === undefined || output === '-') {
    const out = deps.io.outStream;
    if (!out) throw new CliError((l) => t(l, 'export.usage.binaryToTerminal'));
    for await (const chunk of bytes) if (!out.write(chunk)) await once(out, 'drain');
    return;
  }
  try {
    const file = createWriteStream(output);
    await pipeline(Readable.from(bytes), file);
  } catch (e) {
    await unlink(output).catch(() => undefined);
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new CliError((l) => t(l, 'stats.error.write', { file: output, reason }), { hint: (l) => t(l, 'stats.error.writeHint') });
  }
  deps.io.err.write(`${t(deps.lang, 'stats.written', { file: output })}\n`);
}

/** The tidy rows in json/ndjson/csv, or as a piped table (tab-separated, no header). */
export function renderTidy(format: Exclude<StatsFormat, 'html' | 'xlsx'>, rows: readonly TidyRow[], ctx: RenderContext): string {
  switch (format) {
    case 'json':
      return renderJson(rows, TIDY_COLUMNS, ctx);
    case 'ndjson':
      return renderNdjson(rows, TIDY_COLUMNS, ctx);
    case 'csv':
      return renderCsv(rows, TIDY_COLUMNS, ctx);
    case 'table':
      return renderTable(rows, TIDY_COLUMNS, ctx);
  }
}

/** The context for rendering; a report written to a file (-o) never carries terminal colour codes. */
export function statsRenderContext(deps: Deps, output?: string): RenderContext {
  const ctx = createRenderContext(deps.io, deps.lang, deps.now());
  return output === undefined || output === '-' ? ctx : { ...ctx, color: new Chalk({ level: 0 }) };
}

/** Writes the result to -o FILE (a note on stderr) or stdout. */
export async function emit(deps: Deps, output: string | undefined, text: string): Promise<void> {
  if (output === undefined || output === '-') {
    deps.io.out.write(text);
    return;
  }
  try {
    await writeFile(output, text);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new CliError((l) => t(l, 'stats.error.write', { file: output, reason }), { hint: (l) => t(l, 'stats.error.writeHint') });
  }
  deps.io.err.write(`${t(deps.lang, 'stats.written', { file: output })}\n`);
}
