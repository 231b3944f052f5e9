import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import type { AliasKind } from '../../domain/aliases.js';
import { t } from '../../io/i18n.js';
import { NOUN } from './render.js';

export interface RemoveOptions {
  kind: AliasKind;
  alias: string;
}

export function createRemoveCommand(deps: Deps, kind: AliasKind, runF: (opts: RemoveOptions, deps: Deps) => Promise<void> = removeRun): Command {
  const { lang } = deps;
  return new Command('remove')
    .alias('rm')
    .description(t(lang, `cmd.aliases.${kind}.remove`))
    .argument('<alias>', t(lang, 'aliases.arg.alias'))
    .addHelpText('after', examples(lang, [`lapor ${NOUN[kind]} aliases remove "Kantor Bupati Badung"`]))
    .action(async (alias: string) => {
      await runF({ kind, alias }, deps);
    });
}

export async function removeRun(opts: RemoveOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const removed = await api.removeAlias(opts.kind, opts.alias, { signal: deps.signal });
  deps.io.out.write(`${t(deps.lang, 'aliases.removed', { alias: removed.alias, id: removed.targetId })}\n`);
}
