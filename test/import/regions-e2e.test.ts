// Locations through the built CLI (node bin/lapor.js over dist/, rebuilt with `npm run build` first) in its
// default embedded mode: the server in the CLI's worker reads the package's area files from dist/server, an
// import fills regionCode, and the report names the misspelt regency with its suggestion.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { homeEnv, runLapor } from '../helpers/spawn.js';

describe('locations through the built CLI (embedded)', () => {
  it('fills regionCode on import and reports a misspelt regency with a suggestion', async () => {
    const home = mkdtempSync(join(tmpdir(), 'lapor-e2e-regions-'));
    const file = join(home, 'lokasi.csv');
    writeFileSync(
      file,
      'trackingId,classification,title,body,channel,status,submittedAt,province,regency,district,village\n' +
        'E2E-1,complaint,Jalan rusak,Mohon diperbaiki,web,submitted,2024-01-15T02:00:00.000Z,Bali,Kab. Badung,Kec. Kuta,Kel. Legian\n' +
        'E2E-2,complaint,Lampu mati,Mohon diganti,web,submitted,2024-01-15T03:00:00.000Z,Bali,Kabupaten Badugn,,\n',
    );
    const env = homeEnv(home);
    const imported = await runLapor(['import', 'cases', file], { cwd: home, env });
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toContain('  Regency/city "Kabupaten Badugn" (1 rows, first on line 3): unknown; did you mean "51.03 Kabupaten Badung"?\n');
    const shown = await runLapor(['cases', 'show', 'E2E-1', '--format', 'json'], { cwd: home, env });
    expect(shown.code, shown.err).toBe(0);
    expect(JSON.parse(shown.out)).toMatchObject({ regency: 'Kab. Badung', village: 'Kel. Legian', regionCode: '51.03.01.1004' });
  });
});
