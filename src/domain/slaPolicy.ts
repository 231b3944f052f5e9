// SLA policies: which clock lengths apply to a case. A policy is data (the sla_policies table): conditions on
// the case (classification, category subtree, institution subtree, the needsFieldInspection flag) and a target
// for each clock, in working or calendar days, with the date it takes effect. Pure: no IO.
//
// The rule that keeps deadlines stable: a case runs on the policy in force on its submission's local date.
// A policy is versioned by (id, effectiveFrom); a new version (or a new policy) only applies to cases
// submitted from its date on, so no change rewrites an earlier case's deadlines. Re-evaluation (an edit of
// the classification, category or flag, a disposition to another institution) picks again under the same
// rule, and each clock is then recomputed from its own start (clocks.ts).
//
// Choosing among the policies that match: the most specific (most conditions set) wins, then the one that
// took effect later, then the lower id, so the answer never depends on the order of the table.

import { localDate, type WorkingCalendar } from './clocks.js';
import { CLASSIFICATIONS, DEFAULT_CLOCKS, type Case, type Classification, type ClockSettings } from './types.js';

export const SLA_TARGETS = ['verify', 'response', 'followUp', 'completion', 'autoClose'] as const;
export type SlaTargetName = (typeof SLA_TARGETS)[number];

export const DAY_UNITS = ['working', 'calendar'] as const;
export type DayUnit = (typeof DAY_UNITS)[number];

export interface SlaTarget {
  days: number;
  unit: DayUnit;
}

export interface SlaConditions {
  classification: Classification | null;
  /** Root of a category subtree (the category and its descendants). */
  categoryId: string | null;
  /** Root of an institution subtree: the institution the case is disposed to (or targets). */
  institutionId: string | null;
  /** null: either; true/false: only cases whose flag is set to that (an unassessed case has null). */
  needsFieldInspection: boolean | null;
}

/**
 * A target per clock: verify (from submission), response (from disposition to the first follow-up), followUp
 * (while in progress, from a reporter's reply to the next follow-up: the cadence; shown, not yet swept),
 * completion (from submission to the closing), autoClose (from the last follow-up with no reply to the
 * system's close).
 */
export type SlaTargets = Record<SlaTargetName, SlaTarget>;

/** One version of a policy (the wire schema is domain/sla.ts SlaPolicySchema). */
export interface SlaPolicy {
  id: string;
  /** First local date (YYYY-MM-DD) on which cases submitted fall under this version. */
  effectiveFrom: string;
  name: string;
  /** Where the figures come from (a regulation, a decision). */
  source: string | null;
  conditions: SlaConditions;
  targets: SlaTargets;
  /** The sweep's escalation rule: this long past the response deadline with no follow-up (null: never). */
  escalateAfter: SlaTarget | null;
}

/** Which policy version a case runs on (its id and effectiveFrom). */
export interface PolicyRef {
  id: string;
  effectiveFrom: string;
}

/** What a policy's conditions look at. */
export type PolicyFacts = Pick<Case, 'classification' | 'categoryId' | 'institutionId' | 'needsFieldInspection' | 'submittedAt'>;

/** Subtree tests supplied by the caller (the trees live in the database). */
export interface PolicyTrees {
  categoryWithin(categoryId: string, rootId: string): boolean;
  institutionWithin(institutionId: string, rootId: string): boolean;
}

export function matches(p: SlaPolicy, c: PolicyFacts, trees: PolicyTrees): boolean {
  const k = p.conditions;
  if (k.classification !== null && k.classification !== c.classification) return false;
  if (k.categoryId !== null && (c.categoryId === null || !trees.categoryWithin(c.categoryId, k.categoryId))) return false;
  if (k.institutionId !== null && (c.institutionId === null || !trees.institutionWithin(c.institutionId, k.institutionId))) return false;
  if (k.needsFieldInspection !== null && k.needsFieldInspection !== c.needsFieldInspection) return false;
  return true;
}

function specificity(p: SlaPolicy): number {
  const k = p.conditions;
  return [k.classification, k.categoryId, k.institutionId, k.needsFieldInspection].filter((v) => v !== null).length;
}

/** The version of each policy in force on a local date (none when all its versions start later). */
export function versionsInForce(policies: readonly SlaPolicy[], onDate: string): SlaPolicy[] {
  const latest = new Map<string, SlaPolicy>();
  for (const p of policies) {
    if (p.effectiveFrom > onDate) continue;
    const seen = latest.get(p.id);
    if (!seen || p.effectiveFrom > seen.effectiveFrom) latest.set(p.id, p);
  }
  return [...latest.values()];
}

/**
 * The policy a case runs on: among the versions in force on its submission's local date, the matching one
 * that is most specific, then latest, then lowest id (see the file header). Null when none matches (the
 * caller falls back to fallbackPolicy).
 */
export function resolvePolicy(
  policies: readonly SlaPolicy[],
  c: PolicyFacts,
  trees: PolicyTrees,
  utcOffsetMinutes: number,
): SlaPolicy | null {
  const onDate = localDate(c.submittedAt, utcOffsetMinutes);
  let best: SlaPolicy | null = null;
  for (const p of versionsInForce(policies, onDate)) {
    if (!matches(p, c, trees)) continue;
    if (best === null) {
      best = p;
      continue;
    }
    const d = specificity(p) - specificity(best);
    if (d > 0 || (d === 0 && (p.effectiveFrom > best.effectiveFrom || (p.effectiveFrom === best.effectiveFrom && p.id < best.id)))) best = p;
  }
  return best;
}

/** The end of a target counted from `start` (clocks.ts: the end of the n-th working or calendar day after it). */
export function addTarget(calendar: WorkingCalendar, start: string, t: SlaTarget): string {
  return t.unit === 'working' ? calendar.addWorkingDays(start, t.days) : calendar.addCalendarDays(start, t.days);
}

/** The deadlines a case's own timestamps give under a policy's targets (each clock from its own start). */
export function policyDeadlines(
  c: Pick<Case, 'submittedAt' | 'disposedAt'>,
  targets: SlaTargets,
  calendar: WorkingCalendar,
): Pick<Case, 'verifyDueAt' | 'responseDueAt' | 'completionDueAt'> {
  return {
    verifyDueAt: addTarget(calendar, c.submittedAt, targets.verify),
    responseDueAt: c.disposedAt ? addTarget(calendar, c.disposedAt, targets.response) : null,
    completionDueAt: addTarget(calendar, c.submittedAt, targets.completion),
  };
}

/** When the system closes an in-progress case, or null when the rule does not apply (no follow-up, or a reply since). */
export function autoCloseAt(c: Pick<Case, 'lastResponseAt' | 'lastReporterReplyAt'>, targets: SlaTargets, calendar: WorkingCalendar): string | null {
  if (c.lastResponseAt === null) return null;
  if (c.lastReporterReplyAt !== null && Date.parse(c.lastReporterReplyAt) >= Date.parse(c.lastResponseAt)) return null;
  return addTarget(calendar, c.lastResponseAt, targets.autoClose);
}

/** When the sweep escalates a disposed case that has no follow-up, or null (no rule, or already escalated). */
export function escalateAt(
  c: Pick<Case, 'status' | 'responseDueAt' | 'escalatedAt'>,
  policy: Pick<SlaPolicy, 'escalateAfter'>,
  calendar: WorkingCalendar,
): string | null {
  if (policy.escalateAfter === null || c.escalatedAt !== null || c.status !== 'disposed' || c.responseDueAt === null) return null;
  return addTarget(calendar, c.responseDueAt, policy.escalateAfter);
}

// ---- the published standard --------------------------------------------------------------------------------

/** Effective date of the seeded defaults: early enough to cover every case a deployment holds. */
export const SEED_EFFECTIVE_FROM = '2000-01-01';

export const STANDARD_SOURCE =
  'Perpres 76/2013 (pengelolaan pengaduan pelayanan publik) and Permenpan-RB 62/2018 (pedoman SP4N-LAPOR!), KemenPAN-RB';

const wd = (days: number): SlaTarget => ({ days, unit: 'working' });
const cd = (days: number): SlaTarget => ({ days, unit: 'calendar' });

/** The targets of a ClockSettings (the server's configured defaults): the fallback when no policy matches. */
export function settingsTargets(s: ClockSettings): SlaTargets {
  return {
    verify: wd(s.verifyWorkingDays),
    response: wd(s.responseWorkingDays),
    followUp: wd(s.responseWorkingDays),
    completion: cd(s.completionDays),
    autoClose: wd(s.autoCloseWorkingDays),
  };
}

const ANY: SlaConditions = { classification: null, categoryId: null, institutionId: null, needsFieldInspection: null };

/**
 * The policies a new database starts with (the migration seeds them). The general figures are DEFAULT_CLOCKS
 * (verify 3 working days, first follow-up 5, auto-close 10, completion 60 calendar days); disputes that need
 * no field inspection are settled within 14 days and those that need one within 60 (KemenPAN-RB). Escalation
 * (intervensi) by the sweep: 5 working days past the follow-up deadline.
 */
export const SEED_POLICIES: readonly SlaPolicy[] = [
  {
    id: 'default',
    effectiveFrom: SEED_EFFECTIVE_FROM,
    name: 'Standar umum SP4N-LAPOR!',
    source: STANDARD_SOURCE,
    conditions: ANY,
    targets: settingsTargets(DEFAULT_CLOCKS),
    escalateAfter: wd(5),
  },
  {
    id: 'complaint-no-field-inspection',
    effectiveFrom: SEED_EFFECTIVE_FROM,
    name: 'Pengaduan tanpa pemeriksaan lapangan',
    source: STANDARD_SOURCE,
    conditions: { ...ANY, classification: 'complaint', needsFieldInspection: false },
    targets: { ...settingsTargets(DEFAULT_CLOCKS), completion: cd(14) },
    escalateAfter: wd(5),
  },
  {
    id: 'complaint-field-inspection',
    effectiveFrom: SEED_EFFECTIVE_FROM,
    name: 'Pengaduan dengan pemeriksaan lapangan',
    source: STANDARD_SOURCE,
    conditions: { ...ANY, classification: 'complaint', needsFieldInspection: true },
    targets: { ...settingsTargets(DEFAULT_CLOCKS), completion: cd(60) },
    escalateAfter: wd(5),
  },
];

/** The id of the fallback policy (a case with no recorded policy runs on it); no stored policy may take it. */
export const SETTINGS_POLICY_ID = 'settings';

/** The policy of a case when no policy in the table matches: the server's settings, no escalation rule. */
export function fallbackPolicy(s: ClockSettings): SlaPolicy {
  return {
    id: SETTINGS_POLICY_ID,
    effectiveFrom: SEED_EFFECTIVE_FROM,
    name: 'server settings',
    source: null,
    conditions: ANY,
    targets: settingsTargets(s),
    escalateAfter: null,
  };
}

/** Whether a classification string is one of ours (for the CSV import of policies). */
export function isClassification(v: string): v is Classification {
  return (CLASSIFICATIONS as readonly string[]).includes(v);
}
