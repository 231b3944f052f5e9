// lapor institutions require-review INSTITUTION [--off]: reviewed replies (#20). While it is on, a liaison's
// follow-up on a case at that institution is a draft (in the case history, not published, the response clock
// running) until an institution admin approves it (`cases approve`) or returns it (`cases send-back`).
// National admins set it anywhere, institution admins inside their subtree. --list shows where it is on.

import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { entryLabel, resolveInstitution } from '../../cmdutil/names.js';
import { UsageError } from '../../io/errors.js';
import { sanitizeText } from '../../io/format.js';
import { t } from '../../io/i18n.js';

export interface RequireReviewOptions {
  institution?: string;
  off: boolean;
  list: boolean;
}

export function createRequireReviewCommand(deps: Deps, runF: (opts: RequireReviewOptions, deps: Deps) => Promise<void> = requireReviewRun): Command {
  const { lang } = deps;
  return new Command('require-review')
    .description(t(lang, 'cmd.institutions.requireReview'))
    .argument('[institution]', t(lang, 'review.arg.institution'))
    .option('--off', t(lang, 'review.flag.off'), false)
    .option('--list', t(lang, 'review.flag.list'), false)
    .addHelpText(
      'after',
      examples(lang, [
        'lapor institutions require-review badung.dinkes',
        'lapor institutions require-review --list',
        'lapor institutions require-review badung.dinkes --off',
      ]),
    )
    .action(async (institution: string | undefined, raw: { off: boolean; list: boolean }) => {
      if ((institution === undefined) !== raw.list) throw new UsageError((l) => t(l, 'review.needTarget'));
      await runF({ institution, off: raw.off, list: raw.list }, deps);
    });
}

export async function requireReviewRun(opts: RequireReviewOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  if (opts.list) {
    const ids = await api.reviewInstitutions({ signal: deps.signal });
    if (ids.length === 0) deps.io.err.write(`${t(deps.lang, 'review.none')}\n`);
    for (const id of ids) deps.io.out.write(`${id}\n`);
    return;
  }
  const { entry } = await resolveInstitution(opts.institution as string, await api.institutions({ signal: deps.signal }), deps);
  const r = await api.setReview(entry.id, !opts.off, { signal: deps.signal });
  deps.io.out.write(`${t(deps.lang, r.reviewReplies ? 'review.on' : 'review.off', { institution: sanitizeText(entryLabel(entry)) })}\n`);
}
