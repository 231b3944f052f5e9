import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { attach } from '../../cmdutil/command.js';
import { t } from '../../io/i18n.js';
import { createAliasesCommand } from '../aliases/index.js';
import { createListCommand } from './list.js';

export function register(program: Command, deps: Deps): void {
  const noun = new Command('categories').description(t(deps.lang, 'cmd.categories'));
  noun.addCommand(createListCommand(deps));
  noun.addCommand(createAliasesCommand(deps, 'categories'));
  attach(program, noun);
}
