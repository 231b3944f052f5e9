import { join } from 'node:path';
import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { ConflictError } from '../../api/errors.js';
import { BusyError, CliError, PartialFailureError } from '../../io/errors.js';
import { createRenderContext, printRows, selectColumns } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { problemText } from '../../io/problems.js';
import { addOutputOptions, parsePositiveInt, type OutputOptions } from '../../cmdutil/flags.js';
import { acquireLock, LockHeldError, PROCESS_HOST, type HeldLock, type LockHost } from './lock.js';
import { SWEEP_COLUMNS } from './render.js';

export interface SweepOptions extends OutputOptions {
  dryRun: boolean;
  limit?: number;
}

/**
 * The lock file that keeps sweeps on this machine from overlapping without asking the API. The lock that
 * counts is the server's (a PostgreSQL advisory lock, held across every API instance and cron host): a
 * sweep started while another runs anywhere answers `sweep-running`, shown as busy (exit 75).
 */
export function sweepLockPath(deps: Pick<Deps, 'paths'>): string {
  return join(deps.paths.stateDir, 'sla-sweep.lock');
}

export function createSweepCommand(deps: Deps, runF: (opts: SweepOptions, deps: Deps) => Promise<void> = sweepRun): Command {
  const { lang } = deps;
  const cmd = new Command('sweep')
    .description(t(lang, 'cmd.sla.sweep'))
    .option('--dry-run', t(lang, 'sla.flag.dryRun'), false)
    .option('--limit <n>', t(lang, 'sla.flag.limit'), parsePositiveInt(1_000_000, lang));
  addOutputOptions(cmd, lang)
    .addHelpText(
      'after',
      examples(lang, [
        'lapor sla sweep --dry-run',
        'lapor sla sweep --format json',
        'lapor sla sweep --format csv >> sla-sweep.csv',
      ]),
    )
    .action(async (opts: SweepOptions) => {
      selectColumns(SWEEP_COLUMNS, opts.fields); // bad --fields: before the lock and any request
      await runF(opts, deps);
    });
  return cmd;
}

/**
 * One sweep: take the lock (not for a dry run, which changes nothing), ask the API to sweep, print the
 * summary on stderr and the closed cases on stdout, release the lock whatever happened. Never prompts.
 */
export async function sweepRun(opts: SweepOptions, deps: Deps, host: LockHost = PROCESS_HOST): Promise<void> {
  const { io, lang } = deps;
  const columns = selectColumns(SWEEP_COLUMNS, opts.fields);
  const ctx = createRenderContext(io, lang, deps.now());
  let lock: HeldLock | null = null;
  if (!opts.dryRun) {
    try {
      lock = await acquireLock(sweepLockPath(deps), { host, now: () => deps.now(), sleep: (ms) => deps.sleep(ms) });
    } catch (err) {
      if (!(err instanceof LockHeldError)) throw err;
      const params = { pid: String(err.holder.pid), since: err.holder.startedAt, path: err.path };
      throw new BusyError((l) => t(l, 'sla.lock.busy', params), { hint: (l) => t(l, 'sla.lock.busyHint', params) });
    }
    if (lock.recovered) {
      const { pid, startedAt } = lock.recovered;
      io.err.write(`${t(lang, 'sla.lock.recovered', { pid: String(pid), since: startedAt, path: lock.path })}\n`);
    }
  }
  try {
    const api = await deps.api();
    const res = await api.slaSweep({ dryRun: opts.dryRun, limit: opts.limit }).catch((err: unknown) => {
      if (err instanceof ConflictError && err.problem === 'sweep-running') {
        throw new BusyError((l) => problemText(l, err), { hint: (l) => t(l, 'sla.sweep.runningHint') });
      }
      throw err;
    });
    const counts = {
      examined: String(res.examined),
      closed: String(res.closed.length),
      skipped: String(res.skipped),
      failed: String(res.failed.length),
    };
    io.err.write(`${t(lang, res.dryRun ? 'sla.sweep.summaryDryRun' : 'sla.sweep.summary', counts)}\n`);
    if (res.limitReached) io.err.write(`${t(lang, 'sla.sweep.limitReached')}\n`);
    if (res.breaches > 0 || res.escalated.length > 0) {
      io.err.write(`${t(lang, 'sla.sweep.breaches', { breaches: String(res.breaches), escalated: String(res.escalated.length) })}\n`);
    }
    printRows(io, opts.format, res.closed, columns, ctx);
    if (res.failed.length > 0) {
      for (const f of res.failed) {
        // worded by its status from the client's catalogue (the server's English detail stays in --format json)
        const detail = problemText(lang, { status: f.status, problem: null, reason: null, params: {} });
        io.err.write(`${t(lang, 'sla.sweep.failedItem', { trackingId: f.trackingId, detail })}\n`);
      }
      const hint = (l: typeof lang) => t(l, 'sla.sweep.retryHint');
      if (res.closed.length === 0) throw new CliError((l) => t(l, 'sla.sweep.allFailed', { failed: counts.failed }), { hint });
      throw new PartialFailureError(
        (l) => t(l, 'sla.sweep.partial', { failed: counts.failed, closed: counts.closed }),
        { failed: res.failed.length, succeeded: res.closed.length },
        { hint },
      );
    }
  } finally {
    await lock?.release();
  }
}
