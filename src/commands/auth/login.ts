import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { checkProfileName } from '../../cmdutil/config.js';
import { attach, examples } from '../../cmdutil/command.js';
import { UsageError } from '../../io/errors.js';
import { roleName, t } from '../../io/i18n.js';

export interface LoginOptions {
  api: string;
  profile: string;
  tokenStdin: boolean;
}

export function createLoginCommand(deps: Deps, runF: (opts: LoginOptions, deps: Deps) => Promise<void> = loginRun): Command {
  const { lang } = deps;
  return new Command('login')
    .description(t(lang, 'cmd.login'))
    .option('--token-stdin', t(lang, 'flag.tokenStdin'), false)
    .addHelpText(
      'after',
      examples(lang, [
        'lapor login --api https://lapor.example.go.id',
        'lapor login --api https://lapor.example.go.id --profile provinsi',
        'cat token.txt | lapor login --api https://lapor.example.go.id --token-stdin',
      ]),
    )
    .action(async (raw: { tokenStdin: boolean }, cmd: Command) => {
      const globals = cmd.optsWithGlobals<{ api?: string; profile?: string }>();
      const api = globals.api ?? deps.env.LAPOR_API_URL;
      if (!api) throw new UsageError((l) => t(l, 'error.loginNeedsApi'));
      const profile = checkProfileName(globals.profile ?? deps.env.LAPOR_PROFILE ?? 'default');
      if (!raw.tokenStdin && !deps.io.canPrompt()) throw new UsageError((l) => t(l, 'error.loginNeedsToken'));
      await runF({ api, profile, tokenStdin: raw.tokenStdin }, deps);
    });
}

export async function loginRun(opts: LoginOptions, deps: Deps): Promise<void> {
  const token = (opts.tokenStdin ? await deps.readStdin() : await deps.prompter.password(t(deps.lang, 'prompt.token'))).trim();
  if (!token) throw new UsageError((l) => t(l, 'error.emptyToken'));
  const client = await deps.clientFor(opts.api, token);
  try {
    const me = await client.whoami();
    const config = await deps.config.read();
    config.profiles[opts.profile] = { apiUrl: opts.api };
    config.activeProfile = opts.profile;
    await deps.config.write(config);
    await deps.config.saveToken(opts.profile, token);
    const who = `${me.name} (${roleName(deps.lang, me.role)}${me.institutionId ? `, ${me.institutionId}` : ''})`;
    deps.io.err.write(`${deps.io.errColor.green('✓')} ${t(deps.lang, 'notice.loggedIn', { api: opts.api, who, profile: opts.profile })}\n`);
  } finally {
    await client.close();
  }
}

export function register(program: Command, deps: Deps): void {
  attach(program, createLoginCommand(deps));
}
