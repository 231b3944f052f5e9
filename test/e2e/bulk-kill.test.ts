// The Must-show kill tests: a bulk close of thousands of in_progress cases through the built CLI, killed
// (SIGKILL) at a seeded random point — (a) the CLI, (b) the server — and then `lapor bulk resume` until the
// run is complete. After every run: every case closed (0 lost), exactly one close event per case (0 applied
// twice), and the journal's outcomes agree with the database (every item applied once, at the version the
// database holds).
//
// After every run `lapor audit verify` (the built CLI) must pass too: every event hash-chained, one per
// version, nothing edited, lost or reordered by the kill.
//
// Size: 1,000 cases a run, 5 seeded runs each, by default (the default run stays under 10 minutes); LAPOR_LONG_TESTS=1 runs the benchmark size,
// 10,000 cases a run, 20 seeded runs each. Every run prints its figures (kill point, chunks answered from the idempotency
// store) so that a failing seed can be replayed.

import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/main.js';
import { TEST_TOKENS, call, startTestServer, type TestServer } from '../helpers/server.js';
import {
  buildOnce,
  cleanUp,
  completeLines,
  freshHome,
  journalContent,
  journalsIn,
  rng,
  runCli,
  seedInProgress,
  sleep,
  spawnCli,
  until,
  type Exit,
} from './bulk-helpers.js';
import { freePort, startServe } from '../helpers/spawn.js';

const LONG = process.env.LAPOR_LONG_TESTS === '1';
const CASES = LONG ? 10_000 : 1_000;
const RUNS = LONG ? 20 : 5;
const CHUNK = 200;
const RUN_TIMEOUT = LONG ? 600_000 : 120_000;

/** `lapor audit verify` against the API: exit 0 and the clean summary, or the test fails with its output. */
async function auditPasses(env: Record<string, string>): Promise<void> {
  const r = await runCli(['--lang', 'en', 'audit', 'verify'], env);
  expect(r.code, `${r.out}${r.err}`).toBe(0);
  expect(r.out).toMatch(/^audit trail intact: \d+ cases and \d+ events checked, no problems\npersonal-data export log intact: 0 records checked\n$/);
}

const ids = (run: number) => Array.from({ length: CASES }, (_, i) => `K${run}-${String(i).padStart(5, '0')}`);
const marker = (scenario: string, run: number) => `[${scenario}-run-${String(run).padStart(2, '0')}]`;

interface Figures {
  scenario: string;
  run: number;
  cases: number;
  killedAt: string;
  resumes: number;
  replayedChunks: number;
  lost: number;
  doubled: number;
}
const figures: Figures[] = [];

/** The journal of a run: exactly one per fresh state dir. */
function theJournal(stateDir: string): string {
  const all = journalsIn(stateDir);
  expect(all).toHaveLength(1);
  return all[0];
}

/** Waits until `cond()` or the child exits; polls often, so that the kill lands where it was meant to. */
/** Checks the journal against the database's view: every planned item applied exactly once, at the version held. */
function checkJournal(journal: string, expected: readonly string[], versions: Map<string, number>): { replayedChunks: number } {
  const { items, outcomes } = journalContent(journal);
  expect(items.map((i) => i.trackingId).sort()).toEqual([...expected].sort());
  const first = new Map<number, (typeof outcomes)[number]>();
  for (const o of outcomes) if (!first.has(o.index)) first.set(o.index, o);
  expect(first.size).toBe(expected.length);
  const notApplied = [...first.values()].filter((o) => o.outcome !== 'applied');
  expect(notApplied.slice(0, 3)).toEqual([]);
  for (const o of first.values()) {
    if (o.version !== versions.get(o.trackingId)) throw new Error(`${o.trackingId}: journal version ${o.version}, database ${versions.get(o.trackingId)}`);
  }
  return { replayedChunks: new Set(outcomes.filter((o) => o.replayed).map((o) => o.chunk)).size };
}

/** Resumes until exit 0 (at most `max` times); the first resume may itself be killed at a random point. */
async function resumeUntilDone(journal: string, env: Record<string, string>, random: () => number, killFirst: boolean): Promise<number> {
  let resumes = 0;
  for (let attempt = 0; attempt < 6; attempt += 1) {
    resumes += 1;
    if (attempt === 0 && killFirst) {
      const p = spawnCli(['--lang', 'en', 'bulk', 'resume', journal, '--retry-timeout', '30'], env);
      const lines = completeLines(journal);
      const extra = 1 + Math.floor(random() * 4) * CHUNK;
      await until(() => completeLines(journal) >= lines + extra, p.child);
      p.child.kill('SIGKILL');
      await p.exit;
      continue;
    }
    const r = await runCli(['--lang', 'en', 'bulk', 'resume', journal, '--retry-timeout', '60'], env);
    if (r.code === 0) return resumes;
    if (r.code !== 1) throw new Error(`resume exited ${r.code}: ${r.err}`);
  }
  throw new Error('resume did not finish');
}

beforeAll(() => buildOnce(), 180_000);
afterAll(() => {
  cleanUp();
  const rows = figures.map(
    (f) => `  ${f.scenario} run ${f.run}: ${f.cases} cases, killed ${f.killedAt}, ${f.resumes} resume(s), ${f.replayedChunks} chunk(s) replayed, lost ${f.lost}, doubled ${f.doubled}`,
  );
  if (rows.length > 0) process.stderr.write(`bulk kill figures:\n${rows.join('\n')}\n`);
});

describe(`(a) the CLI killed mid-run: ${RUNS} seeded runs of ${CASES} cases`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  for (let run = 0; run < RUNS; run += 1) {
    it(
      `run ${run}`,
      async () => {
        const random = rng(1000 + run);
        const title = `Lampu jalan ${marker('cli', run)}`;
        const mine = ids(run).map((id) => `A${id}`);
        await seedInProgress(server.server.db, server.server.store, mine, { institution: 'badung.dinkes', title });
        const home = freshHome({ LAPOR_API_URL: server.url, LAPOR_TOKEN: server.tokens.admin });

        const p = spawnCli(
          ['--lang', 'en', 'cases', 'close', '--where', 'status=in_progress', '--where', `q=${marker('cli', run)}`, '--yes', '--chunk-size', String(CHUNK)],
          home.env,
        );
        // kill point: once K outcomes are journalled (K uniform over all but the last chunk), or a random
        // delay once the journal exists
        const byLines = random() < 0.6;
        const k = Math.floor(random() * (CASES - CHUNK));
        const delay = Math.floor(random() * 400);
        await until(() => journalsIn(home.stateDir).length > 0, p.child);
        let killedAt: string;
        const journal0 = journalsIn(home.stateDir)[0];
        if (byLines) {
          await until(() => completeLines(journal0) >= 1 + k, p.child);
          killedAt = `at ≥ ${k} outcomes`;
        } else {
          await sleep(delay);
          killedAt = `${delay} ms after the journal appeared`;
        }
        const done = p.child.exitCode !== null;
        p.child.kill('SIGKILL');
        killedAt += ` (${Math.max(0, completeLines(journal0) - 1)} journalled)`;
        const exit: Exit = await p.exit;
        if (done) killedAt += ' (too late: the run had finished)';
        else expect(exit.signal).toBe('SIGKILL');

        // a CLI that ended before writing its journal failed on its own: show why
        expect(journalsIn(home.stateDir).length, `no journal; the CLI exited ${exit.code ?? exit.signal}:\n${exit.err}`).toBe(1);
        const journal = theJournal(home.stateDir);
        const resumes = await resumeUntilDone(journal, home.env, random, random() < 0.3);

        // the database: every case completed, exactly one close event each
        const rows = await server.server.db.query<{ tracking_id: string; status: string; version: number; closes: number }>(
          `SELECT c.tracking_id, c.status, c.version,
                  (SELECT count(*)::int FROM case_events e WHERE e.tracking_id = c.tracking_id AND e.action = 'close') AS closes
             FROM cases c WHERE c.tracking_id = ANY($1::text[])`,
          [mine],
        );
        expect(rows).toHaveLength(CASES);
        const lost = rows.filter((r) => r.status !== 'completed' || r.closes === 0).length;
        const doubled = rows.filter((r) => r.closes > 1).length;
        const { replayedChunks } = checkJournal(journal, mine, new Map(rows.map((r) => [r.tracking_id, Number(r.version)])));
        figures.push({ scenario: '(a) CLI killed', run, cases: CASES, killedAt, resumes, replayedChunks, lost, doubled });
        expect(lost).toBe(0);
        expect(doubled).toBe(0);
        expect(rows.every((r) => Number(r.version) === 4)).toBe(true); // submit, dispose, respond, close
        await auditPasses(home.env);
      },
      RUN_TIMEOUT,
    );
  }
});

async function stop(child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.kill(signal);
  await exited;
}

describe(`(b) the server killed mid-run and restarted: ${RUNS} seeded runs of ${CASES} cases`, () => {
  const home = freshHome();
  const dataDir = join(home.dir, 'server-data');
  let port = 0;
  let url = '';
  let token = '';
  let serve: ChildProcessWithoutNullStreams | null = null;
  const journals: { run: number; journal: string; ids: string[] }[] = [];

  beforeAll(async () => {
    // seed every run's cases while the server is down, straight through the store, then serve the data dir
    const seeding = await startServer({ version: 'test', dataDir, port: 0 });
    // not named 'admin': that token is the data dir's own, which serve heals from <data dir>/admin-token
    token = await seeding.store.createToken('kill-test-admin', TEST_TOKENS.admin.role, null);
    for (let run = 0; run < RUNS; run += 1) {
      await seedInProgress(seeding.db, seeding.store, ids(run).map((id) => `B${id}`), {
        institution: 'denpasar.dinkes',
        title: `Lampu jalan ${marker('srv', run)}`,
      });
    }
    await seeding.close();
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    serve = await startServe(['--port', String(port), '--data-dir', dataDir], home.env);
  }, 300_000);

  afterAll(async () => {
    if (serve) await stop(serve, 'SIGKILL');
  });

  const api = <T>(path: string) => call<T>(url, 'GET', path, { token });

  for (let run = 0; run < RUNS; run += 1) {
    it(
      `run ${run}`,
      async () => {
        const random = rng(2000 + run);
        const mine = ids(run).map((id) => `B${id}`);
        const runHome = freshHome({ LAPOR_API_URL: url, LAPOR_TOKEN: token });
        // fast: the server is back within the CLI's retries, and the run finishes by itself;
        // slow: the CLI gives up first (exit 1, "resume with …"), the server comes back, then resume
        const fast = random() < 0.5;
        const p = spawnCli(
          [
            '--lang', 'en', 'cases', 'close', '--where', 'status=in_progress', '--where', `q=${marker('srv', run)}`,
            '--yes', '--chunk-size', String(CHUNK), '--retry-timeout', fast ? '120' : '1',
          ],
          runHome.env,
        );
        const k = Math.floor(random() * (CASES - CHUNK));
        const extra = Math.floor(random() * 60);
        await until(() => journalsIn(runHome.stateDir).length > 0, p.child);
        const journal = journalsIn(runHome.stateDir)[0];
        await until(() => completeLines(journal) >= 1 + k, p.child);
        await sleep(extra); // into the next chunks, mid-request
        await stop(serve!, 'SIGKILL');
        serve = null;
        const journalled = completeLines(journal) - 1;
        let cliExit: Exit;
        if (fast) {
          serve = await startServe(['--port', String(port), '--data-dir', dataDir], home.env);
          cliExit = await p.exit;
        } else {
          cliExit = await p.exit;
          serve = await startServe(['--port', String(port), '--data-dir', dataDir], home.env);
        }
        const finishedAlone = cliExit.code === 0;
        if (!finishedAlone) {
          expect(cliExit.code, cliExit.err).toBe(1);
          expect(cliExit.err).toContain(`resume with: lapor bulk resume ${journal}`);
        }
        const resumes = await resumeUntilDone(journal, runHome.env, random, false);

        const open = await api<{ items: unknown[] }>(`/v1/cases?status=in_progress&q=${encodeURIComponent(marker('srv', run))}&limit=10`);
        expect(open.body.items).toHaveLength(0);
        await auditPasses(runHome.env);
        journals.push({ run, journal, ids: mine });
        figures.push({
          scenario: '(b) server killed',
          run,
          cases: CASES,
          killedAt: `at ${journalled} journalled outcomes + ${extra} ms, ${fast ? 'back within the retries' : 'back after the CLI gave up'}${finishedAlone ? ', CLI finished alone' : ''}`,
          resumes,
          replayedChunks: 0,
          lost: -1,
          doubled: -1,
        });
      },
      RUN_TIMEOUT,
    );
  }

  it(
    'the database agrees: every case closed once, and every journal outcome matches it',
    async () => {
      expect(journals).toHaveLength(RUNS);
      await stop(serve!, 'SIGTERM');
      serve = null;
      const check = await startServer({ version: 'test', dataDir, port: 0 });
      try {
        for (const { run, journal, ids: mine } of journals) {
          const rows = await check.db.query<{ tracking_id: string; status: string; version: number; closes: number }>(
            `SELECT c.tracking_id, c.status, c.version,
                    (SELECT count(*)::int FROM case_events e WHERE e.tracking_id = c.tracking_id AND e.action = 'close') AS closes
               FROM cases c WHERE c.tracking_id = ANY($1::text[])`,
            [mine],
          );
          expect(rows).toHaveLength(CASES);
          const lost = rows.filter((r) => r.status !== 'completed' || r.closes === 0).length;
          const doubled = rows.filter((r) => r.closes > 1).length;
          const { replayedChunks } = checkJournal(journal, mine, new Map(rows.map((r) => [r.tracking_id, Number(r.version)])));
          const f = figures.find((x) => x.scenario === '(b) server killed' && x.run === run)!;
          Object.assign(f, { lost, doubled, replayedChunks });
          expect(lost, `run ${run}`).toBe(0);
          expect(doubled, `run ${run}`).toBe(0);
        }
      } finally {
        await check.close();
      }
    },
    RUN_TIMEOUT,
  );
});
