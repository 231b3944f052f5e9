// /openapi.json is generated from the same zod schemas that validate requests: every route is declared
// once, with its schemas, through `declare` (app.ts), and both the validation and the document use it.
// The document describes every answer the server sends: the success body (JSON, NDJSON line by line, or
// CSV), every error status a route can answer as problem+json, and the headers of each (what the app sets
// for all routes, the rate-limit headers, what the route sets). test/helpers/contract.ts checks real
// responses against it with an independent validator.

import { z } from 'zod';
import { ProblemSchema, documentedSchema } from '../domain/schemas.js';

export interface HeaderDoc {
  description: string;
  /** Whether every answer of that status carries it (default false). */
  required?: boolean;
  schema?: Record<string, unknown>;
}

export interface RouteSpec {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string; // fastify form: /v1/cases/:trackingId
  summary: string;
  auth: boolean;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Path parameters (validated by `declare`, published with their patterns). */
  params?: z.ZodType;
  /** A body the handler reads as a stream (not through `body`): its media type and, for NDJSON, one line. */
  streamBody?: { contentType: string; schema: z.ZodType; description: string };
  /** Request headers the route reads. */
  headers?: Record<string, { required: boolean; description: string; pattern?: string }>;
  /** The success body; for an NDJSON `contentType`, one line of it. */
  response: z.ZodType;
  status?: number;
  /** Other success statuses with the same body (intake answers 200 for a case it already had). */
  alsoStatus?: readonly number[];
  /** Headers of the success answer. */
  responseHeaders?: Record<string, HeaderDoc>;
  /** Media type of the success response (default application/json). */
  contentType?: string;
  /** Roles allowed to call the route (all authenticated roles when absent); published as `x-roles`. */
  roles?: readonly string[];
  /** Problem statuses the route answers besides those every route of its kind may (see errorStatuses). */
  problems?: readonly number[];
  /** Headers some problem answers of the route carry (Retry-After on a 409 of a key still in flight). */
  problemHeaders?: Partial<Record<number, Record<string, HeaderDoc>>>;
  /** Outside the rate limit (liveness, the description itself). */
  unlimited?: boolean;
}

export const NDJSON_TYPE = 'application/x-ndjson';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  400: 'Invalid request (the `errors` member names each bad field)',
  401: 'No token, or an unknown or revoked one',
  403: 'The token’s role or scope does not allow this',
  404: 'Not found (also a case outside the caller’s scope)',
  409: 'Conflict',
  412: 'The case changed since the version in If-Match',
  413: 'The body is larger than the server accepts',
  414: 'A path segment is longer than the server accepts',
  415: 'The body’s media type is not the one the route reads',
  422: 'Unprocessable (e.g. an Idempotency-Key reused with another body)',
  428: 'If-Match is required',
  429: 'The rate limit of the token (or of the address) is spent; retry after Retry-After seconds',
  500: 'The server failed; quote x-request-id when reporting it',
  503: 'The server is shutting down; retry on another instance',
};

/** The problem statuses a route may answer, from what it declares; `problems` adds its own. */
export function errorStatuses(r: RouteSpec): number[] {
  const out = new Set<number>([500, 503]);
  if (r.query || r.body || r.params || r.streamBody || Object.keys(r.headers ?? {}).length > 0) out.add(400);
  if (r.auth) {
    out.add(401);
    out.add(403);
  }
  if (r.params) {
    out.add(404);
    out.add(414);
  }
  if (r.body || r.streamBody) {
    out.add(413);
    out.add(415);
  }
  if (!r.unlimited) out.add(429);
  for (const s of r.problems ?? []) out.add(s);
  return [...out].sort((a, b) => a - b);
}

/** Response headers every route may send (see app.ts and the rate-limit plugin). */
const COMMON_HEADERS = {
  'x-request-id': { description: 'The request’s id; quote it when reporting a problem', required: true },
};
const RATE_LIMIT_HEADERS = {
  'x-ratelimit-limit': { description: 'Requests allowed per window for this token (or address)', schema: { type: 'string', pattern: '^\\d+$' } },
  'x-ratelimit-remaining': { description: 'Requests left in the current window', schema: { type: 'string', pattern: '^\\d+$' } },
  'x-ratelimit-reset': { description: 'Seconds until the window resets', schema: { type: 'string', pattern: '^\\d+$' } },
};
const RETRY_AFTER = { 'retry-after': { description: 'Seconds to wait before retrying', required: true, schema: { type: 'string', pattern: '^\\d+$' } } };
const WWW_AUTHENTICATE = { 'www-authenticate': { description: 'The authentication scheme (Bearer)', required: true } };

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  const out = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    // a schema may stand in for another in the document (a bulk item is checked one at a time, after the
    // envelope, so the envelope's validator holds `unknown` where the document shows the item's schema)
    override: (ctx) => {
      const doc = documentedSchema(ctx.zodSchema);
      if (!doc) return;
      for (const k of Object.keys(ctx.jsonSchema)) delete (ctx.jsonSchema as Record<string, unknown>)[k];
      Object.assign(ctx.jsonSchema, jsonSchema(doc, io));
    },
  }) as Record<string, unknown>;
  delete out.$schema;
  return out;
}

function headers(docs: Record<string, HeaderDoc>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, h] of Object.entries(docs)) {
    out[name] = { description: h.description, required: h.required ?? false, schema: h.schema ?? { type: 'string' } };
  }
  return out;
}

function operationId(method: string, url: string): string {
  const words = url
    .split('/')
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? `by-${part.slice(1)}` : part))
    .flatMap((part) => part.split(/[^A-Za-z0-9]+/))
    .filter(Boolean);
  return [method.toLowerCase(), ...words.map((w) => w[0].toUpperCase() + w.slice(1))].join('');
}

export function buildOpenApi(routes: readonly RouteSpec[], version: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const paramSchemas = (r.params ? jsonSchema(r.params, 'input').properties : undefined) as Record<string, unknown> | undefined;
    const parameters: unknown[] = [...r.url.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: paramSchemas?.[m[1]] ?? { type: 'string' },
    }));
    if (r.query) {
      const q = jsonSchema(r.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema });
      }
    }
    for (const [name, h] of Object.entries(r.headers ?? {})) {
      parameters.push({
        name,
        in: 'header',
        required: h.required,
        description: h.description,
        schema: h.pattern ? { type: 'string', pattern: h.pattern } : { type: 'string' },
      });
    }
    const limited = r.unlimited ? {} : RATE_LIMIT_HEADERS;
    const contentType = r.contentType ?? 'application/json';
    const success = {
      description: contentType === NDJSON_TYPE ? 'OK: NDJSON, each line one value of this schema' : 'OK',
      headers: headers({ ...COMMON_HEADERS, ...limited, ...r.responseHeaders }),
      content: { [contentType]: { schema: jsonSchema(r.response, 'output') } },
    };
    const responses: Record<string, unknown> = {};
    for (const status of [r.status ?? 200, ...(r.alsoStatus ?? [])]) {
      responses[String(status)] = { ...success, description: contentType === NDJSON_TYPE ? success.description : (STATUS_TEXT[status] ?? 'OK') };
    }
    for (const status of errorStatuses(r)) {
      responses[String(status)] = {
        description: STATUS_TEXT[status] ?? 'Problem',
        headers: headers({
          ...COMMON_HEADERS,
          ...(status === 429 ? { ...RATE_LIMIT_HEADERS, ...RETRY_AFTER } : status === 503 ? {} : limited),
          ...(status === 401 ? WWW_AUTHENTICATE : {}),
          ...r.problemHeaders?.[status],
        }),
        content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
      };
    }
    const op: Record<string, unknown> = {
      operationId: operationId(r.method, r.url),
      summary: r.summary,
      parameters,
      responses,
      security: r.auth ? [{ bearer: [] }] : [],
    };
    if (r.roles) op['x-roles'] = [...r.roles];
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } };
    if (r.streamBody) {
      op.requestBody = {
        required: true,
        description: r.streamBody.description,
        content: { [r.streamBody.contentType]: { schema: jsonSchema(r.streamBody.schema, 'input') } },
      };
    }
    paths[path] = { ...paths[path], [r.method.toLowerCase()]: op };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'lapor reference complaint API',
      version,
      description:
        'The reference API of lapor. Every error is application/problem+json (RFC 9457). NDJSON bodies ' +
        '(application/x-ndjson) are described one line at a time: the schema given is that of each line.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Problem: jsonSchema(ProblemSchema, 'output') },
    },
    paths,
  };
}
