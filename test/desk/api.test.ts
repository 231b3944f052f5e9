// Issue #20 items 1 and 3 on both backends: duplicates (linked both ways, archived with the reason duplicate,
// one level deep, open originals only, a reopen unlinks), copies (tembusan: read and note, never act; the
// one read scope; --copied-to), internal notes, likely duplicates (pg_trgm on PostgreSQL, the same measure
// computed by the server on PGlite) and the statistics (a linked duplicate counts once; by institution).

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { BulkResponse, CaseLinksResponse, SimilarResponse } from '../../src/domain/schemas.js';
import { trigramSimilarity } from '../../src/domain/similarity.js';
import type { StatsAnnualReport, StatsDuplicatesReport } from '../../src/domain/stats.js';
import type { Case, CaseEvent } from '../../src/domain/types.js';
import { BACKENDS, call, type TestServer, startTestServer } from '../helpers/server.js';
import { action, disposedCase, eventsOf, expectProblem, getCase, intake, must } from '../server/api-setup.js';

describe.each(BACKENDS)('desk work: duplicates and copies (%s)', (backend) => {
  let ts: TestServer;

  beforeAll(async () => {
    ts = await startTestServer(backend);
  });
  afterAll(async () => {
    await ts?.close();
  });

  const links = async (id: string, token = ts.tokens.admin) =>
    call<CaseLinksResponse>(ts.url, 'GET', `/v1/cases/${id}/links`, { token });
  const bulk = async (items: object[], key: string, token = ts.tokens.admin) =>
    call<BulkResponse>(ts.url, 'POST', '/v1/bulk', { token, body: { items }, headers: { 'idempotency-key': key } });

  describe('duplicate', () => {
    test('archives the duplicate with the reason duplicate, links both ways, writes one event on the duplicate only', async () => {
      const original = await intake(ts);
      const dup = await intake(ts);
      const after = await must(ts, dup, { action: 'duplicate', originalId: original.trackingId, note: 'Sama persis' });
      expect(after).toMatchObject({ status: 'archived', archiveReason: 'duplicate', closedBy: 'admin', version: 2 });
      const events = await eventsOf(ts, dup.trackingId);
      expect(events.at(-1)).toMatchObject({ action: 'duplicate', fromStatus: 'submitted', toStatus: 'archived', note: `duplicate of ${original.trackingId}: Sama persis` });
      expect((await links(dup.trackingId)).body).toEqual({ trackingId: dup.trackingId, duplicateOf: original.trackingId, duplicates: [], copiedTo: [] });
      expect((await links(original.trackingId)).body).toEqual({ trackingId: original.trackingId, duplicateOf: null, duplicates: [dup.trackingId], copiedTo: [] });
      // the original is not written to: its version (a reviewed plan's precondition) stays
      expect((await getCase(ts, original.trackingId)).version).toBe(original.version);
      // again: already done (409 already-done), nothing written
      const again = await action(ts, ts.tokens.admin, dup.trackingId, 2, { action: 'duplicate', originalId: original.trackingId });
      expect(expectProblem(again, 409)).toMatchObject({ reason: 'already-duplicate-of', params: { trackingId: dup.trackingId, targetId: original.trackingId } });
      expect(await eventsOf(ts, dup.trackingId)).toHaveLength(2);
    });

    test('refuses a self-link, a duplicate of a duplicate (naming the root), an original with duplicates, closed and unknown originals', async () => {
      const root = await intake(ts);
      const dup = await intake(ts);
      await must(ts, dup, { action: 'duplicate', originalId: root.trackingId });
      const c = await intake(ts);
      const refused = async (body: object, reason: string, params: object) => {
        const res = await action(ts, ts.tokens.admin, c.trackingId, c.version, body);
        expect(expectProblem(res, 422, 'originalId')).toMatchObject({ reason, params });
      };
      await refused({ action: 'duplicate', originalId: c.trackingId }, 'duplicate-of-self', { trackingId: c.trackingId });
      await refused({ action: 'duplicate', originalId: dup.trackingId }, 'original-is-duplicate', { trackingId: dup.trackingId, targetId: root.trackingId });
      await refused({ action: 'duplicate', originalId: 'NO-SUCH-CASE' }, 'original-not-found', { trackingId: 'NO-SUCH-CASE' });
      const done = await disposedCase(ts, 'badung.dinkes', {}, true);
      const completed = await must(ts, done, { action: 'close' });
      await refused({ action: 'duplicate', originalId: completed.trackingId }, 'original-closed', { trackingId: completed.trackingId, caseStatus: 'completed' });
      // the root has a duplicate: it may not become one (no chain, no cycle)
      const other = await intake(ts);
      const res = await action(ts, ts.tokens.admin, root.trackingId, root.version, { action: 'duplicate', originalId: other.trackingId });
      expect(expectProblem(res, 422, 'originalId')).toMatchObject({ reason: 'case-has-duplicates' });
      // a disposed case is past triage: archive's statuses apply
      const disposed = await disposedCase(ts, 'badung.dinkes');
      expectProblem(await action(ts, ts.tokens.admin, disposed.trackingId, disposed.version, { action: 'duplicate', originalId: root.trackingId }), 409, 'action');
      expect((await getCase(ts, c.trackingId)).version).toBe(1);
    });

    test('an original outside the caller’s scope answers like a missing one', async () => {
      const hidden = await disposedCase(ts, 'denpasar.dpupr');
      const mine = await intake(ts, { institutionId: 'badung.dinkes' });
      const outside = await action(ts, ts.tokens['admin.badung'], mine.trackingId, 1, { action: 'duplicate', originalId: hidden.trackingId });
      const missing = await action(ts, ts.tokens['admin.badung'], mine.trackingId, 1, { action: 'duplicate', originalId: 'MTX-NONE-0001' });
      expect(expectProblem(outside, 422)).toMatchObject({ reason: 'original-not-found' });
      expect(outside.text.split(hidden.trackingId).join('{id}')).toBe(missing.text.split('MTX-NONE-0001').join('{id}'));
    });

    test('one bulk: A→B applies, then B→C is refused (B now has a duplicate), C→A is refused (A is a duplicate)', async () => {
      const [a, b, c] = [await intake(ts), await intake(ts), await intake(ts)];
      const res = await bulk(
        [
          { trackingId: a.trackingId, version: 1, action: 'duplicate', originalId: b.trackingId },
          { trackingId: b.trackingId, version: 1, action: 'duplicate', originalId: c.trackingId },
          { trackingId: c.trackingId, version: 1, action: 'duplicate', originalId: a.trackingId },
        ],
        `dup-chain-${backend}`,
      );
      expect(res.status, res.text).toBe(200);
      expect(res.body.results.map((r) => [r.outcome, r.problem?.reason ?? null])).toEqual([
        ['applied', null],
        ['failed', 'case-has-duplicates'],
        ['failed', 'original-is-duplicate'],
      ]);
      expect((await links(b.trackingId)).body.duplicates).toEqual([a.trackingId]);
    });

    test('concurrent A→B and B→C: one wins, never a chain', async () => {
      for (let round = 0; round < 3; round += 1) {
        const [a, b, c] = [await intake(ts), await intake(ts), await intake(ts)];
        const [r1, r2] = await Promise.all([
          action(ts, ts.tokens.admin, a.trackingId, 1, { action: 'duplicate', originalId: b.trackingId }),
          action(ts, ts.tokens.admin, b.trackingId, 1, { action: 'duplicate', originalId: c.trackingId }),
        ]);
        expect([r1.status, r2.status].sort(), `${r1.text} ${r2.text}`).toEqual([200, 422]);
        const chain = await ts.server.db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM case_links l JOIN case_links m ON m.tracking_id = l.original_id',
        );
        expect(chain[0].n).toBe(0);
      }
    });

    test('reopening a duplicate unlinks it', async () => {
      const original = await intake(ts);
      const dup = await must(ts, await intake(ts), { action: 'duplicate', originalId: original.trackingId });
      const reopened = await must(ts, dup, { action: 'reopen', note: 'Ternyata laporan berbeda' });
      expect(reopened).toMatchObject({ status: 'submitted', archiveReason: null });
      expect((await links(dup.trackingId)).body.duplicateOf).toBeNull();
      expect((await links(original.trackingId)).body.duplicates).toEqual([]);
    });
  });

  describe('reporter replies', () => {
    test('a reply to a duplicate after its link keeps the original from auto-closing (replies arrive by import only)', async () => {
      const original = await disposedCase(ts, 'gianyar.inspektorat', {}, true);
      const dup = await intake(ts);
      await must(ts, dup, { action: 'duplicate', originalId: original.trackingId });
      const [{ linked }] = await ts.server.db.query<{ linked: string }>(
        `SELECT to_char(linked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS linked FROM case_links WHERE tracking_id = $1`,
        [dup.trackingId],
      );
      const sweep = async () => {
        const res = await call<{ closed: { trackingId: string }[] }>(ts.url, 'POST', '/v1/sla/sweep', { token: ts.tokens.admin, body: { dryRun: true } });
        expect(res.status, res.text).toBe(200);
        return res.body.closed.map((c) => c.trackingId);
      };
      const setReply = (at: string) => ts.server.db.query('UPDATE cases SET last_reporter_reply_at = $2 WHERE tracking_id = $1', [dup.trackingId, at]);
      const saved = ts.clock.now;
      ts.clock.now = new Date(Date.parse(saved.toISOString()) + 30 * 86_400_000); // past the 10-working-day window
      try {
        expect(await sweep()).toContain(original.trackingId);
        await setReply(new Date(Date.parse(linked) - 60_000).toISOString()); // before the link: the duplicate's own matter
        expect(await sweep()).toContain(original.trackingId);
        await setReply(new Date(Date.parse(linked) + 60_000).toISOString()); // after the link: a reply to the original
        expect(await sweep()).not.toContain(original.trackingId);
      } finally {
        ts.clock.now = saved;
      }
    });
  });

  describe('copies (tembusan) and notes', () => {
    test('copy and uncopy: events, links, refusals; a copy’s reader reads and notes, never acts', async () => {
      const c = await disposedCase(ts, 'denpasar.dpupr');
      const badung = ts.tokens['admin.badung'];
      expectProblem(await call(ts.url, 'GET', `/v1/cases/${c.trackingId}`, { token: badung }), 404);
      expect(expectProblem(await action(ts, ts.tokens.admin, c.trackingId, c.version, { action: 'copy', institutionIds: ['denpasar.dpupr'] }), 422, 'institutionIds'))
        .toMatchObject({ reason: 'copy-to-handler' });
      expect(expectProblem(await action(ts, ts.tokens.admin, c.trackingId, c.version, { action: 'copy', institutionIds: ['atlantis'] }), 422, 'institutionIds'))
        .toMatchObject({ reason: 'institution-inactive' });
      // an institution admin copies inside its own subtree only
      expect(expectProblem(await action(ts, ts.tokens['admin.denpasar'], c.trackingId, c.version, { action: 'copy', institutionIds: ['badung'] }), 422, 'institutionIds'))
        .toMatchObject({ reason: 'institution-outside-scope' });
      const copied = await must(ts, c, { action: 'copy', institutionIds: ['badung.dinkes', 'bali.inspektorat'] });
      expect(copied).toMatchObject({ status: 'disposed', institutionId: 'denpasar.dpupr', version: c.version + 1, responseDueAt: c.responseDueAt });
      expect((await eventsOf(ts, c.trackingId)).at(-1)).toMatchObject({ action: 'copy', fromStatus: 'disposed', toStatus: 'disposed', note: 'copy: badung.dinkes,bali.inspektorat' });
      expect((await links(c.trackingId)).body.copiedTo).toEqual(['badung.dinkes', 'bali.inspektorat'].sort());
      expectProblem(await action(ts, ts.tokens.admin, c.trackingId, copied.version, { action: 'copy', institutionIds: ['badung.dinkes'] }), 409);

      // the copy's institution and those above it read it (one read rule: the case, its history, its links, the listing)
      for (const token of [badung, ts.tokens['liaison.badung.dinkes']]) {
        expect((await call<Case>(ts.url, 'GET', `/v1/cases/${c.trackingId}`, { token })).status).toBe(200);
        expect((await call(ts.url, 'GET', `/v1/cases/${c.trackingId}/events`, { token })).status).toBe(200);
        expect((await links(c.trackingId, token)).status).toBe(200);
        const listed = await call<{ items: Case[] }>(ts.url, 'GET', `/v1/cases?q=${c.trackingId}`, { token });
        expect(listed.body.items.map((x) => x.trackingId)).toEqual([c.trackingId]);
      }
      const onlyCopies = await call<{ items: Case[] }>(ts.url, 'GET', '/v1/cases?copiedTo=badung&limit=500', { token: badung });
      expect(onlyCopies.body.items.map((x) => x.trackingId)).toContain(c.trackingId);
      for (const x of onlyCopies.body.items) expect(x.institutionId).not.toMatch(/^badung/);
      // … and may not act: 403 (it sees the case, so the refusal reveals nothing), except a note
      const respond = await action(ts, badung, c.trackingId, copied.version, { action: 'respond', message: 'Kami tanggapi' });
      expect(expectProblem(respond, 403)).toMatchObject({ reason: 'copy-read-only', params: { trackingId: c.trackingId, action: 'respond' } });
      const viaBulk = await bulk([{ trackingId: c.trackingId, version: copied.version, action: 'close' }], `copy-bulk-${backend}`, badung);
      expect(viaBulk.body.results[0]).toMatchObject({ outcome: 'failed', status: 403 });
      const noted = await action(ts, ts.tokens['liaison.badung.dinkes'], c.trackingId, copied.version, { action: 'note', note: 'Dipantau' });
      expect(noted.status, noted.text).toBe(200);
      const afterNote = (noted.body as { case: Case }).case;
      expect(afterNote).toEqual({ ...copied, version: copied.version + 1 });
      // an institution not copied still sees nothing, exactly as a missing case
      const gianyar = await ts.server.store.createToken(`admin.gianyar.${backend}`, 'institution_admin', 'gianyar');
      const notCopied = await call(ts.url, 'GET', `/v1/cases/${c.trackingId}`, { token: gianyar });
      const missing = await call(ts.url, 'GET', `/v1/cases/${c.trackingId.replace(/\d/g, '9')}`, { token: gianyar });
      expectProblem(notCopied, 404);
      expect(notCopied.text.length).toBe(missing.text.length);

      const un = await must(ts, afterNote, { action: 'uncopy', institutionIds: ['badung.dinkes'] });
      expect((await links(c.trackingId)).body.copiedTo).toEqual(['bali.inspektorat']);
      expectProblem(await call(ts.url, 'GET', `/v1/cases/${c.trackingId}`, { token: badung }), 404);
      expectProblem(await call(ts.url, 'GET', `/v1/cases/${c.trackingId}`, { token: ts.tokens['liaison.badung.dinkes'] }), 404);
      expectProblem(await action(ts, ts.tokens.admin, c.trackingId, un.version, { action: 'uncopy', institutionIds: ['badung.dinkes'] }), 409);
    });

    test('a copy’s reader does not see a confidential case’s content', async () => {
      const c = await disposedCase(ts, 'denpasar.dpupr', { confidential: true, title: 'Rahasia kanari copy' });
      await must(ts, c, { action: 'copy', institutionIds: ['badung'] });
      // a copy to badung is not a copy to the units under it (as a disposition is seen above, not below)
      expectProblem(await call(ts.url, 'GET', `/v1/cases/${c.trackingId}`, { token: ts.tokens['liaison.badung.dinkes'] }), 404);
      const seen = await call<Case>(ts.url, 'GET', `/v1/cases/${c.trackingId}`, { token: ts.tokens['admin.badung'] });
      expect(seen.status).toBe(200);
      expect(seen.body).toMatchObject({ title: null, body: null });
      const listed = await call(ts.url, 'GET', `/v1/cases?copiedTo=badung&limit=500`, { token: ts.tokens['admin.badung'] });
      expect(listed.text).not.toContain('Rahasia kanari copy');
      expect((await call<Case>(ts.url, 'GET', `/v1/cases/${c.trackingId}`, { token: ts.tokens['admin.denpasar'] })).body.title).toBe('Rahasia kanari copy');
    });
  });

  describe('similar', () => {
    test('same category and regency within the window, ranked by title similarity; duplicates left out', async () => {
      const base = { categoryId: 'kesehatan.bpjs', regency: 'Kabupaten Gianyar' };
      const subject = await intake(ts, { ...base, title: 'Antrean obat di RSUD Sanjiwani sangat lama' });
      const close = await intake(ts, { ...base, title: 'Antrean obat RSUD Sanjiwani lama sekali' });
      const near = await intake(ts, { ...base, title: 'Antrean di RSUD Sanjiwani' });
      await intake(ts, { ...base, title: 'Jalan berlubang di Ubud' }); // unlike
      await intake(ts, { ...base, regency: 'Kabupaten Bangli', title: 'Antrean obat di RSUD Sanjiwani sangat lama' }); // elsewhere
      await intake(ts, { ...base, categoryId: 'pendidikan.ppdb', title: 'Antrean obat di RSUD Sanjiwani sangat lama' }); // other category
      await intake(ts, { ...base, title: 'Antrean obat di RSUD Sanjiwani sangat lama', submittedAt: '2023-06-01T02:00:00Z' }); // long before
      const dup = await intake(ts, { ...base, title: 'Antrean obat di RSUD Sanjiwani sangat lama!' });
      await must(ts, dup, { action: 'duplicate', originalId: close.trackingId });

      const res = await call<SimilarResponse>(ts.url, 'GET', `/v1/cases/${subject.trackingId}/similar`, { token: ts.tokens.admin });
      expect(res.status, res.text).toBe(200);
      expect(res.body.method).toBe(backend === 'postgres' ? 'trigram' : 'jaccard');
      expect(res.body.items.map((i) => i.trackingId)).toEqual([close.trackingId, near.trackingId]);
      for (const i of res.body.items) {
        const title = i.trackingId === close.trackingId ? 'Antrean obat RSUD Sanjiwani lama sekali' : 'Antrean di RSUD Sanjiwani';
        expect(i.score).toBeCloseTo(trigramSimilarity('Antrean obat di RSUD Sanjiwani sangat lama', title), 3);
      }
      const narrow = await call<SimilarResponse>(ts.url, 'GET', `/v1/cases/${subject.trackingId}/similar?limit=1`, { token: ts.tokens.admin });
      expect(narrow.body.items.map((i) => i.trackingId)).toEqual([close.trackingId]);
      expectProblem(await call(ts.url, 'GET', '/v1/cases/NO-SUCH-CASE/similar', { token: ts.tokens.admin }), 404);
    });

    // pg_trgm exists on PostgreSQL only: the PGlite run has no such test (rather than a skipped one)
    if (backend === 'postgres') test('the server’s trigram measure equals pg_trgm similarity()', async () => {
      const titles = ['Antrean obat di RSUD Sanjiwani sangat lama', 'Jalan rusak parah!! di Jl. Raya Ubud', 'PJU mati 3 hari', 'pju MATI tiga hari', 'Sampah menumpuk di pasar Badung', 'a', ''];
      for (const a of titles) {
        for (const b of titles) {
          const [row] = await ts.server.db.query<{ s: number }>('SELECT similarity($1, $2)::float8 AS s', [a, b]);
          expect(trigramSimilarity(a, b), `${a} ~ ${b}`).toBeCloseTo(Number(row.s), 5);
        }
      }
    });
  });

  describe('statistics', () => {
    test('a linked duplicate counts once (as its original); copies change no figure; duplicates by the original’s institution', async () => {
      const annual = async () => (await call<StatsAnnualReport>(ts.url, 'GET', '/v1/stats/annual?year=2024', { token: ts.tokens.stat })).body;
      const before = await annual();
      const original = await disposedCase(ts, 'klungkung.inspektorat');
      const dup = await intake(ts);
      const mid = await annual();
      expect(mid.headline.received).toBe(before.headline.received + 2);
      await must(ts, dup, { action: 'duplicate', originalId: original.trackingId });
      await must(ts, original, { action: 'copy', institutionIds: ['bangli.inspektorat'] });
      const after = await annual();
      expect(after.headline.received).toBe(before.headline.received + 1);
      expect(after.headline.archived).toBe(mid.headline.archived);
      const inst = (r: StatsAnnualReport, id: string) => r.institutions.find((i) => i.institutionId === id)?.received ?? 0;
      expect(inst(after, 'klungkung.inspektorat')).toBe(inst(before, 'klungkung.inspektorat') + 1);
      expect(inst(after, 'bangli.inspektorat')).toBe(inst(before, 'bangli.inspektorat'));

      const dups = await call<StatsDuplicatesReport>(ts.url, 'GET', '/v1/stats/duplicates?year=2024', { token: ts.tokens.stat });
      expect(dups.status, dups.text).toBe(200);
      expect(dups.body.items.find((r) => r.institutionId === 'klungkung.inspektorat')).toEqual({
        institutionId: 'klungkung.inspektorat',
        institutionName: expect.any(String),
        duplicates: 1,
        originals: 1,
      });
      const scoped = await call<StatsDuplicatesReport>(ts.url, 'GET', '/v1/stats/duplicates?year=2024', { token: ts.tokens['admin.badung'] });
      expect(scoped.body.items.every((r) => r.institutionId?.startsWith('badung'))).toBe(true);
    });
  });
});
