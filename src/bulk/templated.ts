// A respond from an answer template (#20, `cases respond --template NAME --var k=v`): every case gets its own
// message, the template visible at the case's institution (the nearest definition) filled with the case's
// variables and the given ones. Every case is rendered before the plan is shown: a template not visible at a
// case's institution, a variable with no value for a case, or a --var the template does not use refuses the
// whole run at plan time, naming the case and the variable, so nothing half-filled is ever sent.

import { NotFoundError } from '../api/errors.js';
import type { ApiClient, CaseListParams } from '../api/types.js';
import type { Deps } from '../cmdutil/deps.js';
import { ACTION_FIELDS, type ActionContext } from '../domain/actions.js';
import { MAX_PAGE_SIZE, type ActionRequest } from '../domain/schemas.js';
import { caseVariables, renderTemplate, TEMPLATE_CASE_FIELDS, type Template, type TemplateCase } from '../domain/templates.js';
import { UsageError } from '../io/errors.js';
import { t, type Lang } from '../io/i18n.js';
import { checkRequest } from './action.js';
import { FETCH_CONCURRENCY, planned, type Plan, type PlanCase } from './plan.js';
import type { Reference } from './reference.js';

export type TemplatedCase = PlanCase & TemplateCase;

/** The fields a templated selection reads: the state machine's and the case variables'. */
export const TEMPLATED_FIELDS = [...new Set([...ACTION_FIELDS, ...TEMPLATE_CASE_FIELDS])];

export interface TemplateUse {
  name: string;
  vars: Readonly<Record<string, string>>;
}

/** Every case of a selection, with the fields the template and the prediction need. */
export async function selectTemplated(api: ApiClient, query: CaseListParams): Promise<TemplatedCase[]> {
  const out: TemplatedCase[] = [];
  for await (const c of api.iterateCaseFields({ ...query, limit: MAX_PAGE_SIZE }, TEMPLATED_FIELDS)) out.push(c);
  return out;
}

/** Named cases, read FETCH_CONCURRENCY at a time; those that cannot be read are returned apart. */
export async function readTemplated(api: ApiClient, ids: readonly string[]): Promise<{ cases: TemplatedCase[]; missing: string[] }> {
  const found: (TemplatedCase | null)[] = new Array<TemplatedCase | null>(ids.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const i = next++;
      try {
        found[i] = (await api.getCase(ids[i])).case;
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(FETCH_CONCURRENCY, ids.length) }, worker));
  return { cases: found.filter((c): c is TemplatedCase => c !== null), missing: ids.filter((_, i) => found[i] === null) };
}

interface Problem {
  trackingId: string | null;
  text: (l: Lang) => string;
}

export const MAX_PROBLEMS_SHOWN = 20;

/**
 * The plan of a templated respond: each case with its own message. Throws a usage error (exit 2) listing
 * every case that cannot be filled, before anything is sent.
 */
export async function templatedPlan(
  api: ApiClient,
  ref: Reference,
  cases: readonly TemplatedCase[],
  use: TemplateUse,
  ctx: ActionContext,
  deps: Pick<Deps, 'now' | 'signal'>,
): Promise<Plan & { messages: Map<string, string> }> {
  // the template in force at each institution of the selection (a case with none: at the token's own)
  const templates = new Map<string | null, Template | null>();
  for (const id of new Set(cases.map((c) => c.institutionId))) {
    try {
      templates.set(id, await api.template(use.name, id === null ? {} : { institution: id }, { signal: deps.signal }));
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      templates.set(id, null);
    }
  }
  const { timezoneOffsetMinutes } = await api.calendar(deps.now().getUTCFullYear(), { signal: deps.signal });
  const institutions = new Map(ref.institutions.map((i) => [i.id, i.name]));
  const categories = new Map(ref.categories.map((c) => [c.id, c.name]));
  const vctx = {
    now: deps.now(),
    utcOffsetMinutes: timezoneOffsetMinutes,
    institutionName: (id: string) => institutions.get(id) ?? null,
    categoryName: (id: string) => categories.get(id) ?? null,
  };

  const problems: Problem[] = [];
  const unused = new Set<string>(Object.keys(use.vars));
  const messages = new Map<string, string>();
  const plan: Plan = { items: [], unresolved: [] };
  for (const c of cases) {
    const tpl = templates.get(c.institutionId) ?? null;
    if (tpl === null) {
      const where = c.institutionId ?? t('en', 'templates.national');
      problems.push({ trackingId: c.trackingId, text: (l) => t(l, 'respond.template.notVisible', { name: use.name, institution: where }) });
      continue;
    }
    // a given value is unknown only when no template in force uses it (one institution's may, another's not)
    const fromCase = caseVariables(c, vctx);
    const given = Object.fromEntries(Object.entries(use.vars).filter(([k]) => tpl.variables.includes(k)));
    for (const k of Object.keys(given)) unused.delete(k);
    const r = renderTemplate(tpl.body, fromCase, given);
    if (!r.ok) {
      if (r.syntax !== undefined) {
        problems.push({ trackingId: c.trackingId, text: (l) => t(l, 'respond.template.broken', { name: use.name, institution: tpl.institutionId ?? t(l, 'templates.national') }) });
      }
      for (const v of r.missing) problems.push({ trackingId: c.trackingId, text: (l) => t(l, 'respond.template.missing', { variable: v, placeholder: `{{${v}}}` }) });
      continue;
    }
    let request: ActionRequest;
    try {
      request = checkRequest({ action: 'respond', message: r.text });
    } catch {
      problems.push({ trackingId: c.trackingId, text: (l) => t(l, 'respond.template.tooLong') });
      continue;
    }
    messages.set(c.trackingId, r.text);
    plan.items.push(planned(c, c.trackingId, c.version, request, ctx));
  }
  for (const k of unused) problems.unshift({ trackingId: null, text: (l) => t(l, 'respond.template.unknownVar', { variable: k, name: use.name }) });
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS_SHOWN);
    throw new UsageError(
      (l) =>
        [
          t(l, 'respond.template.refused', { name: use.name, n: problems.length }),
          ...shown.map((p) => `  ${p.trackingId === null ? '' : `${p.trackingId}: `}${p.text(l)}`),
          ...(problems.length > shown.length ? [`  ${t(l, 'respond.template.more', { n: problems.length - shown.length })}`] : []),
        ].join('\n'),
      { hint: (l) => t(l, 'respond.template.hint') },
    );
  }
  return { ...plan, messages };
}
