// lapor daemon stop: stops the embedded default's background server on the data dir (it finishes the
// requests in flight, closes the database and releases the lock) and waits until it has. Nothing to stop is
// no failure; a `lapor serve` is never stopped here.

import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { stopDaemon } from '../../io/daemon.js';
import { dataDirLockPath } from '../../io/dataDir.js';
import { t } from '../../io/i18n.js';

export type DaemonStopOptions = Record<string, never>;

/** How long the background server is given to finish its requests and leave. */
const STOP_WAIT_MS = 30_000;

export function createDaemonStopCommand(deps: Deps, runF: (opts: DaemonStopOptions, deps: Deps) => Promise<void> = daemonStopRun): Command {
  const { lang } = deps;
  return new Command('stop')
    .description(t(lang, 'cmd.daemon.stop'))
    .addHelpText('after', examples(lang, ['lapor daemon stop']))
    .action(async () => runF({}, deps));
}

export async function daemonStopRun(_opts: DaemonStopOptions, deps: Deps): Promise<void> {
  const dir = deps.paths.dataDir;
  const stopped = await stopDaemon(dataDirLockPath(dir), { now: deps.now, sleep: deps.sleep, waitMs: STOP_WAIT_MS, exited: true });
  deps.io.err.write(`${stopped ? t(deps.lang, 'daemon.stopped', { dir, pid: String(stopped.pid) }) : t(deps.lang, 'daemon.notRunning', { dir })}\n`);
}
