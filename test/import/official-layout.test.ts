// The official LAPOR! layout in the domain (pure): every status label of the admin export and what it becomes,
// the guide's archive reasons, a field fed by several columns (the dictionary's date + time, a mapping file's
// columns in its own order), the zone of local times (metadata rows, WIB for the official layout, the user's
// zone first), Kelurahan, and `Alasan Tunda/Arsip` routed by the status.

import { describe, expect, it } from 'vitest';
import { compileMapping, mapRecord, OFFICIAL_OFFSET_MINUTES, planHeader, zoneOfPreamble, type HeaderPlan, type ReadOptions } from '../../src/domain/csv/layout.js';
import { F } from '../../src/domain/csv/rules.js';
import { readArchiveReason, readStatus } from '../../src/domain/csv/values.js';

const NOW = Date.parse('2024-03-04T02:00:00Z');
const WITA: ReadOptions = { offsetMinutes: 480, values: new Map(), defaults: new Map() };

describe('official status labels', () => {
  it.each([
    ['Belum Terverifikasi', 'submitted', null],
    ['Terverifikasi', 'submitted', null],
    ['Bukan Wewenang', 'submitted', null],
    ['Tertunda', 'postponed', null],
    ['Laporan Tertunda', 'postponed', null],
    ['Terdisposisi', 'disposed', null],
    ['Terdisposisi Belum Ditindaklanjuti', 'disposed', null],
    ['Terdisposisi - Belum Ditindaklanjuti', 'disposed', null],
    ['Ditindaklanjuti', 'in_progress', null],
    ['Terdisposisi Sedang Diproses', 'in_progress', null],
    ['Ditanggapi oleh Pelapor', 'in_progress', null],
    ['Selesai', 'completed', null],
    ['Terdisposisi Selesai', 'completed', null],
    ['Arsip', 'archived', null],
    ['Laporan Arsip', 'archived', null],
    ['Diarsipkan oleh Admin', 'archived', 'admin'],
    ['DIARSIPKAN OLEH ADMIN', 'archived', 'admin'],
    ['Diarsipkan oleh Sistem', 'archived', 'system'],
  ])('%s → %s (closed by %s)', (label, status, closedBy) => {
    expect(readStatus(label)).toEqual({ status, closedBy });
  });

  it.each([
    ['Laporan ganda', 'duplicate'],
    ['Tidak relevan dengan kinerja pemerintah', 'not_public_service'],
    ['Masukan terlalu umum', 'incomplete'],
    ['Kesalahan format TL/BL', 'incomplete'],
    ['Tidak dapat dimengerti/tidak jelas', 'incomplete'],
    ['Mengandung SARA', 'spam'],
    ['Tidak ada respon pelapor', 'no_reporter_response'],
  ])('archive reason %s → %s', (label, reason) => {
    expect(readArchiveReason(label)).toBe(reason);
  });
});

/** The plan of a header (must be a plan, not a problem). */
function plan(header: string[], read: ReadOptions = WITA, preamble: string[][] = [], mapping: Parameters<typeof planHeader>[1] = null): HeaderPlan {
  const p = planHeader(header, mapping, read, preamble);
  if ('code' in p) throw new Error(`header refused: ${p.code} ${p.columns.join(', ')}`);
  return p;
}

function row(p: HeaderPlan, cells: (string | null)[], read: ReadOptions = WITA) {
  const r = mapRecord(cells, p, read, NOW);
  if (r.problems) throw new Error(JSON.stringify(r.problems));
  return r.row;
}

const HEADER = ['Tracking ID', 'Waktu Laporan Masuk', 'Tanggal Laporan Masuk', 'Klasifikasi Laporan', 'Judul Laporan', 'Isi Laporan Akhir', 'Sumber Laporan', 'Status Laporan', 'Kelurahan', 'Alasan Tunda/Arsip'];
const cells = (over: Partial<Record<string, string | null>> = {}) => {
  const base: Record<string, string | null> = {
    'Tracking ID': '3218801',
    'Waktu Laporan Masuk': '14:05:09',
    'Tanggal Laporan Masuk': '06 Agu 2023',
    'Klasifikasi Laporan': 'Pengaduan',
    'Judul Laporan': 'Judul',
    'Isi Laporan Akhir': 'Isi',
    'Sumber Laporan': 'Website',
    'Status Laporan': 'Belum Terverifikasi',
    Kelurahan: 'Kapal',
    'Alasan Tunda/Arsip': null,
  };
  return HEADER.map((h) => (h in over ? (over[h] ?? null) : base[h]));
};

describe('a date and its time column make one instant', () => {
  it('joins the date, then the time, whatever the column order; the official layout reads WIB', () => {
    const p = plan(HEADER);
    expect(p.layout).toBe('official');
    expect(p.joined?.get('submittedAt')).toEqual([2, 1]);
    expect(p.offsetMinutes).toBe(OFFICIAL_OFFSET_MINUTES);
    const r = row(p, cells());
    expect(r[F.submittedAt]).toBe('2023-08-06T07:05:09.000Z');
    expect(r[F.village]).toBe('Kapal');
    // a full month name and a time without seconds; 00:30 WIB is the previous day in UTC
    expect(row(p, cells({ 'Tanggal Laporan Masuk': '12 Desember 2023', 'Waktu Laporan Masuk': '00:30' }))[F.submittedAt]).toBe('2023-12-11T17:30:00.000Z');
    // no time: local midnight
    expect(row(p, cells({ 'Waktu Laporan Masuk': null }))[F.submittedAt]).toBe('2023-08-05T17:00:00.000Z');
  });

  it('names both columns in a problem', () => {
    const r = mapRecord(cells({ 'Waktu Laporan Masuk': '25:00' }), plan(HEADER), WITA, NOW);
    expect(r.problems).toEqual([{ column: 'Tanggal Laporan Masuk + Waktu Laporan Masuk', field: 'submittedAt', code: 'invalid_date', detail: '06 Agu 2023 25:00' }]);
  });

  it('takes the zone the metadata rows name; the user’s zone wins over both', () => {
    expect(zoneOfPreamble([['Laporan Pengaduan SP4N-LAPOR!'], ['Diunduh pada: 01 Sep 2023 08:15 WITA', '']])).toBe(480);
    expect(zoneOfPreamble([['Zona waktu: Asia/Jayapura']])).toBe(540);
    expect(zoneOfPreamble([['Tanggal Unduh: 05 Januari 2024 09:30 WIB']])).toBe(420);
    expect(zoneOfPreamble([['Instansi: Pemerintah Kabupaten Witanegara']])).toBeUndefined();
    const wita = plan(HEADER, WITA, [['Diunduh pada: 01 Sep 2023 08:15 WITA']]);
    expect(row(wita, cells())[F.submittedAt]).toBe('2023-08-06T06:05:09.000Z');
    const given: ReadOptions = { ...WITA, offsetMinutes: 540, zoneGiven: true };
    expect(row(plan(HEADER, given, [['Diunduh pada: 01 Sep 2023 08:15 WIB']]), cells(), given)[F.submittedAt]).toBe('2023-08-06T05:05:09.000Z');
  });

  it('refuses two date columns for one field (only a date and its time column join)', () => {
    expect(planHeader(['Tracking ID', 'Tanggal Masuk', 'Tanggal Laporan Masuk', 'Klasifikasi Laporan', 'Judul Laporan', 'Isi Laporan Akhir', 'Sumber Laporan', 'Status Laporan'], null, WITA)).toEqual({
      code: 'duplicate_header',
      columns: ['Tanggal Masuk', 'Tanggal Laporan Masuk'],
      field: 'submittedAt',
    });
  });

  it('a mapping file gives a field several columns, joined in the order of its `columns` entries', () => {
    const { mapping, read } = compileMapping(
      {
        columns: { Tiket: 'trackingId', Tgl: 'submittedAt', Jam: 'submittedAt', Jenis: 'classification', Judul: 'title', Isi: 'body', Kanal: 'channel', Status: 'status' },
        dateFormats: ['DD/MM/YYYY HH:mm'],
        timezone: 'WIT',
      },
      480,
    );
    const p = plan(['Jam', 'Tiket', 'Tgl', 'Jenis', 'Judul', 'Isi', 'Kanal', 'Status'], read, [['Diunduh: 01/09/2023 WIB']], mapping);
    expect(p.joined?.get('submittedAt')).toEqual([2, 0]);
    expect(p.offsetMinutes).toBeUndefined(); // the mapping's zone stands
    expect(row(p, ['14:05', 'M-1', '06/08/2023', 'Pengaduan', 'J', 'I', 'web', 'Selesai'], read)[F.submittedAt]).toBe('2023-08-06T05:05:00.000Z');
  });
});

describe('a mapping beside the dictionary', () => {
  it('joins a mapped date column and the official time column, the date first', () => {
    const { mapping, read } = compileMapping(
      { columns: { Tiket: 'trackingId', Tgl: 'submittedAt', Jenis: 'classification', Judul: 'title', Isi: 'body', Kanal: 'channel', Status: 'status' }, timezone: 'WIB' },
      480,
    );
    const p = plan(['Waktu Laporan Masuk', 'Tiket', 'Tgl', 'Jenis', 'Judul', 'Isi', 'Kanal', 'Status'], read, [], mapping);
    expect(p.joined?.get('submittedAt')).toEqual([2, 0]);
    expect(row(p, ['14:05', 'M-3', '06 Agu 2023', 'Pengaduan', 'J', 'I', 'web', 'Selesai'], read)[F.submittedAt]).toBe('2023-08-06T07:05:00.000Z');
  });
});

describe('Alasan Tunda/Arsip goes where the status keeps it', () => {
  const p = plan(HEADER);
  it.each([
    ['Tertunda', 'Mohon lengkapi lokasi kejadian.', null, 'Mohon lengkapi lokasi kejadian.'],
    ['Diarsipkan oleh Admin', 'Laporan ganda', 'duplicate', null],
    ['Arsip', 'Urusan pribadi pelapor', 'other', null],
    // a reason left from an earlier status describes no current state
    ['Terdisposisi', 'Mohon lengkapi lokasi kejadian.', null, null],
  ])('%s with "%s"', (status, reason, archiveReason, postponeReason) => {
    const r = row(p, cells({ 'Status Laporan': status, 'Alasan Tunda/Arsip': reason }));
    expect([r[F.archiveReason], r[F.postponeReason]]).toEqual([archiveReason, postponeReason]);
  });

  it('a mapping may give it as a default', () => {
    const { mapping, read } = compileMapping(
      { columns: { Tiket: 'trackingId', Tgl: 'submittedAt', Jenis: 'classification', Judul: 'title', Isi: 'body', Kanal: 'channel', Status: 'status' }, defaults: { statusReason: 'Laporan ganda' } },
      480,
    );
    const q = plan(['Tiket', 'Tgl', 'Jenis', 'Judul', 'Isi', 'Kanal', 'Status'], read, [], mapping);
    expect(row(q, ['M-2', '2023-08-06', 'Pengaduan', 'J', 'I', 'web', 'Arsip'], read)[F.archiveReason]).toBe('duplicate');
  });
});
