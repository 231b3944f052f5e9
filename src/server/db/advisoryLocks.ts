// The PostgreSQL advisory locks the server takes (PGlite has them too), each a transaction-scoped
// pg_advisory_xact_lock on one number, except the SLA sweep's, which is session-scoped (Db.trySessionLock). Every number is named here, once, so that two uses never share one
// by accident (the case import and the statistics refresh once did). Idempotency keys lock numbers hashed
// from (token, key) over the whole bigint range (idempotency.ts): a clash with these is 1 in 2^61.

export const ADVISORY_LOCKS = {
  /** Applying migrations: concurrent starts wait for the first. */
  migrate: 7263521,
  /** Refreshing the statistics rollups: one refresher at a time. */
  statsRefresh: 7263522,
  /** A case import: its existence checks and its inserts stay consistent (on any API instance). */
  caseImport: 7263523,
  /** The first start's admin token: one instance mints it, the others see it. */
  adminToken: 7263524,
  /** Creating a year's tracking-ID sequence (two-key form: this number and the year). */
  trackingIdSequence: 7263525,
  /**
   * An auto-close sweep, on any API instance: a second one answers 409 sweep-running at once. Session-scoped
   * (pg_try_advisory_lock on a connection held for the sweep) because a sweep is many transactions, one a
   * chunk, and the lock must span them all; it dies with the connection if the instance dies.
   */
  slaSweep: 7263526,
} as const;
