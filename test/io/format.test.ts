import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/io/errors.js';
import {
  OUTPUT_FORMATS,
  UnknownFieldError,
  csvCell,
  displayWidth,
  fitWidths,
  neutraliseFormula,
  parseOutputFormat,
  printRows,
  renderCsv,
  renderJson,
  renderNdjson,
  renderRecord,
  renderRows,
  renderTable,
  sanitizeText,
  selectColumns,
  type Column,
} from '../../src/io/format.js';
import { createTestIOStreams } from '../../src/io/testing.js';
import { CASES, CASE_COLUMNS, NOW, pipedContext, ttyContext } from './sample.js';

const GOLDEN = '../../fixtures/golden/io';
const LIST = ['trackingId', 'status', 'title', 'responseDueAt'];

describe('table', () => {
  for (const lang of ['id', 'en'] as const) {
    it(`renders a TTY table in ${lang} at width 80`, async () => {
      const text = renderTable(CASES, selectColumns(CASE_COLUMNS, undefined, LIST), ttyContext(lang));
      await expect(text).toMatchFileSnapshot(`${GOLDEN}/table-tty-${lang}.txt`);
      for (const line of text.trimEnd().split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(80);
    });

    it(`renders every column of a wide TTY table in ${lang}`, async () => {
      const text = renderTable(CASES, CASE_COLUMNS, ttyContext(lang, 200));
      await expect(text).toMatchFileSnapshot(`${GOLDEN}/table-tty-wide-${lang}.txt`);
    });
  }

  it('renders piped rows without header, colour or truncation, tab-separated with raw values', async () => {
    const text = renderTable(CASES, CASE_COLUMNS, pipedContext('en'));
    await expect(text).toMatchFileSnapshot(`${GOLDEN}/table-piped.txt`);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(CASES.length);
    expect(lines.every((l) => l.split('\t').length === CASE_COLUMNS.length)).toBe(true);
    expect(text).toContain('2026-11-20T01:15:00.000Z');
    expect(renderTable(CASES, CASE_COLUMNS, pipedContext('id'))).toBe(text);
  });

  it('keeps a fixed column whole and shrinks flex columns first', () => {
    expect(fitWidths([15, 20, 50], ['fixed', 'normal', 'flex'], 60)).toEqual([15, 20, 21]);
    expect(fitWidths([15, 36, 52, 19], ['fixed', 'normal', 'flex', 'normal'], 80)).toEqual([15, 20, 20, 19]);
    expect(fitWidths([10, 10], ['normal', 'normal'], 80)).toEqual([10, 10]);
  });

  it('colours cells only through the context chalk and keeps colour codes balanced when truncating', () => {
    const ctx = { ...ttyContext('en', 50), color: new Chalk({ level: 1 }) };
    const text = renderTable(CASES, selectColumns(CASE_COLUMNS, 'trackingId,responseDueAt,title'), ctx);
    expect(text).toContain('\u001b[31m2 days overdue\u001b[39m');
    expect(text).toContain('\u001b[1mTRACKING ID\u001b[22m');
    expect(renderTable(CASES, CASE_COLUMNS, ttyContext('en'))).not.toContain('\u001b[');
  });

  it('neutralises terminal escapes and newlines coming from case text', () => {
    const rows = [{ t: 'a\u001b]0;pwned\u0007b\u001b[2Jc\nd\te' }];
    const cols: Column<{ t: string }>[] = [{ key: 't', header: () => 'T', value: (r) => r.t }];
    expect(renderTable(rows, cols, ttyContext('en'))).toBe('T\nabc d e\n');
    expect(renderTable(rows, cols, pipedContext())).toBe('a ]0;pwned b [2Jc d e\n');
    expect(sanitizeText('x\r\ny')).toBe('x y');
  });

  it('is empty when there are no rows', () => {
    expect(renderTable([], CASE_COLUMNS, ttyContext('id'))).toBe('');
    expect(renderTable([], CASE_COLUMNS, pipedContext())).toBe('');
  });
});

describe('record', () => {
  it('renders one case as labelled lines', async () => {
    await expect(renderRecord(CASES[1], CASE_COLUMNS, ttyContext('id'))).toMatchFileSnapshot(`${GOLDEN}/record-tty-id.txt`);
    await expect(renderRecord(CASES[1], CASE_COLUMNS, ttyContext('en'))).toMatchFileSnapshot(`${GOLDEN}/record-tty-en.txt`);
    await expect(renderRecord(CASES[1], CASE_COLUMNS, pipedContext())).toMatchFileSnapshot(`${GOLDEN}/record-piped.txt`);
  });
});

describe('json and ndjson', () => {
  it('renders the raw values keyed by machine names, the same in both languages', async () => {
    const text = renderJson(CASES, CASE_COLUMNS, ttyContext('id'));
    await expect(text).toMatchFileSnapshot(`${GOLDEN}/cases.json`);
    expect(renderJson(CASES, CASE_COLUMNS, ttyContext('en'))).toBe(text);
    const parsed: unknown = JSON.parse(text);
    expect(parsed).toHaveLength(CASES.length);
    expect(Object.keys((parsed as Record<string, unknown>[])[0])).toEqual(CASE_COLUMNS.map((c) => c.key));
  });

  it('renders ndjson one object a line', async () => {
    const text = renderNdjson(CASES, CASE_COLUMNS, pipedContext());
    await expect(text).toMatchFileSnapshot(`${GOLDEN}/cases.ndjson`);
    expect(text.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual(
      JSON.parse(renderJson(CASES, CASE_COLUMNS, pipedContext())),
    );
  });

  it('renders rows as they are without columns', () => {
    expect(renderJson([{ a: 1 }])).toBe('[\n  {\n    "a": 1\n  }\n]\n');
    expect(renderNdjson([{ a: 1 }, { a: null }])).toBe('{"a":1}\n{"a":null}\n');
  });

  it('renders valid empty documents', () => {
    expect(renderJson([], CASE_COLUMNS, pipedContext())).toBe('[]\n');
    expect(renderJson([])).toBe('[]\n');
    expect(renderNdjson([], CASE_COLUMNS, pipedContext())).toBe('');
  });
});

describe('csv', () => {
  it('renders a header of machine keys, LF records and neutralised formulas', async () => {
    const text = renderCsv(CASES, CASE_COLUMNS, pipedContext());
    await expect(text).toMatchFileSnapshot(`${GOLDEN}/cases.csv`);
    expect(text.startsWith('trackingId,status,institutionId,title,submittedAt,responseDueAt,anonymous,rating\n')).toBe(true);
    expect(text).not.toContain('\r\n');
    expect(text).toContain(`"'=HYPERLINK(""http://example.invalid"",""klik"")"`);
    expect(renderCsv(CASES, CASE_COLUMNS, ttyContext('en'))).toBe(text);
  });

  it('is only the header when there are no rows', async () => {
    const text = renderCsv([], CASE_COLUMNS, pipedContext());
    expect(text).toBe('trackingId,status,institutionId,title,submittedAt,responseDueAt,anonymous,rating\n');
    await expect(text).toMatchFileSnapshot(`${GOLDEN}/empty.csv`);
  });

  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+62 812-3456-7890', "'+62 812-3456-7890"],
    ['-5', "'-5"],
    ['@user', "'@user"],
    ['\tindent', "'\tindent"],
    ['\rreturn', "'\rreturn"],
    ['＝1+1', "'＝1+1"],
    ['＋62', "'＋62"],
    ['－5', "'－5"],
    ['＠cmd', "'＠cmd"],
    ['Jalan rusak', 'Jalan rusak'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('neutralises text %j', (input, expected) => {
    expect(neutraliseFormula(input)).toBe(expected);
    expect(csvCell(input)).toBe(expected);
  });

  it('keeps numbers as numbers and text that looks like a number as text', () => {
    type Row = { phone: string; delta: number; ok: boolean; none: null };
    const cols: Column<Row>[] = [
      { key: 'phone', header: () => 'Phone', value: (r) => r.phone },
      { key: 'delta', header: () => 'Delta', value: (r) => r.delta },
      { key: 'ok', header: () => 'OK', value: (r) => r.ok },
      { key: 'none', header: () => 'None', value: (r) => r.none },
    ];
    const rows: Row[] = [
      { phone: '+6281234567890', delta: -5, ok: true, none: null },
      { phone: '-5', delta: 3.5, ok: false, none: null },
    ];
    expect(renderCsv(rows, cols, pipedContext())).toBe(
      "phone,delta,ok,none\n'+6281234567890,-5,true,\n'-5,3.5,false,\n",
    );
  });

  it('quotes fields with commas, quotes, CR and LF', () => {
    const cols: Column<string>[] = [{ key: 'v', header: () => 'V', value: (r) => r }];
    expect(renderCsv(['a,b', 'say "hi"', 'x\ny', 'x\ry'], cols, pipedContext())).toBe(
      'v\n"a,b"\n"say ""hi"""\n"x\ny"\n"x\ry"\n',
    );
  });
});

describe('selectColumns', () => {
  it('returns all columns, the defaults, or the named fields in order', () => {
    expect(selectColumns(CASE_COLUMNS, undefined).map((c) => c.key)).toEqual(CASE_COLUMNS.map((c) => c.key));
    expect(selectColumns(CASE_COLUMNS, undefined, LIST).map((c) => c.key)).toEqual(LIST);
    expect(selectColumns(CASE_COLUMNS, ' status, trackingId,status ').map((c) => c.key)).toEqual(['status', 'trackingId']);
  });

  it('names the unknown fields and lists the valid ones in a usage error', () => {
    let caught: unknown;
    try {
      selectColumns(CASE_COLUMNS, 'trackingId,judul,stat');
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(UnknownFieldError);
    expect(caught).toBeInstanceOf(UsageError);
    const err = caught as UnknownFieldError;
    expect(err.exitCode).toBe(2);
    expect(err.fields).toEqual(['judul', 'stat']);
    expect(err.localizedMessage('en')).toBe(
      'unknown field: judul, stat; valid fields: trackingId, status, institutionId, title, submittedAt, responseDueAt, anonymous, rating',
    );
    expect(err.localizedMessage('id')).toBe(
      'kolom tidak dikenal: judul, stat; kolom yang tersedia: trackingId, status, institutionId, title, submittedAt, responseDueAt, anonymous, rating',
    );
    expect(err.message).toBe(err.localizedMessage('en'));
  });

  it('rejects an empty --fields', () => {
    expect(() => selectColumns(CASE_COLUMNS, ' , ')).toThrow(UsageError);
    expect(() => selectColumns(CASE_COLUMNS, '')).toThrow(/--fields names no field/);
  });
});

describe('formats', () => {
  it('parses --format values', () => {
    expect(OUTPUT_FORMATS).toEqual(['table', 'json', 'ndjson', 'csv']);
    expect(parseOutputFormat('CSV')).toBe('csv');
    expect(() => parseOutputFormat('xml')).toThrow('unknown format: xml; valid formats: table, json, ndjson, csv');
  });

  it('dispatches on the format', () => {
    const ctx = pipedContext();
    expect(renderRows('csv', CASES, CASE_COLUMNS, ctx)).toBe(renderCsv(CASES, CASE_COLUMNS, ctx));
    expect(renderRows('json', CASES, CASE_COLUMNS, ctx)).toBe(renderJson(CASES, CASE_COLUMNS, ctx));
    expect(renderRows('ndjson', CASES, CASE_COLUMNS, ctx)).toBe(renderNdjson(CASES, CASE_COLUMNS, ctx));
    expect(renderRows('table', CASES, CASE_COLUMNS, ctx)).toBe(renderTable(CASES, CASE_COLUMNS, ctx));
  });

  it('says "no results" on stderr only for an empty table on a TTY', () => {
    const tty = createTestIOStreams({ tty: true });
    printRows(tty, 'table', [], CASE_COLUMNS, ttyContext('id'));
    expect(tty.outText()).toBe('');
    expect(tty.errText()).toBe('Tidak ada hasil\n');

    const piped = createTestIOStreams();
    printRows(piped, 'table', [], CASE_COLUMNS, pipedContext());
    printRows(piped, 'json', [], CASE_COLUMNS, pipedContext());
    printRows(piped, 'csv', [], CASE_COLUMNS, pipedContext());
    expect(piped.outText()).toBe('[]\ntrackingId,status,institutionId,title,submittedAt,responseDueAt,anonymous,rating\n');
    expect(piped.errText()).toBe('');
  });

  it('uses the fixed clock of the context', () => {
    const later = { ...ttyContext('en'), now: new Date(NOW.getTime() + 86_400_000) };
    expect(renderTable(CASES.slice(0, 1), selectColumns(CASE_COLUMNS, 'submittedAt'), later)).toBe('SUBMITTED\n4 days ago\n');
  });
});
