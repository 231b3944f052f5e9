// What a plan needs to know besides the cases: who is asking, the institution tree and the categories. From
// them the local ActionContext that lets a plan predict, with the domain's own state machine, what the
// server will do with each item. (Names typed for institutions and categories: cmdutil/names.ts.)

import type { ApiClient } from '../api/types.js';
import { createActionContext, institutionTree, type ActionContext } from '../domain/actions.js';
import { WorkingCalendar } from '../domain/clocks.js';
import { DEFAULT_CLOCKS, type Actor, type Category, type Institution } from '../domain/types.js';

export interface Reference {
  actor: Actor;
  institutions: Institution[];
  categories: Category[];
}

export async function loadReference(api: ApiClient): Promise<Reference> {
  const [actor, institutions, categories] = await Promise.all([api.whoami(), api.institutions(), api.categories()]);
  return { actor, institutions, categories };
}

/**
 * The domain's ActionContext over the reference data. Deadlines are not predicted, so the calendar is empty.
 * `reviewInstitutions`: those that require review of a liaison's follow-up (a liaison's respond there is a draft).
 */
export function actionContext(ref: Reference, now: Date, reviewInstitutions?: ReadonlySet<string>): ActionContext {
  return createActionContext({
    actor: ref.actor,
    now: now.toISOString(),
    institutions: institutionTree(ref.institutions),
    categories: new Set(ref.categories.map((c) => c.id)),
    settings: DEFAULT_CLOCKS,
    calendar: new WorkingCalendar([], DEFAULT_CLOCKS.utcOffsetMinutes),
    reviewInstitutions,
  });
}
