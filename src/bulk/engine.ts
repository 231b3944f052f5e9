// Sending a journalled run: its planned items in fixed chunks, each chunk under an Idempotency-Key derived
// from the run id and the chunk number, a bounded number of chunks at a time. A chunk is done when every
// one of its items has an outcome in the journal; any other chunk is (re)sent with the same body and the same
// key, so a chunk the server had already committed is answered from its idempotency store and one it had
// not is executed now: no case lost, none changed twice.
//
// Waiting: 409 (another request with this key still running) waits and retries; network errors, 5xx and
// 429 retry with backoff (the client retries a few times itself; this loop keeps going until the retry
// deadline). Ctrl-C (deps.signal) starts no new chunk; the journal keeps what was answered.

import {
  ApiError,
  CancelledError,
  ConflictError,
  NetworkError,
  RateLimitedError,
  ServerError,
} from '../api/errors.js';
import type { ApiClient } from '../api/types.js';
import type { Deps } from '../cmdutil/deps.js';
import { MAX_BULK_ITEMS, type ActionRequest, type BulkItem, type BulkItemResult } from '../domain/schemas.js';
import { BusyError, CliError } from '../io/errors.js';
import { t } from '../io/i18n.js';
import { createProgress, type Progress } from '../io/progress.js';
import type { JournalHeader, JournalItem, JournalOutcome, JournalRead, JournalWriter } from './journal.js';

export const DEFAULT_CHUNK_SIZE = 500;
export const MAX_CHUNK_SIZE = MAX_BULK_ITEMS;
export const DEFAULT_CONCURRENCY = 2;
export const MAX_CONCURRENCY = 8;
/** How long a chunk keeps being retried after network errors, 5xx, 429 and 409 (seconds). */
export const DEFAULT_RETRY_TIMEOUT_S = 600;

export interface Chunk {
  /** 0-based chunk number: part of the Idempotency-Key. */
  no: number;
  /** Item indexes [start, end). */
  start: number;
  end: number;
}

export function chunksOf(total: number, size: number): Chunk[] {
  if (!Number.isInteger(size) || size < 1 || size > MAX_CHUNK_SIZE) throw new RangeError(`chunk size ${size}`);
  const out: Chunk[] = [];
  for (let start = 0, no = 0; start < total; start += size, no += 1) out.push({ no, start, end: Math.min(total, start + size) });
  return out;
}

/** The Idempotency-Key of chunk `no` of run `runId`: the same on every resend. */
export function chunkKey(runId: string, no: number): string {
  return `lapor-bulk:${runId}:${no}`;
}

/**
 * The key order of a wire item: every field of ActionRequestSchema (and of its `changes`), fixed forever,
 * since a journal written today must rebuild the same text tomorrow. test/bulk/engine.test.ts fails when the
 * schema gains a field missing here, and bulkItem refuses one rather than drop it.
 */
export const FIELD_ORDER = ['action', 'institutionId', 'reason', 'message', 'changes', 'note', 'originalId', 'institutionIds'] as const;
export const CHANGE_ORDER = ['title', 'categoryId', 'classification', 'anonymous', 'confidential', 'needsFieldInspection'] as const;

/** The keys of `value` that `order` does not list: none, or a field would be dropped from the wire. */
function unlisted(value: object, order: readonly string[]): string[] {
  return Object.keys(value).filter((k) => !order.includes(k) && (value as Record<string, unknown>)[k] !== undefined);
}

/**
 * The wire item of a planned item, its keys in one fixed order: the server keys idempotency on the body's
 * JSON text, so a resend must produce the very same text from the journal.
 */
export function bulkItem(item: JournalItem, request: ActionRequest): BulkItem {
  const out: Record<string, unknown> = { trackingId: item.trackingId, version: item.version };
  const source = request as Record<string, unknown>;
  const extra = unlisted(source, FIELD_ORDER);
  if (typeof source.changes === 'object' && source.changes !== null) extra.push(...unlisted(source.changes, CHANGE_ORDER).map((k) => `changes.${k}`));
  if (extra.length > 0) throw new CliError(`bulk item ${item.trackingId}: field ${extra.join(', ')} has no place in the wire order (FIELD_ORDER)`);
  for (const key of FIELD_ORDER) {
    const value = source[key];
    if (value === undefined) continue;
    if (key === 'changes' && typeof value === 'object' && value !== null) {
      const changes: Record<string, unknown> = {};
      for (const c of CHANGE_ORDER) {
        const v = (value as Record<string, unknown>)[c];
        if (v !== undefined) changes[c] = v;
      }
      out[key] = changes;
    } else {
      out[key] = value;
    }
  }
  return out as BulkItem;
}

export function chunkBody(header: JournalHeader, chunk: Chunk): BulkItem[] {
  return header.items.slice(chunk.start, chunk.end).map((item) => bulkItem(item, header.requests[item.request]));
}

/** Chunks of the run that still lack an outcome for at least one item. */
export function pendingChunks(read: Pick<JournalRead, 'header' | 'outcomes'>): Chunk[] {
  return chunksOf(read.header.items.length, read.header.chunkSize).filter((c) => {
    for (let i = c.start; i < c.end; i += 1) if (!read.outcomes.has(i)) return true;
    return false;
  });
}

/** The journal lines of a chunk's answer (by the results' own indexes, which are positions in the chunk). */
export function chunkOutcomes(chunk: Chunk, header: JournalHeader, results: readonly BulkItemResult[], replayed: boolean): JournalOutcome[] {
  const size = chunk.end - chunk.start;
  const byIndex = new Map(results.map((r) => [r.index, r]));
  const out: JournalOutcome[] = [];
  for (let k = 0; k < size; k += 1) {
    const r = byIndex.get(k);
    const item = header.items[chunk.start + k];
    if (r === undefined) throw new CliError(`the bulk answer of chunk ${chunk.no} lacks item ${k} (${item.trackingId})`);
    if (r.trackingId !== null && r.trackingId !== item.trackingId) {
      throw new CliError(`the bulk answer of chunk ${chunk.no} names ${r.trackingId} at item ${k}, which is ${item.trackingId}`);
    }
    out.push({
      type: 'outcome',
      index: chunk.start + k,
      trackingId: item.trackingId,
      outcome: r.outcome,
      status: r.status,
      version: r.version,
      problem: r.problem,
      chunk: chunk.no,
      replayed,
    });
  }
  return out;
}

export interface ExecuteOptions {
  concurrency: number;
  retryTimeoutMs: number;
  /** Shown on the progress line. */
  label: string;
}

export interface ExecuteResult {
  /** Ctrl-C stopped the run before every chunk was answered. */
  stopped: boolean;
  sentChunks: number;
  replayedChunks: number;
}

/** Waits `ms`, in slices of at most half a second, so that Ctrl-C ends a long wait at once. */
async function pause(deps: Pick<Deps, 'sleep' | 'signal'>, ms: number): Promise<void> {
  for (let left = ms; left > 0 && !deps.signal.aborted; left -= 500) await deps.sleep(Math.min(500, left));
}

export function isRetryable(err: unknown): boolean {
  return (
    err instanceof NetworkError ||
    err instanceof ServerError ||
    err instanceof RateLimitedError ||
    (err instanceof ConflictError && err.problem === 'idempotency-in-flight')
  );
}

/** Backoff before retry `attempt` (1-based) of a chunk: 0.5 s doubling to 15 s; a 409 or 429's Retry-After first. */
export function retryDelay(err: unknown, attempt: number): number {
  if (err instanceof ApiError && err.retryAfterMs !== null) return Math.max(200, err.retryAfterMs);
  return Math.min(15_000, 500 * 2 ** (attempt - 1));
}

/**
 * Sends every pending chunk of the run and records each answer in the journal (durably) before counting it.
 * Throws on a failure that waiting does not cure (after the in-flight chunks are answered or abandoned);
 * returns with `stopped` when Ctrl-C ended it early.
 */
export async function executeRun(
  api: ApiClient,
  read: JournalRead,
  writer: JournalWriter,
  deps: Pick<Deps, 'io' | 'lang' | 'now' | 'sleep' | 'signal'>,
  options: ExecuteOptions,
): Promise<ExecuteResult> {
  const { header } = read;
  const queue = pendingChunks(read);
  const remainingItems = queue.reduce((n, c) => n + c.end - c.start, 0);
  const progress: Progress = createProgress(deps.io, {
    label: options.label,
    total: remainingItems,
    lang: deps.lang,
    now: () => deps.now().getTime(),
  });
  let fatal: unknown = null;
  let sentChunks = 0;
  let replayedChunks = 0;

  const sendChunk = async (chunk: Chunk): Promise<void> => {
    const body = chunkBody(header, chunk);
    const key = chunkKey(header.runId, chunk.no);
    let attempt = 0;
    // the chunk is retried for up to retryTimeoutMs from its first send (the client's own retries included)
    const deadline = deps.now().getTime() + options.retryTimeoutMs;
    for (;;) {
      try {
        const { response, replayed } = await api.bulk(body, key);
        const outcomes = chunkOutcomes(chunk, header, response.results, replayed);
        await writer.record(outcomes);
        for (const o of outcomes) read.outcomes.set(o.index, o);
        sentChunks += 1;
        if (replayed) replayedChunks += 1;
        progress.tick(outcomes.length);
        return;
      } catch (err) {
        if (err instanceof CancelledError || deps.signal.aborted || !isRetryable(err)) throw err;
        const now = deps.now().getTime();
        if (now >= deadline || fatal !== null) throw err;
        attempt += 1;
        const wait = Math.min(retryDelay(err, attempt), Math.max(0, deadline - now));
        if (attempt === 1 || attempt % 5 === 0) {
          progress.log(
            deps.io.errColor.dim(
              t(deps.lang, 'bulk.run.retrying', { chunk: chunk.no + 1, why: (err as Error).message, seconds: Math.ceil(wait / 1000) }),
            ),
          );
        }
        await pause(deps, wait);
        if (deps.signal.aborted) throw new CancelledError({ method: 'POST', path: '/v1/bulk' });
      }
    }
  };

  const worker = async (): Promise<void> => {
    for (;;) {
      if (deps.signal.aborted || fatal !== null) return;
      const chunk = queue.shift();
      if (chunk === undefined) return;
      try {
        await sendChunk(chunk);
      } catch (err) {
        // Ctrl-C abandons the chunk in flight: a resume resends it under the same key
        if (err instanceof CancelledError || deps.signal.aborted) return;
        fatal ??= err;
        return;
      }
    }
  };

  const workers = Math.max(1, Math.min(options.concurrency, queue.length));
  await Promise.all(Array.from({ length: workers }, worker));
  progress.done();
  if (fatal !== null) throw giveUp(fatal);
  return { stopped: deps.signal.aborted && pendingChunks(read).length > 0, sentChunks, replayedChunks };
}

/** A failure that ends the run: busy when the server kept saying "later", else the error itself. */
function giveUp(err: unknown): unknown {
  if (err instanceof ConflictError || err instanceof RateLimitedError) {
    return new BusyError((l) => t(l, 'bulk.run.busy', { detail: err.message }), { cause: err });
  }
  return err;
}
