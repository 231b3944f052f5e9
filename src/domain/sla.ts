// The wire shapes of the SLA endpoints (API v1): the breach listing behind `lapor sla overdue` and the
// auto-close sweep behind `lapor sla sweep`. Same rules as schemas.ts: strict objects, the server validates
// requests and generates /openapi.json from these, the client validates responses with them.

import { z } from 'zod';
import { StatusSchema } from './schemas.js';
import { DAY_UNITS, SETTINGS_POLICY_ID, type SlaConditions, type SlaPolicy, type SlaTarget, type SlaTargets } from './slaPolicy.js';
import { CLASSIFICATIONS, CLOCKS } from './types.js';

/** Rows per page of GET /v1/sla/overdue (the rows are small, so pages may be larger than case pages). */
export const MAX_OVERDUE_PAGE = 5000;
/** Cases closed per transaction by the sweep (one applyBatch each). */
export const SWEEP_CHUNK = 1000;

const instant = z.iso.datetime({ offset: true });
const code = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'letters, digits, ".", "_" or "-" (1–100)');

export const ClockNameSchema = z.enum(CLOCKS);

export const SlaOverdueQuerySchema = z.strictObject({
  /** One clock; every clock when absent. */
  clock: ClockNameSchema.optional(),
  /** Institution subtree of the responsible institution. */
  institution: code.optional(),
  /** yes: only cases marked for intervention; no: only those not (issue #19: what `sla escalate` selects). */
  escalated: z.enum(['yes', 'no']).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_OVERDUE_PAGE).default(500),
  cursor: z.string().max(500).optional(),
});
export type SlaOverdueQuery = z.infer<typeof SlaOverdueQuerySchema>;

/**
 * One breach: an open case past one clock's due time. `institutionId` is the institution responsible:
 * for `verify`, the admin queue the case targets (null: the national queue); for `response` and
 * `completion`, the institution it is disposed to (null while it waits in a queue).
 */
export const SlaOverdueItemSchema = z.strictObject({
  trackingId: z.string(),
  clock: ClockNameSchema,
  status: StatusSchema,
  institutionId: z.string().nullable(),
  institutionName: z.string().nullable(),
  dueAt: instant,
  /** Working days after the due date up to now (the inverse of WorkingCalendar.addWorkingDays). */
  overdueWorkingDays: z.number().int().min(0),
  /** Whole hours since the due time. */
  overdueHours: z.number().int().min(0),
});
export type SlaOverdueItem = z.infer<typeof SlaOverdueItemSchema>;

export const SlaOverdueResponseSchema = z.strictObject({
  /** The server's clock when the page was computed. */
  asOf: instant,
  /** Most overdue first (due time ascending), then clock, then tracking ID. */
  items: z.array(SlaOverdueItemSchema),
  nextCursor: z.string().nullable(),
});
export type SlaOverdueResponse = z.infer<typeof SlaOverdueResponseSchema>;

export const SlaSweepRequestSchema = z.strictObject({
  /** Decide, change nothing: `closed` lists what would be closed, at its current version. */
  dryRun: z.boolean().default(false),
  /** Close at most this many cases in this run (the rest wait for the next run). */
  limit: z.number().int().min(1).max(1_000_000).optional(),
});
export type SlaSweepRequest = z.infer<typeof SlaSweepRequestSchema>;

export const SlaSweepFailureSchema = z.strictObject({
  trackingId: z.string(),
  status: z.number().int(),
  detail: z.string(),
});

export const SlaSweepResponseSchema = z.strictObject({
  /** In-progress cases whose last follow-up is older than the window in calendar days (the SQL prefilter). */
  examined: z.number().int().min(0),
  /** Closed (closedBy system), with the version after the close; on a dry run, the current version. */
  closed: z.array(z.strictObject({ trackingId: z.string(), version: z.number().int().min(1) })),
  /** Examined but left open: still inside the working-day window, or the reporter replied since. */
  skipped: z.number().int().min(0),
  /** Cases the sweep meant to close but could not (the rest were closed). */
  failed: z.array(SlaSweepFailureSchema),
  /** True when `limit` stopped the run before every candidate was examined. */
  limitReached: z.boolean(),
  dryRun: z.boolean(),
  // ---- issue #19: breaches and escalation (defaults: an older server's answer still parses) ----
  /** Cases whose next deadline had passed: the rows the sweep selected (through the cases_next_deadline index). */
  due: z.number().int().min(0).default(0),
  /** Breaches recorded by this run (a clock past its due time, once per case, clock and due time). */
  breaches: z.number().int().min(0).default(0),
  /** Escalated by the policy's rule (system), with the version after; on a dry run, the current version. */
  escalated: z.array(z.strictObject({ trackingId: z.string(), version: z.number().int().min(1) })).default([]),
});
export type SlaSweepResponse = z.infer<typeof SlaSweepResponseSchema>;

// ---- SLA policies (issue #19; national admins) ----------------------------------------------------------------

export const SlaTargetSchema = z.strictObject({
  days: z.number().int().min(0).max(3650),
  unit: z.enum(DAY_UNITS),
}) satisfies z.ZodType<SlaTarget>;

export const SlaConditionsSchema = z.strictObject({
  classification: z.enum(CLASSIFICATIONS).nullable(),
  categoryId: code.nullable(),
  institutionId: code.nullable(),
  needsFieldInspection: z.boolean().nullable(),
}) satisfies z.ZodType<SlaConditions>;

export const SlaTargetsSchema = z.strictObject({
  verify: SlaTargetSchema,
  response: SlaTargetSchema,
  followUp: SlaTargetSchema,
  completion: SlaTargetSchema,
  autoClose: SlaTargetSchema,
}) satisfies z.ZodType<SlaTargets>;

/** One version of a policy (domain/slaPolicy.ts says what each field means). */
export const SlaPolicySchema = z.strictObject({
  id: code.refine((v) => v !== SETTINGS_POLICY_ID, `the id "${SETTINGS_POLICY_ID}" is reserved for the server settings`),
  effectiveFrom: z.iso.date(),
  name: z.string().min(1).max(300),
  source: z.string().max(1000).nullable(),
  conditions: SlaConditionsSchema,
  targets: SlaTargetsSchema,
  escalateAfter: SlaTargetSchema.nullable(),
}) satisfies z.ZodType<SlaPolicy>;

/** Policy versions added per request (`lapor sla policies import` sends a file in requests of this many). */
export const MAX_POLICIES_PER_REQUEST = 500;

export const SlaPolicyListResponseSchema = z.strictObject({
  /** Every version of every policy, by id then effective date. */
  items: z.array(SlaPolicySchema),
});
export type SlaPolicyListResponse = z.infer<typeof SlaPolicyListResponseSchema>;

export const SlaPolicyIdParamsSchema = z.strictObject({ id: code });

export const SlaPolicySetRequestSchema = z.strictObject({
  /** New versions (a version is never rewritten; a repeat with the same content is a no-op). */
  items: z.array(SlaPolicySchema).min(1).max(MAX_POLICIES_PER_REQUEST),
});
export type SlaPolicySetRequest = z.infer<typeof SlaPolicySetRequestSchema>;

export const SlaPolicySetResponseSchema = z.strictObject({
  items: z.array(z.strictObject({ policy: SlaPolicySchema, created: z.boolean() })),
});
export type SlaPolicySetResponse = z.infer<typeof SlaPolicySetResponseSchema>;
