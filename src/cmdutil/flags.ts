// Flag parsers and option helpers shared by commands of several nouns (output flags, dates, numbers).

import { InvalidArgumentError, Option, type Command } from 'commander';
import { OUTPUT_FORMATS, type OutputFormat } from '../io/format.js';
import { t, type Lang } from '../io/i18n.js';

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
