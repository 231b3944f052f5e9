// Issue #20 "Must show": bulk duplicate passes the kill-and-resume test of bulk close (test/e2e/bulk-kill.test.ts):
// `lapor cases duplicate --where … --of ORIGINAL` through the built CLI, killed (SIGKILL) at a seeded random
// point — (a) the CLI, (b) the server — then `lapor bulk resume` until done. After every run: every case archived
// as a duplicate of the original with exactly one duplicate event and one link (0 lost, 0 doubled), the
// original untouched, the journal in agreement with the database, and `lapor audit verify` clean.
//
// Size: (a) 2 runs of 200 cases and (b) 1 run of 200 by default; LAPOR_LONG_TESTS=1: 3 runs of 2,000 cases each.

import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../src/server/db/driver.js';
import { startServer } from '../../src/server/main.js';
import type { Store } from '../../src/server/store.js';
import type { Actor } from '../../src/domain/types.js';
import { TEST_TOKENS, startTestServer, type TestServer } from '../helpers/server.js';
import { freePort, startServe } from '../helpers/spawn.js';
import {
  buildOnce,
  cleanUp,
  completeLines,
  freshHome,
  journalContent,
  journalsIn,
  rng,
  runCli,
  spawnCli,
  until,
} from '../e2e/bulk-helpers.js';

const LONG = process.env.LAPOR_LONG_TESTS === '1';
const CASES = LONG ? 2_000 : 200;
const RUNS_A = LONG ? 3 : 2;
const RUNS_B = LONG ? 3 : 1;
const CHUNK = 50;
const RUN_TIMEOUT = LONG ? 600_000 : 120_000;
const SEEDER: Actor = { name: 'seeder', role: 'national_admin', institutionId: null };

type Db = Queryable & { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> };

/** The original (disposed, open) and `ids` as submitted cases whose title carries `marker`. */
async function seed(db: Db, store: Store, original: string, ids: readonly string[], marker: string): Promise<void> {
  await db.transaction(async (tx) => {
    const body = { classification: 'complaint' as const, body: 'Lampu jalan mati sejak sepekan.', channel: 'web', anonymous: false, confidential: false };
    await store.createCase(tx, { ...body, trackingId: original, title: 'Lampu jalan mati di Jl. Gatot Subroto' }, SEEDER, 'seed');
    for (const id of ids) await store.createCase(tx, { ...body, trackingId: id, title: `Lampu jalan mati ${marker}` }, SEEDER, 'seed');
  });
  const { results } = await db.transaction((tx) => store.applyBatch(tx, [{ trackingId: original, version: 1, action: 'dispose', institutionId: 'badung.dinkes' }], SEEDER, 'seed'));
  expect(results[0].outcome).toBe('applied');
}

async function resumeUntilDone(journal: string, env: Record<string, string>): Promise<number> {
  for (let attempt = 1; attempt <= 6; attempt += 1) {
    const r = await runCli(['--lang', 'en', 'bulk', 'resume', journal, '--retry-timeout', '60'], env);
    if (r.code === 0) return attempt;
    if (r.code !== 1) throw new Error(`resume exited ${r.code}: ${r.err}`);
  }
  throw new Error('resume did not finish');
}

/** 0 lost, 0 doubled, the original untouched, every journal outcome applied once at the version the database holds. */
async function check(db: Queryable, original: string, mine: readonly string[], journal: string): Promise<{ lost: number; doubled: number }> {
  const rows = await db.query<{ tracking_id: string; status: string; archive_reason: string | null; version: number; dups: number; link: string | null }>(
    `SELECT c.tracking_id, c.status, c.archive_reason, c.version,
            (SELECT count(*)::int FROM case_events e WHERE e.tracking_id = c.tracking_id AND e.action = 'duplicate') AS dups,
            (SELECT l.original_id FROM case_links l WHERE l.tracking_id = c.tracking_id) AS link
       FROM cases c WHERE c.tracking_id = ANY($1::text[])`,
    [mine],
  );
  expect(rows).toHaveLength(mine.length);
  const lost = rows.filter((r) => r.status !== 'archived' || r.archive_reason !== 'duplicate' || r.dups === 0 || r.link !== original).length;
  const doubled = rows.filter((r) => r.dups > 1).length;
  const [orig] = await db.query<{ version: number; n: number }>(
    'SELECT version, (SELECT count(*)::int FROM case_links WHERE original_id = $1) AS n FROM cases WHERE tracking_id = $1',
    [original],
  );
  expect(Number(orig.version)).toBe(2); // submit, dispose: linking writes nothing on the original
  expect(orig.n).toBe(mine.length);
  const { items, outcomes } = journalContent(journal);
  expect(items.map((i) => i.trackingId).sort()).toEqual([...mine].sort());
  const first = new Map<number, (typeof outcomes)[number]>();
  for (const o of outcomes) if (!first.has(o.index)) first.set(o.index, o);
  expect(first.size).toBe(mine.length);
  const versions = new Map(rows.map((r) => [r.tracking_id, Number(r.version)]));
  for (const o of first.values()) {
    expect(o.outcome, o.trackingId).toBe('applied');
    expect(o.version, o.trackingId).toBe(versions.get(o.trackingId));
  }
  return { lost, doubled };
}

async function auditPasses(env: Record<string, string>): Promise<void> {
  const r = await runCli(['--lang', 'en', 'audit', 'verify'], env);
  expect(r.code, `${r.out}${r.err}`).toBe(0);
}

const figures: string[] = [];
beforeAll(() => buildOnce(), 180_000);
afterAll(() => {
  cleanUp();
  if (figures.length > 0) process.stderr.write(`bulk duplicate kill figures:\n${figures.join('\n')}\n`);
});

const idsOf = (prefix: string, run: number) => Array.from({ length: CASES }, (_, i) => `${prefix}${run}-${String(i).padStart(5, '0')}`);
const duplicateArgs = (marker: string, original: string, extra: string[] = []) => [
  '--lang', 'en', 'cases', 'duplicate', '--where', 'status=submitted', '--where', `q=${marker}`, '--of', original, '--yes', '--chunk-size', String(CHUNK), ...extra,
];

describe(`(a) the CLI killed mid-run: ${RUNS_A} seeded runs of ${CASES} cases`, () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  }, 120_000);
  afterAll(async () => {
    await server?.close();
  });

  for (let run = 0; run < RUNS_A; run += 1) {
    it(`run ${run}`, async () => {
      const random = rng(3000 + run);
      const marker = `[dup-cli-${run}]`;
      const original = `DKA-ORIG-${run}`;
      const mine = idsOf('DKA', run);
      await seed(server.server.db, server.server.store, original, mine, marker);
      const home = freshHome({ LAPOR_API_URL: server.url, LAPOR_TOKEN: server.tokens.admin });
      const p = spawnCli(duplicateArgs(marker, original), home.env);
      const k = Math.floor(random() * (CASES - CHUNK));
      await until(() => journalsIn(home.stateDir).length > 0, p.child);
      const journal = journalsIn(home.stateDir)[0];
      if (journal === undefined) throw new Error(`no journal; the CLI said: ${(await p.exit).err}`);
      await until(() => completeLines(journal) >= 1 + k, p.child);
      p.child.kill('SIGKILL');
      const exit = await p.exit;
      const journalled = Math.max(0, completeLines(journal) - 1);
      const resumes = exit.code === 0 ? 0 : await resumeUntilDone(journal, home.env);
      const { lost, doubled } = await check(server.server.db, original, mine, journal);
      figures.push(`  (a) CLI killed run ${run}: ${CASES} cases, killed at ${journalled} journalled outcomes, ${resumes} resume(s), lost ${lost}, doubled ${doubled}`);
      expect(lost).toBe(0);
      expect(doubled).toBe(0);
      await auditPasses(home.env);
    }, RUN_TIMEOUT);
  }
});

async function stop(child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.kill(signal);
  await exited;
}

describe(`(b) the server killed mid-run and restarted: ${RUNS_B} seeded runs of ${CASES} cases`, () => {
  const home = freshHome();
  const dataDir = join(home.dir, 'server-data');
  let port = 0;
  let url = '';
  let token = '';
  let serve: ChildProcessWithoutNullStreams | null = null;

  beforeAll(async () => {
    const seeding = await startServer({ version: 'test', dataDir, port: 0 });
    token = await seeding.store.createToken('dup-kill-admin', TEST_TOKENS.admin.role, null);
    for (let run = 0; run < RUNS_B; run += 1) await seed(seeding.db, seeding.store, `DKB-ORIG-${run}`, idsOf('DKB', run), `[dup-srv-${run}]`);
    await seeding.close();
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    serve = await startServe(['--port', String(port), '--data-dir', dataDir], home.env);
  }, 300_000);
  afterAll(async () => {
    if (serve) await stop(serve, 'SIGKILL');
  });

  for (let run = 0; run < RUNS_B; run += 1) {
    it(`run ${run}`, async () => {
      const random = rng(4000 + run);
      const original = `DKB-ORIG-${run}`;
      const mine = idsOf('DKB', run);
      const runHome = freshHome({ LAPOR_API_URL: url, LAPOR_TOKEN: token });
      const p = spawnCli(duplicateArgs(`[dup-srv-${run}]`, original, ['--retry-timeout', '1']), runHome.env);
      const k = Math.floor(random() * (CASES - CHUNK));
      await until(() => journalsIn(runHome.stateDir).length > 0, p.child);
      const journal = journalsIn(runHome.stateDir)[0];
      await until(() => completeLines(journal) >= 1 + k, p.child);
      await stop(serve!, 'SIGKILL');
      serve = null;
      const journalled = completeLines(journal) - 1;
      const cliExit = await p.exit;
      serve = await startServe(['--port', String(port), '--data-dir', dataDir], home.env);
      const resumes = cliExit.code === 0 ? 0 : await resumeUntilDone(journal, runHome.env);
      await auditPasses(runHome.env);
      // the database through a server of its own once the served one stops
      await stop(serve, 'SIGTERM');
      serve = null;
      const checker = await startServer({ version: 'test', dataDir, port: 0 });
      try {
        const { lost, doubled } = await check(checker.db, original, mine, journal);
        figures.push(`  (b) server killed run ${run}: ${CASES} cases, killed at ${journalled} journalled outcomes, ${resumes} resume(s), lost ${lost}, doubled ${doubled}`);
        expect(lost).toBe(0);
        expect(doubled).toBe(0);
      } finally {
        await checker.close();
        if (run + 1 < RUNS_B) serve = await startServe(['--port', String(port), '--data-dir', dataDir], home.env);
      }
    }, RUN_TIMEOUT);
  }
});
