// The lock file that keeps two `lapor sla sweep` runs (cron every few minutes, or a person at a terminal)
// from overlapping on one machine: the project's one lock-file design (src/io/lock.ts).

export { acquireLock, LockHeldError, PROCESS_HOST, type AcquireOptions, type HeldLock, type LockHost, type LockInfo } from '../../io/lock.js';
