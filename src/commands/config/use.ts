import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { CliError } from '../../io/errors.js';
import { t } from '../../io/i18n.js';

export interface UseOptions {
  profile: string;
}

export function createUseCommand(deps: Deps, runF: (opts: UseOptions, deps: Deps) => Promise<void> = useRun): Command {
  return new Command('use')
    .description(t(deps.lang, 'cmd.config.use'))
    .argument('<profile>', t(deps.lang, 'arg.profile'))
    .addHelpText('after', examples(deps.lang, ['lapor config use provinsi']))
    .action(async (profile: string) => runF({ profile }, deps));
}

export async function useRun(opts: UseOptions, deps: Deps): Promise<void> {
  const config = await deps.config.read();
  if (!config.profiles[opts.profile]) {
    throw new CliError((l) => t(l, 'error.unknownProfile', { profile: opts.profile }), { hint: (l) => t(l, 'hint.login') });
  }
  config.activeProfile = opts.profile;
  await deps.config.write(config);
  deps.io.err.write(`${deps.io.errColor.green('✓')} ${t(deps.lang, 'notice.profileActive', { profile: opts.profile })}\n`);
}
