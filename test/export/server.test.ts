// GET /v1/exports/cases on a real server, on PGlite (keyset pages) and PostgreSQL (COPY TO): profiles × roles
// (a statistician never receives free text or personal data), scope, confidential reduction, formula
// neutralisation (also full-width), numbers unquoted, dialect bytes (BOM, `;`, CRLF), empty result = header
// only, the row-count trailer, the pii audit record and its tamper evidence. Both backends must produce the
// same bytes: they are checked against the same golden files in fixtures/csv/export/.

import { parse } from 'csv-parse/sync';
import { resolve } from 'node:path';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Case } from '../../src/domain/types.js';
import { exportColumns } from '../../src/domain/export.js';
import { pagedRecords, planExport, type RowCounter } from '../../src/server/export.js';
import { readAudit, verifyAuditLog } from '../../src/server/exportAudit.js';
import { seedCases } from '../../src/server/seed/load.js';
import { BACKENDS, call, startTestServer, type TestServer } from '../helpers/server.js';

const GOLDEN = resolve(import.meta.dirname, '../../fixtures/csv/export');

interface ExportResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: Buffer;
  text: string;
  trailers: Record<string, string | string[] | undefined>;
}

const STRUCTURED = exportColumns('statistical').map((c) => c.name);

describe.each(BACKENDS)('GET /v1/exports/cases (%s)', (backend) => {
  let ts: TestServer;

  async function exportCsv(token: string, query: Record<string, string | number> = {}): Promise<ExportResponse> {
    const qs = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
    const res = await request(`${ts.url}/v1/exports/cases${qs ? `?${qs}` : ''}`, { headers: { authorization: `Bearer ${token}` } });
    const chunks: Buffer[] = [];
    for await (const chunk of res.body) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    return { status: res.statusCode, headers: res.headers, bytes, text: bytes.toString('utf8'), trailers: res.trailers };
  }

  function records(text: string, delimiter = ','): Record<string, string>[] {
    return parse(text.replace(/^\uFEFF/, ''), { columns: true, delimiter, record_delimiter: '\r\n' }) as Record<string, string>[];
  }

  async function intake(body: Record<string, unknown>): Promise<void> {
    const res = await call(ts.url, 'POST', '/v1/cases', { token: ts.tokens.admin, body: { classification: 'complaint', body: 'Isi laporan', channel: 'web', ...body } });
    expect(res.status, res.text).toBe(201);
  }

  async function act(id: string, body: Record<string, unknown>): Promise<void> {
    const c = await call<Case>(ts.url, 'GET', `/v1/cases/${id}`, { token: ts.tokens.admin });
    const res = await call(ts.url, 'POST', `/v1/cases/${id}/actions`, { token: ts.tokens.admin, body, headers: { 'if-match': `"${c.body.version}"` } });
    expect(res.status, res.text).toBe(200);
  }

  beforeAll(async () => {
    ts = await startTestServer(backend, { now: new Date('2024-03-04T02:00:00Z') });
    await intake({
      trackingId: 'EX-1',
      submittedAt: '2024-01-15T01:00:00.000Z',
      categoryId: 'kesehatan',
      title: '=SUM(A1:A2)',
      body: 'Antrean, panjang; "sekali"\nbaris kedua',
      incidentDate: '2024-01-10',
      province: 'Bali',
      regency: 'Badung',
      district: 'Kuta',
      village: '＝Legian',
      regionCode: '51.03.01',
      institutionId: 'badung.dinkes',
      reporter: { name: '＠Budi', contact: '+62 812 3456 7890', nik: '5171010101010001' },
    });
    await intake({
      trackingId: 'EX-2',
      submittedAt: '2024-01-16T01:00:00.000Z',
      classification: 'aspiration',
      title: 'Rahasia: pungli di loket',
      body: 'rahasia sekali',
      province: '',
      district: 'Mengwi',
      village: 'Abianbase',
      regionCode: '51.03.02',
      confidential: true,
      institutionId: 'badung.dinkes',
      reporter: { name: 'Pelapor Rahasia', contact: 'rahasia@example.invalid', nik: null },
    });
    await intake({
      trackingId: 'EX-3',
      submittedAt: '2024-02-01T03:00:00.000Z',
      classification: 'information_request',
      title: '＋62 nomor layanan',
      body: '@admin tolong',
      channel: 'mobile',
      anonymous: true,
      institutionId: 'denpasar.dinkes',
      reporter: { name: 'Anonim Asli', contact: '-', nik: null },
    });
    await intake({
      trackingId: 'EX-4',
      submittedAt: '2024-02-10T00:00:00.000Z',
      title: '\tTab di depan', // kept as sent: the export escapes the leading tab
      channel: 'sms_1708',
      province: '\nBali',
      regency: '\tBadung',
      district: '-Kelod',
      village: 'Desa, Koma; Titik',
    });
    await intake({ trackingId: 'EX-5', submittedAt: '2023-12-31T16:30:00.000Z', title: 'Tahun baru (00:30 WITA)', institutionId: 'badung' });
    await intake({ trackingId: 'EX-6', submittedAt: '2023-12-31T15:59:59.999Z', title: 'Akhir tahun (23:59 WITA)', institutionId: 'badung' });
    await act('EX-1', { action: 'dispose', institutionId: 'badung.dinkes' });
    ts.clock.now = new Date('2024-03-05T02:00:00Z');
    await act('EX-1', { action: 'respond', message: 'Sudah ditindaklanjuti.' });
    ts.clock.now = new Date('2024-03-06T02:00:00Z');
    await act('EX-1', { action: 'close' });
    await act('EX-3', { action: 'archive', reason: 'duplicate' });
    await ts.server.db.query(`UPDATE cases SET rating = 5 WHERE tracking_id = 'EX-1'`);
  });

  afterAll(async () => {
    await ts?.close();
  });

  test('statistical (default): structured columns only, CRLF, no BOM, golden bytes', async () => {
    const r = await exportCsv(ts.tokens.admin);
    expect(r.status, r.text).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(r.headers['x-export-profile']).toBe('statistical');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['content-disposition']).toBe('attachment; filename="lapor-cases-statistical-all.csv"');
    expect(r.trailers['x-export-rows']).toBe('6');
    expect(r.bytes[0]).not.toBe(0xef);
    expect(r.text.split('\r\n')[0]).toBe(STRUCTURED.join(','));
    // every record ends in CRLF, and no LF stands alone (statistical rows hold no free text with newlines)
    expect(r.text.endsWith('\r\n')).toBe(true);
    expect(r.text.replace(/\r\n/g, '').replace('"\'\nBali"', '')).not.toMatch(/[\r\n]/);
    expect(r.text).toContain(',"\'\nBali",\'\tBadung,\'-Kelod,"Desa, Koma; Titik",'); // LF inside a quoted field stays LF
    for (const secret of ['SUM', 'Antrean', 'Rahasia', 'pungli', 'Budi', '3456', '5171010101010001', 'nomor layanan', '@admin', 'Tab di depan']) {
      expect(r.text).not.toContain(secret);
    }
    await expect(r.text).toMatchFileSnapshot(`${GOLDEN}/statistical-rfc4180-name.csv`);
  });

  test('order, confidential reduction, formula neutralisation, numbers and booleans', async () => {
    const rows = records((await exportCsv(ts.tokens.admin)).text);
    expect(rows.map((r) => r.trackingId)).toEqual(['EX-6', 'EX-5', 'EX-1', 'EX-2', 'EX-3', 'EX-4']);
    const byId = Object.fromEntries(rows.map((r) => [r.trackingId, r]));
    // confidential: fine location removed; the rest of the structured fields stay
    expect(byId['EX-2']).toMatchObject({ district: '', village: '', regionCode: '', confidential: 'true', classification: 'aspiration', institutionId: 'badung.dinkes' });
    expect(byId['EX-1']).toMatchObject({ district: 'Kuta', village: "'＝Legian", regionCode: '51.03.01', rating: '5', status: 'completed', closedBy: 'admin' });
    expect(byId['EX-4']).toMatchObject({ province: "'\nBali", regency: "'\tBadung", district: "'-Kelod", village: 'Desa, Koma; Titik', institutionId: '' });
    expect(byId['EX-1']).toMatchObject({
      incidentDate: '2024-01-10',
      submittedAt: '2024-01-15T01:00:00.000Z',
      verifiedAt: '2024-03-04T02:00:00.000Z',
      firstResponseAt: '2024-03-05T02:00:00.000Z',
      closedAt: '2024-03-06T02:00:00.000Z',
      anonymous: 'false',
    });
    expect(byId['EX-3']).toMatchObject({ anonymous: 'true', archiveReason: 'duplicate', status: 'archived' });
    const raw = (await exportCsv(ts.tokens.admin)).text;
    expect(raw).toContain(',5,2024-01-15T01:00:00.000Z,'); // the rating is a bare number, not quoted or prefixed
    expect(raw).toContain(`,"",`); // EX-2's empty province (an empty text, not a missing value) is ""
  });

  test('full: title and body, neutralised (ASCII and full-width), quoted newlines kept inside the field', async () => {
    const r = await exportCsv(ts.tokens.admin, { profile: 'full', header: 'name' });
    expect(r.status, r.text).toBe(200);
    const rows = records(r.text);
    const byId = Object.fromEntries(rows.map((x) => [x.trackingId, x]));
    expect(byId['EX-1'].title).toBe("'=SUM(A1:A2)");
    expect(byId['EX-1'].body).toBe('Antrean, panjang; "sekali"\nbaris kedua');
    expect(byId['EX-3'].title).toBe("'＋62 nomor layanan");
    expect(byId['EX-3'].body).toBe("'@admin tolong");
    expect(byId['EX-4'].title).toBe("'\tTab di depan");
    expect(byId['EX-2'].title).toBe('Rahasia: pungli di loket'); // admins are in the handling chain
    expect(byId['EX-2'].district).toBe('Mengwi');
    expect(Object.keys(rows[0])).not.toContain('reporterName');
    expect(r.text).toContain('"Antrean, panjang; ""sekali""\nbaris kedua"'); // LF inside quotes stays LF
    await expect(r.text).toMatchFileSnapshot(`${GOLDEN}/full-rfc4180-name.csv`);
  });

  test('excel-id: UTF-8 BOM, semicolons, CRLF, Indonesian headers; every text quoted (`,` and `;` alike), number-like texts escaped', async () => {
    const r = await exportCsv(ts.tokens.admin, { dialect: 'excel-id', header: 'id' });
    expect(r.status, r.text).toBe(200);
    expect([...r.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = r.text.slice(1).split('\r\n');
    expect(lines[0]).toBe(exportColumns('statistical').map((c) => c.id).join(';'));
    expect(r.text).toContain(';"Desa, Koma; Titik";');
    expect(lines[0]).not.toContain(',');
    expect(r.text).toContain(';"\'\nBali";"\'\tBadung";"\'-Kelod";"Desa, Koma; Titik";');
    // integers, booleans, dates and instants are not quoted; no text is left unquoted
    expect(lines[1]).toMatch(/;(true|false);(true|false);/);
    const rows = records(r.text, ';');
    expect(rows.find((x) => x['ID Pelacakan'] === 'EX-4')?.['Desa/Kelurahan']).toBe('Desa, Koma; Titik');
    await expect(r.text).toMatchFileSnapshot(`${GOLDEN}/statistical-excel-id-id.csv`);
  });

  test('English headers', async () => {
    const r = await exportCsv(ts.tokens.admin, { header: 'en', year: 2023 });
    expect(r.text).toBe(
      `${exportColumns('statistical').map((c) => c.en).join(',')}\r\n` +
        'EX-6,complaint,,,,,,,,web,false,false,badung,submitted,,,,2023-12-31T15:59:59.999Z,,,,,,\r\n',
    );
  });

  test('year, from/to in local time (WITA), filters; an empty result is the header only', async () => {
    const ids = async (q: Record<string, string | number>, token = ts.tokens.admin) => {
      const r = await exportCsv(token, q);
      expect(r.status, r.text).toBe(200);
      return records(r.text).map((x) => x.trackingId);
    };
    expect(await ids({ year: 2023 })).toEqual(['EX-6']);
    expect(await ids({ year: 2024 })).toEqual(['EX-5', 'EX-1', 'EX-2', 'EX-3', 'EX-4']);
    expect(await ids({ from: '2024-01-01', to: '2024-01-15' })).toEqual(['EX-5', 'EX-1']);
    expect(await ids({ institution: 'badung' })).toEqual(['EX-6', 'EX-5', 'EX-1', 'EX-2']);
    expect(await ids({ status: 'archived,completed' })).toEqual(['EX-1', 'EX-3']);
    expect(await ids({ classification: 'aspiration' })).toEqual(['EX-2']);
    expect(await ids({ channel: 'sms_1708' })).toEqual(['EX-4']);
    expect(await ids({ category: 'kesehatan' })).toEqual(['EX-1']);
    expect(await ids({ profile: 'full', q: 'SUM' })).toEqual(['EX-1']);
    expect(await ids({ overdue: 'verify' })).toEqual(['EX-6', 'EX-5', 'EX-2', 'EX-4']);

    const empty = await exportCsv(ts.tokens.admin, { year: 2001 });
    expect(empty.status).toBe(200);
    expect(empty.text).toBe(`${STRUCTURED.join(',')}\r\n`);
    expect(empty.trailers['x-export-rows']).toBe('0');
    const emptyExcel = await exportCsv(ts.tokens.admin, { year: 2001, dialect: 'excel-id' });
    expect(emptyExcel.text).toBe(`\uFEFF${STRUCTURED.join(';')}\r\n`);
  });

  test('scope: institution admins and liaisons export their subtree only', async () => {
    const ids = async (token: string, q: Record<string, string> = {}) => records((await exportCsv(token, q)).text).map((x) => x.trackingId);
    expect(await ids(ts.tokens['admin.badung'])).toEqual(['EX-6', 'EX-5', 'EX-1', 'EX-2']);
    expect(await ids(ts.tokens['admin.badung'], { profile: 'full' })).toEqual(['EX-6', 'EX-5', 'EX-1', 'EX-2']);
    expect(await ids(ts.tokens['admin.denpasar'])).toEqual(['EX-3']);
    expect(await ids(ts.tokens['liaison.badung.dinkes'])).toEqual(['EX-1', 'EX-2']);
    // a filter outside the subtree narrows, never widens
    expect(await ids(ts.tokens['admin.badung'], { institution: 'denpasar' })).toEqual([]);
  });

  test.each([
    ['stat', 'statistical', 200],
    ['stat', 'full', 403],
    ['stat', 'pii', 403],
    ['liaison.badung.dinkes', 'full', 403],
    ['system', 'full', 403],
    ['admin.badung', 'pii', 403],
    ['admin.badung', 'full', 200],
    ['admin', 'full', 200],
  ] as const)('role %s, profile %s → %i', async (token, profile, status) => {
    const query: Record<string, string> = { profile };
    if (profile === 'pii') query.purpose = 'Audit pengaduan berulang';
    const r = await exportCsv(ts.tokens[token], query);
    expect(r.status, r.text).toBe(status);
    if (status === 403) {
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(JSON.parse(r.text)).toMatchObject({ status: 403, errors: [{ field: 'profile' }] });
    }
  });

  test('a statistician never receives free text or personal data, whatever it asks', async () => {
    const r = await exportCsv(ts.tokens.stat, { dialect: 'excel-id', header: 'en' });
    expect(r.status).toBe(200);
    expect(records(r.text, ';').map((x) => x['Tracking ID'])).toEqual(['EX-6', 'EX-5', 'EX-1', 'EX-2', 'EX-3', 'EX-4']);
    for (const secret of ['SUM', 'Antrean', 'Rahasia', 'Budi', '5171010101010001', 'Mengwi', 'Abianbase', 'Title', 'Reporter']) {
      expect(r.text).not.toContain(secret);
    }
    for (const q of [{ q: 'SUM' }, { profile: 'full', q: 'SUM' }, { profile: 'pii', purpose: 'ingin tahu saja' }]) {
      const denied = await exportCsv(ts.tokens.stat, q);
      expect([400, 403]).toContain(denied.status);
      expect(denied.text).not.toContain('SUM(');
    }
  });

  test('bad requests are problems naming the field', async () => {
    const cases: [Record<string, string | number>, string][] = [
      [{ profile: 'pii' }, 'purpose'],
      [{ purpose: 'tanpa profil pii' }, 'purpose'],
      [{ year: 2024, from: '2024-01-01' }, 'year'],
      [{ from: '2024-02-01', to: '2024-01-01' }, 'to'],
      [{ q: 'SUM' }, 'q'],
      [{ dialect: 'tsv' }, 'dialect'],
      [{ header: 'fr' }, 'header'],
      [{ status: 'closed' }, 'status.0'],
      [{ institution: 'atlantis' }, 'institution'],
      [{ limit: 5 }, 'limit'],
    ];
    for (const [query, field] of cases) {
      const r = await exportCsv(ts.tokens.admin, query);
      expect(r.status, JSON.stringify(query)).toBe(400);
      const problem = JSON.parse(r.text) as { errors: { field: string }[] };
      expect(problem.errors.map((e) => e.field), JSON.stringify(query)).toContain(field);
    }
    const anon = await exportCsv('not-a-token');
    expect(anon.status).toBe(401);
  });

  test('pii: reporter columns (anonymous too), purpose in the hash-chained audit log, written before the rows', async () => {
    const before = (await readAudit(ts.server.db)).length;
    const r = await exportCsv(ts.tokens.admin, { profile: 'pii', purpose: 'Permintaan Ombudsman No. 12/2024', header: 'en', year: 2024 });
    expect(r.status, r.text).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    const rows = records(r.text);
    const byId = Object.fromEntries(rows.map((x) => [x['Tracking ID'], x]));
    expect(byId['EX-1']).toMatchObject({ 'Reporter name': "'＠Budi", 'Reporter contact': "'+62 812 3456 7890", 'Reporter NIK': '5171010101010001' });
    expect(byId['EX-3']).toMatchObject({ Anonymous: 'true', 'Reporter name': 'Anonim Asli', 'Reporter contact': "'-" });
    expect(byId['EX-4']).toMatchObject({ 'Reporter name': '', 'Reporter NIK': '' });
    await expect(r.text).toMatchFileSnapshot(`${GOLDEN}/pii-rfc4180-en.csv`);

    const audit = await readAudit(ts.server.db);
    expect(audit.length).toBe(before + 1);
    const last = audit[audit.length - 1];
    expect(last).toMatchObject({ action: 'pii_export', actor: 'admin', role: 'national_admin', note: 'Permintaan Ombudsman No. 12/2024' });
    expect(JSON.parse(last.detail)).toEqual({
      filters: { profile: 'pii', dialect: 'rfc4180', header: 'en', year: 2024 },
      scope: null,
      rows: 5,
    });
    expect(last.requestId).toBe(r.headers['x-request-id']);
    expect(await verifyAuditLog(ts.server.db)).toBeNull();

    // refused exports leave no record
    expect((await exportCsv(ts.tokens['admin.badung'], { profile: 'pii', purpose: 'coba coba saja' })).status).toBe(403);
    expect((await readAudit(ts.server.db)).length).toBe(before + 1);
  });

  test('the audit log is append-only and tampering is detected', async () => {
    await exportCsv(ts.tokens.admin, { profile: 'pii', purpose: 'Pemeriksaan Inspektorat' });
    await exportCsv(ts.tokens.admin, { profile: 'pii', purpose: 'Pemeriksaan BPK tahunan' });
    const db = ts.server.db;
    await expect(db.query(`UPDATE audit_log SET note = 'lain' WHERE seq = 1`)).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log WHERE seq = 1')).rejects.toThrow(/append-only/);
    await expect(db.exec('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect(await verifyAuditLog(db)).toBeNull();
    // someone with the power to switch the triggers off still leaves traces
    await db.exec('ALTER TABLE audit_log DISABLE TRIGGER USER');
    try {
      const n = (await readAudit(db)).length;
      await db.query(`UPDATE audit_log SET note = 'Keperluan lain' WHERE seq = 2`);
      expect(await verifyAuditLog(db)).toEqual({ seq: 2, problem: 'hash_mismatch' });
      await db.query(`UPDATE audit_log SET note = 'Pemeriksaan Inspektorat' WHERE seq = 2`);
      expect(await verifyAuditLog(db)).toBeNull();
      await db.query('DELETE FROM audit_log WHERE seq = $1', [n]);
      expect(await verifyAuditLog(db)).toEqual({ seq: null, problem: 'head_mismatch' });
    } finally {
      await db.exec('ALTER TABLE audit_log ENABLE TRIGGER USER');
    }
  });

  test('PGlite paging: any page size gives the same bytes as one pass', async () => {
    const db = ts.server.db;
    const actor = { name: 'admin', role: 'national_admin' as const, institutionId: null };
    for (const profile of ['statistical', 'full'] as const) {
      const spec = await planExport(db, actor, { profile, dialect: 'rfc4180', header: 'name' }, { utcOffsetMinutes: 480, now: ts.clock.now });
      const render = async (pageRows: number) => {
        const counter: RowCounter = { rows: 0 };
        const chunks: Buffer[] = [];
        for await (const c of pagedRecords(db, spec, 'rfc4180', counter, pageRows)) chunks.push(c);
        return { text: Buffer.concat(chunks).toString('utf8'), rows: counter.rows };
      };
      const whole = await render(1000);
      expect(whole.rows).toBe(6);
      for (const n of [1, 2, 5, 6]) expect(await render(n)).toEqual(whole);
      const served = (await exportCsv(ts.tokens.admin, { profile })).text;
      expect(served.slice(served.indexOf('\r\n') + 2)).toBe(whole.text);
    }
  });
});

describe.each(BACKENDS)('a larger export (%s)', (backend) => {
  let ts: TestServer;
  const COUNT = 3000;

  beforeAll(async () => {
    ts = await startTestServer(backend, { now: new Date('2025-01-10T00:00:00Z') });
    await seedCases(ts.server.db, { count: COUNT, years: [2024, 2024], seed: 5, now: '2025-01-10T00:00:00.000Z' });
  });

  afterAll(async () => {
    await ts?.close();
  });

  test('every row once, in order, across pages and chunks; the trailer counts them', async () => {
    const res = await request(`${ts.url}/v1/exports/cases?year=2024&profile=full`, { headers: { authorization: `Bearer ${ts.tokens.admin}` } });
    expect(res.statusCode).toBe(200);
    const text = await res.body.text();
    const rows = parse(text, { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];
    const [{ n }] = await ts.server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases');
    expect(rows.length).toBe(n);
    expect(n).toBe(COUNT);
    expect(res.trailers['x-export-rows']).toBe(String(COUNT));
    expect(new Set(rows.map((r) => r.trackingId)).size).toBe(COUNT);
    const keys = rows.map((r) => `${r.submittedAt} ${r.trackingId}`);
    expect([...keys].sort()).toEqual(keys);
    for (const r of rows) expect(r.title).not.toMatch(/^[=+\-@\t\r\n＝＋－＠]/);
  });

  test('clients that go away mid-export leave no query or connection behind', async () => {
    // more aborted exports than the pool has connections: a leaked connection would make the last ones hang
    for (let i = 0; i < 12; i += 1) {
      const controller = new AbortController();
      // an agent of its own, destroyed after: the global one may keep an aborted socket open, and the server
      // would then wait for that stalled client when it shuts down
      const agent = new Agent();
      const res = await request(`${ts.url}/v1/exports/cases?profile=full`, {
        dispatcher: agent,
        headers: { authorization: `Bearer ${ts.tokens.admin}` },
        signal: controller.signal,
      });
      expect(res.statusCode).toBe(200);
      for await (const _chunk of res.body) {
        controller.abort();
        break;
      }
      await agent.destroy();
    }
    const r = await exportAll();
    expect(r.rows).toBe(COUNT);
    if (backend === 'postgres') {
      // the aborted COPYs end (the server notices the closed client connection and cancels them)
      for (let i = 0; i < 50; i += 1) {
        const rows = await ts.server.db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY (SELECT%' AND state = 'active'`,
        );
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const [{ n }] = await ts.server.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY (SELECT%' AND state = 'active'`,
      );
      expect(n).toBe(0);
    }
  });

  async function exportAll(): Promise<{ rows: number }> {
    const res = await request(`${ts.url}/v1/exports/cases`, { headers: { authorization: `Bearer ${ts.tokens.admin}` } });
    const text = await res.body.text();
    return { rows: text.split('\r\n').length - 2 };
  }
});
