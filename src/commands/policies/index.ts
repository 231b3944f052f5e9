// lapor sla policies: the SLA policies as data (issue #19), national admins only.

import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { t } from '../../io/i18n.js';
import { createExportCommand } from './export.js';
import { createImportCommand } from './import.js';
import { createListCommand } from './list.js';
import { createSetCommand } from './set.js';
import { createShowCommand } from './show.js';

export function createPoliciesCommand(deps: Deps): Command {
  return new Command('policies')
    .description(t(deps.lang, 'cmd.sla.policies'))
    .addCommand(createListCommand(deps))
    .addCommand(createShowCommand(deps))
    .addCommand(createSetCommand(deps))
    .addCommand(createExportCommand(deps)) // before import: its example writes the file import's example reads
    .addCommand(createImportCommand(deps));
}
