// lapor cases archive: archive cases that are not actionable, with a reason code (→ Arsip).

import { Option, type Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { ARCHIVE_REASONS, type ArchiveReason } from '../../domain/types.js';
import { t } from '../../io/i18n.js';
import { actionCommand, actRun, targetOptions, textParser, withNote, type ActionTargetOptions, type RawRunFlags } from '../../bulk/action.js';

export interface ArchiveOptions extends ActionTargetOptions {
  reason: ArchiveReason;
  note?: string;
}

export function createArchiveCommand(deps: Deps, runF: (opts: ArchiveOptions, deps: Deps) => Promise<void> = archiveRun): Command {
  const { lang } = deps;
  return actionCommand('archive', deps, [
    'lapor cases archive LPR-2025-0000123 --reason duplicate --note "Sama dengan LPR-2025-0000120" --dry-run',
    'lapor cases archive --where status=postponed --where to=2024-01-31 --reason no_reporter_response --yes',
  ])
    .addOption(new Option('--reason <code>', t(lang, 'bulk.flag.reason')).choices(ARCHIVE_REASONS).makeOptionMandatory())
    .option('--note <text>', t(lang, 'bulk.flag.note'), textParser(lang))
    .action(async (ids: string[], raw: RawRunFlags & { reason: ArchiveReason; note?: string }) => {
      await runF({ ...targetOptions(ids, raw, deps), reason: raw.reason, note: raw.note }, deps);
    });
}

export async function archiveRun(opts: ArchiveOptions, deps: Deps): Promise<void> {
  await actRun(opts, withNote({ action: 'archive', reason: opts.reason }, opts.note), deps);
}
