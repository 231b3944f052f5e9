import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { checkProfileName } from '../../cmdutil/config.js';
import { attach, examples } from '../../cmdutil/command.js';
import { CliError } from '../../io/errors.js';
import { t } from '../../io/i18n.js';

export interface LogoutOptions {
  profile: string | null;
}

export function createLogoutCommand(deps: Deps, runF: (opts: LogoutOptions, deps: Deps) => Promise<void> = logoutRun): Command {
  const { lang } = deps;
  return new Command('logout')
    .description(t(lang, 'cmd.logout'))
    .addHelpText('after', examples(lang, ['lapor logout', 'lapor logout --profile kabupaten']))
    .action(async (_raw: unknown, cmd: Command) => {
      const profile = cmd.optsWithGlobals<{ profile?: string }>().profile ?? deps.env.LAPOR_PROFILE ?? null;
      await runF({ profile: profile === null ? null : checkProfileName(profile) }, deps);
    });
}

export async function logoutRun(opts: LogoutOptions, deps: Deps): Promise<void> {
  const config = await deps.config.read();
  const name = opts.profile ?? config.activeProfile;
  if (!name || !config.profiles[name]) throw new CliError((l) => t(l, 'error.notLoggedIn'));
  await deps.config.removeToken(name);
  delete config.profiles[name];
  if (config.activeProfile === name) config.activeProfile = Object.keys(config.profiles)[0] ?? null;
  await deps.config.write(config);
  deps.io.err.write(`${deps.io.errColor.green('✓')} ${t(deps.lang, 'notice.loggedOut', { profile: name })}\n`);
}

export function register(program: Command, deps: Deps): void {
  attach(program, createLogoutCommand(deps));
}
