import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { attach, examples } from '../../cmdutil/command.js';
import { t } from '../../io/i18n.js';
import { createAnnualCommand } from './annual.js';
import { createTrendCommand } from './trend.js';
import { createInstitutionsCommand } from './institutions.js';
import { createDuplicatesCommand } from './duplicates.js';

export function register(program: Command, deps: Deps): void {
  const stats = new Command('stats')
    .description(t(deps.lang, 'cmd.stats'))
    .addHelpText('after', examples(deps.lang, ['lapor stats annual --year 2024', 'lapor stats trend --from 2019 --to 2023', 'lapor stats institutions --year 2024']));
  stats.addCommand(createAnnualCommand(deps));
  stats.addCommand(createTrendCommand(deps));
  stats.addCommand(createInstitutionsCommand(deps));
  stats.addCommand(createDuplicatesCommand(deps));
  attach(program, stats);
}
