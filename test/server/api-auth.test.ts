// Issue #2 "Must show" 2: every role × scope. National roles see every case; institution admins and
// liaisons see their subtree only, and a case outside it answers exactly like a missing one (byte for byte,
// apart from the tracking id); statisticians get 403 on every case route; liaisons respond but never dispose.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Case } from '../../src/domain/types.js';
import { TOKEN_CACHE_MS } from '../../src/server/store.js';
import { BACKENDS, call, type JsonResponse, type TestServer, startTestServer } from '../helpers/server.js';
import { action, disposedCase, eventCount, expectProblem, getCase, newCaseBody } from './api-setup.js';

type Scope = 'own' | 'other' | 'missing' | 'confidential';
const SCOPES: Scope[] = ['own', 'other', 'missing', 'confidential'];

/** Where each token's "own" and "other" cases are disposed to. */
const HOME: Record<string, { own: string; other: string }> = {
  admin: { own: 'badung.dinkes', other: 'denpasar.dishub' },
  system: { own: 'badung.dinkes', other: 'denpasar.dishub' },
  stat: { own: 'badung.dinkes', other: 'denpasar.dishub' },
  'admin.badung': { own: 'badung.dinkes', other: 'denpasar.dishub' },
  'admin.denpasar': { own: 'denpasar.dinkes', other: 'badung.dishub' },
  'liaison.badung.dinkes': { own: 'badung.dinkes', other: 'denpasar.dishub' },
};

/** Expected statuses of GET, GET events and a `respond` action, per token and scope. */
const EXPECTED: Record<string, Record<Scope, [number, number, number]>> = {
  admin: { own: [200, 200, 200], other: [200, 200, 200], missing: [404, 404, 404], confidential: [200, 200, 200] },
  // system sees everything but may not post a follow-up
  system: { own: [200, 200, 403], other: [200, 200, 403], missing: [404, 404, 404], confidential: [200, 200, 403] },
  stat: { own: [403, 403, 403], other: [403, 403, 403], missing: [403, 403, 403], confidential: [403, 403, 403] },
  'admin.badung': { own: [200, 200, 200], other: [404, 404, 404], missing: [404, 404, 404], confidential: [200, 200, 200] },
  'admin.denpasar': { own: [200, 200, 200], other: [404, 404, 404], missing: [404, 404, 404], confidential: [200, 200, 200] },
  'liaison.badung.dinkes': { own: [200, 200, 200], other: [404, 404, 404], missing: [404, 404, 404], confidential: [200, 200, 200] },
};

describe.each(BACKENDS)('API roles and scopes (%s)', (backend) => {
  let ts: TestServer;
  const cases: Record<string, Record<Scope, { id: string; version: number }>> = {};

  beforeAll(async () => {
    ts = await startTestServer(backend);
    for (const [token, home] of Object.entries(HOME)) {
      const tag = token.replace(/\./g, '-').toUpperCase();
      const own = await disposedCase(ts, home.own, { trackingId: `AU-${tag}-OWN`, title: 'Obat kosong di puskesmas' });
      const other = await disposedCase(ts, home.other, { trackingId: `AU-${tag}-OTH`, title: 'Lampu lalu lintas mati' });
      const conf = await disposedCase(ts, home.own, {
        trackingId: `AU-${tag}-CON`,
        title: 'Dugaan pungli oleh petugas',
        confidential: true,
      });
      cases[token] = {
        own: { id: own.trackingId, version: own.version },
        other: { id: other.trackingId, version: other.version },
        confidential: { id: conf.trackingId, version: conf.version },
        missing: { id: `AU-${tag}-MIS`, version: 2 }, // same length as the others: never created
      };
    }
  });
  afterAll(async () => {
    await ts?.close();
  });

  async function probe(token: string, id: string, version: number): Promise<[JsonResponse<unknown>, JsonResponse<unknown>, JsonResponse<unknown>]> {
    const t = ts.tokens[token];
    const get = await call(ts.url, 'GET', `/v1/cases/${id}`, { token: t });
    const events = await call(ts.url, 'GET', `/v1/cases/${id}/events`, { token: t });
    const act = await action(ts, t, id, version, { action: 'respond', message: 'Sudah kami tindak lanjuti.' });
    return [get, events, act];
  }

  test.each(Object.keys(HOME))('%s: GET, GET events and respond answer as the role and scope allow', async (token) => {
    for (const scope of SCOPES) {
      const c = cases[token][scope];
      const before = scope === 'missing' ? 0 : await eventCount(ts, c.id);
      const answers = await probe(token, c.id, c.version);
      const statuses = answers.map((r) => r.status);
      expect(statuses, `${token} × ${scope}: ${answers.map((r) => r.text.slice(0, 200)).join(' | ')}`).toEqual(EXPECTED[token][scope]);
      for (const r of answers) if (r.status >= 400) expectProblem(r, r.status);
      const [get, events, act] = answers;
      if (get.status === 200) {
        expect(get.headers.get('etag')).toBe(`"${c.version}"`);
        const body = get.body as Case;
        expect(body.trackingId).toBe(c.id);
        // the handling chain sees a confidential case whole
        expect(body.title).toEqual(expect.any(String));
        expect(body.body).toEqual(expect.any(String));
        expect((events.body as { items: unknown[] }).items).toHaveLength(2);
      } else {
        expect(get.headers.get('etag')).toBeNull();
      }
      if (scope !== 'missing') {
        const after = await eventCount(ts, c.id);
        expect(after).toBe(before + (act.status === 200 ? 1 : 0));
        if (act.status === 200) {
          expect((act.body as { case: Case }).case.status).toBe('in_progress');
          c.version += 1;
        }
      }
    }
  });

  test.each(['admin.badung', 'admin.denpasar', 'liaison.badung.dinkes'])(
    '%s: an out-of-scope case answers byte-identically to a missing one',
    async (token) => {
      const other = cases[token].other;
      const missing = cases[token].missing;
      const outside = await probe(token, other.id, other.version);
      const absent = await probe(token, missing.id, missing.version);
      for (let i = 0; i < 3; i += 1) {
        expect(outside[i].status).toBe(404);
        expect(absent[i].status).toBe(404);
        expect(outside[i].headers.get('content-type')).toBe(absent[i].headers.get('content-type'));
        const a = outside[i].text.split(other.id).join('{id}');
        const b = absent[i].text.split(missing.id).join('{id}');
        expect(a).toBe(b);
        expect(outside[i].text).not.toContain(HOME[token].other);
      }
      // the same with a stale version and with an already-done action
      const stale = await action(ts, ts.tokens[token], other.id, 99, { action: 'dispose', institutionId: HOME[token].own });
      const staleMissing = await action(ts, ts.tokens[token], missing.id, 99, { action: 'dispose', institutionId: HOME[token].own });
      expect(stale.status).toBe(404);
      expect(stale.text.split(other.id).join('{id}')).toBe(staleMissing.text.split(missing.id).join('{id}'));
    },
  );

  test('a liaison may respond on its unit but never dispose, redispose or archive (403)', async () => {
    const liaison = ts.tokens['liaison.badung.dinkes'];
    const c = await disposedCase(ts, 'badung.dinkes', { trackingId: 'AU-LIAISON-1' });
    const before = await eventCount(ts, c.trackingId);
    for (const body of [
      { action: 'dispose', institutionId: 'badung.dinkes' },
      { action: 'redispose', institutionId: 'badung.dishub' },
      { action: 'archive', reason: 'spam' },
      { action: 'close' },
      { action: 'edit', changes: { title: 'Judul baru' } },
    ]) {
      expectProblem(await action(ts, liaison, c.trackingId, c.version, body), 403);
    }
    expect(await eventCount(ts, c.trackingId)).toBe(before);
    expect((await getCase(ts, c.trackingId)).version).toBe(c.version);
    const ok = await action(ts, liaison, c.trackingId, c.version, { action: 'respond', message: 'Obat sudah tersedia kembali.' });
    expect(ok.status, ok.text).toBe(200);
    expect((ok.body as { event: { actor: string; role: string } }).event).toMatchObject({ actor: 'liaison.badung.dinkes', role: 'liaison' });
  });

  test('an institution admin disposes inside its subtree only', async () => {
    const c = await disposedCase(ts, 'badung', { trackingId: 'AU-INST-1' });
    const t = ts.tokens['admin.badung'];
    expectProblem(await action(ts, t, c.trackingId, c.version, { action: 'redispose', institutionId: 'denpasar.dishub' }), 422, 'institutionId');
    const ok = await action(ts, t, c.trackingId, c.version, { action: 'redispose', institutionId: 'badung.dinkes' });
    expect(ok.status, ok.text).toBe(200);
  });

  test('statisticians get 403 on every case route, also listing, intake and bulk', async () => {
    const t = ts.tokens.stat;
    expectProblem(await call(ts.url, 'GET', '/v1/cases', { token: t }), 403);
    expectProblem(await call(ts.url, 'POST', '/v1/cases', { token: t, body: newCaseBody() }), 403);
    const own = cases.stat.own;
    expectProblem(
      await call(ts.url, 'POST', '/v1/bulk', {
        token: t,
        headers: { 'idempotency-key': 'stat-1' },
        body: { items: [{ trackingId: own.id, version: own.version, action: 'archive', reason: 'spam' }] },
      }),
      403,
    );
  });

  test('intake: liaisons may not submit; institution admins only inside their subtree', async () => {
    expectProblem(await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens['liaison.badung.dinkes'], body: newCaseBody({ institutionId: 'badung.dinkes' }) }), 403);
    expectProblem(await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens['admin.badung'], body: newCaseBody({ institutionId: 'denpasar' }) }), 422, 'institutionId');
    expectProblem(await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens['admin.badung'], body: newCaseBody() }), 422, 'institutionId');
    // a bound token leaves the tracking ID to the server
    const ok = await call<{ trackingId: string }>(ts.url, 'POST', '/v1/cases', {
      token: ts.tokens['admin.badung'],
      body: newCaseBody({ trackingId: undefined, institutionId: 'badung' }),
    });
    expect(ok.status, ok.text).toBe(201);
    expect(ok.body.trackingId).toMatch(/^LPR-2024-\d{7}$/);
  });

  test('missing, unknown and malformed tokens answer 401 with WWW-Authenticate: Bearer', async () => {
    const attempts: [string, Record<string, string>][] = [
      ['/v1/me', {}],
      ['/v1/cases', { authorization: 'Bearer lpr_not-a-real-token' }],
      ['/v1/institutions', { authorization: 'Basic dXNlcjpwYXNz' }],
      ['/v1/cases/AU-ADMIN-OWN', { authorization: 'Bearer' }],
    ];
    for (const [path, headers] of attempts) {
      const res = await call(ts.url, 'GET', path, { headers });
      expectProblem(res, 401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
      expect(res.text).not.toContain('lpr_not-a-real-token');
    }
    const post = await call(ts.url, 'POST', '/v1/bulk', { headers: { 'idempotency-key': 'x' }, body: { items: [] } });
    expectProblem(post, 401);
    expect(post.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
  });

  test(`a revoked token is refused within ${TOKEN_CACHE_MS / 1000} s (authenticated tokens are trusted that long)`, async () => {
    const secret = await ts.server.store.createToken('revoke-me', 'national_admin', null);
    expect((await call(ts.url, 'GET', '/v1/me', { token: secret })).status).toBe(200);
    await ts.server.store.db.query("UPDATE tokens SET revoked_at = now() WHERE name = 'revoke-me'");
    expect((await call(ts.url, 'GET', '/v1/me', { token: secret })).status).toBe(200);
    ts.clock.now = new Date(ts.clock.now.getTime() + TOKEN_CACHE_MS + 1);
    expectProblem(await call(ts.url, 'GET', '/v1/me', { token: secret }), 401);
  });
});
