// lapor cases return: an institution hands cases back as not its business ("bukan wewenang") → Belum
// Terverifikasi, with the reason as the note.

import type { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { t } from '../../io/i18n.js';
import { actionCommand, actRun, targetOptions, textParser, type ActionTargetOptions, type RawRunFlags } from '../../bulk/action.js';

export interface ReturnOptions extends ActionTargetOptions {
  note: string;
}

export function createReturnCommand(deps: Deps, runF: (opts: ReturnOptions, deps: Deps) => Promise<void> = returnRun): Command {
  const { lang } = deps;
  return actionCommand('return', deps, [
    'lapor cases return LPR-2025-0000123 --note "Bukan wewenang Dinkes: jalan kabupaten" --dry-run',
    'lapor cases return --where status=disposed --where institution=badung.dinkes --note "Salah disposisi" --yes',
  ])
    .requiredOption('--note <text>', t(lang, 'bulk.flag.noteRequired'), textParser(lang))
    .action(async (ids: string[], raw: RawRunFlags & { note: string }) => {
      await runF({ ...targetOptions(ids, raw, deps), note: raw.note }, deps);
    });
}

export async function returnRun(opts: ReturnOptions, deps: Deps): Promise<void> {
  await actRun(opts, { action: 'return', note: opts.note }, deps);
}
