// The clocks of a closed case (domain/clocks.ts#closingStop): every clock of a completed or archived case is
// met (stopped by its deadline) or breached (late), never running, due soon or overdue, and it adds nothing to
// the urgency; also when an import brought the case without a close time (then the latest instant it records
// stands in for it).

import { describe, expect, it } from 'vitest';
import { CLOSED_STATUSES, closingStop, clockView, urgencyDueAt } from '../../src/domain/clocks.js';
import { CLOCKS, type Case } from '../../src/domain/types.js';

// submitted Fri 5 Apr 2024 10:00 WITA; deadlines as the domain computes them (see clocks.test.ts)
const SUBMITTED = '2024-04-05T02:00:00.000Z';
const VERIFY_DUE = '2024-04-18T15:59:59.999Z';
const DISPOSED = '2024-04-22T01:00:00.000Z';
const RESPONSE_DUE = '2024-04-29T15:59:59.999Z';
const COMPLETION_DUE = '2024-06-04T15:59:59.999Z';
/** Long after every deadline: nothing still running may look overdue. */
const NOW = '2026-12-07T02:00:00.000Z';

function closedCase(over: Partial<Case>): Case {
  return {
    trackingId: 'IMP-2024-0001',
    classification: 'complaint',
    categoryId: null,
    title: 'Jalan rusak',
    body: 'Lubang besar.',
    incidentDate: null,
    province: null,
    regency: null,
    district: null,
    village: null,
    regionCode: null,
    channel: 'web',
    anonymous: false,
    confidential: false,
    institutionId: 'bali.pupr',
    status: 'completed',
    closedBy: 'admin',
    archiveReason: null,
    rating: null,
    submittedAt: SUBMITTED,
    verifiedAt: null,
    disposedAt: DISPOSED,
    firstResponseAt: null,
    lastResponseAt: null,
    lastReporterReplyAt: null,
    closedAt: null,
    verifyDueAt: VERIFY_DUE,
    responseDueAt: RESPONSE_DUE,
    completionDueAt: COMPLETION_DUE,
    version: 1,
    ...over,
  };
}

const dueOf = { verify: VERIFY_DUE, response: RESPONSE_DUE, completion: COMPLETION_DUE } as const;
const shift = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

describe('a closed case’s clocks', () => {
  for (const status of CLOSED_STATUSES) {
    for (const clock of CLOCKS) {
      it(`${status}, ${clock}: met when closed by the deadline, breached after it, never overdue`, () => {
        // not disposed for the verify clock (a disposition would stop it first)
        const notDisposed = clock === 'verify' ? { disposedAt: null, responseDueAt: null } : {};
        const before = closedCase({ status, closedAt: shift(dueOf[clock], -1), ...notDisposed });
        const after = closedCase({ status, closedAt: shift(dueOf[clock], 1), ...notDisposed });
        expect(clockView(before, clock, NOW)).toEqual({ clock, dueAt: dueOf[clock], state: 'met', remainingMs: null });
        expect(clockView(after, clock, NOW)).toEqual({ clock, dueAt: dueOf[clock], state: 'breached', remainingMs: null });
        expect(urgencyDueAt(before)).toBeNull();
        expect(urgencyDueAt(after)).toBeNull();
      });

      it(`${status}, ${clock}, imported without a close time: decided at the latest recorded instant`, () => {
        // nothing recorded after the disposal (Mon 22 Apr): closed no earlier than that, after the verify
        // deadline (Thu 18 Apr), within the response and completion deadlines
        const bare = closedCase({ status });
        expect(closingStop(bare)).toBe(DISPOSED);
        expect(clockView(bare, clock, NOW).state).toBe({ verify: 'breached', response: 'met', completion: 'met' }[clock]);
        // a follow-up recorded after every deadline: the case closed no earlier, so each clock is late
        const lateReply = closedCase({ status, lastResponseAt: shift(COMPLETION_DUE, 1) });
        expect(clockView(lateReply, clock, NOW).state).toBe('breached');
        expect(closingStop(lateReply)).toBe(shift(COMPLETION_DUE, 1));
        for (const c of [bare, lateReply]) {
          expect(['met', 'breached']).toContain(clockView(c, clock, NOW).state);
          expect(urgencyDueAt(c)).toBeNull();
        }
      });
    }
  }

  it('an open case’s clocks are not stopped by a closing', () => {
    for (const status of ['submitted', 'postponed', 'disposed', 'in_progress'] as const) {
      const c = closedCase({ status, closedBy: null, disposedAt: null, responseDueAt: null });
      expect(closingStop(c)).toBeNull();
      expect(clockView(c, 'verify', NOW).state).toBe('overdue');
    }
  });

  it('the close time wins over the recorded instants; its own stop (verification) wins over the close', () => {
    const c = closedCase({ closedAt: shift(VERIFY_DUE, -5), lastResponseAt: shift(COMPLETION_DUE, 1) });
    expect(closingStop(c)).toBe(shift(VERIFY_DUE, -5));
    expect(clockView({ ...c, verifiedAt: shift(VERIFY_DUE, 1) }, 'verify', NOW).state).toBe('breached');
  });
});

describe('an imported open case without a verification time', () => {
  it('was verified by its disposition at the latest: the verify clock is decided, not overdue', () => {
    const onTime = closedCase({ status: 'disposed', closedBy: null, disposedAt: shift(VERIFY_DUE, -1) });
    const late = closedCase({ status: 'in_progress', closedBy: null, firstResponseAt: shift(RESPONSE_DUE, 1) });
    expect(clockView(onTime, 'verify', NOW).state).toBe('met');
    expect(clockView(late, 'verify', NOW).state).toBe('breached'); // disposed Mon 22 Apr, after Thu 18 Apr
    // the running clocks are the response (no follow-up yet) and completion ones: the earliest is the urgency
    expect(urgencyDueAt(onTime)).toBe(RESPONSE_DUE);
    expect(urgencyDueAt(late)).toBe(COMPLETION_DUE);
  });
});
