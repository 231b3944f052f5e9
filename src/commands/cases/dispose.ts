// lapor cases dispose: verify cases and send them to an institution (→ Terdisposisi). `--to` takes the
// institution's code or an unambiguous fragment of its name; an ambiguous one lists the candidates.

import type { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { t } from '../../io/i18n.js';
import { actionCommand, actRun, targetOptions, textParser, withNote, type ActionTargetOptions, type RawRunFlags } from '../../bulk/action.js';
import { loadReference } from '../../bulk/reference.js';
import { resolveInstitution } from '../../cmdutil/names.js';

export interface DisposeOptions extends ActionTargetOptions {
  /** Institution code or name (cmdutil/names.ts). */
  to: string;
  note?: string;
}

export function createDisposeCommand(deps: Deps, runF: (opts: DisposeOptions, deps: Deps) => Promise<void> = disposeRun): Command {
  const { lang } = deps;
  return actionCommand('dispose', deps, [
    'lapor cases dispose LPR-2025-0000123 --to badung.dinkes --dry-run',
    'lapor cases dispose LPR-2025-0000123 LPR-2025-0000124 --to "kesehatan kabupaten badung" --dry-run',
    'lapor cases dispose --where status=submitted --where category=kesehatan.bpjs --to bpjs-kesehatan.kc-denpasar --dry-run',
  ])
    .requiredOption('--to <institution>', t(lang, 'bulk.flag.to'), textParser(lang))
    .option('--note <text>', t(lang, 'bulk.flag.note'), textParser(lang))
    .action(async (ids: string[], raw: RawRunFlags & { to: string; note?: string }) => {
      await runF({ ...targetOptions(ids, raw, deps), to: raw.to, note: raw.note }, deps);
    });
}

export async function disposeRun(opts: DisposeOptions, deps: Deps): Promise<void> {
  const ref = await loadReference(await deps.api());
  // by code or name, among active institutions; asked on a terminal when several fit (cmdutil/names.ts)
  const { entry } = await resolveInstitution(opts.to, ref.institutions, deps, { activeOnly: true });
  const institutionId = entry.id;
  await actRun(opts, withNote({ action: 'dispose', institutionId }, opts.note), deps, ref);
}
