// lapor tokens create: make an API token (for a liaison officer, an institution admin, a script). The secret
// goes to stdout once, alone on its line, so that it can be redirected into a file; the rest goes to stderr.

import { Command, InvalidArgumentError, Option } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { parseExpiry, TOKEN_NAME } from '../../domain/tokens.js';
import { ROLES, type Role } from '../../domain/types.js';
import { roleName, t, type Lang } from '../../io/i18n.js';
import { scopeText } from './render.js';
import { resolveFilterNames } from '../../cmdutil/names.js';

export interface CreateOptions {
  name: string;
  role: Role;
  institution?: string;
  /** ISO instant (parsed from --expires), or undefined: never. */
  expiresAt?: string;
}

/** A token name, checked before any request. */
export function tokenNameArg(lang: Lang) {
  return (value: string): string => {
    if (!TOKEN_NAME.test(value)) throw new InvalidArgumentError(t(lang, 'tokens.usage.badName'));
    return value;
  };
}

export function createCreateCommand(deps: Deps, runF: (opts: CreateOptions, deps: Deps) => Promise<void> = createRun): Command {
  const { lang } = deps;
  return new Command('create')
    .description(t(lang, 'cmd.tokens.create'))
    .argument('<name>', t(lang, 'tokens.arg.name'), tokenNameArg(lang))
    .addOption(new Option('--role <role>', t(lang, 'tokens.flag.role')).choices(ROLES).makeOptionMandatory())
    .option('--institution <code>', t(lang, 'tokens.flag.institution'))
    .option('--expires <when>', t(lang, 'tokens.flag.expires'), (value: string) => {
      const at = parseExpiry(value, deps.now());
      if (at === null) throw new InvalidArgumentError(t(lang, 'tokens.usage.badExpiry'));
      return at;
    })
    .addHelpText(
      'after',
      examples(lang, [
        'lapor tokens create penghubung-badung-dinkes --role liaison --institution badung.dinkes --expires 90d > token.txt',
        'lapor tokens create admin-badung --role institution_admin --institution badung --expires 2027-01-31',
        'lapor tokens create statistik-bps --role statistician',
      ]),
    )
    .action(async (name: string, raw: { role: Role; institution?: string; expires?: string }) => {
      await runF({ name, role: raw.role, institution: raw.institution, expiresAt: raw.expires }, deps);
    });
}

export async function createRun(opts: CreateOptions, deps: Deps): Promise<void> {
  const { io, lang } = deps;
  const api = await deps.api();
  const { institution } = await resolveFilterNames({ institution: opts.institution }, api, deps); // by code or name
  const made = await api.createToken(
    { name: opts.name, role: opts.role, institutionId: institution ?? null, expiresAt: opts.expiresAt ?? null },
    { signal: deps.signal },
  );
  io.out.write(`${made.token}\n`);
  const until = made.expiresAt === null ? t(lang, 'tokens.until.never') : t(lang, 'tokens.until.at', { at: made.expiresAt });
  io.err.write(`${t(lang, 'tokens.created', { name: made.name, role: roleName(lang, made.role), scope: scopeText(lang, made.institutionId), until })}\n`);
}
