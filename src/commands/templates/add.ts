// lapor templates add NAME: defines a template at an institution (default: the token's own; a national
// admin's: national), its body from --body or --file.

import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { UsageError } from '../../io/errors.js';
import { t } from '../../io/i18n.js';
import { bodyFromFlags } from './editor.js';
import { checkTemplateText, scopeText } from './render.js';

export interface AddOptions {
  name: string;
  institution?: string;
  description?: string;
  body?: string;
  file?: string;
}

export function createAddCommand(deps: Deps, runF: (opts: AddOptions, deps: Deps) => Promise<void> = addRun): Command {
  const { lang } = deps;
  return new Command('add')
    .alias('create')
    .description(t(lang, 'cmd.templates.add'))
    .argument('<name>', t(lang, 'templates.arg.name'))
    .option('--institution <code>', t(lang, 'templates.flag.definedAt'))
    .option('--description <text>', t(lang, 'templates.flag.description'))
    .option('--body <text>', t(lang, 'templates.flag.body'))
    .option('-F, --file <file>', t(lang, 'templates.flag.file'))
    .addHelpText(
      'after',
      `\n${t(lang, 'templates.help.variables')}\n${examples(lang, [
        'lapor templates add terima-kasih --body "Terima kasih, laporan {{nomor}} sudah kami terima pada {{tanggal}}."',
        'lapor templates add kunjungan --institution badung.dinkes --description "Jadwal kunjungan" --body "Petugas {{instansi}} akan datang pada {{jadwal}}."',
      ])}`,
    )
    .action(async (name: string, opts: Omit<AddOptions, 'name'>) => {
      if (opts.body !== undefined && opts.file !== undefined) throw new UsageError((l) => t(l, 'templates.flag.bodyOrFile'));
      if (opts.body === undefined && opts.file === undefined) throw new UsageError((l) => t(l, 'templates.add.needBody'));
      await runF({ ...opts, name }, deps);
    });
}

export async function addRun(opts: AddOptions, deps: Deps): Promise<void> {
  const body = (await bodyFromFlags(opts, deps)) as string;
  checkTemplateText(opts.name, body);
  const api = await deps.api();
  const input = { name: opts.name, body, ...(opts.institution === undefined ? {} : { institutionId: opts.institution }), ...(opts.description === undefined ? {} : { description: opts.description }) };
  const tpl = await api.createTemplate(input, { signal: deps.signal });
  deps.io.out.write(`${t(deps.lang, 'templates.added', { name: tpl.name, scope: scopeText(deps.lang, tpl.institutionId), variables: tpl.variables.join(', ') || '–' })}\n`);
}
