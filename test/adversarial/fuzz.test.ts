// Input fuzzing (issue #8, item 6) with fast-check: 10,000 random and hostile request bodies, query strings
// and headers against a real server — unknown and protected fields, prototype-poisoning keys, huge strings,
// control characters, naughty strings, deep nesting, malformed JSON — across the case, bulk, intake, SLA,
// audit, token, export and stats routes. Properties:
// - the server never answers 5xx and stays up (/healthz between batches and at the end);
// - every error is RFC 9457 problem+json with no stack trace, SQL or file names;
// - protected fields never change: a body carrying any field the route does not accept is refused and the
//   sentinel cases (the only ones those requests name) are byte-identical afterwards; intake never lets a
//   client set a server-owned field; every case's version equals its number of events and the audit
//   trail verifies at the end.
// Inputs are generated from a fixed seed (FUZZ_SEED to change it), so a failure can be replayed.
// Default 4,000 inputs on PGlite and 2,000 on PostgreSQL (the default run stays under 10 minutes);
// LAPOR_LONG_TESTS=1 (CI's long phase) runs 10,000 on both.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditVerifyResponse } from '../../src/domain/audit.js';
import type { Case } from '../../src/domain/types.js';
import { ProblemSchema } from '../../src/domain/schemas.js';
import { BACKENDS, call, startTestServer, type JsonResponse, type TestServer } from '../helpers/server.js';
import { disposedCase, expectNoLeak } from '../server/api-setup.js';

const LONG = process.env.LAPOR_LONG_TESTS === '1';
const SEED = Number(process.env.FUZZ_SEED ?? 20261123);
const PARALLEL = 6;

/** Strings that have broken real systems: injections, encodings, direction marks, format strings, … */
const NAUGHTY = [
  '',
  ' ',
  '\u0000',
  '\u0000\u0001\u0002\u001b[31m',
  '\r\n\r\nHTTP/1.1 200 OK\r\n',
  "' OR '1'='1",
  "'; DROP TABLE cases; --",
  '"; DELETE FROM case_events; --',
  '$1',
  '\\',
  '%s%s%s%n',
  '{{7*7}}',
  '${7*7}',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '=cmd|"/c calc"!A1',
  '@SUM(1+1)',
  '\u202eevil\u202c',
  '\ufeff',
  '\ud800',
  '\udfff\ud800',
  'ｍａｌｉｃｉｏｕｓ',
  '🇮🇩🏴‍☠️👨‍👩‍👧‍👦',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '田中さんにあげて下さい',
  'ثم نفس سقطت وبالتحديد',
  'null',
  'undefined',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '0x7fffffff',
  '99999999999999999999999',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'LPR-2024-0000001',
  '9'.repeat(64),
  'a'.repeat(65),
];

/** Fields no client may set on any of these routes (server-owned, or another layer's). */
const PROTECTED = [
  'version',
  'status',
  'closedBy',
  'verifiedAt',
  'disposedAt',
  'closedAt',
  'submittedAt',
  'verifyDueAt',
  'responseDueAt',
  'completionDueAt',
  'hash',
  'prevHash',
  'lastEventHash',
  'last_event_hash',
  'seq',
  'id',
  'actor',
  'role',
  'isAdmin',
  'trackingId',
  'institution_id',
  'rating',
  '__proto__',
  'constructor',
  'prototype',
];

const ACTIONS = ['dispose', 'redispose', 'return', 'postpone', 'resume', 'archive', 'respond', 'close', 'reopen', 'edit'];

const naughty = fc.constantFrom(...NAUGHTY);
const controlString = fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((n) => String.fromCharCode(n)), maxLength: 40 });
/** What an HTTP client will put in a header (visible ASCII and space); control characters never leave it. */
const headerString = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((n) => String.fromCharCode(n)), maxLength: 60 });
const hugeString = fc.integer({ min: 20_000, max: 150_000 }).chain((n) => fc.constantFrom('x', 'é', '😀', '\u0000', "'").map((ch) => ch.repeat(n)));
const hostileString = fc.oneof(
  { weight: 4, arbitrary: naughty },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 2, arbitrary: controlString },
  { weight: 1, arbitrary: hugeString },
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 0, 2 ** 31, 2 ** 53, -(2 ** 63), 1e308, 0.5, true, false, null) },
  { weight: 1, arbitrary: fc.integer({ min: 50, max: 3000 }).map(deepNest) },
);

/** Percent-encoding that survives lone surrogates (sent as U+FFFD, as any HTTP client would). */
const enc = (s: string) => encodeURIComponent(s.toWellFormed());

function deepNest(depth: number): unknown {
  let v: unknown = 'dasar';
  for (let i = 0; i < depth; i += 1) v = i % 2 === 0 ? [v] : { a: v };
  return v;
}

/** A valid action body, then (in the protected stream) one field the action does not accept. */
const validAction = fc.record({
  action: fc.constantFrom(...ACTIONS),
  message: hostileString,
  note: hostileString,
  institutionId: fc.constantFrom('badung.dinkes', 'denpasar.dpupr', 'tidak-ada'),
  reason: fc.constantFrom('duplicate', 'spam', 'incomplete', 'x'),
}, { requiredKeys: ['action'] });
const withField = (base: fc.Arbitrary<Record<string, unknown>>, keys: readonly string[]) => fc.tuple(base, fc.constantFrom(...keys), hostileValue).map(([body, key, value]) => {
  const out: Record<string, unknown> = { ...body };
  // assignments through __proto__ would set the prototype, not a key: define the own property instead
  Object.defineProperty(out, key, { value, enumerable: true, configurable: true, writable: true });
  return out;
});
const injected = withField(validAction, PROTECTED);

type FuzzRequest = { method: 'GET' | 'POST'; path: string; body?: unknown; raw?: string; headers?: Record<string, string>; protectedCase?: string };

describe.each(BACKENDS)('fuzzing the API on %s', (backend) => {
  const INPUTS = LONG ? 10_000 : backend === 'pglite' ? 4_000 : 2_000;
  let ts: TestServer;
  let sentinels: Case[] = [];
  let wild: Case[] = [];
  const seen = { requests: 0, statuses: new Map<number, number>() };

  beforeAll(async () => {
    ts = await startTestServer(backend, { bodyLimit: 1024 * 1024 });
    sentinels = [];
    for (let i = 0; i < 4; i += 1) sentinels.push(await disposedCase(ts, i % 2 ? 'badung.dinkes' : 'denpasar.dpupr', {}, i >= 2));
    wild = [];
    for (let i = 0; i < 4; i += 1) wild.push(await disposedCase(ts, 'badung.dinkes', {}, true));
  }, 120_000);

  afterAll(async () => {
    await ts?.close();
    process.stderr.write(
      `fuzz ${backend}: ${seen.requests} requests; statuses ${[...seen.statuses.entries()].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`).join(' ')}\n`,
    );
  });

  const tokens = () => [ts.tokens.admin, ts.tokens['admin.badung'], ts.tokens['liaison.badung.dinkes'], ts.tokens.stat, ts.tokens.system];

  /** A hostile query string: known and unknown keys, repeated keys, hostile values, raw percent-escapes. */
  const queryString = fc
    .array(
      fc.tuple(
        fc.oneof(fc.constantFrom('status', 'institution', 'category', 'limit', 'cursor', 'sort', 'q', 'from', 'to', 'overdue', 'clock', 'year', 'profile', 'purpose', 'k', 'public', 'dryRun'), fc.constantFrom(...PROTECTED), naughty),
        fc.oneof(hostileString.map((s) => s.slice(0, 3000)), fc.constantFrom('%00', '%ff%fe', '%', '%zz', '-1', '0', '501', '1e3', 'submitted,,', 'verify')),
      ),
      { maxLength: 5 },
    )
    .map((pairs) => pairs.map(([k, v]) => `${enc(k)}=${/^%/.test(v) ? v : enc(v)}`).join('&'));

  function requests(): fc.Arbitrary<FuzzRequest> {
    const sentinelId = fc.constantFrom(...sentinels.map((c) => c.trackingId));
    const wildId = fc.constantFrom(...wild.map((c) => c.trackingId));
    return fc.oneof(
      // actions on sentinels: always one field the action does not accept → refused, nothing changes
      fc.tuple(sentinelId, injected).map(([id, body]) => ({ method: 'POST' as const, path: `/v1/cases/${id}/actions`, body, protectedCase: id, headers: { 'if-match': `"${sentinels.find((c) => c.trackingId === id)!.version}"` } })),
      // bulk: items naming sentinels with a protected field, or hostile item shapes
      fc.tuple(
        fc.array(
          sentinelId.chain((id) =>
            withField(validAction.map((body) => ({ ...body, trackingId: id, version: sentinels.find((c) => c.trackingId === id)!.version })), PROTECTED.filter((k) => k !== 'trackingId' && k !== 'version')),
          ),
          { minLength: 1, maxLength: 5 },
        ),
        fc.string({ minLength: 1, maxLength: 30, unit: fc.constantFrom(...'abcdefghij0123456789-_:'.split('')) }),
      ).map(([items, key]) => ({
        method: 'POST' as const,
        path: '/v1/bulk',
        body: { items },
        headers: { 'idempotency-key': `fuzz-${key}` },
        protectedCase: String(items[0].trackingId),
      })),
      // wild action bodies (anything at all) on other cases: may apply when valid, must never break anything
      fc.tuple(wildId, fc.oneof(validAction, fc.jsonValue({ maxDepth: 4 }), hostileValue), fc.oneof(fc.constantFrom('"1"', '"2"', '"3"', '"4"', '*', 'W/"3"', '"-1"', '"99999999999"', '"3", "4"'), headerString)).map(([id, body, ifMatch]) => ({
        method: 'POST' as const,
        path: `/v1/cases/${id}/actions`,
        body,
        headers: { 'if-match': ifMatch },
      })),
      // intake: valid shape with hostile text, plus sometimes a server-owned field
      fc.tuple(hostileString, hostileString, fc.option(fc.tuple(fc.constantFrom(...PROTECTED.filter((p) => p !== 'trackingId')), hostileValue), { nil: undefined }), fc.nat()).map(([title, text, extra, n]) => {
        const body: Record<string, unknown> = { trackingId: `FZ-${n}`, classification: 'complaint', title, body: text, channel: 'web', institutionId: 'badung.dinkes' };
        if (extra) Object.defineProperty(body, extra[0], { value: extra[1], enumerable: true, configurable: true, writable: true });
        return { method: 'POST' as const, path: '/v1/cases', body };
      }),
      // malformed and hostile raw bodies anywhere a body is read
      fc.tuple(fc.constantFrom('/v1/bulk', '/v1/cases', '/v1/sla/sweep', '/v1/tokens', `/v1/cases/${wild[0].trackingId}/actions`), fc.oneof(hostileString, fc.constantFrom('{', '{"items": [', '[1,2', '{"a":1,"a":2}', '{"__proto__":{"isAdmin":true}}', '{"constructor":{"prototype":{"x":1}}}', 'nul', '\ufeff{}', '{"items":[{}]}'.repeat(3)))).map(([path, raw]) => ({
        method: 'POST' as const,
        path,
        raw,
        headers: { 'if-match': '"1"', 'idempotency-key': 'fuzz-raw' },
      })),
      // reads with hostile query strings
      fc.tuple(fc.constantFrom('/v1/cases', '/v1/sla/overdue', '/v1/audit/verify', '/v1/calendar', '/v1/exports/cases', '/v1/stats/annual', '/v1/stats/trend', `/v1/cases/${wild[0].trackingId}/events`), queryString).map(([path, qs]) => ({ method: 'GET' as const, path: `${path}?${qs}` })),
      // forged cursors: the shapes this API's cursors have, with hostile contents
      fc.tuple(
        fc.constantFrom('/v1/cases', '/v1/cases?sort=trackingId', '/v1/cases?sort=-submittedAt', '/v1/sla/overdue', '/v1/audit/verify'),
        fc.oneof(
          fc.tuple(fc.constantFrom('submittedAt', 'trackingId', '-submittedAt'), fc.option(hostileString, { nil: null }), hostileString).map((a) => [...a]),
          fc.tuple(hostileString, fc.integer(), hostileString).map((a) => [...a]),
          hostileString.map((x) => ['audit', x]),
          fc.jsonValue({ maxDepth: 3 }),
        ),
      ).map(([path, cursor]) => ({
        method: 'GET' as const,
        path: `${path}${path.includes('?') ? '&' : '?'}cursor=${Buffer.from(JSON.stringify(cursor).slice(0, 400)).toString('base64url')}`,
      })),
      // very deep nesting, up to what the body limit allows
      fc.tuple(fc.constantFrom('/v1/bulk', '/v1/cases'), fc.integer({ min: 1000, max: 200_000 }), fc.boolean()).map(([path, depth, inItems]) => ({
        method: 'POST' as const,
        path,
        raw: inItems ? `{"items":[${'['.repeat(depth)}${']'.repeat(depth)}]}` : `${'{"a":'.repeat(Math.floor(depth / 5))}1${'}'.repeat(Math.floor(depth / 5))}`,
        headers: { 'idempotency-key': `fuzz-deep-${depth}` },
      })),
      // hostile path segments
      fc.oneof(naughty, controlString).map((seg) => ({ method: 'GET' as const, path: `/v1/cases/${enc(seg)}` })),
      // SLA sweep and token bodies with extra or hostile fields
      fc.tuple(fc.constantFrom('/v1/sla/sweep', '/v1/tokens'), fc.dictionary(fc.oneof(fc.constantFrom('dryRun', 'limit', 'name', 'role', 'institutionId'), fc.constantFrom(...PROTECTED)), hostileValue, { maxKeys: 4 })).map(([path, body]) => ({ method: 'POST' as const, path, body: path === '/v1/sla/sweep' ? { dryRun: true, ...body } : body })),
    );
  }

  async function send(req: FuzzRequest, token: string): Promise<JsonResponse<unknown>> {
    const res = await call(ts.url, req.method, req.path, {
      token,
      headers: req.headers,
      ...(req.raw !== undefined ? { rawBody: req.raw, headers: { ...req.headers, 'content-type': 'application/json' } } : req.body !== undefined ? { body: req.body } : {}),
    });
    seen.requests += 1;
    seen.statuses.set(res.status, (seen.statuses.get(res.status) ?? 0) + 1);
    return res;
  }

  function checkAnswer(req: FuzzRequest, res: JsonResponse<unknown>): void {
    const what = `${req.method} ${req.path.slice(0, 200)} → ${res.status} ${res.text.slice(0, 300)}`;
    expect(res.status, what).toBeLessThan(500);
    if (res.status >= 400) {
      expect(res.headers.get('content-type') ?? '', what).toMatch(/^application\/problem\+json/);
      expect(ProblemSchema.safeParse(res.body).success, what).toBe(true);
      expect((res.body as { status: number }).status, what).toBe(res.status);
      // a detail may quote the caller's own input back (a naughty SQL string): that is no leak of the server's
      let own = res.text;
      for (const n of NAUGHTY) if (n.length >= 4) own = own.split(n).join('').split(JSON.stringify(n).slice(1, -1)).join('');
      expectNoLeak(own);
    }
    if (req.protectedCase !== undefined) {
      if (req.path === '/v1/bulk') {
        if (res.status === 200) {
          const results = (res.body as { results: { outcome: string; status: number }[] }).results;
          for (const r of results) expect(r.outcome === 'failed' && r.status === 400, what).toBe(true);
        }
      } else {
        expect(res.status, what).toBeGreaterThanOrEqual(400);
      }
    }
    if (req.method === 'POST' && req.path === '/v1/cases' && (res.status === 201 || res.status === 200)) {
      // intake accepted: only schema fields were sent, and the server owns the rest
      const c = res.body as Case;
      expect(c.status, what).toBe('submitted');
      expect(c.version, what).toBe(1);
      expect(c.closedBy, what).toBeNull();
      // the title is kept exactly as sent (no trimming)
      if (res.status === 201) expect(c.title, what).toBe((req.body as { title: string }).title);
    }
  }

  it(
    'random and hostile inputs: no 5xx, problem+json without internals, protected fields unchanged, server up',
    async () => {
      const snapshot = async () =>
        JSON.stringify(
          await ts.server.db.query('SELECT * FROM cases WHERE tracking_id = ANY($1::text[]) ORDER BY tracking_id', [sentinels.map((c) => c.trackingId)]),
        ) + JSON.stringify(await ts.server.db.query('SELECT count(*)::int AS n FROM case_events WHERE tracking_id = ANY($1::text[])', [sentinels.map((c) => c.trackingId)]));
      const before = await snapshot();
      const inputs = fc.sample(fc.tuple(requests(), fc.nat({ max: 4 })), { numRuns: INPUTS, seed: SEED });
      for (let i = 0; i < inputs.length; i += PARALLEL) {
        const batch = inputs.slice(i, i + PARALLEL);
        await Promise.all(
          batch.map(async ([req, who]) => {
            const res = await send(req, tokens()[who]);
            checkAnswer(req, res);
          }),
        );
        if (i % 1000 < PARALLEL) expect((await call(ts.url, 'GET', '/healthz')).status).toBe(200);
      }
      expect(seen.requests).toBe(INPUTS);
      expect(await snapshot()).toBe(before);

      // every case's history whole: version = events, chains intact
      const mismatched = await ts.server.db.query(
        `SELECT c.tracking_id FROM cases c LEFT JOIN (SELECT tracking_id, count(*)::int AS n FROM case_events GROUP BY tracking_id) e
           ON e.tracking_id = c.tracking_id WHERE c.version <> coalesce(e.n, 0)`,
      );
      expect(mismatched).toEqual([]);
      let cursor: string | null = null;
      do {
        const page: JsonResponse<AuditVerifyResponse> = await call<AuditVerifyResponse>(ts.url, 'GET', `/v1/audit/verify${cursor ? `?cursor=${cursor}` : ''}`, { token: ts.tokens.admin });
        expect(page.body.problems).toEqual([]);
        cursor = page.body.nextCursor;
      } while (cursor !== null);
      expect((await call(ts.url, 'GET', '/healthz')).status).toBe(200);
    },
    LONG ? 1_800_000 : 600_000,
  );
});
