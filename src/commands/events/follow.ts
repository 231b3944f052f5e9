// Following the change feed: long-poll after the last cursor, page after page, until the command is
// stopped (Ctrl-C). A lost API is retried from the same cursor, so nothing is missed or repeated; only an
// answer that no retry can change (a bad token, a bad cursor) ends the loop as an error.

import { CancelledError, NetworkError, RateLimitedError, ServerError } from '../../api/errors.js';
import type { ApiClient } from '../../api/types.js';
import type { Deps } from '../../cmdutil/deps.js';
import type { FeedPage } from '../../domain/feed.js';
import { t } from '../../io/i18n.js';

/** Seconds each request may wait on the server for the next events (the server allows up to 30). */
export const FOLLOW_WAIT_SECONDS = 25;
const MAX_BACKOFF_MS = 30_000;

/** Whether another attempt from the same cursor may succeed. */
function transient(e: unknown): boolean {
  return e instanceof NetworkError || e instanceof ServerError || e instanceof RateLimitedError;
}

/**
 * Calls `onPage` with every page that holds events, in order, from `after` on, until `deps.signal` aborts;
 * `onQuiet`, when given, after each wait that brought nothing (about every FOLLOW_WAIT_SECONDS).
 * Returns the cursor after the last page handed over.
 */
export async function followFeed(
  api: ApiClient,
  deps: Pick<Deps, 'signal' | 'sleep' | 'io' | 'lang'>,
  after: string | undefined,
  onPage: (page: FeedPage) => void | Promise<void>,
  onQuiet?: () => void | Promise<void>,
): Promise<string | undefined> {
  let cursor = after;
  let failures = 0;
  while (!deps.signal.aborted) {
    let page: FeedPage;
    try {
      page = await api.feed({ after: cursor, limit: 1000, wait: FOLLOW_WAIT_SECONDS }, { signal: deps.signal });
    } catch (e) {
      if (deps.signal.aborted || e instanceof CancelledError) return cursor;
      if (!transient(e)) throw e;
      failures += 1;
      const ms = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(failures - 1, 5));
      const reason = e instanceof Error ? e.message.split('\n')[0] : String(e);
      deps.io.err.write(`${t(deps.lang, 'events.reconnecting', { reason, seconds: Math.round(ms / 1000) })}\n`);
      // Ctrl-C ends the wait at once
      await Promise.race([deps.sleep(ms), new Promise((resolve) => deps.signal.addEventListener('abort', resolve, { once: true }))]);
      continue;
    }
    if (failures > 0) deps.io.err.write(`${t(deps.lang, 'events.reconnected')}\n`);
    failures = 0;
    if (page.items.length > 0) await onPage(page);
    else if (page.caughtUp && onQuiet && !deps.signal.aborted) await onQuiet();
    cursor = page.cursor;
  }
  return cursor;
}
