// The error catalogue whole, in one table (as fastify's test/internals/errors.test.js): every problem type of
// the API ↔ the status the server answers it with ↔ the client's error class and code ↔ the CLI's exit code
// ↔ the hint it prints (an i18n key, in both languages). A new problem type, status or class fails here.

import { describe, expect, it } from 'vitest';
import {
  ApiError,
  apiErrorFor,
  NETWORK_ERROR_CODES,
  NetworkError,
  ResponseShapeError,
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
import {
  FIELD_ERROR_CODES,
  PROBLEM_REASON_NAMES,
  PROBLEM_REASONS,
  PROBLEM_TYPE_NAMES,
  PROBLEMS,
  problemTypeOf,
  problemTypeUri,
  REFUSAL_PROBLEM,
  type ProblemParams,
  type ProblemType,
} from '../../src/domain/problems.js';
import {
  BusyError,
  CancelledError,
  CliError,
  DeclinedError,
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
  'sweep-running': [409, ConflictError, 'LAPOR_ERR_CONFLICT', 'error', null],
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

// ---------------------------------------------------------------- one language at a time (issue 18)
//
// The CLI words every problem from its own catalogue (io/problems.ts): by reason and params, else by type.
// Each row below is rendered by the one reporter in both languages; the Indonesian text must differ from the
// English one and never contain the server's English detail (which stays for logs and --debug).

/** A plausible value of each parameter, as the server sends it. */
const SAMPLE_PARAMS: Required<ProblemParams> = {
  trackingId: 'LPR-2026-0003536',
  action: 'close',
  caseStatus: 'disposed',
  role: 'liaison',
  institutionId: 'badung.dinkes',
  categoryId: 'infrastruktur.jalan',
  version: 3,
  currentVersion: 4,
  name: 'penghubung-badung',
  method: 'POST',
  path: '/v1/cases',
  retryAfterSeconds: 30,
  profile: 'full',
  grantedRole: 'national_admin',
};

const ENGLISH_DETAIL = 'cannot close a case that is disposed (the server explains in English)';

function rendered(err: unknown, lang: 'id' | 'en'): string {
  const io = createTestIOStreams();
  reportError(err, io, lang, false, []);
  return io.errText();
}

function apiError(type: ProblemType, extra: Partial<Parameters<typeof apiErrorFor>[0]> = {}): ApiError {
  return apiErrorFor({
    method: 'POST',
    path: '/v1/cases/LPR-2026-0003536/actions',
    status: PROBLEMS[type].status,
    type: problemTypeUri(type),
    title: PROBLEMS[type].title,
    detail: ENGLISH_DETAIL,
    errors: [{ field: 'institutionId', message: 'Invalid input: expected string, received number', code: 'invalid_type' }],
    ...extra,
  });
}

function expectOneLanguage(err: unknown, englishTexts: readonly string[]): void {
  const id = rendered(err, 'id');
  const en = rendered(err, 'en');
  expect(id).not.toBe(en);
  for (const english of englishTexts) expect(id).not.toContain(english);
  expect(id).toMatch(/^galat: /);
}

describe('every problem, worded by the client in the session language', () => {
  it.each(PROBLEM_TYPE_NAMES)('type %s (no reason): from the catalogue, never the English detail or field message', (type) => {
    const err = apiError(type);
    expectOneLanguage(err, [ENGLISH_DETAIL, 'expected string', PROBLEMS[type].title]);
    expect(rendered(err, 'id')).toContain(t('id', `problem.type.${type}`));
  });

  it.each(PROBLEM_REASON_NAMES)('reason %s: its params fill its text in both languages', (reason) => {
    const { type, params: names } = PROBLEM_REASONS[reason];
    const params = Object.fromEntries(names.map((n) => [n, SAMPLE_PARAMS[n]]));
    const err = apiError(type, { reason, params });
    expect(err.reason).toBe(reason);
    expectOneLanguage(err, [ENGLISH_DETAIL, 'expected string']);
    for (const lang of LANGS) {
      // the text names exactly the reason's params, and shows each of them
      const text = t(lang, `problem.reason.${reason}`);
      expect([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(), `${reason} (${lang})`).toEqual([...names].sort());
      expect(rendered(err, lang)).not.toMatch(/\{\w+\}/);
    }
    // wire values are shown as labels of the session's language
    if (names.includes('caseStatus')) expect(rendered(err, 'id')).toContain('Terdisposisi');
    if (names.includes('action')) expect(rendered(err, 'id')).toContain('"tutup"');
  });

  it('a reason without its params falls back to its type, never to a half-filled text', () => {
    const err = apiError('invalid-transition', { reason: 'action-not-allowed', params: { action: 'close' } });
    expect(rendered(err, 'id')).toContain(t('id', 'problem.type.invalid-transition'));
    expect(rendered(err, 'id')).not.toMatch(/\{\w+\}/);
  });

  it('an unknown reason or type (a newer server, a proxy) is worded by the status', () => {
    const newer = apiError('conflict', { reason: 'some-new-rule', params: {} });
    expect(newer.reason).toBeNull();
    expect(rendered(newer, 'id')).toContain(t('id', 'problem.type.conflict'));
    const proxy = apiErrorFor({ method: 'GET', path: '/v1/cases', status: 502, title: 'bad gateway', detail: 'upstream connect error' });
    expectOneLanguage(proxy, ['upstream connect error', 'bad gateway']);
  });

  it.each(FIELD_ERROR_CODES)('field error code %s: worded in both languages', (code) => {
    expect(t('id', `problem.field.${code}`)).not.toBe(t('en', `problem.field.${code}`));
    const err = apiError('validation', { errors: [{ field: 'note', message: 'the server explains in English', code }] });
    expect(rendered(err, 'id')).toContain(`  note: ${t('id', `problem.field.${code}`)}\n`);
    expectOneLanguage(err, ['the server explains in English']);
  });

  it('gives up waiting in the session language', () => {
    const err = apiError('rate-limited', { retryAfterMs: 3_600_000, maxWaitMs: 120_000, message: 'HTTP 429: … the server asks to wait 60 min' });
    expectOneLanguage(err, ['the server asks to wait']);
    expect(rendered(err, 'id')).toContain('server meminta menunggu 60 min, lebih lama dari 2 min yang diizinkan');
  });

  it.each(NETWORK_ERROR_CODES)('network error %s: worded in both languages, with and without the address', (code) => {
    const target = { method: 'GET', path: '/v1/cases' };
    for (const origin of [null, 'http://127.0.0.1:9']) {
      const err = new NetworkError(code, target, undefined, origin);
      expectOneLanguage(err, [err.message]);
      if (origin) expect(rendered(err, 'id')).toContain(origin);
    }
  });

  it('a response of an unexpected shape: worded in both languages', () => {
    const err = new ResponseShapeError({ method: 'GET', path: '/v1/cases', at: 'items[3].status', problem: 'Invalid option: expected one of …', status: 200 });
    expectOneLanguage(err, [err.message, 'Invalid option']);
    expect(rendered(err, 'id')).toContain('items[3].status');
  });

  it.each([
    ['declined', new DeclinedError()],
    ['busy', new BusyError()],
    ['cancelled', new CancelledError()],
  ] as const)('CLI error %s: worded in both languages', (_name, err) => {
    expect(rendered(err, 'id')).not.toBe(rendered(err, 'en'));
  });
});
