// What a journal says about its run: counts (applied, skipped because already in the target state, failed
// by reason, remaining) and the failure list. Pure: computed from the journal alone, so `bulk status`, the
// end of a run and the end of a resume all agree.

import { problemTypeOf } from '../domain/problems.js';
import type { ActionName } from '../domain/types.js';
import type { JournalRead } from './journal.js';

export interface RunSummary {
  runId: string;
  journal: string;
  command: string;
  created: string;
  /** Items planned, including the cases that could not be planned (never sent). */
  planned: number;
  /** Items with an outcome (unplanned cases count as failed, so as done). */
  done: number;
  applied: number;
  skipped: number;
  failed: number;
  /** Failures by reason (the problem type's last segment, e.g. precondition-failed), most frequent first. */
  failedByReason: Record<string, number>;
  remaining: number;
  /** Chunk answers that came from the server's idempotency store (resends of committed chunks). */
  replayedChunks: number;
  failuresCsv: string | null;
}

export interface FailureRow {
  trackingId: string;
  action: ActionName;
  reason: string;
  status: number | null;
  problemType: string;
  detail: string;
}

/** `/problems/precondition-failed` → `precondition-failed` (the catalogue's name; else the URI's last segment). */
export function reasonOf(problemType: string | undefined): string {
  if (!problemType) return 'unknown';
  const known = problemTypeOf(problemType);
  if (known !== null) return known;
  const last = problemType.split('/').filter((s) => s !== '').pop();
  return last ?? 'unknown';
}

export function failureRows(read: Pick<JournalRead, 'header' | 'outcomes'>): FailureRow[] {
  const { header } = read;
  const rows: FailureRow[] = header.unresolved.map((u) => ({
    trackingId: u.trackingId,
    action: header.requests[u.request].action,
    reason: 'not-found',
    status: null,
    problemType: '/problems/not-found',
    detail: u.detail,
  }));
  const failed = [...read.outcomes.values()].filter((o) => o.outcome === 'failed').sort((a, b) => a.index - b.index);
  for (const o of failed) {
    const item = header.items[o.index];
    rows.push({
      trackingId: item.trackingId,
      action: header.requests[item.request].action,
      reason: reasonOf(o.problem?.type),
      status: o.status,
      problemType: o.problem?.type ?? '',
      detail: o.problem?.detail ?? '',
    });
  }
  return rows;
}

export function summarise(read: Pick<JournalRead, 'header' | 'outcomes'>, journal: string, failuresCsv: string | null = null): RunSummary {
  const { header } = read;
  let applied = 0;
  let skipped = 0;
  const replayed = new Set<number>();
  for (const o of read.outcomes.values()) {
    if (o.outcome === 'applied') applied += 1;
    else if (o.outcome === 'skipped') skipped += 1;
    if (o.replayed) replayed.add(o.chunk);
  }
  const byReason = new Map<string, number>();
  const failures = failureRows(read);
  for (const f of failures) byReason.set(f.reason, (byReason.get(f.reason) ?? 0) + 1);
  const planned = header.items.length + header.unresolved.length;
  const done = read.outcomes.size + header.unresolved.length;
  return {
    runId: header.runId,
    journal,
    command: header.command,
    created: header.created,
    planned,
    done,
    applied,
    skipped,
    failed: failures.length,
    failedByReason: Object.fromEntries([...byReason].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))),
    remaining: planned - done,
    replayedChunks: replayed.size,
    failuresCsv,
  };
}
