// /openapi.json is generated from the same zod schemas that validate requests: every route is declared
// once, with its schemas, through `declare` below, and both the validation and the document use it.

import { z } from 'zod';
import { ProblemSchema } from '../domain/schemas.js';

export interface RouteSpec {
  method: 'GET' | 'POST' | 'DELETE';
  url: string; // fastify form: /v1/cases/:trackingId
  summary: string;
  auth: boolean;
  query?: z.ZodType;
  body?: z.ZodType;
  headers?: Record<string, { required: boolean; description: string }>;
  response: z.ZodType;
  status?: number;
  /** Media type of the success response (default application/json). */
  contentType?: string;
  /** Roles allowed to call the route (all authenticated roles when absent); published as `x-roles`. */
  roles?: readonly string[];
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): unknown {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' });
}

export function buildOpenApi(routes: readonly RouteSpec[], version: string): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = r.url.replace(/:(\w+)/g, '{$1}');
    const parameters: unknown[] = [...r.url.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (r.query) {
      const q = jsonSchema(r.query, 'input') as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, schema] of Object.entries(q.properties ?? {})) {
        parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, schema });
      }
    }
    for (const [name, h] of Object.entries(r.headers ?? {})) {
      parameters.push({ name, in: 'header', required: h.required, description: h.description, schema: { type: 'string' } });
    }
    const op: Record<string, unknown> = {
      summary: r.summary,
      parameters,
      responses: {
        [String(r.status ?? 200)]: { description: 'OK', content: { [r.contentType ?? 'application/json']: { schema: jsonSchema(r.response, 'output') } } },
        default: { description: 'Problem', content: { 'application/problem+json': { schema: jsonSchema(ProblemSchema, 'output') } } },
      },
    };
    if (r.auth) op.security = [{ bearer: [] }];
    if (r.roles) op['x-roles'] = [...r.roles];
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: jsonSchema(r.body, 'input') } } };
    paths[path] = { ...paths[path], [r.method.toLowerCase()]: op };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'lapor reference complaint API', version },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    paths,
  };
}
