// Reason codes of a CSV import, stable for scripts (the rejects CSV and the report carry them). File-level
// codes stop the import before anything is sent or kept; row-level codes reject one row.

export const FILE_CODES = [
  'empty_file', // no bytes, or nothing but blank lines
  'no_header', // no row names the columns (e.g. only metadata rows)
  'duplicate_header', // two columns map to the same field
  'missing_column', // a required column is absent (and the mapping gives no default)
  'invalid_utf8', // bytes that are not UTF-8 (the line is named; no replacement characters)
  'utf16', // a UTF-16 file (BOM or NUL bytes); save it as UTF-8
  'nul_byte', // a NUL byte in the text
  'bad_quotes', // a quote that is never closed, or text after a closing quote
  'record_too_long', // one record larger than the record-size limit
  'no_rows', // a header and no data rows
  'bad_xlsx', // a .xlsx file that is not a readable workbook
] as const;
export type FileCode = (typeof FILE_CODES)[number];

export const ROW_CODES = [
  'ragged_row', // more or fewer cells than the header
  'required', // an empty required value
  'invalid_tracking_id', // not letters, digits, "-", "_" or "." (1–64)
  'invalid_value', // not one of the allowed values (classification, status, boolean, rating, NIK, …)
  'invalid_date', // not a date or instant in a known form
  'future_date', // later than the server's clock
  'inconsistent', // e.g. closed before it was submitted, closedBy on an open case
  'too_long', // longer than the field allows
  'invalid_text', // a character that cannot be stored faithfully: NUL, a control other than tab/LF/CR, a lone surrogate (domain/text.ts)
  'unknown_category',
  'ambiguous_category',
  'unknown_institution',
  'ambiguous_institution',
  'unknown_channel',
  'similar_institution', // --create-missing: near an existing institution, not created (the candidates are listed)
  'similar_category', // --create-missing: near an existing category, not created
  'duplicate_in_file', // the tracking ID appears on an earlier line of the same file
] as const;
export type RowCode = (typeof ROW_CODES)[number];

/** One bad row: where (line where the record starts, column) and why. */
export interface RowProblem {
  line: number;
  trackingId: string | null;
  code: RowCode;
  /** The column as the file names it (client side) or the field name (server side); null for the whole row. */
  column: string | null;
  /** The offending value or a short explanation, for people; may be null. */
  detail: string | null;
}
