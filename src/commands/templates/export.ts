// lapor templates export: the templates in reach (or those visible at --institution) as a file that
// `templates import` reads back: CSV (name, institution, description, body) or JSON, on stdout or -o FILE.

import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { t } from '../../io/i18n.js';
import { FILE_FORMATS, fileFormat, renderTemplateFile, type FileFormat } from './render.js';

export interface ExportOptions {
  institution?: string;
  format?: FileFormat;
  output?: string;
}

export function createExportCommand(deps: Deps, runF: (opts: ExportOptions, deps: Deps) => Promise<void> = exportRun): Command {
  const { lang } = deps;
  return new Command('export')
    .description(t(lang, 'cmd.templates.export'))
    .option('--institution <code>', t(lang, 'templates.flag.visibleAt'))
    .addOption(new Option('--format <format>', t(lang, 'templates.flag.fileFormat')).choices(FILE_FORMATS))
    .option('-o, --output <file>', t(lang, 'templates.flag.output'))
    .addHelpText('after', examples(lang, ['lapor templates export > templat.csv', 'lapor templates export --institution badung.dinkes --format json -o templat-badung.json']))
    .action(async (raw: ExportOptions) => {
      await runF(raw, deps);
    });
}

export async function exportRun(opts: ExportOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const items = await api.templates({ institution: opts.institution }, { signal: deps.signal });
  const text = renderTemplateFile(items, fileFormat(opts.output ?? '', opts.format), deps.lang, deps.now());
  if (opts.output === undefined) deps.io.out.write(text);
  else {
    await writeFile(opts.output, text);
    deps.io.err.write(`${t(deps.lang, 'templates.exported', { n: items.length, file: opts.output })}\n`);
  }
}
