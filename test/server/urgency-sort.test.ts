// sort=urgency on GET /v1/cases: the most urgent first, by the earliest due time among a case's running clocks
// (domain/clocks.ts#urgencyDueAt, computed in SQL by the store), on both backends, page after page; and the
// orders a page needs no filter for are read through an index (issue #22: the cost of a page does not grow
// with the table).

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { urgencyDueAt } from '../../src/domain/clocks.js';
import type { Case } from '../../src/domain/types.js';
import { BACKENDS, call, startTestServer, type TestServer } from '../helpers/server.js';

// [id, status, verified, disposed, firstResponse, closed, verifyDue, responseDue, completionDue]
const ROWS: (string | null)[][] = [
  ['U-A', 'submitted', null, null, null, null, '2024-03-01', null, '2024-05-01'], // verify overdue 3 days
  ['U-B', 'submitted', null, null, null, null, '2024-02-20', null, '2024-05-01'], // verify overdue longer
  ['U-C', 'disposed', '2024-02-25', '2024-02-25', null, null, '2024-02-27', '2024-03-05', '2024-04-20'], // response due soonest
  ['U-D', 'in_progress', '2024-02-25', '2024-02-25', '2024-02-26', null, '2024-02-27', '2024-02-28', '2024-03-10'], // response met: completion
  ['U-E', 'completed', '2024-01-02', '2024-01-02', '2024-01-03', '2024-01-05', '2024-01-03', '2024-01-04', '2024-01-01'], // no running clock
  ['U-F', 'disposed', '2024-02-25', '2024-02-25', null, null, '2024-02-27', '2024-03-20', '2024-03-15'], // completion before response
  ['U-G', 'archived', null, null, null, '2024-01-05', '2024-01-03', null, '2024-01-01'], // no running clock
  ['U-H', 'postponed', null, null, null, null, '2024-03-04', null, '2024-03-02'], // completion overdue before verify
];
const EXPECTED = ['U-B', 'U-A', 'U-H', 'U-C', 'U-D', 'U-F', 'U-E', 'U-G'];

describe.each(BACKENDS)('sort=urgency (%s)', (backend) => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer(backend);
    const lit = (v: string | null) => (v === null ? 'NULL' : `'${v}T10:00:00Z'`);
    const values = ROWS.map(
      ([id, status, verified, disposed, responded, closed, verifyDue, responseDue, completionDue]) =>
        `('${id}', 'complaint', 'Judul', 'Isi', 'web', '${status}', '2024-01-01T10:00:00Z', ${lit(verified)}, ${lit(disposed)},
          ${lit(responded)}, ${lit(closed)}, ${lit(verifyDue)}, ${lit(responseDue)}, ${lit(completionDue)}, 1, repeat('0', 64))`,
    );
    await ts.server.db.exec(`INSERT INTO cases (tracking_id, classification, title, body, channel, status, submitted_at, verified_at,
        disposed_at, first_response_at, closed_at, verify_due_at, response_due_at, completion_due_at, version, last_event_hash)
      VALUES ${values.join(',\n')}`);
  });
  afterAll(async () => {
    await ts?.close();
  });

  test('overdue first (the longest overdue first), then the nearest deadline, closed cases last; pages of 3', async () => {
    const seen: Case[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const qs = `/v1/cases?limit=3&sort=urgency${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await call<{ items: Case[]; nextCursor: string | null }>(ts.url, 'GET', qs, { token: ts.tokens.admin });
      expect(res.status, res.text).toBe(200);
      seen.push(...res.body.items);
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen.map((c) => c.trackingId)).toEqual(EXPECTED);
    // the server's order is the domain's: urgencyDueAt ascending, none last, then the tracking ID
    const key = (c: Case) => urgencyDueAt(c) ?? '\uffff';
    const byDomain = [...seen].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.trackingId < b.trackingId ? -1 : 1));
    expect(byDomain.map((c) => c.trackingId)).toEqual(EXPECTED);
  });

  // The list's orders that need no filter to be cheap: the default (urgency), by submission either way, by ID.
  test.each([
    ['urgency', /Index Scan using cases_urgency/],
    ['submittedAt', /Index Scan using cases_submitted/],
    ['-submittedAt', /Index Scan Backward using cases_submitted/],
    ['trackingId', /Index Scan using cases_pkey/],
  ])('sort=%s: every page is read through an index, never by sorting the table', async (sort, index) => {
    // the SQL the store sends for a first page and for a page after a cursor, captured as sent
    const db = ts.server.db;
    const sent: { sql: string; params: readonly unknown[] }[] = [];
    const query = db.query.bind(db);
    db.query = (async (sql: string, params?: readonly unknown[]) => {
      if (/FROM cases\b/.test(sql) && /ORDER BY/.test(sql)) sent.push({ sql, params: params ?? [] });
      return query(sql, params);
    }) as typeof db.query;
    try {
      const first = await call<{ nextCursor: string }>(ts.url, 'GET', `/v1/cases?limit=3&sort=${sort}`, { token: ts.tokens.admin });
      await call(ts.url, 'GET', `/v1/cases?limit=3&sort=${sort}&cursor=${first.body.nextCursor}`, { token: ts.tokens.admin });
    } finally {
      db.query = query;
    }
    expect(sent).toHaveLength(2);
    for (const { sql, params } of sent) {
      // a table of 8 rows is cheaper to sort than to read by index: the planner is told to avoid the other ways
      const plan = await db.transaction(async (tx) => {
        await tx.exec('SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off; SET LOCAL enable_bitmapscan = off');
        return tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params);
      });
      const text = plan.map((r) => r['QUERY PLAN']).join('\n');
      expect(text, text).toMatch(index);
      // an incremental sort orders the ties of one index key; a plain Sort would order every row
      expect(text, text).not.toMatch(/(^|-> {2})Sort\b/m);
    }
  });
});
