// The SLA work of the API: the breach listing (every open case past a clock's due time, most overdue
// first, with working-day figures from the calendar) and the auto-close sweep (the system rule of §2:
// `close` by the system 10 working days after the last follow-up when the reporter has not replied since).
//
// The sweep selects the cases whose stored next deadline has passed (cases.next_deadline <= now, through the
// cases_next_deadline index: its cost grows with the due cases, not with the table), and for each, under
// the SLA policy the case runs on: records every clock past its due time in sla_breaches (once per case,
// clock and due time: ON CONFLICT DO NOTHING), closes it by the auto-close rule, escalates it by the policy's
// rule, and stores its exact next deadline. It works in chunks of SWEEP_CHUNK, one transaction a chunk,
// closing and escalating through Store.applyBatch, so every change gets exactly one hash-chained event. The
// cases of a chunk are locked (FOR UPDATE SKIP LOCKED) while they are decided: a case being changed by
// someone else, or by a sweep on another API instance, is left for the next run instead of waited for.
// Killed at any moment, a chunk's transaction rolls back whole: its cases keep their next deadline and the
// next run does the chunk again; nothing is recorded, closed or escalated twice (the unique key, the case's
// status, its escalatedAt and its version decide). Running it again does nothing new.

import { autoCloseAt, escalateAt, type SlaPolicy, type SlaTarget } from '../domain/slaPolicy.js';
import type { Actor, Case, ClockName, Status } from '../domain/types.js';
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

const HOUR_MS = 3_600_000;


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
  if (query.escalated) common.push(`escalated_at IS ${query.escalated === 'yes' ? 'NOT NULL' : 'NULL'}`);
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

// ---- the sweep ----------------------------------------------------------------------------------------

/** The event note of an automatic close (the case history shows it). */
export function autoCloseNote(workingDays: number, unit: SlaTarget['unit'] = 'working'): string {
  return `auto-close: no reply from the reporter within ${workingDays} ${unit} days after the last follow-up`;
}

/**
 * The reporter's last reply to a case, counting the replies its duplicates' reporters sent after they were
 * linked (issue #20: a later reply to a duplicate goes to its original). Replies enter only through imports
 * (the Balasan Pelapor Terakhir column): the API has no reporter-side route.
 */
const REPORTER_REPLY_SQL = `GREATEST(last_reporter_reply_at, (SELECT max(d.last_reporter_reply_at) FROM case_links l
  JOIN cases d ON d.tracking_id = l.tracking_id WHERE l.original_id = cases.tracking_id AND d.last_reporter_reply_at >= l.linked_at))`;

/** The event note of an escalation by the sweep. */
export function escalateNote(policy: Pick<SlaPolicy, 'id' | 'escalateAfter'>): string {
  const after = policy.escalateAfter;
  return `escalation by rule (policy ${policy.id}): no follow-up ${after?.days ?? 0} ${after?.unit ?? 'working'} days past the response deadline`;
}

/** The fields of a case the sweep reads. */
type SweepCase = Pick<
  Case,
  | 'trackingId'
  | 'version'
  | 'status'
  | 'institutionId'
  | 'verifyDueAt'
  | 'responseDueAt'
  | 'completionDueAt'
  | 'lastResponseAt'
  | 'lastReporterReplyAt'
  | 'escalatedAt'
  | 'slaPolicyId'
  | 'slaPolicyFrom'
> & { nextDeadline: string };

/** The clocks running on a case and their due times (the rules of CLOCK_SQL and of GET /v1/cases?overdue). */
export function runningClocks(c: Pick<Case, 'status' | 'verifyDueAt' | 'responseDueAt' | 'completionDueAt'>): { clock: ClockName; dueAt: string }[] {
  const open: readonly Status[] = ['submitted', 'postponed', 'disposed', 'in_progress'];
  const out: { clock: ClockName; dueAt: string }[] = [];
  if (c.status === 'submitted' || c.status === 'postponed') out.push({ clock: 'verify', dueAt: c.verifyDueAt });
  if (c.status === 'disposed' && c.responseDueAt !== null) out.push({ clock: 'response', dueAt: c.responseDueAt });
  if (open.includes(c.status)) out.push({ clock: 'completion', dueAt: c.completionDueAt });
  return out;
}

interface Decision {
  c: SweepCase;
  policy: SlaPolicy;
  breaches: { clock: ClockName; dueAt: string }[];
  close: boolean;
  /** An in-progress case the auto-close rule applies to (counted as examined). */
  closeCandidate: boolean;
  escalate: boolean;
  /** The exact next instant the sweep has work on the case after this run (null: none). */
  next: string | null;
}

/** What the sweep does with one case at `nowMs` (pure but for the calendar and policies it is given). */
export function decideCase(c: SweepCase, policy: SlaPolicy, calendar: Store['calendar'], nowMs: number): Decision {
  const past = (at: string) => Date.parse(at) < nowMs;
  const clocks = runningClocks(c);
  const closeAt = c.status === 'in_progress' ? autoCloseAt(c, policy.targets, calendar) : null;
  const escalateAtI = escalateAt(c, policy, calendar);
  const close = closeAt !== null && past(closeAt);
  const escalate = !close && escalateAtI !== null && past(escalateAtI);
  let next: string | null = null;
  const later = (at: string | null) => {
    if (at !== null && !past(at) && (next === null || Date.parse(at) < Date.parse(next))) next = at;
  };
  if (!close) {
    for (const k of clocks) later(k.dueAt);
    later(closeAt);
    if (!escalate) later(escalateAtI);
  }
  return { c, policy, breaches: clocks.filter((k) => past(k.dueAt)), close, closeCandidate: closeAt !== null, escalate, next };
}

const SWEEP_SELECT = `tracking_id, version, status, institution_id,
  (verify_due_at AT TIME ZONE 'UTC')::text AS verify_due_at, (response_due_at AT TIME ZONE 'UTC')::text AS response_due_at,
  (completion_due_at AT TIME ZONE 'UTC')::text AS completion_due_at, (last_response_at AT TIME ZONE 'UTC')::text AS last_response_at,
  (${REPORTER_REPLY_SQL} AT TIME ZONE 'UTC')::text AS last_reporter_reply_at, (escalated_at AT TIME ZONE 'UTC')::text AS escalated_at,
  sla_policy_id, sla_policy_from::text AS sla_policy_from,
  to_char(next_deadline AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS next_deadline`;

type SweepRow = Record<string, unknown>;

function sweepCase(r: SweepRow): SweepCase {
  return {
    trackingId: String(r.tracking_id),
    version: Number(r.version),
    status: r.status as Status,
    institutionId: (r.institution_id ?? null) as string | null,
    verifyDueAt: instant(r.verify_due_at),
    responseDueAt: iso(r.response_due_at),
    completionDueAt: instant(r.completion_due_at),
    lastResponseAt: iso(r.last_response_at),
    lastReporterReplyAt: iso(r.last_reporter_reply_at),
    escalatedAt: iso(r.escalated_at),
    slaPolicyId: (r.sla_policy_id ?? null) as string | null,
    slaPolicyFrom: (r.sla_policy_from ?? null) as string | null,
    nextDeadline: String(r.next_deadline),
  };
}

/** The breach records of a chunk's decisions: one per clock past its due time. */
function breachRecords(decisions: readonly Decision[]) {
  return decisions.flatMap((d) =>
    d.breaches.map((b) => ({
      trackingId: d.c.trackingId,
      clock: b.clock,
      dueAt: b.dueAt,
      institutionId: d.c.institutionId,
      status: d.c.status,
      policyId: d.c.slaPolicyId,
      policyFrom: d.c.slaPolicyFrom,
    })),
  );
}

/** How many of these breaches are not recorded yet (a dry run counts what a sweep would record). */
async function newBreaches(q: Queryable, records: ReturnType<typeof breachRecords>): Promise<number> {
  if (records.length === 0) return 0;
  const [{ n }] = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM json_to_recordset($1::json) AS b("trackingId" text, clock text, "dueAt" timestamptz)
     WHERE NOT EXISTS (SELECT 1 FROM sla_breaches s WHERE s.tracking_id = b."trackingId" AND s.clock = b.clock AND s.due_at = b."dueAt")`,
    [JSON.stringify(records)],
  );
  return n;
}

/**
 * One chunk of a sweep, inside its transaction: records the breaches (each once), closes and escalates what
 * the decisions say through the store's batch path, and stores each case's exact next deadline.
 */
async function applySweepChunk(
  tx: Queryable,
  store: Store,
  decisions: readonly Decision[],
  by: { sweeper: Actor; requestId: string; nowIso: string },
  result: SlaSweepResponse,
): Promise<void> {
  const { sweeper, requestId, nowIso } = by;
  const records = breachRecords(decisions);
  if (records.length > 0) {
    const inserted = await tx.query(
      `INSERT INTO sla_breaches (tracking_id, clock, due_at, breached_at, institution_id, status, policy_id, policy_from)
       SELECT b."trackingId", b.clock, b."dueAt", $2::timestamptz, b."institutionId", b.status, b."policyId", b."policyFrom"
       FROM json_to_recordset($1::json) AS b("trackingId" text, clock text, "dueAt" timestamptz, "institutionId" text,
         status text, "policyId" text, "policyFrom" date)
       ON CONFLICT (tracking_id, clock, due_at) DO NOTHING RETURNING 1`,
      [JSON.stringify(records), nowIso],
    );
    result.breaches += inserted.length;
  }
  const items = decisions.flatMap((d): { trackingId: string; version: number; action: 'close' | 'escalate'; note: string }[] => {
    if (d.close) {
      const t = d.policy.targets.autoClose;
      return [{ trackingId: d.c.trackingId, version: d.c.version, action: 'close' as const, note: autoCloseNote(t.days, t.unit) }];
    }
    if (d.escalate) return [{ trackingId: d.c.trackingId, version: d.c.version, action: 'escalate' as const, note: escalateNote(d.policy) }];
    return [];
  });
  const failed = new Set<string>();
  if (items.length > 0) {
    const { results } = await store.applyBatch(tx, items, sweeper, requestId);
    results.forEach((r, i) => {
      const id = r.trackingId ?? '';
      const action = items[i].action;
      if (r.outcome === 'applied' && r.version !== null) (action === 'close' ? result.closed : result.escalated).push({ trackingId: id, version: r.version });
      else if (r.outcome === 'skipped') {
        if (action === 'close') result.skipped += 1;
      } else {
        failed.add(id);
        result.failed.push({ trackingId: id, status: r.status, detail: r.problem?.detail ?? `not ${action === 'close' ? 'closed' : 'escalated'}` });
      }
    });
  }
  // the exact next deadline (a case that failed keeps its own: the next run tries it again)
  const nexts = decisions.filter((d) => !failed.has(d.c.trackingId)).map((d) => ({ trackingId: d.c.trackingId, next: d.close ? null : d.next }));
  await tx.query(
    `UPDATE cases SET next_deadline = v.next FROM json_to_recordset($1::json) AS v("trackingId" text, next timestamptz)
     WHERE cases.tracking_id = v."trackingId"`,
    [JSON.stringify(nexts)],
  );
}

/**
 * Runs the sweep as `actor` (a system or national admin token); see the file header. The name is kept from
 * when the sweep only closed: closing is still what `limit` counts.
 */
export async function sweepAutoClose(
  store: Store,
  actor: Actor,
  request: SlaSweepRequest,
  requestId: string,
): Promise<SlaSweepResponse> {
  const now = store.options.now();
  const nowMs = now.getTime();
  const nowIso = now.toISOString();
  // The close and the escalation are the system's, whoever triggers them: events with role system.
  const sweeper: Actor = { name: actor.name, role: 'system', institutionId: actor.institutionId };
  const policies = store.actionContext(sweeper, nowIso).sla;
  const result: SlaSweepResponse = {
    examined: 0,
    closed: [],
    skipped: 0,
    failed: [],
    limitReached: false,
    dryRun: request.dryRun,
    due: 0,
    breaches: 0,
    escalated: [],
  };
  const room = () => (request.limit === undefined ? Infinity : request.limit - result.closed.length);
  let after: { at: string; id: string } | null = null;

  const select = async (q: Queryable): Promise<SweepCase[]> => {
    const params: unknown[] = [nowIso];
    const where = ['next_deadline IS NOT NULL', 'next_deadline <= $1'];
    if (after) {
      params.push(after.at, after.id);
      where.push(`(next_deadline, tracking_id) > ($${params.length - 1}::timestamptz, $${params.length}::text)`);
    }
    if (actor.institutionId !== null) where.push(subtreeClause(params, actor.institutionId));
    params.push(SWEEP_CHUNK);
    const rows = await q.query<SweepRow>(
      `SELECT ${SWEEP_SELECT} FROM cases WHERE ${where.join(' AND ')}
       ORDER BY next_deadline, tracking_id LIMIT $${params.length} ${request.dryRun ? '' : 'FOR UPDATE SKIP LOCKED'}`,
      params,
    );
    return rows.map(sweepCase);
  };

  /** Decides a chunk, stopping at the close limit; `more` when another chunk may follow. */
  const decide = (rows: SweepCase[]): { decisions: Decision[]; more: boolean } => {
    const decisions: Decision[] = [];
    let closing = 0;
    for (const c of rows) {
      const policy = policies?.current(c);
      if (policy === undefined) throw new Error('the store has no SLA policies');
      const d = decideCase(c, policy, store.calendar, nowMs);
      if (d.close && closing >= room()) {
        result.limitReached = true; // this case (at least) is left for the next run
        return { decisions, more: false };
      }
      if (d.close) closing += 1;
      result.due += 1;
      if (d.closeCandidate) {
        result.examined += 1;
        if (!d.close) result.skipped += 1;
      }
      after = { at: c.nextDeadline, id: c.trackingId };
      decisions.push(d);
    }
    return { decisions, more: rows.length === SWEEP_CHUNK && closing < room() };
  };

  for (;;) {
    if (request.dryRun) {
      const { decisions, more } = decide(await select(store.db));
      result.breaches += await newBreaches(store.db, breachRecords(decisions));
      for (const d of decisions) {
        if (d.close) result.closed.push({ trackingId: d.c.trackingId, version: d.c.version });
        if (d.escalate) result.escalated.push({ trackingId: d.c.trackingId, version: d.c.version });
      }
      if (!more) break;
      continue;
    }
    const chunk: { decisions: Decision[]; more: boolean } = { decisions: [], more: false };
    const before = { closed: result.closed.length, failed: result.failed.length, escalated: result.escalated.length, breaches: result.breaches };
    try {
      await store.db.transaction(async (tx) => {
        Object.assign(chunk, decide(await select(tx)));
        if (chunk.decisions.length === 0) return;
        await applySweepChunk(tx, store, chunk.decisions, { sweeper, requestId, nowIso }, result);
      });
    } catch (err) {
      // Nothing of this chunk was written. Before any progress the request fails as a whole (500); after
      // some, the answer keeps what was done and names this chunk's cases as failed.
      if (before.closed === 0 && before.failed === 0 && before.escalated === 0 && before.breaches === 0) throw err;
      result.closed.length = before.closed;
      result.failed.length = before.failed;
      result.escalated.length = before.escalated;
      result.breaches = before.breaches;
      const detail = (d: Decision) => `the server failed to ${d.close ? 'close' : 'escalate'} this case; run the sweep again`;
      result.failed.push(...chunk.decisions.filter((d) => d.close || d.escalate).map((d) => ({ trackingId: d.c.trackingId, status: 500, detail: detail(d) })));
      if (chunk.decisions.length === 0) {
        result.failed.push({ trackingId: '-', status: 500, detail: 'the server failed to select the next cases; run the sweep again' });
      }
      return result;
    }
    if (!chunk.more) break;
  }
  return result;
}
