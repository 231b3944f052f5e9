// A hand-built evidence pack for the golden files: a province with two units and a regency under it, one unit
// with 2 cases (100% within 5 working days: not ranked, listed last) and one with no case. Not a test file.

import { rankEvidence, type EvidenceRow, type StatsInstitutionsReport } from '../../src/domain/evidence.js';
import { publicEvidenceReport } from '../../src/domain/evidencePublic.js';

type Own = Omit<EvidenceRow, 'rank' | 'scope' | 'followUpShare' | 'withinShare' | 'completionRate'>;
const share = (a: number | null, b: number | null) => (a === null || b === null || b === 0 ? null : a / b);
const withShares = (r: Own, scope: 'own' | 'subtree'): Omit<EvidenceRow, 'rank'> => ({
  ...r,
  scope,
  followUpShare: share(r.followedUp, r.disposed),
  withinShare: share(r.within, r.disposed),
  completionRate: share(r.completed, r.received),
});

const own: Own[] = [
  { institutionId: 'bali', name: 'Pemerintah Provinsi Bali', parentId: null, depth: 0, received: 120, disposed: 110, followedUp: 96, within: 81, completed: 70, responded: 96, medianWorkingDays: 3, p90WorkingDays: 8, breaches: 14, escalations: 2, lastActivityAt: '2024-12-30T03:10:00.000Z', daysSinceActivity: 1 },
  { institutionId: 'bali.dinkes', name: 'Dinas Kesehatan Provinsi Bali', parentId: 'bali', depth: 1, received: 287, disposed: 280, followedUp: 262, within: 240, completed: 251, responded: 262, medianWorkingDays: 2, p90WorkingDays: 6, breaches: 21, escalations: 0, lastActivityAt: '2024-12-31T01:00:00.000Z', daysSinceActivity: 0 },
  { institutionId: 'bali.pupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang Provinsi Bali', parentId: 'bali', depth: 1, received: 2, disposed: 2, followedUp: 2, within: 2, completed: 2, responded: 2, medianWorkingDays: 1, p90WorkingDays: 1, breaches: 0, escalations: 0, lastActivityAt: '2024-06-03T02:00:00.000Z', daysSinceActivity: 211 },
  { institutionId: 'badung', name: 'Pemerintah Kabupaten Badung', parentId: 'bali', depth: 1, received: 64, disposed: 60, followedUp: 41, within: 30, completed: 33, responded: 41, medianWorkingDays: 5, p90WorkingDays: 12, breaches: 19, escalations: 4, lastActivityAt: '2024-11-29T07:00:00.000Z', daysSinceActivity: 32 },
  { institutionId: 'badung.dinkes', name: 'Dinas Kesehatan Kabupaten Badung', parentId: 'badung', depth: 2, received: 45, disposed: 45, followedUp: 44, within: 40, completed: 38, responded: 44, medianWorkingDays: 2, p90WorkingDays: 5, breaches: 3, escalations: 0, lastActivityAt: '2024-12-20T02:00:00.000Z', daysSinceActivity: 11 },
  { institutionId: 'badung.disdik', name: 'Dinas Pendidikan Kabupaten Badung', parentId: 'badung', depth: 2, received: 0, disposed: 0, followedUp: 0, within: 0, completed: 0, responded: 0, medianWorkingDays: null, p90WorkingDays: null, breaches: 0, escalations: 0, lastActivityAt: null, daysSinceActivity: null },
];

function sum(ids: string[], id: string, p50: number, p90: number, last: string, days: number): Omit<EvidenceRow, 'rank'> {
  const rows = own.filter((r) => ids.includes(r.institutionId));
  const add = (f: 'received' | 'disposed' | 'followedUp' | 'within' | 'completed' | 'responded' | 'breaches' | 'escalations') => rows.reduce((a, r) => a + (r[f] ?? 0), 0);
  const base = own.find((r) => r.institutionId === id)!;
  return withShares(
    { ...base, received: add('received'), disposed: add('disposed'), followedUp: add('followedUp'), within: add('within'), completed: add('completed'), responded: add('responded'), breaches: add('breaches'), escalations: add('escalations'), medianWorkingDays: p50, p90WorkingDays: p90, lastActivityAt: last, daysSinceActivity: days },
    'subtree',
  );
}

export function sampleEvidence(): StatsInstitutionsReport {
  return {
    year: 2024,
    institution: null,
    asOf: '2025-01-06T02:00:00.000Z',
    activityAt: '2024-12-31T15:59:59.999Z',
    utcOffsetMinutes: 480,
    withinWorkingDays: 5,
    rankingMinDisposed: 10,
    publisher: { id: 'bali', name: 'Pemerintah Provinsi Bali' },
    public: false,
    k: null,
    suppressed: [],
    institutions: rankEvidence(own.map((r) => withShares(r, 'own'))),
    subtrees: [
      { ...sum(own.map((r) => r.institutionId), 'bali', 2, 7, '2024-12-31T01:00:00.000Z', 0), rank: null },
      { ...sum(['badung', 'badung.dinkes', 'badung.disdik'], 'badung', 3, 10, '2024-12-20T02:00:00.000Z', 11), rank: null },
    ],
  };
}

export function samplePublicEvidence(): StatsInstitutionsReport {
  return publicEvidenceReport(sampleEvidence(), 10);
}
