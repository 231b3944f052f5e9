// The import row rules (src/domain/csv/rules.ts): the digit-by-digit reading of instants must agree with the
// platform's own (Date.parse and its round trip) on every text, and checkRow must name each problem.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalInstantMs, checkRow, F, IMPORT_FIELDS, type ImportValue } from '../../src/domain/csv/rules.js';

/** What "a canonical instant" meant before the fast reading: Date.parse, and the text must survive a round trip. */
function reference(text: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(text)) return Number.NaN;
  const ms = Date.parse(text);
  return !Number.isNaN(ms) && new Date(ms).toISOString() === text ? ms : Number.NaN;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

describe('canonicalInstantMs', () => {
  it('agrees with Date.parse and its round trip on texts of the canonical shape, impossible days included', () => {
    const shaped = fc
      .tuple(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        fc.integer({ min: 0, max: 25 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 61 }),
        fc.integer({ min: 0, max: 999 }),
      )
      .map(([y, mo, d, h, mi, s, ms]) => `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(ms, 3)}Z`);
    fc.assert(
      fc.property(shaped, (text) => {
        expect(canonicalInstantMs(text)).toBe(reference(text));
      }),
      { numRuns: 20_000, seed: 5 },
    );
  });

  it('knows leap years, month ends and the years before 100', () => {
    expect(canonicalInstantMs('2024-02-29T00:00:00.000Z')).toBe(Date.UTC(2024, 1, 29));
    expect(canonicalInstantMs('2023-02-29T00:00:00.000Z')).toBeNaN();
    expect(canonicalInstantMs('1900-02-29T00:00:00.000Z')).toBeNaN();
    expect(canonicalInstantMs('2000-02-29T00:00:00.000Z')).toBe(Date.UTC(2000, 1, 29));
    expect(canonicalInstantMs('2024-04-31T00:00:00.000Z')).toBeNaN();
    expect(canonicalInstantMs('2024-12-31T23:59:59.999Z')).toBe(Date.UTC(2024, 11, 31, 23, 59, 59, 999));
    expect(canonicalInstantMs('2024-01-01T24:00:00.000Z')).toBeNaN();
    expect(canonicalInstantMs('0050-06-01T00:00:00.000Z')).toBe(reference('0050-06-01T00:00:00.000Z'));
    expect(canonicalInstantMs('2024-01-01T00:00:00Z')).toBeNaN();
    expect(canonicalInstantMs('2024-01-01T00:00:00.000+08:00')).toBeNaN();
  });
});

describe('checkRow', () => {
  const now = Date.parse('2025-01-01T00:00:00.000Z');
  const good = (): ImportValue[] => {
    const row: ImportValue[] = new Array<ImportValue>(IMPORT_FIELDS.length).fill(null);
    row[F.trackingId] = 'LPR-1';
    row[F.classification] = 'complaint';
    row[F.title] = 'Jalan rusak';
    row[F.body] = 'Mohon diperbaiki';
    row[F.channel] = 'web';
    row[F.status] = 'completed';
    row[F.closedBy] = 'admin';
    row[F.submittedAt] = '2024-03-04T01:02:03.000Z';
    row[F.closedAt] = '2024-03-20T01:02:03.000Z';
    row[F.incidentDate] = '2024-03-01';
    return row;
  };
  const problems = (change: (row: ImportValue[]) => void) => {
    const row = good();
    change(row);
    return checkRow(row, now).map((p) => [p.field, p.code]);
  };

  it('passes a good row and names each problem of a bad one', () => {
    expect(problems(() => undefined)).toEqual([]);
    expect(problems((r) => (r[F.closedAt] = '2024-02-30T00:00:00.000Z'))).toEqual([['closedAt', 'invalid_date']]);
    expect(problems((r) => (r[F.closedAt] = '2024-03-01T00:00:00.000Z'))).toEqual([['closedAt', 'inconsistent']]);
    expect(problems((r) => (r[F.closedAt] = '2025-06-01T00:00:00.000Z'))).toEqual([['closedAt', 'future_date']]);
    expect(problems((r) => (r[F.incidentDate] = '2024-02-30'))).toEqual([['incidentDate', 'invalid_date']]);
    expect(problems((r) => (r[F.title] = 'x'.repeat(501)))).toEqual([['title', 'too_long']]);
    expect(problems((r) => (r[F.body] = 'a\u0000b'))).toEqual([['body', 'invalid_text']]);
    expect(problems((r) => (r[F.province] = 5))).toEqual([['province', 'invalid_value']]);
    // a submission in the future is the only problem: the later instants are not compared with it
    expect(problems((r) => (r[F.submittedAt] = '2025-03-04T01:02:03.000Z'))).toEqual([['submittedAt', 'future_date']]);
  });
});
