// Working days are counted twice: by the domain's calendar (src/domain/clocks.ts, for deadlines) and in SQL
// (the stats_workdays index and the facts' formula in src/server/stats.ts, for the annual statistics). This
// holds them together: a grid of (submitted, verified) pairs across weekends, the Idul Fitri 2024 holidays
// and cuti bersama (8–15 April) and an added holiday, at both edges of the local day, goes through the API;
// each case's verify_wd in the facts must equal workingDaysBetween. On every backend.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WorkingCalendar } from '../../src/domain/clocks.js';
import { DEFAULT_CLOCKS } from '../../src/domain/types.js';
import { refreshStats } from '../../src/server/stats.js';
import { intake, must } from '../server/api-setup.js';
import { BACKENDS, startTestServer, type TestServer } from '../helpers/server.js';

const DAY_MS = 86_400_000;
const OFFSET_MS = DEFAULT_CLOCKS.utcOffsetMinutes * 60_000;
/** Local 00:30 and 23:30 of a date (WITA), as instants. */
const atLocal = (date: string, minutes: number) => new Date(Date.parse(`${date}T00:00:00Z`) - OFFSET_MS + minutes * 60_000);
const plusDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

describe.each(BACKENDS)('working days: SQL and the domain agree (%s)', (backend) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(backend, { now: new Date('2024-03-25T02:00:00Z') });
  }, 120_000);
  afterAll(async () => server?.close());

  test('every (start, end) pair of the grid', async () => {
    const db = server.server.db;
    // one more holiday, on a Wednesday, besides the calendar's own
    await db.query(`INSERT INTO calendar_days (date, kind, name) VALUES ('2024-04-24', 'holiday', 'uji')`);
    const grid: { id: string; start: Date; end: Date }[] = [];
    for (let s = 0; s < 26; s += 1) {
      const startDate = plusDays('2024-03-29', s); // Friday 29 March .. Tuesday 23 April
      for (const offset of [0, 1, 2, 3, 4, 5, 7, 9, 12]) {
        const k = s + offset;
        const start = atLocal(startDate, k % 2 === 0 ? 30 : 23 * 60 + 30);
        const end = atLocal(plusDays(startDate, offset), k % 3 === 0 ? 23 * 60 + 30 : 30);
        if (end <= start) continue;
        grid.push({ id: '', start, end });
      }
    }
    for (const g of grid) {
      server.clock.now = g.start;
      const c = await intake(server);
      g.id = c.trackingId;
      server.clock.now = g.end;
      await must(server, c, { action: 'dispose', institutionId: 'bali.dinkes' });
    }
    await refreshStats(server.server.store);

    const days = await db.query<{ date: unknown }>('SELECT date::text AS date FROM calendar_days');
    const calendar = new WorkingCalendar(days.map((d) => String(d.date)), DEFAULT_CLOCKS.utcOffsetMinutes);
    const facts = await db.query<{ tracking_id: string; verify_wd: number }>('SELECT tracking_id, verify_wd FROM stats_case_facts');
    const sql = new Map(facts.map((f) => [f.tracking_id, Number(f.verify_wd)]));
    const mismatches = grid
      .map((g) => ({ start: g.start.toISOString(), end: g.end.toISOString(), domain: calendar.workingDaysBetween(g.start.toISOString(), g.end.toISOString()), sql: sql.get(g.id) }))
      .filter((m) => m.domain !== m.sql);
    expect(grid.length).toBeGreaterThan(150);
    expect(mismatches).toEqual([]);
    // the grid crosses holidays: some pairs a week apart count fewer than five working days
    expect(grid.some((g) => g.end.getTime() - g.start.getTime() > 7 * DAY_MS && sql.get(g.id)! < 5)).toBe(true);
  }, 300_000);
});
