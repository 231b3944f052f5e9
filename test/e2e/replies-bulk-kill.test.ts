// Issue #20 "Must show": bulk respond (from an answer template, each case its own text) and bulk approve pass
// the kill-and-resume test of bulk close (bulk-kill.test.ts): the built CLI is killed (SIGKILL) at a seeded
// random point, then `lapor bulk resume` runs until the run is complete. After every run: every case acted on
// (0 lost), exactly one new event each (0 doubled), the journal's outcomes agree with the database, and
// `lapor audit verify` passes.
//
// Size: 300 cases a run, 2 seeded runs per verb by default (about 20 s); LAPOR_LONG_TESTS=1: 5,000 cases,
// 5 runs per verb. Each run prints its figures so that a failing seed can be replayed.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTemplate } from '../../src/server/templates.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
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
  type Exit,
} from './bulk-helpers.js';

const LONG = process.env.LAPOR_LONG_TESTS === '1';
const CASES = LONG ? 5_000 : 300;
const RUNS = LONG ? 5 : 2;
const CHUNK = LONG ? 200 : 50;
const RUN_TIMEOUT = LONG ? 600_000 : 120_000;

const figures: string[] = [];

async function until(cond: () => boolean, child: { exitCode: number | null }, timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (cond()) return true;
    if (child.exitCode !== null) return false;
    await sleep(3);
  }
  throw new Error('timed out waiting');
}

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
  prepare(ts: TestServer, ids: readonly string[]): Promise<void>;
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
    prepare: async (ts, ids) => {
      await ts.server.db.query(
        "UPDATE cases SET draft_message = 'Draf ' || tracking_id, draft_by = 'penghubung', draft_at = now() WHERE tracking_id = ANY($1::text[])",
        [ids],
      );
    },
    counted: `e.action = 'approve' AND e.note = 'Draf ' || c.tracking_id`,
  },
];

let ts: TestServer;
beforeAll(async () => {
  buildOnce();
  ts = await startTestServer('pglite');
  await createTemplate(ts.server.db, { name: 'admin', role: 'national_admin', institutionId: null }, { name: 'kill-terima', institutionId: null, body: 'Laporan {{nomor}} diterima.' });
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
        await verb.prepare(ts, mine);
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
