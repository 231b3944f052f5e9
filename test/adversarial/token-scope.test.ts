// Issue 15, items 2–4: a token never reaches past its binding, intake tells a scoped token nothing about
// other cases, and tokens have a life cycle (create, list, expire, revoke). On both backends.
//
// The holes as they were: a national_admin or system token bound to an institution could (a) mint an unbound
// national_admin, (b) import --update over cases outside its subtree, (c) page every tracking ID through
// /v1/audit/verify. The rule that closes all three: a national role is never bound (refused at creation,
// revoked by the migration, refused by a CHECK and by authentication), and a bound creator only makes tokens
// bound inside its subtree.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb } from '../../src/server/db/driver.js';
import { MIGRATIONS, migrate } from '../../src/server/db/migrations.js';
import { TOKEN_CACHE_MS } from '../../src/server/store.js';
import type { Case } from '../../src/domain/types.js';
import { BACKENDS, call, freshPostgresDatabase, startTestServer, type TestServer } from '../helpers/server.js';
import { expectProblem, intake, must, newCaseBody } from '../server/api-setup.js';

describe.each(BACKENDS)('token scope on %s', (backend) => {
  let ts: TestServer;
  let other: Case;

  beforeAll(async () => {
    ts = await startTestServer(backend);
    other = await must(ts, await intake(ts, { trackingId: 'SCOPE-OTHER-0001' }), { action: 'dispose', institutionId: 'denpasar.dpupr' });
  }, 120_000);
  afterAll(async () => {
    await ts?.close();
  });

  const post = (token: string, body: Record<string, unknown>) => call<Record<string, string>>(ts.url, 'POST', '/v1/tokens', { token, body });

  it('(a) no national_admin or system token can be bound to an institution, so none can mint an unbound national_admin', async () => {
    for (const role of ['national_admin', 'system'] as const) {
      const res = await post(ts.tokens.admin, { name: `bound-${role.replace('_', '-')}`, role, institutionId: 'badung' });
      expectProblem(res, 422, 'institutionId');
    }
    // a bound token cannot mint an unbound one of any role, nor a national one bound anywhere
    for (const role of ['national_admin', 'system', 'statistician', 'institution_admin', 'liaison'] as const) {
      const res = await post(ts.tokens['admin.badung'], { name: `up-${role.replace('_', '-')}`, role, institutionId: null });
      expect([403, 422], res.text).toContain(res.status);
    }
    expectProblem(await post(ts.tokens['admin.badung'], { name: 'up-stat', role: 'statistician', institutionId: 'badung' }), 403, 'role');
    expectProblem(await post(ts.tokens['admin.badung'], { name: 'side', role: 'liaison', institutionId: 'denpasar.dpupr' }), 403, 'institutionId');
    expectProblem(await post(ts.tokens['liaison.badung.dinkes'], { name: 'l2', role: 'liaison', institutionId: 'badung.dinkes' }), 403);
    const [{ n }] = await ts.server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM tokens WHERE name LIKE 'bound-%' OR name LIKE 'up-%' OR name IN ('side','l2')");
    expect(n).toBe(0);
  });

  it('(b) no system token bound to badung: an import --update over a denpasar case is out of reach of every bound token', async () => {
    expectProblem(await post(ts.tokens.admin, { name: 'sistem-badung', role: 'system', institutionId: 'badung' }), 422, 'institutionId');
    const upload = '{"trackingId":"SCOPE-OTHER-0001"}\n';
    for (const who of ['admin.badung', 'liaison.badung.dinkes'] as const) {
      const imp = await call(ts.url, 'POST', '/v1/imports/cases?update=true&dryRun=true', {
        token: ts.tokens[who],
        rawBody: upload,
        headers: { 'content-type': 'application/x-ndjson' },
      });
      expectProblem(imp, 403);
      expect(imp.text).not.toContain(other.trackingId);
    }
    // nor can such a row be written by hand: the CHECK refuses an active bound national token
    await expect(
      ts.server.db.query("INSERT INTO tokens (name, hash, role, institution_id) VALUES ('by-hand', 'h-by-hand', 'system', 'badung')"),
    ).rejects.toThrow(/tokens_national_unbound/);
  });

  it('(c) no national_admin token bound to badung: the audit cursor (every tracking ID) is out of reach of every bound token', async () => {
    expectProblem(await post(ts.tokens.admin, { name: 'nasional-badung', role: 'national_admin', institutionId: 'badung' }), 422, 'institutionId');
    for (const who of ['admin.badung', 'liaison.badung.dinkes'] as const) {
      const audit = await call(ts.url, 'GET', '/v1/audit/verify?limit=1', { token: ts.tokens[who] });
      expectProblem(audit, 403);
      expect(audit.text).not.toContain(other.trackingId);
    }
  });

  it('the migration revokes a bound national token that exists already and the CHECK keeps it revoked', async () => {
    let drop = async () => {};
    let url: string | undefined;
    if (backend === 'postgres') {
      const fresh = await freshPostgresDatabase();
      url = fresh.url;
      drop = fresh.drop;
    }
    const db = await openDb({ databaseUrl: url, dataDir: 'memory://' });
    try {
      await db.transaction(async (tx) => {
        await tx.exec('CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())');
        for (const m of MIGRATIONS.filter((m) => m.version < 5)) {
          await tx.exec(m.sql);
          await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
        }
        await tx.exec(`INSERT INTO institutions (id, parent_id, name, level, path) VALUES ('badung', NULL, 'Badung', 'regency', '/badung/');
          INSERT INTO tokens (name, hash, role, institution_id) VALUES
            ('old-bound-admin', 'h1', 'national_admin', 'badung'), ('old-bound-system', 'h2', 'system', 'badung'),
            ('old-admin', 'h3', 'national_admin', NULL), ('old-liaison', 'h4', 'liaison', 'badung')`);
      });
      expect(await migrate(db)).toBeGreaterThan(0);
      const rows = await db.query<{ name: string; revoked: boolean }>('SELECT name, revoked_at IS NOT NULL AS revoked FROM tokens ORDER BY name');
      expect(rows).toEqual([
        { name: 'old-admin', revoked: false },
        { name: 'old-bound-admin', revoked: true },
        { name: 'old-bound-system', revoked: true },
        { name: 'old-liaison', revoked: false },
      ]);
      await expect(db.query("UPDATE tokens SET revoked_at = NULL WHERE name = 'old-bound-admin'")).rejects.toThrow(/tokens_national_unbound/);
    } finally {
      await db.close();
      await drop();
    }
  });

  it('intake: a bound token cannot tell whether an out-of-scope tracking ID exists (one fixed answer)', async () => {
    const attempt = (trackingId: string) =>
      call(ts.url, 'POST', '/v1/cases', { token: ts.tokens['admin.badung'], body: newCaseBody({ trackingId, institutionId: 'badung' }) });
    const taken = await attempt(other.trackingId); // exists, in denpasar
    const free = await attempt('SCOPE-FREE-00001'); // same length, exists nowhere
    expectProblem(taken, 422, 'trackingId');
    expect(free.status).toBe(taken.status);
    expect(free.text).toBe(taken.text);
    const [{ n }] = await ts.server.db.query<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE tracking_id = 'SCOPE-FREE-00001'");
    expect(n).toBe(0);
  });

  it('intake: the server assigns LPR-YYYY-NNNNNNN in sequence; national tokens keep idempotency by tracking ID; statisticians get 403', async () => {
    const ids: string[] = [];
    for (const token of [ts.tokens['admin.badung'], ts.tokens.admin, ts.tokens['admin.badung']]) {
      const res = await call<Case>(ts.url, 'POST', '/v1/cases', { token, body: newCaseBody({ trackingId: undefined, institutionId: 'badung.dinkes' }) });
      expect(res.status, res.text).toBe(201);
      expect(res.headers.get('location')).toBe(`/v1/cases/${res.body.trackingId}`);
      ids.push(res.body.trackingId);
    }
    for (const id of ids) expect(id).toMatch(/^LPR-2024-\d{7}$/);
    const numbers = ids.map((id) => Number(id.slice(-7)));
    expect(numbers[1]).toBe(numbers[0] + 1);
    expect(numbers[2]).toBe(numbers[1] + 1);
    // imported (or seeded) cases that hold the next numbers: the sequence jumps past the highest of them
    const lpr = (n: number) => `LPR-2024-${String(n).padStart(7, '0')}`;
    for (const n of [numbers[2] + 1, numbers[2] + 2, numbers[2] + 500]) await intake(ts, { trackingId: lpr(n) });
    await intake(ts, { trackingId: 'LPR-2024-99999999' }); // not of the form: ignored
    const after = await call<Case>(ts.url, 'POST', '/v1/cases', { token: ts.tokens['admin.badung'], body: newCaseBody({ trackingId: undefined, institutionId: 'badung' }) });
    expect(after.status, after.text).toBe(201);
    expect(after.body.trackingId).toBe(lpr(numbers[2] + 501));
    // a national token naming its ID: the same content again answers the stored case, other content 409
    const body = newCaseBody({ trackingId: 'SCOPE-NAT-000001' });
    expect((await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body })).status).toBe(201);
    expect((await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body })).status).toBe(200);
    expectProblem(await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body: { ...body, title: 'Lain' } }), 409, 'trackingId');
    expectProblem(await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens.stat, body: newCaseBody({ trackingId: undefined }) }), 403);
  });

  it('life cycle: create with an expiry, list without secrets, revoke inside the subtree, 401 after revocation and expiry', async () => {
    const made = await post(ts.tokens['admin.badung'], {
      name: 'penghubung-dinkes',
      role: 'liaison',
      institutionId: 'badung.dinkes',
      expiresAt: '2024-06-01T00:00:00Z',
    });
    expect(made.status, made.text).toBe(201);
    expect(made.body).toEqual({ name: 'penghubung-dinkes', token: expect.stringMatching(/^lpr_/), role: 'liaison', institutionId: 'badung.dinkes', expiresAt: '2024-06-01T00:00:00.000Z' });
    const secret = made.body.token;
    expectProblem(await post(ts.tokens['admin.badung'], { name: 'penghubung-dinkes', role: 'liaison', institutionId: 'badung.dinkes' }), 409, 'name');
    expectProblem(await post(ts.tokens.admin, { name: 'kedaluwarsa', role: 'liaison', institutionId: 'badung.dinkes', expiresAt: '2024-01-01T00:00:00Z' }), 422, 'expiresAt');
    expect((await call(ts.url, 'GET', '/v1/me', { token: secret })).status).toBe(200);

    // listings: never a secret or a hash; an institution admin sees its subtree only
    const all = await call<{ items: { name: string; institutionId: string | null; createdBy: string | null }[] }>(ts.url, 'GET', '/v1/tokens', { token: ts.tokens.admin });
    expect(all.status).toBe(200);
    expect(all.body.items.map((i) => i.name)).toEqual(expect.arrayContaining(['admin', 'admin.badung', 'admin.denpasar', 'penghubung-dinkes', 'stat', 'system']));
    expect(all.body.items.find((i) => i.name === 'penghubung-dinkes')?.createdBy).toBe('admin.badung');
    const hashes = await ts.server.db.query<{ hash: string }>('SELECT hash FROM tokens');
    for (const res of [all, await call(ts.url, 'GET', '/v1/tokens?all=true', { token: ts.tokens['admin.badung'] })]) {
      expect(res.text).not.toContain('lpr_');
      for (const h of hashes) expect(res.text).not.toContain(h.hash);
    }
    const mine = await call<{ items: { name: string }[] }>(ts.url, 'GET', '/v1/tokens', { token: ts.tokens['admin.badung'] });
    expect(mine.body.items.map((i) => i.name)).toEqual(['admin.badung', 'liaison.badung.dinkes', 'penghubung-dinkes']);
    expectProblem(await call(ts.url, 'GET', '/v1/tokens', { token: ts.tokens['liaison.badung.dinkes'] }), 403);

    // out of reach answers exactly like missing
    const outside = await call(ts.url, 'DELETE', '/v1/tokens/admin.denpasar', { token: ts.tokens['admin.badung'] });
    const missing = await call(ts.url, 'DELETE', '/v1/tokens/admin.dempasar', { token: ts.tokens['admin.badung'] });
    expectProblem(outside, 404);
    expect(outside.text.split('admin.denpasar').join('{n}')).toBe(missing.text.split('admin.dempasar').join('{n}'));
    expect((await call(ts.url, 'GET', '/v1/me', { token: ts.tokens['admin.denpasar'] })).status).toBe(200);

    const revoked = await call<{ name: string; revokedAt: string }>(ts.url, 'DELETE', '/v1/tokens/penghubung-dinkes', { token: ts.tokens['admin.badung'] });
    expect(revoked.status, revoked.text).toBe(200);
    expect(revoked.body).toEqual({ name: 'penghubung-dinkes', revokedAt: ts.clock.now.toISOString() });
    expectProblem(await call(ts.url, 'GET', '/v1/me', { token: secret }), 401);
    expect((await call<{ items: unknown[] }>(ts.url, 'GET', '/v1/tokens', { token: ts.tokens['admin.badung'] })).body.items).toHaveLength(2);

    // expiry: trusted until the instant, refused from it (the cache never outlives it)
    const soon = await post(ts.tokens.admin, { name: 'sebentar', role: 'statistician', institutionId: null, expiresAt: new Date(ts.clock.now.getTime() + TOKEN_CACHE_MS * 10).toISOString() });
    expect(soon.status, soon.text).toBe(201);
    expect((await call(ts.url, 'GET', '/v1/me', { token: soon.body.token })).status).toBe(200);
    const start = ts.clock.now;
    try {
      ts.clock.now = new Date(start.getTime() + TOKEN_CACHE_MS * 10);
      expectProblem(await call(ts.url, 'GET', '/v1/me', { token: soon.body.token }), 401);
    } finally {
      ts.clock.now = start;
    }
  });

  it('a token revoked in the database (by another server instance) is refused within TOKEN_CACHE_MS', async () => {
    const made = await post(ts.tokens.admin, { name: 'instans-lain', role: 'liaison', institutionId: 'badung.dinkes' });
    expect((await call(ts.url, 'GET', '/v1/me', { token: made.body.token })).status).toBe(200);
    await ts.server.db.query("UPDATE tokens SET revoked_at = now() WHERE name = 'instans-lain'");
    const start = ts.clock.now;
    try {
      ts.clock.now = new Date(start.getTime() + TOKEN_CACHE_MS);
      expectProblem(await call(ts.url, 'GET', '/v1/me', { token: made.body.token }), 401);
    } finally {
      ts.clock.now = start;
    }
  });
});
