// Small-cell suppression (src/domain/suppression.ts) and the public report (src/domain/statsPublic.ts):
// no published cell below k; no suppressed cell recoverable from the published cells and totals — checked
// three ways: every line with a hidden cell has at least two; the linear-programming interval of every
// primarily suppressed cell is wider than one value; and, on small tables, by enumerating every table that
// agrees with what is published.

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { StatsAnnualReport } from '../../src/domain/stats.js';
import { publicAnnualReport } from '../../src/domain/statsPublic.js';
import { feasibleInterval, ProblemBuilder, simplexMax, suppress, type SuppressionProblem } from '../../src/domain/suppression.js';

/** A table with row totals, column totals and a grand total, as a suppression problem. */
function tableProblem(cells: number[][]): { problem: SuppressionProblem; index: (r: number, c: number) => number } {
  const b = new ProblemBuilder();
  const R = cells.length;
  const C = cells[0].length;
  const cell = (r: number, c: number) => b.cell(`${r},${c}`, r < R && c < C ? cells[r][c] : r < R ? sum(cells[r]) : c < C ? sum(cells.map((row) => row[c])) : sum(cells.flat()));
  for (let r = 0; r <= R; r += 1) b.line(Array.from({ length: C }, (_, c) => cell(r, c)), cell(r, C));
  for (let c = 0; c <= C; c += 1) b.line(Array.from({ length: R }, (_, r) => cell(r, c)), cell(R, c));
  return { problem: b.problem(), index: cell };
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

function linesWithOneHidden(p: SuppressionProblem, hidden: readonly boolean[]): number {
  return p.lines.filter((l) => [...l.cells, l.total].filter((i) => hidden[i]).length === 1).length;
}

describe('the linear program', () => {
  test('simplex on known problems', () => {
    // max x + y, x + y + s = 4 → 4
    expect(simplexMax([[1, 1, 1]], [4], [1, 1, 0])).toBeCloseTo(4);
    // max x, x - y = 2, y + s = 3 → x = 5
    expect(simplexMax([[1, -1, 0], [0, 1, 1]], [2, 3], [1, 0, 0])).toBeCloseTo(5);
    // unbounded: max x, x - y = 0
    expect(simplexMax([[1, -1]], [0], [1, 0])).toBe(Infinity);
    // infeasible: x + y = -1
    expect(() => simplexMax([[1, 1]], [-1], [1, 0])).toThrow(/infeasible/);
  });

  test('the interval of a cell in a fully hidden 2×2 table, by hand', () => {
    // [[3, 5], [4, 20]]: rows 8, 24; columns 7, 25. With all four cells hidden and the margins published,
    // a = 3 can be anything in [0, 7] (b = 8 − a ≥ 0, c = 7 − a ≥ 0, d = 17 + a ≥ 0).
    const { problem, index } = tableProblem([
      [3, 5],
      [4, 20],
    ]);
    const hidden = problem.values.map(() => false);
    for (const [r, c] of [[0, 0], [0, 1], [1, 0], [1, 1]]) hidden[index(r, c)] = true;
    expect(feasibleInterval(problem, hidden, index(0, 0))).toEqual({ min: expect.closeTo(0), max: expect.closeTo(7) });
    expect(feasibleInterval(problem, hidden, index(1, 1))).toEqual({ min: expect.closeTo(17), max: expect.closeTo(24) });
    // a published cell is its value
    expect(feasibleInterval(problem, hidden, index(0, 2))).toEqual({ min: 8, max: 8 });
  });
});

describe('suppression', () => {
  test('primary: 0 < value < k is hidden; zeros and larger cells are published', () => {
    const { problem, index } = tableProblem([
      [0, 12, 40],
      [15, 30, 22],
    ]);
    const { primary, suppressed } = suppress(problem, 10);
    expect(primary.some(Boolean)).toBe(false);
    expect(suppressed.some(Boolean)).toBe(false);
    expect(suppressed[index(0, 0)]).toBe(false);
  });

  test('secondary: a single small cell takes a complement in its row and its column, and a fourth closes the rectangle', () => {
    const { problem, index } = tableProblem([
      [3, 12, 40],
      [15, 30, 22],
      [25, 31, 18],
    ]);
    const { primary, suppressed } = suppress(problem, 10);
    expect(primary[index(0, 0)]).toBe(true);
    expect(suppressed.filter(Boolean).length).toBe(4);
    // the smallest complements: 12 in its row, 15 in its column, then 30 where they cross
    for (const [r, c] of [[0, 0], [0, 1], [1, 0], [1, 1]]) expect(suppressed[index(r, c)], `${r},${c}`).toBe(true);
    expect(linesWithOneHidden(problem, suppressed)).toBe(0);
    const { min, max } = feasibleInterval(problem, suppressed, index(0, 0));
    expect(min).toBeCloseTo(0);
    expect(max).toBeCloseTo(15); // 3 + min(12, 15)… bounded by the smaller complement path: a ≤ 3 + 12, a ≤ 3 + 15
  });

  test('a small total is hidden too, with a complement among the totals', () => {
    const { problem, index } = tableProblem([
      [2, 3],
      [30, 40],
    ]);
    const { suppressed } = suppress(problem, 10);
    expect(suppressed[index(0, 2)]).toBe(true); // row total 5
    expect(linesWithOneHidden(problem, suppressed)).toBe(0);
    for (let i = 0; i < problem.values.length; i += 1) {
      if (problem.values[i] > 0 && problem.values[i] < 10) expect(suppressed[i]).toBe(true);
    }
  });

  test('random tables: nothing published below k, no line with one hidden cell, every primary cell has a wide interval', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((rows) =>
          fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.integer({ min: 10, max: 200 })), { minLength: 2, maxLength: 6 }), {
            minLength: rows,
            maxLength: rows,
          }),
        ),
        fc.integer({ min: 3, max: 15 }),
        (raw, k) => {
          const width = Math.min(...raw.map((r) => r.length));
          const cells = raw.map((r) => r.slice(0, width));
          const { problem } = tableProblem(cells);
          const { primary, suppressed } = suppress(problem, k);
          problem.values.forEach((v, i) => {
            if (!suppressed[i]) expect(v === 0 || v >= k).toBe(true);
          });
          expect(linesWithOneHidden(problem, suppressed)).toBe(0);
          problem.values.forEach((_, i) => {
            if (!primary[i]) return;
            const { min, max } = feasibleInterval(problem, suppressed, i);
            expect(max - min).toBeGreaterThanOrEqual(1);
          });
        },
      ),
      { numRuns: 300, seed: 6 },
    );
  });

  test('small tables: every table agreeing with the published cells, enumerated, gives each hidden small cell more than one value', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 3, maxLength: 3 }), { minLength: 2, maxLength: 2 }), (cells) => {
        const { problem, index } = tableProblem(cells);
        const { primary, suppressed } = suppress(problem, 3);
        const rowTotal = (r: number) => (suppressed[index(r, 3)] ? null : problem.values[index(r, 3)]);
        const colTotal = (c: number) => (suppressed[index(2, c)] ? null : problem.values[index(2, c)]);
        const grandTotal = suppressed[index(2, 3)] ? null : problem.values[index(2, 3)];
        const unknown: [number, number][] = [];
        for (let r = 0; r < 2; r += 1) for (let c = 0; c < 3; c += 1) if (suppressed[index(r, c)]) unknown.push([r, c]);
        const grand = sum(cells.flat());
        if (unknown.length > 4) return; // too many to enumerate; the linear-programming check above covers these
        // enumerate the hidden interior cells; keep the tables whose published margins agree
        const values = new Map<string, Set<number>>();
        const trial = cells.map((row) => [...row]);
        const agrees = () =>
          [0, 1].every((r) => rowTotal(r) === null || sum(trial[r]) === rowTotal(r)) &&
          [0, 1, 2].every((c) => colTotal(c) === null || trial[0][c] + trial[1][c] === colTotal(c)) &&
          (grandTotal === null || sum(trial.flat()) === grandTotal);
        const rec = (i: number) => {
          if (i === unknown.length) {
            if (!agrees()) return;
            const note = (name: string, v: number) => {
              if (!values.has(name)) values.set(name, new Set());
              values.get(name)!.add(v);
            };
            trial.forEach((row, r) => {
              row.forEach((v, c) => note(`${r},${c}`, v));
              note(`${r},3`, sum(row));
            });
            for (let c = 0; c < 3; c += 1) note(`2,${c}`, trial[0][c] + trial[1][c]);
            note('2,3', sum(trial.flat()));
            return;
          }
          const [r, c] = unknown[i];
          for (let v = 0; v <= grand; v += 1) {
            trial[r][c] = v;
            rec(i + 1);
          }
          trial[r][c] = cells[r][c];
        };
        rec(0);
        for (let r = 0; r <= 2; r += 1) {
          for (let c = 0; c <= 3; c += 1) {
            if (primary[index(r, c)]) expect(values.get(`${r},${c}`)?.size ?? 0, `cell ${r},${c} of ${JSON.stringify(cells)}`).toBeGreaterThan(1);
          }
        }
      }),
      { numRuns: 30, seed: 11 },
    );
  }, 120_000);
});

// ---- the public report --------------------------------------------------------------------------------------

function fullReport(): StatsAnnualReport {
  const clock = { onTime: 40, late: 8, overdue: 3, running: 2, onTimeShare: 40 / 51, n: 38, medianWorkingDays: 2, p90WorkingDays: 5, medianHours: null, p90Hours: null };
  const cells = (entries: [string, number, string?][]) => entries.map(([key, count, parent]) => ({ key, name: null, nameEn: null, parent: parent ?? null, count }));
  return {
    year: 2024,
    institution: null,
    asOf: '2024-12-31T00:00:00.000Z',
    statusAt: '2024-12-31T00:00:00.000Z',
    utcOffsetMinutes: 480,
    clocks: { verifyWorkingDays: 3, responseWorkingDays: 5, completionDays: 60 },
    goodAgencyFollowUpRate: 0.5,
    rankingMinCases: 10,
    publisher: null,
    public: false,
    k: null,
    suppressed: [],
    headline: {
      received: 53,
      disposed: 45,
      followedUp: 41,
      followUpRate: 41 / 45,
      completed: 38,
      completionRate: 38 / 53,
      archived: 6,
      archivedShare: 6 / 53,
      postponedNow: 0,
      postponedEver: 4,
      postponedShare: 4 / 53,
      openOver60Days: 2,
      ratingCount: 12,
      ratingMean: 3.5,
      verify: { ...clock, onTime: 45, late: 5, overdue: 1, running: 2, onTimeShare: 45 / 51 },
      response: clock,
      closing: { n: 38, medianWorkingDays: 12, p90WorkingDays: 20, medianHours: null, p90Hours: null },
    },
    breakdowns: {
      classification: cells([['complaint', 40], ['aspiration', 10], ['information_request', 3]]),
      categoryTop: cells([['kesehatan', 30], ['pendidikan', 23]]),
      category: cells([['kesehatan.bpjs', 25, 'kesehatan'], ['kesehatan.gizi', 5, 'kesehatan'], ['pendidikan', 12, 'pendidikan'], ['pendidikan.guru', 11, 'pendidikan']]),
      channel: cells([['web', 30], ['mobile', 15], ['sms_1708', 6], ['email', 2]]),
      institution: cells([['a', 25], ['b', 20], ['c', 6], ['', 2]]),
      region: cells([['Kota Denpasar', 41], ['Kabupaten Bangli', 12]]),
      month: cells(Array.from({ length: 12 }, (_, i) => [String(i + 1), i < 11 ? 4 : 9] as [string, number])),
      statusAtYearEnd: cells([['submitted', 2], ['postponed', 0], ['disposed', 4], ['in_progress', 5], ['completed', 36], ['archived', 6]]),
      statusNow: cells([['submitted', 2], ['postponed', 0], ['disposed', 3], ['in_progress', 4], ['completed', 38], ['archived', 6]]),
      archiveReason: cells([['duplicate', 3], ['incomplete', 0], ['not_public_service', 0], ['spam', 3], ['no_reporter_response', 0], ['other', 0]]),
    },
    institutions: [
      { rank: 1, institutionId: 'a', name: 'A', received: 25, disposed: 24, followedUp: 23, followUpRate: 23 / 24, good: true, completed: 22, completionRate: 22 / 25, responseOnTimeShare: 0.9, responseMedianWorkingDays: 2, closingMedianWorkingDays: 10, responseMedianHours: null, closingMedianHours: null },
      { rank: 2, institutionId: 'b', name: 'B', received: 20, disposed: 15, followedUp: 13, followUpRate: 13 / 15, good: true, completed: 13, completionRate: 13 / 20, responseOnTimeShare: 0.8, responseMedianWorkingDays: 3, closingMedianWorkingDays: 12, responseMedianHours: null, closingMedianHours: null },
      { rank: 3, institutionId: 'c', name: 'C', received: 6, disposed: 5, followedUp: 5, followUpRate: 1, good: true, completed: 3, completionRate: 0.5, responseOnTimeShare: 0.6, responseMedianWorkingDays: 4, closingMedianWorkingDays: 14, responseMedianHours: null, closingMedianHours: null },
    ],
  };
}

describe('the public report', () => {
  const k = 10;
  const full = fullReport();
  const totals = {
    unassignedDisposed: 1,
    unassignedFollowedUp: 0,
    unassignedCompleted: 0,
    responseDecided: new Map([['a', 20], ['b', 15], ['c', 5]]),
    responseN: new Map([['a', 20], ['b', 12], ['c', 5]]),
    closingN: new Map([['a', 22], ['b', 13], ['c', 3]]),
  };
  const pub = publicAnnualReport(full, k, totals);

  test('no published count below k', () => {
    const published = [
      ...Object.values(pub.breakdowns).flatMap((cs) => cs.map((c) => c.count)),
      ...pub.institutions.flatMap((r) => [r.received, r.disposed, r.followedUp, r.completed]),
      ...[pub.headline.received, pub.headline.disposed, pub.headline.followedUp, pub.headline.completed, pub.headline.archived, pub.headline.postponedEver, pub.headline.openOver60Days],
    ].filter((n): n is number => n !== null);
    for (const n of published) expect(n === 0 || n >= k, `published ${n}`).toBe(true);
  });

  test('no suppressed breakdown cell can be recovered from its total', () => {
    for (const [dim, cells] of Object.entries(pub.breakdowns)) {
      if (dim === 'category') continue;
      const total = dim === 'archiveReason' ? pub.headline.archived : pub.headline.received;
      const hidden = cells.filter((c) => c.count === null).length + (total === null ? 1 : 0);
      expect(hidden === 0 || hidden >= 2, dim).toBe(true);
    }
    // the subcategories of each top-level category sum to it
    for (const top of pub.breakdowns.categoryTop) {
      const subs = pub.breakdowns.category.filter((c) => c.parent === top.key);
      const hidden = subs.filter((c) => c.count === null).length + (top.count === null ? 1 : 0);
      expect(hidden === 0 || hidden >= 2, top.key).toBe(true);
    }
    // institution C's 6 cases are hidden; so are the 2 not yet disposed (the column sums to the total)
    expect(pub.breakdowns.institution.find((c) => c.key === 'c')?.count).toBeNull();
    expect(pub.institutions.find((r) => r.institutionId === 'c')?.received).toBeNull();
    // completed by institution (22, 13, 3 of 38): C's 3 is hidden, so a second one is too
    const completed = pub.institutions.map((r) => r.completed);
    expect(completed.filter((n) => n === null).length + (pub.headline.completed === null ? 1 : 0)).toBeGreaterThanOrEqual(2);
  });

  test('rates and medians that rest on hidden or small counts are hidden; the ranking does not show them', () => {
    const c = pub.institutions.find((r) => r.institutionId === 'c')!;
    expect(c.completionRate).toBeNull();
    expect(c.responseOnTimeShare).toBeNull(); // 5 clocks < k
    expect(c.closingMedianWorkingDays).toBeNull();
    expect(pub.institutions[pub.institutions.length - 1].completionRate).toBeNull();
    expect(pub.suppressed).toContain('institution.c.completionRate');
    expect(pub.suppressed).toContain('channel.sms_1708');
    // 41 followed up of 45 disposed: the 4 not followed up are a small cell, so the rate cannot be shown
    expect(pub.headline.followUpRate).toBeNull();
    // the full report is untouched
    expect(full.headline.followUpRate).toBeCloseTo(41 / 45);
  });
});
