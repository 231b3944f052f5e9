// lapor cases copy: send copies (tembusan) of cases to other institutions, which may then read them and add
// notes, never act on them. `--to` takes codes or unambiguous fragments of names, as dispose does.

import type { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { t } from '../../io/i18n.js';
import { actionCommand, actRun, targetOptions, textParser, withNote, type ActionTargetOptions, type RawRunFlags } from '../../bulk/action.js';
import { loadReference } from '../../bulk/reference.js';
import { resolveInstitution } from '../../cmdutil/names.js';

export interface CopyOptions extends ActionTargetOptions {
  /** Institution codes or names (cmdutil/names.ts). */
  to: string[];
  note?: string;
}

export function createCopyCommand(deps: Deps, runF: (opts: CopyOptions, deps: Deps) => Promise<void> = copyRun): Command {
  const { lang } = deps;
  return actionCommand('copy', deps, [
    'lapor cases copy LPR-2025-0000123 --to bali.inspektorat --dry-run',
    'lapor cases copy --where status=disposed --where institution=badung.dinkes --to bali.inspektorat bali.dinkes --dry-run',
  ])
    .requiredOption('--to <institution...>', t(lang, 'duplicates.flag.to'))
    .option('--note <text>', t(lang, 'bulk.flag.note'), textParser(lang))
    .action(async (ids: string[], raw: RawRunFlags & { to: string[]; note?: string }) => {
      await runF({ ...targetOptions(ids, raw, deps), to: raw.to, note: raw.note }, deps);
    });
}

/** The codes of the named institutions, each once, in the order given. */
export async function resolveInstitutions(names: readonly string[], deps: Deps, activeOnly: boolean) {
  const ref = await loadReference(await deps.api());
  const ids: string[] = [];
  for (const name of names) {
    const { entry } = await resolveInstitution(name, ref.institutions, deps, { activeOnly });
    if (!ids.includes(entry.id)) ids.push(entry.id);
  }
  return { ref, ids };
}

export async function copyRun(opts: CopyOptions, deps: Deps): Promise<void> {
  const { ref, ids } = await resolveInstitutions(opts.to, deps, true);
  await actRun(opts, withNote({ action: 'copy', institutionIds: ids }, opts.note), deps, ref);
}
