// The change feed's pure parts (src/domain/feed.ts): the cursor round trip and what it refuses, and how a page
// is cut out of a scanned window of the log (issue #20, item 5).

import { describe, expect, it } from 'vitest';
import { compareFeedPositions, cutFeedPage, decodeFeedCursor, encodeFeedCursor, FEED_START, type FeedScanRow } from '../../src/domain/feed.js';

const at = (xid: number, id: number) => ({ xid: BigInt(xid), id: BigInt(id) });
const row = (xid: number, id: number, readable = true): FeedScanRow<string> => ({ position: at(xid, id), event: readable ? `${xid}.${id}` : null });

describe('feed cursor', () => {
  it('round-trips a position, the largest included, and orders positions by transaction then id', () => {
    for (const p of [FEED_START, at(757, 1), { xid: 2n ** 64n - 1n, id: 2n ** 63n - 1n }]) expect(decodeFeedCursor(encodeFeedCursor(p))).toEqual(p);
    expect(compareFeedPositions(at(5, 9), at(6, 1))).toBe(-1);
    expect(compareFeedPositions(at(6, 2), at(6, 1))).toBe(1);
    expect(compareFeedPositions(at(6, 2), at(6, 2))).toBe(0);
  });

  it('refuses what this API never wrote', () => {
    const b64 = (s: string) => Buffer.from(s).toString('base64url');
    for (const bad of ['', 'now', 'bukan kursor', b64('1.2.3'), b64('-1.2'), b64('1.'), b64(`${2n ** 64n}.1`), b64(`1.${2n ** 63n}`), b64('1 .2')]) {
      expect(decodeFeedCursor(bad), bad).toBeNull();
    }
  });
});

describe('cutting a page', () => {
  it('a full page ends at its last event, not caught up', () => {
    const page = cutFeedPage(FEED_START, [row(5, 1), row(5, 2), row(6, 3)], 2, 100, 9n);
    expect(page.items.map((i) => i.event)).toEqual(['5.1', '5.2']);
    expect(page).toMatchObject({ next: at(5, 2), caughtUp: false });
  });

  it('a window that reached the horizon moves the cursor to it, past events the caller may not read', () => {
    const page = cutFeedPage(FEED_START, [row(5, 1), row(5, 2, false), row(6, 3, false)], 10, 100, 9n);
    expect(page.items.map((i) => i.event)).toEqual(['5.1']);
    expect(page).toMatchObject({ next: at(9, 0), caughtUp: true });
  });

  it('a full window of unreadable events moves the cursor to its end without claiming to be caught up', () => {
    const page = cutFeedPage(FEED_START, [row(5, 1, false), row(5, 2, false)], 10, 2, 9n);
    expect(page).toMatchObject({ items: [], next: at(5, 2), caughtUp: false });
  });

  it('never moves the cursor back (a horizon below it)', () => {
    expect(cutFeedPage(at(12, 4), [], 10, 100, 9n)).toMatchObject({ next: at(12, 4), caughtUp: true });
  });
});
