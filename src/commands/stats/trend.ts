import { Command, Option } from 'commander';
import { standbyNotice } from '../../cmdutil/standby.js';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { MAX_TREND_YEARS, trendTidyRows } from '../../domain/stats.js';
import { UsageError } from '../../io/errors.js';
import { t } from '../../io/i18n.js';
import { renderTrendText } from './render.js';
import { addStatsOptions, checkStatsOptions, checkStatsTarget, emit, emitSheet, renderTidy, statsRenderContext, yearParser, type StatsOutputOptions } from './shared.js';
import { resolveFilterNames } from '../../cmdutil/names.js';

export interface TrendOptions extends StatsOutputOptions {
  from: number;
  to: number;
}

export function createTrendCommand(deps: Deps, runF: (opts: TrendOptions, deps: Deps) => Promise<void> = trendRun): Command {
  const { lang } = deps;
  const cmd = new Command('trend')
    .description(t(lang, 'cmd.stats.trend'))
    .addOption(new Option('--from <year>', t(lang, 'stats.flag.from')).argParser(yearParser(lang)).makeOptionMandatory())
    .addOption(new Option('--to <year>', t(lang, 'stats.flag.to')).argParser(yearParser(lang)).makeOptionMandatory());
  addStatsOptions(cmd, lang, ['table', 'json', 'ndjson', 'csv', 'xlsx'])
    .addHelpText(
      'after',
      examples(lang, [
        'lapor stats trend --from 2019 --to 2023',
        'lapor stats trend --from 2019 --to 2023 --institution denpasar --format csv > tren.csv',
        'lapor stats trend --from 2019 --to 2023 --public',
      ]),
    )
    .action(async (opts: TrendOptions) => {
      checkStatsOptions(opts);
      checkStatsTarget(opts, deps.io.isOutTTY);
      if (opts.to < opts.from) throw new UsageError((l) => t(l, 'stats.error.yearOrder', { from: opts.from, to: opts.to }));
      if (opts.to - opts.from + 1 > MAX_TREND_YEARS) throw new UsageError((l) => t(l, 'stats.error.tooManyYears', { max: MAX_TREND_YEARS }));
      await runF(opts, deps);
    });
  return cmd;
}

export async function trendRun(opts: TrendOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const { institution } = await resolveFilterNames({ institution: opts.institution }, api, deps); // by code or name
  const report = await api.statsTrend({ from: opts.from, to: opts.to, institution, public: opts.public, k: opts.k }, standbyNotice(deps));
  if (opts.format === 'xlsx') return emitSheet(deps, opts.output, trendTidyRows(report));
  const ctx = statsRenderContext(deps, opts.output);
  const text =
    opts.format === 'table' && ctx.tty ? renderTrendText(report, ctx) : renderTidy(opts.format === 'html' ? 'json' : opts.format, trendTidyRows(report), ctx);
  await emit(deps, opts.output, text);
}
