// lapor sla policies show <id>: the versions of one SLA policy, every field (national admins).

import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { addOutputOptions, type OutputOptions } from '../../cmdutil/flags.js';
import { createRenderContext, printRows, selectColumns } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { POLICY_COLUMNS } from './render.js';

export interface ShowOptions extends OutputOptions {
  id: string;
}

export function createShowCommand(deps: Deps, runF: (opts: ShowOptions, deps: Deps) => Promise<void> = showRun): Command {
  const { lang } = deps;
  const cmd = new Command('show').description(t(lang, 'cmd.sla.policies.show')).argument('<id>', t(lang, 'sla.policies.arg.id'));
  return addOutputOptions(cmd, lang)
    .addHelpText('after', examples(lang, ['lapor sla policies show default', 'lapor sla policies show default --format json']))
    .action(async (id: string, opts: OutputOptions) => {
      selectColumns(POLICY_COLUMNS, opts.fields); // bad --fields: before any request
      await runF({ ...opts, id }, deps);
    });
}

export async function showRun(opts: ShowOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const { items } = await api.slaPolicies(opts.id);
  printRows(deps.io, opts.format, items, selectColumns(POLICY_COLUMNS, opts.fields), createRenderContext(deps.io, deps.lang, deps.now()));
}
