// The bearer token must never leave the Authorization header: not in an error's message, stack, cause or
// JSON, and not in a debug line.

import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createTransport } from '../../src/api/transport.js';
import { JSON_HEADERS, ORIGIN, PROBLEM_HEADERS, TOKEN, closeHarnesses, harness, header, makeCase, rejection } from './helpers.js';
import { MockAgent } from 'undici';

afterEach(closeHarnesses);

function expectNoToken(e: unknown): void {
  expect(e).toBeInstanceOf(Error);
  const err = e as Error;
  const texts = [
    err.message,
    err.stack ?? '',
    JSON.stringify(err),
    inspect(err, { depth: 10, showHidden: true }),
    err.cause instanceof Error ? `${err.cause.message}\n${err.cause.stack ?? ''}` : String(err.cause ?? ''),
  ];
  for (const t of texts) expect(t).not.toContain(TOKEN);
}

describe('the canary token never leaks', () => {
  it('from errors of every kind, nor from the debug lines', async () => {
    const h = harness({ retry: { maxAttempts: 2, random: () => 0.5 } });
    const echo = `token ${TOKEN} is unknown`;
    // A server (or proxy) that echoes the token back in its problem document.
    h.pool
      .intercept({ path: '/v1/me', method: 'GET' })
      .reply(401, { type: 'urn:auth', title: `Bearer ${TOKEN}`, status: 401, detail: echo, errors: [{ field: TOKEN, message: echo }] }, { headers: PROBLEM_HEADERS });
    h.pool.intercept({ path: '/v1/cases/X', method: 'GET' }).reply(404, { type: 'urn:nf', title: 'Not Found', status: 404, detail: 'case not found' }, { headers: PROBLEM_HEADERS });
    // A network error whose text carries the token (as a misbehaving proxy library might).
    for (let i = 0; i < 2; i++) {
      h.pool.intercept({ path: '/v1/institutions', method: 'GET' }).replyWithError(Object.assign(new Error(`socket hang up; authorization: Bearer ${TOKEN}`), { code: 'ECONNRESET' }));
    }
    h.pool.intercept({ path: '/v1/cases/Y', method: 'GET' }).reply(200, { ...makeCase(), status: TOKEN }, { headers: JSON_HEADERS });
    h.pool.intercept({ path: '/v1/bulk', method: 'POST' }).reply(429, { type: 'urn:rl', title: 'Too Many Requests', status: 429 }, { headers: { ...PROBLEM_HEADERS, 'retry-after': '3600' } });
    h.pool.intercept({ path: '/v1/cases/Z/actions', method: 'POST' }).reply(503, 'down', { headers: { 'content-type': 'text/plain' } });

    const errors = [
      await rejection(h.client.whoami()),
      await rejection(h.client.getCase('X')),
      await rejection(h.client.institutions()),
      await rejection(h.client.getCase('Y')),
      await rejection(h.client.bulk([{ trackingId: 'A', version: 1, action: 'close' }], 'k')),
      await rejection(h.client.act('Z', 1, { action: 'close' })),
      await rejection(h.client.channels({ signal: AbortSignal.abort() })),
    ];
    expect(errors.map((e) => (e as Error).name)).toEqual([
      'AuthError',
      'NotFoundError',
      'NetworkError',
      'ResponseShapeError',
      'RateLimitedError',
      'ServerError',
      'CancelledError',
    ]);
    for (const e of errors) expectNoToken(e);
    expect(errors[0]).toMatchObject({ title: 'Bearer ***', detail: 'token *** is unknown', errors: [{ field: '***', message: 'token *** is unknown' }] });

    // It was sent, though, on every request.
    for (const call of h.calls()) expect(header(call, 'authorization')).toBe(`Bearer ${TOKEN}`);

    expect(h.debugLines.length).toBeGreaterThan(10);
    for (const line of h.debugLines) expect(line).not.toContain(TOKEN);
    expect(h.debugLines.filter((l) => l.startsWith('> ')).every((l) => l.includes('authorization: Bearer ***'))).toBe(true);
  });

  it('debug lines show method, path, status and time; secret query values are redacted', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent.get(ORIGIN).intercept({ path: '/v1/x?token=abc&q=jalan', method: 'GET' }).reply(200, { ok: true }, { headers: { ...JSON_HEADERS, 'x-request-id': 'rq-1' } });
    const lines: string[] = [];
    let t = 1000;
    const transport = createTransport({ baseUrl: ORIGIN, token: TOKEN, dispatcher: agent, debug: (l) => lines.push(l), now: () => (t += 5) });
    await transport.send({ method: 'GET', path: '/v1/x', query: { token: 'abc', q: 'jalan' } });
    expect(lines).toEqual([
      '> GET /v1/x?token=***&q=jalan (attempt 1) accept: application/json, application/problem+json; authorization: Bearer ***',
      '< 200 GET /v1/x?token=***&q=jalan 5 ms request-id rq-1',
    ]);
    agent.assertNoPendingInterceptors();
    await agent.close();
  });
});
