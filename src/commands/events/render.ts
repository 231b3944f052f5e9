// Columns of the change feed (`lapor events list|watch`): every field of an event, whatever its action.

import type { FeedEvent } from '../../domain/feed.js';
import { messages, roleName, statusName, t, type MessageKey } from '../../io/i18n.js';
import type { Column } from '../../io/format.js';
import { relativeTime } from '../../io/time.js';

/** The action in words when the catalogue has them, else as recorded (a newer server's action still shows). */
export function actionName(lang: 'id' | 'en', action: string): string {
  const key = `action.${action}`;
  return key in messages ? t(lang, key as MessageKey & `action.${string}`) : action;
}

export const FEED_COLUMNS: Column<FeedEvent>[] = [
  { key: 'cursor', header: (lang) => t(lang, 'events.column.cursor'), value: (e) => e.cursor, fit: 'fixed' },
  { key: 'id', header: () => 'id', value: (e) => e.id, align: 'right' },
  { key: 'at', header: (lang) => t(lang, 'column.event.at'), value: (e) => e.at, display: (e, ctx) => relativeTime(e.at, ctx.now, ctx.lang) },
  { key: 'trackingId', header: (lang) => t(lang, 'events.column.trackingId'), value: (e) => e.trackingId, fit: 'fixed' },
  { key: 'seq', header: () => '#', value: (e) => e.seq, align: 'right' },
  { key: 'action', header: (lang) => t(lang, 'column.event.action'), value: (e) => e.action, display: (e, ctx) => actionName(ctx.lang, e.action) },
  { key: 'actor', header: (lang) => t(lang, 'column.event.actor'), value: (e) => e.actor },
  { key: 'role', header: (lang) => t(lang, 'column.event.role'), value: (e) => e.role, display: (e, ctx) => roleName(ctx.lang, e.role) },
  { key: 'fromStatus', header: () => 'fromStatus', value: (e) => e.fromStatus },
  {
    key: 'toStatus',
    header: (lang) => t(lang, 'column.event.toStatus'),
    value: (e) => e.toStatus,
    display: (e, ctx) => (e.toStatus ? statusName(ctx.lang, e.toStatus) : ctx.color.dim('–')),
  },
  { key: 'fromInstitution', header: () => 'fromInstitution', value: (e) => e.fromInstitution },
  { key: 'toInstitution', header: (lang) => t(lang, 'column.event.toInstitution'), value: (e) => e.toInstitution },
  { key: 'note', header: (lang) => t(lang, 'column.event.note'), value: (e) => e.note, fit: 'flex' },
  { key: 'requestId', header: () => 'requestId', value: (e) => e.requestId },
  { key: 'prevHash', header: () => 'prevHash', value: (e) => e.prevHash },
  { key: 'hash', header: () => 'hash', value: (e) => e.hash },
];

/** Machine formats carry every field (the cursor first); the table the ones a person reads. */
export const FEED_ALL_FIELDS = FEED_COLUMNS.map((c) => c.key);
export const FEED_TABLE_FIELDS = ['at', 'trackingId', 'seq', 'action', 'actor', 'toStatus', 'toInstitution', 'note'];
