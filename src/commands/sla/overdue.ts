import { Command, Option } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { MAX_OVERDUE_PAGE, type SlaOverdueItem } from '../../domain/sla.js';
import { CLOCKS, type ClockName } from '../../domain/types.js';
import { CliError } from '../../io/errors.js';
import { createRenderContext, printRows, renderCsvHeader, renderCsvRows, renderNdjson, selectColumns } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { addLimitOption, addOutputOptions, limitNotice, rowLimit, type LimitOptions, type OutputOptions } from '../../cmdutil/flags.js';
import { OVERDUE_COLUMNS, overdueDefaultFields } from './render.js';
import { resolveFilterNames } from '../../cmdutil/names.js';

export interface OverdueOptions extends OutputOptions, LimitOptions {
  clock?: ClockName;
  institution?: string;
}

export function createOverdueCommand(deps: Deps, runF: (opts: OverdueOptions, deps: Deps) => Promise<void> = overdueRun): Command {
  const { lang } = deps;
  const cmd = new Command('overdue')
    .description(t(lang, 'cmd.sla.overdue'))
    .addOption(new Option('--clock <clock>', t(lang, 'sla.flag.clock')).choices(CLOCKS))
    .option('--institution <code>', t(lang, 'sla.flag.institution'));
  addOutputOptions(addLimitOption(cmd, lang), lang)
    .addHelpText(
      'after',
      examples(lang, [
        'lapor sla overdue',
        'lapor sla overdue --clock response --institution badung',
        'lapor sla overdue --limit all --format csv > pelanggaran.csv',
        'lapor sla overdue --fields trackingId,clock,institutionName,overdueWorkingDays --format json',
      ]),
    )
    .action(async (opts: OverdueOptions) => {
      selectColumns(OVERDUE_COLUMNS, opts.fields, overdueDefaultFields(opts.clock === undefined)); // bad --fields: before any request
      await runF(opts, deps);
    });
  return cmd;
}

/** The breaches, most overdue first (the server's order), up to --limit; every page is read for the count. */
export async function overdueRun(opts: OverdueOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const columns = selectColumns(OVERDUE_COLUMNS, opts.fields, overdueDefaultFields(opts.clock === undefined));
  const ctx = createRenderContext(deps.io, deps.lang, deps.now());
  // ndjson and csv are written page by page; json and tables need the whole set
  const streaming = opts.format === 'ndjson' || opts.format === 'csv';
  const { institution } = await resolveFilterNames({ institution: opts.institution }, api, deps); // by code or name
  const limit = rowLimit(opts.limit, opts.format, deps.io);
  const shown: SlaOverdueItem[] = [];
  let total = 0;
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const page = await api.slaOverdue({ clock: opts.clock, institution, limit: MAX_OVERDUE_PAGE, cursor });
    const kept = page.items.slice(0, Math.max(0, limit - shown.length));
    if (streaming && cursor === undefined) {
      await deps.io.startPager();
      if (opts.format === 'csv') deps.io.out.write(renderCsvHeader(columns));
    }
    if (opts.format === 'csv') deps.io.out.write(renderCsvRows(kept, columns, ctx));
    else if (opts.format === 'ndjson') deps.io.out.write(renderNdjson(kept, columns, ctx));
    shown.push(...kept);
    total += page.items.length;
    if (page.nextCursor === null || page.nextCursor === '') break;
    if (seen.has(page.nextCursor)) throw new CliError((lang) => t(lang, 'sla.overdue.repeatedCursor'));
    seen.add(page.nextCursor);
    cursor = page.nextCursor;
  }
  if (!streaming) {
    if (shown.length > 0) await deps.io.startPager();
    printRows(deps.io, opts.format, shown, columns, ctx);
  }
  if (shown.length < total) limitNotice(deps.io.err, deps.lang, shown.length, total);
}
