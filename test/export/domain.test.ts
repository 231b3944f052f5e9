// The pure parts of the export: formula neutralisation, CSV fields as COPY writes them, the profiles' columns,
// the query rules, and the LF → CRLF record-end rewrite over arbitrary chunk boundaries (property test).

import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CASE_COLUMNS } from '../../src/domain/caseColumns.js';
import { csvField, exportColumns, ExportQuerySchema, headerRecord, neutraliseFormula } from '../../src/domain/export.js';
import { neutraliseFormula as ioNeutralise } from '../../src/io/format.js';
import { crlfRecords, literal } from '../../src/server/export.js';

describe('neutraliseFormula (one definition for server and client)', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+62 812', "'+62 812"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['\nx', "'\nx"],
    ['＝1', "'＝1"],
    ['＋1', "'＋1"],
    ['－1', "'－1"],
    ['＠x', "'＠x"],
    ['a=b', 'a=b'],
    [' =1', ' =1'],
    ['', ''],
    // the mark itself is escaped, so that the import can undo the escape (restoreFormula)
    ["'=1", "''=1"],
    ["'ok", "''ok"],
    ["'", "''"],
  ])('%j → %j', (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
    expect(ioNeutralise).toBe(neutraliseFormula);
  });
});

describe('csvField (as PostgreSQL COPY … CSV writes it)', () => {
  it.each([
    [null, ',', ''],
    ['', ',', '""'],
    [5, ',', '5'],
    [0, ';', '0'],
    ['a,b', ',', '"a,b"'],
    ['a,b', ';', 'a,b'],
    ['a;b', ';', '"a;b"'],
    ['say "hi"', ',', '"say ""hi"""'],
    ['two\nlines', ',', '"two\nlines"'],
    ['cr\r', ';', '"cr\r"'],
    ['\\.', ',', '\\.'],
  ] as const)('%j with %j → %j', (value, delimiter, expected) => {
    expect(csvField(value, delimiter)).toBe(expected);
  });
});

describe('profiles and headers', () => {
  it('statistical carries no free text and no reporter; full adds title/body; pii adds the reporter', () => {
    const names = (p: 'statistical' | 'full' | 'pii') => exportColumns(p).map((c) => c.name);
    expect(names('statistical')).not.toContain('title');
    expect(names('statistical').some((n) => n.startsWith('reporter'))).toBe(false);
    expect(names('full')).toEqual(CASE_COLUMNS.filter((c) => c.class !== 'reporter').map((c) => c.name));
    expect(names('pii')).toEqual(CASE_COLUMNS.map((c) => c.name));
  });

  it('header records in the three header modes and two dialects', () => {
    const cols = exportColumns('statistical').slice(0, 3);
    expect(headerRecord(cols, 'name', 'rfc4180')).toBe('trackingId,classification,categoryId\r\n');
    expect(headerRecord(cols, 'id', 'excel-id')).toBe('\uFEFFID Pelacakan;Klasifikasi;Kategori\r\n');
    expect(headerRecord(cols, 'en', 'rfc4180')).toBe('Tracking ID,Classification,Category\r\n');
  });
});

describe('ExportQuerySchema', () => {
  const issues = (q: Record<string, string>) => {
    const r = ExportQuerySchema.safeParse(q);
    return r.success ? [] : r.error.issues.map((i) => i.path.join('.'));
  };
  it('defaults and rules', () => {
    expect(ExportQuerySchema.parse({})).toEqual({ profile: 'statistical', dialect: 'rfc4180', header: 'name' });
    expect(issues({ profile: 'pii' })).toEqual(['purpose']);
    expect(issues({ profile: 'pii', purpose: 'abc' })).toEqual(['purpose']); // too short to mean anything
    expect(issues({ profile: 'pii', purpose: 'Audit Ombudsman' })).toEqual([]);
    expect(issues({ profile: 'full', purpose: 'Audit Ombudsman' })).toEqual(['purpose']);
    expect(issues({ year: '2024', to: '2024-05-01' })).toEqual(['year']);
    expect(issues({ q: 'jalan' })).toEqual(['q']);
    expect(issues({ profile: 'full', q: 'jalan' })).toEqual([]);
    expect(issues({ profile: 'pii', purpose: 'Audit\u0007Ombudsman' })).toEqual(['purpose']);
    expect(issues({ extra: '1' })).toEqual(['']);
  });
});

describe('literal (COPY takes no parameters)', () => {
  it('escapes quotes and backslashes in an E string', () => {
    expect(literal("O'Brien \\ %")).toBe("E'O''Brien \\\\ %'");
  });
});

describe('crlfRecords', () => {
  const field = fc.oneof(
    fc.constant(null),
    fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é', '—', ';') }),
  );
  const records = fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { maxLength: 12 });

  it('turns exactly the record-ending LFs into CRLF and counts records, whatever the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(records, fc.array(fc.nat(), { maxLength: 8 }), async (recs, cuts) => {
        const withLf = recs.map((r) => r.map((v) => csvField(v, ',')).join(',') + '\n').join('');
        const expected = recs.map((r) => r.map((v) => csvField(v, ',')).join(',') + '\r\n').join('');
        const bytes = Buffer.from(withLf);
        const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort((a, b) => a - b);
        const chunks: Buffer[] = [];
        let prev = 0;
        for (const p of points) {
          chunks.push(bytes.subarray(prev, p));
          prev = p;
        }
        chunks.push(bytes.subarray(prev));
        async function* source() {
          for (const c of chunks) yield c;
        }
        const counter = { rows: 0 };
        const out: Buffer[] = [];
        for await (const c of crlfRecords(source(), counter)) out.push(c);
        const text = Buffer.concat(out).toString('utf8');
        expect(text).toBe(expected);
        expect(counter.rows).toBe(recs.length);
        if (recs.length > 0) {
          const parsed = parse(text, { record_delimiter: '\r\n', relax_column_count: true }) as string[][];
          expect(parsed.map((r) => r.length)).toEqual(recs.map((r) => r.length));
        }
      }),
      { numRuns: 500 },
    );
  });
});
