// Locations matched against the official areas on both backends (PGlite; PostgreSQL when DATABASE_URL is
// set): a case import fills an empty regionCode with the most specific code its names give and keeps the
// names as written; a misspelt, ambiguous or unknown location keeps its row and is a warning of the report,
// with a suggestion; a code in the file is kept and checked. Intake fills regionCode the same way.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../src/domain/csv/wire.js';
import { intake } from '../server/api-setup.js';
import { BACKENDS, startTestServer, type TestServer } from '../helpers/server.js';
import { caseOf, lapor, tmpFile } from './helpers.js';

const HEADER = 'trackingId,classification,title,body,channel,status,submittedAt,province,regency,district,village,regionCode\n';
const row = (id: string, province: string, regency: string, district: string, village: string, code: string) =>
  `${id},complaint,Jalan rusak,Mohon diperbaiki,web,submitted,2024-01-15T02:00:00.000Z,${province},${regency},${district},${village},${code}\n`;

const FILE =
  HEADER +
  row('REG-1', 'Bali', 'Kab. Badung', 'Kec. Kuta', 'Kel. Legian', '') +
  row('REG-2', 'Bali', 'Kabupaten Badugn', '', '', '') +
  row('REG-3', 'Bali', 'Kabupaten Tabanan', '', 'Beraban', '') +
  row('REG-4', 'Bali', 'Badung', '', '', '51.71') +
  row('REG-5', '', '', '', '', '') +
  row('REG-6', '', '', '', '', '99.99') +
  row('REG-7', 'Bali', 'Kabupaten Badugn', 'Kuta', '', '');



describe.each(BACKENDS)('locations on %s', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('an import fills regionCode from the names, keeps the names, and warns with suggestions without refusing a row', async () => {
    const path = tmpFile('lokasi.csv', FILE);
    const r = await lapor(server, ['import', 'cases', path, '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    const { summary } = JSON.parse(r.out) as { summary: ImportSummary };
    expect(summary).toMatchObject({ applied: true, records: 7, created: 7, rejected: 0 });
    expect(summary.locations).toEqual([
      { field: 'regency', value: 'Kabupaten Badugn', code: 'unknown_region', suggestions: ['51.03 Kabupaten Badung'], rows: 2, line: 3 },
      { field: 'village', value: 'Beraban', code: 'ambiguous_region', suggestions: ['51.02.02.2007 Beraban', '51.02.06.2004 Beraban'], rows: 1, line: 4 },
      { field: 'regionCode', value: '51.71', code: 'region_code_mismatch', suggestions: ['51.03 Kabupaten Badung'], rows: 1, line: 5 },
      { field: 'regionCode', value: '99.99', code: 'unknown_region_code', suggestions: [], rows: 1, line: 7 },
    ]);
    expect(await caseOf(server, 'REG-1')).toMatchObject({ province: 'Bali', regency: 'Kab. Badung', district: 'Kec. Kuta', village: 'Kel. Legian', regionCode: '51.03.01.1004' });
    // the regency is misspelt: the code stays at the province, the name as written
    expect(await caseOf(server, 'REG-2')).toMatchObject({ regency: 'Kabupaten Badugn', regionCode: '51' });
    // a district is still found in the province when the regency above it is misspelt
    expect((await caseOf(server, 'REG-7')).regionCode).toBe('51.03.01');
    expect((await caseOf(server, 'REG-3')).regionCode).toBe('51.02');
    // a code in the file is kept as written, known or not
    expect((await caseOf(server, 'REG-4')).regionCode).toBe('51.71');
    expect((await caseOf(server, 'REG-5')).regionCode).toBeNull();
    expect((await caseOf(server, 'REG-6')).regionCode).toBe('99.99');
  });

  it('the report lists the unmatched locations for people, with what they may have meant', async () => {
    const path = tmpFile('lokasi.csv', FILE.replace(/REG-/g, 'REH-'));
    const en = await lapor(server, ['import', 'cases', path, '--dry-run']);
    expect(en.code, en.err).toBe(0);
    expect(en.out).toContain('Locations that match no official Kemendagri area (the rows are imported):\n');
    expect(en.out).toContain('  Regency/city "Kabupaten Badugn" (2 rows, first on line 3): unknown; did you mean "51.03 Kabupaten Badung"?\n');
    expect(en.out).toContain('  Region code "99.99" (1 rows, first on line 7): unknown region code\n');
    const id = await lapor(server, ['import', 'cases', path, '--dry-run'], { lang: 'id' });
    expect(id.out).toContain('  Kabupaten/Kota "Kabupaten Badugn" (2 baris, pertama baris 3): tidak dikenal; maksudnya "51.03 Kabupaten Badung"?\n');
  });

  it('intake fills regionCode from the names the same way, and keeps a code it is sent', async () => {
    const filled = await intake(server, { province: 'Bali', regency: 'Kota Denpasar', district: 'Denpasar Barat' });
    expect(filled).toMatchObject({ regency: 'Kota Denpasar', regionCode: '51.71.03' });
    expect((await intake(server, { regency: 'Kab. Badung', regionCode: '51.03.02' })).regionCode).toBe('51.03.02');
    expect((await intake(server, { regency: 'Kabupaten Badugn' })).regionCode).toBeNull();
    expect((await intake(server, {})).regionCode).toBeNull();
  });
});
