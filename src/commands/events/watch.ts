import { Command, Option } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { createRenderContext, renderNdjson, renderTable, selectColumns } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { followFeed } from './follow.js';
import { FEED_ALL_FIELDS, FEED_COLUMNS, FEED_TABLE_FIELDS } from './render.js';

export const WATCH_FORMATS = ['ndjson', 'table'] as const;

export interface WatchOptions {
  after?: string;
  format: (typeof WATCH_FORMATS)[number];
  fields?: string;
}

export function createWatchCommand(deps: Deps, runF: (opts: WatchOptions, deps: Deps) => Promise<void> = watchRun): Command {
  const { lang } = deps;
  return new Command('watch')
    .description(t(lang, 'cmd.events.watch'))
    .option('--after <cursor>', t(lang, 'events.flag.after'))
    .addOption(new Option('--format <format>', t(lang, 'flag.format')).choices(WATCH_FORMATS).default('ndjson'))
    .option('--fields <list>', t(lang, 'flag.fields'))
    .addHelpText(
      'after',
      examples(lang, [
        'lapor events watch --after now',
        'lapor events watch --after "$(cat kursor.txt)" --format ndjson >> peristiwa.ndjson',
      ]),
    )
    .action(async (opts: WatchOptions) => {
      columnsFor(opts, false); // a bad --fields fails before any request
      await runF(opts, deps);
    });
}

function columnsFor(opts: WatchOptions, tty: boolean) {
  return selectColumns(FEED_COLUMNS, opts.fields, opts.format === 'table' && tty ? FEED_TABLE_FIELDS : FEED_ALL_FIELDS);
}

/**
 * Prints each event as soon as the feed hands it out: one NDJSON line each, its cursor in it, written whole
 * before the next request, so that a reader killed at any moment restarts from the last line it printed.
 * Ctrl-C ends it cleanly (exit 0) with the cursor to continue on stderr.
 */
export async function watchRun(opts: WatchOptions, deps: Deps): Promise<void> {
  const { io, lang } = deps;
  const api = await deps.api();
  const ctx = createRenderContext(io, lang, deps.now());
  const columns = columnsFor(opts, ctx.tty);
  io.err.write(`${t(lang, 'events.watching')}\n`);
  let header = true;
  const cursor = await followFeed(api, deps, opts.after, (page) => {
    if (opts.format === 'ndjson') {
      io.out.write(renderNdjson(page.items, columns, ctx));
      return;
    }
    const now = { ...ctx, now: deps.now() };
    const lines = renderTable(page.items, columns, now).split('\n').filter((l) => l !== '');
    io.out.write(`${(header ? lines : lines.slice(1)).join('\n')}\n`);
    header = false;
  });
  if (cursor !== undefined) io.err.write(`${t(lang, 'events.stopped', { cursor })}\n`);
}
