// lapor cases send-back: an institution admin sends liaisons' draft follow-ups back with a note (reviewed
// replies, #20): the draft is dropped, nothing is published, the response clock keeps running.

import type { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { t } from '../../io/i18n.js';
import { actionCommand, actRun, targetOptions, textParser, type ActionTargetOptions, type RawRunFlags } from '../../bulk/action.js';

export interface SendBackOptions extends ActionTargetOptions {
  note: string;
}

export function createSendBackCommand(deps: Deps, runF: (opts: SendBackOptions, deps: Deps) => Promise<void> = sendBackRun): Command {
  const { lang } = deps;
  return actionCommand(
    'send_back',
    deps,
    [
      'lapor cases send-back LPR-2025-0000123 --note "Sebutkan jadwal perbaikan" --dry-run',
      'lapor cases send-back --where draft=pending --where institution=badung.dinkes --note "Mohon dilengkapi" --dry-run',
    ],
    'send-back',
  )
    .requiredOption('--note <text>', t(lang, 'bulk.flag.note'), textParser(lang))
    .action(async (ids: string[], raw: RawRunFlags & { note: string }) => {
      await runF({ ...targetOptions(ids, raw, deps), note: raw.note }, deps);
    });
}

export async function sendBackRun(opts: SendBackOptions, deps: Deps): Promise<void> {
  await actRun(opts, { action: 'send_back', note: opts.note }, deps);
}
