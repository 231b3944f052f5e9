// Issue 15 items 7 and 8 (server parts): the answers /openapi.json does not foresee, and the safety rules
// every JSON body and every client address goes through.
// - the contract checker itself (test/helpers/contract.ts) finds what a wrong answer gets wrong;
// - Fastify's router errors (a path that is not UTF-8, an over-long path parameter) are problems;
// - invalid UTF-8 and lone surrogates in any JSON body are refused with the field named, on every route
//   that takes a JSON body (read from the document, so new routes are covered), nested fields included;
// - behind a trusted proxy each client (X-Forwarded-For) has its own budget; an untrusted peer cannot
//   spoof one.

import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ContractChecker, undescribedSchemas } from '../helpers/contract.js';
import { BACKENDS, call, startTestServer, type TestServer } from '../helpers/server.js';
import { eventCount, expectProblem, intake, newCaseBody, uid } from './api-setup.js';

/** Sends raw bytes as a JSON body (fetch would re-encode a string). */
function rawPost(base: string, path: string, body: Buffer, headers: Record<string, string> = {}): Promise<{ status: number; type: string; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const url = new URL(base + path);
    const req = request(
      { host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length, ...headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), json: JSON.parse(text) as Record<string, unknown> });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The JSON text `before`, the raw bytes, then `after`. */
function bytes(before: string, raw: number[], after: string): Buffer {
  return Buffer.concat([Buffer.from(before, 'utf8'), Buffer.from(raw), Buffer.from(after, 'utf8')]);
}

function fieldsOf(json: Record<string, unknown>): string[] {
  return ((json.errors ?? []) as { field: string }[]).map((e) => e.field);
}

describe('the contract checker', () => {
  const doc = {
    openapi: '3.1.0',
    paths: {
      '/things/{id}': {
        get: {
          responses: {
            '200': {
              headers: { ETag: { required: true, schema: { type: 'string', pattern: '^"\\d+"$' } } },
              content: { 'application/json': { schema: { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'], additionalProperties: false } } },
            },
            '404': { content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } } },
          },
        },
      },
      '/lines': {
        post: {
          requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { items: { type: 'array', items: {} } } } } } },
          responses: { '200': { content: { 'application/x-ndjson': { schema: { type: 'object', required: ['k'] } } } } },
        },
      },
    },
    components: { schemas: { Problem: { type: 'object', required: ['type', 'title', 'status'] } } },
  };
  const checker = new ContractChecker(doc);
  const json = (v: unknown) => Buffer.from(JSON.stringify(v));

  test('a schema that says nothing ({}) is found, where it is', () => {
    expect(undescribedSchemas(doc)).toEqual(['POST /lines request application/json/properties/items/items']);
  });

  test('a conforming answer passes', () => {
    expect(checker.check('GET', '/things/1', 200, { 'content-type': 'application/json; charset=utf-8', etag: '"3"' }, [], json({ n: 1 }))).toEqual([]);
    expect(checker.check('GET', '/things/1', 404, { 'content-type': 'application/problem+json' }, [], json({ type: 't', title: 't', status: 404 }))).toEqual([]);
    expect(checker.check('POST', '/lines', 200, { 'content-type': 'application/x-ndjson' }, [], Buffer.from('{"k":1}\n{"k":2}\n'))).toEqual([]);
  });

  test('each kind of departure is named', () => {
    const check = (...args: Parameters<ContractChecker['check']>) => checker.check(...args).join('\n');
    expect(check('GET', '/things/1', 200, { 'content-type': 'application/json', etag: '"3"' }, [], json({ n: 1, extra: true }))).toMatch(/does not match the declared schema: \(root\) must NOT have additional properties/);
    expect(check('GET', '/things/1', 200, { 'content-type': 'application/json' }, [], json({ n: 1 }))).toMatch(/required header etag is missing/);
    expect(check('GET', '/things/1', 200, { 'content-type': 'application/json', etag: 'W/3' }, [], json({ n: 1 }))).toMatch(/header etag: "W\/3" data must match pattern/);
    expect(check('GET', '/things/1', 200, { 'content-type': 'application/json', etag: '"3"', 'x-secret': 'a' }, [], json({ n: 1 }))).toMatch(/header x-secret is not declared/);
    expect(check('GET', '/things/1', 200, { 'content-type': 'application/json', etag: '"3"' }, ['x-rows'], json({ n: 1 }))).toMatch(/trailer x-rows is not declared/);
    expect(check('GET', '/things/1', 400, { 'content-type': 'application/problem+json' }, [], json({ type: 't', title: 't', status: 400 }))).toMatch(/status 400 is not declared/);
    expect(check('GET', '/things/1', 404, { 'content-type': 'application/json' }, [], json({ error: 'Not Found' }))).toMatch(/media type application\/json is not declared/);
    expect(check('POST', '/lines', 200, { 'content-type': 'application/x-ndjson' }, [], Buffer.from('{"k":1}\n{"j":2}\n'))).toMatch(/line 2: the body does not match/);
    expect(check('GET', '/nowhere', 404, { 'content-type': 'application/json' }, [], json({ error: 'x' }))).toMatch(/instead of application\/problem\+json/);
  });
});

describe.each(BACKENDS)('contract and body safety (%s)', (backend) => {
  let ts: TestServer;

  beforeAll(async () => {
    ts = await startTestServer(backend);
  });
  afterAll(async () => {
    await ts?.close();
  });

  test("Fastify's router errors are problems: a path that is not UTF-8 → 400, an over-long path parameter → 414", async () => {
    const bad = await call(ts.url, 'GET', '/v1/cases/%ff%fe', { token: ts.tokens.admin });
    expectProblem(bad, 400, '(path)');
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const long = await call(ts.url, 'GET', `/v1/cases/${'A'.repeat(150)}`, { token: ts.tokens.admin });
    const body = expectProblem(long, 414, '(path)');
    expect(body.title).toBe('URI too long');
    // a tracking ID the router keeps but the pattern refuses names the parameter
    expectProblem(await call(ts.url, 'GET', `/v1/cases/${'A'.repeat(80)}/events`, { token: ts.tokens.admin }), 400, 'trackingId');
  });

  test('the document publishes the tracking ID pattern and describes sparse items; sparse pages pass the checker', async () => {
    const doc = await call<{ paths: Record<string, Record<string, { parameters: { name: string; in: string; schema: { pattern?: string } }[] }>> }>(ts.url, 'GET', '/openapi.json');
    const param = doc.body.paths['/v1/cases/{trackingId}'].get.parameters.find((p) => p.in === 'path')!;
    expect(new RegExp(param.schema.pattern!).test('LAP-1')).toBe(true);
    expect(new RegExp(param.schema.pattern!).test('LAP 1')).toBe(false);
    await intake(ts);
    const sparse = await call<{ items: Record<string, unknown>[] }>(ts.url, 'GET', '/v1/cases?fields=status&limit=5', { token: ts.tokens.admin });
    expect(sparse.status).toBe(200);
    expect(Object.keys(sparse.body.items[0]).sort()).toEqual(['status', 'trackingId', 'version']);
  });

  describe('invalid UTF-8 and lone surrogates in JSON bodies', () => {
    /** Every route that takes a JSON body, from the document, with a concrete path. */
    let routes: string[] = [];
    beforeAll(async () => {
      const doc = await call<{ paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>> }>(ts.url, 'GET', '/openapi.json');
      routes = Object.entries(doc.body.paths).flatMap(([path, ops]) =>
        Object.entries(ops)
          .filter(([, op]) => op.requestBody?.content['application/json'] !== undefined)
          .map(([method]) => `${method.toUpperCase()} ${path.replace('{trackingId}', 'LAP-1')}`),
      );
    });

    const headers = (token: string) => ({ authorization: `Bearer ${token}`, 'if-match': '"1"', 'idempotency-key': uid('utf') });

    test('the routes are the ones known today, and any added later', () => {
      expect(routes).toEqual(expect.arrayContaining(['POST /v1/cases', 'POST /v1/cases/LAP-1/actions', 'POST /v1/bulk', 'POST /v1/sla/sweep', 'POST /v1/tokens']));
    });

    test('a raw invalid byte in a nested string → 400 naming the field, on every route', async () => {
      for (const route of routes) {
        const path = route.split(' ')[1];
        for (const raw of [[0xff], [0xc3], [0xed, 0xa0, 0x80], [0xe0, 0x80, 0xaf], [0xf4, 0x90, 0x80, 0x80]]) {
          const res = await rawPost(ts.url, path, bytes('{"outer":{"list":["ok","a', raw, 'b"]}}'), headers(ts.tokens.admin));
          expect(res.status, `${route} ${JSON.stringify(res.json)}`).toBe(400);
          expect(res.type).toMatch(/^application\/problem\+json/);
          expect(fieldsOf(res.json), route).toEqual(['outer.list[1]']);
        }
      }
    });

    test('a \\ud800 escape (lone surrogate) in a value or a key → 400 naming it, on every route; a pair is not refused', async () => {
      for (const route of routes) {
        const path = route.split(' ')[1];
        const lone = await rawPost(ts.url, path, Buffer.from('{"a":[{"b":"x\\ud800y"}]}'), headers(ts.tokens.admin));
        expect(lone.status, route).toBe(400);
        expect(fieldsOf(lone.json), route).toEqual(['a[0].b']);
        const low = await rawPost(ts.url, path, Buffer.from('{"a":"\\udfff"}'), headers(ts.tokens.admin));
        expect(fieldsOf(low.json), route).toEqual(['a']);
        const key = await rawPost(ts.url, path, Buffer.from('{"k\\udc00":1}'), headers(ts.tokens.admin));
        expect(key.status, route).toBe(400);
        expect(fieldsOf(key.json)[0], route).toMatch(/^k/);
        expect(String(key.json.detail)).toContain('not valid Unicode');
        // a surrogate pair is a character: the route's own validation answers (unknown field), not this rule
        const pair = await rawPost(ts.url, path, Buffer.from('{"emoji\\ud83d\\ude00":1}'), headers(ts.tokens.admin));
        expect(String(pair.json.detail), route).not.toContain('not valid Unicode');
      }
    });

    test('an escape followed by an invalid byte is malformed JSON, not a different escape', async () => {
      const res = await rawPost(ts.url, '/v1/cases', bytes('{"title":"a\\', [0xff], 'udfff"}'), headers(ts.tokens.admin));
      expect(res.status).toBe(400);
      expect(fieldsOf(res.json)).toEqual(['(body)']);
    });

    test('intake: the bad title or reporter name is refused and nothing is written or hashed', async () => {
      const before = await eventCount(ts);
      const body = newCaseBody();
      /** The body's JSON cut where `at` puts the marker @@. */
      const around = (at: Record<string, unknown>) => JSON.stringify({ ...body, ...at }).split('@@') as [string, string];
      const [h1, t1] = around({ title: '@@' });
      const title = await rawPost(ts.url, '/v1/cases', bytes(`${h1}Antrean `, [0xe9], ` lama${t1}`), headers(ts.tokens.admin));
      expect(title.status).toBe(400);
      expect(fieldsOf(title.json)).toEqual(['title']);
      const [h2, t2] = around({ reporter: { name: '@@' } });
      const reporter = await rawPost(ts.url, '/v1/cases', bytes(`${h2}Ni Luh `, [0xe9], t2), headers(ts.tokens.admin));
      expect(fieldsOf(reporter.json)).toEqual(['reporter.name']);
      const lone = await rawPost(ts.url, '/v1/cases', Buffer.from(`${h1}Antrean \\ud800 lama${t1}`), headers(ts.tokens.admin));
      expect(fieldsOf(lone.json)).toEqual(['title']);
      expect(await eventCount(ts)).toBe(before);
      // the same body in well-formed text is taken as sent
      const ok = await rawPost(ts.url, '/v1/cases', Buffer.from(`${h1}Antrean é lama 😀${t1}`), headers(ts.tokens.admin));
      expect(ok.status, JSON.stringify(ok.json)).toBe(201);
      expect(ok.json.title).toBe('Antrean é lama 😀');
    });
  });
});

describe('client addresses behind a proxy (pglite)', () => {
  const MAX = 3;
  let trusted: TestServer;
  let untrusted: TestServer;
  let hops: TestServer;

  beforeAll(async () => {
    const rateLimit = { max: MAX, windowMs: 60_000 };
    trusted = await startTestServer('pglite', { rateLimit, trustProxy: ['127.0.0.1'] });
    untrusted = await startTestServer('pglite', { rateLimit, trustProxy: ['10.9.9.9'] });
    hops = await startTestServer('pglite', { rateLimit, trustProxy: 1 });
  });
  afterAll(async () => {
    await trusted?.close();
    await untrusted?.close();
    await hops?.close();
  });

  async function spend(ts: TestServer, forwardedFor: (i: number) => string, n: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let i = 0; i < n; i += 1) statuses.push((await call(ts.url, 'GET', '/v1/me', { headers: { 'x-forwarded-for': forwardedFor(i) } })).status);
    return statuses;
  }

  test('two clients behind a trusted proxy have budgets of their own', async () => {
    expect(await spend(trusted, () => '203.0.113.7', MAX + 1)).toEqual([...Array(MAX).fill(401), 429]);
    expect(await spend(trusted, () => '203.0.113.8', MAX)).toEqual(Array(MAX).fill(401));
  });

  test('an untrusted peer cannot spoof X-Forwarded-For: every made-up address shares its budget', async () => {
    expect(await spend(untrusted, (i) => `198.51.100.${i + 1}`, MAX + 1)).toEqual([...Array(MAX).fill(401), 429]);
  });

  test('with a hop count, only the address the trusted hop adds counts; entries a client prepends do not', async () => {
    expect(await spend(hops, (i) => `198.51.100.${i + 1}, 203.0.113.9`, MAX + 1)).toEqual([...Array(MAX).fill(401), 429]);
    expect(await spend(hops, () => '203.0.113.10', MAX)).toEqual(Array(MAX).fill(401));
  });
});

describe('a server shutting down (pglite)', () => {
  test('a request arriving on a kept-alive connection while the server closes → 503 problem+json, after the one in flight is answered', async () => {
    const ts = await startTestServer('pglite');
    const url = new URL(ts.url);
    const body = JSON.stringify(newCaseBody());
    const head = (length: number) =>
      `POST /v1/cases HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ts.tokens.admin}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
    const socket = connect(Number(url.port), url.hostname);
    const received: Buffer[] = [];
    socket.on('data', (c: Buffer) => received.push(c));
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    // the first request is in flight (half its body sent) when the server starts closing
    const arrived = new Promise((resolve) => ts.server.app.server.once('request', resolve));
    socket.write(head(Buffer.byteLength(body)) + body.slice(0, 10));
    await arrived;
    const closing = ts.close();
    await new Promise<void>((resolve) => {
      const until = () => (ts.server.app.server.listening ? setImmediate(until) : resolve());
      until();
    });
    // the rest of the first, then a second request on the same connection
    socket.write(body.slice(10) + head(2) + '{}');
    await ended;
    await closing;
    const text = Buffer.concat(received).toString('utf8');
    const answers = text.split(/(?=HTTP\/1\.1 )/);
    expect(answers[0]).toMatch(/^HTTP\/1\.1 201 /);
    expect(answers[1]).toMatch(/^HTTP\/1\.1 503 /);
    expect(answers[1]).toMatch(/content-type: application\/problem\+json/i);
    expect(answers[1]).toContain('"status":503');
  });
});
