// Columns of a case, shared by the verbs of `lapor cases`. The table shows the clocks in front.

import { clockView } from '../../domain/clocks.js';
import type { Case, CaseEvent, ClockName } from '../../domain/types.js';
import type { Column, RenderContext } from '../../io/format.js';
import { archiveReasonName, classificationName, fieldHeader, statusName, t } from '../../io/i18n.js';
import { clockCell, relativeTime } from '../../io/time.js';

function clockColumn(clock: ClockName, key: string): Column<Case> {
  return {
    key,
    header: (lang) => t(lang, `column.clock.${clock}`),
    value: (c, ctx) => clockView(c, clock, ctx.now.toISOString()).state,
    display: (c, ctx: RenderContext) => clockCell(clockView(c, clock, ctx.now.toISOString()), ctx.now, ctx.lang, ctx.color),
  };
}

function timeColumn(field: keyof Case): Column<Case> {
  return {
    key: field,
    header: (lang) => fieldHeader(lang, field),
    value: (c) => c[field] as string | null,
    display: (c, ctx) => {
      const v = c[field] as string | null;
      return v ? relativeTime(v, ctx.now, ctx.lang) : ctx.color.dim('–');
    },
  };
}

function plainColumn(field: keyof Case, flex = false): Column<Case> {
  return { key: field, header: (lang) => fieldHeader(lang, field), value: (c) => c[field] as string | number | boolean | null, fit: flex ? 'flex' : 'normal' };
}

export const CASE_COLUMNS: Column<Case>[] = [
  plainColumn('trackingId'),
  {
    key: 'status',
    header: (lang) => fieldHeader(lang, 'status'),
    value: (c) => c.status,
    display: (c, ctx) => statusName(ctx.lang, c.status),
  },
  clockColumn('verify', 'verifyClock'),
  clockColumn('response', 'responseClock'),
  clockColumn('completion', 'completionClock'),
  plainColumn('institutionId'),
  plainColumn('categoryId'),
  {
    key: 'classification',
    header: (lang) => fieldHeader(lang, 'classification'),
    value: (c) => c.classification,
    display: (c, ctx) => classificationName(ctx.lang, c.classification),
  },
  plainColumn('channel'),
  timeColumn('submittedAt'),
  plainColumn('title', true),
  plainColumn('body', true),
  plainColumn('incidentDate'),
  plainColumn('province'),
  plainColumn('regency'),
  plainColumn('district'),
  plainColumn('village'),
  plainColumn('regionCode'),
  plainColumn('anonymous'),
  plainColumn('confidential'),
  plainColumn('closedBy'),
  {
    key: 'archiveReason',
    header: (lang) => fieldHeader(lang, 'archiveReason'),
    value: (c) => c.archiveReason,
    display: (c, ctx) => (c.archiveReason ? archiveReasonName(ctx.lang, c.archiveReason) : ctx.color.dim('–')),
  },
  plainColumn('rating'),
  timeColumn('verifiedAt'),
  timeColumn('disposedAt'),
  timeColumn('firstResponseAt'),
  timeColumn('lastResponseAt'),
  timeColumn('lastReporterReplyAt'),
  timeColumn('closedAt'),
  timeColumn('verifyDueAt'),
  timeColumn('responseDueAt'),
  timeColumn('completionDueAt'),
  plainColumn('version'),
];

/** What `cases list` shows without --fields. */
export const LIST_DEFAULT_FIELDS = ['trackingId', 'status', 'verifyClock', 'responseClock', 'institutionId', 'submittedAt', 'title'];

export const EVENT_COLUMNS: Column<CaseEvent>[] = [
  { key: 'seq', header: () => '#', value: (e) => e.seq, align: 'right' },
  {
    key: 'at',
    header: (lang) => t(lang, 'column.event.at'),
    value: (e) => e.at,
    display: (e, ctx) => relativeTime(e.at, ctx.now, ctx.lang),
  },
  { key: 'action', header: (lang) => t(lang, 'column.event.action'), value: (e) => e.action },
  { key: 'actor', header: (lang) => t(lang, 'column.event.actor'), value: (e) => e.actor },
  { key: 'role', header: (lang) => t(lang, 'column.event.role'), value: (e) => e.role },
  {
    key: 'toStatus',
    header: (lang) => t(lang, 'column.event.toStatus'),
    value: (e) => e.toStatus,
    display: (e, ctx) => (e.toStatus ? statusName(ctx.lang, e.toStatus) : ''),
  },
  { key: 'toInstitution', header: (lang) => t(lang, 'column.event.toInstitution'), value: (e) => e.toInstitution },
  { key: 'note', header: (lang) => t(lang, 'column.event.note'), value: (e) => e.note, fit: 'flex' },
  { key: 'hash', header: () => 'hash', value: (e) => e.hash },
];

export const EVENT_DEFAULT_FIELDS = ['seq', 'at', 'action', 'actor', 'toStatus', 'toInstitution', 'note'];
