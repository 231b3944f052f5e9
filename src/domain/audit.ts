// The wire shapes of the audit endpoint (API v1) behind `lapor audit verify`: one page of cases (keyset
// order by tracking ID) whose hash-chained events were checked against the case rows. Same rules as
// schemas.ts: strict objects; the server validates requests and generates /openapi.json from these, the
// client validates responses with them.

import { z } from 'zod';

/** Cases per page of GET /v1/audit/verify (each with all its events). */
export const MAX_AUDIT_PAGE = 5000;
export const DEFAULT_AUDIT_PAGE = 2000;

/**
 * What can be wrong with a case's chain:
 * - `hash_mismatch`: the event at `seq` was edited (its hash, or its link to the previous one, is wrong);
 * - `sequence_gap`: the event at `seq` is not where the chain expects it (a row deleted, inserted or reordered);
 * - `count_mismatch`: the case's version is not its number of events (the last event deleted, or one added);
 * - `head_mismatch`: the case's last-event hash is not the hash of its last event;
 * - `orphan_events`: events whose case does not exist.
 */
export const AUDIT_PROBLEMS = ['hash_mismatch', 'sequence_gap', 'count_mismatch', 'head_mismatch', 'orphan_events'] as const;
export type AuditProblemKind = (typeof AUDIT_PROBLEMS)[number];

export const AuditVerifyQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).default(DEFAULT_AUDIT_PAGE),
  cursor: z.string().max(500).optional(),
});
export type AuditVerifyQuery = z.infer<typeof AuditVerifyQuerySchema>;

export const AuditProblemSchema = z.strictObject({
  trackingId: z.string(),
  /** The event where the chain breaks; null when the break is in the case row (count, head) or no case exists. */
  seq: z.number().int().nullable(),
  problem: z.enum(AUDIT_PROBLEMS),
  /** The case row's version (null for orphan events). */
  version: z.number().int().nullable(),
  /** How many events the case has in the log. */
  events: z.number().int().min(0),
});
export type AuditProblem = z.infer<typeof AuditProblemSchema>;

/**
 * The hash-chained log of personal-data exports (audit_log), checked whole on the first page: its records,
 * and where it breaks (`hash_mismatch`: a record edited; `sequence_gap`: one deleted, inserted or reordered;
 * `head_mismatch`: records cut off its end), or null problem when it is whole.
 */
export const AUDIT_LOG_PROBLEMS = ['hash_mismatch', 'sequence_gap', 'head_mismatch'] as const;
export const AuditLogCheckSchema = z.strictObject({
  records: z.number().int().min(0),
  problem: z.enum(AUDIT_LOG_PROBLEMS).nullable(),
  /** The record where the chain breaks; null when it is whole or only its head is wrong. */
  seq: z.number().int().nullable(),
});
export type AuditLogCheck = z.infer<typeof AuditLogCheckSchema>;

export const AuditVerifyResponseSchema = z.strictObject({
  casesChecked: z.number().int().min(0),
  eventsChecked: z.number().int().min(0),
  /** At most one a case: the first break of its chain. */
  problems: z.array(AuditProblemSchema),
  /** The personal-data export log: on the first page (no cursor) only, null on the others. */
  auditLog: AuditLogCheckSchema.nullable(),
  nextCursor: z.string().nullable(),
});
export type AuditVerifyResponse = z.infer<typeof AuditVerifyResponseSchema>;
