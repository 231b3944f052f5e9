// Columns of a case, shared by the verbs of `lapor cases`. The table shows the clocks in front.

import { clockView } from '../../domain/clocks.js';
import type { Case, CaseEvent, ClockName } from '../../domain/types.js';
import { displayWidth, selectColumns, type Column, type RenderContext } from '../../io/format.js';
import { archiveReasonName, classificationName, fieldHeader, roleName, statusName, t, type Lang } from '../../io/i18n.js';
import type { CaseLinksResponse } from '../../domain/schemas.js';
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

function plainColumn(field: keyof Case, fit: Column<Case>['fit'] = 'normal'): Column<Case> {
  return { key: field, header: (lang) => fieldHeader(lang, field), value: (c) => c[field] as string | number | boolean | null, fit };
}

/** The status by its one name, in tables and records alike. */
function statusColumn(): Column<Case> {
  return {
    key: 'status',
    header: (lang) => fieldHeader(lang, 'status'),
    value: (c) => c.status,
    display: (c, ctx) => statusName(ctx.lang, c.status),
  };
}

export const CASE_COLUMNS: Column<Case>[] = [
  plainColumn('trackingId', 'fixed'), // an identifier is never truncated
  statusColumn(),
  clockColumn('verify', 'verifyClock'),
  clockColumn('response', 'responseClock'),
  clockColumn('completion', 'completionClock'),
  { ...plainColumn('institutionId'), shorten: 'middle' },
  plainColumn('categoryId'),
  {
    key: 'classification',
    header: (lang) => fieldHeader(lang, 'classification'),
    value: (c) => c.classification,
    display: (c, ctx) => classificationName(ctx.lang, c.classification),
  },
  plainColumn('channel'),
  timeColumn('submittedAt'),
  plainColumn('title', 'flex'),
  plainColumn('body', 'flex'),
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
  // reviewed replies (#20): a follow-up awaiting review
  plainColumn('draftMessage', 'flex'),
  plainColumn('draftBy'),
  timeColumn('draftAt'),
  timeColumn('verifyDueAt'),
  timeColumn('responseDueAt'),
  timeColumn('completionDueAt'),
  // SLA (issue #19): the policy the deadlines come from, the flag it may depend on, the escalation mark
  plainColumn('slaPolicyId'),
  plainColumn('needsFieldInspection'),
  timeColumn('escalatedAt'),
  plainColumn('version'),
];

/** The columns of `cases show`: every field, each named as in the tables. */
export const RECORD_COLUMNS: Column<Case>[] = CASE_COLUMNS;

/** What `cases list` shows without --fields (json, ndjson, csv, piped table; a wide enough terminal). */
export const LIST_DEFAULT_FIELDS = ['trackingId', 'status', 'verifyClock', 'responseClock', 'institutionId', 'submittedAt', 'title'];

/** On a terminal without --fields these always show; the others of LIST_DEFAULT_FIELDS only when they fit. */
const LIST_TTY_CORE = ['trackingId', 'status', 'verifyClock', 'responseClock', 'title'];
/** Added in this order while the title keeps TITLE_ROOM columns (or its full width, when shorter). */
const LIST_TTY_EXTRA = ['institutionId', 'submittedAt'];
const TITLE_ROOM = 27;
const GAP = 2;

/**
 * The default columns of the `cases list` table on a terminal of `ctx.width` columns: the tracking ID,
 * status, clocks and title always; the institution and submission time when there is room for them, so an
 * 80-column terminal gets a readable title instead of every column cut short.
 */
export function listTableColumns(rows: readonly Case[], ctx: RenderContext): Column<Case>[] {
  const natural = (key: string): number => {
    const [c] = selectColumns(CASE_COLUMNS, key);
    const cells = rows.map((r) => displayWidth(c.display ? c.display(r, ctx) : String(c.value(r, ctx) ?? '–')));
    return Math.max(displayWidth(c.header(ctx.lang).toUpperCase()), ...cells);
  };
  const chosen = new Set(LIST_TTY_CORE);
  const width = () => [...chosen].filter((k) => k !== 'title').reduce((sum, k) => sum + natural(k) + GAP, 0);
  const titleRoom = Math.min(natural('title'), TITLE_ROOM);
  for (const key of LIST_TTY_EXTRA) {
    if (width() + natural(key) + GAP + titleRoom <= ctx.width) chosen.add(key);
  }
  return selectColumns(CASE_COLUMNS, undefined, LIST_DEFAULT_FIELDS.filter((k) => chosen.has(k)));
}

export const EVENT_COLUMNS: Column<CaseEvent>[] = [
  { key: 'seq', header: () => '#', value: (e) => e.seq, align: 'right' },
  {
    key: 'at',
    header: (lang) => t(lang, 'column.event.at'),
    value: (e) => e.at,
    display: (e, ctx) => relativeTime(e.at, ctx.now, ctx.lang),
  },
  {
    key: 'action',
    header: (lang) => t(lang, 'column.event.action'),
    value: (e) => e.action,
    display: (e, ctx) => t(ctx.lang, `action.${e.action}`),
  },
  { key: 'actor', header: (lang) => t(lang, 'column.event.actor'), value: (e) => e.actor },
  {
    key: 'role',
    header: (lang) => t(lang, 'column.event.role'),
    value: (e) => e.role,
    display: (e, ctx) => roleName(ctx.lang, e.role),
  },
  {
    key: 'toStatus',
    header: (lang) => t(lang, 'column.event.toStatus'),
    value: (e) => e.toStatus,
    display: (e, ctx) => (e.toStatus ? statusName(ctx.lang, e.toStatus) : ctx.color.dim('–')),
  },
  { key: 'toInstitution', header: (lang) => t(lang, 'column.event.toInstitution'), value: (e) => e.toInstitution },
  { key: 'note', header: (lang) => t(lang, 'column.event.note'), value: (e) => e.note, fit: 'flex' },
  { key: 'hash', header: () => 'hash', value: (e) => e.hash },
];

export const EVENT_DEFAULT_FIELDS = ['seq', 'at', 'action', 'actor', 'toStatus', 'toInstitution', 'note'];

/** The history table on a terminal without --fields: the new status is left out (the action names it) so
 *  that the note has room at 80 columns. */
export const EVENT_TABLE_FIELDS = ['seq', 'at', 'action', 'actor', 'toInstitution', 'note'];

/** The history columns for a format: the terminal table gets EVENT_TABLE_FIELDS unless --fields names others. */
export function eventColumns(fields: string | undefined, table: boolean): Column<CaseEvent>[] {
  return selectColumns(EVENT_COLUMNS, fields, table && fields === undefined ? EVENT_TABLE_FIELDS : EVENT_DEFAULT_FIELDS);
}

// ---- desk work (issue #20): a case's duplicate link and copies, under its record ----------------------------

/** Whether a case has a duplicate link (either way) or copies. */
export function hasLinks(l: CaseLinksResponse): boolean {
  return l.duplicateOf !== null || l.duplicates.length > 0 || l.copiedTo.length > 0;
}

/** "Duplicate of: X", "Its duplicates: A, B", "Copied to: I, J": one line each, only those that apply. */
export function renderLinks(l: CaseLinksResponse, ctx: RenderContext, lang: Lang): string {
  const rows: [string, string][] = [];
  if (l.duplicateOf !== null) rows.push([t(lang, 'duplicates.show.duplicateOf'), l.duplicateOf]);
  if (l.duplicates.length > 0) rows.push([t(lang, 'duplicates.show.duplicates'), l.duplicates.join(', ')]);
  if (l.copiedTo.length > 0) rows.push([t(lang, 'duplicates.show.copiedTo'), l.copiedTo.join(', ')]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return rows.map(([k, v]) => `${ctx.tty ? ctx.color.bold(k.padEnd(width)) : k.padEnd(width)}  ${v}\n`).join('');
}
