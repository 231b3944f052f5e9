import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { attach, examples } from '../../cmdutil/command.js';
import { t } from '../../io/i18n.js';
import { createOverdueCommand } from './overdue.js';
import { createSweepCommand } from './sweep.js';
import { createEscalateCommand } from './escalate.js';
import { createPoliciesCommand } from '../policies/index.js';

export function register(program: Command, deps: Deps): void {
  const sla = new Command('sla')
    .description(t(deps.lang, 'cmd.sla'))
    .addHelpText('after', examples(deps.lang, ['lapor sla overdue --clock verify', 'lapor sla sweep --dry-run']));
  sla.addCommand(createOverdueCommand(deps));
  sla.addCommand(createSweepCommand(deps));
  sla.addCommand(createEscalateCommand(deps));
  sla.addCommand(createPoliciesCommand(deps));
  attach(program, sla);
}
