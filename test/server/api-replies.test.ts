// Issue #20 items 2 and 4 on both backends: answer templates kept per institution subtree (the nearest
// definition wins, writes inside the token's scope), and reviewed replies (a liaison's respond at an
// institution that requires review is a draft; an admin approves it, which publishes the follow-up and stops
// the clock then, or returns it with a note; the review queue is the `draft=pending` filter).

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Case } from '../../src/domain/types.js';
import type { Template } from '../../src/domain/templates.js';
import { BACKENDS, call, type TestServer, startTestServer } from '../helpers/server.js';
import { action, disposedCase, eventsOf, expectProblem, getCase, must } from './api-setup.js';

describe.each(BACKENDS)('answer templates and reviewed replies (%s)', (backend) => {
  let ts: TestServer;

  beforeAll(async () => {
    ts = await startTestServer(backend);
  });
  afterAll(async () => {
    await ts?.close();
  });

  const post = (token: string, path: string, body: unknown) => call<Record<string, unknown>>(ts.url, 'POST', path, { token, body });

  describe('templates', () => {
    test('the nearest definition of a name wins; a definition is seen by its subtree only', async () => {
      const national = await post(ts.tokens.admin, '/v1/templates', { name: 'terima', institutionId: null, body: 'Nasional: {{nomor}}' });
      expect(national.status, national.text).toBe(201);
      const badung = await post(ts.tokens['admin.badung'], '/v1/templates', { name: 'terima', body: 'Badung: {{nomor}} di {{instansi}}' });
      expect(badung.status, badung.text).toBe(201);
      expect(badung.body).toMatchObject({ name: 'terima', institutionId: 'badung', variables: ['nomor', 'instansi'], updatedBy: 'admin.badung' });

      const at = async (token: string, institution?: string) =>
        call<Template>(ts.url, 'GET', `/v1/templates/terima${institution ? `?institution=${institution}` : ''}`, { token });
      expect((await at(ts.tokens['liaison.badung.dinkes'])).body.institutionId).toBe('badung'); // its own: badung.dinkes → badung
      expect((await at(ts.tokens.admin, 'badung.dinkes')).body.institutionId).toBe('badung');
      expect((await at(ts.tokens.admin, 'denpasar')).body.institutionId).toBeNull(); // Denpasar sees the national one
      expect((await at(ts.tokens['admin.denpasar'])).body.body).toBe('Nasional: {{nomor}}');
      expect((await at(ts.tokens.admin)).body.institutionId).toBeNull();

      // the listing at an institution: one per name, the nearest; without: every definition in reach
      const list = await call<{ items: Template[] }>(ts.url, 'GET', '/v1/templates?institution=badung.dinkes', { token: ts.tokens.admin });
      expect(list.body.items.filter((t) => t.name === 'terima').map((t) => t.institutionId)).toEqual(['badung']);
      const all = await call<{ items: Template[] }>(ts.url, 'GET', '/v1/templates', { token: ts.tokens.admin });
      expect(all.body.items.filter((t) => t.name === 'terima').map((t) => t.institutionId)).toEqual([null, 'badung']);
      const denpasar = await call<{ items: Template[] }>(ts.url, 'GET', '/v1/templates', { token: ts.tokens['admin.denpasar'] });
      expect(denpasar.body.items.filter((t) => t.name === 'terima').map((t) => t.institutionId)).toEqual([null]); // not Badung's

      // Denpasar cannot look at Badung, nor write there, nor nationally
      expectProblem(await call(ts.url, 'GET', '/v1/templates?institution=badung', { token: ts.tokens['admin.denpasar'] }), 422, 'institution');
      expectProblem(await post(ts.tokens['admin.denpasar'], '/v1/templates', { name: 'x', institutionId: 'badung', body: 'x' }), 422, 'institution');
      expectProblem(await post(ts.tokens['admin.denpasar'], '/v1/templates', { name: 'x', institutionId: null, body: 'x' }), 422, 'institution');
      // a second definition at the same place is a conflict
      expect((await post(ts.tokens['admin.badung'], '/v1/templates', { name: 'terima', body: 'lagi' })).status).toBe(409);
    });

    test('edit and remove act on the definition at exactly one institution', async () => {
      await post(ts.tokens.admin, '/v1/templates', { name: 'ubah', institutionId: null, body: 'N {{nomor}}' });
      await post(ts.tokens.admin, '/v1/templates', { name: 'ubah', institutionId: 'badung', body: 'B {{nomor}}' });
      const edited = await call<Template>(ts.url, 'PATCH', '/v1/templates/ubah?institution=badung', {
        token: ts.tokens['admin.badung'],
        body: { body: 'B2 {{nomor}} {{tanggal}}', description: 'balasan awal' },
      });
      expect(edited.status, edited.text).toBe(200);
      expect(edited.body).toMatchObject({ body: 'B2 {{nomor}} {{tanggal}}', description: 'balasan awal', variables: ['nomor', 'tanggal'] });
      const removed = await call<Template>(ts.url, 'DELETE', '/v1/templates/ubah?institution=badung', { token: ts.tokens['admin.badung'] });
      expect(removed.status, removed.text).toBe(200);
      const after = await call<Template>(ts.url, 'GET', '/v1/templates/ubah?institution=badung', { token: ts.tokens.admin });
      expect(after.body.institutionId).toBeNull(); // the national one shows through again
      expect((await call(ts.url, 'DELETE', '/v1/templates/ubah?institution=badung', { token: ts.tokens.admin })).status).toBe(404);
    });

    test('a malformed body is refused (422, field body); liaisons read but never write; statisticians neither', async () => {
      const bad = await post(ts.tokens.admin, '/v1/templates', { name: 'rusak', body: 'Halo {{nama' });
      expectProblem(bad, 422, 'body');
      expect(bad.body.reason).toBe('template-invalid');
      expectProblem(await post(ts.tokens.admin, '/v1/templates', { name: 'rusak', body: 'Halo {{Nama Lengkap}}' }), 422, 'body');
      expect((await post(ts.tokens['liaison.badung.dinkes'], '/v1/templates', { name: 'l', body: 'x' })).status).toBe(403);
      expect((await call(ts.url, 'GET', '/v1/templates', { token: ts.tokens.stat })).status).toBe(403);
    });

    test('import is all or none; existing definitions only with update', async () => {
      const items = [
        { name: 'imp-a', institutionId: 'badung', body: 'A {{nomor}}' },
        { name: 'imp-b', institutionId: 'badung.dinkes', body: 'B {{judul}}', description: 'dinkes' },
      ];
      const first = await post(ts.tokens['admin.badung'], '/v1/templates/import', { items });
      expect(first.status, first.text).toBe(200);
      expect((first.body.items as { outcome: string }[]).map((i) => i.outcome)).toEqual(['created', 'created']);
      const same = await post(ts.tokens['admin.badung'], '/v1/templates/import', { items });
      expect((same.body.items as { outcome: string }[]).map((i) => i.outcome)).toEqual(['unchanged', 'unchanged']);
      const changed = [{ ...items[0], body: 'A2 {{nomor}}' }, { name: 'imp-c', institutionId: 'badung', body: 'C' }];
      expect((await post(ts.tokens['admin.badung'], '/v1/templates/import', { items: changed })).status).toBe(409);
      // nothing of the refused file was kept
      expect((await call(ts.url, 'GET', '/v1/templates/imp-c?institution=badung', { token: ts.tokens.admin })).status).toBe(404);
      const updated = await post(ts.tokens['admin.badung'], '/v1/templates/import', { items: changed, update: true });
      expect((updated.body.items as { outcome: string }[]).map((i) => i.outcome)).toEqual(['updated', 'created']);
    });
  });

  describe('reviewed replies', () => {
    const setReview = (token: string, id: string, on: boolean) => call(ts.url, 'PUT', `/v1/review/${id}`, { token, body: { reviewReplies: on } });

    test('who may set the review: admins inside their subtree', async () => {
      expect((await setReview(ts.tokens['liaison.badung.dinkes'], 'badung.dinkes', true)).status).toBe(403);
      expectProblem(await setReview(ts.tokens['admin.denpasar'], 'badung.dinkes', true), 422, 'institution');
      expect((await setReview(ts.tokens['admin.badung'], 'badung.dinkes', true)).status).toBe(200);
      const list = await call<{ items: { institutionId: string }[] }>(ts.url, 'GET', '/v1/review', { token: ts.tokens['liaison.badung.dinkes'] });
      expect(list.body.items.map((i) => i.institutionId)).toContain('badung.dinkes');
      const other = await call<{ items: unknown[] }>(ts.url, 'GET', '/v1/review', { token: ts.tokens['admin.denpasar'] });
      expect(other.body.items).toEqual([]);
    });

    test('a liaison’s respond is a draft: not published, the clock runs; approval publishes it and stops the clock then', async () => {
      await setReview(ts.tokens.admin, 'badung.dinkes', true);
      const c = await disposedCase(ts, 'badung.dinkes');
      const drafted = await action(ts, ts.tokens['liaison.badung.dinkes'], c.trackingId, c.version, { action: 'respond', message: 'Draf jawaban' });
      expect(drafted.status, drafted.text).toBe(200);
      const d = (drafted.body as { case: Case }).case;
      expect(d).toMatchObject({ status: 'disposed', firstResponseAt: null, lastResponseAt: null, draftMessage: 'Draf jawaban', draftBy: 'liaison.badung.dinkes' });
      expect(d.draftAt).toBe(ts.clock.now.toISOString());
      // a second draft waits for the first
      const second = await action(ts, ts.tokens['liaison.badung.dinkes'], c.trackingId, d.version, { action: 'respond', message: 'lagi' });
      expectProblem(second, 409, 'action');
      expect(second.body.reason).toBe('draft-pending');

      // the queue: draft=pending, scoped (Denpasar sees nothing of Badung)
      const queue = await call<{ items: Case[] }>(ts.url, 'GET', '/v1/cases?draft=pending', { token: ts.tokens['admin.badung'] });
      expect(queue.body.items.map((x) => x.trackingId)).toContain(c.trackingId);
      const elsewhere = await call<{ items: Case[] }>(ts.url, 'GET', '/v1/cases?draft=pending', { token: ts.tokens['admin.denpasar'] });
      expect(elsewhere.body.items.map((x) => x.trackingId)).not.toContain(c.trackingId);

      // the liaison may not approve; an admin of another subtree does not see the case
      expect((await action(ts, ts.tokens['liaison.badung.dinkes'], c.trackingId, d.version, { action: 'approve' })).status).toBe(403);
      expect((await action(ts, ts.tokens['admin.denpasar'], c.trackingId, d.version, { action: 'approve' })).status).toBe(404);

      ts.clock.now = new Date(ts.clock.now.getTime() + 3 * 3600_000);
      const approved = await action(ts, ts.tokens['admin.badung'], c.trackingId, d.version, { action: 'approve' });
      expect(approved.status, approved.text).toBe(200);
      const a = (approved.body as { case: Case }).case;
      expect(a).toMatchObject({ status: 'in_progress', draftMessage: null, draftAt: null, draftBy: null });
      expect(a.firstResponseAt).toBe(ts.clock.now.toISOString()); // at approval, not at the draft
      const events = await eventsOf(ts, c.trackingId);
      expect(events.slice(-2).map((e) => [e.action, e.actor, e.toStatus, e.note])).toEqual([
        ['draft', 'liaison.badung.dinkes', 'disposed', 'Draf jawaban'],
        ['approve', 'admin.badung', 'in_progress', 'Draf jawaban'],
      ]);
      // nothing awaits review any more: approving again is already done
      const again = await action(ts, ts.tokens['admin.badung'], c.trackingId, a.version, { action: 'approve' });
      expect(again.status).toBe(409);
      expect(again.body.reason).toBe('no-draft-pending');
    });

    test('send_back drops the draft with a note; the liaison may draft again', async () => {
      const c = await disposedCase(ts, 'badung.dinkes');
      const d = await must(ts, c, { action: 'respond', message: 'Draf pertama' }, ts.tokens['liaison.badung.dinkes']);
      expectProblem(await action(ts, ts.tokens['admin.badung'], c.trackingId, d.version, { action: 'send_back' }), 400, 'note');
      const r = await must(ts, d, { action: 'send_back', note: 'Tambahkan jadwal perbaikan' }, ts.tokens['admin.badung']);
      expect(r).toMatchObject({ status: 'disposed', draftMessage: null, firstResponseAt: null });
      const again = await must(ts, r, { action: 'respond', message: 'Draf kedua' }, ts.tokens['liaison.badung.dinkes']);
      expect(again.draftMessage).toBe('Draf kedua');
      // redisposing drops the draft with the case leaving the institution
      const moved = await must(ts, again, { action: 'redispose', institutionId: 'denpasar' });
      expect(moved.draftAt).toBeNull();
    });

    test('admins are not reviewed; without the setting a liaison publishes at once', async () => {
      const c = await disposedCase(ts, 'badung.dinkes');
      const byAdmin = await must(ts, c, { action: 'respond', message: 'Langsung' }, ts.tokens['admin.badung']);
      expect(byAdmin.status).toBe('in_progress');
      await setReview(ts.tokens.admin, 'badung.dinkes', false);
      const c2 = await disposedCase(ts, 'badung.dinkes');
      const byLiaison = await must(ts, c2, { action: 'respond', message: 'Langsung juga' }, ts.tokens['liaison.badung.dinkes']);
      expect(byLiaison).toMatchObject({ status: 'in_progress', draftAt: null });
      expect((await getCase(ts, c2.trackingId)).firstResponseAt).not.toBeNull();
    });
  });
});
