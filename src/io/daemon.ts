// The embedded default's background server (the daemon): the first command on a data dir that no server
// answers starts `lapor daemon run` as a detached process, which takes the data dir's lock, opens PGlite once
// and serves the API on 127.0.0.1 until it has been idle for a while; later commands find it through the lock,
// as they find a `lapor serve`, and cost a Node start and an HTTP request instead of a database start.
//
// What keeps the lock's guarantees: the daemon holds the data dir's lock like any other opener (never two
// writers; a SIGKILLed daemon leaves a lock whose pid is dead, which the next command reaps and replaces).
// What keeps a command from racing the idle exit: every command using a daemon holds a lease (a file named by
// its pid in `daemon-clients/`) from before it reads the lock until it ends; the daemon leaves only when no
// request came for the idle time and no live lease exists, and it first takes its URL out of the lock, then
// looks at the leases again: a command that read the URL had written its lease before, so the daemon sees it
// and stays; a command that reads the lock after sees no URL and waits for the daemon to go, then starts one.

import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kill } from 'node:process';
import { BusyError, UsageError } from './errors.js';
import { t } from './i18n.js';
import { PROCESS_HOST, readLock, type LockHost, type LockInfo } from './lock.js';

/** How long a daemon waits without a request or a client before it exits, unless LAPOR_DAEMON_IDLE_SECONDS says. */
export const DEFAULT_IDLE_SECONDS = 600;

type Env = Readonly<Record<string, string | undefined>>;
const on = (value: string | undefined) => value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';

/**
 * Whether a command on the embedded default uses a background server: LAPOR_NO_DAEMON=1 turns it off,
 * LAPOR_DAEMON=1 turns it on (also under CI), and otherwise it is on except under CI (CI=true), where every
 * command opens and closes the database itself, as before.
 */
export function daemonWanted(env: Env): boolean {
  if (on(env.LAPOR_NO_DAEMON)) return false;
  if (on(env.LAPOR_DAEMON)) return true;
  return !on(env.CI);
}

/** LAPOR_DAEMON_IDLE_SECONDS (a whole number of seconds ≥ 1), else the default. */
export function idleSeconds(env: Env): number {
  const raw = env.LAPOR_DAEMON_IDLE_SECONDS;
  if (raw === undefined || raw.trim() === '') return DEFAULT_IDLE_SECONDS;
  const n = Number(raw);
  if (!/^\s*\d+\s*$/.test(raw) || !Number.isSafeInteger(n) || n < 1) {
    throw new UsageError((l) => t(l, 'daemon.error.idleSeconds', { value: JSON.stringify(raw) }));
  }
  return n;
}

/** What a daemon says in the data dir's lock (the lock note). */
export interface DaemonNote {
  mode: 'daemon';
  /** starting: opening the database; ready: serving at url; closing: leaving (no URL). */
  state: 'starting' | 'ready' | 'closing';
  url: string | null;
  version: string;
  idleSeconds: string;
  /** Why this daemon's start wrote the admin token file, or null. */
  adminToken: string | null;
}

export function daemonNote(note: Omit<DaemonNote, 'mode'>): Record<string, string | null> {
  return { mode: 'daemon', ...note };
}

/** The daemon a lock names, or null when its holder is something else (a `serve`, a command, a seed). */
export function daemonOf(holder: LockInfo | null): DaemonNote | null {
  const n = holder?.note;
  if (n?.mode !== 'daemon') return null;
  const state = n.state === 'ready' || n.state === 'closing' ? n.state : 'starting';
  return {
    mode: 'daemon',
    state,
    url: state === 'ready' ? (n.url ?? null) : null,
    version: n.version ?? '?',
    idleSeconds: n.idleSeconds ?? String(DEFAULT_IDLE_SECONDS),
    adminToken: n.adminToken ?? null,
  };
}

export function leaseDir(dataDir: string): string {
  return join(dataDir, 'daemon-clients');
}

/** Where a daemon writes what it says (its start, its errors, why it left). */
export function daemonLogPath(dataDir: string): string {
  return join(dataDir, 'daemon.log');
}

/** The lock held by the one command that starts a daemon, so that two commands at once start one. */
export function daemonStartLockPath(dataDir: string): string {
  return join(dataDir, 'daemon-start.lock');
}

/** Takes this process's lease on the data dir's daemon (see the header); the function gives it back. */
export async function takeLease(dataDir: string, pid: number = PROCESS_HOST.pid): Promise<() => Promise<void>> {
  const dir = leaseDir(dataDir);
  const file = join(dir, String(pid));
  try {
    await writeFile(file, '', { mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(file, '', { mode: 0o600 });
  }
  let given = false;
  return async () => {
    if (given) return;
    given = true;
    await rm(file, { force: true });
  };
}

/** How many live processes hold a lease; the leases of dead ones are removed. */
export async function liveLeases(dataDir: string, host: LockHost = PROCESS_HOST): Promise<number> {
  let names: string[];
  try {
    names = await readdir(leaseDir(dataDir));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw err;
  }
  let live = 0;
  for (const name of names) {
    const pid = Number(name);
    if (!Number.isSafeInteger(pid) || pid <= 0) continue;
    if (pid !== host.pid && host.isAlive(pid)) live += 1;
    else if (pid !== host.pid) await rm(join(leaseDir(dataDir), name), { force: true });
  }
  return live;
}

/** What a daemon's idle watch reads each round. */
export interface IdleWatch {
  idleMs: number;
  pollMs: number;
  now(): number;
  sleep(ms: number): Promise<void>;
  signal: AbortSignal;
  /** Requests begun so far, and those not finished. */
  activity(): { started: number; inFlight: number };
  leases(): Promise<number>;
  /** Whether the data dir's lock still names this daemon (a lock removed or replaced: leave at once). */
  stillHeld(): Promise<boolean>;
  /** Takes the URL out of the lock (state closing), and puts it back. */
  unpublish(): Promise<void>;
  republish(): Promise<void>;
}

/**
 * Serves until the daemon should leave: 'idle' (no request and no client for idleMs; the URL is already out of
 * the lock), 'stopped' (the signal: SIGTERM, `lapor daemon stop`), or 'lost' (the lock is not ours any more).
 */
export async function watchIdle(w: IdleWatch): Promise<'idle' | 'stopped' | 'lost'> {
  const aborted = new Promise<void>((resolve) => {
    if (w.signal.aborted) resolve();
    w.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  let seen = w.activity().started;
  let last = w.now();
  const busy = async () => {
    const a = w.activity();
    const moved = a.started !== seen;
    seen = a.started;
    return moved || a.inFlight > 0 || (await w.leases()) > 0;
  };
  while (!w.signal.aborted) {
    await Promise.race([w.sleep(w.pollMs), aborted]);
    if (w.signal.aborted) break;
    if (!(await w.stillHeld())) return 'lost';
    if (await busy()) last = w.now();
    if (w.now() - last < w.idleMs) continue;
    await w.unpublish();
    if (!(await busy())) return 'idle';
    await w.republish(); // a command came in between: it has the URL, so stay
    last = w.now();
  }
  return 'stopped';
}

export interface StopOptions {
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** How long to wait for the daemon to leave before giving up (exit 75). */
  waitMs: number;
  host?: LockHost;
  /** Asks the process to stop (SIGTERM by default). */
  terminate?(pid: number): void;
  /** Wait until the process has exited, not only until it released the lock. */
  exited?: boolean;
}

/**
 * Stops the daemon on the data dir (SIGTERM: it finishes the requests in flight, closes the database and
 * releases the lock) and waits until the lock no longer names it (`exited`: until the process is gone). Null
 * when no daemon holds the data dir.
 */
export async function stopDaemon(lockPath: string, o: StopOptions): Promise<LockInfo | null> {
  const host = o.host ?? PROCESS_HOST;
  const holder = await readLock(lockPath);
  if (holder === null || daemonOf(holder) === null || !host.isAlive(holder.pid)) return null;
  (o.terminate ?? ((pid) => kill(pid, 'SIGTERM')))(holder.pid);
  const deadline = o.now().getTime() + o.waitMs;
  for (;;) {
    const now = await readLock(lockPath);
    const same = now !== null && now.pid === holder.pid && now.startedAt === holder.startedAt;
    const alive = host.isAlive(holder.pid);
    if (!alive || (!same && !o.exited)) return holder;
    if (o.now().getTime() >= deadline) {
      throw new BusyError((l) => t(l, 'daemon.error.stopTimeout', { pid: String(holder.pid) }), {
        hint: (l) => t(l, 'daemon.hint.stopTimeout', { pid: String(holder.pid) }),
      });
    }
    await o.sleep(50);
  }
}
