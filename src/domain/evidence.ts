// The evidence pack for the yearly evaluations of complaint handling (API v1: GET /v1/stats/institutions,
// `lapor stats institutions`): one row per institution with the indicators the evaluators ask for, and the
// same figures summed over each institution's subtree. Wire shapes, the definitions as constants, the
// ranking rule. Pure; same rules as stats.ts (strict objects, validated on both sides).
//
// Definitions (the report prints them; README "Statistics" has the annual report's, which these share):
// - Cases: those received in the year (local submission date, as the annual report), counted for the case's
//   current institution. Subtree: the institution and every unit under it (src/domain/trees.ts paths).
// - Received: those cases. Disposed: disposed at least once. Followed up: disposed with at least one
//   follow-up (tindak lanjut) posted. Share followed up: followed up / disposed.
// - Within N working days (N = EVIDENCE_WITHIN_WORKING_DAYS, the KemenPAN-RB indicator): disposed cases whose
//   first follow-up after their latest disposition came at most N working days after it (working days as in
//   src/domain/clocks.ts: after the disposition's local date up to and including the follow-up's, over the
//   calendar's holidays and cuti bersama). Share within: that count / disposed.
// - Completion: completed (Selesai) cases / received.
// - Median and p90 (nearest rank) of the working days from the latest disposition to the first follow-up,
//   over the cases that had one (n = responded).
// - Breaches: SLA breach records (sla_breaches) whose breach instant falls in the year (local), counted for
//   the institution responsible at the breach. Escalations: `escalate` events in the year, counted for the
//   institution the case was disposed to at that moment. These two count occurrences in the year, whatever
//   year the case was received in.
// - Last activity (connectivity): the latest event written by the institution's own staff (an institution
//   admin or a liaison) on a case disposed to it, at or before `activityAt` (the end of the year, or "as of"
//   for the running year); days since: local calendar days from that event to `activityAt`. Null: never.
// - Ranking: institutions (own cases, not subtree totals) with at least EVIDENCE_RANKING_MIN_DISPOSED
//   disposed cases are ranked by share within N working days (higher first), then share followed up (higher
//   first), then the median working days (lower first; none last), then code. Smaller institutions are listed
//   after the ranked ones, in code order, without a rank: a share over two cases says little. A public report
//   ranks only what it shows.

import { z } from 'zod';

/** The follow-up window of the evaluators' indicator, in working days. */
export const EVIDENCE_WITHIN_WORKING_DAYS = 5;
/** Disposed cases an institution needs in the year to get a rank. */
export const EVIDENCE_RANKING_MIN_DISPOSED = 10;

const code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'letters, digits, ".", "_" or "-" (1–100)');
const instant = z.iso.datetime({ offset: true });
const flag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

export const StatsInstitutionsQuerySchema = z.strictObject({
  /** Calendar year (local); the current year when absent. */
  year: z.coerce.number().int().min(1990).max(2100).optional(),
  /** Institution code: its whole subtree. */
  institution: code.optional(),
  public: flag.optional(),
  k: z.coerce.number().int().min(2).max(1000).optional(),
});
export type StatsInstitutionsQuery = z.infer<typeof StatsInstitutionsQuerySchema>;

const count = z.number().int().min(0).nullable();
const figure = z.number().nullable();

export const EVIDENCE_SCOPES = ['own', 'subtree'] as const;
export type EvidenceScope = (typeof EVIDENCE_SCOPES)[number];

export const EvidenceRowSchema = z.strictObject({
  /** Position in the ranking (own rows only); null when not ranked. */
  rank: z.number().int().min(1).nullable(),
  institutionId: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  /** Depth in the institution tree (0 = a root). */
  depth: z.number().int().min(0),
  /** own: the institution's own cases; subtree: the institution and every unit under it. */
  scope: z.enum(EVIDENCE_SCOPES),
  received: count,
  disposed: count,
  followedUp: count,
  followUpShare: figure,
  within: count,
  withinShare: figure,
  completed: count,
  completionRate: figure,
  /** First follow-ups counted in the median and p90. */
  responded: count,
  medianWorkingDays: figure,
  p90WorkingDays: figure,
  breaches: count,
  escalations: count,
  lastActivityAt: instant.nullable(),
  daysSinceActivity: z.number().int().min(0).nullable(),
});
export type EvidenceRow = z.infer<typeof EvidenceRowSchema>;

export const StatsInstitutionsReportSchema = z.strictObject({
  year: z.number().int(),
  institution: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
  asOf: instant,
  /** The instant last activity is read at: the end of the year, or "as of" for the running year. */
  activityAt: instant,
  utcOffsetMinutes: z.number().int(),
  withinWorkingDays: z.number().int(),
  rankingMinDisposed: z.number().int().min(1),
  publisher: z.strictObject({ id: z.string(), name: z.string() }).nullable(),
  public: z.boolean(),
  k: z.number().int().nullable(),
  /** Hidden figures as paths: `institution.<id>.<figure>` (own rows), `subtree.<id>.<figure>`. */
  suppressed: z.array(z.string()),
  /** Own rows: the ranked ones (rankEvidence), then the unranked in code order. */
  institutions: z.array(EvidenceRowSchema),
  /** Subtree totals of the institutions that have units under them, in tree order. */
  subtrees: z.array(EvidenceRowSchema),
});
export type StatsInstitutionsReport = z.infer<typeof StatsInstitutionsReportSchema>;

/** The counts of a row, the cells that suppression and the subtree sums work on. */
export const EVIDENCE_COUNTS = ['received', 'disposed', 'followedUp', 'within', 'completed', 'responded', 'breaches', 'escalations'] as const;
export type EvidenceCount = (typeof EVIDENCE_COUNTS)[number];

/** The ranking (see the file header): ranked rows first, numbered from 1, then the rest in code order. */
export function rankEvidence<T extends Omit<EvidenceRow, 'rank'>>(rows: readonly T[], minDisposed = EVIDENCE_RANKING_MIN_DISPOSED): (T & { rank: number | null })[] {
  const eligible = (r: T) => r.disposed !== null && r.disposed >= minDisposed && r.withinShare !== null && r.followUpShare !== null;
  const byCode = (a: T, b: T) => (a.institutionId < b.institutionId ? -1 : a.institutionId > b.institutionId ? 1 : 0);
  const lowOrLast = (v: number | null) => (v === null ? Infinity : v);
  const ranked = rows
    .filter(eligible)
    .sort(
      (a, b) =>
        (b.withinShare ?? 0) - (a.withinShare ?? 0) ||
        (b.followUpShare ?? 0) - (a.followUpShare ?? 0) ||
        lowOrLast(a.medianWorkingDays) - lowOrLast(b.medianWorkingDays) ||
        byCode(a, b),
    );
  const unranked = rows.filter((r) => !eligible(r)).sort(byCode);
  return [...ranked.map((r, i) => ({ ...r, rank: i + 1 })), ...unranked.map((r) => ({ ...r, rank: null }))];
}

/** The report as flat rows (csv, json, xlsx): the own rows, then the subtree totals. */
export function evidenceFlatRows(r: StatsInstitutionsReport): EvidenceRow[] {
  return [...r.institutions, ...r.subtrees];
}
