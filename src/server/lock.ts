// PGlite is single-process: one lock file in the data dir names the process that has it open and the
// port its API listens on. Other processes use that API, or wait for the lock, never open the dir twice.

import { open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface LockInfo {
  pid: number;
  /** The API the holder serves on this data dir, once it listens. */
  url: string | null;
  /** `serve`: a long-running server others may use; `embedded`: one CLI command's own server. */
  mode: 'serve' | 'embedded' | null;
  startedAt: string;
}

export function lockPath(dataDir: string): string {
  return join(dataDir, 'lapor.lock');
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function readLock(dataDir: string): Promise<LockInfo | null> {
  try {
    const info = JSON.parse(await readFile(lockPath(dataDir), 'utf8')) as LockInfo;
    return typeof info.pid === 'number' ? info : null;
  } catch {
    return null;
  }
}

/** Takes the lock, or returns the live holder. A lock left by a dead process is removed and retaken. */
export async function tryLock(dataDir: string): Promise<{ ok: true } | { ok: false; holder: LockInfo | null }> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(lockPath(dataDir), 'wx', 0o600);
      await handle.writeFile(JSON.stringify({ pid: process.pid, url: null, mode: null, startedAt: new Date().toISOString() }));
      await handle.close();
      return { ok: true };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = await readLock(dataDir);
      if (holder && processAlive(holder.pid) && holder.pid !== process.pid) return { ok: false, holder };
      if (!holder) {
        // a lock being written right now, or a torn one: give its writer a moment before judging it
        await new Promise((r) => setTimeout(r, 200));
        const again = await readLock(dataDir);
        if (again && processAlive(again.pid)) return { ok: false, holder: again };
      }
      await rm(lockPath(dataDir), { force: true });
    }
  }
  return { ok: false, holder: await readLock(dataDir) };
}

export async function publishUrl(dataDir: string, url: string, mode: 'serve' | 'embedded'): Promise<void> {
  const info: LockInfo = { pid: process.pid, url, mode, startedAt: new Date().toISOString() };
  const tmp = `${lockPath(dataDir)}.${process.pid}`;
  await writeFile(tmp, JSON.stringify(info), { mode: 0o600 });
  await rename(tmp, lockPath(dataDir));
}

export async function releaseLock(dataDir: string): Promise<void> {
  const holder = await readLock(dataDir);
  if (holder?.pid === process.pid) await rm(lockPath(dataDir), { force: true });
}
