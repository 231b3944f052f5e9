// The state machine: the only way a case changes. Each action checks the role, the caller's scope and the
// current status, and yields the patch to apply plus the one event to append. Pure: the caller supplies the
// institution tree, the clock and the calendar.

import { WorkingCalendar } from './clocks.js';
import { fallbackPolicy, policyDeadlines, resolvePolicy, SETTINGS_POLICY_ID, type SlaPolicy } from './slaPolicy.js';
import { isWithinPath } from './trees.js';
import type { ActionRequest } from './schemas.js';
import type { ProblemAbout, ProblemParams, ProblemReason } from './problems.js';
import type { Actor, ActionName, Case, ClockSettings, Role, Status } from './types.js';

export interface ActionContext {
  actor: Actor;
  now: string;
  /** Whether `institutionId` lies in the subtree rooted at `rootId` (a node is in its own subtree). */
  isWithin(institutionId: string, rootId: string): boolean;
  institutionIsActive(institutionId: string): boolean;
  categoryExists(categoryId: string): boolean;
  settings: ClockSettings;
  calendar: WorkingCalendar;
  /** SLA policies (createActionContext supplies them; absent: every case runs on the settings). */
  sla?: SlaPolicies;
}

export interface SlaPolicies {
  /** The SLA policy a case runs on now: its recorded one (the server's settings when it has none). */
  current(c: Pick<Case, 'slaPolicyId' | 'slaPolicyFrom'>): SlaPolicy;
  /** The SLA policy a case's facts select (slaPolicy.ts#resolvePolicy); the settings' when none matches. */
  select(c: Pick<Case, 'classification' | 'categoryId' | 'institutionId' | 'needsFieldInspection' | 'submittedAt'>): SlaPolicy;
}

/** What the state machine knows of an institution: its materialised path ('/national/bali/') and whether it is active. */
export interface InstitutionNode {
  path: string;
  active: boolean;
}

/** Whether `institutionId` lies in the subtree of `rootId` (a node is in its own subtree; an unknown one in none). */
export function isWithinTree(tree: ReadonlyMap<string, InstitutionNode>, institutionId: string, rootId: string): boolean {
  const node = tree.get(institutionId);
  const root = tree.get(rootId);
  return node !== undefined && root !== undefined && isWithinPath(node.path, root.path);
}

/**
 * The tree of a list of institutions as a client may see it: a node whose parent is not in the list roots
 * its own subtree, and a cycle ends the walk (the server's own tree is checked on import; see trees.ts).
 */
export function institutionTree(institutions: readonly { id: string; parentId: string | null; active: boolean }[]): Map<string, InstitutionNode> {
  const parent = new Map(institutions.map((i) => [i.id, i.parentId]));
  const tree = new Map<string, InstitutionNode>();
  for (const i of institutions) {
    const chain: string[] = [];
    for (let cur: string | null | undefined = i.id; cur != null && parent.has(cur) && !chain.includes(cur); cur = parent.get(cur)) chain.push(cur);
    tree.set(i.id, { path: `/${chain.reverse().join('/')}/`, active: i.active });
  }
  return tree;
}

export interface ActionContextInput {
  actor: Actor;
  now: string;
  institutions: ReadonlyMap<string, InstitutionNode>;
  categories: ReadonlySet<string>;
  settings: ClockSettings;
  calendar: WorkingCalendar;
  /** Every version of every SLA policy (none: every case runs on the settings). */
  policies?: readonly SlaPolicy[];
  /** Category id → materialised path ('/parent/child/'), for category-subtree conditions. */
  categoryPaths?: ReadonlyMap<string, string>;
}

/** The one way to build an ActionContext: the server, the seed generator, bulk plans and the tests' fakes use it. */
export function createActionContext(input: ActionContextInput): ActionContext {
  const { institutions, categories } = input;
  const policies = input.policies ?? [];
  const categoryPaths = input.categoryPaths ?? new Map<string, string>();
  const fallback = fallbackPolicy(input.settings);
  const trees = {
    institutionWithin: (id: string, root: string) => isWithinTree(institutions, id, root),
    categoryWithin: (id: string, root: string) => {
      const node = categoryPaths.get(id);
      const top = categoryPaths.get(root);
      return node !== undefined && top !== undefined && isWithinPath(node, top);
    },
  };
  return {
    sla: {
      current: (c) => policies.find((p) => p.id === c.slaPolicyId && p.effectiveFrom === c.slaPolicyFrom) ?? fallback,
      select: (c) => resolvePolicy(policies, c, trees, input.settings.utcOffsetMinutes) ?? fallback,
    },
    actor: input.actor,
    now: input.now,
    isWithin: (institutionId, rootId) => isWithinTree(institutions, institutionId, rootId),
    institutionIsActive: (id) => institutions.get(id)?.active === true,
    categoryExists: (id) => categories.has(id),
    settings: input.settings,
    calendar: input.calendar,
  };
}

/** Why an action was refused. The API maps these to HTTP statuses (see refusalStatus). */
export type RefusalCode =
  | 'not_found' // out of the caller's scope: indistinguishable from a missing case
  | 'forbidden' // the role may never do this
  | 'invalid_transition' // not allowed from the current status
  | 'already_done' // the case is already in the state this action leads to (bulk counts it as skipped)
  | 'invalid_field'; // a field value is unacceptable (unknown institution, empty change, …)

export interface Refusal {
  ok: false;
  code: RefusalCode;
  /** English, for logs and other clients; a client shows `about` in its own words. */
  detail: string;
  /** Which rule refused, with its values (the problem's extension members on the wire). */
  about: ProblemAbout;
  field?: string;
}

export interface EventDraft {
  action: ActionName;
  fromStatus: Status;
  toStatus: Status;
  fromInstitution: string | null;
  toInstitution: string | null;
  note: string | null;
}

export interface Applied {
  ok: true;
  patch: Partial<Case>;
  event: EventDraft;
}

export type ActionOutcome = Applied | Refusal;

export const REFUSAL_STATUS: Record<RefusalCode, number> = {
  not_found: 404,
  forbidden: 403,
  invalid_transition: 409,
  already_done: 409,
  invalid_field: 422,
};

interface Rule {
  roles: readonly Role[];
  from: readonly Status[];
  /** Statuses in which the action counts as already done rather than refused. */
  doneIn?: readonly Status[];
}

const ADMINS: readonly Role[] = ['national_admin', 'institution_admin'];

export const ACTION_RULES: Record<ActionName, Rule> = {
  dispose: { roles: ADMINS, from: ['submitted'], doneIn: ['disposed'] },
  redispose: { roles: ADMINS, from: ['disposed', 'in_progress'] },
  return: { roles: ['national_admin', 'institution_admin', 'liaison'], from: ['disposed'] },
  postpone: { roles: ADMINS, from: ['submitted'], doneIn: ['postponed'] },
  resume: { roles: ADMINS, from: ['postponed'] },
  archive: { roles: [...ADMINS, 'system'], from: ['submitted', 'postponed'], doneIn: ['archived'] },
  respond: { roles: ['national_admin', 'institution_admin', 'liaison'], from: ['disposed', 'in_progress'] },
  close: { roles: [...ADMINS, 'system'], from: ['in_progress'], doneIn: ['completed'] },
  reopen: { roles: ADMINS, from: ['completed', 'archived'] },
  edit: { roles: ADMINS, from: ['submitted', 'postponed', 'disposed', 'in_progress', 'completed', 'archived'] },
  // intervensi: the national admin (or the system sweep, by rule) marks an open case; a follow-up or the
  // closing ends it (respond, close and archive clear escalatedAt)
  escalate: { roles: ['national_admin', 'system'], from: ['submitted', 'postponed', 'disposed', 'in_progress'] },
};

/** Roles that see every case. */
export function isNational(actor: Actor): boolean {
  return actor.institutionId === null && (actor.role === 'national_admin' || actor.role === 'system');
}

/** Whether the caller may read the case at all. Out of scope reads answer exactly like missing ones. */
/** The case fields applyAction reads (edit also compares EDIT_FIELDS): enough to predict an action's outcome. */
export const ACTION_FIELDS = [
  'trackingId',
  'version',
  'status',
  'institutionId',
  'verifiedAt',
  'firstResponseAt',
  // SLA: escalation, and what re-evaluating the policy reads (its conditions and the clocks' starts)
  'escalatedAt',
  'slaPolicyId',
  'slaPolicyFrom',
  'classification',
  'categoryId',
  'needsFieldInspection',
  'submittedAt',
  'disposedAt',
] as const;
export const EDIT_FIELDS = ['title', 'categoryId', 'classification', 'anonymous', 'confidential', 'needsFieldInspection'] as const;

export function canSee(c: Pick<Case, 'institutionId'>, actor: Actor, isWithin: ActionContext['isWithin']): boolean {
  if (actor.role === 'statistician') return false;
  if (isNational(actor)) return true;
  if (actor.institutionId === null || c.institutionId === null) return false;
  return isWithin(c.institutionId, actor.institutionId);
}

/** Confidential cases keep their content for the handling chain only; others see the structured fields. */
export function redactCase(c: Case, actor: Actor, isWithin: ActionContext['isWithin']): Case {
  if (!c.confidential || canSee(c, actor, isWithin)) return c;
  return { ...c, title: null, body: null, district: null, village: null, regionCode: null };
}

function refuse(code: RefusalCode, about: ProblemAbout, detail: string, field?: string): Refusal {
  return field === undefined ? { ok: false, code, about, detail } : { ok: false, code, about, detail, field };
}

const because = (reason: ProblemReason, params: ProblemParams): ProblemAbout => ({ reason, params });

/**
 * Applies an action, then re-evaluates the case's SLA policy when a condition changed (institution,
 * classification, category, field inspection): a new policy is recorded on the case and in the event's note,
 * and the deadlines are recomputed from their own starts under it. A disposition's response clock runs on
 * the policy the case has after it.
 */
export function applyAction(c: Case, req: ActionRequest, ctx: ActionContext): ActionOutcome {
  const outcome = decide(c, req, ctx);
  if (!outcome.ok) return outcome;
  const next = { ...c, ...outcome.patch };
  const sla = ctx.sla ?? settingsOnly(ctx.settings);
  const before = sla.current(c);
  const after = sla.select(next);
  const disposing = req.action === 'dispose' || req.action === 'redispose';
  if (before === after || (before.id === after.id && before.effectiveFrom === after.effectiveFrom)) {
    if (disposing) outcome.patch.responseDueAt = policyDeadlines(next, before.targets, ctx.calendar).responseDueAt;
    return outcome;
  }
  const deadlines = policyDeadlines(next, after.targets, ctx.calendar);
  Object.assign(outcome.patch, {
    slaPolicyId: after.id === SETTINGS_POLICY_ID ? null : after.id,
    slaPolicyFrom: after.id === SETTINGS_POLICY_ID ? null : after.effectiveFrom,
    verifyDueAt: deadlines.verifyDueAt,
    completionDueAt: deadlines.completionDueAt,
    ...(next.disposedAt !== null || disposing ? { responseDueAt: deadlines.responseDueAt } : {}),
  });
  const change = `sla policy: ${before.id} → ${after.id}`;
  outcome.event.note = outcome.event.note === null ? change : `${outcome.event.note}; ${change}`;
  return outcome;
}

function settingsOnly(settings: ClockSettings): SlaPolicies {
  const fallback = fallbackPolicy(settings);
  return { current: () => fallback, select: () => fallback };
}

function decide(c: Case, req: ActionRequest, ctx: ActionContext): ActionOutcome {
  const { actor } = ctx;
  if (!canSee(c, actor, ctx.isWithin)) return refuse('not_found', because('case-not-found', { trackingId: c.trackingId }), `case ${c.trackingId} not found`);
  const rule = ACTION_RULES[req.action];
  if (!rule.roles.includes(actor.role)) {
    return refuse('forbidden', because('role-may-not-act', { role: actor.role, action: req.action }), `role ${actor.role} may not ${req.action} a case`);
  }
  if (!rule.from.includes(c.status)) {
    if (rule.doneIn?.includes(c.status)) {
      return refuse('already_done', because('already-in-status', { trackingId: c.trackingId, caseStatus: c.status }), `case ${c.trackingId} is already ${c.status}`);
    }
    return refuse('invalid_transition', because('action-not-allowed', { action: req.action, caseStatus: c.status }), `cannot ${req.action} a case that is ${c.status}`, 'action');
  }

  const base = { fromStatus: c.status, fromInstitution: c.institutionId };
  const draft = (toStatus: Status, toInstitution: string | null, note: string | null): EventDraft => ({
    action: req.action,
    ...base,
    toStatus,
    toInstitution,
    note,
  });

  switch (req.action) {
    case 'dispose':
    case 'redispose': {
      const target = req.institutionId;
      if (!ctx.institutionIsActive(target)) {
        return refuse('invalid_field', because('institution-inactive', { institutionId: target }), `institution ${target} does not exist or is inactive`, 'institutionId');
      }
      if (actor.role === 'institution_admin' && !ctx.isWithin(target, actor.institutionId ?? '')) {
        return refuse('invalid_field', because('institution-outside-scope', { institutionId: target }), `institution ${target} is outside your institution's subtree`, 'institutionId');
      }
      if (req.action === 'redispose' && target === c.institutionId) {
        return refuse('invalid_field', because('already-disposed-to', { trackingId: c.trackingId, institutionId: target }), `case ${c.trackingId} is already disposed to ${target}`, 'institutionId');
      }
      return {
        ok: true,
        patch: {
          status: 'disposed',
          institutionId: target,
          verifiedAt: c.verifiedAt ?? ctx.now,
          disposedAt: ctx.now,
          // responseDueAt: set by applyAction under the case's policy after the disposition
          // A new disposition is 'belum ditindaklanjuti' at its new institution: the response clock restarts
          // and stops at that institution's first follow-up, not at one posted before (history keeps it).
          ...(req.action === 'redispose' ? { firstResponseAt: null } : {}),
        },
        event: draft('disposed', target, req.note ?? null),
      };
    }
    case 'return':
      return {
        ok: true,
        patch: { status: 'submitted', institutionId: null, responseDueAt: null },
        event: draft('submitted', null, req.note),
      };
    case 'postpone':
      return { ok: true, patch: { status: 'postponed', postponeReason: req.note }, event: draft('postponed', c.institutionId, req.note) };
    case 'resume':
      return { ok: true, patch: { status: 'submitted', postponeReason: null }, event: draft('submitted', c.institutionId, req.note ?? null) };
    case 'archive':
      return {
        ok: true,
        patch: {
          status: 'archived',
          archiveReason: req.reason,
          postponeReason: null,
          closedAt: ctx.now,
          closedBy: actor.role === 'system' ? 'system' : 'admin',
          ...endEscalation(c),
        },
        event: draft('archived', c.institutionId, req.note ?? req.reason),
      };
    case 'respond':
      return {
        ok: true,
        patch: { status: 'in_progress', firstResponseAt: c.firstResponseAt ?? ctx.now, lastResponseAt: ctx.now, ...endEscalation(c) },
        event: draft('in_progress', c.institutionId, req.message),
      };
    case 'close':
      if (c.firstResponseAt === null) {
        return refuse('invalid_transition', because('no-follow-up-yet', { trackingId: c.trackingId }), `case ${c.trackingId} has no follow-up yet`, 'action');
      }
      return {
        ok: true,
        patch: { status: 'completed', closedAt: ctx.now, closedBy: actor.role === 'system' ? 'system' : 'admin', ...endEscalation(c) },
        event: draft('completed', c.institutionId, req.note ?? null),
      };
    case 'reopen': {
      const to: Status = c.status === 'completed' ? 'in_progress' : 'submitted';
      return {
        ok: true,
        patch: { status: to, closedAt: null, closedBy: null, archiveReason: null },
        event: draft(to, c.institutionId, req.note),
      };
    }
    case 'edit': {
      const changes = req.changes;
      const patch: Partial<Case> = {};
      for (const key of EDIT_FIELDS) {
        const value = changes[key];
        if (value !== undefined && value !== c[key]) Object.assign(patch, { [key]: value });
      }
      if (patch.categoryId !== undefined && patch.categoryId !== null && !ctx.categoryExists(patch.categoryId)) {
        return refuse('invalid_field', because('category-unknown', { categoryId: patch.categoryId }), `category ${patch.categoryId} does not exist`, 'changes.categoryId');
      }
      if (Object.keys(patch).length === 0) {
        return refuse('already_done', because('already-has-values', { trackingId: c.trackingId }), `case ${c.trackingId} already has these values`);
      }
      const summary = Object.keys(patch).join(',');
      return { ok: true, patch, event: draft(c.status, c.institutionId, req.note ?? `edit: ${summary}`) };
    }
    case 'escalate':
      if ((c.escalatedAt ?? null) !== null) {
        return refuse('already_done', because('already-has-values', { trackingId: c.trackingId }), `case ${c.trackingId} is already escalated`);
      }
      return { ok: true, patch: { escalatedAt: ctx.now }, event: draft(c.status, c.institutionId, req.note ?? null) };
  }
}

/** The institution's follow-up or the closing ends an escalation (the event of that action records it). */
function endEscalation(c: Pick<Case, 'escalatedAt'>): Partial<Case> {
  return (c.escalatedAt ?? null) === null ? {} : { escalatedAt: null };
}
