// Rate limits (issue #8, item 7): the CLI facing 429. test/api/retry.test.ts checks the transport's
// arithmetic against a MockAgent; here the whole CLI runs in-process (real commands, the real undici client
// over real sockets) against a real API behind the fault proxy, which answers 429 in the server's place.
// The clock is fake: the client's and the command's sleeps advance it at once, and the proxy stamps every
// request with it, so "nothing sent before the deadline" is checked on the clock the CLI itself reads.
// - `Retry-After: 93` (delta-seconds) and the same deadline as an HTTP-date: one wait of 93 s, no request
//   in between, then the command resumes and finishes (a listing, and a bulk close whose chunk is refused);
// - 429 without Retry-After: waits that grow exponentially (equal jitter between half and all of
//   500 ms · 2^(n-1)), then success;
// - the server's own rate limiter answers 429 problem+json with a Retry-After the client can honour.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/api/client.js';
import { seededRandom } from '../../src/api/transport.js';
import { runCli } from '../../src/cli/main.js';
import type { Case } from '../../src/domain/types.js';
import { createTestDeps } from '../helpers/deps.js';
import { EMPTY } from '../helpers/fakeApi.js';
import { startFaultProxy, type FaultAction, type FaultProxy, type RequestInfo } from '../helpers/faultProxy.js';
import { call, startTestServer, type TestServer } from '../helpers/server.js';
import { disposedCase } from '../server/api-setup.js';

const T0 = Date.parse('2026-11-23T02:00:00Z');

interface Stamped {
  at: number;
  method: string;
  path: string;
}

describe('the CLI facing 429', () => {
  let ts: TestServer;
  let proxy: FaultProxy;
  const clock = { ms: T0 };
  const sleeps: number[] = [];
  const seen: Stamped[] = [];
  let refuse: (req: RequestInfo) => FaultAction | null = () => null;

  beforeAll(async () => {
    ts = await startTestServer('pglite');
    proxy = await startFaultProxy(ts.url, (req) => {
      seen.push({ at: clock.ms, method: req.method, path: req.path.split('?')[0] });
      return refuse(req) ?? { kind: 'pass' };
    });
  }, 120_000);
  afterAll(async () => {
    await proxy?.close();
    await ts?.close();
  });

  /** Runs `lapor <argv>` in-process with the real client through the proxy, on the fake clock. */
  async function lapor(argv: string[]) {
    clock.ms = T0;
    sleeps.length = 0;
    seen.length = 0;
    const fakeSleep = async (ms: number) => {
      sleeps.push(ms);
      clock.ms += ms;
    };
    const deps = createTestDeps({ data: EMPTY, argv });
    const client = createApiClient({
      baseUrl: proxy.url,
      token: ts.tokens.admin,
      now: () => clock.ms,
      sleep: fakeSleep,
      retry: { random: seededRandom(7) },
      onWait: (ms) => deps.io.err.write(`waiting ${Math.ceil(ms / 1000)} s\n`),
    });
    Object.assign(deps, { api: async () => client, now: () => new Date(clock.ms), sleep: fakeSleep });
    try {
      const code = await runCli(argv, deps);
      return { code, out: deps.io.outText(), err: deps.io.errText() };
    } finally {
      await client.close();
    }
  }

  const problem429 = (retryAfter?: string): FaultAction => ({
    kind: 'answer',
    status: 429,
    headers: { 'content-type': 'application/problem+json', ...(retryAfter === undefined ? {} : { 'retry-after': retryAfter }) },
    body: JSON.stringify({ type: '/problems/rate-limited', title: 'Too many requests', status: 429, detail: 'slow down' }),
  });

  for (const form of ['seconds', 'HTTP-date'] as const) {
    it(`Retry-After: 93 as ${form}: one wait of 93 s, nothing sent before the deadline, then the listing resumes`, async () => {
      await disposedCase(ts, 'badung.dinkes');
      let refused = 0;
      refuse = (req) => {
        if (req.method !== 'GET' || !req.path.startsWith('/v1/cases') || refused > 0) return null;
        refused += 1;
        return problem429(form === 'seconds' ? '93' : new Date(clock.ms + 93_000).toUTCString());
      };
      const r = await lapor(['--lang', 'en', 'cases', 'list', '--format', 'json']);
      expect(r.code, r.err).toBe(0);
      expect((JSON.parse(r.out) as unknown[]).length).toBeGreaterThan(0);
      expect(sleeps).toEqual([93_000]);
      expect(r.err).toContain('waiting 93 s');
      const lists = seen.filter((s) => s.path === '/v1/cases');
      expect(lists.length).toBe(2);
      // the refused request at T0, the next one only once the fake clock reached T0 + 93 s, none between
      expect(lists[0].at).toBe(T0);
      expect(lists[1].at).toBe(T0 + 93_000);
      expect(seen.filter((s) => s.at > T0 && s.at < T0 + 93_000)).toEqual([]);
    });
  }

  it('a bulk close whose chunk is refused with Retry-After: 93 waits 93 s, then every case is closed once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      const c = await disposedCase(ts, 'badung.dinkes', { title: `Antre [rl-bulk]` }, true);
      ids.push(c.trackingId);
    }
    let refused = 0;
    refuse = (req) => (req.method === 'POST' && req.path === '/v1/bulk' && refused++ === 0 ? problem429('93') : null);
    const r = await lapor(['--lang', 'en', 'cases', 'close', '--where', 'status=in_progress', '--where', 'q=[rl-bulk]', '--yes', '--chunk-size', '3', '--concurrency', '1']);
    expect(r.code, r.err).toBe(0);
    const bulks = seen.filter((s) => s.method === 'POST' && s.path === '/v1/bulk');
    expect(bulks.length).toBe(3); // refused, its resend, the second chunk
    expect(bulks[1].at - bulks[0].at).toBeGreaterThanOrEqual(93_000);
    expect(seen.filter((s) => s.at > bulks[0].at && s.at < bulks[0].at + 93_000)).toEqual([]);
    expect(sleeps[0]).toBe(93_000);
    for (const id of ids) {
      const c = await call<Case>(ts.url, 'GET', `/v1/cases/${id}`, { token: ts.tokens.admin });
      expect(c.body.status).toBe('completed');
      const closes = (await ts.server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_events WHERE tracking_id = $1 AND action = 'close'`, [id]))[0].n;
      expect(closes).toBe(1);
    }
  });

  it('429 without Retry-After: exponential backoff (each wait within half to all of 500 ms · 2^(n-1)), then success', async () => {
    let refused = 0;
    refuse = (req) => (req.method === 'GET' && req.path.startsWith('/v1/institutions') && refused++ < 4 ? problem429() : null);
    const r = await lapor(['--lang', 'en', 'institutions', 'list', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    expect(sleeps).toHaveLength(4);
    sleeps.forEach((ms, i) => {
      const step = 500 * 2 ** i;
      expect(ms).toBeGreaterThanOrEqual(step / 2);
      expect(ms).toBeLessThanOrEqual(step);
    });
    const calls = seen.filter((s) => s.path === '/v1/institutions');
    expect(calls).toHaveLength(5);
    for (let i = 1; i < calls.length; i += 1) expect(calls[i].at - calls[i - 1].at).toBe(sleeps[i - 1]);
  });

  it('still 429 after every attempt: the command gives up with exit 75 (busy) and says so', async () => {
    refuse = (req) => (req.path.startsWith('/v1/institutions') ? problem429() : null);
    const r = await lapor(['--lang', 'en', 'institutions', 'list']);
    expect(r.code).toBe(75);
    expect(r.err).toMatch(/429|rate limit/i);
    refuse = () => null;
  });
});

describe("the server's own limiter", () => {
  it('answers 429 problem+json with a Retry-After in seconds once a token spends its budget; other tokens go on', async () => {
    const ts = await startTestServer('pglite', { rateLimit: { max: 5, windowMs: 60_000 } });
    try {
      const answers = [];
      for (let i = 0; i < 7; i += 1) answers.push(await call(ts.url, 'GET', '/v1/institutions', { token: ts.tokens.admin }));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 429, 429]);
      const limited = answers[5];
      expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      expect((await call(ts.url, 'GET', '/v1/institutions', { token: ts.tokens.system })).status).toBe(200);
    } finally {
      await ts.close();
    }
  });
});
