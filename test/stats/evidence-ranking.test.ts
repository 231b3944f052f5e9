// The evidence pack's ranking rule (src/domain/evidence.ts#rankEvidence), by hand: the minimum of disposed
// cases, the order of its keys, and the public form ranking only what it shows.

import { describe, expect, it } from 'vitest';
import { EVIDENCE_RANKING_MIN_DISPOSED, rankEvidence, type EvidenceRow } from '../../src/domain/evidence.js';

function row(id: string, disposed: number, within: number, followedUp: number, median: number | null): Omit<EvidenceRow, 'rank'> {
  return {
    institutionId: id, name: id, parentId: null, depth: 0, scope: 'own',
    received: disposed, disposed, followedUp, followUpShare: disposed === 0 ? null : followedUp / disposed,
    within, withinShare: disposed === 0 ? null : within / disposed, completed: 0, completionRate: disposed === 0 ? null : 0,
    responded: followedUp, medianWorkingDays: median, p90WorkingDays: median, breaches: 0, escalations: 0, lastActivityAt: null, daysSinceActivity: null,
  };
}

describe('rankEvidence', () => {
  it('ranks by share within, then share followed up, then median, then code; fewer than the minimum go last, unranked', () => {
    expect(EVIDENCE_RANKING_MIN_DISPOSED).toBe(10);
    const ranked = rankEvidence([
      row('tiny', 2, 2, 2, 0), // 100% over 2 cases: not first, not ranked
      row('b', 20, 10, 18, 3),
      row('a', 20, 10, 18, 3), // ties b on every figure: code decides
      row('fast', 10, 5, 8, 1), // the same share within, a smaller share followed up (a faster median does not help)
      row('best', 40, 36, 40, 2),
      row('slow', 20, 10, 18, null), // no median: after a and b
      row('none', 0, 0, 0, null),
    ]);
    expect(ranked.map((r) => [r.institutionId, r.rank])).toEqual([
      ['best', 1],
      ['a', 2],
      ['b', 3],
      ['slow', 4],
      ['fast', 5],
      ['none', null],
      ['tiny', null],
    ]);
  });

  it('a hidden share (public report) leaves the row unranked', () => {
    const hidden = { ...row('x', 30, 20, 25, 2), withinShare: null };
    expect(rankEvidence([hidden, row('y', 12, 1, 2, 9)]).map((r) => [r.institutionId, r.rank])).toEqual([
      ['y', 1],
      ['x', null],
    ]);
  });
});
