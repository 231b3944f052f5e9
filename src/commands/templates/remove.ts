// lapor templates remove NAME: removes the definition at exactly one institution (default: the token's own; a
// national admin's: national); definitions of the name elsewhere stay. One write: asks on a terminal, else --yes.

import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { DeclinedError, UsageError } from '../../io/errors.js';
import { t } from '../../io/i18n.js';
import { scopeText } from './render.js';

export interface RemoveOptions {
  name: string;
  institution?: string;
  yes: boolean;
}

export function createRemoveCommand(deps: Deps, runF: (opts: RemoveOptions, deps: Deps) => Promise<void> = removeRun): Command {
  const { lang } = deps;
  return new Command('remove')
    .alias('rm')
    .description(t(lang, 'cmd.templates.remove'))
    .argument('<name>', t(lang, 'templates.arg.name'))
    .option('--institution <code>', t(lang, 'templates.flag.definedAt'))
    .option('-y, --yes', t(lang, 'templates.flag.yes'), false)
    .addHelpText('after', examples(lang, ['lapor templates remove terima-kasih --yes']))
    .action(async (name: string, raw: { institution?: string; yes: boolean }) => {
      if (!raw.yes && !deps.io.canPrompt()) throw new UsageError((l) => t(l, 'confirm.yesRequired'));
      await runF({ name, institution: raw.institution, yes: raw.yes }, deps);
    });
}

export async function removeRun(opts: RemoveOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  if (!opts.yes) {
    const scope = opts.institution ?? (await api.whoami()).institutionId;
    const ok = await deps.prompter.confirm(t(deps.lang, 'templates.remove.confirm', { name: opts.name, scope: scopeText(deps.lang, scope) }), false);
    if (!ok) throw new DeclinedError();
  }
  const tpl = await api.removeTemplate(opts.name, opts.institution, { signal: deps.signal });
  deps.io.out.write(`${t(deps.lang, 'templates.removed', { name: tpl.name, scope: scopeText(deps.lang, tpl.institutionId) })}\n`);
}
