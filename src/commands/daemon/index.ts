import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { attach, examples } from '../../cmdutil/command.js';
import { t } from '../../io/i18n.js';
import { createDaemonRunCommand } from './run.js';
import { createDaemonStatusCommand } from './status.js';
import { createDaemonStopCommand } from './stop.js';

export function register(program: Command, deps: Deps): void {
  const daemon = new Command('daemon')
    .description(t(deps.lang, 'cmd.daemon'))
    .addHelpText('after', `\n${t(deps.lang, 'daemon.help.noun')}\n${examples(deps.lang, ['lapor daemon status', 'lapor daemon stop'])}`);
  daemon.addCommand(createDaemonStatusCommand(deps));
  daemon.addCommand(createDaemonStopCommand(deps));
  // what the first command on the embedded default starts (cli/daemon.ts); never listed
  daemon.addCommand(createDaemonRunCommand(deps), { hidden: true });
  attach(program, daemon);
}
