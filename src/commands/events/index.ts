import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { addVerbs, attach, examples, type Verb } from '../../cmdutil/command.js';
import { t } from '../../io/i18n.js';

const VERBS: readonly Verb[] = [
  { name: 'list', aliases: ['ls'], load: async () => (await import('./list.js')).createListCommand },
  { name: 'watch', load: async () => (await import('./watch.js')).createWatchCommand },
];

export async function register(program: Command, deps: Deps, argv?: readonly string[]): Promise<void> {
  const events = new Command('events')
    .description(t(deps.lang, 'cmd.events'))
    .addHelpText('after', examples(deps.lang, ['lapor events list --limit 20', 'lapor events watch --after now']));
  await addVerbs(events, VERBS, deps, argv);
  attach(program, events);
}
