import { Command, Option } from 'commander';
import type { CaseListParams } from '../../api/types.js';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { CASE_SORTS, MAX_PAGE_SIZE } from '../../domain/schemas.js';
import { CLASSIFICATIONS, CLOCKS, STATUSES, type Case } from '../../domain/types.js';
import { createRenderContext, printRows, selectColumns, renderNdjson, renderCsvHeader, renderCsvRows } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { addOutputOptions, dateParser, parsePositiveInt, type OutputOptions } from '../../cmdutil/flags.js';
import { CASE_COLUMNS, LIST_DEFAULT_FIELDS, listTableColumns } from './render.js';

export interface ListOptions extends OutputOptions {
  status?: string[];
  institution?: string;
  category?: string;
  classification?: string;
  channel?: string;
  from?: string;
  to?: string;
  overdue?: string;
  q?: string;
  sort: string;
  limit: number;
  all: boolean;
}

export function listQuery(opts: ListOptions): CaseListParams {
  return {
    status: opts.status,
    institution: opts.institution,
    category: opts.category,
    classification: opts.classification,
    channel: opts.channel,
    from: opts.from,
    to: opts.to,
    overdue: opts.overdue,
    q: opts.q,
    sort: opts.sort,
  };
}

export function createListCommand(deps: Deps, runF: (opts: ListOptions, deps: Deps) => Promise<void> = listRun): Command {
  const { lang } = deps;
  const cmd = new Command('list')
    .alias('ls')
    .description(t(lang, 'cmd.cases.list'))
    .addOption(new Option('--status <status...>', t(lang, 'flag.status')).choices(STATUSES))
    .option('--institution <code>', t(lang, 'flag.institution'))
    .option('--category <id>', t(lang, 'flag.category'))
    .addOption(new Option('--classification <c>', t(lang, 'flag.classification')).choices(CLASSIFICATIONS))
    .option('--channel <id>', t(lang, 'flag.channel'))
    .option('--from <date>', t(lang, 'flag.from'), dateParser(lang))
    .option('--to <date>', t(lang, 'flag.to'), dateParser(lang))
    .addOption(new Option('--overdue <clock>', t(lang, 'flag.overdue')).choices(CLOCKS))
    .option('-q, --search <text>', t(lang, 'flag.search'))
    .addOption(new Option('--sort <field>', t(lang, 'flag.sort')).choices(CASE_SORTS).default('submittedAt'))
    .option('-L, --limit <n>', t(lang, 'flag.limit'), parsePositiveInt(MAX_PAGE_SIZE, lang), 30)
    .option('--all', t(lang, 'flag.all'), false);
  addOutputOptions(cmd, lang)
    .addHelpText(
      'after',
      examples(lang, [
        'lapor cases list --status submitted --sort verifyDueAt',
        'lapor cases list --overdue verify --institution badung',
        'lapor cases list --all --from 2024-01-01 --format csv > 2024.csv',
        'lapor cases list --fields trackingId,status,title --format json',
      ]),
    )
    .action(async (raw: Record<string, unknown>) => {
      const opts: ListOptions = { ...(raw as unknown as ListOptions), q: raw.search as string | undefined };
      selectColumns(CASE_COLUMNS, opts.fields, LIST_DEFAULT_FIELDS); // a bad --fields fails before any request
      await runF(opts, deps);
    });
  return cmd;
}

export async function listRun(opts: ListOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const columns = selectColumns(CASE_COLUMNS, opts.fields, LIST_DEFAULT_FIELDS);
  const ctx = createRenderContext(deps.io, deps.lang, deps.now());
  // the terminal table without --fields shows the default columns that fit the width
  const columnsFor = (rows: readonly Case[]) =>
    opts.format === 'table' && ctx.tty && opts.fields === undefined ? listTableColumns(rows, ctx) : columns;
  const query = listQuery(opts);
  if (!opts.all) {
    const page = await api.listCases({ ...query, limit: opts.limit });
    printRows(deps.io, opts.format, page.items, columnsFor(page.items), ctx);
    if (page.nextCursor && opts.format === 'table' && ctx.tty) deps.io.err.write(`${t(deps.lang, 'notice.moreResults')}\n`);
    return;
  }
  // --all streams page after page: ndjson and csv are written as they arrive; json and tables need the whole set
  const pageQuery = { ...query, limit: MAX_PAGE_SIZE };
  if (opts.format === 'ndjson' || opts.format === 'csv') {
    if (opts.format === 'csv') deps.io.out.write(renderCsvHeader(columns));
    let batch: Case[] = [];
    const flush = () => {
      if (batch.length === 0) return;
      deps.io.out.write(opts.format === 'csv' ? renderCsvRows(batch, columns, ctx) : renderNdjson(batch, columns, ctx));
      batch = [];
    };
    for await (const c of api.iterateCases(pageQuery)) {
      batch.push(c);
      if (batch.length >= MAX_PAGE_SIZE) flush();
    }
    flush();
    return;
  }
  const all: Case[] = [];
  for await (const c of api.iterateCases(pageQuery)) all.push(c);
  printRows(deps.io, opts.format, all, columnsFor(all), ctx);
}
