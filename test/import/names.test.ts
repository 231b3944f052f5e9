// Institutions and categories matched as people write them in an import file (#17), on both backends
// (PGlite; PostgreSQL when DATABASE_URL is set): prefixes, case and punctuation folded into the right
// institution with no new one; --create-missing refusing a near-duplicate and naming what it is near;
// ambiguous names reported with their candidates; aliases kept as data (added, refused, removed, used by
// the import; national admins only); a dry run saying what it would create.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../src/domain/csv/wire.js';
import { BACKENDS, call, startTestServer, type TestServer } from '../helpers/server.js';
import { caseOf, countRows, lapor } from './helpers.js';

const HEADER = 'Tracking ID,Tanggal Laporan Masuk,Klasifikasi Laporan,Kategori,Judul Laporan,Isi Laporan Akhir,Sumber Laporan,Instansi Terdisposisi,Status Laporan\n';

function csvFile(rows: [id: string, category: string, institution: string][]): string {
  const dir = mkdtempSync(join(tmpdir(), 'lapor-names-'));
  const path = join(dir, 'laporan.csv');
  const quote = (s: string) => (/[",]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  writeFileSync(path, HEADER + rows.map(([id, cat, inst]) => `${id},12 Jan 2024 08:00,Pengaduan,${quote(cat)},Judul,Isi,Website,${quote(inst)},Terdisposisi\n`).join(''));
  return path;
}


function summaryOf(out: string): ImportSummary {
  return (JSON.parse(out) as { summary: ImportSummary }).summary;
}

describe.each(BACKENDS)('names as people write them, on %s', (backend) => {
  let server: TestServer;
  let institutions = 0;
  beforeAll(async () => {
    server = await startTestServer(backend);
    institutions = await countRows(server, 'institutions');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('imports "Kab. Badung", "PEMKAB BADUNG", "Kabupaten Badung" into Pemerintah Kabupaten Badung, with no new institution', async () => {
    const file = csvFile([
      ['NM-1', 'Kesehatan', 'Kab. Badung'],
      ['NM-2', 'KESEHATAN.', 'PEMKAB BADUNG'],
      ['NM-3', 'kesehatan', 'Kabupaten Badung'],
      ['NM-4', 'Health', '  Pemerintah  Kabupaten Badung '],
      // a unit of the regency stays its own institution
      ['NM-5', 'Kesehatan', 'Dinas Kesehatan Kab. Badung'],
      ['NM-6', 'Kesehatan', 'Pemkot Denpasar'],
    ]);
    const r = await lapor(server, ['import', 'cases', file, '--create-missing', '--format', 'json']);
    expect(r.code, r.err + r.out).toBe(0);
    const s = summaryOf(r.out);
    expect(s).toMatchObject({ created: 6, rejected: 0 });
    expect(s.createdReferences).toEqual({ institutions: [], categories: [], channels: [] });
    for (const id of ['NM-1', 'NM-2', 'NM-3', 'NM-4']) expect(await caseOf(server, id)).toMatchObject({ institutionId: 'badung', categoryId: 'kesehatan' });
    expect(await caseOf(server, 'NM-5')).toMatchObject({ institutionId: 'badung.dinkes' });
    expect(await caseOf(server, 'NM-6')).toMatchObject({ institutionId: 'denpasar' });
    expect(await countRows(server, 'institutions')).toBe(institutions);
  });

  it('--create-missing refuses a near-duplicate and names the institution it is near; creates only what is near nothing', async () => {
    const file = csvFile([
      ['NS-1', 'Kesehatan', 'Kabupaten Bdung'],
      ['NS-2', 'Kesehatan', 'Kabupaten Denpasar'], // Denpasar is a Kota: near it, never it
      ['NS-3', 'Kesehatn', 'Dinas Pemadam Kebakaran Kabupaten Antah'],
      ['NS-4', 'Kesehatan', 'dinkes buleleng'], // a fragment of one name: a candidate, never taken on a guess
    ]);
    const r = await lapor(server, ['import', 'cases', file, '--create-missing', '--skip-bad-rows', '--format', 'json']);
    expect(r.code, r.err + r.out).toBe(3);
    const { summary, rejects } = JSON.parse(r.out) as { summary: ImportSummary; rejects: { line: number; code: string; column: string }[] };
    expect(rejects.map((x) => [x.line, x.code])).toEqual([
      [2, 'similar_institution'],
      [3, 'similar_institution'],
      [4, 'similar_category'],
      [5, 'similar_institution'],
    ]);
    expect(summary.missing.institutions).toEqual([
      { value: 'Kabupaten Bdung', rows: 1, candidates: [{ id: 'badung', name: 'Pemerintah Kabupaten Badung' }] },
      { value: 'Kabupaten Denpasar', rows: 1, candidates: [{ id: 'denpasar', name: 'Pemerintah Kota Denpasar' }] },
      { value: 'dinkes buleleng', rows: 1, candidates: [{ id: 'buleleng.dinkes', name: 'Dinas Kesehatan Kabupaten Buleleng' }] },
    ]);
    expect(summary.missing.categories).toEqual([{ value: 'Kesehatn', rows: 1, candidates: [{ id: 'kesehatan', name: 'Kesehatan' }] }]);
    expect(summary.createdReferences.institutions).toEqual([{ id: 'imp-dinas-pemadam-kebakaran-kabupaten-antah', name: 'Dinas Pemadam Kebakaran Kabupaten Antah' }]);
    expect(await countRows(server, 'institutions', "name ILIKE '%bdung%' OR name ILIKE 'kabupaten denpasar'")).toBe(0);

    // for people: the candidates, and how to keep a confirmed one as an alias
    const text = await lapor(server, ['import', 'cases', file, '--create-missing', '--dry-run'], { lang: 'id' });
    expect(text.out).toContain('"Kabupaten Bdung" mungkin: badung (Pemerintah Kabupaten Badung)');
    expect(text.out).toContain('lapor institutions aliases add "NAMA" KODE');
  });

  it('reports an ambiguous name with its candidates', async () => {
    const file = csvFile([['NA-1', 'Kesehatan', 'Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman']]);
    const r = await lapor(server, ['import', 'cases', file, '--create-missing', '--format', 'json']);
    expect(r.code).toBe(1);
    const { summary, rejects } = JSON.parse(r.out) as { summary: ImportSummary; rejects: { code: string }[] };
    expect(rejects.map((x) => x.code)).toEqual(['ambiguous_institution']);
    expect(summary.missing.institutions[0].candidates?.map((c) => c.id)).toEqual(['jembrana.dpupr', 'tabanan.dpupr']);
    expect(summary.createdReferences.institutions).toEqual([]);
  });

  it('a dry run says what it would create, never "Institutions created"', async () => {
    const file = csvFile([['ND-1', 'Kategori Baru Sekali', 'Badan Riset Daerah Kabupaten Antah']]);
    const r = await lapor(server, ['import', 'cases', file, '--create-missing', '--dry-run']);
    expect(r.code, r.err + r.out).toBe(0);
    expect(r.out).not.toContain('Institutions created');
    expect(r.out).not.toContain('Categories created');
    expect(r.out).toContain('Institutions that would be created (if saved): imp-badan-riset-daerah-kabupaten-antah ("Badan Riset Daerah Kabupaten Antah")');
    expect(r.out).toContain('Categories that would be created (if saved): imp-kategori-baru-sekali ("Kategori Baru Sekali")');
    expect(await countRows(server, 'institutions', "id = 'imp-badan-riset-daerah-kabupaten-antah'")).toBe(0);
    const saved = await lapor(server, ['import', 'cases', file, '--create-missing']);
    expect(saved.out).toContain('Institutions created: imp-badan-riset-daerah-kabupaten-antah');
  });

  it('keeps aliases as data: a confirmed name imports into its institution; refusals name the rule', async () => {
    const admin = server.tokens.admin;
    const add = (items: { alias: string; targetId: string }[], token = admin, kind = 'institutions') => call(server.url, 'POST', `/v1/aliases/${kind}`, { token, body: { items } });

    // who may: national admins add and remove, every token reads
    const denied = await add([{ alias: 'Kabupaten Bdung', targetId: 'badung' }], server.tokens['admin.badung']);
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ reason: 'role-may-not-request' });
    expect((await add([{ alias: 'Kabupaten Bdung', targetId: 'badung' }], server.tokens.stat)).status).toBe(403);

    const ok = await add([
      { alias: 'Kabupaten Bdung', targetId: 'badung' },
      { alias: 'Kantor Bupati Badung', targetId: 'badung' },
    ]);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.body).toEqual({ items: [
      { alias: 'Kabupaten Bdung', targetId: 'badung', outcome: 'created' },
      { alias: 'Kantor Bupati Badung', targetId: 'badung', outcome: 'created' },
    ] });
    // the same alias in another spelling is the same alias: unchanged
    expect((await add([{ alias: 'KABUPATEN  BDUNG.', targetId: 'badung' }])).body).toMatchObject({ items: [{ outcome: 'unchanged' }] });

    // an alias never takes a name of another institution (its name, its distinctive words, its alias)
    const taken = await add([{ alias: 'Pemkab Badung', targetId: 'badung.dinkes' }]);
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ reason: 'alias-names-other', params: { alias: 'Pemkab Badung', targetId: 'badung' } });
    const aliasTaken = await add([{ alias: 'kantor bupati badung', targetId: 'tabanan' }]);
    expect(aliasTaken.body).toMatchObject({ reason: 'alias-names-other', params: { targetId: 'badung' } });
    const unknown = await add([{ alias: 'Dinas Antah', targetId: 'tidak-ada' }]);
    expect(unknown.status).toBe(422);
    expect(unknown.body).toMatchObject({ reason: 'alias-target-unknown', params: { alias: 'Dinas Antah', targetId: 'tidak-ada' } });
    // all or nothing: the good item of a refused batch is not kept
    expect((await add([{ alias: 'Bupati Tabanan', targetId: 'tabanan' }, { alias: 'x', targetId: 'tidak-ada' }])).status).toBe(422);

    const list = await call<{ items: { alias: string; targetId: string; createdBy: string }[] }>(server.url, 'GET', '/v1/aliases/institutions', { token: server.tokens.stat });
    expect(list.status).toBe(200);
    expect(list.body.items.map((a) => [a.alias, a.targetId, a.createdBy])).toEqual([
      ['Kabupaten Bdung', 'badung', 'admin'],
      ['Kantor Bupati Badung', 'badung', 'admin'],
    ]);

    // the import takes the aliases: the near name refused before now imports, with nothing created
    const file = csvFile([
      ['NL-1', 'Kesehatan', 'Kabupaten Bdung'],
      ['NL-2', 'Kesehatan', 'KANTOR BUPATI BADUNG'],
    ]);
    const r = await lapor(server, ['import', 'cases', file, '--create-missing', '--format', 'json']);
    expect(r.code, r.out).toBe(0);
    expect(summaryOf(r.out).createdReferences.institutions).toEqual([]);
    expect(await caseOf(server, 'NL-1')).toMatchObject({ institutionId: 'badung' });
    expect(await caseOf(server, 'NL-2')).toMatchObject({ institutionId: 'badung' });

    // categories too
    expect((await add([{ alias: 'Layanan Kesehatan', targetId: 'kesehatan' }], admin, 'categories')).status).toBe(200);
    const cat = csvFile([['NL-3', 'LAYANAN KESEHATAN', 'badung']]);
    expect((await lapor(server, ['import', 'cases', cat])).code).toBe(0);
    expect(await caseOf(server, 'NL-3')).toMatchObject({ categoryId: 'kesehatan' });

    // removal, in any spelling; national admins only
    expect((await call(server.url, 'DELETE', `/v1/aliases/institutions/${encodeURIComponent('kantor bupati badung')}`, { token: server.tokens['admin.badung'] })).status).toBe(403);
    const removed = await call(server.url, 'DELETE', `/v1/aliases/institutions/${encodeURIComponent('kantor bupati badung')}`, { token: admin });
    expect(removed.body).toEqual({ alias: 'Kantor Bupati Badung', targetId: 'badung' });
    const again = await call(server.url, 'DELETE', `/v1/aliases/institutions/${encodeURIComponent('Kantor Bupati Badung')}`, { token: admin });
    expect(again.status).toBe(404);
    expect(again.body).toMatchObject({ reason: 'alias-not-found', params: { alias: 'Kantor Bupati Badung' } });
  });

  it('on a terminal, asks which institution a near name is and keeps the confirmed answer as an alias', async () => {
    const before = await countRows(server, 'institutions');
    const file = csvFile([
      ['NT-1', 'Kesehatan', 'Kabupaten Tabnan'],
      ['NT-2', 'Kesehatan', 'Pemkab Tabanann'],
    ]);
    const r = await lapor(server, ['import', 'cases', file, '--create-missing'], {
      tty: true,
      answers: [
        { message: '"Kabupaten Tabnan" (1 rows): which institution is it?', select: 'tabanan' },
        { message: '"Pemkab Tabanann" (1 rows): which institution is it?', select: 'tabanan' },
      ],
    });
    expect(r.code, r.err + r.out).toBe(1);
    expect(r.err).toContain('2 aliases saved; run the import again to use them');
    expect(await countRows(server, 'institutions')).toBe(before);
    const again = await lapor(server, ['import', 'cases', file, '--create-missing', '--format', 'json']);
    expect(again.code, again.out).toBe(0);
    expect(await caseOf(server, 'NT-1')).toMatchObject({ institutionId: 'tabanan' });
    expect(await caseOf(server, 'NT-2')).toMatchObject({ institutionId: 'tabanan' });
    expect(await countRows(server, 'institutions')).toBe(before);
  });

  it('lapor institutions aliases add names the target by code or name; remove says where to look when there is none', async () => {
    const add = await lapor(server, ['institutions', 'aliases', 'add', 'Bupati Gianyar', 'Pemkab Gianyar']);
    expect(add.code, add.err).toBe(0);
    expect(add.out).toBe('alias "Bupati Gianyar" → gianyar (Pemerintah Kabupaten Gianyar) saved\n');
    const again = await lapor(server, ['institutions', 'aliases', 'add', 'BUPATI GIANYAR', 'gianyar']);
    expect(again.out).toBe('alias "BUPATI GIANYAR" → gianyar (Pemerintah Kabupaten Gianyar) was there already\n');
    const taken = await lapor(server, ['institutions', 'aliases', 'add', 'Kabupaten Gianyar', 'gianyar.dinkes'], { lang: 'id' });
    expect(taken.code).toBe(1);
    expect(taken.err).toContain('"Kabupaten Gianyar" sudah menamai gianyar; tidak bisa menjadi alias yang lain');
    const removed = await lapor(server, ['institutions', 'aliases', 'remove', 'bupati gianyar']);
    expect(removed.out).toBe('alias "Bupati Gianyar" → gianyar removed\n');
    const none = await lapor(server, ['institutions', 'aliases', 'remove', 'bupati gianyar']);
    expect(none.code).toBe(1);
    expect(none.err).toBe('error: no alias "bupati gianyar"\nhint: see `lapor institutions aliases list`\n');
  });
});
