// Text comes back exactly (#17 scope 4), on both backends (PGlite; PostgreSQL when DATABASE_URL is set):
//
// - intake keeps title, body and notes as sent (a leading tab before =1+1, surrounding spaces, CR, CRLF),
//   counts code points (500 emoji are a 500-character title), and refuses what it cannot store faithfully
//   (invalid UTF-8, control characters, an all-blank title) naming the field;
// - a property over generated texts (limit lengths in code points, astral emoji, RTL, combining marks, leading
//   ' = + - @ tab CR LF and their full-width forms, quotes, delimiters): cases made through the API on server A
//   are exported with `lapor export cases --content full` and imported with `lapor import cases` into a fresh
//   server B (the real CLI in-process, the real servers); B's export of them has the same bytes as A's (XLSX:
//   the same cells, as its zip carries timestamps), every text on B equals its original exactly, and no cell
//   of the file is a formula (CSV: none starts like one, the escape is in front). Number-like texts (`007`,
//   `3,14`, a NIK, dates, percents) are generated too: excel-id escapes them, XLSX keeps them exact.
//
// The formats are a table (FORMATS): rfc4180, excel-id, XLSX.

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEXT_LIMITS } from '../../src/domain/caseColumns.js';
import { IMPORT_FIELDS } from '../../src/domain/csv/rules.js';
import { IMPORT_WIRE_VERSION } from '../../src/domain/csv/wire.js';
import { FORMULA_START_CHARS } from '../../src/domain/export.js';
import { codePointLength, isBlank } from '../../src/domain/text.js';
import type { Case, CaseEvent } from '../../src/domain/types.js';
import { lapor } from '../import/helpers.js';
import { BACKENDS, call, startTestServer, type TestServer } from '../helpers/server.js';

// 8 generated files per format and backend in the default run, 60 in CI's long phase (LAPOR_LONG_TESTS=1)
const RUNS = Number(process.env.LAPOR_TEXT_ROUNDTRIP_RUNS ?? (process.env.LAPOR_LONG_TESTS === '1' ? 60 : 8));
const SEED = Number(process.env.LAPOR_TEXT_ROUNDTRIP_SEED ?? 1717);
const NOW = new Date('2026-03-04T02:00:00Z');

/**
 * The formats the round trip runs through: the `lapor export cases` flags that write one, the file's
 * extension, the cells of a written file that a spreadsheet would take as formulas (none expected), and what
 * two exports must agree on (the bytes; for XLSX the cells, as its zip carries timestamps).
 */
interface RoundTripFormat {
  name: string;
  exportArgs: readonly string[];
  extension: string;
  formulas(file: Buffer): Promise<unknown[]>;
  content(file: Buffer): Promise<unknown>;
}

const csvFormulas = (delimiter: string) => async (file: Buffer) =>
  (parse(file, { delimiter, bom: true, relax_column_count: true }) as string[][]).flat().filter((cell) => cell !== '' && FORMULA_START_CHARS.includes(cell[0]));

async function sheetOf(file: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file);
  return wb.worksheets[0];
}

async function xlsxCells(file: Buffer): Promise<ExcelJS.Cell[]> {
  const cells: ExcelJS.Cell[] = [];
  (await sheetOf(file)).eachRow((row) => row.eachCell({ includeEmpty: true }, (cell) => cells.push(cell)));
  return cells;
}

const FORMATS: readonly RoundTripFormat[] = [
  { name: 'csv rfc4180', exportArgs: ['--dialect', 'rfc4180'], extension: 'csv', formulas: csvFormulas(','), content: async (f) => f.toString('utf8') },
  { name: 'csv excel-id', exportArgs: ['--dialect', 'excel-id'], extension: 'csv', formulas: csvFormulas(';'), content: async (f) => f.toString('utf8') },
  {
    name: 'xlsx',
    // a spreadsheet date has no zone: written in the zone the import reads it in (its default, WITA)
    exportArgs: ['--format', 'xlsx', '--timezone', 'Asia/Makassar'],
    extension: 'xlsx',
    formulas: async (f) => (await xlsxCells(f)).filter((c) => c.type === ExcelJS.ValueType.Formula).map((c) => c.address),
    content: async (f) => (await xlsxCells(f)).map((c) => [c.address, c.type, c.value]),
  },
];

// ---- generated texts ---------------------------------------------------------------------------------------

const UNITS = [
  'a', 'Z', '7', ' ', ',', ';', '"', "'", '\n', '\r', '\r\n', '\t', '=', '+', '-', '@', '＝', '＋', '－', '＠',
  'é', 'e\u0301', 'ي', 'مرحبا', 'שלום', '\u200f', '\u202e', '😀', '👍🏽', '🇮🇩', '\\', '\u00a0', '\u007f', '\u0085', '\u2028',
];
const STARTS = ["'", "''", "'=", '=', '+', '-', '@', '\t', '\r', '\n', '\r\n', '＝', '＋', '－', '＠', ' ', '\t=1+1', '=HYPERLINK("x")', "'007", '007', '3,14'];
/** Whole texts a spreadsheet would read as a number, date, time or percent (excel-id escapes them). */
const NUMBER_LIKE = ['007', '3,14', '3.14', '3201234567890123', '081234567890', '0812-3456-7890', '1/2/2023', '1/2', '50%', '1E5', '12:30', '(5)', '1.234,56', '2024-01-05', '12 Mei 2024', ' 42'];
const numberLike = fc.oneof(
  fc.constantFrom(...NUMBER_LIKE),
  fc.string({ unit: fc.constantFrom('0', '1', '7', '9', ',', '.', '/', ':', '%', ' ', '-'), minLength: 1, maxLength: 20 }).filter((s) => /[0-9]/.test(s)),
  fc.constantFrom(...NUMBER_LIKE).map((t) => `'${t}`),
);
const FILLS = ['x', '😀', 'é', 'ש', ' ', '\t', '\r\n'];

const piece = fc.string({ unit: fc.constantFrom(...UNITS), minLength: 1, maxLength: 30 });

/** Exactly `limit` code points: a start, some text, then a fill (cut at a code point boundary). */
function atLimit(limit: number) {
  return fc.tuple(fc.constantFrom('', ...STARTS), piece, fc.constantFrom(...FILLS)).map(([start, text, fill]) => {
    const head = Array.from(start + text);
    const fillPoints = Array.from(fill);
    while (head.length < limit) head.push(...fillPoints);
    return head.slice(0, limit).join('');
  });
}

function anyTextOf(limit: number) {
  return fc.oneof(
    { weight: 3, arbitrary: piece },
    { weight: 3, arbitrary: fc.tuple(fc.constantFrom(...STARTS), piece).map(([s, t]) => s + t) },
    { weight: 2, arbitrary: atLimit(limit) },
    { weight: 2, arbitrary: numberLike },
  );
}
/** Title and body: never blank. */
const textOf = (limit: number) => anyTextOf(limit).filter((s) => !isBlank(s));

const caseTexts = fc.record({
  title: textOf(TEXT_LIMITS.title),
  body: textOf(TEXT_LIMITS.body),
  // a place: any text, white space only too, or none
  village: fc.option(anyTextOf(TEXT_LIMITS.village), { nil: null }),
});


// ---- helpers ----------------------------------------------------------------------------------------------

async function getCase(server: TestServer, id: string): Promise<Case> {
  const res = await call<Case>(server.url, 'GET', `/v1/cases/${id}`, { token: server.tokens.admin });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

function newCase(fields: Record<string, unknown>): Record<string, unknown> {
  return { classification: 'complaint', channel: 'web', title: 'Jalan rusak', body: 'Jalan berlubang di depan pasar.', ...fields };
}

async function postRaw(server: TestServer, path: string, body: Uint8Array) {
  const res = await fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.tokens.admin}` },
    body,
  });
  return { status: res.status, json: (await res.json()) as { errors?: { field: string; code?: string }[] } };
}

const fieldErrors = (json: { errors?: { field: string; code?: string }[] }) => (json.errors ?? []).map((e) => [e.field, e.code]);

/** The UTC instant of local noon on the `n`th day of 2025 (one day per property run). */
function dayOf(n: number): { date: string; at: string } {
  const d = new Date(Date.UTC(2025, 0, 1 + (n % 365), 4));
  return { date: d.toISOString().slice(0, 10), at: d.toISOString() };
}

describe('the generated texts', () => {
  it('reach the limits in code points (more UTF-16 units), and start with the escape mark or a formula start', () => {
    const samples = fc.sample(atLimit(TEXT_LIMITS.title), { numRuns: 200, seed: SEED });
    expect(samples.every((s) => codePointLength(s) === TEXT_LIMITS.title)).toBe(true);
    expect(samples.some((s) => s.length > TEXT_LIMITS.title)).toBe(true);
    expect(samples.some((s) => FORMULA_START_CHARS.includes(s[0]) || s[0] === "'")).toBe(true);
  });
});

describe.each(BACKENDS)('text comes back exactly on %s', (backend) => {
  let a: TestServer;
  let home: string;
  beforeAll(async () => {
    a = await startTestServer(backend, { now: NOW });
    home = mkdtempSync(join(tmpdir(), 'lapor-text-'));
  });
  afterAll(async () => {
    await a?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  describe('intake', () => {
    it('keeps title and body as sent: a leading tab before =1+1, surrounding spaces, CR and CRLF', async () => {
      const title = '\t=1+1 ';
      const body = '  Isi\r\nbaris dua\rbaris tiga\t\n';
      const res = await call<Case>(a.url, 'POST', '/v1/cases', { token: a.tokens.admin, body: newCase({ title, body }) });
      expect(res.status, res.text).toBe(201);
      expect(res.body.title).toBe(title);
      const stored = await getCase(a, res.body.trackingId);
      expect([stored.title, stored.body]).toEqual([title, body]);
    });

    it('counts code points: 500 emoji are a 500-character title, 501 are refused naming the title', async () => {
      const ok = await call<Case>(a.url, 'POST', '/v1/cases', { token: a.tokens.admin, body: newCase({ title: '😀'.repeat(500) }) });
      expect(ok.status, ok.text).toBe(201);
      expect((await getCase(a, ok.body.trackingId)).title).toBe('😀'.repeat(500));
      const over = await call(a.url, 'POST', '/v1/cases', { token: a.tokens.admin, body: newCase({ title: '😀'.repeat(501) }) });
      expect(over.status).toBe(400);
      expect(fieldErrors(over.body)).toEqual([['title', 'too_big']]);
      const body = await call<Case>(a.url, 'POST', '/v1/cases', { token: a.tokens.admin, body: newCase({ body: '👍🏽'.repeat(10_000) }) });
      expect(body.status, body.text).toBe(201);
    });

    it('refuses what it cannot store faithfully, naming the field: invalid UTF-8, control characters, a blank title', async () => {
      const [head, tail] = JSON.stringify(newCase({ body: '@@' })).split('@@');
      const invalid = await postRaw(a, '/v1/cases', Buffer.concat([Buffer.from(`${head}Antrean `), Buffer.from([0xc3, 0x28]), Buffer.from(` lama${tail}`)]));
      expect(invalid.status).toBe(400);
      expect(fieldErrors(invalid.json)).toEqual([['body', 'not_unicode']]);
      const control = await call(a.url, 'POST', '/v1/cases', { token: a.tokens.admin, body: newCase({ body: 'bel \u0007 di sini' }) });
      expect(control.status).toBe(400);
      expect(fieldErrors(control.body)).toEqual([['body', 'control_character']]);
      const place = await call(a.url, 'POST', '/v1/cases', { token: a.tokens.admin, body: newCase({ village: 'Desa\u001b[31m' }) });
      expect(fieldErrors(place.body)).toEqual([['village', 'control_character']]);
      const blank = await call(a.url, 'POST', '/v1/cases', { token: a.tokens.admin, body: newCase({ title: ' \t\r\n\u00a0' }) });
      expect(blank.status).toBe(400);
      expect(fieldErrors(blank.body)).toEqual([['title', 'empty']]);
    });

    it('keeps notes and follow-up messages as sent, and edits of the title', async () => {
      const created = await call<Case>(a.url, 'POST', '/v1/cases', { token: a.tokens.admin, body: newCase({}) });
      const id = created.body.trackingId;
      const act = async (version: number, body: Record<string, unknown>) => {
        const res = await call<{ case: Case; event: CaseEvent }>(a.url, 'POST', `/v1/cases/${id}/actions`, {
          token: a.tokens.admin,
          body,
          headers: { 'if-match': `"${version}"` },
        });
        expect(res.status, res.text).toBe(200);
        return res.body;
      };
      const disposed = await act(1, { action: 'dispose', institutionId: 'badung.dinkes', note: ' \tcatatan ' });
      expect(disposed.event.note).toBe(' \tcatatan ');
      const responded = await act(disposed.case.version, { action: 'respond', message: '=1+1\r\n  ' });
      expect(responded.event.note).toBe('=1+1\r\n  ');
      const edited = await act(responded.case.version, { action: 'edit', changes: { title: ' ＝judul ' } });
      expect(edited.case.title).toBe(' ＝judul ');
      const blank = await call(a.url, 'POST', `/v1/cases/${id}/actions`, {
        token: a.tokens.admin,
        body: { action: 'respond', message: '   ' },
        headers: { 'if-match': `"${edited.case.version}"` },
      });
      expect(blank.status).toBe(400);
      expect(fieldErrors(blank.body)).toEqual([['message', 'empty']]);
    });
  });

  describe('import upload (the server checks every row again)', () => {
    const header = `${JSON.stringify({ v: IMPORT_WIRE_VERSION, fields: IMPORT_FIELDS })}\n`;
    const rowOf = (line: number, fields: Record<string, string>) => {
      const given: Record<string, string | boolean> = {
        trackingId: `UP-${line}`, classification: 'complaint', title: 'Judul', body: 'Isi', channel: 'web', anonymous: false, confidential: false,
        status: 'submitted', submittedAt: '2025-06-01T02:00:00.000Z', ...fields,
      };
      return JSON.stringify([line, ...IMPORT_FIELDS.map((f) => given[f] ?? null)]);
    };
    const upload = async (body: Buffer) => {
      const res = await fetch(`${a.url}/v1/imports/cases?dryRun=true`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${a.tokens.admin}` },
        body,
      });
      return { status: res.status, text: await res.text() };
    };

    it('counts code points, refuses control characters and lone surrogates per row, and refuses bytes that are not UTF-8', async () => {
      const rows = [rowOf(2, { title: '😀'.repeat(500) }), rowOf(3, { title: '😀'.repeat(501) }), rowOf(4, { body: 'bel \u0007' }), rowOf(5, { title: 'x\ud800' })];
      const ok = await upload(Buffer.from(`${header}${rows.join('\n')}\n{"end":{"records":4,"rejected":0}}\n`));
      expect(ok.status, ok.text).toBe(200);
      const lines = ok.text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.at(-1)).toEqual({ summary: expect.objectContaining({ created: 1, rejected: 3 }) });
      expect(ok.text).toContain('too_long');
      expect(ok.text.match(/invalid_text/g)?.length).toBe(2);
      const [head, tail] = rowOf(6, { title: '@@' }).split('@@');
      const bytes = Buffer.concat([Buffer.from(`${header}${head}Antrean `), Buffer.from([0xe9]), Buffer.from(` lama${tail}\n{"end":{"records":1,"rejected":0}}\n`)]);
      const bad = await upload(bytes);
      expect(bad.status).toBe(400);
      expect(bad.text).toContain('not UTF-8');
    });
  });

  describe.each(FORMATS)('export → import → export, $name', (format) => {
    let b: TestServer;
    beforeAll(async () => {
      b = await startTestServer(backend, { now: NOW });
    });
    afterAll(async () => {
      await b?.close();
    });

    it(`gives the same bytes and the same texts (${RUNS} runs, seed ${SEED})`, async () => {
      let run = 0;
      const offset = FORMATS.indexOf(format) * 100;
      await fc.assert(
        fc.asyncProperty(fc.array(caseTexts, { minLength: 1, maxLength: 4 }), async (texts) => {
          run += 1;
          const day = dayOf(offset + run);
          const ids = texts.map((_, i) => `TX-${format.extension}-${offset + run}-${i}`);
          for (let i = 0; i < texts.length; i += 1) {
            const res = await call(a.url, 'POST', '/v1/cases', {
              token: a.tokens.admin,
              body: newCase({ trackingId: ids[i], submittedAt: day.at, ...texts[i] }),
            });
            expect(res.status, res.text).toBe(201);
          }
          const exportFrom = async (server: TestServer, name: string): Promise<Buffer> => {
            const file = join(home, `${name}.${format.extension}`);
            const r = await lapor(server, ['export', 'cases', '--content', 'full', ...format.exportArgs, '--from', day.date, '--to', day.date, '-o', file]);
            expect(r.code, r.err).toBe(0);
            return readFileSync(file);
          };
          const first = await exportFrom(a, `a-${backend}-${offset + run}`);
          // spreadsheet safety: no cell of the file is a formula (CSV: none starts like one, the escape is in front)
          expect(await format.formulas(first)).toEqual([]);

          const imported = await lapor(b, ['import', 'cases', join(home, `a-${backend}-${offset + run}.${format.extension}`)]);
          expect(imported.code, `${imported.err}\n${imported.out}`).toBe(0);
          for (let i = 0; i < ids.length; i += 1) {
            const copy = await getCase(b, ids[i]);
            expect({ title: copy.title, body: copy.body, village: copy.village }, ids[i]).toEqual(texts[i]);
          }

          const second = await exportFrom(b, `b-${backend}-${offset + run}`);
          expect(await format.content(second)).toEqual(await format.content(first));
          if (format.extension === 'csv') expect(second.equals(first)).toBe(true);
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }, 900_000);
  });
});
