import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { createRenderContext, selectColumns } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { addLimitOption, addOutputOptions, printLimitedRows, type LimitOptions, type OutputOptions } from '../../cmdutil/flags.js';
import { INSTITUTION_COLUMNS } from './render.js';

export interface ListOptions extends OutputOptions, LimitOptions {
  under?: string;
  search?: string;
}

export function createListCommand(deps: Deps, runF: (opts: ListOptions, deps: Deps) => Promise<void> = listRun): Command {
  const { lang } = deps;
  const cmd = new Command('list')
    .alias('ls')
    .description(t(lang, 'cmd.institutions.list'))
    .option('--under <code>', t(lang, 'flag.under'))
    .option('-q, --search <text>', t(lang, 'flag.search'));
  return addOutputOptions(addLimitOption(cmd, lang), lang)
    .addHelpText('after', examples(lang, ['lapor institutions list --under badung', 'lapor institutions list -q dinkes --format csv']))
    .action(async (opts: ListOptions) => {
      selectColumns(INSTITUTION_COLUMNS, opts.fields);
      await runF(opts, deps);
    });
}

export async function listRun(opts: ListOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const all = await api.institutions();
  const byId = new Map(all.map((i) => [i.id, i]));
  const within = (id: string, root: string): boolean => {
    for (let cur: string | null = id; cur !== null; cur = byId.get(cur)?.parentId ?? null) if (cur === root) return true;
    return false;
  };
  const needle = opts.search?.toLocaleLowerCase('id');
  const rows = all.filter(
    (i) =>
      (!opts.under || within(i.id, opts.under)) &&
      (!needle || i.id.toLocaleLowerCase('id').includes(needle) || i.name.toLocaleLowerCase('id').includes(needle)),
  );
  const ctx = createRenderContext(deps.io, deps.lang, deps.now());
  await printLimitedRows(deps.io, opts.format, rows, selectColumns(INSTITUTION_COLUMNS, opts.fields), ctx, opts.limit);
}
