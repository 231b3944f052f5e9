// Institutions named as people write them, through the built CLI (`node bin/lapor.js`) against a real API
// over the seed's reference data (#17): "Kab. Badung", "PEMKAB BADUNG" and "Kabupaten Badung" import into
// Pemerintah Kabupaten Badung with no new institution; "Kabupaten Bdung" is refused even with
// --create-missing, naming Badung; an alias file (national admins only) makes it a name, and the import then
// goes through, still creating nothing.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { getCase } from '../server/api-setup.js';
import { buildOnce, cleanUp, freshHome, runCli } from './bulk-helpers.js';

let server: TestServer;

beforeAll(async () => {
  buildOnce();
  server = await startTestServer('pglite');
}, 180_000);

afterAll(async () => {
  cleanUp();
  await server?.close();
});

async function institutionCount(): Promise<number> {
  const [r] = await server.server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM institutions');
  return r.n;
}

describe('lapor import cases with institutions as people write them', () => {
  it('imports into the right institution, refuses a near-duplicate, and learns an alias from a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lapor-e2e-names-'));
    const cases = join(dir, 'laporan.csv');
    writeFileSync(
      cases,
      [
        'Tracking ID,Tanggal Laporan Masuk,Klasifikasi Laporan,Judul Laporan,Isi Laporan Akhir,Sumber Laporan,Instansi Terdisposisi,Status Laporan',
        'E2N-1,12 Jan 2024 08:00,Pengaduan,Jalan rusak,Isi,Website,Kab. Badung,Terdisposisi',
        'E2N-2,12 Jan 2024 09:00,Pengaduan,Lampu mati,Isi,Website,PEMKAB BADUNG,Terdisposisi',
        'E2N-3,12 Jan 2024 10:00,Pengaduan,Sampah,Isi,Website,Kabupaten Badung,Terdisposisi',
        'E2N-4,12 Jan 2024 11:00,Pengaduan,Banjir,Isi,Website,Kabupaten Bdung,Terdisposisi',
        '',
      ].join('\n'),
    );
    const before = await institutionCount();
    const admin = freshHome({ LAPOR_API_URL: server.url, LAPOR_TOKEN: server.tokens.admin });

    const refused = await runCli(['--lang', 'en', 'import', 'cases', cases, '--create-missing'], admin.env);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('line 5, column Instansi Terdisposisi [E2N-4]: similar_institution (near an existing institution; not created): Kabupaten Bdung');
    expect(refused.out).toContain('"Kabupaten Bdung" may be: badung (Pemerintah Kabupaten Badung)');
    expect(refused.out).not.toContain('Institutions created');
    expect(await institutionCount()).toBe(before);

    const aliases = join(dir, 'alias.csv');
    writeFileSync(aliases, 'alias,id\nKabupaten Bdung,badung\n');
    // aliases are reference data: an institution admin may not add them (exit 4)
    const scoped = freshHome({ LAPOR_API_URL: server.url, LAPOR_TOKEN: server.tokens['admin.badung'] });
    const denied = await runCli(['--lang', 'en', 'institutions', 'aliases', 'import', aliases], scoped.env);
    expect(denied.code).toBe(4);
    const added = await runCli(['--lang', 'en', 'institutions', 'aliases', 'import', aliases], admin.env);
    expect(added.code, added.err).toBe(0);
    expect(added.out).toBe('aliases new: 1, present already: 0\n');
    const listed = await runCli(['institutions', 'aliases', 'list', '--format', 'csv'], admin.env);
    expect(listed.out).toBe('alias,targetId,createdBy\nKabupaten Bdung,badung,admin\n');

    const ok = await runCli(['--lang', 'en', 'import', 'cases', cases, '--create-missing', '--format', 'json'], admin.env);
    expect(ok.code, ok.err + ok.out).toBe(0);
    const summary = (JSON.parse(ok.out) as { summary: { created: number; createdReferences: { institutions: unknown[] } } }).summary;
    expect(summary.created).toBe(4);
    expect(summary.createdReferences.institutions).toEqual([]);
    for (const id of ['E2N-1', 'E2N-2', 'E2N-3', 'E2N-4']) expect(await getCase(server, id)).toMatchObject({ institutionId: 'badung' });
    expect(await institutionCount()).toBe(before);
  });
});
