// The CSV export of cases (GET /v1/exports/cases, `lapor export cases`): profiles, dialects, header modes, the
// one definition of formula neutralisation and CSV field quoting that the server's SQL, its streamed rows and
// the client's own CSV output all share. Pure: no IO.
//
// Profiles (who may ask, which columns):
//   statistical  every role; the structured columns only (no free text, no reporter); confidential cases lose
//                their fine location too (district, village, region code), as in every public output.
//   full         national and institution admins; adds the free text (title, body). Statisticians never.
//   pii          national admins only, with a stated purpose; adds the reporter's identity (also of anonymous
//                cases) and writes a hash-chained audit record before the first row leaves the server.
// Dialects: rfc4180 (comma, CRLF, no BOM) and excel-id (UTF-8 BOM, semicolon, CRLF: an Indonesian-locale
// spreadsheet reads `;` as the list separator because `,` is its decimal mark).
// Cells: text that a spreadsheet could read as a formula gets a leading `'`, an escape the import undoes (see
// neutraliseFormula); in excel-id also a text it would read as a number or date (`007`, `3,14`, a NIK: see
// excelText), and every text cell is quoted there; numbers and booleans never get the escape; instants are
// ISO 8601 UTC with milliseconds, dates YYYY-MM-DD; an empty text is `""`
// and a missing value an empty cell (as PostgreSQL's COPY … CSV writes them, so both backends agree byte for
// byte).

import { z } from 'zod';
import { CASE_COLUMNS, type CaseColumn } from './caseColumns.js';
import { CASE_FILTER_SHAPE } from './caseFilters.js';
import type { Role } from './types.js';

export const EXPORT_PROFILES = ['statistical', 'full', 'pii'] as const;
export type ExportProfile = (typeof EXPORT_PROFILES)[number];

export const EXPORT_DIALECTS = ['rfc4180', 'excel-id'] as const;
export type ExportDialect = (typeof EXPORT_DIALECTS)[number];

export const EXPORT_HEADERS = ['id', 'en', 'name'] as const;
export type ExportHeader = (typeof EXPORT_HEADERS)[number];

export interface DialectSpec {
  delimiter: ',' | ';';
  /** Written once before the header (the UTF-8 byte order mark), or ''. */
  bom: string;
  recordEnd: '\r\n';
}

export const DIALECTS: Record<ExportDialect, DialectSpec> = {
  rfc4180: { delimiter: ',', bom: '', recordEnd: '\r\n' },
  'excel-id': { delimiter: ';', bom: '\uFEFF', recordEnd: '\r\n' },
};

/** Roles allowed each profile. */
export const PROFILE_ROLES: Record<ExportProfile, readonly Role[]> = {
  statistical: ['national_admin', 'institution_admin', 'liaison', 'statistician', 'system'],
  full: ['national_admin', 'institution_admin'],
  pii: ['national_admin'],
};

/** Columns a confidential case never shows outside the handling chain (the same as the API's redaction). */
export const CONFIDENTIAL_REDUCED = ['district', 'village', 'regionCode'] as const;

// ---- formula neutralisation ----------------------------------------------------------------------------

/**
 * First characters that make a spreadsheet read a cell as a formula (or split it): = + - @, tab, CR, LF, and
 * the full-width forms ＝ ＋ － ＠ that some spreadsheets also accept.
 */
export const FORMULA_START_CHARS = '=+-@\t\r\n＝＋－＠';

export function startsLikeFormula(text: string): boolean {
  return text !== '' && FORMULA_START_CHARS.includes(text[0]);
}

/** The escape mark: a leading single quote, which spreadsheets show as text and never evaluate. */
export const FORMULA_ESCAPE = "'";

/** First characters that get the escape: the formula starts, and the mark itself (so that it can be undone). */
export const ESCAPED_START_CHARS = FORMULA_START_CHARS + FORMULA_ESCAPE;

/**
 * The reversible formula escape (CSV/formula injection). A text cell that starts with a formula start
 * (= + - @ tab CR LF ＝ ＋ － ＠) or with a single quote gets one more single quote in front: `=1+1` → `'=1+1`,
 * `'ok` → `''ok`. Every other text is written as it is, and numbers stay numbers. The import undoes it
 * (restoreFormula), so export → import → export gives the same bytes and the same texts, and the escape is not
 * counted against a field's length. Spreadsheets (LibreOffice Calc, Excel) open such a cell as text and show
 * the quote: a user sees `'=1+1` and `''ok`, never a formula result.
 */
export function neutraliseFormula(text: string): string {
  return text !== '' && ESCAPED_START_CHARS.includes(text[0]) ? `${FORMULA_ESCAPE}${text}` : text;
}

/**
 * The inverse of the escape (neutraliseFormula, and excelText's in excel-id), as the import reads a text cell:
 * a single quote followed by a formula start, by another single quote, or by a text a spreadsheet would read as
 * a number or date (looksLikeNumber) is the escape and is removed; any other text (also `'ok`, which the export
 * never writes) is kept as it is. An unescaped text never starts with `'` (that start is always escaped), so
 * restoreFormula(neutraliseFormula(t)) === t and restoreFormula(excelText(t)) === t for every text t.
 */
export function restoreFormula(cell: string): string {
  return cell.length > 1 && cell[0] === FORMULA_ESCAPE && (ESCAPED_START_CHARS.includes(cell[1]) || looksLikeNumber(cell.slice(1)))
    ? cell.slice(1)
    : cell;
}

// ---- number-like texts (excel-id) ----------------------------------------------------------------------

/** A word matched in any letter case by a regex that means the same in JavaScript and PostgreSQL (no flags). */
function anyCase(word: string): string {
  return word.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
}

/** Month names (Indonesian and English, full and short) that make `12 Mei`, `Jan-23` or `5 March 2024` a date. */
const MONTH_WORDS = [
  'januari', 'january', 'jan', 'februari', 'february', 'feb', 'maret', 'march', 'mar', 'april', 'apr', 'mei', 'may',
  'juni', 'june', 'jun', 'juli', 'july', 'jul', 'agustus', 'august', 'agu', 'aug', 'september', 'sep', 'oktober',
  'october', 'okt', 'oct', 'november', 'nov', 'desember', 'december', 'des', 'dec',
];

/**
 * The one definition of a text that a spreadsheet opening a CSV would turn into a number, date, time, percent,
 * fraction or currency (`007`, `3,14`, `3.14`, a 16-digit NIK, `0812-3456-7890`, `1/2/2023`, `1/2`, `50%`,
 * `1E5`, `12:30 PM`, `(5)`, `1.234,56`, `Rp 5.000`, `12 Mei 2024`, `2024-01-05T09:30Z`): at least one digit,
 * and nothing but digits, the separators space . , : / % ( ) + -, an exponent after a digit (1E5, 2e+3), a month name,
 * AM/PM, T, Z, Rp and the signs $ € £ ¥. A text with any other letter (`3 jalan rusak`) is not number-like.
 * A plain regex source (character classes, no flags, no backslashes) that the server's SQL uses with `~`, so
 * both sides decide alike; each text has one parse, so matching is linear.
 */
export const NUMBER_LIKE_PATTERN =
  '^(?=[^0-9]*[0-9])(?:[0-9][Ee][+-]?[0-9]|[0-9 \u00a0.,:/%()+-]|' +
  [...MONTH_WORDS, 'am', 'pm', 'rp', 't', 'z'].map(anyCase).join('|') +
  '|[$€£¥])*$';

const NUMBER_LIKE = new RegExp(NUMBER_LIKE_PATTERN);

export function looksLikeNumber(text: string): boolean {
  return NUMBER_LIKE.test(text);
}

/**
 * A text cell in the excel-id dialect: the formula escape, and the same `'` in front of a number-like text, so
 * that a spreadsheet keeps `007`, `3,14` or a NIK as text (it shows the quote: `'007`). The import undoes it
 * (restoreFormula). rfc4180 and XLSX carry number-like texts as they are.
 */
export function excelText(text: string): string {
  const escaped = neutraliseFormula(text);
  return escaped === text && looksLikeNumber(text) ? `${FORMULA_ESCAPE}${text}` : escaped;
}

/** A text cell as a dialect writes it. */
export function dialectText(text: string, dialect: ExportDialect): string {
  return dialect === 'excel-id' ? excelText(text) : neutraliseFormula(text);
}

// ---- CSV fields ----------------------------------------------------------------------------------------

/**
 * One CSV field exactly as PostgreSQL's COPY … (FORMAT csv) writes it: null → empty, '' → `""`, quoted when
 * it holds the delimiter, a double quote, CR or LF (quotes doubled), or always with `quote` (COPY's FORCE_QUOTE:
 * excel-id quotes every text cell, so that a spreadsheet splitting on `,` as well as `;` never splits one).
 * Numbers as they are. The value must already be escaped (dialectText) when it is text.
 */
export function csvField(value: string | number | null, delimiter: string, quote = false): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (value === '') return '""';
  if (quote || value.includes(delimiter) || value.includes('"') || value.includes('\n') || value.includes('\r')) {
    return `"${value.replace(/"/g, '""')}"`;
  }
  return value;
}

// ---- columns and header --------------------------------------------------------------------------------

/** The project's own case columns that a profile carries, in CASE_COLUMNS order. */
export function exportColumns(profile: ExportProfile): CaseColumn[] {
  return CASE_COLUMNS.filter(
    (c) => c.class === 'structured' || (c.class === 'free_text' && profile !== 'statistical') || (c.class === 'reporter' && profile === 'pii'),
  );
}

export function columnHeader(column: CaseColumn, header: ExportHeader): string {
  return header === 'name' ? column.name : header === 'id' ? column.id : column.en;
}

/** The BOM (excel-id) and the header record, ended by CRLF. */
export function headerRecord(columns: readonly CaseColumn[], header: ExportHeader, dialect: ExportDialect): string {
  const d = DIALECTS[dialect];
  return d.bom + columns.map((c) => csvField(dialectText(columnHeader(c, header), dialect), d.delimiter)).join(d.delimiter) + d.recordEnd;
}

// ---- the request ---------------------------------------------------------------------------------------

const { from: _from, to: _to, ...FILTERS_BUT_DATES } = CASE_FILTER_SHAPE;

/** The query of GET /v1/exports/cases: the filters of GET /v1/cases (no paging) plus the export's own. */
export const ExportQuerySchema = z
  .strictObject({
    profile: z.enum(EXPORT_PROFILES).default('statistical'),
    dialect: z.enum(EXPORT_DIALECTS).default('rfc4180'),
    header: z.enum(EXPORT_HEADERS).default('name'),
    /** Why personal data is exported; required for (and only for) the pii profile; goes into the audit log. */
    purpose: z
      .string()
      .trim()
      .min(5, 'at least 5 characters')
      .max(500)
      .regex(/^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$/, 'no control characters')
      .optional(),
    /** Cases submitted in this calendar year (local time of the working-day calendar). */
    year: z.coerce.number().int().min(1990).max(2100).optional(),
    // the filters of GET /v1/cases (domain/caseFilters.ts), from and to first as they were always listed
    from: CASE_FILTER_SHAPE.from,
    to: CASE_FILTER_SHAPE.to,
    ...FILTERS_BUT_DATES,
    /** Title text or tracking ID; only with a profile that carries the title (a filter on text would leak it). */
    q: z.string().min(1).max(200).regex(/^[^\x00]*$/, 'no NUL characters').optional(),
  })
  .superRefine((q, ctx) => {
    if (q.year !== undefined && (q.from !== undefined || q.to !== undefined)) {
      ctx.addIssue({ code: 'custom', path: ['year'], message: 'give either year or from/to, not both' });
    }
    if (q.from !== undefined && q.to !== undefined && q.from > q.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
    }
    if (q.profile === 'pii' && q.purpose === undefined) {
      ctx.addIssue({ code: 'custom', path: ['purpose'], message: 'required for the pii profile (it is written to the audit log)' });
    }
    if (q.profile !== 'pii' && q.purpose !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['purpose'], message: 'only for the pii profile' });
    }
    if (q.profile === 'statistical' && q.q !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['q'], message: 'a text search needs a profile with free text (full or pii)' });
    }
  });
export type ExportQuery = z.infer<typeof ExportQuerySchema>;

/** Response headers of an export. */
export const EXPORT_ROWS_TRAILER = 'x-export-rows';
export const EXPORT_PROFILE_HEADER = 'x-export-profile';
