// Lock files that name their holder: the data dir (one process opens PGlite), the SLA sweep, a bulk journal.
// Of the two designs the project had, this keeps the sounder one: a lock is written whole under a name of
// our own and claimed with link(2) (which, like O_EXCL, fails when the name exists), so nobody ever judges a
// half-written lock; and it closes the gap both had when a lock goes stale (its pid dead): only the process
// that creates the stale lock's reap token (O_EXCL, a name made from the stale content) may remove it, so two
// processes that find one stale lock never both take over. A reaper killed mid-way leaves a token whose own
// pid is dead: that token is reaped the same way.
//
// A lock that names this very process is ours only if this process took it (and still holds it): else the
// pid was reused after a restart (pid 1 in a container), and the lock is stale. The process (own pid,
// liveness of others) comes in through LockHost so that tests can play any pid.

import { createHash } from 'node:crypto';
import { link, mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { kill, pid as ownPid } from 'node:process';
import { setTimeout as delay } from 'node:timers/promises';

/** What a lock file says: its holder, and what the holder published (e.g. the data dir's API URL). */
export interface LockInfo {
  pid: number;
  startedAt: string;
  note?: Record<string, string | null>;
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
  /** The stale lock that was removed to take this one, if any (pid 0: an unreadable file). */
  recovered: LockInfo | null;
  /** Publishes `note` in the lock (replaced whole, atomically), if the lock is still ours. */
  update(note: Record<string, string | null>): Promise<void>;
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

export interface AcquireOptions {
  host?: LockHost;
  now?(): Date;
  sleep?(ms: number): Promise<void>;
  /** Published in the lock from the start. */
  note?: Record<string, string | null>;
}

/** Locks this process holds, by absolute path: `pid startedAt` of each. */
const HELD = new Map<string, string>();
const identity = (info: LockInfo) => `${info.pid} ${info.startedAt}`;

/** A lock's text parsed, or null for a torn or foreign file. */
export function parseLock(text: string): LockInfo | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { pid, startedAt, ...rest } = parsed as Record<string, unknown>;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return null;
  const info: LockInfo = { pid, startedAt: typeof startedAt === 'string' ? startedAt : '?' };
  const note: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(rest)) if (typeof v === 'string' || v === null) note[k] = v;
  if (Object.keys(note).length > 0) info.note = note;
  return info;
}

const render = (info: LockInfo) => `${JSON.stringify({ pid: info.pid, startedAt: info.startedAt, ...info.note })}\n`;

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** What the lock at `path` says now: null when there is none (or it cannot be read as a lock). */
export async function readLock(path: string): Promise<LockInfo | null> {
  const text = await readText(path);
  return text === null ? null : parseLock(text);
}

/** The holder of the lock at `path` when it is a live process, else null. */
export async function liveHolder(path: string, host: LockHost = PROCESS_HOST): Promise<LockInfo | null> {
  const info = await readLock(path);
  return info && host.isAlive(info.pid) ? info : null;
}

const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'ENOSYS']);

/** Creates `path` holding `content`, whole; false when it exists. */
async function claim(path: string, pid: number, content: string): Promise<boolean> {
  const write = async (target: string) => {
    const handle = await open(target, 'wx', 0o600);
    try {
      await handle.writeFile(content);
    } finally {
      await handle.close();
    }
  };
  const scratch = `${path}.${pid}.new`;
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
    await write(path); // no hard links here: O_EXCL on the name itself
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

interface Ctx {
  host: LockHost;
  now(): Date;
  sleep(ms: number): Promise<void>;
}

/**
 * Removes `path` if it still holds `content` (a lock whose holder is dead), in such a way that exactly one
 * process does: the one that creates the reap token. Nobody else removes that content (its holder is dead,
 * other reapers wait), and nothing can be created at `path` while it exists, so the check and the removal
 * cannot be overtaken. The caller looks at the lock again afterwards, whoever removed it.
 */
async function reap(path: string, content: string, ctx: Ctx, depth: number): Promise<void> {
  const token = `${path}.reap-${createHash('sha256').update(content).digest('hex').slice(0, 16)}`;
  const mine = render({ pid: ctx.host.pid, startedAt: ctx.now().toISOString() });
  if (await claim(token, ctx.host.pid, mine)) {
    try {
      if ((await readText(path)) === content) await rm(path, { force: true });
    } finally {
      if ((await readText(token)) === mine) await rm(token, { force: true });
    }
    return;
  }
  const other = await readText(token);
  if (other === null) return; // its reaper has just finished
  const reaper = parseLock(other);
  if (reaper && (reaper.pid === ctx.host.pid || ctx.host.isAlive(reaper.pid))) {
    await ctx.sleep(10); // being reaped right now: look again in a moment
    return;
  }
  if (reaper === null) {
    // a reap token is written whole; an unreadable one is foreign: give it the writer's moment too
    await ctx.sleep(200);
    if ((await readText(token)) !== other) return;
  }
  if (depth < 4) await reap(token, other, ctx, depth + 1); // the reaper died mid-way: reap its token
}

/**
 * Takes the lock at `path` (creating its directory, mode 0700), recovering a stale one. Throws
 * LockHeldError when a live process holds it (also when that process is this one: one holder at a time).
 */
export async function acquireLock(path: string, options: AcquireOptions = {}): Promise<HeldLock> {
  const ctx: Ctx = {
    host: options.host ?? PROCESS_HOST,
    now: options.now ?? (() => new Date()),
    sleep: options.sleep ?? ((ms) => delay(ms)),
  };
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  let info: LockInfo = { pid: ctx.host.pid, startedAt: ctx.now().toISOString() };
  if (options.note) info.note = { ...options.note };
  let recovered: LockInfo | null = null;
  let last: LockInfo | null = null;

  for (let attempt = 0; attempt < 200; attempt += 1) {
    if (await claim(path, ctx.host.pid, render(info))) {
      HELD.set(resolve(path), identity(info));
      return held(path, info, recovered);
    }
    const text = await readText(path);
    if (text === null) continue; // released meanwhile: try again
    const found = parseLock(text);
    if (found === null) {
      // not written by a lock of ours (those appear whole): give whoever writes it a moment, then judge it
      await ctx.sleep(200);
      const again = await readText(path);
      if (again !== text) continue;
    } else {
      last = found;
      const ours = found.pid === ctx.host.pid && HELD.get(resolve(path)) === identity(found);
      const live = found.pid === ctx.host.pid ? ours : ctx.host.isAlive(found.pid);
      if (live) throw new LockHeldError(path, found);
    }
    await reap(path, text, ctx, 0);
    recovered = found ?? { pid: 0, startedAt: '?' };
  }
  throw new LockHeldError(path, last ?? { pid: 0, startedAt: '?' });

  function held(lockPath: string, mine: LockInfo, stale: LockInfo | null): HeldLock {
    let released = false;
    const stillOurs = async () => {
      const now = await readLock(lockPath);
      return now !== null && identity(now) === identity(mine);
    };
    return {
      path: lockPath,
      get info() {
        return info;
      },
      recovered: stale,
      async update(note) {
        if (released || !(await stillOurs())) return;
        info = { pid: mine.pid, startedAt: mine.startedAt, note: { ...note } };
        const tmp = `${lockPath}.${mine.pid}.upd`;
        await rm(tmp, { force: true });
        const handle = await open(tmp, 'wx', 0o600);
        try {
          await handle.writeFile(render(info));
        } finally {
          await handle.close();
        }
        await rename(tmp, lockPath); // whole, in one step: readers see the old lock or the new one
      },
      async release() {
        if (released) return;
        released = true;
        if (HELD.get(resolve(lockPath)) === identity(mine)) HELD.delete(resolve(lockPath));
        if (await stillOurs()) await rm(lockPath, { force: true });
      },
    };
  }
}
