// XLSX end to end (#17, scope 5), through the built CLI against a real API: `export cases --format xlsx` read
// back with exceljs (typed cells, frozen header, widths, zone, labels), the refusal to write it to a terminal,
// a workbook imported back into an empty server giving the same cases, `stats annual --format xlsx`, and the
// spreadsheet itself: LibreOffice (Debian's libreoffice-calc) converts our XLSX and our excel-id CSV, and the
// cells it keeps are read back.
//
// LibreOffice's CSV import is run with the options a user gets when double-clicking a .csv the first time
// (LibreOffice's own defaults, officecfg Calc/Dialogs/CSVImport): separators comma, semicolon and tab; text
// delimiter "; character set detected (UTF-8, from the BOM); from line 1; the user's locale (here Indonesian,
// 1057: `,` is the decimal mark); "Format quoted field as text" off; "Detect special numbers" off; "Evaluate
// formulas" off. As a filter string: CSV:44/59/9,34,76,1,,1057,false,false,false,false,false,,false.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from '../helpers/server.js';
import { BIN, ROOT, homeEnv } from '../helpers/spawn.js';
import { toolAvailable } from '../helpers/tools.js';

interface Result {
  code: number | null;
  out: Buffer;
  err: string;
}

let home: string;
let env: Record<string, string>;

function lapor(args: readonly string[], api: string, token: string, extra: Record<string, string> = {}): Promise<Result> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: home, env: { ...env, LAPOR_API_URL: api, LAPOR_TOKEN: token, ...extra }, stdio: 'pipe' });
  child.stdin.end();
  const out: Buffer[] = [];
  let err = '';
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, out: Buffer.concat(out), err }));
  });
}

const NIK = '3201234567890123';
const PHONE = '081234567890123';
/** Texts a spreadsheet likes to turn into something else. */
const TITLES = ['007', '3,14', '1/2/2023', '50%', '=1+1', '+62 812 3456 7890', '-5', '@SUM(A1)'];
const PURPOSE = ['--content', 'pii', '--purpose', 'uji spreadsheet'];

async function readBook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/** The cells of a sheet by header: row → header → cell. */
function byHeader(ws: ExcelJS.Worksheet): Map<string, ExcelJS.Cell>[] {
  const headers = (ws.getRow(1).values as unknown[]).map((v) => String(v));
  const rows: Map<string, ExcelJS.Cell>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const m = new Map<string, ExcelJS.Cell>();
    row.eachCell({ includeEmpty: true }, (cell, i) => m.set(headers[i], cell));
    rows.push(m);
  });
  return rows;
}

beforeAll(() => {
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, encoding: 'utf8' });
  expect(existsSync(join(ROOT, 'dist', 'cli.bundle', 'main.cjs')), build.stdout + build.stderr).toBe(true);
  home = mkdtempSync(join(tmpdir(), 'lapor-e2e-xlsx-'));
  env = homeEnv(home);
});

afterAll(() => {
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('XLSX through the CLI', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer('pglite', { now: new Date('2024-03-04T02:00:00Z') });
    for (const [i, title] of TITLES.entries()) {
      const res = await call(server.url, 'POST', '/v1/cases', {
        token: server.tokens.admin,
        body: {
          trackingId: `XL-${i + 1}`,
          classification: i % 2 === 0 ? 'complaint' : 'aspiration',
          title,
          body: `Isi ${title}`,
          channel: 'sms_1708',
          incidentDate: '2023-08-06',
          submittedAt: new Date(Date.UTC(2024, 0, 5 + i, 1, 15)).toISOString(),
          institutionId: 'badung.dinkes',
          reporter: { name: `Pelapor ${i}`, contact: PHONE, nik: NIK },
        },
      });
      expect(res.status, res.text).toBe(201);
    }
  });

  afterAll(async () => {
    await server?.close();
  });

  it('exports typed cells under a frozen header: text as text, numbers, booleans, dates in the zone, labels', async () => {
    const file = join(home, 'laporan.xlsx');
    const r = await lapor(
      ['export', 'cases', ...PURPOSE, '--format', 'xlsx', '--header', 'id', '--labels', 'id', '--timezone', 'Asia/Makassar', '-o', file],
      server.url,
      server.tokens.admin,
      { LANG: 'en_US.UTF-8' },
    );
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`${TITLES.length} cases exported to ${file} (pii profile, xlsx)`);
    const wb = await readBook(file);
    expect(wb.worksheets.length).toBe(1);
    const ws = wb.worksheets[0];
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 3)).toEqual(['ID Pelacakan', 'Klasifikasi', 'Kategori']);
    expect(headers).toContain('NIK Pelapor');
    ws.columns.forEach((c, i) => expect(c.width, String(headers[i])).toBeGreaterThanOrEqual(10));
    const rows = byHeader(ws);
    // exact texts: a text cell needs no `'` escape (it is never a formula nor a number)
    expect(rows.map((m) => m.get('Judul')?.value)).toEqual(TITLES);
    for (const m of rows) {
      expect(m.get('Judul')?.type).toBe(ExcelJS.ValueType.String);
      expect(m.get('NIK Pelapor')?.value).toBe(NIK);
      expect(m.get('NIK Pelapor')?.type).toBe(ExcelJS.ValueType.String);
      expect(m.get('Kontak Pelapor')?.value).toBe(PHONE);
      expect(m.get('Anonim')?.value).toBe('false');
      expect(m.get('Tanggal Kejadian')?.value).toEqual(new Date('2023-08-06T00:00:00Z'));
      expect(m.get('Sumber Laporan')?.value).toBe('SMS 1708');
      expect(m.get('Status')?.value).toBe('Belum Terverifikasi');
    }
    // 01:15 UTC is 09:15 in Makassar (WITA, UTC+8)
    expect(rows[0].get('Waktu Masuk')?.value).toEqual(new Date('2024-01-05T09:15:00Z'));
    expect(rows[0].get('Waktu Masuk')?.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(rows[0].get('Klasifikasi')?.value).toBe('Pengaduan');
  });

  it('refuses to write XLSX to a terminal (exit 2, before any request); a pipe is fine', async () => {
    const tty = await lapor(['export', 'cases', '--format', 'xlsx'], server.url, server.tokens.admin, { LAPOR_FORCE_TTY: '1', LANG: 'en_US.UTF-8' });
    expect(tty.code).toBe(2);
    expect(tty.out.length).toBe(0);
    expect(tty.err).toContain('XLSX is a binary file and is not written to a terminal');
    const stats = await lapor(['stats', 'annual', '--year', '2024', '--format', 'xlsx'], server.url, server.tokens.admin, { LAPOR_FORCE_TTY: '1' });
    expect(stats.code).toBe(2);
    const piped = await lapor(['export', 'cases', '--format', 'xlsx'], server.url, server.tokens.admin);
    expect(piped.code, piped.err).toBe(0);
    expect(piped.out.subarray(0, 2).toString('latin1')).toBe('PK');
  });

  it('imports its own workbook (labels and zone included) back to the same cases', async () => {
    const file = join(home, 'roundtrip.xlsx');
    const exported = await lapor(
      ['export', 'cases', ...PURPOSE, '--format', 'xlsx', '--labels', 'id', '--timezone', 'Asia/Makassar', '-o', file],
      server.url,
      server.tokens.admin,
    );
    expect(exported.code, exported.err).toBe(0);
    const empty = await startTestServer('pglite', { now: new Date('2024-03-04T02:00:00Z') });
    try {
      const imported = await lapor(['import', 'cases', file], empty.url, empty.tokens.admin);
      expect(imported.code, imported.err).toBe(0);
      const csv = ['export', 'cases', ...PURPOSE];
      const before = await lapor(csv, server.url, server.tokens.admin);
      const after = await lapor(csv, empty.url, empty.tokens.admin);
      expect(after.code, after.err).toBe(0);
      expect(after.out.toString('utf8')).toBe(before.out.toString('utf8'));
    } finally {
      await empty.close();
    }
  });

  it('--timezone and --labels on the CSV: local time with offset, names the import reads back', async () => {
    const r = await lapor(['export', 'cases', '--timezone', 'WITA', '--labels', 'en', '--header', 'en'], server.url, server.tokens.admin);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.toString('utf8').split('\r\n');
    expect(lines[0].startsWith('Tracking ID,Classification,')).toBe(true);
    expect(lines[1]).toContain(',Complaint,');
    expect(lines[1]).toContain(',2024-01-05T09:15:00.000+08:00,');
    expect(lines[1]).toContain(',Not verified,');
  });

  it('stats annual --format xlsx: the tidy rows as typed cells', async () => {
    const file = join(home, 'statistik.xlsx');
    const r = await lapor(['stats', 'annual', '--year', '2024', '--format', 'xlsx', '-o', file], server.url, server.tokens.admin);
    expect(r.code, r.err).toBe(0);
    const ws = (await readBook(file)).worksheets[0];
    expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(['year', 'scope', 'figure', 'dimension', 'key', 'value', 'suppressed']);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const received = byHeader(ws).find((m) => m.get('figure')?.value === 'received' && m.get('dimension')?.value === 'total');
    expect(received?.get('year')?.value).toBe(2024);
    expect(received?.get('value')?.value).toBe(TITLES.length);
    expect(received?.get('suppressed')?.value).toBe('false');
  });

  describe('opened in LibreOffice', () => {
    const soffice = '/usr/bin/soffice';
    const available = toolAvailable(soffice);
    const DEFAULT_CSV_IMPORT = 'CSV:44/59/9,34,76,1,,1057,false,false,false,false,false,,false';

    /**
     * Opens a file in LibreOffice headless and saves it as flat ODF (.fods: LibreOffice's own cells, with
     * each cell's value type and formula as LibreOffice holds them). Its own profile, so no other instance
     * interferes.
     */
    function openInLibreOffice(file: string, infilter?: string): FodsCell[][] {
      const dir = mkdtempSync(join(home, 'lo-'));
      const args = ['--headless', `-env:UserInstallation=file://${join(home, 'lo-profile')}`, '--convert-to', 'fods', '--outdir', dir];
      if (infilter) args.push(`--infilter=${infilter}`);
      const r = spawnSync(soffice, [...args, file], { encoding: 'utf8', timeout: 180_000, env: { ...process.env, HOME: home } });
      const out = join(dir, file.split('/').pop()!.replace(/\.[a-z]+$/, '.fods'));
      expect(existsSync(out), `${r.stdout}\n${r.stderr}`).toBe(true);
      return readFods(readFileSync(out, 'utf8'));
    }

    /** Rows of the first sheet as objects by header. */
    function records(rows: FodsCell[][]): Map<string, FodsCell>[] {
      const headers = rows[0].map((c) => c.text);
      return rows.slice(1).map((row) => new Map(headers.map((h, i) => [h, row[i] ?? EMPTY])));
    }

    it.runIf(available)('our XLSX: 0 formulas; NIK, phone, 007, 3,14 and the rest kept as text, exactly; dates as dates', async () => {
      const file = join(home, 'lo.xlsx');
      const r = await lapor(['export', 'cases', ...PURPOSE, '--format', 'xlsx', '--header', 'id', '-o', file], server.url, server.tokens.admin);
      expect(r.code, r.err).toBe(0);
      const rows = openInLibreOffice(file);
      expect(rows.flat().filter((c) => c.formula !== null)).toEqual([]);
      const recs = records(rows);
      // a text cell is never a formula nor a number: it holds the exact text, no `'` escape
      expect(recs.map((m) => m.get('Judul')?.text)).toEqual(TITLES);
      for (const m of recs) {
        for (const h of ['ID Pelacakan', 'Judul', 'NIK Pelapor', 'Kontak Pelapor']) expect(m.get(h)?.type, h).toBe('string');
        expect(m.get('NIK Pelapor')?.text).toBe(NIK);
        expect(m.get('Kontak Pelapor')?.text).toBe(PHONE);
        expect(m.get('Tanggal Kejadian')).toMatchObject({ type: 'date', value: '2023-08-06' });
        expect(m.get('Waktu Masuk')?.type).toBe('date');
      }
      expect(recs[0].get('Waktu Masuk')?.value).toBe('2024-01-05T01:15:00');
    });

    it.runIf(available)('our excel-id CSV with the default import options: 0 formulas, no split row, number-like texts kept as text', async () => {
      const file = join(home, 'lo.csv');
      const r = await lapor(['export', 'cases', ...PURPOSE, '--dialect', 'excel-id', '--header', 'id', '-o', file], server.url, server.tokens.admin);
      expect(r.code, r.err).toBe(0);
      // every text cell quoted, a number-like text escaped as a formula start is
      expect(readFileSync(file, 'utf8')).toContain(`;"'${PHONE}";"'${NIK}"`);
      const rows = openInLibreOffice(file, DEFAULT_CSV_IMPORT);
      expect(rows.flat().filter((c) => c.formula !== null)).toEqual([]);
      // the comma in `3,14` (a default separator too) splits no row: every row is as wide as the header
      expect(rows.map((row) => row.length).filter((n) => n > rows[0].length)).toEqual([]);
      const recs = records(rows);
      expect(recs).toHaveLength(TITLES.length);
      const title = (t: string) => recs.find((m) => m.get('ID Pelacakan')?.text === `XL-${TITLES.indexOf(t) + 1}`)!.get('Judul')!;
      // every title is a text cell, shown with the escape mark: what a spreadsheet user sees (README)
      for (const t of TITLES) expect(title(t)).toMatchObject({ type: 'string', text: `'${t}` });
      for (const m of recs) {
        expect(m.get('NIK Pelapor')).toMatchObject({ type: 'string', text: `'${NIK}` });
        expect(m.get('Kontak Pelapor')).toMatchObject({ type: 'string', text: `'${PHONE}` });
        expect(m.get('Tanggal Kejadian')).toMatchObject({ type: 'date', value: '2023-08-06' });
        // an ISO instant (`…T01:15:00.000Z`) is no date to the default import (special numbers off): it stays
        // the exact text, unescaped (use XLSX for instants as spreadsheet dates)
        expect(m.get('Waktu Masuk')?.text).toMatch(/^2024-01-\d\dT01:15:00\.000Z$/);
      }
    });
  });
});

/** A cell of a flat ODF spreadsheet as LibreOffice saved it. */
interface FodsCell {
  /** office:value-type: string, float, date, percentage, boolean, … (null: an empty cell). */
  type: string | null;
  /** office:value / office:date-value … (null for text). */
  value: string | null;
  formula: string | null;
  text: string;
}
const EMPTY: FodsCell = { type: null, value: null, formula: null, text: '' };

function xmlText(s: string): string {
  return s
    .replace(/<text:s text:c="(\d+)"\/>/g, (_, n: string) => ' '.repeat(Number(n)))
    .replace(/<text:s\/>/g, ' ')
    .replace(/<text:tab\/>/g, '\t')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The first table of a .fods file: rows of cells (repeated cells expanded, trailing empty ones dropped). */
function readFods(xml: string): FodsCell[][] {
  const table = /<table:table\b[\s\S]*?<\/table:table>/.exec(xml)?.[0] ?? '';
  const rows: FodsCell[][] = [];
  for (const row of table.matchAll(/<table:table-row\b[^>]*?(?:\/>|>([\s\S]*?)<\/table:table-row>)/g)) {
    const cells: FodsCell[] = [];
    for (const m of (row[1] ?? '').matchAll(/<table:(?:covered-)?table-cell\b([^>]*?)(?:\/>|>([\s\S]*?)<\/table:(?:covered-)?table-cell>)/g)) {
      const attrs = Object.fromEntries([...m[1].matchAll(/([\w:-]+)="([^"]*)"/g)].map((a) => [a[1], xmlText(a[2])]));
      const type = attrs['office:value-type'] ?? null;
      const cell: FodsCell = {
        type,
        value: attrs['office:value'] ?? attrs['office:date-value'] ?? attrs['office:time-value'] ?? attrs['office:boolean-value'] ?? null,
        formula: attrs['table:formula'] ?? null,
        text: [...(m[2] ?? '').matchAll(/<text:p>([\s\S]*?)<\/text:p>/g)].map((p) => xmlText(p[1])).join('\n'),
      };
      const repeat = Math.min(Number(attrs['table:number-columns-repeated'] ?? 1), 64);
      for (let i = 0; i < repeat; i += 1) cells.push(cell);
    }
    while (cells.length > 0 && cells[cells.length - 1].type === null && cells[cells.length - 1].formula === null) cells.pop();
    if (cells.length > 0) rows.push(cells);
  }
  return rows;
}
