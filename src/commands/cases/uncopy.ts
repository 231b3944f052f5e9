// lapor cases uncopy: take copies (tembusan) of cases away from institutions.

import type { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { t } from '../../io/i18n.js';
import { actionCommand, actRun, targetOptions, textParser, withNote, type ActionTargetOptions, type RawRunFlags } from '../../bulk/action.js';
import { resolveInstitutions } from './copy.js';

export interface UncopyOptions extends ActionTargetOptions {
  from: string[];
  note?: string;
}

export function createUncopyCommand(deps: Deps, runF: (opts: UncopyOptions, deps: Deps) => Promise<void> = uncopyRun): Command {
  const { lang } = deps;
  return actionCommand('uncopy', deps, [
    'lapor cases uncopy LPR-2025-0000123 --from bali.inspektorat --dry-run',
    'lapor cases uncopy --where copiedTo=bali.inspektorat --from bali.inspektorat --dry-run',
  ])
    .requiredOption('--from <institution...>', t(lang, 'duplicates.flag.from'))
    .option('--note <text>', t(lang, 'bulk.flag.note'), textParser(lang))
    .action(async (ids: string[], raw: RawRunFlags & { from: string[]; note?: string }) => {
      await runF({ ...targetOptions(ids, raw, deps), from: raw.from, note: raw.note }, deps);
    });
}

export async function uncopyRun(opts: UncopyOptions, deps: Deps): Promise<void> {
  const { ref, ids } = await resolveInstitutions(opts.from, deps, false);
  await actRun(opts, withNote({ action: 'uncopy', institutionIds: ids }, opts.note), deps, ref);
}
