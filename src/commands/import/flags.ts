// Flags every `lapor import <kind>` shares: how to read the file and what to do with bad rows.

import { InvalidArgumentError, type Command } from 'commander';
import type { Delimiter } from '../../domain/csv/layout.js';
import { UsageError } from '../../io/errors.js';
import { t, type Lang } from '../../io/i18n.js';

export interface RawImportFlags {
  delimiter?: Delimiter;
  skipBadRows?: boolean;
  rejects?: string;
  dryRun?: boolean;
  format: 'table' | 'json' | 'ndjson' | 'csv';
}

const DELIMITER_NAMES: Record<string, Delimiter> = {
  ',': ',',
  comma: ',',
  koma: ',',
  ';': ';',
  semicolon: ';',
  'titik-koma': ';',
  tab: '\t',
  '\t': '\t',
  '|': '|',
  pipe: '|',
};

export function delimiterParser(lang: Lang) {
  return (value: string): Delimiter => {
    const d = DELIMITER_NAMES[value.toLowerCase()];
    if (d === undefined) throw new InvalidArgumentError(t(lang, 'import.badDelimiter'));
    return d;
  };
}

export function addImportOptions(cmd: Command, lang: Lang): Command {
  return cmd
    .option('--delimiter <char>', t(lang, 'import.flag.delimiter'), delimiterParser(lang))
    .option('--skip-bad-rows', t(lang, 'import.flag.skipBadRows'), false)
    .option('--rejects <file>', t(lang, 'import.flag.rejects'))
    .option('--dry-run', t(lang, 'import.flag.dryRun'), false)
    .hook('preAction', (_cmd, action) => {
      const o = action.opts<{ rejects?: string; skipBadRows?: boolean }>();
      if (o.rejects !== undefined && o.skipBadRows !== true) {
        throw new UsageError((l) => t(l, 'import.rejectsNeedsSkip'));
      }
    });
}
