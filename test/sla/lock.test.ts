// The sweep's lock file (src/commands/sla/lock.ts) with played pids: taken with O_EXCL, refused while its
// holder lives, recovered when the holder is dead or the file is torn, never released from under another run.

import { mkdtempSync, readFileSync, statSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock, LockHeldError, PROCESS_HOST, type LockHost } from '../../src/commands/sla/lock.js';

const NOW = new Date('2026-11-23T02:00:00.000Z');

/** A host playing `pid`, for which the pids in `alive` (and its own) are running processes. */
function host(pid: number, alive: number[] = []): LockHost {
  const live = new Set([pid, ...alive]);
  return { pid, isAlive: (p) => live.has(p) };
}

function lockFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'lapor-sla-lock-')), 'state', 'lapor', 'sla-sweep.lock');
}

const options = (h: LockHost) => ({ host: h, now: () => NOW, sleep: async () => {} });
const read = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

describe('sweep lock', () => {
  it('is a new file (mode 0600, its directory created) holding pid and start time; release removes it', async () => {
    const path = lockFile();
    const lock = await acquireLock(path, options(host(4242)));
    expect(lock.recovered).toBeNull();
    expect(read(path)).toEqual({ pid: 4242, startedAt: NOW.toISOString() });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    await lock.release();
    expect(existsSync(path)).toBe(false);
    await lock.release(); // twice is harmless
  });

  it('refuses while a live process holds it, and leaves the lock alone', async () => {
    const path = lockFile();
    const first = await acquireLock(path, options(host(100)));
    const err = await acquireLock(path, options(host(200, [100]))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LockHeldError);
    expect((err as LockHeldError).holder).toEqual({ pid: 100, startedAt: NOW.toISOString() });
    expect(read(path)).toEqual({ pid: 100, startedAt: NOW.toISOString() });
    // the same process does not take it twice either
    await expect(acquireLock(path, options(host(100)))).rejects.toBeInstanceOf(LockHeldError);
    await first.release();
    const second = await acquireLock(path, options(host(200)));
    expect(read(path)).toMatchObject({ pid: 200 });
    await second.release();
  });

  it('recovers a stale lock (its pid is dead) and names it', async () => {
    const path = lockFile();
    await acquireLock(path, options(host(300))); // "killed": never released
    const lock = await acquireLock(path, options(host(301)));
    expect(lock.recovered).toEqual({ pid: 300, startedAt: NOW.toISOString() });
    expect(read(path)).toEqual({ pid: 301, startedAt: NOW.toISOString() });
    await lock.release();
    expect(readdirSync(join(path, '..'))).toEqual([]); // nothing left aside
  });

  it('recovers a torn lock after giving its writer a moment', async () => {
    const path = lockFile();
    await acquireLock(path, options(host(1))).then((l) => l.release()); // creates the directory
    writeFileSync(path, '{"pid":');
    let slept = 0;
    const lock = await acquireLock(path, { host: host(302), now: () => NOW, sleep: async (ms) => void (slept += ms) });
    expect(slept).toBeGreaterThan(0);
    expect(lock.recovered).toEqual({ pid: 0, startedAt: '?' });
    expect(read(path)).toMatchObject({ pid: 302 });
  });

  it('does not release a lock that is no longer its own', async () => {
    const path = lockFile();
    const lock = await acquireLock(path, options(host(400)));
    writeFileSync(path, JSON.stringify({ pid: 401, startedAt: NOW.toISOString() }));
    await lock.release();
    expect(read(path)).toEqual({ pid: 401, startedAt: NOW.toISOString() });
  });

  it('lets exactly one of many runs take it at once, and one of two that find the same stale lock', async () => {
    const contest = async (pids: number[], stale: boolean) => {
      const path = lockFile();
      if (stale) await acquireLock(path, options(host(999)));
      const outcomes = await Promise.allSettled(pids.map((pid) => acquireLock(path, options(host(pid, pids)))));
      const won = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
      expect(won, `stale=${stale}`).toHaveLength(1);
      for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toBeInstanceOf(LockHeldError);
      expect(read(path)).toEqual(won[0].info);
      expect(readdirSync(join(path, '..'))).toEqual(['sla-sweep.lock']); // no scratch or aside files left
    };
    for (let round = 0; round < 25; round += 1) {
      await contest([501, 502, 503, 504, 505, 506], false);
      // two cron runs after a killed one (more than two at once may overlap: see lock.ts)
      await contest([601, 602], true);
    }
  });

  it('knows live and dead processes of the real system', () => {
    expect(PROCESS_HOST.isAlive(PROCESS_HOST.pid)).toBe(true);
    expect(PROCESS_HOST.isAlive(1)).toBe(true); // init: alive, even when signalling it is not permitted
    expect(PROCESS_HOST.isAlive(2 ** 31 - 2)).toBe(false);
  });
});
