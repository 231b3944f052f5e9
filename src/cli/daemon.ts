// The client side of the embedded default's background server (io/daemon.ts has the protocol): find the
// daemon the data dir's lock names, or start one (`lapor daemon run`, detached, its output in daemon.log) and
// wait until it says where it listens. Loaded by a command's connection; it loads nothing of the server.

import type { ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dataDirBusy, dataDirLockPath } from '../io/dataDir.js';
import { daemonLogPath, daemonOf, daemonStartLockPath, stopDaemon, takeLease, type DaemonNote } from '../io/daemon.js';
import { CliError } from '../io/errors.js';
import { t, type Lang } from '../io/i18n.js';
import { acquireLock, LockHeldError, PROCESS_HOST, readLock, type HeldLock, type LockInfo } from '../io/lock.js';

export interface DaemonClientOptions {
  dataDir: string;
  version: string;
  lang: Lang;
  /** The environment the daemon is started with. */
  env: Readonly<Record<string, string | undefined>>;
  idleSeconds: number;
  notice(line: string): void;
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** How long to wait for another process's hold on the data dir (not a daemon's) before giving up (exit 75). */
  lockWaitMs: number;
}

export interface DaemonFound {
  url: string;
  holder: LockInfo;
  /** The daemon this command started (its note, with why it wrote the admin token), or null. */
  started: DaemonNote | null;
  /** Gives back this command's lease (see io/daemon.ts). */
  release(): Promise<void>;
}

/** How long a daemon may take to open its database and listen (a first start migrates and loads reference data). */
const START_MS = 180_000;
const POLL_MS = 15;
/** Daemons one command starts at most (one, and once more when it raced another's idle exit or crash). */
const MAX_STARTS = 3;

/** The background server on the data dir: a running one (or a `lapor serve`), else one started now. */
export async function useDaemon(o: DaemonClientOptions): Promise<DaemonFound> {
  // the lease comes first: a daemon that looks at the leases after this command read its URL sees it
  const release = await takeLease(o.dataDir);
  try {
    const found = await findOrStart(o);
    return { ...found, release };
  } catch (err) {
    await release();
    throw err;
  }
}

interface Child {
  process: ChildProcess;
  exit: { code: number | null; signal: NodeJS.Signals | null } | null;
}

async function findOrStart(o: DaemonClientOptions): Promise<Omit<DaemonFound, 'release'>> {
  const lockPath = dataDirLockPath(o.dataDir);
  const waitDeadline = o.now().getTime() + o.lockWaitMs;
  let startDeadline = o.now().getTime() + START_MS;
  let child: Child | null = null;
  let starts = 0;
  let startLock: HeldLock | null = null;
  let noticed = false;
  let replacedOld = false;
  try {
    for (;;) {
      const holder = await readLock(lockPath);
      const live = holder !== null && PROCESS_HOST.isAlive(holder.pid) ? holder : null;
      const daemon = daemonOf(live);
      if (live !== null) {
        if (daemon !== null && daemon.url !== null && daemon.version !== o.version && !replacedOld) {
          // a daemon of another version of lapor (an upgrade since it started): replace it
          replacedOld = true;
          await stopDaemon(lockPath, { now: o.now, sleep: o.sleep, waitMs: START_MS });
          continue;
        }
        const url = daemon !== null ? daemon.url : live.note?.mode === 'serve' ? (live.note.url ?? null) : null;
        if (url !== null) return { url, holder: live, started: daemon !== null && child?.process.pid === live.pid ? daemon : null };
        if (daemon !== null) {
          // starting (or leaving): wait for its URL, or for it to go
          if (o.now().getTime() >= startDeadline) {
            const params = { pid: String(live.pid), dir: o.dataDir, seconds: String(START_MS / 1000) };
            throw new CliError((l) => t(l, 'daemon.error.startTimeout', params), { hint: (l) => t(l, 'daemon.hint.startFailed', { log: daemonLogPath(o.dataDir) }) });
          }
        } else {
          // another command's own server, a seed, a demo: wait for it as before, then start a daemon
          if (o.now().getTime() >= waitDeadline) throw dataDirBusy(o.dataDir, live);
          if (!noticed) o.notice(t(o.lang, 'notice.waitingForLock', { dir: o.dataDir, pid: String(live.pid) }));
          noticed = true;
        }
        failedStart(o, child);
        await o.sleep(POLL_MS);
        continue;
      }
      // nobody holds the data dir
      if (child !== null && child.exit === null) {
        await o.sleep(POLL_MS); // ours has not taken the lock yet
        continue;
      }
      failedStart(o, child);
      if (startLock === null) {
        try {
          startLock = await acquireLock(daemonStartLockPath(o.dataDir), { now: o.now, sleep: o.sleep });
        } catch (err) {
          if (!(err instanceof LockHeldError)) throw err;
          await o.sleep(POLL_MS); // another command is starting one: its URL will appear in the lock
        }
        continue; // look at the data dir's lock again, now that no other command starts a daemon
      }
      if (starts >= MAX_STARTS) failedStart(o, child, true);
      starts += 1;
      child = spawnDaemon(o);
      startDeadline = o.now().getTime() + START_MS;
    }
  } finally {
    await startLock?.release();
  }
}

/** Throws when the daemon this command started has ended with an error (or, `always`, when it ended at all). */
function failedStart(o: DaemonClientOptions, child: Child | null, always = false): void {
  if (child === null || child.exit === null) return;
  const { code, signal } = child.exit;
  // 0: it left (idle, or it found another daemon); 75: another process took the data dir first
  if (!always && (code === 0 || code === 75)) return;
  const log = daemonLogPath(o.dataDir);
  let reason = '';
  try {
    reason = readFileSync(log, 'utf8').trim().split('\n').slice(-3).join(' | ');
  } catch {
    // no log: the reason is the exit code
  }
  const params = { dir: o.dataDir, code: signal ?? String(code), reason: reason || '-' };
  throw new CliError((l) => t(l, 'daemon.error.startFailed', params), { hint: (l) => t(l, 'daemon.hint.startFailed', { log }) });
}

/** `lapor daemon run` over the data dir, detached from this command (own session, output in daemon.log). */
function spawnDaemon(o: DaemonClientOptions): Child {
  // child_process is loaded here, when a daemon starts (once per idle period), not with every command
  const { spawn } = process.getBuiltinModule('node:child_process') as typeof import('node:child_process');
  const bin = fileURLToPath(new URL('../../bin/lapor.js', import.meta.url));
  const log = openSync(daemonLogPath(o.dataDir), 'w', 0o600);
  let started: ChildProcess;
  try {
    started = spawn(process.execPath, [bin, 'daemon', 'run', '--data-dir', o.dataDir, '--idle-seconds', String(o.idleSeconds)], {
      cwd: o.dataDir,
      detached: true,
      stdio: ['ignore', log, log],
      env: { ...o.env, LAPOR_NO_DAEMON: '1' },
    });
  } finally {
    closeSync(log);
  }
  const child: Child = { process: started, exit: null };
  started.once('exit', (code, signal) => (child.exit = { code, signal }));
  started.once('error', () => (child.exit ??= { code: 1, signal: null }));
  started.unref();
  return child;
}
