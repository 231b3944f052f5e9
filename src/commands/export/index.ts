import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { attach, examples } from '../../cmdutil/command.js';
import { t } from '../../io/i18n.js';
import { createExportCasesCommand } from './cases.js';

export function register(program: Command, deps: Deps): void {
  const exp = new Command('export')
    .description(t(deps.lang, 'cmd.export'))
    .addHelpText('after', examples(deps.lang, ['lapor export cases --year 2024 -o laporan-2024.csv', 'lapor export cases --from 2024-01-01 --to 2024-03-31 | gzip > q1.csv.gz']));
  exp.addCommand(createExportCasesCommand(deps));
  attach(program, exp);
}
