import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { attach, examples } from '../../cmdutil/command.js';
import { t } from '../../io/i18n.js';
import { createVerifyCommand } from './verify.js';

export function register(program: Command, deps: Deps): void {
  const audit = new Command('audit')
    .description(t(deps.lang, 'cmd.audit'))
    .addHelpText('after', examples(deps.lang, ['lapor audit verify', 'lapor audit verify --format json']));
  audit.addCommand(createVerifyCommand(deps));
  attach(program, audit);
}
