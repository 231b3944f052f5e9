// lapor sla policies export: every version of every policy as one JSON document on stdout, the form
// `lapor sla policies import` reads back (national admins).

import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { t } from '../../io/i18n.js';

export type ExportOptions = Record<string, never>;

export function createExportCommand(deps: Deps, runF: (opts: ExportOptions, deps: Deps) => Promise<void> = exportRun): Command {
  const { lang } = deps;
  return new Command('export')
    .description(t(lang, 'cmd.sla.policies.export'))
    .addHelpText('after', examples(lang, ['lapor sla policies export > kebijakan-sla.json']))
    .action(async () => {
      await runF({}, deps);
    });
}

export async function exportRun(_opts: ExportOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const { items } = await api.slaPolicies();
  deps.io.out.write(`${JSON.stringify(items, null, 2)}\n`);
}
