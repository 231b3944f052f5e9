// Every error the API answers is RFC 9457 problem+json. Handlers throw ProblemError; the app's error
// handler renders it. 5xx details are never sent (no stack, no SQL text).

import { isUtf8 } from 'node:buffer';
import type { z } from 'zod';
import {
  PROBLEM_TYPE_NAMES,
  PROBLEMS,
  problemTypeUri,
  type FieldErrorCode,
  type ProblemAbout,
  type ProblemParams,
  type ProblemReason,
  type ProblemType,
} from '../domain/problems.js';
import type { Problem } from '../domain/schemas.js';

export interface FieldError {
  field: string;
  message: string;
  /** A stable code of the fault (domain/problems.ts FIELD_ERROR_CODES), for a client to word it itself. */
  code?: FieldErrorCode;
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
    /** Which rule refused, with its values: sent as the extension members `reason` and `params`. */
    readonly about?: ProblemAbout,
  ) {
    super(detail);
  }

  toJSON(instance?: string): Problem {
    const body: Problem = { type: problemTypeUri(this.type), title: PROBLEM_TYPES[this.type], status: this.status, detail: this.detail };
    if (instance) body.instance = instance;
    if (this.about) {
      body.reason = this.about.reason;
      body.params = this.about.params;
    }
    if (this.errors && this.errors.length > 0) body.errors = this.errors;
    return body;
  }
}

/** A problem's reason and parameters, as ProblemError's `about`. */
export function about(reason: ProblemReason, params: ProblemParams = {}): ProblemAbout {
  return { reason, params };
}

const ZOD_CODES: Partial<Record<string, FieldErrorCode>> = {
  invalid_type: 'invalid_type',
  too_big: 'too_big',
  too_small: 'too_small',
  invalid_format: 'invalid_format',
  invalid_value: 'invalid_value',
  unrecognized_keys: 'unknown_field',
};

export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    let field = prefix ? (path ? `${prefix}.${path}` : prefix) : path || '(body)';
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') {
      field = issue.keys.map((k) => (field === '(body)' ? k : `${field}.${k}`)).join(', ');
      message = `unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}`;
    }
    // a rule of the text policy (domain/text.ts) names its own code
    const own = issue.code === 'custom' ? (issue.params as { fieldCode?: FieldErrorCode } | undefined)?.fieldCode : undefined;
    return { field, message, code: own ?? ZOD_CODES[issue.code] ?? 'invalid' };
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
        { field, message: 'contains a NUL character (U+0000)', code: 'nul_character' },
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

/** The path of the first string (or key) holding U+0000 inside a parsed value, or null. */
export function nulAt(root: unknown, rootPath = ''): string | null {
  return textAt(root, rootPath, (s) => s.includes('\u0000'));
}

/** In unicode mode a surrogate pair is one code point: only a lone surrogate is in category Cs. */
const LONE_SURROGATE = /\p{Cs}/u;

/** The path of the first string (or key) that is not well-formed UTF-16 (a lone surrogate), or null. */
export function loneSurrogateAt(root: unknown, rootPath = ''): string | null {
  return textAt(root, rootPath, (s) => LONE_SURROGATE.test(s));
}

/** The path of the first string (or key) inside a parsed value that `bad` flags, or null. Iterative, and
 *  the path is only built for a hit: a body may nest as deep as its size allows. */
function textAt(root: unknown, rootPath: string, bad: (s: string) => boolean): string | null {
  const stack: NulNode[] = [{ value: root, key: null, parent: null }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const { value } = node;
    if (typeof node.key === 'string' && bad(node.key)) return nodePath(node, rootPath);
    if (typeof value === 'string') {
      if (bad(value)) return nodePath(node, rootPath);
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

/** The escape that stands for an invalid UTF-8 byte while a body is parsed: a lone surrogate, which no
 *  faithful text holds, so the one check after parsing finds both faults and names their field. */
const INVALID_BYTE = Buffer.from('\\udfff', 'latin1');

/** Offsets of the bytes of `buf` that belong to no well-formed UTF-8 sequence (RFC 3629: no overlong forms,
 *  no surrogates, nothing past U+10FFFF). */
export function invalidUtf8Offsets(buf: Uint8Array): number[] {
  const bad: number[] = [];
  const cont = (i: number, lo = 0x80, hi = 0xbf) => i < buf.length && buf[i] >= lo && buf[i] <= hi;
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    let len = 0;
    if (b < 0x80) len = 1;
    else if (b >= 0xc2 && b <= 0xdf) len = cont(i + 1) ? 2 : 0;
    else if (b >= 0xe0 && b <= 0xef) {
      const [lo, hi] = b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
      len = cont(i + 1, lo, hi) && cont(i + 2) ? 3 : 0;
    } else if (b >= 0xf0 && b <= 0xf4) {
      const [lo, hi] = b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
      len = cont(i + 1, lo, hi) && cont(i + 2) && cont(i + 3) ? 4 : 0;
    }
    if (len === 0) {
      bad.push(i);
      i += 1;
    } else i += len;
  }
  return bad;
}

/**
 * Parses a JSON request body from its bytes with `parse` (Fastify's own parser, with its prototype-poisoning
 * checks) and refuses, naming the field, any text that would not be stored exactly as sent: invalid UTF-8
 * (which decoding would replace by U+FFFD) and lone surrogates (`\ud800` escapes, which PostgreSQL cannot
 * hold and which hash differently after a round trip).
 */
export function parseJsonBody(raw: Buffer, parse: (text: string) => unknown): unknown {
  let bytes = raw;
  if (!isUtf8(raw)) {
    const parts: Buffer[] = [];
    let from = 0;
    for (const at of invalidUtf8Offsets(raw)) {
      // after an odd run of backslashes the byte would be escaped: the JSON is malformed as it stands
      let slashes = 0;
      while (at - slashes - 1 >= 0 && raw[at - slashes - 1] === 0x5c) slashes += 1;
      if (slashes % 2 === 1) {
        throw new ProblemError(400, 'validation', 'malformed JSON body: an escape is followed by a byte that is not UTF-8', [
          { field: '(body)', message: 'malformed JSON', code: 'malformed_json' },
        ]);
      }
      parts.push(raw.subarray(from, at), INVALID_BYTE);
      from = at + 1;
    }
    parts.push(raw.subarray(from));
    bytes = Buffer.concat(parts);
  }
  const value = parse(bytes.toString('utf8'));
  const at = loneSurrogateAt(value);
  if (at !== null) {
    const field = at || '(body)';
    const message = 'is not valid Unicode text (invalid UTF-8 or a lone surrogate); send the text as it should be stored';
    throw new ProblemError(400, 'validation', `invalid body: ${field}: ${message}`, [{ field, message, code: 'not_unicode' }]);
  }
  return value;
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
