// lapor cases return-draft: an institution admin sends liaisons' draft follow-ups back with a note (reviewed
// replies, #20): the draft is dropped, nothing is published, the response clock keeps running.

import type { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { t } from '../../io/i18n.js';
import { actionCommand, actRun, targetOptions, textParser, type ActionTargetOptions, type RawRunFlags } from '../../bulk/action.js';

export interface ReturnDraftOptions extends ActionTargetOptions {
  note: string;
}

export function createReturnDraftCommand(deps: Deps, runF: (opts: ReturnDraftOptions, deps: Deps) => Promise<void> = returnDraftRun): Command {
  const { lang } = deps;
  return actionCommand(
    'return_draft',
    deps,
    [
      'lapor cases return-draft LPR-2025-0000123 --note "Sebutkan jadwal perbaikan" --dry-run',
      'lapor cases return-draft --where draft=pending --where institution=badung.dinkes --note "Mohon dilengkapi" --dry-run',
    ],
    'return-draft',
  )
    .requiredOption('--note <text>', t(lang, 'bulk.flag.note'), textParser(lang))
    .action(async (ids: string[], raw: RawRunFlags & { note: string }) => {
      await runF({ ...targetOptions(ids, raw, deps), note: raw.note }, deps);
    });
}

export async function returnDraftRun(opts: ReturnDraftOptions, deps: Deps): Promise<void> {
  await actRun(opts, { action: 'return_draft', note: opts.note }, deps);
}
