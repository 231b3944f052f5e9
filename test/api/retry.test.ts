import { afterEach, describe, expect, it } from 'vitest';
import { CancelledError, NetworkError, RateLimitedError, ServerError } from '../../src/api/errors.js';
import { backoffDelay, parseRetryAfter, seededRandom } from '../../src/api/transport.js';
import { JSON_HEADERS, ORIGIN, PROBLEM_HEADERS, START, closeHarnesses, harness, header, makeCase, rejection } from './helpers.js';

afterEach(closeHarnesses);

const me = { name: 'admin', role: 'national_admin', institutionId: null };
const tooMany = { type: 'urn:lapor:rate-limited', title: 'Too Many Requests', status: 429, detail: 'rate limit of this token exceeded' };
const unavailable = { type: 'about:blank', title: 'Service Unavailable', status: 503 };
const items = [{ trackingId: 'A', version: 1, action: 'close' as const }];
const bulkOk = { results: [{ index: 0, trackingId: 'A', outcome: 'applied', status: 200, version: 2, problem: null }], counts: { applied: 1, skipped: 0, failed: 0 } };
const refused = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });

describe('retries of repeatable requests', () => {
  it('GET is retried after a 503, with one backoff wait', async () => {
    const h = harness();
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(503, unavailable, { headers: PROBLEM_HEADERS });
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(200, me, { headers: JSON_HEADERS });
    await expect(h.client.whoami()).resolves.toEqual(me);
    expect(h.calls()).toHaveLength(2);
    expect(h.sleeps).toEqual([{ ms: 375, sentBefore: 1 }]);
    expect(h.waits).toEqual([
      { ms: 375, reason: { kind: 'unavailable', attempt: 1, status: 503, code: null, retryAfter: false, origin: ORIGIN, method: 'GET', path: '/v1/me' } },
    ]);
  });

  it('bulk with an Idempotency-Key is retried on 503 and 502 with the same key and body', async () => {
    const h = harness();
    h.pool.intercept({ path: '/v1/bulk', method: 'POST' }).reply(503, unavailable, { headers: PROBLEM_HEADERS });
    h.pool.intercept({ path: '/v1/bulk', method: 'POST' }).reply(502, 'bad gateway');
    h.pool.intercept({ path: '/v1/bulk', method: 'POST' }).reply(200, bulkOk, { headers: JSON_HEADERS });
    await expect(h.client.bulk(items, 'key-9')).resolves.toEqual({ response: bulkOk, replayed: false });
    expect(h.calls().map((c) => [header(c, 'idempotency-key'), c.body])).toEqual([
      ['key-9', JSON.stringify({ items })],
      ['key-9', JSON.stringify({ items })],
      ['key-9', JSON.stringify({ items })],
    ]);
    expect(h.sleeps.map((s) => s.ms)).toEqual([375, 750]);
  });

  it('act() without a key is NOT retried on 503', async () => {
    const h = harness();
    h.pool.intercept({ path: '/v1/cases/A/actions', method: 'POST' }).reply(503, unavailable, { headers: PROBLEM_HEADERS });
    await expect(h.client.act('A', 1, { action: 'close' })).rejects.toBeInstanceOf(ServerError);
    expect(h.calls()).toHaveLength(1);
    expect(h.sleeps).toEqual([]);
    expect(h.waits).toEqual([]);
  });

  it('act() without a key is NOT retried on 429 or a network error', async () => {
    const h = harness();
    h.pool.intercept({ path: '/v1/cases/A/actions', method: 'POST' }).reply(429, tooMany, { headers: { ...PROBLEM_HEADERS, 'retry-after': '5' } });
    h.pool.intercept({ path: '/v1/cases/A/actions', method: 'POST' }).replyWithError(refused());
    await expect(h.client.act('A', 1, { action: 'close' })).rejects.toMatchObject({ name: 'RateLimitedError', retryAfterMs: 5000 });
    await expect(h.client.act('A', 1, { action: 'close' })).rejects.toMatchObject({ name: 'NetworkError', code: 'ECONNREFUSED' });
    expect(h.calls()).toHaveLength(2);
    expect(h.sleeps).toEqual([]);
  });

  it('act() with a key is retried', async () => {
    const h = harness();
    const event = { id: 3, trackingId: 'A', seq: 2, at: '2024-03-04T02:00:00.000Z', actor: 'a', role: 'national_admin', action: 'close', fromStatus: 'in_progress', toStatus: 'completed', fromInstitution: null, toInstitution: null, note: null, requestId: null, prevHash: 'x', hash: 'y' };
    h.pool.intercept({ path: '/v1/cases/A/actions', method: 'POST' }).reply(504, 'gateway timeout');
    h.pool.intercept({ path: '/v1/cases/A/actions', method: 'POST' }).reply(200, { case: makeCase({ trackingId: 'A', status: 'completed', version: 2 }), event }, { headers: JSON_HEADERS });
    const r = await h.client.act('A', 1, { action: 'close' }, { idempotencyKey: 'act-1' });
    expect(r.case.version).toBe(2);
    expect(h.calls().map((c) => [header(c, 'idempotency-key'), header(c, 'if-match')])).toEqual([
      ['act-1', '"1"'],
      ['act-1', '"1"'],
    ]);
  });

  it('a network error is retried for GET once the server has answered (a server restarting mid-run)', async () => {
    const h = harness();
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(200, me, { headers: JSON_HEADERS });
    await h.client.whoami();
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).replyWithError(refused());
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).replyWithError(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }));
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(200, me, { headers: JSON_HEADERS });
    await expect(h.client.whoami()).resolves.toEqual(me);
    expect(h.waits.map((w) => [w.ms, w.reason.kind, w.reason.code])).toEqual([
      [375, 'network', 'ECONNREFUSED'],
      [750, 'network', 'UND_ERR_SOCKET'],
    ]);
  });

  it('a refused connection before the server ever answered fails at once, naming the address (a wrong --api)', async () => {
    const h = harness();
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).replyWithError(refused());
    const e = await rejection(h.client.whoami());
    expect(e).toMatchObject({ name: 'NetworkError', code: 'ECONNREFUSED', origin: ORIGIN, method: 'GET', path: '/v1/me' });
    expect(h.calls()).toHaveLength(1);
    expect(h.waits).toEqual([]);
  });

  it('a network error that persists fails with NetworkError after maxAttempts', async () => {
    const h = harness({ retry: { maxAttempts: 3, random: () => 0.5 } });
    const reset = () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    for (let i = 0; i < 3; i++) h.pool.intercept({ path: '/v1/me', method: 'GET' }).replyWithError(reset());
    const e = await rejection(h.client.whoami());
    expect(e).toBeInstanceOf(NetworkError);
    expect(e).toMatchObject({ code: 'ECONNRESET', transient: true, method: 'GET', path: '/v1/me', origin: ORIGIN });
    expect((e as Error).message).toBe(`network error: connection reset (ECONNRESET) (GET ${ORIGIN}/v1/me)`);
    expect((e as Error).cause).toBeInstanceOf(Error);
    expect(h.calls()).toHaveLength(3);
    expect(h.sleeps.map((s) => s.ms)).toEqual([375, 750]);
  });

  it('a host that does not exist is not retried', async () => {
    const h = harness();
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).replyWithError(Object.assign(new Error('getaddrinfo ENOTFOUND api.test'), { code: 'ENOTFOUND' }));
    await expect(h.client.whoami()).rejects.toMatchObject({ name: 'NetworkError', code: 'ENOTFOUND', transient: false });
    expect(h.sleeps).toEqual([]);
  });

  it('maxAttempts: 1 turns retries off', async () => {
    const h = harness({ retry: { maxAttempts: 1 } });
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(503, unavailable, { headers: PROBLEM_HEADERS });
    await expect(h.client.whoami()).rejects.toBeInstanceOf(ServerError);
    expect(h.sleeps).toEqual([]);
  });
});

describe('429 and Retry-After', () => {
  it('Retry-After: 93 → exactly one wait of 93 000 ms, and nothing sent before it ends', async () => {
    const h = harness();
    h.pool.intercept({ path: '/v1/cases', method: 'GET' }).reply(429, tooMany, { headers: { ...PROBLEM_HEADERS, 'retry-after': '93' } });
    h.pool.intercept({ path: '/v1/cases', method: 'GET' }).reply(200, { items: [], nextCursor: null }, { headers: JSON_HEADERS });
    await expect(h.client.listCases()).resolves.toEqual({ items: [], nextCursor: null });
    expect(h.sleeps).toEqual([{ ms: 93_000, sentBefore: 1 }]);
    expect(h.waits).toEqual([
      { ms: 93_000, reason: { kind: 'rate_limited', attempt: 1, status: 429, code: null, retryAfter: true, origin: ORIGIN, method: 'GET', path: '/v1/cases' } },
    ]);
    expect(h.calls()).toHaveLength(2);
    expect(h.clock.now).toBe(START + 93_000);
  });

  it('Retry-After as an HTTP-date → the delta from the fake clock', async () => {
    const h = harness();
    h.clock.now = START + 250;
    const at = new Date(START + 120_000).toUTCString(); // "Mon, 04 Mar 2024 00:02:00 GMT"
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(429, tooMany, { headers: { ...PROBLEM_HEADERS, 'retry-after': at } });
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(200, me, { headers: JSON_HEADERS });
    await h.client.whoami();
    expect(h.sleeps).toEqual([{ ms: 119_750, sentBefore: 1 }]);
  });

  it('an HTTP-date in the past → retry at once', async () => {
    const h = harness();
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(429, tooMany, { headers: { ...PROBLEM_HEADERS, 'retry-after': 'Sun, 03 Mar 2024 23:00:00 GMT' } });
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(200, me, { headers: JSON_HEADERS });
    await h.client.whoami();
    expect(h.sleeps.map((s) => s.ms)).toEqual([0]);
  });

  it('429 without Retry-After → the exponential backoff sequence', async () => {
    const h = harness({ retry: { random: () => 0 } });
    for (let i = 0; i < 4; i++) h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(429, tooMany, { headers: PROBLEM_HEADERS });
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(200, me, { headers: JSON_HEADERS });
    await h.client.whoami();
    expect(h.sleeps).toEqual([
      { ms: 250, sentBefore: 1 },
      { ms: 500, sentBefore: 2 },
      { ms: 1000, sentBefore: 3 },
      { ms: 2000, sentBefore: 4 },
    ]);
    expect(h.waits.every((w) => w.reason.kind === 'rate_limited' && !w.reason.retryAfter)).toBe(true);
  });

  it('still 429 after maxAttempts → RateLimitedError', async () => {
    const h = harness({ retry: { maxAttempts: 2, random: () => 0.5 } });
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(429, tooMany, { headers: { ...PROBLEM_HEADERS, 'retry-after': '2' } });
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(429, tooMany, { headers: { ...PROBLEM_HEADERS, 'retry-after': '3' } });
    const e = await rejection(h.client.whoami());
    expect(e).toBeInstanceOf(RateLimitedError);
    expect(e).toMatchObject({ kind: 'rate_limited', retryAfterMs: 3000, detail: 'rate limit of this token exceeded' });
    expect(h.sleeps.map((s) => s.ms)).toEqual([2000]);
  });

  it('Retry-After above the maximum wait → fails at once with rate_limited saying how long', async () => {
    const h = harness();
    h.pool.intercept({ path: '/v1/bulk', method: 'POST' }).reply(429, tooMany, { headers: { ...PROBLEM_HEADERS, 'retry-after': '901' } });
    const e = await rejection(h.client.bulk(items, 'k'));
    expect(e).toBeInstanceOf(RateLimitedError);
    expect(e).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 901_000 });
    expect((e as Error).message).toBe(
      'HTTP 429: rate limit of this token exceeded; the server asks to wait 16 min, more than the 15 min allowed (POST /v1/bulk)',
    );
    expect(h.sleeps).toEqual([]);
    expect(h.calls()).toHaveLength(1);
  });

  it('Retry-After equal to the maximum is honoured in full, and the maximum is configurable', async () => {
    const h = harness({ retry: { maxWaitMs: 120_000 } });
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(429, tooMany, { headers: { ...PROBLEM_HEADERS, 'retry-after': '120' } });
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(200, me, { headers: JSON_HEADERS });
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(429, tooMany, { headers: { ...PROBLEM_HEADERS, 'retry-after': '121' } });
    await h.client.whoami();
    expect(h.sleeps.map((s) => s.ms)).toEqual([120_000]);
    await expect(h.client.whoami()).rejects.toMatchObject({ retryAfterMs: 121_000 });
  });

  it('503 with Retry-After waits as the server asks', async () => {
    const h = harness();
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(503, unavailable, { headers: { ...PROBLEM_HEADERS, 'retry-after': '7' } });
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(200, me, { headers: JSON_HEADERS });
    await h.client.whoami();
    expect(h.waits.map((w) => [w.ms, w.reason.kind, w.reason.retryAfter])).toEqual([[7000, 'unavailable', true]]);
  });

  it('onWait is told before the sleep starts', async () => {
    const order: string[] = [];
    const h = harness({
      onWait: (ms) => order.push(`wait ${ms}`),
      sleep: async (ms) => {
        order.push(`sleep ${ms}`);
      },
    });
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(429, tooMany, { headers: { ...PROBLEM_HEADERS, 'retry-after': '93' } });
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(200, me, { headers: JSON_HEADERS });
    await h.client.whoami();
    expect(order).toEqual(['wait 93000', 'sleep 93000']);
  });
});

describe('cancellation', () => {
  it('an abort during the wait → CancelledError, and no second request', async () => {
    const ac = new AbortController();
    const h = harness({
      signal: ac.signal,
      sleep: async () => {
        ac.abort();
      },
    });
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(429, tooMany, { headers: { ...PROBLEM_HEADERS, 'retry-after': '93' } });
    const e = await rejection(h.client.whoami());
    expect(e).toBeInstanceOf(CancelledError);
    expect((e as Error).message).toBe('cancelled (GET /v1/me)');
    expect(h.calls()).toHaveLength(1);
  });

  it('the default sleep stops when the per-call signal aborts', async () => {
    const ac = new AbortController();
    const h = harness({ sleep: undefined, onWait: () => setImmediate(() => ac.abort()) });
    h.pool.intercept({ path: '/v1/me', method: 'GET' }).reply(429, tooMany, { headers: { ...PROBLEM_HEADERS, 'retry-after': '600' } });
    await expect(h.client.whoami({ signal: ac.signal })).rejects.toBeInstanceOf(CancelledError);
  });

  it('an already aborted signal sends nothing', async () => {
    const h = harness();
    await expect(h.client.whoami({ signal: AbortSignal.abort() })).rejects.toBeInstanceOf(CancelledError);
    expect(h.calls()).toHaveLength(0);
  });
});

describe('retry arithmetic', () => {
  it('parseRetryAfter reads both forms and ignores junk', () => {
    expect(parseRetryAfter('93', START)).toBe(93_000);
    expect(parseRetryAfter(' 0 ', START)).toBe(0);
    expect(parseRetryAfter('Mon, 04 Mar 2024 00:01:33 GMT', START)).toBe(93_000);
    expect(parseRetryAfter('Mon, 04 Mar 2024 00:01:33 GMT', START + 93_001)).toBe(0);
    expect(parseRetryAfter('-5', START)).toBeNull();
    expect(parseRetryAfter('soon', START)).toBeNull();
    expect(parseRetryAfter(undefined, START)).toBeNull();
  });

  it('backoffDelay doubles, jitters between half and all of the step, and caps', () => {
    const r = { baseDelayMs: 500, maxDelayMs: 4000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, r, () => 0))).toEqual([250, 500, 1000, 2000, 2000, 2000]);
    const rnd = seededRandom(42);
    for (let n = 1; n <= 6; n++) {
      const d = backoffDelay(n, r, rnd);
      const step = Math.min(4000, 500 * 2 ** (n - 1));
      expect(d).toBeGreaterThanOrEqual(step / 2);
      expect(d).toBeLessThanOrEqual(step);
    }
  });

  it('seededRandom is reproducible and in [0, 1)', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const xs = Array.from({ length: 100 }, () => a());
    expect(xs).toEqual(Array.from({ length: 100 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('HTTP-date forms', () => {
  it('reads the obsolete RFC 850 and asctime forms too', () => {
    expect(parseRetryAfter('Monday, 04-Mar-24 00:01:33 GMT', START)).toBe(93_000);
    expect(parseRetryAfter('Mon Mar  4 00:01:33 2024', START)).toBe(93_000);
  });
});
