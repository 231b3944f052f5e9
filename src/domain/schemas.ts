// The wire shapes of API v1, as zod schemas. The server validates requests with them and generates
// /openapi.json from them; the client validates responses with them. Objects are strict: unknown fields
// are rejected, never dropped.

import { z } from 'zod';
import { FIELD_ERROR_CODES, PROBLEM_REASON_NAMES, type ProblemParamName } from './problems.js';
import { CASE_SHAPE } from './caseShape.js';
import { CASE_FILTER_SHAPE } from './caseFilters.js';
import { code, date, instant } from './wireValues.js';
import {
  ACTIONS,
  ARCHIVE_REASONS,
  CLASSIFICATIONS,
  INSTITUTION_LEVELS,
  ROLES,
  STATUSES,
} from './types.js';
import { ROW_CODES } from './csv/codes.js';
import { TEXT_LIMITS } from './caseColumns.js';
import { NOTE_LIMIT, textSchema } from './text.js';
import { IMPORT_WIRE_VERSION } from './csv/wire.js';

/** Schemas shown in /openapi.json in place of the one that validates (see documentAs). */
const DOCUMENTED_AS = new WeakMap<object, z.ZodType>();

/** Marks `schema` to be published as `doc`: for a value validated later, piece by piece, where the envelope's
 *  validator holds `unknown` (bulk items are checked one at a time, so one bad item fails alone). */
export function documentAs<S extends z.ZodType>(schema: S, doc: z.ZodType): S {
  DOCUMENTED_AS.set(schema, doc);
  return schema;
}

/** The schema published for `schema`, when documentAs set one. */
export function documentedSchema(schema: object): z.ZodType | undefined {
  return DOCUMENTED_AS.get(schema);
}

export const MAX_PAGE_SIZE = 500;
export const MAX_BULK_ITEMS = 1000;

const trackingId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'letters, digits, "-", "_" or "." (1–64)');
/** A note or a follow-up message: kept exactly as sent (domain/text.ts), never blank. */
const note = textSchema(NOTE_LIMIT, { nonBlank: true });
const title = textSchema(TEXT_LIMITS.title, { nonBlank: true });

export const StatusSchema = z.enum(STATUSES);
export const RoleSchema = z.enum(ROLES);
export const ClassificationSchema = z.enum(CLASSIFICATIONS);
export const ArchiveReasonSchema = z.enum(ARCHIVE_REASONS);

/** A case: the Case fields of the column catalogue, in its order. */
export const CaseSchema = z.strictObject(CASE_SHAPE);

export const CaseEventSchema = z.strictObject({
  id: z.number().int(),
  trackingId: z.string(),
  seq: z.number().int(),
  at: instant,
  actor: z.string(),
  role: RoleSchema,
  action: z.enum([...ACTIONS, 'submit', 'pii_export', 'import', 'draft']),
  fromStatus: StatusSchema.nullable(),
  toStatus: StatusSchema.nullable(),
  fromInstitution: z.string().nullable(),
  toInstitution: z.string().nullable(),
  note: z.string().nullable(),
  requestId: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});

export const InstitutionSchema = z.strictObject({
  id: code,
  parentId: code.nullable(),
  name: z.string().min(1).max(300),
  level: z.enum(INSTITUTION_LEVELS),
  active: z.boolean(),
});

export const CategorySchema = z.strictObject({
  id: code,
  parentId: code.nullable(),
  name: z.string().min(1).max(300),
  nameEn: z.string().max(300).nullable(),
  institutionHint: code.nullable(),
});

export const ChannelSchema = z.strictObject({ id: code, name: z.string(), nameEn: z.string() });

export const CalendarDaySchema = z.strictObject({
  date,
  kind: z.enum(['holiday', 'cuti_bersama']),
  name: z.string().min(1).max(300),
});

// ---- actions -------------------------------------------------------------------------------------------

const withNote = { note: note.optional() };
/** The institutions a copy (tembusan) goes to or is taken from: distinct codes. */
export const MAX_COPY_TARGETS = 20;
const copyTargets = z
  .array(code)
  .min(1)
  .max(MAX_COPY_TARGETS)
  .refine((ids) => new Set(ids).size === ids.length, 'each institution once');

export const ActionRequestSchema = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('dispose'), institutionId: code, ...withNote }),
  z.strictObject({ action: z.literal('redispose'), institutionId: code, ...withNote }),
  z.strictObject({ action: z.literal('return'), note }),
  z.strictObject({ action: z.literal('postpone'), note }),
  z.strictObject({ action: z.literal('resume'), ...withNote }),
  z.strictObject({ action: z.literal('archive'), reason: ArchiveReasonSchema, ...withNote }),
  z.strictObject({ action: z.literal('respond'), message: note }),
  z.strictObject({ action: z.literal('close'), ...withNote }),
  z.strictObject({ action: z.literal('reopen'), note }),
  z.strictObject({ action: z.literal('escalate'), ...withNote }),
  z.strictObject({
    action: z.literal('edit'),
    changes: z
      .strictObject({
        title: title.optional(),
        categoryId: code.nullable().optional(),
        classification: ClassificationSchema.optional(),
        anonymous: z.boolean().optional(),
        confidential: z.boolean().optional(),
        /** SLA (issue #19): a policy condition; null: not assessed. */
        needsFieldInspection: z.boolean().nullable().optional(),
      })
      .refine((c) => Object.keys(c).length > 0, 'at least one change is needed'),
    ...withNote,
  }),
  // desk work (issue #20): duplicates, copies (tembusan) and internal notes
  z.strictObject({ action: z.literal('duplicate'), originalId: trackingId, ...withNote }),
  z.strictObject({ action: z.literal('copy'), institutionIds: copyTargets, ...withNote }),
  z.strictObject({ action: z.literal('uncopy'), institutionIds: copyTargets, ...withNote }),
  z.strictObject({ action: z.literal('note'), note }),
  // reviewed replies (#20): approve publishes the case's draft as its follow-up; send_back sends it back with a note
  z.strictObject({ action: z.literal('approve'), ...withNote }),
  z.strictObject({ action: z.literal('send_back'), note }),
]);
export type ActionRequest = z.infer<typeof ActionRequestSchema>;

export const ActionResponseSchema = z.strictObject({ case: CaseSchema, event: CaseEventSchema });

// ---- bulk ----------------------------------------------------------------------------------------------

const itemKeys = { trackingId, version: z.number().int().min(1) };
/** One bulk item: an action request plus the case it targets and the version it was reviewed at (strict). */
export const BulkItemSchema = z.discriminatedUnion(
  'action',
  ActionRequestSchema.options.map((o) => o.extend(itemKeys)) as unknown as readonly [
    z.ZodObject<typeof itemKeys & { action: z.ZodLiteral<ActionRequest['action']> }>,
  ],
);
export const BulkRequestSchema = z.strictObject({
  items: z.array(documentAs(z.unknown(), BulkItemSchema)).min(1).max(MAX_BULK_ITEMS),
});
export type BulkItem = ActionRequest & { trackingId: string; version: number };

const paramValue = z.union([z.string(), z.number()]).optional();

/** The values a problem's reason names (domain/problems.ts PROBLEM_PARAM_NAMES), an extension member. */
export const ProblemParamsSchema = z
  .object({
    trackingId: paramValue,
    action: paramValue,
    caseStatus: paramValue,
    role: paramValue,
    institutionId: paramValue,
    categoryId: paramValue,
    version: paramValue,
    currentVersion: paramValue,
    name: paramValue,
    method: paramValue,
    path: paramValue,
    retryAfterSeconds: paramValue,
    profile: paramValue,
    grantedRole: paramValue,
    alias: paramValue,
    targetId: paramValue,
  } satisfies Record<ProblemParamName, typeof paramValue>)
  .describe('The values the reason names (action, caseStatus and role as wire values), for a client to word the problem itself');

const problemReason = z
  .string()
  .describe(`Which rule refused, finer than the type: one of ${PROBLEM_REASON_NAMES.join(', ')} (new ones may be added)`);

export const BulkItemOutcomeSchema = z.enum(['applied', 'skipped', 'failed']);
export const BulkItemResultSchema = z.strictObject({
  index: z.number().int(),
  trackingId: z.string().nullable(),
  outcome: BulkItemOutcomeSchema,
  status: z.number().int(), // the HTTP status a single action would have answered
  version: z.number().int().nullable(), // the case version after the item (applied/skipped)
  problem: z
    .strictObject({
      type: z.string(),
      title: z.string(),
      detail: z.string(),
      field: z.string().optional(),
      reason: problemReason.optional(),
      params: ProblemParamsSchema.optional(),
    })
    .nullable(),
});
export type BulkItemResult = z.infer<typeof BulkItemResultSchema>;

export const BulkResponseSchema = z.strictObject({
  results: z.array(BulkItemResultSchema),
  counts: z.strictObject({ applied: z.number().int(), skipped: z.number().int(), failed: z.number().int() }),
});
export type BulkResponse = z.infer<typeof BulkResponseSchema>;

// ---- intake --------------------------------------------------------------------------------------------

export const NewCaseSchema = z.strictObject({
  /**
   * Only for tokens bound to no institution (national), which may keep an outside system's ID; without it
   * the server assigns one (LPR-YYYY-NNNNNNN). A token bound to an institution never sends it.
   */
  trackingId: trackingId.optional(),
  classification: ClassificationSchema,
  categoryId: code.nullable().optional(),
  // title and body are stored exactly as sent (no trimming: a leading tab before =1+1 is kept)
  title,
  body: textSchema(TEXT_LIMITS.body, { nonBlank: true }),
  incidentDate: date.nullable().optional(),
  province: textSchema(TEXT_LIMITS.province).nullable().optional(),
  regency: textSchema(TEXT_LIMITS.regency).nullable().optional(),
  district: textSchema(TEXT_LIMITS.district).nullable().optional(),
  village: textSchema(TEXT_LIMITS.village).nullable().optional(),
  regionCode: textSchema(TEXT_LIMITS.regionCode).nullable().optional(),
  channel: code,
  anonymous: z.boolean().default(false),
  confidential: z.boolean().default(false),
  institutionId: code.nullable().optional(),
  submittedAt: instant.optional(),
  reporter: z
    .strictObject({
      name: textSchema(TEXT_LIMITS.reporterName).nullable().optional(),
      contact: textSchema(TEXT_LIMITS.reporterContact).nullable().optional(),
      nik: z.string().regex(/^\d{16}$/, '16 digits').nullable().optional(),
    })
    .optional(),
});
export type NewCase = z.infer<typeof NewCaseSchema>;

// ---- imports -------------------------------------------------------------------------------------------

const wireLine = z.number().int().min(1);
/** One line of an import upload (src/domain/csv/wire.ts): the header, a row, a row the client rejected,
 *  or the end line. */
export const ImportRequestLineSchema = z.union([
  z.object({ v: z.literal(IMPORT_WIRE_VERSION), fields: z.array(z.string()) }),
  z.tuple([wireLine], z.union([z.string(), z.number(), z.boolean(), z.null()])),
  z.object({ r: z.tuple([wireLine, z.string().nullable(), z.enum(ROW_CODES), z.string().nullable(), z.string().nullable()]) }),
  z.object({ end: z.object({ records: z.number().int().min(0), rejected: z.number().int().min(0) }) }),
]);

// ---- reads ---------------------------------------------------------------------------------------------

export const CASE_SORTS = ['submittedAt', '-submittedAt', 'verifyDueAt', 'responseDueAt', 'trackingId', 'urgency'] as const;

/** The fields of a case, as `fields=` may name them. */
export const CASE_FIELDS = CaseSchema.keyof().options;
export type CaseField = (typeof CASE_FIELDS)[number];

/** A page of cases; with `fields=`, each item holds only those fields (and trackingId and version). */
export const CaseListQuerySchema = z.strictObject({
  ...CASE_FILTER_SHAPE,
  sort: z
    .enum(CASE_SORTS)
    .default('submittedAt')
    .describe(
      'Order of the list (stable: ties by trackingId). urgency: most urgent first, by the earliest due time among the ' +
        'case’s running clocks (verify until verified, response from disposition to the first follow-up, completion ' +
        'until closed): overdue cases first, the longest overdue first, then the nearest deadline; cases with no ' +
        'running clock (completed, archived) last.',
    ),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  cursor: z.string().max(500).optional(),
  /** Sparse fields: only these (and always trackingId and version) in each item. */
  fields: z
    .string()
    .transform((s) => s.split(','))
    .pipe(z.array(z.enum(CASE_FIELDS)))
    .optional(),
});
export type CaseListQuery = z.infer<typeof CaseListQuerySchema>;

export const CaseListResponseSchema = z.strictObject({
  items: z.array(CaseSchema),
  nextCursor: z.string().nullable(),
});

/** A case as `fields=` selects it: trackingId and version always, the other fields only when named. */
export const SparseCaseSchema = CaseSchema.partial().required({ trackingId: true, version: true });

/** The page GET /v1/cases answers: whole cases, or sparse ones when the query has `fields=`. */
export const CasePageSchema = z.strictObject({
  items: z.array(z.union([CaseSchema, SparseCaseSchema])),
  nextCursor: z.string().nullable(),
});

/** The path parameter of the case routes. */
export const TrackingIdParamsSchema = z.strictObject({ trackingId });

export const EventListResponseSchema = z.strictObject({ items: z.array(CaseEventSchema) });
export const InstitutionListResponseSchema = z.strictObject({ items: z.array(InstitutionSchema) });
export const CategoryListResponseSchema = z.strictObject({ items: z.array(CategorySchema) });
export const ChannelListResponseSchema = z.strictObject({ items: z.array(ChannelSchema) });
export const CalendarQuerySchema = z.strictObject({ year: z.coerce.number().int().min(1990).max(2100).optional() });
export const CalendarResponseSchema = z.strictObject({
  timezoneOffsetMinutes: z.number().int(),
  items: z.array(CalendarDaySchema),
});

export const WhoAmISchema = z.strictObject({
  name: z.string(),
  role: RoleSchema,
  institutionId: z.string().nullable(),
});

export const HealthSchema = z.strictObject({
  status: z.literal('ok'),
  database: z.enum(['pglite', 'postgres']),
  version: z.string(),
});

/** RFC 9457 problem details, with per-field errors, and `reason` + `params` as extension members. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  reason: problemReason.optional(),
  params: ProblemParamsSchema.optional(),
  errors: z
    .array(
      z.object({
        field: z.string(),
        message: z.string(),
        code: z.string().describe(`A stable code of the fault: ${FIELD_ERROR_CODES.join(', ')}`).optional(),
      }),
    )
    .optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

// ---- desk work (issue #20): links, similar cases, duplicates by institution ----------------------------------

/** GET /v1/cases/{trackingId}/links: the duplicate link both ways and the copies (tembusan). */
export const CaseLinksSchema = z.strictObject({
  trackingId: z.string(),
  duplicateOf: z.string().nullable().describe('The original this case is a duplicate of'),
  duplicates: z.array(z.string()).describe('The cases linked to this one as its duplicates'),
  copiedTo: z.array(z.string()).describe('Institutions the case is copied to: they read it and note on it, never act'),
});
export type CaseLinksResponse = z.infer<typeof CaseLinksSchema>;

export const SimilarQuerySchema = z.strictObject({
  days: z.coerce.number().int().min(1).max(366).default(30).describe('Window around the case’s submission, in days'),
  limit: z.coerce.number().int().min(1).max(100).default(10),
});

export const SimilarCaseSchema = z.strictObject({
  trackingId: z.string(),
  title: z.string().nullable(),
  status: StatusSchema,
  institutionId: z.string().nullable(),
  submittedAt: instant,
  version: z.number().int(),
  score: z.number().min(0).max(1),
});
export type SimilarCase = z.infer<typeof SimilarCaseSchema>;

/** GET /v1/cases/{trackingId}/similar: likely duplicates (same category and regency, title trigrams, a window). */
export const SimilarResponseSchema = z.strictObject({
  method: z.enum(['trigram', 'jaccard']).describe('trigram: pg_trgm similarity(); jaccard: the same measure computed by the server'),
  items: z.array(SimilarCaseSchema),
});
export type SimilarResponse = z.infer<typeof SimilarResponseSchema>;
