import { Command, InvalidArgumentError, Option } from 'commander';
import { standbyNotice } from '../../cmdutil/standby.js';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { annualTidyRows } from '../../domain/stats.js';
import { t } from '../../io/i18n.js';
import { renderReportHtml } from '../../io/report/html.js';
import { renderAnnualText } from './render.js';
import { addStatsOptions, checkStatsOptions, checkStatsTarget, emit, emitSheet, renderTidy, STATS_FORMATS, statsRenderContext, yearParser, type StatsOutputOptions } from './shared.js';
import { resolveFilterNames } from '../../cmdutil/names.js';

export interface AnnualOptions extends StatsOutputOptions {
  year?: number;
  /** Rows per long breakdown in the terminal report (0 = all). */
  top: number;
}

export function createAnnualCommand(deps: Deps, runF: (opts: AnnualOptions, deps: Deps) => Promise<void> = annualRun): Command {
  const { lang } = deps;
  const cmd = new Command('annual')
    .description(t(lang, 'cmd.stats.annual'))
    .addOption(new Option('--year <year>', t(lang, 'stats.flag.year')).argParser(yearParser(lang)));
  addStatsOptions(cmd, lang, STATS_FORMATS)
    .addOption(
      new Option('--top <n>', t(lang, 'stats.flag.top'))
        .argParser((v) => {
          const n = Number(v);
          if (!Number.isInteger(n) || n < 0 || n > 10_000) throw new InvalidArgumentError(t(lang, 'stats.usage.expectedTop'));
          return n;
        })
        .default(10),
    )
    .addHelpText(
      'after',
      examples(lang, [
        'lapor stats annual --year 2024',
        'lapor stats annual --year 2024 --institution badung',
        'lapor stats annual --year 2024 --format csv > statistik-2024.csv',
        'lapor stats annual --year 2024 --public --format html -o laporan-2024.html',
        'lapor stats annual --year 2024 --public --k 5 --format json',
      ]),
    )
    .action(async (opts: AnnualOptions) => {
      checkStatsOptions(opts);
      checkStatsTarget(opts, deps.io.isOutTTY);
      await runF(opts, deps);
    });
  return cmd;
}

/** Fetches the report and renders it: the human report (terminal), tidy rows or the HTML page. */
export async function annualRun(opts: AnnualOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const { institution } = await resolveFilterNames({ institution: opts.institution }, api, deps); // by code or name
  const report = await api.statsAnnual({ year: opts.year, institution, public: opts.public, k: opts.k }, standbyNotice(deps));
  if (opts.format === 'xlsx') return emitSheet(deps, opts.output, annualTidyRows(report));
  const ctx = statsRenderContext(deps, opts.output);
  let text: string;
  if (opts.format === 'html') text = renderReportHtml(report, deps.lang);
  else if (opts.format === 'table' && ctx.tty) text = renderAnnualText(report, ctx, opts.top);
  else text = renderTidy(opts.format, annualTidyRows(report), ctx);
  await emit(deps, opts.output, text);
}
