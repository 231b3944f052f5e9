// The institution ranking: a minimum of cases received before an institution gets a rank (a unit that
// completed its only case must not top the table), and in a public report no rank for an institution whose
// figures are hidden, with no gap in the numbering that would show where it stood.

import { describe, expect, test } from 'vitest';
import { RANKING_MIN_CASES, rankInstitutions, type InstitutionRow, type StatsAnnualReport } from '../../src/domain/stats.js';
import { publicAnnualReport } from '../../src/domain/statsPublic.js';
import { renderReportHtml } from '../../src/io/report/html.js';
import { sampleReport } from './fixture.js';

type Row = Omit<InstitutionRow, 'rank'>;

function row(id: string, received: number, completed: number, responseMedian: number | null = 3): Row {
  return {
    institutionId: id,
    name: `Instansi ${id}`,
    received,
    disposed: received,
    followedUp: received,
    followUpRate: received === 0 ? null : 1,
    good: received === 0 ? null : true,
    completed,
    completionRate: received === 0 ? null : completed / received,
    responseOnTimeShare: null,
    responseMedianWorkingDays: responseMedian,
    closingMedianWorkingDays: null,
    responseMedianHours: null,
    closingMedianHours: null,
  };
}

describe('the ranking minimum', () => {
  test('is a documented constant of 10 cases', () => {
    expect(RANKING_MIN_CASES).toBe(10);
  });

  test('institutions with 1–2 cases do not top the ranking: they are listed after it, unranked, in code order', () => {
    const rows = [row('z.small', 1, 1), row('big', 400, 300), row('a.small', 2, 2), row('mid', 50, 45), row('zero', 0, 0)];
    const out = rankInstitutions(rows);
    expect(out.map((r) => [r.institutionId, r.rank])).toEqual([
      ['mid', 1], // 90%
      ['big', 2], // 75%
      ['a.small', null],
      ['z.small', null],
      ['zero', null],
    ]);
  });

  test('exactly the minimum is ranked, one less is not', () => {
    const out = rankInstitutions([row('nine', RANKING_MIN_CASES - 1, 9), row('ten', RANKING_MIN_CASES, 9), row('many', 100, 50)]);
    expect(out.map((r) => [r.institutionId, r.rank])).toEqual([
      ['ten', 1],
      ['many', 2],
      ['nine', null],
    ]);
  });

  test('ties on completion go by the response median (unknown last), then by code', () => {
    const out = rankInstitutions([row('c', 20, 10, null), row('b', 20, 10, 4), row('a', 40, 20, 4), row('d', 20, 10, 2)]);
    expect(out.map((r) => r.institutionId)).toEqual(['d', 'a', 'b', 'c']);
    expect(out.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
  });
});

/** A consistent small report (every breakdown sums to the 100 cases received) over the given rows. */
function reportWith(rows: Row[]): StatsAnnualReport {
  const received = rows.reduce((a, r) => a + (r.received ?? 0), 0);
  const completed = rows.reduce((a, r) => a + (r.completed ?? 0), 0);
  const cell = (key: string, count: number, parent: string | null = null) => ({ key, name: null, nameEn: null, parent, count });
  const clock = { onTime: received, late: 0, overdue: 0, running: 0, onTimeShare: 1, n: received, medianWorkingDays: 1, p90WorkingDays: 2, medianHours: null, p90Hours: null };
  const base = sampleReport();
  return {
    ...base,
    headline: {
      received,
      disposed: received,
      followedUp: received,
      followUpRate: 1,
      completed,
      completionRate: completed / received,
      archived: 0,
      archivedShare: 0,
      postponedNow: 0,
      postponedEver: 0,
      postponedShare: 0,
      openOver60Days: 0,
      ratingCount: 0,
      ratingMean: null,
      verify: clock,
      response: clock,
      closing: { n: completed, medianWorkingDays: 5, p90WorkingDays: 9, medianHours: null, p90Hours: null },
    },
    breakdowns: {
      classification: [cell('complaint', received), cell('aspiration', 0), cell('information_request', 0)],
      categoryTop: [cell('kesehatan', received)],
      category: [cell('kesehatan.bpjs', received, 'kesehatan')],
      channel: [cell('web', received)],
      institution: rows.map((r) => cell(r.institutionId, r.received ?? 0)),
      region: [cell('Kota Denpasar', received)],
      month: Array.from({ length: 12 }, (_, i) => cell(String(i + 1), i < 11 ? 8 : received - 88)),
      statusAtYearEnd: [cell('submitted', 0), cell('postponed', 0), cell('disposed', 0), cell('in_progress', received - completed), cell('completed', completed), cell('archived', 0)],
      statusNow: [cell('submitted', 0), cell('postponed', 0), cell('disposed', 0), cell('in_progress', received - completed), cell('completed', completed), cell('archived', 0)],
      archiveReason: ['duplicate', 'incomplete', 'not_public_service', 'spam', 'no_reporter_response', 'other'].map((k) => cell(k, 0)),
    },
    institutions: rankInstitutions(rows),
  };
}

describe('the public ranking', () => {
  // 100 cases: a (36 of 40 completed), b (30 of 40), c (10 of 14: its 4 not completed are a small cell), d (6 < k)
  const rows = [row('a', 40, 36), row('b', 40, 30), row('c', 14, 10), row('d', 6, 6)];
  const full = reportWith(rows);
  const totals = {
    unassignedDisposed: 0,
    unassignedFollowedUp: 0,
    unassignedCompleted: 0,
    responseDecided: new Map<string, number>(),
    responseN: new Map<string, number>(),
    closingN: new Map<string, number>(),
  };

  test('the full report ranks every institution with the minimum of cases', () => {
    expect(full.institutions.map((r) => [r.institutionId, r.rank])).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['d', null],
    ]);
  });

  test('an institution whose completion rate is suppressed gets no rank, and the others are numbered without a gap', () => {
    const pub = publicAnnualReport(full, 10, totals);
    const byId = new Map(pub.institutions.map((r) => [r.institutionId, r]));
    // c's 4 not-completed cases are a small cell: its completed count, hence its rate, is hidden
    expect(byId.get('c')?.completionRate).toBeNull();
    expect(byId.get('c')?.rank).toBeNull();
    expect(byId.get('d')?.rank).toBeNull();
    const ranked = pub.institutions.filter((r) => r.rank !== null);
    expect(ranked.map((r) => r.rank)).toEqual(ranked.map((_, i) => i + 1));
    for (const r of ranked) expect(r.completionRate, r.institutionId).not.toBeNull();
    // the unranked rows come last, in code order, whatever their hidden rates were
    const unranked = pub.institutions.slice(ranked.length);
    expect(unranked.every((r) => r.rank === null)).toBe(true);
    expect(unranked.map((r) => r.institutionId)).toEqual([...unranked.map((r) => r.institutionId)].sort());
  });

  test('the HTML report shows no rank for them, and says why in both languages', () => {
    const pub = publicAnnualReport(full, 10, totals);
    for (const lang of ['id', 'en'] as const) {
      const html = renderReportHtml(pub, lang);
      // the ranking table's rank cell of an unranked row is a dash
      for (const r of pub.institutions.filter((x) => x.rank === null)) expect(html).toMatch(new RegExp(`<td>–</td><td>Instansi ${r.institutionId}</td>`));
      // the chart draws only the ranked rows
      const chart = html.slice(html.indexOf('id="chart-ranking"'), html.indexOf('</figure>', html.indexOf('id="chart-ranking"')));
      for (const r of pub.institutions) expect(chart.includes(`Instansi ${r.institutionId}<`), r.institutionId).toBe(r.rank !== null);
    }
    expect(renderReportHtml(pub, 'id')).toContain('paling sedikit 10 laporan masuk');
    expect(renderReportHtml(pub, 'en')).toContain('at least 10 cases received');
  });
});
