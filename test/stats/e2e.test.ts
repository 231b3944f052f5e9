// `lapor stats` as a statistician runs it: the real binary (node bin/lapor.js over dist/) in a child process
// against a real API on PGlite with generated cases — the client validates the server's answer, the tidy
// JSON agrees with the database, a public CSV hides small cells, the trend and the HTML page are written.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedCases } from '../../src/server/seed/load.js';
import { buildOnce } from '../e2e/bulk-helpers.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { runLapor, type Exit } from '../helpers/spawn.js';

const NOW = '2024-07-15T03:00:00.000Z';

let server: TestServer;
const home = mkdtempSync(join(tmpdir(), 'lapor-stats-e2e-'));

function lapor(args: readonly string[], token = server.tokens.stat): Promise<Exit> {
  const env = { PATH: process.env.PATH ?? '', HOME: home, LANG: 'en_US.UTF-8', LAPOR_API_URL: server.url, LAPOR_TOKEN: token, XDG_CONFIG_HOME: join(home, 'config') };
  return runLapor(args, { cwd: home, env });
}

describe('lapor stats end to end', () => {
  beforeAll(async () => {
    buildOnce();
    server = await startTestServer('pglite', { now: new Date(NOW) });
    await seedCases(server.server.db, { count: 3000, years: [2023, 2024], seed: 9, now: NOW });
  }, 300_000);
  afterAll(async () => server?.close());

  test('annual JSON: tidy rows that agree with the database', async () => {
    const r = await lapor(['stats', 'annual', '--year', '2023', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    const rows = JSON.parse(r.out) as { figure: string; dimension: string; key: string; value: number | null }[];
    const [{ n }] = await server.server.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM cases WHERE submitted_at >= '2023-01-01T00:00:00+08:00' AND submitted_at < '2024-01-01T00:00:00+08:00'`,
    );
    expect(rows.find((x) => x.figure === 'received' && x.dimension === 'total')?.value).toBe(n);
    const months = rows.filter((x) => x.dimension === 'month');
    expect(months).toHaveLength(12);
    expect(months.reduce((a, x) => a + (x.value ?? 0), 0)).toBe(n);
  }, 60_000);

  test('public CSV for an institution: no published count below k', async () => {
    const r = await lapor(['stats', 'annual', '--year', '2024', '--institution', 'denpasar', '--public', '--k', '5', '--format', 'csv']);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('year,scope,figure,dimension,key,value,suppressed');
    const counts = lines
      .slice(1)
      .map((l) => l.split(','))
      .filter((c) => ['received', 'disposed', 'followedUp', 'completed', 'archived'].includes(c[2]) && c[5] !== '');
    expect(counts.length).toBeGreaterThan(10);
    for (const c of counts) expect(Number(c[5]) === 0 || Number(c[5]) >= 5, c.join(',')).toBe(true);
    expect(lines.some((l) => l.endsWith(',true'))).toBe(true);
    expect(lines.every((l) => l.split(',')[1] === 'denpasar' || l.startsWith('year'))).toBe(true);
  }, 60_000);

  test('trend and the HTML page', async () => {
    const t = await lapor(['stats', 'trend', '--from', '2023', '--to', '2024', '--format', 'csv']);
    expect(t.code, t.err).toBe(0);
    expect(t.out).toContain('2024,,change.received,total,,');
    const file = join(home, 'laporan.html');
    const h = await lapor(['stats', 'annual', '--year', '2023', '--format', 'html', '-o', file, '--lang', 'id']);
    expect(h.code, h.err).toBe(0);
    expect(h.err).toContain(`laporan ditulis ke ${file}`);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('Statistik Pengaduan Tahun 2023');
    expect(html).toContain('Complaint Statistics 2023');
  }, 60_000);

  test('a liaison is limited to its unit; an unknown institution is a clear error, a typo gets a suggestion', async () => {
    const own = await lapor(['stats', 'annual', '--year', '2024', '--format', 'json'], server.tokens['liaison.badung.dinkes']);
    expect(own.code, own.err).toBe(0);
    const rows = JSON.parse(own.out) as { scope: string }[];
    expect(rows[0].scope).toBe('badung.dinkes');
    // named on the client against the reference data: a usage error (exit 2) before the statistics are asked for
    const bad = await lapor(['stats', 'annual', '--institution', 'nowhere', '--lang', 'en']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('no institution matches "nowhere"');
    const near = await lapor(['stats', 'annual', '--institution', 'bdung', '--lang', 'id']);
    expect(near.code).toBe(2);
    expect(near.err).toContain('maksud Anda badung (Pemerintah Kabupaten Badung)?');
  }, 60_000);
});
