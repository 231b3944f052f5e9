// Issue #20 "Must show": the statistics with duplicates and copies equal an independent recomputation. A generated
// dataset (seed generator), then through the API: cases linked as duplicates (bulk), some of them reopened
// (unlinked), cases copied to other institutions (bulk). The annual report (national, a subtree, a copy's
// institution) must equal test/stats/recompute.ts, which knows duplicates from the events alone; the
// duplicates report must equal a count from the events (the original named in each duplicate event).
// Size: 2,000 cases by default; LAPOR_LONG_TESTS=1: 20,000.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BulkResponse } from '../../src/domain/schemas.js';
import type { StatsDuplicatesReport } from '../../src/domain/stats.js';
import { DEFAULT_CLOCKS } from '../../src/domain/types.js';
import { seedCases } from '../../src/server/seed/load.js';
import { BACKENDS, call, startTestServer, type TestServer } from '../helpers/server.js';
import { annual, expectReportEquals } from '../stats/helpers.js';
import { loadRaw, recompute, type RawData } from '../stats/recompute.js';

const NOW = '2024-07-15T03:00:00.000Z';
const LONG = process.env.LAPOR_LONG_TESTS === '1';
const COUNT = LONG ? 20_000 : 2_000;

describe.each(BACKENDS)('statistics with duplicates and copies (%s)', (backend) => {
  let server: TestServer;
  let seq = 0;

  beforeAll(async () => {
    server = await startTestServer(backend, { now: new Date(NOW) });
    await seedCases(server.server.db, { count: COUNT, years: [2023, 2024], seed: 20, now: NOW });
  }, 600_000);
  afterAll(async () => server?.close());

  const bulk = async (items: object[]) => {
    const res = await call<BulkResponse>(server.url, 'POST', '/v1/bulk', { token: server.tokens.admin, body: { items }, headers: { 'idempotency-key': `desk-stats-${backend}-${seq++}` } });
    expect(res.status, res.text).toBe(200);
    return res.body;
  };

  const check = async () => {
    const queries: [number, string | null][] = [[2023, null], [2024, null], [2024, 'badung'], [2024, 'bali.inspektorat']];
    const reports = [];
    for (const [year, inst] of queries) reports.push(await annual(server, `year=${year}${inst ? `&institution=${inst}` : ''}`));
    const raw = await loadRaw(server.server.db, DEFAULT_CLOCKS.utcOffsetMinutes);
    queries.forEach(([year, inst], i) => expectReportEquals(reports[i], recompute(raw, DEFAULT_CLOCKS, year, NOW, inst)));
    return raw;
  };

  /** Duplicates by the original's institution, from the events: the original named in each linking event. */
  const expectedDuplicates = (raw: RawData, year: number) => {
    const byId = new Map(raw.cases.map((c) => [c.trackingId, c]));
    const off = DEFAULT_CLOCKS.utcOffsetMinutes * 60_000;
    const rows = new Map<string | null, { duplicates: number; originals: Set<string> }>();
    for (const id of raw.duplicates) {
      const d = byId.get(id)!;
      if (new Date(Date.parse(d.submittedAt) + off).getUTCFullYear() !== year) continue;
      const link = raw.events.get(id)!.filter((e) => e.action === 'duplicate').at(-1)!;
      const original = /^duplicate of (\S+?)(?::|$)/.exec(link.note ?? '')![1];
      const inst = byId.get(original)!.institutionId;
      const row = rows.get(inst) ?? { duplicates: 0, originals: new Set<string>() };
      row.duplicates += 1;
      row.originals.add(original);
      rows.set(inst, row);
    }
    return [...rows].map(([institutionId, r]) => ({ institutionId, duplicates: r.duplicates, originals: r.originals.size }));
  };

  test(`duplicates counted once, copies at the handling institution only (${COUNT} cases)`, async () => {
    const before = await check();
    const db = server.server.db;
    // originals: open cases at an institution; duplicates: cases still waiting for verification (any year)
    const originals = await db.query<{ tracking_id: string }>(
      `SELECT tracking_id FROM cases WHERE status IN ('disposed','in_progress') ORDER BY tracking_id LIMIT 15`,
    );
    const candidates = await db.query<{ tracking_id: string; version: number }>(
      `SELECT tracking_id, version FROM cases WHERE status IN ('submitted','postponed') ORDER BY md5(tracking_id) LIMIT 60`,
    );
    expect(originals.length).toBe(15);
    expect(candidates.length).toBeGreaterThanOrEqual(10);
    const linked = await bulk(candidates.map((c, i) => ({ trackingId: c.tracking_id, version: Number(c.version), action: 'duplicate', originalId: originals[i % originals.length].tracking_id })));
    expect(linked.counts.applied).toBe(candidates.length);
    // some come back as complaints of their own
    const reopened = linked.results.slice(0, 3).map((r) => ({ trackingId: r.trackingId!, version: r.version!, action: 'reopen', note: 'bukan duplikat' }));
    expect((await bulk(reopened)).counts.applied).toBe(3);
    // copies (tembusan): to the inspectorate and to badung, of cases handled elsewhere
    const handled = await db.query<{ tracking_id: string; version: number }>(
      `SELECT tracking_id, version FROM cases WHERE status IN ('disposed','in_progress','completed')
         AND institution_id NOT IN (SELECT id FROM institutions WHERE starts_with(path, (SELECT path FROM institutions WHERE id = 'badung')))
         AND institution_id <> 'bali.inspektorat' ORDER BY md5(tracking_id) LIMIT 40`,
    );
    const copied = await bulk(handled.map((c) => ({ trackingId: c.tracking_id, version: Number(c.version), action: 'copy', institutionIds: ['bali.inspektorat', 'badung'] })));
    expect(copied.counts.applied).toBe(handled.length);

    const after = await check();
    expect(after.duplicates.size).toBe(candidates.length - 3);
    const received = (raw: RawData, year: number) => recompute(raw, DEFAULT_CLOCKS, year, NOW).headline.received;
    expect(received(after, 2023) + received(after, 2024)).toBe(received(before, 2023) + received(before, 2024) - (candidates.length - 3));

    for (const year of [2023, 2024]) {
      const res = await call<StatsDuplicatesReport>(server.url, 'GET', `/v1/stats/duplicates?year=${year}`, { token: server.tokens.stat });
      expect(res.status, res.text).toBe(200);
      const got = res.body.items.map(({ institutionId, duplicates, originals }) => ({ institutionId, duplicates, originals }));
      const key = (r: { institutionId: string | null }) => r.institutionId ?? '';
      expect([...got].sort((a, b) => key(a).localeCompare(key(b)))).toEqual(expectedDuplicates(after, year).sort((a, b) => key(a).localeCompare(key(b))));
      expect(res.body.total).toBe(got.reduce((n, r) => n + r.duplicates, 0));
    }
  }, 600_000);
});
