import { Command, Option } from 'commander';
import type { CaseListParams } from '../../api/types.js';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { CASE_SORTS, MAX_PAGE_SIZE } from '../../domain/schemas.js';
import { pickCaseFilters, type CaseFilterParams } from '../../domain/caseFilters.js';
import type { Case } from '../../domain/types.js';
import { createRenderContext, printRows, selectColumns, renderNdjson, renderCsvHeader, renderCsvRows, renderTable } from '../../io/format.js';
import { followFeed } from '../events/follow.js';
import { t } from '../../io/i18n.js';
import { addLimitOption, addOutputOptions, caseFilterOptions, limitNotice, type LimitOptions, type OutputOptions } from '../../cmdutil/flags.js';
import { resolveFilterNames } from '../../cmdutil/names.js';
import { CASE_COLUMNS, LIST_DEFAULT_FIELDS, listTableColumns } from './render.js';

/** The case filters (domain/caseFilters.ts), output, sort and paging. */
export interface ListOptions extends OutputOptions, CaseFilterParams, LimitOptions {
  status?: string[];
  sort: string;
  all: boolean;
  /** Refresh the list in place whenever the change feed brings an event (a terminal only). */
  watch?: boolean;
}

export function listQuery(opts: ListOptions): CaseListParams {
  return { ...pickCaseFilters(opts), sort: opts.sort };
}

export function createListCommand(deps: Deps, runF: (opts: ListOptions, deps: Deps) => Promise<void> = listRun): Command {
  const { lang } = deps;
  const cmd = new Command('list').alias('ls').description(t(lang, 'cmd.cases.list'));
  for (const option of caseFilterOptions(lang)) cmd.addOption(option);
  cmd
    // the most urgent first (domain/clocks.ts#urgencyDueAt): overdue, longest overdue first, then the nearest deadline
    .addOption(new Option('--sort <field>', t(lang, 'flag.sort')).choices(CASE_SORTS).default('urgency'));
  addLimitOption(cmd, lang, MAX_PAGE_SIZE).option('--all', t(lang, 'flag.all'), false);
  cmd.option('--watch', t(lang, 'cases.flag.watch'));
  addOutputOptions(cmd, lang)
    .addHelpText(
      'after',
      examples(lang, [
        'lapor cases list --status submitted --sort verifyDueAt',
        'lapor cases list --overdue verify --institution badung',
        'lapor cases list --all --from 2024-01-01 --format csv > 2024.csv',
        'lapor cases list --fields trackingId,status,title --format json',
        'lapor cases list --status submitted --watch',
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
  // --institution and --category by code or name (cmdutil/names.ts)
  const query = await resolveFilterNames(listQuery(opts), api, deps);
  if (opts.watch) {
    // like `kubectl get -w`, but in place: a terminal gets the list redrawn after each change; anything else
    // gets it once (a script follows changes with `lapor events watch`), with a note saying so
    if (ctx.tty && opts.format === 'table') return watchList(opts, deps, query);
    deps.io.err.write(`${t(deps.lang, 'cases.watch.notTty')}\n`);
  }
  if (!opts.all) {
    const page = await api.listCases({ ...query, limit: opts.limit });
    if (page.items.length > 0) await deps.io.startPager();
    printRows(deps.io, opts.format, page.items, columnsFor(page.items), ctx);
    if (page.nextCursor) limitNotice(deps.io.err, deps.lang, page.items.length, null);
    return;
  }
  // --all streams page after page: ndjson and csv are written as they arrive; json and tables need the whole set
  const pageQuery = { ...query, limit: MAX_PAGE_SIZE };
  if (opts.format === 'ndjson' || opts.format === 'csv') {
    await deps.io.startPager();
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
  if (all.length > 0) await deps.io.startPager();
  printRows(deps.io, opts.format, all, columnsFor(all), ctx);
}

/**
 * `cases list --watch` on a terminal: the list, redrawn in place each time the change feed hands out an event
 * of a case the token may read (the feed decides when; the list itself is read again whole), and after each
 * quiet long-poll, until Ctrl-C.
 */
async function watchList(opts: ListOptions, deps: Deps, query: CaseListParams): Promise<void> {
  const api = await deps.api();
  const { io, lang } = deps;
  let changes = 0;
  const draw = async () => {
    const ctx = createRenderContext(io, lang, deps.now());
    const rows = opts.all
      ? await collect(api.iterateCases({ ...query, limit: MAX_PAGE_SIZE }, { signal: deps.signal }))
      : (await api.listCases({ ...query, limit: opts.limit }, { signal: deps.signal })).items;
    const columns = opts.fields === undefined ? listTableColumns(rows, ctx) : selectColumns(CASE_COLUMNS, opts.fields, LIST_DEFAULT_FIELDS);
    const time = deps.now().toISOString().slice(11, 19);
    const body = rows.length > 0 ? renderTable(rows, columns, ctx) : `${t(lang, 'common.noResults')}\n`;
    // home, clear the screen, then the whole frame in one write
    io.out.write(`\x1b[H\x1b[2J${ctx.color.dim(t(lang, 'cases.watch.header', { time, changes }))}\n${body}`);
  };
  // the feed's present end first, so that a change made while the list is read is not missed
  const start = await api.feed({ after: 'now', limit: 1 }, { signal: deps.signal });
  await draw();
  // a quiet while redraws too: the clocks and relative times move on, and a case that left the token's scope
  // (redisposed elsewhere) brings no event the token may read
  await followFeed(
    api,
    deps,
    start.cursor,
    async (page) => {
      changes += page.items.length;
      await draw();
    },
    draw,
  );
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const item of items) all.push(item);
  return all;
}
