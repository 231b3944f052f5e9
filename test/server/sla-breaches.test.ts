// Breach records (issue #19) equal an independent recomputation from the raw cases and the event log: a
// generated data set (the seed generator: 3,000 cases on PostgreSQL by default, 100,000 in the long phase
// with LAPOR_LONG_TESTS=1; 2,000 on PGlite) is swept at two moments ten days apart, and sla_breaches must
// hold exactly, for every case, each clock that was running past its due time at a sweep, with the
// institution responsible then. The recomputation replays each case's events up to the sweep (status and
// institution after each event, the disposition's time) and counts the clocks from the case's submission
// and disposition with the working calendar of the fixtures; it shares no code with the sweep but the
// calendar arithmetic. A third sweep records nothing new (idempotent).

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WorkingCalendar } from '../../src/domain/clocks.js';
import { DEFAULT_CLOCKS, type Actor } from '../../src/domain/types.js';
import { readCalendar } from '../../src/server/seed/fixtures.js';
import { seedCases } from '../../src/server/seed/load.js';
import { sweepAutoClose } from '../../src/server/sla.js';
import { BACKENDS, startTestServer, type TestServer } from '../helpers/server.js';

const LONG = process.env.LAPOR_LONG_TESTS === '1';
const NOW = '2024-07-15T03:00:00.000Z'; // Monday 11:00 WITA
const LATER = '2024-07-25T03:00:00.000Z'; // ten days later
const SYSTEM: Actor = { name: 'sweep', role: 'system', institutionId: null };
const OPEN = new Set(['submitted', 'postponed', 'disposed', 'in_progress']);

interface EventRow {
  tracking_id: string;
  at: string;
  action: string;
  to_status: string | null;
  to_institution: string | null;
}

describe.each(BACKENDS)('breach records equal a recomputation from the event log (%s)', (backend) => {
  const count = backend === 'postgres' ? (LONG ? 100_000 : 3_000) : 2_000;
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(backend, { now: new Date(NOW) });
    await seedCases(server.server.db, { count, years: [2024, 2024], seed: 19, now: NOW });
    await server.server.store.reload(); // the seeded calendar
  }, 600_000);
  afterAll(async () => server?.close());

  test(`${count} cases, two sweeps ten days apart, then an idle one`, async () => {
    const store = server.server.store;
    const first = await sweepAutoClose(store, SYSTEM, { dryRun: false }, 'sweep-1');
    server.clock.now = new Date(LATER);
    const second = await sweepAutoClose(store, SYSTEM, { dryRun: false }, 'sweep-2');
    const third = await sweepAutoClose(store, SYSTEM, { dryRun: false }, 'sweep-3');
    expect(first.failed).toEqual([]);
    expect(second.failed).toEqual([]);
    expect(third).toMatchObject({ due: 0, breaches: 0, closed: [], escalated: [] });

    // ---- the recomputation ----
    const db = server.server.db;
    const calendar = new WorkingCalendar(readCalendar().map((d) => d.date), DEFAULT_CLOCKS.utcOffsetMinutes);
    const cases = await db.query<{ tracking_id: string; submitted_at: string }>(
      `SELECT tracking_id, to_char(submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS submitted_at FROM cases`,
    );
    const events = await db.query<EventRow>(
      `SELECT tracking_id, to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, action, to_status, to_institution
       FROM case_events ORDER BY tracking_id, seq`,
    );
    const byCase = new Map<string, EventRow[]>();
    for (const e of events) {
      const list = byCase.get(e.tracking_id);
      if (list) list.push(e);
      else byCase.set(e.tracking_id, [e]);
    }
    const expected = new Map<string, string | null>(); // "id|clock|due" → institution when first seen
    for (const sweptAt of [NOW, LATER]) {
      const t = Date.parse(sweptAt);
      for (const c of cases) {
        let status: string | null = null;
        let institution: string | null = null;
        let disposedAt: string | null = null;
        for (const e of byCase.get(c.tracking_id) ?? []) {
          if (Date.parse(e.at) >= t) break;
          if (e.to_status !== null) status = e.to_status;
          institution = e.to_institution;
          if (e.action === 'dispose' || e.action === 'redispose') disposedAt = e.at;
        }
        if (status === null || !OPEN.has(status)) continue;
        const due: [string, string][] = [['completion', calendar.addCalendarDays(c.submitted_at, DEFAULT_CLOCKS.completionDays)]];
        if (status === 'submitted' || status === 'postponed') due.push(['verify', calendar.addWorkingDays(c.submitted_at, DEFAULT_CLOCKS.verifyWorkingDays)]);
        if (status === 'disposed' && disposedAt !== null) due.push(['response', calendar.addWorkingDays(disposedAt, DEFAULT_CLOCKS.responseWorkingDays)]);
        for (const [clock, at] of due) {
          const key = `${c.tracking_id}|${clock}|${at}`;
          if (Date.parse(at) < t && !expected.has(key)) expected.set(key, institution);
        }
      }
    }

    const recorded = await db.query<{ tracking_id: string; clock: string; due_at: string; institution_id: string | null }>(
      `SELECT tracking_id, clock, to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS due_at, institution_id FROM sla_breaches`,
    );
    const actual = new Map(recorded.map((r) => [`${r.tracking_id}|${r.clock}|${r.due_at}`, r.institution_id]));
    const missing = [...expected.keys()].filter((k) => !actual.has(k));
    const extra = [...actual.keys()].filter((k) => !expected.has(k));
    expect(missing.slice(0, 10), `${missing.length} breaches not recorded`).toEqual([]);
    expect(extra.slice(0, 10), `${extra.length} breaches recorded but not recomputed`).toEqual([]);
    const wrongInstitution = [...expected].filter(([k, inst]) => actual.get(k) !== inst).slice(0, 10);
    expect(wrongInstitution).toEqual([]);
    expect(first.breaches + second.breaches).toBe(expected.size);
    // both sweeps found work: old breaches at the first, clocks that passed in the ten days at the second
    expect(first.breaches).toBeGreaterThan(0);
    expect(second.breaches).toBeGreaterThan(0);
    process.stderr.write(`sla breaches ${backend}: ${count} cases, ${first.breaches} + ${second.breaches} breaches recorded, ${first.closed.length + second.closed.length} auto-closed\n`);
  }, 600_000);
});
