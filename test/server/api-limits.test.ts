// Issue #2 "Must show" 6 and 7: the limits. A per-token rate limit answering 429 problem+json with
// Retry-After (another token is not limited), and a body-size limit answering 413 without writing anything.
// One server with both limits: each test uses its own tokens, so their request budgets do not mix.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BACKENDS, call, type TestServer, startTestServer } from '../helpers/server.js';
import { eventCount, expectProblem, newCaseBody, uid } from './api-setup.js';

const MAX = 5;

describe.each(BACKENDS)('API limits (%s)', (backend) => {
  let ts: TestServer;

  beforeAll(async () => {
    ts = await startTestServer(backend, { rateLimit: { max: MAX, windowMs: 60_000 }, bodyLimit: 4096 });
  });
  afterAll(async () => {
    await ts?.close();
  });

  test('the 6th request of one token → 429 problem+json with Retry-After in seconds; another token is not limited', async () => {
    const token = ts.tokens.admin;
    for (let i = 0; i < MAX; i += 1) {
      const res = await call(ts.url, 'GET', '/v1/me', { token });
      expect(res.status, `request ${i + 1}`).toBe(200);
    }
    const limited = await call(ts.url, 'GET', '/v1/cases', { token });
    expectProblem(limited, 429);
    const retryAfter = limited.headers.get('retry-after');
    expect(retryAfter).toMatch(/^\d+$/);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(Number(retryAfter)).toBeLessThanOrEqual(60);
    // writes are limited too, and a limited write does nothing
    const total = await eventCount(ts);
    expectProblem(await call(ts.url, 'POST', '/v1/cases', { token, body: newCaseBody() }), 429);
    expect(await eventCount(ts)).toBe(total);

    // the statistician's budget is its own
    for (let i = 0; i < MAX; i += 1) {
      const res = await call(ts.url, 'GET', '/v1/institutions', { token: ts.tokens.stat });
      expect(res.status, `stat request ${i + 1}`).toBe(200);
    }
    expectProblem(await call(ts.url, 'GET', '/v1/institutions', { token: ts.tokens.stat }), 429);
  });

  test('requests without a token share a budget per address; /healthz and /openapi.json answer when it is spent', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < MAX + 1; i += 1) statuses.push((await call(ts.url, 'GET', '/v1/me')).status);
    expect(statuses).toEqual([...Array(MAX).fill(401), 429]);
    expectProblem(await call(ts.url, 'GET', '/v1/institutions'), 429);
    // a balancer's health check and the API description are outside the limit
    for (let i = 0; i < MAX + 1; i += 1) {
      const health = await call(ts.url, 'GET', '/healthz');
      expect(health.status, health.text).toBe(200);
      expect(health.headers.get('x-ratelimit-remaining')).toBeNull();
      expect((await call(ts.url, 'GET', '/openapi.json')).status).toBe(200);
    }
    // a token still has its own budget
    expect((await call(ts.url, 'GET', '/v1/me', { token: ts.tokens.system })).status).toBe(200);
  });

  test('made-up tokens share their address budget, so spraying them does not get around the limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < MAX + 1; i += 1) {
      statuses.push((await call(ts.url, 'GET', '/v1/me', { token: `lpr_madeup${i}xxxxxxxxxxxxxxxxxxxx` })).status);
    }
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true);
  });

  test('a body over the limit → 413 problem+json naming the body, and nothing is written', async () => {
    const token = ts.tokens['admin.badung'];
    const total = await eventCount(ts);
    const big = newCaseBody({ institutionId: 'badung', body: 'x'.repeat(5000) });
    expectProblem(await call(ts.url, 'POST', '/v1/cases', { token, body: big }), 413, '(body)');
    const items = Array.from({ length: 60 }, (_, i) => ({ trackingId: `LIM-${i}`, version: 1, action: 'archive', reason: 'spam' }));
    expectProblem(
      await call(ts.url, 'POST', '/v1/bulk', { token, headers: { 'idempotency-key': uid('big') }, body: { items } }),
      413,
      '(body)',
    );
    expect(await eventCount(ts)).toBe(total);
    const [{ n }] = await ts.server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM idempotency_keys');
    expect(n).toBe(0);
    // just under the limit is fine
    const ok = await call(ts.url, 'POST', '/v1/cases', { token, body: newCaseBody({ trackingId: undefined, institutionId: 'badung', body: 'x'.repeat(3000) }) });
    expect(ok.status, ok.text).toBe(201);
  });
});
