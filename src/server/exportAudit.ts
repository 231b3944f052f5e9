// The audit log of personal-data (pii) exports: one global hash chain in `audit_log` (migration 3), its head in
// `audit_head`. A record is appended, in its own committed transaction, before the first row of a pii export
// leaves the server, so an export that fails half-way is still on record. Each record's hash covers the
// previous hash and all of its own fields; the head keeps the last seq and hash; triggers refuse UPDATE,
// DELETE and TRUNCATE. `verifyAuditLog` finds an edited, deleted, inserted, reordered or truncated record.
// (Case events are not used: a record per exported case would bump every case's version, and an export of a
// million cases would write a million events.)

import { createHash } from 'node:crypto';
import type { AuditLogCheck } from '../domain/audit.js';
import { GENESIS_HASH } from '../domain/events.js';
import type { Actor, EventAction } from '../domain/types.js';
import type { Db, Queryable } from './db/driver.js';

export interface AuditRecord {
  seq: number;
  at: string;
  actor: string;
  role: string;
  action: EventAction;
  /** The stated purpose. */
  note: string;
  /** Canonical JSON of what was exported (profile, filters, scope, row count at the time). */
  detail: string;
  requestId: string | null;
  prevHash: string;
  hash: string;
}

export type AuditFields = Omit<AuditRecord, 'prevHash' | 'hash'>;

function canonicalInstant(at: string): string {
  const ms = Date.parse(at);
  return Number.isNaN(ms) ? at : new Date(ms).toISOString();
}

export function auditHash(prevHash: string, r: AuditFields): string {
  const canonical = JSON.stringify([prevHash, r.seq, canonicalInstant(r.at), r.actor, r.role, r.action, r.note, r.detail, r.requestId]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Appends one record at the end of the chain (the head row lock serialises writers). */
export async function appendAudit(
  db: Db,
  actor: Actor,
  entry: { action: EventAction; note: string; detail: unknown; at: string; requestId: string | null },
): Promise<AuditRecord> {
  return db.transaction(async (tx: Queryable) => {
    const [head] = await tx.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id FOR UPDATE');
    const fields: AuditFields = {
      seq: Number(head.seq) + 1,
      at: entry.at,
      actor: actor.name,
      role: actor.role,
      action: entry.action,
      note: entry.note,
      detail: JSON.stringify(entry.detail),
      requestId: entry.requestId,
    };
    const hash = auditHash(head.hash, fields);
    await tx.query(
      `INSERT INTO audit_log (seq, at, actor, role, action, note, detail, request_id, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [fields.seq, fields.at, fields.actor, fields.role, fields.action, fields.note, fields.detail, fields.requestId, head.hash, hash],
    );
    await tx.query('UPDATE audit_head SET seq = $1, hash = $2 WHERE id', [fields.seq, hash]);
    return { ...fields, prevHash: head.hash, hash };
  });
}

export async function readAudit(db: Queryable): Promise<AuditRecord[]> {
  const rows = await db.query<{
    seq: number;
    at: Date | string;
    actor: string;
    role: string;
    action: EventAction;
    note: string;
    detail: string;
    request_id: string | null;
    prev_hash: string;
    hash: string;
  }>('SELECT seq, at, actor, role, action, note, detail, request_id, prev_hash, hash FROM audit_log ORDER BY seq');
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: r.at instanceof Date ? r.at.toISOString() : new Date(r.at).toISOString(),
    actor: r.actor,
    role: r.role,
    action: r.action,
    note: r.note,
    detail: r.detail,
    requestId: r.request_id,
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}

export interface AuditBreak {
  seq: number | null;
  problem: AuditLogCheck['problem'] & string;
}

/** Checks the whole chain against its head: how many records, and the first break (null problem when whole). */
export async function checkAuditLog(db: Queryable): Promise<AuditLogCheck> {
  const records = await readAudit(db);
  const [head] = await db.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_head WHERE id');
  const found = (b: AuditBreak): AuditLogCheck => ({ records: records.length, ...b });
  let prev = GENESIS_HASH;
  for (let i = 0; i < records.length; i += 1) {
    const r = records[i];
    if (r.seq !== i + 1) return found({ seq: r.seq, problem: 'sequence_gap' });
    if (r.prevHash !== prev || auditHash(prev, r) !== r.hash) return found({ seq: r.seq, problem: 'hash_mismatch' });
    prev = r.hash;
  }
  if (Number(head.seq) !== records.length || head.hash !== prev) return found({ seq: null, problem: 'head_mismatch' });
  return { records: records.length, problem: null, seq: null };
}

/** The first break of the chain; null when it is whole. */
export async function verifyAuditLog(db: Queryable): Promise<AuditBreak | null> {
  const { problem, seq } = await checkAuditLog(db);
  return problem === null ? null : { seq, problem };
}
