import { describe, expect, it } from 'vitest';
import {
  applyAction,
  canSee,
  createActionContext,
  institutionTree,
  redactCase,
  REFUSAL_STATUS,
  type ActionContext,
  type ActionOutcome,
  type Applied,
  type RefusalCode,
} from '../../src/domain/actions.js';
import { clockView, WorkingCalendar } from '../../src/domain/clocks.js';
import { ActionRequestSchema, BulkItemSchema, type ActionRequest } from '../../src/domain/schemas.js';
import {
  ACTIONS,
  DEFAULT_CLOCKS,
  ROLES,
  STATUSES,
  type ActionName,
  type Actor,
  type Case,
  type Role,
  type Status,
} from '../../src/domain/types.js';

// ---- fixtures ----------------------------------------------------------------------------------------------

// national ─┬─ bali ─┬─ bali.dinkes
//           │        ├─ bali.rsud
//           │        └─ bali.lama (inactive)
//           └─ ntb ──── ntb.dinkes
const PARENT = new Map<string, string | null>([
  ['national', null],
  ['bali', 'national'],
  ['bali.dinkes', 'bali'],
  ['bali.rsud', 'bali'],
  ['bali.lama', 'bali'],
  ['ntb', 'national'],
  ['ntb.dinkes', 'ntb'],
]);
const INACTIVE = new Set(['bali.lama']);
const CATEGORIES = new Set(['kesehatan', 'kesehatan.bpjs', 'pendidikan']);

/** Walks up the parent chain by hand (independent of trees.ts). */
function isWithin(id: string, root: string): boolean {
  let cur: string | null | undefined = id;
  while (cur !== null && cur !== undefined) {
    if (cur === root) return true;
    cur = PARENT.get(cur);
  }
  return false;
}

// Idul Fitri 1445 H: holidays 10–11 April 2024, cuti bersama 8, 9, 12 and 15 April 2024.
const calendar = new WorkingCalendar(
  ['2024-04-08', '2024-04-09', '2024-04-10', '2024-04-11', '2024-04-12', '2024-04-15', '2024-05-01'],
  480,
);

// Friday 5 April 2024, 10:00 WITA.
const NOW = '2024-04-05T02:00:00.000Z';
// 5 working days after Fri 5 Apr: Mon 8 – Mon 15 are holidays/cuti bersama or weekend, so Tue 16 (1), Wed 17 (2),
// Thu 18 (3), Fri 19 (4), Mon 22 (5) → end of Mon 22 Apr WITA = 2024-04-22T23:59:59.999+08:00.
const RESPONSE_DUE_FROM_NOW = '2024-04-22T15:59:59.999Z';

const ACTORS: Record<Role, Actor> = {
  national_admin: { name: 'admin-nasional', role: 'national_admin', institutionId: null },
  institution_admin: { name: 'admin-bali', role: 'institution_admin', institutionId: 'bali' },
  liaison: { name: 'penghubung-dinkes', role: 'liaison', institutionId: 'bali.dinkes' },
  statistician: { name: 'statistik', role: 'statistician', institutionId: null },
  system: { name: 'cron', role: 'system', institutionId: null },
};

function ctxFor(actor: Actor, now = NOW): ActionContext {
  return {
    actor,
    now,
    isWithin,
    institutionIsActive: (id) => PARENT.has(id) && !INACTIVE.has(id),
    categoryExists: (id) => CATEGORIES.has(id),
    settings: DEFAULT_CLOCKS,
    calendar,
    reviewRequired: () => false,
  };
}

/** The matrix's case is copied to bali.rsud (so that uncopy applies) and is no duplicate. */
const COPIED_TO_RSUD = { relations: () => ({ duplicateOf: null, duplicates: 0, copiedTo: ['bali.rsud'] }) };

const VERIFIED_AT = '2024-04-02T01:00:00.000Z';
const FIRST_RESPONSE_AT = '2024-04-03T03:00:00.000Z';
const LAST_RESPONSE_AT = '2024-04-04T03:00:00.000Z';
const CLOSED_AT = '2024-04-04T05:00:00.000Z';

function baseCase(): Case {
  return {
    trackingId: 'LAP-2024-0001',
    classification: 'complaint',
    categoryId: 'kesehatan',
    title: 'Antrean BPJS terlalu lama',
    body: 'Sudah tiga jam menunggu di loket.',
    incidentDate: '2024-03-30',
    province: 'Bali',
    regency: 'Kota Denpasar',
    district: 'Denpasar Barat',
    village: 'Dauh Puri',
    regionCode: '5171030001',
    channel: 'web',
    anonymous: false,
    confidential: false,
    institutionId: 'bali.dinkes',
    status: 'submitted',
    closedBy: null,
    archiveReason: null,
    postponeReason: null,
    rating: null,
    submittedAt: '2024-04-01T01:00:00.000Z',
    verifiedAt: null,
    disposedAt: null,
    firstResponseAt: null,
    lastResponseAt: null,
    lastReporterReplyAt: null,
    closedAt: null,
    draftMessage: null,
    draftBy: null,
    draftAt: null,
    verifyDueAt: '2024-04-04T15:59:59.999Z',
    responseDueAt: null,
    completionDueAt: '2024-05-31T15:59:59.999Z',
    slaPolicyId: null,
    slaPolicyFrom: null,
    needsFieldInspection: null,
    escalatedAt: null,
    version: 1,
  };
}

/** A plausible case in each status, all at bali.dinkes (inside every bound actor's scope). */
function caseIn(status: Status, over: Partial<Case> = {}): Case {
  const c = baseCase();
  const disposed = { verifiedAt: VERIFIED_AT, disposedAt: VERIFIED_AT, responseDueAt: '2024-04-16T15:59:59.999Z' };
  const responded = { ...disposed, firstResponseAt: FIRST_RESPONSE_AT, lastResponseAt: LAST_RESPONSE_AT };
  const byStatus: Record<Status, Partial<Case>> = {
    submitted: {},
    postponed: { postponeReason: 'mohon lampirkan nomor antrean', version: 2 },
    disposed: { ...disposed, version: 2 },
    in_progress: { ...responded, version: 3 },
    completed: { ...responded, closedAt: CLOSED_AT, closedBy: 'admin', version: 4 },
    archived: { closedAt: CLOSED_AT, closedBy: 'admin', archiveReason: 'duplicate', version: 2 },
  };
  return { ...c, ...byStatus[status], status, ...over };
}

/** One valid request per action, built through the wire schema. */
const REQUESTS: Record<ActionName, ActionRequest> = {
  dispose: ActionRequestSchema.parse({ action: 'dispose', institutionId: 'bali.rsud', note: 'wewenang RSUD' }),
  redispose: ActionRequestSchema.parse({ action: 'redispose', institutionId: 'bali.rsud' }),
  return: ActionRequestSchema.parse({ action: 'return', note: 'bukan wewenang' }),
  postpone: ActionRequestSchema.parse({ action: 'postpone', note: 'mohon lampirkan nomor antrean' }),
  resume: ActionRequestSchema.parse({ action: 'resume' }),
  archive: ActionRequestSchema.parse({ action: 'archive', reason: 'spam' }),
  respond: ActionRequestSchema.parse({ action: 'respond', message: 'Sedang kami tindak lanjuti.' }),
  close: ActionRequestSchema.parse({ action: 'close', note: 'selesai' }),
  reopen: ActionRequestSchema.parse({ action: 'reopen', note: 'pelapor belum puas' }),
  edit: ActionRequestSchema.parse({ action: 'edit', changes: { title: 'Antrean BPJS di RSUD' } }),
  // desk work (issue #20)
  duplicate: ActionRequestSchema.parse({ action: 'duplicate', originalId: 'LAP-2024-0002' }),
  copy: ActionRequestSchema.parse({ action: 'copy', institutionIds: ['bali'] }),
  uncopy: ActionRequestSchema.parse({ action: 'uncopy', institutionIds: ['bali.rsud'] }),
  note: ActionRequestSchema.parse({ action: 'note', note: 'catatan internal' }),
  approve: ActionRequestSchema.parse({ action: 'approve' }),
  send_back: ActionRequestSchema.parse({ action: 'send_back', note: 'lengkapi jadwalnya' }),
  escalate: ActionRequestSchema.parse({ action: 'escalate' }),
};

// ---- the full matrix ---------------------------------------------------------------------------------------

// Written out by hand from DESIGN §2, not derived from ACTION_RULES.
// A status name = applied, leading to that status. N = not_found (statistician sees no case), F = forbidden
// (role may never do this), T = invalid_transition, D = already_done.
type Cell = Status | 'N' | 'F' | 'T' | 'D';
type Row = [Cell, Cell, Cell, Cell, Cell, Cell]; // submitted, postponed, disposed, in_progress, completed, archived
const F6: Row = ['F', 'F', 'F', 'F', 'F', 'F'];
const N6: Row = ['N', 'N', 'N', 'N', 'N', 'N'];

const EXPECTED: Record<ActionName, Record<Role, Row>> = {
  // verify + send to an institution; only from the admin queue; a disposed case is already disposed
  dispose: {
    national_admin: ['disposed', 'T', 'D', 'T', 'T', 'T'],
    institution_admin: ['disposed', 'T', 'D', 'T', 'T', 'T'],
    liaison: F6,
    statistician: N6,
    system: F6,
  },
  // to another institution, before or after follow-ups
  redispose: {
    national_admin: ['T', 'T', 'disposed', 'disposed', 'T', 'T'],
    institution_admin: ['T', 'T', 'disposed', 'disposed', 'T', 'T'],
    liaison: F6,
    statistician: N6,
    system: F6,
  },
  // "bukan wewenang": the institution (admin or liaison) hands a disposed case back to the queue
  return: {
    national_admin: ['T', 'T', 'submitted', 'T', 'T', 'T'],
    institution_admin: ['T', 'T', 'submitted', 'T', 'T', 'T'],
    liaison: ['T', 'T', 'submitted', 'T', 'T', 'T'],
    statistician: N6,
    system: F6,
  },
  // waiting for the reporter: only from the admin queue
  postpone: {
    national_admin: ['postponed', 'D', 'T', 'T', 'T', 'T'],
    institution_admin: ['postponed', 'D', 'T', 'T', 'T', 'T'],
    liaison: F6,
    statistician: N6,
    system: F6,
  },
  resume: {
    national_admin: ['T', 'submitted', 'T', 'T', 'T', 'T'],
    institution_admin: ['T', 'submitted', 'T', 'T', 'T', 'T'],
    liaison: F6,
    statistician: N6,
    system: F6,
  },
  // not actionable: admin or system, before disposition
  archive: {
    national_admin: ['archived', 'archived', 'T', 'T', 'T', 'D'],
    institution_admin: ['archived', 'archived', 'T', 'T', 'T', 'D'],
    liaison: F6,
    statistician: N6,
    system: ['archived', 'archived', 'T', 'T', 'T', 'D'],
  },
  // a follow-up (tindak lanjut): the first one moves disposed → in_progress
  respond: {
    national_admin: ['T', 'T', 'in_progress', 'in_progress', 'T', 'T'],
    institution_admin: ['T', 'T', 'in_progress', 'in_progress', 'T', 'T'],
    liaison: ['T', 'T', 'in_progress', 'in_progress', 'T', 'T'],
    statistician: N6,
    system: F6,
  },
  // needs a follow-up: only from in_progress; by an admin or by the system (auto-close)
  close: {
    national_admin: ['T', 'T', 'T', 'completed', 'D', 'T'],
    institution_admin: ['T', 'T', 'T', 'completed', 'D', 'T'],
    liaison: F6,
    statistician: N6,
    system: ['T', 'T', 'T', 'completed', 'D', 'T'],
  },
  // completed → back to processing; archived → back to the admin queue
  reopen: {
    national_admin: ['T', 'T', 'T', 'T', 'in_progress', 'submitted'],
    institution_admin: ['T', 'T', 'T', 'T', 'in_progress', 'submitted'],
    liaison: F6,
    statistician: N6,
    system: F6,
  },
  // admins only, in any status; the status does not change
  edit: {
    national_admin: ['submitted', 'postponed', 'disposed', 'in_progress', 'completed', 'archived'],
    institution_admin: ['submitted', 'postponed', 'disposed', 'in_progress', 'completed', 'archived'],
    liaison: F6,
    statistician: N6,
    system: F6,
  },
  // desk work (issue #20): a duplicate is archived (from where archive starts); copies go with a disposition;
  // copies are taken away and notes written in any status; notes by whoever answers cases
  duplicate: {
    national_admin: ['archived', 'archived', 'T', 'T', 'T', 'T'],
    institution_admin: ['archived', 'archived', 'T', 'T', 'T', 'T'],
    liaison: F6,
    statistician: N6,
    system: F6,
  },
  // reviewed replies: admins answer a liaison's draft while the case is with its institution; these cases
  // have no draft, so there is nothing to approve or return (already done; drafts: see 'reviewed replies')
  approve: {
    national_admin: ['T', 'T', 'D', 'D', 'T', 'T'],
    institution_admin: ['T', 'T', 'D', 'D', 'T', 'T'],
    liaison: F6,
    statistician: N6,
    system: F6,
  },
  copy: {
    national_admin: ['T', 'T', 'disposed', 'in_progress', 'completed', 'T'],
    institution_admin: ['T', 'T', 'disposed', 'in_progress', 'completed', 'T'],
    liaison: F6,
    statistician: N6,
    system: F6,
  },
  send_back: {
    national_admin: ['T', 'T', 'D', 'D', 'T', 'T'],
    institution_admin: ['T', 'T', 'D', 'D', 'T', 'T'],
    liaison: F6,
    statistician: N6,
    system: F6,
  },
  uncopy: {
    national_admin: ['submitted', 'postponed', 'disposed', 'in_progress', 'completed', 'archived'],
    institution_admin: ['submitted', 'postponed', 'disposed', 'in_progress', 'completed', 'archived'],
    liaison: F6,
    statistician: N6,
    system: F6,
  },
  note: {
    national_admin: ['submitted', 'postponed', 'disposed', 'in_progress', 'completed', 'archived'],
    institution_admin: ['submitted', 'postponed', 'disposed', 'in_progress', 'completed', 'archived'],
    liaison: ['submitted', 'postponed', 'disposed', 'in_progress', 'completed', 'archived'],
    statistician: N6,
    system: F6,
  },
  // intervensi (issue #19): national admin or the system sweep, on an open case; the status does not change
  escalate: {
    national_admin: ['submitted', 'postponed', 'disposed', 'in_progress', 'T', 'T'],
    institution_admin: F6,
    liaison: F6,
    statistician: N6,
    system: ['submitted', 'postponed', 'disposed', 'in_progress', 'T', 'T'],
  },
};

const REFUSAL_OF: Record<'N' | 'F' | 'T' | 'D', RefusalCode> = {
  N: 'not_found',
  F: 'forbidden',
  T: 'invalid_transition',
  D: 'already_done',
};

/** The patch each applied cell must produce, written out per action and starting status. */
function expectedPatch(action: ActionName, from: Status, role: Role): Partial<Case> {
  const closedBy = role === 'system' ? 'system' : 'admin';
  switch (action) {
    case 'dispose':
      return {
        status: 'disposed',
        institutionId: 'bali.rsud',
        verifiedAt: NOW,
        disposedAt: NOW,
        responseDueAt: RESPONSE_DUE_FROM_NOW,
      };
    case 'redispose':
      return {
        status: 'disposed',
        institutionId: 'bali.rsud',
        verifiedAt: VERIFIED_AT, // the first verification stands
        disposedAt: NOW,
        responseDueAt: RESPONSE_DUE_FROM_NOW,
        firstResponseAt: null, // the response clock restarts at the new institution
        ...NO_DRAFT, // a draft of the old institution's liaison is dropped
      };
    case 'return':
      return { status: 'submitted', institutionId: null, responseDueAt: null, ...NO_DRAFT };
    case 'postpone':
      // the case keeps why it waits; it stops waiting on resume or archive
      return { status: 'postponed', postponeReason: 'mohon lampirkan nomor antrean' };
    case 'resume':
      return { status: 'submitted', postponeReason: null };
    case 'archive':
      return { status: 'archived', archiveReason: 'spam', postponeReason: null, closedAt: NOW, closedBy };
    case 'respond':
      return {
        status: 'in_progress',
        firstResponseAt: from === 'disposed' ? NOW : FIRST_RESPONSE_AT,
        lastResponseAt: NOW,
      };
    case 'close':
      return { status: 'completed', closedAt: NOW, closedBy, ...NO_DRAFT };
    case 'reopen':
      return {
        status: from === 'completed' ? 'in_progress' : 'submitted',
        closedAt: null,
        closedBy: null,
        archiveReason: null,
      };
    case 'edit':
      return { title: 'Antrean BPJS di RSUD' };
    case 'duplicate':
      return { status: 'archived', archiveReason: 'duplicate', postponeReason: null, closedAt: NOW, closedBy: 'admin' };
    case 'copy':
    case 'uncopy':
    case 'note':
      return {};
    case 'approve':
    case 'send_back':
      throw new Error(`${action} never applies to a case without a draft`);
    case 'escalate':
      return { escalatedAt: NOW };
  }
}

const NO_DRAFT = { draftMessage: null, draftBy: null, draftAt: null };

function expectedEvent(action: ActionName, from: Status, to: Status) {
  const toInstitution =
    action === 'dispose' || action === 'redispose' ? 'bali.rsud' : action === 'return' ? null : 'bali.dinkes';
  const notes: Record<ActionName, string> = {
    dispose: 'wewenang RSUD',
    redispose: '',
    return: 'bukan wewenang',
    postpone: 'mohon lampirkan nomor antrean',
    resume: '',
    archive: 'spam', // no note: the reason is recorded
    respond: 'Sedang kami tindak lanjuti.',
    close: 'selesai',
    reopen: 'pelapor belum puas',
    edit: 'edit: title',
    duplicate: 'duplicate of LAP-2024-0002',
    copy: 'copy: bali',
    uncopy: 'uncopy: bali.rsud',
    note: 'catatan internal',
    approve: '',
    send_back: '',
    escalate: '',
  };
  return {
    action,
    fromStatus: from,
    toStatus: to,
    fromInstitution: 'bali.dinkes',
    toInstitution,
    note: notes[action] === '' ? null : notes[action],
  };
}

function expectApplied(outcome: ActionOutcome): Applied {
  if (!outcome.ok) throw new Error(`expected the action to apply, got ${outcome.code}: ${outcome.detail}`);
  return outcome;
}

function expectRefused(outcome: ActionOutcome, code: RefusalCode, field?: string): void {
  if (outcome.ok) throw new Error(`expected ${code}, but the action applied: ${JSON.stringify(outcome.patch)}`);
  expect(outcome.code).toBe(code);
  expect(outcome.detail.length).toBeGreaterThan(0);
  if (field !== undefined) expect(outcome.field).toBe(field);
}

function patched(c: Case, outcome: ActionOutcome): Case {
  return { ...c, ...expectApplied(outcome).patch, version: c.version + 1 };
}

describe('applyAction: every action × status × role', () => {
  const cells = ACTIONS.flatMap((action) =>
    ROLES.flatMap((role) => STATUSES.map((status, i) => ({ action, role, status, cell: EXPECTED[action][role][i] }))),
  );

  it('covers all 510 combinations', () => {
    expect(cells).toHaveLength(17 * 5 * 6);
  });

  it.each(cells)('$action by $role on a $status case → $cell', ({ action, role, status, cell }) => {
    const c = caseIn(status);
    const outcome = applyAction(c, REQUESTS[action], { ...ctxFor(ACTORS[role]), ...COPIED_TO_RSUD });
    if (cell === 'N' || cell === 'F' || cell === 'T' || cell === 'D') {
      expectRefused(outcome, REFUSAL_OF[cell], cell === 'T' ? 'action' : undefined);
      return;
    }
    const applied = expectApplied(outcome);
    expect(applied.patch).toEqual(expectedPatch(action, status, role));
    expect(applied.patch.status ?? c.status).toBe(cell);
    expect(applied.event).toEqual(expectedEvent(action, status, cell));
  });

  it('never mutates the case it is given', () => {
    for (const status of STATUSES) {
      const c = caseIn(status);
      const copy = structuredClone(c);
      for (const action of ACTIONS) applyAction(c, REQUESTS[action], ctxFor(ACTORS.national_admin));
      expect(c).toEqual(copy);
    }
  });

  it('maps refusals to HTTP statuses', () => {
    expect(REFUSAL_STATUS).toEqual({
      not_found: 404,
      forbidden: 403,
      invalid_transition: 409,
      already_done: 409,
      invalid_field: 422,
    });
  });
});

// ---- scope -------------------------------------------------------------------------------------------------

describe('scope', () => {
  const respond = REQUESTS.respond;
  const edit = REQUESTS.edit;

  it('an institution admin acts on its own subtree, including its root', () => {
    expectApplied(applyAction(caseIn('disposed'), respond, ctxFor(ACTORS.institution_admin)));
    expectApplied(applyAction(caseIn('disposed', { institutionId: 'bali' }), respond, ctxFor(ACTORS.institution_admin)));
  });

  it('a case of another institution, or of none, is not found for bound roles', () => {
    for (const role of ['institution_admin', 'liaison'] as const) {
      expectRefused(applyAction(caseIn('disposed', { institutionId: 'ntb.dinkes' }), respond, ctxFor(ACTORS[role])), 'not_found');
      expectRefused(applyAction(caseIn('submitted', { institutionId: null }), edit, ctxFor(ACTORS[role])), 'not_found');
    }
  });

  it('a liaison sees only its unit: neither a sibling nor the parent', () => {
    const liaison = ctxFor(ACTORS.liaison);
    expectRefused(applyAction(caseIn('disposed', { institutionId: 'bali.rsud' }), respond, liaison), 'not_found');
    expectRefused(applyAction(caseIn('disposed', { institutionId: 'bali' }), respond, liaison), 'not_found');
    expectApplied(applyAction(caseIn('disposed'), respond, liaison));
  });

  it('scope is checked before role: an out-of-scope case is not_found even for a forbidden action', () => {
    expectRefused(
      applyAction(caseIn('submitted', { institutionId: 'ntb.dinkes' }), REQUESTS.dispose, ctxFor(ACTORS.liaison)),
      'not_found',
    );
  });

  it('a bound role whose token lacks an institution sees nothing', () => {
    const unbound: Actor = { name: 'rusak', role: 'institution_admin', institutionId: null };
    expectRefused(applyAction(caseIn('disposed'), respond, ctxFor(unbound)), 'not_found');
    expect(canSee(caseIn('disposed'), unbound, isWithin)).toBe(false);
  });

  it('national roles see every case, with or without an institution', () => {
    for (const institutionId of ['ntb.dinkes', 'bali.dinkes', null]) {
      const c = caseIn('submitted', { institutionId });
      expect(canSee(c, ACTORS.national_admin, isWithin)).toBe(true);
      expect(canSee(c, ACTORS.system, isWithin)).toBe(true);
    }
    expectApplied(applyAction(caseIn('submitted', { institutionId: null }), REQUESTS.dispose, ctxFor(ACTORS.national_admin)));
    expectApplied(applyAction(caseIn('submitted', { institutionId: 'ntb' }), REQUESTS.archive, ctxFor(ACTORS.system)));
  });

  it('a statistician sees no case at all', () => {
    for (const institutionId of ['ntb.dinkes', 'bali.dinkes', null]) {
      expect(canSee(caseIn('submitted', { institutionId }), ACTORS.statistician, isWithin)).toBe(false);
    }
  });
});

// ---- dispose / redispose -----------------------------------------------------------------------------------

describe('dispose and redispose', () => {
  const submitted = caseIn('submitted');

  it('an institution admin may not dispose outside its subtree', () => {
    const req = ActionRequestSchema.parse({ action: 'dispose', institutionId: 'ntb.dinkes' });
    expectRefused(applyAction(submitted, req, ctxFor(ACTORS.institution_admin)), 'invalid_field', 'institutionId');
    const redisp = ActionRequestSchema.parse({ action: 'redispose', institutionId: 'national' });
    expectRefused(applyAction(caseIn('disposed'), redisp, ctxFor(ACTORS.institution_admin)), 'invalid_field', 'institutionId');
  });

  it('a national admin may dispose anywhere', () => {
    const req = ActionRequestSchema.parse({ action: 'dispose', institutionId: 'ntb.dinkes' });
    expect(expectApplied(applyAction(submitted, req, ctxFor(ACTORS.national_admin))).patch.institutionId).toBe('ntb.dinkes');
  });

  it('refuses an inactive or unknown institution', () => {
    for (const institutionId of ['bali.lama', 'papua.tidak-ada']) {
      for (const role of ['national_admin', 'institution_admin'] as const) {
        const req = ActionRequestSchema.parse({ action: 'dispose', institutionId });
        expectRefused(applyAction(submitted, req, ctxFor(ACTORS[role])), 'invalid_field', 'institutionId');
        const redisp = ActionRequestSchema.parse({ action: 'redispose', institutionId });
        expectRefused(applyAction(caseIn('in_progress'), redisp, ctxFor(ACTORS[role])), 'invalid_field', 'institutionId');
      }
    }
  });

  it('refuses a redisposition to the same institution', () => {
    const req = ActionRequestSchema.parse({ action: 'redispose', institutionId: 'bali.dinkes' });
    expectRefused(applyAction(caseIn('disposed'), req, ctxFor(ACTORS.national_admin)), 'invalid_field', 'institutionId');
  });

  it('dispose of a case that is already disposed is already_done', () => {
    const req = ActionRequestSchema.parse({ action: 'dispose', institutionId: 'bali.dinkes' });
    expectRefused(applyAction(caseIn('disposed'), req, ctxFor(ACTORS.national_admin)), 'already_done');
  });

  it('a redisposed case has a new response clock that the old follow-up does not stop', () => {
    const c = caseIn('in_progress');
    // Before: the first follow-up (3 Apr) met the first response clock.
    expect(clockView(c, 'response', NOW).state).toBe('met');
    const after = patched(c, applyAction(c, REQUESTS.redispose, ctxFor(ACTORS.national_admin)));
    expect(after.status).toBe('disposed');
    // Redisposed Fri 5 Apr 10:00 WITA; due end of Mon 22 Apr (Idul Fitri break); one hour later it runs.
    expect(clockView(after, 'response', '2024-04-05T03:00:00.000Z')).toEqual({
      clock: 'response',
      dueAt: RESPONSE_DUE_FROM_NOW,
      state: 'running',
      remainingMs: Date.parse(RESPONSE_DUE_FROM_NOW) - Date.parse('2024-04-05T03:00:00.000Z'),
    });
    // The new institution's first follow-up stops it.
    const answered = patched(
      after,
      applyAction(after, REQUESTS.respond, ctxFor(ACTORS.national_admin, '2024-04-16T02:00:00.000Z')),
    );
    expect(answered.firstResponseAt).toBe('2024-04-16T02:00:00.000Z');
    expect(clockView(answered, 'response', '2024-05-01T00:00:00.000Z').state).toBe('met');
  });

  it('a returned case goes back to the queue without an institution and can be disposed again', () => {
    const returned = patched(caseIn('disposed'), applyAction(caseIn('disposed'), REQUESTS.return, ctxFor(ACTORS.liaison)));
    expect(returned).toMatchObject({ status: 'submitted', institutionId: null, responseDueAt: null });
    // The liaison has handed it back: it is out of its scope now.
    expectRefused(applyAction(returned, REQUESTS.respond, ctxFor(ACTORS.liaison)), 'not_found');
    expect(clockView(returned, 'response', NOW).state).toBe('not_started');
    const again = patched(returned, applyAction(returned, REQUESTS.dispose, ctxFor(ACTORS.national_admin)));
    expect(again).toMatchObject({ status: 'disposed', institutionId: 'bali.rsud', verifiedAt: VERIFIED_AT });
  });
});

// ---- respond / close / archive / reopen --------------------------------------------------------------------

describe('follow-ups and closing', () => {
  it('respond sets firstResponseAt only the first time', () => {
    const t1 = '2024-04-16T01:00:00.000Z';
    const t2 = '2024-04-17T01:00:00.000Z';
    const c0 = caseIn('disposed');
    const c1 = patched(c0, applyAction(c0, REQUESTS.respond, ctxFor(ACTORS.liaison, t1)));
    expect(c1).toMatchObject({ status: 'in_progress', firstResponseAt: t1, lastResponseAt: t1 });
    const c2 = patched(c1, applyAction(c1, REQUESTS.respond, ctxFor(ACTORS.liaison, t2)));
    expect(c2).toMatchObject({ status: 'in_progress', firstResponseAt: t1, lastResponseAt: t2 });
  });

  it('close without any follow-up is refused', () => {
    // e.g. an imported case that says in_progress but has no follow-up on record
    const c = caseIn('in_progress', { firstResponseAt: null, lastResponseAt: null });
    expectRefused(applyAction(c, REQUESTS.close, ctxFor(ACTORS.national_admin)), 'invalid_transition', 'action');
    expectRefused(applyAction(caseIn('disposed'), REQUESTS.close, ctxFor(ACTORS.system)), 'invalid_transition');
  });

  it('close is refused from disposed even when a follow-up is on record', () => {
    // e.g. imported data: the status decides, not only the follow-up timestamp
    const c = caseIn('disposed', { firstResponseAt: FIRST_RESPONSE_AT, lastResponseAt: LAST_RESPONSE_AT });
    expectRefused(applyAction(c, REQUESTS.close, ctxFor(ACTORS.national_admin)), 'invalid_transition', 'action');
  });

  it('a system close is recorded as closedBy system, an admin close as admin', () => {
    const c = caseIn('in_progress');
    expect(expectApplied(applyAction(c, REQUESTS.close, ctxFor(ACTORS.system))).patch.closedBy).toBe('system');
    expect(expectApplied(applyAction(c, REQUESTS.close, ctxFor(ACTORS.institution_admin))).patch.closedBy).toBe('admin');
  });

  it('archive needs a reason and records it with closedAt', () => {
    expect(ActionRequestSchema.safeParse({ action: 'archive' }).success).toBe(false);
    expect(ActionRequestSchema.safeParse({ action: 'archive', reason: 'bosan' }).success).toBe(false);
    const req = ActionRequestSchema.parse({ action: 'archive', reason: 'not_public_service', note: 'urusan pribadi' });
    const applied = expectApplied(applyAction(caseIn('postponed'), req, ctxFor(ACTORS.system)));
    expect(applied.patch).toEqual({
      status: 'archived',
      archiveReason: 'not_public_service',
      postponeReason: null,
      closedAt: NOW,
      closedBy: 'system',
    });
    expect(applied.event.note).toBe('urusan pribadi');
  });

  it('reopen of a completed case resumes processing and clears the closing fields', () => {
    const c = caseIn('completed');
    const after = patched(c, applyAction(c, REQUESTS.reopen, ctxFor(ACTORS.national_admin)));
    expect(after).toMatchObject({ status: 'in_progress', closedAt: null, closedBy: null, archiveReason: null });
    expect(after.firstResponseAt).toBe(FIRST_RESPONSE_AT);
    expect(clockView(after, 'completion', NOW).state).toBe('running');
  });

  it('reopen of an archived case puts it back in the queue and clears the archive reason', () => {
    const c = caseIn('archived', { closedBy: 'system', archiveReason: 'no_reporter_response' });
    const after = patched(c, applyAction(c, REQUESTS.reopen, ctxFor(ACTORS.institution_admin)));
    expect(after).toMatchObject({ status: 'submitted', closedAt: null, closedBy: null, archiveReason: null });
  });

  it('already_done where the case already is where the action leads', () => {
    const admin = ctxFor(ACTORS.national_admin);
    expectRefused(applyAction(caseIn('completed'), REQUESTS.close, admin), 'already_done');
    expectRefused(applyAction(caseIn('archived'), REQUESTS.archive, admin), 'already_done');
    expectRefused(applyAction(caseIn('postponed'), REQUESTS.postpone, admin), 'already_done');
  });
});

// ---- edit --------------------------------------------------------------------------------------------------

describe('edit', () => {
  const admin = ctxFor(ACTORS.national_admin);
  const edit = (changes: Record<string, unknown>) => ActionRequestSchema.parse({ action: 'edit', changes });

  it('patches only the fields that really change', () => {
    const applied = expectApplied(
      applyAction(
        caseIn('disposed'),
        edit({ title: 'Antrean BPJS terlalu lama', categoryId: 'kesehatan.bpjs', confidential: true, anonymous: false }),
        admin,
      ),
    );
    expect(applied.patch).toEqual({ categoryId: 'kesehatan.bpjs', confidential: true });
    expect(applied.event).toMatchObject({ action: 'edit', fromStatus: 'disposed', toStatus: 'disposed' });
    expect(applied.event.note).toBe('edit: categoryId,confidential');
  });

  it('an edit with no real change is already_done', () => {
    expectRefused(applyAction(caseIn('submitted'), edit({ title: 'Antrean BPJS terlalu lama' }), admin), 'already_done');
    // surrounding white space is part of a title (kept as sent): a real change
    expectApplied(applyAction(caseIn('submitted'), edit({ title: '  Antrean BPJS terlalu lama ' }), admin));
    expectRefused(
      applyAction(caseIn('submitted'), edit({ classification: 'complaint', categoryId: 'kesehatan', anonymous: false }), admin),
      'already_done',
    );
  });

  it('an unknown category is an invalid field', () => {
    expectRefused(applyAction(caseIn('submitted'), edit({ categoryId: 'pariwisata' }), admin), 'invalid_field', 'changes.categoryId');
  });

  it('the category can be cleared', () => {
    expect(expectApplied(applyAction(caseIn('submitted'), edit({ categoryId: null }), admin)).patch).toEqual({
      categoryId: null,
    });
  });

  it('a stated note replaces the generated one', () => {
    const req = ActionRequestSchema.parse({ action: 'edit', changes: { classification: 'aspiration' }, note: 'salah klasifikasi' });
    expect(expectApplied(applyAction(caseIn('submitted'), req, admin)).event.note).toBe('salah klasifikasi');
  });
});

// ---- privacy -----------------------------------------------------------------------------------------------

describe('redactCase', () => {
  const secret = caseIn('disposed', { confidential: true });
  const otherAdmin: Actor = { name: 'admin-ntb', role: 'institution_admin', institutionId: 'ntb' };

  it('hides the content of a confidential case from those outside the handling chain', () => {
    for (const actor of [otherAdmin, ACTORS.statistician]) {
      const r = redactCase(secret, actor, isWithin);
      expect(r).toEqual({ ...secret, title: null, body: null, district: null, village: null, regionCode: null });
      expect(r.province).toBe('Bali');
    }
  });

  it('keeps the content for the handling chain', () => {
    for (const actor of [ACTORS.national_admin, ACTORS.institution_admin, ACTORS.liaison]) {
      expect(redactCase(secret, actor, isWithin)).toEqual(secret);
    }
  });

  it('does not touch a case that is not confidential', () => {
    const open = caseIn('disposed');
    expect(redactCase(open, otherAdmin, isWithin)).toEqual(open);
  });

  it('does not mutate its argument', () => {
    const copy = structuredClone(secret);
    redactCase(secret, otherAdmin, isWithin);
    expect(secret).toEqual(copy);
  });
});

// ---- schemas -----------------------------------------------------------------------------------------------

describe('ActionRequestSchema', () => {
  it('accepts one valid request per action', () => {
    expect(Object.keys(REQUESTS).sort()).toEqual([...ACTIONS].sort());
  });

  it('rejects unknown fields, at the top and inside changes', () => {
    expect(ActionRequestSchema.safeParse({ action: 'close', force: true }).success).toBe(false);
    expect(ActionRequestSchema.safeParse({ action: 'dispose', institutionId: 'bali', priority: 1 }).success).toBe(false);
    expect(ActionRequestSchema.safeParse({ action: 'edit', changes: { status: 'completed' } }).success).toBe(false);
  });

  it('rejects an unknown action', () => {
    expect(ActionRequestSchema.safeParse({ action: 'delete' }).success).toBe(false);
  });

  it.each(['return', 'postpone', 'reopen'])('%s requires a non-blank note', (action) => {
    expect(ActionRequestSchema.safeParse({ action }).success).toBe(false);
    expect(ActionRequestSchema.safeParse({ action, note: '   ' }).success).toBe(false);
    expect(ActionRequestSchema.safeParse({ action, note: 'alasan' }).success).toBe(true);
  });

  it('respond requires a message and dispose an institution', () => {
    expect(ActionRequestSchema.safeParse({ action: 'respond' }).success).toBe(false);
    expect(ActionRequestSchema.safeParse({ action: 'respond', note: 'x' }).success).toBe(false);
    expect(ActionRequestSchema.safeParse({ action: 'dispose' }).success).toBe(false);
    expect(ActionRequestSchema.safeParse({ action: 'dispose', institutionId: '' }).success).toBe(false);
  });

  it('rejects an edit without changes', () => {
    const r = ActionRequestSchema.safeParse({ action: 'edit', changes: {} });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['changes']);
    expect(ActionRequestSchema.safeParse({ action: 'edit' }).success).toBe(false);
    expect(ActionRequestSchema.safeParse({ action: 'edit', changes: { title: ' ' } }).success).toBe(false);
  });

  it('keeps notes as sent (never trimmed) and refuses a blank one', () => {
    expect(ActionRequestSchema.parse({ action: 'postpone', note: '  tunggu  ' })).toEqual({ action: 'postpone', note: '  tunggu  ' });
    expect(ActionRequestSchema.safeParse({ action: 'postpone', note: ' \t ' }).success).toBe(false);
  });
});

describe('BulkItemSchema', () => {
  it('accepts an item with a tracking id and version', () => {
    expect(BulkItemSchema.parse({ trackingId: 'LAP-2024.0001_a', version: 3, action: 'close' })).toEqual({
      trackingId: 'LAP-2024.0001_a',
      version: 3,
      action: 'close',
    });
  });

  it.each(['', '-LAP1', '.hidden', 'LAP 1', 'LAP/1', 'a'.repeat(65), 'LAP#1'])('rejects tracking id %j', (trackingId) => {
    expect(BulkItemSchema.safeParse({ trackingId, version: 1, action: 'close' }).success).toBe(false);
  });

  it('rejects a missing or non-positive version', () => {
    expect(BulkItemSchema.safeParse({ trackingId: 'LAP1', action: 'close' }).success).toBe(false);
    expect(BulkItemSchema.safeParse({ trackingId: 'LAP1', version: 0, action: 'close' }).success).toBe(false);
    expect(BulkItemSchema.safeParse({ trackingId: 'LAP1', version: 1.5, action: 'close' }).success).toBe(false);
  });

  it('still validates the action part', () => {
    expect(BulkItemSchema.safeParse({ trackingId: 'LAP1', version: 1, action: 'return' }).success).toBe(false);
  });
});

describe('createActionContext (the one builder: server, seed, bulk plans, test fakes)', () => {
  const nodes = [...PARENT].map(([id, parentId]) => ({ id, parentId, active: !INACTIVE.has(id) }));
  const ids = [...PARENT.keys(), 'unknown'];

  it('answers scope, activity and categories exactly as the hand-walked fixture does', () => {
    const ctx = createActionContext({
      actor: ACTORS.national_admin,
      now: NOW,
      institutions: institutionTree(nodes),
      categories: CATEGORIES,
      settings: DEFAULT_CLOCKS,
      calendar,
    });
    const expected = ctxFor(ACTORS.national_admin);
    for (const a of ids) {
      expect(ctx.institutionIsActive(a), a).toBe(expected.institutionIsActive(a));
      for (const b of ids) expect(ctx.isWithin(a, b), `${a} in ${b}`).toBe(a !== 'unknown' && expected.isWithin(a, b));
    }
    for (const k of ['kesehatan', 'pendidikan', 'hukum']) expect(ctx.categoryExists(k)).toBe(CATEGORIES.has(k));
  });

  it('roots a subtree at a node whose parent the caller cannot see, and survives a cycle', () => {
    const scoped = institutionTree(nodes.filter((n) => n.id.startsWith('bali')));
    expect(scoped.get('bali')?.path).toBe('/bali/');
    expect(scoped.get('bali.dinkes')?.path).toBe('/bali/bali.dinkes/');
    const cyclic = institutionTree([
      { id: 'a', parentId: 'b', active: true },
      { id: 'b', parentId: 'a', active: true },
    ]);
    expect(cyclic.get('a')?.path).toBe('/b/a/');
  });
});

// ---- reviewed replies (#20) --------------------------------------------------------------------------------

describe('reviewed replies', () => {
  const reviewing = (actor: Actor): ActionContext => ({ ...ctxFor(actor), reviewRequired: (id) => id === 'bali.dinkes' });
  const respond = REQUESTS.respond;

  it("a liaison's respond at a reviewing institution is a draft: status and follow-up times unchanged (the clock runs)", () => {
    for (const status of ['disposed', 'in_progress'] as const) {
      const c = caseIn(status);
      const applied = expectApplied(applyAction(c, respond, reviewing(ACTORS.liaison)));
      expect(applied.patch).toEqual({ draftMessage: 'Sedang kami tindak lanjuti.', draftBy: 'penghubung-dinkes', draftAt: NOW });
      expect(applied.event).toEqual({
        action: 'draft',
        fromStatus: status,
        toStatus: status,
        fromInstitution: 'bali.dinkes',
        toInstitution: 'bali.dinkes',
        note: 'Sedang kami tindak lanjuti.',
      });
    }
  });

  it('admins are never reviewed, and elsewhere a liaison publishes at once', () => {
    const c = caseIn('disposed');
    expect(expectApplied(applyAction(c, respond, reviewing(ACTORS.institution_admin))).patch.status).toBe('in_progress');
    expect(expectApplied(applyAction(c, respond, reviewing(ACTORS.national_admin))).patch.status).toBe('in_progress');
    const elsewhere = { ...ctxFor(ACTORS.liaison), reviewRequired: (id: string) => id === 'bali.rsud' };
    expect(expectApplied(applyAction(c, respond, elsewhere)).patch.status).toBe('in_progress');
  });

  it('one draft at a time: a second respond waits for the review', () => {
    const c = caseIn('disposed', { draftMessage: 'draf', draftBy: 'penghubung-dinkes', draftAt: NOW });
    const outcome = applyAction(c, respond, reviewing(ACTORS.liaison));
    expectRefused(outcome, 'invalid_transition', 'action');
    expect(!outcome.ok && outcome.about.reason).toBe('draft-pending');
  });

  it('approve publishes the draft as the follow-up: the clock stops at approval, the draft is cleared', () => {
    const later = '2024-04-16T03:00:00.000Z';
    const c = caseIn('disposed', { draftMessage: 'Jalan diperbaiki Senin.', draftBy: 'penghubung-dinkes', draftAt: NOW });
    const applied = expectApplied(applyAction(c, REQUESTS.approve, ctxFor(ACTORS.institution_admin, later)));
    expect(applied.patch).toEqual({ status: 'in_progress', firstResponseAt: later, lastResponseAt: later, ...NO_DRAFT });
    expect(applied.event).toMatchObject({ action: 'approve', fromStatus: 'disposed', toStatus: 'in_progress', note: 'Jalan diperbaiki Senin.' });
    // after an earlier follow-up, the first one stands
    const again = caseIn('in_progress', { draftMessage: 'Lanjutan', draftBy: 'x', draftAt: NOW });
    expect(expectApplied(applyAction(again, REQUESTS.approve, ctxFor(ACTORS.national_admin, later))).patch.firstResponseAt).toBe(FIRST_RESPONSE_AT);
  });

  it('send_back drops the draft with the note; nothing is published', () => {
    const c = caseIn('disposed', { draftMessage: 'draf', draftBy: 'penghubung-dinkes', draftAt: NOW });
    const applied = expectApplied(applyAction(c, REQUESTS.send_back, ctxFor(ACTORS.institution_admin)));
    expect(applied.patch).toEqual(NO_DRAFT);
    expect(applied.event).toMatchObject({ action: 'send_back', fromStatus: 'disposed', toStatus: 'disposed', note: 'lengkapi jadwalnya' });
  });

  it('a liaison may neither approve nor return; an admin outside the subtree does not see the case', () => {
    const c = caseIn('disposed', { draftMessage: 'draf', draftBy: 'p', draftAt: NOW });
    expectRefused(applyAction(c, REQUESTS.approve, ctxFor(ACTORS.liaison)), 'forbidden');
    const ntb: Actor = { name: 'admin-ntb', role: 'institution_admin', institutionId: 'ntb' };
    expectRefused(applyAction(c, REQUESTS.approve, ctxFor(ntb)), 'not_found');
  });

  it('a confidential case hides its draft from outside the handling chain', () => {
    const c = caseIn('disposed', { confidential: true, draftMessage: 'rahasia', draftBy: 'p', draftAt: NOW });
    const ntb: Actor = { name: 'admin-ntb', role: 'institution_admin', institutionId: 'ntb' };
    expect(redactCase(c, ntb, isWithin).draftMessage).toBeNull();
    expect(redactCase(c, ACTORS.institution_admin, isWithin).draftMessage).toBe('rahasia');
  });
});
