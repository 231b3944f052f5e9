import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import type { AliasKind } from '../../domain/aliases.js';
import { t } from '../../io/i18n.js';
import { EXAMPLE_ALIAS, EXAMPLE_TARGET, NOUN, resolveTarget } from './render.js';

export interface AddOptions {
  kind: AliasKind;
  alias: string;
  /** The target as typed: an id or a name. */
  target: string;
}

export function createAddCommand(deps: Deps, kind: AliasKind, runF: (opts: AddOptions, deps: Deps) => Promise<void> = addRun): Command {
  const { lang } = deps;
  return new Command('add')
    .description(t(lang, `cmd.aliases.${kind}.add`))
    .argument('<alias>', t(lang, 'aliases.arg.alias'))
    .argument('<target>', t(lang, `aliases.arg.target.${kind}`))
    .addHelpText(
      'after',
      examples(lang, [`lapor ${NOUN[kind]} aliases add "${EXAMPLE_ALIAS[kind]}" ${EXAMPLE_TARGET[kind]}`]),
    )
    .action(async (alias: string, target: string) => {
      await runF({ kind, alias, target }, deps);
    });
}

export async function addRun(opts: AddOptions, deps: Deps): Promise<void> {
  const target = await resolveTarget(opts.kind, opts.target, deps);
  const api = await deps.api();
  const [item] = await api.addAliases(opts.kind, [{ alias: opts.alias, targetId: target.id }], { signal: deps.signal });
  const key = item.outcome === 'created' ? 'aliases.added' : 'aliases.unchanged';
  deps.io.out.write(`${t(deps.lang, key, { alias: item.alias, id: target.id, name: target.name })}\n`);
}
