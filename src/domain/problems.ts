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
