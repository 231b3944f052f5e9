import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { attach } from '../../cmdutil/command.js';
import { t } from '../../io/i18n.js';
import { createListCommand } from './list.js';

export function register(program: Command, deps: Deps): void {
  const noun = new Command('calendar').description(t(deps.lang, 'cmd.calendar'));
  noun.addCommand(createListCommand(deps));
  attach(program, noun);
}
