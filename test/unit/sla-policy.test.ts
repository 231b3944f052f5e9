// SLA policies (domain/slaPolicy.ts) and their use by the state machine: which policy a case runs on, its
// deadlines under each kind of target across holidays and cuti bersama, a policy change in mid-year that
// leaves earlier cases alone, and a reclassification that re-evaluates (recorded in the event's note).
// Every expected instant is computed by hand in the comments (WITA, UTC+8).

import { describe, expect, it } from 'vitest';
import { applyAction, createActionContext, institutionTree, type Applied } from '../../src/domain/actions.js';
import { WorkingCalendar } from '../../src/domain/clocks.js';
import {
  autoCloseAt,
  escalateAt,
  policyDeadlines,
  resolvePolicy,
  SEED_POLICIES,
  type SlaPolicy,
} from '../../src/domain/slaPolicy.js';
import { SlaPolicySchema } from '../../src/domain/sla.js';
import type { ActionRequest } from '../../src/domain/schemas.js';
import { DEFAULT_CLOCKS, type Actor, type Case } from '../../src/domain/types.js';

// Idul Fitri 1445 H: holidays 10–11 April 2024, cuti bersama 8, 9, 12 and 15 April; Hari Buruh 1 May;
// Kenaikan Isa Almasih 9 May and its cuti bersama 10 May.
const calendar = new WorkingCalendar(
  ['2024-04-08', '2024-04-09', '2024-04-10', '2024-04-11', '2024-04-12', '2024-04-15', '2024-05-01', '2024-05-09', '2024-05-10'],
  480,
);
const endWita = (date: string) => new Date(Date.parse(`${date}T23:59:59.999+08:00`)).toISOString();
const wita = (local: string) => new Date(Date.parse(`${local}+08:00`)).toISOString();

const institutions = institutionTree([
  { id: 'national', parentId: null, active: true },
  { id: 'bali', parentId: 'national', active: true },
  { id: 'bali.dinkes', parentId: 'bali', active: true },
  { id: 'ntb', parentId: 'national', active: true },
]);
const categoryPaths = new Map([
  ['kesehatan', '/kesehatan/'],
  ['kesehatan.bpjs', '/kesehatan/kesehatan.bpjs/'],
  ['pendidikan', '/pendidikan/'],
]);
const trees = {
  institutionWithin: (id: string, root: string) => (institutions.get(id)?.path ?? '#').startsWith(institutions.get(root)?.path ?? '@'),
  categoryWithin: (id: string, root: string) => (categoryPaths.get(id) ?? '#').startsWith(categoryPaths.get(root) ?? '@'),
};

const ANY = { classification: null, categoryId: null, institutionId: null, needsFieldInspection: null } as const;
const wd = (days: number) => ({ days, unit: 'working' as const });
const cd = (days: number) => ({ days, unit: 'calendar' as const });

/** The seeded policies plus a stricter health policy for Bali, and a mid-year change of the default. */
const POLICIES: SlaPolicy[] = [
  ...SEED_POLICIES,
  {
    id: 'bali-health',
    effectiveFrom: '2024-01-01',
    name: 'Bali: health complaints',
    source: 'Pergub (test)',
    conditions: { ...ANY, categoryId: 'kesehatan', institutionId: 'bali' },
    targets: { ...SEED_POLICIES[0].targets, response: wd(2) },
    escalateAfter: wd(1),
  },
  {
    // from 1 July 2024 the general first follow-up is 3 working days and completion 30 calendar days
    ...SEED_POLICIES[0],
    effectiveFrom: '2024-07-01',
    targets: { ...SEED_POLICIES[0].targets, response: wd(3), completion: cd(30) },
  },
];

const facts = (over: Partial<Case> = {}) => ({
  classification: 'complaint' as const,
  categoryId: null,
  institutionId: null,
  needsFieldInspection: null,
  submittedAt: wita('2024-04-05T10:00:00'),
  ...over,
});
const pick = (over: Partial<Case> = {}) => {
  const p = resolvePolicy(POLICIES, facts(over), trees, 480);
  return p && `${p.id}@${p.effectiveFrom}`;
};

describe('which policy a case runs on', () => {
  it('the seeded policies are valid and name their source', () => {
    for (const p of SEED_POLICIES) {
      expect(SlaPolicySchema.parse(p)).toEqual(p);
      expect(p.source).toMatch(/KemenPAN-RB/);
    }
    // the general figures are DEFAULT_CLOCKS (one source)
    expect(SEED_POLICIES[0].targets).toEqual({
      verify: wd(DEFAULT_CLOCKS.verifyWorkingDays),
      response: wd(DEFAULT_CLOCKS.responseWorkingDays),
      followUp: wd(DEFAULT_CLOCKS.responseWorkingDays),
      completion: cd(DEFAULT_CLOCKS.completionDays),
      autoClose: wd(DEFAULT_CLOCKS.autoCloseWorkingDays),
    });
  });

  it('the most specific matching policy wins; an unassessed flag matches neither dispute policy', () => {
    expect(pick()).toBe('default@2000-01-01');
    expect(pick({ needsFieldInspection: false })).toBe('complaint-no-field-inspection@2000-01-01');
    expect(pick({ needsFieldInspection: true })).toBe('complaint-field-inspection@2000-01-01');
    expect(pick({ classification: 'information_request', needsFieldInspection: false })).toBe('default@2000-01-01');
    // category subtree and institution subtree: a sub-category at a unit of Bali
    expect(pick({ categoryId: 'kesehatan.bpjs', institutionId: 'bali.dinkes' })).toBe('bali-health@2024-01-01');
    expect(pick({ categoryId: 'kesehatan.bpjs', institutionId: 'ntb' })).toBe('default@2000-01-01');
    expect(pick({ categoryId: 'pendidikan', institutionId: 'bali' })).toBe('default@2000-01-01');
    // submitted before bali-health took effect: it does not apply
    expect(pick({ categoryId: 'kesehatan', institutionId: 'bali', submittedAt: wita('2023-12-31T23:59:00') })).toBe('default@2000-01-01');
  });

  it('a mid-year change applies from its local date on, never to cases submitted before', () => {
    expect(pick({ submittedAt: wita('2024-06-30T23:59:59') })).toBe('default@2000-01-01');
    // 30 June 16:00 UTC is 1 July 00:00 WITA: the new version
    expect(pick({ submittedAt: '2024-06-30T16:00:00.000Z' })).toBe('default@2024-07-01');
    expect(pick({ submittedAt: '2024-06-30T15:59:59.999Z' })).toBe('default@2000-01-01');
  });
});

describe('deadlines under a policy, across holidays and cuti bersama', () => {
  const general = SEED_POLICIES[0].targets;

  it('working-day verify and calendar-day completion from the submission', () => {
    // Fri 5 Apr 10:00. Verify 3 working days: Mon 8, Tue 9 (cuti bersama), Wed 10, Thu 11 (Idul Fitri),
    // Fri 12 (cuti), Sat 13, Sun 14, Mon 15 (cuti) are not working days → Tue 16 (1), Wed 17 (2), Thu 18 (3).
    // Completion 14 calendar days (dispute without field inspection): 5 + 14 = 19 April.
    const d = policyDeadlines({ submittedAt: wita('2024-04-05T10:00:00'), disposedAt: null }, SEED_POLICIES[1].targets, calendar);
    expect(d).toEqual({ verifyDueAt: endWita('2024-04-18'), responseDueAt: null, completionDueAt: endWita('2024-04-19') });
    // the general policy: 60 calendar days → 4 June
    expect(policyDeadlines({ submittedAt: wita('2024-04-05T10:00:00'), disposedAt: null }, general, calendar).completionDueAt).toBe(endWita('2024-06-04'));
  });

  it('the first follow-up from the disposition, over Hari Buruh and the Kenaikan cuti bersama', () => {
    // disposed Tue 30 Apr 09:00; 5 working days: Wed 1 May (Hari Buruh) skipped → Thu 2 (1), Fri 3 (2),
    // Mon 6 (3), Tue 7 (4), Wed 8 (5).
    const d = policyDeadlines({ submittedAt: wita('2024-04-29T08:00:00'), disposedAt: wita('2024-04-30T09:00:00') }, general, calendar);
    expect(d.responseDueAt).toBe(endWita('2024-05-08'));
    // disposed Wed 8 May: Thu 9 (Kenaikan), Fri 10 (cuti) → Mon 13 (1) … Fri 17 (5)
    expect(policyDeadlines({ submittedAt: wita('2024-05-08T08:00:00'), disposedAt: wita('2024-05-08T09:00:00') }, general, calendar).responseDueAt).toBe(
      endWita('2024-05-17'),
    );
  });

  it('auto-close from the last follow-up unless the reporter replied; escalation past the response deadline', () => {
    // last follow-up Thu 2 May; 10 working days: 3, 6, 7, 8, 13, 14, 15, 16, 17, 20 May
    expect(autoCloseAt({ lastResponseAt: wita('2024-05-02T11:00:00'), lastReporterReplyAt: null }, general, calendar)).toBe(endWita('2024-05-20'));
    expect(autoCloseAt({ lastResponseAt: wita('2024-05-02T11:00:00'), lastReporterReplyAt: wita('2024-05-03T11:00:00') }, general, calendar)).toBeNull();
    // response due end of Wed 8 May; escalate 5 working days later: 13, 14, 15, 16, 17 → Fri 17 May
    const disposed = { status: 'disposed' as const, responseDueAt: endWita('2024-05-08'), escalatedAt: null };
    expect(escalateAt(disposed, SEED_POLICIES[0], calendar)).toBe(endWita('2024-05-17'));
    expect(escalateAt({ ...disposed, escalatedAt: wita('2024-05-10T00:00:00') }, SEED_POLICIES[0], calendar)).toBeNull();
    expect(escalateAt({ ...disposed, status: 'in_progress' }, SEED_POLICIES[0], calendar)).toBeNull();
    expect(escalateAt(disposed, { escalateAfter: null }, calendar)).toBeNull();
  });
});

// ---- the state machine under policies ------------------------------------------------------------------------

const admin: Actor = { name: 'admin-nasional', role: 'national_admin', institutionId: null };
const ctxAt = (now: string, actor: Actor = admin) =>
  createActionContext({
    actor,
    now,
    institutions,
    categories: new Set(categoryPaths.keys()),
    settings: DEFAULT_CLOCKS,
    calendar,
    policies: POLICIES,
    categoryPaths,
  });

function newCase(over: Partial<Case> = {}): Case {
  const submittedAt = wita('2024-04-05T10:00:00');
  return {
    trackingId: 'LAP-2024-0001',
    classification: 'complaint',
    categoryId: null,
    title: 'Jalan rusak',
    body: 'Lubang besar di jalan desa.',
    incidentDate: null,
    province: null,
    regency: null,
    district: null,
    village: null,
    regionCode: null,
    channel: 'web',
    anonymous: false,
    confidential: false,
    institutionId: null,
    status: 'submitted',
    closedBy: null,
    archiveReason: null,
    postponeReason: null,
    rating: null,
    submittedAt,
    verifiedAt: null,
    disposedAt: null,
    firstResponseAt: null,
    lastResponseAt: null,
    lastReporterReplyAt: null,
    closedAt: null,
    ...policyDeadlines({ submittedAt, disposedAt: null }, SEED_POLICIES[0].targets, calendar),
    slaPolicyId: 'default',
    slaPolicyFrom: '2000-01-01',
    needsFieldInspection: null,
    escalatedAt: null,
    version: 1,
    ...over,
  };
}

function apply(c: Case, req: ActionRequest, now: string, actor: Actor = admin): Applied {
  const out = applyAction(c, req, ctxAt(now, actor));
  if (!out.ok) throw new Error(out.detail);
  return out;
}

describe('re-evaluating the policy when a condition changes', () => {
  it('assessing "no field inspection" moves a complaint to the 14-day policy, recorded in the history', () => {
    const out = apply(newCase(), { action: 'edit', changes: { needsFieldInspection: false } }, wita('2024-04-06T09:00:00'));
    expect(out.patch).toEqual({
      needsFieldInspection: false,
      slaPolicyId: 'complaint-no-field-inspection',
      slaPolicyFrom: '2000-01-01',
      verifyDueAt: endWita('2024-04-18'), // unchanged figure: from the submission as before
      completionDueAt: endWita('2024-04-19'), // 14 calendar days after 5 April
    });
    expect(out.event.note).toBe('edit: needsFieldInspection; sla policy: default → complaint-no-field-inspection');
  });

  it('a reclassification re-evaluates: an information request leaves the dispute policy', () => {
    const c = newCase({ needsFieldInspection: false, slaPolicyId: 'complaint-no-field-inspection', completionDueAt: endWita('2024-04-19') });
    const out = apply(c, { action: 'edit', changes: { classification: 'information_request' }, note: 'bukan pengaduan' }, wita('2024-04-16T09:00:00'));
    expect(out.patch).toMatchObject({ classification: 'information_request', slaPolicyId: 'default', completionDueAt: endWita('2024-06-04') });
    expect(out.event.note).toBe('bukan pengaduan; sla policy: complaint-no-field-inspection → default');
    // an edit that changes no condition keeps the policy and writes no policy note
    const title = apply(c, { action: 'edit', changes: { title: 'Jalan desa rusak' } }, wita('2024-04-16T09:00:00'));
    expect(title.patch).toEqual({ title: 'Jalan desa rusak' });
    expect(title.event.note).toBe('edit: title');
  });

  it('a disposition into a policy\'s institution subtree takes that policy; its response clock runs on it', () => {
    const c = newCase({ categoryId: 'kesehatan.bpjs' });
    // disposed Tue 16 Apr 09:00 to bali.dinkes: bali-health, response 2 working days → Thu 18 Apr
    const out = apply(c, { action: 'dispose', institutionId: 'bali.dinkes' }, wita('2024-04-16T09:00:00'));
    expect(out.patch).toMatchObject({ slaPolicyId: 'bali-health', slaPolicyFrom: '2024-01-01', responseDueAt: endWita('2024-04-18') });
    expect(out.event.note).toBe('sla policy: default → bali-health');
    // to NTB: the general 5 working days → Tue 23 Apr (16 + 17, 18, 19, 22, 23), no policy change
    const ntb = apply(c, { action: 'dispose', institutionId: 'ntb' }, wita('2024-04-16T09:00:00'));
    expect(ntb.patch.responseDueAt).toBe(endWita('2024-04-23'));
    expect(ntb.patch.slaPolicyId).toBeUndefined();
    expect(ntb.event.note).toBeNull();
  });

  it('a case submitted before a mid-year change keeps the old version when disposed after it', () => {
    // submitted Fri 28 Jun (old version), disposed Mon 1 Jul: response 5 working days (not 3) → Mon 8 Jul
    const c = newCase({ submittedAt: wita('2024-06-28T10:00:00') });
    const out = apply(c, { action: 'dispose', institutionId: 'ntb' }, wita('2024-07-01T09:00:00'));
    expect(out.patch.responseDueAt).toBe(endWita('2024-07-08'));
    // submitted on 1 Jul: the new version (3 working days → Thu 4 Jul), recorded on the case
    const later = newCase({ submittedAt: wita('2024-07-01T08:00:00') });
    const out2 = apply(later, { action: 'dispose', institutionId: 'ntb' }, wita('2024-07-01T09:00:00'));
    expect(out2.patch).toMatchObject({ slaPolicyId: 'default', slaPolicyFrom: '2024-07-01', responseDueAt: endWita('2024-07-04') });
  });
});

describe('escalation (intervensi)', () => {
  const disposed = newCase({ status: 'disposed', institutionId: 'ntb', disposedAt: wita('2024-04-16T09:00:00'), responseDueAt: endWita('2024-04-23') });

  it('the national admin or the system escalates an open case once; other roles may not', () => {
    const out = apply(disposed, { action: 'escalate', note: 'intervensi' }, wita('2024-05-02T09:00:00'));
    expect(out.patch).toEqual({ escalatedAt: wita('2024-05-02T09:00:00') });
    expect(out.event).toMatchObject({ action: 'escalate', fromStatus: 'disposed', toStatus: 'disposed', note: 'intervensi' });
    const again = applyAction({ ...disposed, escalatedAt: wita('2024-05-02T09:00:00') }, { action: 'escalate' }, ctxAt(wita('2024-05-03T09:00:00')));
    expect(again).toMatchObject({ ok: false, code: 'already_done' });
    const system: Actor = { name: 'cron', role: 'system', institutionId: null };
    expect(applyAction(disposed, { action: 'escalate' }, ctxAt(wita('2024-05-02T09:00:00'), system)).ok).toBe(true);
    const bound: Actor = { name: 'admin-ntb', role: 'institution_admin', institutionId: 'ntb' };
    expect(applyAction(disposed, { action: 'escalate' }, ctxAt(wita('2024-05-02T09:00:00'), bound))).toMatchObject({ ok: false, code: 'forbidden' });
    expect(applyAction({ ...disposed, status: 'completed' }, { action: 'escalate' }, ctxAt(wita('2024-05-02T09:00:00')))).toMatchObject({
      ok: false,
      code: 'invalid_transition',
    });
  });

  it("the institution's follow-up or the closing ends it", () => {
    const escalated = { ...disposed, escalatedAt: wita('2024-05-02T09:00:00') };
    const liaison: Actor = { name: 'penghubung', role: 'liaison', institutionId: 'ntb' };
    const answered = apply(escalated, { action: 'respond', message: 'Sedang kami tangani.' }, wita('2024-05-03T09:00:00'), liaison);
    expect(answered.patch.escalatedAt).toBeNull();
    const archived = apply({ ...escalated, status: 'submitted' }, { action: 'archive', reason: 'spam' }, wita('2024-05-03T09:00:00'));
    expect(archived.patch.escalatedAt).toBeNull();
    const closed = apply({ ...escalated, status: 'in_progress', firstResponseAt: wita('2024-05-03T09:00:00') }, { action: 'close' }, wita('2024-05-06T09:00:00'));
    expect(closed.patch.escalatedAt).toBeNull();
    // a follow-up on a case that was never escalated does not touch the column
    expect('escalatedAt' in apply(disposed, { action: 'respond', message: 'ok' }, wita('2024-05-03T09:00:00'), liaison).patch).toBe(false);
  });
});
