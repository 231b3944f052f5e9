// lapor daemon run (hidden): the embedded default's background server, as the first command on a data dir
// starts it (cli/daemon.ts): takes the data dir's lock, opens the database, serves the API on 127.0.0.1 and
// leaves when idle, when stopped (SIGTERM) or when the lock is no longer its own (io/daemon.ts). What it
// says goes to its stderr, which the starting command points at the data dir's daemon.log.

import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { parsePositiveInt } from '../../cmdutil/flags.js';
import { daemonNote, DEFAULT_IDLE_SECONDS, liveLeases, watchIdle } from '../../io/daemon.js';
import { adminTokenPath, dataDirLockPath, lockDataDir } from '../../io/dataDir.js';
import { t } from '../../io/i18n.js';
import { readLock } from '../../io/lock.js';

export interface DaemonRunOptions {
  dataDir: string;
  idleSeconds: number;
}

export function createDaemonRunCommand(deps: Deps, runF: (opts: DaemonRunOptions, deps: Deps) => Promise<void> = daemonRun): Command {
  const { lang } = deps;
  return new Command('run')
    .description(t(lang, 'cmd.daemon.run'))
    .option('--data-dir <dir>', t(lang, 'daemon.flag.dataDir'))
    .option('--idle-seconds <n>', t(lang, 'daemon.flag.idleSeconds'), parsePositiveInt(365 * 86_400, lang), DEFAULT_IDLE_SECONDS)
    .action(async (raw: { dataDir?: string; idleSeconds: number }) => runF({ dataDir: raw.dataDir ?? deps.paths.dataDir, idleSeconds: raw.idleSeconds }, deps));
}

export async function daemonRun(opts: DaemonRunOptions, deps: Deps): Promise<void> {
  const { startServer } = await import('../../server/seam.js');
  const { dataDir } = opts;
  const lockPath = dataDirLockPath(dataDir);
  const base = { version: deps.version, idleSeconds: String(opts.idleSeconds) };
  const log = (line: string) => deps.io.err.write(`${deps.now().toISOString()} ${line}\n`);
  // another daemon, a `serve` or a command holding the dir: exit 75 at once (the starting command looks again)
  const held = await lockDataDir(dataDir, {
    now: deps.now,
    sleep: deps.sleep,
    replaceDaemon: false,
    note: daemonNote({ ...base, state: 'starting', url: null, adminToken: null }),
  });
  try {
    if (deps.signal.aborted) return;
    const server = await startServer({
      version: deps.version,
      dataDir,
      adminTokenFile: adminTokenPath(dataDir),
      logError: (requestId, error) => log(`500 ${requestId}: ${(error as Error)?.stack ?? String(error)}`),
    });
    let why: string;
    try {
      const ready = daemonNote({ ...base, state: 'ready', url: server.url, adminToken: server.adminToken });
      const closing = daemonNote({ ...base, state: 'closing', url: null, adminToken: server.adminToken });
      if (!deps.signal.aborted) await held.lock.update(ready); // stopped while starting: no command gets the URL
      log(t(deps.lang, 'daemon.log.listening', { url: server.url, dir: dataDir }));
      const idleMs = opts.idleSeconds * 1000;
      why = await watchIdle({
        idleMs,
        pollMs: Math.max(50, Math.min(1000, Math.floor(idleMs / 4))),
        now: () => deps.now().getTime(),
        sleep: deps.sleep,
        signal: deps.signal,
        activity: server.activity,
        leases: () => liveLeases(dataDir),
        stillHeld: async () => {
          const now = await readLock(lockPath);
          return now !== null && now.pid === held.lock.info.pid && now.startedAt === held.lock.info.startedAt;
        },
        unpublish: () => held.lock.update(closing),
        republish: () => held.lock.update(ready),
      });
      if (why === 'stopped') await held.lock.update(closing); // no command takes the URL while it closes
    } finally {
      await server.close(); // finishes the requests in flight, then closes the database
    }
    log(t(deps.lang, 'daemon.log.leaving', { why }));
  } finally {
    await held.release();
  }
}
