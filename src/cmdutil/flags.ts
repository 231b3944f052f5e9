// Flag parsers and option helpers shared by commands of several nouns (output flags, dates, numbers, the case
// filters).

import { InvalidArgumentError, Option, type Command } from 'commander';
import { CASE_FILTERS, CASE_FILTER_NAMES, type CaseFilterName } from '../domain/caseFilters.js';
import { closestValues } from '../domain/names.js';
import { normaliseTrackingId } from '../domain/trackingId.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../io/format.js';
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
  q: 'flag.search',
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
    // a list filter takes `a,b` as well as `a b` and a repeated flag; a typo gets the close values
    if (filter.kind === 'statuses' && filter.values !== undefined) option.argParser(valueListParser(filter.values, lang));
    if (filter.kind === 'date') option.argParser(dateParser(lang));
    return option;
  });
}
