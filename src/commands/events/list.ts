import { Command, Option } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { addLimitOption, rowLimit, type LimitOptions, type OutputOptions } from '../../cmdutil/flags.js';
import { FEED_MAX_LIMIT, type FeedEvent } from '../../domain/feed.js';
import { createRenderContext, OUTPUT_FORMATS, printRows, renderCsvHeader, renderCsvRows, renderNdjson, selectColumns } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { FEED_ALL_FIELDS, FEED_COLUMNS, FEED_TABLE_FIELDS } from './render.js';

export interface ListOptions extends OutputOptions, LimitOptions {
  after?: string;
}

export function createListCommand(deps: Deps, runF: (opts: ListOptions, deps: Deps) => Promise<void> = listRun): Command {
  const { lang } = deps;
  const cmd = new Command('list')
    .alias('ls')
    .description(t(lang, 'cmd.events.list'))
    .option('--after <cursor>', t(lang, 'events.flag.after'));
  addLimitOption(cmd, lang)
    .addOption(new Option('--format <format>', t(lang, 'flag.format')).choices(OUTPUT_FORMATS).default('table'))
    .option('--fields <list>', t(lang, 'flag.fields'))
    .addHelpText(
      'after',
      examples(lang, [
        'lapor events list --limit 20',
        'lapor events list --format ndjson > peristiwa.ndjson',
        'lapor events list --after now --format json',
      ]),
    )
    .action(async (opts: ListOptions) => {
      columnsFor(opts, false); // a bad --fields fails before any request
      await runF(opts, deps);
    });
  return cmd;
}

function columnsFor(opts: OutputOptions, tty: boolean) {
  return selectColumns(FEED_COLUMNS, opts.fields, opts.format === 'table' && tty ? FEED_TABLE_FIELDS : FEED_ALL_FIELDS);
}

/**
 * The events after --after up to the latest committed one (or --limit), then exit. ndjson and csv are written
 * page by page; the cursor to continue from (the last event's, or the end's when every event was shown)
 * goes to stderr, so that a cron job can keep it whatever the format.
 */
export async function listRun(opts: ListOptions, deps: Deps): Promise<void> {
  const { io, lang } = deps;
  const api = await deps.api();
  const ctx = createRenderContext(io, lang, deps.now());
  const columns = columnsFor(opts, ctx.tty);
  const limit = rowLimit(opts.limit, opts.format, io);
  const streamed = opts.format === 'ndjson' || opts.format === 'csv';
  if (opts.format === 'csv') io.out.write(renderCsvHeader(columns));
  const kept: FeedEvent[] = [];
  let shown = 0;
  let cursor = opts.after;
  for (;;) {
    const want = Math.min(FEED_MAX_LIMIT, limit - shown);
    if (want <= 0) break;
    const page = await api.feed({ after: cursor, limit: want }, { signal: deps.signal });
    const items = page.items.slice(0, want);
    shown += items.length;
    if (streamed) io.out.write(opts.format === 'csv' ? renderCsvRows(items, columns, ctx) : renderNdjson(items, columns, ctx));
    else kept.push(...items);
    // the last event shown is where to continue; with every event shown, the page's cursor (past the end)
    cursor = items.length === page.items.length ? page.cursor : items[items.length - 1].cursor;
    if (page.caughtUp && items.length === page.items.length) break;
  }
  if (!streamed) {
    if (kept.length > 0) await io.startPager();
    printRows(io, opts.format, kept, columns, ctx);
  }
  if (cursor !== undefined) io.err.write(`${t(lang, 'events.continue', { cursor })}\n`);
}
