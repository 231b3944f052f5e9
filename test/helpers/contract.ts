// Checks every response a test server sends against its own /openapi.json with an independent validator
// (Ajv, JSON Schema 2020-12, not the server's zod schemas): the status is declared for the route, the media
// type is one the route declares for it, the body (JSON, or NDJSON line by line) matches the declared
// schema, each required header is present, each header sent is declared and matches its schema, and each
// trailer is declared. The listener sits on the HTTP server itself, ahead of Fastify, so it also sees the
// answers Fastify writes on its own (router errors). Violations are collected; the test helpers fail the
// test (afterEach) and the server's close() with them.

import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its default export arrives as the module object or as the function
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

type Json = Record<string, unknown>;

interface HeaderDoc {
  required?: boolean;
  schema?: Json;
}
interface ResponseDoc {
  headers?: Record<string, HeaderDoc>;
  content?: Record<string, { schema?: Json }>;
}
interface Operation {
  responses: Record<string, ResponseDoc>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Json> };
}

/** Headers of HTTP itself, which the document does not list. */
const STANDARD_HEADERS = new Set(['content-type', 'content-length', 'date', 'connection', 'keep-alive', 'transfer-encoding']);
/** Bodies larger than this are not kept for checking (status, media type and headers still are). */
const MAX_CHECKED_BODY = 32 * 1024 * 1024;

/** Every violation seen by any watched server of this test file, not yet reported. */
const pending: string[] = [];

/** Takes the violations seen so far (and forgets them). */
export function takeContractViolations(): string[] {
  return pending.splice(0, pending.length);
}

function pointer(parts: string[]): string {
  return `#/${parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/** Schema objects in bodies that say nothing (`{}`): a value the document leaves undescribed. */
export function undescribedSchemas(doc: Document): string[] {
  const found: string[] = [];
  const walk = (schema: unknown, where: string) => {
    if (schema === null || typeof schema !== 'object') return;
    const s = schema as Json;
    if (Object.keys(s).length === 0) {
      found.push(where);
      return;
    }
    for (const [k, v] of Object.entries((s.properties ?? {}) as Json)) walk(v, `${where}/properties/${k}`);
    if (s.items !== undefined && typeof s.items === 'object') walk(s.items, `${where}/items`);
    for (const key of ['prefixItems', 'anyOf', 'oneOf', 'allOf'] as const) {
      const list = s[key];
      if (Array.isArray(list)) list.forEach((v, i) => walk(v, `${where}/${key}/${i}`));
    }
  };
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const o = op as Operation & { requestBody?: ResponseDoc; parameters?: { name: string; schema?: unknown }[] };
      for (const [type, media] of Object.entries(o.requestBody?.content ?? {})) walk(media.schema, `${method.toUpperCase()} ${path} request ${type}`);
      for (const [status, r] of Object.entries(o.responses)) {
        for (const [type, media] of Object.entries(r.content ?? {})) walk(media.schema, `${method.toUpperCase()} ${path} ${status} ${type}`);
      }
      for (const p of o.parameters ?? []) walk(p.schema, `${method.toUpperCase()} ${path} parameter ${p.name}`);
    }
  }
  return found;
}

export class ContractChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly routes: { template: string; pattern: RegExp }[];

  constructor(private readonly doc: Document) {
    addFormats(this.ajv);
    this.ajv.addSchema({ ...doc, $id: 'openapi.json' } as Json);
    this.routes = Object.keys(doc.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`),
    }));
  }

  private validator(parts: string[]): ValidateFunction {
    const ref = `openapi.json${pointer(parts)}`;
    let v = this.compiled.get(ref);
    if (!v) {
      v = this.ajv.compile({ $ref: ref });
      this.compiled.set(ref, v);
    }
    return v;
  }

  private problemValidator(): ValidateFunction {
    return this.validator(['components', 'schemas', 'Problem']);
  }

  /** The violations of one finished response. */
  check(method: string, url: string, status: number, headers: Record<string, unknown>, trailers: string[], body: Buffer | null): string[] {
    const out: string[] = [];
    const path = url.split('?')[0];
    const what = `${method} ${url.length > 120 ? `${url.slice(0, 117)}…` : url} → ${status}`;
    const type = String(headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    const opMethod = method === 'HEAD' ? 'get' : method.toLowerCase();
    const route = this.routes.find((r) => r.pattern.test(path) && this.doc.paths[r.template][opMethod]);
    if (!route) {
      // no such operation: the answer can only be a problem
      if (status < 400) out.push(`${what}: a success for an operation the document does not have`);
      if (type !== 'application/problem+json') out.push(`${what}: ${type || 'no media type'} instead of application/problem+json`);
      else if (body && method !== 'HEAD') out.push(...this.checkJson(this.problemValidator(), body, what));
      return out;
    }
    const responses = this.doc.paths[route.template][opMethod].responses;
    const key = responses[String(status)] ? String(status) : responses.default ? 'default' : String(status);
    const declared = responses[key];
    const at = ['paths', route.template, opMethod, 'responses', key];
    if (!declared) {
      out.push(`${what}: status ${status} is not declared for ${opMethod.toUpperCase()} ${route.template}`);
      return out;
    }
    // headers
    const docHeaders = new Map(Object.entries(declared.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    for (const [name, h] of docHeaders) {
      if (h.required && headers[name] === undefined) out.push(`${what}: required header ${name} is missing`);
    }
    for (const [name, value] of Object.entries(headers)) {
      if (STANDARD_HEADERS.has(name)) continue;
      const h = docHeaders.get(name);
      if (!h) {
        out.push(`${what}: header ${name} is not declared`);
        continue;
      }
      if (h.schema) {
        const original = Object.keys(declared.headers ?? {}).find((k) => k.toLowerCase() === name)!;
        const v = this.validator([...at, 'headers', original, 'schema']);
        for (const one of Array.isArray(value) ? value : [value]) {
          if (!v(String(one))) out.push(`${what}: header ${name}: ${JSON.stringify(String(one))} ${this.ajv.errorsText(v.errors)}`);
        }
      }
    }
    for (const name of trailers) if (!docHeaders.has(name.toLowerCase())) out.push(`${what}: trailer ${name} is not declared`);
    // body
    if (method === 'HEAD') return out;
    const content = declared.content ?? {};
    const length = body?.length ?? 0;
    if (Object.keys(content).length === 0) {
      if (length > 0) out.push(`${what}: a body where the document declares none`);
      return out;
    }
    const mediaKey = Object.keys(content).find((k) => k.toLowerCase() === type);
    if (!mediaKey) {
      out.push(`${what}: media type ${type || '(none)'} is not declared (declared: ${Object.keys(content).join(', ')})`);
      return out;
    }
    if (body === null || !content[mediaKey].schema) return out;
    const v = this.validator([...at, 'content', mediaKey, 'schema']);
    if (mediaKey === 'application/x-ndjson') {
      const lines = body.toString('utf8').split('\n');
      lines.forEach((line, i) => {
        if (line === '') return;
        out.push(...this.checkJson(v, Buffer.from(line), `${what} line ${i + 1}`));
      });
    } else if (mediaKey.endsWith('json')) {
      out.push(...this.checkJson(v, body, what));
    }
    return out;
  }

  private checkJson(v: ValidateFunction, body: Buffer, what: string): string[] {
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      return [`${what}: the body is not JSON: ${body.subarray(0, 200).toString('utf8')}`];
    }
    if (v(value)) return [];
    const errors = (v.errors ?? []).slice(0, 5).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    return [`${what}: the body does not match the declared schema: ${errors.join('; ')}`];
  }

  /** Watches every response `server` sends from now on (and reports the values the document leaves undescribed). */
  watch(server: Server): void {
    for (const where of undescribedSchemas(this.doc)) pending.push(`openapi.json: ${where}: the schema is {} (the value is not described)`);
    // ahead of Fastify's own listener, which may answer synchronously (router errors)
    server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => this.capture(req, res));
  }

  private capture(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    let keep = true;
    const trailers: string[] = [];
    const take = (chunk: unknown, encoding?: unknown) => {
      if (!keep || chunk === undefined || chunk === null || typeof chunk === 'function') return;
      const buf = Buffer.isBuffer(chunk)
        ? chunk
        : chunk instanceof Uint8Array
          ? Buffer.from(chunk)
          : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
      size += buf.length;
      if (size > MAX_CHECKED_BODY) {
        keep = false;
        chunks.length = 0;
        return;
      }
      chunks.push(buf);
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    const addTrailers = res.addTrailers.bind(res);
    const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
    // headers given to writeHead (as Fastify gives them) never reach getHeaders(): keep them here
    const given: Record<string, unknown> = {};
    res.writeHead = ((...args: unknown[]) => {
      const obj = args.find((a, i) => i > 0 && a !== null && typeof a === 'object');
      if (Array.isArray(obj)) {
        const flat = Array.isArray(obj[0]) ? (obj as unknown[][]).flat() : obj;
        for (let i = 0; i + 1 < flat.length; i += 2) given[String(flat[i]).toLowerCase()] = flat[i + 1];
      } else if (obj) {
        for (const [k, v] of Object.entries(obj)) if (v !== undefined) given[k.toLowerCase()] = v;
      }
      return writeHead(...args);
    }) as ServerResponse['writeHead'];
    res.write = ((...args: unknown[]) => {
      take(args[0], args[1]);
      return write(...args);
    }) as ServerResponse['write'];
    res.end = ((...args: unknown[]) => {
      take(args[0], args[1]);
      return end(...args);
    }) as ServerResponse['end'];
    res.addTrailers = ((headers) => {
      trailers.push(...Object.keys(headers as Record<string, string>));
      addTrailers(headers);
    }) as ServerResponse['addTrailers'];
    res.once('finish', () => {
      const headers = { ...res.getHeaders(), ...given };
      const found = this.check(req.method ?? 'GET', req.url ?? '/', res.statusCode, headers, trailers, keep ? Buffer.concat(chunks) : null);
      pending.push(...found);
    });
  }
}
