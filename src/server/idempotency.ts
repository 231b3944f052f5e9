// Idempotency-Key semantics for writes: the first request with a key runs; the same key with the same body
// answers the stored response; the same key with another body is refused (422); a request arriving while the
// first is still running is refused (409).
//
// Everything happens in the one transaction that does the work: a transaction-scoped advisory lock on the
// key marks it "in flight", and the stored response is written in the same commit as the work. A server
// killed mid-request therefore leaves neither the work nor a stale "in flight" mark behind: the retry after
// a restart simply runs. This holds with many API instances on one PostgreSQL.

import { createHash } from 'node:crypto';
import type { Db, Queryable } from './db/driver.js';
import { ProblemError } from './problem.js';

export interface StoredResponse {
  status: number;
  body: unknown;
}

export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method} ${path}\n${JSON.stringify(body ?? null)}`).digest('hex');
}

/** A signed 64-bit advisory-lock key for (owner, key), as a decimal string. */
function lockKey(owner: string, key: string): string {
  return createHash('sha256').update(`${owner}\n${key}`).digest().readBigInt64BE(0).toString();
}

export async function withIdempotency(
  db: Db,
  owner: string,
  key: string,
  hash: string,
  run: (tx: Queryable) => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean; json: string }> {
  return db.transaction(async (tx) => {
    const [{ locked }] = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1::bigint) AS locked', [
      lockKey(owner, key),
    ]);
    if (!locked) {
      throw new ProblemError(
        409,
        'idempotency-in-flight',
        `a request with Idempotency-Key ${key} is still being processed; retry later`,
        [{ field: 'Idempotency-Key', message: 'in flight' }],
        { 'Retry-After': '1' },
      );
    }
    const rows = await tx.query<{ request_hash: string; status: number | null; response: string | null }>(
      'SELECT request_hash, status, response FROM idempotency_keys WHERE token_name = $1 AND key = $2',
      [owner, key],
    );
    const stored = rows[0];
    if (stored) {
      if (stored.request_hash !== hash) {
        throw new ProblemError(422, 'idempotency-mismatch', `Idempotency-Key ${key} was used for a different request`, [
          { field: 'Idempotency-Key', message: 'reused with another body' },
        ]);
      }
      const json = stored.response ?? 'null';
      return { status: stored.status ?? 200, body: JSON.parse(json), json, replayed: true };
    }
    const response = await run(tx);
    const json = JSON.stringify(response.body);
    await tx.query(
      `INSERT INTO idempotency_keys (token_name, key, request_hash, state, started_at, status, response)
       VALUES ($1, $2, $3, 'done', now(), $4, $5)`,
      [owner, key, hash, response.status, json],
    );
    // `json` is the body as stored: a route may send it as is instead of serialising the body again
    return { ...response, json, replayed: false };
  });
}
