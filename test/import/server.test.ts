// The import API and CLI on both backends (PGlite; PostgreSQL when DATABASE_URL is set): the official-layout
// sample end to end (deadlines from the domain clocks, one hash-chained `import` event per case), idempotent
// re-runs, --update, --create-missing (and the server's caches refreshed), reference-data imports, and the
// upload protocol's refusals (cut-short upload, wrong media type, roles).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeDeadlines } from '../../src/domain/clocks.js';
import { IMPORT_FIELDS } from '../../src/domain/csv/rules.js';
import { verifyChain } from '../../src/domain/events.js';
import type { CaseEvent } from '../../src/domain/types.js';
import { BACKENDS, call, startTestServer, type TestServer } from '../helpers/server.js';
import { caseOf, countRows, CSV_DIR, lapor, tmpFile } from './helpers.js';

const OFFICIAL = join(CSV_DIR, 'official-sample.csv');
const OFFICIAL_IDS = ['LPR-2023-0806-001', 'LPR-2023-0806-002', 'LPR-2023-0807-003', 'LPR-2023-0808-004', 'LPR-2023-0809-005', 'LPR-2023-0810-006'];



async function eventsOf(server: TestServer, id: string): Promise<CaseEvent[]> {
  const res = await call<{ items: CaseEvent[] }>(server.url, 'GET', `/v1/cases/${id}/events`, { token: server.tokens.admin });
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}

async function upload(server: TestServer, path: string, body: string, token = server.tokens.admin, contentType = 'application/x-ndjson') {
  return call(server.url, 'POST', path, { token, rawBody: body, headers: { 'content-type': contentType } });
}

describe.each(BACKENDS)('import on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    // small segments: the 12,000-row import below is read and copied in 30 parts
    server = await startTestServer(backend, { importSegmentRows: 400 });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('imports the official-layout sample: fields, deadlines from the clocks, one chained import event each', async () => {
    const r = await lapor(server, ['import', 'cases', OFFICIAL]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain('official LAPOR! export layout, delimiter ",", header on line 6');
    const c1 = await caseOf(server, 'LPR-2023-0806-001');
    expect(c1).toMatchObject({
      classification: 'complaint',
      categoryId: 'kesehatan',
      institutionId: 'badung.dinkes',
      channel: 'web',
      status: 'completed',
      closedBy: 'system',
      anonymous: false,
      confidential: false,
      province: 'Bali',
      regency: 'Kabupaten Badung',
      district: 'Mengwi',
      submittedAt: '2023-08-06T01:12:00.000Z', // 09:12 WITA
      closedAt: '2023-08-28T02:00:00.000Z',
      version: 1,
    });
    const c2 = await caseOf(server, 'LPR-2023-0806-002');
    expect(c2).toMatchObject({ classification: 'aspiration', status: 'in_progress', institutionId: 'bali.disdikpora', channel: 'mobile', anonymous: true });
    expect(c2.body).toBe('Mohon ditambah rute bus sekolah gratis ke Kecamatan Kuta Selatan;\nbanyak siswa berjalan kaki jauh.');
    expect(await caseOf(server, 'LPR-2023-0807-003')).toMatchObject({ classification: 'information_request', confidential: true, anonymous: false, categoryId: 'administrasi-kependudukan', channel: 'sms_1708', submittedAt: '2023-08-06T16:00:00.000Z' });
    expect(await caseOf(server, 'LPR-2023-0808-004')).toMatchObject({ anonymous: true, confidential: true, institutionId: null, status: 'submitted' });
    expect(await caseOf(server, 'LPR-2023-0810-006')).toMatchObject({ status: 'archived' });
    const settings = server.server.store.options.settings;
    for (const id of OFFICIAL_IDS) {
      const c = await caseOf(server, id);
      expect({ verifyDueAt: c.verifyDueAt, responseDueAt: c.responseDueAt, completionDueAt: c.completionDueAt }).toEqual(
        computeDeadlines(c, settings, server.server.store.calendar),
      );
      const events = await eventsOf(server, id);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ seq: 1, action: 'import', fromStatus: null, toStatus: c.status, toInstitution: c.institutionId, actor: 'admin', note: 'imported from official-sample.csv' });
      const [head] = await server.server.db.query<{ last_event_hash: string; version: number }>('SELECT last_event_hash, version FROM cases WHERE tracking_id = $1', [id]);
      expect(verifyChain(id, events, { hash: head.last_event_hash, version: head.version })).toBeNull();
    }
  });

  it('is idempotent: the same file again changes nothing and says so', async () => {
    const events = await countRows(server, 'case_events');
    const r = await lapor(server, ['import', 'cases', OFFICIAL, '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).summary).toMatchObject({ applied: true, records: 6, created: 0, unchanged: 6, differing: 0, updated: 0, rejected: 0 });
    expect(await countRows(server, 'case_events')).toBe(events);
  });

  it('leaves a differing case alone, and overwrites it with --update (one more chained event)', async () => {
    const changed = tmpFile('official-changed.csv', readFileSync(OFFICIAL, 'utf8').replace('Obat di puskesmas kosong', 'Obat hipertensi di puskesmas kosong'));
    const r1 = await lapor(server, ['import', 'cases', changed, '--format', 'json']);
    expect(r1.code, r1.err).toBe(0);
    expect(JSON.parse(r1.out).summary).toMatchObject({ created: 0, unchanged: 5, differing: 1, updated: 0 });
    expect((await caseOf(server, 'LPR-2023-0809-005')).title).toBe('Obat di puskesmas kosong');

    const r2 = await lapor(server, ['import', 'cases', changed, '--update', '--format', 'json']);
    expect(r2.code, r2.err).toBe(0);
    expect(JSON.parse(r2.out).summary).toMatchObject({ created: 0, unchanged: 5, differing: 0, updated: 1 });
    const c = await caseOf(server, 'LPR-2023-0809-005');
    expect(c).toMatchObject({ title: 'Obat hipertensi di puskesmas kosong', version: 2 });
    const events = await eventsOf(server, 'LPR-2023-0809-005');
    expect(events.map((e) => [e.seq, e.action, e.fromStatus, e.toStatus])).toEqual([
      [1, 'import', null, 'postponed'],
      [2, 'import', 'postponed', 'postponed'],
    ]);
    const [head] = await server.server.db.query<{ last_event_hash: string; version: number }>('SELECT last_event_hash, version FROM cases WHERE tracking_id = $1', ['LPR-2023-0809-005']);
    expect(verifyChain('LPR-2023-0809-005', events, { hash: head.last_event_hash, version: head.version })).toBeNull();
  });

  it('leaves every hash chain whole for the audit (GET /v1/audit/verify), updates included', async () => {
    const res = await call<{ casesChecked: number; problems: unknown[] }>(server.url, 'GET', '/v1/audit/verify?limit=1000', { token: server.tokens.admin });
    expect(res.status, res.text).toBe(200);
    expect(res.body.casesChecked).toBeGreaterThanOrEqual(OFFICIAL_IDS.length);
    expect(res.body.problems).toEqual([]);
  });

  it('imports 12,000 rows: an existing case in the middle found unchanged, repeats near and far rejected, nothing kept in strict mode', async () => {
    // every hundredth row names its reporter; the segments holding the repeats and the existing case are staged
    // and moved rather than copied, and their reporters must follow their own rows
    const row = (id: string, status = 'submitted', reporter = '') =>
      `${id},complaint,Jalan rusak ${id},Mohon diperbaiki,web,${status},2024-03-04T01:02:03.000Z,${reporter}\n`;
    const header = 'trackingId,classification,title,body,channel,status,submittedAt,reporterName\n';
    const id = (i: number) => `CHUNK-${String(i).padStart(5, '0')}`;
    const existing = await lapor(server, ['import', 'cases', tmpFile('one.csv', header + row(id(7777)))]);
    expect(existing.code, existing.err).toBe(0);
    let text = header;
    for (let i = 0; i < 12_000; i += 1) {
      text += row(id(i), 'submitted', i % 100 === 0 ? `Warga ${i}` : '');
      if (i === 2) text += row(id(1)); // line 5: a repeat close by (in the same segment)
    }
    text += row(id(0)); // line 12003: the first row again, far away
    text += row(id(12_000), 'bogus'); // line 12004
    const file = tmpFile('chunks.csv', text);
    const cases = () => countRows(server, 'cases', "tracking_id LIKE 'CHUNK-%'");
    const events = () => countRows(server, 'case_events', "tracking_id LIKE 'CHUNK-%'");
    const counts = { records: 12_003, rejected: 3, created: 11_999, unchanged: 1 };

    const dry = await lapor(server, ['import', 'cases', file, '--dry-run', '--format', 'json']);
    expect(dry.code, dry.err).toBe(1);
    expect(JSON.parse(dry.out).summary).toMatchObject({ applied: false, dryRun: true, ...counts });
    const strict = await lapor(server, ['import', 'cases', file, '--format', 'json']);
    expect(strict.code, strict.err).toBe(1);
    expect(JSON.parse(strict.out).summary).toMatchObject({ applied: false, ...counts });
    expect([await cases(), await events()]).toEqual([1, 1]);

    const skip = await lapor(server, ['import', 'cases', file, '--skip-bad-rows', '--rejects', join(existing.home, 'rejects.csv'), '--format', 'json']);
    expect(skip.code, skip.err).toBe(3);
    expect(JSON.parse(skip.out).summary).toMatchObject({ applied: true, ...counts });
    expect(readFileSync(join(existing.home, 'rejects.csv'), 'utf8').split('\n').slice(1)).toEqual([
      `${row(id(1)).trim()},duplicate_in_file:trackingId`,
      `${row(id(0)).trim()},duplicate_in_file:trackingId`,
      `${row(id(12_000), 'bogus').trim()},invalid_value:status`,
      '',
    ]);
    expect([await cases(), await events()]).toEqual([12_000, 12_000]);
    expect(await countRows(server, 'case_events', "tracking_id LIKE 'CHUNK-%' AND seq = 1 AND action = 'import'")).toBe(12_000);
    expect(await countRows(server, 'reporters', "tracking_id LIKE 'CHUNK-%'")).toBe(120);
    for (const i of [0, 200, 7800, 11_900]) {
      expect(await countRows(server, 'reporters', `tracking_id = '${id(i)}' AND name = 'Warga ${i}'`), id(i)).toBe(1);
    }
  });

  it('reports unknown institutions, and creates them with --create-missing (the server sees them at once)', async () => {
    const file = tmpFile(
      'new-opd.csv',
      'Tracking ID,Tanggal Laporan Masuk,Klasifikasi Laporan,Judul Laporan,Isi Laporan Akhir,Sumber Laporan,Instansi Terdisposisi,Status Laporan\n' +
        'NEW-1,12 Jan 2024 08:00,Pengaduan,Judul,Isi,Website,Dinas Pemadam Kebakaran Kabupaten Badung,Terdisposisi\n' +
        'NEW-2,12 Jan 2024 09:00,Pengaduan,Judul,Isi,Website,Dinas Pemadam Kebakaran Kabupaten Badung,Terdisposisi\n',
    );
    const r1 = await lapor(server, ['import', 'cases', file]);
    expect(r1.code).toBe(1);
    expect(r1.out).toContain('Unknown institutions: "Dinas Pemadam Kebakaran Kabupaten Badung" (2)');
    expect(await countRows(server, 'cases', "tracking_id LIKE 'NEW-%'")).toBe(0);

    const r2 = await lapor(server, ['import', 'cases', file, '--create-missing', '--format', 'json']);
    expect(r2.code, r2.err).toBe(0);
    const summary = JSON.parse(r2.out).summary;
    expect(summary.createdReferences.institutions).toEqual([{ id: 'imp-dinas-pemadam-kebakaran-kabupaten-badung', name: 'Dinas Pemadam Kebakaran Kabupaten Badung' }]);
    expect(summary.created).toBe(2);
    expect(await caseOf(server, 'NEW-1')).toMatchObject({ institutionId: 'imp-dinas-pemadam-kebakaran-kabupaten-badung', status: 'disposed' });
    // the server's reference cache was refreshed: intake accepts the new institution
    const intake = await call(server.url, 'POST', '/v1/cases', {
      token: server.tokens.admin,
      body: { trackingId: 'NEW-3', classification: 'complaint', title: 'Judul', body: 'Isi', channel: 'web', institutionId: 'imp-dinas-pemadam-kebakaran-kabupaten-badung' },
    });
    expect(intake.status, intake.text).toBe(201);
  });

  it('imports reference data: institutions, categories and the calendar (used by the clocks at once)', async () => {
    const inst = tmpFile('instansi.csv', 'kode,induk,nama,tingkat,aktif\nbadung.bpbd,badung,Badan Penanggulangan Bencana Daerah Kabupaten Badung,OPD,ya\n');
    const r1 = await lapor(server, ['import', 'institutions', inst, '--format', 'json']);
    expect(r1.code, r1.err).toBe(0);
    expect(JSON.parse(r1.out).summary).toMatchObject({ kind: 'institutions', created: 1, applied: true });
    const [row] = await server.server.db.query<{ path: string; level: string }>("SELECT path, level FROM institutions WHERE id = 'badung.bpbd'");
    expect(row).toEqual({ path: '/national/bali/badung/badung.bpbd/', level: 'unit' });
    const again = await lapor(server, ['import', 'institutions', inst, '--format', 'json']);
    expect(JSON.parse(again.out).summary).toMatchObject({ created: 0, unchanged: 1 });

    const cats = tmpFile('kategori.csv', 'id,parentId,name,nameEn,institutionHint\nkesehatan.vaksin,kesehatan,Vaksinasi,Vaccination,bali.dinkes\nx.y,tidak-ada,Salah,,\n');
    const r2 = await lapor(server, ['import', 'categories', cats, '--format', 'ndjson']);
    expect(r2.code).toBe(1);
    expect(r2.out).toContain('{"reject":{"line":3,"trackingId":"x.y","code":"unknown_category","column":"parentId","detail":"tidak-ada"}}');
    expect(await countRows(server, 'categories', "id = 'kesehatan.vaksin'")).toBe(0);

    // a holiday on Tuesday 16 January 2024 moves the verify deadline of a case submitted on Monday the 15th
    const cal = tmpFile('libur.csv', 'tanggal;jenis;nama\n16 Januari 2024;libur nasional;Hari libur uji\n');
    const r3 = await lapor(server, ['import', 'calendar', cal]);
    expect(r3.code, r3.err).toBe(0);
    const cases = tmpFile('after-holiday.csv', 'trackingId,classification,title,body,channel,status,submittedAt\nHOL-1,complaint,Judul,Isi,web,submitted,2024-01-15T02:00:00.000Z\n');
    expect((await lapor(server, ['import', 'cases', cases])).code).toBe(0);
    expect((await caseOf(server, 'HOL-1')).verifyDueAt).toBe('2024-01-19T15:59:59.999Z');
  });

  it('keeps nothing from an upload cut short, and refuses wrong media types and roles', async () => {
    const before = await countRows(server, 'cases');
    const header = `${JSON.stringify({ v: 1, fields: IMPORT_FIELDS })}\n`;
    const given: Record<string, string | boolean> = { trackingId: 'CUT-1', classification: 'complaint', title: 'Judul', body: 'Isi', channel: 'web', anonymous: false, confidential: false, status: 'submitted', submittedAt: '2024-01-15T02:00:00.000Z' };
    const row = JSON.stringify([2, ...IMPORT_FIELDS.map((field) => given[field] ?? null)]);
    const cut = await upload(server, '/v1/imports/cases', `${header}${row}\n`);
    expect(cut.status).toBe(400);
    expect(cut.text).toContain('the upload ended before its end line');
    const lying = await upload(server, '/v1/imports/cases', `${header}${row}\n{"end":{"records":2,"rejected":0}}\n`);
    expect(lying.status).toBe(400);
    const ok = await upload(server, '/v1/imports/cases?dryRun=true', `${header}${row}\n{"end":{"records":1,"rejected":0}}\n`);
    expect(ok.status, ok.text).toBe(200);
    expect(ok.text.trim().split('\n').map((l) => JSON.parse(l))).toEqual([
      { summary: expect.objectContaining({ dryRun: true, applied: false, created: 1, rejected: 0 }) },
    ]);
    expect((await upload(server, '/v1/imports/cases', '{}', server.tokens.admin, 'application/json')).status).toBe(415);
    expect((await upload(server, '/v1/imports/cases', header, server.tokens['admin.badung'])).status).toBe(403);
    expect((await upload(server, '/v1/imports/cases', header, server.tokens.stat)).status).toBe(403);
    expect((await upload(server, '/v1/imports/cases', 'not json\n')).status).toBe(400);
    expect(await countRows(server, 'cases')).toBe(before);
    // the staging tables of every import above (committed, rolled back, refused) are gone
    expect(await countRows(server, 'pg_tables', "tablename LIKE 'import_stage_%'")).toBe(0);
  });
});
