// Shared pieces of the statistics tests: a server with tokens, report fetching, and the comparison of a
// report with the independent recomputation. Not a test file itself.

import { expect } from 'vitest';
import { StatsAnnualReportSchema, type StatsAnnualReport } from '../../src/domain/stats.js';
import type { Case } from '../../src/domain/types.js';
import { call, type TestServer } from '../helpers/server.js';
import type { Expected } from './recompute.js';

export async function annual(server: TestServer, query: string, token = server.tokens.stat): Promise<StatsAnnualReport> {
  const res = await call(server.url, 'GET', `/v1/stats/annual?${query}`, { token });
  expect(res.status, res.text).toBe(200);
  return StatsAnnualReportSchema.parse(res.body);
}

/** Applies one action through the API with If-Match. */
export async function act(server: TestServer, id: string, body: Record<string, unknown>): Promise<void> {
  const c = await call<Case>(server.url, 'GET', `/v1/cases/${encodeURIComponent(id)}`, { token: server.tokens.admin });
  expect(c.status, c.text).toBe(200);
  const res = await call(server.url, 'POST', `/v1/cases/${encodeURIComponent(id)}/actions`, {
    token: server.tokens.admin,
    body,
    headers: { 'if-match': `"${c.body.version}"` },
  });
  expect(res.status, res.text).toBe(200);
}

function cellsOf(report: StatsAnnualReport, dim: keyof StatsAnnualReport['breakdowns']): Map<string, number> {
  return new Map(report.breakdowns[dim].filter((c) => c.count !== 0).map((c) => [c.key, c.count ?? -1]));
}

function nonZero(m: Map<string, number> | undefined): Map<string, number> {
  return new Map([...(m ?? new Map<string, number>())].filter(([, n]) => n !== 0));
}

/** The report equals the recomputation: every headline figure, every breakdown, the institution table. */
export function expectReportEquals(report: StatsAnnualReport, expected: Expected): void {
  expect(report.headline).toEqual(expected.headline);
  for (const dim of ['classification', 'category', 'categoryTop', 'channel', 'region', 'month', 'institution', 'statusNow', 'statusAtYearEnd', 'archiveReason'] as const) {
    expect(cellsOf(report, dim), dim).toEqual(nonZero(expected.byDim[dim]));
  }
  const rows = new Map(report.institutions.map((r) => [r.institutionId, r]));
  expect([...rows.keys()].sort()).toEqual([...expected.institutions.keys()].sort());
  for (const [id, e] of expected.institutions) {
    const r = rows.get(id)!;
    expect(
      {
        received: r.received,
        disposed: r.disposed,
        followedUp: r.followedUp,
        completed: r.completed,
        responseMedian: r.responseMedianWorkingDays,
        closingMedian: r.closingMedianWorkingDays,
        responseMedianHours: r.responseMedianHours,
        closingMedianHours: r.closingMedianHours,
        responseOnTimeShare: r.responseOnTimeShare,
      },
      id,
    ).toEqual(e);
  }
  // the ranked rows first (1, 2, 3, …, each with the minimum of cases), by completion rate, then the rest
  const ranked = report.institutions.filter((r) => r.rank !== null);
  expect(report.institutions.slice(0, ranked.length)).toEqual(ranked);
  expect(ranked.map((r) => r.rank)).toEqual(ranked.map((_, i) => i + 1));
  for (const r of ranked) expect(r.received ?? 0).toBeGreaterThanOrEqual(report.rankingMinCases);
  for (let i = 1; i < ranked.length; i += 1) expect(ranked[i - 1].completionRate ?? -1).toBeGreaterThanOrEqual(ranked[i].completionRate ?? -1);
  for (const r of report.institutions.slice(ranked.length)) expect(r.received === null || r.received < report.rankingMinCases || r.completionRate === null, r.institutionId).toBe(true);
}

/** The identity of a tidy row: one figure of one dimension value of one year and scope. */
export function tidyKey(r: { year: unknown; scope: unknown; figure: unknown; dimension: unknown; key: unknown }): string {
  return JSON.stringify([String(r.year), String(r.scope), r.figure, r.dimension, String(r.key)]);
}

/** The tidy keys that occur more than once (with their count), for an exact failure message. */
export function duplicateTidyKeys(rows: readonly { year: unknown; scope: unknown; figure: unknown; dimension: unknown; key: unknown }[]): string[] {
  const seen = new Map<string, number>();
  for (const r of rows) seen.set(tidyKey(r), (seen.get(tidyKey(r)) ?? 0) + 1);
  return [...seen].filter(([, n]) => n > 1).map(([k, n]) => `${k} ×${n}`);
}
