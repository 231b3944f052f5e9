import { Command } from 'commander';
import type { Deps } from '../../cli/deps.js';
import { attach, examples } from '../../cli/program.js';
import { t } from '../../io/i18n.js';
import { createHistoryCommand } from './history.js';
import { createListCommand } from './list.js';
import { createShowCommand } from './show.js';

export function register(program: Command, deps: Deps): void {
  const cases = new Command('cases')
    .description(t(deps.lang, 'cmd.cases'))
    .addHelpText('after', examples(deps.lang, ['lapor cases list --status submitted', 'lapor cases show LPR2024000123']));
  cases.addCommand(createListCommand(deps));
  cases.addCommand(createShowCommand(deps));
  cases.addCommand(createHistoryCommand(deps));
  attach(program, cases);
}
