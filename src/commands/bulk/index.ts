import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { attach, examples } from '../../cmdutil/command.js';
import { t } from '../../io/i18n.js';
import { createApplyCommand } from './apply.js';
import { createResumeCommand } from './resume.js';
import { createStatusCommand } from './status.js';

export function register(program: Command, deps: Deps): void {
  const bulk = new Command('bulk')
    .description(t(deps.lang, 'cmd.bulk'))
    .addHelpText(
      'after',
      `\n${t(deps.lang, 'bulk.help.noun')}\n${examples(deps.lang, [
        'lapor bulk apply fixtures/examples/rencana.csv --dry-run',
        'lapor bulk status',
        'lapor bulk resume 20240304T020000Z-3fa9c1',
      ])}`,
    );
  bulk.addCommand(createApplyCommand(deps));
  bulk.addCommand(createResumeCommand(deps));
  bulk.addCommand(createStatusCommand(deps));
  attach(program, bulk);
}
