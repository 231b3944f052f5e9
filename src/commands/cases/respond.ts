// lapor cases respond: post a follow-up (tindak lanjut); the first one moves a case to Sedang Diproses. The
// text is --message, or an answer template filled for each case (--template NAME --var k=v; see
// bulk/templated.ts). At an institution that requires review, a liaison's follow-up is a draft until an
// institution admin approves it (lapor cases approve).

import { InvalidArgumentError, type Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { UsageError } from '../../io/errors.js';
import { t, type Lang } from '../../io/i18n.js';
import { sanitizeText } from '../../io/format.js';
import { resolveFilterNames } from '../../cmdutil/names.js';
import { parseVariable } from '../../domain/templates.js';
import { actionCommand, actRun, isBulk, targetOptions, textParser, type ActionTargetOptions, type RawRunFlags } from '../../bulk/action.js';
import { actionContext, loadReference } from '../../bulk/reference.js';
import { planAndRun } from '../../bulk/run.js';
import { readTemplated, selectTemplated, templatedPlan } from '../../bulk/templated.js';
import { describeWhere, whereQuery } from '../../bulk/where.js';

export interface RespondOptions extends ActionTargetOptions {
  message?: string;
  template?: string;
  /** --var values, by name. */
  vars: Record<string, string>;
}

function varCollector(lang: Lang) {
  return (value: string, previous: Record<string, string>): Record<string, string> => {
    const v = parseVariable(value);
    if (v === null) throw new InvalidArgumentError(t(lang, 'respond.flag.badVar', { value }));
    return { ...previous, [v.name]: v.value };
  };
}

export function createRespondCommand(deps: Deps, runF: (opts: RespondOptions, deps: Deps) => Promise<void> = respondRun): Command {
  const { lang } = deps;
  return actionCommand('respond', deps, [
    'lapor cases respond LPR-2025-0000123 --message "Tim sudah meninjau lokasi; perbaikan dijadwalkan pekan depan" --dry-run',
    'lapor cases respond --where status=disposed --where institution=badung.dinkes --message "Sedang kami tangani" --yes',
    'lapor cases respond LPR-2025-0000123 --template jadwal --var jadwal="Senin, 14 Desember 2026" --dry-run',
    'lapor cases respond --where status=disposed --where institution=badung --template diterima --dry-run',
  ])
    .option('--message <text>', t(lang, 'bulk.flag.message'), textParser(lang))
    .option('--template <name>', t(lang, 'respond.flag.template'))
    .option('--var <name=value>', t(lang, 'respond.flag.var'), varCollector(lang), {})
    .addHelpText('after', `\n${t(lang, 'templates.help.variables')}`)
    .action(async (ids: string[], raw: RawRunFlags & { message?: string; template?: string; var: Record<string, string> }) => {
      if ((raw.message === undefined) === (raw.template === undefined)) throw new UsageError((l) => t(l, 'respond.flag.messageOrTemplate'));
      if (raw.template === undefined && Object.keys(raw.var).length > 0) throw new UsageError((l) => t(l, 'respond.flag.varNeedsTemplate'));
      await runF({ ...targetOptions(ids, raw, deps), message: raw.message, template: raw.template, vars: raw.var }, deps);
    });
}

export async function respondRun(opts: RespondOptions, deps: Deps): Promise<void> {
  if (opts.template === undefined) {
    await actRun(opts, { action: 'respond', message: opts.message ?? '' }, deps);
    return;
  }
  const api = await deps.api();
  const ref = await loadReference(api);
  // a liaison's follow-up at an institution that requires review is predicted as the draft it becomes
  const review = ref.actor.role === 'liaison' ? new Set(await api.reviewInstitutions({ signal: deps.signal })) : undefined;
  const ctx = actionContext(ref, deps.now(), review);
  const use = { name: opts.template, vars: opts.vars };
  const command = `cases respond --template ${opts.template}`;
  if (!isBulk(opts)) {
    const trackingId = opts.ids[0];
    const { case: c } = await api.getCase(trackingId, { signal: deps.signal });
    const plan = await templatedPlan(api, ref, [c], use, ctx, deps);
    const text = plan.messages.get(trackingId);
    if (opts.dryRun && text !== undefined) deps.io.err.write(`${t(deps.lang, 'respond.template.message')}\n${sanitizeText(text)}\n\n`);
    await planAndRun(api, ref, plan, { title: trackingId, command: `${command} ${trackingId}`, single: true }, opts, deps);
    return;
  }
  if (opts.where.length > 0) {
    const query = await resolveFilterNames(whereQuery(opts.where, deps.lang), api, deps, ref);
    const where = describeWhere(query);
    deps.io.err.write(`${deps.io.errColor.dim(t(deps.lang, 'bulk.plan.selecting', { where }))}\n`);
    const plan = await templatedPlan(api, ref, await selectTemplated(api, query), use, ctx, deps);
    await planAndRun(api, ref, plan, { title: where, command: `${command} --where ${opts.where.join(' --where ')}` }, opts, deps);
    return;
  }
  const { cases, missing } = await readTemplated(api, opts.ids);
  const plan = await templatedPlan(api, ref, cases, use, ctx, deps);
  // cases that cannot be read are never sent: the journal names them with the template they would have used
  const request = { action: 'respond' as const, message: `(${opts.template})` };
  plan.unresolved.push(...missing.map((trackingId) => ({ trackingId, request, detail: `case ${trackingId} not found` })));
  const title = t(deps.lang, 'bulk.plan.namedIds', { n: opts.ids.length });
  await planAndRun(api, ref, plan, { title, command: `${command} ${opts.ids.length} IDs` }, opts, deps);
}
