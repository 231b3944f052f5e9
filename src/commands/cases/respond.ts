// lapor cases respond: post a follow-up (tindak lanjut); the first one moves a case to Sedang Diproses.

import type { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { t } from '../../io/i18n.js';
import { actionCommand, actRun, targetOptions, textParser, type ActionTargetOptions, type RawRunFlags } from '../../bulk/action.js';

export interface RespondOptions extends ActionTargetOptions {
  message: string;
}

export function createRespondCommand(deps: Deps, runF: (opts: RespondOptions, deps: Deps) => Promise<void> = respondRun): Command {
  const { lang } = deps;
  return actionCommand('respond', deps, [
    'lapor cases respond LPR-2025-0000123 --message "Tim sudah meninjau lokasi; perbaikan dijadwalkan pekan depan" --dry-run',
    'lapor cases respond --where status=disposed --where institution=badung.dinkes --message "Sedang kami tangani" --yes',
  ])
    .requiredOption('--message <text>', t(lang, 'bulk.flag.message'), textParser(lang))
    .action(async (ids: string[], raw: RawRunFlags & { message: string }) => {
      await runF({ ...targetOptions(ids, raw, deps), message: raw.message }, deps);
    });
}

export async function respondRun(opts: RespondOptions, deps: Deps): Promise<void> {
  await actRun(opts, { action: 'respond', message: opts.message }, deps);
}
