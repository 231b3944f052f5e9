// The annual statistics report (API v1: GET /v1/stats/annual and /v1/stats/trend): wire shapes, the
// figures' definitions as constants, and pure helpers (percentiles over working-day histograms, rates,
// the tidy one-row-per-figure form). Same rules as schemas.ts: strict objects, validated on both sides.
//
// Definitions (README "Statistics" repeats them; the report carries its parameters):
// - A case belongs to the year of its submission date in the calendar's time zone (submittedAt read at the
//   calendar's UTC offset: Asia/Makassar, UTC+08:00, by default). It counts once, in that year, whatever
//   happens later: a reopened case is not received again; its status is its latest one and its closing time
//   is its last close.
// - "As of" is the moment the report is computed: status now, follow-up, completion, the clocks and ratings
//   are as of then (a past year's figures can still change while its cases are handled). "Status at year
//   end" is each case's status after its last event before the end of the year (or before "as of", for the
//   running year), rebuilt from the event log.
// - Institution: the case's current institution; a subtree filter takes the institution and every unit
//   under it. Cases not yet sent to an institution count only in reports without an institution filter.
// - Follow-up rate: dispositioned cases (disposed at least once) with at least one follow-up; the national
//   "good agency" threshold is 50%. Completion rate: completed (Selesai) cases among those received.
// - Clocks (working days as in src/domain/clocks.ts: after the start's local date up to and including the
//   end's, a non-working end date counting as the next working day): verification runs from submission,
//   first follow-up from the (latest) disposition. A clock stops at the verification (or the disposition, for
//   a case imported without a verification time) / first follow-up, or
//   when the case is closed or archived first (clocks.ts#closingStop: a case imported closed without a
//   close time stopped at the latest instant it records). On time: stopped within the limit. Late: stopped
//   after it. Overdue: still running past it. Running: still within it. The on-time share is on time / (on
//   time + late + overdue). Medians and 90th percentiles (nearest rank) of working days count actual
//   verifications, first follow-ups and closings (completed cases with a close time: submission to close).
// - Duplicates: a case linked to its original (`lapor cases duplicate`) is the same complaint and is counted
//   once, as its original: it is left out of every figure (received, status, archive reason, clocks). A case
//   archived with the reason `duplicate` but not linked stays counted, like every other archived case. Copies
//   (tembusan) change no figure: a case counts once, at the institution it is disposed to. The duplicates
//   themselves are reported apart (GET /v1/stats/duplicates: by the original's institution, in the year of
//   the duplicate's submission).
// - Open longer than 60 days: not completed or archived, and the completion clock (60 calendar days from
//   the submission date) ended before "as of".
// - Ranking: institutions with at least RANKING_MIN_CASES cases received and a known completion rate are
//   ranked by completion rate (higher first), then median working days to the first follow-up (lower first),
//   then code. A rate over one or two cases says little (a unit that completed its single case is at 100%),
//   so smaller institutions are listed after the ranked ones, in code order, without a rank. A public report
//   ranks only what it shows: a hidden received count or completion rate leaves the row unranked.

import { z } from 'zod';
import { ARCHIVE_REASONS, CLASSIFICATIONS, STATUSES } from './types.js';

export const GOOD_AGENCY_FOLLOW_UP_RATE = 0.5;
/** Cases received an institution needs in the year to get a rank (see the header). */
export const RANKING_MIN_CASES = 10;
/** Years one trend request may span. */
export const MAX_TREND_YEARS = 30;

const code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'letters, digits, ".", "_" or "-" (1–100)');
const instant = z.iso.datetime({ offset: true });
const year = z.coerce.number().int().min(1990).max(2100);
const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

export const StatsAnnualQuerySchema = z.strictObject({
  /** Calendar year (local); the current year when absent. */
  year: year.optional(),
  /** Institution code: its whole subtree. */
  institution: code.optional(),
  /** Publishable figures: small-cell suppression with threshold k. */
  public: flag.optional(),
  k: z.coerce.number().int().min(2).max(1000).optional(),
});
export type StatsAnnualQuery = z.infer<typeof StatsAnnualQuerySchema>;

export const StatsTrendQuerySchema = z.strictObject({
  from: year,
  to: year,
  institution: code.optional(),
  public: flag.optional(),
  k: z.coerce.number().int().min(2).max(1000).optional(),
});
export type StatsTrendQuery = z.infer<typeof StatsTrendQuerySchema>;

/** A count or figure; null when suppressed (public reports) or undefined (no denominator). */
const figure = z.number().nullable();
const count = z.number().int().min(0).nullable();

export const ClockFigureSchema = z.strictObject({
  onTime: count,
  late: count,
  overdue: count,
  running: count,
  /** onTime / (onTime + late + overdue). */
  onTimeShare: figure,
  /** Actual verifications / first follow-ups counted in the median and p90. */
  n: count,
  medianWorkingDays: figure,
  p90WorkingDays: figure,
  /** The median as hours when it is under one working day (see DurationFigureSchema); else null. */
  medianHours: figure,
  p90Hours: figure,
});
export type ClockFigure = z.infer<typeof ClockFigureSchema>;

export const DurationFigureSchema = z.strictObject({
  n: count,
  medianWorkingDays: figure,
  p90WorkingDays: figure,
  /**
   * When the median falls on a clock that stopped on the local date it started (0 working days), the time
   * that clock took, in hours to the minute (0.3 = 18 minutes); null otherwise (sameDayPercentileHours).
   */
  medianHours: figure,
  p90Hours: figure,
});
export type DurationFigure = z.infer<typeof DurationFigureSchema>;

export const HeadlineSchema = z.strictObject({
  received: count,
  disposed: count,
  followedUp: count,
  followUpRate: figure,
  completed: count,
  completionRate: figure,
  archived: count,
  archivedShare: figure,
  postponedNow: count,
  postponedEver: count,
  postponedShare: figure,
  openOver60Days: count,
  ratingCount: count,
  ratingMean: figure,
  verify: ClockFigureSchema,
  response: ClockFigureSchema,
  closing: DurationFigureSchema,
});
export type Headline = z.infer<typeof HeadlineSchema>;

export const BreakdownCellSchema = z.strictObject({
  key: z.string(),
  /** Display name in Indonesian (categories, channels, institutions, regions); null for coded keys. */
  name: z.string().nullable(),
  nameEn: z.string().nullable(),
  /** Category drill-down: the top-level category. */
  parent: z.string().nullable(),
  count,
});
export type BreakdownCell = z.infer<typeof BreakdownCellSchema>;

export const BREAKDOWNS = [
  'classification',
  'categoryTop',
  'category',
  'channel',
  'institution',
  'region',
  'month',
  'statusAtYearEnd',
  'statusNow',
  'archiveReason',
] as const;
export type BreakdownName = (typeof BREAKDOWNS)[number];

export const InstitutionRowSchema = z.strictObject({
  /** Position in the ranking; null when not ranked (fewer than the minimum cases, or hidden figures). */
  rank: z.number().int().min(1).nullable(),
  institutionId: z.string(),
  name: z.string(),
  received: count,
  disposed: count,
  followedUp: count,
  followUpRate: figure,
  /** Follow-up rate ≥ the good-agency threshold (null when the rate is not known). */
  good: z.boolean().nullable(),
  completed: count,
  completionRate: figure,
  responseOnTimeShare: figure,
  responseMedianWorkingDays: figure,
  closingMedianWorkingDays: figure,
  /** The medians in hours when under one working day, as in DurationFigureSchema; else null. */
  responseMedianHours: figure,
  closingMedianHours: figure,
});
export type InstitutionRow = z.infer<typeof InstitutionRowSchema>;

export const StatsAnnualReportSchema = z.strictObject({
  year: z.number().int(),
  institution: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
  asOf: instant,
  /** The instant "status at year end" is taken at: the end of the year, or "as of" for the running year. */
  statusAt: instant,
  utcOffsetMinutes: z.number().int(),
  clocks: z.strictObject({
    verifyWorkingDays: z.number().int(),
    responseWorkingDays: z.number().int(),
    completionDays: z.number().int(),
  }),
  goodAgencyFollowUpRate: z.number(),
  /** Cases received an institution needs to be ranked (RANKING_MIN_CASES). */
  rankingMinCases: z.number().int().min(1),
  /** Who publishes the report: the institution of its scope, else the root of the institution tree. */
  publisher: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
  public: z.boolean(),
  /** Suppression threshold (public reports only). */
  k: z.number().int().nullable(),
  /** Figures hidden by suppression, as tidy paths (`headline.completed`, `channel.sms_1708`,
   *  `institution.bali.dinkes.followUpRate`); empty in full reports. */
  suppressed: z.array(z.string()),
  headline: HeadlineSchema,
  breakdowns: z.strictObject({
    classification: z.array(BreakdownCellSchema),
    categoryTop: z.array(BreakdownCellSchema),
    category: z.array(BreakdownCellSchema),
    channel: z.array(BreakdownCellSchema),
    institution: z.array(BreakdownCellSchema),
    region: z.array(BreakdownCellSchema),
    month: z.array(BreakdownCellSchema),
    statusAtYearEnd: z.array(BreakdownCellSchema),
    statusNow: z.array(BreakdownCellSchema),
    archiveReason: z.array(BreakdownCellSchema),
  }),
  /** The ranked rows (rankInstitutions), then the unranked ones in code order. */
  institutions: z.array(InstitutionRowSchema),
});
export type StatsAnnualReport = z.infer<typeof StatsAnnualReportSchema>;

export const TrendYearSchema = z.strictObject({
  year: z.number().int(),
  headline: HeadlineSchema,
  /** Change from the previous year: counts relative (0.1 = +10%), rates and shares in points (0.05 = +5 pp). */
  change: z.strictObject({
    received: figure,
    followUpRate: figure,
    completionRate: figure,
    verifyOnTimeShare: figure,
    responseOnTimeShare: figure,
  }),
});
export type TrendYear = z.infer<typeof TrendYearSchema>;

export const StatsTrendReportSchema = z.strictObject({
  from: z.number().int(),
  to: z.number().int(),
  institution: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
  asOf: instant,
  utcOffsetMinutes: z.number().int(),
  public: z.boolean(),
  k: z.number().int().nullable(),
  /** As in the annual report, prefixed with the year: `2023.headline.completed`. */
  suppressed: z.array(z.string()),
  years: z.array(TrendYearSchema),
});
export type StatsTrendReport = z.infer<typeof StatsTrendReportSchema>;

// ---- pure helpers ------------------------------------------------------------------------------------------

/** num / den, or null when there is no denominator. */
export function rate(num: number | null, den: number | null): number | null {
  if (num === null || den === null || den === 0) return null;
  return num / den;
}

/** The nearest rank of the `percent`-th percentile (an integer 1–100) among n values: ceil(percent·n/100), ≥ 1. */
export function nearestRank(percent: number, n: number): number {
  // integer arithmetic: 0.9 * 30 is 27.000000000000004 in floating point, and its ceiling would be 28
  return Math.max(1, Math.floor((percent * n + 99) / 100));
}

/**
 * Nearest-rank percentile of a histogram (value → count): the smallest value v with at least the
 * nearest rank of counts at or below v. `percent` is an integer (50 = median, 90 = p90). null when empty.
 */
export function histogramPercentile(hist: ReadonlyMap<number, number>, percent: number): number | null {
  let n = 0;
  for (const c of hist.values()) n += c;
  if (n === 0) return null;
  const rank = nearestRank(percent, n);
  let seen = 0;
  for (const v of [...hist.keys()].sort((a, b) => a - b)) {
    seen += hist.get(v) ?? 0;
    if (seen >= rank) return v;
  }
  return null;
}

/**
 * A percentile of a working-day histogram in hours, when it falls among the clocks that took 0 working days
 * (stopped on the local date they started): the value of the same nearest rank in `sameDayMinutes`, the
 * minutes those clocks took (one value for each of the histogram's zeros), divided by 60. null when the
 * percentile is one working day or more, or the histogram is empty.
 */
export function sameDayPercentileHours(days: ReadonlyMap<number, number>, sameDayMinutes: ReadonlyMap<number, number>, percent: number): number | null {
  let n = 0;
  for (const c of days.values()) n += c;
  if (n === 0) return null;
  const rank = nearestRank(percent, n);
  if (rank > (days.get(0) ?? 0)) return null;
  let seen = 0;
  for (const v of [...sameDayMinutes.keys()].sort((a, b) => a - b)) {
    seen += sameDayMinutes.get(v) ?? 0;
    if (seen >= rank) return v / 60;
  }
  return null;
}

/** Relative change (counts) or difference (rates), null when either side is unknown. */
export function relativeChange(now: number | null, before: number | null): number | null {
  if (now === null || before === null || before === 0) return null;
  return (now - before) / before;
}

export function pointChange(now: number | null, before: number | null): number | null {
  if (now === null || before === null) return null;
  return now - before;
}

/**
 * The ranking (see the file header): ranked rows first, numbered from 1, then the unranked ones (rank null)
 * in code order. Used for the full report and again for the public one, on the figures it shows.
 */
export function rankInstitutions<T extends Omit<InstitutionRow, 'rank'>>(rows: readonly T[], minCases = RANKING_MIN_CASES): (T & { rank: number | null })[] {
  const eligible = (r: T) => r.received !== null && r.received >= minCases && r.completionRate !== null;
  const byCode = (a: T, b: T) => (a.institutionId < b.institutionId ? -1 : a.institutionId > b.institutionId ? 1 : 0);
  const medianOrLast = (v: number | null) => (v === null ? Infinity : v);
  const ranked = rows
    .filter(eligible)
    .sort(
      (a, b) =>
        (b.completionRate ?? 0) - (a.completionRate ?? 0) ||
        medianOrLast(a.responseMedianWorkingDays) - medianOrLast(b.responseMedianWorkingDays) ||
        byCode(a, b),
    );
  const unranked = rows.filter((r) => !eligible(r)).sort(byCode);
  return [...ranked.map((r, i) => ({ ...r, rank: i + 1 })), ...unranked.map((r) => ({ ...r, rank: null }))];
}

export const STATUS_KEYS = STATUSES;
export const CLASSIFICATION_KEYS = CLASSIFICATIONS;
export const ARCHIVE_REASON_KEYS = ARCHIVE_REASONS;

// ---- the tidy form -----------------------------------------------------------------------------------------

/** One figure of one dimension value: the CSV/JSON rows of `lapor stats`. */
export interface TidyRow {
  year: number;
  /** Institution subtree of the report ('' for all institutions). */
  scope: string;
  figure: string;
  /** 'total' for headline figures, else the breakdown (channel, month, institution, …). */
  dimension: string;
  /** The dimension value ('' for totals). */
  key: string;
  value: number | null;
  /** true when a public report hid the value. */
  suppressed: boolean;
}

const HEADLINE_COUNTS = [
  'received',
  'disposed',
  'followedUp',
  'completed',
  'archived',
  'postponedNow',
  'postponedEver',
  'openOver60Days',
  'ratingCount',
] as const;
const HEADLINE_RATES = ['followUpRate', 'completionRate', 'archivedShare', 'postponedShare', 'ratingMean'] as const;
const CLOCK_FIELDS = ['onTime', 'late', 'overdue', 'running', 'onTimeShare', 'n', 'medianWorkingDays', 'p90WorkingDays', 'medianHours', 'p90Hours'] as const;

function headlineRows(h: Headline, base: Omit<TidyRow, 'figure' | 'value' | 'suppressed'>, hidden: ReadonlySet<string>, prefix = ''): TidyRow[] {
  const rows: TidyRow[] = [];
  const push = (figureName: string, value: number | null) =>
    rows.push({ ...base, figure: figureName, value, suppressed: hidden.has(`${prefix}headline.${figureName}`) });
  for (const f of HEADLINE_COUNTS) push(f, h[f]);
  for (const f of HEADLINE_RATES) push(f, h[f]);
  for (const clock of ['verify', 'response'] as const) for (const f of CLOCK_FIELDS) push(`${clock}.${f}`, h[clock][f]);
  push('closing.n', h.closing.n);
  push('closing.medianWorkingDays', h.closing.medianWorkingDays);
  push('closing.p90WorkingDays', h.closing.p90WorkingDays);
  push('closing.medianHours', h.closing.medianHours);
  push('closing.p90Hours', h.closing.p90Hours);
  return rows;
}

/** The annual report as tidy rows: headline figures, then every breakdown, then the institution table. */
export function annualTidyRows(r: StatsAnnualReport): TidyRow[] {
  const scope = r.institution?.id ?? '';
  const hidden = new Set(r.suppressed);
  const rows = headlineRows(r.headline, { year: r.year, scope, dimension: 'total', key: '' }, hidden);
  for (const name of BREAKDOWNS) {
    for (const cell of r.breakdowns[name]) {
      rows.push({ year: r.year, scope, figure: 'received', dimension: name, key: cell.key, value: cell.count, suppressed: hidden.has(`${name}.${cell.key}`) });
    }
  }
  // the table's received column is the institution breakdown above (the same cells, suppressed together:
  // statsPublic.ts gives both one cell), so it is not repeated: each (figure, dimension, key) once
  const instFigures = [
    'rank',
    'disposed',
    'followedUp',
    'followUpRate',
    'completed',
    'completionRate',
    'responseOnTimeShare',
    'responseMedianWorkingDays',
    'closingMedianWorkingDays',
    'responseMedianHours',
    'closingMedianHours',
  ] as const;
  for (const row of r.institutions) {
    for (const f of instFigures) {
      const value = row[f];
      rows.push({ year: r.year, scope, figure: f, dimension: 'institution', key: row.institutionId, value, suppressed: hidden.has(`institution.${row.institutionId}.${f}`) });
    }
  }
  return rows;
}

/** The trend as tidy rows: each year's headline figures and its changes. */
export function trendTidyRows(t: StatsTrendReport): TidyRow[] {
  const scope = t.institution?.id ?? '';
  const hidden = new Set(t.suppressed);
  const rows: TidyRow[] = [];
  for (const y of t.years) {
    rows.push(...headlineRows(y.headline, { year: y.year, scope, dimension: 'total', key: '' }, hidden, `${y.year}.`));
    for (const [f, value] of Object.entries(y.change)) {
      rows.push({ year: y.year, scope, figure: `change.${f}`, dimension: 'total', key: '', value, suppressed: false });
    }
  }
  return rows;
}

// ---- desk work (issue #20): duplicates by institution ---------------------------------------------------------

export const StatsDuplicatesQuerySchema = z.strictObject({
  year: year.optional(),
  institution: code.optional(),
});
export type StatsDuplicatesQuery = z.infer<typeof StatsDuplicatesQuerySchema>;

export const DuplicatesRowSchema = z.strictObject({
  institutionId: z.string().nullable().describe('The original’s institution; null while it is not disposed'),
  institutionName: z.string().nullable(),
  duplicates: z.number().int().describe('Duplicates submitted in the year, linked to originals at this institution'),
  originals: z.number().int().describe('Distinct originals they are linked to'),
});

export const StatsDuplicatesReportSchema = z.strictObject({
  year: z.number().int(),
  institution: z.string().nullable(),
  total: z.number().int(),
  items: z.array(DuplicatesRowSchema),
});
export type StatsDuplicatesReport = z.infer<typeof StatsDuplicatesReportSchema>;
