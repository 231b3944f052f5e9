// The region matcher (domain/regions.ts) on a small hand-made gazetteer: prefixes, hierarchy, names that
// repeat, misspellings and codes; then the package's own data (server/regions.ts): what we think it is
// (38 provinces, Kemendagri codes), a few real lookups, and our seed's Bali list (fixtures/regions.json) in it.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { areaKey, dottedCode, Gazetteer, LOCATION_ISSUE_CODES, matchLocation } from '../../src/domain/regions.js';
import { t } from '../../src/io/i18n.js';
import { loadGazetteer, regionDataDir } from '../../src/server/regions.js';

const small = new Gazetteer({
  province: [
    { code: '51', parent: null, name: 'BALI' },
    { code: '32', parent: null, name: 'JAWA BARAT' },
    { code: '34', parent: null, name: 'DAERAH ISTIMEWA YOGYAKARTA' },
  ],
  regency: [
    { code: '51.03', parent: '51', name: 'KABUPATEN BADUNG' },
    { code: '51.71', parent: '51', name: 'KOTA DENPASAR' },
    { code: '32.01', parent: '32', name: 'KABUPATEN BOGOR' },
    { code: '32.71', parent: '32', name: 'KOTA BOGOR' },
    { code: '34.04', parent: '34', name: 'KABUPATEN SLEMAN' },
  ],
  district: [
    { code: '51.03.01', parent: '51.03', name: 'Kuta' },
    { code: '51.03.02', parent: '51.03', name: 'Mengwi' },
    { code: '51.71.01', parent: '51.71', name: 'Denpasar Selatan' },
    { code: '32.01.01', parent: '32.01', name: 'Cibinong' },
    { code: '32.71.01', parent: '32.71', name: 'Bogor Selatan' },
  ],
  village: [
    { code: '51.03.01.1004', parent: '51.03.01', name: 'Legian' },
    { code: '51.03.01.1002', parent: '51.03.01', name: 'Kuta' },
    // one village name in two districts of one regency
    { code: '51.03.01.2001', parent: '51.03.01', name: 'Sari' },
    { code: '51.03.02.2001', parent: '51.03.02', name: 'Sari' },
    { code: '51.03.02.1005', parent: '51.03.02', name: 'Sempidi' },
    { code: '51.71.01.1001', parent: '51.71.01', name: 'Soka"an' },
  ],
});

describe('region names as people write them', () => {
  it('folds case, punctuation and the level prefixes; keeps Kabupaten and Kota apart', () => {
    expect(areaKey('regency', 'Kab. Badung')).toEqual({ key: 'badung', kind: 'kabupaten' });
    expect(areaKey('regency', 'KABUPATEN BADUNG')).toEqual({ key: 'badung', kind: 'kabupaten' });
    expect(areaKey('regency', 'Pemkot Denpasar')).toEqual({ key: 'denpasar', kind: 'kota' });
    expect(areaKey('regency', 'Badung')).toEqual({ key: 'badung', kind: null });
    expect(areaKey('district', 'Kec. Kuta')).toEqual({ key: 'kuta', kind: null });
    expect(areaKey('village', 'Kel. Legian')).toEqual({ key: 'legian', kind: null });
    expect(areaKey('village', 'Desa Sempidi')).toEqual({ key: 'sempidi', kind: null });
    expect(areaKey('province', 'Prov. DI Yogyakarta')).toEqual({ key: 'yogyakarta', kind: null });
    // a prefix alone is the name itself
    expect(areaKey('village', 'Desa')).toEqual({ key: 'desa', kind: null });
  });

  it('matches each level within the one above it, down to the village', () => {
    expect(matchLocation(small, { province: 'bali', regency: 'Kab. Badung', district: 'Kec. Kuta', village: 'Kel. Legian' })).toEqual({ code: '51.03.01.1004', issues: [] });
    expect(matchLocation(small, { province: 'Provinsi Bali', regency: 'Kabupaten Badung' })).toEqual({ code: '51.03', issues: [] });
    expect(matchLocation(small, { province: 'DI Yogyakarta', regency: 'Sleman' })).toEqual({ code: '34.04', issues: [] });
    // a level left out: the village is looked for in the regency's districts
    expect(matchLocation(small, { regency: 'Badung', village: 'Sempidi' })).toEqual({ code: '51.03.02.1005', issues: [] });
    // the data's `"` stands for an apostrophe
    expect(matchLocation(small, { regency: 'Kota Denpasar', district: 'Denpasar Selatan', village: "Soka'an" }).code).toBe('51.71.01.1001');
  });

  it('tells one village name in two districts apart by the district, and says so when none is given', () => {
    expect(matchLocation(small, { regency: 'Badung', district: 'Kuta', village: 'Sari' }).code).toBe('51.03.01.2001');
    expect(matchLocation(small, { regency: 'Badung', district: 'Mengwi', village: 'Sari' }).code).toBe('51.03.02.2001');
    expect(matchLocation(small, { regency: 'Badung', village: 'Sari' })).toEqual({
      code: '51.03',
      issues: [{ field: 'village', value: 'Sari', code: 'ambiguous_region', suggestions: ['51.03.01.2001 Sari', '51.03.02.2001 Sari'] }],
    });
    // a district name is looked for within its regency: Kuta is a district of Badung, not a village of it
    expect(matchLocation(small, { regency: 'Kota Denpasar', district: 'Kuta' }).issues[0]).toMatchObject({ field: 'district', code: 'unknown_region' });
  });

  it('narrows a name that fits a regency and a city by the district below it', () => {
    expect(matchLocation(small, { regency: 'Bogor' })).toEqual({
      code: null,
      issues: [{ field: 'regency', value: 'Bogor', code: 'ambiguous_region', suggestions: ['32.01 Kabupaten Bogor', '32.71 Kota Bogor'] }],
    });
    expect(matchLocation(small, { regency: 'Bogor', district: 'Cibinong' })).toEqual({ code: '32.01.01', issues: [] });
    expect(matchLocation(small, { regency: 'Kota Bogor' })).toEqual({ code: '32.71', issues: [] });
  });

  it('suggests the closest names of the scope for a misspelt one, and keeps the levels above', () => {
    expect(matchLocation(small, { province: 'Bali', regency: 'Kabupaten Badugn' })).toEqual({
      code: '51',
      issues: [{ field: 'regency', value: 'Kabupaten Badugn', code: 'unknown_region', suggestions: ['51.03 Kabupaten Badung'] }],
    });
    expect(matchLocation(small, { province: 'Bali', regency: 'Badung', district: 'Mengwy' }).issues).toEqual([
      { field: 'district', value: 'Mengwy', code: 'unknown_region', suggestions: ['51.03.02 Mengwi'] },
    ]);
    // the village is still found in the regency when its district is misspelt
    expect(matchLocation(small, { regency: 'Badung', district: 'Mengwy', village: 'Sempidi' }).code).toBe('51.03.02.1005');
    expect(matchLocation(small, { province: 'Bali', regency: 'Gotham' }).issues[0]).toMatchObject({ code: 'unknown_region', suggestions: [] });
  });

  it('checks a given code: known with or without dots, and on the path of the names', () => {
    expect(dottedCode('5103012001')).toBe('51.03.01.2001');
    expect(matchLocation(small, { regency: 'Badung', regionCode: '5103' })).toEqual({ code: '51.03', issues: [] });
    expect(matchLocation(small, { regency: 'Badung', district: 'Kuta', regionCode: '51.03' })).toEqual({ code: '51.03.01', issues: [] });
    expect(matchLocation(small, { regency: 'Badung', regionCode: '51.71' }).issues).toEqual([
      { field: 'regionCode', value: '51.71', code: 'region_code_mismatch', suggestions: ['51.03 Kabupaten Badung'] },
    ]);
    expect(matchLocation(small, { regionCode: '99.99' }).issues).toEqual([{ field: 'regionCode', value: '99.99', code: 'unknown_region_code', suggestions: [] }]);
  });

  it('words every warning code in both languages', () => {
    for (const code of LOCATION_ISSUE_CODES) {
      for (const lang of ['id', 'en'] as const) expect(t(lang, `import.location.${code}`)).not.toBe('');
    }
  });
});

describe('the package data (idn-area-data 3.x)', () => {
  let g: Gazetteer;
  beforeAll(async () => {
    g = await loadGazetteer();
  });

  it('holds the 38 provinces and the areas below them, with Kemendagri codes', () => {
    const counts = g.counts();
    expect(counts.province).toBeGreaterThanOrEqual(38);
    expect(counts.regency).toBeGreaterThanOrEqual(514);
    expect(counts.district).toBeGreaterThanOrEqual(7000);
    expect(counts.village).toBeGreaterThanOrEqual(80000);
    expect(g.area('51')).toMatchObject({ name: 'BALI', level: 'province' });
    expect(g.area('51.03')).toMatchObject({ name: 'KABUPATEN BADUNG', parent: '51', level: 'regency', kind: 'kabupaten' });
    expect(g.area('51.03.01.1004')).toMatchObject({ name: 'Legian', parent: '51.03.01', level: 'village' });
    expect(g.area('96')).toMatchObject({ name: 'PAPUA BARAT DAYA' }); // the 38th province (UU 29/2022)
    const header = readFileSync(join(regionDataDir(), 'villages.csv'), 'utf8').split('\n', 1)[0];
    expect(header).toBe('code,district_code,name');
  });

  it('matches real names: a misspelt regency, one village name in two districts of Tabanan', () => {
    expect(matchLocation(g, { province: 'Bali', regency: 'Kabupaten Badugn' }).issues[0].suggestions).toEqual(['51.03 Kabupaten Badung']);
    expect(matchLocation(g, { province: 'Bali', regency: 'Kab. Badung', district: 'Kuta', village: 'Legian' }).code).toBe('51.03.01.1004');
    expect(matchLocation(g, { regency: 'Tabanan', district: 'Kediri', village: 'Beraban' }).code).toBe('51.02.06.2004');
    expect(matchLocation(g, { regency: 'Tabanan', district: 'Selemadeg Timur', village: 'Beraban' }).code).toBe('51.02.02.2007');
    expect(matchLocation(g, { regency: 'Tabanan', village: 'Beraban' })).toMatchObject({ code: '51.02', issues: [{ code: 'ambiguous_region' }] });
    expect(matchLocation(g, { regency: 'Bogor', district: 'Cibinong' }).code).toBe('32.01.01');
    expect(matchLocation(g, { province: 'DKI Jakarta', regency: 'Kota Adm. Jakarta Pusat' }).code).toBe('31.71');
    expect(matchLocation(g, { province: 'Jawa Tenga', regency: 'Kota Semarang' })).toEqual({
      code: '33.74',
      issues: [{ field: 'province', value: 'Jawa Tenga', code: 'unknown_region', suggestions: ['33 Jawa Tengah'] }],
    });
  });

  it("holds our seed's regencies and districts (fixtures/regions.json) under their codes", () => {
    const regions = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'regions.json'), 'utf8')) as { code: string; name: string; districts: string[] }[];
    for (const r of regions) {
      expect(matchLocation(g, { province: 'Bali', regency: r.name }).code, r.name).toBe(dottedCode(r.code));
      for (const d of r.districts) expect(matchLocation(g, { regency: r.name, district: d }).code?.startsWith(`${dottedCode(r.code)}.`), `${r.name} / ${d}`).toBe(true);
    }
  });
});
