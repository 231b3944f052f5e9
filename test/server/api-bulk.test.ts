// Issue #2 "Must show" 4 and 5: POST /v1/bulk judges every item on its own (only the good ones change, each
// with exactly one event) and is idempotent per token and Idempotency-Key, also under concurrency.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BulkResponse } from '../../src/domain/schemas.js';
import type { Case } from '../../src/domain/types.js';
import { BACKENDS, call, type JsonResponse, type TestServer, startTestServer } from '../helpers/server.js';
import { disposedCase, eventCount, eventsOf, expectProblem, getCase, intake, must, uid, type Body } from './api-setup.js';

describe.each(BACKENDS)('API bulk (%s)', (backend) => {
  let ts: TestServer;

  beforeAll(async () => {
    ts = await startTestServer(backend);
  });
  afterAll(async () => {
    await ts?.close();
  });

  function bulk(items: unknown[], key: string | undefined, token = ts.tokens.admin): Promise<JsonResponse<BulkResponse>> {
    return call<BulkResponse>(ts.url, 'POST', '/v1/bulk', {
      token,
      body: { items },
      headers: key === undefined ? {} : { 'idempotency-key': key },
    });
  }

  /** Snapshot of cases and their histories, to prove that something did not change. */
  async function snapshot(ids: string[]): Promise<Map<string, { c: Case; events: number }>> {
    const out = new Map<string, { c: Case; events: number }>();
    for (const id of ids) out.set(id, { c: await getCase(ts, id), events: (await eventsOf(ts, id)).length });
    return out;
  }

  describe('per-item results', () => {
    test('a mix of good, stale, out-of-scope, invalid, missing, refused and already-done items: only the good ones change', async () => {
      const atBadung = (extra: Body = {}) => intake(ts, { institutionId: 'badung', ...extra });
      const g1 = await atBadung(); // submitted at badung → dispose
      const g2 = await disposedCase(ts, 'badung.dinkes'); // → respond
      const s1 = await atBadung(); // stale version
      const o1 = await disposedCase(ts, 'denpasar.dishub'); // outside admin.badung's subtree
      const x1 = await atBadung(); // invalid: dispose without institutionId
      const x2 = await atBadung(); // invalid: no version
      const x3 = await atBadung(); // invalid: unknown field
      const k1 = await disposedCase(ts, 'badung.dinkes'); // already disposed → skipped
      const f1 = await atBadung(); // dispose outside the subtree → 422
      const t1 = await atBadung(); // close a submitted case → 409
      const d1 = await disposedCase(ts, 'badung.dinkes'); // twice in one request: the second item is stale

      const items: unknown[] = [
        { trackingId: g1.trackingId, version: 1, action: 'dispose', institutionId: 'badung.dinkes', note: 'Mohon segera' },
        { trackingId: g2.trackingId, version: 2, action: 'respond', message: 'Sudah ditangani' },
        { trackingId: s1.trackingId, version: 5, action: 'dispose', institutionId: 'badung.dinkes' },
        { trackingId: o1.trackingId, version: 2, action: 'respond', message: 'Coba' },
        { trackingId: x1.trackingId, version: 1, action: 'dispose' },
        { trackingId: x2.trackingId, action: 'dispose', institutionId: 'badung.dinkes' },
        { trackingId: x3.trackingId, version: 1, action: 'dispose', institutionId: 'badung.dinkes', colour: 'red' },
        42,
        { trackingId: 'BK-NOT-THERE', version: 1, action: 'archive', reason: 'spam' },
        { trackingId: k1.trackingId, version: 2, action: 'dispose', institutionId: 'badung.dinkes' },
        { trackingId: f1.trackingId, version: 1, action: 'dispose', institutionId: 'denpasar.dishub' },
        { trackingId: t1.trackingId, version: 1, action: 'close' },
        { trackingId: d1.trackingId, version: 2, action: 'respond', message: 'Pertama' },
        { trackingId: d1.trackingId, version: 2, action: 'respond', message: 'Kedua' },
      ];
      const all = [g1, g2, s1, o1, x1, x2, x3, k1, f1, t1, d1].map((c) => c.trackingId);
      const before = await snapshot(all);
      const res = await bulk(items, uid('mix'), ts.tokens['admin.badung']);
      expect(res.status, res.text).toBe(200);
      const r = res.body.results;
      expect(r.map((x) => x.index)).toEqual(items.map((_, i) => i));
      const summary = r.map((x) => [x.trackingId, x.outcome, x.status, x.version, x.problem?.type ?? null, x.problem?.field ?? null]);
      expect(summary).toEqual([
        [g1.trackingId, 'applied', 200, 2, null, null],
        [g2.trackingId, 'applied', 200, 3, null, null],
        [s1.trackingId, 'failed', 412, 1, '/problems/precondition-failed', 'version'],
        [o1.trackingId, 'failed', 404, null, '/problems/not-found', null],
        [x1.trackingId, 'failed', 400, null, '/problems/validation', 'institutionId'],
        [x2.trackingId, 'failed', 400, null, '/problems/validation', 'version'],
        [x3.trackingId, 'failed', 400, null, '/problems/validation', 'colour'],
        [null, 'failed', 400, null, '/problems/validation', expect.any(String)],
        ['BK-NOT-THERE', 'failed', 404, null, '/problems/not-found', null],
        [k1.trackingId, 'skipped', 200, 2, '/problems/already-done', null],
        [f1.trackingId, 'failed', 422, 1, '/problems/unprocessable', 'institutionId'],
        [t1.trackingId, 'failed', 409, 1, '/problems/invalid-transition', 'action'],
        [d1.trackingId, 'applied', 200, 3, null, null],
        [d1.trackingId, 'failed', 412, 3, '/problems/precondition-failed', 'version'],
      ]);
      expect(res.body.counts).toEqual({ applied: 3, skipped: 1, failed: 10 });
      for (const x of r) if (x.problem) expect(x.problem.detail).toEqual(expect.any(String));
      // the out-of-scope item answers like the missing one
      expect(r[3].problem!.detail.replace(o1.trackingId, '{id}')).toBe(r[8].problem!.detail.replace('BK-NOT-THERE', '{id}'));

      const after = await snapshot(all);
      const requestId = res.headers.get('x-request-id');
      for (const [id, expected] of [
        [g1.trackingId, { status: 'disposed', institutionId: 'badung.dinkes', action: 'dispose' }],
        [g2.trackingId, { status: 'in_progress', institutionId: 'badung.dinkes', action: 'respond' }],
        [d1.trackingId, { status: 'in_progress', institutionId: 'badung.dinkes', action: 'respond' }],
      ] as const) {
        const was = before.get(id)!;
        const now = after.get(id)!;
        expect(now.c).toMatchObject({ status: expected.status, institutionId: expected.institutionId, version: was.c.version + 1 });
        expect(now.events).toBe(was.events + 1);
        const last = (await eventsOf(ts, id)).at(-1)!;
        expect(last).toMatchObject({ seq: was.c.version + 1, action: expected.action, actor: 'admin.badung', role: 'institution_admin', requestId });
      }
      expect((await eventsOf(ts, d1.trackingId)).at(-1)!.note).toBe('Pertama');
      for (const id of all.filter((i) => ![g1.trackingId, g2.trackingId, d1.trackingId].includes(i))) {
        expect(after.get(id), id).toEqual(before.get(id));
      }
    });

    test('a liaison in bulk: respond applies, dispose is refused with 403 per item', async () => {
      const a = await disposedCase(ts, 'badung.dinkes');
      const b = await disposedCase(ts, 'badung.dinkes');
      const res = await bulk(
        [
          { trackingId: a.trackingId, version: 2, action: 'respond', message: 'Sudah' },
          { trackingId: b.trackingId, version: 2, action: 'redispose', institutionId: 'badung.dishub' },
        ],
        uid('liaison'),
        ts.tokens['liaison.badung.dinkes'],
      );
      expect(res.status, res.text).toBe(200);
      expect(res.body.results.map((x) => [x.outcome, x.status])).toEqual([
        ['applied', 200],
        ['failed', 403],
      ]);
      expect((await getCase(ts, b.trackingId)).version).toBe(2);
    });

    test('requests rejected as a whole write nothing: > 1000 items, no items, unknown top-level field, no key', async () => {
      const c = await intake(ts);
      const good = { trackingId: c.trackingId, version: 1, action: 'archive', reason: 'spam' };
      const total = await eventCount(ts);
      expectProblem(await bulk(Array.from({ length: 1001 }, () => good), uid('big')), 400, 'items');
      expectProblem(await bulk([], uid('empty')), 400, 'items');
      expectProblem(
        await call(ts.url, 'POST', '/v1/bulk', { token: ts.tokens.admin, headers: { 'idempotency-key': uid('extra') }, body: { items: [good], dryRun: true } }),
        400,
        'dryRun',
      );
      expectProblem(await bulk([good], undefined), 400, 'Idempotency-Key');
      expectProblem(await bulk([good], ''), 400, 'Idempotency-Key');
      expect(await eventCount(ts)).toBe(total);
      expect((await getCase(ts, c.trackingId)).status).toBe('submitted');
      // exactly 1000 is accepted
      const thousand = await bulk(Array.from({ length: 1000 }, () => good), uid('k'));
      expect(thousand.status, thousand.text.slice(0, 300)).toBe(200);
      expect(thousand.body.counts).toEqual({ applied: 1, skipped: 999, failed: 0 });
      expect(await eventCount(ts)).toBe(total + 1);
    });
  });

  describe('idempotency', () => {
    test('same key and body → the stored status and body with Idempotent-Replayed: true, and no second execution', async () => {
      const a = await disposedCase(ts, 'badung.dinkes');
      const b = await intake(ts);
      const items = [
        { trackingId: a.trackingId, version: 2, action: 'respond', message: 'Sedang diproses' },
        { trackingId: b.trackingId, version: 1, action: 'dispose', institutionId: 'denpasar' },
      ];
      const key = uid('replay');
      const first = await bulk(items, key);
      expect(first.status, first.text).toBe(200);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      expect(first.body.counts).toEqual({ applied: 2, skipped: 0, failed: 0 });
      const total = await eventCount(ts);

      // the cases move on meanwhile: a replay still answers what the first run did
      await must(ts, { trackingId: a.trackingId, version: 3 }, { action: 'close' });
      for (let i = 0; i < 2; i += 1) {
        const replay = await bulk(items, key);
        expect(replay.status).toBe(first.status);
        expect(replay.headers.get('idempotent-replayed')).toBe('true');
        expect(replay.text).toBe(first.text);
      }
      expect(await eventCount(ts)).toBe(total + 1); // only the close
      expect((await getCase(ts, b.trackingId)).version).toBe(2);
    });

    test('same key with another body → 422 naming Idempotency-Key, nothing executed', async () => {
      const a = await intake(ts);
      const b = await intake(ts);
      const key = uid('mismatch');
      const first = await bulk([{ trackingId: a.trackingId, version: 1, action: 'postpone', note: 'Lengkapi' }], key);
      expect(first.status).toBe(200);
      const total = await eventCount(ts);
      const other = await bulk([{ trackingId: b.trackingId, version: 1, action: 'postpone', note: 'Lengkapi' }], key);
      expectProblem(other, 422, 'Idempotency-Key');
      expect(await eventCount(ts)).toBe(total);
      expect((await getCase(ts, b.trackingId)).status).toBe('submitted');
    });

    test('~20 concurrent requests with one key: exactly one execution, the others 409 or a replay', async () => {
      const cases = await Promise.all(Array.from({ length: 5 }, () => intake(ts)));
      const items = cases.map((c) => ({ trackingId: c.trackingId, version: 1, action: 'dispose', institutionId: 'badung.dinkes' }));
      const key = uid('race');
      const total = await eventCount(ts);
      const answers = await Promise.all(Array.from({ length: 20 }, () => bulk(items, key)));
      const executed = answers.filter((r) => r.status === 200 && r.headers.get('idempotent-replayed') === null);
      expect(executed, answers.map((r) => `${r.status} ${r.headers.get('idempotent-replayed')}`).join(', ')).toHaveLength(1);
      expect(executed[0].body.counts).toEqual({ applied: 5, skipped: 0, failed: 0 });
      for (const r of answers) {
        if (r === executed[0]) continue;
        if (r.status === 409) {
          expectProblem(r, 409, 'Idempotency-Key');
          expect(r.headers.get('retry-after')).toMatch(/^\d+$/);
        } else {
          expect(r.status).toBe(200);
          expect(r.headers.get('idempotent-replayed')).toBe('true');
          expect(r.text).toBe(executed[0].text);
        }
      }
      expect(await eventCount(ts)).toBe(total + 5);
      for (const c of cases) expect((await eventsOf(ts, c.trackingId)).map((e) => e.action)).toEqual(['submit', 'dispose']);
      // once done, the key replays
      const later = await bulk(items, key);
      expect(later.headers.get('idempotent-replayed')).toBe('true');
      expect(later.text).toBe(executed[0].text);
    });

    test("a key is the caller's own: another token with the same key and body is judged on its own", async () => {
      const c = await disposedCase(ts, 'badung.dinkes');
      const items = [{ trackingId: c.trackingId, version: 2, action: 'respond', message: 'Ditangani' }];
      const key = uid('shared');
      const mine = await bulk(items, key, ts.tokens.admin);
      expect(mine.body.counts).toEqual({ applied: 1, skipped: 0, failed: 0 });
      const total = await eventCount(ts);
      const theirs = await bulk(items, key, ts.tokens['admin.badung']);
      expect(theirs.status).toBe(200);
      expect(theirs.headers.get('idempotent-replayed')).toBeNull();
      expect(theirs.body.results[0]).toMatchObject({ outcome: 'failed', status: 412, version: 3 });
      expect(await eventCount(ts)).toBe(total);
      // and each caller's replay is its own stored answer
      const mineAgain = await bulk(items, key, ts.tokens.admin);
      expect(mineAgain.text).toBe(mine.text);
      const theirsAgain = await bulk(items, key, ts.tokens['admin.badung']);
      expect(theirsAgain.headers.get('idempotent-replayed')).toBe('true');
      expect(theirsAgain.text).toBe(theirs.text);
    });
  });
});
