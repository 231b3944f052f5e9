// Flag parsers and option helpers shared by commands of several nouns (output flags, dates, numbers, the case
// filters).

import { InvalidArgumentError, Option, type Command } from 'commander';
import { CASE_FILTERS, CASE_FILTER_NAMES, type CaseFilterName } from '../domain/caseFilters.js';
import { closestValues } from '../domain/names.js';
import { normaliseTrackingId } from '../domain/trackingId.js';
import { OUTPUT_FORMATS, printRows, type Column, type OutputFormat, type RenderContext } from '../io/format.js';
import type { IOStreams } from '../io/iostreams.js';
import { t, type Lang, type MessageKey } from '../io/i18n.js';

export interface OutputOptions {
  format: OutputFormat;
  fields?: string;
}

export function addOutputOptions(cmd: Command, lang: Lang): Command {
  return cmd
    .addOption(new Option('--format <format>', t(lang, 'flag.format')).choices(OUTPUT_FORMATS).default('table'))
    .option('--fields <list>', t(lang, 'flag.fields'));
}

/** Checks a date YYYY-MM-DD (English message; prefer `dateParser(lang)` for flags). */
export function parseDate(value: string): string {
  return dateParser('en')(value);
}

/** A --flag parser for a date YYYY-MM-DD; the failure names the expected form in the user's language. */
export function dateParser(lang: Lang) {
  return (value: string): string => {
    const ms = Date.parse(`${value}T00:00:00Z`);
    // Date.parse rolls impossible days over (2024-02-30 → 1 March), so the date must survive a round trip
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== value) {
      throw new InvalidArgumentError(t(lang, 'usage.expectedDate'));
    }
    return value;
  };
}

export function parsePositiveInt(max: number, lang: Lang = 'en') {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(t(lang, 'usage.expectedInteger', { max: String(max) }));
    return n;
  };
}

// ---- tracking IDs and fixed values ----------------------------------------------------------------------

/** A tracking ID argument in its canonical form (`lpr20260003536` → `LPR-2026-0003536`; other IDs as typed). */
export function parseTrackingId(value: string): string {
  return normaliseTrackingId(value);
}

/** Commander's parser of a variadic tracking ID argument: each normalised, in the order given. */
export function parseTrackingIds(value: string, previous: readonly string[] = []): string[] {
  return [...previous, normaliseTrackingId(value)];
}

/** Why a value is not one of `allowed`: the close ones as "maksud Anda …?", and the allowed ones. */
export function badValueReason(value: string, allowed: readonly string[], lang: Lang): string {
  const near = closestValues(value, allowed);
  if (near.length === 0) return t(lang, 'usage.allowedChoices', { choices: allowed.join(', ') });
  return t(lang, 'names.value.didYouMean', { suggestion: near.join(', '), choices: allowed.join(', ') });
}

/** `a,b` (and a repeated flag) as a list of values of `allowed`, each checked. Throws InvalidArgumentError. */
export function valueListParser(allowed: readonly string[], lang: Lang) {
  return (value: string, previous: readonly string[] = []): string[] => {
    const values = value.split(',').map((v) => v.trim()).filter((v) => v !== '');
    if (values.length === 0) throw new InvalidArgumentError(t(lang, 'usage.allowedChoices', { choices: allowed.join(', ') }));
    for (const v of values) if (!allowed.includes(v)) throw new InvalidArgumentError(badValueReason(v, allowed, lang));
    return [...previous, ...values];
  };
}

// ---- the case filters (domain/caseFilters.ts) as flags: `cases list` and `export cases` ----------------

/** The help text of each filter's flag. */
const FILTER_HELP: Record<CaseFilterName, MessageKey> = {
  status: 'flag.status',
  institution: 'flag.institution',
  category: 'flag.category',
  classification: 'flag.classification',
  channel: 'flag.channel',
  from: 'flag.from',
  to: 'flag.to',
  overdue: 'flag.overdue',
  escalated: 'flag.escalated',
  q: 'flag.search',
  copiedTo: 'flag.copiedTo',
  draft: 'flag.draft',
};

/**
 * The filters' options, in table order or in the order of `names`: choices and the date parser check the
 * values at parse time. `help` replaces a filter's help text.
 */
export function caseFilterOptions(
  lang: Lang,
  names: readonly CaseFilterName[] = CASE_FILTER_NAMES,
  help: Partial<Record<CaseFilterName, MessageKey>> = {},
): Option[] {
  return names.map((name) => {
    const filter = CASE_FILTERS.find((f) => f.name === name);
    if (filter === undefined) throw new Error(`no case filter ${name}`);
    const option = new Option(filter.flag, t(lang, help[name] ?? FILTER_HELP[name]));
    if (filter.values !== undefined) option.choices(filter.values); // listed in the help
    if ('preset' in filter && filter.preset !== undefined) option.preset(filter.preset);
    // a list filter takes `a,b` as well as `a b` and a repeated flag; a typo gets the close values
    if (filter.kind === 'statuses' && filter.values !== undefined) option.argParser(valueListParser(filter.values, lang));
    if (filter.kind === 'date') option.argParser(dateParser(lang));
    return option;
  });
}

// ---- --limit: every list command, one default --------------------------------------------------------

/** Rows a list shows a person at a terminal unless told otherwise (`--limit N`, `--limit all`). */
export const DEFAULT_LIMIT = 30;

/** The parsed --limit: a row count, Infinity for `all`, undefined when not given (see rowLimit). */
export interface LimitOptions {
  limit?: number;
}

/**
 * The rows a list shows: --limit when given; else DEFAULT_LIMIT for a table on a terminal (a person reads it)
 * and every row for JSON, CSV and piped output (a script or a cron job reads it, and must not lose rows).
 */
export function rowLimit(limit: number | undefined, format: OutputFormat, io: Pick<IOStreams, 'isOutTTY'>): number {
  if (limit !== undefined) return limit;
  return format === 'table' && io.isOutTTY ? DEFAULT_LIMIT : Number.POSITIVE_INFINITY;
}

/** A --limit parser: a whole number from 1 to `max`, or `all` (no limit) when the list allows it. */
export function limitParser(lang: Lang, max: number | null = null) {
  const count = parsePositiveInt(max ?? Number.MAX_SAFE_INTEGER, lang);
  return (value: string): number => (max === null && value.trim().toLowerCase() === 'all' ? Number.POSITIVE_INFINITY : count(value));
}

/**
 * Adds `-L, --limit <n>`. `max`: the most the command can show at once (cases list pages on the server, up to
 * 500, has --all, and shows DEFAULT_LIMIT rows a page in every format); without it `--limit all` shows every
 * row and the default is rowLimit's.
 */
export function addLimitOption(cmd: Command, lang: Lang, max: number | null = null): Command {
  if (max !== null) {
    return cmd.addOption(new Option('-L, --limit <n>', t(lang, 'flag.limit')).argParser(limitParser(lang, max)).default(DEFAULT_LIMIT));
  }
  return cmd.addOption(new Option('-L, --limit <n>', t(lang, 'flag.limitRows', { n: String(DEFAULT_LIMIT) })).argParser(limitParser(lang, max)));
}

/** The first `limit` rows, and whether some were left out. */
export function limitRows<T>(rows: readonly T[], limit: number): { rows: T[]; truncated: boolean } {
  return rows.length > limit ? { rows: rows.slice(0, limit), truncated: true } : { rows: [...rows], truncated: false };
}

/**
 * The notice when a list was cut by --limit, on stderr (stdout stays the result): "showing N of M" when the
 * total is known, "showing the first N" when only "there is more" is (a server-paged list).
 */
export function limitNotice(err: { write(s: string): void }, lang: Lang, shown: number, total: number | null): void {
  const line =
    total === null
      ? t(lang, 'notice.limitedMore', { shown: String(shown) })
      : t(lang, 'notice.limited', { shown: String(shown), total: String(total) });
  err.write(`${line}\n`);
}

/**
 * A whole list (fetched at once) printed up to --limit: through the pager on a terminal when there is
 * something to show, then the notice when rows were left out.
 */
export async function printLimitedRows<T>(
  io: IOStreams,
  format: OutputFormat,
  rows: readonly T[],
  columns: readonly Column<T>[],
  ctx: RenderContext,
  limit: number | undefined,
): Promise<void> {
  const shown = limitRows(rows, rowLimit(limit, format, io));
  if (shown.rows.length > 0) await io.startPager();
  printRows(io, format, shown.rows, columns, ctx);
  if (shown.truncated) limitNotice(io.err, ctx.lang, shown.rows.length, rows.length);
}
