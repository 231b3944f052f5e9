// lapor templates import FILE: a file of templates (CSV or JSON, as `templates export` writes it), all or
// none; definitions that exist are overwritten only with --update (unchanged ones are left alone).

import { readFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { t } from '../../io/i18n.js';
import { FILE_FORMATS, fileFormat, readTemplateFile, type FileFormat } from './render.js';

export interface ImportOptions {
  file: string;
  update: boolean;
  format?: FileFormat;
}

export function createImportCommand(deps: Deps, runF: (opts: ImportOptions, deps: Deps) => Promise<void> = importRun): Command {
  const { lang } = deps;
  return new Command('import')
    .description(t(lang, 'cmd.templates.import'))
    .argument('<file>', t(lang, 'templates.arg.file'))
    .option('--update', t(lang, 'templates.flag.update'), false)
    .addOption(new Option('--format <format>', t(lang, 'templates.flag.fileFormat')).choices(FILE_FORMATS))
    .addHelpText('after', examples(lang, ['lapor templates export --format json > templat.json', 'lapor templates import templat.json --update']))
    .action(async (file: string, raw: { update: boolean; format?: FileFormat }) => {
      await runF({ file, update: raw.update, format: raw.format }, deps);
    });
}

export async function importRun(opts: ImportOptions, deps: Deps): Promise<void> {
  const text = opts.file === '-' ? await deps.readStdin() : await readFile(opts.file, 'utf8');
  const items = readTemplateFile(text, opts.file, fileFormat(opts.file, opts.format));
  if (items.length === 0) {
    deps.io.err.write(`${t(deps.lang, 'templates.import.empty', { file: opts.file })}\n`);
    return;
  }
  const api = await deps.api();
  const results = await api.importTemplates(items, opts.update, { signal: deps.signal });
  const count = (o: string) => results.filter((r) => r.outcome === o).length;
  deps.io.out.write(`${t(deps.lang, 'templates.imported', { created: count('created'), updated: count('updated'), unchanged: count('unchanged') })}\n`);
}
