// Working-day clocks. A working day is a local calendar date that is neither Saturday, Sunday, a national
// holiday nor a cuti bersama day. Local means the calendar's fixed UTC offset (Indonesia has no DST).
//
// Definitions (the README repeats them):
// - addWorkingDays(start, n): the end (23:59:59.999 local) of the n-th working day after start's local date.
//   A case submitted on Friday with a 3-working-day clock is due at the end of Wednesday.
// - workingDaysBetween(a, b): how many working days lie after a's local date up to and including b's, where
//   a b on a non-working day counts as the next working day (a Saturday belongs to Monday): 0 when b's
//   local date is not later than a's. So `x <= addWorkingDays(a, n)` exactly when
//   `workingDaysBetween(a, x) <= n` (without the rounding, a Saturday after a Friday deadline would count
//   as within it).
// - Each clock runs from its own start: verify from submittedAt, response from disposedAt, auto-close from
//   lastResponseAt, completion (calendar days) from submittedAt.
// - A clock stops at its own event (verify: verifiedAt, else the disposition; response: firstResponseAt) or
//   at the closing (closingStop): a closed case's clocks are met or late, never overdue.

import { UNSET_AT_INTAKE, type IntakeFieldName } from './caseColumns.js';
import type { Case, ClockName, ClockSettings } from './types.js';

const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of the local date of an instant. */
function localDayNumber(instantMs: number, offsetMinutes: number): number {
  return Math.floor((instantMs + offsetMinutes * 60_000) / DAY_MS);
}

export function dayNumberOfDate(date: string): number {
  const ms = Date.parse(`${date}T00:00:00Z`);
  // Date.parse rolls impossible days over ('2024-02-30' → 1 March), so the date must survive a round trip.
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(ms) || dateOfDayNumber(ms / DAY_MS) !== date) {
    throw new RangeError(`not a date: ${date}`);
  }
  return ms / DAY_MS;
}

export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The local calendar date (YYYY-MM-DD) of an instant. */
export function localDate(instant: string | Date, offsetMinutes: number): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  return dateOfDayNumber(localDayNumber(ms, offsetMinutes));
}

export class WorkingCalendar {
  private readonly holidays: Set<number>;

  constructor(
    holidayDates: Iterable<string>,
    readonly offsetMinutes: number,
  ) {
    this.holidays = new Set();
    for (const d of holidayDates) this.holidays.add(dayNumberOfDate(d));
  }

  isWorkingDay(date: string): boolean {
    return this.isWorkingDayNumber(dayNumberOfDate(date));
  }

  private isWorkingDayNumber(day: number): boolean {
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
    return weekday !== 0 && weekday !== 6 && !this.holidays.has(day);
  }

  /** End of the n-th working day after the local date of `start`, as an ISO instant. */
  addWorkingDays(start: string, n: number): string {
    let day = localDayNumber(Date.parse(start), this.offsetMinutes);
    let counted = 0;
    while (counted < n) {
      day += 1;
      if (this.isWorkingDayNumber(day)) counted += 1;
    }
    return this.endOfLocalDay(day);
  }

  /** End of the local day `days` calendar days after the local date of `start`. */
  addCalendarDays(start: string, days: number): string {
    return this.endOfLocalDay(localDayNumber(Date.parse(start), this.offsetMinutes) + days);
  }

  /**
   * Working days after a's local date up to and including b's local date, a non-working b's date counting as
   * the next working day (0 when b is not later). The inverse of addWorkingDays: see the file header.
   */
  workingDaysBetween(a: string, b: string): number {
    const from = localDayNumber(Date.parse(a), this.offsetMinutes);
    const to = localDayNumber(Date.parse(b), this.offsetMinutes);
    if (to <= from) return 0;
    // The working days strictly between the two dates, plus b's own day (or the working day it rolls to).
    let count = 1;
    for (let day = from + 1; day < to; day += 1) if (this.isWorkingDayNumber(day)) count += 1;
    return count;
  }

  private endOfLocalDay(day: number): string {
    return new Date((day + 1) * DAY_MS - this.offsetMinutes * 60_000 - 1).toISOString();
  }
}

/** The deadlines that follow from a case's own timestamps. */
export function computeDeadlines(
  c: Pick<Case, 'submittedAt' | 'disposedAt'>,
  settings: ClockSettings,
  calendar: WorkingCalendar,
): Pick<Case, 'verifyDueAt' | 'responseDueAt' | 'completionDueAt'> {
  return {
    verifyDueAt: calendar.addWorkingDays(c.submittedAt, settings.verifyWorkingDays),
    responseDueAt: c.disposedAt ? calendar.addWorkingDays(c.disposedAt, settings.responseWorkingDays) : null,
    completionDueAt: calendar.addCalendarDays(c.submittedAt, settings.completionDays),
  };
}

/** What a case has at submission; everything else follows from the state machine. */
export type SubmittedFields = Pick<Case, IntakeFieldName>;

/** The SLA fields of a new case: the policy it runs on (none: the server's settings), not escalated. */
export interface IntakePolicy {
  policy: { id: string; effectiveFrom: string } | null;
  /** The policy's deadlines for the case (slaPolicy.ts#policyDeadlines). */
  deadlines: Pick<Case, 'verifyDueAt' | 'responseDueAt' | 'completionDueAt'>;
}

/**
 * A case as intake creates it: status submitted, version 1, no later timestamps, its deadlines computed
 * (from the server's settings, or from the SLA policy that applies when the caller resolved one).
 */
export function submittedCase(fields: SubmittedFields, settings: ClockSettings, calendar: WorkingCalendar, sla?: IntakePolicy): Case {
  return {
    ...fields,
    ...UNSET_AT_INTAKE, // the data fields intake leaves empty (status first: the keys keep their order)
    status: 'submitted',
    ...(sla?.deadlines ?? computeDeadlines({ submittedAt: fields.submittedAt, disposedAt: null }, settings, calendar)),
    slaPolicyId: sla?.policy?.id ?? null,
    slaPolicyFrom: sla?.policy?.effectiveFrom ?? null,
    needsFieldInspection: null,
    escalatedAt: null,
    version: 1,
  };
}

export type ClockState = 'met' | 'running' | 'due_soon' | 'overdue' | 'breached' | 'not_started';

export interface ClockView {
  clock: ClockName;
  dueAt: string | null;
  state: ClockState;
  /** Milliseconds left (negative when overdue); null when the clock is stopped or not started. */
  remainingMs: number | null;
}

/** Whether a clock is still running for a case, met, or breached. `due_soon` = due within 24 hours. */
export function clockView(c: Case, clock: ClockName, now: string): ClockView {
  const nowMs = Date.parse(now);
  const [dueAt, stoppedAt, started] = clockBounds(c, clock);
  if (!started || !dueAt) return { clock, dueAt, state: 'not_started', remainingMs: null };
  if (stoppedAt) {
    return { clock, dueAt, state: Date.parse(stoppedAt) <= Date.parse(dueAt) ? 'met' : 'breached', remainingMs: null };
  }
  const remainingMs = Date.parse(dueAt) - nowMs;
  const state: ClockState = remainingMs < 0 ? 'overdue' : remainingMs <= DAY_MS ? 'due_soon' : 'running';
  return { clock, dueAt, state, remainingMs };
}

/**
 * How urgent a case is, as one instant: the earliest due time among its running clocks (an overdue clock
 * is earlier than any still running, and the longer overdue the earlier), null when no clock runs (closed,
 * archived). The `urgency` sort of the case list is this, ascending, nulls last, then the tracking ID; the
 * server computes the same in SQL (server/store.ts, URGENCY_SQL).
 */
export function urgencyDueAt(c: Case): string | null {
  let earliest: string | null = null;
  for (const clock of ['verify', 'response', 'completion'] as const) {
    const [dueAt, stoppedAt, started] = clockBounds(c, clock);
    if (!started || dueAt === null || stoppedAt !== null) continue;
    if (earliest === null || Date.parse(dueAt) < Date.parse(earliest)) earliest = dueAt;
  }
  return earliest;
}

/** The statuses that stop every clock: a closed case's clock is met or late, never running or overdue. */
export const CLOSED_STATUSES = ['completed', 'archived'] as const;

/**
 * The instants a case records, in the catalogue's field names. The latest of them stands in for the close
 * time of a closed case that has none (an import may bring a completed or archived case without closedAt):
 * the case closed no earlier than that. server/caseTables.ts#closingStopSql builds the same rule in SQL from
 * this list and CLOSED_STATUSES (the statistics' facts use it; the urgency sort needs only closedSql).
 */
export const RECORDED_INSTANTS = ['submittedAt', 'verifiedAt', 'disposedAt', 'firstResponseAt', 'lastResponseAt', 'lastReporterReplyAt'] as const;

export function isClosedStatus(status: string): boolean {
  return (CLOSED_STATUSES as readonly string[]).includes(status);
}

/**
 * When a case's closing stopped its clocks: null while it is open; for a closed case its closedAt, or
 * without one the latest instant it records (see RECORDED_INSTANTS). The one rule that makes every clock of a
 * closed case met (stopped by its deadline) or late (after it), never overdue.
 */
export function closingStop(c: Pick<Case, 'status' | 'closedAt' | (typeof RECORDED_INSTANTS)[number]>): string | null {
  if (!isClosedStatus(c.status)) return null;
  if (c.closedAt !== null) return c.closedAt;
  let latest = c.submittedAt;
  for (const field of RECORDED_INSTANTS) {
    const v = c[field];
    if (v !== null && Date.parse(v) > Date.parse(latest)) latest = v;
  }
  return latest;
}

function clockBounds(c: Case, clock: ClockName): [string | null, string | null, boolean] {
  const finished = closingStop(c);
  switch (clock) {
    case 'verify':
      // a disposition verifies (the dispose action sets both); an import may bring a disposed case without
      // a verification time: it was verified by its disposition at the latest
      return [c.verifyDueAt, c.verifiedAt ?? c.disposedAt ?? finished, true];
    case 'response':
      return [c.responseDueAt, c.firstResponseAt ?? finished, c.disposedAt !== null];
    case 'completion':
      return [c.completionDueAt, finished, true];
  }
}
