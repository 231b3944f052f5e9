// Issue 15 item 5, the Must-show kill test: the first start on a fresh data dir — (a) the embedded mode of a
// plain command, (b) `lapor serve --database-url` — SIGKILLed at seeded moments, then the next command must
// work: the next start completes what the killed one began (the lock of a dead pid is taken over, a PGlite
// data dir half made is made again, the admin token file is written whole and its row committed after it).
//
// Kill moments: a seeded delay after the start, or after the first start's late steps became visible (the
// PGlite data dir in place; the admin token file written), so that every run hits the whole first start and
// not only its beginning. The default run kills at 3 seeds each; CI's long phase (LAPOR_LONG_TESTS=1) at 20
// seeds each, with longer delays.
// Every run prints its figures (seed, kill moment, what the next command said) so that a failing seed can be
// replayed. The PostgreSQL half runs on DATABASE_URL (or LAPOR_TEST_DATABASE_URL); without one it is skipped,
// except under CI=true, where it fails.

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, POSTGRES_URL } from '../helpers/server.js';
import { freePort, homeEnv, ROOT, runLapor, spawnLapor, startServe, type Exit } from '../helpers/spawn.js';
import { buildOnce, rng, sleep } from './bulk-helpers.js';

const LONG = process.env.LAPOR_LONG_TESTS === '1';
const SEEDS = LONG ? 20 : 3;
const EARLY_MS = LONG ? 8_000 : 3_000;
const TIMEOUT = 240_000;

interface Figure {
  half: string;
  seed: number;
  killedAt: string;
  next: string;
}
const figures: Figure[] = [];
const homes: string[] = [];

function freshHome(): { dir: string; env: Record<string, string>; dataDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lapor-first-kill-'));
  homes.push(dir);
  return { dir, env: homeEnv(dir), dataDir: join(dir, 'data', 'lapor') };
}

/** The kill moment of a seed: after the start, or after a late step of the first start became visible. */
function killPlan(random: () => number, dataDir: string, embedded: boolean): { what: string; ready: () => boolean; delayMs: number } {
  const r = random();
  const token = join(dataDir, 'admin-token');
  if (r < 0.5) return { what: 'after the start', ready: () => true, delayMs: Math.floor(random() * EARLY_MS) };
  if (embedded && r < 0.75) return { what: 'after pgdata appeared', ready: () => existsSync(join(dataDir, 'pgdata')), delayMs: Math.floor(random() * 1500) };
  return { what: 'after the admin token file appeared', ready: () => existsSync(token), delayMs: Math.floor(random() * 40) };
}

/** Starts `args`, kills it (SIGKILL) at the seed's moment, and says when that was. */
async function startAndKill(args: string[], env: Record<string, string>, plan: ReturnType<typeof killPlan>): Promise<string> {
  const p = spawnLapor(args, { cwd: ROOT, env });
  const t0 = Date.now();
  while (!plan.ready() && p.child.exitCode === null && Date.now() - t0 < 120_000) await sleep(3);
  await sleep(plan.delayMs);
  const finished = p.child.exitCode !== null;
  p.child.kill('SIGKILL');
  const exit: Exit = await p.exit;
  const at = `${plan.delayMs} ms ${plan.what} (${Date.now() - t0} ms in)`;
  if (finished) return `${at}: too late, it had ended (exit ${exit.code})`;
  expect(exit.signal, exit.err).toBe('SIGKILL');
  return at;
}

/** The notices a command printed about the admin token (how the next start healed), for the figures. */
const tokenNotices = (err: string) =>
  err
    .split('\n')
    .filter((l) => l.includes('admin token'))
    .map((l) => l.replace(/\/\S*admin-token/, 'admin-token'))
    .join('; ') || 'nothing to heal';

beforeAll(() => buildOnce(), 180_000);
afterAll(() => {
  for (const h of homes) rmSync(h, { recursive: true, force: true });
  const rows = figures.map((f) => `  ${f.half} seed ${f.seed}: killed ${f.killedAt}; next: ${f.next}`);
  if (rows.length > 0) process.stderr.write(`first-start kill figures:\n${rows.join('\n')}\n`);
});

describe(`(a) embedded: the first command on a fresh data dir killed, ${SEEDS} seeds`, () => {
  let last = '';
  for (let seed = 1; seed <= SEEDS; seed += 1) {
    it(
      `seed ${seed}`,
      async () => {
        const random = rng(15_500 + seed);
        const home = freshHome();
        const killedAt = await startAndKill(['--lang', 'en', 'whoami'], home.env, killPlan(random, home.dataDir, true));
        const next = await runLapor(['--lang', 'en', 'whoami', '--format', 'json'], { cwd: ROOT, env: home.env });
        figures.push({ half: '(a) embedded', seed, killedAt, next: `exit ${next.code}, ${tokenNotices(next.err)}` });
        expect(next.code, `seed ${seed}, killed ${killedAt}:\n${next.err}`).toBe(0);
        expect(JSON.parse(next.out)).toMatchObject({ name: 'admin', role: 'national_admin', source: 'embedded' });
        last = home.dir;
      },
      TIMEOUT,
    );
  }

  it(
    'a command using a running serve whose admin token file is gone says exactly what to run (exit 4)',
    async () => {
      const env = homeEnv(last);
      const dataDir = join(last, 'data', 'lapor');
      const port = await freePort();
      const serve = await startServe(['--port', String(port), '--data-dir', dataDir], env);
      try {
        rmSync(join(dataDir, 'admin-token'));
        const r = await runLapor(['--lang', 'en', 'whoami'], { cwd: ROOT, env });
        expect(r.code, r.err).toBe(4);
        expect(r.err).toContain(`the admin token file ${join(dataDir, 'admin-token')} of the lapor serve (process ${serve.pid}) on ${dataDir} is missing or empty`);
        expect(r.err).toContain(`kill ${serve.pid}, then run: lapor serve --data-dir ${dataDir}`);
        const id = await runLapor(['--lang', 'id', 'whoami'], { cwd: ROOT, env });
        expect(id.err).toContain(`lalu jalankan: lapor serve --data-dir ${dataDir}`);
      } finally {
        const closed = new Promise((r) => serve.once('close', r));
        serve.kill('SIGTERM');
        await closed;
      }
      // restarted, the server writes a new admin token, and the command works
      const again = await startServe(['--port', String(port), '--data-dir', dataDir], env);
      try {
        const r = await runLapor(['--lang', 'en', 'whoami', '--format', 'json'], { cwd: ROOT, env });
        expect(r.code, r.err).toBe(0);
        expect(JSON.parse(r.out)).toMatchObject({ role: 'national_admin', source: 'embedded-shared' });
      } finally {
        const closed = new Promise((r) => again.once('close', r));
        again.kill('SIGTERM');
        await closed;
      }
    },
    TIMEOUT,
  );
});

const PG_REQUIRED = process.env.CI === 'true';
describe.skipIf(!POSTGRES_URL && !PG_REQUIRED)(`(b) lapor serve --database-url: the first start killed, ${SEEDS} seeds`, () => {
  beforeAll(() => {
    if (!POSTGRES_URL) throw new Error('CI=true needs DATABASE_URL (or LAPOR_TEST_DATABASE_URL) for the PostgreSQL half of this test');
  });

  for (let seed = 1; seed <= SEEDS; seed += 1) {
    it(
      `seed ${seed}`,
      async () => {
        const random = rng(25_500 + seed);
        const home = freshHome();
        const db = await freshPostgresDatabase();
        try {
          const args = (port: number) => ['--database-url', db.url, '--data-dir', home.dataDir, '--port', String(port)];
          const killedAt = await startAndKill(['--lang', 'en', 'serve', ...args(await freePort())], home.env, killPlan(random, home.dataDir, false));
          const port = await freePort();
          const serve = await startServe(args(port), home.env);
          try {
            const token = readFileSync(join(home.dataDir, 'admin-token'), 'utf8').trim();
            const next = await runLapor(['--lang', 'en', '--api', `http://127.0.0.1:${port}`, 'whoami', '--format', 'json'], {
              cwd: ROOT,
              env: { ...home.env, LAPOR_TOKEN: token },
            });
            figures.push({ half: '(b) serve --database-url', seed, killedAt, next: `exit ${next.code}` });
            expect(next.code, `seed ${seed}, killed ${killedAt}:\n${next.err}`).toBe(0);
            expect(JSON.parse(next.out)).toMatchObject({ name: 'admin', role: 'national_admin' });
          } finally {
            const closed = new Promise((r) => serve.once('close', r));
            serve.kill('SIGTERM');
            await closed;
          }
        } finally {
          await db.drop();
        }
      },
      TIMEOUT,
    );
  }
});
