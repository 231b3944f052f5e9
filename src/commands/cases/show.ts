import { Command, Option } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { parseTrackingId } from '../../cmdutil/flags.js';
import type { Case, CaseEvent } from '../../domain/types.js';
import {
  OUTPUT_FORMATS,
  createRenderContext,
  renderCsv,
  renderJsonValue,
  renderNdjson,
  renderRecord,
  renderTable,
  selectColumns,
  toRecord,
  type OutputFormat,
} from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { RECORD_COLUMNS, eventColumns, hasLinks, renderLinks } from './render.js';

export interface ShowOptions {
  trackingId: string;
  format: OutputFormat;
  fields?: string;
  history: boolean;
}

export function createShowCommand(deps: Deps, runF: (opts: ShowOptions, deps: Deps) => Promise<void> = showRun): Command {
  const { lang } = deps;
  return new Command('show')
    .alias('view')
    .description(t(lang, 'cmd.cases.show'))
    .argument('<trackingId>', t(lang, 'arg.trackingId'), parseTrackingId)
    .addOption(new Option('--format <format>', t(lang, 'flag.format')).choices(OUTPUT_FORMATS).default('table'))
    .option('--fields <list>', t(lang, 'flag.fields'))
    .option('--no-history', t(lang, 'flag.noHistory'))
    .addHelpText('after', examples(lang, ['lapor cases show LPR-2025-0000123', 'lapor cases show LPR-2025-0000123 --format json']))
    .action(async (trackingId: string, raw: { format: OutputFormat; fields?: string; history: boolean }) => {
      selectColumns(RECORD_COLUMNS, raw.fields);
      await runF({ trackingId, ...raw }, deps);
    });
}

export async function showRun(opts: ShowOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const [{ case: c }, events, links] = await Promise.all([
    api.getCase(opts.trackingId),
    opts.history ? api.caseEvents(opts.trackingId) : Promise.resolve<CaseEvent[]>([]),
    api.caseLinks(opts.trackingId),
  ]);
  const linked = hasLinks(links);
  const ctx = createRenderContext(deps.io, deps.lang, deps.now());
  const columns = selectColumns(RECORD_COLUMNS, opts.fields);
  // a case with its body and history is longer than a 24-line terminal (the pager swaps io.out: take it after)
  if (opts.format === 'table') await deps.io.startPager();
  const out = deps.io.out;
  switch (opts.format) {
    case 'json': {
      const record: Record<string, unknown> = toRecord<Case>(c, columns, ctx);
      if (linked) record.links = { duplicateOf: links.duplicateOf, duplicates: links.duplicates, copiedTo: links.copiedTo };
      if (opts.history) record.history = events;
      out.write(renderJsonValue(record));
      return;
    }
    case 'ndjson':
      out.write(renderNdjson([c], columns, ctx));
      return;
    case 'csv':
      out.write(renderCsv([c], columns, ctx));
      return;
    case 'table':
      out.write(renderRecord(c, columns, ctx));
      if (linked) out.write(`\n${renderLinks(links, ctx, deps.lang)}`);
      if (opts.history && events.length > 0) {
        out.write(`\n${ctx.tty ? ctx.color.bold(t(deps.lang, 'heading.history')) : t(deps.lang, 'heading.history')}\n`);
        out.write(renderTable(events, eventColumns(undefined, ctx.tty), ctx));
      }
  }
}
