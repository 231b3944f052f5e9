// Idempotency-Key semantics for writes: the first request with a key runs; the same key with the same body
// answers the stored response; the same key with another body is refused (422); a request arriving while the
// first is still running is refused (409). The stored response is written in the same transaction as the
// work, so a crash leaves either both or neither. A key whose first run died (in flight for longer than
// the lease) may be taken over; the per-item versions make a second execution harmless anyway.

import { createHash } from 'node:crypto';
import type { Db, Queryable } from './db/driver.js';
import { ProblemError } from './problem.js';

const LEASE_SECONDS = 60;

export interface StoredResponse {
  status: number;
  body: unknown;
}

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest('hex');
}

export async function withIdempotency(
  db: Db,
  owner: string,
  key: string,
  hash: string,
  run: (tx: Queryable) => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  const claimed = await db.query(
    `INSERT INTO idempotency_keys (token_name, key, request_hash, state, started_at)
     VALUES ($1, $2, $3, 'in_flight', now()) ON CONFLICT DO NOTHING RETURNING key`,
    [owner, key, hash],
  );
  if (claimed.length === 0) {
    const rows = await db.query<{ request_hash: string; state: string; status: number | null; response: string | null }>(
      'SELECT request_hash, state, status, response FROM idempotency_keys WHERE token_name = $1 AND key = $2',
      [owner, key],
    );
    const row = rows[0];
    if (!row) return withIdempotency(db, owner, key, hash, run); // released meanwhile: claim again
    if (row.request_hash !== hash) {
      throw new ProblemError(422, 'idempotency-mismatch', `Idempotency-Key ${key} was used for a different request`, [
        { field: 'Idempotency-Key', message: 'reused with another body' },
      ]);
    }
    if (row.state === 'done') {
      return { status: row.status ?? 200, body: JSON.parse(row.response ?? 'null'), replayed: true };
    }
    const taken = await db.query(
      `UPDATE idempotency_keys SET started_at = now()
       WHERE token_name = $1 AND key = $2 AND state = 'in_flight'
         AND started_at < now() - make_interval(secs => $3) RETURNING key`,
      [owner, key, LEASE_SECONDS],
    );
    if (taken.length === 0) {
      throw new ProblemError(
        409,
        'idempotency-in-flight',
        `a request with Idempotency-Key ${key} is still being processed; retry later`,
        [{ field: 'Idempotency-Key', message: 'a request with this key is in flight' }],
        { 'Retry-After': '1' },
      );
    }
  }
  try {
    const result = await db.transaction(async (tx) => {
      const response = await run(tx);
      await tx.query(
        `UPDATE idempotency_keys SET state = 'done', status = $3, response = $4 WHERE token_name = $1 AND key = $2`,
        [owner, key, response.status, JSON.stringify(response.body)],
      );
      return response;
    });
    return { ...result, replayed: false };
  } catch (err) {
    await db.query(`DELETE FROM idempotency_keys WHERE token_name = $1 AND key = $2 AND state = 'in_flight'`, [owner, key]);
    throw err;
  }
}
