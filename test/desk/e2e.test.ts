// Issue #20 items 1 and 3 through the built CLI against a real API: likely duplicates, `cases duplicate` (one
// case, a refusal naming the root, and in bulk with --where), the link in `cases show` of both cases, copies
// (`cases copy`, `cases list --copied-to`, `cases note`, `cases uncopy`) and `stats duplicates`.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../src/domain/types.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { intake, must } from '../server/api-setup.js';
import { buildOnce, cleanUp, freshHome, runCli } from '../e2e/bulk-helpers.js';

describe('desk work through the built CLI', () => {
  let ts: TestServer;
  let env: Record<string, string>;
  let original: Case;
  let first: Case;
  const cli = (...args: string[]) => runCli(['--lang', 'en', ...args], env);

  beforeAll(async () => {
    buildOnce();
    ts = await startTestServer('pglite');
    env = freshHome({ LAPOR_API_URL: ts.url, LAPOR_TOKEN: ts.tokens.admin }).env;
    const base = { categoryId: 'kesehatan.puskesmas', regency: 'Kabupaten Badung' };
    original = await must(ts, await intake(ts, { ...base, trackingId: 'E2E-ORIG-1', title: 'Puskesmas Kuta tutup saat jam layanan' }), {
      action: 'dispose',
      institutionId: 'badung.dinkes',
    });
    first = await intake(ts, { ...base, trackingId: 'E2E-DUP-1', title: 'Puskesmas Kuta tutup pada jam layanan' });
    for (let i = 2; i <= 4; i += 1) await intake(ts, { ...base, trackingId: `E2E-DUP-${i}`, title: `Puskesmas Kuta tutup lagi [e2e-massal] ${i}` });
  }, 180_000);
  afterAll(async () => {
    cleanUp();
    await ts?.close();
  });

  it('cases similar suggests the likely duplicate', async () => {
    const r = await cli('cases', 'similar', first.trackingId, '--format', 'json');
    expect(r.code, r.err).toBe(0);
    const items = JSON.parse(r.out) as { trackingId: string; score: number }[];
    expect(items[0].trackingId).toBe(original.trackingId);
    expect(items[0].score).toBeGreaterThan(0.5);
  });

  it('cases duplicate links both ways and archives; show of both names the link; a duplicate of a duplicate names the root', async () => {
    const r = await cli('cases', 'duplicate', first.trackingId, '--of', original.trackingId, '--note', 'Laporan yang sama');
    expect(r.code, r.err).toBe(0);
    const shown = await cli('cases', 'show', first.trackingId, '--format', 'json');
    expect(shown.code, shown.err).toBe(0);
    expect(JSON.parse(shown.out)).toMatchObject({
      status: 'archived',
      archiveReason: 'duplicate',
      links: { duplicateOf: original.trackingId, duplicates: [], copiedTo: [] },
    });
    const table = await cli('cases', 'show', original.trackingId, '--no-history');
    expect(table.code, table.err).toBe(0);
    expect(table.out).toMatch(new RegExp(`^Its duplicates\\s+${first.trackingId}$`, 'm'));
    const history = await cli('cases', 'history', first.trackingId, '--format', 'csv', '--fields', 'action,note');
    expect(history.out).toContain(`duplicate,duplicate of ${original.trackingId}: Laporan yang sama`);

    const chained = await cli('cases', 'duplicate', 'E2E-DUP-2', '--of', first.trackingId);
    expect(chained.code).toBe(1);
    expect(chained.err).toContain(`case ${first.trackingId} is itself a duplicate of ${original.trackingId}`);
    const self = await cli('cases', 'duplicate', 'E2E-DUP-2', '--of', 'E2E-DUP-2');
    expect(self.code).toBe(1);
    expect(self.err).toContain('cannot be a duplicate of itself');
  });

  it('bulk: --where with plan, --yes and a journal; stats duplicates counts them by the original’s institution', async () => {
    const dry = await cli('cases', 'duplicate', '--where', 'q=[e2e-massal]', '--where', 'status=submitted', '--of', original.trackingId, '--dry-run');
    expect(dry.code, dry.err).toBe(0);
    expect(`${dry.out}${dry.err}`).toMatch(/3/);
    const r = await cli('cases', 'duplicate', '--where', 'q=[e2e-massal]', '--where', 'status=submitted', '--of', original.trackingId, '--yes', '--format', 'json');
    expect(r.code, r.err).toBe(0);
    const listed = await cli('cases', 'list', '--search', '[e2e-massal]', '--format', 'csv', '--fields', 'trackingId,status,archiveReason');
    expect(listed.out.trim().split('\n').slice(1).sort()).toEqual(['E2E-DUP-2,archived,duplicate', 'E2E-DUP-3,archived,duplicate', 'E2E-DUP-4,archived,duplicate']);
    const stats = await cli('stats', 'duplicates', '--year', '2024', '--format', 'json');
    expect(stats.code, stats.err).toBe(0);
    expect(JSON.parse(stats.out)).toEqual([{ institutionId: 'badung.dinkes', institutionName: expect.any(String), duplicates: 4, originals: 1 }]);
  });

  it('copies: copy, list --copied-to, a note by the copy’s reader, uncopy', async () => {
    const copied = await cli('cases', 'copy', original.trackingId, '--to', 'bali.inspektorat', 'denpasar');
    expect(copied.code, copied.err).toBe(0);
    const listed = await cli('cases', 'list', '--copied-to', 'denpasar', '--format', 'csv', '--fields', 'trackingId,institutionId');
    expect(listed.out).toBe(`trackingId,institutionId\n${original.trackingId},badung.dinkes\n`);
    const shown = await cli('cases', 'show', original.trackingId, '--format', 'json', '--no-history');
    expect(JSON.parse(shown.out).links.copiedTo).toEqual(['bali.inspektorat', 'denpasar']);
    // the copy's reader (denpasar) reads and notes, may not act
    const reader = { ...env, LAPOR_TOKEN: ts.tokens['admin.denpasar'] };
    const note = await runCli(['--lang', 'en', 'cases', 'note', original.trackingId, '--note', 'Dipantau Pemkot Denpasar'], reader);
    expect(note.code, note.err).toBe(0);
    const respond = await runCli(['--lang', 'en', 'cases', 'respond', original.trackingId, '--message', 'Kami tangani'], reader);
    expect(respond.code).toBe(4);
    expect(respond.err).toContain('read and note');
    const un = await cli('cases', 'uncopy', original.trackingId, '--from', 'denpasar');
    expect(un.code, un.err).toBe(0);
    const gone = await runCli(['--lang', 'en', 'cases', 'show', original.trackingId], reader);
    expect(gone.code).toBe(1);
  });
});
