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

export function parseDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new InvalidArgumentError('expected a date YYYY-MM-DD');
  }
  return value;
}

export function parsePositiveInt(max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new InvalidArgumentError(`expected a whole number from 1 to ${max}`);
    return n;
  };
}
