// lapor templates edit NAME: changes the definition at exactly one institution (default: the token's own; a
// national admin's: national). The new body from --body or --file; with neither (and no --description) on a
// terminal, $VISUAL/$EDITOR opens on the current body.

import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { CliError, UsageError } from '../../io/errors.js';
import { t } from '../../io/i18n.js';
import { bodyFromFlags, editInEditor } from './editor.js';
import { checkTemplateText, scopeText } from './render.js';

export interface EditOptions {
  name: string;
  institution?: string;
  description?: string;
  body?: string;
  file?: string;
}

export function createEditCommand(deps: Deps, runF: (opts: EditOptions, deps: Deps) => Promise<void> = editRun): Command {
  const { lang } = deps;
  return new Command('edit')
    .description(t(lang, 'cmd.templates.edit'))
    .argument('<name>', t(lang, 'templates.arg.name'))
    .option('--institution <code>', t(lang, 'templates.flag.definedAt'))
    .option('--description <text>', t(lang, 'templates.flag.description'))
    .option('--body <text>', t(lang, 'templates.flag.body'))
    .option('-F, --file <file>', t(lang, 'templates.flag.file'))
    .addHelpText(
      'after',
      examples(lang, [
        'lapor templates edit selesai --body "Laporan {{nomor}} selesai ditindaklanjuti oleh {{instansi}} pada {{tanggal}}."',
        'lapor templates edit diterima --institution badung.dinkes --description "Tanda terima Dinkes Badung (baru)"',
      ]),
    )
    .action(async (name: string, opts: Omit<EditOptions, 'name'>) => {
      if (opts.body !== undefined && opts.file !== undefined) throw new UsageError((l) => t(l, 'templates.flag.bodyOrFile'));
      await runF({ ...opts, name }, deps);
    });
}

export async function editRun(opts: EditOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  let body = await bodyFromFlags(opts, deps);
  if (body === undefined && opts.description === undefined) {
    // the definition at exactly this institution: the nearest one visible there must be it
    const current = await api.template(opts.name, { institution: opts.institution }, { signal: deps.signal });
    const at = opts.institution ?? (await api.whoami()).institutionId;
    if (current.institutionId !== at) {
      throw new CliError((l) => t(l, 'templates.edit.notHere', { name: opts.name, scope: scopeText(l, at), where: scopeText(l, current.institutionId) }));
    }
    body = await editInEditor(current.body, deps);
    if (body === current.body) {
      deps.io.err.write(`${t(deps.lang, 'templates.edit.unchanged', { name: opts.name })}\n`);
      return;
    }
  }
  if (body !== undefined) checkTemplateText(opts.name, body);
  const patch = { ...(body === undefined ? {} : { body }), ...(opts.description === undefined ? {} : { description: opts.description }) };
  const tpl = await api.editTemplate(opts.name, opts.institution, patch, { signal: deps.signal });
  deps.io.out.write(`${t(deps.lang, 'templates.edited', { name: tpl.name, scope: scopeText(deps.lang, tpl.institutionId), variables: tpl.variables.join(', ') || '–' })}\n`);
}
