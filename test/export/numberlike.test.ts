// The excel-id escape of number-like texts: the one predicate (looksLikeNumber, NUMBER_LIKE_PATTERN), the same
// decision in the server's SQL (on both backends), and the round trip of every escape through restoreFormula.

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialectText, excelText, looksLikeNumber, neutraliseFormula, restoreFormula } from '../../src/domain/export.js';
import { openDb, type Db } from '../../src/server/db/driver.js';
import { decodeSheetText, encodeSheetText } from '../../src/io/xlsxText.js';
import { neutraliseSql } from '../../src/server/export.js';
import { BACKENDS, POSTGRES_URL } from '../helpers/server.js';

const NUMBER_LIKE = [
  '007', '3,14', '3.14', '3201234567890123', '081234567890', '0812-3456-7890', '1/2/2023', '1/2', '50%', '1E5', '2e+3',
  '12:30', '12:30 PM', '9am', '(5)', '1.234,56', '1,234.56', 'Rp 5.000', 'rp5000', '$5', '€ 3,50', '12 Mei 2024', 'Jan-23',
  '5 March 2024', '1 des', '2024-01-05', '2024-01-05T09:30:00.000Z', ' 42 ', '42\u00a0', '35.78.01', '0', '1 1/2',
];
const NOT_NUMBER_LIKE = [
  '', ' ', 'abc', '3 jalan rusak', '12 Jalan Sudirman', 'Jl. Merdeka 5', 'LPR-2024-000001', 'e5', 'E', 'Mei', 'Rp', '%', '1e',
  'km 5', 'no. 7', '5 orang', '3x', '２０２４', 'x1', 'pukul 12:30',
];

describe('looksLikeNumber: a text a spreadsheet would turn into a number, date, time, percent or fraction', () => {
  it.each(NUMBER_LIKE)('%j is number-like', (text) => {
    expect(looksLikeNumber(text)).toBe(true);
    expect(excelText(text)).toBe(`'${text}`);
    // rfc4180 keeps it as it is: only excel-id is read by a spreadsheet with its guesses
    expect(dialectText(text, 'rfc4180')).toBe(neutraliseFormula(text));
  });

  it.each(NOT_NUMBER_LIKE)('%j is not', (text) => {
    expect(looksLikeNumber(text)).toBe(false);
    expect(excelText(text)).toBe(text);
  });

  it('formula starts and the mark itself keep their one escape in excel-id too', () => {
    expect(excelText('+62 812')).toBe("'+62 812");
    expect(excelText('-5')).toBe("'-5");
    expect(excelText("'007")).toBe("''007");
    expect(excelText("'abc")).toBe("''abc");
    expect(restoreFormula("''007")).toBe("'007");
    expect(restoreFormula("'007")).toBe('007');
    // a quote the export never writes in front of an ordinary text stays
    expect(restoreFormula("'abc")).toBe("'abc");
  });

  it('matches in linear time (each text has one parse): long near-misses end at once', () => {
    for (const unit of ['june5', '1E5', '12 ', 'sept', 'maret1', '1'])
      expect(looksLikeNumber(`${unit.repeat(4000)}x`)).toBe(false);
  });
});

// texts built from the pieces the predicate knows, plus anything
const piece = fc.constantFrom('0', '7', '12', '2024', ',', '.', ':', '/', '%', '(', ')', ' ', '-', '+', 'E', 'e5', 'Mei', 'jun', 'e', 'PM', 'T', 'Z', 'Rp', '$', "'", '=', '\t', 'a', 'x', 'ſ', 'K', '\u00a0', '２');
const textArb = fc.oneof(fc.array(piece, { maxLength: 8 }).map((p) => p.join('')), fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }));

describe('the escape round trip (fast-check)', () => {
  it('restoreFormula undoes excelText and neutraliseFormula; an unescaped text never starts with the mark', () => {
    fc.assert(
      fc.property(textArb, (t) => {
        expect(restoreFormula(excelText(t))).toBe(t);
        expect(restoreFormula(neutraliseFormula(t))).toBe(t);
        for (const e of [excelText(t), neutraliseFormula(t)]) if (e === t) expect(t.startsWith("'")).toBe(false);
        // the escape is one mark in front, never more
        expect(excelText(t) === t || excelText(t) === `'${t}`).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe.each(BACKENDS)('the SQL of the escape decides as the TypeScript (%s)', (backend) => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb(backend === 'postgres' ? { databaseUrl: POSTGRES_URL } : { dataDir: 'memory://' });
  });
  afterAll(async () => {
    await db.close();
  });

  it('excel-id and rfc4180 escapes over the listed and generated texts', async () => {
    const generated = fc.sample(textArb, { numRuns: 1500, seed: 17 }).filter((t) => !t.includes('\u0000'));
    const texts = [...new Set([...NUMBER_LIKE, ...NOT_NUMBER_LIKE, ...generated, "'007", '=1', '＝1'])];
    for (const dialect of ['excel-id', 'rfc4180'] as const) {
      const rows = await db.query<{ e: string }>(`SELECT ${neutraliseSql('t', dialect)} AS e FROM unnest($1::text[]) WITH ORDINALITY AS u(t, n) ORDER BY n`, [texts]);
      expect(rows.map((r) => r.e)).toEqual(texts.map((t) => dialectText(t, dialect)));
    }
  });
});

describe('a workbook text cell carries CR, DEL and control characters (OOXML _xHHHH_)', () => {
  it('encodes what XML cannot carry and a literal escape; decoding gives the text back (fast-check)', () => {
    expect(encodeSheetText('\r=a\u007f')).toBe('_x000D_=a_x007F_');
    expect(encodeSheetText('_x000D_ and _x12G4_')).toBe('_x005F_x000D_ and _x12G4_');
    expect(encodeSheetText('a\tb\nc é 😀')).toBe('a\tb\nc é 😀');
    // a `_xHHHH` whose closing `_` would come from the next character's own escape (found by the property)
    expect(encodeSheetText('_x5F0D\r')).toBe('_x005F_x5F0D_x000D_');
    expect(decodeSheetText(encodeSheetText('_x5F0D\r'))).toBe('_x5F0D\r');
    const unit = fc.constantFrom('_', 'x', '0', '0D', '5F', 'A', '_x000D_', '\r', '\n', '\u007f', '\u0001', 'a', '😀');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit, maxLength: 12 }), fc.string({ maxLength: 12 })), (t) => {
        expect(decodeSheetText(encodeSheetText(t))).toBe(t);
        expect(encodeSheetText(t)).not.toMatch(/[\r\u007f]/);
      }),
      { numRuns: 3000 },
    );
  });
});
