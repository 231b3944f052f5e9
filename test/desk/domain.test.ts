// Issue #20 items 1 and 3, the pure rules: the duplicate rule (one level deep, open originals, self-links and
// cycles refused, repeat = already done), copies (who reads, who may note, who may act), the trigram measure
// and the plan-file rows of the new actions.

import { describe, expect, it } from 'vitest';
import {
  applyAction,
  canRead,
  createActionContext,
  institutionTree,
  isCopyReader,
  type ActionContext,
  type ActionOutcome,
  type CaseRelations,
  type OriginalFacts,
} from '../../src/domain/actions.js';
import { WorkingCalendar } from '../../src/domain/clocks.js';
import { ActionRequestSchema, type ActionRequest } from '../../src/domain/schemas.js';
import { trigramSimilarity, trigrams } from '../../src/domain/similarity.js';
import { DEFAULT_CLOCKS, type Actor, type Case, type Status } from '../../src/domain/types.js';
import { parsePlanFile } from '../../src/bulk/planfile.js';

const INSTITUTIONS = [
  { id: 'national', parentId: null, active: true },
  { id: 'bali', parentId: 'national', active: true },
  { id: 'bali.dinkes', parentId: 'bali', active: true },
  { id: 'bali.inspektorat', parentId: 'bali', active: true },
  { id: 'ntb', parentId: 'national', active: true },
  { id: 'ntb.dinkes', parentId: 'ntb', active: true },
  { id: 'ntb.lama', parentId: 'ntb', active: false },
];
const TREE = institutionTree(INSTITUTIONS);
const ADMIN: Actor = { name: 'admin', role: 'national_admin', institutionId: null };
const BALI: Actor = { name: 'admin.bali', role: 'institution_admin', institutionId: 'bali' };
const NTB_LIAISON: Actor = { name: 'ntb.dinkes', role: 'liaison', institutionId: 'ntb.dinkes' };
const NTB: Actor = { name: 'admin.ntb', role: 'institution_admin', institutionId: 'ntb' };

function ctx(actor: Actor, rel: Record<string, Partial<CaseRelations>> = {}, originals: Record<string, OriginalFacts | null> = {}): ActionContext {
  return createActionContext({
    actor,
    now: '2024-04-05T02:00:00.000Z',
    institutions: TREE,
    categories: new Set(['kesehatan']),
    settings: DEFAULT_CLOCKS,
    calendar: new WorkingCalendar([], 480),
    relations: (id) => ({ duplicateOf: null, duplicates: 0, copiedTo: [], ...rel[id] }),
    original: (id) => (id in originals ? originals[id] : null),
  });
}

function caseIn(status: Status, over: Partial<Case> = {}): Case {
  return {
    trackingId: 'D-1', classification: 'complaint', categoryId: 'kesehatan', title: 'Antrean', body: 'Isi', incidentDate: null,
    province: null, regency: null, district: null, village: null, regionCode: null, channel: 'web', anonymous: false,
    confidential: false, institutionId: 'bali.dinkes', status, closedBy: null, archiveReason: null, postponeReason: null,
    rating: null, submittedAt: '2024-04-01T01:00:00.000Z', verifiedAt: null, disposedAt: null, firstResponseAt: null,
    lastResponseAt: null, lastReporterReplyAt: null, closedAt: null, verifyDueAt: '2024-04-04T15:59:59.999Z',
    responseDueAt: null, completionDueAt: '2024-05-31T15:59:59.999Z', version: 1, ...over,
  };
}

const req = (r: object): ActionRequest => ActionRequestSchema.parse(r);
const reasonOf = (o: ActionOutcome) => (o.ok ? 'applied' : `${o.code}:${o.about.reason}`);
const OPEN: OriginalFacts = { trackingId: 'O-1', status: 'in_progress', duplicateOf: null };

describe('the duplicate rule', () => {
  const dup = req({ action: 'duplicate', originalId: 'O-1', note: 'sama' });

  it('archives with the reason duplicate and links to the original, keeping the link in the event note', () => {
    const out = applyAction(caseIn('submitted'), dup, ctx(ADMIN, {}, { 'O-1': OPEN }));
    if (!out.ok) throw new Error(out.detail);
    expect(out.patch).toMatchObject({ status: 'archived', archiveReason: 'duplicate', closedBy: 'admin' });
    expect(out.event).toMatchObject({ action: 'duplicate', toStatus: 'archived', note: 'duplicate of O-1: sama' });
    expect(out.effect).toEqual({ kind: 'link', originalId: 'O-1' });
  });

  it('refuses self-links, chains, cycles and closed or unseen originals; a repeat is already done', () => {
    const cases: [string, ActionOutcome][] = [
      ['self', applyAction(caseIn('submitted', { trackingId: 'O-1' }), dup, ctx(ADMIN, {}, { 'O-1': OPEN }))],
      ['dup of dup', applyAction(caseIn('submitted'), dup, ctx(ADMIN, {}, { 'O-1': { ...OPEN, duplicateOf: 'R-1' } }))],
      ['has duplicates', applyAction(caseIn('submitted'), dup, ctx(ADMIN, { 'D-1': { duplicates: 2 } }, { 'O-1': OPEN }))],
      ['completed', applyAction(caseIn('submitted'), dup, ctx(ADMIN, {}, { 'O-1': { ...OPEN, status: 'completed' } }))],
      ['archived', applyAction(caseIn('submitted'), dup, ctx(ADMIN, {}, { 'O-1': { ...OPEN, status: 'archived' } }))],
      ['unseen', applyAction(caseIn('submitted'), dup, ctx(ADMIN, {}, {}))],
      ['repeat', applyAction(caseIn('archived'), dup, ctx(ADMIN, { 'D-1': { duplicateOf: 'O-1' } }, { 'O-1': OPEN }))],
      ['other archived', applyAction(caseIn('archived'), dup, ctx(ADMIN, {}, { 'O-1': OPEN }))],
      ['disposed', applyAction(caseIn('disposed'), dup, ctx(ADMIN, {}, { 'O-1': OPEN }))],
      ['liaison', applyAction(caseIn('submitted'), dup, ctx({ ...NTB_LIAISON, institutionId: 'bali.dinkes' }, {}, { 'O-1': OPEN }))],
    ];
    expect(Object.fromEntries(cases.map(([k, o]) => [k, reasonOf(o)]))).toEqual({
      self: 'invalid_field:duplicate-of-self',
      'dup of dup': 'invalid_field:original-is-duplicate',
      'has duplicates': 'invalid_field:case-has-duplicates',
      completed: 'invalid_field:original-closed',
      archived: 'invalid_field:original-closed',
      unseen: 'invalid_field:original-not-found',
      repeat: 'already_done:already-duplicate-of',
      'other archived': 'invalid_transition:action-not-allowed',
      disposed: 'invalid_transition:action-not-allowed',
      liaison: 'forbidden:role-may-not-act',
    });
    const root = cases[1][1];
    expect(!root.ok && root.about.params).toEqual({ trackingId: 'O-1', targetId: 'R-1' });
  });

  it('a client that knows no links (a plan prediction) lets the server judge the original', () => {
    const plain = createActionContext({ actor: ADMIN, now: '2024-04-05T02:00:00.000Z', institutions: TREE, categories: new Set(), settings: DEFAULT_CLOCKS, calendar: new WorkingCalendar([], 480) });
    expect(reasonOf(applyAction(caseIn('submitted'), dup, plain))).toBe('applied');
  });

  it('reopening a duplicate unlinks it; reopening another archived case does not', () => {
    const reopen = req({ action: 'reopen', note: 'beda' });
    const linked = applyAction(caseIn('archived'), reopen, ctx(ADMIN, { 'D-1': { duplicateOf: 'O-1' } }));
    expect(linked.ok && linked.effect).toEqual({ kind: 'unlink', originalId: 'O-1' });
    const plain = applyAction(caseIn('archived'), reopen, ctx(ADMIN));
    expect(plain.ok && plain.effect).toBeUndefined();
  });
});

describe('copies (tembusan)', () => {
  const ntbCase = caseIn('disposed', { institutionId: 'ntb.dinkes' });
  const copiedToBali = { 'D-1': { copiedTo: ['bali'] } };

  it('who reads: the handling chain, and the copy’s institution and those above it, never the units below', () => {
    const isWithin = (a: string, b: string) => ctx(ADMIN).isWithin(a, b);
    expect(canRead(ntbCase, ['bali'], BALI, isWithin)).toBe(true);
    expect(canRead(ntbCase, ['bali.inspektorat'], BALI, isWithin)).toBe(true);
    expect(canRead(ntbCase, ['bali'], { ...BALI, institutionId: 'bali.dinkes' }, isWithin)).toBe(false);
    expect(canRead(ntbCase, [], BALI, isWithin)).toBe(false);
    expect(isCopyReader(['bali'], { ...BALI, role: 'statistician' }, isWithin)).toBe(false);
    expect(canRead(ntbCase, [], NTB_LIAISON, isWithin)).toBe(true);
  });

  it('a copy’s reader may note and nothing else; others are not told the case exists', () => {
    expect(reasonOf(applyAction(ntbCase, req({ action: 'note', note: 'dipantau' }), ctx(BALI, copiedToBali)))).toBe('applied');
    for (const r of [{ action: 'respond', message: 'x' }, { action: 'copy', institutionIds: ['bali.dinkes'] }, { action: 'redispose', institutionId: 'bali.dinkes' }]) {
      expect(reasonOf(applyAction(ntbCase, req(r), ctx(BALI, copiedToBali))), r.action).toBe('forbidden:copy-read-only');
      expect(reasonOf(applyAction(ntbCase, req(r), ctx(BALI))), r.action).toBe('not_found:case-not-found');
    }
  });

  it('copy adds only new institutions; the handler, an inactive or an out-of-subtree one is refused; uncopy takes only present ones', () => {
    const copy = (ids: string[], actor = ADMIN, rel = {}) => applyAction(ntbCase, req({ action: 'copy', institutionIds: ids }), ctx(actor, rel));
    const added = copy(['bali', 'bali.inspektorat'], ADMIN, { 'D-1': { copiedTo: ['bali'] } });
    expect(added.ok && added.effect).toEqual({ kind: 'copy', institutionIds: ['bali.inspektorat'] });
    expect(added.ok && added.event.note).toBe('copy: bali.inspektorat');
    expect(added.ok && added.patch).toEqual({});
    expect(reasonOf(copy(['bali'], ADMIN, copiedToBali))).toBe('already_done:already-copied');
    expect(reasonOf(copy(['ntb.dinkes']))).toBe('invalid_field:copy-to-handler');
    expect(reasonOf(copy(['ntb.lama']))).toBe('invalid_field:institution-inactive');
    expect(reasonOf(copy(['bali'], NTB))).toBe('invalid_field:institution-outside-scope');
    expect(reasonOf(copy(['ntb']))).toBe('applied');
    const un = applyAction(ntbCase, req({ action: 'uncopy', institutionIds: ['bali', 'ntb'] }), ctx(ADMIN, copiedToBali));
    expect(un.ok && un.effect).toEqual({ kind: 'uncopy', institutionIds: ['bali'] });
    expect(reasonOf(applyAction(ntbCase, req({ action: 'uncopy', institutionIds: ['ntb'] }), ctx(ADMIN, copiedToBali)))).toBe('already_done:not-copied');
    expect(ActionRequestSchema.safeParse({ action: 'copy', institutionIds: ['bali', 'bali'] }).success).toBe(false);
    expect(ActionRequestSchema.safeParse({ action: 'copy', institutionIds: [] }).success).toBe(false);
  });

  it('a note changes nothing but the history', () => {
    const out = applyAction(caseIn('in_progress', { firstResponseAt: '2024-04-03T00:00:00.000Z' }), req({ action: 'note', note: 'cek' }), ctx({ ...NTB_LIAISON, institutionId: 'bali.dinkes' }));
    expect(out.ok && out.patch).toEqual({});
    expect(out.ok && out.event).toMatchObject({ action: 'note', fromStatus: 'in_progress', toStatus: 'in_progress', note: 'cek' });
  });
});

describe('trigram similarity (pg_trgm’s measure)', () => {
  it('pads words, lower-cases, ignores punctuation; identical titles score 1, unrelated ones 0', () => {
    expect([...trigrams('Ab')].sort()).toEqual(['  a', ' ab', 'ab '].sort());
    expect(trigrams('PJU, mati!')).toEqual(trigrams('pju mati'));
    expect(trigramSimilarity('Antrean obat lama', 'antrean OBAT lama')).toBe(1);
    expect(trigramSimilarity('xyz', 'abc')).toBe(0);
    expect(trigramSimilarity('', '')).toBe(0);
    // 'word' has 5 trigrams, 'words' 6, 4 shared: 4 / 7
    expect(trigramSimilarity('word', 'words')).toBeCloseTo(4 / 7, 10);
  });
});

describe('plan files', () => {
  const ref = { institutions: INSTITUTIONS.map((i) => ({ ...i, name: i.id, level: 'unit' as const })), categories: [] };
  it('reads duplicate (original column), copy and uncopy (institutions separated by ;) and note rows', () => {
    const text = 'trackingId,action,original,institution,note\nA-1,duplicate,O-1,,\nA-2,copy,,bali; bali.inspektorat,\nA-3,uncopy,,bali,\nA-4,note,,,cek\n';
    const { rows, problems } = parsePlanFile(text, ref);
    expect(problems).toEqual([]);
    expect(rows.map((r) => r.request)).toEqual([
      { action: 'duplicate', originalId: 'O-1' },
      { action: 'copy', institutionIds: ['bali', 'bali.inspektorat'] },
      { action: 'uncopy', institutionIds: ['bali'] },
      { action: 'note', note: 'cek' },
    ]);
    expect(parsePlanFile('trackingId,action\nA-1,duplicate\n', ref).problems.map((p) => p.column)).toEqual(['original']);
  });
});
