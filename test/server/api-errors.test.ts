// Issue #2 "Must show" 6: every 4xx/5xx is RFC 9457 problem+json naming the bad field, never a stack trace or
// SQL text; and a request that fails on the server midway leaves nothing half-written.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BulkResponse } from '../../src/domain/schemas.js';
import { BACKENDS, call, type TestServer, startTestServer } from '../helpers/server.js';
import { action, disposedCase, eventCount, eventsOf, expectNoLeak, expectProblem, getCase, intake, newCaseBody, uid } from './api-setup.js';

const CANARY = 'CANARY_XYZZY_7731';

describe.each(BACKENDS)('API errors (%s)', (backend) => {
  let ts: TestServer;
  let known: string;

  beforeAll(async () => {
    ts = await startTestServer(backend);
    known = (await disposedCase(ts, 'badung.dinkes')).trackingId;
  });
  afterAll(async () => {
    await ts?.close();
  });

  const post = (path: string, rawBody: string, headers: Record<string, string> = {}) =>
    call(ts.url, 'POST', path, { token: ts.tokens.admin, rawBody, headers });

  test('malformed JSON → 400 naming the body', async () => {
    for (const raw of ['{', '{"trackingId": }', '[1,', 'nul', '{"a":1}}']) {
      expectProblem(await post('/v1/cases', raw), 400, '(body)');
    }
    expectProblem(await post(`/v1/cases/${known}/actions`, '{"action":', { 'if-match': '"2"' }), 400, '(body)');
    expectProblem(await post('/v1/bulk', '{"items":[', { 'idempotency-key': uid('k') }), 400, '(body)');
    // prototype poisoning is refused, not merged
    expectProblem(await post('/v1/cases', JSON.stringify(newCaseBody()).replace('{', '{"__proto__":{"admin":true},')), 400);
    // an empty body where one is required
    expectProblem(await post('/v1/cases', ''), 400, '(body)');
  });

  test('unknown fields are refused, in the body and in the query', async () => {
    expectProblem(await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body: newCaseBody({ priority: 'high' }) }), 400, 'priority');
    expectProblem(
      await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body: newCaseBody({ reporter: { name: 'A', email: 'a@b.c' } }) }),
      400,
      'reporter.email',
    );
    expectProblem(await action(ts, ts.tokens.admin, known, 2, { action: 'respond', message: 'x', urgent: true }), 400, 'urgent');
    expectProblem(await action(ts, ts.tokens.admin, known, 2, { action: 'edit', changes: { body: 'baru' } }), 400, 'changes.body');
    expectProblem(
      await call(ts.url, 'POST', '/v1/tokens', { token: ts.tokens.admin, body: { name: 'x', role: 'liaison', institutionId: 'badung', expires: 1 } }),
      400,
      'expires',
    );
    expectProblem(await call(ts.url, 'GET', '/v1/cases?colour=red', { token: ts.tokens.admin }), 400, 'colour');
    expectProblem(await call(ts.url, 'GET', '/v1/cases?status=submitted&page=2', { token: ts.tokens.admin }), 400, 'page');
    expectProblem(await call(ts.url, 'GET', '/v1/calendar?year=2024&month=3', { token: ts.tokens.admin }), 400, 'month');
    expect((await getCase(ts, known)).version).toBe(2);
  });

  test('wrong types → 400 naming each field', async () => {
    const res = expectProblem(
      await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body: newCaseBody({ anonymous: 'yes', title: 5, classification: 'rumour' }) }),
      400,
    );
    const fields = (res.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['anonymous', 'classification', 'title']);
    expectProblem(await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body: newCaseBody({ submittedAt: 'kemarin' }) }), 400, 'submittedAt');
    expectProblem(await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body: [newCaseBody()] }), 400, '(body)');
    expectProblem(await call(ts.url, 'GET', '/v1/cases?limit=abc', { token: ts.tokens.admin }), 400, 'limit');
    expectProblem(await call(ts.url, 'GET', '/v1/cases?limit=2.5', { token: ts.tokens.admin }), 400, 'limit');
    expectProblem(await call(ts.url, 'GET', '/v1/cases?status=submitted&status=disposed', { token: ts.tokens.admin }), 400, 'status');
    expectProblem(await action(ts, ts.tokens.admin, known, 2, { action: 'teleport' }), 400, 'action');
    expectProblem(await action(ts, ts.tokens.admin, known, 2, { action: 'archive', reason: 'bosan' }), 400, 'reason');
    expectProblem(await action(ts, ts.tokens.admin, known, 2, { action: 'respond', message: '   ' }), 400, 'message');
    expectProblem(
      await call(ts.url, 'POST', '/v1/bulk', { token: ts.tokens.admin, headers: { 'idempotency-key': uid('k') }, body: { items: 'all' } }),
      400,
      'items',
    );
  });

  test('a bad cursor → 400 naming cursor', async () => {
    const forged = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const page = await call<{ nextCursor: string }>(ts.url, 'GET', '/v1/cases?limit=1&sort=submittedAt', { token: ts.tokens.admin });
    expect(page.status).toBe(200);
    for (const [sort, cursor] of [
      ['submittedAt', 'not-a-cursor!'],
      ['submittedAt', 'e30'], // {}
      ['submittedAt', forged(['submittedAt', 'yesterday', 'X'])],
      ['submittedAt', forged(['submittedAt', '1', 'X'])], // Date.parse('1') is a date to JavaScript, not to SQL
      ['submittedAt', forged(['submittedAt', '2024-03-04 10:00', 'X'])],
      ['submittedAt', forged(['submittedAt', '99999-01-01T00:00:00Z', 'X'])],
      ['submittedAt', forged(['submittedAt', '2024-02-30T00:00:00.000Z', 'X'])], // rolls over in JavaScript only
      ['verifyDueAt', forged(['verifyDueAt', '2024-03-04T25:00:00.000Z', 'X'])],
      ['submittedAt', forged(['submittedAt', 7, 'X'])],
      ['trackingId', forged(['trackingId', null, 7])],
      ['trackingId', page.body.nextCursor], // made for another sort
      ['submittedAt', 'x'.repeat(501)],
    ] as const) {
      const res = await call(ts.url, 'GET', `/v1/cases?sort=${sort}&cursor=${encodeURIComponent(cursor)}`, { token: ts.tokens.admin });
      expectProblem(res, 400, 'cursor');
    }
  });

  test('unknown tracking id → 404; malformed tracking id → 400; unknown route → 404', async () => {
    expectProblem(await call(ts.url, 'GET', '/v1/cases/LAP-NOPE-1', { token: ts.tokens.admin }), 404);
    expectProblem(await action(ts, ts.tokens.admin, 'LAP-NOPE-1', 1, { action: 'close' }), 404);
    expectProblem(await call(ts.url, 'GET', `/v1/cases/${encodeURIComponent('bad id!')}`, { token: ts.tokens.admin }), 400, 'trackingId');
    expectProblem(await call(ts.url, 'GET', `/v1/cases/${'A'.repeat(65)}`, { token: ts.tokens.admin }), 400, 'trackingId');
    for (const [method, path] of [
      ['GET', '/v1/nothing'],
      ['GET', '/v2/cases'],
      ['DELETE', `/v1/cases/${known}`],
      ['PUT', '/v1/cases'],
      ['GET', '/'],
    ]) {
      const res = await call(ts.url, method, path, { token: ts.tokens.admin });
      expectProblem(res, 404);
    }
  });

  test('a body in another media type → 415 naming Content-Type', async () => {
    const body = JSON.stringify(newCaseBody());
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x']) {
      expectProblem(await post('/v1/cases', body, { 'content-type': type }), 415, 'Content-Type');
    }
    expectProblem(await post(`/v1/cases/${known}/actions`, '{"action":"close"}', { 'content-type': 'text/plain', 'if-match': '"2"' }), 415, 'Content-Type');
    // application/json with a charset, and the +json suffix forms, are fine
    const ok = await post('/v1/cases', JSON.stringify(newCaseBody()), { 'content-type': 'application/json; charset=utf-8' });
    expect(ok.status, ok.text).toBe(201);
    expect((await getCase(ts, known)).version).toBe(2);
  });

  test('forced server errors answer 500 problem+json without stack or SQL text', async () => {
    await ts.server.db.exec('ALTER TABLE calendar_days RENAME TO calendar_days_moved');
    try {
      const res = await call(ts.url, 'GET', '/v1/calendar?year=2024', { token: ts.tokens.admin });
      expectProblem(res, 500);
      expect(res.text).not.toContain('calendar_days');
    } finally {
      await ts.server.db.exec('ALTER TABLE calendar_days_moved RENAME TO calendar_days');
    }
    expect((await call(ts.url, 'GET', '/v1/calendar?year=2024', { token: ts.tokens.admin })).status).toBe(200);
  });

  test('a bulk failing on the server midway (event insert fails for one item) leaves no partial change, and the key is free again', async () => {
    const cases = await Promise.all(Array.from({ length: 3 }, () => intake(ts)));
    const poisoned = cases[1].trackingId;
    await ts.server.db.exec(`
      CREATE FUNCTION test_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.tracking_id = '${poisoned}' THEN RAISE EXCEPTION '${CANARY} refused event of %', NEW.tracking_id; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER test_poison BEFORE INSERT ON case_events FOR EACH ROW EXECUTE FUNCTION test_poison();`);
    const items = cases.map((c) => ({ trackingId: c.trackingId, version: 1, action: 'dispose', institutionId: 'badung.dinkes' }));
    const key = uid('poison');
    const total = await eventCount(ts);
    try {
      const res = await call(ts.url, 'POST', '/v1/bulk', { token: ts.tokens.admin, headers: { 'idempotency-key': key }, body: { items } });
      expectProblem(res, 500);
      expect(res.text).not.toContain(CANARY);
      expect(res.text).not.toContain(poisoned);
      const single = await action(ts, ts.tokens.admin, poisoned, 1, { action: 'dispose', institutionId: 'badung.dinkes' });
      expectProblem(single, 500);
      expect(single.text).not.toContain(CANARY);
      for (const c of cases) {
        const now = await getCase(ts, c.trackingId);
        expect(now).toEqual(c);
        expect((await eventsOf(ts, c.trackingId)).map((e) => e.action)).toEqual(['submit']);
      }
      expect(await eventCount(ts)).toBe(total);
      const [{ n }] = await ts.server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM idempotency_keys WHERE key = $1', [key]);
      expect(n).toBe(0);
    } finally {
      await ts.server.db.exec('DROP TRIGGER test_poison ON case_events; DROP FUNCTION test_poison();');
    }
    // the failed run stored nothing under its key: the retry executes (and is not a replay)
    const retry = await call<BulkResponse>(ts.url, 'POST', '/v1/bulk', { token: ts.tokens.admin, headers: { 'idempotency-key': key }, body: { items } });
    expect(retry.status, retry.text).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.body.counts).toEqual({ applied: 3, skipped: 0, failed: 0 });
    expect(await eventCount(ts)).toBe(total + 3);
  });

  test('every error answer so far carried no internals (spot check of a 404, 401, 428 and 412 too)', async () => {
    for (const res of [
      await call(ts.url, 'GET', '/v1/cases/LAP-NOPE-2/events', { token: ts.tokens.admin }),
      await call(ts.url, 'GET', '/v1/me', { headers: { authorization: 'Bearer lpr_x' } }),
      await action(ts, ts.tokens.admin, known, undefined, { action: 'close' }),
      await action(ts, ts.tokens.admin, known, 1, { action: 'respond', message: 'x' }),
    ]) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expectNoLeak(res.text);
    }
  });
});
