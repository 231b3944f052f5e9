// The kill tests of issue #19: (a) `lapor sla escalate` (the built CLI) SIGKILLed at a seeded point of its
// run, then `lapor bulk resume` until done; (b) the server SIGKILLed at a seeded moment of `lapor sla sweep`
// (escalating by rule and recording breaches), restarted, and swept again until nothing is due. After each:
// every breached case escalated exactly once (none twice, none missed), and in (b) each breach recorded once.
//
// Size: 300 cases a run and 2 seeded runs for (a), 3,000 cases (three sweep chunks) and 1 seeded kill for
// (b), by default (about a minute: (b) starts `lapor serve` twice a kill); LAPOR_LONG_TESTS=1 runs 2,000 / 5 and 10,000 / 3 (CI's long phase keeps within its hour). Every run prints its kill point.

import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/driver.js';
import { startServer } from '../../src/server/main.js';
import { TEST_TOKENS, startTestServer, type TestServer } from '../helpers/server.js';
import {
  buildOnce,
  cleanUp,
  completeLines,
  freshHome,
  journalsIn,
  rng,
  runCli,
  sleep,
  spawnCli,
  until,
} from './bulk-helpers.js';
import { freePort, startServe } from '../helpers/spawn.js';

const LONG = process.env.LAPOR_LONG_TESTS === '1';
const CLI_CASES = LONG ? 2_000 : 300;
const CLI_RUNS = LONG ? 5 : 2;
const SWEEP_CASES = LONG ? 10_000 : 3_000;
const SWEEP_RUNS = LONG ? 3 : 1;
const CHUNK = 50;
const figures: string[] = [];

/**
 * Inserts disposed cases (no follow-up) whose response deadline passed `pastDays` days before `now`:
 * straight rows, as a migration-era import would leave them (their history starts here).
 */
async function seedBreached(db: Db, prefix: string, n: number, now: Date, pastDays: number): Promise<void> {
  await db.query(
    `INSERT INTO cases (tracking_id, classification, title, body, channel, status, institution_id, submitted_at, verified_at,
       disposed_at, verify_due_at, response_due_at, completion_due_at, version, last_event_hash, sla_policy_id, sla_policy_from)
     SELECT $1 || lpad(n::text, 6, '0'), 'complaint', 'Laporan', 'Isi', 'web', 'disposed', 'badung.dinkes',
       $2::timestamptz - make_interval(days => $3 + 10), $2::timestamptz - make_interval(days => $3 + 9),
       $2::timestamptz - make_interval(days => $3 + 9), $2::timestamptz - make_interval(days => $3 + 6),
       $2::timestamptz - make_interval(days => $3), $2::timestamptz + interval '40 days', 2, 'h', 'default', '2000-01-01'
     FROM generate_series(0, $4 - 1) AS n`,
    [prefix, now.toISOString(), pastDays, n],
  );
}

async function escalateCounts(db: Db, prefix: string): Promise<{ cases: number; escalated: number; twice: number; events: number }> {
  const [r] = await db.query<{ cases: number; escalated: number; twice: number; events: number }>(
    `SELECT count(*)::int AS cases, count(escalated_at)::int AS escalated,
       count(*) FILTER (WHERE e.n > 1)::int AS twice, COALESCE(sum(e.n), 0)::int AS events
     FROM cases c LEFT JOIN LATERAL (SELECT count(*)::int AS n FROM case_events WHERE tracking_id = c.tracking_id AND action = 'escalate') e ON true
     WHERE c.tracking_id LIKE $1 || '%'`,
    [prefix],
  );
  return r;
}

beforeAll(() => buildOnce(), 180_000);
afterAll(() => {
  cleanUp();
  if (figures.length > 0) process.stderr.write(`sla kill figures:\n${figures.join('\n')}\n`);
});

describe(`(a) lapor sla escalate killed mid-run: ${CLI_RUNS} seeded runs of ${CLI_CASES} cases`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite', { now: new Date('2024-07-15T03:00:00Z') });
  }, 120_000);
  afterAll(async () => server?.close());

  for (let run = 0; run < CLI_RUNS; run += 1) {
    it(`run ${run}`, async () => {
      const random = rng(1900 + run);
      const prefix = `ESK${run}-`;
      await seedBreached(server.server.db, prefix, CLI_CASES, server.clock.now, 3);
      const home = freshHome({ LAPOR_API_URL: server.url, LAPOR_TOKEN: server.tokens.admin });
      const p = spawnCli(['--lang', 'en', 'sla', 'escalate', '--clock', 'response', '--yes', '--chunk-size', String(CHUNK)], home.env);
      const k = Math.floor(random() * (CLI_CASES - CHUNK));
      await until(() => journalsIn(home.stateDir).length > 0, p.child);
      const journal = journalsIn(home.stateDir)[0];
      await until(() => completeLines(journal) >= 1 + k, p.child);
      const late = p.child.exitCode !== null;
      p.child.kill('SIGKILL');
      await p.exit;
      let resumes = 0;
      for (; resumes < 5; resumes += 1) {
        const r = await runCli(['--lang', 'en', 'bulk', 'resume', journal, '--retry-timeout', '30'], home.env);
        if (r.code === 0) break;
        expect(r.code, r.err).toBe(1);
      }
      const counts = await escalateCounts(server.server.db, prefix);
      figures.push(`  (a) run ${run}: ${CLI_CASES} cases, killed at ≥ ${k} outcomes${late ? ' (too late: finished)' : ''}, ${resumes + 1} resume(s), ${JSON.stringify(counts)}`);
      expect(counts).toEqual({ cases: CLI_CASES, escalated: CLI_CASES, twice: 0, events: CLI_CASES });
    }, 180_000);
  }
});

async function stop(child: ChildProcessWithoutNullStreams): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.kill('SIGKILL');
  await exited;
}

describe(`(b) the server killed during lapor sla sweep: ${SWEEP_RUNS} seeded kills of ${SWEEP_CASES} cases`, () => {
  const home = freshHome();
  const dataDir = join(home.dir, 'server-data');
  let port = 0;
  let token = '';
  let serve: ChildProcessWithoutNullStreams | null = null;

  beforeAll(async () => {
    const seeding = await startServer({ version: 'test', dataDir, port: 0 });
    token = await seeding.store.createToken('kill-test-system', TEST_TOKENS.system.role, null);
    await seeding.close();
    port = await freePort();
  }, 300_000);
  afterAll(async () => {
    if (serve) await stop(serve);
  });

  for (let run = 0; run < SWEEP_RUNS; run += 1) {
    it(`kill ${run}`, async () => {
      const random = rng(2900 + run);
      // this run's cases, while the server is down: the response deadline passed 20 days ago (the default
      // policy escalates 5 working days after it)
      const seeding = await startServer({ version: 'test', dataDir, port: 0 });
      await seedBreached(seeding.db, `SWK${run}-`, SWEEP_CASES, new Date(), 20);
      await seeding.close();
      serve = await startServe(['--port', String(port), '--data-dir', dataDir], home.env);
      const env = { ...home.env, LAPOR_API_URL: `http://127.0.0.1:${port}`, LAPOR_TOKEN: token };
      const sweeper = spawnCli(['--lang', 'en', 'sla', 'sweep', '--format', 'json'], env);
      const delay = 400 + Math.floor(random() * 1500);
      await sleep(delay);
      await stop(serve);
      serve = null;
      const first = await sweeper.exit; // the CLI fails (connection lost) or had finished
      // restarted: sweep until nothing is due (each run's kill may leave work for the next one)
      serve = await startServe(['--port', String(port), '--data-dir', dataDir], home.env);
      let sweeps = 0;
      for (; sweeps < 5; sweeps += 1) {
        const r = await runCli(['--lang', 'en', 'sla', 'sweep', '--format', 'json'], env);
        expect(r.code, r.err).toBe(0);
        if (!r.err.includes('breaches recorded')) break;
      }
      await stop(serve);
      serve = null;
      figures.push(`  (b) kill ${run}: server killed ${delay} ms after the sweep started (its CLI exited ${first.code}), ${sweeps + 1} sweep(s) after the restart`);
    }, 180_000);
  }

  it('every breached case escalated once and each breach recorded once', async () => {
    const check = await startServer({ version: 'test', dataDir, port: 0 });
    try {
      for (let run = 0; run < SWEEP_RUNS; run += 1) {
        const counts = await escalateCounts(check.db, `SWK${run}-`);
        expect(counts, `run ${run}`).toEqual({ cases: SWEEP_CASES, escalated: SWEEP_CASES, twice: 0, events: SWEEP_CASES });
      }
      const [b] = await check.db.query<{ rows: number; keys: number }>(
        `SELECT count(*)::int AS rows, count(DISTINCT (tracking_id, clock, due_at))::int AS keys FROM sla_breaches WHERE clock = 'response'`,
      );
      expect(b).toEqual({ rows: SWEEP_RUNS * SWEEP_CASES, keys: SWEEP_RUNS * SWEEP_CASES });
    } finally {
      await check.close();
    }
  }, 180_000);
});
