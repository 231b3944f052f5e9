// Public (publishable) statistics: the full report with small-cell suppression applied (suppression.ts).
// Pure. The server folds confidential cases' category and region into one "(confidential)" cell before
// calling this, so a public report never shows what a confidential case was about or where.
//
// Every count of the report becomes a cell of one suppression problem, linked by the additive lines the
// report makes visible: each breakdown sums to the cases received (archive reasons to the archived ones;
// subcategories to their top-level category), the institutions' received/disposed/followed-up/completed
// columns sum to the headline figures (the cases without an institution make up the rest, a cell that is
// never printed), and within a row followed-up + not-followed-up = disposed, completed + not-completed =
// received. A figure derived from counts (a rate, a share, a median) is hidden when a count it derives from
// is hidden, or when it rests on fewer than k cases; a rate whose numerator or complement is a small count
// is hidden through that count's cell.

import { ProblemBuilder, suppress } from './suppression.js';
import {
  BREAKDOWNS,
  rankInstitutions,
  type ClockFigure,
  type Headline,
  type StatsAnnualReport,
  type StatsTrendReport,
} from './stats.js';

/** The key under which a public report shows confidential cases in the category and region breakdowns. */
export const CONFIDENTIAL_KEY = '(confidential)';

type Builder = ProblemBuilder;

/** Adds the headline counts and their lines; `p` prefixes cell names (trend years). */
function headlineCells(b: Builder, h: Headline, p: string): void {
  const c = (name: string, v: number | null) => b.cell(`${p}${name}`, v ?? 0);
  const R = c('received', h.received);
  const D = c('disposed', h.disposed);
  const F = c('followedUp', h.followedUp);
  b.line([F, c('~notFollowedUp', (h.disposed ?? 0) - (h.followedUp ?? 0))], D);
  const C = c('completed', h.completed);
  b.line([C, c('~notCompleted', (h.received ?? 0) - (h.completed ?? 0))], R);
  const A = c('archived', h.archived);
  b.line([A, c('~notArchived', (h.received ?? 0) - (h.archived ?? 0))], R);
  const P = c('postponedNow', h.postponedNow);
  b.line([P, c('~notPostponedNow', (h.received ?? 0) - (h.postponedNow ?? 0))], R);
  const PE = c('postponedEver', h.postponedEver);
  b.line([PE, c('~neverPostponed', (h.received ?? 0) - (h.postponedEver ?? 0))], R);
  const O = c('openOver60Days', h.openOver60Days);
  b.line([O, c('~notOpenOver60Days', (h.received ?? 0) - (h.openOver60Days ?? 0))], R);
  c('ratingCount', h.ratingCount);
  for (const clock of ['verify', 'response'] as const) {
    const f = h[clock];
    const parts = (['onTime', 'late', 'overdue', 'running'] as const).map((k) => c(`${clock}.${k}`, f[k]));
    const total = (f.onTime ?? 0) + (f.late ?? 0) + (f.overdue ?? 0) + (f.running ?? 0);
    b.line(parts, clock === 'verify' ? R : c(`~${clock}.clocks`, total));
    c(`${clock}.n`, f.n);
  }
  // closings are counted over the completed cases with a close time: an import may bring a completed case
  // without one, whose closing took an unknown time; the rest (never printed) makes up the completed ones
  const closed = c('closing.n', h.closing.n);
  b.line([closed, c('~closing.unknown', (h.completed ?? 0) - (h.closing.n ?? 0))], C);
}

/** Reads a headline back with hidden counts as null and derived figures hidden with them. */
function headlineOut(b: Builder, hidden: boolean[], h: Headline, p: string, k: number, out: string[], label: string): Headline {
  const isHidden = (name: string) => {
    const i = b.indexOf(`${p}${name}`);
    return i !== undefined && hidden[i];
  };
  const cnt = (name: string, v: number | null): number | null => {
    if (v === null) return null;
    if (isHidden(name)) {
      out.push(`${label}headline.${name}`);
      return null;
    }
    return v;
  };
  const derived = (name: string, v: number | null, ok: boolean): number | null => {
    if (v === null) return null;
    if (!ok) {
      out.push(`${label}headline.${name}`);
      return null;
    }
    return v;
  };
  const received = cnt('received', h.received);
  const disposed = cnt('disposed', h.disposed);
  const followedUp = cnt('followedUp', h.followedUp);
  const completed = cnt('completed', h.completed);
  const archived = cnt('archived', h.archived);
  const postponedNow = cnt('postponedNow', h.postponedNow);
  const postponedEver = cnt('postponedEver', h.postponedEver);
  const openOver60Days = cnt('openOver60Days', h.openOver60Days);
  const ratingCount = cnt('ratingCount', h.ratingCount);
  const clock = (name: 'verify' | 'response'): ClockFigure => {
    const f = h[name];
    const onTime = cnt(`${name}.onTime`, f.onTime);
    const late = cnt(`${name}.late`, f.late);
    const overdue = cnt(`${name}.overdue`, f.overdue);
    const running = cnt(`${name}.running`, f.running);
    const n = cnt(`${name}.n`, f.n);
    const decided = (f.onTime ?? 0) + (f.late ?? 0) + (f.overdue ?? 0);
    const shareOk = onTime !== null && late !== null && overdue !== null && (decided === 0 || decided >= k);
    const enough = n !== null && (n === 0 || n >= k);
    return {
      onTime,
      late,
      overdue,
      running,
      onTimeShare: derived(`${name}.onTimeShare`, f.onTimeShare, shareOk),
      n,
      medianWorkingDays: derived(`${name}.medianWorkingDays`, f.medianWorkingDays, enough),
      p90WorkingDays: derived(`${name}.p90WorkingDays`, f.p90WorkingDays, enough),
      medianHours: derived(`${name}.medianHours`, f.medianHours, enough),
      p90Hours: derived(`${name}.p90Hours`, f.p90Hours, enough),
    };
  };
  const closingN = cnt('closing.n', h.closing.n);
  const closingOk = closingN !== null && (closingN === 0 || closingN >= k);
  return {
    received,
    disposed,
    followedUp,
    followUpRate: derived('followUpRate', h.followUpRate, followedUp !== null && disposed !== null),
    completed,
    completionRate: derived('completionRate', h.completionRate, completed !== null && received !== null),
    archived,
    archivedShare: derived('archivedShare', h.archivedShare, archived !== null && received !== null),
    postponedNow,
    postponedEver,
    postponedShare: derived('postponedShare', h.postponedShare, postponedEver !== null && received !== null),
    openOver60Days,
    ratingCount,
    ratingMean: derived('ratingMean', h.ratingMean, ratingCount !== null && (ratingCount === 0 || ratingCount >= k)),
    verify: clock('verify'),
    response: clock('response'),
    closing: {
      n: closingN,
      medianWorkingDays: derived('closing.medianWorkingDays', h.closing.medianWorkingDays, closingOk),
      p90WorkingDays: derived('closing.p90WorkingDays', h.closing.p90WorkingDays, closingOk),
      medianHours: derived('closing.medianHours', h.closing.medianHours, closingOk),
      p90Hours: derived('closing.p90Hours', h.closing.p90Hours, closingOk),
    },
  };
}

/** Per-institution extras the server knows but the report does not print (the unassigned cases' share). */
export interface InstitutionTotals {
  /** Disposed and followed-up cases whose current institution is none (returned to the queue). */
  unassignedDisposed: number;
  unassignedFollowedUp: number;
  unassignedCompleted: number;
  /** Per institution: the denominator of its response on-time share (on time + late + overdue). */
  responseDecided: ReadonlyMap<string, number>;
  /** Per institution: first follow-ups and closings counted in its medians. */
  responseN: ReadonlyMap<string, number>;
  closingN: ReadonlyMap<string, number>;
}

/** The public form of an annual report (see the file header). */
export function publicAnnualReport(report: StatsAnnualReport, k: number, totals: InstitutionTotals): StatsAnnualReport {
  const b = new ProblemBuilder();
  const h = report.headline;
  headlineCells(b, h, '');
  const R = b.cell('received', h.received ?? 0);

  // breakdowns: status cells are the headline's own cells where they coincide
  const cellName = (dim: string, key: string): string => {
    if (dim === 'statusNow' && key === 'completed') return 'completed';
    if (dim === 'statusNow' && key === 'archived') return 'archived';
    if (dim === 'statusNow' && key === 'postponed') return 'postponedNow';
    if (dim === 'institution') return `institution.${key}.received`;
    return `${dim}.${key}`;
  };
  for (const dim of BREAKDOWNS) {
    const cells = report.breakdowns[dim].map((cell) => b.cell(cellName(dim, cell.key), cell.count ?? 0));
    if (dim === 'category') continue; // lines per top-level category, below
    b.line(cells, dim === 'archiveReason' ? b.cell('archived', h.archived ?? 0) : R);
  }
  const byParent = new Map<string, number[]>();
  for (const cell of report.breakdowns.category) {
    const list = byParent.get(cell.parent ?? '') ?? [];
    list.push(b.cell(cellName('category', cell.key), cell.count ?? 0));
    byParent.set(cell.parent ?? '', list);
  }
  for (const [parent, cells] of byParent) {
    const top = report.breakdowns.categoryTop.find((c) => c.key === parent);
    if (top) b.line(cells, b.cell(cellName('categoryTop', parent), top.count ?? 0));
  }

  // the institution table: rows and columns
  const columns = { disposed: [] as number[], followedUp: [] as number[], completed: [] as number[] };
  for (const row of report.institutions) {
    const p = `institution.${row.institutionId}.`;
    const Ri = b.cell(`${p}received`, row.received ?? 0);
    const Di = b.cell(`${p}disposed`, row.disposed ?? 0);
    const Fi = b.cell(`${p}followedUp`, row.followedUp ?? 0);
    const Ci = b.cell(`${p}completed`, row.completed ?? 0);
    b.line([Fi, b.cell(`~${p}notFollowedUp`, (row.disposed ?? 0) - (row.followedUp ?? 0))], Di);
    b.line([Ci, b.cell(`~${p}notCompleted`, (row.received ?? 0) - (row.completed ?? 0))], Ri);
    columns.disposed.push(Di);
    columns.followedUp.push(Fi);
    columns.completed.push(Ci);
  }
  b.line([...columns.disposed, b.cell('~institution..disposed', totals.unassignedDisposed)], b.cell('disposed', h.disposed ?? 0));
  b.line([...columns.followedUp, b.cell('~institution..followedUp', totals.unassignedFollowedUp)], b.cell('followedUp', h.followedUp ?? 0));
  b.line([...columns.completed, b.cell('~institution..completed', totals.unassignedCompleted)], b.cell('completed', h.completed ?? 0));

  const { suppressed: hidden } = suppress(b.problem(), k);
  const out: string[] = [];
  const headline = headlineOut(b, hidden, h, '', k, out, '');
  const isHidden = (name: string) => {
    const i = b.indexOf(name);
    return i !== undefined && hidden[i];
  };

  const breakdowns = { ...report.breakdowns };
  for (const dim of BREAKDOWNS) {
    breakdowns[dim] = report.breakdowns[dim].map((cell) => {
      if (cell.count === null || !isHidden(cellName(dim, cell.key))) return cell;
      out.push(`${dim}.${cell.key}`);
      return { ...cell, count: null };
    });
  }

  const institutions = report.institutions.map((row) => {
    const p = `institution.${row.institutionId}.`;
    const hide = (f: 'received' | 'disposed' | 'followedUp' | 'completed'): number | null => {
      if (row[f] === null || !isHidden(`${p}${f}`)) return row[f];
      out.push(`${p}${f}`);
      return null;
    };
    const received = hide('received');
    const disposed = hide('disposed');
    const followedUp = hide('followedUp');
    const completed = hide('completed');
    const enough = (n: number | undefined) => n !== undefined && n >= k;
    const derived = (f: string, v: number | null, ok: boolean): number | null => {
      if (v === null) return null;
      if (ok) return v;
      out.push(`${p}${f}`);
      return null;
    };
    const followUpRate = derived('followUpRate', row.followUpRate, followedUp !== null && disposed !== null);
    return {
      ...row,
      received,
      disposed,
      followedUp,
      followUpRate,
      good: followUpRate === null ? null : row.good,
      completed,
      completionRate: derived('completionRate', row.completionRate, completed !== null && received !== null),
      responseOnTimeShare: derived('responseOnTimeShare', row.responseOnTimeShare, enough(totals.responseDecided.get(row.institutionId))),
      responseMedianWorkingDays: derived('responseMedianWorkingDays', row.responseMedianWorkingDays, enough(totals.responseN.get(row.institutionId))),
      closingMedianWorkingDays: derived('closingMedianWorkingDays', row.closingMedianWorkingDays, enough(totals.closingN.get(row.institutionId))),
      responseMedianHours: derived('responseMedianHours', row.responseMedianHours, enough(totals.responseN.get(row.institutionId))),
      closingMedianHours: derived('closingMedianHours', row.closingMedianHours, enough(totals.closingN.get(row.institutionId))),
    };
  });
  // ranked again on what is shown: a hidden completion rate or received count gets no rank and no position
  // that would show where it stood (the unranked rows go last, in code order)
  const ranked = rankInstitutions(institutions, report.rankingMinCases);

  return { ...report, public: true, k, suppressed: [...new Set(out)].sort(), headline, breakdowns, institutions: ranked };
}

/** The public form of a trend: each year's headline suppressed on its own; changes only between shown values. */
export function publicTrendReport(report: StatsTrendReport, k: number): StatsTrendReport {
  const out: string[] = [];
  const years = report.years.map((y) => {
    const b = new ProblemBuilder();
    headlineCells(b, y.headline, '');
    const { suppressed: hidden } = suppress(b.problem(), k);
    return { year: y.year, headline: headlineOut(b, hidden, y.headline, '', k, out, `${y.year}.`), change: y.change };
  });
  const withChanges = years.map((y, i) => {
    const prev = i > 0 ? years[i - 1].headline : null;
    const keep = (v: number | null, now: number | null, before: number | null | undefined) =>
      v !== null && now !== null && before !== null && before !== undefined ? v : null;
    return {
      ...y,
      change: {
        received: keep(y.change.received, y.headline.received, prev?.received),
        followUpRate: keep(y.change.followUpRate, y.headline.followUpRate, prev?.followUpRate),
        completionRate: keep(y.change.completionRate, y.headline.completionRate, prev?.completionRate),
        verifyOnTimeShare: keep(y.change.verifyOnTimeShare, y.headline.verify.onTimeShare, prev?.verify.onTimeShare),
        responseOnTimeShare: keep(y.change.responseOnTimeShare, y.headline.response.onTimeShare, prev?.response.onTimeShare),
      },
    };
  });
  return { ...report, public: true, k, suppressed: [...new Set(out)].sort(), years: withChanges };
}
