// Fault proxy (issue #8, item 1): bulk runs of the built CLI (`lapor cases close --where … --yes`, spawned
// from bin/lapor.js) through a loopback proxy that loses 5% of the bulk answers after the server committed
// them, and also resets answers mid-body, drops requests before they arrive and delays others. Every lost
// chunk is re-sent with its Idempotency-Key and answered from the idempotency store (`Idempotent-Replayed:
// true`, seen by the proxy and in the journal): 0 cases changed twice, 0 lost, the audit trail intact.
// The proxy itself is checked first, mode by mode.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import type { Case } from '../../src/domain/types.js';
import { startFaultProxy, randomFaults, type FaultAction, type FaultProxy, type RequestInfo } from '../helpers/faultProxy.js';
import { BACKENDS, call, startTestServer, type TestServer } from '../helpers/server.js';
import { newCaseBody } from '../server/api-setup.js';
import { buildOnce, cleanUp, freshHome, journalContent, journalsIn, rng, runCli, seedInProgress } from '../e2e/bulk-helpers.js';

const LONG = process.env.LAPOR_LONG_TESTS === '1';
const CASES = LONG ? 5_000 : 1_000;
const CHUNK = LONG ? 50 : 10;
const SEEDS = LONG ? 10 : 3;

const figures: string[] = [];

beforeAll(() => buildOnce(), 180_000);
afterAll(() => {
  cleanUp();
  if (figures.length > 0) process.stderr.write(`fault proxy figures:\n${figures.map((f) => `  ${f}`).join('\n')}\n`);
});

describe('the fault proxy, mode by mode', () => {
  let ts: TestServer;
  let proxy: FaultProxy;
  let next: FaultAction = { kind: 'pass' };
  beforeAll(async () => {
    ts = await startTestServer('pglite');
    proxy = await startFaultProxy(ts.url, () => next);
  });
  afterAll(async () => {
    await proxy?.close();
    await ts?.close();
  });

  const intake = (body: Record<string, unknown>) =>
    request(`${proxy.url}/v1/cases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ts.tokens.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => ({ status: r.statusCode, headers: r.headers, text: await r.body.text() }));
  const exists = async (id: string) => (await call(ts.url, 'GET', `/v1/cases/${id}`, { token: ts.tokens.admin })).status === 200;

  it('pass: the answer arrives whole; delay: it arrives late', async () => {
    next = { kind: 'pass' };
    const body = newCaseBody();
    const r = await intake(body);
    expect(r.status, r.text).toBe(201);
    expect(JSON.parse(r.text).trackingId).toBe(body.trackingId);
    next = { kind: 'delay', ms: 300 };
    const started = Date.now();
    expect((await intake(newCaseBody())).status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('a chunked answer with trailers (the CSV export) passes through byte for byte', async () => {
    next = { kind: 'pass' };
    for (let i = 0; i < 3; i += 1) expect((await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body: newCaseBody() })).status).toBe(201);
    const direct = await call(ts.url, 'GET', '/v1/exports/cases', { token: ts.tokens.admin });
    const viaProxy = await request(`${proxy.url}/v1/exports/cases`, { headers: { authorization: `Bearer ${ts.tokens.admin}` } });
    const text = await viaProxy.body.text();
    expect(viaProxy.statusCode).toBe(200);
    expect(viaProxy.headers['transfer-encoding']).toBe('chunked');
    expect(text).toBe(direct.text);
    expect(text.split('\n').length).toBeGreaterThan(2);
    // the row count follows the body as a trailer: the proxy kept the chunk framing and the trailer intact
    const rows = text.split('\n').filter((l) => l !== '').length - 1;
    expect(viaProxy.trailers['x-export-rows']).toBe(String(rows));
  });

  it('drop_before: the client sees the connection close and the server never saw the request', async () => {
    next = { kind: 'drop_before' };
    const body = newCaseBody();
    await expect(intake(body)).rejects.toThrow();
    expect(await exists(body.trackingId as string)).toBe(false);
  });

  it('drop_after: the server did the work, the client never got the answer', async () => {
    next = { kind: 'drop_after' };
    const body = newCaseBody();
    await expect(intake(body)).rejects.toThrow();
    expect(await exists(body.trackingId as string)).toBe(true);
    expect(proxy.responses.at(-1)).toMatchObject({ status: 201, fault: 'drop_after' });
  });

  it('reset_mid_body: the head and half the body arrive, then a reset', async () => {
    next = { kind: 'reset_mid_body' };
    const res = await request(`${proxy.url}/v1/institutions`, { headers: { authorization: `Bearer ${ts.tokens.admin}` } });
    expect(res.statusCode).toBe(200);
    await expect(res.body.text()).rejects.toThrow();
    next = { kind: 'pass' };
    expect(proxy.stats.injected).toMatchObject({ drop_before: 1, drop_after: 1, reset_mid_body: 1, delay: 1 });
  });
});

describe.each(BACKENDS)('bulk close through the fault proxy on %s', (backend) => {
  let ts: TestServer;
  beforeAll(async () => {
    ts = await startTestServer(backend);
  }, 120_000);
  afterAll(async () => {
    await ts?.close();
  });

  for (let seed = 1; seed <= SEEDS; seed += 1) {
    it(
      `seed ${seed}: ${CASES} cases in chunks of ${CHUNK}, 5% of bulk answers lost after commit → 0 duplicates, 0 lost`,
      async () => {
        const marker = `[fault-${backend}-${seed}]`;
        const ids = Array.from({ length: CASES }, (_, i) => `F${seed}${backend[0]}-${String(i).padStart(5, '0')}`);
        await seedInProgress(ts.server.db, ts.server.store, ids, { institution: 'badung.dinkes', title: `Jalan rusak ${marker}` });

        const random = rng(7000 + seed);
        const isBulk = (r: RequestInfo) => r.method === 'POST' && r.path === '/v1/bulk';
        const bulkFaults = randomFaults(random, { drop_after: 0.05, reset_mid_body: 0.02, drop_before: 0.02, delay: 0.05 }, isBulk);
        const otherFaults = randomFaults(random, { reset_mid_body: 0.02, drop_before: 0.02, delay: 0.03 }, (r) => !isBulk(r));
        const proxy = await startFaultProxy(ts.url, (r) => (isBulk(r) ? bulkFaults(r) : otherFaults(r)));
        try {
          const home = freshHome({ LAPOR_API_URL: proxy.url, LAPOR_TOKEN: ts.tokens.admin });
          const r = await runCli(
            ['--lang', 'en', 'cases', 'close', '--where', 'status=in_progress', '--where', `q=${marker}`, '--yes', '--chunk-size', String(CHUNK), '--retry-timeout', '120'],
            home.env,
          );
          expect(r.code, r.err).toBe(0);

          // what the proxy saw: which chunks (keys) lost an answer after commit, which answers were replays
          const bulk = proxy.responses.filter((x) => isBulk(x.request));
          const key = (x: { request: RequestInfo }) => x.request.headers['idempotency-key'];
          const lostAfterCommit = new Set(bulk.filter((x) => x.fault === 'drop_after' || x.fault === 'reset_mid_body').map(key));
          const replays = bulk.filter((x) => x.headers['idempotent-replayed'] === 'true');
          const deliveredReplays = new Set(replays.filter((x) => x.fault === 'pass' || x.fault === 'delay').map(key));
          expect(lostAfterCommit.size, 'faults injected on bulk answers').toBeGreaterThan(0);
          // every chunk whose answer was lost after commit was answered from the idempotency store later,
          // and nothing else was a replay: a chunk the server never saw (drop_before) simply ran
          expect([...deliveredReplays].sort()).toEqual([...lostAfterCommit].sort());
          for (const x of bulk.filter((y) => !y.headers['idempotent-replayed'])) expect(x.status).toBe(200);

          // the database: every case completed, exactly one close event each
          const rows = await ts.server.db.query<{ tracking_id: string; status: string; version: number; closes: number }>(
            `SELECT c.tracking_id, c.status, c.version,
                    (SELECT count(*)::int FROM case_events e WHERE e.tracking_id = c.tracking_id AND e.action = 'close') AS closes
               FROM cases c WHERE c.tracking_id = ANY($1::text[])`,
            [ids],
          );
          const lost = rows.filter((x) => x.status !== 'completed' || x.closes === 0).length;
          const doubled = rows.filter((x) => x.closes > 1).length;
          expect(rows).toHaveLength(CASES);
          expect(lost).toBe(0);
          expect(doubled).toBe(0);
          expect(rows.every((x) => Number(x.version) === 4)).toBe(true);

          // the journal: one applied outcome per item at the database's version; replayed chunks marked
          const [journal] = journalsIn(home.stateDir);
          const { items, outcomes } = journalContent(journal);
          expect(items).toHaveLength(CASES);
          const byIndex = new Map<number, (typeof outcomes)[number]>();
          for (const o of outcomes) if (!byIndex.has(o.index)) byIndex.set(o.index, o);
          expect(byIndex.size).toBe(CASES);
          expect([...byIndex.values()].every((o) => o.outcome === 'applied' && o.version === 4)).toBe(true);
          const journalReplayed = new Set(outcomes.filter((o) => o.replayed).map((o) => o.chunk));
          const keyChunks = new Set([...lostAfterCommit].map((k) => Number(k.split(':').at(-1))));
          expect([...journalReplayed].sort()).toEqual([...keyChunks].sort());

          // the audit trail verifies, read through the same faulty proxy
          const audit = await runCli(['--lang', 'en', 'audit', 'verify'], home.env);
          expect(audit.code, audit.err).toBe(0);
          expect(audit.out).toMatch(/^audit trail intact: \d+ cases and \d+ events checked, no problems\npersonal-data export log intact: 0 records checked\n$/);

          const s = proxy.stats.injected;
          figures.push(
            `${backend} seed ${seed}: ${CASES} cases, ${bulk.length} bulk answers, ${proxy.stats.requests} requests; injected ` +
              `drop_after ${s.drop_after}, reset_mid_body ${s.reset_mid_body}, drop_before ${s.drop_before}, delay ${s.delay}; ` +
              `${replays.length} replays; lost ${lost}, doubled ${doubled}`,
          );
        } finally {
          await proxy.close();
        }
      },
      LONG ? 900_000 : 240_000,
    );
  }

  it('a replayed answer is byte-for-byte the stored one and marked; the first answer is not marked', async () => {
    const [c] = (await call<{ items: Case[] }>(ts.url, 'GET', '/v1/cases?status=completed&limit=1', { token: ts.tokens.admin })).body.items;
    const body = { items: [{ trackingId: c.trackingId, version: c.version, action: 'reopen', note: 'dibuka lagi' }] };
    const headers = { 'idempotency-key': `replay-${backend}` };
    const first = await call(ts.url, 'POST', '/v1/bulk', { token: ts.tokens.admin, body, headers });
    const again = await call(ts.url, 'POST', '/v1/bulk', { token: ts.tokens.admin, body, headers });
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.text).toBe(first.text);
  });
});
