// A whole Case for in-process tests: a submitted complaint about a road in Kota Denpasar (November 2026, the
// CLI golden files' clock), with `fields` over it. Not a test file.

import type { Case } from '../../src/domain/types.js';

/** The in-process tests' clock: Monday 23 November 2026, 10:00 WITA (the CLI golden files' "now"). */
export const NOW = new Date('2026-11-23T02:00:00Z');

export function makeCase(fields: Partial<Case> & Pick<Case, 'trackingId'>): Case {
  return {
    classification: 'complaint',
    categoryId: 'infrastruktur.jalan',
    title: 'Laporan',
    body: 'Isi laporan',
    incidentDate: null,
    province: 'Bali',
    regency: 'Kota Denpasar',
    district: null,
    village: null,
    regionCode: '51.71',
    channel: 'web',
    anonymous: false,
    confidential: false,
    institutionId: null,
    status: 'submitted',
    closedBy: null,
    archiveReason: null,
    postponeReason: null,
    rating: null,
    submittedAt: '2026-11-20T01:15:00.000Z',
    verifiedAt: null,
    disposedAt: null,
    firstResponseAt: null,
    lastResponseAt: null,
    lastReporterReplyAt: null,
    closedAt: null,
    draftMessage: null,
    draftBy: null,
    draftAt: null,
    verifyDueAt: '2026-11-25T15:59:59.999Z',
    responseDueAt: null,
    completionDueAt: '2027-01-19T15:59:59.999Z',
    slaPolicyId: null, // as an imported case: the server's settings
    slaPolicyFrom: null,
    needsFieldInspection: null,
    escalatedAt: null,
    version: 1,
    ...fields,
  };
}
