// Issue #2 "Must show" 1, 3 and 8: intake (POST /v1/cases), single actions with If-Match and ETag, the
// event history, and the hash chain over every case's events, which the database keeps append-only.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyChain } from '../../src/domain/events.js';
import type { Case, CaseEvent } from '../../src/domain/types.js';
import { rowToEvent } from '../../src/server/store.js';
import { BACKENDS, call, type TestServer, startTestServer } from '../helpers/server.js';
import { action, disposedCase, eventCount, eventsOf, expectProblem, getCase, intake, must, newCaseBody } from './api-setup.js';

describe.each(BACKENDS)('API intake, actions and history (%s)', (backend) => {
  let ts: TestServer;

  beforeAll(async () => {
    ts = await startTestServer(backend);
  });
  afterAll(async () => {
    await ts?.close();
  });

  describe('POST /v1/cases (intake)', () => {
    test('201 with Location and ETag; the same body again → 200 and the same case; another body → 409', async () => {
      const body = newCaseBody({ trackingId: 'AC-INTAKE-1', reporter: { name: 'Made Wirawan', contact: '0812000111', nik: '5171010101900001' } });
      const first = await call<Case>(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body });
      expect(first.status, first.text).toBe(201);
      expect(first.headers.get('location')).toBe('/v1/cases/AC-INTAKE-1');
      expect(first.headers.get('etag')).toBe('"1"');
      expect(first.body).toMatchObject({ trackingId: 'AC-INTAKE-1', status: 'submitted', version: 1, institutionId: null, closedBy: null });
      // reporter identity never leaves the API
      expect(first.text).not.toContain('5171010101900001');
      expect(first.text).not.toContain('Made Wirawan');
      expect(first.body.verifyDueAt).toBe('2024-03-07T15:59:59.999Z'); // Monday 4 March + 3 working days, end of day WITA

      const again = await call<Case>(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body });
      expect(again.status, again.text).toBe(200);
      expect(again.body).toEqual(first.body);
      expect(await eventCount(ts, 'AC-INTAKE-1')).toBe(1);

      const other = await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body: { ...body, title: 'Judul lain sama sekali' } });
      expectProblem(other, 409, 'trackingId');
      const stored = await getCase(ts, 'AC-INTAKE-1');
      expect(stored).toEqual(first.body);
      expect(JSON.stringify(stored)).not.toContain('5171010101900001');

      const events = await eventsOf(ts, 'AC-INTAKE-1');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ seq: 1, action: 'submit', fromStatus: null, toStatus: 'submitted', actor: 'admin', role: 'national_admin' });
    });

    test('Idempotency-Key: a replay answers the stored response with Idempotent-Replayed; another body → 422', async () => {
      const body = newCaseBody({ trackingId: 'AC-INTAKE-2' });
      const headers = { 'idempotency-key': 'intake-key-2' };
      const first = await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body, headers });
      expect(first.status, first.text).toBe(201);
      expect(first.headers.get('idempotent-replayed')).toBeNull();
      const replay = await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body, headers });
      expect(replay.status).toBe(201);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.headers.get('etag')).toBe('"1"');
      expect(replay.body).toEqual(first.body);
      const other = await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body: { ...body, title: 'Lain' }, headers });
      expectProblem(other, 422, 'Idempotency-Key');
      expect(await eventCount(ts, 'AC-INTAKE-2')).toBe(1);
      expectProblem(
        await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body, headers: { 'idempotency-key': 'bad key with spaces' } }),
        400,
        'Idempotency-Key',
      );
    });

    test('unknown channel, category or institution → 422 naming the field; nothing is stored', async () => {
      for (const [field, override] of [
        ['channel', { channel: 'pigeon' }],
        ['categoryId', { categoryId: 'nope' }],
        ['institutionId', { institutionId: 'atlantis' }],
      ] as const) {
        const body = newCaseBody(override);
        expectProblem(await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body }), 422, field);
        expectProblem(await call(ts.url, 'GET', `/v1/cases/${body.trackingId as string}`, { token: ts.tokens.admin }), 404);
      }
    });
  });

  describe('If-Match and ETag on POST /v1/cases/{id}/actions', () => {
    test('GET carries ETag "<version>"', async () => {
      const c = await intake(ts);
      const res = await call(ts.url, 'GET', `/v1/cases/${c.trackingId}`, { token: ts.tokens.admin });
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"1"');
    });

    test('missing → 428; malformed → 400; stale → 412; none of them changes the case or writes an event', async () => {
      const c = await disposedCase(ts, 'badung.dinkes');
      const respond = { action: 'respond', message: 'Sedang ditangani.' };
      const before = await getCase(ts, c.trackingId);
      const beforeEvents = await eventsOf(ts, c.trackingId);

      expectProblem(await action(ts, ts.tokens.admin, c.trackingId, undefined, respond), 428, 'If-Match');
      for (const bad of ['abc', '"2', '"2" "3"', '-1', '"1.5"', '']) {
        expectProblem(await action(ts, ts.tokens.admin, c.trackingId, bad, respond), 400, 'If-Match');
      }
      for (const stale of [1, 3, 99]) {
        const res = await action(ts, ts.tokens.admin, c.trackingId, stale, respond);
        expectProblem(res, 412, 'If-Match');
        expect((res.body as { detail: string }).detail).toContain(`version ${before.version}`);
      }

      expect(await getCase(ts, c.trackingId)).toEqual(before);
      expect(await eventsOf(ts, c.trackingId)).toEqual(beforeEvents);
    });

    test('the right version → 200 with the new case, its event and the new ETag', async () => {
      const c = await disposedCase(ts, 'badung.dinkes');
      expect(c.version).toBe(2);
      const res = await action(ts, ts.tokens.admin, c.trackingId, '"2"', { action: 'respond', message: 'Petugas sudah ke lokasi.' });
      expect(res.status, res.text).toBe(200);
      expect(res.headers.get('etag')).toBe('"3"');
      const body = res.body as { case: Case; event: CaseEvent };
      expect(body.case).toMatchObject({ status: 'in_progress', version: 3, firstResponseAt: '2024-03-04T02:00:00.000Z' });
      expect(body.event).toMatchObject({ seq: 3, action: 'respond', fromStatus: 'disposed', toStatus: 'in_progress', note: 'Petugas sudah ke lokasi.' });
      expect(body.event.requestId).toBe(res.headers.get('x-request-id'));
      expect(await getCase(ts, c.trackingId)).toEqual(body.case);
      // a weak or unquoted validator of the right version is accepted too
      const next = await action(ts, ts.tokens.admin, c.trackingId, 'W/"3"', { action: 'close' });
      expect(next.status, next.text).toBe(200);
      expect(next.headers.get('etag')).toBe('"4"');
    });

    test('concurrent actions with one version: exactly one applies, the rest are 412', async () => {
      const c = await disposedCase(ts, 'badung.dinkes');
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) => action(ts, ts.tokens.admin, c.trackingId, c.version, { action: 'respond', message: `Balasan ${i}` })),
      );
      const statuses = answers.map((r) => r.status).sort();
      expect(statuses).toEqual([200, ...Array(9).fill(412)]);
      expect(await eventCount(ts, c.trackingId)).toBe(3);
      expect((await getCase(ts, c.trackingId)).version).toBe(3);
    });
  });

  describe('the state machine over HTTP', () => {
    test('a whole life: dispose, return, postpone, resume, archive, reopen, dispose, redispose, respond, close, reopen, edit', async () => {
      let c = await intake(ts, { trackingId: 'AC-LIFE-1' });
      const steps: [Record<string, unknown>, string, string | null][] = [
        [{ action: 'dispose', institutionId: 'badung.dinkes', note: 'Mohon ditindaklanjuti' }, 'disposed', 'badung.dinkes'],
        [{ action: 'return', note: 'Bukan wewenang dinas kesehatan' }, 'submitted', null],
        [{ action: 'postpone', note: 'Mohon lengkapi lokasi' }, 'postponed', null],
        [{ action: 'resume' }, 'submitted', null],
        [{ action: 'archive', reason: 'incomplete' }, 'archived', null],
        [{ action: 'reopen', note: 'Pelapor melengkapi data' }, 'submitted', null],
        [{ action: 'dispose', institutionId: 'badung' }, 'disposed', 'badung'],
        [{ action: 'redispose', institutionId: 'denpasar.dishub' }, 'disposed', 'denpasar.dishub'],
        [{ action: 'respond', message: 'Sudah diperbaiki.' }, 'in_progress', 'denpasar.dishub'],
        [{ action: 'close' }, 'completed', 'denpasar.dishub'],
        [{ action: 'reopen', note: 'Pelapor belum puas' }, 'in_progress', 'denpasar.dishub'],
        [{ action: 'edit', changes: { title: 'Judul yang diperbaiki', confidential: true } }, 'in_progress', 'denpasar.dishub'],
      ];
      for (const [body, status, institutionId] of steps) {
        c = await must(ts, c, body);
        expect([c.status, c.institutionId], JSON.stringify(body)).toEqual([status, institutionId]);
      }
      expect(c.version).toBe(steps.length + 1);
      expect(c).toMatchObject({ title: 'Judul yang diperbaiki', confidential: true, archiveReason: null, closedAt: null });
      const events = await eventsOf(ts, c.trackingId);
      expect(events.map((e) => e.action)).toEqual(['submit', ...steps.map(([b]) => b.action)]);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events[2]).toMatchObject({ fromStatus: 'disposed', toStatus: 'submitted', fromInstitution: 'badung.dinkes', toInstitution: null });
      expect(events[8]).toMatchObject({ fromInstitution: 'badung', toInstitution: 'denpasar.dishub' });
    });

    test('refusals: invalid transition → 409, already done → 409, bad field → 422, all without an event', async () => {
      const c = await intake(ts);
      const refusals: [Record<string, unknown>, number, string?][] = [
        [{ action: 'close' }, 409, 'action'],
        [{ action: 'respond', message: 'x' }, 409, 'action'],
        [{ action: 'resume' }, 409, 'action'],
        [{ action: 'dispose', institutionId: 'atlantis' }, 422, 'institutionId'],
        [{ action: 'edit', changes: { categoryId: 'nope' } }, 422, 'changes.categoryId'],
      ];
      for (const [body, status, field] of refusals) expectProblem(await action(ts, ts.tokens.admin, c.trackingId, c.version, body), status, field);
      const d = await must(ts, c, { action: 'dispose', institutionId: 'badung' });
      expectProblem(await action(ts, ts.tokens.admin, d.trackingId, d.version, { action: 'dispose', institutionId: 'badung' }), 409);
      expect(await eventCount(ts, c.trackingId)).toBe(2);
    });

    test('a refusal names its rule and values (reason and params extension members) for a client to word it', async () => {
      const c = await intake(ts);
      const rows: [Record<string, unknown>, string, Record<string, unknown>][] = [
        [{ action: 'close' }, 'action-not-allowed', { action: 'close', caseStatus: 'submitted' }],
        [{ action: 'dispose', institutionId: 'atlantis' }, 'institution-inactive', { institutionId: 'atlantis' }],
        [{ action: 'edit', changes: { categoryId: 'nope' } }, 'category-unknown', { categoryId: 'nope' }],
      ];
      for (const [body, reason, params] of rows) {
        const res = await action(ts, ts.tokens.admin, c.trackingId, c.version, body);
        expect(res.body, JSON.stringify(body)).toMatchObject({ reason, params });
      }
      const stale = await action(ts, ts.tokens.admin, c.trackingId, c.version + 5, { action: 'postpone', note: 'x' });
      expect(stale.body).toMatchObject({ reason: 'version-stale', params: { trackingId: c.trackingId, version: c.version + 5, currentVersion: c.version } });
      const missing = await call(ts.url, 'GET', '/v1/cases/AC-NOT-THERE', { token: ts.tokens.admin });
      expect(missing.body).toMatchObject({ reason: 'case-not-found', params: { trackingId: 'AC-NOT-THERE' } });
    });

    test('GET /v1/cases/{id}/events is the ordered history with actor, role and request id', async () => {
      const c = await disposedCase(ts, 'badung.dinkes', {}, true);
      const res = await call<{ items: CaseEvent[] }>(ts.url, 'GET', `/v1/cases/${c.trackingId}/events`, { token: ts.tokens['liaison.badung.dinkes'] });
      expect(res.status).toBe(200);
      expect(res.body.items.map((e) => [e.seq, e.action, e.toStatus])).toEqual([
        [1, 'submit', 'submitted'],
        [2, 'dispose', 'disposed'],
        [3, 'respond', 'in_progress'],
      ]);
      for (const e of res.body.items) {
        expect(e).toMatchObject({ trackingId: c.trackingId, actor: 'admin', role: 'national_admin' });
        expect(e.requestId).toEqual(expect.any(String));
        expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
      }
      expectProblem(await call(ts.url, 'GET', '/v1/cases/AC-NOT-THERE/events', { token: ts.tokens.admin }), 404);
    });
  });

  describe('hash chain and append-only log', () => {
    test('after many actions (sequential and concurrent) every case verifies against its version and last_event_hash', async () => {
      // one long history, and concurrent actions on distinct cases by several actors
      let chain = await disposedCase(ts, 'badung.dinkes', { trackingId: 'AC-CHAIN-1' }, true);
      for (const body of [{ action: 'close' }, { action: 'reopen', note: 'Belum tuntas' }, { action: 'redispose', institutionId: 'badung.dishub' }]) {
        chain = await must(ts, chain, body);
      }
      const more = await Promise.all(Array.from({ length: 6 }, () => disposedCase(ts, 'badung.dinkes')));
      await Promise.all(more.map((c, i) => must(ts, c, { action: 'respond', message: `Tindak lanjut ${i}` }, ts.tokens['liaison.badung.dinkes'])));

      const cases = await ts.server.db.query<{ tracking_id: string; version: number; last_event_hash: string }>(
        'SELECT tracking_id, version, last_event_hash FROM cases ORDER BY tracking_id',
      );
      const rows = await ts.server.db.query('SELECT * FROM case_events ORDER BY tracking_id, seq');
      const byCase = new Map<string, CaseEvent[]>();
      for (const r of rows.map(rowToEvent)) byCase.set(r.trackingId, [...(byCase.get(r.trackingId) ?? []), r]);
      expect(cases.length).toBeGreaterThanOrEqual(7);
      let multi = 0;
      for (const c of cases) {
        const events = byCase.get(c.tracking_id) ?? [];
        if (events.length > 2) multi += 1;
        expect(verifyChain(c.tracking_id, events, { hash: c.last_event_hash, version: c.version }), c.tracking_id).toBeNull();
      }
      expect(multi).toBeGreaterThan(5);

      // the check is not vacuous: an edited, dropped or reordered row is caught
      const life = byCase.get('AC-CHAIN-1')!;
      expect(life).toHaveLength(6);
      const head = cases.find((c) => c.tracking_id === 'AC-CHAIN-1')!;
      const h = { hash: head.last_event_hash, version: head.version };
      expect(verifyChain('AC-CHAIN-1', life.map((e, i) => (i === 3 ? { ...e, note: 'diubah' } : e)), h)).toMatchObject({ seq: 4 });
      expect(verifyChain('AC-CHAIN-1', life.slice(0, -1), h)).not.toBeNull();
      expect(verifyChain('AC-CHAIN-1', [life[0], life[2], life[1], ...life.slice(3)], h)).not.toBeNull();
    });

    test('case_events refuses UPDATE and DELETE', async () => {
      const c = await disposedCase(ts, 'badung.dinkes');
      const [before] = await ts.server.db.query('SELECT * FROM case_events WHERE tracking_id = $1 AND seq = 2', [c.trackingId]);
      await expect(ts.server.db.query("UPDATE case_events SET note = 'diubah' WHERE tracking_id = $1", [c.trackingId])).rejects.toThrow(/append-only/);
      await expect(ts.server.db.query('DELETE FROM case_events WHERE tracking_id = $1', [c.trackingId])).rejects.toThrow(/append-only/);
      await expect(ts.server.db.transaction((tx) => tx.query('DELETE FROM case_events WHERE id = $1', [before.id]))).rejects.toThrow(/append-only/);
      const [after] = await ts.server.db.query('SELECT * FROM case_events WHERE tracking_id = $1 AND seq = 2', [c.trackingId]);
      expect(after).toEqual(before);
      expect(await eventCount(ts, c.trackingId)).toBe(2);
    });
  });
});
