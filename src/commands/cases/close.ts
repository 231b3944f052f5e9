// lapor cases close: close cases that have had a follow-up (→ Selesai, closed by an admin).

import type { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { t } from '../../io/i18n.js';
import { actionCommand, actRun, targetOptions, textParser, withNote, type ActionTargetOptions, type RawRunFlags } from '../../bulk/action.js';

export interface CloseOptions extends ActionTargetOptions {
  note?: string;
}

export function createCloseCommand(deps: Deps, runF: (opts: CloseOptions, deps: Deps) => Promise<void> = closeRun): Command {
  const { lang } = deps;
  return actionCommand('close', deps, [
    'lapor cases close LPR-2025-0000123 --note "Selesai ditindaklanjuti" --dry-run',
    'lapor cases close --where status=in_progress --where institution=badung --dry-run',
    'lapor cases close --where status=in_progress --where to=2024-06-30 --yes',
  ])
    .option('--note <text>', t(lang, 'bulk.flag.note'), textParser(lang))
    .action(async (ids: string[], raw: RawRunFlags & { note?: string }) => {
      await runF({ ...targetOptions(ids, raw, deps), note: raw.note }, deps);
    });
}

export async function closeRun(opts: CloseOptions, deps: Deps): Promise<void> {
  await actRun(opts, withNote({ action: 'close' }, opts.note), deps);
}
