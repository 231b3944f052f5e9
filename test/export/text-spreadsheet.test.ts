// The reversible formula escape stays safe in a real spreadsheet: an excel-id CSV of texts that start like
// formulas (and of texts that start with the escape mark itself) is opened by LibreOffice Calc headless with
// formula evaluation on (the filter options a user may pick), converted to a flat ODF document, and read
// back: no escaped cell is a formula (a control row without the escape is), and each is a text that shows
// exactly the escaped cell (the leading ').

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { csvField, DIALECTS, neutraliseFormula, restoreFormula } from '../../src/domain/export.js';
import { toolAvailable } from '../helpers/tools.js';

const SOFFICE = '/usr/bin/soffice';
const TEXTS = ['=1+1', '+62 812', '-5', '@SUM(A1)', '\t=1+1', '\r=1+1', '＝1+1', "'=1+1", "'ok", "''", 'plain'];

/** The text of each cell of the first sheet, in order, and how many cells hold a formula. */
function readFods(xml: string): { texts: string[]; formulas: number } {
  const unescape = (s: string) =>
    s
      .replace(/<\/text:p>\s*<text:p>/g, '\n') // a line break in a cell is a new paragraph
      .replace(/<text:tab\/>/g, '\t')
      .replace(/<text:line-break\/>/g, '\n')
      .replace(/<text:s(?: text:c="(\d+)")?\/>/g, (_m, n: string | undefined) => ' '.repeat(Number(n ?? 1)))
      .replace(/<[^>]+>/g, '')
      .replace(/&apos;/g, "'")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const cells = [...xml.matchAll(/<table:table-cell\b([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-cell>)/g)];
  return {
    texts: cells.filter((m) => m[2] !== undefined).map((m) => unescape((m[2] ?? '').trim().replace(/^<text:p>|<\/text:p>$/g, ''))),
    formulas: cells.filter((m) => m[1].includes('table:formula=')).length,
  };
}

describe.runIf(toolAvailable(SOFFICE))('the formula escape in LibreOffice Calc (excel-id CSV)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lapor-calc-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('opens every escaped cell as text showing the escape, and evaluates no formula', () => {
    const { delimiter, bom, recordEnd } = DIALECTS['excel-id'];
    // the last row is a control: the same formula without the escape, which Calc must evaluate here
    const csv = bom + ['text', ...TEXTS.map((t) => csvField(neutraliseFormula(t), delimiter)), '=1+1'].join(recordEnd) + recordEnd;
    writeFileSync(join(dir, 'texts.csv'), csv);
    execFileSync(
      SOFFICE,
      [
        `-env:UserInstallation=file://${join(dir, 'profile')}`,
        '--headless',
        // separator ;, quote ", UTF-8, from line 1, standard columns, evaluate formulas (token 13)
        '--infilter=CSV:59,34,76,1,,0,false,false,false,false,false,-1,true',
        '--convert-to',
        'fods',
        '--outdir',
        dir,
        join(dir, 'texts.csv'),
      ],
      { stdio: 'ignore', timeout: 120_000 },
    );
    const { texts, formulas } = readFods(readFileSync(join(dir, 'texts.fods'), 'utf8'));
    expect(formulas).toBe(1); // the control alone
    // what a spreadsheet user sees is the cell as written (CR inside a cell becomes a line break there)
    expect(texts.slice(1, -1)).toEqual(TEXTS.map((t) => neutraliseFormula(t).replace(/\r/g, '\n')));
    expect(texts.at(-1)).toBe('2');
    // and the import reads each of those cells back to the original text
    expect(TEXTS.map((t) => restoreFormula(neutraliseFormula(t)))).toEqual(TEXTS);
  }, 180_000);
});
