// The embedded data dir: PGlite is single-process, so one lock file in it (src/io/lock.ts) names the process
// that has the database open and, once it listens, its API and whether it is a shared `lapor serve`. Every
// opener goes through holdDataDir: the CLI's embedded mode (which may use a running `serve`, or wait for the
// lock), `lapor serve`, `lapor seed`, `lapor demo` and the background server (io/daemon.ts), which the
// others stop rather than wait for: it only keeps the database open for the next command. Here, not in
// server/: taking the lock is the client's IO (the server is handed a data dir it may open), and cli and
// commands may both import io.

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { BusyError } from './errors.js';
import { t, type Lang } from './i18n.js';
import { acquireLock, LockHeldError, type HeldLock, type LockHost, type LockInfo } from './lock.js';
import { daemonOf, stopDaemon } from './daemon.js';

export function dataDirLockPath(dataDir: string): string {
  return join(dataDir, 'lapor.lock');
}

/** Where the first start writes the admin token (mode 0600). */
export function adminTokenPath(dataDir: string): string {
  return join(dataDir, 'admin-token');
}

/** The notice of a start that wrote the admin token file: a first start, or why the file was replaced. */
export function adminTokenNotice(lang: Lang, why: 'first' | 'missing' | 'damaged' | 'stale', file: string): string {
  return why === 'first' ? t(lang, 'notice.adminTokenWritten', { file }) : t(lang, `notice.adminToken.${why}`, { file });
}

/** `serve`: a long-running server others may use; `embedded`: one CLI command's own server. (The background
 * server publishes a note of its own, mode `daemon`: io/daemon.ts.) */
export type DataDirMode = 'serve' | 'embedded';

export interface HeldDataDir {
  kind: 'held';
  lock: HeldLock;
  /** Says in the lock where this process's API listens (others use a `serve`'s). */
  publish(url: string, mode: DataDirMode): Promise<void>;
  release(): Promise<void>;
}

export type DataDirHold = HeldDataDir | { kind: 'shared'; url: string; holder: LockInfo };

export interface LockDataDirOptions {
  host?: LockHost;
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** How long to wait for another holder before giving up (exit 75); 0 (the default): do not wait. */
  waitMs?: number;
  /** Called once, when the wait starts. */
  onWait?(holder: LockInfo): void;
  /** Published in the lock from the start. */
  note?: Record<string, string | null>;
  /**
   * A background server holding the dir is stopped and the lock then taken (the default: it only keeps the
   * database open for the next command); false: it is a holder like any other (a starting daemon's own take).
   */
  replaceDaemon?: boolean;
  /** Asks a background server to stop (SIGTERM by default). */
  terminate?(pid: number): void;
}

/** How long a background server is given to finish its requests and leave when the dir is wanted. */
const DAEMON_STOP_MS = 30_000;

/** The busy error (exit 75) for a data dir held by `holder`. */
export function dataDirBusy(dataDir: string, holder: LockInfo): BusyError {
  return new BusyError((l) => t(l, 'error.busyDataDir', { dir: dataDir, pid: String(holder.pid) }), {
    hint: (l) => t(l, 'hint.busyDataDir'),
  });
}

/** Creates the data dir (0700) and takes its lock (waiting up to waitMs), or throws dataDirBusy (exit 75). */
export async function lockDataDir(dataDir: string, o: LockDataDirOptions): Promise<HeldDataDir> {
  return (await take(dataDir, o, false)) as HeldDataDir;
}

/** As lockDataDir, but a `lapor serve` or a ready background server holding the dir is used instead of waited for. */
export async function holdDataDir(dataDir: string, o: LockDataDirOptions): Promise<DataDirHold> {
  return take(dataDir, o, true);
}

async function take(dataDir: string, o: LockDataDirOptions, share: boolean): Promise<DataDirHold> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  let deadline = o.now().getTime() + (o.waitMs ?? 0);
  let waited = false;
  for (;;) {
    let lock: HeldLock;
    try {
      lock = await acquireLock(dataDirLockPath(dataDir), { host: o.host, now: o.now, sleep: o.sleep, note: o.note });
    } catch (err) {
      if (!(err instanceof LockHeldError)) throw err;
      const holder = err.holder;
      const daemon = daemonOf(holder);
      const url = daemon ? daemon.url : holder.note?.url;
      if (share && url && (holder.note?.mode === 'serve' || daemon !== null)) return { kind: 'shared', url, holder };
      if (daemon !== null && !share && o.replaceDaemon !== false) {
        // the background server only keeps the database open for the next command: it leaves for this one
        await stopDaemon(dataDirLockPath(dataDir), { now: o.now, sleep: o.sleep, waitMs: DAEMON_STOP_MS, host: o.host, terminate: o.terminate });
        deadline = Math.max(deadline, o.now().getTime() + DAEMON_STOP_MS);
        continue;
      }
      if (o.now().getTime() >= deadline) throw dataDirBusy(dataDir, holder);
      if (!waited) {
        o.onWait?.(holder);
        waited = true;
      }
      await o.sleep(100);
      continue;
    }
    return {
      kind: 'held',
      lock,
      publish: (url, mode) => lock.update({ url, mode }),
      release: () => lock.release(),
    };
  }
}
