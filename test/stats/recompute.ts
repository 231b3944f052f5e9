// An independent recomputation of the annual report from raw cases and events, in TypeScript: no rollups,
// no SQL working-day index — the definitions of src/domain/stats.ts applied case by case, with the domain's
// WorkingCalendar for working days. Tests compare the API's report with it. Not a test file itself.

import { WorkingCalendar } from '../../src/domain/clocks.js';
import type { ClockFigure, Headline } from '../../src/domain/stats.js';
import type { Case, CaseEvent, ClockSettings } from '../../src/domain/types.js';
import type { Db } from '../../src/server/db/driver.js';
import { rowToCase, rowToEvent } from '../../src/server/store.js';

export interface Expected {
  headline: Headline;
  byDim: Record<string, Map<string, number>>;
  institutions: Map<string, { received: number; disposed: number; followedUp: number; completed: number; responseMedian: number | null; closingMedian: number | null; responseMedianHours: number | null; closingMedianHours: number | null; responseOnTimeShare: number | null }>;
}

export interface RawData {
  cases: Case[];
  events: Map<string, CaseEvent[]>;
  categoryTop: Map<string, string>;
  paths: Map<string, string>;
  calendar: WorkingCalendar;
  /** Linked duplicates, from the events alone (issue #20): a duplicate event not undone by a later reopen. */
  duplicates: Set<string>;
}

export async function loadRaw(db: Db, offsetMinutes: number): Promise<RawData> {
  const cases = (await db.query('SELECT * FROM cases')).map((r) => rowToCase(r));
  const events = new Map<string, CaseEvent[]>();
  for (const row of await db.query('SELECT * FROM case_events ORDER BY tracking_id, seq')) {
    const e = rowToEvent(row);
    const list = events.get(e.trackingId) ?? [];
    list.push(e);
    events.set(e.trackingId, list);
  }
  const cats = await db.query<{ id: string; path: string }>('SELECT id, path FROM categories');
  const inst = await db.query<{ id: string; path: string }>('SELECT id, path FROM institutions');
  const days = await db.query<{ date: unknown }>("SELECT to_char(date, 'YYYY-MM-DD') AS date FROM calendar_days");
  const duplicates = new Set<string>();
  for (const [id, list] of events) {
    let linked = false;
    for (const e of list) {
      if (e.action === 'duplicate') linked = true;
      else if (e.action === 'reopen') linked = false;
    }
    if (linked) duplicates.add(id);
  }
  return {
    cases,
    events,
    duplicates,
    categoryTop: new Map(cats.map((c) => [c.id, c.path.split('/')[1]])),
    paths: new Map(inst.map((i) => [i.id, i.path])),
    calendar: new WorkingCalendar(days.map((d) => String(d.date)), offsetMinutes),
  };
}

const rate = (a: number, b: number) => (b === 0 ? null : a / b);

/** Nearest rank, found by walking the sorted list: the first position whose share reaches the percentile. */
function percentile(values: readonly number[], percent: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  for (let i = 0; i < sorted.length; i += 1) if ((i + 1) * 100 >= percent * sorted.length) return sorted[i];
  return sorted[sorted.length - 1];
}

/** A stopped clock: working days and, for one that stopped on its start's local date, the minutes it took. */
type Took = [workingDays: number, minutes: number];

/** The nearest-rank percentile of (working days, minutes) pairs: hours when it took 0 working days. */
function percentileHours(values: readonly Took[], percent: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const i = Math.max(0, Math.ceil((percent * sorted.length) / 100) - 1);
  return sorted[i][0] === 0 ? sorted[i][1] / 60 : null;
}

function took(cal: WorkingCalendar, start: string, stop: string): Took {
  const wd = cal.workingDaysBetween(start, stop);
  return [wd, wd === 0 ? Math.max(0, Math.floor((Date.parse(stop) - Date.parse(start)) / 60_000)) : 0];
}

export function recompute(raw: RawData, settings: ClockSettings, year: number, asOf: string, scopeRoot: string | null = null): Expected {
  const off = settings.utcOffsetMinutes * 60_000;
  const cal = raw.calendar;
  const yearEnd = Date.UTC(year + 1, 0, 1) - off;
  const asOfMs = Date.parse(asOf);
  const rootPath = scopeRoot === null ? null : raw.paths.get(scopeRoot)!;
  const mine = raw.cases.filter((c) => {
    // a linked duplicate is the same complaint as its original: counted once, as the original (domain/stats.ts)
    if (raw.duplicates.has(c.trackingId)) return false;
    if (new Date(Date.parse(c.submittedAt) + off).getUTCFullYear() !== year) return false;
    if (rootPath === null) return true;
    return c.institutionId !== null && (raw.paths.get(c.institutionId) ?? '').startsWith(rootPath);
  });

  const byDim: Record<string, Map<string, number>> = {};
  const add = (dim: string, key: string) => {
    const m = (byDim[dim] ??= new Map());
    m.set(key, (m.get(key) ?? 0) + 1);
  };
  const localDay = (iso: string) => Math.floor((Date.parse(iso) + off) / 86_400_000);
  const clocksOf = (list: Case[]) => {
    const fig = (name: 'verify' | 'response'): ClockFigure => {
      const limit = name === 'verify' ? settings.verifyWorkingDays : settings.responseWorkingDays;
      let onTime = 0;
      let late = 0;
      let overdue = 0;
      let running = 0;
      const actual: Took[] = [];
      for (const c of list) {
        // closed: at its close time, else no earlier than the latest instant it records (README, Definitions)
        const recorded = [c.submittedAt, c.verifiedAt, c.disposedAt, c.firstResponseAt, c.lastResponseAt, c.lastReporterReplyAt].filter((x): x is string => x !== null);
        const latest = recorded.reduce((a, x) => (Date.parse(x) > Date.parse(a) ? x : a));
        const finished = c.status === 'completed' || c.status === 'archived' ? (c.closedAt ?? latest) : null;
        let start: string | null;
        let stop: string | null;
        let real: string | null;
        if (name === 'verify') {
          start = c.submittedAt;
          real = c.verifiedAt;
          stop = c.verifiedAt ?? c.disposedAt ?? finished; // a disposition verifies
        } else {
          if (c.responseDueAt === null) continue;
          start = c.disposedAt!;
          real = c.firstResponseAt;
          stop = c.firstResponseAt ?? finished;
        }
        if (stop !== null) {
          const wd = cal.workingDaysBetween(start, stop);
          if (wd <= limit) onTime += 1;
          else late += 1;
          if (real !== null) actual.push(took(cal, start, real));
        } else if (cal.workingDaysBetween(start, asOf) > limit) overdue += 1;
        else running += 1;
      }
      return {
        onTime,
        late,
        overdue,
        running,
        onTimeShare: rate(onTime, onTime + late + overdue),
        n: actual.length,
        medianWorkingDays: percentile(actual.map((a) => a[0]), 50),
        p90WorkingDays: percentile(actual.map((a) => a[0]), 90),
        medianHours: percentileHours(actual, 50),
        p90Hours: percentileHours(actual, 90),
      };
    };
    const closing = list.filter((c) => c.status === 'completed' && c.closedAt !== null).map((c) => took(cal, c.submittedAt, c.closedAt!));
    return { verify: fig('verify'), response: fig('response'), closing };
  };

  const headlineOf = (list: Case[]): Headline => {
    const disposed = list.filter((c) => (raw.events.get(c.trackingId) ?? []).some((e) => e.action === 'dispose' || e.action === 'redispose'));
    const followedUp = disposed.filter((c) => (raw.events.get(c.trackingId) ?? []).some((e) => e.action === 'respond' || e.action === 'approve')); // an approved draft is the follow-up
    const completed = list.filter((c) => c.status === 'completed').length;
    const archived = list.filter((c) => c.status === 'archived').length;
    const postponedEver = list.filter((c) => (raw.events.get(c.trackingId) ?? []).some((e) => e.action === 'postpone')).length;
    const ratings = list.filter((c) => c.rating !== null).map((c) => c.rating!);
    const open = list.filter((c) => ['submitted', 'postponed', 'disposed', 'in_progress'].includes(c.status));
    const { verify, response, closing } = clocksOf(list);
    return {
      received: list.length,
      disposed: disposed.length,
      followedUp: followedUp.length,
      followUpRate: rate(followedUp.length, disposed.length),
      completed,
      completionRate: rate(completed, list.length),
      archived,
      archivedShare: rate(archived, list.length),
      postponedNow: list.filter((c) => c.status === 'postponed').length,
      postponedEver,
      postponedShare: rate(postponedEver, list.length),
      openOver60Days: open.filter((c) => localDay(asOf) > localDay(c.submittedAt) + settings.completionDays).length,
      ratingCount: ratings.length,
      ratingMean: ratings.length === 0 ? null : ratings.reduce((a, b) => a + b, 0) / ratings.length,
      verify,
      response,
      closing: {
        n: closing.length,
        medianWorkingDays: percentile(closing.map((a) => a[0]), 50),
        p90WorkingDays: percentile(closing.map((a) => a[0]), 90),
        medianHours: percentileHours(closing, 50),
        p90Hours: percentileHours(closing, 90),
      },
    };
  };

  for (const c of mine) {
    add('classification', c.classification);
    add('category', c.categoryId ?? '');
    add('categoryTop', c.categoryId === null ? '' : (raw.categoryTop.get(c.categoryId) ?? c.categoryId));
    add('channel', c.channel);
    add('region', c.regency ?? '');
    add('month', String(new Date(Date.parse(c.submittedAt) + off).getUTCMonth() + 1));
    add('institution', c.institutionId ?? '');
    add('statusNow', c.status);
    const before = (raw.events.get(c.trackingId) ?? []).filter((e) => Date.parse(e.at) < Math.min(yearEnd, asOfMs + 1));
    add('statusAtYearEnd', before.length > 0 ? before[before.length - 1].toStatus! : c.status);
    if (c.status === 'archived') add('archiveReason', c.archiveReason ?? '');
  }
  const institutions: Expected['institutions'] = new Map();
  const groups = new Map<string, Case[]>();
  for (const c of mine) {
    if (c.institutionId === null) continue;
    const list = groups.get(c.institutionId) ?? [];
    list.push(c);
    groups.set(c.institutionId, list);
  }
  for (const [id, list] of groups) {
    const h = headlineOf(list);
    institutions.set(id, {
      received: h.received!,
      disposed: h.disposed!,
      followedUp: h.followedUp!,
      completed: h.completed!,
      responseMedian: h.response.medianWorkingDays,
      closingMedian: h.closing.medianWorkingDays,
      responseMedianHours: h.response.medianHours,
      closingMedianHours: h.closing.medianHours,
      responseOnTimeShare: h.response.onTimeShare,
    });
  }
  return { headline: headlineOf(mine), byDim, institutions };
}
