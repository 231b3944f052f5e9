// lapor cases duplicate: mark cases as duplicates of an original (→ Arsip, reason duplicate, linked both ways).
// The original must be open and not itself a duplicate (the refusal names its root); see domain/actions.ts.

import type { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { parseTrackingId } from '../../cmdutil/flags.js';
import { t } from '../../io/i18n.js';
import { actionCommand, actRun, targetOptions, textParser, withNote, type ActionTargetOptions, type RawRunFlags } from '../../bulk/action.js';

export interface DuplicateOptions extends ActionTargetOptions {
  /** The original's tracking ID. */
  of: string;
  note?: string;
}

export function createDuplicateCommand(deps: Deps, runF: (opts: DuplicateOptions, deps: Deps) => Promise<void> = duplicateRun): Command {
  const { lang } = deps;
  return actionCommand('duplicate', deps, [
    'lapor cases duplicate LPR-2025-0000124 --of LPR-2025-0000123 --dry-run',
    'lapor cases duplicate --where status=submitted --where q=antrean --of LPR-2025-0000123 --dry-run',
  ])
    .requiredOption('--of <trackingId>', t(lang, 'duplicates.flag.of'), parseTrackingId)
    .option('--note <text>', t(lang, 'bulk.flag.note'), textParser(lang))
    .action(async (ids: string[], raw: RawRunFlags & { of: string; note?: string }) => {
      await runF({ ...targetOptions(ids, raw, deps), of: raw.of, note: raw.note }, deps);
    });
}

export async function duplicateRun(opts: DuplicateOptions, deps: Deps): Promise<void> {
  await actRun(opts, withNote({ action: 'duplicate', originalId: opts.of }, opts.note), deps);
}
