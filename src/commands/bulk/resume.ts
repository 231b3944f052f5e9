// lapor bulk resume <journal>: continue a run that was interrupted (the CLI killed or stopped with Ctrl-C,
// the server killed, the network gone). Chunks whose items all have outcomes are done; every other chunk is
// sent again with the same body and the same Idempotency-Key, so a chunk the server had committed is
// answered from its idempotency store and one it had not is executed now.

import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { UsageError } from '../../io/errors.js';
import { t } from '../../io/i18n.js';
import { addRunOptions } from '../../bulk/action.js';
import { pendingChunks } from '../../bulk/engine.js';
import type { HeldLock } from '../../io/lock.js';
import { lockJournal, readJournal, reopenJournal } from '../../bulk/journal.js';
import { fmtCount } from '../../io/numbers.js';
import { finishRun, sendJournal, type SendOptions } from '../../bulk/run.js';
import { findJournal } from './status.js';

export interface ResumeOptions extends SendOptions {
  /** A journal path, or a run id (looked up in the state dir). */
  journal: string;
}

export function createResumeCommand(deps: Deps, runF: (opts: ResumeOptions, deps: Deps) => Promise<void> = resumeRun): Command {
  const { lang } = deps;
  const cmd = new Command('resume').description(t(lang, 'cmd.bulk.resume')).argument('<journal>', t(lang, 'bulk.arg.journal'));
  addRunOptions(cmd, lang, { confirm: false });
  return cmd
    .addHelpText(
      'after',
      examples(lang, [
        'lapor bulk resume ~/.local/state/lapor/journals/20240304T020000Z-3fa9c1.jsonl',
        'lapor bulk resume 20240304T020000Z-3fa9c1',
      ]),
    )
    .action(async (journal: string, raw: SendOptions) => {
      await runF({ journal, concurrency: raw.concurrency, retryTimeout: raw.retryTimeout, format: raw.format }, deps);
    });
}

export async function resumeRun(opts: ResumeOptions, deps: Deps): Promise<void> {
  const path = await findJournal(opts.journal, deps);
  // one writer per journal: read it only once no other process writes it
  const lock = await lockJournal(path);
  try {
    await resumeLocked(opts, path, lock, deps);
  } finally {
    await lock.release();
  }
}

async function resumeLocked(opts: ResumeOptions, path: string, lock: HeldLock, deps: Deps): Promise<void> {
  const read = await readJournal(path);
  const { header } = read;
  const api = await deps.api();
  const me = await api.whoami();
  // idempotency keys belong to the token that sent them: another token would run the chunks again
  if (me.name !== header.actor) {
    throw new UsageError((l) => t(l, 'bulk.resume.otherActor', { actor: header.actor, me: me.name }), {
      hint: (l) => t(l, 'bulk.resume.otherActorHint'),
    });
  }
  // (the embedded API listens on a new port each time: only a configured API is compared)
  const embedded = (await deps.connection()).source.startsWith('embedded');
  if (!embedded && api.baseUrl.replace(/\/+$/, '') !== header.apiBaseUrl.replace(/\/+$/, '')) {
    deps.io.err.write(`${t(deps.lang, 'bulk.resume.otherApi', { was: header.apiBaseUrl, now: api.baseUrl })}\n`);
  }
  const pending = pendingChunks(read);
  const left = pending.reduce((n, c) => n + c.end - c.start, 0);
  if (read.tornBytes > 0) deps.io.err.write(`${deps.io.errColor.dim(t(deps.lang, 'bulk.resume.torn', { bytes: read.tornBytes }))}\n`);
  if (pending.length === 0) {
    deps.io.err.write(`${t(deps.lang, 'bulk.resume.complete', { run: header.runId })}\n`);
    await finishRun(read, path, opts.format, deps);
    return;
  }
  deps.io.err.write(
    `${t(deps.lang, 'bulk.resume.starting', {
      run: header.runId,
      left: fmtCount(deps.lang, left),
      planned: fmtCount(deps.lang, header.items.length),
      chunks: fmtCount(deps.lang, pending.length),
    })}\n`,
  );
  const writer = await reopenJournal(path, read, lock);
  await sendJournal(api, read, writer, opts, deps);
}
