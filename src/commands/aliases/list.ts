import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { addLimitOption, addOutputOptions, printLimitedRows, type LimitOptions, type OutputOptions } from '../../cmdutil/flags.js';
import type { Alias, AliasKind } from '../../domain/aliases.js';
import { createRenderContext, selectColumns, type Column } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { NOUN } from './render.js';

export const ALIAS_COLUMNS: Column<Alias>[] = [
  { key: 'alias', header: (lang) => t(lang, 'column.alias.alias'), value: (a) => a.alias, fit: 'flex' },
  { key: 'targetId', header: (lang) => t(lang, 'column.alias.targetId'), value: (a) => a.targetId },
  { key: 'createdBy', header: (lang) => t(lang, 'column.alias.createdBy'), value: (a) => a.createdBy },
  { key: 'createdAt', header: (lang) => t(lang, 'column.alias.createdAt'), value: (a) => a.createdAt },
];
const DEFAULT_FIELDS = ['alias', 'targetId', 'createdBy'];

export interface ListOptions extends OutputOptions, LimitOptions {
  kind: AliasKind;
}

export function createListCommand(deps: Deps, kind: AliasKind, runF: (opts: ListOptions, deps: Deps) => Promise<void> = listRun): Command {
  const { lang } = deps;
  const cmd = new Command('list').alias('ls').description(t(lang, `cmd.aliases.${kind}.list`));
  return addOutputOptions(addLimitOption(cmd, lang), lang)
    .addHelpText('after', examples(lang, [`lapor ${NOUN[kind]} aliases list`, `lapor ${NOUN[kind]} aliases list --format csv > alias.csv`]))
    .action(async (opts: OutputOptions & LimitOptions) => {
      selectColumns(ALIAS_COLUMNS, opts.fields, DEFAULT_FIELDS);
      await runF({ ...opts, kind }, deps);
    });
}

export async function listRun(opts: ListOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const rows = await api.aliases(opts.kind, { signal: deps.signal });
  const ctx = createRenderContext(deps.io, deps.lang, deps.now());
  await printLimitedRows(deps.io, opts.format, rows, selectColumns(ALIAS_COLUMNS, opts.fields, DEFAULT_FIELDS), ctx, opts.limit);
}
