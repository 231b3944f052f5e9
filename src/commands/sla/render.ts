// Columns of the `sla` verbs: the breaches of `sla overdue` and the closed cases of `sla sweep`.

import type { SlaOverdueItem, SlaSweepResponse } from '../../domain/sla.js';
import type { Column } from '../../io/format.js';
import { clockName, fieldHeader, statusName, t } from '../../io/i18n.js';
import { relativeTime } from '../../io/time.js';

/** How the table shows a breach with no responsible institution yet (a case in the national queue). */
export const NO_INSTITUTION = '—';

export const OVERDUE_COLUMNS: Column<SlaOverdueItem>[] = [
  { key: 'trackingId', header: (lang) => fieldHeader(lang, 'trackingId'), value: (r) => r.trackingId, fit: 'fixed' },
  {
    key: 'clock',
    header: (lang) => t(lang, 'sla.column.clock'),
    value: (r) => r.clock,
    display: (r, ctx) => clockName(ctx.lang, r.clock),
  },
  {
    key: 'status',
    header: (lang) => fieldHeader(lang, 'status'),
    value: (r) => r.status,
    display: (r, ctx) => statusName(ctx.lang, r.status),
  },
  {
    key: 'institutionId',
    header: (lang) => fieldHeader(lang, 'institutionId'),
    value: (r) => r.institutionId,
    display: (r) => r.institutionId ?? NO_INSTITUTION,
    shorten: 'middle',
  },
  {
    key: 'institutionName',
    header: (lang) => t(lang, 'sla.column.institutionName'),
    value: (r) => r.institutionName,
    display: (r) => r.institutionName ?? NO_INSTITUTION,
    fit: 'flex',
    shorten: 'middle',
  },
  {
    key: 'dueAt',
    header: (lang) => t(lang, 'sla.column.dueAt'),
    value: (r) => r.dueAt,
    display: (r, ctx) => relativeTime(r.dueAt, ctx.now, ctx.lang),
  },
  {
    key: 'overdueWorkingDays',
    header: (lang) => t(lang, 'sla.column.overdueWorkingDays'),
    value: (r) => r.overdueWorkingDays,
    align: 'right',
  },
  { key: 'overdueHours', header: (lang) => t(lang, 'sla.column.overdueHours'), value: (r) => r.overdueHours, align: 'right' },
];

/** Without --fields; the clock column only when every clock is listed. */
export function overdueDefaultFields(allClocks: boolean): string[] {
  return ['trackingId', ...(allClocks ? ['clock'] : []), 'institutionId', 'dueAt', 'overdueWorkingDays', 'overdueHours'];
}

export type SweptCase = SlaSweepResponse['closed'][number];

export const SWEEP_COLUMNS: Column<SweptCase>[] = [
  { key: 'trackingId', header: (lang) => fieldHeader(lang, 'trackingId'), value: (r) => r.trackingId, fit: 'fixed' },
  { key: 'version', header: (lang) => t(lang, 'sla.column.version'), value: (r) => r.version, align: 'right' },
];
