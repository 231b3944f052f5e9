// lapor sla policies list: every version of every SLA policy (national admins).

import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { addOutputOptions, type OutputOptions } from '../../cmdutil/flags.js';
import { createRenderContext, printRows, selectColumns } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { POLICY_COLUMNS, POLICY_DEFAULT_FIELDS } from './render.js';

export type ListOptions = OutputOptions;

export function createListCommand(deps: Deps, runF: (opts: ListOptions, deps: Deps) => Promise<void> = listRun): Command {
  const { lang } = deps;
  const cmd = new Command('list').description(t(lang, 'cmd.sla.policies.list'));
  return addOutputOptions(cmd, lang)
    .addHelpText('after', examples(lang, ['lapor sla policies list', 'lapor sla policies list --format csv --fields id,effectiveFrom,completion']))
    .action(async (opts: ListOptions) => {
      selectColumns(POLICY_COLUMNS, opts.fields, POLICY_DEFAULT_FIELDS); // bad --fields: before any request
      await runF(opts, deps);
    });
}

export async function listRun(opts: ListOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const { items } = await api.slaPolicies();
  const columns = selectColumns(POLICY_COLUMNS, opts.fields, POLICY_DEFAULT_FIELDS);
  printRows(deps.io, opts.format, items, columns, createRenderContext(deps.io, deps.lang, deps.now()));
}
