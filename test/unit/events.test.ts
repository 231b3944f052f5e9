import { describe, expect, it } from 'vitest';
import { eventHash, GENESIS_HASH, verifyChain, type HashedFields } from '../../src/domain/events.js';
import type { CaseEvent } from '../../src/domain/types.js';

const TID = 'LAP-2024-0007';

type Stored = Omit<CaseEvent, 'id'>;

const DRAFTS: HashedFields[] = [
  {
    trackingId: TID, seq: 1, at: '2024-04-01T01:00:00.000Z', actor: 'intake-web', role: 'system', action: 'submit',
    fromStatus: null, toStatus: 'submitted', fromInstitution: null, toInstitution: null, note: null, requestId: 'req-1',
  },
  {
    trackingId: TID, seq: 2, at: '2024-04-02T01:00:00.000Z', actor: 'admin-nasional', role: 'national_admin',
    action: 'dispose', fromStatus: 'submitted', toStatus: 'disposed', fromInstitution: null,
    toInstitution: 'bali.dinkes', note: 'wewenang Dinkes', requestId: 'req-2',
  },
  {
    trackingId: TID, seq: 3, at: '2024-04-03T03:00:00.000Z', actor: 'penghubung-dinkes', role: 'liaison',
    action: 'respond', fromStatus: 'disposed', toStatus: 'in_progress', fromInstitution: 'bali.dinkes',
    toInstitution: 'bali.dinkes', note: 'Sedang kami tindak lanjuti.', requestId: null,
  },
  {
    trackingId: TID, seq: 4, at: '2024-04-04T05:00:00.000Z', actor: 'admin-bali', role: 'institution_admin',
    action: 'close', fromStatus: 'in_progress', toStatus: 'completed', fromInstitution: 'bali.dinkes',
    toInstitution: 'bali.dinkes', note: null, requestId: 'req-4',
  },
];

/** Hashes drafts in order, the way the writer does. */
function chain(drafts: readonly HashedFields[]): Stored[] {
  const out: Stored[] = [];
  let prev = GENESIS_HASH;
  for (const d of drafts) {
    const hash = eventHash(prev, d);
    out.push({ ...d, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

const events = chain(DRAFTS);
const head = { hash: events[3].hash, version: 4 };

describe('eventHash', () => {
  it('is a deterministic sha-256 hex digest', () => {
    expect(eventHash(GENESIS_HASH, DRAFTS[0])).toMatch(/^[0-9a-f]{64}$/);
    expect(eventHash(GENESIS_HASH, DRAFTS[0])).toBe(eventHash(GENESIS_HASH, { ...DRAFTS[0] }));
  });

  it('covers the previous hash and every field', () => {
    const base = eventHash(GENESIS_HASH, DRAFTS[1]);
    expect(eventHash('f'.repeat(64), DRAFTS[1])).not.toBe(base);
    const edits: Partial<HashedFields>[] = [
      { trackingId: 'LAP-2024-0008' },
      { seq: 3 },
      { at: '2024-04-02T01:00:00.001Z' },
      { actor: 'admin-lain' },
      { role: 'institution_admin' },
      { action: 'redispose' },
      { fromStatus: 'postponed' },
      { toStatus: 'archived' },
      { fromInstitution: 'bali' },
      { toInstitution: 'bali.rsud' },
      { note: 'wewenang Dinkes.' },
      { note: null },
      { requestId: 'req-x' },
      { requestId: null },
    ];
    for (const edit of edits) expect(eventHash(GENESIS_HASH, { ...DRAFTS[1], ...edit }), JSON.stringify(edit)).not.toBe(base);
  });

  it('does not confuse null with the string "null"', () => {
    expect(eventHash(GENESIS_HASH, { ...DRAFTS[0], note: 'null' })).not.toBe(eventHash(GENESIS_HASH, DRAFTS[0]));
  });

  it('hashes the instant, not how it is written (the database may return another offset)', () => {
    expect(eventHash(GENESIS_HASH, { ...DRAFTS[1], at: '2024-04-02T09:00:00+08:00' })).toBe(eventHash(GENESIS_HASH, DRAFTS[1]));
  });
});

describe('verifyChain', () => {
  it('passes an intact chain', () => {
    expect(verifyChain(TID, events, head)).toBeNull();
  });

  it('passes an empty history against version 0 and the genesis head', () => {
    expect(verifyChain(TID, [], { hash: GENESIS_HASH, version: 0 })).toBeNull();
  });

  it('detects an edited field', () => {
    const edited = events.map((e) => (e.seq === 2 ? { ...e, toInstitution: 'bali.rsud' } : e));
    expect(verifyChain(TID, edited, head)).toEqual({ trackingId: TID, seq: 2, problem: 'hash_mismatch' });
  });

  it('detects an edited time, also one that is not a valid instant', () => {
    const moved = events.map((e) => (e.seq === 3 ? { ...e, at: '2024-04-03T02:00:00.000Z' } : e));
    expect(verifyChain(TID, moved, head)).toEqual({ trackingId: TID, seq: 3, problem: 'hash_mismatch' });
    const garbled = events.map((e) => (e.seq === 3 ? { ...e, at: 'kemarin' } : e));
    expect(verifyChain(TID, garbled, head)).toEqual({ trackingId: TID, seq: 3, problem: 'hash_mismatch' });
  });

  it('detects an edit whose own hash was recomputed, at the next event', () => {
    const forged = { ...events[1], note: 'dipalsukan' };
    forged.hash = eventHash(forged.prevHash, forged);
    const edited = [events[0], forged, events[2], events[3]];
    expect(verifyChain(TID, edited, head)).toEqual({ trackingId: TID, seq: 3, problem: 'hash_mismatch' });
  });

  it('detects a rewritten history through the head stored on the case', () => {
    const rewritten = chain(DRAFTS.map((d) => (d.seq === 2 ? { ...d, toInstitution: 'bali.rsud' } : d)));
    expect(verifyChain(TID, rewritten, head)).toEqual({ trackingId: TID, seq: null, problem: 'head_mismatch' });
  });

  it('detects a deleted middle event', () => {
    const deleted = [events[0], events[2], events[3]];
    expect(verifyChain(TID, deleted, head)).toEqual({ trackingId: TID, seq: 3, problem: 'sequence_gap' });
  });

  it('detects a deleted middle event even when the later ones were renumbered', () => {
    const renumbered = [events[0], { ...events[2], seq: 2 }, { ...events[3], seq: 3 }];
    expect(verifyChain(TID, renumbered, head)).toEqual({ trackingId: TID, seq: 2, problem: 'hash_mismatch' });
  });

  it('detects a deleted last event by the count', () => {
    expect(verifyChain(TID, events.slice(0, 3), head)).toEqual({ trackingId: TID, seq: null, problem: 'count_mismatch' });
  });

  it('detects a deleted last event by the head when the version was lowered too', () => {
    expect(verifyChain(TID, events.slice(0, 3), { hash: head.hash, version: 3 })).toEqual({
      trackingId: TID,
      seq: null,
      problem: 'head_mismatch',
    });
  });

  it('detects two swapped events', () => {
    const swapped = [events[0], events[2], events[1], events[3]];
    expect(verifyChain(TID, swapped, head)).toEqual({ trackingId: TID, seq: 3, problem: 'sequence_gap' });
  });

  it('detects two swapped events whose seq numbers were swapped as well', () => {
    const swapped = [events[0], { ...events[2], seq: 2 }, { ...events[1], seq: 3 }, events[3]];
    expect(verifyChain(TID, swapped, head)).toEqual({ trackingId: TID, seq: 2, problem: 'hash_mismatch' });
  });

  it('detects an inserted event', () => {
    const extra: Stored = {
      ...DRAFTS[2],
      seq: 3,
      note: 'sisipan',
      prevHash: events[1].hash,
      hash: eventHash(events[1].hash, { ...DRAFTS[2], seq: 3, note: 'sisipan' }),
    };
    // inserted as is: the seq repeats
    expect(verifyChain(TID, [events[0], events[1], extra, events[2], events[3]], head)).toEqual({
      trackingId: TID,
      seq: 3,
      problem: 'sequence_gap',
    });
    // inserted with the later events renumbered: their hashes no longer match
    const renumbered = [events[0], events[1], extra, { ...events[2], seq: 4 }, { ...events[3], seq: 5 }];
    expect(verifyChain(TID, renumbered, head)).toEqual({ trackingId: TID, seq: 4, problem: 'hash_mismatch' });
  });

  it('detects a correctly hashed event appended behind the case’s back', () => {
    const appended = chain([...DRAFTS, { ...DRAFTS[3], seq: 5, action: 'reopen', note: 'diam-diam' }]);
    expect(verifyChain(TID, appended, head)).toEqual({ trackingId: TID, seq: null, problem: 'count_mismatch' });
  });

  it('detects the history of another case', () => {
    const other = chain(DRAFTS.map((d) => ({ ...d, trackingId: 'LAP-2024-0008' })));
    expect(verifyChain(TID, other, { hash: other[3].hash, version: 4 })).toEqual({
      trackingId: TID,
      seq: 1,
      problem: 'hash_mismatch',
    });
  });
});
