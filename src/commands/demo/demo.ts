import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { attach, examples } from '../../cmdutil/command.js';
import type { Headline, StatsAnnualReport } from '../../domain/stats.js';
import { createRenderContext, renderRecord, renderTable, selectColumns, type Column } from '../../io/format.js';
import { lockDataDir, type HeldDataDir } from '../../io/dataDir.js';
import { BusyError } from '../../io/errors.js';
import { t, type Lang } from '../../io/i18n.js';
import { fmtCount, fmtPercent } from '../../io/numbers.js';
import { CASE_COLUMNS } from '../cases/render.js';
import { parsePositiveInt } from '../../cmdutil/flags.js';
import { seedRun } from '../seed/seed.js';

export interface DemoOptions {
  cases: number;
  seed: number;
}

/** The demo's headline: the figures `lapor stats annual --year <year>` computes, nothing of its own. */
export interface DemoHeadline {
  year: number;
  report: StatsAnnualReport;
}

/**
 * The headline rows, each with the stats report's own label (the clock rows with the report's clock lengths)
 * and the one number formatter: the demo and `stats annual` cannot disagree on a name, a number or its format.
 */
export function headlineColumns(report: StatsAnnualReport): Column<DemoHeadline>[] {
  const percent = (key: string, header: (l: Lang) => string, share: (h: Headline) => number | null): Column<DemoHeadline> => ({
    key,
    header,
    value: (d) => share(d.report.headline),
    display: (d, ctx) => fmtPercent(ctx.lang, share(d.report.headline)),
  });
  return [
    { key: 'year', header: (l) => t(l, 'demo.year'), value: (d) => d.year, display: (d) => String(d.year) },
    {
      key: 'received',
      header: (l) => t(l, 'stats.figure.received'),
      value: (d) => d.report.headline.received,
      display: (d, ctx) => fmtCount(ctx.lang, d.report.headline.received),
    },
    percent('followUpRate', (l) => t(l, 'stats.figure.followUpRate'), (h) => h.followUpRate),
    percent('completionRate', (l) => t(l, 'stats.figure.completionRate'), (h) => h.completionRate),
    percent('verifiedOnTime', (l) => t(l, 'stats.figure.verify', { n: report.clocks.verifyWorkingDays }), (h) => h.verify.onTimeShare),
    percent('respondedOnTime', (l) => t(l, 'stats.figure.response', { n: report.clocks.responseWorkingDays }), (h) => h.response.onTimeShare),
  ];
}

export function createDemoCommand(deps: Deps, runF: (opts: DemoOptions, deps: Deps) => Promise<void> = demoRun): Command {
  const { lang } = deps;
  return new Command('demo')
    .description(t(lang, 'cmd.demo'))
    .option('--cases <n>', t(lang, 'flag.seedCases'), parsePositiveInt(1_000_000, lang), 12_000)
    .option('--seed <n>', t(lang, 'flag.seedSeed'), parsePositiveInt(2 ** 31, lang), 1)
    .addHelpText('after', examples(lang, ['lapor demo', 'LAPOR_HOME=/tmp/lapor-demo lapor demo --cases 50000']))
    .action(async (opts: DemoOptions) => runF(opts, deps));
}

export async function demoRun(opts: DemoOptions, deps: Deps): Promise<void> {
  const { io, lang } = deps;
  const now = deps.now();
  const year = now.getUTCFullYear();
  if (await embeddedDataDirIsEmpty(deps)) {
    io.err.write(`${t(lang, 'demo.seeding', { cases: fmtCount(lang, opts.cases), dir: deps.paths.dataDir })}\n`);
    await seedRun({ cases: opts.cases, years: [year - 3, year], seed: opts.seed, dataDir: deps.paths.dataDir }, deps);
  }
  const api = await deps.api();
  const ctx = createRenderContext(io, lang, now);
  const heading = (key: 'demo.queue' | 'demo.headline', params: Record<string, string> = {}) =>
    io.out.write(`\n${ctx.tty ? io.color.bold(t(lang, key, params as never)) : t(lang, key, params as never)}\n`);

  heading('demo.queue');
  const queue = await api.listCases({ status: ['submitted', 'postponed'], sort: 'verifyDueAt', limit: 10 });
  const queueColumns = selectColumns(CASE_COLUMNS, 'trackingId,status,verifyClock,submittedAt,title');
  io.out.write(renderTable(queue.items, queueColumns, ctx));

  const lastYear = year - 1;
  const report = await api.statsAnnual({ year: lastYear });
  heading('demo.headline', { year: String(lastYear) });
  io.out.write(renderRecord({ year: lastYear, report }, headlineColumns(report), ctx));
  // the hint names a case of this data dir, so that every command in it runs as printed
  const example = queue.items[0]?.trackingId ?? (await api.listCases({ limit: 1 })).items[0]?.trackingId;
  if (example !== undefined) io.err.write(`\n${t(lang, 'demo.next', { id: example })}\n`);
}

async function embeddedDataDirIsEmpty(deps: Deps): Promise<boolean> {
  if (deps.globals.api || deps.env.LAPOR_API_URL || deps.globals.profile || deps.env.LAPOR_PROFILE) return false;
  if ((await deps.config.read()).activeProfile) return false;
  const { countCases } = await import('../../server/seam.js');
  let held: HeldDataDir;
  try {
    held = await lockDataDir(deps.paths.dataDir, { now: deps.now, sleep: deps.sleep });
  } catch (err) {
    if (err instanceof BusyError) return false; // a server runs on it: tour what it has
    throw err;
  }
  try {
    return (await countCases(deps.paths.dataDir)) === 0;
  } finally {
    await held.release();
  }
}

export function register(program: Command, deps: Deps): void {
  attach(program, createDemoCommand(deps));
}
