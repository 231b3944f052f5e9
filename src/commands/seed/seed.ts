import { Command, InvalidArgumentError } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { attach, examples } from '../../cmdutil/command.js';
import { lockDataDir } from '../../io/dataDir.js';
import { t } from '../../io/i18n.js';
import { fmtCount, fmtSeconds } from '../../io/numbers.js';
import { createProgress } from '../../io/progress.js';
import { parsePositiveInt } from '../../cmdutil/flags.js';

export interface SeedOptions {
  cases: number;
  years: [number, number];
  seed: number;
  dataDir: string;
  databaseUrl?: string;
}

export function parseYears(value: string): [number, number] {
  const m = /^(\d{4})(?:-(\d{4}))?$/.exec(value);
  const from = m ? Number(m[1]) : NaN;
  const to = m?.[2] ? Number(m[2]) : from;
  if (!m || from < 2000 || to > 2100 || to < from) throw new InvalidArgumentError('expected YEAR or FROM-TO, e.g. 2019-2024');
  return [from, to];
}

export function createSeedCommand(deps: Deps, runF: (opts: SeedOptions, deps: Deps) => Promise<void> = seedRun): Command {
  const { lang } = deps;
  return new Command('seed')
    .description(t(lang, 'cmd.seed'))
    .option('--cases <n>', t(lang, 'flag.seedCases'), parsePositiveInt(10_000_000), 5000)
    .option('--years <range>', t(lang, 'flag.seedYears'), parseYears, [2019, 2024] as [number, number])
    .option('--seed <n>', t(lang, 'flag.seedSeed'), parsePositiveInt(2 ** 31), 1)
    .option('--data-dir <dir>', t(lang, 'flag.dataDir'))
    .option('--database-url <url>', t(lang, 'flag.databaseUrl'))
    .addHelpText(
      'after',
      examples(lang, [
        'lapor seed',
        'lapor seed --cases 20000 --years 2019-2024 --seed 7',
        'lapor seed --cases 1000000 --database-url postgres://postgres@127.0.0.1/lapor',
      ]),
    )
    .action(async (raw: Omit<SeedOptions, 'dataDir'> & { dataDir?: string }) => {
      await runF({ ...raw, dataDir: raw.dataDir ?? deps.paths.dataDir, databaseUrl: raw.databaseUrl ?? deps.env.DATABASE_URL }, deps);
    });
}

export async function seedRun(opts: SeedOptions, deps: Deps): Promise<void> {
  const { seedDatabase } = await import('../../server/seam.js');
  const held = opts.databaseUrl ? null : await lockDataDir(opts.dataDir, { now: deps.now, sleep: deps.sleep });
  try {
    const progress = createProgress(deps.io, { total: opts.cases, label: t(deps.lang, 'progress.seeding'), lang: deps.lang, now: () => deps.now().getTime() });
    let last = 0;
    const { statsMs } = await seedDatabase({
      databaseUrl: opts.databaseUrl,
      dataDir: opts.dataDir,
      count: opts.cases,
      years: opts.years,
      seed: opts.seed,
      now: deps.now,
      onProgress: (n) => {
        progress.tick(n - last);
        last = n;
      },
      onSeeded: (result) => {
        progress.done();
        deps.io.err.write(`${t(deps.lang, 'notice.seeded', { cases: fmtCount(deps.lang, result.cases), events: fmtCount(deps.lang, result.events), seconds: fmtSeconds(deps.lang, result.ms) })}\n`);
      },
    });
    deps.io.err.write(`${t(deps.lang, 'notice.statsBuilt', { seconds: fmtSeconds(deps.lang, statsMs) })}\n`);
  } finally {
    await held?.release();
  }
}

export function register(program: Command, deps: Deps): void {
  attach(program, createSeedCommand(deps));
}
