// The plan: predictions by the domain's state machine (apply, skip, refuse and why, stale versions), the
// summary by status/institution/action, its rendering; --where terms (names: test/unit/names.test.ts).

import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { planFromSelection, planFromTargets, predict, summarisePlan } from '../../src/bulk/plan.js';
import { actionContext } from '../../src/bulk/reference.js';
import { renderPlan } from '../../src/bulk/render.js';
import { parseWhereTerm, whereQuery } from '../../src/bulk/where.js';
import { UsageError } from '../../src/io/errors.js';
import { NOW } from '../helpers/cases.js';
import { ADMIN } from '../helpers/fakeApi.js';
import { CATEGORIES, INSTITUTIONS } from '../helpers/reference.js';
import { fakeApi, makeCase } from './sample.js';
import type { Actor } from '../../src/domain/types.js';

const ctxFor = (actor: Actor = ADMIN) => actionContext({ actor, institutions: INSTITUTIONS, categories: CATEGORIES }, NOW);
const plainCtx = { lang: 'en' as const, now: NOW, tty: false, color: new Chalk({ level: 0 }), width: 100 };

describe('predict', () => {
  const ctx = ctxFor();
  it('applies a valid action at the current version', () => {
    expect(predict(makeCase('A'), 3, { action: 'close' }, ctx)).toEqual({ kind: 'apply', toStatus: 'completed', toInstitutionId: 'badung.dinkes' });
  });
  it('skips what is already done, whatever the version (as the server does)', () => {
    expect(predict(makeCase('A', { status: 'completed', version: 9 }), 3, { action: 'close' }, ctx).kind).toBe('skip');
  });
  it('refuses a version that is no longer current as stale', () => {
    expect(predict(makeCase('A', { version: 4 }), 3, { action: 'close' }, ctx)).toMatchObject({ kind: 'refuse', code: 'stale' });
  });
  it('refuses invalid transitions, forbidden roles, out-of-scope cases and bad fields', () => {
    expect(predict(makeCase('A', { status: 'submitted', institutionId: null }), 3, { action: 'close' }, ctx)).toMatchObject({ code: 'invalid_transition' });
    expect(predict(makeCase('A', { firstResponseAt: null, status: 'in_progress' }), 3, { action: 'close' }, ctx)).toMatchObject({ code: 'invalid_transition' });
    const liaison: Actor = { name: 'l', role: 'liaison', institutionId: 'badung.dinkes' };
    expect(predict(makeCase('A'), 3, { action: 'close' }, ctxFor(liaison))).toMatchObject({ code: 'forbidden' });
    const badung: Actor = { name: 'b', role: 'institution_admin', institutionId: 'badung' };
    expect(predict(makeCase('A', { institutionId: 'denpasar.dinkes', version: 7 }), 3, { action: 'close' }, ctxFor(badung))).toMatchObject({ code: 'not_found' });
    expect(predict(makeCase('A', { status: 'submitted' }), 3, { action: 'dispose', institutionId: 'denpasar.lama' }, ctx)).toMatchObject({ code: 'invalid_field' });
    expect(predict(null, 3, { action: 'close' }, ctx)).toMatchObject({ code: 'not_found' });
  });
});

describe('plans', () => {
  const cases = [
    makeCase('A'),
    makeCase('B', { institutionId: 'badung.dpupr' }),
    makeCase('C', { status: 'completed' }),
    makeCase('D', { status: 'submitted', institutionId: null, firstResponseAt: null }),
  ];

  it('selects every matching case, page after page, at its version', async () => {
    const fake = fakeApi([...cases, ...Array.from({ length: 1200 }, (_, i) => makeCase(`X${i}`, { status: 'archived' }))]);
    const plan = await planFromSelection(fake, { status: 'in_progress,completed' }, { action: 'close' }, ctxFor());
    expect(plan.items.map((i) => i.trackingId)).toEqual(['A', 'B', 'C']);
    expect(plan.items.every((i) => i.version === 3)).toBe(true);
    const all = await planFromSelection(fake, { status: 'archived' }, { action: 'close' }, ctxFor());
    expect(all.items).toHaveLength(1200);
    expect(fake.calls.filter((c) => c.startsWith('listCases')).length).toBe(1 + 3);
  });

  it('names the cases it could not read as unresolved, unless their version was given', async () => {
    const fake = fakeApi(cases);
    const plan = await planFromTargets(
      fake,
      [
        { trackingId: 'A', request: { action: 'close' } },
        { trackingId: 'GONE', request: { action: 'close' } },
        { trackingId: 'GONE2', request: { action: 'close' }, version: 5 },
        { trackingId: 'B', request: { action: 'close' }, version: 2 },
      ],
      ctxFor(),
    );
    expect(plan.items.map((i) => [i.trackingId, i.version, i.prediction.kind])).toEqual([
      ['A', 3, 'apply'],
      ['GONE2', 5, 'refuse'],
      ['B', 2, 'refuse'],
    ]);
    expect(plan.unresolved.map((u) => u.trackingId)).toEqual(['GONE']);
  });

  it('summarises by status, institution and action, with refusals by reason', async () => {
    const fake = fakeApi(cases);
    const plan = await planFromTargets(fake, ['A', 'B', 'C', 'D', 'NOPE'].map((trackingId) => ({ trackingId, request: { action: 'close' as const } })), ctxFor());
    const s = summarisePlan(plan);
    expect(s).toMatchObject({ total: 5, toSend: 4, apply: 2, skip: 1 });
    expect(s.byStatus).toEqual([
      ['submitted', 1],
      ['in_progress', 2],
      ['completed', 1],
      [null, 1],
    ]);
    expect(s.byInstitution).toEqual([
      ['badung.dinkes', 2],
      ['badung.dpupr', 1],
      [null, 1],
    ]);
    expect(s.byAction).toEqual([['close', 5]]);
    expect(s.refuse.map((r) => [r.code, r.count])).toEqual([
      ['invalid_transition', 1],
      ['not_found', 1],
    ]);
  });

  it('renders the plan: title, counts, predictions, refusals with an example, the first rows', async () => {
    const fake = fakeApi(cases);
    const plan = await planFromTargets(fake, ['A', 'B', 'C', 'D', 'NOPE'].map((trackingId) => ({ trackingId, request: { action: 'close' as const } })), ctxFor());
    const text = renderPlan(plan, summarisePlan(plan), '5 IDs named', plainCtx);
    expect(text).toBe(
      [
        'Plan: close 5 cases (5 IDs named)',
        '  By status:        Not verified 1 · In progress 2 · Completed 1 · unknown 1',
        '  By institution:   badung.dinkes 2 · badung.dpupr 1 · (none) 1',
        '  Expected:         2 applied · 1 skipped (already in the target state) · 2 refused',
        '    not allowed from this status: 1  e.g. cannot close a case whose status is Not verified',
        '    not found or out of scope: 1  e.g. case NOPE not found',
        '  1 cases not found (or out of scope), which will not be sent: NOPE',
        '  First 4 of 4 rows:',
        '    A\tclose\tin_progress\tbadung.dinkes\t3\tapply',
        '    B\tclose\tin_progress\tbadung.dpupr\t3\tapply',
        '    C\tclose\tcompleted\tbadung.dinkes\t3\tskip (already done)',
        '    D\tclose\tsubmitted\t\t3\trefused: not allowed from this status',
        '',
      ].join('\n'),
    );
  });
});

describe('--where terms', () => {
  it('accepts the filters of cases list, checking their values', () => {
    expect(parseWhereTerm('status=in_progress', 'en')).toEqual(['status', 'in_progress']);
    expect(parseWhereTerm('q=jalan rusak', 'en')).toEqual(['q', 'jalan rusak']);
    expect(whereQuery(['status=submitted', 'status=postponed', 'institution=badung', 'from=2024-01-01'], 'en')).toEqual({
      status: 'submitted,postponed',
      institution: 'badung',
      from: '2024-01-01',
    });
  });
  it('refuses unknown keys, bad values and repeated single-valued keys', () => {
    expect(() => parseWhereTerm('state=open', 'en')).toThrow(/unknown key state/);
    expect(() => parseWhereTerm('status=open', 'en')).toThrow(/status=open is not valid/);
    expect(() => parseWhereTerm('status=submited', 'en')).toThrow(/status=submited is not valid; did you mean submitted\? allowed: submitted, /);
    expect(() => parseWhereTerm('status=disposed,in_progres', 'en')).toThrow(/did you mean in_progress\?/);
    expect(() => parseWhereTerm('from=2024-02-30', 'en')).toThrow(/YYYY-MM-DD/);
    expect(() => parseWhereTerm('overdue=soon', 'en')).toThrow(/allowed: verify, response, completion/);
    expect(() => parseWhereTerm('institution', 'en')).toThrow(/key=value/);
    expect(() => parseWhereTerm('q=', 'en')).toThrow(/no value/);
    expect(() => whereQuery(['institution=badung', 'institution=denpasar'], 'en')).toThrow(UsageError);
  });
});
