// Issue #20 "Must show": bulk respond (from an answer template, each case its own text) and bulk approve pass
// the kill-and-resume test of bulk close (bulk-kill.test.ts): the built CLI is killed (SIGKILL) at a seeded
// random point, then `lapor bulk resume` runs until the run is complete. After every run: every case acted on
// (0 lost), exactly one new event each (0 doubled), the journal's outcomes agree with the database, and
// `lapor audit verify` passes.
//
// Two ways to die, as for bulk close: (a) the CLI killed, (b) the server killed mid-run and restarted on its
// data dir (the CLI rides it out within its retries, or gives up and is resumed).
//
// Size: (a) 300 cases a run, 2 seeded runs per verb, (b) one run per verb, by default (about 30 s in all);
// LAPOR_LONG_TESTS=1: 2,000 cases, 3 runs per verb. Each run prints its figures so that a failing seed can be
// replayed.

import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/main.js';
import type { Db } from '../../src/server/db/driver.js';
import { createTemplate } from '../../src/server/templates.js';
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
  seedInProgress,
  sleep,
  spawnCli,
  until,
  type Exit,
} from './bulk-helpers.js';

const LONG = process.env.LAPOR_LONG_TESTS === '1';
const CASES = LONG ? 2_000 : 300;
const RUNS = LONG ? 3 : 2;
const CHUNK = LONG ? 200 : 25;
const RUN_TIMEOUT = LONG ? 600_000 : 120_000;

const figures: string[] = [];

async function resumeUntilDone(journal: string, env: Record<string, string>): Promise<number> {
  for (let attempt = 1; attempt <= 6; attempt += 1) {
    const r = await runCli(['--lang', 'en', 'bulk', 'resume', journal, '--retry-timeout', '60'], env);
    if (r.code === 0) return attempt;
    if (r.code !== 1) throw new Error(`resume exited ${r.code}: ${r.err}`);
  }
  throw new Error('resume did not finish');
}

interface Verb {
  name: 'respond' | 'approve';
  /** The command line of the run for the cases marked `marker`. */
  args(marker: string): string[];
  /** Prepares seeded in_progress cases. */
  prepare(db: Db, ids: readonly string[]): Promise<void>;
  /** The new events that must exist exactly once per case. */
  counted: string;
}

const VERBS: Verb[] = [
  {
    name: 'respond',
    args: (marker) => ['cases', 'respond', '--where', 'status=in_progress', '--where', `q=${marker}`, '--template', 'kill-terima'],
    prepare: async () => {},
    // the templated follow-up names its own case: one each, never another case's text
    counted: `e.action = 'respond' AND e.note = 'Laporan ' || c.tracking_id || ' diterima.'`,
  },
  {
    name: 'approve',
    args: (marker) => ['cases', 'approve', '--where', 'draft=pending', '--where', `q=${marker}`],
    prepare: async (db, ids) => {
      await db.query(
        "UPDATE cases SET draft_message = 'Draf ' || tracking_id, draft_by = 'penghubung', draft_at = now() WHERE tracking_id = ANY($1::text[])",
        [ids],
      );
    },
    counted: `e.action = 'approve' AND e.note = 'Draf ' || c.tracking_id`,
  },
];

const ADMIN = { name: 'admin', role: 'national_admin', institutionId: null } as const;
const TEMPLATE = { name: 'kill-terima', institutionId: null, body: 'Laporan {{nomor}} diterima.' };

/** The cases of a run whose verb's event is missing (lost) or there twice (doubled), and their versions. */
async function tally(db: Db, verb: Verb, ids: readonly string[]): Promise<{ lost: number; doubled: number; versions: Map<string, number> }> {
  const rows = await db.query<{ tracking_id: string; version: number; n: number; draft: boolean }>(
    `SELECT c.tracking_id, c.version, c.draft_at IS NOT NULL AS draft,
            (SELECT count(*)::int FROM case_events e WHERE e.tracking_id = c.tracking_id AND ${verb.counted}) AS n
       FROM cases c WHERE c.tracking_id = ANY($1::text[])`,
    [ids],
  );
  expect(rows).toHaveLength(ids.length);
  return {
    lost: rows.filter((r) => r.n === 0 || r.draft).length,
    doubled: rows.filter((r) => r.n > 1).length,
    versions: new Map(rows.map((r) => [r.tracking_id, Number(r.version)])),
  };
}

let ts: TestServer;
beforeAll(async () => {
  buildOnce();
  ts = await startTestServer('pglite');
  await createTemplate(ts.server.db, ADMIN, TEMPLATE);
}, 180_000);
afterAll(async () => {
  cleanUp();
  await ts?.close();
  if (figures.length > 0) process.stderr.write(`bulk respond/approve kill figures:\n${figures.join('\n')}\n`);
});

describe.each(VERBS)(`bulk $name killed mid-run and resumed: ${RUNS} seeded runs of ${CASES} cases`, (verb) => {
  for (let run = 0; run < RUNS; run += 1) {
    it(
      `run ${run}`,
      async () => {
        const random = rng(3000 + run + (verb.name === 'approve' ? 100 : 0));
        const marker = `[kill-${verb.name}-${run}]`;
        const mine = Array.from({ length: CASES }, (_, i) => `R${verb.name[0]}${run}-${String(i).padStart(5, '0')}`);
        await seedInProgress(ts.server.db, ts.server.store, mine, { institution: 'badung.dinkes', title: `Lampu jalan ${marker}` });
        await verb.prepare(ts.server.db, mine);
        const home = freshHome({ LAPOR_API_URL: ts.url, LAPOR_TOKEN: ts.tokens.admin });

        const p = spawnCli(['--lang', 'en', ...verb.args(marker), '--yes', '--chunk-size', String(CHUNK)], home.env);
        await until(() => journalsIn(home.stateDir).length > 0, p.child);
        const journal = journalsIn(home.stateDir)[0];
        const k = Math.floor(random() * (CASES - CHUNK));
        let killedAt: string;
        if (random() < 0.6) {
          await until(() => completeLines(journal) >= 1 + k, p.child);
          killedAt = `at ≥ ${k} outcomes`;
        } else {
          const delay = Math.floor(random() * 300);
          await sleep(delay);
          killedAt = `${delay} ms after the journal appeared`;
        }
        const done = p.child.exitCode !== null;
        p.child.kill('SIGKILL');
        const exit: Exit = await p.exit;
        killedAt += ` (${Math.max(0, completeLines(journal) - 1)} journalled)${done ? ' (too late: the run had finished)' : ''}`;
        if (!done) expect(exit.signal).toBe('SIGKILL');
        const resumes = await resumeUntilDone(journal, home.env);

        const rows = await ts.server.db.query<{ tracking_id: string; version: number; n: number; draft: boolean }>(
          `SELECT c.tracking_id, c.version, c.draft_at IS NOT NULL AS draft,
                  (SELECT count(*)::int FROM case_events e WHERE e.tracking_id = c.tracking_id AND ${verb.counted}) AS n
             FROM cases c WHERE c.tracking_id = ANY($1::text[])`,
          [mine],
        );
        expect(rows).toHaveLength(CASES);
        const lost = rows.filter((r) => r.n === 0 || r.draft).length;
        const doubled = rows.filter((r) => r.n > 1).length;
        // the journal: every planned item has exactly one first outcome, applied, at the version the database holds
        const { items, outcomes } = journalContent(journal);
        expect(items.map((i) => i.trackingId).sort()).toEqual([...mine].sort());
        const first = new Map<number, (typeof outcomes)[number]>();
        for (const o of outcomes) if (!first.has(o.index)) first.set(o.index, o);
        expect(first.size).toBe(CASES);
        const versions = new Map(rows.map((r) => [r.tracking_id, Number(r.version)]));
        const disagree = [...first.values()].filter((o) => o.outcome !== 'applied' || o.version !== versions.get(o.trackingId));
        const replayed = new Set(outcomes.filter((o) => o.replayed).map((o) => o.chunk)).size;
        figures.push(`  ${verb.name} run ${run}: ${CASES} cases, killed ${killedAt}, ${resumes} resume(s), ${replayed} chunk(s) replayed, lost ${lost}, doubled ${doubled}`);
        expect(disagree.slice(0, 3)).toEqual([]);
        expect(lost).toBe(0);
        expect(doubled).toBe(0);
        expect(rows.every((r) => Number(r.version) === 4)).toBe(true); // submit, dispose, respond, then this verb's one event

        const audit = await runCli(['--lang', 'en', 'audit', 'verify'], home.env);
        expect(audit.code, `${audit.out}${audit.err}`).toBe(0);
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

describe(`the server killed mid-run and restarted: ${RUNS > 2 ? RUNS : 1} run(s) of ${CASES} cases per verb`, () => {
  const home = freshHome();
  const dataDir = join(home.dir, 'server-data');
  const runs = RUNS > 2 ? RUNS : 1;
  let url = '';
  let port = 0;
  let token = '';
  let serve: ChildProcessWithoutNullStreams | null = null;
  const done: { verb: Verb; ids: string[]; journal: string; run: number }[] = [];

  beforeAll(async () => {
    const seeding = await startServer({ version: 'test', dataDir, port: 0 });
    token = await seeding.store.createToken('kill-replies-admin', TEST_TOKENS.admin.role, null);
    await createTemplate(seeding.db, ADMIN, TEMPLATE);
    for (const verb of VERBS) {
      for (let run = 0; run < runs; run += 1) {
        const ids = Array.from({ length: CASES }, (_, i) => `S${verb.name[0]}${run}-${String(i).padStart(5, '0')}`);
        await seedInProgress(seeding.db, seeding.store, ids, { institution: 'denpasar.dinkes', title: `Lampu jalan [srv-${verb.name}-${run}]` });
        await verb.prepare(seeding.db, ids);
      }
    }
    await seeding.close();
    port = await freePort();
    url = `http://127.0.0.1:${port}`;
    serve = await startServe(['--port', String(port), '--data-dir', dataDir], home.env);
  }, 300_000);
  afterAll(async () => {
    if (serve) await stop(serve, 'SIGKILL');
  });

  for (const verb of VERBS) {
    for (let run = 0; run < runs; run += 1) {
      it(
        `${verb.name} run ${run}`,
        async () => {
          const random = rng(4000 + run + (verb.name === 'approve' ? 100 : 0));
          const runHome = freshHome({ LAPOR_API_URL: url, LAPOR_TOKEN: token });
          const fast = random() < 0.5;
          const p = spawnCli(
            ['--lang', 'en', ...verb.args(`[srv-${verb.name}-${run}]`), '--yes', '--chunk-size', String(CHUNK), '--retry-timeout', fast ? '120' : '1'],
            runHome.env,
          );
          await until(() => journalsIn(runHome.stateDir).length > 0, p.child);
          const journal = journalsIn(runHome.stateDir)[0];
          // in the first half of the run, so that the server dies while cases are still to be sent
          const k = Math.floor(random() * (CASES / 2));
          await until(() => completeLines(journal) >= 1 + k, p.child);
          await sleep(Math.floor(random() * 40));
          await stop(serve!, 'SIGKILL');
          serve = null;
          const journalled = completeLines(journal) - 1;
          expect(journalled, 'the server was killed after the run had ended').toBeLessThan(CASES);
          let cliExit: Exit;
          if (fast) {
            serve = await startServe(['--port', String(port), '--data-dir', dataDir], home.env);
            cliExit = await p.exit;
          } else {
            cliExit = await p.exit;
            serve = await startServe(['--port', String(port), '--data-dir', dataDir], home.env);
          }
          if (cliExit.code !== 0) expect(cliExit.code, cliExit.err).toBe(1);
          const resumes = cliExit.code === 0 ? 0 : await resumeUntilDone(journal, runHome.env);
          figures.push(`  ${verb.name} server killed at ${journalled} journalled outcomes, ${fast ? 'back within the retries' : 'back after the CLI gave up'}, ${resumes} resume(s)`);
          done.push({ verb, ids: Array.from({ length: CASES }, (_, i) => `S${verb.name[0]}${run}-${String(i).padStart(5, '0')}`), journal, run });
        },
        RUN_TIMEOUT,
      );
    }
  }

  it(
    'the database agrees: every case acted on once, and every journal outcome matches it',
    async () => {
      expect(done).toHaveLength(VERBS.length * runs);
      await stop(serve!, 'SIGTERM');
      serve = null;
      const check = await startServer({ version: 'test', dataDir, port: 0 });
      try {
        for (const { verb, ids, journal, run } of done) {
          const { lost, doubled, versions } = await tally(check.db, verb, ids);
          const { outcomes } = journalContent(journal);
          const first = new Map<number, (typeof outcomes)[number]>();
          for (const o of outcomes) if (!first.has(o.index)) first.set(o.index, o);
          expect(first.size, `${verb.name} run ${run}`).toBe(ids.length);
          const disagree = [...first.values()].filter((o) => o.outcome !== 'applied' || o.version !== versions.get(o.trackingId));
          expect(disagree.slice(0, 3), `${verb.name} run ${run}`).toEqual([]);
          figures.push(`  ${verb.name} server-kill run ${run}: lost ${lost}, doubled ${doubled}`);
          expect(lost, `${verb.name} run ${run}`).toBe(0);
          expect(doubled, `${verb.name} run ${run}`).toBe(0);
        }
      } finally {
        await check.close();
      }
    },
    RUN_TIMEOUT,
  );
});
