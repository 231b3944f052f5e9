// Reading values and layouts (pure: dates with Indonesian month names, zones, statuses, the delimiter, user
// date patterns and mapping files), and a custom mapping file end to end against a real API.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileMapping, detectDelimiter, isHeaderRecord, MappingError, planHeader } from '../../src/domain/csv/layout.js';
import { compileDatePattern, readDate, readInstant, readPrivacy, readStatus, zoneOffset } from '../../src/domain/csv/values.js';
import { emptyCells, firstInvalidUtf8 } from '../../src/commands/import/source.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { Case } from '../../src/domain/types.js';
import { call, startTestServer, type TestServer } from '../helpers/server.js';
import { CSV_DIR, lapor } from './helpers.js';

const WITA = { offsetMinutes: 480 };

function tmpCsv(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'lapor-map-')), 'data.csv');
  writeFileSync(path, text);
  return path;
}

describe('values', () => {
  it('reads Indonesian and English dates, local times in the zone, and refuses impossible days', () => {
    expect(readInstant('06 Agu 2023', WITA)).toBe('2023-08-05T16:00:00.000Z');
    expect(readInstant('6 Agustus 2023 14:05', WITA)).toBe('2023-08-06T06:05:00.000Z');
    expect(readInstant('06 Agt 2023 14:05:09', { offsetMinutes: 420 })).toBe('2023-08-06T07:05:09.000Z');
    expect(readInstant('1 Des 2023', WITA)).toBe('2023-11-30T16:00:00.000Z');
    expect(readInstant('1 Mei 2024', WITA)).toBe('2024-04-30T16:00:00.000Z');
    expect(readInstant('06/08/2023 09:12', WITA)).toBe('2023-08-06T01:12:00.000Z');
    expect(readInstant('2023-08-06T09:12:00+07:00', WITA)).toBe('2023-08-06T02:12:00.000Z');
    expect(readInstant('2023-08-06 09:12', WITA)).toBe('2023-08-06T01:12:00.000Z');
    expect(readInstant('2023-08-06T01:12:00.000Z', WITA)).toBe('2023-08-06T01:12:00.000Z');
    expect(readInstant('31 Feb 2023', WITA)).toBeUndefined();
    expect(readInstant('32 Agu 2023', WITA)).toBeUndefined();
    expect(readInstant('06 Agu 2023 24:00', WITA)).toBeUndefined();
    expect(readInstant('kemarin', WITA)).toBeUndefined();
    expect(readDate('17 Agustus 1890', WITA)).toBeUndefined(); // before 1900: not a complaint date
    expect(readDate('17 Agustus 1945', WITA)).toBe('1945-08-17');
    expect(readDate('17 Agustus 2023', WITA)).toBe('2023-08-17');
    expect(readDate('2023-08-17T10:00:00Z', WITA)).toBeUndefined(); // a date has no zone
    expect(readInstant('08/06/2023', { offsetMinutes: 0, patterns: [compileDatePattern('MM/DD/YYYY')] })).toBe('2023-08-06T00:00:00.000Z');
    expect(() => compileDatePattern('HH:mm')).toThrow('needs a year');
    expect(zoneOffset('Asia/Jakarta')).toBe(420);
    expect(zoneOffset('WIT')).toBe(540);
    expect(zoneOffset('+05:30')).toBe(330);
    expect(zoneOffset('Europe/Berlin')).toBeUndefined();
  });

  it('reads LAPOR! status labels and the anonymous/confidential type', () => {
    expect(readStatus('Ditutup oleh Sistem')).toEqual({ status: 'completed', closedBy: 'system' });
    expect(readStatus('Terdisposisi – Sedang Diproses')).toEqual({ status: 'in_progress', closedBy: null });
    expect(readStatus('Terdisposisi - Belum Ditindaklanjuti')).toEqual({ status: 'disposed', closedBy: null });
    expect(readStatus('belum terverifikasi')).toEqual({ status: 'submitted', closedBy: null });
    expect(readStatus('in_progress')).toEqual({ status: 'in_progress', closedBy: null });
    expect(readStatus('Entah')).toBeUndefined();
    expect(readPrivacy('Anonim & Rahasia')).toEqual({ anonymous: true, confidential: true });
    expect(readPrivacy('Rahasia')).toEqual({ anonymous: false, confidential: true });
    expect(readPrivacy('Biasa')).toEqual({ anonymous: false, confidential: false });
    expect(readPrivacy('Terbuka sekali')).toBeUndefined();
  });

  it('detects the delimiter past metadata rows and quoted text', () => {
    expect(detectDelimiter('Laporan, Bali\nPeriode: 2023\na;b;c;d\n1;"x, y, z";3;4\n5;6;7;8\n')).toBe(';');
    expect(detectDelimiter('a\tb\tc\n1\t2\t3\n')).toBe('\t');
    expect(detectDelimiter('a,b,c\n1,2,3\n')).toBe(',');
    expect(detectDelimiter('judul saja\n')).toBe(',');
  });

  it('finds the first invalid UTF-8 byte (overlong, surrogate, truncated)', () => {
    expect(firstInvalidUtf8(Buffer.from('abc é €'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0x62, 0xed, 0xa0, 0x80]))).toBe(2);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82]))).toBe(1);
    expect(firstInvalidUtf8(Buffer.from([0xff]))).toBe(0);
  });

  it('checks a mapping file and plans a header with it', () => {
    expect(() => compileMapping({ columns: { A: 'nosuchfield' } }, 480)).toThrow(MappingError);
    expect(() => compileMapping({ columns: {}, extra: 1 }, 480)).toThrow(MappingError);
    expect(() => compileMapping({ columns: {}, timezone: 'Mars/Olympus' }, 480)).toThrow('timezone: unknown time zone');
    expect(() => compileMapping({ columns: {}, dateFormats: ['YYYY'] }, 480)).toThrow('dateFormats.0');
    const { mapping, read } = compileMapping({ columns: { Tiket: 'trackingId', Masuk: 'submittedAt', Jenis: 'classification', Judul: 'title', Isi: 'body' }, defaults: { channel: 'web', status: 'submitted' } }, 480);
    expect(isHeaderRecord(['Tiket', 'Masuk', 'Jenis'], mapping)).toBe(true);
    expect(isHeaderRecord(['Rekap', '', ''], mapping)).toBe(false);
    expect(planHeader(['Tiket', 'Masuk', 'Jenis', 'Judul', 'Isi', 'Lain'], mapping, read)).toMatchObject({ layout: 'mapping', unknown: ['Lain'] });
    expect(planHeader(['Tiket', 'Masuk', 'Jenis', 'Judul'], mapping, read)).toEqual({ code: 'missing_column', columns: ['body'] });
  });
});

describe('a custom mapping file end to end', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('imports another system’s export through siap-mapping.json (value maps, date patterns, WIB, defaults)', async () => {
    const file = join(CSV_DIR, 'mapping', 'siap-export.csv');
    const mapping = join(CSV_DIR, 'mapping', 'siap-mapping.json');
    const strict = await lapor(server, ['import', 'cases', file, '--mapping', mapping, '--format', 'ndjson']);
    expect(strict.code).toBe(1);
    expect(strict.out.split('\n')[0]).toBe('{"reject":{"line":6,"trackingId":"ADU-2023-0004","code":"invalid_date","column":"Tgl Masuk","detail":"31/02/2023 10:00"}}');
    expect(strict.err).toContain('mapping file layout, delimiter ";", header on line 2');
    expect(strict.err).not.toContain('unknown columns are ignored'); // Petugas is mapped to null

    const r = await lapor(server, ['import', 'cases', file, '--mapping', mapping, '--skip-bad-rows', '--rejects', join(strict.home, 'rej.csv')]);
    expect(r.code, r.err).toBe(3);
    const get = async (id: string) => (await call<Case>(server.url, 'GET', `/v1/cases/${id}`, { token: server.tokens.admin })).body;
    expect(await get('ADU-2023-0001')).toMatchObject({
      classification: 'complaint',
      status: 'completed',
      channel: 'web',
      institutionId: 'badung.dinkes',
      submittedAt: '2023-08-06T02:12:00.000Z', // 09:12 WIB
      anonymous: false,
      rating: 4,
      district: 'Kuta Utara',
      province: 'Bali',
      regency: 'Kabupaten Badung',
    });
    expect(await get('ADU-2023-0002')).toMatchObject({ classification: 'aspiration', status: 'disposed', channel: 'walk_in', anonymous: true, institutionId: 'badung.dlhk' });
    expect(await get('ADU-2023-0003')).toMatchObject({ classification: 'information_request', status: 'submitted', submittedAt: '2023-08-07T17:00:00.000Z' });
  });

  it('tells a quoted "" (the empty text) from an empty cell (no value), also with quotes elsewhere in the row', async () => {
    expect(emptyCells(['a', '', '', 'x "y"'], 'a,"",,"x ""y"""', ',')).toEqual(['a', '', null, 'x "y"']);
    expect(emptyCells(['a', '', 'b'], 'a;;b', ';')).toEqual(['a', null, 'b']);
    const file = tmpCsv(
      'trackingId,classification,title,body,channel,status,submittedAt,province,district\n' +
        'EMPTY-1,complaint,"Judul ""kutip""",Isi,web,submitted,2024-01-15T02:00:00.000Z,"",\n' +
        'EMPTY-2,complaint,Judul,Isi,web,submitted,2024-01-15T02:00:00.000Z,,""\n',
    );
    const r = await lapor(server, ['import', 'cases', file]);
    expect(r.code, r.err).toBe(0);
    const get = async (id: string) => (await call<Case>(server.url, 'GET', `/v1/cases/${id}`, { token: server.tokens.admin })).body;
    expect(await get('EMPTY-1')).toMatchObject({ title: 'Judul "kutip"', province: '', district: null });
    expect(await get('EMPTY-2')).toMatchObject({ province: null, district: '' });
  });

  it('refuses a broken mapping file before reading the data (exit 2, the JSON path named)', async () => {
    const r = await lapor(server, ['import', 'cases', join(CSV_DIR, 'official-sample.csv'), '--mapping', join(CSV_DIR, 'malformed', 'expected.json')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/the mapping file .*expected\.json is invalid at columns: /);
  });
});
