// Columns of `lapor audit verify`: one row per case whose chain is broken.

import type { AuditProblem } from '../../domain/audit.js';
import type { Column } from '../../io/format.js';
import { fieldHeader, t } from '../../io/i18n.js';

/** How the table shows a missing seq (the break is in the case row, not at one event). */
export const NO_SEQ = '—';

export const AUDIT_COLUMNS: Column<AuditProblem>[] = [
  { key: 'trackingId', header: (lang) => fieldHeader(lang, 'trackingId'), value: (r) => r.trackingId, fit: 'fixed' },
  {
    key: 'seq',
    header: (lang) => t(lang, 'audit.column.seq'),
    value: (r) => r.seq,
    display: (r) => (r.seq === null ? NO_SEQ : String(r.seq)),
    align: 'right',
  },
  {
    key: 'problem',
    header: (lang) => t(lang, 'audit.column.problem'),
    value: (r) => r.problem,
    display: (r, ctx) => t(ctx.lang, `audit.problem.${r.problem}`),
    fit: 'flex',
  },
  {
    key: 'version',
    header: (lang) => t(lang, 'audit.column.version'),
    value: (r) => r.version,
    display: (r) => (r.version === null ? NO_SEQ : String(r.version)),
    align: 'right',
  },
  { key: 'events', header: (lang) => t(lang, 'audit.column.events'), value: (r) => r.events, align: 'right' },
];
