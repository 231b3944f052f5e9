// lapor cases edit: correct a case's title, category, classification or flags (admins only). Only the
// fields given change; at least one is needed.

import { Option, type Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import type { ActionRequest } from '../../domain/schemas.js';
import { CLASSIFICATIONS, type Classification } from '../../domain/types.js';
import { UsageError } from '../../io/errors.js';
import { t } from '../../io/i18n.js';
import { loadReference } from '../../bulk/reference.js';
import { resolveCategory, showChoice } from '../../cmdutil/names.js';
import { actionCommand, actRun, targetOptions, textParser, withNote, type ActionTargetOptions, type RawRunFlags } from '../../bulk/action.js';

export interface EditChanges {
  title?: string;
  category?: string;
  classification?: Classification;
  anonymous?: boolean;
  confidential?: boolean;
}

export interface EditOptions extends ActionTargetOptions, EditChanges {
  note?: string;
}

export function createEditCommand(deps: Deps, runF: (opts: EditOptions, deps: Deps) => Promise<void> = editRun): Command {
  const { lang } = deps;
  return actionCommand('edit', deps, [
    'lapor cases edit LPR-2025-0000123 --classification aspiration --category lingkungan-hidup --dry-run',
    'lapor cases edit LPR-2025-0000123 --confidential --note "Menyangkut data kesehatan pelapor" --dry-run',
    'lapor cases edit --where q=KTP --where status=submitted --category administrasi-kependudukan --dry-run',
  ])
    .option('--title <text>', t(lang, 'bulk.flag.title'), textParser(lang))
    .option('--category <id>', t(lang, 'bulk.flag.category'), textParser(lang))
    .addOption(new Option('--classification <c>', t(lang, 'bulk.flag.classification')).choices(CLASSIFICATIONS))
    .option('--anonymous', t(lang, 'bulk.flag.anonymous'))
    .option('--no-anonymous', t(lang, 'bulk.flag.noAnonymous'))
    .option('--confidential', t(lang, 'bulk.flag.confidential'))
    .option('--no-confidential', t(lang, 'bulk.flag.noConfidential'))
    .option('--note <text>', t(lang, 'bulk.flag.note'), textParser(lang))
    .action(async (ids: string[], raw: RawRunFlags & EditChanges & { note?: string }) => {
      const changes: EditChanges = {
        title: raw.title,
        category: raw.category,
        classification: raw.classification,
        anonymous: raw.anonymous,
        confidential: raw.confidential,
      };
      if (Object.values(changes).every((v) => v === undefined)) {
        throw new UsageError((l) => t(l, 'bulk.edit.noChange'));
      }
      await runF({ ...targetOptions(ids, raw, deps), ...changes, note: raw.note }, deps);
    });
}

export function editChanges(opts: EditChanges): Extract<ActionRequest, { action: 'edit' }>['changes'] {
  const changes: Extract<ActionRequest, { action: 'edit' }>['changes'] = {};
  if (opts.title !== undefined) changes.title = opts.title;
  if (opts.category !== undefined) changes.categoryId = opts.category;
  if (opts.classification !== undefined) changes.classification = opts.classification;
  if (opts.anonymous !== undefined) changes.anonymous = opts.anonymous;
  if (opts.confidential !== undefined) changes.confidential = opts.confidential;
  return changes;
}

export async function editRun(opts: EditOptions, deps: Deps): Promise<void> {
  if (opts.category === undefined) {
    await actRun(opts, withNote({ action: 'edit', changes: editChanges(opts) }, opts.note), deps);
    return;
  }
  // --category by code or name, against the reference the plan reads anyway (cmdutil/names.ts)
  const ref = await loadReference(await deps.api());
  const category = await resolveCategory(opts.category, ref.categories, deps);
  showChoice('category', category, deps);
  await actRun(opts, withNote({ action: 'edit', changes: editChanges({ ...opts, category: category.entry.id }) }, opts.note), deps, ref);
}
