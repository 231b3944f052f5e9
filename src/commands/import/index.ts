import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { attach, examples } from '../../cmdutil/command.js';
import { t } from '../../io/i18n.js';
import { createImportCalendarCommand } from './calendar.js';
import { createImportCasesCommand } from './cases.js';
import { createImportCategoriesCommand } from './categories.js';
import { createImportInstitutionsCommand } from './institutions.js';

export function register(program: Command, deps: Deps): void {
  const cmd = new Command('import')
    .description(t(deps.lang, 'cmd.import'))
    .addHelpText(
      'after',
      examples(deps.lang, [
        'lapor import cases fixtures/csv/official-sample.csv --dry-run',
        'lapor import cases fixtures/examples/laporan.csv --skip-bad-rows',
        'lapor import institutions fixtures/examples/instansi.csv',
        'lapor import calendar fixtures/calendar-cuti-bersama-2026.csv',
      ]),
    );
  cmd.addCommand(createImportCasesCommand(deps));
  cmd.addCommand(createImportInstitutionsCommand(deps));
  cmd.addCommand(createImportCategoriesCommand(deps));
  cmd.addCommand(createImportCalendarCommand(deps));
  attach(program, cmd);
}
