import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { addVerbs, attach, examples, type Verb } from '../../cmdutil/command.js';
import { t } from '../../io/i18n.js';

const VERBS: readonly Verb[] = [
  { name: 'create', load: async () => (await import('./create.js')).createCreateCommand },
  { name: 'list', aliases: ['ls'], load: async () => (await import('./list.js')).createListCommand },
  { name: 'revoke', load: async () => (await import('./revoke.js')).createRevokeCommand },
];

export async function register(program: Command, deps: Deps, argv?: readonly string[]): Promise<void> {
  const tokens = new Command('tokens')
    .description(t(deps.lang, 'cmd.tokens'))
    .addHelpText(
      'after',
      examples(deps.lang, [
        'lapor tokens create penghubung-badung-dinkes --role liaison --institution badung.dinkes --expires 90d > token.txt',
        'lapor tokens list',
        'lapor tokens revoke penghubung-badung-dinkes --yes',
      ]),
    );
  await addVerbs(tokens, VERBS, deps, argv);
  attach(program, tokens);
}
