// `lapor stats annual|trend` in-process against a fake API answering fixed reports: the terminal report in
// both languages (golden files, fixed clock, colour off, width 80), the tidy CSV/JSON and the piped form,
// the HTML page written with -o, public reports, and the usage errors (exit 2, before any request).

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StatsAnnualParams, StatsTrendParams } from '../../src/api/types.js';
import { runCli } from '../../src/cli/main.js';
import type { StatsAnnualReport, StatsTrendReport } from '../../src/domain/stats.js';
import { createTestDeps } from '../helpers/deps.js';
import { EMPTY } from '../helpers/fakeApi.js';
import { samplePublicReport, sampleReport, sampleTrend } from './fixture.js';

const GOLDEN = '../../fixtures/golden/stats';

async function runStats(argv: string[], options: { tty?: boolean; annual?: StatsAnnualReport; trend?: StatsTrendReport } = {}) {
  const deps = createTestDeps({ data: EMPTY, tty: options.tty ?? false, argv });
  const calls: { annual: StatsAnnualParams[]; trend: StatsTrendParams[] } = { annual: [], trend: [] };
  Object.assign(deps.fake, {
    async statsAnnual(q: StatsAnnualParams = {}) {
      calls.annual.push(q);
      return options.annual ?? sampleReport();
    },
    async statsTrend(q: StatsTrendParams) {
      calls.trend.push(q);
      return options.trend ?? sampleTrend();
    },
  });
  const code = await runCli(argv, deps);
  return { code, out: deps.io.outText(), err: deps.io.errText(), calls };
}

describe('lapor stats annual', () => {
  for (const lang of ['id', 'en'] as const) {
    it(`shows the report on a terminal with bars and definitions (${lang})`, async () => {
      const r = await runStats(['stats', 'annual', '--year', '2024', '--lang', lang], { tty: true });
      expect(r.code, r.err).toBe(0);
      expect(r.err).toBe('');
      expect(r.calls.annual).toEqual([{ year: 2024, institution: undefined, public: undefined, k: undefined }]);
      for (const line of r.out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
      expect(r.out).toContain('█');
      await expect(r.out).toMatchFileSnapshot(`${GOLDEN}/annual-tty-${lang}.txt`);
    });

    it(`shows a public report with its suppression note (${lang})`, async () => {
      const r = await runStats(['stats', 'annual', '--year', '2024', '--public', '--lang', lang], { tty: true, annual: samplePublicReport() });
      expect(r.code, r.err).toBe(0);
      expect(r.calls.annual[0]).toEqual({ year: 2024, institution: undefined, public: true, k: undefined });
      await expect(r.out).toMatchFileSnapshot(`${GOLDEN}/annual-public-tty-${lang}.txt`);
    });
  }

  it('writes tidy CSV: one row per figure × dimension', async () => {
    const r = await runStats(['stats', 'annual', '--year', '2024', '--format', 'csv']);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe('year,scope,figure,dimension,key,value,suppressed');
    expect(lines).toContain('2024,,received,total,,12480,false');
    expect(lines).toContain('2024,,received,channel,sms_1708,1498,false');
    expect(lines).toContain('2024,,received,month,12,1460,false');
    expect(lines).toContain('2024,,completionRate,institution,bali.dinkes,0.9407665505226481,false');
    await expect(r.out).toMatchFileSnapshot(`${GOLDEN}/annual-csv.txt`);
  });

  it('writes tidy JSON and marks suppressed figures', async () => {
    const r = await runStats(['stats', 'annual', '--format', 'json', '--public', '--k', '10'], { annual: samplePublicReport() });
    expect(r.code, r.err).toBe(0);
    expect(r.calls.annual[0]).toEqual({ year: undefined, institution: undefined, public: true, k: 10 });
    const rows = JSON.parse(r.out) as { figure: string; dimension: string; key: string; value: number | null; suppressed: boolean }[];
    expect(rows.find((x) => x.figure === 'postponedNow' && x.dimension === 'total')).toMatchObject({ value: null, suppressed: true });
    expect(rows.find((x) => x.dimension === 'statusNow' && x.key === 'postponed')).toMatchObject({ value: null, suppressed: true });
    expect(rows.find((x) => x.figure === 'received' && x.dimension === 'total')).toMatchObject({ value: 12480, suppressed: false });
    expect(rows.filter((x) => x.suppressed)).toHaveLength(3);
  });

  it('piped table: tab-separated tidy rows, no header', async () => {
    const r = await runStats(['stats', 'annual', '--year', '2024']);
    expect(r.code, r.err).toBe(0);
    expect(r.out.split('\n')[0]).toBe('2024\t\treceived\ttotal\t\t12480\tfalse');
    await expect(r.out).toMatchFileSnapshot(`${GOLDEN}/annual-piped.txt`);
  });

  it('writes the HTML page to -o and says so on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lapor-stats-'));
    const file = join(dir, 'laporan.html');
    const r = await runStats(['stats', 'annual', '--year', '2024', '--format', 'html', '-o', file, '--lang', 'en']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toBe(`report written to ${file}\n`);
    const html = readFileSync(file, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<html lang="en">');
    expect(html).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
  });

  it('refuses --k without --public, and bad values, before any request (exit 2)', async () => {
    for (const argv of [
      ['stats', 'annual', '--k', '5', '--lang', 'en'],
      ['stats', 'annual', '--year', '24', '--lang', 'en'],
      ['stats', 'annual', '--public', '--k', '1', '--lang', 'en'],
      ['stats', 'annual', '--format', 'xml', '--lang', 'en'],
    ]) {
      const r = await runStats(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.calls.annual).toEqual([]);
      expect(r.out).toBe('');
    }
    const r = await runStats(['stats', 'annual', '--k', '5', '--lang', 'en']);
    expect(r.err).toContain('--k only applies with --public');
  });

  it('cannot write to a missing directory: a clear error, exit 1', async () => {
    const r = await runStats(['stats', 'annual', '--format', 'html', '-o', '/nonexistent/dir/x.html', '--lang', 'en']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('cannot write /nonexistent/dir/x.html: ENOENT');
  });
});

describe('lapor stats trend', () => {
  for (const lang of ['id', 'en'] as const) {
    it(`shows the years with changes and bars (${lang})`, async () => {
      const r = await runStats(['stats', 'trend', '--from', '2021', '--to', '2024', '--lang', lang], { tty: true });
      expect(r.code, r.err).toBe(0);
      expect(r.calls.trend).toEqual([{ from: 2021, to: 2024, institution: undefined, public: undefined, k: undefined }]);
      for (const line of r.out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
      await expect(r.out).toMatchFileSnapshot(`${GOLDEN}/trend-tty-${lang}.txt`);
    });
  }

  it('tidy CSV holds each year and its changes', async () => {
    const r = await runStats(['stats', 'trend', '--from', '2021', '--to', '2024', '--format', 'csv']);
    const lines = r.out.split('\n');
    expect(lines).toContain('2022,,received,total,,8480,false');
    expect(lines.some((l) => l.startsWith('2022,,change.received,total,,0.2201'))).toBe(true);
  });

  it('needs --from and --to in order (exit 2)', async () => {
    const missing = await runStats(['stats', 'trend', '--from', '2021', '--lang', 'en']);
    expect(missing.code).toBe(2);
    const reversed = await runStats(['stats', 'trend', '--from', '2024', '--to', '2021', '--lang', 'en']);
    expect(reversed.code).toBe(2);
    expect(reversed.err).toContain('--to (2021) is before --from (2024)');
    expect(reversed.calls.trend).toEqual([]);
  });
});
