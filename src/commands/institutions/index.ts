import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { attach } from '../../cmdutil/command.js';
import { t } from '../../io/i18n.js';
import { createAliasesCommand } from '../aliases/index.js';
import { createListCommand } from './list.js';
import { createTreeCommand } from './tree.js';
import { createRequireReviewCommand } from './require-review.js';

export function register(program: Command, deps: Deps): void {
  const noun = new Command('institutions').alias('inst').description(t(deps.lang, 'cmd.institutions'));
  noun.addCommand(createListCommand(deps));
  noun.addCommand(createTreeCommand(deps));
  noun.addCommand(createAliasesCommand(deps, 'institutions'));
  noun.addCommand(createRequireReviewCommand(deps));
  attach(program, noun);
}
