// A bulk run's plan: every case it will send, at the version that was reviewed, with what the domain's state
// machine predicts the server will do with it (apply, skip because already done, refuse and why). The plan
// is built from a `--where` selection, from tracking IDs, or from a plan file; it is shown before anything
// is sent, and exactly its items are sent.

import { NotFoundError } from '../api/errors.js';
import type { ApiClient, CaseListParams } from '../api/types.js';
import { ACTION_FIELDS, EDIT_FIELDS, applyAction, type ActionContext, type RefusalCode } from '../domain/actions.js';
import { MAX_PAGE_SIZE, type ActionRequest } from '../domain/schemas.js';
import { STATUSES, type ActionName, type Case, type Status } from '../domain/types.js';
import type { ProblemAbout } from '../domain/problems.js';

export type Prediction =
  /** Applied: the case ends in `toStatus`, handled by `toInstitutionId`. */
  | { kind: 'apply'; toStatus: Status; toInstitutionId: string | null }
  | { kind: 'skip'; detail: string; about: ProblemAbout }
  | { kind: 'refuse'; code: RefusalCode | 'stale'; detail: string; about: ProblemAbout };

export interface PlannedItem {
  trackingId: string;
  /** The version reviewed: sent as the item's version, so a case changed since fails (412) instead of being overwritten. */
  version: number;
  request: ActionRequest;
  /**
   * The case as seen at plan time; null when it could not be read (the server will judge). `title` is null
   * when it was not read (a selection reads only what the prediction needs) or is redacted.
   */
  current: Pick<Case, 'status' | 'institutionId' | 'version' | 'title'> | null;
  prediction: Prediction;
}

/** A case named for the run that could not be planned (not found, or outside the token's scope): never sent. */
export interface UnresolvedItem {
  trackingId: string;
  request: ActionRequest;
  detail: string;
}

export interface Plan {
  items: PlannedItem[];
  unresolved: UnresolvedItem[];
}

/** One case named by ID or by a plan-file row; `version` when the caller fixed it. */
export interface PlanTarget {
  trackingId: string;
  request: ActionRequest;
  version?: number;
}

/** What the state machine reads of a case: a selection fetches only these. */
type PlanField = (typeof ACTION_FIELDS)[number] | (typeof EDIT_FIELDS)[number];
export type PlanCase = Pick<Case, (typeof ACTION_FIELDS)[number]> & Partial<Pick<Case, PlanField>>;

/** What the server will do with the item, by the same rules, in the same order (already done before version). */
export function predict(c: PlanCase | null, version: number, request: ActionRequest, ctx: ActionContext): Prediction {
  if (c === null) return { kind: 'refuse', code: 'not_found', detail: 'not found', about: { reason: 'case-not-found', params: {} } };
  // applyAction reads ACTION_FIELDS, and EDIT_FIELDS for an edit (which then were fetched)
  const outcome = applyAction(c as Case, request, ctx);
  if (!outcome.ok && outcome.code === 'already_done') return { kind: 'skip', detail: outcome.detail, about: outcome.about };
  if (outcome.ok || outcome.code !== 'not_found') {
    if (version !== c.version) {
      const about: ProblemAbout = { reason: 'version-stale', params: { trackingId: c.trackingId, version, currentVersion: c.version } };
      return { kind: 'refuse', code: 'stale', detail: `case ${c.trackingId} is at version ${c.version}, not ${version}`, about };
    }
  }
  if (!outcome.ok) return { kind: 'refuse', code: outcome.code, detail: outcome.detail, about: outcome.about };
  return { kind: 'apply', toStatus: outcome.event.toStatus, toInstitutionId: outcome.event.toInstitution };
}

export function planned(c: PlanCase | null, trackingId: string, version: number, request: ActionRequest, ctx: ActionContext): PlannedItem {
  return {
    trackingId,
    version,
    request,
    current: c === null ? null : { status: c.status, institutionId: c.institutionId, version: c.version, title: c.title ?? null },
    prediction: predict(c, version, request, ctx),
  };
}

/** Every case matching the filters (in the API's stable order), each with `request`. */
export async function planFromSelection(
  api: ApiClient,
  query: CaseListParams,
  request: ActionRequest,
  ctx: ActionContext,
  onCase: () => void = () => {},
): Promise<Plan> {
  const items: PlannedItem[] = [];
  // only what the prediction needs: a sparse listing is a fraction of the full cases' bytes and parsing
  const fields = request.action === 'edit' ? [...ACTION_FIELDS, ...EDIT_FIELDS] : ACTION_FIELDS;
  for await (const c of api.iterateCaseFields({ ...query, limit: MAX_PAGE_SIZE }, fields)) {
    items.push(planned(c, c.trackingId, c.version, request, ctx));
    onCase();
  }
  return { items, unresolved: [] };
}

/** One case already read (the single-case path): planned at the version read. */
export function planOfCase(c: Case, request: ActionRequest, ctx: ActionContext): Plan {
  return { items: [planned(c, c.trackingId, c.version, request, ctx)], unresolved: [] };
}

export const FETCH_CONCURRENCY = 16;

/**
 * Named cases, read one by one (FETCH_CONCURRENCY at a time) for their current state and version. A case
 * that cannot be read is unresolved (not sent) unless the caller fixed its version: then the server judges.
 */
export async function planFromTargets(
  api: ApiClient,
  targets: readonly PlanTarget[],
  ctx: ActionContext,
  onCase: () => void = () => {},
): Promise<Plan> {
  const found: (Case | null)[] = new Array<Case | null>(targets.length).fill(null);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      try {
        found[i] = (await api.getCase(targets[i].trackingId)).case;
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
      onCase();
    }
  };
  await Promise.all(Array.from({ length: Math.min(FETCH_CONCURRENCY, targets.length) }, worker));
  const plan: Plan = { items: [], unresolved: [] };
  targets.forEach((target, i) => {
    const c = found[i];
    if (c === null && target.version === undefined) {
      plan.unresolved.push({ trackingId: target.trackingId, request: target.request, detail: `case ${target.trackingId} not found` });
      return;
    }
    plan.items.push(planned(c, target.trackingId, target.version ?? c!.version, target.request, ctx));
  });
  return plan;
}

export interface PlanSummary {
  /** Items to send plus unresolved cases. */
  total: number;
  toSend: number;
  byStatus: [Status | null, number][];
  byInstitution: [string | null, number][];
  byAction: [ActionName, number][];
  apply: number;
  skip: number;
  /** Predicted refusals by reason (unresolved cases count as not_found), most frequent first, with one example. */
  refuse: { code: RefusalCode | 'stale'; count: number; example: ProblemAbout }[];
}

function countBy<K>(keys: Iterable<K>): Map<K, number> {
  const m = new Map<K, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

export function summarisePlan(plan: Plan): PlanSummary {
  const { items, unresolved } = plan;
  const statusCounts = countBy(items.map((i) => i.current?.status ?? null));
  const order = (s: Status | null) => (s === null ? STATUSES.length : STATUSES.indexOf(s));
  const byStatus = [...statusCounts].sort((a, b) => order(a[0]) - order(b[0]));
  if (unresolved.length > 0) {
    const unknown = byStatus.find(([s]) => s === null);
    if (unknown) unknown[1] += unresolved.length;
    else byStatus.push([null, unresolved.length]);
  }
  const byInstitution = [...countBy(items.filter((i) => i.current !== null).map((i) => i.current!.institutionId))].sort(
    (a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])),
  );
  const byAction = [...countBy([...items, ...unresolved].map((i) => i.request.action))].sort((a, b) => b[1] - a[1]);
  const refusals = new Map<RefusalCode | 'stale', { count: number; example: ProblemAbout }>();
  const refused = (code: RefusalCode | 'stale', example: ProblemAbout) => {
    const r = refusals.get(code);
    if (r) r.count += 1;
    else refusals.set(code, { count: 1, example });
  };
  let apply = 0;
  let skip = 0;
  for (const i of items) {
    if (i.prediction.kind === 'apply') apply += 1;
    else if (i.prediction.kind === 'skip') skip += 1;
    else refused(i.prediction.code, i.prediction.about);
  }
  for (const u of unresolved) refused('not_found', { reason: 'case-not-found', params: { trackingId: u.trackingId } });
  return {
    total: items.length + unresolved.length,
    toSend: items.length,
    byStatus,
    byInstitution,
    byAction,
    apply,
    skip,
    refuse: [...refusals].map(([code, r]) => ({ code, ...r })).sort((a, b) => b.count - a.count),
  };
}
