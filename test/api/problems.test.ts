// The error catalogue whole, in one table (as fastify's test/internals/errors.test.js): every problem type of
// the API ↔ the status the server answers it with ↔ the client's error class and code ↔ the CLI's exit code
// ↔ the hint it prints (an i18n key, in both languages). A new problem type, status or class fails here.

import { describe, expect, it } from 'vitest';
import {
  ApiError,
  apiErrorFor,
  AuthError as ApiAuthError,
  ConflictError,
  NotFoundError,
  PreconditionError,
  RateLimitedError,
  ServerError,
  ValidationError,
} from '../../src/api/errors.js';
import { reportError } from '../../src/cli/main.js';
import { REFUSAL_STATUS, type RefusalCode } from '../../src/domain/actions.js';
import { PROBLEM_TYPE_NAMES, PROBLEMS, problemTypeOf, problemTypeUri, REFUSAL_PROBLEM, type ProblemType } from '../../src/domain/problems.js';
import {
  BusyError,
  CancelledError,
  CliError,
  EXIT_CODES,
  NotAllowedError,
  PartialFailureError,
  UsageError,
  type ExitCodeName,
} from '../../src/io/errors.js';
import { LANGS, t, type MessageKey } from '../../src/io/i18n.js';
import { createTestIOStreams } from '../../src/io/testing.js';
import { ProblemError } from '../../src/server/problem.js';

type ApiErrorClass = new (...args: never[]) => ApiError;

/** type → [status, client class, code, exit code, hint key or null] */
const CATALOGUE: Record<ProblemType, [number, ApiErrorClass, string, ExitCodeName, MessageKey | null]> = {
  validation: [400, ValidationError, 'LAPOR_ERR_VALIDATION', 'error', null],
  'not-found': [404, NotFoundError, 'LAPOR_ERR_NOT_FOUND', 'error', 'hint.notFound'],
  unauthorized: [401, ApiAuthError, 'LAPOR_ERR_AUTH', 'auth', 'hint.login'],
  forbidden: [403, ApiAuthError, 'LAPOR_ERR_AUTH', 'auth', 'hint.forbidden'],
  'precondition-required': [428, PreconditionError, 'LAPOR_ERR_PRECONDITION', 'error', 'hint.stale'],
  'precondition-failed': [412, PreconditionError, 'LAPOR_ERR_PRECONDITION', 'error', 'hint.stale'],
  conflict: [409, ConflictError, 'LAPOR_ERR_CONFLICT', 'error', null],
  'invalid-transition': [409, ConflictError, 'LAPOR_ERR_CONFLICT', 'error', null],
  'already-done': [409, ConflictError, 'LAPOR_ERR_CONFLICT', 'error', null],
  unprocessable: [422, ValidationError, 'LAPOR_ERR_VALIDATION', 'error', null],
  'idempotency-mismatch': [422, ValidationError, 'LAPOR_ERR_VALIDATION', 'error', null],
  'idempotency-in-flight': [409, ConflictError, 'LAPOR_ERR_CONFLICT', 'error', null],
  'payload-too-large': [413, ApiError, 'LAPOR_ERR_API', 'error', null],
  'unsupported-media-type': [415, ApiError, 'LAPOR_ERR_API', 'error', null],
  'rate-limited': [429, RateLimitedError, 'LAPOR_ERR_RATE_LIMITED', 'busy', 'hint.rateLimited'],
  'method-not-allowed': [405, ApiError, 'LAPOR_ERR_API', 'error', null],
  'uri-too-long': [414, ApiError, 'LAPOR_ERR_API', 'error', null],
  unavailable: [503, ServerError, 'LAPOR_ERR_SERVER', 'error', null],
  internal: [500, ServerError, 'LAPOR_ERR_SERVER', 'error', null],
};

const HINT_KEYS = [...new Set(Object.values(CATALOGUE).flatMap(([, , , , hint]) => (hint === null ? [] : [hint])))];

describe('the problem catalogue (domain/problems.ts)', () => {
  it('has one row here for every problem type, and nothing else', () => {
    expect(Object.keys(CATALOGUE).sort()).toEqual([...PROBLEM_TYPE_NAMES].sort());
  });

  it.each(PROBLEM_TYPE_NAMES)('%s: server status and body ↔ client class, code and type ↔ exit code ↔ hint', (type) => {
    const [status, Class, code, exit, hint] = CATALOGUE[type];
    expect(PROBLEMS[type].status).toBe(status);

    // the server's document
    const body = new ProblemError(PROBLEMS[type].status, type, 'why').toJSON();
    expect(body).toEqual({ type: problemTypeUri(type), title: PROBLEMS[type].title, status, detail: 'why' });
    expect(problemTypeOf(body.type)).toBe(type);

    // the client's error for that document
    const err = apiErrorFor({ method: 'POST', path: '/v1/x', status, type: body.type, title: body.title, detail: body.detail });
    expect(err.constructor).toBe(Class);
    expect(err.code).toBe(code);
    expect(err.problem).toBe(type);

    // the one mapping to text and exit code
    for (const lang of LANGS) {
      const io = createTestIOStreams();
      expect(reportError(err, io, lang, false, [])).toBe(EXIT_CODES[exit]);
      const shown = HINT_KEYS.filter((key) => io.errText().includes(t(lang, key)));
      expect(shown).toEqual(hint === null ? [] : [hint]);
    }
  });

  it.each(Object.keys(REFUSAL_STATUS) as RefusalCode[])('refusal %s: its problem type answers with its status', (code) => {
    expect(PROBLEMS[REFUSAL_PROBLEM[code]].status).toBe(REFUSAL_STATUS[code]);
  });

  it('names no catalogue type for a URI outside it', () => {
    for (const uri of ['about:blank', '/problems/', '/problems/toString', '/problems/nope', 'https://x/problems/not-found', undefined]) {
      expect(problemTypeOf(uri)).toBeNull();
    }
  });
});

describe('the CLI errors', () => {
  const ROWS: [CliError | CancelledError, string, ExitCodeName][] = [
    [new CliError('x'), 'LAPOR_ERR_CLI', 'error'],
    [new UsageError('x'), 'LAPOR_ERR_USAGE', 'usage'],
    [new PartialFailureError('x', { failed: 1, succeeded: 1 }), 'LAPOR_ERR_PARTIAL', 'partial'],
    [new NotAllowedError('x'), 'LAPOR_ERR_NOT_ALLOWED', 'auth'],
    [new BusyError(), 'LAPOR_ERR_BUSY', 'busy'],
    [new CancelledError(), 'ABORT_ERR', 'cancelled'],
  ];

  it.each(ROWS)('%s: code %s, exit code of %s (documented in both languages)', (err, code, exit) => {
    expect(err.code).toBe(code);
    expect(reportError(err, createTestIOStreams(), 'en', false, [])).toBe(EXIT_CODES[exit]);
    for (const lang of LANGS) expect(t(lang, `exit.${exit}`)).not.toBe(`exit.${exit}`);
  });

  it('gives every exit code of the contract a class', () => {
    const covered = new Set<string>([...ROWS.map(([, , exit]) => exit), 'ok']);
    expect([...covered].sort()).toEqual(Object.keys(EXIT_CODES).sort());
  });
});
