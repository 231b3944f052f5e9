// Every error the API answers is RFC 9457 problem+json. Handlers throw ProblemError; the app's error
// handler renders it. 5xx details are never sent (no stack, no SQL text).

import type { z } from 'zod';
import { PROBLEM_TYPE_NAMES, PROBLEMS, problemTypeUri, type ProblemType } from '../domain/problems.js';
import type { Problem } from '../domain/schemas.js';

export interface FieldError {
  field: string;
  message: string;
}

/** Each problem type's title (the catalogue lives in domain/problems.ts, shared with the client). */
export const PROBLEM_TYPES = Object.fromEntries(PROBLEM_TYPE_NAMES.map((type) => [type, PROBLEMS[type].title])) as {
  readonly [K in ProblemType]: (typeof PROBLEMS)[K]['title'];
};
export { problemTypeUri, type ProblemType };

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
  if (result.success) {
    // PostgreSQL text cannot hold U+0000: refuse it here, naming the field, instead of failing in the database
    const at = nulAt(result.data, prefix);
    if (at !== null) {
      const field = at || '(body)';
      throw new ProblemError(400, 'validation', `invalid ${what}: ${field}: contains a NUL character (U+0000)`, [
        { field, message: 'contains a NUL character (U+0000)' },
      ]);
    }
    return result.data;
  }
  const errors = fieldErrors(result.error, prefix);
  const detail = `invalid ${what}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`;
  throw new ProblemError(400, 'validation', detail, errors);
}

interface NulNode {
  value: unknown;
  key: string | number | null;
  parent: NulNode | null;
}

function nodePath(node: NulNode, rootPath: string): string {
  const keys: (string | number)[] = [];
  for (let n: NulNode | null = node; n !== null && n.key !== null; n = n.parent) keys.push(n.key);
  let out = rootPath;
  for (const k of keys.reverse()) {
    const shown = typeof k === 'string' ? k.replace(/\u0000/g, '\\u0000') : k;
    out = typeof shown === 'number' ? `${out}[${shown}]` : out ? `${out}.${shown}` : shown;
  }
  return out;
}

/** The path of the first string (or key) holding U+0000 inside a parsed value, or null. Iterative, and the
 *  path is only built for a hit: a body may nest as deep as its size allows. */
export function nulAt(root: unknown, rootPath = ''): string | null {
  const stack: NulNode[] = [{ value: root, key: null, parent: null }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const { value } = node;
    if (typeof node.key === 'string' && node.key.includes('\u0000')) return nodePath(node, rootPath);
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return nodePath(node, rootPath);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i -= 1) stack.push({ value: value[i], key: i, parent: node });
    } else {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i -= 1) stack.push({ value: entries[i][1], key: entries[i][0], parent: node });
    }
  }
  return null;
}

/** Deepest nesting of arrays and objects a request body may have. */
export const MAX_BODY_DEPTH = 32;

/** Whether a parsed JSON value nests deeper than `max` levels (iteratively: the value may be very deep). */
export function tooDeep(root: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const v of Array.isArray(value) ? value : Object.values(value)) stack.push([v, depth + 1]);
  }
  return false;
}
