// The SLA work of the API: the breach listing (every open case past a clock's due time, most overdue
// first, with working-day figures from the calendar) and the auto-close sweep (the system rule of §2:
// `close` by the system 10 working days after the last follow-up when the reporter has not replied since).
//
// The sweep selects its candidates in SQL with the cases_autoclose index (in progress, last follow-up more
// than the window in *calendar* days ago: a working-day window is never shorter), decides each with the
// working calendar in JS, and closes in chunks of SWEEP_CHUNK through Store.applyBatch, one transaction a
// chunk, so every closed case gets exactly one hash-chained event. The candidates of a chunk are locked
// (FOR UPDATE SKIP LOCKED) while they are decided and closed: a case being changed by someone else, or by a
// sweep on another API instance, is left for the next run instead of waited for. Running it again closes
// nothing new: a closed case is no longer in progress.

import type { Actor, ClockName } from '../domain/types.js';
import {
  SWEEP_CHUNK,
  type SlaOverdueItem,
  type SlaOverdueQuery,
  type SlaOverdueResponse,
  type SlaSweepRequest,
  type SlaSweepResponse,
} from '../domain/sla.js';
import type { Queryable } from './db/driver.js';
import { about, ProblemError } from './problem.js';
import { iso, type Store } from './store.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** The event note of an automatic close (the case history shows it). */
export function autoCloseNote(workingDays: number): string {
  return `auto-close: no reply from the reporter within ${workingDays} working days after the last follow-up`;
}

/** A timestamp column that is never null, as ISO 8601. */
const instant = (v: unknown): string => iso(v) as string;

/** SQL limiting `institution_id` to the subtree of an institution (by its materialised path). */
function subtreeClause(params: unknown[], institutionId: string): string {
  params.push(institutionId);
  return `institution_id IN (SELECT id FROM institutions WHERE starts_with(path, (SELECT path FROM institutions WHERE id = $${params.length})))`;
}

async function assertInstitution(db: Queryable, id: string): Promise<void> {
  const rows = await db.query('SELECT 1 FROM institutions WHERE id = $1', [id]);
  if (rows.length === 0) {
    throw new ProblemError(400, 'validation', `unknown institution ${id}`, [{ field: 'institution', message: 'unknown institution', code: 'unknown_institution' }],
      undefined, about('unknown-institution', { institutionId: id }));
  }
}

// ---- the breach listing ----------------------------------------------------------------------------------

const CLOCK_ORDER: Record<ClockName, number> = { verify: 0, response: 1, completion: 2 };

/** Which cases have a running clock past its due time (the same rules as GET /v1/cases?overdue=…). */
const CLOCK_SQL: Record<ClockName, { due: string; where: string }> = {
  verify: { due: 'verify_due_at', where: "status IN ('submitted','postponed')" },
  response: { due: 'response_due_at', where: "status = 'disposed'" },
  completion: { due: 'completion_due_at', where: "status IN ('submitted','postponed','disposed','in_progress')" },
};

interface OverdueCursor {
  dueAt: string;
  clockOrder: number;
  trackingId: string;
}

function encodeOverdueCursor(c: OverdueCursor): string {
  return Buffer.from(JSON.stringify([c.dueAt, c.clockOrder, c.trackingId])).toString('base64url');
}

function decodeOverdueCursor(raw: string): OverdueCursor {
  const bad = () =>
    new ProblemError(400, 'validation', 'invalid cursor: not a cursor returned by this API', [
      { field: 'cursor', message: 'not a cursor returned by this API', code: 'invalid' },
    ], undefined, about('invalid-cursor'));
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw bad();
  const [dueAt, clockOrder, trackingId] = parsed as unknown[];
  // Only instants this API writes reach the database: anything else would fail there as a 500.
  if (typeof dueAt !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(dueAt)) throw bad();
  if (Number.isNaN(Date.parse(dueAt)) || new Date(Date.parse(dueAt)).toISOString() !== dueAt) throw bad();
  if (typeof clockOrder !== 'number' || !Object.values(CLOCK_ORDER).includes(clockOrder)) throw bad();
  if (typeof trackingId !== 'string' || trackingId.length > 64) throw bad();
  return { dueAt, clockOrder, trackingId };
}

/** One page of breaches, most overdue first (due time ascending), then by clock and tracking ID. */
export async function listOverdue(store: Store, actor: Actor, query: SlaOverdueQuery): Promise<SlaOverdueResponse> {
  const now = store.options.now();
  const nowIso = now.toISOString();
  const params: unknown[] = [nowIso];
  const common: string[] = [];
  if (actor.institutionId !== null) common.push(subtreeClause(params, actor.institutionId));
  if (query.institution) {
    await assertInstitution(store.db, query.institution);
    common.push(subtreeClause(params, query.institution));
  }
  const clocks = query.clock ? [query.clock] : (Object.keys(CLOCK_SQL) as ClockName[]);
  const branches = clocks.map((clock) => {
    const { due, where } = CLOCK_SQL[clock];
    const conditions = [where, `${due} < $1`, ...common].join(' AND ');
    return `SELECT tracking_id, '${clock}'::text AS clock, ${CLOCK_ORDER[clock]} AS clock_order, status, institution_id,
      ${due} AS due_at FROM cases WHERE ${conditions}`;
  });
  let after = '';
  if (query.cursor) {
    const c = decodeOverdueCursor(query.cursor);
    params.push(c.dueAt, c.clockOrder, c.trackingId);
    const n = params.length;
    after = `WHERE (o.due_at, o.clock_order, o.tracking_id) > ($${n - 2}::timestamptz, $${n - 1}::int, $${n}::text)`;
  }
  params.push(query.limit + 1);
  const rows = await store.db.query<{
    tracking_id: string;
    clock: ClockName;
    clock_order: number;
    status: SlaOverdueItem['status'];
    institution_id: string | null;
    institution_name: string | null;
    due_at: unknown;
  }>(
    `SELECT o.tracking_id, o.clock, o.clock_order, o.status, o.institution_id, i.name AS institution_name, o.due_at
     FROM (${branches.join('\n UNION ALL ')}) o LEFT JOIN institutions i ON i.id = o.institution_id
     ${after}
     ORDER BY o.due_at, o.clock_order, o.tracking_id LIMIT $${params.length}`,
    params,
  );
  // Due times fall at the end of a local day, so a page holds few distinct ones: count each once.
  const workingDays = new Map<string, number>();
  const workingDaysSince = (dueAt: string): number => {
    let n = workingDays.get(dueAt);
    if (n === undefined) workingDays.set(dueAt, (n = store.calendar.workingDaysBetween(dueAt, nowIso)));
    return n;
  };
  const items: SlaOverdueItem[] = rows.slice(0, query.limit).map((r) => {
    const dueAt = instant(r.due_at);
    return {
      trackingId: r.tracking_id,
      clock: r.clock,
      status: r.status,
      institutionId: r.institution_id,
      institutionName: r.institution_name,
      dueAt,
      overdueWorkingDays: workingDaysSince(dueAt),
      overdueHours: Math.max(0, Math.floor((now.getTime() - Date.parse(dueAt)) / HOUR_MS)),
    };
  });
  let nextCursor: string | null = null;
  if (rows.length > query.limit) {
    const last = rows[query.limit - 1];
    nextCursor = encodeOverdueCursor({ dueAt: instant(last.due_at), clockOrder: Number(last.clock_order), trackingId: last.tracking_id });
  }
  return { asOf: nowIso, items, nextCursor };
}

// ---- the auto-close sweep --------------------------------------------------------------------------------

interface Candidate {
  trackingId: string;
  version: number;
  lastResponseAt: string;
  lastReporterReplyAt: string | null;
}

/**
 * The reporter's last reply to a case, counting the replies its duplicates' reporters sent after they were
 * linked (issue #20: a later reply to a duplicate goes to its original). Replies enter only through imports
 * (the Balasan Pelapor Terakhir column): the API has no reporter-side route.
 */
const REPORTER_REPLY_SQL = `GREATEST(last_reporter_reply_at, (SELECT max(d.last_reporter_reply_at) FROM case_links l
  JOIN cases d ON d.tracking_id = l.tracking_id WHERE l.original_id = cases.tracking_id AND d.last_reporter_reply_at >= l.linked_at))`;

/** Whether the auto-close rule applies to a case now (the window is counted in working days). */
export function autoCloseDue(c: Pick<Candidate, 'lastResponseAt' | 'lastReporterReplyAt'>, store: Store, nowMs: number): boolean {
  const repliedSince = c.lastReporterReplyAt !== null && Date.parse(c.lastReporterReplyAt) >= Date.parse(c.lastResponseAt);
  if (repliedSince) return false;
  const windowEnd = store.calendar.addWorkingDays(c.lastResponseAt, store.options.settings.autoCloseWorkingDays);
  return Date.parse(windowEnd) < nowMs;
}

/** Runs the auto-close sweep as `actor` (a system or national admin token); see the file header. */
export async function sweepAutoClose(
  store: Store,
  actor: Actor,
  request: SlaSweepRequest,
  requestId: string,
): Promise<SlaSweepResponse> {
  const now = store.options.now();
  const nowMs = now.getTime();
  const workingDays = store.options.settings.autoCloseWorkingDays;
  const cutoff = new Date(nowMs - workingDays * DAY_MS).toISOString();
  // The close is the system's, whoever triggers it: closedBy 'system', events with role system.
  const sweeper: Actor = { name: actor.name, role: 'system', institutionId: actor.institutionId };
  const note = autoCloseNote(workingDays);
  const result: SlaSweepResponse = {
    examined: 0,
    closed: [],
    skipped: 0,
    failed: [],
    limitReached: false,
    dryRun: request.dryRun,
  };
  const room = () => (request.limit === undefined ? Infinity : request.limit - result.closed.length);
  let after: { at: string; id: string } | null = null;

  const select = async (q: Queryable): Promise<Candidate[]> => {
    const params: unknown[] = [cutoff];
    const where = ["status = 'in_progress'", 'last_response_at < $1'];
    if (after) {
      params.push(after.at, after.id);
      where.push(`(last_response_at, tracking_id) > ($${params.length - 1}::timestamptz, $${params.length}::text)`);
    }
    if (actor.institutionId !== null) where.push(subtreeClause(params, actor.institutionId));
    params.push(SWEEP_CHUNK);
    const rows = await q.query<{ tracking_id: string; version: number; last_response_at: unknown; last_reporter_reply_at: unknown }>(
      `SELECT tracking_id, version, last_response_at, ${REPORTER_REPLY_SQL} AS last_reporter_reply_at FROM cases
       WHERE ${where.join(' AND ')} ORDER BY last_response_at, tracking_id LIMIT $${params.length}
       ${request.dryRun ? '' : 'FOR UPDATE SKIP LOCKED'}`,
      params,
    );
    return rows.map((r) => ({
      trackingId: r.tracking_id,
      version: Number(r.version),
      lastResponseAt: instant(r.last_response_at),
      lastReporterReplyAt: iso(r.last_reporter_reply_at),
    }));
  };

  /** Decides a chunk: what to close, stopping at the limit; `more` when another chunk may follow. */
  const decide = (rows: Candidate[]): { close: Candidate[]; more: boolean } => {
    const close: Candidate[] = [];
    for (const c of rows) {
      if (close.length >= room()) {
        result.limitReached = true; // this candidate (at least) is left for the next run
        return { close, more: false };
      }
      result.examined += 1;
      after = { at: c.lastResponseAt, id: c.trackingId };
      if (autoCloseDue(c, store, nowMs)) close.push(c);
      else result.skipped += 1;
    }
    const full = rows.length === SWEEP_CHUNK;
    if (full && close.length >= room()) result.limitReached = true;
    return { close, more: full && close.length < room() };
  };

  for (;;) {
    if (request.dryRun) {
      const { close, more } = decide(await select(store.db));
      for (const c of close) result.closed.push({ trackingId: c.trackingId, version: c.version });
      if (!more) break;
      continue;
    }
    const chunk: { close: Candidate[]; more: boolean } = { close: [], more: false };
    const before = { closed: result.closed.length, failed: result.failed.length };
    try {
      await store.db.transaction(async (tx) => {
        Object.assign(chunk, decide(await select(tx)));
        if (chunk.close.length === 0) return;
        const items = chunk.close.map((c) => ({ trackingId: c.trackingId, version: c.version, action: 'close' as const, note }));
        const { results } = await store.applyBatch(tx, items, sweeper, requestId);
        for (const r of results) {
          const id = r.trackingId ?? '';
          if (r.outcome === 'applied' && r.version !== null) result.closed.push({ trackingId: id, version: r.version });
          else if (r.outcome === 'skipped') result.skipped += 1;
          else result.failed.push({ trackingId: id, status: r.status, detail: r.problem?.detail ?? 'not closed' });
        }
      });
    } catch (err) {
      // Nothing of this chunk was written. Before any progress the request fails as a whole (500); after
      // some, the answer keeps what was closed and names this chunk's cases as failed.
      if (before.closed === 0 && before.failed === 0) throw err;
      result.closed.length = before.closed;
      result.failed.length = before.failed;
      const detail = 'the server failed to close this case; run the sweep again';
      result.failed.push(...chunk.close.map((c) => ({ trackingId: c.trackingId, status: 500, detail })));
      if (chunk.close.length === 0) {
        result.failed.push({ trackingId: '-', status: 500, detail: 'the server failed to select the next cases; run the sweep again' });
      }
      return result;
    }
    if (!chunk.more) break;
  }
  return result;
}
