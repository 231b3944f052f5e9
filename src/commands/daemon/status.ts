// lapor daemon status: whether the embedded default's background server runs on the data dir, and where.
// Reads the data dir's lock only: no request is made and nothing is started.

import { Command, Option } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { daemonOf } from '../../io/daemon.js';
import { dataDirLockPath } from '../../io/dataDir.js';
import { createRenderContext, renderJsonValue, renderRecord, type Column } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { liveHolder } from '../../io/lock.js';

export interface DaemonStatusOptions {
  format: 'table' | 'json';
}

/** What `daemon status` shows; the fields are null when no background server runs. */
export interface DaemonStatus {
  running: boolean;
  pid: number | null;
  url: string | null;
  startedAt: string | null;
  idleSeconds: number | null;
  dataDir: string;
}

const COLUMNS: Column<DaemonStatus>[] = [
  {
    key: 'running',
    header: (l) => t(l, 'daemon.column.running'),
    value: (r) => r.running,
    display: (r, ctx) => t(ctx.lang, r.running ? 'daemon.yes' : 'daemon.no'),
  },
  { key: 'pid', header: (l) => t(l, 'daemon.column.pid'), value: (r) => r.pid },
  { key: 'url', header: (l) => t(l, 'daemon.column.url'), value: (r) => r.url },
  { key: 'startedAt', header: (l) => t(l, 'daemon.column.startedAt'), value: (r) => r.startedAt },
  { key: 'idleSeconds', header: (l) => t(l, 'daemon.column.idleSeconds'), value: (r) => r.idleSeconds },
  { key: 'dataDir', header: (l) => t(l, 'daemon.column.dataDir'), value: (r) => r.dataDir },
];

export function createDaemonStatusCommand(deps: Deps, runF: (opts: DaemonStatusOptions, deps: Deps) => Promise<void> = daemonStatusRun): Command {
  const { lang } = deps;
  return new Command('status')
    .description(t(lang, 'cmd.daemon.status'))
    .addOption(new Option('--format <format>', t(lang, 'daemon.flag.format')).choices(['table', 'json']).default('table'))
    .addHelpText('after', examples(lang, ['lapor daemon status', 'lapor daemon status --format json']))
    .action(async (opts: DaemonStatusOptions) => runF(opts, deps));
}

export async function daemonStatusRun(opts: DaemonStatusOptions, deps: Deps): Promise<void> {
  const dataDir = deps.paths.dataDir;
  const holder = await liveHolder(dataDirLockPath(dataDir));
  const daemon = daemonOf(holder);
  const row: DaemonStatus =
    holder !== null && daemon !== null
      ? { running: true, pid: holder.pid, url: daemon.url, startedAt: holder.startedAt, idleSeconds: Number(daemon.idleSeconds), dataDir }
      : { running: false, pid: null, url: null, startedAt: null, idleSeconds: null, dataDir };
  if (holder !== null && daemon === null) deps.io.err.write(`${t(deps.lang, 'daemon.heldByOther', { dir: dataDir, pid: String(holder.pid) })}\n`);
  const ctx = createRenderContext(deps.io, deps.lang, deps.now());
  deps.io.out.write(opts.format === 'json' ? renderJsonValue(row) : renderRecord(row, COLUMNS, ctx));
}
