// The lock file that keeps two `lapor sla sweep` runs (cron every few minutes, or a person at a terminal)
// from overlapping on one machine. The file holds `{pid, startedAt}`. It is written whole under a name of
// our own (created with O_EXCL) and then claimed with link(2), which like O_EXCL fails when the lock name
// exists: only one run can claim it, and no run ever sees a half-written lock. (Where hard links are not
// supported, the lock is created with O_EXCL directly.)
//
// A lock whose pid is dead (a run that was killed) is stale: it is moved aside (rename) under a name of our
// own, checked and removed, then claimed again. Moving instead of deleting keeps two runs that find the same
// stale lock from deleting each other's fresh one: a run that moved a live lock puts it back and gives way.
// Only a third run claiming the empty name in the instant between the move and the put-back could still
// overlap; that costs nothing but time, as the server's sweep is itself safe to run concurrently.
//
// The process (own pid, liveness of another) comes in through LockHost, so tests can play any pid.

import { link, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { kill, pid as ownPid } from 'node:process';
import { dirname } from 'node:path';

export interface LockInfo {
  pid: number;
  startedAt: string;
}

export interface LockHost {
  /** This process's pid (written into the lock). */
  pid: number;
  /** Whether a process with this pid exists. */
  isAlive(pid: number): boolean;
}

/** The real process: signal 0 tells whether a pid exists (EPERM: it exists, owned by someone else). */
export const PROCESS_HOST: LockHost = {
  pid: ownPid,
  isAlive(pid: number): boolean {
    try {
      kill(pid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
};

export interface HeldLock {
  path: string;
  info: LockInfo;
  /** The stale lock that was removed to take this one, if any. */
  recovered: LockInfo | null;
  /** Removes the lock if it is still ours. Safe to call more than once. */
  release(): Promise<void>;
}

/** The lock is held by a live process. */
export class LockHeldError extends Error {
  override name = 'LockHeldError';
  constructor(
    readonly path: string,
    readonly holder: LockInfo,
  ) {
    super(`lock ${path} is held by pid ${holder.pid} since ${holder.startedAt}`);
  }
}

type ReadResult = { kind: 'missing' } | { kind: 'unreadable' } | { kind: 'lock'; info: LockInfo };

async function readLock(path: string): Promise<ReadResult> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw err;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && 'pid' in parsed && Number.isInteger(parsed.pid) && Number(parsed.pid) > 0) {
      const startedAt = 'startedAt' in parsed && typeof parsed.startedAt === 'string' ? parsed.startedAt : '?';
      return { kind: 'lock', info: { pid: Number(parsed.pid), startedAt } };
    }
  } catch {
    // a torn or foreign file: unreadable
  }
  return { kind: 'unreadable' };
}

const sameLock = (a: LockInfo, b: LockInfo) => a.pid === b.pid && a.startedAt === b.startedAt;

const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS']);

/** Creates the lock at `path` with `content`, whole; false when it exists. */
async function claim(path: string, scratch: string, content: string): Promise<boolean> {
  const write = async (target: string) => {
    const handle = await open(target, 'wx', 0o600);
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
  };
  await rm(scratch, { force: true });
  await write(scratch);
  try {
    await link(scratch, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code === 'EEXIST') return false;
    if (!NO_LINKS.has(code)) throw err;
  } finally {
    await rm(scratch, { force: true });
  }
  try {
    await write(path); // no hard links here: O_EXCL on the lock name itself
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

export interface AcquireOptions {
  host?: LockHost;
  now(): Date;
  sleep(ms: number): Promise<void>;
}

/**
 * Takes the lock at `path` (creating its directory, mode 0700), recovering a stale one. Throws
 * LockHeldError when a live process holds it (also when that process is this one: one sweep at a time).
 */
export async function acquireLock(path: string, options: AcquireOptions): Promise<HeldLock> {
  const host = options.host ?? PROCESS_HOST;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const info: LockInfo = { pid: host.pid, startedAt: options.now().toISOString() };
  let recovered: LockInfo | null = null;

  const content = `${JSON.stringify(info)}\n`;
  const release = async () => {
    const now = await readLock(path);
    if (now.kind === 'lock' && sameLock(now.info, info)) await rm(path, { force: true });
  };

  for (let attempt = 0; attempt < 5; attempt += 1) {
    if (await claim(path, `${path}.${host.pid}.new`, content)) {
      let released = false;
      return {
        path,
        info,
        recovered,
        async release() {
          if (released) return;
          released = true;
          await release();
        },
      };
    }

    let found = await readLock(path);
    if (found.kind === 'unreadable') {
      // not written by a run of ours (those appear whole): give whoever writes it a moment, then judge it
      await options.sleep(200);
      found = await readLock(path);
    }
    if (found.kind === 'missing') continue; // released meanwhile: try again
    if (found.kind === 'lock' && host.isAlive(found.info.pid)) throw new LockHeldError(path, found.info);

    // Stale: move it aside under a name of our own, check what we moved, then remove it.
    const aside = `${path}.stale.${host.pid}`;
    try {
      await rename(path, aside);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // another run recovered it first
      throw err;
    }
    const moved = await readLock(aside);
    if (moved.kind === 'lock' && host.isAlive(moved.info.pid) && !(found.kind === 'lock' && sameLock(moved.info, found.info))) {
      // Another run replaced the stale lock with its own in the meantime: put it back and give way.
      await link(aside, path).catch(() => {});
      await rm(aside, { force: true });
      throw new LockHeldError(path, moved.info);
    }
    await rm(aside, { force: true });
    recovered = found.kind === 'lock' ? found.info : { pid: 0, startedAt: '?' };
  }
  const last = await readLock(path);
  throw new LockHeldError(path, last.kind === 'lock' ? last.info : { pid: 0, startedAt: '?' });
}
