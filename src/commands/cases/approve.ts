// lapor cases approve: an institution admin publishes liaisons' draft follow-ups (reviewed replies, #20): each
// becomes the case's follow-up, and the response clock stops now. A case with no draft is left as it is.

import type { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { t } from '../../io/i18n.js';
import { actionCommand, actRun, targetOptions, textParser, withNote, type ActionTargetOptions, type RawRunFlags } from '../../bulk/action.js';

export interface ApproveOptions extends ActionTargetOptions {
  note?: string;
}

export function createApproveCommand(deps: Deps, runF: (opts: ApproveOptions, deps: Deps) => Promise<void> = approveRun): Command {
  const { lang } = deps;
  return actionCommand('approve', deps, [
    'lapor cases drafts --institution badung',
    'lapor cases approve LPR-2025-0000123 --dry-run',
    'lapor cases approve --where draft=pending --where institution=badung.dinkes --yes',
  ])
    .option('--note <text>', t(lang, 'bulk.flag.note'), textParser(lang))
    .action(async (ids: string[], raw: RawRunFlags & { note?: string }) => {
      await runF({ ...targetOptions(ids, raw, deps), note: raw.note }, deps);
    });
}

export async function approveRun(opts: ApproveOptions, deps: Deps): Promise<void> {
  await actRun(opts, withNote({ action: 'approve' }, opts.note), deps);
}
