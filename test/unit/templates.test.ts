// Answer templates (#20): the template language (variables, escaping, errors), the case variables (Indonesian
// dates for {{tanggal}} on the calendar's clock), rendering all or nothing (missing and unknown variables),
// and which definition of a name is in force at an institution (the nearest wins).

import { describe, expect, test } from 'vitest';
import {
  caseVariables,
  indonesianDate,
  nearestDefinition,
  parseTemplate,
  parseVariable,
  renderTemplate,
  type TemplateCase,
} from '../../src/domain/templates.js';

const WITA = 480;

describe('parseTemplate', () => {
  test('variables in order of first use, spaces inside the braces allowed', () => {
    const p = parseTemplate('Laporan {{nomor}} di {{ instansi }}: {{nomor}} lagi');
    expect(p.ok && p.variables).toEqual(['nomor', 'instansi']);
  });
  test('\\{{ is a literal {{; other backslashes are themselves', () => {
    expect(renderTemplate('Tulis \\{{nomor}} untuk {{nomor}}; a\\b', { nomor: 'LPR-1' })).toEqual({ ok: true, text: 'Tulis {{nomor}} untuk LPR-1; a\\b' });
  });
  test('an unclosed {{ and a bad name are errors with their offset', () => {
    expect(parseTemplate('Halo {{nama')).toEqual({ ok: false, error: { kind: 'unclosed', offset: 5, near: '{{nama' } });
    expect(parseTemplate('Halo {{Nama Lengkap}}!')).toEqual({ ok: false, error: { kind: 'bad_name', offset: 5, near: '{{Nama Lengkap}}' } });
    expect(parseTemplate('{{}}').ok).toBe(false);
  });
  test('single braces and text without variables pass through', () => {
    expect(renderTemplate('{a} } { 100%', {})).toEqual({ ok: true, text: '{a} } { 100%' });
  });
});

describe('renderTemplate', () => {
  test('values are inserted verbatim and never expanded again', () => {
    const r = renderTemplate('[{{judul}}]', { judul: 'Jalan {{nomor}} <b>&amp; "rusak"' });
    expect(r).toEqual({ ok: true, text: '[Jalan {{nomor}} <b>&amp; "rusak"]' });
  });
  test('a variable with no value is missing; a given one the template does not use is unknown; nothing renders', () => {
    expect(renderTemplate('{{nomor}} {{kategori}} {{jadwal}}', { nomor: 'X', kategori: null }, { jadwl: 'Senin' })).toEqual({
      ok: false,
      missing: ['kategori', 'jadwal'],
      unknown: ['jadwl'],
    });
  });
  test('given values fill custom variables and override the case’s own', () => {
    expect(renderTemplate('{{nomor}} {{jadwal}}', { nomor: 'X' }, { jadwal: 'Senin', nomor: 'Y' })).toEqual({ ok: true, text: 'Y Senin' });
    expect(renderTemplate('kosong: "{{catatan}}"', {}, { catatan: '' })).toEqual({ ok: true, text: 'kosong: ""' });
  });
});

describe('Indonesian dates', () => {
  test('the local day on the calendar’s clock, month names in Indonesian', () => {
    expect(indonesianDate('2026-12-08T01:00:00Z', WITA)).toBe('8 Desember 2026');
    // 16:00 UTC on 31 January is midnight of 1 February in WITA (UTC+8)
    expect(indonesianDate('2025-01-31T16:00:00Z', WITA)).toBe('1 Februari 2025');
    expect(indonesianDate('2025-01-31T15:59:59Z', WITA)).toBe('31 Januari 2025');
    expect(indonesianDate('2025-01-31T16:00:00Z', 420)).toBe('31 Januari 2025'); // WIB: still 23:00
    expect(['2025-03-01', '2025-05-01', '2025-08-17'].map((d) => indonesianDate(`${d}T00:00:00Z`, 0))).toEqual(['1 Maret 2025', '1 Mei 2025', '17 Agustus 2025']);
  });
});

describe('caseVariables', () => {
  const c: TemplateCase = {
    trackingId: 'LPR-2025-0000123',
    title: 'Jalan berlubang',
    institutionId: 'badung.dpupr',
    categoryId: 'infrastruktur.jalan',
    classification: 'information_request',
    regency: 'Kabupaten Badung',
    province: 'Bali',
    submittedAt: '2025-06-30T16:30:00Z',
    responseDueAt: null,
  };
  const ctx = {
    now: new Date('2026-12-08T01:00:00Z'),
    utcOffsetMinutes: WITA,
    institutionName: (id: string) => (id === 'badung.dpupr' ? 'Dinas PUPR Kabupaten Badung' : null),
    categoryName: () => null,
  };
  test('every case variable, with null where the case has no value', () => {
    expect(caseVariables(c, ctx)).toEqual({
      nomor: 'LPR-2025-0000123',
      judul: 'Jalan berlubang',
      instansi: 'Dinas PUPR Kabupaten Badung',
      kode_instansi: 'badung.dpupr',
      kategori: 'infrastruktur.jalan', // a category the reference does not name: its code
      klasifikasi: 'permintaan informasi',
      wilayah: 'Kabupaten Badung, Bali',
      tanggal: '8 Desember 2026',
      tanggal_laporan: '1 Juli 2025',
      batas_tindak_lanjut: null,
    });
    const bare = caseVariables({ ...c, institutionId: null, categoryId: null, title: null, regency: null, province: null }, ctx);
    expect([bare.instansi, bare.kode_instansi, bare.kategori, bare.judul, bare.wilayah]).toEqual([null, null, null, null, null]);
  });
});

describe('nearestDefinition', () => {
  const defs = [{ institutionId: null, v: 'n' }, { institutionId: 'bali', v: 'p' }, { institutionId: 'badung', v: 'r' }, { institutionId: 'denpasar', v: 'd' }];
  test('the deepest definition on the institution’s ancestry wins; one elsewhere is never seen', () => {
    expect(nearestDefinition(defs, ['national', 'bali', 'badung', 'badung.dinkes'])?.v).toBe('r');
    expect(nearestDefinition(defs, ['national', 'bali', 'buleleng'])?.v).toBe('p');
    expect(nearestDefinition(defs, ['national', 'kemenkes'])?.v).toBe('n');
    expect(nearestDefinition(defs, [])?.v).toBe('n');
    expect(nearestDefinition(defs.slice(1), ['national', 'kemenkes'])).toBeNull();
  });
});

describe('parseVariable (--var)', () => {
  test('name=value; the value verbatim (may hold = or be empty); a bad name is refused', () => {
    expect(parseVariable('jadwal=Senin, 14 Desember')).toEqual({ name: 'jadwal', value: 'Senin, 14 Desember' });
    expect(parseVariable('rumus=a=b')).toEqual({ name: 'rumus', value: 'a=b' });
    expect(parseVariable('catatan=')).toEqual({ name: 'catatan', value: '' });
    expect(parseVariable('Jadwal=x')).toBeNull();
    expect(parseVariable('=x')).toBeNull();
    expect(parseVariable('jadwal')).toBeNull();
  });
});
