// The change feed, GET /v1/events (issue #20, item 5), on both backends: the whole log in order, paging
// with a stable cursor, "now", the case-read scope, long-poll, and the concurrency proof: 4 writers (bulk
// chunks and single actions on a shared pool of cases, so writers wait for each other's row locks) while a
// reader follows the feed; every event is seen exactly once and each case's events in seq order, compared
// with case_events at the end. Default: 100 actions per writer; LAPOR_LONG_TESTS=1: 5,000 on PostgreSQL, where
// writers run in concurrent transactions on their own connections (the case the cursor must survive), and
// 1,000 on PGlite, whose one connection runs the writers' transactions one after another.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFeedCursor, type FeedEvent, type FeedPage } from '../../src/domain/feed.js';
import type { Case } from '../../src/domain/types.js';
import pg from 'pg';
import { BACKENDS, call, POSTGRES_URL, startTestServer, type TestServer } from '../helpers/server.js';
import { disposedCase, expectProblem, intake, must } from './api-setup.js';

const LONG = process.env.LAPOR_LONG_TESTS === '1';
const perWriter = (backend: string) => (LONG ? (backend === 'postgres' ? 5000 : 1000) : 100);
const WRITERS = 4;

async function feed(ts: TestServer, token: string, query: Record<string, string | number> = {}): Promise<FeedPage> {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
  const res = await call<FeedPage>(ts.url, 'GET', `/v1/events${qs ? `?${qs}` : ''}`, { token });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

/**
 * Every event the token may read after `after`, page by page (limit per page), up to every event committed
 * before the call: on a shared PostgreSQL server the horizon may stay a moment below a committed event (a
 * transaction of another database that ended between the snapshot and the look at pg_stat_activity counts
 * as running), so a caught-up page is not the end until its cursor is past the last committed event.
 */
async function drain(ts: TestServer, token: string, after?: string, limit = 1000): Promise<{ items: FeedEvent[]; cursor: string }> {
  const [{ top }] = await ts.server.db.query<{ top: string }>('SELECT COALESCE(max(feed_xid), \'0\')::text AS top FROM case_events');
  const items: FeedEvent[] = [];
  let cursor = after;
  for (;;) {
    const page = await feed(ts, token, { ...(cursor ? { after: cursor } : {}), limit });
    items.push(...page.items);
    cursor = page.cursor;
    if (page.caughtUp && decodeFeedCursor(page.cursor)!.xid > BigInt(top)) return { items, cursor };
    if (page.caughtUp) await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(BACKENDS)('change feed on %s', (backend) => {
  const PER_WRITER = perWriter(backend);
  let ts: TestServer;
  const cases: Case[] = [];

  beforeAll(async () => {
    // a 5xx shows its cause here
    ts = await startTestServer(backend, { logError: (id, e) => process.stderr.write(`server error ${id}: ${(e as Error).stack}\n`) });
    cases.push(await disposedCase(ts, 'badung.dinkes', {}, true));
    cases.push(await disposedCase(ts, 'denpasar.dpupr', {}, true));
    cases.push(await intake(ts));
  }, 60_000);

  afterAll(async () => {
    await ts?.close();
  });

  it('hands out the whole log in order, the same in pages of any size, and continues after a cursor', async () => {
    const all = await drain(ts, ts.tokens.admin);
    const rows = await ts.server.db.query<{ id: number }>('SELECT id FROM case_events ORDER BY id');
    expect(all.items.map((e) => e.id)).toEqual(rows.map((r) => Number(r.id)));
    const small = await drain(ts, ts.tokens.admin, undefined, 2);
    expect(small.items).toEqual(all.items);
    // an event's cursor continues right after it
    const third = all.items[2];
    const rest = await drain(ts, ts.tokens.admin, third.cursor);
    expect(rest.items).toEqual(all.items.slice(3));
    // nothing new: the same events never come again, and the cursor stays valid
    expect((await feed(ts, ts.tokens.admin, { after: all.cursor })).items).toEqual([]);
    const c = await must(ts, cases[0], { action: 'respond', message: 'Tindak lanjut kedua.' });
    cases[0] = c;
    const next = await drain(ts, ts.tokens.admin, all.cursor);
    expect(next.items.map((e) => [e.trackingId, e.seq, e.action])).toEqual([[c.trackingId, c.version, 'respond']]);
  });

  it('after=now starts at the present end; a bad cursor is a 400 problem; a statistician gets 403', async () => {
    const now = await feed(ts, ts.tokens.admin, { after: 'now' });
    expect(now.items).toEqual([]);
    expect(now.caughtUp).toBe(true);
    const c = await intake(ts);
    cases.push(c);
    const after = await drain(ts, ts.tokens.admin, now.cursor);
    expect(after.items.map((e) => [e.trackingId, e.action])).toEqual([[c.trackingId, 'submit']]);
    for (const bad of ['bukan-kursor', 'MTIzNA', Buffer.from('1.2.3').toString('base64url'), '']) {
      const res = await call(ts.url, 'GET', `/v1/events?after=${encodeURIComponent(bad)}`, { token: ts.tokens.admin });
      expectProblem(res, 400, 'after');
    }
    expectProblem(await call(ts.url, 'GET', '/v1/events', { token: ts.tokens.stat }), 403);
    expectProblem(await call(ts.url, 'GET', '/v1/events?limit=1001', { token: ts.tokens.admin }), 400, 'limit');
    expectProblem(await call(ts.url, 'GET', '/v1/events?wait=31', { token: ts.tokens.admin }), 400, 'wait');
  });

  it('a token sees exactly the events of the cases it may read (the case-read scope)', async () => {
    const all = (await drain(ts, ts.tokens.admin)).items;
    for (const who of ['admin.badung', 'liaison.badung.dinkes', 'admin.denpasar'] as const) {
      const listed = await call<{ items: Case[] }>(ts.url, 'GET', '/v1/cases?limit=500', { token: ts.tokens[who] });
      const readable = new Set(listed.body.items.map((c) => c.trackingId));
      const seen = (await drain(ts, ts.tokens[who], undefined, 3)).items;
      expect(seen.length, who).toBeGreaterThan(0);
      expect(seen, who).toEqual(all.filter((e) => readable.has(e.trackingId)));
    }
    // an out-of-scope case's events are not there at all: not even its intake
    const liaison = (await drain(ts, ts.tokens['liaison.badung.dinkes'])).items;
    expect(liaison.some((e) => e.trackingId === cases[1].trackingId)).toBe(false);
    expect(liaison.some((e) => e.trackingId === cases[2].trackingId)).toBe(false);
  });

  it('long-poll: a waiting reader gets the next event as soon as it is written', async () => {
    const { cursor } = await drain(ts, ts.tokens.admin);
    const started = Date.now();
    const waiting = feed(ts, ts.tokens.admin, { after: cursor, wait: 10 });
    await new Promise((r) => setTimeout(r, 300));
    const written = Date.now();
    const c = await must(ts, cases[0], { action: 'respond', message: 'Tindak lanjut ketiga.' });
    cases[0] = c;
    const page = await waiting;
    const lag = Date.now() - written;
    expect(page.items.map((e) => [e.trackingId, e.seq])).toEqual([[c.trackingId, c.version]]);
    expect(Date.now() - started).toBeLessThan(9000);
    process.stderr.write(`feed ${backend}: long-poll answered ${lag} ms after the write began\n`);
    // nothing comes: the wait ends with an empty page and the same place
    const idle = await feed(ts, ts.tokens.admin, { after: page.cursor, wait: 1 });
    expect(idle.items).toEqual([]);
  });

  // PostgreSQL only: PGlite has one connection, so no writer waits for another there
  if (backend === 'postgres') it('a writer that took its xid before the case lock still comes after the case’s earlier event', async () => {
    // a case of its own: the raw events below leave its row's version behind (no action may follow on it)
    const c = await disposedCase(ts, 'badung.dinkes');
    const [{ seq }] = await ts.server.db.query<{ seq: number }>('SELECT max(seq)::int AS seq FROM case_events WHERE tracking_id = $1', [c.trackingId]);
    const { cursor } = await drain(ts, ts.tokens.admin);
    const insert = (tx: { query(sql: string, p: unknown[]): Promise<unknown> }, n: number) =>
      tx.query(
        `INSERT INTO case_events (tracking_id, seq, at, actor, role, action, prev_hash, hash)
         VALUES ($1, $2, now(), 'admin', 'national_admin', 'respond', 'x', 'y')`,
        [c.trackingId, n],
      );
    let release!: () => void;
    const early = new Promise<void>((r) => (release = r));
    let tookXid!: () => void;
    const hasXid = new Promise<void>((r) => (tookXid = r));
    // A takes its xid first and writes the case's next-but-one event last; B writes the next event between
    const a = ts.server.db.transaction(async (tx) => {
      await tx.query('SELECT pg_current_xact_id()');
      tookXid();
      await early;
      await insert(tx, Number(seq) + 2);
    });
    await hasXid;
    await ts.server.db.transaction(async (tx) => insert(tx, Number(seq) + 1));
    release();
    await a;
    const rows = await ts.server.db.query<{ seq: number; xid: string }>(
      'SELECT seq, feed_xid::text AS xid FROM case_events WHERE tracking_id = $1 AND seq > $2 ORDER BY seq',
      [c.trackingId, seq],
    );
    expect(rows.map((r) => Number(r.seq))).toEqual([Number(seq) + 1, Number(seq) + 2]);
    expect(rows[1].xid).toBe(rows[0].xid); // raised to the earlier event's transaction
    const got = (await drain(ts, ts.tokens.admin, cursor)).items;
    expect(got.map((e) => e.seq)).toEqual([Number(seq) + 1, Number(seq) + 2]);
  });

  // PostgreSQL only: xids are cluster-wide, and PGlite has no other database or connection
  if (backend === 'postgres') it('a transaction open in another database does not hold the feed back; one in this database does, until it ends', async () => {
    const { cursor } = await drain(ts, ts.tokens.admin);
    const other = new pg.Client({ connectionString: POSTGRES_URL });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_current_xact_id()');
      cases[0] = await must(ts, cases[0], { action: 'respond', message: 'Ditulis saat basis data lain sibuk.' });
      expect((await drain(ts, ts.tokens.admin, cursor)).items.map((e) => e.seq)).toEqual([cases[0].version]);
    } finally {
      await other.query('ROLLBACK');
      await other.end();
    }
    const { cursor: next } = await drain(ts, ts.tokens.admin);
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let opened!: () => void;
    const open = new Promise<void>((r) => (opened = r));
    const mine = ts.server.db.transaction(async (tx) => {
      await tx.query('SELECT pg_current_xact_id()');
      opened();
      await held;
    });
    await open;
    cases[0] = await must(ts, cases[0], { action: 'respond', message: 'Ditulis saat transaksi lain terbuka.' });
    const during = await feed(ts, ts.tokens.admin, { after: next });
    expect(during.items).toEqual([]);
    release();
    await mine;
    expect((await drain(ts, ts.tokens.admin, during.cursor)).items.map((e) => e.seq)).toEqual([cases[0].version]);
  });

  it(`${WRITERS} concurrent writers × ${PER_WRITER} actions while a reader follows: every event once, each case in order`, async () => {
    const pool: Case[] = [];
    for (let i = 0; i < 16; i += 1) pool.push(await disposedCase(ts, i % 2 ? 'badung.dinkes' : 'denpasar.dpupr', {}, true));
    const { cursor: start } = await drain(ts, ts.tokens.admin);
    const version = new Map(pool.map((c) => [c.trackingId, c.version]));
    const ackedAt = new Map<string, number>();
    let writing = WRITERS;
    let requests = 0;
    const writer = async (w: number) => {
      let applied = 0;
      let n = 0;
      while (applied < PER_WRITER) {
        n += 1;
        requests += 1;
        // mostly bulk chunks of 1–4 cases (the idempotency row takes the xid before the case locks), some single actions
        const picks = [...new Set(Array.from({ length: 1 + ((w + n) % 4) }, (_, k) => pool[(w * 7 + n * 5 + k * 11) % pool.length].trackingId))];
        if (n % 5 === 0) {
          const id = picks[0];
          const res = await call<{ case: Case }>(ts.url, 'POST', `/v1/cases/${id}/actions`, {
            token: ts.tokens.admin,
            body: { action: 'respond', message: `penulis ${w} langkah ${n}` },
            headers: { 'if-match': `"${version.get(id)}"` },
          });
          if (res.status === 200) {
            version.set(id, res.body.case.version);
            ackedAt.set(`${id}#${res.body.case.version}`, Date.now());
            applied += 1;
          } else {
            expect(res.status, res.text).toBe(412);
            const [row] = await ts.server.db.query<{ version: number }>('SELECT version FROM cases WHERE tracking_id = $1', [id]);
            version.set(id, Number(row.version));
          }
          continue;
        }
        const items = picks.map((id) => ({ trackingId: id, version: version.get(id)!, action: 'respond', message: `penulis ${w} langkah ${n}` }));
        const res = await call<{ results: { trackingId: string; outcome: string; version: number | null }[] }>(ts.url, 'POST', '/v1/bulk', {
          token: ts.tokens.admin,
          body: { items },
          headers: { 'idempotency-key': `feed-${backend}-${w}-${n}` },
        });
        expect(res.status, res.text).toBe(200);
        for (const r of res.body.results) {
          if (r.version !== null) version.set(r.trackingId, r.version);
          if (r.outcome === 'applied') {
            applied += 1;
            ackedAt.set(`${r.trackingId}#${r.version}`, Date.now());
          }
        }
      }
      writing -= 1;
    };
    const seen = new Map<number, FeedEvent>();
    const lastSeq = new Map<string, number>();
    const receivedAt = new Map<string, number>();
    const duplicates: number[] = [];
    const outOfOrder: string[] = [];
    let polls = 0;
    const reader = async () => {
      let cursor = start;
      let top: bigint | null = null;
      for (;;) {
        // once the writers are done: the last committed event's transaction, which the cursor must pass
        if (writing === 0 && top === null) {
          const [row] = await ts.server.db.query<{ top: string }>('SELECT max(feed_xid)::text AS top FROM case_events');
          top = BigInt(row.top);
        }
        const page = await feed(ts, ts.tokens.admin, { after: cursor, limit: 1000, wait: 1 });
        polls += 1;
        const now = Date.now();
        for (const e of page.items) {
          if (seen.has(e.id)) duplicates.push(e.id);
          seen.set(e.id, e);
          const prev = lastSeq.get(e.trackingId);
          if (prev !== undefined && e.seq !== prev + 1) outOfOrder.push(`${e.trackingId}: ${prev} then ${e.seq}`);
          lastSeq.set(e.trackingId, e.seq);
          receivedAt.set(`${e.trackingId}#${e.seq}`, now);
        }
        cursor = page.cursor;
        if (top !== null && page.caughtUp && decodeFeedCursor(page.cursor)!.xid > top) return;
      }
    };
    const began = Date.now();
    await Promise.all([reader(), ...Array.from({ length: WRITERS }, (_, w) => writer(w))]);
    const seconds = (Date.now() - began) / 1000;
    const ids = pool.map((c) => c.trackingId);
    const rows = await ts.server.db.query<{ id: number; tracking_id: string; seq: number }>(
      'SELECT id, tracking_id, seq FROM case_events WHERE tracking_id = ANY($1::text[]) AND seq > 3 ORDER BY tracking_id, seq',
      [ids],
    );
    expect(duplicates).toEqual([]);
    expect(outOfOrder).toEqual([]);
    expect(rows.length).toBeGreaterThanOrEqual(WRITERS * PER_WRITER);
    expect([...seen.keys()].sort((a, b) => a - b)).toEqual(rows.map((r) => Number(r.id)).sort((a, b) => a - b));
    // per case, the feed order is the seq order of case_events
    for (const id of ids) {
      const inFeed = [...seen.values()].filter((e) => e.trackingId === id).map((e) => e.seq);
      expect(inFeed, id).toEqual(rows.filter((r) => r.tracking_id === id).map((r) => Number(r.seq)));
    }
    const lags = [...ackedAt].map(([k, t]) => (receivedAt.get(k) ?? Infinity) - t).sort((a, b) => a - b);
    const pct = (p: number) => lags[Math.min(lags.length - 1, Math.floor(lags.length * p))];
    process.stderr.write(
      `feed ${backend}: ${rows.length} events by ${WRITERS} writers (${requests} requests) in ${seconds.toFixed(1)} s = ` +
        `${Math.round(rows.length / seconds)} events/s delivered live over ${polls} polls; lag after the writer's answer ` +
        `median ${pct(0.5)} ms, p99 ${pct(0.99)} ms, max ${lags[lags.length - 1]} ms\n`,
    );
    // the whole log again, from the start, in one reading: the rate of a catching-up reader
    const t0 = Date.now();
    const whole = await drain(ts, ts.tokens.admin);
    const t1 = Date.now();
    process.stderr.write(`feed ${backend}: catch-up read of ${whole.items.length} events in ${t1 - t0} ms = ${Math.round(whole.items.length / ((t1 - t0) / 1000))} events/s\n`);
  }, LONG ? 1_200_000 : 120_000);
});
