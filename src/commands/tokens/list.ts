// lapor tokens list: the tokens the caller may manage (all for a national admin, its subtree for an
// institution admin). Never a secret: the API does not keep them.

import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { createRenderContext, selectColumns } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { addLimitOption, addOutputOptions, printLimitedRows, type LimitOptions, type OutputOptions } from '../../cmdutil/flags.js';
import { TABLE_DEFAULT_FIELDS, TOKEN_COLUMNS } from './render.js';

export interface ListOptions extends OutputOptions, LimitOptions {
  all: boolean;
}

export function createListCommand(deps: Deps, runF: (opts: ListOptions, deps: Deps) => Promise<void> = listRun): Command {
  const { lang } = deps;
  const cmd = new Command('list').alias('ls').description(t(lang, 'cmd.tokens.list')).option('--all', t(lang, 'tokens.flag.all'), false);
  return addOutputOptions(addLimitOption(cmd, lang), lang)
    .addHelpText(
      'after',
      examples(lang, ['lapor tokens list', 'lapor tokens list --all --limit all --format csv > tokens.csv', 'lapor tokens list --format json --fields name,role,expiresAt']),
    )
    .action(async (opts: ListOptions) => {
      selectColumns(TOKEN_COLUMNS, opts.fields); // a bad --fields fails before any request
      await runF(opts, deps);
    });
}

export async function listRun(opts: ListOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const columns = selectColumns(TOKEN_COLUMNS, opts.fields, opts.format === 'table' ? TABLE_DEFAULT_FIELDS : undefined);
  const items = await api.listTokens({ all: opts.all }, { signal: deps.signal });
  await printLimitedRows(deps.io, opts.format, items, columns, createRenderContext(deps.io, deps.lang, deps.now()), opts.limit);
}
