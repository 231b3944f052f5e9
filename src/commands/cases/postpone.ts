// lapor cases postpone: wait for information from the reporter (→ Tertunda); the note says what is asked.

import type { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { t } from '../../io/i18n.js';
import { actionCommand, actRun, targetOptions, textParser, type ActionTargetOptions, type RawRunFlags } from '../../bulk/action.js';

export interface PostponeOptions extends ActionTargetOptions {
  note: string;
}

export function createPostponeCommand(deps: Deps, runF: (opts: PostponeOptions, deps: Deps) => Promise<void> = postponeRun): Command {
  const { lang } = deps;
  return actionCommand('postpone', deps, [
    'lapor cases postpone LPR-2025-0000123 --note "Mohon lengkapi lokasi kejadian" --dry-run',
    'lapor cases postpone --where status=submitted --where q=lampiran --note "Mohon kirim foto" --dry-run',
  ])
    .requiredOption('--note <text>', t(lang, 'bulk.flag.noteRequired'), textParser(lang))
    .action(async (ids: string[], raw: RawRunFlags & { note: string }) => {
      await runF({ ...targetOptions(ids, raw, deps), note: raw.note }, deps);
    });
}

export async function postponeRun(opts: PostponeOptions, deps: Deps): Promise<void> {
  await actRun(opts, { action: 'postpone', note: opts.note }, deps);
}
