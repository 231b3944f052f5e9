// A report never waits for a writer: the rollups' refresh does not queue behind a transaction that is
// appending events (an import holds one for minutes), and it stays exact: an event with a smaller id that
// commits after a report is still counted by the next one. PostgreSQL only (PGlite has one connection, so
// no writer is ever in flight while a report runs).

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_CLOCKS } from '../../src/domain/types.js';
import { seedCases } from '../../src/server/seed/load.js';
import { BACKENDS, startTestServer, type TestServer } from '../helpers/server.js';
import { act, annual, expectReportEquals } from './helpers.js';
import { loadRaw, recompute } from './recompute.js';

const NOW = '2024-07-15T03:00:00.000Z'; // Monday 11:00 WITA
const postgres = BACKENDS.filter((b) => b === 'postgres');

describe.each(postgres)('stats refresh beside a writer in flight (%s)', (backend) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(backend, { now: new Date(NOW) });
    await seedCases(server.server.db, { count: 400, years: [2024, 2024], seed: 11, now: NOW });
  }, 120_000);
  afterAll(async () => server?.close());

  const check = async () => {
    const report = await annual(server, 'year=2024');
    const raw = await loadRaw(server.server.db, DEFAULT_CLOCKS.utcOffsetMinutes);
    expectReportEquals(report, recompute(raw, DEFAULT_CLOCKS, 2024, server.clock.now.toISOString(), null));
    return report;
  };

  test('a report answers while a writer holds a smaller event id, and counts its event once it commits', async () => {
    const db = server.server.db;
    await check();
    const pick = async (classification: string, status: string) =>
      (await db.query<{ tracking_id: string; status: string; institution_id: string | null }>(
        `SELECT tracking_id, status, institution_id FROM cases WHERE classification = $1 AND status = $2 ORDER BY tracking_id LIMIT 1`,
        [classification, status],
      ))[0];
    const slow = await pick('complaint', 'disposed');
    const fast = (await pick('complaint', 'submitted')).tracking_id;

    let commit!: () => void;
    const released = new Promise<void>((resolve) => (commit = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    // the writer: takes its event id first, then waits (as an import between its first and last row)
    const writer = db.transaction(async (tx) => {
      const [{ seq }] = await tx.query<{ seq: number }>('SELECT max(seq)::int AS seq FROM case_events WHERE tracking_id = $1', [slow.tracking_id]);
      await tx.query(`UPDATE cases SET classification = 'aspiration', version = version + 1 WHERE tracking_id = $1`, [slow.tracking_id]);
      await tx.query(
        `INSERT INTO case_events (tracking_id, seq, at, actor, role, action, from_status, to_status, from_institution, to_institution, prev_hash, hash)
         VALUES ($1, $2, $3, 'uji', 'national_admin', 'edit', $4, $4, $5, $5, 'uji', 'uji')`,
        [slow.tracking_id, seq + 1, NOW, slow.status, slow.institution_id],
      );
      holding();
      await released;
    });
    await held;
    try {
      // another writer commits an event with a larger id; the report reflects it without waiting
      await act(server, fast, { action: 'archive', reason: 'spam' });
      const during = await check();
      expect(during.headline.archived).toBeGreaterThan(0);
    } finally {
      commit();
      await writer;
    }
    // the slow writer's event (the smaller id) is counted by the next report
    const after = await check();
    const aspirations = (r: typeof after) => r.breakdowns.classification.find((c) => c.key === 'aspiration')?.count ?? 0;
    expect(aspirations(after)).toBeGreaterThan(0);
  }, 60_000);
});
