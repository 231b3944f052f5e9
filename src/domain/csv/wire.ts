// The wire format of an import (POST /v1/imports/{kind}), shared by client and server. Both directions are
// NDJSON, so neither side ever holds the whole file:
//
// request (Content-Type: application/x-ndjson), one JSON value a line:
//   {"v":1,"fields":[…]}                        first: the field order of the rows (IMPORT_FIELDS for cases)
//   [line, v1, v2, …]                            a row the client could read: its start line, then the values
//   {"r":[line, trackingId, code, column, detail]} a row the client rejected (kept so that one report lists all)
//   {"end":{"records":N,"rejected":M}}           last: how many data records the file held and how many the
//                                                client rejected. Without it the upload was cut short and
//                                                the server keeps nothing.
// response (200, application/x-ndjson), after the whole request was read and checked:
//   {"reject":{line, trackingId, code, column, detail}}  every bad row, in line order
//   {"summary":{…}}                                         last, after the commit (or the rollback)
//   {"error":{…problem}}                                    instead of the summary when the commit failed

import { z } from 'zod';
import { LOCATION_ISSUE_CODES, REGION_LEVELS } from '../regions.js';
import { ROW_CODES } from './codes.js';

export const IMPORT_WIRE_VERSION = 1;
export const NDJSON = 'application/x-ndjson';
/** The longest request line the server accepts (a row is at most a few hundred KiB of text). */
export const MAX_WIRE_LINE = 4 * 1024 * 1024;

export const IMPORT_KINDS = ['cases', 'institutions', 'categories', 'calendar'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export const ImportQuerySchema = z.strictObject({
  /** strict: one bad row or more → nothing kept; skip: the good rows are kept. */
  mode: z.enum(['strict', 'skip']).default('strict'),
  dryRun: z.enum(['true', 'false']).transform((v) => v === 'true').default(false),
  /** Overwrite existing rows that differ from the file (else they are left alone and counted). */
  update: z.enum(['true', 'false']).transform((v) => v === 'true').default(false),
  /** Create institutions, categories and channels the file names but the database lacks. */
  createMissing: z.enum(['true', 'false']).transform((v) => v === 'true').default(false),
  /** The file's name, for the import events' note. */
  source: z
    .string()
    .max(200)
    .regex(/^[^\x00-\x1f\x7f]*$/, 'no control characters')
    .optional(),
});
export type ImportQuery = z.infer<typeof ImportQuerySchema>;

export const ImportRejectSchema = z.strictObject({
  line: z.number().int(),
  trackingId: z.string().nullable(),
  code: z.enum(ROW_CODES),
  column: z.string().nullable(),
  detail: z.string().nullable(),
});
export type ImportReject = z.infer<typeof ImportRejectSchema>;

/** A location that matched no official area, or several, or a code unknown or off its names (rows kept). */
export const LocationWarningSchema = z.strictObject({
  field: z.enum([...REGION_LEVELS, 'regionCode']),
  value: z.string(),
  code: z.enum(LOCATION_ISSUE_CODES),
  /** What it may have meant: "51.03 Kabupaten Badung". */
  suggestions: z.array(z.string()),
  /** Rows naming it, and the first of their lines. */
  rows: z.number().int(),
  line: z.number().int(),
});
export type LocationWarning = z.infer<typeof LocationWarningSchema>;

/** A name the file uses that the table lacks, or names ambiguously; `candidates`: the entries it may mean (none: omitted). */
const MissingSchema = z.array(
  z.strictObject({ value: z.string(), rows: z.number().int(), candidates: z.array(z.strictObject({ id: z.string(), name: z.string() })).optional() }),
);
const CreatedSchema = z.array(z.strictObject({ id: z.string(), name: z.string() }));

export const ImportSummarySchema = z.strictObject({
  kind: z.enum(IMPORT_KINDS),
  source: z.string().nullable(),
  mode: z.enum(['strict', 'skip']),
  dryRun: z.boolean(),
  update: z.boolean(),
  /** Whether anything was written (false in a dry run and when strict mode found a bad row). */
  applied: z.boolean(),
  /** Data records in the file. */
  records: z.number().int(),
  /** Bad rows, client and server side together. */
  rejected: z.number().int(),
  /** New rows (inserted, or that would be in a dry run / a refused strict run). */
  created: z.number().int(),
  /** Rows present already and equal to the file. */
  unchanged: z.number().int(),
  /** Rows present already that differ from the file and were left alone (no --update). */
  differing: z.number().int(),
  /** Rows present already that differ and were overwritten (--update). */
  updated: z.number().int(),
  /** References the file names that the database lacks (the rows naming them are rejected). */
  missing: z.strictObject({ institutions: MissingSchema, categories: MissingSchema, channels: MissingSchema }),
  /** References created by --create-missing. */
  createdReferences: z.strictObject({ institutions: CreatedSchema, categories: CreatedSchema, channels: CreatedSchema }),
  /** Case imports: the locations not matched to an official area (present only when there are some). */
  locations: z.array(LocationWarningSchema).optional(),
});
export type ImportSummary = z.infer<typeof ImportSummarySchema>;

export const ImportResponseLineSchema = z.union([
  z.strictObject({ reject: ImportRejectSchema }),
  z.strictObject({ summary: ImportSummarySchema }),
  z.strictObject({
    error: z.looseObject({ type: z.string(), title: z.string(), status: z.number().int(), detail: z.string().optional() }),
  }),
]);
export type ImportResponseLine = z.infer<typeof ImportResponseLineSchema>;

/** The request's first line. */
export function headerLine(fields: readonly string[]): string {
  return `${JSON.stringify({ v: IMPORT_WIRE_VERSION, fields })}\n`;
}

export function rejectLine(r: Omit<ImportReject, 'code'> & { code: string }): string {
  return `${JSON.stringify({ r: [r.line, r.trackingId, r.code, r.column, r.detail] })}\n`;
}

export function endLine(records: number, rejected: number): string {
  return `${JSON.stringify({ end: { records, rejected } })}\n`;
}

/** Reference data fields, in wire order. */
export const REFERENCE_FIELDS: Record<Exclude<ImportKind, 'cases'>, readonly string[]> = {
  institutions: ['id', 'parentId', 'name', 'level', 'active'],
  categories: ['id', 'parentId', 'name', 'nameEn', 'institutionHint'],
  calendar: ['date', 'kind', 'name'],
};
