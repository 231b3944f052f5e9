// `lapor stats institutions` as a statistician runs it: the built binary in a child process against a real
// API on PGlite with generated cases and a few breach records — every format: the piped table, CSV, JSON and
// NDJSON agree with the API's report, the XLSX opens in exceljs with typed cells, the HTML page is written
// with its ranking rule, the public CSV hides small counts.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { StatsInstitutionsReportSchema, type StatsInstitutionsReport } from '../../src/domain/evidence.js';
import { seedCases } from '../../src/server/seed/load.js';
import { buildOnce } from '../e2e/bulk-helpers.js';
import { call, startTestServer, type TestServer } from '../helpers/server.js';
import { runLapor, type Exit } from '../helpers/spawn.js';

const NOW = '2024-07-15T03:00:00.000Z';

let server: TestServer;
let api: StatsInstitutionsReport;
const home = mkdtempSync(join(tmpdir(), 'lapor-evidence-e2e-'));

function lapor(args: readonly string[], token = server.tokens.stat): Promise<Exit> {
  const env = { PATH: process.env.PATH ?? '', HOME: home, LANG: 'en_US.UTF-8', LAPOR_API_URL: server.url, LAPOR_TOKEN: token, XDG_CONFIG_HOME: join(home, 'config') };
  return runLapor(args, { cwd: home, env });
}

describe('lapor stats institutions end to end', () => {
  beforeAll(async () => {
    buildOnce();
    server = await startTestServer('pglite', { now: new Date(NOW) });
    await seedCases(server.server.db, { count: 800, years: [2023, 2024], seed: 11, now: NOW });
    await server.server.db.query(
      `INSERT INTO sla_breaches (tracking_id, clock, due_at, breached_at, institution_id, status)
       SELECT tracking_id, 'response', response_due_at, response_due_at, institution_id, status FROM cases
       WHERE response_due_at >= '2024-01-01' AND response_due_at < '2024-07-01' AND institution_id IS NOT NULL AND first_response_at IS NULL`,
    );
    const res = await call(server.url, 'GET', '/v1/stats/institutions?year=2024', { token: server.tokens.stat });
    expect(res.status, res.text).toBe(200);
    api = StatsInstitutionsReportSchema.parse(res.body);
  }, 300_000);
  afterAll(async () => server?.close());

  const ownRow = (id: string) => api.institutions.find((r) => r.institutionId === id)!;

  test('JSON and NDJSON: the API report as flat rows', async () => {
    const j = await lapor(['stats', 'institutions', '--year', '2024', '--format', 'json']);
    expect(j.code, j.err).toBe(0);
    const rows = JSON.parse(j.out) as Record<string, unknown>[];
    expect(rows).toHaveLength(api.institutions.length + api.subtrees.length);
    expect(rows.filter((r) => r.scope === 'own').map((r) => r.institutionId)).toEqual(api.institutions.map((r) => r.institutionId));
    for (const r of rows.filter((x) => x.scope === 'own')) {
      const a = ownRow(String(r.institutionId));
      expect(r).toMatchObject({ year: 2024, rank: a.rank, received: a.received, within: a.within, breaches: a.breaches, daysSinceActivity: a.daysSinceActivity, suppressed: '' });
    }
    expect(api.institutions.reduce((s, r) => s + (r.breaches ?? 0), 0)).toBeGreaterThan(0);
    const n = await lapor(['stats', 'institutions', '--year', '2024', '--format', 'ndjson']);
    expect(n.code, n.err).toBe(0);
    expect(n.out.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual(rows);
  }, 60_000);

  test('CSV and the piped table: one row per institution and scope', async () => {
    const c = await lapor(['stats', 'institutions', '--year', '2024', '--format', 'csv']);
    expect(c.code, c.err).toBe(0);
    const lines = parse(c.out) as string[][];
    expect(lines[0].slice(0, 4)).toEqual(['year', 'scope', 'rank', 'institutionId']);
    expect(lines).toHaveLength(1 + api.institutions.length + api.subtrees.length);
    const t = await lapor(['stats', 'institutions', '--year', '2024']);
    expect(t.code, t.err).toBe(0);
    const first = t.out.split('\n')[0].split('\t');
    expect(first.slice(0, 4)).toEqual(['2024', 'own', String(api.institutions[0].rank), api.institutions[0].institutionId]);
  }, 60_000);

  test('XLSX: opened by exceljs, typed cells, the same rows', async () => {
    const file = join(home, 'bukti.xlsx');
    const x = await lapor(['stats', 'institutions', '--year', '2024', '--format', 'xlsx', '-o', file]);
    expect(x.code, x.err).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['year', 'scope', 'rank', 'institutionId']);
    expect(ws.rowCount).toBe(1 + api.institutions.length + api.subtrees.length);
    const second = (ws.getRow(2).values as unknown[]).slice(1);
    const top = api.institutions[0];
    expect(second[3]).toBe(top.institutionId);
    expect(second[2]).toBe(top.rank);
    expect(second[7]).toBe(top.received); // a number, not text
    expect(typeof second[12]).toBe('number'); // withinShare
  }, 60_000);

  test('HTML: the page with its ranking rule, in both languages', async () => {
    const file = join(home, 'bukti.html');
    const h = await lapor(['stats', 'institutions', '--year', '2024', '--format', 'html', '-o', file, '--lang', 'id']);
    expect(h.code, h.err).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('Paket Bukti Pengelolaan Pengaduan per Instansi 2024');
    expect(html).toContain('Complaint Handling Evidence by Institution 2024');
    expect(html).toContain('paling sedikit 10 laporan terdisposisi');
    expect(html).toContain(api.institutions[0].name);
  }, 60_000);

  test('public CSV for a subtree: no published count below k', async () => {
    const r = await lapor(['stats', 'institutions', '--year', '2024', '--institution', 'bali', '--public', '--k', '5', '--format', 'csv']);
    expect(r.code, r.err).toBe(0);
    const [head, ...rows] = parse(r.out) as string[][];
    const counts = ['received', 'disposed', 'followedUp', 'within', 'completed', 'responded', 'breaches', 'escalations'].map((c) => head.indexOf(c));
    for (const row of rows) for (const i of counts) if (row[i] !== '') expect(Number(row[i]) === 0 || Number(row[i]) >= 5, `${row[3]} ${head[i]} ${row[i]}`).toBe(true);
    expect(rows.some((row) => row[row.length - 1] !== '')).toBe(true);
  }, 60_000);
});
