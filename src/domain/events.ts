// The hash chain over each case's history. Every event's hash covers the previous event's hash and all of
// its own fields, and the case row keeps the hash of its last event and its version (= number of events),
// so an edited, deleted, inserted or reordered event breaks the chain. Chaining per case keeps writers of
// different cases independent, which a national deployment with many API instances needs.

import { hash } from 'node:crypto';
import type { CaseEvent } from './types.js';

export const GENESIS_HASH = '0'.repeat(64);

export type HashedFields = Omit<CaseEvent, 'id' | 'hash' | 'prevHash'>;

let lastInstant = { text: '', canonical: '' };

/**
 * The same instant always hashes alike, whatever its written offset; a value that is no instant hashes as is.
 * The last answer is kept: a batch's events share one instant.
 */
function canonicalInstant(at: string): string {
  if (at === lastInstant.text) return lastInstant.canonical;
  const ms = Date.parse(at);
  const canonical = Number.isNaN(ms) ? at : new Date(ms).toISOString();
  lastInstant = { text: at, canonical };
  return canonical;
}

export function eventHash(prevHash: string, e: HashedFields): string {
  const canonical = JSON.stringify([
    prevHash,
    e.trackingId,
    e.seq,
    canonicalInstant(e.at),
    e.actor,
    e.role,
    e.action,
    e.fromStatus,
    e.toStatus,
    e.fromInstitution,
    e.toInstitution,
    e.note,
    e.requestId,
  ]);
  return hash('sha256', canonical, 'hex'); // one-shot: half the cost of a Hash object per event
}

export interface ChainBreak {
  trackingId: string;
  seq: number | null;
  problem: 'hash_mismatch' | 'sequence_gap' | 'head_mismatch' | 'count_mismatch';
}

/**
 * Checks one case's events (in seq order as stored) against the case's recorded head hash and version.
 * Returns the first break found, or null when the chain is whole.
 */
export function verifyChain(
  trackingId: string,
  events: readonly Pick<CaseEvent, keyof HashedFields | 'prevHash' | 'hash'>[],
  head: { hash: string; version: number },
): ChainBreak | null {
  let prev = GENESIS_HASH;
  for (let i = 0; i < events.length; i += 1) {
    const e = events[i];
    if (e.seq !== i + 1) return { trackingId, seq: e.seq, problem: 'sequence_gap' };
    if (e.trackingId !== trackingId || e.prevHash !== prev || eventHash(prev, e) !== e.hash) {
      return { trackingId, seq: e.seq, problem: 'hash_mismatch' };
    }
    prev = e.hash;
  }
  if (events.length !== head.version) return { trackingId, seq: null, problem: 'count_mismatch' };
  if (prev !== head.hash) return { trackingId, seq: null, problem: 'head_mismatch' };
  return null;
}
