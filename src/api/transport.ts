// The HTTP transport of the client: a keep-alive pool, JSON in and out, problem+json → typed errors, retries
// with backoff and Retry-After, debug lines with the token redacted. Endpoint methods live in client.ts;
// nothing else in the CLI speaks HTTP.
//
// Two HTTP engines: JSON requests and uploads go through node:http(s), whose parser is native; downloads
// (`stream`) and any injected dispatcher (tests pass undici's MockAgent) go through undici. undici parses
// with WebAssembly: loading it costs ~20 ms, and V8 then optimises the parser in the background, which a
// short command waited for on exit (~60–100 ms of CPU) — so it is loaded only when a download needs it.
//
// Rules kept here:
// - every response body is read or dumped, on every path, so a pooled connection is never left hanging;
// - only requests that may be repeated are retried: GET/HEAD/OPTIONS, and POSTs that carry an
//   Idempotency-Key; they are retried on transient network errors, 502/503/504 and 429, never on other 4xx;
// - Retry-After (delta-seconds or HTTP-date) is honoured as given, up to `maxWaitMs`; a longer ask fails
//   at once with the error saying how long the server wanted;
// - the bearer token appears only in the Authorization header: never in a message, cause or debug line.

import { setTimeout as delay } from 'node:timers/promises';
import { Agent as HttpAgent, STATUS_CODES, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { createRequire } from 'node:module';
import type { Agent as UndiciAgent, Dispatcher } from 'undici';

type UndiciRequest = (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

// undici's index loads every API it has (fetch, WebSocket, caches, mocks…), about 70 ms of a command's start;
// the client needs an Agent and request(), so it loads just those two modules of the pinned major, and only
// when a download or an injected dispatcher needs them.
const requireUndici = createRequire(import.meta.url);
let undici: { Agent: typeof UndiciAgent; request: UndiciRequest } | null = null;
function loadUndici(): { Agent: typeof UndiciAgent; request: UndiciRequest } {
  undici ??= {
    Agent: requireUndici('undici/lib/dispatcher/agent.js') as typeof UndiciAgent,
    request: requireUndici('undici/lib/api/api-request.js') as UndiciRequest,
  };
  return undici;
}
import { ProblemSchema } from '../domain/schemas.js';
import type { ProblemParams } from '../domain/problems.js';
import {
  CancelledError,
  NetworkError,
  ResponseShapeError,
  apiErrorFor,
  formatWait,
  type FieldError,
  type RequestTarget,
} from './errors.js';

export interface Timeouts {
  /** TCP/TLS connect timeout. Default 10 s. */
  connectMs?: number;
  /** Time to wait for the response headers. Default 120 s (a bulk chunk of 1,000 items takes a while). */
  headersMs?: number;
  /** Longest silence while reading a body. Default 60 s. */
  bodyMs?: number;
  /** How long an idle pooled connection is kept. Default 10 s. */
  keepAliveMs?: number;
}

export const DEFAULT_TIMEOUTS: Required<Timeouts> = {
  connectMs: 10_000,
  headersMs: 120_000,
  bodyMs: 60_000,
  keepAliveMs: 10_000,
};

export interface RetryOptions {
  /** Attempts in all, the first included. Default 5; 1 turns retries off. */
  maxAttempts?: number;
  /** First backoff step. Default 500 ms; doubles each attempt. */
  baseDelayMs?: number;
  /** Cap of one backoff step (not of a server's Retry-After). Default 30 s. */
  maxDelayMs?: number;
  /** Longest wait the client accepts from a Retry-After. Default 15 min. */
  maxWaitMs?: number;
  /** Random source in [0, 1) for the jitter; inject `seededRandom(n)` for reproducible runs. */
  random?: () => number;
}

export const DEFAULT_RETRY: Required<Omit<RetryOptions, 'random'>> = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxWaitMs: 15 * 60_000,
};

/** Why the client is about to wait before another attempt. */
export interface WaitReason {
  /** rate_limited: 429; unavailable: 502/503/504; network: no answer. */
  kind: 'rate_limited' | 'unavailable' | 'network';
  /** The attempt that just failed (1-based). */
  attempt: number;
  status: number | null;
  /** Network error code, e.g. ECONNRESET. */
  code: string | null;
  /** True when the wait comes from the server's Retry-After, false for the client's own backoff. */
  retryAfter: boolean;
  /** The server (scheme, host and port). */
  origin: string;
  method: string;
  path: string;
}

export type SleepFn = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface TransportOptions {
  baseUrl: string;
  token?: string;
  /** An undici dispatcher for every request instead of the client's own pools (tests pass a MockAgent). Not closed by close(). */
  dispatcher?: Dispatcher;
  timeouts?: Timeouts;
  /** Connections per origin of each of the client's own pools. Default 8. */
  connections?: number;
  retry?: RetryOptions;
  /** Called before every wait between attempts (the CLI prints "waiting N s" on stderr). */
  onWait?: (ms: number, reason: WaitReason) => void;
  /** Receives one line per request, response, failure and wait; the Authorization header shows as `Bearer ***`. */
  debug?: (line: string) => void;
  /** Clock in epoch milliseconds (for Retry-After HTTP-dates and timings). Default Date.now. */
  now?: () => number;
  /** Default: a timer that rejects when the signal aborts. */
  sleep?: SleepFn;
  userAgent?: string;
  /** Aborts every request and wait of this client (Ctrl-C). */
  signal?: AbortSignal;
}

export type Method = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

export type QueryValue = string | number | boolean | null | undefined;

export interface TransportRequest {
  method: Method;
  /** Path below the base URL, starting with "/", path segments already encoded (see `encodeSegment`). */
  path: string;
  query?: Readonly<Record<string, QueryValue>>;
  /** JSON body. */
  body?: unknown;
  headers?: Readonly<Record<string, string>>;
  /** Sent as Idempotency-Key; makes a POST retryable. */
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Hand a 2xx body over unread as `body` (a download); errors are still read and thrown as usual. */
  stream?: boolean;
  /**
   * An upload streamed as it is produced (instead of `body`): sent once, never retried (it cannot be
   * replayed); the answer may take as long as the server needs to process it (up to UPLOAD_HEADERS_MS).
   */
  upload?: { contentType: string; body: AsyncIterable<string | Buffer> };
}

/** How long an upload may wait for the answer's headers after it began (a large import takes minutes). */
export const UPLOAD_HEADERS_MS = 60 * 60_000;

export interface TransportResponse {
  status: number;
  /** Response headers, lower-case names; a repeated header is joined with ", ". */
  headers: Readonly<Record<string, string>>;
  /** Parsed JSON body; undefined for an empty body. */
  json: unknown;
  requestId: string | null;
  target: RequestTarget;
  /** With `stream`: the unread body (the caller must consume or destroy it) … */
  body?: Readable;
  /** … and its trailers, filled in once the body has ended. */
  trailers?: Readonly<Record<string, string | string[] | undefined>>;
}

export interface Transport {
  /** Sends the request (with retries); resolves for 2xx, throws a ClientError otherwise. */
  send(req: TransportRequest): Promise<TransportResponse>;
  /** Closes the client's own connection pool (not an injected dispatcher). */
  close(): Promise<void>;
  readonly baseUrl: string;
}

/** Query parameter names whose values never appear in debug output. */
const SECRET_QUERY_KEYS = new Set(['token', 'access_token', 'api_key', 'apikey', 'key', 'password', 'secret', 'signature', 'sig']);

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const IDEMPOTENT_METHODS = new Set<Method>(['GET', 'HEAD', 'OPTIONS']);

/** Encodes one path segment (a tracking ID may hold "." or characters a URL must escape). */
export function encodeSegment(segment: string): string {
  const encoded = encodeURIComponent(segment);
  // "." and ".." are valid tracking-ID characters but would be resolved as dot-segments.
  return encoded === '.' ? '%2E' : encoded === '..' ? '%2E%2E' : encoded;
}

/** A small deterministic PRNG (mulberry32) for reproducible jitter. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Parses a Retry-After value: delta-seconds ("93") or an HTTP-date, relative to `nowMs`.
 * Returns milliseconds (0 for a date in the past), or null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined) return null;
  const v = value.trim();
  if (v === '') return null;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // An HTTP-date (IMF-fixdate, RFC 850 or asctime) starts with a day name; Date.parse alone is too lenient.
  if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*,?\s/i.test(v)) return null;
  // asctime has no zone and means GMT; Date.parse would read it as local time.
  const asctime = /^[A-Za-z]{3} [A-Za-z]{3} +\d{1,2} \d\d:\d\d:\d\d \d{4}$/.test(v);
  const at = Date.parse(asctime ? `${v} GMT` : v);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}

/** The client's backoff for attempt n (1-based): "equal jitter" between half and all of base·2^(n-1), capped. */
export function backoffDelay(attempt: number, retry: { baseDelayMs: number; maxDelayMs: number }, random: () => number): number {
  const step = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

const defaultSleep: SleepFn = async (ms, signal) => {
  await delay(ms, undefined, signal ? { signal } : undefined);
};

/** What every request of one transport shares: its settings and pools, fixed when it is created. */
interface TransportState {
  origin: string;
  basePath: string;
  timeouts: Required<Timeouts>;
  /** `timeouts` with the long wait for an upload's answer (UPLOAD_HEADERS_MS). */
  uploadTimeouts: Required<Timeouts>;
  retry: Required<Omit<RetryOptions, 'random'>>;
  random: () => number;
  now: () => number;
  sleep: SleepFn;
  token: string | undefined;
  scrub: (s: string) => string;
  debug: ((line: string) => void) | null;
  options: TransportOptions;
  /** node:http pool for JSON requests; null when a dispatcher is injected. */
  ownHttp: HttpAgent | null;
  /** undici pool for downloads, created by the first one. */
  ownUndici: UndiciAgent | null;
  closed: boolean;
  /**
   * Whether the server has answered at all. A refused connection before that is a wrong address or a server
   * that is not running: it fails at once, naming the address; after it, a server restarting mid-run is waited for.
   */
  reached: boolean;
}

export function createTransport(options: TransportOptions): Transport {
  const base = new URL(options.baseUrl);
  if (base.username !== '' || base.password !== '') {
    throw new TypeError('the API URL must not contain credentials; use a token');
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new TypeError(`the API URL must start with http:// or https:// (got ${base.protocol})`);
  }
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const scrub = makeScrubber(options.token);
  const state: TransportState = {
    origin: base.origin,
    basePath: base.pathname.replace(/\/+$/, ''),
    timeouts,
    uploadTimeouts: { ...timeouts, headersMs: UPLOAD_HEADERS_MS },
    retry: { ...DEFAULT_RETRY, ...options.retry },
    random: options.retry?.random ?? Math.random,
    now: options.now ?? Date.now,
    sleep: options.sleep ?? defaultSleep,
    token: options.token,
    scrub,
    debug: options.debug ? (line: string) => options.debug?.(scrub(line)) : null,
    options,
    // free sockets close after keepAliveMs
    ownHttp:
      options.dispatcher !== undefined
        ? null
        : new (base.protocol === 'https:' ? HttpsAgent : HttpAgent)({
            keepAlive: true,
            maxSockets: options.connections ?? 8,
            timeout: timeouts.keepAliveMs,
          }),
    ownUndici: null,
    closed: false,
    reached: false,
  };
  return {
    send: (req) => send(state, req),
    baseUrl: state.origin + state.basePath,
    async close() {
      if (state.closed) return;
      state.closed = true;
      state.ownHttp?.destroy();
      if (state.ownUndici) await state.ownUndici.close();
    },
  };
}

/** The undici dispatcher for downloads and injected dispatchers: the injected one, else the own pool. */
function dispatcherFor(state: TransportState): Dispatcher {
  const { timeouts } = state;
  return (
    state.options.dispatcher ??
    (state.ownUndici ??= new (loadUndici().Agent)({
      keepAliveTimeout: timeouts.keepAliveMs,
      headersTimeout: timeouts.headersMs,
      bodyTimeout: timeouts.bodyMs,
      connect: { timeout: timeouts.connectMs },
      connections: state.options.connections ?? 8,
    }))
  );
}

// ---- one request: prepared once, then attempted until it succeeds, fails for good, or is cancelled -----

/** The parts of a request that every attempt reuses. */
interface Prepared {
  req: TransportRequest;
  target: RequestTarget;
  /** The path and query as debug lines show them (secret query values redacted). */
  shownPath: string;
  url: string;
  headers: Record<string, string>;
  /** The headers as debug lines show them (the token as `Bearer ***`). */
  shownHeaders: string;
  payload: string | Readable | undefined;
  signal: AbortSignal | undefined;
  repeatable: boolean;
  maxAttempts: number;
}

/** A failed attempt that may be repeated: after `ms`, for `reason`. */
interface Retry {
  ms: number;
  reason: WaitReason;
}

// One async function per attempt, as `send` was before it was split: no promise or closure is added per request.
function send(state: TransportState, req: TransportRequest): Promise<TransportResponse> {
  let p: Prepared;
  try {
    p = prepare(state, req);
  } catch (e) {
    return Promise.reject(e); // a body JSON cannot encode fails like every other error: as a rejection
  }
  return attemptOnce(state, p, 1);
}

function prepare(state: TransportState, req: TransportRequest): Prepared {
  const qs = buildQuery(req.query);
  const fullPath = state.basePath + req.path;
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    ...(state.options.userAgent ? { 'user-agent': state.options.userAgent } : {}),
    ...lowerKeys(req.headers ?? {}),
  };
  if (req.idempotencyKey !== undefined) headers['idempotency-key'] = req.idempotencyKey;
  let payload: string | Readable | undefined;
  if (req.body !== undefined) {
    payload = JSON.stringify(req.body);
    headers['content-type'] = 'application/json';
  }
  if (req.upload !== undefined) {
    payload = Readable.from(req.upload.body, { objectMode: false });
    headers['content-type'] = req.upload.contentType;
  }
  const shownHeaders = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}`)
    .concat(state.token ? ['authorization: Bearer ***'] : [])
    .join('; ');
  if (state.token) headers.authorization = `Bearer ${state.token}`;

  const signals = [state.options.signal, req.signal].filter((s): s is AbortSignal => s !== undefined);
  const repeatable = IDEMPOTENT_METHODS.has(req.method) || req.idempotencyKey !== undefined;
  return {
    req,
    target: { method: req.method, path: fullPath },
    shownPath: fullPath + (qs === '' ? '' : '?' + redactQuery(qs)),
    url: state.origin + fullPath + (qs === '' ? '' : '?' + qs),
    headers,
    shownHeaders,
    payload,
    signal: signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals),
    repeatable,
    maxAttempts: repeatable && req.upload === undefined ? Math.max(1, state.retry.maxAttempts) : 1,
  };
}

/** An answer of either engine, in the shape of undici's request(). */
type EngineAnswer = NodeAnswer | Dispatcher.ResponseData;

/** How an answer's body is taken: dumped (no content), handed over unread (a 2xx download), or read as text. */
function bodyUse(req: TransportRequest, status: number): 'dump' | 'stream' | 'text' {
  if (req.method === 'HEAD' || status === 204 || status === 304) return 'dump';
  return req.stream && status >= 200 && status < 300 ? 'stream' : 'text';
}

/** One attempt: resolves with a 2xx answer, repeats a failure that may be repeated (after its wait), throws otherwise. */
async function attemptOnce(state: TransportState, p: Prepared, attempt: number): Promise<TransportResponse> {
  const { req, target } = p;
  if (state.closed) throw new NetworkError('UND_ERR_CLOSED', target, undefined, state.origin);
  if (p.signal?.aborted) throw new CancelledError(target);
  state.debug?.(`> ${req.method} ${p.shownPath} (attempt ${attempt}) ${p.shownHeaders}`);
  const started = state.now();

  let res: EngineAnswer;
  let text = '';
  try {
    res = await dispatch(state, p);
    state.reached = true;
    const use = bodyUse(req, res.statusCode);
    if (use === 'dump') await res.body.dump();
    else if (use === 'text') text = await res.body.text();
  } catch (e) {
    return repeat(state, p, attempt, networkFailure(state, p, attempt, started, e));
  }
  const status = res.statusCode;
  const headers = flattenHeaders(res.headers);
  const requestId = headers['x-request-id'] ?? null;
  state.debug?.(`< ${status} ${req.method} ${p.shownPath} ${state.now() - started} ms${requestId ? ` request-id ${requestId}` : ''}`);

  if (bodyUse(req, status) === 'stream') return { status, headers, json: undefined, requestId, target, body: res.body, trailers: res.trailers };
  if (status >= 200 && status < 300) {
    let json: unknown;
    if (text.trim() !== '') {
      try {
        json = JSON.parse(text);
      } catch {
        throw new ResponseShapeError({ ...target, at: '', problem: 'not valid JSON', status, requestId });
      }
    }
    return { status, headers, json, requestId, target };
  }
  return repeat(state, p, attempt, errorAnswer(state, p, attempt, status, headers, text));
}

/**
 * The engine a request goes through: a streamed upload on a one-shot node:http connection; a JSON request on
 * the own node:http pool; a download, or any request when a dispatcher is injected, through undici.
 */
function dispatch(state: TransportState, p: Prepared): Promise<EngineAnswer> {
  const { req } = p;
  if (req.upload !== undefined && p.payload instanceof Readable) {
    return nodeRequest(p.url, req.method, p.headers, p.payload, p.signal, state.uploadTimeouts, null);
  }
  if (state.ownHttp !== null && !req.stream) {
    return nodeRequest(p.url, req.method, p.headers, p.payload, p.signal, state.timeouts, state.ownHttp);
  }
  const { origin, pathname, search } = new URL(p.url);
  return loadUndici().request.call(dispatcherFor(state), {
    origin,
    path: `${pathname}${search}`,
    method: req.method,
    headers: p.headers,
    body: p.payload,
    signal: p.signal,
    headersTimeout: state.timeouts.headersMs,
    bodyTimeout: state.timeouts.bodyMs,
  });
}

/** No answer (or a body cut off): a Retry when the error is transient and attempts remain; throws otherwise. */
function networkFailure(state: TransportState, p: Prepared, attempt: number, started: number, e: unknown): Retry {
  const { req, target } = p;
  if (p.signal?.aborted) throw new CancelledError(target);
  const code = errorCode(e);
  const cause = new Error(state.scrub(errorMessage(e)));
  const netErr = new NetworkError(code, target, cause, state.origin);
  state.debug?.(`! ${req.method} ${p.shownPath} ${code} ${state.now() - started} ms`);
  const neverReached = code === 'ECONNREFUSED' && !state.reached;
  if (attempt < p.maxAttempts && netErr.transient && !neverReached) {
    const ms = backoffDelay(attempt, state.retry, state.random);
    return { ms, reason: { kind: 'network', attempt, status: null, code, retryAfter: false, origin: state.origin, ...target } };
  }
  throw netErr;
}

/** A non-2xx answer: a Retry for 429/502/503/504 of a repeatable request with attempts left; throws otherwise. */
function errorAnswer(state: TransportState, p: Prepared, attempt: number, status: number, headers: Record<string, string>, text: string): Retry {
  const { target } = p;
  const retry = state.retry;
  const requestId = headers['x-request-id'] ?? null;
  const retryAfterMs = parseRetryAfter(headers['retry-after'], state.now());
  const init = { ...problemFrom(text, status, state.scrub), ...target, status, requestId, retryAfterMs };

  if (p.repeatable && RETRYABLE_STATUSES.has(status)) {
    if (retryAfterMs !== null && retryAfterMs > retry.maxWaitMs) {
      throw apiErrorFor({
        ...init,
        maxWaitMs: retry.maxWaitMs,
        message:
          `HTTP ${status}: ${init.detail ?? init.title}; the server asks to wait ${formatWait(retryAfterMs)}, ` +
          `more than the ${formatWait(retry.maxWaitMs)} allowed (${target.method} ${target.path})`,
      });
    }
    if (attempt < p.maxAttempts) {
      const ms = retryAfterMs ?? backoffDelay(attempt, retry, state.random);
      const kind = status === 429 ? 'rate_limited' : 'unavailable';
      return { ms, reason: { kind, attempt, status, code: null, retryAfter: retryAfterMs !== null, origin: state.origin, ...target } };
    }
  }
  throw apiErrorFor(init);
}

/** Waits as `retry` says (cancellable), then makes the next attempt. */
async function repeat(state: TransportState, p: Prepared, attempt: number, { ms, reason }: Retry): Promise<TransportResponse> {
  const { signal, target } = p;
  state.debug?.(`~ waiting ${formatWait(ms)} (${ms} ms) before attempt ${reason.attempt + 1}: ${describeReason(reason)} ${p.req.method} ${p.shownPath}`);
  state.options.onWait?.(ms, reason);
  try {
    await state.sleep(ms, signal);
  } catch (e) {
    if (signal?.aborted) throw new CancelledError(target);
    throw e;
  }
  if (signal?.aborted) throw new CancelledError(target);
  return attemptOnce(state, p, attempt + 1);
}

// ---- node:http requests --------------------------------------------------------------------------------

interface NodeAnswer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  trailers: Record<string, string | undefined>;
  body: Readable & { text(): Promise<string>; dump(): Promise<void> };
}

/**
 * One request through node:http(s), answered in the shape of undici's request() (the body is a Readable with
 * text() and dump()), so the rest of the transport treats both engines alike. Timeouts fail with undici's codes.
 * - pooled (`agent` given): a JSON request on the client's keep-alive pool, the body sent whole;
 * - one-shot (`agent` null): a streamed upload (an import), chunked, on a connection of its own that is closed
 *   after the answer (an early answer, an error, ends the upload too). Not undici: its WebAssembly HTTP parser
 *   alone costs about 40 MB of resident memory, a quarter of the import's 150 MB budget.
 */
function nodeRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | Readable | undefined,
  signal: AbortSignal | undefined,
  timeouts: Required<Timeouts>,
  agent: HttpAgent | null,
): Promise<NodeAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const oneShot = agent === null;
    const req = send(target, { method, headers: oneShot ? { ...headers, 'transfer-encoding': 'chunked' } : headers, agent: agent ?? false, signal });
    const failure = (code: string, message: string) => Object.assign(new Error(message), { code });
    const headersTimer = setTimeout(() => req.destroy(failure('UND_ERR_HEADERS_TIMEOUT', 'headers timeout')), timeouts.headersMs);
    req.once('socket', (socket) => {
      if (!socket.connecting) return; // a pooled connection
      const connectTimer = setTimeout(() => req.destroy(failure('UND_ERR_CONNECT_TIMEOUT', 'connect timeout')), timeouts.connectMs);
      socket.once('connect', () => clearTimeout(connectTimer));
      socket.once('close', () => clearTimeout(connectTimer));
    });
    req.once('response', (res: IncomingMessage) => {
      clearTimeout(headersTimer);
      let bodyTimer: NodeJS.Timeout | undefined;
      const silence = () => {
        clearTimeout(bodyTimer);
        bodyTimer = setTimeout(() => res.destroy(failure('UND_ERR_BODY_TIMEOUT', 'body timeout')), timeouts.bodyMs);
      };
      const answer = Object.assign(res, {
        async text() {
          let out = '';
          res.setEncoding('utf8');
          silence();
          try {
            for await (const chunk of res) {
              out += chunk as string;
              silence();
            }
          } finally {
            clearTimeout(bodyTimer);
          }
          if (oneShot) req.destroy();
          return out;
        },
        async dump() {
          res.resume();
          if (oneShot) req.destroy();
        },
      });
      resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, trailers: res.trailers, body: answer });
    });
    req.on('error', (err) => {
      clearTimeout(headersTimer);
      reject(err);
    });
    if (body instanceof Readable) {
      body.once('error', (err) => req.destroy(err));
      body.pipe(req);
    } else {
      req.end(body);
    }
  });
}

// ---- helpers -------------------------------------------------------------------------------------------

function makeScrubber(token: string | undefined): (s: string) => string {
  if (!token) return (s) => s;
  return (s) => s.split(token).join('***');
}

function describeReason(r: WaitReason): string {
  if (r.kind === 'network') return `network error ${r.code ?? ''}`.trim();
  return `HTTP ${r.status ?? ''}${r.retryAfter ? ' (Retry-After)' : ''}`;
}

function buildQuery(query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    params.append(k, String(v));
  }
  return params.toString();
}

function redactQuery(qs: string): string {
  const params = new URLSearchParams(qs);
  const out = new URLSearchParams();
  for (const [k, v] of params) out.append(k, SECRET_QUERY_KEYS.has(k.toLowerCase()) ? '***' : v);
  return out.toString().replaceAll('%2A%2A%2A', '***');
}

function lowerKeys(h: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    const key = k.toLowerCase();
    if (key === 'authorization') continue; // only the transport sets it
    out[key] = v;
  }
  return out;
}

function flattenHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function errorCode(e: unknown): string {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' && e.code !== '') return e.code;
  if (e instanceof AggregateError) {
    for (const inner of e.errors) {
      const c = errorCode(inner);
      if (c !== 'UNKNOWN') return c;
    }
  }
  if (typeof e === 'object' && e !== null && 'cause' in e && e.cause !== e) {
    const c = errorCode(e.cause);
    if (c !== 'UNKNOWN') return c;
  }
  return 'UNKNOWN';
}

function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

interface ProblemInit {
  type?: string;
  title: string;
  detail: string | null;
  reason?: string;
  params?: ProblemParams;
  errors: FieldError[];
}

/** Reads an error body: problem+json when it is one, else the status text. All text is scrubbed. */
function problemFrom(text: string, status: number, scrub: (s: string) => string): ProblemInit {
  const fallback: ProblemInit = { title: (STATUS_CODES[status] ?? 'error').toLowerCase(), detail: null, errors: [] };
  if (text.trim() === '') return fallback;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return fallback;
  }
  const parsed = ProblemSchema.safeParse(raw);
  if (!parsed.success) return fallback;
  const p = parsed.data;
  return {
    type: p.type,
    title: scrub(p.title),
    detail: p.detail === undefined ? null : scrub(p.detail),
    reason: p.reason,
    params: p.params === undefined ? undefined : scrubParams(p.params, scrub),
    errors: (p.errors ?? []).map((fe) => ({ field: scrub(fe.field), message: scrub(fe.message), ...(fe.code === undefined ? {} : { code: fe.code }) })),
  };
}

/** A problem's params with every text scrubbed, as every other text copied from an answer. */
function scrubParams(params: ProblemParams, scrub: (s: string) => string): ProblemParams {
  const out: ProblemParams = {};
  for (const [name, value] of Object.entries(params) as [keyof ProblemParams, string | number | undefined][]) {
    if (value !== undefined) out[name] = typeof value === 'string' ? scrub(value) : value;
  }
  return out;
}
