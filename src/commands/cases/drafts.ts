// lapor cases drafts: the review queue (reviewed replies, #20): the cases in the token's scope whose liaison's
// follow-up awaits an institution admin's approval, the oldest draft first, with the response clock that
// keeps running meanwhile. `cases approve` publishes a draft, `cases send-back` sends it back.

import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { MAX_PAGE_SIZE } from '../../domain/schemas.js';
import type { Case } from '../../domain/types.js';
import { createRenderContext, selectColumns } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { addLimitOption, addOutputOptions, printLimitedRows, type LimitOptions, type OutputOptions } from '../../cmdutil/flags.js';
import { resolveFilterNames } from '../../cmdutil/names.js';
import { CASE_COLUMNS } from './render.js';

export interface DraftsOptions extends OutputOptions, LimitOptions {
  institution?: string;
}

const DEFAULT_FIELDS = ['trackingId', 'institutionId', 'draftBy', 'draftAt', 'responseClock', 'draftMessage'];

export function createDraftsCommand(deps: Deps, runF: (opts: DraftsOptions, deps: Deps) => Promise<void> = draftsRun): Command {
  const { lang } = deps;
  const cmd = new Command('drafts').description(t(lang, 'cmd.cases.drafts')).option('--institution <code>', t(lang, 'flag.institution'));
  return addOutputOptions(addLimitOption(cmd, lang), lang)
    .addHelpText(
      'after',
      examples(lang, ['lapor cases drafts', 'lapor cases drafts --institution badung.dinkes --format json', 'lapor cases approve --where draft=pending --where institution=badung.dinkes --dry-run']),
    )
    .action(async (opts: DraftsOptions) => {
      selectColumns(CASE_COLUMNS, opts.fields, DEFAULT_FIELDS); // a bad --fields fails before any request
      await runF(opts, deps);
    });
}

export async function draftsRun(opts: DraftsOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const query = await resolveFilterNames({ draft: 'pending', institution: opts.institution }, api, deps);
  const rows: Case[] = [];
  for await (const c of api.iterateCases({ ...query, sort: 'submittedAt', limit: MAX_PAGE_SIZE }, { signal: deps.signal })) rows.push(c);
  // the oldest draft first: the one that has waited longest for review
  rows.sort((a, b) => (a.draftAt ?? '').localeCompare(b.draftAt ?? '') || a.trackingId.localeCompare(b.trackingId));
  if (rows.length === 0 && opts.format === 'table') {
    deps.io.err.write(`${t(deps.lang, 'drafts.none')}\n`);
    return;
  }
  const ctx = createRenderContext(deps.io, deps.lang, deps.now());
  await printLimitedRows(deps.io, opts.format, rows, selectColumns(CASE_COLUMNS, opts.fields, DEFAULT_FIELDS), ctx, opts.limit);
}
