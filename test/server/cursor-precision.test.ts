// Regression: cases stored with microsecond timestamps (COPY, SQL, other systems) and equal sort values
// must still page to the end, each exactly once (a millisecond cursor used to return the same page forever).

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BACKENDS, call, startTestServer, type TestServer } from '../helpers/server.js';

describe.each(BACKENDS)('cursor precision (%s)', (backend) => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer(backend);
    await ts.server.db.exec(`INSERT INTO cases (tracking_id, classification, title, body, channel, status, submitted_at,
        verify_due_at, completion_due_at, version, last_event_hash)
      SELECT 'MICRO-' || g, 'complaint', 'Judul', 'Isi', 'web', 'submitted', '2024-03-01 10:00:00.123456+00',
        '2024-03-06 10:00:00.654321+00', '2024-05-01 10:00:00.000001+00', 1, repeat('0', 64)
      FROM generate_series(1, 7) g`);
  });
  afterAll(async () => {
    await ts?.close();
  });

  test.each(['submittedAt', '-submittedAt', 'verifyDueAt', 'responseDueAt', 'trackingId', 'urgency'])('sort %s visits every case once', async (sort) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 10; page += 1) {
      const qs = `/v1/cases?limit=2&sort=${sort}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await call<{ items: { trackingId: string }[]; nextCursor: string | null }>(ts.url, 'GET', qs, { token: ts.tokens.admin });
      expect(res.status, res.text).toBe(200);
      seen.push(...res.body.items.map((c) => c.trackingId));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    expect(seen.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `MICRO-${i + 1}`).sort());
  });
});
