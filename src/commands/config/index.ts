import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { attach } from '../../cmdutil/command.js';
import { t } from '../../io/i18n.js';
import { createListCommand } from './list.js';
import { createUseCommand } from './use.js';

export function register(program: Command, deps: Deps): void {
  const noun = new Command('config').description(t(deps.lang, 'cmd.config'));
  noun.addCommand(createListCommand(deps));
  noun.addCommand(createUseCommand(deps));
  attach(program, noun);
}
