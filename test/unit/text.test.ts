// The one text policy (src/domain/text.ts) and the reversible formula escape (src/domain/export.ts), as intake
// (the wire schemas), the import (checkRow, mapRecord) and the export share them.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEXT_LIMITS } from '../../src/domain/caseColumns.js';
import { mapRecord, planHeader, type HeaderPlan, type ReadOptions } from '../../src/domain/csv/layout.js';
import { checkRow, F, IMPORT_FIELDS, type ImportValue } from '../../src/domain/csv/rules.js';
import { FORMULA_START_CHARS, neutraliseFormula, restoreFormula } from '../../src/domain/export.js';
import { ActionRequestSchema, NewCaseSchema } from '../../src/domain/schemas.js';
import { codePointLength, isBlank, textFault } from '../../src/domain/text.js';

const UNITS = ['a', ' ', "'", "''", '=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠', '😀', 'é', 'e\u0301', 'ش', '"', ';', ','];
const anyText = fc.string({ unit: fc.constantFrom(...UNITS), maxLength: 20 });

describe('codePointLength', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['😀', 1],
    ['😀'.repeat(500), 500],
    ['👍🏽', 2], // a base and a skin-tone modifier: two code points
    ['e\u0301', 2],
    ['\ud800x', 2], // a lone surrogate counts once
    ['\udc00\ud800', 2], // a low before a high surrogate is no pair
  ])('%j → %d', (text, n) => {
    expect(codePointLength(text)).toBe(n);
    expect(codePointLength(text)).toBe(Array.from(text).length);
  });
});

describe('textFault: what cannot be stored faithfully', () => {
  it.each([
    ['\t=1+1', null],
    ['a\r\nb\rc\n', null],
    ['\u007f \u0085 \u2028 \u200f\u202e', null], // DEL, C1, separators and bidi controls are text XML and CSV carry
    ['مرحبا שלום', null],
    ['😀🇮🇩', null],
    ['\ufffd', null], // a replacement character that was sent is text like any other
    ['a\u0000b', 'nul_character'],
    ['bel \u0007', 'control_character'],
    ['\u000b', 'control_character'],
    ['\u000c', 'control_character'],
    ['\u001b[31m', 'control_character'],
    ['x\ud800', 'not_unicode'],
    ['\udfffx', 'not_unicode'],
    ['\ufffe', 'not_unicode'],
    ['\uffff', 'not_unicode'],
  ])('%j → %s', (text, fault) => {
    expect(textFault(text)).toBe(fault);
  });

  it('blank is white space only (Unicode spaces too)', () => {
    expect(isBlank(' \t\r\n\u00a0\u3000')).toBe(true);
    expect(isBlank(' \t.')).toBe(false);
  });
});

describe('the wire schemas keep texts as sent and count code points', () => {
  const base = { classification: 'complaint', channel: 'web', title: 'Judul', body: 'Isi' };

  it('no trimming of title, body, places, notes and edits', () => {
    const parsed = NewCaseSchema.parse({ ...base, title: '\t=1+1 ', body: ' isi\r\n', village: ' Desa ' });
    expect([parsed.title, parsed.body, parsed.village]).toEqual(['\t=1+1 ', ' isi\r\n', ' Desa ']);
    expect(ActionRequestSchema.parse({ action: 'respond', message: ' \tbalasan ' })).toEqual({ action: 'respond', message: ' \tbalasan ' });
    expect(ActionRequestSchema.parse({ action: 'edit', changes: { title: ' T ' } })).toMatchObject({ changes: { title: ' T ' } });
  });

  it('limits in code points, from the catalogue', () => {
    expect(NewCaseSchema.safeParse({ ...base, title: '😀'.repeat(TEXT_LIMITS.title) }).success).toBe(true);
    expect(NewCaseSchema.safeParse({ ...base, title: '😀'.repeat(TEXT_LIMITS.title + 1) }).success).toBe(false);
    expect(NewCaseSchema.safeParse({ ...base, body: '😀'.repeat(TEXT_LIMITS.body) }).success).toBe(true);
    expect(NewCaseSchema.safeParse({ ...base, body: 'x'.repeat(TEXT_LIMITS.body + 1) }).success).toBe(false);
  });

  it('refuses blank titles, bodies and notes, and control characters, with the fault as the issue', () => {
    const codes = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; params?: unknown }[] } }) =>
      (r.error?.issues ?? []).map((i) => [i.path.join('.'), (i.params as { fieldCode?: string } | undefined)?.fieldCode]);
    expect(codes(NewCaseSchema.safeParse({ ...base, title: ' \t ' }))).toEqual([['title', 'empty']]);
    expect(codes(NewCaseSchema.safeParse({ ...base, body: 'a\u0001' }))).toEqual([['body', 'control_character']]);
    expect(codes(NewCaseSchema.safeParse({ ...base, reporter: { contact: '0812\u0000' } }))).toEqual([['reporter.contact', 'nul_character']]);
    expect(codes(ActionRequestSchema.safeParse({ action: 'postpone', note: '\r\n' }))).toEqual([['note', 'empty']]);
  });
});

describe('the reversible formula escape', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['\t=1+1', "'\t=1+1"],
    ["'", "''"],
    ["'ok", "''ok"],
    ["''", "'''"],
    ["'=1", "''=1"],
    ['+62 812', "'+62 812"],
    ['ok', 'ok'],
    ['', ''],
  ])('%j is written %j and read back', (text, cell) => {
    expect(neutraliseFormula(text)).toBe(cell);
    expect(restoreFormula(cell)).toBe(text);
  });

  it('text the export never writes is read as it is (a quote before a letter, a lone quote)', () => {
    expect(restoreFormula("'ok")).toBe("'ok");
    expect(restoreFormula("'")).toBe("'");
  });

  it('restore ∘ neutralise is the identity, neutralise ∘ restore keeps every written cell, and no written cell starts like a formula', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const cell = neutraliseFormula(text);
        expect(restoreFormula(cell)).toBe(text);
        expect(neutraliseFormula(restoreFormula(cell))).toBe(cell);
        expect(cell !== '' && FORMULA_START_CHARS.includes(cell[0])).toBe(false);
      }),
      { numRuns: 2000, seed: 17 },
    );
  });
});

describe('the import applies the same policy', () => {
  const NOW = Date.parse('2026-03-04T02:00:00Z');
  const read: ReadOptions = { offsetMinutes: 480, values: new Map(), defaults: new Map() };
  const header = ['trackingId', 'classification', 'title', 'body', 'channel', 'status', 'submittedAt'];
  const plan = planHeader(header, null, read) as HeaderPlan;
  const record = (title: string, body = 'Isi') => ['LPR-1', 'complaint', title, body, 'web', 'submitted', '2025-01-01T00:00:00.000Z'];

  function row(fields: Record<string, ImportValue>): ImportValue[] {
    const r: ImportValue[] = IMPORT_FIELDS.map(() => null);
    Object.assign(r, { [F.trackingId]: 'LPR-1', [F.classification]: 'complaint', [F.title]: 'T', [F.body]: 'B', [F.channel]: 'web', [F.status]: 'submitted' });
    r[F.submittedAt] = '2025-01-01T00:00:00.000Z';
    r[F.anonymous] = false;
    r[F.confidential] = false;
    for (const [k, v] of Object.entries(fields)) r[F[k as keyof typeof F]] = v;
    return r;
  }

  it('counts code points: 500 emoji fit the title, 501 do not', () => {
    expect(checkRow(row({ title: '😀'.repeat(500) }), NOW)).toEqual([]);
    expect(checkRow(row({ title: '😀'.repeat(501) }), NOW)).toEqual([{ field: 'title', code: 'too_long', detail: '501 > 500' }]);
  });

  it('refuses control characters and lone surrogates, and a blank title, naming the field', () => {
    expect(checkRow(row({ body: 'a\u0007' }), NOW)).toEqual([{ field: 'body', code: 'invalid_text', detail: 'U+0007' }]);
    expect(checkRow(row({ reporterName: 'x\ud800' }), NOW)).toEqual([{ field: 'reporterName', code: 'invalid_text', detail: 'U+D800' }]);
    expect(checkRow(row({ title: ' \t ' }), NOW)).toEqual([{ field: 'title', code: 'required', detail: null }]);
    expect(checkRow(row({ body: '\ttab\r\nCRLF\r' }), NOW)).toEqual([]);
  });

  it('undoes the escape before the length check: an escaped title at its limit imports', () => {
    const title = `=${'😀'.repeat(TEXT_LIMITS.title - 1)}`;
    const cell = neutraliseFormula(title);
    expect(codePointLength(cell)).toBe(TEXT_LIMITS.title + 1);
    const mapped = mapRecord(record(cell, neutraliseFormula("'kutipan")), plan, read, NOW);
    expect(mapped.problems).toBeNull();
    expect(mapped.row?.[F.title]).toBe(title);
    expect(mapped.row?.[F.body]).toBe("'kutipan");
  });
});
