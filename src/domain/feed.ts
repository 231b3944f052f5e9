// The change feed (GET /v1/events): every case event, in one order that a reader can follow with a cursor.
// The position of an event is (feed transaction, id) — see src/server/feed.ts for why that order has no gaps
// and keeps each case's history in order. The cursor is that position, opaque to clients.

import { z } from 'zod';
import { CaseEventSchema } from './schemas.js';

/** Events per page: at most, and when the query does not say. */
export const FEED_MAX_LIMIT = 1000;
export const FEED_DEFAULT_LIMIT = 100;
/** The longest a request may wait for new events (long-poll), in seconds: under the 60 s most proxies allow. */
export const FEED_MAX_WAIT = 30;

export const FeedQuerySchema = z.strictObject({
  after: z
    .string()
    .max(100)
    .describe('A cursor from an earlier answer (an event’s cursor, or the page’s): the events after it. Without it, from the start of the log; "now": none so far, the cursor of the present end')
    .optional(),
  limit: z.coerce.number().int().min(1).max(FEED_MAX_LIMIT).default(FEED_DEFAULT_LIMIT),
  wait: z.coerce
    .number()
    .int()
    .min(0)
    .max(FEED_MAX_WAIT)
    .default(0)
    .describe('Long-poll: when no event follows the cursor, wait up to this many seconds for one before answering'),
});
export type FeedQuery = z.infer<typeof FeedQuerySchema>;

/**
 * One event of the feed: a case event (every action, including ones added later: `action` is open) with its
 * cursor, which a reader stores to continue after it.
 */
export const FeedEventSchema = z.strictObject({
  cursor: z.string().describe('Continue after this event with after=<cursor>'),
  ...CaseEventSchema.shape,
  action: z.string().describe('The action the event records (submit, dispose, respond, …; new actions appear as they are added)'),
});
export type FeedEvent = z.infer<typeof FeedEventSchema>;

export const FeedPageSchema = z.strictObject({
  items: z.array(FeedEventSchema),
  cursor: z.string().describe('Continue after this page with after=<cursor> (also when items is empty)'),
  caughtUp: z.boolean().describe('true when no further event can be handed out now; events of transactions still running (or ending at this moment) come on a later request'),
});
export type FeedPage = z.infer<typeof FeedPageSchema>;

/** A position in the feed: the event's feed transaction (xid8, as decimal text) and its id. */
export interface FeedPosition {
  xid: bigint;
  id: bigint;
}

export const FEED_START: FeedPosition = { xid: 0n, id: 0n };

const POSITION = /^(\d{1,20})\.(\d{1,19})$/;

export function encodeFeedCursor(p: FeedPosition): string {
  return Buffer.from(`${p.xid}.${p.id}`, 'utf8').toString('base64url');
}

/** The position a cursor stands for; null when it is not one this API wrote. */
export function decodeFeedCursor(cursor: string): FeedPosition | null {
  if (!/^[A-Za-z0-9_-]{1,60}$/.test(cursor)) return null;
  const m = POSITION.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) return null;
  const p = { xid: BigInt(m[1]), id: BigInt(m[2]) };
  return p.xid < 2n ** 64n && p.id < 2n ** 63n ? p : null;
}

export function compareFeedPositions(a: FeedPosition, b: FeedPosition): number {
  return a.xid !== b.xid ? (a.xid < b.xid ? -1 : 1) : a.id === b.id ? 0 : a.id < b.id ? -1 : 1;
}

/** One row of a scanned window of the log, in feed order: its position and whether the caller may read it. */
export interface FeedScanRow<E> {
  position: FeedPosition;
  event: E | null;
}

/**
 * Cuts a page out of a scanned window: the readable events up to `limit`, and the cursor after them. A window
 * that ended before `scanLimit` rows reached every finished transaction (`horizon`, the snapshot xmin): the
 * reader is caught up, and its cursor moves to the horizon, past the events it may not read.
 */
export function cutFeedPage<E>(
  after: FeedPosition,
  rows: readonly FeedScanRow<E>[],
  limit: number,
  scanLimit: number,
  horizon: bigint,
): { items: { position: FeedPosition; event: E }[]; next: FeedPosition; caughtUp: boolean } {
  const items: { position: FeedPosition; event: E }[] = [];
  for (const row of rows) {
    if (row.event === null) continue;
    items.push({ position: row.position, event: row.event });
    if (items.length === limit) return { items, next: row.position, caughtUp: false };
  }
  if (rows.length >= scanLimit) return { items, next: rows[rows.length - 1].position, caughtUp: false };
  const end = { xid: horizon, id: 0n };
  return { items, next: compareFeedPositions(end, after) > 0 ? end : after, caughtUp: true };
}
