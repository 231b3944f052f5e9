// The change feed: every case event (whatever its action or writer: actions, bulk, intake, imports) in an
// order a reader can follow with a cursor, without gaps or repeats while writers commit concurrently.
//
// Why not the event id: identity values are taken when a row is inserted, not when its transaction commits,
// so a reader that saw id 10 may later meet an id 9 committed after it, and a cursor "after 10" misses it.
// Here each event carries feed_xid, the id of the transaction that wrote it (xid8, migration 9), and the
// feed hands out only events whose feed_xid is below the reading statement's horizon: the lowest xid its
// snapshot still sees running in this database (else the snapshot's xmax). Every transaction of this
// database below the horizon is over and its events are in the snapshot, and a running or later one has an
// xid at or above it, so no new event can ever appear behind a cursor. Positions are (feed_xid, id); the
// cursor is the last position handed out, or (horizon, 0) once the reader is caught up.
//
// The horizon is not simply the snapshot's xmin: xids are cluster-wide, and a long transaction in another
// database of the same PostgreSQL server (seen on the shared test server: a benchmark's, for minutes) would
// hold the feed back. A running xid is set aside only when pg_stat_activity shows it in another database; a
// transaction that ended meanwhile, or that the role may not see, still holds the horizon (never a gap).
//
// A writer may take its xid before it waits for a case's row lock (a bulk chunk locks cases in order after
// other writes), so its event could carry a lower xid than the case's previous event. A trigger raises
// feed_xid to the previous event's, so positions grow along every case's history: the feed shows each
// case's events in their order (seq), which is their commit order, since writers of one case take turns on
// its row lock.
//
// The price: a long write transaction of this database (a large import) holds the feed back until it ends
// (writers are not held up). The alternative measured — a position from a sequence taken under one global
// lock held until commit — serialises every writer's commit and would hold all of them up during an import
// (README, "Change feed"). PGlite has one connection, so the horizon is always the next xid there: the same code.

import {
  cutFeedPage,
  encodeFeedCursor,
  type FeedPage,
  type FeedPosition,
  type FeedScanRow,
} from '../domain/feed.js';
import type { Actor, CaseEvent } from '../domain/types.js';
import type { Queryable } from './db/driver.js';
import { rowToEvent, type Store } from './store.js';

/** Rows of the log one read scans at most: a token that may read few of them still gets an answer soon. */
export const FEED_SCAN_ROWS = 5000;

/**
 * The horizon of the statement's snapshot `s.snap` (see the header): events below it are all there for good.
 * A running xid counts unless pg_stat_activity shows it in another database.
 */
const HORIZON = `LEAST(pg_snapshot_xmax(s.snap), (
  SELECT min(x) FROM pg_snapshot_xip(s.snap) AS x
  WHERE NOT EXISTS (
    SELECT 1 FROM pg_stat_activity a
    WHERE a.backend_xid = xid(x) AND a.datid <> (SELECT oid FROM pg_database WHERE datname = current_database()))))`;

/** The snapshot of the statement, once. */
const SNAPSHOT = 'WITH s AS MATERIALIZED (SELECT pg_current_snapshot() AS snap)';

const COLUMNS = `e.id, e.tracking_id, e.seq, e.at, e.actor, e.role, e.action, e.from_status, e.to_status,
  e.from_institution, e.to_institution, e.note, e.request_id, e.prev_hash, e.hash`;

/** One page of the feed after `after`, as `actor` may read it (the case-read scope of store.ts). */
export async function readFeed(db: Queryable, store: Store, actor: Actor, after: FeedPosition, limit: number): Promise<FeedPage> {
  const params: unknown[] = [after.xid.toString(), after.id.toString(), FEED_SCAN_ROWS];
  const scope = store.readScope(actor, params);
  // scope is a condition on cases: kept inside its own subquery, where its names mean the case's columns
  const visible = scope === null ? 'true' : `EXISTS (SELECT 1 FROM cases WHERE cases.tracking_id = e.tracking_id AND ${scope})`;
  // one statement, so that the horizon and the rows come from one snapshot
  const rows = await db.query(
    `${SNAPSHOT}, h AS MATERIALIZED (SELECT ${HORIZON} AS horizon FROM s)
     SELECT h.horizon::text AS horizon, w.* FROM h LEFT JOIN LATERAL (
       SELECT e.feed_xid::text AS feed_xid, ${visible} AS visible, ${COLUMNS}
       FROM case_events e
       WHERE (e.feed_xid, e.id) > ($1::xid8, $2::bigint) AND e.feed_xid < h.horizon
       ORDER BY e.feed_xid, e.id
       LIMIT $3
     ) w ON true`,
    params,
  );
  const horizon = BigInt(String(rows[0].horizon));
  const scanned: FeedScanRow<CaseEvent>[] = rows
    .filter((r) => r.id !== null && r.id !== undefined)
    .map((r) => ({
      position: { xid: BigInt(String(r.feed_xid)), id: BigInt(String(r.id)) },
      event: r.visible === true ? rowToEvent(r) : null,
    }));
  const page = cutFeedPage(after, scanned, limit, FEED_SCAN_ROWS, horizon);
  return {
    items: page.items.map(({ position, event }) => ({ cursor: encodeFeedCursor(position), ...event })),
    cursor: encodeFeedCursor(page.next),
    caughtUp: page.caughtUp,
  };
}

/** The present end of the feed: the position every later event follows. */
export async function feedEnd(db: Queryable): Promise<FeedPosition> {
  const [row] = await db.query<{ horizon: string }>(`${SNAPSHOT} SELECT ${HORIZON}::text AS horizon FROM s`);
  return { xid: BigInt(row.horizon), id: 0n };
}

/**
 * Wakes long-polling readers: at once after a write request of this server ends, and, for writes through
 * other instances (or transactions that end elsewhere), when one shared check sees the log's end move.
 * The check runs only while someone waits.
 */
export class FeedWaiters {
  private readonly waiting = new Set<() => void>();
  private timer: NodeJS.Timeout | null = null;
  private last = '';
  private generation = 0;
  closed = false;

  constructor(
    private readonly db: Queryable,
    private readonly pollMs: number,
  ) {}

  /** Resolves when something may have changed, after `ms`, or when `signal` aborts; whichever comes first. */
  wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.closed || signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timeout);
        signal.removeEventListener('abort', done);
        this.waiting.delete(done);
        if (this.waiting.size === 0) this.stopPolling();
        resolve();
      };
      const timeout = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.waiting.add(done);
      this.startPolling();
    });
  }

  /** Something was written (or the server closes): every reader looks again. */
  wake(): void {
    for (const done of [...this.waiting]) done();
  }

  close(): void {
    this.closed = true;
    this.wake();
  }

  private startPolling(): void {
    if (this.timer !== null) return;
    const generation = ++this.generation;
    const tick = async () => {
      try {
        const [row] = await this.db.query<{ head: string }>(
          `${SNAPSHOT} SELECT ${HORIZON}::text || '.' || COALESCE((SELECT max(id) FROM case_events), 0)::text AS head FROM s`,
        );
        if (generation !== this.generation) return;
        if (this.last !== '' && row.head !== this.last) this.wake();
        this.last = row.head;
      } catch {
        // the database is away for a moment: the readers' own timeouts still end their waits
      }
      if (generation === this.generation && this.timer !== null) this.timer = setTimeout(() => void tick(), this.pollMs);
    };
    this.timer = setTimeout(() => void tick(), 0);
  }

  private stopPolling(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    this.generation += 1;
    this.last = '';
  }
}
