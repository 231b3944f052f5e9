// The background server's protocol (src/io/daemon.ts) and the data dir's lock around it (src/io/dataDir.ts),
// with a played clock and played processes: when it is on, its leases, when it leaves (and when it must not),
// how it is stopped, and that openers that need the data dir stop it while commands share it.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { daemonNote, daemonOf, daemonWanted, idleSeconds, liveLeases, stopDaemon, takeLease, watchIdle, type IdleWatch } from '../../src/io/daemon.js';
import { dataDirLockPath, holdDataDir, lockDataDir } from '../../src/io/dataDir.js';
import { BusyError, UsageError } from '../../src/io/errors.js';
import type { LockHost } from '../../src/io/lock.js';

const dir = () => mkdtempSync(join(tmpdir(), 'lapor-daemon-unit-'));
const host = (pid: number, alive: Set<number>): LockHost => ({ pid, isAlive: (p) => p === pid || alive.has(p) });
const NOW = new Date('2026-12-08T01:00:00Z');

function writeDaemonLock(dataDir: string, pid: number, state: 'starting' | 'ready' | 'closing'): void {
  mkdirSync(dataDir, { recursive: true });
  const note = daemonNote({ state, url: state === 'ready' ? 'http://127.0.0.1:4321' : null, version: '1.0.0', idleSeconds: '600', adminToken: null });
  writeFileSync(dataDirLockPath(dataDir), JSON.stringify({ pid, startedAt: '2026-12-08T00:00:00Z', ...note }));
}

describe('when the background server is used', () => {
  it('is on by default, off under CI, LAPOR_DAEMON=1 turns it on and LAPOR_NO_DAEMON=1 off above all', () => {
    expect(daemonWanted({})).toBe(true);
    expect(daemonWanted({ CI: 'true' })).toBe(false);
    expect(daemonWanted({ CI: '1' })).toBe(false);
    expect(daemonWanted({ CI: 'false' })).toBe(true);
    expect(daemonWanted({ CI: 'true', LAPOR_DAEMON: '1' })).toBe(true);
    expect(daemonWanted({ LAPOR_NO_DAEMON: '1' })).toBe(false);
    expect(daemonWanted({ LAPOR_NO_DAEMON: '0' })).toBe(true);
    expect(daemonWanted({ LAPOR_NO_DAEMON: '1', LAPOR_DAEMON: '1' })).toBe(false);
  });

  it('leaves after LAPOR_DAEMON_IDLE_SECONDS (600 by default); another value is a usage error', () => {
    expect(idleSeconds({})).toBe(600);
    expect(idleSeconds({ LAPOR_DAEMON_IDLE_SECONDS: '30' })).toBe(30);
    for (const bad of ['0', '-5', '1.5', 'ten', '1e3']) expect(() => idleSeconds({ LAPOR_DAEMON_IDLE_SECONDS: bad }), bad).toThrow(UsageError);
  });

  it('is known by its lock note: a URL only when ready', () => {
    const info = (state: string, url: string | null) => ({ pid: 5, startedAt: 'x', note: { mode: 'daemon', state, url } });
    expect(daemonOf(info('ready', 'http://h:1'))).toMatchObject({ state: 'ready', url: 'http://h:1' });
    expect(daemonOf(info('closing', 'http://h:1'))).toMatchObject({ state: 'closing', url: null });
    expect(daemonOf({ pid: 5, startedAt: 'x', note: { mode: 'serve', url: 'http://h:1' } })).toBeNull();
    expect(daemonOf(null)).toBeNull();
  });
});

describe('leases', () => {
  it('counts the live holders and removes the leases of dead ones', async () => {
    const d = dir();
    try {
      const give = await takeLease(d, 101);
      await takeLease(d, 102);
      expect(await liveLeases(d, host(1, new Set([101])))).toBe(1);
      expect(readdirSync(join(d, 'daemon-clients'))).toEqual(['101']); // 102 is dead: its lease went
      await give();
      await give();
      expect(await liveLeases(d, host(1, new Set([101])))).toBe(0);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

/** A watch over a played clock: `script` runs before each round, at the round's time. */
function played(script: (t: number, w: State) => void, idleMs = 1000): { watch: IdleWatch; state: State; log: string[] } {
  const state: State = { t: 0, started: 0, inFlight: 0, leases: 0, held: true };
  const log: string[] = [];
  const controller = new AbortController();
  state.stop = () => controller.abort();
  const watch: IdleWatch = {
    idleMs,
    pollMs: 100,
    now: () => state.t,
    sleep: async (ms) => {
      state.t += ms;
      script(state.t, state);
    },
    signal: controller.signal,
    activity: () => ({ started: state.started, inFlight: state.inFlight }),
    leases: async () => state.leases,
    stillHeld: async () => state.held,
    unpublish: async () => {
      log.push(`unpublish ${state.t}`);
      state.onUnpublish?.(state);
    },
    republish: async () => void log.push(`republish ${state.t}`),
  };
  return { watch, state, log };
}

interface State {
  t: number;
  started: number;
  inFlight: number;
  leases: number;
  held: boolean;
  stop?: () => void;
  onUnpublish?: (s: State) => void;
}

describe('the idle watch', () => {
  it('leaves once nothing happened for the idle time, its URL taken out first', async () => {
    const { watch, state, log } = played(() => {});
    expect(await watchIdle(watch)).toBe('idle');
    expect(state.t).toBe(1000);
    expect(log).toEqual(['unpublish 1000']);
  });

  it('counts from the last request, a request in flight or a live lease', async () => {
    const { watch, state } = played((t, s) => {
      if (t === 500) s.started += 1; // a request
      if (t === 1200) s.inFlight = 1; // a long one (an export), until 3000
      if (t === 3000) s.inFlight = 0;
      if (t === 3500) s.leases = 1; // a command between its requests (a prompt), until 5000
      if (t === 5000) s.leases = 0;
    });
    expect(await watchIdle(watch)).toBe('idle');
    expect(state.t).toBe(5900); // last seen busy at 4900
  });

  it('stays for a command that read the URL just before it was taken out (its lease is there)', async () => {
    const { watch, state, log } = played((t, s) => {
      if (t === 1500) s.leases = 0; // the command ends
    });
    state.onUnpublish = (s) => {
      if (s.t === 1000) s.leases = 1; // the command wrote its lease, then read the lock: it has the URL
    };
    expect(await watchIdle(watch)).toBe('idle');
    expect(log).toEqual(['unpublish 1000', 'republish 1000', 'unpublish 2400']);
  });

  it('leaves at once when the lock is not its own any more, and on a stop', async () => {
    const lost = played((t, s) => {
      if (t === 300) s.held = false;
    });
    expect(await watchIdle(lost.watch)).toBe('lost');
    const stop = played((t, s) => {
      if (t === 200) s.stop?.();
    });
    expect(await watchIdle(stop.watch)).toBe('stopped');
    expect(stop.log).toEqual([]);
  });
});

describe('stopping the background server', () => {
  it('signals the daemon the lock names and waits until the lock is gone; a `serve` is left alone', async () => {
    const d = dir();
    try {
      writeDaemonLock(d, 4242, 'ready');
      const signalled: number[] = [];
      const terminate = (pid: number) => {
        signalled.push(pid);
        rmSync(dataDirLockPath(d)); // what the daemon does when it has closed
      };
      const opts = { now: () => NOW, sleep: async () => {}, waitMs: 1000, host: host(1, new Set([4242])), terminate };
      expect(await stopDaemon(dataDirLockPath(d), opts)).toMatchObject({ pid: 4242 });
      expect(signalled).toEqual([4242]);
      expect(await stopDaemon(dataDirLockPath(d), opts)).toBeNull();
      writeFileSync(dataDirLockPath(d), JSON.stringify({ pid: 4242, startedAt: 'x', mode: 'serve', url: 'http://127.0.0.1:1' }));
      expect(await stopDaemon(dataDirLockPath(d), opts)).toBeNull();
      expect(signalled).toEqual([4242]);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });

  it('gives up with exit 75 when the daemon does not leave', async () => {
    const d = dir();
    try {
      writeDaemonLock(d, 4242, 'ready');
      let t = NOW.getTime();
      const opts = { now: () => new Date(t), sleep: async (ms: number) => void (t += ms), waitMs: 1000, host: host(1, new Set([4242])), terminate: () => {} };
      await expect(stopDaemon(dataDirLockPath(d), opts)).rejects.toBeInstanceOf(BusyError);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});

describe('the data dir lock and the background server', () => {
  it('is used by commands when ready, stopped by openers that need the dir, and a starting daemon never replaces one', async () => {
    const d = dir();
    try {
      const alive = new Set([4242]);
      const h = host(1, alive);
      writeDaemonLock(d, 4242, 'ready');
      const shared = await holdDataDir(d, { now: () => NOW, sleep: async () => {}, host: h });
      expect(shared).toMatchObject({ kind: 'shared', url: 'http://127.0.0.1:4321' });

      // another daemon starting: busy (exit 75), the running one untouched
      const terminated: number[] = [];
      const terminate = (pid: number) => {
        terminated.push(pid);
        alive.delete(pid);
      };
      await expect(lockDataDir(d, { now: () => NOW, sleep: async () => {}, host: h, replaceDaemon: false, terminate })).rejects.toBeInstanceOf(BusyError);
      expect(terminated).toEqual([]);

      // `serve`, `seed`, `demo`: the daemon is stopped, its (now stale) lock replaced
      const held = await lockDataDir(d, { now: () => NOW, sleep: async () => {}, host: h, terminate });
      expect(terminated).toEqual([4242]);
      expect(held.lock.info.pid).toBe(1);
      expect(held.lock.recovered).toMatchObject({ pid: 4242 });
      await held.release();
      expect(existsSync(dataDirLockPath(d))).toBe(false);
    } finally {
      rmSync(d, { recursive: true, force: true });
    }
  });
});
