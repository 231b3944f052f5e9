// The annual report equals an independent recomputation from the raw cases and events, on a generated
// dataset (the seed generator: 100,000 cases on PostgreSQL in the long phase, 30,000 by default; 10,000 on PGlite, which seeds more slowly), for
// a finished year (statuses at year end rebuilt from events after it) and the running one, nationally and
// for an institution subtree. Then cases change through the API (dispose, respond, close, reopen, redispose,
// archive, return, edit) and the lazily refreshed rollups must still equal the recomputation; a calendar
// change rebuilds them.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEFAULT_CLOCKS } from '../../src/domain/types.js';
import { seedCases } from '../../src/server/seed/load.js';
import { refreshStats } from '../../src/server/stats.js';
import { BACKENDS, call, startTestServer, type TestServer } from '../helpers/server.js';
import { act, annual, expectReportEquals } from './helpers.js';
import { loadRaw, recompute } from './recompute.js';

const NOW = '2024-07-15T03:00:00.000Z'; // Monday 11:00 WITA

// The default run keeps PostgreSQL at 30,000 cases (the default run stays under 10 minutes); the long phase
// (LAPOR_LONG_TESTS=1) checks the 100,000 of a province's two years.
const LONG = process.env.LAPOR_LONG_TESTS === '1';

describe.each(BACKENDS)('stats recomputation (%s)', (backend) => {
  const count = backend === 'postgres' ? (LONG ? 100_000 : 30_000) : 10_000;
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(backend, { now: new Date(NOW) });
    await seedCases(server.server.db, { count, years: [2023, 2024], seed: 6, now: NOW });
  }, 600_000);
  afterAll(async () => server?.close());

  /** The reports for each (year, institution), compared with one recomputation from the raw data. */
  const check = async (...cases: [number, string | null][]) => {
    const reports = [];
    for (const [year, institution] of cases) reports.push(await annual(server, `year=${year}${institution ? `&institution=${institution}` : ''}`));
    const raw = await loadRaw(server.server.db, DEFAULT_CLOCKS.utcOffsetMinutes);
    cases.forEach(([year, institution], i) => expectReportEquals(reports[i], recompute(raw, DEFAULT_CLOCKS, year, server.clock.now.toISOString(), institution)));
    return reports;
  };

  test(`a finished year and the running one equal the recomputation (${count} cases)`, async () => {
    const [r2023, r2024] = await check([2023, null], [2024, null], [2024, 'badung']);
    expect(r2023.headline.received).toBeGreaterThan(count * 0.4);
    // some 2023 cases changed status after the year ended
    const moved = r2023.breakdowns.statusAtYearEnd.some((c, i) => c.count !== r2023.breakdowns.statusNow[i].count);
    expect(moved).toBe(true);
    expect(r2024.headline.verify.running! + r2024.headline.verify.overdue!).toBeGreaterThan(0);

    // the public version of the same report: nothing published below k, no breakdown with one hidden cell
    const pub = await annual(server, 'year=2024&public=true');
    expect(pub.k).toBe(10);
    const published = [
      ...Object.values(pub.breakdowns).flatMap((cells) => cells.map((c) => c.count)),
      ...pub.institutions.flatMap((r) => [r.received, r.disposed, r.followedUp, r.completed]),
    ].filter((n): n is number => n !== null);
    for (const n of published) expect(n === 0 || n >= 10, `published ${n}`).toBe(true);
    for (const [dim, cells] of Object.entries(pub.breakdowns)) {
      if (dim === 'category') continue;
      const total = dim === 'archiveReason' ? pub.headline.archived : pub.headline.received;
      const hidden = cells.filter((c) => c.count === null).length + (total === null ? 1 : 0);
      expect(hidden === 0 || hidden >= 2, dim).toBe(true);
    }
    expect(pub.suppressed.length).toBeGreaterThan(0);
    // published figures are the full report's
    expect(pub.headline.received).toBe(r2024.headline.received);
  }, 300_000);

  test('rollups stay correct when cases change', async () => {
    const ids = async (status: string, n: number) =>
      (await server.server.db.query<{ tracking_id: string }>(
        `SELECT tracking_id FROM cases WHERE status = $1 AND submitted_at >= '2024-01-01' ORDER BY tracking_id LIMIT $2`,
        [status, n],
      )).map((r) => r.tracking_id);
    const [submitted, disposed, inProgress, completed] = [
      await ids('submitted', 6),
      await ids('disposed', 4),
      await ids('in_progress', 4),
      await ids('completed', 3),
    ];
    await act(server, submitted[0], { action: 'dispose', institutionId: 'bali.dinkes' });
    await act(server, submitted[1], { action: 'archive', reason: 'spam' });
    await act(server, submitted[2], { action: 'postpone', note: 'lengkapi' });
    await act(server, submitted[3], { action: 'edit', changes: { categoryId: 'pendidikan', classification: 'aspiration' } });
    await act(server, disposed[0], { action: 'respond', message: 'ditindaklanjuti' });
    await act(server, disposed[1], { action: 'return', note: 'bukan wewenang' });
    await act(server, disposed[2], { action: 'redispose', institutionId: 'denpasar' });
    await act(server, inProgress[0], { action: 'close' });
    await act(server, inProgress[1], { action: 'redispose', institutionId: 'badung' });
    await act(server, completed[0], { action: 'reopen', note: 'belum tuntas' });
    // a 2023 case changed in 2024: its status at the end of 2023 stays what it was
    const [old] = (await server.server.db.query<{ tracking_id: string }>(
      `SELECT tracking_id FROM cases WHERE status = 'completed' AND submitted_at < '2023-12-01' ORDER BY tracking_id LIMIT 1`,
    )).map((r) => r.tracking_id);
    await act(server, old, { action: 'reopen', note: 'dibuka kembali' });
    const before = await refreshStats(server.server.store);
    expect(before.kind).toBe('incremental');
    expect(before.cases).toBe(11);
    await check([2024, null], [2023, null], [2024, 'denpasar']);

    // writers and reports at the same time: bulk dispositions in parallel chunks while reports refresh
    const queue = await server.server.db.query<{ tracking_id: string; version: number }>(
      `SELECT tracking_id, version FROM cases WHERE status = 'submitted' ORDER BY tracking_id LIMIT 80`,
    );
    expect(queue.length).toBeGreaterThanOrEqual(8);
    const size = Math.ceil(queue.length / 4);
    const chunks = [0, 1, 2, 3].map((i) => queue.slice(i * size, i * size + size)).filter((c) => c.length > 0);
    const results = await Promise.all([
      ...chunks.map((chunk, i) =>
        call(server.url, 'POST', '/v1/bulk', {
          token: server.tokens.admin,
          headers: { 'idempotency-key': `stats-concurrent-${i}` },
          body: { items: chunk.map((c) => ({ trackingId: c.tracking_id, version: Number(c.version), action: 'dispose', institutionId: 'bali.dinkes' })) },
        }),
      ),
      ...[0, 1, 2].map(() => call(server.url, 'GET', '/v1/stats/annual?year=2024', { token: server.tokens.stat })),
    ]);
    for (const r of results) expect(r.status, r.text).toBe(200);
    await check([2024, null], [2023, null]);

    // time passes: overdue clocks and open > 60 days move without any event
    server.clock.now = new Date('2024-09-30T03:00:00.000Z');
    await check([2024, null]);
    server.clock.now = new Date(NOW);

    // a new holiday changes working days: the facts are rebuilt with the new calendar
    await server.server.db.query(`INSERT INTO calendar_days (date, kind, name) VALUES ('2024-03-06', 'cuti_bersama', 'uji')`);
    const rebuilt = await refreshStats(server.server.store);
    expect(rebuilt.kind).toBe('full');
    await check([2024, null]);
    await server.server.db.query(`DELETE FROM calendar_days WHERE name = 'uji'`);
  }, 300_000);
});
