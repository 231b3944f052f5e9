// The sla_policies table (migration 9) in domain terms: a row is one version of one policy. Versions are
// appended, never rewritten: a change takes effect from its date on, so the deadlines of cases submitted
// earlier stay as they were computed (domain/slaPolicy.ts). Setting a version whose date is already in the
// past would re-time cases submitted since, so `set` refuses dates before today (the server's local date)
// unless the policy is new; an exact (id, effectiveFrom) repeat with the same content is a no-op.

import { localDate } from '../domain/clocks.js';
import { SLA_TARGETS, type SlaPolicy, type SlaTarget, type SlaTargetName } from '../domain/slaPolicy.js';
import type { Queryable } from './db/driver.js';
import { ProblemError } from './problem.js';

const TARGET_COLUMNS: Record<SlaTargetName, string> = {
  verify: 'verify',
  response: 'response',
  followUp: 'follow_up',
  completion: 'completion',
  autoClose: 'auto_close',
};

export const POLICY_COLUMNS = [
  'id',
  'effective_from',
  'name',
  'source',
  'classification',
  'category_id',
  'institution_id',
  'needs_field_inspection',
  ...SLA_TARGETS.flatMap((t) => [`${TARGET_COLUMNS[t]}_days`, `${TARGET_COLUMNS[t]}_unit`]),
  'escalate_after_days',
  'escalate_after_unit',
] as const;

/** The values of a policy in POLICY_COLUMNS order. */
export function policyRow(p: SlaPolicy): unknown[] {
  const k = p.conditions;
  return [
    p.id,
    p.effectiveFrom,
    p.name,
    p.source,
    k.classification,
    k.categoryId,
    k.institutionId,
    k.needsFieldInspection,
    ...SLA_TARGETS.flatMap((t) => [p.targets[t].days, p.targets[t].unit]),
    p.escalateAfter?.days ?? null,
    p.escalateAfter?.unit ?? null,
  ];
}

const literal = (v: unknown): string =>
  v === null ? 'NULL' : typeof v === 'number' || typeof v === 'boolean' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;

/** A policy as a SQL VALUES tuple (the migration seeds the published standard with it). */
export function policyRowValuesSql(p: SlaPolicy): string {
  return `(${policyRow(p).map(literal).join(', ')})`;
}

type PolicyRowData = Record<(typeof POLICY_COLUMNS)[number], unknown>;

function rowToPolicy(r: PolicyRowData): SlaPolicy {
  const target = (name: string): SlaTarget => ({ days: Number(r[`${name}_days` as keyof PolicyRowData]), unit: r[`${name}_unit` as keyof PolicyRowData] as SlaTarget['unit'] });
  const targets = Object.fromEntries(SLA_TARGETS.map((t) => [t, target(TARGET_COLUMNS[t])])) as SlaPolicy['targets'];
  return {
    id: String(r.id),
    effectiveFrom: String(r.effective_from),
    name: String(r.name),
    source: (r.source ?? null) as string | null,
    conditions: {
      classification: (r.classification ?? null) as SlaPolicy['conditions']['classification'],
      categoryId: (r.category_id ?? null) as string | null,
      institutionId: (r.institution_id ?? null) as string | null,
      needsFieldInspection: (r.needs_field_inspection ?? null) as boolean | null,
    },
    targets,
    escalateAfter: r.escalate_after_days === null ? null : target('escalate_after'),
  };
}

/** Every version of every policy, by id then effective date. */
export async function loadPolicies(db: Queryable): Promise<SlaPolicy[]> {
  const rows = await db.query<PolicyRowData>(
    `SELECT ${POLICY_COLUMNS.map((c) => (c === 'effective_from' ? 'effective_from::text AS effective_from' : c)).join(', ')}
     FROM sla_policies ORDER BY id, effective_from`,
  );
  return rows.map(rowToPolicy);
}

function samePolicy(a: SlaPolicy, b: SlaPolicy): boolean {
  return JSON.stringify(policyRow(a)) === JSON.stringify(policyRow(b));
}

export interface SetOutcome {
  policy: SlaPolicy;
  created: boolean;
}

/**
 * Adds policy versions (one transaction; all or none). Refused: an (id, effectiveFrom) that exists with other
 * content (a version is never rewritten), and a date before today for an id that has versions already (it
 * would re-time cases submitted since). References are checked against the trees.
 */
export async function addPolicies(
  tx: Queryable,
  policies: readonly SlaPolicy[],
  by: string,
  now: Date,
  utcOffsetMinutes: number,
  refs: { institutionExists(id: string): boolean; categoryExists(id: string): boolean },
): Promise<SetOutcome[]> {
  const today = localDate(now, utcOffsetMinutes);
  const existing = await loadPolicies(tx);
  const out: SetOutcome[] = [];
  const errors: { field: string; message: string }[] = [];
  policies.forEach((p, i) => {
    const at = policies.length === 1 ? '' : `[${i}].`;
    if (p.conditions.institutionId !== null && !refs.institutionExists(p.conditions.institutionId)) {
      errors.push({ field: `${at}conditions.institutionId`, message: `unknown institution ${p.conditions.institutionId}` });
    }
    if (p.conditions.categoryId !== null && !refs.categoryExists(p.conditions.categoryId)) {
      errors.push({ field: `${at}conditions.categoryId`, message: `unknown category ${p.conditions.categoryId}` });
    }
    const same = existing.find((e) => e.id === p.id && e.effectiveFrom === p.effectiveFrom);
    if (same) {
      if (!samePolicy(same, p)) errors.push({ field: `${at}effectiveFrom`, message: `version ${p.id}@${p.effectiveFrom} exists with other content: add a new version with a later date` });
      else out.push({ policy: same, created: false });
      return;
    }
    if (existing.some((e) => e.id === p.id) && p.effectiveFrom < today) {
      errors.push({ field: `${at}effectiveFrom`, message: `a new version of ${p.id} must take effect today (${today}) or later: earlier cases keep their deadlines` });
      return;
    }
    out.push({ policy: p, created: true });
  });
  if (errors.length > 0) {
    throw new ProblemError(422, 'unprocessable', errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  }
  const fresh = out.filter((o) => o.created).map((o) => o.policy);
  if (fresh.length > 0) {
    const n = POLICY_COLUMNS.length;
    const values = fresh.map((_, i) => `(${POLICY_COLUMNS.map((__, j) => `$${i * (n + 1) + j + 1}`).join(', ')}, $${i * (n + 1) + n + 1})`);
    await tx.query(
      `INSERT INTO sla_policies (${POLICY_COLUMNS.join(', ')}, created_by) VALUES ${values.join(', ')}`,
      fresh.flatMap((p) => [...policyRow(p), by]),
    );
  }
  return out;
}
