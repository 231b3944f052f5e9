// lapor cases resume: take postponed cases back to the verification queue (Tertunda → Belum Terverifikasi).

import type { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { t } from '../../io/i18n.js';
import { actionCommand, actRun, targetOptions, textParser, withNote, type ActionTargetOptions, type RawRunFlags } from '../../bulk/action.js';

export interface ResumeOptions extends ActionTargetOptions {
  note?: string;
}

export function createResumeCommand(deps: Deps, runF: (opts: ResumeOptions, deps: Deps) => Promise<void> = resumeRun): Command {
  const { lang } = deps;
  return actionCommand('resume', deps, [
    'lapor cases resume LPR-2025-0000123 --note "Pelapor sudah melengkapi lokasi" --dry-run',
    'lapor cases resume --where status=postponed --where category=kesehatan --yes',
  ])
    .option('--note <text>', t(lang, 'bulk.flag.note'), textParser(lang))
    .action(async (ids: string[], raw: RawRunFlags & { note?: string }) => {
      await runF({ ...targetOptions(ids, raw, deps), note: raw.note }, deps);
    });
}

export async function resumeRun(opts: ResumeOptions, deps: Deps): Promise<void> {
  await actRun(opts, withNote({ action: 'resume' }, opts.note), deps);
}
