// Authorization matrix (issue #8, item 5; issue 15): every role × bound/unbound (as the token rule allows
// the binding), and no token, and a made-up token × every route the server publishes in /openapi.json ×
// {own subtree, other institution, missing, confidential, anonymous}. The route list comes from the running
// server and every route must have a row in the table below (a new route fails until it has one), which says
// who may call it, so a loosened declaration fails too. National roles bound to an institution cannot be
// made (asserted), so they have no column.
//
// Rules checked for every cell:
// - no token or an unknown token → 401; a role outside the route's allow list → 403;
// - a case outside the caller's scope answers exactly like a missing one: same status, same headers
//   (names and length), same body once the tracking ID is replaced — for reads, actions and bulk items;
// - a visible case is answered (2xx, or the action's own refusal), never 404;
// - no answer to an institution-bound token names another institution's case or shows a confidential
//   title, no answer to a statistician shows a title, and no answer to anyone shows a reporter's identity.
// - intake by a bound token: the same answer whether the tracking ID it names exists out of scope or not;
// - tokens: creating in, listing and revoking an out-of-scope token (revoke: exactly like a missing one).
// Plus: a bulk of 90 in-scope and 10 out-of-scope items changes exactly the 90.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BulkResponse } from '../../src/domain/schemas.js';
import { decodeFeedCursor } from '../../src/domain/feed.js';
import type { Case, Role } from '../../src/domain/types.js';
import { BACKENDS, call, startTestServer, type JsonResponse, type TestServer } from '../helpers/server.js';
import { action, eventCount, expectNoLeak, expectProblem, must } from '../server/api-setup.js';

type Who = 'admin' | 'system' | 'stat' | 'stat.badung' | 'admin.badung' | 'admin.denpasar' | 'liaison.badung.dinkes' | 'none' | 'bogus';
const WHO: Who[] = ['admin', 'system', 'stat', 'stat.badung', 'admin.badung', 'admin.denpasar', 'liaison.badung.dinkes', 'none', 'bogus'];
const ROLE_OF: Record<Exclude<Who, 'none' | 'bogus'>, Role> = {
  admin: 'national_admin',
  system: 'system',
  stat: 'statistician',
  'stat.badung': 'statistician',
  'admin.badung': 'institution_admin',
  'admin.denpasar': 'institution_admin',
  'liaison.badung.dinkes': 'liaison',
};
/** The institution subtree each token sees (null: national). */
const SCOPE_OF: Record<Exclude<Who, 'none' | 'bogus'>, string | null> = {
  admin: null,
  system: null,
  stat: null,
  'stat.badung': 'badung',
  'admin.badung': 'badung',
  'admin.denpasar': 'denpasar',
  'liaison.badung.dinkes': 'badung.dinkes',
};

type Target = 'own' | 'other' | 'missing' | 'confidential' | 'anonymous';
const TARGETS: Target[] = ['own', 'other', 'missing', 'confidential', 'anonymous'];
/** Same length on purpose, so that out-of-scope and missing answers can be compared byte for byte. */
const ID: Record<Target, string> = {
  own: 'MTX-OWN-00001',
  other: 'MTX-OTH-00001',
  missing: 'MTX-MIS-00001',
  confidential: 'MTX-CNF-00001',
  anonymous: 'MTX-ANO-00001',
};
/** Where each case is disposed (badung.dinkes is inside badung; denpasar.dpupr inside denpasar). */
const HOME_OF: Record<Exclude<Target, 'missing'>, string> = {
  own: 'badung.dinkes',
  other: 'denpasar.dpupr',
  confidential: 'denpasar.dpupr',
  anonymous: 'badung.dinkes',
};
const SECRET_TITLE = 'RAHASIA-kanari-7f3a';
const PII = { name: 'Kanari Pelapor Anonim', contact: 'kanari.pelapor@example.id', nik: '5171999912340001' };

const ALL: Role[] = ['national_admin', 'institution_admin', 'liaison', 'statistician', 'system'];
const CASE_ROLES: Role[] = ['national_admin', 'institution_admin', 'liaison', 'system'];
const NATIONAL: Role[] = ['national_admin', 'system'];
const TOKEN_ADMINS: Role[] = ['national_admin', 'institution_admin'];
/** Who may call each route (statisticians get aggregates only). Every published route needs a row. */
const KNOWN: Record<string, Role[] | 'public'> = {
  'GET /healthz': 'public',
  'GET /openapi.json': 'public',
  'GET /v1/me': ALL,
  'GET /v1/institutions': ALL,
  'GET /v1/categories': ALL,
  'GET /v1/channels': ALL,
  'GET /v1/calendar': ALL,
  'POST /v1/tokens': TOKEN_ADMINS,
  'GET /v1/tokens': TOKEN_ADMINS,
  'DELETE /v1/tokens/{name}': TOKEN_ADMINS,
  'GET /v1/cases': CASE_ROLES,
  'GET /v1/cases/{trackingId}': CASE_ROLES,
  'GET /v1/cases/{trackingId}/events': CASE_ROLES,
  'POST /v1/cases/{trackingId}/actions': CASE_ROLES,
  'POST /v1/bulk': CASE_ROLES,
  'POST /v1/cases': ['national_admin', 'institution_admin', 'system'],
  'GET /v1/sla/overdue': CASE_ROLES,
  'POST /v1/sla/sweep': ['national_admin', 'system'],
  'GET /v1/audit/verify': NATIONAL,
  'GET /v1/stats/annual': ALL,
  'GET /v1/stats/trend': ALL,
  'GET /v1/exports/cases': ALL,
  'POST /v1/imports/cases': NATIONAL,
  'POST /v1/imports/institutions': NATIONAL,
  'POST /v1/imports/categories': NATIONAL,
  'POST /v1/imports/calendar': NATIONAL,
  // aliases of names are reference data: read by every role, kept by national admins
  'GET /v1/aliases/{kind}': ALL,
  'POST /v1/aliases/{kind}': ['national_admin'],
  'DELETE /v1/aliases/{kind}/{alias}': ['national_admin'],
  // the evidence pack (issue 19, item 3): aggregates, as the annual report
  'GET /v1/stats/institutions': ALL,
  // desk work (issue #20): a case's links and likely duplicates read like the case; duplicates by
  // institution are aggregates (the copies' own rows: the block 'copies (tembusan)' at the end)
  'GET /v1/cases/{trackingId}/links': CASE_ROLES,
  'GET /v1/cases/{trackingId}/similar': CASE_ROLES,
  'GET /v1/stats/duplicates': ALL,
  // the change feed (issue #20, item 5): read like the cases, each token the events of the cases it may read
  'GET /v1/events': CASE_ROLES,
  // answer templates and the review setting (#20): read by those who answer cases, kept by admins in their scope
  'GET /v1/templates': ['national_admin', 'institution_admin', 'liaison'],
  'GET /v1/templates/{name}': ['national_admin', 'institution_admin', 'liaison'],
  'POST /v1/templates': TOKEN_ADMINS,
  'POST /v1/templates/import': TOKEN_ADMINS,
  'PATCH /v1/templates/{name}': TOKEN_ADMINS,
  'DELETE /v1/templates/{name}': TOKEN_ADMINS,
  'GET /v1/review': ['national_admin', 'institution_admin', 'liaison'],
  'PUT /v1/review/{id}': TOKEN_ADMINS,
  // SLA policies (issue #19): national admins only
  'GET /v1/sla/policies': ['national_admin'],
  'GET /v1/sla/policies/{id}': ['national_admin'],
  'POST /v1/sla/policies': ['national_admin'],
};
/** Routes whose answer depends on a target (a case, or a token bound where the target case lives). */
const TARGETED = new Set(['POST /v1/cases/{trackingId}/actions', 'POST /v1/bulk', 'POST /v1/tokens', 'DELETE /v1/tokens/{name}']);
/** Listings tried per target with `q=<tracking ID>`: out of scope must list exactly what missing lists. */
const SEARCHED = new Set(['GET /v1/cases', 'GET /v1/exports/cases']);
/** The name of the token each target stands for on the token routes: bound to the target case's institution. */
const tokenName = (target: Target) => ID[target].toLowerCase();
/** Roles that may `respond` (the action the matrix sends). */
const RESPONDERS: Role[] = ['national_admin', 'institution_admin', 'liaison'];

interface Operation {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  auth: boolean;
  declaredRoles: Role[] | null;
  requiredQuery: Record<string, string>;
}

function sees(who: Exclude<Who, 'none' | 'bogus'>, target: Target, isWithin: (id: string, root: string) => boolean): boolean {
  if (target === 'missing' || ROLE_OF[who] === 'statistician') return false;
  const scope = SCOPE_OF[who];
  return scope === null || isWithin(HOME_OF[target], scope);
}

/** A value for a required query parameter, from its schema. */
function sampleFor(name: string, schema: { type?: string; enum?: unknown[]; format?: string }): string {
  if (schema.enum?.length) return String(schema.enum[0]);
  if (schema.type === 'integer' || schema.type === 'number') return '2024';
  if (schema.format === 'date') return '2024-01-01';
  return name === 'year' ? '2024' : 'x';
}

describe.each(BACKENDS)('authorization matrix on %s', (backend) => {
  let ts: TestServer;
  let ops: Operation[] = [];
  let seq = 0;
  const cells: string[] = [];

  beforeAll(async () => {
    ts = await startTestServer(backend);
    for (const target of ['own', 'other', 'confidential', 'anonymous'] as const) {
      const res = await call<Case>(ts.url, 'POST', '/v1/cases', {
        token: ts.tokens.admin,
        body: {
          trackingId: ID[target],
          classification: 'complaint',
          categoryId: 'kesehatan.bpjs',
          title: target === 'confidential' ? SECRET_TITLE : `Laporan ${target}`,
          body: 'Isi laporan untuk matriks otorisasi.',
          channel: 'web',
          confidential: target === 'confidential',
          anonymous: target === 'anonymous',
          ...(target === 'anonymous' ? { reporter: PII } : {}),
        },
      });
      expect(res.status, res.text).toBe(201);
      let c = await must(ts, res.body, { action: 'dispose', institutionId: HOME_OF[target] });
      c = await must(ts, c, { action: 'respond', message: 'Tindak lanjut pertama.' });
      // the token this target stands for on the token routes: a liaison where the case lives
      await ts.server.store.createToken(tokenName(target), 'liaison', HOME_OF[target]);
    }
    // the bindings the rule refuses: national roles bound, institution roles unbound (no column for them)
    for (const [role, institutionId] of [['national_admin', 'badung'], ['system', 'badung'], ['system', 'badung.dinkes'], ['institution_admin', null], ['liaison', null]] as const) {
      const refused = await call(ts.url, 'POST', '/v1/tokens', { token: ts.tokens.admin, body: { name: `mtx-refused-${seq++}`, role, institutionId } });
      expectProblem(refused, 422, 'institutionId');
    }
    const statBadung = await call<{ token: string }>(ts.url, 'POST', '/v1/tokens', {
      token: ts.tokens.admin,
      body: { name: 'stat.badung', role: 'statistician', institutionId: 'badung' },
    });
    expect(statBadung.status, statBadung.text).toBe(201);
    ts.tokens['stat.badung'] = statBadung.body.token;
    const doc = await call<{ paths: Record<string, Record<string, { security?: unknown; parameters?: { name: string; in: string; required: boolean; schema: { type?: string } }[]; 'x-roles'?: Role[] }>> }>(
      ts.url,
      'GET',
      '/openapi.json',
    );
    ops = [];
    for (const [path, methods] of Object.entries(doc.body.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const requiredQuery: Record<string, string> = {};
        for (const p of op.parameters ?? []) if (p.in === 'query' && p.required) requiredQuery[p.name] = sampleFor(p.name, p.schema);
        ops.push({ method: method.toUpperCase() as Operation['method'], path, auth: Array.isArray(op.security) && op.security.length > 0, declaredRoles: op['x-roles'] ?? null, requiredQuery });
      }
    }
  }, 120_000);

  afterAll(async () => {
    await ts?.close();
  });

  const isWithin = (id: string, root: string) => ts.server.store.isWithin(id, root);
  const tokenOf = (who: Who) => (who === 'none' ? undefined : who === 'bogus' ? 'lpr_bukan-token-sungguhan-0000000000' : ts.tokens[who]);
  const currentVersion = async (id: string) => {
    const rows = await ts.server.db.query<{ version: number }>('SELECT version FROM cases WHERE tracking_id = $1', [id]);
    return rows[0] ? Number(rows[0].version) : 1;
  };

  const bound = (who: Who) => who !== 'none' && who !== 'bogus' && SCOPE_OF[who] !== null;
  /** Whether a route's answer is tried per target for this caller (intake: a bound caller naming an ID). */
  const targetedFor = (op: Operation, who: Who) => {
    const key = `${op.method} ${op.path}`;
    // a text search of the export needs the full profile, which only admins get: the others export bare
    const admin = who !== 'none' && who !== 'bogus' && TOKEN_ADMINS.includes(ROLE_OF[who]);
    const searched = SEARCHED.has(key) && (key !== 'GET /v1/exports/cases' || admin);
    return op.path.includes('{trackingId}') || TARGETED.has(key) || searched || (key === 'POST /v1/cases' && bound(who));
  };
  const targetsFor = (op: Operation, who: Who): Target[] =>
    !targetedFor(op, who) ? ['own'] : `${op.method} ${op.path}` === 'POST /v1/tokens' ? ['own', 'other'] : TARGETS;
  /** What a request names of the target: a tracking ID, or on the token routes a token's name. */
  const askedId = (op: Operation, target: Target) => (op.path.startsWith('/v1/tokens') ? tokenName(target) : ID[target]);

  /** One request of the matrix: the route with the target's ID, a body that is valid for the route. */
  async function send(op: Operation, who: Who, target: Target): Promise<JsonResponse<unknown>> {
    const id = ID[target];
    // a template is named by a name of its own (a token's name would read as naming the target's token)
    const name = op.path.startsWith('/v1/templates') ? 'matriks' : tokenName(target);
    const other = op.path.startsWith('/v1/sla/policies') ? 'default' : 'badung.dinkes';
    const path = op.path.replace('{trackingId}', id).replace('{name}', name).replace('{kind}', 'institutions').replace('{alias}', 'matriks').replace('{id}', other);
    const key = `${op.method} ${op.path}`;
    const query =
      key === 'GET /v1/tokens'
        ? { ...op.requiredQuery, all: 'true' }
        : targetedFor(op, who) && key === 'GET /v1/exports/cases'
          ? { ...op.requiredQuery, profile: 'full', q: id }
          : targetedFor(op, who) && SEARCHED.has(key)
            ? { ...op.requiredQuery, q: id }
            : op.requiredQuery;
    const qs = new URLSearchParams(query).toString();
    const url = `${path}${qs ? `?${qs}` : ''}`;
    const token = tokenOf(who);
    seq += 1;
    if (key === 'POST /v1/cases/{trackingId}/actions') {
      return call(ts.url, 'POST', url, {
        token,
        body: { action: 'respond', message: 'Tanggapan dari matriks.' },
        headers: { 'if-match': `"${await currentVersion(id)}"` },
      });
    }
    if (key === 'POST /v1/bulk') {
      return call(ts.url, 'POST', url, {
        token,
        body: { items: [{ trackingId: id, version: await currentVersion(id), action: 'respond', message: 'Tanggapan massal.' }] },
        headers: { 'idempotency-key': `matrix-${seq}` },
      });
    }
    if (key === 'POST /v1/cases') {
      const institutionId = SCOPE_OF[who as keyof typeof SCOPE_OF] === 'denpasar' ? 'denpasar.dpupr' : 'badung.dinkes';
      // a bound caller names the target's ID (the oracle of issue 15); an unbound one a new ID
      const trackingId = bound(who) ? id : `MTX-NEW-${String(seq).padStart(5, '0')}`;
      return call(ts.url, 'POST', url, {
        token,
        body: { trackingId, classification: 'complaint', title: 'Baru', body: 'Isi', channel: 'web', institutionId },
      });
    }
    if (key === 'POST /v1/sla/sweep') return call(ts.url, 'POST', url, { token, body: { dryRun: true } });
    if (key === 'POST /v1/tokens') {
      return call(ts.url, 'POST', url, { token, body: { name: `matrix-${seq}`, role: 'liaison', institutionId: HOME_OF[target as 'own' | 'other'] } });
    }
    // any other route: a bare request (no body), which still meets the role checks
    return call(ts.url, op.method, url, { token });
  }

  /** `asked`: the ID the request itself named (an answer may repeat what the caller sent). */
  function leakChecks(who: Who, op: Operation, res: JsonResponse<unknown>, asked: string | null): void {
    const where = `${who} ${op.method} ${op.path}`;
    const names = (t: Target) =>
      (ID[t] !== asked && res.text.includes(ID[t])) || (tokenName(t) !== asked && res.text.includes(tokenName(t)));
    for (const value of Object.values(PII)) expect(res.text.includes(value), `${where} shows reporter data`).toBe(false);
    if (who === 'admin.badung' || who === 'liaison.badung.dinkes' || who === 'stat.badung') {
      for (const t of ['other', 'confidential'] as const) expect(names(t), `${where} names ${ID[t]}`).toBe(false);
    }
    if (who === 'admin.denpasar') {
      for (const t of ['own', 'anonymous'] as const) expect(names(t), `${where} names ${ID[t]}`).toBe(false);
    }
    if (who !== 'admin' && who !== 'system' && who !== 'admin.denpasar') {
      expect(res.text.includes(SECRET_TITLE), `${where} shows a confidential title`).toBe(false);
    }
    if (who === 'stat' || who === 'stat.badung') expect(/Laporan (own|other|anonymous)/.test(res.text), `${where} shows free text to a statistician`).toBe(false);
    if (res.status >= 400) expectNoLeak(res.text);
  }

  it('the route list: every published route is in the matrix; the known ones declare exactly their table', () => {
    expect(ops.length).toBeGreaterThanOrEqual(Object.keys(KNOWN).length);
    for (const op of ops) {
      const known = KNOWN[`${op.method} ${op.path}`];
      if (known === undefined || known === 'public') continue;
      // a declaration, when present, must not allow more than the table
      if (op.declaredRoles) for (const r of op.declaredRoles) expect(known, `${op.method} ${op.path} declares ${r}`).toContain(r);
    }
    // every route has a row: a new route fails here until the table says who may call it
    const unknown = ops.filter((op) => KNOWN[`${op.method} ${op.path}`] === undefined).map((op) => `${op.method} ${op.path}`);
    expect(unknown, 'routes without a row in the matrix table').toEqual([]);
    for (const key of Object.keys(KNOWN)) expect(ops.map((op) => `${op.method} ${op.path}`), `${key} is no longer published`).toContain(key);
  });

  it('every role × bound/unbound × every route × every target: no unexpected allow; out of scope byte-identical to missing', async () => {
    let count = 0;
    let allows = 0;
    let denials = 0;
    let unexpectedAllows = 0;
    for (const op of ops) {
      const key = `${op.method} ${op.path}`;
      const known = KNOWN[key];
      const allowed: Role[] | 'public' = known ?? 'public';
      for (const who of WHO) {
        const targeted = targetedFor(op, who);
        const answers = new Map<Target, JsonResponse<unknown>>();
        for (const target of targetsFor(op, who)) {
          const res = await send(op, who, target);
          count += 1;
          const where = `${who} ${key} [${target}] → ${res.status} ${res.text.slice(0, 200)}`;
          expect(res.status, where).toBeLessThan(500);
          leakChecks(who, op, res, targeted ? askedId(op, target) : null);
          answers.set(target, res);
          const bulkItem = key === 'POST /v1/bulk' ? (res.body as BulkResponse).results?.[0] : undefined;
          // allowed: a 2xx that did what was asked (a bulk item applied; a search that found the case)
          const found = !targeted || !SEARCHED.has(key) || res.text.includes(ID[target]);
          const granted = res.status < 300 && (bulkItem === undefined || bulkItem.outcome !== 'failed') && found;
          if (granted) allows += 1;
          else denials += 1;
          if (allowed === 'public') continue;
          if (who === 'none' || who === 'bogus') {
            if (granted) unexpectedAllows += 1;
            expectProblem(res, 401);
            continue;
          }
          const role = ROLE_OF[who];
          if (!allowed.includes(role)) {
            if (granted) unexpectedAllows += 1;
            expect(res.status, `unexpected allow: ${where}`).toBe(403);
            expectProblem(res, 403);
            continue;
          }
          const visible = sees(who, target, isWithin);
          if (key === 'POST /v1/cases' && targeted) {
            // a bound token may not name the ID at all: one answer, whatever exists
            if (granted) unexpectedAllows += 1;
            expectProblem(res, 422, 'trackingId');
            continue;
          }
          expect([401, 403].includes(res.status) && !(key.includes('actions') || key === 'POST /v1/bulk' || key === 'POST /v1/tokens'), `unexpected deny: ${where}`).toBe(false);
          if (!targeted) continue;
          if (!visible && granted) unexpectedAllows += 1;
          if (key === 'POST /v1/bulk') {
            expect(res.status, where).toBe(200);
            if (visible) expect(bulkItem!.outcome === 'applied' || (bulkItem!.status === 403 && !RESPONDERS.includes(role)), where).toBe(true);
            else expect(bulkItem, where).toMatchObject({ outcome: 'failed', status: 404 });
          } else if (SEARCHED.has(key) && targeted) {
            // a listing: the case when visible; otherwise the same (empty) answer as for a missing one, below
            expect(res.status, where).toBe(200);
            if (visible) expect(res.text, where).toContain(ID[target]);
          } else if (key === 'POST /v1/tokens') {
            if (visible) expect(res.status, where).toBe(201);
            else expectProblem(res, 403, 'institutionId');
          } else if (visible) {
            if (key.endsWith('/actions') && !RESPONDERS.includes(role)) expectProblem(res, 403);
            else expect(res.status, where).toBe(200);
          } else {
            expectProblem(res, 404);
          }
        }
        // out of scope is indistinguishable from missing: status, header names, length, body
        const missing = answers.get('missing');
        if (targeted && missing && who !== 'none' && who !== 'bogus' && allowed !== 'public') {
          for (const target of TARGETS) {
            if (target === 'missing') continue;
            // intake by a bound token: every target, in scope or not, answers alike
            if (key !== 'POST /v1/cases' && sees(who, target, isWithin)) continue;
            const res = answers.get(target)!;
            const where = `${who} ${key}: ${target} vs missing`;
            const masked = (r: JsonResponse<unknown>, t: Target) => r.text.split(askedId(op, t)).join('{id}');
            expect(res.status, where).toBe(missing.status);
            expect(masked(res, target), where).toBe(masked(missing, 'missing'));
            const names = (r: JsonResponse<unknown>) => [...r.headers.keys()].filter((h) => h !== 'x-request-id' && h !== 'date').sort();
            expect(names(res), where).toEqual(names(missing));
            expect(res.headers.get('content-length'), where).toBe(missing.headers.get('content-length'));
            expect(res.headers.get('content-type'), where).toBe(missing.headers.get('content-type'));
          }
        }
        cells.push(key);
      }
    }
    process.stderr.write(
      `auth matrix ${backend}: ${ops.length} routes × ${WHO.length} callers (${WHO.length - 2} tokens: roles × bound/unbound) → ` +
        `${count} requests (${allows} allowed, ${denials} refused or not found), ${unexpectedAllows} unexpected allows\n`,
    );
    expect(unexpectedAllows).toBe(0);
    expect(new Set(cells).size).toBe(ops.length);
  }, 300_000);

  it('lists and reads of institution tokens stay in their subtree; statisticians get no case at all', async () => {
    for (const who of ['admin.badung', 'liaison.badung.dinkes', 'admin.denpasar'] as const) {
      const res = await call<{ items: Case[] }>(ts.url, 'GET', '/v1/cases?limit=500', { token: ts.tokens[who] });
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeGreaterThan(0);
      for (const c of res.body.items) expect(isWithin(c.institutionId!, SCOPE_OF[who]!), `${who} sees ${c.trackingId}`).toBe(true);
      // a filter naming another institution narrows within scope: it never widens it
      const other = who === 'admin.denpasar' ? 'badung' : 'denpasar';
      const narrowed = await call<{ items: Case[] }>(ts.url, 'GET', `/v1/cases?institution=${other}`, { token: ts.tokens[who] });
      expect(narrowed.body.items, who).toEqual([]);
    }
    expectProblem(await call(ts.url, 'GET', '/v1/cases', { token: ts.tokens.stat }), 403);
  });

  // ---- the change feed (issue #20, item 5) ----
  it('the change feed of a bound token holds exactly the events of the cases it may read, to the end of the log', async () => {
    const { items: all } = await drainFeed(ts.tokens.admin);
    for (const who of ['admin.badung', 'liaison.badung.dinkes', 'admin.denpasar'] as const) {
      const { items } = await drainFeed(ts.tokens[who]);
      const readable = all.filter((e) => isWithin(caseHome.get(e.trackingId) ?? '', SCOPE_OF[who]!));
      expect(items.map((e) => e.id), who).toEqual(readable.map((e) => e.id));
      expect(items.length, who).toBeGreaterThan(0);
    }
    expectProblem(await call(ts.url, 'GET', '/v1/events', { token: ts.tokens['stat.badung'] }), 403);
  });
  const caseHome = new Map<string, string | null>();
  async function drainFeed(token: string): Promise<{ items: { id: number; trackingId: string }[] }> {
    const rows = await ts.server.db.query<{ tracking_id: string; institution_id: string | null }>('SELECT tracking_id, institution_id FROM cases');
    for (const r of rows) caseHome.set(r.tracking_id, r.institution_id);
    // every event committed before this call: a caught-up page whose cursor is past the last one's transaction
    // (on a shared server the horizon may lag a moment behind; see src/server/feed.ts)
    const [{ top }] = await ts.server.db.query<{ top: string }>("SELECT COALESCE(max(feed_xid), '0')::text AS top FROM case_events");
    const items: { id: number; trackingId: string }[] = [];
    let after = '';
    for (;;) {
      const res = await call<{ items: { id: number; trackingId: string }[]; cursor: string; caughtUp: boolean }>(
        ts.url, 'GET', `/v1/events?limit=1000${after ? `&after=${after}` : ''}`, { token });
      expect(res.status, res.text).toBe(200);
      items.push(...res.body.items);
      after = res.body.cursor;
      if (res.body.caughtUp && decodeFeedCursor(after)!.xid > BigInt(top)) return { items };
    }
  }
  // ---- end of the change feed ----

  it('intake outside the subtree is refused; a token bound to no institution cannot be made for institution roles', async () => {
    const res = await call(ts.url, 'POST', '/v1/cases', {
      token: ts.tokens['admin.badung'],
      body: { classification: 'complaint', title: 'Di luar', body: 'Isi', channel: 'web', institutionId: 'denpasar.dpupr' },
    });
    expectProblem(res, 422, 'institutionId');
    for (const role of ['institution_admin', 'liaison'] as const) {
      const made = await call(ts.url, 'POST', '/v1/tokens', { token: ts.tokens.admin, body: { name: `tanpa-instansi-${role}`, role, institutionId: null } });
      expectProblem(made, 422, 'institutionId');
    }
  });

  it('a bulk of 90 in-scope and 10 out-of-scope items changes exactly the 90', async () => {
    const inScope: string[] = [];
    const outScope: string[] = [];
    for (let i = 0; i < 100; i += 1) {
      const id = `MTX-B${i < 90 ? 'IN' : 'OUT'}-${String(i).padStart(4, '0')}`;
      const res = await call<Case>(ts.url, 'POST', '/v1/cases', {
        token: ts.tokens.admin,
        body: { trackingId: id, classification: 'complaint', title: 'Massal', body: 'Isi', channel: 'web' },
      });
      let c = await must(ts, res.body, { action: 'dispose', institutionId: i < 90 ? 'badung.dinkes' : 'denpasar.dpupr' });
      c = await must(ts, c, { action: 'respond', message: 'Sedang ditangani.' });
      (i < 90 ? inScope : outScope).push(id);
    }
    const all = [...inScope, ...outScope].sort(() => 0.5 - Math.random());
    const before = new Map<string, number>();
    for (const id of all) before.set(id, await currentVersion(id));
    const eventsBefore = await eventCount(ts);
    const items = all.map((id) => ({ trackingId: id, version: before.get(id)!, action: 'close' }));
    const res = await call<BulkResponse>(ts.url, 'POST', '/v1/bulk', { token: ts.tokens['admin.badung'], body: { items }, headers: { 'idempotency-key': `mix-${backend}` } });
    expect(res.status).toBe(200);
    expect(res.body.counts).toEqual({ applied: 90, skipped: 0, failed: 10 });
    const missing = await call<BulkResponse>(ts.url, 'POST', '/v1/bulk', {
      token: ts.tokens['admin.badung'],
      body: { items: [{ trackingId: 'MTX-BOUT-9999', version: 3, action: 'close' }] },
      headers: { 'idempotency-key': `mix-missing-${backend}` },
    });
    const missingItem = JSON.stringify({ ...missing.body.results[0], index: 0 }).split('MTX-BOUT-9999').join('{id}');
    for (const r of res.body.results) {
      const id = all[r.index];
      expect(r.trackingId).toBe(id);
      if (inScope.includes(id)) expect(r.outcome).toBe('applied');
      else expect(JSON.stringify({ ...r, index: 0 }).split(id).join('{id}')).toBe(missingItem);
    }
    expect(await eventCount(ts)).toBe(eventsBefore + 90);
    for (const id of outScope) expect(await currentVersion(id)).toBe(before.get(id));
    for (const id of inScope) expect(await currentVersion(id)).toBe(before.get(id)! + 1);
  });
  // ---- answer templates and reviewed replies (#20) ----------------------------------------------------------

  it('reviewed replies: approve and send_back answer out of scope exactly as missing; liaisons and statisticians are refused', async () => {
    // a draft on the own and the other case: written straight as a liaison's respond would leave it
    for (const target of ['own', 'other'] as const) {
      await ts.server.db.query("UPDATE cases SET draft_message = 'Draf matriks', draft_by = 'p', draft_at = now() WHERE tracking_id = $1", [ID[target]]);
    }
    for (const body of [{ action: 'approve' }, { action: 'send_back', note: 'Mohon dilengkapi' }]) {
      for (const who of ['admin.denpasar', 'admin.badung', 'liaison.badung.dinkes', 'stat'] as const) {
        const answers = new Map<Target, JsonResponse<unknown>>();
        for (const target of ['own', 'other', 'missing'] as const) {
          const res = await call(ts.url, 'POST', `/v1/cases/${ID[target]}/actions`, {
            token: ts.tokens[who],
            body,
            headers: { 'if-match': `"${await currentVersion(ID[target])}"` },
          });
          leakChecks(who, { method: 'POST', path: '/v1/cases/{trackingId}/actions', auth: true, declaredRoles: null, requiredQuery: {} }, res, ID[target]);
          answers.set(target, res);
        }
        const where = `${who} ${body.action}`;
        if (who === 'stat') {
          for (const r of answers.values()) expectProblem(r, 403);
          continue;
        }
        const outside = who === 'admin.denpasar' ? 'own' : 'other';
        const masked = (r: JsonResponse<unknown>, t: Target) => r.text.split(ID[t]).join('{id}');
        expect(answers.get(outside)!.status, where).toBe(404);
        expect(masked(answers.get(outside)!, outside), where).toBe(masked(answers.get('missing')!, 'missing'));
        const inside = who === 'admin.denpasar' ? 'other' : 'own';
        if (who === 'liaison.badung.dinkes') expectProblem(answers.get(inside)!, 403);
        else expect(answers.get(inside)!.status, `${where}: ${answers.get(inside)!.text}`).toBe(200);
      }
      // the next round needs the drafts again
      for (const target of ['own', 'other'] as const) {
        await ts.server.db.query("UPDATE cases SET draft_message = 'Draf matriks', draft_by = 'p', draft_at = now() WHERE tracking_id = $1", [ID[target]]);
      }
    }
  });

  it('templates and the review setting: each token reads and writes inside its own subtree only', async () => {
    const post = (who: Who, body: unknown) => call(ts.url, 'POST', '/v1/templates', { token: tokenOf(who), body });
    expect((await post('admin.badung', { name: 'mtx-badung', body: 'Badung {{nomor}}' })).status).toBe(201);
    expect((await post('admin.denpasar', { name: 'mtx-denpasar', body: 'Denpasar {{nomor}}' })).status).toBe(201);
    expect((await post('admin', { name: 'mtx-national', institutionId: null, body: 'Nasional {{nomor}}' })).status).toBe(201);
    // writing outside the subtree, or nationally, is refused for an institution admin; liaisons never write
    expectProblem(await post('admin.badung', { name: 'mtx-x', institutionId: 'denpasar', body: 'x' }), 422, 'institution');
    expectProblem(await post('admin.badung', { name: 'mtx-x', institutionId: null, body: 'x' }), 422, 'institution');
    expectProblem(await post('liaison.badung.dinkes', { name: 'mtx-x', body: 'x' }), 403);
    // a listing names only what the token may see: its ancestry's definitions and its subtree's
    const names = async (who: Who) =>
      ((await call<{ items: { name: string }[] }>(ts.url, 'GET', '/v1/templates', { token: tokenOf(who) })).body.items ?? []).map((i) => i.name);
    expect(await names('liaison.badung.dinkes')).toEqual(expect.arrayContaining(['mtx-badung', 'mtx-national']));
    expect(await names('liaison.badung.dinkes')).not.toContain('mtx-denpasar');
    expect(await names('admin.denpasar')).not.toContain('mtx-badung');
    // looking one up at another subtree is refused, not answered
    expectProblem(await call(ts.url, 'GET', '/v1/templates/mtx-badung?institution=badung', { token: tokenOf('admin.denpasar') }), 422, 'institution');
    expectProblem(await call(ts.url, 'DELETE', '/v1/templates/mtx-badung?institution=badung', { token: tokenOf('admin.denpasar') }), 422, 'institution');
    // the review setting: admins in their subtree only
    expectProblem(await call(ts.url, 'PUT', '/v1/review/badung.dinkes', { token: tokenOf('admin.denpasar'), body: { reviewReplies: true } }), 422, 'institution');
    expectProblem(await call(ts.url, 'PUT', '/v1/review/badung.dinkes', { token: tokenOf('liaison.badung.dinkes'), body: { reviewReplies: true } }), 403);
    expect((await call(ts.url, 'PUT', '/v1/review/badung.dinkes', { token: tokenOf('admin.badung'), body: { reviewReplies: false } })).status).toBe(200);
  });
  // ---- SLA escalation (issue #19) --------------------------------------------------------------------------
  it('escalate: national admin and system only; out of scope like missing; the institution sees its escalated cases only', async () => {
    const escalate = async (who: Who, id: string) =>
      call(ts.url, 'POST', `/v1/cases/${id}/actions`, {
        token: tokenOf(who),
        body: { action: 'escalate', note: 'intervensi' },
        headers: { 'if-match': `"${await currentVersion(id)}"` },
      });
    for (const who of ['admin.badung', 'admin.denpasar', 'liaison.badung.dinkes'] as const) {
      const before = await currentVersion(ID.own);
      const res = await escalate(who, ID.own);
      // admin.denpasar does not see it at all: like a missing case
      if (who === 'admin.denpasar') expectProblem(res, 404);
      else expectProblem(res, 403);
      expect(await currentVersion(ID.own), who).toBe(before);
    }
    expectProblem(await escalate('stat', ID.own), 403);
    expectProblem(await escalate('none', ID.own), 401);
    const byAdmin = await escalate('admin', ID.own);
    expect(byAdmin.status, byAdmin.text).toBe(200);
    const bySystem = await escalate('system', ID.other);
    expect(bySystem.status, bySystem.text).toBe(200);
    // the queue: each institution sees its own escalated cases, never another's; statisticians none
    const queue = async (who: Who) => call<{ items: Case[] }>(ts.url, 'GET', '/v1/cases?escalated=yes&limit=500', { token: tokenOf(who) });
    expect((await queue('admin.badung')).body.items.map((c) => c.trackingId)).toEqual([ID.own]);
    expect((await queue('liaison.badung.dinkes')).body.items.map((c) => c.trackingId)).toEqual([ID.own]);
    expect((await queue('admin.denpasar')).body.items.map((c) => c.trackingId)).toEqual([ID.other]);
    expect((await queue('admin')).body.items.map((c) => c.trackingId).sort()).toEqual([ID.other, ID.own].sort());
    expectProblem(await queue('stat'), 403);
    // the breach listing filtered by escalation stays in scope too
    const overdue = await call(ts.url, 'GET', '/v1/sla/overdue?escalated=yes', { token: tokenOf('admin.badung') });
    expect(overdue.status).toBe(200);
    expect(overdue.text.includes(ID.other)).toBe(false);
  });
});

// ---- desk work (issue #20): copies (tembusan) ------------------------------------------------------------------
// A case copied to an institution is read there (and above it) and noted, never acted on; an institution it is
// not copied to answers exactly as for a missing case, on every case route and in bulk.
describe.each(BACKENDS)('authorization matrix: copies (tembusan) on %s', (backend) => {
  let ts: TestServer;
  const COPIED = 'MTX-CPY-00001'; // disposed to denpasar.dpupr, copied to badung
  const NOT_COPIED = 'MTX-NCP-00001'; // disposed to denpasar.dpupr only
  const MISSING = 'MTX-MSS-00001';
  const READERS = ['admin', 'admin.badung', 'admin.denpasar'] as const;
  const OUTSIDERS = ['liaison.badung.dinkes'] as const; // a copy to badung is not one to the units below it

  beforeAll(async () => {
    ts = await startTestServer(backend);
    for (const id of [COPIED, NOT_COPIED]) {
      const res = await call<Case>(ts.url, 'POST', '/v1/cases', {
        token: ts.tokens.admin,
        body: { trackingId: id, classification: 'complaint', categoryId: 'kesehatan.bpjs', title: `Tembusan ${id}`, body: 'Isi', channel: 'web' },
      });
      const c = await must(ts, res.body, { action: 'dispose', institutionId: 'denpasar.dpupr' });
      if (id === COPIED) await must(ts, c, { action: 'copy', institutionIds: ['badung'] });
    }
  }, 120_000);
  afterAll(async () => {
    await ts?.close();
  });

  const version = async (id: string) => Number((await ts.server.db.query<{ version: number }>('SELECT version FROM cases WHERE tracking_id = $1', [id]))[0]?.version ?? 1);
  const READS = ['', '/events', '/links', '/similar'];

  it('reads: the handling chain and the copy’s readers get the case; others exactly what a missing case gets; statisticians 403', async () => {
    for (const who of [...READERS, ...OUTSIDERS, 'stat'] as const) {
      for (const suffix of READS) {
        const get = (id: string) => call(ts.url, 'GET', `/v1/cases/${id}${suffix}`, { token: ts.tokens[who] });
        const [copied, notCopied, missing] = [await get(COPIED), await get(NOT_COPIED), await get(MISSING)];
        const where = `${who} GET /v1/cases/{id}${suffix}`;
        if (who === 'stat') {
          for (const r of [copied, notCopied, missing]) expectProblem(r, 403);
          continue;
        }
        expect(copied.status, `${where} copied`).toBe((READERS as readonly string[]).includes(who) ? 200 : 404);
        const sees = who !== 'admin.badung' && who !== 'liaison.badung.dinkes';
        expect(notCopied.status, `${where} not copied`).toBe(sees ? 200 : 404);
        for (const [id, r] of [[COPIED, copied], [NOT_COPIED, notCopied]] as const) {
          if (r.status !== 404) continue;
          expect(r.text.split(id).join('{id}'), where).toBe(missing.text.split(MISSING).join('{id}'));
        }
      }
      if (who === 'stat') continue;
      const listed = await call(ts.url, 'GET', `/v1/cases?copiedTo=badung`, { token: ts.tokens[who] });
      expect(listed.text.includes(COPIED), `${who} lists copies`).toBe((READERS as readonly string[]).includes(who));
      expect(listed.text.includes(NOT_COPIED), `${who} lists copies`).toBe(false);
    }
  });

  it('actions: a copy’s reader may note (single and bulk), never act; outsiders get the missing answer', async () => {
    let n = 0;
    for (const request of [
      { action: 'respond', message: 'Tanggapan' },
      { action: 'close' },
      { action: 'copy', institutionIds: ['badung.dinkes'] },
      { action: 'uncopy', institutionIds: ['badung'] },
      { action: 'redispose', institutionId: 'badung.dinkes' },
    ]) {
      const res = await action(ts, ts.tokens['admin.badung'], COPIED, await version(COPIED), request);
      expect(expectProblem(res, 403), request.action).toMatchObject({ reason: 'copy-read-only' });
      const bulk = await call<BulkResponse>(ts.url, 'POST', '/v1/bulk', {
        token: ts.tokens['admin.badung'],
        body: { items: [{ trackingId: COPIED, version: await version(COPIED), ...request }] },
        headers: { 'idempotency-key': `copy-matrix-${backend}-${n++}` },
      });
      expect(bulk.body.results[0], request.action).toMatchObject({ outcome: 'failed', status: 403 });
    }
    const before = await version(COPIED);
    const noted = await action(ts, ts.tokens['admin.badung'], COPIED, before, { action: 'note', note: 'Catatan penerima tembusan' });
    expect(noted.status, noted.text).toBe(200);
    const bulkNote = await call<BulkResponse>(ts.url, 'POST', '/v1/bulk', {
      token: ts.tokens['admin.badung'],
      body: { items: [{ trackingId: COPIED, version: before + 1, action: 'note', note: 'Catatan massal' }] },
      headers: { 'idempotency-key': `copy-matrix-${backend}-note` },
    });
    expect(bulkNote.body.results[0]).toMatchObject({ outcome: 'applied', version: before + 2 });
    for (const id of [COPIED, NOT_COPIED]) {
      const outsider = ts.tokens['liaison.badung.dinkes'];
      const res = await action(ts, outsider, id, await version(id), { action: 'note', note: 'Bukan urusan kami' });
      const missing = await action(ts, outsider, MISSING, 1, { action: 'note', note: 'Bukan urusan kami' });
      expectProblem(res, 404);
      expect(res.text.split(id).join('{id}')).toBe(missing.text.split(MISSING).join('{id}'));
    }
  });
});
