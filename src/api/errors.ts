// Typed errors of the API client. Everything the client throws is a ClientError: an ApiError (the server
// answered with an error status), a NetworkError (no answer) or a ResponseShapeError (an answer we cannot
// read); a caller's abort is the CancelledError every layer shares (domain/errors.ts). Only cli/main.ts
// turns them into messages and exit codes.
//
// Each class has a stable `code` (as undici's errors do) for scripts and tests; an ApiError also names its
// problem type from the catalogue shared with the server (domain/problems.ts), so no caller matches type
// URIs by hand. None of them ever carries the bearer token: messages name the method and the URL path (no
// query string), and the transport scrubs every text it copies from elsewhere (see `Scrubber`).

import { problemReasonOf, problemTypeOf, type ProblemParams, type ProblemReason, type ProblemType } from '../domain/problems.js';

export type ApiErrorKind =
  | 'not_found' // 404
  | 'auth' // 401, 403
  | 'precondition' // 412, 428
  | 'conflict' // 409
  | 'validation' // 400, 422
  | 'rate_limited' // 429
  | 'server' // 5xx
  | 'client'; // any other 4xx

export interface FieldError {
  field: string;
  /** The server's English text, for logs; show `code` in the user's language. */
  message: string;
  /** A stable code of the fault (domain/problems.ts FIELD_ERROR_CODES); absent from older servers. */
  code?: string;
}

/** Where a failed request went: the method and the URL path, without query string or credentials. */
export interface RequestTarget {
  method: string;
  path: string;
}

/** Base of everything the client throws. */
export abstract class ClientError extends Error {
  /** Stable per class (LAPOR_ERR_…); a NetworkError's is the system or undici code. */
  abstract readonly code: string;
  readonly method: string;
  readonly path: string;

  protected constructor(message: string, target: RequestTarget, options?: { cause?: unknown }) {
    super(message, options);
    this.method = target.method;
    this.path = target.path;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, method: this.method, path: this.path };
  }
}

export interface ApiErrorInit extends RequestTarget {
  status: number;
  type?: string;
  title: string;
  detail?: string | null;
  /** The problem's `reason` and `params` extension members, when the server sent them. */
  reason?: string | null;
  params?: ProblemParams;
  errors?: readonly FieldError[];
  requestId?: string | null;
  /** Only for 429 (and 503 with Retry-After): how long the server asked us to wait. */
  retryAfterMs?: number | null;
  /** Set when the client gave up because the server asked to wait longer than this (ms). */
  maxWaitMs?: number | null;
  /** Overrides the default message (used when the client gives up waiting). */
  message?: string;
}

/** The server answered with an error status (RFC 9457 problem details when it sent them). */
export class ApiError extends ClientError {
  override readonly name: string = 'ApiError';
  readonly code: string = 'LAPOR_ERR_API';
  readonly kind: ApiErrorKind;
  readonly status: number;
  /** Problem type URI; "about:blank" when the server sent no problem document. */
  readonly type: string;
  /** The catalogue's name of `type` ('already-done'); null for a type outside it (or none). */
  readonly problem: ProblemType | null;
  readonly title: string;
  /** The server's English explanation: for logs and --debug; the CLI words the problem from its own catalogue. */
  readonly detail: string | null;
  /** The catalogue's reason (which rule refused); null when the server sent none or one this client does not know. */
  readonly reason: ProblemReason | null;
  /** The values the reason names. */
  readonly params: ProblemParams;
  readonly errors: readonly FieldError[];
  /** The server's `x-request-id`, to quote in a support ticket. */
  readonly requestId: string | null;
  readonly retryAfterMs: number | null;
  /** The longest wait the client allows, when it gave up because the server asked for more; else null. */
  readonly maxWaitMs: number | null;

  constructor(init: ApiErrorInit) {
    super(init.message ?? defaultMessage(init), init);
    this.kind = kindOfStatus(init.status);
    this.status = init.status;
    this.type = init.type ?? 'about:blank';
    this.problem = problemTypeOf(this.type);
    this.title = init.title;
    this.detail = init.detail ?? null;
    this.reason = problemReasonOf(init.reason);
    this.params = init.params ?? {};
    this.errors = init.errors ?? [];
    this.requestId = init.requestId ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.maxWaitMs = init.maxWaitMs ?? null;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      kind: this.kind,
      status: this.status,
      type: this.type,
      problem: this.problem,
      title: this.title,
      detail: this.detail,
      reason: this.reason,
      params: this.params,
      errors: this.errors,
      requestId: this.requestId,
      retryAfterMs: this.retryAfterMs,
    };
  }
}

export class NotFoundError extends ApiError {
  override readonly name = 'NotFoundError';
  override readonly code = 'LAPOR_ERR_NOT_FOUND';
}
export class AuthError extends ApiError {
  override readonly name = 'AuthError';
  override readonly code = 'LAPOR_ERR_AUTH';
}
export class PreconditionError extends ApiError {
  override readonly name = 'PreconditionError';
  override readonly code = 'LAPOR_ERR_PRECONDITION';
}
export class ConflictError extends ApiError {
  override readonly name = 'ConflictError';
  override readonly code = 'LAPOR_ERR_CONFLICT';
}
export class ValidationError extends ApiError {
  override readonly name = 'ValidationError';
  override readonly code = 'LAPOR_ERR_VALIDATION';
}
export class RateLimitedError extends ApiError {
  override readonly name = 'RateLimitedError';
  override readonly code = 'LAPOR_ERR_RATE_LIMITED';
}
export class ServerError extends ApiError {
  override readonly name = 'ServerError';
  override readonly code = 'LAPOR_ERR_SERVER';
}

export function kindOfStatus(status: number): ApiErrorKind {
  if (status === 404) return 'not_found';
  if (status === 401 || status === 403) return 'auth';
  if (status === 412 || status === 428) return 'precondition';
  if (status === 409) return 'conflict';
  if (status === 400 || status === 422) return 'validation';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  return 'client';
}

/** Builds the ApiError subclass that matches the status. */
export function apiErrorFor(init: ApiErrorInit): ApiError {
  switch (kindOfStatus(init.status)) {
    case 'not_found':
      return new NotFoundError(init);
    case 'auth':
      return new AuthError(init);
    case 'precondition':
      return new PreconditionError(init);
    case 'conflict':
      return new ConflictError(init);
    case 'validation':
      return new ValidationError(init);
    case 'rate_limited':
      return new RateLimitedError(init);
    case 'server':
      return new ServerError(init);
    case 'client':
      return new ApiError(init);
  }
}

function defaultMessage(init: ApiErrorInit): string {
  const what = init.detail && init.detail.length > 0 ? init.detail : init.title;
  return `HTTP ${init.status}: ${what} (${init.method} ${init.path})`;
}

const NETWORK_DESCRIPTIONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ETIMEDOUT: 'connection timed out',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'temporary DNS failure',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timed out waiting for the response headers',
  UND_ERR_BODY_TIMEOUT: 'timed out reading the response body',
  UND_ERR_SOCKET: 'connection closed unexpectedly',
  UND_ERR_CLOSED: 'client closed',
  UND_ERR_DESTROYED: 'client destroyed',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'response shorter than announced',
};

/** Every network code the client describes (others read as "request failed"). */
export const NETWORK_ERROR_CODES: readonly string[] = Object.keys(NETWORK_DESCRIPTIONS);

/** Codes worth another attempt (when the request may be repeated). */
export const TRANSIENT_NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

/** No usable answer: the connection failed, was reset or timed out. */
export class NetworkError extends ClientError {
  override readonly name = 'NetworkError';
  /** The system or undici error code, e.g. ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT; "UNKNOWN" if none. */
  readonly code: string;
  readonly transient: boolean;
  /** The server the request was for (scheme, host and port), when the transport knows it. */
  readonly origin: string | null;

  /** `cause` must already be scrubbed of secrets (the transport passes a fresh Error built from the original). */
  constructor(code: string, target: RequestTarget, cause?: Error, origin: string | null = null) {
    const description = NETWORK_DESCRIPTIONS[code] ?? 'request failed';
    super(`network error: ${description} (${code}) (${target.method} ${origin ?? ''}${target.path})`, target, { cause });
    this.code = code;
    this.transient = TRANSIENT_NETWORK_CODES.has(code);
    this.origin = origin;
  }

}

/** The server answered 2xx but the body is not what API v1 promises. */
export class ResponseShapeError extends ClientError {
  override readonly name = 'ResponseShapeError';
  readonly code = 'LAPOR_ERR_RESPONSE_SHAPE';
  /** Path of the first mismatch, e.g. "items[3].status"; "" for the whole body. */
  readonly at: string;
  readonly problem: string;
  readonly status: number;
  readonly requestId: string | null;

  constructor(init: RequestTarget & { at: string; problem: string; status: number; requestId?: string | null }) {
    const where = init.at === '' ? 'the body' : init.at;
    super(`unexpected response from the API: ${where}: ${init.problem} (${init.method} ${init.path})`, init);
    this.at = init.at;
    this.problem = init.problem;
    this.status = init.status;
    this.requestId = init.requestId ?? null;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), at: this.at, problem: this.problem, status: this.status, requestId: this.requestId };
  }
}

/** The caller aborted (Ctrl-C) while a request or a wait was under way: the one CancelledError of every layer. */
export { CancelledError } from '../domain/errors.js';

/** "93 s", "20 min", "1 h 5 min": for messages about waits. */
export function formatWait(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 120) return `${s} s`;
  const min = Math.ceil(s / 60);
  if (min < 120) return `${min} min`;
  const h = Math.floor(min / 60);
  const rest = min % 60;
  return rest === 0 ? `${h} h` : `${h} h ${rest} min`;
}
