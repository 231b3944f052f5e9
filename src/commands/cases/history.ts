import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { createRenderContext, printRows, selectColumns } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { addOutputOptions, parseTrackingId, type OutputOptions } from '../../cmdutil/flags.js';
import { EVENT_COLUMNS, EVENT_DEFAULT_FIELDS, eventColumns } from './render.js';

export interface HistoryOptions extends OutputOptions {
  trackingId: string;
}

export function createHistoryCommand(deps: Deps, runF: (opts: HistoryOptions, deps: Deps) => Promise<void> = historyRun): Command {
  const { lang } = deps;
  const cmd = new Command('history').description(t(lang, 'cmd.cases.history')).argument('<trackingId>', t(lang, 'arg.trackingId'), parseTrackingId);
  return addOutputOptions(cmd, lang)
    .addHelpText('after', examples(lang, ['lapor cases history LPR-2025-0000123', 'lapor cases history LPR-2025-0000123 --format json']))
    .action(async (trackingId: string, raw: OutputOptions) => {
      selectColumns(EVENT_COLUMNS, raw.fields, EVENT_DEFAULT_FIELDS);
      await runF({ trackingId, ...raw }, deps);
    });
}

export async function historyRun(opts: HistoryOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const events = await api.caseEvents(opts.trackingId);
  const ctx = createRenderContext(deps.io, deps.lang, deps.now());
  if (events.length > 0) await deps.io.startPager();
  printRows(deps.io, opts.format, events, eventColumns(opts.fields, opts.format === 'table' && ctx.tty), ctx);
}
