import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import type { Category } from '../../domain/types.js';
import { createRenderContext, selectColumns, type Column } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { addLimitOption, addOutputOptions, printLimitedRows, type LimitOptions, type OutputOptions } from '../../cmdutil/flags.js';

export const CATEGORY_COLUMNS: Column<Category>[] = [
  { key: 'id', header: (lang) => t(lang, 'column.category.id'), value: (c) => c.id },
  {
    key: 'name',
    header: (lang) => t(lang, 'column.category.name'),
    value: (c) => c.name,
    display: (c, ctx) => (ctx.lang === 'en' && c.nameEn ? c.nameEn : c.name),
    fit: 'flex',
  },
  { key: 'nameEn', header: () => 'English', value: (c) => c.nameEn },
  { key: 'parentId', header: (lang) => t(lang, 'column.category.parentId'), value: (c) => c.parentId },
  { key: 'institutionHint', header: (lang) => t(lang, 'column.category.institutionHint'), value: (c) => c.institutionHint },
];
const DEFAULT_FIELDS = ['id', 'name', 'parentId', 'institutionHint'];

export interface ListOptions extends OutputOptions, LimitOptions {
  topLevel: boolean;
}

export function createListCommand(deps: Deps, runF: (opts: ListOptions, deps: Deps) => Promise<void> = listRun): Command {
  const { lang } = deps;
  const cmd = new Command('list').alias('ls').description(t(lang, 'cmd.categories.list')).option('--top-level', t(lang, 'flag.topLevel'), false);
  return addOutputOptions(addLimitOption(cmd, lang), lang)
    .addHelpText('after', examples(lang, ['lapor categories list', 'lapor categories list --top-level --format json']))
    .action(async (opts: ListOptions) => {
      selectColumns(CATEGORY_COLUMNS, opts.fields, DEFAULT_FIELDS);
      await runF(opts, deps);
    });
}

export async function listRun(opts: ListOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const rows = (await api.categories()).filter((c) => !opts.topLevel || c.parentId === null);
  const ctx = createRenderContext(deps.io, deps.lang, deps.now());
  await printLimitedRows(deps.io, opts.format, rows, selectColumns(CATEGORY_COLUMNS, opts.fields, DEFAULT_FIELDS), ctx, opts.limit);
}

