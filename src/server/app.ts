// The Fastify app, built apart from listening (main.ts listens). Routes are declared with their zod
// schemas through `declare`, which validates input and records the route for /openapi.json.

import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import { DEFAULT_CLOCKS, type Actor, type ClockSettings, type Role } from '../domain/types.js';
import { bearerSecret, hashToken } from './auth.js';
import type { Db } from './db/driver.js';
import { buildOpenApi, type RouteSpec } from './openapi.js';
import { about, MAX_BODY_DEPTH, parseJsonBody, parseOr400, ProblemError, tooDeep } from './problem.js';
import { Store } from './store.js';
import { registerCaseRoutes } from './routes/cases.js';
import { registerAliasRoutes } from './routes/aliases.js';
import { registerTemplateRoutes } from './routes/templates.js';
import { registerReferenceRoutes } from './routes/reference.js';
import { registerSlaRoutes } from './routes/sla.js';
import { registerStatsRoutes } from './routes/stats.js';
import { registerAuditRoutes } from './routes/audit.js';
import { registerExportRoutes } from './routes/export.js';
import { registerImportRoutes } from './routes/import.js';
import { registerEventRoutes } from './routes/events.js';

export interface AppOptions {
  db: Db;
  version: string;
  settings?: ClockSettings;
  now?: () => Date;
  /** Largest accepted request body in bytes (default 1 MiB). */
  bodyLimit?: number;
  /** Requests per token (or per address without a known token) per window. */
  rateLimit?: { max: number; windowMs: number };
  /** Receives every unexpected (5xx) error with the request id; the client only sees the id. */
  logError?: (requestId: string, error: unknown) => void;
  /** See StoreOptions (tests make segments small to have many). */
  importSegmentRows?: number;
  /**
   * A streaming standby for read-only work (`lapor serve --read-database-url`): the routes of
   * READ_STANDBY_ROUTES read through it. Without it every route reads the primary.
   */
  readDb?: Db;
  /** Fastify's trustProxy: which peers' X-Forwarded-For to believe when telling clients apart (rate limits);
   *  addresses/CIDRs or a hop count. Default: none (the peer address is the client). */
  trustProxy?: readonly string[] | number;
}

/**
 * The routes whose reads may be served by the read standby, in one place: exports and statistics, which feed
 * no write. Listings stay on the primary (`GET /v1/cases` is the bulk selection, `GET /v1/cases/:id` the read
 * before an If-Match), as does everything that writes; the statistics rollups are refreshed on the primary
 * before the standby is read. A standby answer says how fresh it is (DATA_SOURCE_HEADERS).
 */
export const READ_STANDBY_ROUTES: ReadonlySet<string> = new Set(['GET /v1/exports/cases', 'GET /v1/stats/annual', 'GET /v1/stats/trend']);

/** Headers of an answer read from the standby. */
export const DATA_SOURCE_HEADERS = {
  'x-data-source': { description: 'standby when the data was read from the read standby (absent: the primary)', schema: { type: 'string', enum: ['standby'] } },
  'x-data-as-of': {
    description: 'With x-data-source standby: the commit time of the last transaction the standby had replayed (pg_last_xact_replay_timestamp), ISO 8601',
    schema: { type: 'string', format: 'date-time' },
  },
};

/** Where a route reads: the primary, or (READ_STANDBY_ROUTES with a read standby) the standby. */
export interface Reader {
  store: Store;
  db: Db;
}

export interface RouteContext<Q, B> {
  actor: Actor;
  /** Where this route's read-only work reads (writes, and the stats refresh, always use the primary). */
  reader: Reader;
  query: Q;
  body: B;
  params: Record<string, string>;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface Declared {
  store: Store;
  db: Db;
  version: string;
  declare<Q = undefined, B = undefined>(
    spec: RouteSpec & {
      query?: z.ZodType<Q, unknown>;
      body?: z.ZodType<B, unknown>;
      params?: z.ZodType<Record<string, string>, unknown>;
      roles?: readonly Role[];
    },
    handler: (ctx: RouteContext<Q, B>) => Promise<unknown>,
  ): void;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
}

const ANONYMOUS: Actor = { name: 'anonymous', role: 'statistician', institutionId: null };

export async function createApp(options: AppOptions): Promise<{ app: FastifyInstance; store: Store }> {
  const settings = options.settings ?? DEFAULT_CLOCKS;
  const store = new Store(options.db, { settings, now: options.now ?? (() => new Date()), importSegmentRows: options.importSegmentRows });
  await store.reload();
  const standby: Reader | null = options.readDb ? { store: store.readingFrom(options.readDb), db: options.readDb } : null;

  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    genReqId: () => randomUUID(),
    // while closing, requests still arriving on kept-alive connections answer 503 as a problem (the hook
    // in answerErrorsAsProblems), not with Fastify's own JSON
    return503OnClosing: false,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    ...(options.trustProxy !== undefined ? { trustProxy: trustProxyOption(options.trustProxy) } : {}),
    frameworkErrors: (error, request, rawReply) => answerFrameworkError(error, request, rawReply as FastifyReply, options.logError),
    clientErrorHandler: answerClientError,
  });
  app.decorateRequest('actor', null);
  answerErrorsAsProblems(app, options.logError);
  parseBodiesFaithfully(app);

  /** URLs of the routes declared `unlimited`. */
  const unlimited = new Set<string>();
  await limitRates(app, store, options.rateLimit ?? { max: 100_000, windowMs: 60_000 }, unlimited);

  const routes: RouteSpec[] = [];
  const declared: Declared = {
    store,
    db: options.db,
    version: options.version,
    declare(spec, handler) {
      const reads = READ_STANDBY_ROUTES.has(`${spec.method} ${spec.url}`);
      const documented = reads ? { ...spec, responseHeaders: { ...spec.responseHeaders, ...DATA_SOURCE_HEADERS } } : spec;
      routes.push(documented);
      if (spec.unlimited) unlimited.add(spec.url);
      const reader = reads && standby ? standby : { store, db: options.db };
      app.route({ method: spec.method, url: spec.url, handler: routeHandler(store, reader, spec, handler) });
    },
  };

  registerReferenceRoutes(declared);
  registerAliasRoutes(declared);
  registerTemplateRoutes(declared);
  registerCaseRoutes(declared);
  registerSlaRoutes(declared);
  registerStatsRoutes(declared);
  registerAuditRoutes(declared);
  registerExportRoutes(declared);
  registerImportRoutes(declared, app);
  registerEventRoutes(declared, app);
  let openapi: unknown = null;
  declared.declare(
    {
      method: 'GET',
      url: '/openapi.json',
      summary: 'This description of the API (OpenAPI 3.1)',
      auth: false,
      unlimited: true,
      response: z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) }),
    },
    async () => openapi,
  );
  openapi = buildOpenApi(routes, options.version);
  return { app, store };
}

/**
 * Errors Fastify's router meets before a route is chosen (a path that is not valid percent-encoded UTF-8, a
 * path parameter longer than the router keeps) are problems too, not Fastify's own JSON.
 */
function answerFrameworkError(error: { code?: string }, request: FastifyRequest, reply: FastifyReply, logError: AppOptions['logError']): void {
  const problem =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new ProblemError(414, 'uri-too-long', 'a path segment is longer than the server accepts', [{ field: '(path)', message: 'too long' }])
      : error.code === 'FST_ERR_BAD_URL'
        ? new ProblemError(400, 'validation', 'the path is not valid percent-encoded UTF-8', [{ field: '(path)', message: 'not valid percent-encoded UTF-8' }])
        : new ProblemError(500, 'internal', 'the server failed to handle the request; quote the x-request-id header when reporting it');
  if (problem.status >= 500) logError?.(request.id, error);
  void reply.code(problem.status).header('x-request-id', request.id).type('application/problem+json').send(problem.toJSON());
}

/**
 * Errors Node's HTTP parser meets before a request exists (headers or URL too large, a malformed request
 * line, a client too slow) are answered as problem+json too, like every other error.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'the request headers (or the URL) are larger than the server accepts']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'the request was not received in time']
        : [400, 'the request is not valid HTTP'];
  const body = JSON.stringify(new ProblemError(status, 'validation', detail).toJSON());
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/problem+json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/** Every error a route or Fastify raises, a missing route and a request during shutdown: problem+json. */
function answerErrorsAsProblems(app: FastifyInstance, logError: AppOptions['logError']): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close');
    throw new ProblemError(503, 'unavailable', 'the server is shutting down; retry on another instance', undefined, undefined, about('shutting-down'));
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error);
    if (problem.status >= 500) logError?.(request.id, error);
    for (const [name, value] of Object.entries(problem.headers ?? {})) reply.header(name, value);
    if (problem.status === 401) reply.header('WWW-Authenticate', 'Bearer');
    void reply.code(problem.status).type('application/problem+json').send(problem.toJSON(request.url.split('?')[0]));
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const problem = new ProblemError(404, 'not-found', `no route ${request.method} ${path}`, undefined, undefined, about('route-not-found', { method: request.method, path }));
    void reply.code(404).type('application/problem+json').send(problem.toJSON());
  });
}

/**
 * Bodies are JSON only (without removing the text/plain parser, Fastify hands a string to the route, which
 * answers 400 instead of 415), read as bytes so that text that cannot be stored faithfully (invalid UTF-8,
 * lone surrogates) is refused naming its field, for every route at once, instead of decoded to U+FFFD.
 */
function parseBodiesFaithfully(app: FastifyInstance): void {
  app.removeContentTypeParser('text/plain');
  const defaultJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, raw, done) => {
    let value: unknown;
    try {
      value = parseJsonBody(raw as Buffer, (text) => {
        let out: unknown;
        let failure: Error | null = null;
        defaultJson(request, text, (err, parsed) => {
          failure = err;
          out = parsed;
        });
        if (failure) throw failure;
        return out;
      });
    } catch (err) {
      done(err as Error, undefined);
      return;
    }
    done(null, value);
  });
}

/** The per-token (or per-address) budget; routes declared `unlimited` answer whatever was spent. */
async function limitRates(app: FastifyInstance, store: Store, limits: { max: number; windowMs: number }, unlimited: ReadonlySet<string>): Promise<void> {
  await app.register(rateLimit, {
    global: true,
    // liveness probes and the API description answer whatever an address has spent (they cost nothing
    // and a balancer's health check must not be refused because its clients share its address)
    allowList: (req) => unlimited.has(req.routeOptions.url ?? ''),
    max: limits.max,
    timeWindow: limits.windowMs,
    keyGenerator: async (req) => {
      // a real token has its own budget; made-up tokens share their address's, so spraying them gains nothing
      const secret = bearerSecret(req.headers.authorization);
      if (!secret) return `a:${req.ip}`;
      const hash = hashToken(secret);
      return store.isKnownTokenHash(hash) || (await store.authenticate(secret)) ? `t:${hash}` : `a:${req.ip}`;
    },
    errorResponseBuilder: (_req, ctx) =>
      new ProblemError(429, 'rate-limited', `rate limit of ${ctx.max} requests exceeded; retry in ${Math.ceil(ctx.ttl / 1000)} s`, undefined, undefined,
        about('rate-limit', { retryAfterSeconds: Math.ceil(ctx.ttl / 1000) })),
  });
}

/** A declared route's handler: authenticate, check the role, validate path, query and body, then run. */
function routeHandler<Q, B>(
  store: Store,
  reader: Reader,
  spec: Parameters<Declared['declare']>[0],
  handler: (ctx: RouteContext<Q, B>) => Promise<unknown>,
): (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> {
  return async (request, reply) => {
    let actor = ANONYMOUS;
    if (spec.auth) {
      const secret = bearerSecret(request.headers.authorization);
      const found = secret ? await store.authenticate(secret) : null;
      if (!found) {
        throw secret
          ? new ProblemError(401, 'unauthorized', 'the token is unknown or revoked', undefined, undefined, about('token-unknown'))
          : new ProblemError(401, 'unauthorized', 'an Authorization: Bearer token is required', undefined, undefined, about('token-required'));
      }
      if (spec.roles && !spec.roles.includes(found.role)) {
        throw new ProblemError(403, 'forbidden', `role ${found.role} may not ${spec.method} ${spec.url}`, undefined, undefined,
          about('role-may-not-request', { role: found.role, method: spec.method, path: spec.url }));
      }
      actor = found;
      request.actor = found;
    }
    const params = spec.params ? parseOr400(spec.params, request.params ?? {}, 'path') : (request.params as Record<string, string>);
    const query = spec.query ? parseOr400(spec.query, request.query ?? {}, 'query') : undefined;
    // nesting no request needs (a bulk item's changes sit 4 levels deep) would overflow the stack of
    // the recursive work that follows (hashing, validation): refuse it first
    if (spec.body && tooDeep(request.body, MAX_BODY_DEPTH)) {
      throw new ProblemError(400, 'validation', `the JSON body nests deeper than ${MAX_BODY_DEPTH} levels`, [
        { field: '(body)', message: `nested deeper than ${MAX_BODY_DEPTH} levels` },
      ]);
    }
    const body = spec.body ? parseOr400(spec.body, request.body, 'body') : undefined;
    // The route's success status is the default; a handler may still answer another (intake: 200).
    if (spec.status) reply.code(spec.status);
    if (reader.db !== store.db) await sayDataSource(reader.db, reply);
    return handler({ actor, reader, query: query as never, body: body as never, params, request, reply });
  };
}

/** Names the standby and the time of its data on the answer (a promoted standby is a primary: nothing). */
async function sayDataSource(db: Db, reply: FastifyReply): Promise<void> {
  const [row] = await db.query<{ standby: boolean; at: Date | null }>('SELECT pg_is_in_recovery() AS standby, pg_last_xact_replay_timestamp() AS at');
  if (!row.standby) return;
  reply.header('x-data-source', 'standby');
  if (row.at) reply.header('x-data-as-of', new Date(row.at).toISOString());
}

/** A hop count trusts that many proxies nearest the server (as proxy-addr counts hops); addresses and CIDRs
 *  trust those peers. */
function trustProxyOption(trust: readonly string[] | number): string[] | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : [...trust];
}

function toProblem(error: unknown): ProblemError {
  if (error instanceof ProblemError) return error;
  const e = error as { statusCode?: number; code?: string; message?: string };
  const status = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (status >= 500) return new ProblemError(500, 'internal', 'the server failed to handle the request; quote the x-request-id header when reporting it');
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ProblemError(413, 'payload-too-large', 'request body is larger than the server accepts', [
        { field: '(body)', message: 'too large' },
      ]);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ProblemError(415, 'unsupported-media-type', 'send the body as application/json', [
        { field: 'Content-Type', message: 'must be application/json' },
      ]);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ProblemError(400, 'validation', 'the JSON body is empty', [{ field: '(body)', message: 'empty' }]);
    default:
      break;
  }
  if (error instanceof SyntaxError || e.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
    return new ProblemError(400, 'validation', `malformed JSON body: ${e.message ?? ''}`.trim(), [
      { field: '(body)', message: 'malformed JSON' },
    ]);
  }
  if (status === 429) return new ProblemError(429, 'rate-limited', e.message ?? 'too many requests');
  if (status === 405) return new ProblemError(405, 'method-not-allowed', e.message ?? 'method not allowed');
  return new ProblemError(status, 'validation', e.message ?? 'bad request');
}
