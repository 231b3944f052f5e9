// The SLA endpoints on a real server: POST /v1/sla/sweep (auto-close 10 working days after the last
// follow-up, with weekends, Nyepi + its cuti bersama and Good Friday 2024 from the calendar fixtures) and
// GET /v1/sla/overdue (breaches with working days and hours overdue, scope, filters, cursors).
//
// Timeline (WITA = UTC+8). Follow-ups on Tue 5 March 2024 10:00: the 10 working days are 6, 7, 8, (9–12:
// weekend, Nyepi, cuti bersama) 13, 14, 15, 18, 19, 20, 21 → the window ends Thu 21 March 23:59:59.999 WITA
// (2024-03-21T15:59:59.999Z). A follow-up on Wed 6 March ends Fri 22 March. One on Fri 15 March: 18–22,
// 25–28, (29 Good Friday, 30–31) 1 April → ends Mon 1 April. (Without the holidays the first two would end on
// 19 and 20 March, so the sweep at 21 March 24:00 would close both.)

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { SlaOverdueResponse, SlaSweepResponse } from '../../src/domain/sla.js';
import type { Actor, Case, CaseEvent } from '../../src/domain/types.js';
import type { Db } from '../../src/server/db/driver.js';
import { sweepAutoClose } from '../../src/server/sla.js';
import type { Store } from '../../src/server/store.js';
import { BACKENDS, call, startTestServer, type TestServer } from '../helpers/server.js';

type Body = Record<string, unknown>;

describe.each(BACKENDS)('SLA endpoints (%s)', (backend) => {
  let ts: TestServer;

  const at = (iso: string) => {
    ts.clock.now = new Date(iso);
  };

  async function getCase(id: string): Promise<Case> {
    const res = await call<Case>(ts.url, 'GET', `/v1/cases/${id}`, { token: ts.tokens.admin });
    expect(res.status, res.text).toBe(200);
    return res.body;
  }

  async function act(id: string, body: Body): Promise<Case> {
    const c = await getCase(id);
    const res = await call<{ case: Case }>(ts.url, 'POST', `/v1/cases/${id}/actions`, {
      token: ts.tokens.admin,
      body,
      headers: { 'if-match': `"${c.version}"` },
    });
    expect(res.status, res.text).toBe(200);
    return res.body.case;
  }

  async function intake(id: string, extra: Body = {}): Promise<void> {
    const res = await call(ts.url, 'POST', '/v1/cases', {
      token: ts.tokens.admin,
      body: { trackingId: id, classification: 'complaint', title: `Laporan ${id}`, body: 'Isi laporan', channel: 'web', ...extra },
    });
    expect(res.status, res.text).toBe(201);
  }

  async function sweep(token: string, body: Body = {}): Promise<SlaSweepResponse> {
    const res = await call<SlaSweepResponse>(ts.url, 'POST', '/v1/sla/sweep', { token, body });
    expect(res.status, res.text).toBe(200);
    return res.body;
  }

  async function events(id: string): Promise<CaseEvent[]> {
    const res = await call<{ items: CaseEvent[] }>(ts.url, 'GET', `/v1/cases/${id}/events`, { token: ts.tokens.admin });
    expect(res.status, res.text).toBe(200);
    return res.body.items;
  }

  async function statuses(): Promise<Record<string, string>> {
    const rows = await ts.server.db.query<{ tracking_id: string; status: string; version: number }>(
      'SELECT tracking_id, status, version FROM cases ORDER BY tracking_id',
    );
    return Object.fromEntries(rows.map((r) => [r.tracking_id, `${r.status}@${r.version}`]));
  }

  const eventTotal = async () => (await ts.server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM case_events'))[0].n;
  const ids = (r: SlaSweepResponse) => r.closed.map((c) => c.trackingId).sort();

  beforeAll(async () => {
    ts = await startTestServer(backend, { now: new Date('2024-03-04T02:00:00Z') }); // Mon 4 March, 10:00 WITA
    // SW-A: follow-up Tue 5 March → window ends 21 March; SW-B: Wed 6 → 22 March; SW-C: Fri 15 → 1 April.
    // SW-D: follow-up 5 March, then a reporter reply (6 March); SW-E: reply before its 5 March follow-up.
    // SW-F: completed by an admin; SW-G: disposed, no follow-up; SW-H: not verified; SW-I: targets badung.
    for (const id of ['SW-A', 'SW-B', 'SW-C', 'SW-D', 'SW-E', 'SW-F', 'SW-G', 'SW-H']) await intake(id);
    await intake('SW-I', { institutionId: 'badung' });
    for (const id of ['SW-A', 'SW-B', 'SW-C', 'SW-D', 'SW-E', 'SW-F', 'SW-G']) {
      await act(id, { action: 'dispose', institutionId: 'badung.dinkes' });
    }
    at('2024-03-05T02:00:00Z');
    for (const id of ['SW-A', 'SW-D', 'SW-E', 'SW-F']) await act(id, { action: 'respond', message: 'Sedang ditindaklanjuti.' });
    await act('SW-F', { action: 'close', note: 'selesai' });
    at('2024-03-06T02:00:00Z');
    await act('SW-B', { action: 'respond', message: 'Sedang ditindaklanjuti.' });
    at('2024-03-15T02:00:00Z');
    await act('SW-C', { action: 'respond', message: 'Sedang ditindaklanjuti.' });
    // The reporter's replies arrive through intake channels this API does not model yet: set them directly.
    await ts.server.db.query(`UPDATE cases SET last_reporter_reply_at = '2024-03-06T03:00:00Z' WHERE tracking_id = 'SW-D'`);
    await ts.server.db.query(`UPDATE cases SET last_reporter_reply_at = '2024-03-04T03:00:00Z' WHERE tracking_id = 'SW-E'`);
  });

  afterAll(async () => {
    await ts?.close();
  });

  test('only system and national admin tokens may sweep; the body is validated', async () => {
    at('2024-03-21T16:00:00.000Z');
    for (const name of ['admin.badung', 'stat', 'liaison.badung.dinkes'] as const) {
      const res = await call(ts.url, 'POST', '/v1/sla/sweep', { token: ts.tokens[name], body: {} });
      expect(res.status, name).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect((await call(ts.url, 'POST', '/v1/sla/sweep', { body: {} })).status).toBe(401);
    for (const body of [{ limit: 0 }, { dryRun: 'yes' }, { force: true }]) {
      const res = await call(ts.url, 'POST', '/v1/sla/sweep', { token: ts.tokens.system, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
    }
    expect(await statuses()).toMatchObject({ 'SW-A': 'in_progress@3', 'SW-E': 'in_progress@3' }); // nothing changed
  });

  test('closes exactly the cases past the working-day window with no reply since, once each', async () => {
    const before = await statuses();
    const eventsBefore = await eventTotal();

    // the last instant of Thursday 21 March (WITA): SW-A's window has not ended yet
    at('2024-03-21T15:59:59.999Z');
    // Only the cases whose stored next deadline passed are selected (cases_next_deadline): SW-A, SW-B, SW-E
    // (the auto-close window's earliest end, 10 calendar days after the follow-up), SW-G (response due
    // 11 March), SW-H and SW-I (verify due 7 March); not SW-C (follow-up 15 March) nor SW-D (replied).
    // SW-G breached its response clock and, 5 working days later (18 March), is escalated by the default
    // policy's rule; SW-H and SW-I breached verification.
    const early = await sweep(ts.tokens.system);
    expect(early).toEqual({
      examined: 3,
      closed: [],
      skipped: 3,
      failed: [],
      limitReached: false,
      dryRun: false,
      due: 6,
      breaches: 3,
      escalated: [{ trackingId: 'SW-G', version: 3 }],
    });
    before['SW-G'] = 'disposed@3';
    const breaches = await ts.server.db.query<{ tracking_id: string; clock: string; institution_id: string | null }>(
      'SELECT tracking_id, clock, institution_id FROM sla_breaches ORDER BY tracking_id, clock',
    );
    expect(breaches).toEqual([
      { tracking_id: 'SW-G', clock: 'response', institution_id: 'badung.dinkes' },
      { tracking_id: 'SW-H', clock: 'verify', institution_id: null },
      { tracking_id: 'SW-I', clock: 'verify', institution_id: 'badung' },
    ]);
    expect((await events('SW-G')).at(-1)).toMatchObject({
      action: 'escalate',
      role: 'system',
      fromStatus: 'disposed',
      toStatus: 'disposed',
      note: 'escalation by rule (policy default): no follow-up 5 working days past the response deadline',
    });
    expect(await eventTotal()).toBe(eventsBefore + 1);

    // midnight: a dry run names SW-A and SW-E (reply before the follow-up) and changes nothing; the earlier
    // sweep stored their exact window end, so only they are due
    at('2024-03-21T16:00:00.000Z');
    const dry = await sweep(ts.tokens.system, { dryRun: true });
    expect(dry).toMatchObject({ examined: 2, skipped: 0, failed: [], dryRun: true, limitReached: false, due: 2, breaches: 0, escalated: [] });
    expect(dry.closed).toEqual([
      { trackingId: 'SW-A', version: 3 },
      { trackingId: 'SW-E', version: 3 },
    ]);
    expect(await statuses()).toEqual(before);
    expect(await eventTotal()).toBe(eventsBefore + 1);

    // with a limit of 1 the first (oldest follow-up, then tracking ID) is closed and the limit reported
    const first = await sweep(ts.tokens.system, { limit: 1 });
    expect(first).toMatchObject({ closed: [{ trackingId: 'SW-A', version: 4 }], failed: [], limitReached: true, dryRun: false });
    const rest = await sweep(ts.tokens.system);
    expect(rest).toMatchObject({ examined: 1, closed: [{ trackingId: 'SW-E', version: 4 }], skipped: 0, failed: [], limitReached: false });

    // idempotent: the same sweep again touches nothing
    const again = await sweep(ts.tokens.system);
    expect(again).toEqual({ examined: 0, closed: [], skipped: 0, failed: [], limitReached: false, dryRun: false, due: 0, breaches: 0, escalated: [] });

    for (const id of ['SW-A', 'SW-E']) {
      const c = await getCase(id);
      expect(c).toMatchObject({ status: 'completed', closedBy: 'system', closedAt: '2024-03-21T16:00:00.000Z', version: 4 });
      const history = await events(id);
      expect(history.filter((e) => e.action === 'close')).toHaveLength(1);
      expect(history.at(-1)).toMatchObject({
        seq: 4,
        action: 'close',
        actor: 'system',
        role: 'system',
        fromStatus: 'in_progress',
        toStatus: 'completed',
        note: 'auto-close: no reply from the reporter within 10 working days after the last follow-up',
      });
      expect(history.at(-1)?.prevHash).toBe(history.at(-2)?.hash);
    }
    expect(await eventTotal()).toBe(eventsBefore + 3);
    expect(await statuses()).toEqual({
      ...before,
      'SW-A': 'completed@4',
      'SW-E': 'completed@4',
    });
  });

  test('later sweeps follow the calendar: Good Friday and the weekend before 1 April; a national admin may sweep', async () => {
    at('2024-04-01T10:00:00.000Z'); // Mon 1 April 18:00 WITA: SW-B (22 March) is due, SW-C (end of 1 April) not yet
    const byAdmin = await sweep(ts.tokens.admin);
    expect(ids(byAdmin)).toEqual(['SW-B']);
    expect(byAdmin.skipped).toBe(1); // SW-C inside its window (SW-D replied: not due at all)
    const b = await getCase('SW-B');
    expect(b).toMatchObject({ status: 'completed', closedBy: 'system' });
    expect((await events('SW-B')).at(-1)).toMatchObject({ action: 'close', actor: 'admin', role: 'system' });

    at('2024-04-01T16:00:00.000Z'); // Tue 2 April 00:00 WITA
    expect(ids(await sweep(ts.tokens.system))).toEqual(['SW-C']);
    expect(ids(await sweep(ts.tokens.system))).toEqual([]);

    const final = await statuses();
    expect(final).toMatchObject({
      'SW-A': 'completed@4',
      'SW-B': 'completed@4',
      'SW-C': 'completed@4',
      'SW-D': 'in_progress@3', // the reporter replied after the follow-up
      'SW-E': 'completed@4',
      'SW-F': 'completed@4', // closed by an admin before: untouched
      'SW-G': 'disposed@3', // escalated by rule
      'SW-H': 'submitted@1',
    });
    expect((await getCase('SW-F')).closedBy).toBe('admin');
    const closes = await ts.server.db.query<{ tracking_id: string; n: number }>(
      `SELECT tracking_id, count(*)::int AS n FROM case_events WHERE action = 'close' GROUP BY tracking_id ORDER BY tracking_id`,
    );
    expect(closes).toEqual(['SW-A', 'SW-B', 'SW-C', 'SW-E', 'SW-F'].map((id) => ({ tracking_id: id, n: 1 })));
  });

  describe('GET /v1/sla/overdue', () => {
    async function overdue(query: string, token = ts.tokens.admin): Promise<SlaOverdueResponse> {
      const res = await call<SlaOverdueResponse>(ts.url, 'GET', `/v1/sla/overdue${query}`, { token });
      expect(res.status, res.text).toBe(200);
      return res.body;
    }

    test('lists every breach, most overdue first, with the institution responsible and working days', async () => {
      at('2024-03-21T16:00:00.000Z'); // Fri 22 March 00:00 WITA
      const all = await overdue('');
      expect(all.asOf).toBe('2024-03-21T16:00:00.000Z');
      expect(all.nextCursor).toBeNull();
      // verify: due Thu 7 March (3 working days after Mon 4); working days 8, 13, 14, 15, 18, 19, 20, 21, 22
      // response: SW-G disposed Mon 4 → due Wed 13 (5, 6, 7, 8, 13); working days 14, 15, 18, 19, 20, 21, 22
      expect(all.items).toEqual([
        {
          trackingId: 'SW-H',
          clock: 'verify',
          status: 'submitted',
          institutionId: null,
          institutionName: null,
          dueAt: '2024-03-07T15:59:59.999Z',
          overdueWorkingDays: 9,
          overdueHours: 336,
        },
        expect.objectContaining({ trackingId: 'SW-I', clock: 'verify', institutionId: 'badung', overdueWorkingDays: 9 }),
        expect.objectContaining({
          trackingId: 'SW-G',
          clock: 'response',
          status: 'disposed',
          institutionId: 'badung.dinkes',
          dueAt: '2024-03-13T15:59:59.999Z',
          overdueWorkingDays: 7,
          overdueHours: 192,
        }),
      ]);
      expect(all.items[1].institutionName).toEqual(expect.any(String));

      expect((await overdue('?clock=response')).items.map((i) => i.trackingId)).toEqual(['SW-G']);
      expect((await overdue('?institution=badung.dinkes')).items.map((i) => i.trackingId)).toEqual(['SW-G']);
      // an institution admin sees its subtree only: not the national queue
      expect((await overdue('', ts.tokens['admin.badung'])).items.map((i) => i.trackingId)).toEqual(['SW-I', 'SW-G']);
    });

    test('completion breaches after 60 days; pages follow the cursor; errors are problems', async () => {
      at('2024-05-06T02:00:00.000Z'); // Mon 6 May 10:00 WITA; completion due end of Fri 3 May
      const completion = await overdue('?clock=completion');
      expect(completion.items.map((i) => [i.trackingId, i.status, i.overdueWorkingDays, i.overdueHours])).toEqual([
        ['SW-D', 'in_progress', 1, 58],
        ['SW-G', 'disposed', 1, 58],
        ['SW-H', 'submitted', 1, 58],
        ['SW-I', 'submitted', 1, 58],
      ]);

      const everything = await overdue('');
      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page: SlaOverdueResponse = await overdue(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.items.length).toBeLessThanOrEqual(2);
        paged.push(...page.items.map((i) => `${i.trackingId}/${i.clock}`));
        cursor = page.nextCursor;
      } while (cursor);
      expect(paged).toEqual(everything.items.map((i) => `${i.trackingId}/${i.clock}`));
      expect(paged).toHaveLength(7); // SW-H, SW-I (verify), SW-G (response), then the four completion breaches

      for (const query of ['?cursor=bm9wZQ', '?clock=never', '?institution=nowhere', '?limit=0', '?extra=1']) {
        const res = await call(ts.url, 'GET', `/v1/sla/overdue${query}`, { token: ts.tokens.admin });
        expect(res.status, query).toBe(400);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
      }
      expect((await call(ts.url, 'GET', '/v1/sla/overdue', { token: ts.tokens.stat })).status).toBe(403);
    });
  });

  test('both routes are in /openapi.json', async () => {
    const res = await call<{ paths: Record<string, Record<string, unknown>> }>(ts.url, 'GET', '/openapi.json');
    expect(Object.keys(res.body.paths['/v1/sla/sweep'])).toEqual(['post']);
    expect(Object.keys(res.body.paths['/v1/sla/overdue'])).toEqual(['get']);
  });

  describe('more than one chunk (1,000 cases a transaction)', () => {
    let big: TestServer;
    const SYSTEM: Actor = { name: 'system', role: 'system', institutionId: null };

    beforeAll(async () => {
      big = await startTestServer(backend, { now: new Date('2024-02-01T02:00:00Z') });
      // 1,001 silent cases, inserted directly: follow-up on Tue 2 January 2024
      await big.server.db.query(
        `INSERT INTO cases (tracking_id, classification, title, body, channel, status, institution_id, submitted_at,
           verified_at, disposed_at, first_response_at, last_response_at, verify_due_at, completion_due_at, version,
           last_event_hash)
         SELECT 'BULK-' || lpad(n::text, 4, '0'), 'complaint', 'Laporan', 'Isi', 'web', 'in_progress', 'badung.dinkes',
           '2024-01-01T02:00:00Z', '2024-01-01T03:00:00Z', '2024-01-01T03:00:00Z', '2024-01-02T02:00:00Z',
           '2024-01-02T02:00:00Z', '2024-01-04T15:59:59.999Z', '2024-03-01T15:59:59.999Z', 3, 'h' || n
         FROM generate_series(0, 1000) AS n`,
      );
    });
    afterAll(async () => {
      await big?.close();
    });

    /** The server's store with a database whose `failOn`-th transaction rolls back after doing its work. */
    function flaky(failOn: number): Store {
      const db = big.server.db;
      let calls = 0;
      const wrapped: Db = {
        kind: db.kind,
        query: (sql, params) => db.query(sql, params),
        exec: (sql) => db.exec(sql),
        copyFrom: (table, columns, records) => db.copyFrom(table, columns, records),
        close: () => db.close(),
        transaction: (fn) => {
          calls += 1;
          if (calls !== failOn) return db.transaction(fn);
          return db.transaction(async (tx) => {
            await fn(tx);
            throw new Error('connection lost');
          });
        },
      };
      const store: Store = Object.create(big.server.store);
      Object.defineProperty(store, 'db', { value: wrapped });
      return store;
    }

    const closeCount = async () =>
      (await big.server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_events WHERE action = 'close'`))[0].n;

    test('a failure before any progress fails the request; after some, the answer names what failed', async () => {
      await expect(sweepAutoClose(flaky(1), SYSTEM, { dryRun: false }, 'req-1')).rejects.toThrow('connection lost');
      expect(await closeCount()).toBe(0);

      const partial = await sweepAutoClose(flaky(2), SYSTEM, { dryRun: false }, 'req-2');
      expect(partial.closed).toHaveLength(1000);
      expect(partial.closed[0]).toEqual({ trackingId: 'BULK-0000', version: 4 });
      expect(partial.failed).toEqual([
        { trackingId: 'BULK-1000', status: 500, detail: 'the server failed to close this case; run the sweep again' },
      ]);
      expect(partial.examined).toBe(1001);
      expect(await closeCount()).toBe(1000);

      const rest = await sweep(big.tokens.system);
      expect(rest).toEqual({
        examined: 1,
        closed: [{ trackingId: 'BULK-1000', version: 4 }],
        skipped: 0,
        failed: [],
        limitReached: false,
        dryRun: false,
        due: 1,
        breaches: 0,
        escalated: [],
      });
      const perCase = await big.server.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM case_events WHERE action = 'close' GROUP BY tracking_id HAVING count(*) <> 1`,
      );
      expect(perCase).toEqual([]);
      expect(await closeCount()).toBe(1001);
      expect((await sweep(big.tokens.system)).closed).toEqual([]);
    });

    test('sweeps started at once (several API instances): one runs, the others answer sweep-running; each case closed once', async () => {
      await big.server.db.query(
        `INSERT INTO cases (tracking_id, classification, title, body, channel, status, institution_id, submitted_at,
           verified_at, disposed_at, first_response_at, last_response_at, verify_due_at, completion_due_at, version,
           last_event_hash)
         SELECT 'PAR-' || lpad(n::text, 4, '0'), 'complaint', 'Laporan', 'Isi', 'web', 'in_progress', 'badung.dinkes',
           '2024-01-01T02:00:00Z', '2024-01-01T03:00:00Z', '2024-01-01T03:00:00Z', '2024-01-02T02:00:00Z',
           '2024-01-02T02:00:00Z'::timestamptz + (n % 7) * interval '1 minute', '2024-01-04T15:59:59.999Z', '2024-03-01T15:59:59.999Z',
           3, 'p' || n
         FROM generate_series(0, 2499) AS n`,
      );
      // the server's session lock (ADVISORY_LOCKS.slaSweep): a sweep that starts while another runs answers 409
      const answers = await Promise.all([1, 2, 3, 4].map(() => call<SlaSweepResponse>(big.url, 'POST', '/v1/sla/sweep', { token: big.tokens.system, body: {} })));
      expect(answers.every((r) => r.status === 200 || (r.status === 409 && r.text.includes('/problems/sweep-running'))), answers.map((r) => r.text).join('\n')).toBe(true);
      expect(answers.some((r) => r.status === 200)).toBe(true);
      const runs = answers.filter((r) => r.status === 200).map((r) => r.body);
      const closed = runs.flatMap((r) => r.closed.map((c) => c.trackingId));
      expect(runs.flatMap((r) => r.failed)).toEqual([]);
      expect(closed).toHaveLength(2500);
      expect(new Set(closed).size).toBe(2500);
      const perCase = await big.server.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM case_events WHERE action = 'close' GROUP BY tracking_id HAVING count(*) <> 1`,
      );
      expect(perCase).toEqual([]);
      expect((await sweep(big.tokens.system)).examined).toBe(0);
    });

    async function sweep(token: string): Promise<SlaSweepResponse> {
      const res = await call<SlaSweepResponse>(big.url, 'POST', '/v1/sla/sweep', { token, body: {} });
      expect(res.status, res.text).toBe(200);
      return res.body;
    }
  });
});
