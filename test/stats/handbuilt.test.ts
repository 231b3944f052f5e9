// A hand-built dataset whose every figure was computed by hand (in the comments), built through the real
// API with a moving fake clock: working-day clocks across Christmas + cuti bersama, New Year, Nyepi and the
// Idul Fitri holidays; a case submitted at 00:30 WITA on 1 January 2024 (still 2023 in UTC); one at 23:59
// WITA on 31 December 2023; a case closed, reopened and closed again after its year ended; an archived case
// reopened; a case returned to the queue ("bukan wewenang"); a confidential case. As of Friday 19 April
// 2024 10:00 WITA.
//
// Working days (calendar: 25 Dec holiday, 26 Dec cuti bersama, 1 Jan holiday, 11 Mar Nyepi, 12 Mar cuti
// bersama, 8–12 and 15 Apr Idul Fitri with cuti bersama):
//   A  submitted Mon 1 Jan 00:30 → verified Wed 3 Jan: 2 WD; first follow-up Wed 10 Jan: 5 WD (on time);
//      closed Wed 24 Jan: 17 WD from submission; rating 4. bali.dinkes.
//   B  (2023) submitted Fri 22 Dec → verified Thu 28 Dec: 2 WD (25, 26 Dec off); first follow-up Mon 8 Jan:
//      6 WD (late); closed 22 Jan, reopened 1 Feb, followed up 2 Feb, closed again Tue 6 Feb: 29 WD from
//      submission (the last close counts); rating 2; at the end of 2023 it was disposed.
//   C  (2023) submitted Mon 5 Jun 2023, archived (spam) Tue 6 Jun: the verify clock stops at 1 WD, on time,
//      but it is no verification (not in the median).
//   D  submitted Mon 15 Jan, never verified: verify overdue; open > 60 days (15 Jan + 60 = 15 Mar).
//   E  submitted Fri 5 Apr, postponed the same day: 4 WD to as-of (8–12, 15 Apr off) > 3: overdue.
//   F  submitted Wed 17 Apr, disposed Thu 18 Apr: verify 1 WD; response running (1 WD).
//   G  submitted Mon 5 Feb, disposed Tue 6 Feb (verify 1 WD), returned Wed 7 Feb: no response clock; open
//      > 60 days (5 Feb + 60 = 5 Apr); dispositioned without follow-up.
//   H  confidential; submitted Fri 8 Mar, disposed Wed 13 Mar: 1 WD (9, 10 weekend, 11 Nyepi, 12 cuti);
//      first follow-up Mon 25 Mar: 8 WD (late). badung.disdikpora.
//   I  submitted Mon 19 Feb, archived (duplicate) 20 Feb, reopened 21 Feb, disposed Thu 22 Feb: verify 3 WD;
//      first follow-up Mon 26 Feb: 2 WD; closed Fri 1 Mar: 9 WD; rating 5.
//   J  (2023) submitted Sun 31 Dec 23:59 WITA, disposed Tue 2 Jan: verify 1 WD (1 Jan off); at the end of
//      2023 it was submitted; response overdue (66 WD to as-of); open > 60 days.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { StatsTrendReportSchema, type Headline } from '../../src/domain/stats.js';
import { BACKENDS, call, startTestServer, type TestServer } from '../helpers/server.js';
import { act, annual } from './helpers.js';

const AS_OF = '2024-04-19T02:00:00.000Z';

interface Spec {
  id: string;
  at: string;
  classification?: string;
  categoryId: string;
  channel: string;
  regency: string;
  institutionId?: string;
  confidential?: boolean;
  rating?: number;
  steps: [string, Record<string, unknown>][];
}

const SPECS: Spec[] = [
  {
    id: 'A-NEWYEAR',
    at: '2023-12-31T16:30:00Z',
    categoryId: 'kesehatan.puskesmas',
    channel: 'web',
    regency: 'Kota Denpasar',
    rating: 4,
    steps: [
      ['2024-01-03T02:00:00Z', { action: 'dispose', institutionId: 'bali.dinkes' }],
      ['2024-01-10T03:00:00Z', { action: 'respond', message: 'ditindaklanjuti' }],
      ['2024-01-24T03:00:00Z', { action: 'close' }],
    ],
  },
  {
    id: 'B-DEC',
    at: '2023-12-22T01:00:00Z',
    categoryId: 'kesehatan.bpjs',
    channel: 'email',
    regency: 'Kabupaten Badung',
    rating: 2,
    steps: [
      ['2023-12-28T02:00:00Z', { action: 'dispose', institutionId: 'badung.dinkes' }],
      ['2024-01-08T03:00:00Z', { action: 'respond', message: 'ditindaklanjuti' }],
      ['2024-01-22T03:00:00Z', { action: 'close' }],
      ['2024-02-01T03:00:00Z', { action: 'reopen', note: 'belum tuntas' }],
      ['2024-02-02T03:00:00Z', { action: 'respond', message: 'lanjutan' }],
      ['2024-02-06T03:00:00Z', { action: 'close' }],
    ],
  },
  {
    id: 'C-JUNE',
    at: '2023-06-05T01:00:00Z',
    categoryId: 'pendidikan.ppdb',
    channel: 'web',
    regency: 'Kota Denpasar',
    steps: [['2023-06-06T02:00:00Z', { action: 'archive', reason: 'spam' }]],
  },
  { id: 'D-QUEUE', at: '2024-01-15T01:00:00Z', categoryId: 'infrastruktur', channel: 'sms_1708', regency: 'Kabupaten Badung', steps: [] },
  {
    id: 'E-POSTPONED',
    at: '2024-04-05T01:00:00Z',
    classification: 'aspiration',
    categoryId: 'infrastruktur.jembatan',
    channel: 'web',
    regency: 'Kabupaten Badung',
    institutionId: 'badung',
    steps: [['2024-04-05T03:00:00Z', { action: 'postpone', note: 'mohon lengkapi' }]],
  },
  {
    id: 'F-RUNNING',
    at: '2024-04-17T01:00:00Z',
    categoryId: 'kesehatan.puskesmas',
    channel: 'mobile',
    regency: 'Kota Denpasar',
    steps: [['2024-04-18T02:00:00Z', { action: 'dispose', institutionId: 'bali.dinkes' }]],
  },
  {
    id: 'G-RETURNED',
    at: '2024-02-05T01:00:00Z',
    classification: 'information_request',
    categoryId: 'pendidikan',
    channel: 'whatsapp',
    regency: 'Kota Denpasar',
    steps: [
      ['2024-02-06T02:00:00Z', { action: 'dispose', institutionId: 'denpasar.disdikpora' }],
      ['2024-02-07T02:00:00Z', { action: 'return', note: 'bukan wewenang' }],
    ],
  },
  {
    id: 'H-CONFIDENTIAL',
    at: '2024-03-08T01:00:00Z',
    categoryId: 'pendidikan.guru',
    channel: 'web',
    regency: 'Kabupaten Badung',
    confidential: true,
    steps: [
      ['2024-03-13T02:00:00Z', { action: 'dispose', institutionId: 'badung.disdikpora' }],
      ['2024-03-25T03:00:00Z', { action: 'respond', message: 'ditindaklanjuti' }],
    ],
  },
  {
    id: 'I-REOPENED',
    at: '2024-02-19T01:00:00Z',
    categoryId: 'kesehatan.bpjs',
    channel: 'mobile',
    regency: 'Kabupaten Gianyar',
    rating: 5,
    steps: [
      ['2024-02-20T02:00:00Z', { action: 'archive', reason: 'duplicate' }],
      ['2024-02-21T02:00:00Z', { action: 'reopen', note: 'bukan duplikat' }],
      ['2024-02-22T02:00:00Z', { action: 'dispose', institutionId: 'bali.dinkes' }],
      ['2024-02-26T03:00:00Z', { action: 'respond', message: 'ditindaklanjuti' }],
      ['2024-03-01T03:00:00Z', { action: 'close' }],
    ],
  },
  {
    id: 'J-LASTMINUTE',
    at: '2023-12-31T15:59:00Z',
    categoryId: 'infrastruktur.air-bersih',
    channel: 'twitter',
    regency: 'Kota Denpasar',
    steps: [['2024-01-02T02:00:00Z', { action: 'dispose', institutionId: 'denpasar' }]],
  },
];

const clock = (onTime: number, late: number, overdue: number, running: number, n: number, median: number | null, p90: number | null) => ({
  onTime,
  late,
  overdue,
  running,
  onTimeShare: onTime + late + overdue === 0 ? null : onTime / (onTime + late + overdue),
  n,
  medianWorkingDays: median,
  p90WorkingDays: p90,
  medianHours: null,
  p90Hours: null,
});

const H2024: Headline = {
  received: 7, // A D E F G H I
  disposed: 5, // A F G H I
  followedUp: 3, // A H I
  followUpRate: 3 / 5,
  completed: 2, // A I
  completionRate: 2 / 7,
  archived: 0, // I was archived, then reopened
  archivedShare: 0,
  postponedNow: 1, // E
  postponedEver: 1,
  postponedShare: 1 / 7,
  openOver60Days: 2, // D G
  ratingCount: 2,
  ratingMean: 4.5,
  // verify: A 2, F 1, G 1, H 1, I 3 on time; D and E overdue; median of [1,1,1,2,3] = 1, p90 (5th) = 3
  verify: clock(5, 0, 2, 0, 5, 1, 3),
  // response: A 5 and I 2 on time, H 8 late, F running; G returned (no clock); [2,5,8] → median 5, p90 8
  response: clock(2, 1, 0, 1, 3, 5, 8),
  // closing: A 17, I 9 → [9, 17]: median 9, p90 17
  closing: { n: 2, medianWorkingDays: 9, p90WorkingDays: 17, medianHours: null, p90Hours: null },
};

const H2023: Headline = {
  received: 3, // B C J
  disposed: 2, // B J
  followedUp: 1, // B
  followUpRate: 1 / 2,
  completed: 1,
  completionRate: 1 / 3,
  archived: 1,
  archivedShare: 1 / 3,
  postponedNow: 0,
  postponedEver: 0,
  postponedShare: 0,
  openOver60Days: 1, // J
  ratingCount: 1,
  ratingMean: 2,
  // B 2 and J 1 verified on time, C stopped by archiving (on time, no verification): [1,2] → 1, 2
  verify: clock(3, 0, 0, 0, 2, 1, 2),
  // B 6 late, J overdue
  response: clock(0, 1, 1, 0, 1, 6, 6),
  closing: { n: 1, medianWorkingDays: 29, p90WorkingDays: 29, medianHours: null, p90Hours: null },
};

describe.each(BACKENDS)('hand-built dataset (%s)', (backend) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(backend, { now: new Date('2023-06-01T00:00:00Z') });
    // every submission and action at its own time, in time order
    const timeline: { at: string; run: () => Promise<void> }[] = [];
    for (const s of SPECS) {
      timeline.push({
        at: s.at,
        run: async () => {
          const res = await call(server.url, 'POST', '/v1/cases', {
            token: server.tokens.admin,
            headers: { 'idempotency-key': `k-${s.id}` },
            body: {
              trackingId: s.id,
              classification: s.classification ?? 'complaint',
              categoryId: s.categoryId,
              title: `Laporan ${s.id}`,
              body: 'Isi laporan',
              channel: s.channel,
              regency: s.regency,
              province: 'Bali',
              confidential: s.confidential ?? false,
              submittedAt: s.at,
              ...(s.institutionId ? { institutionId: s.institutionId } : {}),
            },
          });
          expect(res.status, res.text).toBe(201);
        },
      });
      for (const [at, body] of s.steps) timeline.push({ at, run: () => act(server, s.id, body) });
    }
    timeline.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    for (const step of timeline) {
      server.clock.now = new Date(step.at);
      await step.run();
    }
    // ratings come from the reporter's survey, outside the actions
    for (const s of SPECS) if (s.rating) await server.server.db.query('UPDATE cases SET rating = $1 WHERE tracking_id = $2', [s.rating, s.id]);
    server.clock.now = new Date(AS_OF);
  }, 120_000);
  afterAll(async () => server?.close());

  test('2024 (running year): every figure as computed by hand', async () => {
    const r = await annual(server, 'year=2024');
    expect(r.asOf).toBe(AS_OF);
    expect(r.statusAt).toBe(AS_OF);
    expect(r.headline).toEqual(H2024);
    const counts = (dim: keyof typeof r.breakdowns) => Object.fromEntries(r.breakdowns[dim].map((c) => [c.key, c.count]));
    expect(counts('month')).toEqual({ 1: 2, 2: 2, 3: 1, 4: 2, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0, 10: 0, 11: 0, 12: 0 });
    expect(counts('classification')).toEqual({ complaint: 5, aspiration: 1, information_request: 1 });
    expect(counts('channel')).toEqual({ web: 3, mobile: 2, sms_1708: 1, whatsapp: 1 });
    expect(counts('categoryTop')).toEqual({ kesehatan: 3, infrastruktur: 2, pendidikan: 2 });
    expect(counts('category')).toEqual({
      'kesehatan.puskesmas': 2,
      'kesehatan.bpjs': 1,
      infrastruktur: 1,
      'infrastruktur.jembatan': 1,
      pendidikan: 1,
      'pendidikan.guru': 1,
    });
    expect(r.breakdowns.category.find((c) => c.key === 'pendidikan.guru')?.parent).toBe('pendidikan');
    expect(counts('region')).toEqual({ 'Kota Denpasar': 3, 'Kabupaten Badung': 3, 'Kabupaten Gianyar': 1 });
    expect(counts('institution')).toEqual({ 'bali.dinkes': 3, '': 2, badung: 1, 'badung.disdikpora': 1 });
    expect(counts('statusNow')).toEqual({ submitted: 2, postponed: 1, disposed: 1, in_progress: 1, completed: 2, archived: 0 });
    expect(counts('statusAtYearEnd')).toEqual(counts('statusNow'));
    expect(counts('archiveReason')).toEqual({ duplicate: 0, incomplete: 0, not_public_service: 0, spam: 0, no_reporter_response: 0, other: 0 });
    // bali.dinkes: A F I — 2 of 3 completed; response A 5 on time, I 2 on time, F running → 100%, median of
    // [2, 5] = 2; closing [9, 17] → 9. badung.disdikpora (H): 0 completed, response late, median 8.
    // badung (E, only queued): 0 completed, never disposed. None has the ranking's minimum of 10 cases, so
    // none is ranked, and they are listed in code order.
    expect(r.rankingMinCases).toBe(10);
    // no institution filter: the root of the tree publishes
    expect(r.publisher).toEqual({ id: 'national', name: 'Kementerian PANRB – Pengelola Nasional SP4N LAPOR!' });
    expect(r.institutions).toEqual([
      {
        rank: null,
        institutionId: 'badung',
        name: expect.any(String),
        received: 1,
        disposed: 0,
        followedUp: 0,
        followUpRate: null,
        good: null,
        completed: 0,
        completionRate: 0,
        responseOnTimeShare: null,
        responseMedianWorkingDays: null,
        closingMedianWorkingDays: null,
        responseMedianHours: null,
        closingMedianHours: null,
      },
      {
        rank: null,
        institutionId: 'badung.disdikpora',
        name: expect.any(String),
        received: 1,
        disposed: 1,
        followedUp: 1,
        followUpRate: 1,
        good: true,
        completed: 0,
        completionRate: 0,
        responseOnTimeShare: 0,
        responseMedianWorkingDays: 8,
        closingMedianWorkingDays: null,
        responseMedianHours: null,
        closingMedianHours: null,
      },
      {
        rank: null,
        institutionId: 'bali.dinkes',
        name: expect.any(String),
        received: 3,
        disposed: 3,
        followedUp: 2,
        followUpRate: 2 / 3,
        good: true,
        completed: 2,
        completionRate: 2 / 3,
        responseOnTimeShare: 1,
        responseMedianWorkingDays: 2,
        closingMedianWorkingDays: 9,
        responseMedianHours: null,
        closingMedianHours: null,
      },
    ]);
  });

  test('2023 (finished year): status at year end from the events, the last close counts', async () => {
    const r = await annual(server, 'year=2023');
    expect(r.statusAt).toBe('2023-12-31T15:59:59.999Z');
    expect(r.headline).toEqual(H2023);
    const counts = (dim: keyof typeof r.breakdowns) => Object.fromEntries(r.breakdowns[dim].map((c) => [c.key, c.count]));
    expect(counts('statusAtYearEnd')).toEqual({ submitted: 1, postponed: 0, disposed: 1, in_progress: 0, completed: 0, archived: 1 });
    expect(counts('statusNow')).toEqual({ submitted: 0, postponed: 0, disposed: 1, in_progress: 0, completed: 1, archived: 1 });
    expect(counts('month')).toMatchObject({ 6: 1, 12: 2 });
    expect(counts('archiveReason')).toMatchObject({ spam: 1 });
    expect(counts('institution')).toEqual({ 'badung.dinkes': 1, '': 1, denpasar: 1 });
  });

  test('an institution subtree, and institution tokens limited to theirs', async () => {
    const r = await annual(server, 'year=2024&institution=badung');
    expect(r.institution?.id).toBe('badung');
    expect(r.publisher).toEqual(r.institution);
    expect(r.headline.received).toBe(2); // E (queued at badung), H (badung.disdikpora)
    expect(r.headline.followedUp).toBe(1);
    expect(r.headline.verify).toEqual(clock(1, 0, 1, 0, 1, 1, 1));
    // a badung admin gets badung without asking, and may not look at denpasar
    const own = await annual(server, 'year=2024', server.tokens['admin.badung']);
    expect(own.headline).toEqual(r.headline);
    const other = await call(server.url, 'GET', '/v1/stats/annual?year=2024&institution=denpasar', { token: server.tokens['admin.badung'] });
    const missing = await call(server.url, 'GET', '/v1/stats/annual?year=2024&institution=nowhere', { token: server.tokens['admin.badung'] });
    expect(other.status).toBe(400);
    expect((other.body as { detail: string }).detail).toBe('unknown institution denpasar');
    expect(missing.status).toBe(400);
    // statisticians get aggregates; nothing in the report is free text or personal data
    const text = JSON.stringify(await annual(server, 'year=2024'));
    for (const secret of ['Laporan A-NEWYEAR', 'Isi laporan', 'H-CONFIDENTIAL', 'ditindaklanjuti', 'mohon lengkapi']) expect(text).not.toContain(secret);
  });

  test('trend 2023–2024 with changes', async () => {
    const res = await call(server.url, 'GET', '/v1/stats/trend?from=2023&to=2024', { token: server.tokens.stat });
    expect(res.status, res.text).toBe(200);
    const tr = StatsTrendReportSchema.parse(res.body);
    expect(tr.years.map((y) => y.headline)).toEqual([H2023, H2024]);
    expect(tr.years[0].change.received).toBeNull();
    expect(tr.years[1].change.received).toBeCloseTo(4 / 3, 12);
    expect(tr.years[1].change.followUpRate).toBeCloseTo(0.1, 12);
    expect(tr.years[1].change.completionRate).toBeCloseTo(2 / 7 - 1 / 3, 12);
    expect(tr.years[1].change.verifyOnTimeShare).toBeCloseTo(5 / 7 - 1, 12);
    const bad = await call(server.url, 'GET', '/v1/stats/trend?from=2024&to=2023', { token: server.tokens.stat });
    expect(bad.status).toBe(400);
  });

  test('public: no published count below k, confidential details pooled', async () => {
    const r = await annual(server, 'year=2024&public=true&k=3');
    expect(r.public).toBe(true);
    expect(r.k).toBe(3);
    const counts: number[] = [
      ...Object.values(r.breakdowns).flatMap((cells) => cells.map((c) => c.count)),
      ...r.institutions.flatMap((i) => [i.received, i.disposed, i.followedUp, i.completed]),
      r.headline.received,
      r.headline.disposed,
      r.headline.followedUp,
      r.headline.completed,
      r.headline.archived,
      r.headline.postponedNow,
      r.headline.postponedEver,
      r.headline.openOver60Days,
    ].filter((n): n is number => n !== null);
    for (const n of counts) expect(n === 0 || n >= 3, `published ${n}`).toBe(true);
    // H is confidential: its category and region are pooled
    expect(r.breakdowns.category.some((c) => c.key === 'pendidikan.guru')).toBe(false);
    expect(r.breakdowns.category.some((c) => c.key === '(confidential)')).toBe(true);
    expect(r.suppressed.length).toBeGreaterThan(0);
    for (const path of r.suppressed) expect(path).toMatch(/^(headline|institution|[a-zA-Z]+)\./);
  });
});
