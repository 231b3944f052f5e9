// lapor sla escalate: marks breached cases for the national admin's intervention (intervensi). Selects open
// breaches (GET /v1/sla/overdue, not yet escalated) by institution subtree, clock and age in working days,
// then plans, confirms (or --yes), journals and sends `escalate` items like every bulk write (src/bulk): an
// interrupted run resumes with `lapor bulk resume`, and a case already escalated meanwhile is skipped, never
// escalated twice. The institution's follow-up or the case's closing ends the escalation.

import { Command, InvalidArgumentError, Option } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { resolveFilterNames } from '../../cmdutil/names.js';
import { addRunOptions, checkRequest, textParser, withNote, type RawRunFlags } from '../../bulk/action.js';
import { planFromTargets } from '../../bulk/plan.js';
import { actionContext, loadReference } from '../../bulk/reference.js';
import { assertCanConfirm, planAndRun, type RunOptions } from '../../bulk/run.js';
import { MAX_OVERDUE_PAGE } from '../../domain/sla.js';
import { CLOCKS, type ClockName } from '../../domain/types.js';
import { CliError } from '../../io/errors.js';
import { t } from '../../io/i18n.js';

export interface EscalateOptions extends RunOptions {
  clock?: ClockName;
  institution?: string;
  /** Only breaches at least this many working days past their due date. */
  minDays: number;
  note?: string;
}

function nonNegativeInt(lang: Deps['lang']) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 3650) throw new InvalidArgumentError(t(lang, 'usage.expectedInteger', { max: '3650' }));
    return n;
  };
}

export function createEscalateCommand(deps: Deps, runF: (opts: EscalateOptions, deps: Deps) => Promise<void> = escalateRun): Command {
  const { lang } = deps;
  const cmd = new Command('escalate')
    .description(t(lang, 'cmd.sla.escalate'))
    .addOption(new Option('--clock <clock>', t(lang, 'sla.flag.clock')).choices(CLOCKS))
    .option('--institution <code>', t(lang, 'sla.flag.institution'))
    .option('--min-days <n>', t(lang, 'sla.escalate.flag.minDays'), nonNegativeInt(lang), 0)
    .option('--note <text>', t(lang, 'bulk.flag.note'), textParser(lang));
  addRunOptions(cmd, lang);
  return cmd
    .addHelpText(
      'after',
      examples(lang, [
        'lapor sla escalate --clock response --min-days 5 --dry-run',
        'lapor sla escalate --institution badung --note "Intervensi admin nasional" --dry-run',
      ]),
    )
    .action(async (raw: RawRunFlags & { clock?: ClockName; institution?: string; minDays: number; note?: string }) => {
      const opts: EscalateOptions = {
        clock: raw.clock,
        institution: raw.institution,
        minDays: raw.minDays,
        note: raw.note,
        yes: raw.yes,
        dryRun: raw.dryRun,
        chunkSize: raw.chunkSize,
        concurrency: raw.concurrency,
        retryTimeout: raw.retryTimeout,
        format: raw.format,
      };
      assertCanConfirm(opts, deps); // before any request
      await runF(opts, deps);
    });
}

export async function escalateRun(opts: EscalateOptions, deps: Deps): Promise<void> {
  const request = checkRequest(withNote({ action: 'escalate' }, opts.note));
  const api = await deps.api();
  const ref = await loadReference(api);
  const { institution } = await resolveFilterNames({ institution: opts.institution }, api, deps, ref);
  // the open breaches not yet escalated, oldest first; a case breached on two clocks is planned once
  const ids: string[] = [];
  const seen = new Set<string>();
  const cursors = new Set<string>();
  let cursor: string | undefined;
  for (;;) {
    const page = await api.slaOverdue({ clock: opts.clock, institution, escalated: 'no', limit: MAX_OVERDUE_PAGE, cursor });
    for (const item of page.items) {
      if (item.overdueWorkingDays < opts.minDays || seen.has(item.trackingId)) continue;
      seen.add(item.trackingId);
      ids.push(item.trackingId);
    }
    if (page.nextCursor === null || page.nextCursor === '') break;
    if (cursors.has(page.nextCursor)) throw new CliError((l) => t(l, 'sla.overdue.repeatedCursor'));
    cursors.add(page.nextCursor);
    cursor = page.nextCursor;
  }
  const plan = await planFromTargets(api, ids.map((trackingId) => ({ trackingId, request })), actionContext(ref, deps.now()));
  const where = [
    opts.clock === undefined ? null : `clock=${opts.clock}`,
    institution === undefined ? null : `institution=${institution}`,
    `min-days=${opts.minDays}`,
  ].filter((w) => w !== null);
  const title = t(deps.lang, 'sla.escalate.title', { where: where.join(' ') });
  await planAndRun(api, ref, plan, { title, command: `sla escalate ${where.map((w) => `--${w.replace('=', ' ')}`).join(' ')}` }, opts, deps);
}
