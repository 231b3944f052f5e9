import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { createRenderContext, printRows, selectColumns, type Column } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { addOutputOptions, type OutputOptions } from '../../cmdutil/flags.js';

interface ProfileRow {
  name: string;
  apiUrl: string;
  active: boolean;
  hasToken: boolean;
}

const COLUMNS: Column<ProfileRow>[] = [
  { key: 'name', header: (l) => t(l, 'column.profile.name'), value: (r) => r.name },
  { key: 'apiUrl', header: () => 'API', value: (r) => r.apiUrl },
  { key: 'active', header: (l) => t(l, 'column.profile.active'), value: (r) => r.active },
  { key: 'hasToken', header: (l) => t(l, 'column.profile.hasToken'), value: (r) => r.hasToken },
];

export function createListCommand(deps: Deps, runF: (opts: OutputOptions, deps: Deps) => Promise<void> = listRun): Command {
  const cmd = new Command('list').alias('ls').description(t(deps.lang, 'cmd.config.list'));
  return addOutputOptions(cmd, deps.lang)
    .addHelpText('after', examples(deps.lang, ['lapor config list', 'lapor config list --format json']))
    .action(async (opts: OutputOptions) => runF(opts, deps));
}

export async function listRun(opts: OutputOptions, deps: Deps): Promise<void> {
  const config = await deps.config.read();
  const rows: ProfileRow[] = [];
  for (const [name, p] of Object.entries(config.profiles)) {
    rows.push({ name, apiUrl: p.apiUrl, active: name === config.activeProfile, hasToken: (await deps.config.readToken(name)) !== null });
  }
  printRows(deps.io, opts.format, rows, selectColumns(COLUMNS, opts.fields), createRenderContext(deps.io, deps.lang, deps.now()));
}
