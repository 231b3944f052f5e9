import type { FastifyInstance } from 'fastify';
import { decodeFeedCursor, FEED_START, FeedPageSchema, FeedQuerySchema, type FeedPage } from '../../domain/feed.js';
import type { Declared } from '../app.js';
import { feedEnd, FeedWaiters, readFeed } from '../feed.js';
import { about, ProblemError } from '../problem.js';

/** Roles that read individual cases (statisticians receive aggregates only: 403, as on the case reads). */
const CASE_READERS = ['national_admin', 'institution_admin', 'liaison', 'system'] as const;

/** How often a waiting reader's server looks whether the log moved (writes through other instances). */
const POLL_MS = 250;

/** GET /v1/events: the change feed, page by page, with an optional long-poll. */
export function registerEventRoutes({ declare, store, db }: Declared, app: FastifyInstance): void {
  const waiters = new FeedWaiters(db, POLL_MS);
  // a write of this server has ended (committed or not): readers look again at once
  app.addHook('onResponse', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') waiters.wake();
  });
  app.addHook('preClose', async () => waiters.close());

  declare(
    {
      method: 'GET',
      url: '/v1/events',
      summary:
        'The change feed: every event of the cases the token may read, in commit order per case, after a cursor ' +
        '(no gaps or repeats under concurrent writes); wait=N long-polls up to N seconds for the next events',
      auth: true,
      roles: CASE_READERS,
      query: FeedQuerySchema,
      response: FeedPageSchema,
    },
    async ({ actor, query, reply }) => {
      const bad = () =>
        new ProblemError(400, 'validation', 'invalid cursor: not a cursor returned by this API', [
          { field: 'after', message: 'not a cursor returned by this API', code: 'invalid' },
        ], undefined, about('invalid-cursor'));
      if (query.after === 'now') {
        // the scope is checked as every read checks it (a statistician has none)
        store.readScope(actor, []);
        const end = await feedEnd(db);
        return readFeed(db, store, actor, end, query.limit);
      }
      const after = query.after === undefined ? FEED_START : decodeFeedCursor(query.after);
      if (after === null) throw bad();
      const deadline = Date.now() + query.wait * 1000;
      const gone = new AbortController();
      // the client went away (or the answer was sent): stop looking
      reply.raw.once('close', () => gone.abort());
      let page: FeedPage = await readFeed(db, store, actor, after, query.limit);
      // long-poll: look again while nothing came, until the deadline (a page of unreadable events moves
      // the cursor on at once; a caught-up reader waits for a write)
      while (page.items.length === 0 && !gone.signal.aborted && !waiters.closed && Date.now() < deadline) {
        if (page.caughtUp) await waiters.wait(deadline - Date.now(), gone.signal);
        if (gone.signal.aborted) break;
        page = await readFeed(db, store, actor, decodeFeedCursor(page.cursor)!, query.limit);
      }
      return page;
    },
  );
}
