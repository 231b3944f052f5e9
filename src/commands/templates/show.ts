// lapor templates show NAME: the definition of a name visible at an institution (the nearest on its ancestry;
// default: the token's own institution), with its body and the variables it uses.

import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { addOutputOptions, type OutputOptions } from '../../cmdutil/flags.js';
import { createRenderContext, renderJsonValue, renderNdjson, renderRecord, renderCsv, selectColumns, sanitizeText } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { TEMPLATE_COLUMNS } from './render.js';

export interface ShowOptions extends OutputOptions {
  name: string;
  institution?: string;
}

export function createShowCommand(deps: Deps, runF: (opts: ShowOptions, deps: Deps) => Promise<void> = showRun): Command {
  const { lang } = deps;
  const cmd = new Command('show')
    .alias('view')
    .description(t(lang, 'cmd.templates.show'))
    .argument('<name>', t(lang, 'templates.arg.name'))
    .option('--institution <code>', t(lang, 'templates.flag.lookupAt'));
  return addOutputOptions(cmd, lang)
    .addHelpText('after', examples(lang, ['lapor templates show diterima', 'lapor templates show diterima --institution badung.dinkes --format json']))
    .action(async (name: string, opts: OutputOptions & { institution?: string }) => {
      selectColumns(TEMPLATE_COLUMNS, opts.fields);
      await runF({ ...opts, name }, deps);
    });
}

export async function showRun(opts: ShowOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const tpl = await api.template(opts.name, { institution: opts.institution }, { signal: deps.signal });
  const ctx = createRenderContext(deps.io, deps.lang, deps.now());
  const columns = selectColumns(TEMPLATE_COLUMNS, opts.fields);
  switch (opts.format) {
    case 'json':
      deps.io.out.write(opts.fields === undefined ? renderJsonValue(tpl) : renderJsonValue(Object.fromEntries(columns.map((c) => [c.key, c.value(tpl, ctx)]))));
      return;
    case 'ndjson':
      deps.io.out.write(renderNdjson([tpl], columns, ctx));
      return;
    case 'csv':
      deps.io.out.write(renderCsv([tpl], columns, ctx));
      return;
    case 'table':
      // the body on its own lines below the fields, as written (a table cell would wrap it)
      deps.io.out.write(renderRecord(tpl, columns.filter((c) => c.key !== 'body'), ctx));
      if (opts.fields === undefined || columns.some((c) => c.key === 'body')) deps.io.out.write(`\n${sanitizeText(tpl.body)}\n`);
  }
}
