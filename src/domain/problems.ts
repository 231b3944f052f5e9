// The problem types of API v1 (RFC 9457 `type`: `/problems/<slug>`): one catalogue for the server that
// answers them and the client that reads them, so neither matches the other's strings by hand. Each type
// has the status the server answers it with by default (a few are sent with another: `validation` also
// covers 408 and 431 from the HTTP parser) and its title. test/api/problems.test.ts holds the whole chain:
// type ↔ status ↔ client error class ↔ exit code ↔ message.

import type { RefusalCode } from './actions.js';

export const PROBLEM_TYPE_PREFIX = '/problems/';

export const PROBLEMS = {
  validation: { status: 400, title: 'Invalid request' },
  'not-found': { status: 404, title: 'Not found' },
  unauthorized: { status: 401, title: 'Authentication required' },
  forbidden: { status: 403, title: 'Forbidden' },
  'precondition-required': { status: 428, title: 'Precondition required' },
  'precondition-failed': { status: 412, title: 'Precondition failed' },
  conflict: { status: 409, title: 'Conflict' },
  'invalid-transition': { status: 409, title: 'Action not allowed in this status' },
  'already-done': { status: 409, title: 'Already in that state' },
  unprocessable: { status: 422, title: 'Unprocessable entity' },
  'idempotency-mismatch': { status: 422, title: 'Idempotency key reused with another request' },
  'idempotency-in-flight': { status: 409, title: 'A request with this idempotency key is still being processed' },
  'sweep-running': { status: 409, title: 'An SLA sweep is already running' },
  'payload-too-large': { status: 413, title: 'Payload too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  'uri-too-long': { status: 414, title: 'URI too long' },
  unavailable: { status: 503, title: 'Service unavailable' },
  internal: { status: 500, title: 'Internal server error' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ProblemType = keyof typeof PROBLEMS;
export const PROBLEM_TYPE_NAMES = Object.keys(PROBLEMS) as ProblemType[];

export function problemTypeUri(type: ProblemType): string {
  return `${PROBLEM_TYPE_PREFIX}${type}`;
}

/** The catalogue's type of a problem `type` URI ('/problems/already-done' → 'already-done'); null for any other. */
export function problemTypeOf(uri: string | null | undefined): ProblemType | null {
  if (typeof uri !== 'string' || !uri.startsWith(PROBLEM_TYPE_PREFIX)) return null;
  const slug = uri.slice(PROBLEM_TYPE_PREFIX.length);
  return Object.hasOwn(PROBLEMS, slug) ? (slug as ProblemType) : null;
}

/** The problem type of each refusal of the state machine (its status is REFUSAL_STATUS in actions.ts). */
export const REFUSAL_PROBLEM: Record<RefusalCode, ProblemType> = {
  not_found: 'not-found',
  forbidden: 'forbidden',
  invalid_transition: 'invalid-transition',
  already_done: 'already-done',
  invalid_field: 'unprocessable',
};

/**
 * The parameters a problem may carry (RFC 9457 extension members `reason` and `params`): the server names
 * which rule refused and with what values, so a client says it in its own language instead of showing the
 * server's English `detail` (which stays, for logs and other clients). Values are plain strings and numbers;
 * `action`, `caseStatus` and `role` are wire values a client maps to its own labels.
 */
export const PROBLEM_PARAM_NAMES = [
  'trackingId',
  'action',
  'caseStatus',
  'role',
  'institutionId',
  'categoryId',
  'version',
  'currentVersion',
  'name',
  'method',
  'path',
  'retryAfterSeconds',
  'profile',
  'grantedRole',
  'alias',
  'targetId',
] as const;
export type ProblemParamName = (typeof PROBLEM_PARAM_NAMES)[number];
export type ProblemParams = Partial<Record<ProblemParamName, string | number>>;

/** Each reason: the problem type it is sent with and the parameters it always carries. */
export const PROBLEM_REASONS = {
  'case-not-found': { type: 'not-found', params: ['trackingId'] },
  'token-not-found': { type: 'not-found', params: ['name'] },
  'route-not-found': { type: 'not-found', params: ['method', 'path'] },
  'role-may-not-act': { type: 'forbidden', params: ['role', 'action'] },
  'role-may-not-request': { type: 'forbidden', params: ['role', 'method', 'path'] },
  'aggregates-only': { type: 'forbidden', params: [] },
  'export-profile-not-allowed': { type: 'forbidden', params: ['role', 'profile'] },
  'role-may-not-grant': { type: 'forbidden', params: ['role', 'grantedRole'] },
  'token-must-be-bound': { type: 'forbidden', params: [] },
  'role-never-bound': { type: 'unprocessable', params: ['role'] },
  'role-needs-institution': { type: 'unprocessable', params: ['role'] },
  'expiry-in-past': { type: 'unprocessable', params: [] },
  'token-required': { type: 'unauthorized', params: [] },
  'token-unknown': { type: 'unauthorized', params: [] },
  'action-not-allowed': { type: 'invalid-transition', params: ['action', 'caseStatus'] },
  'no-follow-up-yet': { type: 'invalid-transition', params: ['trackingId'] },
  'already-in-status': { type: 'already-done', params: ['trackingId', 'caseStatus'] },
  'already-has-values': { type: 'already-done', params: ['trackingId'] },
  'institution-inactive': { type: 'unprocessable', params: ['institutionId'] },
  'institution-outside-scope': { type: 'unprocessable', params: ['institutionId'] },
  'already-disposed-to': { type: 'unprocessable', params: ['trackingId', 'institutionId'] },
  'category-unknown': { type: 'unprocessable', params: ['categoryId'] },
  'version-stale': { type: 'precondition-failed', params: ['trackingId', 'version', 'currentVersion'] },
  'if-match-required': { type: 'precondition-required', params: [] },
  'unknown-institution': { type: 'validation', params: ['institutionId'] },
  'invalid-cursor': { type: 'validation', params: [] },
  'token-exists': { type: 'conflict', params: ['name'] },
  'case-exists': { type: 'conflict', params: ['trackingId'] },
  'rate-limit': { type: 'rate-limited', params: ['retryAfterSeconds'] },
  'shutting-down': { type: 'unavailable', params: [] },
  'alias-target-unknown': { type: 'unprocessable', params: ['alias', 'targetId'] },
  'alias-names-other': { type: 'conflict', params: ['alias', 'targetId'] },
  'alias-not-found': { type: 'not-found', params: ['alias'] },
  // desk work (issue #20): duplicates and copies
  'duplicate-of-self': { type: 'unprocessable', params: ['trackingId'] },
  'original-not-found': { type: 'unprocessable', params: ['trackingId'] },
  'original-is-duplicate': { type: 'unprocessable', params: ['trackingId', 'targetId'] },
  'original-closed': { type: 'unprocessable', params: ['trackingId', 'caseStatus'] },
  'case-has-duplicates': { type: 'unprocessable', params: ['trackingId'] },
  'already-duplicate-of': { type: 'already-done', params: ['trackingId', 'targetId'] },
  'copy-to-handler': { type: 'unprocessable', params: ['trackingId', 'institutionId'] },
  'already-copied': { type: 'already-done', params: ['trackingId'] },
  'not-copied': { type: 'already-done', params: ['trackingId'] },
  'copy-read-only': { type: 'forbidden', params: ['trackingId', 'action'] },
  // reviewed replies and answer templates (#20)
  'draft-pending': { type: 'invalid-transition', params: ['trackingId'] },
  'no-draft-pending': { type: 'already-done', params: ['trackingId'] },
  'template-not-found': { type: 'not-found', params: ['name'] },
  'template-exists': { type: 'conflict', params: ['name'] },
  'template-invalid': { type: 'unprocessable', params: ['name'] },
  // SLA (issue #19)
  'sla-policy-not-found': { type: 'not-found', params: ['name'] },
} as const satisfies Record<string, { type: ProblemType; params: readonly ProblemParamName[] }>;

export type ProblemReason = keyof typeof PROBLEM_REASONS;
export const PROBLEM_REASON_NAMES = Object.keys(PROBLEM_REASONS) as ProblemReason[];

/** What a problem says beyond its type: the reason and its parameters (both optional on the wire). */
export interface ProblemAbout {
  reason: ProblemReason;
  params: ProblemParams;
}

/** The catalogue's reason of a wire value; null for any other (an older client reading a newer server). */
export function problemReasonOf(value: unknown): ProblemReason | null {
  return typeof value === 'string' && Object.hasOwn(PROBLEM_REASONS, value) ? (value as ProblemReason) : null;
}

/**
 * Stable codes of per-field errors (`errors[].code`): zod's issue codes, and the server's own checks of text
 * that cannot be stored faithfully. A client words each from its catalogue; an unknown code reads as invalid.
 */
export const FIELD_ERROR_CODES = [
  'invalid_type',
  'too_big',
  'too_small',
  'invalid_format',
  'invalid_value',
  'unknown_field',
  'nul_character',
  'not_unicode',
  'control_character',
  'malformed_json',
  'empty',
  'too_deep',
  'too_long',
  'required',
  'unknown_institution',
  'invalid',
] as const;
export type FieldErrorCode = (typeof FIELD_ERROR_CODES)[number];
