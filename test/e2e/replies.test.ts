// Issue #20 items 2 and 4 end to end through the built CLI against a real API: answer templates (add, list,
// show, edit, export, remove, import), `cases respond --template` for one case and for a selection (refused
// before anything is sent when a variable has no value or a --var is unknown), and reviewed replies (a
// liaison's respond at a reviewing institution is a draft; `cases drafts` is the queue; `cases approve`
// publishes, `cases send-back` returns; bulk approve with --where draft=pending).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case, CaseEvent } from '../../src/domain/types.js';
import type { Template } from '../../src/domain/templates.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { disposedCase, eventsOf, getCase } from '../server/api-setup.js';
import { buildOnce, cleanUp, freshHome, runCli, type Exit } from './bulk-helpers.js';

let ts: TestServer;
const homes: Record<'admin' | 'badung' | 'liaison', Record<string, string>> = { admin: {}, badung: {}, liaison: {} };

beforeAll(async () => {
  buildOnce();
  ts = await startTestServer('pglite');
  homes.admin = freshHome({ LAPOR_API_URL: ts.url, LAPOR_TOKEN: ts.tokens.admin }).env;
  homes.badung = freshHome({ LAPOR_API_URL: ts.url, LAPOR_TOKEN: ts.tokens['admin.badung'] }).env;
  homes.liaison = freshHome({ LAPOR_API_URL: ts.url, LAPOR_TOKEN: ts.tokens['liaison.badung.dinkes'] }).env;
}, 180_000);
afterAll(async () => {
  cleanUp();
  await ts?.close();
});

const lapor = (who: keyof typeof homes, ...args: string[]): Promise<Exit> => runCli(['--lang', 'en', ...args], homes[who]);
function ok(r: Exit): Exit {
  expect(r.code, `${r.out}\n${r.err}`).toBe(0);
  return r;
}

describe('lapor templates', () => {
  it('add, list, show, edit, export, remove and import back', async () => {
    ok(await lapor('badung', 'templates', 'add', 'terima', '--description', 'Tanda terima', '--body', 'Laporan {{nomor}} diterima oleh {{instansi}} pada {{tanggal}}.'));
    ok(await lapor('admin', 'templates', 'add', 'terima', '--body', 'Nasional: {{nomor}}'));
    const list = JSON.parse(ok(await lapor('liaison', 'templates', 'list', '--format', 'json')).out) as Template[];
    expect(list.map((t) => [t.name, t.institutionId])).toEqual([['terima', null], ['terima', 'badung']]);
    // the nearest definition: Badung's for a Badung unit, the national one for Denpasar
    const shown = JSON.parse(ok(await lapor('admin', 'templates', 'show', 'terima', '--institution', 'badung.dinkes', '--format', 'json')).out) as Template;
    expect(shown).toMatchObject({ institutionId: 'badung', variables: ['nomor', 'instansi', 'tanggal'] });
    const elsewhere = JSON.parse(ok(await lapor('admin', 'templates', 'show', 'terima', '--institution', 'denpasar', '--format', 'json')).out) as Template;
    expect(elsewhere.institutionId).toBeNull();

    ok(await lapor('badung', 'templates', 'edit', 'terima', '--body', 'Laporan {{nomor}} ({{judul}}) diterima oleh {{instansi}} pada {{tanggal}}.'));
    const bad = await lapor('badung', 'templates', 'add', 'rusak', '--body', 'Halo {{nama');
    expect(bad.code).toBe(2); // refused before any request
    expect(bad.err).toContain('template rusak: "{{nama" (character 6) is never closed with }}');

    const home = freshHome();
    const file = join(home.dir, 'templat.json');
    ok(await lapor('badung', 'templates', 'export', '--institution', 'badung', '--format', 'json', '-o', file));
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { name: string; institutionId: string | null; body: string }[];
    expect(exported).toEqual([{ name: 'terima', institutionId: 'badung', description: 'Tanda terima', body: 'Laporan {{nomor}} ({{judul}}) diterima oleh {{instansi}} pada {{tanggal}}.' }]);
    const removed = ok(await lapor('badung', 'templates', 'remove', 'terima', '--yes'));
    expect(removed.out).toBe('✓ template terima at badung removed\n');
    expect(ok(await lapor('badung', 'templates', 'import', file)).out).toBe('Templates: 1 added · 0 updated · 0 unchanged\n');
    expect(ok(await lapor('badung', 'templates', 'import', file)).out).toBe('Templates: 0 added · 0 updated · 1 unchanged\n');
    // remove without --yes and without a terminal: a usage error, nothing removed
    expect((await lapor('badung', 'templates', 'remove', 'terima')).code).toBe(2);
  });
});

describe('cases respond --template and reviewed replies', () => {
  let one: Case;
  let two: Case;
  let three: Case;

  beforeAll(async () => {
    ok(await lapor('admin', 'templates', 'add', 'jadwal', '--body', 'Petugas {{instansi}} datang pada {{jadwal}} untuk laporan {{nomor}}.'));
    ok(await lapor('badung', 'institutions', 'require-review', 'badung.dinkes'));
    one = await disposedCase(ts, 'badung.dinkes', { title: 'Puskesmas tutup [e2e-tpl]' });
    two = await disposedCase(ts, 'badung.dinkes', { title: 'Obat kosong [e2e-tpl]' });
    three = await disposedCase(ts, 'badung.dinkes', { title: 'Antrean panjang [e2e-tpl]' });
  }, 120_000);

  it('a missing value or an unknown --var is refused before anything is sent, naming the case and the variable', async () => {
    const before = (await eventsOf(ts, two.trackingId)).length;
    const missing = await lapor('liaison', 'cases', 'respond', two.trackingId, '--template', 'jadwal');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`${two.trackingId}: variable {{jadwal}} has no value (give --var jadwal=…)`);
    const unknown = await lapor('liaison', 'cases', 'respond', two.trackingId, '--template', 'jadwal', '--var', 'jadwal=Senin', '--var', 'jadwl=x');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('--var jadwl: template jadwal does not use it');
    const both = await lapor('liaison', 'cases', 'respond', two.trackingId, '--template', 'jadwal', '--message', 'x');
    expect(both.code).toBe(2);
    expect((await eventsOf(ts, two.trackingId)).length).toBe(before);
  });

  it("a liaison's templated respond is a draft; the queue shows it; approval publishes it and stops the clock", async () => {
    const dry = ok(await lapor('liaison', 'cases', 'respond', one.trackingId, '--template', 'terima', '--dry-run'));
    expect(dry.err).toContain(`Laporan ${one.trackingId} (Puskesmas tutup [e2e-tpl]) diterima oleh`);
    ok(await lapor('liaison', 'cases', 'respond', one.trackingId, '--template', 'terima'));
    const drafted = await getCase(ts, one.trackingId);
    expect(drafted).toMatchObject({ status: 'disposed', firstResponseAt: null, draftBy: 'liaison.badung.dinkes' });
    expect(drafted.draftMessage).toMatch(new RegExp(`^Laporan ${one.trackingId} \\(Puskesmas tutup \\[e2e-tpl\\]\\) diterima oleh .+ pada \\d{1,2} \\w+ \\d{4}\\.$`));

    const queue = JSON.parse(ok(await lapor('badung', 'cases', 'drafts', '--format', 'json')).out) as { trackingId: string; draftMessage: string }[];
    expect(queue.map((c) => c.trackingId)).toEqual([one.trackingId]);
    expect(JSON.parse(ok(await lapor('admin', 'cases', 'drafts', '--institution', 'denpasar', '--format', 'json')).out)).toEqual([]);

    ts.clock.now = new Date(ts.clock.now.getTime() + 3600_000);
    expect((await lapor('liaison', 'cases', 'approve', one.trackingId)).code).toBe(4); // a liaison may not approve
    ok(await lapor('badung', 'cases', 'approve', one.trackingId));
    const published = await getCase(ts, one.trackingId);
    expect(published).toMatchObject({ status: 'in_progress', draftMessage: null, firstResponseAt: ts.clock.now.toISOString() });
    const events: CaseEvent[] = await eventsOf(ts, one.trackingId);
    expect(events.slice(-2).map((e) => e.action)).toEqual(['draft', 'approve']);
    expect(events.at(-1)!.note).toBe(drafted.draftMessage);
  });

  it('send-back returns a draft with a note; bulk respond and bulk approve go through plan and journal', async () => {
    ok(await lapor('liaison', 'cases', 'respond', three.trackingId, '--template', 'jadwal', '--var', 'jadwal=Senin, 14 Desember 2026'));
    expect((await getCase(ts, three.trackingId)).draftMessage).toContain('datang pada Senin, 14 Desember 2026 untuk laporan');
    ok(await lapor('badung', 'cases', 'send-back', three.trackingId, '--note', 'Sebutkan jam kunjungan'));
    expect(await getCase(ts, three.trackingId)).toMatchObject({ draftMessage: null, status: 'disposed' });

    // bulk: every disposed case of the marker, each with its own number in the text
    const bulk = ok(await lapor('liaison', 'cases', 'respond', '--where', 'status=disposed', '--where', 'q=[e2e-tpl]', '--template', 'terima', '--yes'));
    expect(bulk.out).toContain('applied');
    for (const c of [two, three]) expect((await getCase(ts, c.trackingId)).draftMessage).toContain(`Laporan ${c.trackingId} (`);
    const approved = ok(await lapor('badung', 'cases', 'approve', '--where', 'draft=pending', '--where', 'institution=badung.dinkes', '--yes', '--format', 'json'));
    expect(JSON.parse(approved.out)).toMatchObject({ applied: 2, failed: 0 });
    for (const c of [two, three]) expect(await getCase(ts, c.trackingId)).toMatchObject({ status: 'in_progress', draftAt: null });
  });
});
