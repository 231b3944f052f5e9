// `lapor events watch` over a fake API (issue #20, item 5): each page's events are printed as NDJSON lines
// with their cursors; a lost API is retried from the same cursor (nothing missed, nothing repeated); a bad
// token ends it as an error; Ctrl-C ends it with exit 0 and the cursor to continue on stderr.

import { describe, expect, it } from 'vitest';
import { AuthError, NetworkError } from '../../src/api/errors.js';
import type { FeedParams } from '../../src/api/types.js';
import { encodeFeedCursor, type FeedEvent, type FeedPage } from '../../src/domain/feed.js';
import { watchRun } from '../../src/commands/events/watch.js';
import { createTestDeps } from '../helpers/deps.js';

function event(id: number): FeedEvent {
  return {
    cursor: encodeFeedCursor({ xid: 900n, id: BigInt(id) }),
    id,
    trackingId: 'LPR-2026-0000001',
    seq: id,
    at: '2026-11-23T02:00:00.000Z',
    actor: 'admin',
    role: 'national_admin',
    action: id === 3 ? 'tindakan_baru' : 'respond',
    fromStatus: 'in_progress',
    toStatus: 'in_progress',
    fromInstitution: 'badung',
    toInstitution: 'badung',
    note: `langkah ${id}`,
    requestId: null,
    prevHash: 'a',
    hash: 'b',
  };
}

describe('events watch', () => {
  it('prints each event once, retries a lost API from the same cursor, and stops cleanly on Ctrl-C', async () => {
    const deps = createTestDeps({ clock: 'advancing', lang: 'en' });
    const asked: (string | undefined)[] = [];
    const pages: (FeedPage | Error)[] = [
      { items: [event(1), event(2)], cursor: event(2).cursor, caughtUp: true },
      new NetworkError('ECONNREFUSED', { method: 'GET', path: '/v1/events' }),
      { items: [event(3)], cursor: event(3).cursor, caughtUp: true },
    ];
    deps.fake.feed = async (query?: FeedParams) => {
      asked.push(query?.after);
      const next = pages.shift();
      if (next === undefined) {
        deps.abort.abort();
        throw new NetworkError('UND_ERR_ABORTED', { method: 'GET', path: '/v1/events' });
      }
      if (next instanceof Error) throw next;
      return next;
    };
    await watchRun({ after: 'now', format: 'ndjson' }, deps);
    const lines = deps.io.outText().trim().split('\n').map((l) => JSON.parse(l) as FeedEvent);
    expect(lines).toEqual([event(1), event(2), event(3)]); // a new action is printed as it comes
    expect(asked).toEqual(['now', event(2).cursor, event(2).cursor, event(3).cursor]);
    expect(deps.io.errText()).toContain('retrying in 1 s from the last cursor');
    expect(deps.io.errText()).toContain(`stopped; continue with: --after ${event(3).cursor}`);
  });

  it('a refused token is an error, not a retry', async () => {
    const deps = createTestDeps();
    deps.fake.feed = async () => {
      throw new AuthError({ method: 'GET', path: '/v1/events', status: 401, title: 'Unauthorized' });
    };
    await expect(watchRun({ format: 'ndjson' }, deps)).rejects.toBeInstanceOf(AuthError);
  });
});
