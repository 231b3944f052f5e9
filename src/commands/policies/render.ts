// What the `sla policies` verbs share: the columns of a policy version, and the target syntax of the flags
// (`5w` = 5 working days, `14c` = 14 calendar days).

import { InvalidArgumentError } from 'commander';
import type { SlaPolicy, SlaTarget } from '../../domain/slaPolicy.js';
import type { Column } from '../../io/format.js';
import { t, type Lang } from '../../io/i18n.js';

/** A target as the flags and the CSV-like cells write it: 5w, 14c. */
export function targetText(target: SlaTarget | null): string | null {
  return target === null ? null : `${target.days}${target.unit === 'working' ? 'w' : 'c'}`;
}

/** A --flag parser for a target (`5w`, `14c`); `none` when allowed (the escalation rule). */
export function targetParser(lang: Lang, allowNone = false) {
  return (value: string): SlaTarget | null => {
    const v = value.trim().toLowerCase();
    if (allowNone && v === 'none') return null;
    const m = /^(\d{1,4})([wc])$/.exec(v);
    if (m === null || Number(m[1]) > 3650) throw new InvalidArgumentError(t(lang, 'sla.policies.badTarget', { value }));
    return { days: Number(m[1]), unit: m[2] === 'w' ? 'working' : 'calendar' };
  };
}

function displayTarget(target: SlaTarget | null, lang: Lang): string {
  if (target === null) return '—';
  return t(lang, target.unit === 'working' ? 'sla.policies.workingDays' : 'sla.policies.calendarDays', { n: String(target.days) });
}

const cond = (v: string | boolean | null): string | boolean | null => v;

export const POLICY_COLUMNS: Column<SlaPolicy>[] = [
  { key: 'id', header: (l) => t(l, 'sla.policies.column.id'), value: (p) => p.id, fit: 'fixed' },
  { key: 'effectiveFrom', header: (l) => t(l, 'sla.policies.column.effectiveFrom'), value: (p) => p.effectiveFrom, fit: 'fixed' },
  { key: 'name', header: (l) => t(l, 'sla.policies.column.name'), value: (p) => p.name, fit: 'flex' },
  { key: 'classification', header: (l) => t(l, 'sla.policies.column.classification'), value: (p) => cond(p.conditions.classification) },
  { key: 'categoryId', header: (l) => t(l, 'sla.policies.column.category'), value: (p) => cond(p.conditions.categoryId) },
  { key: 'institutionId', header: (l) => t(l, 'sla.policies.column.institution'), value: (p) => cond(p.conditions.institutionId) },
  { key: 'needsFieldInspection', header: (l) => t(l, 'sla.policies.column.fieldInspection'), value: (p) => cond(p.conditions.needsFieldInspection) },
  ...(['verify', 'response', 'followUp', 'completion', 'autoClose'] as const).map(
    (k): Column<SlaPolicy> => ({
      key: k,
      header: (l) => t(l, `sla.policies.column.${k}`),
      value: (p) => targetText(p.targets[k]),
      display: (p, ctx) => displayTarget(p.targets[k], ctx.lang),
    }),
  ),
  {
    key: 'escalateAfter',
    header: (l) => t(l, 'sla.policies.column.escalateAfter'),
    value: (p) => targetText(p.escalateAfter),
    display: (p, ctx) => displayTarget(p.escalateAfter, ctx.lang),
  },
  { key: 'source', header: (l) => t(l, 'sla.policies.column.source'), value: (p) => p.source, fit: 'flex' },
];

/** Without --fields: what fits a terminal. */
export const POLICY_DEFAULT_FIELDS = ['id', 'effectiveFrom', 'classification', 'needsFieldInspection', 'verify', 'response', 'completion', 'autoClose', 'escalateAfter'];
