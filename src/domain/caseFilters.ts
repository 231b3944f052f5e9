// The filters of a case listing, named once: GET /v1/cases and GET /v1/exports/cases take them as query
// parameters, `lapor cases list` and `lapor export cases` as flags, the bulk verbs as `--where key=value`.
// Each names the catalogue field it filters (domain/caseColumns.ts) and the values it takes; the wire
// schemas, the client's query, the flags and the --where check are derived from this table. Pure: no IO.

import { z } from 'zod';
import type { CaseFieldName } from './caseColumns.js';
import { CLASSIFICATIONS, CLOCKS, STATUSES } from './types.js';
import { code, date } from './wireValues.js';

/**
 * What a filter's value is: `statuses` (one or more statuses, comma-separated on the wire), `choice` (one of
 * `values`), `code` (an id of the reference data: its subtree for trees), `date` (YYYY-MM-DD, local), `text`.
 */
export type CaseFilterKind = 'statuses' | 'choice' | 'code' | 'date' | 'text';

export interface CaseFilter {
  name: string;
  kind: CaseFilterKind;
  /** The case field it filters (catalogue name). */
  field: CaseFieldName;
  /** The values a `statuses` or `choice` filter takes (the CLI's choices). */
  values?: readonly string[];
  /** The query parameter's schema (GET /v1/cases, GET /v1/exports/cases). */
  wire: z.ZodType;
  /** The CLI flag (Commander syntax); its help text is the message `flag.<name>` (`flag.search` for q). */
  flag: string;
  /** The value a flag given without one stands for (`--escalated` = `--escalated yes`). */
  preset?: string;
}

/** The draft filter's one value: a follow-up draft awaits review. */
export const DRAFT_STATES = ['pending'] as const;

const statusList = z
  .string()
  .transform((s) => s.split(','))
  .pipe(z.array(z.enum(STATUSES)));

// prettier-ignore
const FILTERS = [
  { name: 'status', kind: 'statuses', field: 'status', values: STATUSES, wire: statusList.optional(), flag: '--status <status...>' },
  { name: 'institution', kind: 'code', field: 'institutionId', wire: code.optional(), flag: '--institution <code>' },
  { name: 'category', kind: 'code', field: 'categoryId', wire: code.optional(), flag: '--category <id>' },
  { name: 'classification', kind: 'choice', field: 'classification', values: CLASSIFICATIONS, wire: z.enum(CLASSIFICATIONS).optional(), flag: '--classification <c>' },
  { name: 'channel', kind: 'code', field: 'channel', wire: code.optional(), flag: '--channel <id>' },
  { name: 'from', kind: 'date', field: 'submittedAt', wire: date.optional(), flag: '--from <date>' },
  { name: 'to', kind: 'date', field: 'submittedAt', wire: date.optional(), flag: '--to <date>' },
  { name: 'overdue', kind: 'choice', field: 'submittedAt', values: CLOCKS, wire: z.enum(CLOCKS).optional(), flag: '--overdue <clock>' },
  // SLA (issue #19): marked for intervention (escalatedAt set) or not
  { name: 'escalated', kind: 'choice', field: 'escalatedAt', values: ['yes', 'no'], wire: z.enum(['yes', 'no']).optional(), flag: '--escalated [yes|no]', preset: 'yes' },
  { name: 'q', kind: 'text', field: 'title', wire: z.string().min(1).max(200).optional(), flag: '-q, --search <text>' },
  // desk work (issue #20): cases copied (tembusan) to an institution's subtree
  { name: 'copiedTo', kind: 'code', field: 'institutionId', wire: code.optional(), flag: '--copied-to <code>' },
  // reviewed replies (#20): cases whose follow-up draft awaits review (the queue of lapor cases drafts)
  { name: 'draft', kind: 'choice', field: 'draftAt', values: DRAFT_STATES, wire: z.enum(DRAFT_STATES).optional(), flag: '--draft <state>' },
] as const satisfies readonly CaseFilter[];

export const CASE_FILTERS: readonly CaseFilter[] = FILTERS;
export type CaseFilterName = (typeof FILTERS)[number]['name'];
export const CASE_FILTER_NAMES = FILTERS.map((f) => f.name) as readonly CaseFilterName[];

/** The query parameters' schemas, in table order: CaseListQuerySchema and ExportQuerySchema spread them. */
export type CaseFilterShape = { [F in (typeof FILTERS)[number] as F['name']]: F['wire'] };
export const CASE_FILTER_SHAPE = Object.fromEntries(FILTERS.map((f) => [f.name, f.wire])) as unknown as CaseFilterShape;

/** The filters as the CLI holds them (strings; the server validates): `status` may be a list. */
export type CaseFilterParams = { status?: string | readonly string[] } & { [K in Exclude<CaseFilterName, 'status'>]?: string };

/** The filters as query parameters of the API, in table order (`status` joined with commas). */
export function caseFilterQuery(q: CaseFilterParams): Record<CaseFilterName, string | undefined> {
  const query = {} as Record<CaseFilterName, string | undefined>;
  for (const name of CASE_FILTER_NAMES) {
    const value = q[name];
    query[name] = typeof value === 'string' || value === undefined ? value : value.join(',');
  }
  return query;
}

/** The filters of an options object (a command's parsed flags). */
export function pickCaseFilters(opts: CaseFilterParams): CaseFilterParams {
  const picked: Record<string, string | readonly string[] | undefined> = {};
  for (const name of CASE_FILTER_NAMES) picked[name] = opts[name];
  return picked as CaseFilterParams;
}
