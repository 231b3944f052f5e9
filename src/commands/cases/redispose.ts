// lapor cases redispose: send disposed cases on to another institution (history kept; the response clock
// restarts there). `--to` as for dispose.

import type { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { t } from '../../io/i18n.js';
import { actionCommand, actRun, targetOptions, textParser, withNote, type ActionTargetOptions, type RawRunFlags } from '../../bulk/action.js';
import { loadReference } from '../../bulk/reference.js';
import { resolveInstitution } from '../../cmdutil/names.js';

export interface RedisposeOptions extends ActionTargetOptions {
  /** Institution code or name (cmdutil/names.ts). */
  to: string;
  note?: string;
}

export function createRedisposeCommand(deps: Deps, runF: (opts: RedisposeOptions, deps: Deps) => Promise<void> = redisposeRun): Command {
  const { lang } = deps;
  return actionCommand('redispose', deps, [
    'lapor cases redispose LPR-2025-0000123 --to denpasar.dpupr --note "Jalan kota, bukan kabupaten" --dry-run',
    'lapor cases redispose --where status=disposed --where institution=bali.dinkes --where category=kesehatan.bpjs --to "bpjs kesehatan denpasar" --dry-run',
  ])
    .requiredOption('--to <institution>', t(lang, 'bulk.flag.to'), textParser(lang))
    .option('--note <text>', t(lang, 'bulk.flag.note'), textParser(lang))
    .action(async (ids: string[], raw: RawRunFlags & { to: string; note?: string }) => {
      await runF({ ...targetOptions(ids, raw, deps), to: raw.to, note: raw.note }, deps);
    });
}

export async function redisposeRun(opts: RedisposeOptions, deps: Deps): Promise<void> {
  const ref = await loadReference(await deps.api());
  // by code or name, among active institutions; asked on a terminal when several fit (cmdutil/names.ts)
  const { entry } = await resolveInstitution(opts.to, ref.institutions, deps, { activeOnly: true });
  const institutionId = entry.id;
  await actRun(opts, withNote({ action: 'redispose', institutionId }, opts.note), deps, ref);
}
