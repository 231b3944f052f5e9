// lapor cases note: an internal note on cases (no status, institution or clock changes). Institutions a case
// is copied to (tembusan) may write one too: it is the one thing they may do besides reading.

import type { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { t } from '../../io/i18n.js';
import { actionCommand, actRun, targetOptions, textParser, type ActionTargetOptions, type RawRunFlags } from '../../bulk/action.js';

export interface NoteOptions extends ActionTargetOptions {
  note: string;
}

export function createNoteCommand(deps: Deps, runF: (opts: NoteOptions, deps: Deps) => Promise<void> = noteRun): Command {
  const { lang } = deps;
  return actionCommand('note', deps, [
    'lapor cases note LPR-2025-0000123 --note "Sudah dikonfirmasi ke puskesmas" --dry-run',
    'lapor cases note --where copiedTo=bali.inspektorat --note "Dipantau Inspektorat" --dry-run',
  ])
    .requiredOption('--note <text>', t(lang, 'duplicates.flag.noteText'), textParser(lang))
    .action(async (ids: string[], raw: RawRunFlags & { note: string }) => {
      await runF({ ...targetOptions(ids, raw, deps), note: raw.note }, deps);
    });
}

export async function noteRun(opts: NoteOptions, deps: Deps): Promise<void> {
  await actRun(opts, { action: 'note', note: opts.note }, deps);
}
