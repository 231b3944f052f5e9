// lapor cases reopen: reopen completed (→ Sedang Diproses) or archived (→ Belum Terverifikasi) cases.

import type { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { t } from '../../io/i18n.js';
import { actionCommand, actRun, targetOptions, textParser, type ActionTargetOptions, type RawRunFlags } from '../../bulk/action.js';

export interface ReopenOptions extends ActionTargetOptions {
  note: string;
}

export function createReopenCommand(deps: Deps, runF: (opts: ReopenOptions, deps: Deps) => Promise<void> = reopenRun): Command {
  const { lang } = deps;
  return actionCommand('reopen', deps, [
    'lapor cases reopen LPR-2025-0000123 --note "Pelapor menyatakan belum selesai" --dry-run',
    'lapor cases reopen --where status=archived --where q=banjir --note "Salah arsip" --dry-run',
  ])
    .requiredOption('--note <text>', t(lang, 'bulk.flag.noteRequired'), textParser(lang))
    .action(async (ids: string[], raw: RawRunFlags & { note: string }) => {
      await runF({ ...targetOptions(ids, raw, deps), note: raw.note }, deps);
    });
}

export async function reopenRun(opts: ReopenOptions, deps: Deps): Promise<void> {
  await actRun(opts, { action: 'reopen', note: opts.note }, deps);
}
