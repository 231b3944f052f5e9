import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  clockView,
  computeDeadlines,
  dateOfDayNumber,
  dayNumberOfDate,
  localDate,
  WorkingCalendar,
} from '../../src/domain/clocks.js';
import { DEFAULT_CLOCKS, type Case } from '../../src/domain/types.js';

// Indonesian national holidays (libur nasional) and cuti bersama, as decreed by the SKB 3 Menteri.
const HOLIDAYS = [
  // 2021/2022 year end (cuti bersama 24 Dec 2021 was cancelled); 1 Jan 2022 fell on a Saturday
  '2021-12-25',
  '2022-01-01',
  // 2024
  '2024-01-01', // Tahun Baru Masehi
  '2024-02-08', // Isra Mikraj
  '2024-02-09', // cuti bersama Imlek
  '2024-02-10', // Tahun Baru Imlek (Saturday)
  '2024-02-14', // Pemilu
  '2024-03-11', // Nyepi
  '2024-03-12', // cuti bersama Nyepi
  '2024-03-29', // Wafat Isa Almasih
  '2024-04-08', // cuti bersama Idul Fitri
  '2024-04-09', // cuti bersama Idul Fitri
  '2024-04-10', // Idul Fitri 1445 H
  '2024-04-11', // Idul Fitri 1445 H
  '2024-04-12', // cuti bersama Idul Fitri
  '2024-04-15', // cuti bersama Idul Fitri
  '2024-05-01', // Hari Buruh (Wednesday)
  '2024-05-09', // Kenaikan Isa Almasih
  '2024-05-10', // cuti bersama Kenaikan
  '2024-05-23', // Waisak
  '2024-05-24', // cuti bersama Waisak
  '2024-06-17', // Idul Adha
  '2024-06-18', // cuti bersama Idul Adha
  '2024-09-16', // Maulid Nabi
  '2024-12-25', // Natal
  '2024-12-26', // cuti bersama Natal
  // 2025
  '2025-01-01', // Tahun Baru Masehi
  '2025-01-27', // Isra Mikraj
  '2025-01-28', // cuti bersama Imlek
  '2025-01-29', // Tahun Baru Imlek
];

const WIB = 420;
const WITA = 480;
const WIT = 540;
const wita = new WorkingCalendar(HOLIDAYS, WITA);
const wib = new WorkingCalendar(HOLIDAYS, WIB);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** End of a local day in WITA (23:59:59.999+08:00) as the UTC instant the code returns. */
const endWita = (date: string) => new Date(Date.parse(`${date}T23:59:59.999+08:00`)).toISOString();
const endWib = (date: string) => new Date(Date.parse(`${date}T23:59:59.999+07:00`)).toISOString();

describe('dates', () => {
  it('converts between dates and day numbers', () => {
    expect(dayNumberOfDate('1970-01-01')).toBe(0);
    expect(dayNumberOfDate('2024-04-10')).toBe(19823);
    expect(dateOfDayNumber(19823)).toBe('2024-04-10');
    expect(dateOfDayNumber(dayNumberOfDate('2024-02-29'))).toBe('2024-02-29');
  });

  it.each(['2024-02-30', '2023-02-29', '2024-04-31', '2024-13-01', '2024-4-1', '10/04/2024', ''])(
    'rejects %j instead of rolling it over',
    (bad) => {
      expect(() => dayNumberOfDate(bad)).toThrow(RangeError);
      expect(() => new WorkingCalendar([bad], WITA)).toThrow(RangeError);
    },
  );

  it('takes the local date in the calendar offset, near local midnight', () => {
    // 17:30Z on 10 March = 01:30 WITA / 00:30 WIB / 02:30 WIT on 11 March
    expect(localDate('2024-03-10T17:30:00Z', WITA)).toBe('2024-03-11');
    expect(localDate('2024-03-10T17:30:00Z', WIB)).toBe('2024-03-11');
    // 16:30Z = 00:30 WITA on the 11th but 23:30 WIB on the 10th
    expect(localDate('2024-03-10T16:30:00Z', WITA)).toBe('2024-03-11');
    expect(localDate('2024-03-10T16:30:00Z', WIB)).toBe('2024-03-10');
    // WIT midnight exactly: 15:00Z = 00:00 WIT on the 11th; a millisecond earlier is still the 10th
    expect(localDate('2024-03-10T15:00:00.000Z', WIT)).toBe('2024-03-11');
    expect(localDate('2024-03-10T14:59:59.999Z', WIT)).toBe('2024-03-10');
    // an instant written with its own offset
    expect(localDate('2024-03-11T00:30:00+08:00', WIB)).toBe('2024-03-10');
    expect(localDate(new Date('2024-03-10T16:30:00Z'), WITA)).toBe('2024-03-11');
  });
});

describe('WorkingCalendar.isWorkingDay', () => {
  it('skips weekends', () => {
    expect(wita.isWorkingDay('2024-03-01')).toBe(true); // Friday
    expect(wita.isWorkingDay('2024-03-02')).toBe(false); // Saturday
    expect(wita.isWorkingDay('2024-03-03')).toBe(false); // Sunday
    expect(wita.isWorkingDay('2024-03-04')).toBe(true); // Monday
  });

  it('skips holidays and cuti bersama: the Idul Fitri 2024 break runs from Mon 8 to Mon 15 April', () => {
    const days = ['05', '06', '07', '08', '09', '10', '11', '12', '13', '14', '15', '16'].map((d) => `2024-04-${d}`);
    // Fri 5 works; Sat 6, Sun 7; Mon 8, Tue 9 cuti; Wed 10, Thu 11 Idul Fitri; Fri 12 cuti; Sat, Sun; Mon 15 cuti; Tue 16 works
    expect(days.map((d) => wita.isWorkingDay(d))).toEqual([
      true, false, false, false, false, false, false, false, false, false, false, true,
    ]);
  });

  it('is the same in every offset: holidays are dates', () => {
    expect(wib.isWorkingDay('2024-05-01')).toBe(false);
    expect(new WorkingCalendar([], WIT).isWorkingDay('2024-05-01')).toBe(true);
  });
});

describe('WorkingCalendar.addWorkingDays', () => {
  it('Friday + 3 working days is the end of Wednesday', () => {
    // Fri 1 Mar 2024 10:00 WITA → Mon 4 (1), Tue 5 (2), Wed 6 (3)
    expect(wita.addWorkingDays('2024-03-01T02:00:00Z', 3)).toBe(endWita('2024-03-06'));
    expect(endWita('2024-03-06')).toBe('2024-03-06T15:59:59.999Z');
  });

  it('a Saturday submission starts counting on Monday, like Friday’s', () => {
    // Sat 2 Mar 10:00 WITA → Mon 4 (1), Tue 5 (2), Wed 6 (3)
    expect(wita.addWorkingDays('2024-03-02T02:00:00Z', 3)).toBe('2024-03-06T15:59:59.999Z');
    // Sun 3 Mar 23:00 WITA → the same
    expect(wita.addWorkingDays('2024-03-03T15:00:00Z', 3)).toBe('2024-03-06T15:59:59.999Z');
  });

  it('skips a mid-week holiday', () => {
    // Tue 30 Apr → Wed 1 May Hari Buruh skipped → Thu 2 (1), Fri 3 (2), Mon 6 (3)
    expect(wita.addWorkingDays('2024-04-30T01:00:00Z', 3)).toBe(endWita('2024-05-06'));
    // Wed 8 May → Thu 9 Kenaikan, Fri 10 cuti, weekend → Mon 13 (1), Tue 14 (2), Wed 15 (3)
    expect(wita.addWorkingDays('2024-05-08T01:00:00Z', 3)).toBe(endWita('2024-05-15'));
  });

  it('runs through the Idul Fitri 2024 cuti bersama', () => {
    // Thu 4 Apr → Fri 5 (1), [6–15 off], Tue 16 (2), Wed 17 (3)
    expect(wita.addWorkingDays('2024-04-04T01:00:00Z', 3)).toBe(endWita('2024-04-17'));
    // Fri 5 Apr → Tue 16 (1), Wed 17 (2), Thu 18 (3)
    expect(wita.addWorkingDays('2024-04-05T02:00:00Z', 3)).toBe(endWita('2024-04-18'));
    // Fri 5 Apr + 5 (first follow-up) → Tue 16, Wed 17, Thu 18, Fri 19, Mon 22
    expect(wita.addWorkingDays('2024-04-05T02:00:00Z', 5)).toBe('2024-04-22T15:59:59.999Z');
    // Mon 8 Apr (submitted during the break) + 3 → Tue 16, Wed 17, Thu 18
    expect(wita.addWorkingDays('2024-04-08T04:00:00Z', 3)).toBe(endWita('2024-04-18'));
  });

  it('crosses the year end', () => {
    // Fri 31 Dec 2021 → [Sat 1 Jan holiday, Sun 2] Mon 3 (1), Tue 4 (2), Wed 5 (3)
    expect(wita.addWorkingDays('2021-12-31T02:00:00Z', 3)).toBe(endWita('2022-01-05'));
    // Tue 31 Dec 2024 → Wed 1 Jan 2025 holiday → Thu 2 (1), Fri 3 (2), Mon 6 (3)
    expect(wita.addWorkingDays('2024-12-31T02:00:00Z', 3)).toBe('2025-01-06T15:59:59.999Z');
    // Tue 24 Dec 2024 → Wed 25 Natal, Thu 26 cuti → Fri 27 (1), Mon 30 (2), Tue 31 (3)
    expect(wita.addWorkingDays('2024-12-24T02:00:00Z', 3)).toBe(endWita('2024-12-31'));
    // Tue 24 Dec 2024 + 5 → … Tue 31 (3), Thu 2 Jan (4), Fri 3 Jan (5)
    expect(wita.addWorkingDays('2024-12-24T02:00:00Z', 5)).toBe(endWita('2025-01-03'));
  });

  it('counts from the local date, near midnight, in WITA and WIB', () => {
    // 2024-02-29T16:30Z: Fri 1 Mar 00:30 WITA, but Thu 29 Feb 23:30 WIB
    // WITA: Mon 4 (1), Tue 5 (2), Wed 6 (3)   WIB: Fri 1 (1), Mon 4 (2), Tue 5 (3)
    expect(wita.addWorkingDays('2024-02-29T16:30:00Z', 3)).toBe('2024-03-06T15:59:59.999Z');
    expect(wib.addWorkingDays('2024-02-29T16:30:00Z', 3)).toBe(endWib('2024-03-05'));
    expect(endWib('2024-03-05')).toBe('2024-03-05T16:59:59.999Z');
    // 2024-03-10T17:30Z is already Mon 11 Mar (Nyepi) in WITA: Tue 12 cuti → Wed 13 (1), Thu 14 (2), Fri 15 (3)
    expect(wita.addWorkingDays('2024-03-10T17:30:00Z', 3)).toBe(endWita('2024-03-15'));
  });

  it('with n = 0 gives the end of the start’s own local day', () => {
    expect(wita.addWorkingDays('2024-03-02T02:00:00Z', 0)).toBe(endWita('2024-03-02'));
  });
});

describe('WorkingCalendar.addCalendarDays (the 60-day completion clock)', () => {
  it('counts calendar days, holidays included', () => {
    // Fri 5 Apr + 60: 25 days to 30 Apr, 31 in May (56), 4 in June → 4 June
    expect(wita.addCalendarDays('2024-04-05T02:00:00Z', 60)).toBe(endWita('2024-06-04'));
    // 15 Jan 2024 + 60: 16 to 31 Jan, 29 in Feb (leap year: 45), 15 in March → 15 March
    expect(wita.addCalendarDays('2024-01-15T02:00:00Z', 60)).toBe(endWita('2024-03-15'));
    // 15 Jan 2023 + 60: 16 + 28 (44) + 16 → 16 March
    expect(wita.addCalendarDays('2023-01-15T02:00:00Z', 60)).toBe(endWita('2023-03-16'));
  });

  it('starts from the local date', () => {
    // 2024-03-10T17:30Z is 11 Mar in WITA: 20 to 31 Mar, 30 in Apr (50), 10 in May → 10 May
    expect(wita.addCalendarDays('2024-03-10T17:30:00Z', 60)).toBe('2024-05-10T15:59:59.999Z');
    // 2024-03-10T16:30Z is still 10 Mar in WIB → 9 May
    expect(wib.addCalendarDays('2024-03-10T16:30:00Z', 60)).toBe(endWib('2024-05-09'));
  });
});

describe('WorkingCalendar.workingDaysBetween', () => {
  it('counts working days after a up to and including b', () => {
    const fri = '2024-04-05T02:00:00Z';
    expect(wita.workingDaysBetween(fri, '2024-04-05T15:00:00Z')).toBe(0); // same local day
    expect(wita.workingDaysBetween(fri, '2024-04-01T02:00:00Z')).toBe(0); // b before a
    expect(wita.workingDaysBetween(fri, '2024-04-16T02:00:00Z')).toBe(1); // Tue 16, after the break
    expect(wita.workingDaysBetween(fri, '2024-04-19T02:00:00Z')).toBe(4); // Tue 16 – Fri 19
    expect(wita.workingDaysBetween(fri, '2024-04-22T02:00:00Z')).toBe(5); // + Mon 22
  });

  it('counts a non-working b as the next working day', () => {
    const fri = '2024-04-05T02:00:00Z';
    // Sat 6 Apr – Mon 15 Apr are all off: each rolls to Tue 16 → 1
    expect(wita.workingDaysBetween(fri, '2024-04-06T02:00:00Z')).toBe(1);
    expect(wita.workingDaysBetween(fri, '2024-04-10T02:00:00Z')).toBe(1);
    expect(wita.workingDaysBetween(fri, '2024-04-15T02:00:00Z')).toBe(1);
    // Sat 20 Apr: after Tue 16 – Fri 19 (4) it rolls to Mon 22 → 5, since it lies after the 4-day deadline
    expect(wita.workingDaysBetween(fri, '2024-04-20T02:00:00Z')).toBe(5);
    expect(Date.parse('2024-04-20T02:00:00Z')).toBeGreaterThan(Date.parse(wita.addWorkingDays(fri, 4)));
  });

  it('uses local dates: one instant apart can be one working day apart', () => {
    // Thu 29 Feb 2024 10:00 WITA → Fri 1 Mar 00:30 WITA (16:30Z): 1 working day in WITA, 0 in WIB (still Thu)
    expect(wita.workingDaysBetween('2024-02-29T02:00:00Z', '2024-02-29T16:30:00Z')).toBe(1);
    expect(wib.workingDaysBetween('2024-02-29T02:00:00Z', '2024-02-29T16:30:00Z')).toBe(0);
  });

  // Instants between Dec 2023 and Mar 2025, so the 2024/2025 holidays matter.
  const instant = fc
    .integer({ min: Date.parse('2023-12-01T00:00:00Z'), max: Date.parse('2025-03-01T00:00:00Z') })
    .map((ms) => new Date(ms).toISOString());
  const offset = fc.constantFrom(WIB, WITA, WIT);
  const calendars = new Map([WIB, WITA, WIT].map((o) => [o, new WorkingCalendar(HOLIDAYS, o)]));

  it('property: x <= addWorkingDays(a, n) ⇔ workingDaysBetween(a, x) <= n', () => {
    fc.assert(
      fc.property(
        offset,
        instant,
        fc.integer({ min: 0, max: 70 }),
        // x either anywhere or close to the deadline (within ±4 days), where mistakes live
        fc.oneof(
          instant.map((x) => ({ x, nearDue: false as const })),
          fc.integer({ min: -4 * DAY, max: 4 * DAY }).map((delta) => ({ x: delta, nearDue: true as const })),
        ),
        (off, a, n, pick) => {
          const cal = calendars.get(off);
          if (!cal) throw new Error('no calendar');
          const due = cal.addWorkingDays(a, n);
          const x = pick.nearDue ? new Date(Date.parse(due) + pick.x).toISOString() : pick.x;
          expect(Date.parse(x) <= Date.parse(due)).toBe(cal.workingDaysBetween(a, x) <= n);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('property: the deadline is the end of a working day exactly n working days later', () => {
    fc.assert(
      fc.property(offset, instant, fc.integer({ min: 1, max: 70 }), (off, a, n) => {
        const cal = calendars.get(off);
        if (!cal) throw new Error('no calendar');
        const due = cal.addWorkingDays(a, n);
        expect(cal.workingDaysBetween(a, due)).toBe(n);
        expect(cal.isWorkingDay(localDate(due, off))).toBe(true);
        // one millisecond later is the next local day
        expect(localDate(new Date(Date.parse(due) + 1), off)).toBe(
          dateOfDayNumber(dayNumberOfDate(localDate(due, off)) + 1),
        );
      }),
      { numRuns: 1000 },
    );
  });
});

// ---- deadlines and clock views -----------------------------------------------------------------------------

function makeCase(over: Partial<Case>): Case {
  return {
    trackingId: 'LAP-2024-0042',
    classification: 'complaint',
    categoryId: null,
    title: 'Jalan rusak',
    body: 'Lubang besar di Jalan Gatot Subroto.',
    incidentDate: null,
    province: 'Bali',
    regency: null,
    district: null,
    village: null,
    regionCode: null,
    channel: 'mobile',
    anonymous: false,
    confidential: false,
    institutionId: 'bali.pupr',
    status: 'submitted',
    closedBy: null,
    archiveReason: null,
    rating: null,
    // Fri 5 Apr 2024 10:00 WITA
    submittedAt: '2024-04-05T02:00:00.000Z',
    verifiedAt: null,
    disposedAt: null,
    firstResponseAt: null,
    lastResponseAt: null,
    lastReporterReplyAt: null,
    closedAt: null,
    verifyDueAt: VERIFY_DUE,
    responseDueAt: null,
    completionDueAt: COMPLETION_DUE,
    version: 1,
    ...over,
  };
}
// Fri 5 Apr + 3 working days → Thu 18 Apr (Tue 16, Wed 17, Thu 18)
const VERIFY_DUE = '2024-04-18T15:59:59.999Z';
// Fri 5 Apr + 60 days → Tue 4 Jun
const COMPLETION_DUE = '2024-06-04T15:59:59.999Z';
// Disposed Mon 22 Apr 09:00 WITA + 5 → Tue 23, Wed 24, Thu 25, Fri 26, Mon 29 Apr
const DISPOSED_AT = '2024-04-22T01:00:00.000Z';
const RESPONSE_DUE = '2024-04-29T15:59:59.999Z';

describe('computeDeadlines', () => {
  it('computes each clock from its own start', () => {
    expect(computeDeadlines({ submittedAt: '2024-04-05T02:00:00.000Z', disposedAt: DISPOSED_AT }, DEFAULT_CLOCKS, wita)).toEqual({
      verifyDueAt: VERIFY_DUE,
      responseDueAt: RESPONSE_DUE,
      completionDueAt: COMPLETION_DUE,
    });
  });

  it('has no response deadline before disposal', () => {
    expect(computeDeadlines({ submittedAt: '2024-04-05T02:00:00.000Z', disposedAt: null }, DEFAULT_CLOCKS, wita).responseDueAt).toBeNull();
  });

  it('follows the settings', () => {
    const settings = { ...DEFAULT_CLOCKS, verifyWorkingDays: 1, responseWorkingDays: 2, completionDays: 30 };
    // verify: Tue 16 Apr; response from Mon 22: Tue 23, Wed 24; completion: 5 Apr + 30 = 5 May
    expect(computeDeadlines({ submittedAt: '2024-04-05T02:00:00.000Z', disposedAt: DISPOSED_AT }, settings, wita)).toEqual({
      verifyDueAt: endWita('2024-04-16'),
      responseDueAt: endWita('2024-04-24'),
      completionDueAt: endWita('2024-05-05'),
    });
  });
});

describe('clockView', () => {
  const due = Date.parse(VERIFY_DUE);
  const at = (ms: number) => new Date(ms).toISOString();

  it('running when more than 24 hours are left', () => {
    const now = at(due - 2 * DAY);
    expect(clockView(makeCase({}), 'verify', now)).toEqual({
      clock: 'verify',
      dueAt: VERIFY_DUE,
      state: 'running',
      remainingMs: 2 * DAY,
    });
    expect(clockView(makeCase({}), 'verify', at(due - DAY - 1)).state).toBe('running');
  });

  it('due_soon within 24 hours, up to the deadline itself', () => {
    expect(clockView(makeCase({}), 'verify', at(due - DAY))).toMatchObject({ state: 'due_soon', remainingMs: DAY });
    expect(clockView(makeCase({}), 'verify', at(due - HOUR))).toMatchObject({ state: 'due_soon', remainingMs: HOUR });
    expect(clockView(makeCase({}), 'verify', VERIFY_DUE)).toMatchObject({ state: 'due_soon', remainingMs: 0 });
  });

  it('overdue once the deadline has passed and nothing stopped it', () => {
    expect(clockView(makeCase({}), 'verify', at(due + 1))).toMatchObject({ state: 'overdue', remainingMs: -1 });
    expect(clockView(makeCase({ status: 'postponed' }), 'verify', at(due + DAY))).toMatchObject({
      state: 'overdue',
      remainingMs: -DAY,
    });
  });

  it('met or breached once stopped, whatever the time now', () => {
    const verifiedInTime = makeCase({ status: 'disposed', verifiedAt: VERIFY_DUE, disposedAt: VERIFY_DUE });
    expect(clockView(verifiedInTime, 'verify', '2030-01-01T00:00:00Z')).toEqual({
      clock: 'verify',
      dueAt: VERIFY_DUE,
      state: 'met',
      remainingMs: null,
    });
    const late = at(due + 1);
    expect(clockView(makeCase({ status: 'disposed', verifiedAt: late, disposedAt: late }), 'verify', late).state).toBe('breached');
  });

  it('response is not_started before disposal and runs from the disposition', () => {
    expect(clockView(makeCase({}), 'response', '2024-04-10T00:00:00Z')).toEqual({
      clock: 'response',
      dueAt: null,
      state: 'not_started',
      remainingMs: null,
    });
    const disposed = makeCase({ status: 'disposed', verifiedAt: DISPOSED_AT, disposedAt: DISPOSED_AT, responseDueAt: RESPONSE_DUE });
    // Fri 26 Apr 16:00Z = Sat 27 00:00 WITA: 2 days 23:59:59.999 to the end of Mon 29
    expect(clockView(disposed, 'response', '2024-04-26T16:00:00.000Z')).toMatchObject({
      state: 'running',
      remainingMs: 3 * DAY - 1,
    });
    expect(clockView(disposed, 'response', '2024-04-29T16:00:00.000Z').state).toBe('overdue');
    const answered = { ...disposed, status: 'in_progress' as const, firstResponseAt: '2024-04-29T15:00:00.000Z' };
    expect(clockView(answered, 'response', '2024-05-30T00:00:00Z').state).toBe('met');
    const answeredLate = { ...answered, firstResponseAt: '2024-04-30T01:00:00.000Z' };
    expect(clockView(answeredLate, 'response', '2024-05-30T00:00:00Z').state).toBe('breached');
  });

  it('closing or archiving stops the clocks that are still running', () => {
    const archived = makeCase({
      status: 'archived',
      archiveReason: 'spam',
      closedBy: 'admin',
      closedAt: '2024-04-16T01:00:00.000Z',
    });
    expect(clockView(archived, 'verify', '2024-12-01T00:00:00Z').state).toBe('met');
    expect(clockView(archived, 'completion', '2024-12-01T00:00:00Z').state).toBe('met');
    expect(clockView(archived, 'response', '2024-12-01T00:00:00Z').state).toBe('not_started');
    const completedLate = makeCase({
      status: 'completed',
      verifiedAt: DISPOSED_AT,
      disposedAt: DISPOSED_AT,
      responseDueAt: RESPONSE_DUE,
      firstResponseAt: '2024-04-23T01:00:00.000Z',
      lastResponseAt: '2024-04-23T01:00:00.000Z',
      closedBy: 'system',
      closedAt: '2024-06-04T16:00:00.000Z', // 00:00 WITA on 5 June: one millisecond past the 60 days
    });
    expect(clockView(completedLate, 'completion', '2024-07-01T00:00:00Z').state).toBe('breached');
    expect(clockView(completedLate, 'response', '2024-07-01T00:00:00Z').state).toBe('met');
    expect(clockView(completedLate, 'verify', '2024-07-01T00:00:00Z').state).toBe('breached');
  });

  it('a closedAt left on a reopened case does not stop the clock', () => {
    // status in_progress: closedAt is ignored even if some importer left it behind
    const reopened = makeCase({ status: 'in_progress', verifiedAt: DISPOSED_AT, closedAt: '2024-05-01T00:00:00.000Z' });
    expect(clockView(reopened, 'completion', '2024-06-05T00:00:00.000Z').state).toBe('overdue');
  });
});
