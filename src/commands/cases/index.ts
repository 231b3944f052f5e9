import { Command } from 'commander';
import type { Deps } from '../../cli/deps.js';
import { attach, examples } from '../../cli/program.js';
import { t } from '../../io/i18n.js';
import { createHistoryCommand } from './history.js';
import { createListCommand } from './list.js';
import { createShowCommand } from './show.js';
import { createArchiveCommand } from './archive.js';
import { createCloseCommand } from './close.js';
import { createDisposeCommand } from './dispose.js';
import { createEditCommand } from './edit.js';
import { createPostponeCommand } from './postpone.js';
import { createRedisposeCommand } from './redispose.js';
import { createReopenCommand } from './reopen.js';
import { createRespondCommand } from './respond.js';
import { createResumeCommand } from './resume.js';
import { createReturnCommand } from './return.js';

export function register(program: Command, deps: Deps): void {
  const cases = new Command('cases')
    .description(t(deps.lang, 'cmd.cases'))
    .addHelpText('after', examples(deps.lang, ['lapor cases list --status submitted', 'lapor cases show LPR2024000123']));
  cases.addCommand(createListCommand(deps));
  cases.addCommand(createShowCommand(deps));
  cases.addCommand(createHistoryCommand(deps));
  // actions: one case by ID, several by IDs or --where (plan, confirm, journal; see lapor bulk)
  cases.addCommand(createDisposeCommand(deps));
  cases.addCommand(createRedisposeCommand(deps));
  cases.addCommand(createReturnCommand(deps));
  cases.addCommand(createPostponeCommand(deps));
  cases.addCommand(createResumeCommand(deps));
  cases.addCommand(createArchiveCommand(deps));
  cases.addCommand(createRespondCommand(deps));
  cases.addCommand(createCloseCommand(deps));
  cases.addCommand(createReopenCommand(deps));
  cases.addCommand(createEditCommand(deps));
  attach(program, cases);
}
