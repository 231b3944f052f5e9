// The faults the fuzzers found, pinned down one by one so that they stay fixed (PGlite and PostgreSQL):
// U+0000 in text or in a cursor (PostgreSQL text cannot hold it: was a 500), bodies nested thousands of
// levels deep (a stack overflow while hashing a bulk request: was a 500), an oversized URL or header block
// (answered by Node's parser as plain JSON), institution tokens without an institution (listed everything).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_DEPTH, nulAt, tooDeep } from '../../src/server/problem.js';
import { BACKENDS, call, startTestServer, type TestServer } from '../helpers/server.js';
import { disposedCase, expectProblem, newCaseBody } from '../server/api-setup.js';

describe('nulAt and tooDeep', () => {
  it('find the first NUL by path, in values and keys, iteratively', () => {
    expect(nulAt({ a: 'ok', b: [1, 'x\u0000'] })).toBe('b[1]');
    expect(nulAt({ items: [{ note: 'a' }, { message: 'b\u0000c' }] }, 'body')).toBe('body.items[1].message');
    expect(nulAt({ 'k\u0000': 1 })).toBe('k\\u0000');
    expect(nulAt({ a: ['tidak ada'] })).toBeNull();
    let deep: unknown = 'x\u0000';
    for (let i = 0; i < 200_000; i += 1) deep = [deep];
    expect(nulAt(deep)?.startsWith('[0][0]')).toBe(true);
  });

  it('measure depth without recursion', () => {
    expect(tooDeep({ items: [{ changes: { title: 'x' } }] }, MAX_BODY_DEPTH)).toBe(false);
    let deep: unknown = 1;
    for (let i = 0; i < 500_000; i += 1) deep = [deep];
    expect(tooDeep(deep, MAX_BODY_DEPTH)).toBe(true);
    expect(tooDeep(deep, 600_000)).toBe(false);
  });
});

describe.each(BACKENDS)('fixed faults on %s', (backend) => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer(backend);
  }, 120_000);
  afterAll(async () => {
    await ts?.close();
  });

  it('a NUL in a body field, a query value or a cursor → 400 naming it, not 500', async () => {
    expectProblem(await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body: newCaseBody({ title: 'a\u0000b' }) }), 400, 'title');
    const c = await disposedCase(ts, 'badung.dinkes');
    const bulk = await call(ts.url, 'POST', '/v1/bulk', {
      token: ts.tokens.admin,
      body: { items: [{ trackingId: c.trackingId, version: c.version, action: 'respond', message: 'x\u0000' }] },
      headers: { 'idempotency-key': `nul-${backend}` },
    });
    expectProblem(bulk, 400, 'items[0].message');
    expectProblem(await call(ts.url, 'GET', `/v1/cases?q=${encodeURIComponent('a\u0000')}`, { token: ts.tokens.admin }), 400, 'q');
    const cursor = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    expectProblem(await call(ts.url, 'GET', `/v1/cases?sort=trackingId&cursor=${cursor(['trackingId', null, 'a\u0000'])}`, { token: ts.tokens.admin }), 400, 'cursor');
    expectProblem(await call(ts.url, 'GET', `/v1/audit/verify?cursor=${cursor(['audit', 'a\u0000'])}`, { token: ts.tokens.admin }), 400, 'cursor');
    expect((await call(ts.url, 'GET', `/v1/cases/${c.trackingId}/events`, { token: ts.tokens.admin })).body).toMatchObject({ items: [{}, {}] });
  });

  it('a body nested deeper than the limit → 400, for bulk and every other body', async () => {
    for (const depth of [MAX_BODY_DEPTH + 1, 5_000, 150_000]) {
      const raw = `{"items":[${'['.repeat(depth)}${']'.repeat(depth)}]}`;
      expectProblem(await call(ts.url, 'POST', '/v1/bulk', { token: ts.tokens.admin, rawBody: raw, headers: { 'idempotency-key': `deep-${depth}` } }), 400, '(body)');
    }
    const raw = `${'{"a":'.repeat(100)}1${'}'.repeat(100)}`;
    expectProblem(await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, rawBody: raw }), 400, '(body)');
  });

  it('an oversized URL → 431 problem+json', async () => {
    const res = await call(ts.url, 'GET', `/v1/cases?q=${'x'.repeat(40_000)}`, { token: ts.tokens.admin });
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 431, type: '/problems/validation' });
  });

  it('an institution role cannot get a token without an institution', async () => {
    for (const role of ['institution_admin', 'liaison']) {
      expectProblem(await call(ts.url, 'POST', '/v1/tokens', { token: ts.tokens.admin, body: { name: `x-${role}`, role, institutionId: null } }), 422, 'institutionId');
    }
    const ok = await call(ts.url, 'POST', '/v1/tokens', { token: ts.tokens.admin, body: { name: 'nasional-2', role: 'national_admin', institutionId: null } });
    expect(ok.status).toBe(201);
  });
});
