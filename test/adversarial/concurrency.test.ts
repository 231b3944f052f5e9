// Concurrency (issue #8, item 4): two clients act on the same cases 1,000 times each with If-Match (read
// the ETag, then act on it), racing each other on a handful of cases. No update may be lost: every 200
// left exactly one event holding its message, each case's version grew by exactly its number of 200s and
// the winners of a case hold consecutive versions; every loser is a 412 problem naming If-Match, nothing
// else. On PGlite and PostgreSQL; the audit trail verifies afterwards.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditVerifyResponse } from '../../src/domain/audit.js';
import type { Case, CaseEvent } from '../../src/domain/types.js';
import { BACKENDS, call, startTestServer, type TestServer } from '../helpers/server.js';
import { disposedCase, expectProblem } from '../server/api-setup.js';

const LONG = process.env.LAPOR_LONG_TESTS === '1';
const ACTIONS_PER_CLIENT = 1000;
const CASES = 5;

describe.each(BACKENDS)('two clients racing with If-Match on %s', (backend) => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer(backend);
  }, 120_000);
  afterAll(async () => {
    await ts?.close();
  });

  it(
    `2 × ${ACTIONS_PER_CLIENT} actions on ${CASES} shared cases: no lost update, every loser 412`,
    async () => {
      const cases: Case[] = [];
      for (let i = 0; i < CASES; i += 1) cases.push(await disposedCase(ts, 'badung.dinkes', {}, true));
      const initial = new Map(cases.map((c) => [c.trackingId, c.version]));

      interface Won {
        trackingId: string;
        version: number;
        message: string;
      }
      const won: Won[] = [];
      const statuses = new Map<number, number>();
      const losers: { status: number; text: string; contentType: string }[] = [];

      // each client: read the case (ETag), then act with If-Match on that version; both walk the same cases in
      // the same order, so they keep colliding
      const client = async (name: string, token: string) => {
        for (let i = 0; i < ACTIONS_PER_CLIENT; i += 1) {
          const id = cases[i % CASES].trackingId;
          const got = await call<Case>(ts.url, 'GET', `/v1/cases/${id}`, { token });
          expect(got.status).toBe(200);
          const etag = got.headers.get('etag')!;
          const message = `${name}#${i}`;
          const res = await call<{ case: Case; event: CaseEvent }>(ts.url, 'POST', `/v1/cases/${id}/actions`, {
            token,
            body: { action: 'respond', message },
            headers: { 'if-match': etag },
          });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status === 200) {
            expect(res.body.event.note).toBe(message);
            expect(res.headers.get('etag')).toBe(`"${res.body.case.version}"`);
            won.push({ trackingId: id, version: res.body.case.version, message });
          } else {
            losers.push({ status: res.status, text: res.text, contentType: res.headers.get('content-type') ?? '' });
          }
        }
      };
      await Promise.all([client('A', ts.tokens.admin), client('B', ts.tokens['admin.badung'])]);

      // every answer a 200 or a 412 naming If-Match (problem+json), and there were losers
      expect([...statuses.keys()].sort()).toEqual(losers.length > 0 ? [200, 412] : [200]);
      expect(losers.length, 'the clients never collided: the test proves nothing').toBeGreaterThan(0);
      for (const l of losers.slice(0, 50)) {
        expectProblem({ status: l.status, text: l.text, body: JSON.parse(l.text), headers: new Headers({ 'content-type': l.contentType }) }, 412, 'If-Match');
      }
      expect(won.length + losers.length).toBe(2 * ACTIONS_PER_CLIENT);

      // no lost update: each case grew by its wins, the winners hold consecutive versions, and every winning
      // message is in the history exactly once, at the version it was answered with
      for (const c of cases) {
        const mine = won.filter((w) => w.trackingId === c.trackingId).sort((a, b) => a.version - b.version);
        const start = initial.get(c.trackingId)!;
        expect(mine.map((w) => w.version)).toEqual(mine.map((_, i) => start + 1 + i));
        const events = await call<{ items: CaseEvent[] }>(ts.url, 'GET', `/v1/cases/${c.trackingId}/events`, { token: ts.tokens.admin });
        const responds = events.body.items.filter((e) => e.seq > start);
        expect(responds).toHaveLength(mine.length);
        expect(responds.map((e) => [e.seq, e.note])).toEqual(mine.map((w) => [w.version, w.message]));
        const now = await call<Case>(ts.url, 'GET', `/v1/cases/${c.trackingId}`, { token: ts.tokens.admin });
        expect(now.body.version).toBe(start + mine.length);
      }
      const audit = await call<AuditVerifyResponse>(ts.url, 'GET', '/v1/audit/verify?limit=5000', { token: ts.tokens.admin });
      expect(audit.body.problems).toEqual([]);
      process.stderr.write(`concurrency ${backend}: ${won.length} applied, ${losers.length} × 412, 0 lost\n`);
    },
    LONG ? 600_000 : 240_000,
  );
});
