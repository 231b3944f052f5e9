// lapor tokens revoke: one write, so it asks on a terminal (or takes --yes); --dry-run shows the token that
// would be revoked (a read) and sends no revocation. The token is refused within TOKEN_CACHE_MS everywhere.

import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { TOKEN_CACHE_MS, type TokenInfo } from '../../domain/tokens.js';
import { CliError, DeclinedError, UsageError } from '../../io/errors.js';
import { roleName, t } from '../../io/i18n.js';
import { tokenNameArg } from './create.js';
import { scopeText } from './render.js';

export interface RevokeOptions {
  name: string;
  yes: boolean;
  dryRun: boolean;
}

const SECONDS = String(TOKEN_CACHE_MS / 1000);

export function createRevokeCommand(deps: Deps, runF: (opts: RevokeOptions, deps: Deps) => Promise<void> = revokeRun): Command {
  const { lang } = deps;
  return new Command('revoke')
    .description(t(lang, 'cmd.tokens.revoke', { seconds: SECONDS }))
    .argument('<name>', t(lang, 'tokens.arg.name'), tokenNameArg(lang))
    .option('-y, --yes', t(lang, 'tokens.flag.yes'), false)
    .option('--dry-run', t(lang, 'tokens.flag.dryRun'), false)
    .addHelpText(
      'after',
      examples(lang, ['lapor tokens revoke penghubung-badung-dinkes --dry-run', 'lapor tokens revoke penghubung-badung-dinkes --yes']),
    )
    .action(async (name: string, raw: { yes: boolean; dryRun: boolean }) => {
      // a write that cannot ask needs --yes, decided before any request
      if (!raw.yes && !raw.dryRun && !deps.io.canPrompt()) {
        throw new UsageError((l) => t(l, 'confirm.yesRequired'), { hint: (l) => t(l, 'tokens.hint.yesOrDryRun') });
      }
      await runF({ name, yes: raw.yes, dryRun: raw.dryRun }, deps);
    });
}

export async function revokeRun(opts: RevokeOptions, deps: Deps): Promise<void> {
  const { io, lang } = deps;
  const api = await deps.api();
  if (opts.dryRun || !opts.yes) {
    const token = await findToken(opts.name, deps);
    const scope = scopeText(lang, token.institutionId);
    if (opts.dryRun) {
      io.out.write(`${t(lang, 'tokens.revoke.wouldRevoke', { name: token.name, role: roleName(lang, token.role), scope, state: t(lang, `tokens.state.${token.state}`) })}\n`);
      return;
    }
    const ok = await deps.prompter.confirm(t(lang, 'tokens.revoke.confirm', { name: token.name, role: roleName(lang, token.role), scope }), false);
    if (!ok) throw new DeclinedError();
  }
  const revoked = await api.revokeToken(opts.name, { signal: deps.signal });
  io.err.write(`${t(lang, 'tokens.revoked', { name: revoked.name, at: revoked.revokedAt, seconds: SECONDS })}\n`);
}

/** The token as the caller may see it; one it may not manage is not found, as the server answers. */
async function findToken(name: string, deps: Deps): Promise<TokenInfo> {
  const api = await deps.api();
  const token = (await api.listTokens({ all: true }, { signal: deps.signal })).find((i) => i.name === name);
  if (!token) throw new CliError((l) => t(l, 'tokens.notFound', { name }), { hint: (l) => t(l, 'tokens.notFoundHint') });
  return token;
}
