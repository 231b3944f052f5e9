// Idempotency conformance (issue #8, item 3), on PGlite and PostgreSQL: same key + same body → the same
// status and the same body (marked Idempotent-Replayed); another body → 422; 50 concurrent requests with
// one key → one execution, the rest 409 while it runs; a missing key on bulk → 400; one caller's key
// never replays to another caller.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkResponse } from '../../src/domain/schemas.js';
import type { Case } from '../../src/domain/types.js';
import { BACKENDS, call, startTestServer, type JsonResponse, type TestServer } from '../helpers/server.js';
import { disposedCase, eventCount, expectProblem, newCaseBody, uid } from '../server/api-setup.js';

/** POST /v1/bulk with an Idempotency-Key (none when `key` is undefined). */
const postBulk = (ts: TestServer, token: string, key: string | undefined, body: unknown) =>
  call<BulkResponse>(ts.url, 'POST', '/v1/bulk', { token, body, headers: key === undefined ? {} : { 'idempotency-key': key } });

describe.each(BACKENDS)('idempotency on %s', (backend) => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer(backend);
  }, 120_000);
  afterAll(async () => {
    await ts?.close();
  });

  const bulk = (token: string, key: string | undefined, body: unknown) => postBulk(ts, token, key, body);

  it('bulk: same key + same body → same status and byte-identical body, marked as a replay; work done once', async () => {
    const c = await disposedCase(ts, 'badung.dinkes');
    const body = { items: [{ trackingId: c.trackingId, version: c.version, action: 'respond', message: 'Sedang diperiksa' }] };
    const key = uid('key');
    const before = await eventCount(ts, c.trackingId);
    const first = await bulk(ts.tokens.admin, key, body);
    expect(first.status).toBe(200);
    expect(first.body.counts).toEqual({ applied: 1, skipped: 0, failed: 0 });
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    for (let i = 0; i < 3; i += 1) {
      const again = await bulk(ts.tokens.admin, key, body);
      expect(again.status).toBe(first.status);
      expect(again.text).toBe(first.text);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
    }
    expect(await eventCount(ts, c.trackingId)).toBe(before + 1);
  });

  it('a stored failure replays as the same failure (per-item 412), not re-executed', async () => {
    const c = await disposedCase(ts, 'badung.dinkes');
    const key = uid('key');
    const body = { items: [{ trackingId: c.trackingId, version: c.version + 5, action: 'respond', message: 'versi salah' }] };
    const first = await bulk(ts.tokens.admin, key, body);
    expect(first.body.results[0]).toMatchObject({ outcome: 'failed', status: 412 });
    const again = await bulk(ts.tokens.admin, key, body);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
  });

  it('same key + another body → 422 naming Idempotency-Key, and nothing done; other endpoint with the key → 422', async () => {
    const c = await disposedCase(ts, 'badung.dinkes');
    const key = uid('key');
    const body = { items: [{ trackingId: c.trackingId, version: c.version, action: 'respond', message: 'pertama' }] };
    expect((await bulk(ts.tokens.admin, key, body)).status).toBe(200);
    const before = await eventCount(ts, c.trackingId);
    const other = { items: [{ trackingId: c.trackingId, version: c.version + 1, action: 'respond', message: 'kedua' }] };
    expectProblem(await bulk(ts.tokens.admin, key, other), 422, 'Idempotency-Key');
    // the same JSON with its keys in another order is another body, too: the key binds the exact request
    const reordered = { items: [{ version: c.version, trackingId: c.trackingId, action: 'respond', message: 'pertama' }] };
    expectProblem(await bulk(ts.tokens.admin, key, reordered), 422, 'Idempotency-Key');
    const intake = await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body: newCaseBody(), headers: { 'idempotency-key': key } });
    expectProblem(intake, 422, 'Idempotency-Key');
    expect(await eventCount(ts, c.trackingId)).toBe(before);
  });

  it('intake: same key + same body → 201 then the same 201 body replayed; another body → 422', async () => {
    const key = uid('key');
    const body = newCaseBody();
    const first = await call<Case>(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body, headers: { 'idempotency-key': key } });
    const again = await call<Case>(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.text).toBe(first.text);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await eventCount(ts, body.trackingId as string)).toBe(1);
    const changed = { ...body, title: 'Judul lain' };
    expectProblem(await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body: changed, headers: { 'idempotency-key': key } }), 422, 'Idempotency-Key');
  });

  it('a missing or malformed key on bulk → 400 naming Idempotency-Key, nothing done', async () => {
    const c = await disposedCase(ts, 'badung.dinkes');
    const before = await eventCount(ts, c.trackingId);
    const body = { items: [{ trackingId: c.trackingId, version: c.version, action: 'respond', message: 'tanpa kunci' }] };
    expectProblem(await bulk(ts.tokens.admin, undefined, body), 400, 'Idempotency-Key');
    for (const bad of ['', ' ', 'kunci dengan spasi', 'x'.repeat(201), 'ключ']) {
      const res = await call(ts.url, 'POST', '/v1/bulk', { token: ts.tokens.admin, body, headers: { 'idempotency-key': bad } }).catch(() => null);
      // a header value fetch refuses to send (non-ASCII) never reaches the server: nothing to check there
      if (res) expectProblem(res, 400, 'Idempotency-Key');
    }
    expect(await eventCount(ts, c.trackingId)).toBe(before);
  });

  it("one caller's key never replays to another caller: the second caller's request runs as its own", async () => {
    const own = await disposedCase(ts, 'badung.dinkes');
    const key = uid('shared-key');
    const body = { items: [{ trackingId: own.trackingId, version: own.version, action: 'respond', message: 'dari admin nasional' }] };
    const national = await bulk(ts.tokens.admin, key, body);
    expect(national.body.results[0]).toMatchObject({ outcome: 'applied' });
    // the denpasar admin sends the same key and body: not a replay of the national admin's answer (which
    // would reveal a case outside its scope), but its own execution: this case does not exist for it
    const other = await bulk(ts.tokens['admin.denpasar'], key, body);
    expect(other.status).toBe(200);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(other.body.results[0]).toMatchObject({ outcome: 'failed', status: 404 });
    expect(other.text).not.toBe(national.text);
    // and the badung admin, who can see the case, runs its own request too: stale version now → 412, not a replay
    const badung = await bulk(ts.tokens['admin.badung'], key, body);
    expect(badung.headers.get('idempotent-replayed')).toBeNull();
    expect(badung.body.results[0]).toMatchObject({ outcome: 'failed', status: 412 });
  });

  it('50 concurrent requests with one key → exactly one execution; the others 409 (in flight) or a replay of it', async () => {
    const cases: Case[] = [];
    for (let i = 0; i < 20; i += 1) cases.push(await disposedCase(ts, 'badung.dinkes'));
    const before = await eventCount(ts);
    const key = uid('storm');
    const body = { items: cases.map((c) => ({ trackingId: c.trackingId, version: c.version, action: 'respond', message: 'serentak' })) };
    const answers = await Promise.all(Array.from({ length: 50 }, () => bulk(ts.tokens.admin, key, body)));
    const executed = answers.filter((a) => a.status === 200 && a.headers.get('idempotent-replayed') === null);
    const replayed = answers.filter((a) => a.status === 200 && a.headers.get('idempotent-replayed') === 'true');
    const inFlight = answers.filter((a) => a.status === 409);
    expect(executed).toHaveLength(1);
    expect(replayed.length + inFlight.length).toBe(49);
    for (const r of replayed) expect(r.text).toBe(executed[0].text);
    for (const r of inFlight) {
      expectProblem(r, 409, 'Idempotency-Key');
      expect(r.headers.get('retry-after')).toBe('1');
    }
    expect(await eventCount(ts)).toBe(before + cases.length);
  });
});

// PostgreSQL only (PGlite runs one transaction at a time, so a request cannot be held mid-transaction while
// others arrive): registered only when the PostgreSQL variants run.
if (BACKENDS.includes('postgres')) {
  describe('idempotency on postgres, the first request held', () => {
    const backend = 'postgres';
    let ts: TestServer;
    beforeAll(async () => {
      ts = await startTestServer(backend);
    }, 120_000);
    afterAll(async () => {
      await ts?.close();
    });
    const bulk = (token: string, key: string | undefined, body: unknown) => postBulk(ts, token, key, body);

    it('50 concurrent requests while the first is held mid-transaction → 1 execution, 49 × 409, then replays', async () => {
      const c = await disposedCase(ts, 'badung.dinkes');
      const key = uid('held');
      const body = { items: [{ trackingId: c.trackingId, version: c.version, action: 'respond', message: 'ditahan' }] };
      // hold the case's row lock from outside, so the first request waits inside its transaction (holding the key)
      const pg = (await import('pg')).default;
      const blocker = new pg.Client({ connectionString: await databaseUrlOf(ts) });
      await blocker.connect();
      try {
        await blocker.query('BEGIN');
        await blocker.query('SELECT 1 FROM cases WHERE tracking_id = $1 FOR UPDATE', [c.trackingId]);
        const first = bulk(ts.tokens.admin, key, body);
        await waitFor(async () => (await blocker.query(
            `SELECT count(*)::int AS n FROM pg_locks
              WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
          )).rows[0].n >= 1);
        const rest = await Promise.all(Array.from({ length: 49 }, () => bulk(ts.tokens.admin, key, body)));
        expect(rest.map((r) => r.status)).toEqual(Array(49).fill(409));
        await blocker.query('COMMIT');
        const answer: JsonResponse<BulkResponse> = await first;
        expect(answer.status).toBe(200);
        expect(answer.body.counts.applied).toBe(1);
        const later = await bulk(ts.tokens.admin, key, body);
        expect(later.headers.get('idempotent-replayed')).toBe('true');
        expect(later.text).toBe(answer.text);
        expect(await eventCount(ts, c.trackingId)).toBe(c.version + 1);
      } finally {
        await blocker.end();
      }
    });
  });
}

async function waitFor(cond: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The PostgreSQL database a test server runs on (its pool's connection string). */
async function databaseUrlOf(ts: TestServer): Promise<string> {
  const rows = await ts.server.db.query<{ db: string }>('SELECT current_database() AS db');
  const url = new URL(process.env.LAPOR_TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? '');
  url.pathname = `/${rows[0].db}`;
  return url.toString();
}
