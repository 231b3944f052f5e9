// XLSX (#17, scope 5): the typed cells of the case export (text stays text whatever it looks like, numbers,
// booleans, dates and instants in a zone), the CSV view's zone and labels, the sheet writer (frozen header,
// widths, a new sheet past the row limit: tested with a small injected limit), and the import's reading of a
// workbook's cells. Read back with exceljs itself.

import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { CASE_COLUMNS, type CaseColumn } from '../../src/domain/caseColumns.js';
import { csvCell, sheetCell, sheetColumns, type CellView } from '../../src/commands/export/cells.js';
import { checkExportTarget, type ExportCasesOptions } from '../../src/commands/export/cases.js';
import { openXlsxSource, sheetText } from '../../src/commands/import/source.js';
import { readArchiveReason, readClassification, readDate, readInstant, readStatus } from '../../src/domain/csv/values.js';
import { neutraliseFormula } from '../../src/domain/export.js';
import { UsageError } from '../../src/io/errors.js';
import { statusName } from '../../src/io/i18n.js';
import { SHEET_MAX_ROWS, sheetBacklog, sheetBytes, writeSheets, type SheetValue } from '../../src/io/xlsx.js';
import { fmtInstantInZone, parseOutputZone } from '../../src/io/zone.js';

const col = (name: string): CaseColumn => {
  const c = CASE_COLUMNS.find((x) => x.name === name);
  if (!c) throw new Error(name);
  return c;
};
const UTC: CellView = { zone: null, labels: null };

async function collect(it: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const b of it) parts.push(b);
  return Buffer.concat(parts);
}

async function* rowsOf(rows: SheetValue[][]): AsyncGenerator<SheetValue[]> {
  for (const r of rows) yield r;
}

describe('typed cells of the case export', () => {
  it.each(['007', '3,14', '1/2/2023', '50%', '3201234567890123', '081234567890', "'=1+1", '=1+1', '+62 812', '-5', '@x', '1e5', 'TRUE', ''])(
    'a text column keeps %j as a text cell, exactly (the server\'s formula escape undone: a text cell is no formula)',
    (text) => {
      expect(sheetCell(col('village'), neutraliseFormula(text), UTC)).toBe(text);
      expect(sheetCell(col('reporterNik'), neutraliseFormula(text), UTC)).toBe(text);
    },
  );

  it('numbers, booleans, dates and empty cells by the column kind', () => {
    expect(sheetCell(col('rating'), '5', UTC)).toBe(5);
    expect(sheetCell(col('anonymous'), 'true', UTC)).toBe(true);
    expect(sheetCell(col('confidential'), 'false', UTC)).toBe(false);
    expect(sheetCell(col('incidentDate'), '2023-08-06', UTC)).toEqual(new Date('2023-08-06T00:00:00Z'));
    expect(sheetCell(col('submittedAt'), '2023-08-06T01:15:00.000Z', UTC)).toEqual(new Date('2023-08-06T01:15:00Z'));
    expect(sheetCell(col('closedAt'), null, UTC)).toBeNull();
  });

  it('instants as the wall-clock time of the chosen zone (a spreadsheet date has no zone)', () => {
    const wita: CellView = { zone: parseOutputZone('Asia/Makassar'), labels: null };
    expect(sheetCell(col('submittedAt'), '2023-08-06T01:15:00.000Z', wita)).toEqual(new Date('2023-08-06T09:15:00Z'));
    // dates are calendar days: no zone shift
    expect(sheetCell(col('incidentDate'), '2023-08-06', wita)).toEqual(new Date('2023-08-06T00:00:00Z'));
  });

  it('the CSV view: instants in local time with offset, daylight-saving time included', () => {
    const wita: CellView = { zone: parseOutputZone('Asia/Makassar'), labels: null };
    expect(csvCell(col('submittedAt'), '2023-08-06T01:15:00.000Z', wita)).toBe('2023-08-06T09:15:00.000+08:00');
    const ny = parseOutputZone('America/New_York');
    expect(ny).not.toBeNull();
    expect(fmtInstantInZone(Date.parse('2023-01-15T12:00:00Z'), ny!)).toBe('2023-01-15T07:00:00.000-05:00');
    expect(fmtInstantInZone(Date.parse('2023-07-15T12:00:00Z'), ny!)).toBe('2023-07-15T08:00:00.000-04:00');
    expect(fmtInstantInZone(Date.parse('2023-07-15T12:00:00Z'), parseOutputZone('-03:30')!)).toBe('2023-07-15T08:30:00.000-03:30');
    expect(parseOutputZone('Mars/Olympus')).toBeNull();
    expect(parseOutputZone('+25:00')).toBeNull();
    // no zone: the server's text as it is
    expect(csvCell(col('submittedAt'), '2023-08-06T01:15:00.000Z', UTC)).toBe('2023-08-06T01:15:00.000Z');
    expect(csvCell(col('title'), '', UTC)).toBe('');
    expect(csvCell(col('title'), null, UTC)).toBeNull();
  });

  it('--labels: names as LAPOR! shows them, which the import reads back to the same values', () => {
    const channels = new Map([['sms_1708', { id: 'SMS 1708', en: 'SMS 1708' }]]);
    for (const lang of ['id', 'en'] as const) {
      const view: CellView = { zone: null, labels: lang, channels };
      for (const s of ['submitted', 'postponed', 'disposed', 'in_progress', 'completed', 'archived']) {
        expect(readStatus(csvCell(col('status'), s, view) as string)?.status).toBe(s);
      }
      for (const c of ['complaint', 'aspiration', 'information_request']) {
        expect(readClassification(csvCell(col('classification'), c, view) as string)).toBe(c);
      }
      expect(readArchiveReason(csvCell(col('archiveReason'), 'spam', view) as string)).toBe('spam');
      expect(csvCell(col('channel'), 'sms_1708', view)).toBe('SMS 1708');
    }
    expect(csvCell(col('status'), 'disposed', { zone: null, labels: 'id' })).toBe(statusName('id', 'disposed'));
    expect(csvCell(col('status'), 'completed', { zone: null, labels: 'id' })).toBe('Selesai');
    expect(sheetCell(col('status'), 'completed', { zone: null, labels: 'en' })).toBe('Completed');
    // an unknown code is left as it is
    expect(csvCell(col('channel'), 'pigeon', { zone: null, labels: 'id', channels })).toBe('pigeon');
  });

  it('headers from the column catalogue in the chosen language, with widths and date formats', () => {
    const cols = sheetColumns([col('trackingId'), col('submittedAt'), col('incidentDate'), col('rating')], 'id');
    expect(cols.map((c) => c.header)).toEqual(['ID Pelacakan', 'Waktu Masuk', 'Tanggal Kejadian', 'Penilaian']);
    expect(cols[1].numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(cols[2].numFmt).toBe('yyyy-mm-dd');
    for (const c of cols) expect(c.width).toBeGreaterThanOrEqual([...c.header].length);
  });
});

describe('the sheet writer', () => {
  const columns = [
    { header: 'text', width: 12 },
    { header: 'n', width: 6 },
    { header: 'when', width: 20, numFmt: 'yyyy-mm-dd hh:mm:ss' },
  ];

  it('writes typed cells under a frozen header, with the widths; text that looks like a formula is no formula', async () => {
    const bytes = await collect(sheetBytes(rowsOf([['=1+1', 7, new Date('2024-01-05T09:30:00Z')], ['007', 3.5, null]]), { name: 'Laporan', columns }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes);
    const ws = wb.worksheets[0];
    expect(ws.name).toBe('Laporan');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.columns.map((c) => c.width)).toEqual([12, 6, 20]);
    expect(ws.getRow(1).values).toEqual([undefined, 'text', 'n', 'when']);
    expect(ws.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect(ws.getCell('A2').value).toBe('=1+1');
    expect(ws.getCell('B2').value).toBe(7);
    expect(ws.getCell('C2').value).toEqual(new Date('2024-01-05T09:30:00Z'));
    expect(ws.getCell('C2').numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(ws.getCell('A3').value).toBe('007');
  });

  it('writes booleans as the text true/false (LibreOffice reads an OOXML boolean as a formula)', async () => {
    const bytes = await collect(sheetBytes(rowsOf([[true, false, null]]), { name: 'Laporan', columns }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes);
    expect(wb.worksheets[0].getCell('A2').value).toBe('true');
    expect(wb.worksheets[0].getCell('B2').value).toBe('false');
  });

  it('starts a new sheet, with the header again, past the row limit (none lost)', async () => {
    const rows = Array.from({ length: 7 }, (_, i) => [`r${i + 1}`, i + 1, null] as SheetValue[]);
    const bytes = await collect(sheetBytes(rowsOf(rows), { name: 'Laporan', columns, maxRows: 3 }));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Laporan', 'Laporan (2)', 'Laporan (3)', 'Laporan (4)']);
    const seen = wb.worksheets.flatMap((w) => {
      expect(w.getRow(1).getCell(1).value).toBe('text');
      expect(w.rowCount).toBeLessThanOrEqual(3);
      return w.getSheetValues().slice(2).map((r) => (r as unknown[])[1]);
    });
    expect(seen).toEqual(rows.map((r) => r[0]));
    expect(SHEET_MAX_ROWS).toBe(1_048_576);
  });

  it('finds the sheet buffer of exceljs that it throttles on (the internals its memory bound relies on)', async () => {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: new PassThrough().resume(), useStyles: true });
    const ws = wb.addWorksheet('x');
    ws.addRow(['a']).commit();
    expect(sheetBacklog(ws)).toEqual(expect.any(Number));
    expect(sheetBacklog({})).toBeNull();
    await wb.commit();
  });

  it('gives every cell the style exceljs gives it on its own, whatever mix of values a column holds', async () => {
    // the writer shares one style object per column and kind of value (CellStyles); the cells must come out
    // as exceljs writes them with a style object per cell
    const rows: SheetValue[][] = [
      ['a', 7, new Date('2024-01-05T09:30:00Z')],
      [3.5, 'x7', 'not a date'],
      [null, null, null],
      [new Date('2024-02-01T00:00:00Z'), true, 12],
    ];
    const ours = new ExcelJS.Workbook();
    await ours.xlsx.load(await collect(sheetBytes(rowsOf(rows), { name: 'Laporan', columns })));
    const out = new PassThrough();
    const theirsBytes = collect(out);
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
    const ws = writer.addWorksheet('Laporan');
    ws.columns = columns.map((c, i) => ({ key: `c${i}`, width: c.width, style: c.numFmt ? { numFmt: c.numFmt } : {} }));
    ws.addRow(columns.map((c) => c.header)).commit();
    for (const r of rows) ws.addRow(r.map((v) => (typeof v === 'boolean' ? String(v) : v))).commit();
    ws.commit();
    await writer.commit();
    const theirs = new ExcelJS.Workbook();
    await theirs.xlsx.load(await theirsBytes);
    for (let r = 2; r <= rows.length + 1; r += 1) {
      for (let c = 1; c <= columns.length; c += 1) {
        const [a, b] = [ours.worksheets[0].getCell(r, c), theirs.worksheets[0].getCell(r, c)];
        expect({ at: a.address, type: a.type, value: a.value, numFmt: a.numFmt }).toEqual({ at: b.address, type: b.type, value: b.value, numFmt: b.numFmt });
      }
    }
    expect(ours.worksheets[0].getCell('C2').numFmt).toBe('yyyy-mm-dd hh:mm:ss');
  });

  it('an empty result is a sheet with its header', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await collect(sheetBytes(rowsOf([]), { name: 'Laporan', columns })));
    expect(wb.worksheets[0].rowCount).toBe(1);
  });
});

describe('XLSX is binary: never to a terminal', () => {
  const opts = (over: Partial<ExportCasesOptions>): ExportCasesOptions =>
    ({ profile: 'statistical', dialect: 'rfc4180', header: 'name', format: 'xlsx', ...over }) as ExportCasesOptions;
  it('refuses stdout on a terminal, allows a file or a pipe', () => {
    expect(() => checkExportTarget(opts({}), true)).toThrow(UsageError);
    expect(() => checkExportTarget(opts({ output: '-' }), true)).toThrow(UsageError);
    expect(() => checkExportTarget(opts({ output: 'a.xlsx' }), true)).not.toThrow();
    expect(() => checkExportTarget(opts({}), false)).not.toThrow();
    expect(() => checkExportTarget(opts({ format: 'csv' }), true)).not.toThrow();
  });
});

describe('import reads a workbook', () => {
  it('cell texts: numbers in full, dates as wall-clock text read in the file zone', () => {
    expect(sheetText(3201234567890123)).toBe('3201234567890123');
    expect(sheetText(5)).toBe('5');
    expect(sheetText(3.14)).toBe('3.14');
    expect(sheetText(true)).toBe('true');
    expect(sheetText(new Date('2024-01-05T00:00:00Z'))).toBe('2024-01-05');
    expect(sheetText(new Date('2024-01-05T09:30:00Z'))).toBe('2024-01-05T09:30:00');
    expect(sheetText(new Date('2024-01-05T09:30:00.250Z'))).toBe('2024-01-05T09:30:00.250');
    expect(sheetText('007')).toBe('007');
    // a text cell reads as the rfc4180 export writes it: the import's restoreFormula gives the exact text back
    expect(sheetText('=1+1')).toBe("'=1+1");
    expect(sheetText("'=1+1")).toBe("''=1+1");
    expect(sheetText("'007")).toBe("''007");
    expect(sheetText(null)).toBeNull();
  });

  it('records with row numbers as lines, metadata rows kept for the header search, short rows padded', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Data');
    ws.getCell('A1').value = 'Laporan Tahun 2024';
    ws.addRow([]);
    ws.getRow(3).values = ['ID Pelacakan', 'Judul', 'Waktu Masuk'];
    ws.getRow(4).values = ['A-1', '007', new Date('2024-01-05T09:30:00Z')];
    ws.getRow(5).values = ['A-2'];
    const input = new PassThrough();
    input.end(Buffer.from(await wb.xlsx.writeBuffer()));
    const source = await openXlsxSource(input, { file: 'x.xlsx' });
    const records = [];
    for await (const r of source.records) records.push(r);
    expect(records.map((r) => r.line)).toEqual([1, 3, 4, 5]);
    expect(records[2].cells).toEqual(['A-1', '007', '2024-01-05T09:30:00']);
    expect(records[3].cells).toEqual(['A-2', null, null]);
  });

  it('texts longer than a chunk of the sheet come back exactly (a character across two 64 KiB chunks)', async () => {
    // 20,000 emoji (4 bytes each) and 20,000 two-byte letters through our writer and reader: the sheet's XML is
    // read in 64 KiB chunks, and exceljs 4.4's own XML reader turned every character that a chunk boundary
    // split into U+FFFD (src/io/xlsxSax.ts installs one that decodes across chunks)
    const texts = ['😀'.repeat(20_000), 'é'.repeat(20_000), `${'ab'.repeat(7)}${'𝄞ü'.repeat(15_000)}`];
    const file = new PassThrough();
    const bytes: Buffer[] = [];
    file.on('data', (chunk: Buffer) => bytes.push(chunk));
    async function* rows() {
      for (const [i, text] of texts.entries()) yield [`A-${i}`, text];
    }
    await writeSheets(file, rows(), { name: 'Data', columns: [{ header: 'ID', width: 10 }, { header: 'Isi', width: 40 }] });
    const input = new PassThrough();
    input.end(Buffer.concat(bytes));
    const source = await openXlsxSource(input, { file: 'x.xlsx' });
    const bodies: (string | null)[] = [];
    for await (const r of source.records) bodies.push(r.cells[1]);
    expect(bodies.slice(1)).toEqual(texts);
  });

  it('a date cell without a date format (a bare serial number) is read as the spreadsheet date it is', () => {
    // days since 1899-12-30, wall-clock time in the file's zone (here WITA, +08:00)
    const wita = { offsetMinutes: 480, spreadsheetSerials: true };
    const serial = (Date.UTC(2025, 7, 9, 12, 0) - Date.UTC(1899, 11, 30)) / 86_400_000;
    expect(readInstant(String(serial), wita)).toBe('2025-08-09T04:00:00.000Z');
    expect(readDate(String(Math.floor(serial)), wita)).toBe('2025-08-09');
    // only in a workbook: a number in a CSV's date column is no date
    expect(readInstant(String(serial), { offsetMinutes: 480 })).toBeUndefined();
    expect(readInstant('0', wita)).toBeUndefined();
  });

  it('a file that is no workbook is a file error', async () => {
    const input = new PassThrough();
    input.end(Buffer.from('not a zip at all\n'));
    const source = await openXlsxSource(input, { file: 'x.xlsx' });
    await expect(source.records.next()).rejects.toMatchObject({ code: 'bad_xlsx' });
  });
});
