// The state machine: the only way a case changes. Each action checks the role, the caller's scope and the
// current status, and yields the patch to apply plus the one event to append. Pure: the caller supplies the
// institution tree, the clock and the calendar.

import { WorkingCalendar } from './clocks.js';
import { fallbackPolicy, policyDeadlines, resolvePolicy, SETTINGS_POLICY_ID, type SlaPolicy } from './slaPolicy.js';
import { isWithinPath } from './trees.js';
import type { ActionRequest } from './schemas.js';
import type { ProblemAbout, ProblemParams, ProblemReason } from './problems.js';
import { STATUSES, type Actor, type ActionName, type Case, type ClockSettings, type DraftEventAction, type Role, type Status } from './types.js';

export interface ActionContext {
  actor: Actor;
  now: string;
  /** Whether `institutionId` lies in the subtree rooted at `rootId` (a node is in its own subtree). */
  isWithin(institutionId: string, rootId: string): boolean;
  institutionIsActive(institutionId: string): boolean;
  categoryExists(categoryId: string): boolean;
  settings: ClockSettings;
  calendar: WorkingCalendar;
  /** Reviewed replies: whether the institution requires a liaison's follow-up to be approved before it is published. */
  reviewRequired(institutionId: string): boolean;
  /** A case's duplicate link and copies (the store reads them with the case; absent: none known, as for a client). */
  relations?(trackingId: string): CaseRelations;
  /**
   * The case a `duplicate` action names as the original, as the caller may see it (canSee): null when it is
   * missing or out of scope; undefined when unknown (a client predicting a plan: the server judges).
   */
  original?(trackingId: string): OriginalFacts | null | undefined;
  /** SLA policies (createActionContext supplies them; absent: every case runs on the settings). */
  sla?: SlaPolicies;
}

// ---- desk work (issue #20): duplicates and copies --------------------------------------------------------

/**
 * A case's links beyond its row (the tables case_links and case_copies): the original it duplicates, how
 * many duplicates name it as their original, and the institutions it is copied to (tembusan).
 */
export interface CaseRelations {
  duplicateOf: string | null;
  duplicates: number;
  copiedTo: readonly string[];
}

export const NO_RELATIONS: CaseRelations = { duplicateOf: null, duplicates: 0, copiedTo: [] };

/** What the duplicate rule reads of the original. */
export interface OriginalFacts {
  trackingId: string;
  status: Status;
  duplicateOf: string | null;
}

/** What an applied action changes beside the case row: a duplicate link, or copies added or taken away. */
export type RelationEffect =
  | { kind: 'link'; originalId: string }
  | { kind: 'unlink'; originalId: string }
  | { kind: 'copy'; institutionIds: string[] }
  | { kind: 'uncopy'; institutionIds: string[] };

/** Whether the case is copied to the caller's institution subtree (a copy's reader: read and note, never act). */
export function isCopyReader(copiedTo: readonly string[], actor: Actor, isWithin: ActionContext['isWithin']): boolean {
  const root = actor.institutionId;
  if (root === null || actor.role === 'statistician') return false;
  return copiedTo.some((id) => isWithin(id, root));
}

/**
 * Whether the caller may read the case: the handling chain (canSee) or a copy's reader. The one read rule:
 * the store's single reads use it, and its listing scope is the same rule in SQL (Store#scopeClause).
 */
export function canRead(c: Pick<Case, 'institutionId'>, copiedTo: readonly string[], actor: Actor, isWithin: ActionContext['isWithin']): boolean {
  return canSee(c, actor, isWithin) || isCopyReader(copiedTo, actor, isWithin);
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
  relations?: ActionContext['relations'];
  original?: ActionContext['original'];
  /** The institutions that require review of their liaisons' follow-ups (none when absent). */
  reviewInstitutions?: ReadonlySet<string>;
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
    ...(input.relations ? { relations: input.relations } : {}),
    ...(input.original ? { original: input.original } : {}),
    reviewRequired: (id) => input.reviewInstitutions?.has(id) === true,
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
  action: ActionName | DraftEventAction;
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
  /** Links or copies to write with the event (duplicate, reopen of a duplicate, copy, uncopy). */
  effect?: RelationEffect;
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
  // desk work (issue #20). A duplicate is archived (reason duplicate): from where archive may start.
  duplicate: { roles: ADMINS, from: ['submitted', 'postponed'] },
  // copies go with a disposition: to a case that has an institution handling it (or had, when completed)
  copy: { roles: ADMINS, from: ['disposed', 'in_progress', 'completed'] },
  uncopy: { roles: ADMINS, from: STATUSES },
  // an internal note: no status, institution or clock changes; copies' readers may write one
  note: { roles: ['national_admin', 'institution_admin', 'liaison'], from: STATUSES },
  // reviewed replies: only while a case is with its institution; no draft awaiting review counts as done (skipped)
  approve: { roles: ADMINS, from: ['disposed', 'in_progress'] },
  send_back: { roles: ADMINS, from: ['disposed', 'in_progress'] },
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
  // reviewed replies: the draft a liaison's respond, approve and send_back read
  'draftAt',
  'draftMessage',
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
  return { ...c, title: null, body: null, district: null, village: null, regionCode: null, draftMessage: null };
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
/** The case fields an SLA policy's conditions read (slaPolicy.ts#resolvePolicy). */
const POLICY_CONDITION_FIELDS = ['classification', 'categoryId', 'institutionId', 'needsFieldInspection'] as const;

export function applyAction(c: Case, req: ActionRequest, ctx: ActionContext): ActionOutcome {
  const outcome = decide(c, req, ctx);
  if (!outcome.ok) return outcome;
  const next = { ...c, ...outcome.patch };
  const sla = ctx.sla ?? settingsOnly(ctx.settings);
  const before = sla.current(c);
  const disposing = req.action === 'dispose' || req.action === 'redispose';
  // only a change of what a policy's conditions read re-evaluates it: a case with no recorded policy (seeded,
  // imported) keeps running on the settings through a note, a postponement or a close
  const conditionChanged = POLICY_CONDITION_FIELDS.some((k) => k in outcome.patch && outcome.patch[k] !== c[k]);
  const after = conditionChanged ? sla.select(next) : before;
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

/** The checks every action passes first, in order: scope (and a copy's reader), role, already done, status. */
function precheck(c: Case, req: ActionRequest, ctx: ActionContext, rel: CaseRelations): Refusal | null {
  const { actor } = ctx;
  if (!canSee(c, actor, ctx.isWithin)) {
    if (!isCopyReader(rel.copiedTo, actor, ctx.isWithin)) return refuse('not_found', because('case-not-found', { trackingId: c.trackingId }), `case ${c.trackingId} not found`);
    // a copy's reader sees the case (so a refusal reveals nothing) and may only add a note
    if (req.action !== 'note') {
      return refuse('forbidden', because('copy-read-only', { trackingId: c.trackingId, action: req.action }), `case ${c.trackingId} is copied to your institution: read and note only`);
    }
  }
  const rule = ACTION_RULES[req.action];
  if (!rule.roles.includes(actor.role)) {
    return refuse('forbidden', because('role-may-not-act', { role: actor.role, action: req.action }), `role ${actor.role} may not ${req.action} a case`);
  }
  if (req.action === 'duplicate' && rel.duplicateOf === req.originalId) {
    return refuse('already_done', because('already-duplicate-of', { trackingId: c.trackingId, targetId: req.originalId }), `case ${c.trackingId} is already a duplicate of ${req.originalId}`);
  }
  if (!rule.from.includes(c.status)) {
    if (rule.doneIn?.includes(c.status)) {
      return refuse('already_done', because('already-in-status', { trackingId: c.trackingId, caseStatus: c.status }), `case ${c.trackingId} is already ${c.status}`);
    }
    return refuse('invalid_transition', because('action-not-allowed', { action: req.action, caseStatus: c.status }), `cannot ${req.action} a case that is ${c.status}`, 'action');
  }
  return null;
}

function decide(c: Case, req: ActionRequest, ctx: ActionContext): ActionOutcome {
  const { actor } = ctx;
  const rel = ctx.relations?.(c.trackingId) ?? NO_RELATIONS;
  const refused = precheck(c, req, ctx, rel);
  if (refused) return refused;

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
    case 'redispose':
      return disposeOutcome(c, req, ctx, draft);
    case 'return':
      return {
        ok: true,
        patch: { status: 'submitted', institutionId: null, responseDueAt: null, ...NO_DRAFT },
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
      if (actor.role === 'liaison' && c.institutionId !== null && ctx.reviewRequired(c.institutionId)) return draftReply(c, req.message, ctx);
      return {
        ok: true,
        patch: { status: 'in_progress', firstResponseAt: c.firstResponseAt ?? ctx.now, lastResponseAt: ctx.now, ...endEscalation(c) },
        event: draft('in_progress', c.institutionId, req.message),
      };
    case 'approve':
    case 'send_back':
      return reviewDraft(c, req, ctx, draft);
    case 'close':
      if (c.firstResponseAt === null) {
        return refuse('invalid_transition', because('no-follow-up-yet', { trackingId: c.trackingId }), `case ${c.trackingId} has no follow-up yet`, 'action');
      }
      return {
        ok: true,
        patch: { status: 'completed', closedAt: ctx.now, closedBy: actor.role === 'system' ? 'system' : 'admin', ...NO_DRAFT, ...endEscalation(c) },
        event: draft('completed', c.institutionId, req.note ?? null),
      };
    case 'reopen': {
      const to: Status = c.status === 'completed' ? 'in_progress' : 'submitted';
      // a reopened duplicate is a complaint of its own again: its link goes (and it counts again)
      const unlink: RelationEffect | undefined = rel.duplicateOf === null ? undefined : { kind: 'unlink', originalId: rel.duplicateOf };
      return {
        ok: true,
        patch: { status: to, closedAt: null, closedBy: null, archiveReason: null },
        event: draft(to, c.institutionId, req.note),
        ...(unlink ? { effect: unlink } : {}),
      };
    }
    case 'duplicate':
      return duplicateOutcome(c, req.originalId, req.note, rel, ctx, draft);
    case 'copy':
    case 'uncopy':
      return copyOutcome(c, req.action, req.institutionIds, req.note, rel, ctx, draft);
    case 'note':
      return { ok: true, patch: {}, event: draft(c.status, c.institutionId, req.note) };
    case 'edit':
      return editOutcome(c, req, ctx, draft);
    case 'escalate':
      if ((c.escalatedAt ?? null) !== null) {
        return refuse('already_done', because('already-has-values', { trackingId: c.trackingId }), `case ${c.trackingId} is already escalated`);
      }
      return { ok: true, patch: { escalatedAt: ctx.now }, event: draft(c.status, c.institutionId, req.note ?? null) };
  }
}

type Draft = (toStatus: Status, toInstitution: string | null, note: string | null) => EventDraft;

/** dispose and redispose: to an active institution, inside an institution admin's subtree, not to where it is. */
function disposeOutcome(c: Case, req: Extract<ActionRequest, { action: 'dispose' | 'redispose' }>, ctx: ActionContext, draft: Draft): ActionOutcome {
  const { actor } = ctx;
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
      ...(req.action === 'redispose' ? { firstResponseAt: null, ...NO_DRAFT } : {}),
    },
    event: draft('disposed', target, req.note ?? null),
  };
}

/** edit: the fields that change (none: already done); a new category must exist. */
function editOutcome(c: Case, req: Extract<ActionRequest, { action: 'edit' }>, ctx: ActionContext, draft: Draft): ActionOutcome {
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

// ---- desk work (issue #20): the duplicate and copy rules ---------------------------------------------------

/** The event's note: what the action did (kept in the hash-chained history), then the caller's note. */
function deskNote(what: string, note: string | undefined): string {
  return note === undefined ? what : `${what}: ${note}`;
}

/**
 * A duplicate is archived (reason duplicate) and linked to its original. Links are one level deep: the
 * original may not itself be a duplicate (the answer names its root) and a case that is the original of
 * others may not become a duplicate, so no chain and no cycle can form. The original must be open: a
 * duplicate is archived on the promise that the original's handling answers it, which a completed or
 * archived case no longer does (reopen it first, or handle the report on its own).
 */
function duplicateOutcome(c: Case, originalId: string, note: string | undefined, rel: CaseRelations, ctx: ActionContext, draft: Draft): ActionOutcome {
  const field = 'originalId';
  if (originalId === c.trackingId) {
    return refuse('invalid_field', because('duplicate-of-self', { trackingId: c.trackingId }), `case ${c.trackingId} cannot be a duplicate of itself`, field);
  }
  if (rel.duplicates > 0) {
    return refuse('invalid_field', because('case-has-duplicates', { trackingId: c.trackingId }), `case ${c.trackingId} is the original of ${rel.duplicates} duplicate(s): mark the other case as its duplicate instead`, field);
  }
  const original = ctx.original?.(originalId);
  if (original === null) {
    return refuse('invalid_field', because('original-not-found', { trackingId: originalId }), `original case ${originalId} not found`, field);
  }
  if (original !== undefined) {
    if (original.duplicateOf !== null) {
      const root = original.duplicateOf;
      return refuse('invalid_field', because('original-is-duplicate', { trackingId: originalId, targetId: root }), `case ${originalId} is itself a duplicate of ${root}: link to ${root}`, field);
    }
    if (original.status === 'completed' || original.status === 'archived') {
      return refuse('invalid_field', because('original-closed', { trackingId: originalId, caseStatus: original.status }), `original case ${originalId} is ${original.status}: reopen it first`, field);
    }
  }
  return {
    ok: true,
    patch: {
      status: 'archived',
      archiveReason: 'duplicate',
      postponeReason: null,
      closedAt: ctx.now,
      closedBy: 'admin',
      ...endEscalation(c),
    },
    event: draft('archived', c.institutionId, deskNote(`duplicate of ${originalId}`, note)),
    effect: { kind: 'link', originalId },
  };
}

/**
 * Copies (tembusan): institutions that may read the case and note on it, never act. An institution admin
 * copies inside its own subtree (as it disposes); the handling institution needs no copy. Adding only
 * copies that exist already, or taking away only absent ones, is already done (bulk counts it skipped).
 */
function copyOutcome(
  c: Case,
  action: 'copy' | 'uncopy',
  institutionIds: readonly string[],
  note: string | undefined,
  rel: CaseRelations,
  ctx: ActionContext,
  draft: Draft,
): ActionOutcome {
  const { actor } = ctx;
  const field = 'institutionIds';
  for (const id of institutionIds) {
    if (action === 'copy' && !ctx.institutionIsActive(id)) {
      return refuse('invalid_field', because('institution-inactive', { institutionId: id }), `institution ${id} does not exist or is inactive`, field);
    }
    if (actor.role === 'institution_admin' && !ctx.isWithin(id, actor.institutionId ?? '')) {
      return refuse('invalid_field', because('institution-outside-scope', { institutionId: id }), `institution ${id} is outside your institution's subtree`, field);
    }
    if (action === 'copy' && id === c.institutionId) {
      return refuse('invalid_field', because('copy-to-handler', { trackingId: c.trackingId, institutionId: id }), `case ${c.trackingId} is disposed to ${id}: it needs no copy`, field);
    }
  }
  const changed = institutionIds.filter((id) => rel.copiedTo.includes(id) === (action === 'uncopy'));
  if (changed.length === 0) {
    const reason = action === 'copy' ? 'already-copied' : 'not-copied';
    return refuse('already_done', because(reason, { trackingId: c.trackingId }), `case ${c.trackingId} is ${action === 'copy' ? 'already' : 'not'} copied to ${institutionIds.join(', ')}`);
  }
  return {
    ok: true,
    patch: {},
    event: draft(c.status, c.institutionId, deskNote(`${action}: ${changed.join(',')}`, note)),
    effect: { kind: action, institutionIds: changed },
  };
}

// ---- reviewed replies (#20) ------------------------------------------------------------------------------
//
// At an institution that requires review, a liaison's `respond` is kept as the case's draft (a `draft` event
// in the history; the status, the follow-up times and so the response clock stay as they were). An admin of
// the case's institution subtree `approve`s it: it is published as the follow-up (status, firstResponseAt and
// lastResponseAt as a respond at approval time: the clock stops then), or `send_back`s it with a note. One
// draft at a time; the case leaving its institution (redispose, return) or closing drops it.

/** The patch that drops a case's draft. */
export const NO_DRAFT = { draftMessage: null, draftBy: null, draftAt: null } as const satisfies Partial<Case>;

function draftReply(c: Case, message: string, ctx: ActionContext): ActionOutcome {
  if (c.draftAt !== null) {
    return refuse('invalid_transition', because('draft-pending', { trackingId: c.trackingId }), `case ${c.trackingId} already has a draft awaiting review`, 'action');
  }
  const event: EventDraft = {
    action: 'draft',
    fromStatus: c.status,
    toStatus: c.status,
    fromInstitution: c.institutionId,
    toInstitution: c.institutionId,
    note: message,
  };
  return { ok: true, patch: { draftMessage: message, draftBy: ctx.actor.name, draftAt: ctx.now }, event };
}

function reviewDraft(
  c: Case,
  req: Extract<ActionRequest, { action: 'approve' | 'send_back' }>,
  ctx: ActionContext,
  draft: (toStatus: Status, toInstitution: string | null, note: string | null) => EventDraft,
): ActionOutcome {
  if (c.draftAt === null || c.draftMessage === null) {
    return refuse('already_done', because('no-draft-pending', { trackingId: c.trackingId }), `case ${c.trackingId} has no draft awaiting review`);
  }
  if (req.action === 'send_back') return { ok: true, patch: { ...NO_DRAFT }, event: draft(c.status, c.institutionId, req.note) };
  return {
    ok: true,
    patch: { status: 'in_progress', firstResponseAt: c.firstResponseAt ?? ctx.now, lastResponseAt: ctx.now, ...NO_DRAFT, ...endEscalation(c) },
    event: draft('in_progress', c.institutionId, c.draftMessage),
  };
}

/** The institution's follow-up or the closing ends an escalation (the event of that action records it). */
function endEscalation(c: Pick<Case, 'escalatedAt'>): Partial<Case> {
  return (c.escalatedAt ?? null) === null ? {} : { escalatedAt: null };
}
