// The reading commands' data set (the CLI golden files show it): six cases with every kind of clock, the
// history of one, and a few calendar days, over the shared reference data. Listed in the order the golden
// files show them (createTestDeps keeps that order). Not a test file.

import type { CalendarDay, Case, CaseEvent } from '../../src/domain/types.js';
import { makeCase } from './cases.js';
import type { FakeApiData } from './fakeApi.js';

/** Six cases: verify overdue, verify running, response due soon, response met, completed, archived. */
export const CASES: Case[] = [
  makeCase({
    trackingId: 'LAP-2026-000201',
    title: 'Jalan berlubang di Jl. Gatot Subroto Barat',
    body: 'Lubang besar di depan pasar, sudah dua minggu, membahayakan pengendara motor.',
    incidentDate: '2026-11-10',
    district: 'Denpasar Barat',
    submittedAt: '2026-11-16T01:00:00.000Z',
    verifyDueAt: '2026-11-19T15:59:59.999Z',
    completionDueAt: '2027-01-15T15:59:59.999Z',
  }),
  makeCase({
    trackingId: 'LAP-2026-000202',
    classification: 'aspiration',
    categoryId: 'lingkungan',
    title: 'Usul taman bermain di Lapangan Puputan',
    channel: 'mobile',
    anonymous: true,
  }),
  makeCase({
    trackingId: 'LAP-2026-000203',
    categoryId: 'kesehatan.bpjs',
    title: 'Antrean BPJS di RSUD Wangaya terlalu lama',
    status: 'disposed',
    institutionId: 'bali.dinkes',
    channel: 'sms_1708',
    submittedAt: '2026-11-13T00:40:00.000Z',
    verifiedAt: '2026-11-16T03:00:00.000Z',
    disposedAt: '2026-11-16T03:00:00.000Z',
    verifyDueAt: '2026-11-18T15:59:59.999Z',
    responseDueAt: '2026-11-23T15:59:59.999Z',
    completionDueAt: '2027-01-12T15:59:59.999Z',
    version: 2,
  }),
  makeCase({
    trackingId: 'LAP-2026-000204',
    classification: 'information_request',
    categoryId: 'kependudukan',
    title: 'Syarat cetak ulang KTP-el yang hilang',
    regency: 'Kabupaten Badung',
    regionCode: '51.03',
    status: 'in_progress',
    institutionId: 'badung.disdukcapil',
    channel: 'whatsapp',
    submittedAt: '2026-11-02T02:00:00.000Z',
    verifiedAt: '2026-11-03T02:00:00.000Z',
    disposedAt: '2026-11-03T02:00:00.000Z',
    firstResponseAt: '2026-11-06T02:00:00.000Z',
    lastResponseAt: '2026-11-06T02:00:00.000Z',
    verifyDueAt: '2026-11-05T15:59:59.999Z',
    responseDueAt: '2026-11-10T15:59:59.999Z',
    completionDueAt: '2027-01-01T15:59:59.999Z',
    version: 4,
  }),
  makeCase({
    trackingId: 'LAP-2026-000205',
    categoryId: 'kesehatan.rumah-sakit',
    title: 'Obat kosong di Puskesmas Kuta I',
    regency: 'Kabupaten Badung',
    regionCode: '51.03',
    status: 'completed',
    institutionId: 'badung.dinkes',
    closedBy: 'admin',
    rating: 5,
    submittedAt: '2026-10-05T03:00:00.000Z',
    verifiedAt: '2026-10-05T06:00:00.000Z',
    disposedAt: '2026-10-05T06:00:00.000Z',
    firstResponseAt: '2026-10-07T02:00:00.000Z',
    lastResponseAt: '2026-10-07T02:00:00.000Z',
    closedAt: '2026-10-20T02:00:00.000Z',
    verifyDueAt: '2026-10-08T15:59:59.999Z',
    responseDueAt: '2026-10-12T15:59:59.999Z',
    completionDueAt: '2026-12-04T15:59:59.999Z',
    version: 6,
  }),
  makeCase({
    trackingId: 'LAP-2026-000206',
    title: 'Jalan berlubang di Jl. Gatot Subroto (laporan ganda)',
    status: 'archived',
    archiveReason: 'duplicate',
    closedBy: 'admin',
    submittedAt: '2026-11-16T02:00:00.000Z',
    closedAt: '2026-11-20T02:00:00.000Z',
    verifyDueAt: '2026-11-19T15:59:59.999Z',
    completionDueAt: '2027-01-15T15:59:59.999Z',
    version: 2,
  }),
];

const CHAIN = (n: number) => n.toString(16).padStart(64, '0');

export const EVENTS: Record<string, CaseEvent[]> = {
  'LAP-2026-000203': [
    {
      id: 11,
      trackingId: 'LAP-2026-000203',
      seq: 1,
      at: '2026-11-13T00:40:00.000Z',
      actor: 'intake-sms',
      role: 'system',
      action: 'submit',
      fromStatus: null,
      toStatus: 'submitted',
      fromInstitution: null,
      toInstitution: null,
      note: null,
      requestId: null,
      prevHash: CHAIN(0),
      hash: CHAIN(11),
    },
    {
      id: 12,
      trackingId: 'LAP-2026-000203',
      seq: 2,
      at: '2026-11-16T03:00:00.000Z',
      actor: 'admin.bali',
      role: 'institution_admin',
      action: 'dispose',
      fromStatus: 'submitted',
      toStatus: 'disposed',
      fromInstitution: null,
      toInstitution: 'bali.dinkes',
      note: 'Mohon ditindaklanjuti oleh Dinas Kesehatan',
      requestId: 'req-12',
      prevHash: CHAIN(11),
      hash: CHAIN(12),
    },
  ],
};

export const CALENDAR: Record<number, CalendarDay[]> = {
  2024: [
    { date: '2024-01-01', kind: 'holiday', name: 'Tahun Baru Masehi' },
    { date: '2024-02-09', kind: 'cuti_bersama', name: 'Cuti Bersama Tahun Baru Imlek' },
    { date: '2024-03-11', kind: 'holiday', name: 'Hari Suci Nyepi (Tahun Baru Saka 1946)' },
    { date: '2024-04-10', kind: 'holiday', name: 'Hari Raya Idul Fitri 1445 H' },
    { date: '2024-04-11', kind: 'holiday', name: 'Hari Raya Idul Fitri 1445 H' },
    { date: '2024-08-17', kind: 'holiday', name: 'Hari Kemerdekaan Republik Indonesia' },
    { date: '2024-12-26', kind: 'cuti_bersama', name: 'Cuti Bersama Hari Raya Natal' },
  ],
  2026: [{ date: '2026-12-25', kind: 'holiday', name: 'Hari Raya Natal' }],
};

/** The six cases with their history and calendar; the institutions, categories and channels of the fixture. */
export const DATA: FakeApiData = { cases: CASES, events: EVENTS, calendar: CALENDAR };
