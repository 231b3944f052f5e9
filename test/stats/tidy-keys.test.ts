// Every tidy output of `lapor stats annual|trend` (csv, json, ndjson) names each figure once: the key
// (year, scope, figure, dimension, key) is unique, for full and public reports, every breakdown and the
// institution table (whose received column is the institution breakdown, not repeated). The same check runs
// on reports computed by the server in imported-closed.test.ts.

import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { BREAKDOWNS, type StatsAnnualReport, type StatsTrendReport } from '../../src/domain/stats.js';
import { createTestDeps } from '../helpers/deps.js';
import { EMPTY } from '../helpers/fakeApi.js';
import { samplePublicReport, sampleReport, sampleReportLongRanking, sampleTrend } from './fixture.js';
import { duplicateTidyKeys } from './helpers.js';

type Row = { year: unknown; scope: unknown; figure: unknown; dimension: unknown; key: unknown; value: unknown };

async function tidy(argv: string[], report: { annual?: StatsAnnualReport; trend?: StatsTrendReport }): Promise<Row[]> {
  const deps = createTestDeps({ data: EMPTY, tty: false, argv });
  Object.assign(deps.fake, {
    async statsAnnual() {
      return report.annual ?? sampleReport();
    },
    async statsTrend() {
      return report.trend ?? sampleTrend();
    },
  });
  const code = await runCli(argv, deps);
  expect(code, deps.io.errText()).toBe(0);
  const out = deps.io.outText();
  const format = argv[argv.indexOf('--format') + 1];
  if (format === 'json') return JSON.parse(out) as Row[];
  if (format === 'ndjson') return out.trimEnd().split('\n').map((l) => JSON.parse(l) as Row);
  return parse(out, { columns: true }) as Row[];
}

const ANNUAL: [string, () => StatsAnnualReport][] = [
  ['full', sampleReport],
  ['public', samplePublicReport],
  ['full, long ranking', () => sampleReportLongRanking(false)],
  ['public, long ranking', () => sampleReportLongRanking(true)],
];
const TREND: [string, () => StatsTrendReport][] = [
  ['full', sampleTrend],
  [
    'public',
    () => {
      const t = sampleTrend();
      t.public = true;
      t.k = 10;
      t.years[3].headline = { ...t.years[3].headline, postponedNow: null };
      t.suppressed = ['2024.headline.postponedNow'];
      return t;
    },
  ],
];

describe('tidy stats keys are unique', () => {
  for (const format of ['csv', 'json', 'ndjson'] as const) {
    for (const [name, make] of ANNUAL) {
      it(`annual, ${name}, ${format}`, async () => {
        const report = make();
        const rows = await tidy(['stats', 'annual', '--format', format], { annual: report });
        expect(duplicateTidyKeys(rows)).toEqual([]);
        // every breakdown cell and every institution of the table is there, received once each
        for (const dim of BREAKDOWNS) {
          for (const cell of report.breakdowns[dim]) {
            expect(rows.filter((r) => r.figure === 'received' && r.dimension === dim && String(r.key) === cell.key), `${dim}.${cell.key}`).toHaveLength(1);
          }
        }
        for (const row of report.institutions) {
          expect(rows.some((r) => r.figure === 'rank' && r.dimension === 'institution' && r.key === row.institutionId)).toBe(true);
          expect(rows.filter((r) => r.figure === 'received' && r.dimension === 'institution' && r.key === row.institutionId)).toHaveLength(
            report.breakdowns.institution.some((c) => c.key === row.institutionId) ? 1 : 0,
          );
        }
      });
    }
    for (const [name, make] of TREND) {
      it(`trend, ${name}, ${format}`, async () => {
        const rows = await tidy(['stats', 'trend', '--from', '2021', '--to', '2024', '--format', format], { trend: make() });
        expect(rows.length).toBeGreaterThan(0);
        expect(duplicateTidyKeys(rows)).toEqual([]);
      });
    }
  }
});
