// One database interface with two drivers behind it: embedded PGlite (a file-backed data dir) and
// PostgreSQL through `pg`. The differences are normalised here: int8 and numeric come back as numbers,
// dates as their 'YYYY-MM-DD' text (never a Date: pg makes local-midnight Dates, PGlite UTC ones, and either
// is a day off somewhere), timestamps as Date, and transactions have one shape.

export type Row = Record<string, unknown>;

/**
 * COPY input: CSV records as text or UTF-8 bytes, each item one or more whole records, each ending in a
 * newline; or, with `binary`, buffers of whole binary tuples (binaryCopy.ts; the driver adds header and trailer).
 */
export type CopyRecords = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

export interface CopyOptions {
  /** the records are binary tuples */
  binary?: boolean;
}

export interface Queryable {
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** A transaction: its queries, and COPY … FROM inside it (into a TEMP table of the transaction, say). */
export interface Tx extends Queryable {
  /** As Db.copyFrom, on the transaction's connection; streamed, so the records are never all in memory. */
  copyFrom(table: string, columns: readonly string[], records: CopyRecords, options?: CopyOptions): Promise<number>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /**
   * COPY `table (columns)` FROM CSV records (no header; quoted fields may hold newlines). Returns the number
   * of rows copied.
   * `trusted`: the rows are known to be consistent (the seed generator), so PostgreSQL may skip trigger-based
   * checks (foreign keys) for this COPY when the role is allowed to (superuser); otherwise nothing changes.
   */
  copyFrom(table: string, columns: readonly string[], records: CopyRecords, options?: { trusted?: boolean }): Promise<number>;
  /**
   * PostgreSQL only (PGlite's COPY TO writes a whole blob): runs `COPY (…) TO STDOUT …` and yields its output
   * as it arrives, read only as fast as the consumer pulls. Stopping early drops the connection instead of
   * returning it to the pool.
   */
  copyTo?(sql: string): AsyncIterable<Buffer>;
  /**
   * Takes the session-scoped advisory lock `key` without waiting, on a connection kept for the holder until
   * `release` (ADVISORY_LOCKS names the keys). Null when another session holds it. The lock dies with its
   * connection: an API instance killed while holding it leaves nothing behind (the server ends the backend
   * when the socket closes).
   */
  trySessionLock(key: number): Promise<SessionLock | null>;
  close(): Promise<void>;
}

export interface SessionLock {
  release(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://… for PostgreSQL; otherwise a PGlite data dir (or 'memory://' for tests). */
  databaseUrl?: string;
  dataDir?: string;
}

export async function openDb(options: OpenOptions): Promise<Db> {
  if (options.databaseUrl && /^postgres(ql)?:\/\//.test(options.databaseUrl)) {
    const { openPostgres } = await import('./postgres.js');
    return openPostgres(options.databaseUrl);
  }
  const { openPglite } = await import('./pglite.js');
  return openPglite(options.dataDir ?? 'memory://');
}
