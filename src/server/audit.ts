// The audit check behind GET /v1/audit/verify and `lapor audit verify`: walks the cases in tracking-ID
// order, a page at a time (keyset pagination, one pass over both tables), and checks each case's events
// against its row with the domain's verifyChain: every event's hash covers its fields and the previous
// hash, the sequence runs 1..n in insertion (id) order, and the row's version and last hash match the last
// event. An edited, deleted, inserted or reordered event row therefore shows up as a problem naming the
// case and the event's seq.
//
// A page reads its cases and their events in one REPEATABLE READ transaction, so a case being acted on
// meanwhile is seen either before or after the action, never half-way. Events between two pages' tracking
// IDs that belong to no case (possible only with the foreign key switched off) are reported too. The first
// page also checks the hash-chained log of personal-data exports (audit_log) whole.

import { verifyChain, type ChainBreak } from '../domain/events.js';
import type { AuditProblem, AuditVerifyQuery, AuditVerifyResponse } from '../domain/audit.js';
import type { CaseEvent } from '../domain/types.js';
import type { Db } from './db/driver.js';
import { checkAuditLog } from './exportAudit.js';
import { about, ProblemError } from './problem.js';
import { rowToEvent } from './store.js';

const EVENT_COLUMNS = `id, tracking_id, seq, at, actor, role, action, from_status, to_status, from_institution,
  to_institution, note, request_id, prev_hash, hash`;

function encodeCursor(afterTrackingId: string): string {
  return Buffer.from(JSON.stringify(['audit', afterTrackingId])).toString('base64url');
}

function decodeCursor(raw: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  // the tracking ID goes to SQL as text: one PostgreSQL cannot hold (U+0000) is no cursor of ours either
  if (!Array.isArray(parsed) || parsed.length !== 2 || parsed[0] !== 'audit' || typeof parsed[1] !== 'string' || parsed[1].includes('\u0000')) {
    throw new ProblemError(400, 'validation', 'invalid cursor: not a cursor returned by this API', [
      { field: 'cursor', message: 'not a cursor returned by this API', code: 'invalid' },
    ], undefined, about('invalid-cursor'));
  }
  return parsed[1];
}

/** The first break of one case's chain, with the events in insertion (id) order. */
export function checkCase(
  trackingId: string,
  head: { hash: string; version: number },
  events: readonly CaseEvent[],
): AuditProblem | null {
  const found: ChainBreak | null = verifyChain(trackingId, events, head);
  if (!found) return null;
  return { trackingId, seq: found.seq, problem: found.problem, version: head.version, events: events.length };
}

/** Verifies one page of cases (tracking ID after the cursor), with all their events. */
export async function verifyAuditPage(db: Db, query: AuditVerifyQuery): Promise<AuditVerifyResponse> {
  const after = query.cursor === undefined ? null : decodeCursor(query.cursor);
  return db.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const cases = await tx.query<{ tracking_id: string; version: number; last_event_hash: string }>(
      `SELECT tracking_id, version, last_event_hash FROM cases
        ${after === null ? '' : 'WHERE tracking_id > $2'} ORDER BY tracking_id LIMIT $1`,
      after === null ? [query.limit] : [query.limit, after],
    );
    const full = cases.length === query.limit;
    const last = cases.length > 0 ? cases[cases.length - 1].tracking_id : null;
    // the events of exactly this page's key range: (after, last] — or (after, ∞) on the last page, so that
    // events past the last case are seen too
    const where: string[] = [];
    const params: unknown[] = [];
    if (after !== null) {
      params.push(after);
      where.push(`tracking_id > $${params.length}`);
    }
    if (full && last !== null) {
      params.push(last);
      where.push(`tracking_id <= $${params.length}`);
    }
    const rows = await tx.query(
      `SELECT ${EVENT_COLUMNS} FROM case_events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY tracking_id, id`,
      params,
    );
    const byCase = new Map<string, CaseEvent[]>();
    for (const row of rows) {
      const e = rowToEvent(row);
      let list = byCase.get(e.trackingId);
      if (!list) byCase.set(e.trackingId, (list = []));
      list.push(e);
    }
    const problems: AuditProblem[] = [];
    for (const c of cases) {
      const events = byCase.get(c.tracking_id) ?? [];
      byCase.delete(c.tracking_id);
      const problem = checkCase(c.tracking_id, { hash: c.last_event_hash, version: Number(c.version) }, events);
      if (problem) problems.push(problem);
    }
    for (const [trackingId, events] of byCase) {
      problems.push({ trackingId, seq: null, problem: 'orphan_events', version: null, events: events.length });
    }
    problems.sort((a, b) => (a.trackingId < b.trackingId ? -1 : a.trackingId > b.trackingId ? 1 : 0));
    return {
      casesChecked: cases.length,
      eventsChecked: rows.length,
      problems,
      auditLog: after === null ? await checkAuditLog(tx) : null,
      nextCursor: full && last !== null ? encodeCursor(last) : null,
    };
  });
}
