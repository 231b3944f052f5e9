// Every error the API answers is RFC 9457 problem+json. Handlers throw ProblemError; the app's error
// handler renders it. 5xx details are never sent (no stack, no SQL text).

import type { z } from 'zod';
import type { Problem } from '../domain/schemas.js';

export interface FieldError {
  field: string;
  message: string;
}

export const PROBLEM_TYPES = {
  validation: 'Invalid request',
  'not-found': 'Not found',
  unauthorized: 'Authentication required',
  forbidden: 'Forbidden',
  'precondition-required': 'Precondition required',
  'precondition-failed': 'Precondition failed',
  conflict: 'Conflict',
  'invalid-transition': 'Action not allowed in this status',
  'already-done': 'Already in that state',
  'unprocessable': 'Unprocessable entity',
  'idempotency-mismatch': 'Idempotency key reused with another request',
  'idempotency-in-flight': 'A request with this idempotency key is still being processed',
  'payload-too-large': 'Payload too large',
  'unsupported-media-type': 'Unsupported media type',
  'rate-limited': 'Too many requests',
  'method-not-allowed': 'Method not allowed',
  internal: 'Internal server error',
} as const;
export type ProblemType = keyof typeof PROBLEM_TYPES;

export function problemTypeUri(type: ProblemType): string {
  return `/problems/${type}`;
}

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly type: ProblemType,
    readonly detail: string,
    readonly errors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
  }

  toJSON(instance?: string): Problem {
    const body: Problem = { type: problemTypeUri(this.type), title: PROBLEM_TYPES[this.type], status: this.status, detail: this.detail };
    if (instance) body.instance = instance;
    if (this.errors && this.errors.length > 0) body.errors = this.errors;
    return body;
  }
}

export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    let field = prefix ? (path ? `${prefix}.${path}` : prefix) : path || '(body)';
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      field = issue.keys.map((k) => (field === '(body)' ? k : `${field}.${k}`)).join(', ');
      message = `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
    }
    return { field, message };
  });
}

/** Parses input with a zod schema or throws a 400 problem naming every bad field. */
export function parseOr400<S extends z.ZodType>(schema: S, value: unknown, what: string, prefix = ''): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = fieldErrors(result.error, prefix);
  const detail = `invalid ${what}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`;
  throw new ProblemError(400, 'validation', detail, errors);
}
