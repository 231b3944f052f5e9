// lapor templates list: the answer templates in reach (defined at the token's ancestry or inside its subtree),
// or with --institution those visible there, the nearest definition of each name.

import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { addLimitOption, addOutputOptions, printLimitedRows, type LimitOptions, type OutputOptions } from '../../cmdutil/flags.js';
import { createRenderContext, selectColumns } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { TABLE_DEFAULT_FIELDS, TEMPLATE_COLUMNS } from './render.js';

export interface ListOptions extends OutputOptions, LimitOptions {
  institution?: string;
}

export function createListCommand(deps: Deps, runF: (opts: ListOptions, deps: Deps) => Promise<void> = listRun): Command {
  const { lang } = deps;
  const cmd = new Command('list').alias('ls').description(t(lang, 'cmd.templates.list')).option('--institution <code>', t(lang, 'templates.flag.visibleAt'));
  return addOutputOptions(addLimitOption(cmd, lang), lang)
    .addHelpText(
      'after',
      examples(lang, ['lapor templates list', 'lapor templates list --institution badung.dinkes', 'lapor templates list --format json --fields name,institutionId,variables']),
    )
    .action(async (opts: ListOptions) => {
      selectColumns(TEMPLATE_COLUMNS, opts.fields); // a bad --fields fails before any request
      await runF(opts, deps);
    });
}

export async function listRun(opts: ListOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const columns = selectColumns(TEMPLATE_COLUMNS, opts.fields, opts.format === 'table' ? TABLE_DEFAULT_FIELDS : undefined);
  const items = await api.templates({ institution: opts.institution }, { signal: deps.signal });
  if (items.length === 0 && opts.format === 'table') {
    deps.io.err.write(`${t(deps.lang, 'templates.none')}\n`);
    return;
  }
  await printLimitedRows(deps.io, opts.format, items, columns, createRenderContext(deps.io, deps.lang, deps.now()), opts.limit);
}
