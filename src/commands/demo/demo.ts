import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { attach, examples } from '../../cmdutil/command.js';
import type { Case } from '../../domain/types.js';
import { createRenderContext, renderRecord, renderTable, selectColumns, type Column } from '../../io/format.js';
import { lockDataDir, type HeldDataDir } from '../../io/dataDir.js';
import { BusyError } from '../../io/errors.js';
import { t } from '../../io/i18n.js';
import { CASE_COLUMNS } from '../cases/render.js';
import { parsePositiveInt } from '../../cmdutil/flags.js';
import { seedRun } from '../seed/seed.js';

export interface DemoOptions {
  cases: number;
  seed: number;
}

export interface Headline {
  year: number;
  received: number;
  disposed: number;
  followedUp: number;
  followUpRate: number | null;
  completed: number;
  completionRate: number | null;
  verifiedOnTime: number | null;
  respondedOnTime: number | null;
}

const pct = (n: number | null) => (n === null ? '–' : `${(n * 100).toFixed(1)}%`);
const HEADLINE_COLUMNS: Column<Headline>[] = [
  { key: 'year', header: (l) => t(l, 'demo.year'), value: (h) => h.year },
  { key: 'received', header: (l) => t(l, 'demo.received'), value: (h) => h.received },
  { key: 'followUpRate', header: (l) => t(l, 'demo.followUpRate'), value: (h) => h.followUpRate, display: (h) => pct(h.followUpRate) },
  { key: 'completionRate', header: (l) => t(l, 'demo.completionRate'), value: (h) => h.completionRate, display: (h) => pct(h.completionRate) },
  { key: 'verifiedOnTime', header: (l) => t(l, 'demo.verifiedOnTime'), value: (h) => h.verifiedOnTime, display: (h) => pct(h.verifiedOnTime) },
  { key: 'respondedOnTime', header: (l) => t(l, 'demo.respondedOnTime'), value: (h) => h.respondedOnTime, display: (h) => pct(h.respondedOnTime) },
];

/** Headline figures of one year's cases (by submission date), as the demo tour shows them. */
export function headline(year: number, cases: Iterable<Case>): Headline {
  let received = 0;
  let disposed = 0;
  let followedUp = 0;
  let completed = 0;
  let verified = 0;
  let verifiedOnTime = 0;
  let responded = 0;
  let respondedOnTime = 0;
  for (const c of cases) {
    received += 1;
    if (c.disposedAt) {
      disposed += 1;
      if (c.firstResponseAt) followedUp += 1;
    }
    if (c.status === 'completed') completed += 1;
    if (c.verifiedAt) {
      verified += 1;
      if (c.verifiedAt <= c.verifyDueAt) verifiedOnTime += 1;
    }
    if (c.firstResponseAt && c.responseDueAt) {
      responded += 1;
      if (c.firstResponseAt <= c.responseDueAt) respondedOnTime += 1;
    }
  }
  const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
  return {
    year,
    received,
    disposed,
    followedUp,
    followUpRate: ratio(followedUp, disposed),
    completed,
    completionRate: ratio(completed, received),
    verifiedOnTime: ratio(verifiedOnTime, verified),
    respondedOnTime: ratio(respondedOnTime, responded),
  };
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
    io.err.write(`${t(lang, 'demo.seeding', { cases: String(opts.cases), dir: deps.paths.dataDir })}\n`);
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
  const cases: Case[] = [];
  for await (const c of api.iterateCases({ from: `${lastYear}-01-01`, to: `${lastYear}-12-31`, limit: 500 })) cases.push(c);
  heading('demo.headline', { year: String(lastYear) });
  io.out.write(renderRecord(headline(lastYear, cases), HEADLINE_COLUMNS, ctx));
  io.err.write(`\n${t(lang, 'demo.next')}\n`);
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
