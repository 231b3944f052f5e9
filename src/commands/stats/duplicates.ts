// lapor stats duplicates: the linked duplicates of a year by the original's institution (aggregates only; the
// annual report counts each complaint once and leaves the duplicates out: see domain/stats.ts).

import { Command, Option } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { addOutputOptions, type OutputOptions } from '../../cmdutil/flags.js';
import { resolveFilterNames } from '../../cmdutil/names.js';
import type { StatsDuplicatesReport } from '../../domain/stats.js';
import { createRenderContext, printRows, selectColumns, type Column } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { yearParser } from './shared.js';

export interface DuplicatesOptions extends OutputOptions {
  year?: number;
  institution?: string;
}

type Row = StatsDuplicatesReport['items'][number];

export const DUPLICATES_COLUMNS: Column<Row>[] = [
  { key: 'institutionId', header: (lang) => t(lang, 'duplicates.column.institution'), value: (r) => r.institutionId, shorten: 'middle' },
  { key: 'institutionName', header: (lang) => t(lang, 'field.institutionId'), value: (r) => r.institutionName, fit: 'flex' },
  { key: 'duplicates', header: (lang) => t(lang, 'duplicates.column.duplicates'), value: (r) => r.duplicates, align: 'right' },
  { key: 'originals', header: (lang) => t(lang, 'duplicates.column.originals'), value: (r) => r.originals, align: 'right' },
];

export function createDuplicatesCommand(deps: Deps, runF: (opts: DuplicatesOptions, deps: Deps) => Promise<void> = duplicatesRun): Command {
  const { lang } = deps;
  const cmd = new Command('duplicates')
    .description(t(lang, 'cmd.stats.duplicates'))
    .addOption(new Option('--year <year>', t(lang, 'duplicates.flag.year')).argParser(yearParser(lang)))
    .option('--institution <code>', t(lang, 'flag.institution'));
  return addOutputOptions(cmd, lang)
    .addHelpText('after', examples(lang, ['lapor stats duplicates', 'lapor stats duplicates --institution badung --format csv']))
    .action(async (raw: DuplicatesOptions) => {
      selectColumns(DUPLICATES_COLUMNS, raw.fields);
      await runF(raw, deps);
    });
}

export async function duplicatesRun(opts: DuplicatesOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const { institution } = await resolveFilterNames({ institution: opts.institution }, api, deps); // by code or name
  const report = await api.statsDuplicates({ year: opts.year, institution });
  const ctx = createRenderContext(deps.io, deps.lang, deps.now());
  if (opts.format === 'table' && report.items.length === 0) {
    deps.io.err.write(`${t(deps.lang, 'duplicates.stats.none', { year: report.year })}\n`);
    return;
  }
  printRows(deps.io, opts.format, report.items, selectColumns(DUPLICATES_COLUMNS, opts.fields), ctx);
}
