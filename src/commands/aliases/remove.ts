import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import type { AliasKind } from '../../domain/aliases.js';
import { ApiError } from '../../api/errors.js';
import { CliError } from '../../io/errors.js';
import { t } from '../../io/i18n.js';
import { EXAMPLE_ALIAS, NOUN } from './render.js';

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
    .addHelpText('after', examples(lang, [`lapor ${NOUN[kind]} aliases remove "${EXAMPLE_ALIAS[kind]}"`]))
    .action(async (alias: string) => {
      await runF({ kind, alias }, deps);
    });
}

export async function removeRun(opts: RemoveOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const removed = await api.removeAlias(opts.kind, opts.alias, { signal: deps.signal }).catch((err: unknown) => {
    // not a case: point at the list of aliases, not at the case scopes
    if (err instanceof ApiError && err.reason === 'alias-not-found') {
      throw new CliError((l) => t(l, 'problem.reason.alias-not-found', { alias: opts.alias }), { hint: (l) => t(l, 'aliases.notFoundHint', { noun: NOUN[opts.kind] }) });
    }
    throw err;
  });
  deps.io.out.write(`${t(deps.lang, 'aliases.removed', { alias: removed.alias, id: removed.targetId })}\n`);
}
