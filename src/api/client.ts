// Endpoint methods of API v1 over the transport. Each answer is validated with the domain's zod schema at
// this edge (ResponseShapeError on mismatch), so commands only ever see domain types.

import { z } from 'zod';
import {
  ActionResponseSchema,
  BulkResponseSchema,
  CalendarResponseSchema,
  CaseListResponseSchema,
  CaseSchema,
  CategoryListResponseSchema,
  ChannelListResponseSchema,
  EventListResponseSchema,
  HealthSchema,
  InstitutionListResponseSchema,
  MAX_BULK_ITEMS,
  WhoAmISchema,
  type ActionRequest,
  type BulkItem,
} from '../domain/schemas.js';
import type { Case } from '../domain/types.js';
import { SlaOverdueResponseSchema, SlaSweepResponseSchema } from '../domain/sla.js';
import { ResponseShapeError } from './errors.js';
import {
  createTransport,
  encodeSegment,
  type RetryOptions,
  type SleepFn,
  type Timeouts,
  type TransportOptions,
  type TransportResponse,
  type WaitReason,
} from './transport.js';
import type {
  ActOptions,
  ApiClient,
  CallOptions,
  CaseListParams,
  CaseWithVersion,
  NewCaseInput,
  OpenApiDocument,
  SlaOverdueParams,
  SlaSweepParams,
} from './types.js';

export interface ApiClientOptions {
  baseUrl: string;
  token?: string;
  dispatcher?: TransportOptions['dispatcher'];
  timeouts?: Timeouts;
  connections?: number;
  retry?: RetryOptions;
  onWait?: (ms: number, reason: WaitReason) => void;
  debug?: (line: string) => void;
  now?: () => number;
  sleep?: SleepFn;
  userAgent?: string;
  signal?: AbortSignal;
}

const OpenApiSchema = z.looseObject({ openapi: z.string() });

/** "items[3].status" from a zod issue path. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_$][\w$]*$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function validate<S extends z.ZodType>(schema: S, res: TransportResponse): z.infer<S> {
  const parsed = schema.safeParse(res.json);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ResponseShapeError({
    ...res.target,
    at: issue ? formatIssuePath(issue.path) : '',
    problem: issue ? issue.message : 'does not match the schema',
    status: res.status,
    requestId: res.requestId,
  });
}

/** The version in an ETag: `"7"` or `W/"7"` → 7; null when it holds no integer. */
export function versionFromEtag(etag: string | undefined): number | null {
  if (etag === undefined) return null;
  const m = /^(?:W\/)?"(\d+)"$/.exec(etag.trim());
  return m ? Number(m[1]) : null;
}

function caseListQuery(q: CaseListParams): Record<string, string | number | undefined> {
  return {
    status: typeof q.status === 'string' || q.status === undefined ? q.status : q.status.join(','),
    institution: q.institution,
    category: q.category,
    classification: q.classification,
    channel: q.channel,
    from: q.from,
    to: q.to,
    overdue: q.overdue,
    q: q.q,
    sort: q.sort,
    limit: q.limit,
    cursor: q.cursor,
  };
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const transport = createTransport(options);
  const casePath = (id: string) => `/v1/cases/${encodeSegment(id)}`;

  const client: ApiClient = {
    baseUrl: transport.baseUrl,

    async health(opts?: CallOptions) {
      const res = await transport.send({ method: 'GET', path: '/healthz', signal: opts?.signal });
      return validate(HealthSchema, res);
    },

    async whoami(opts?: CallOptions) {
      const res = await transport.send({ method: 'GET', path: '/v1/me', signal: opts?.signal });
      return validate(WhoAmISchema, res);
    },

    async listCases(query: CaseListParams = {}, opts?: CallOptions) {
      const res = await transport.send({
        method: 'GET',
        path: '/v1/cases',
        query: caseListQuery(query),
        signal: opts?.signal,
      });
      return validate(CaseListResponseSchema, res);
    },

    async *iterateCases(query: CaseListParams = {}, opts?: CallOptions): AsyncGenerator<Case, void, undefined> {
      let cursor = query.cursor;
      const seen = new Set<string>();
      for (;;) {
        const page = await client.listCases({ ...query, cursor }, opts);
        yield* page.items;
        if (page.nextCursor === null || page.nextCursor === '') return;
        if (seen.has(page.nextCursor) || page.nextCursor === cursor) {
          throw new ResponseShapeError({
            method: 'GET',
            path: '/v1/cases',
            at: 'nextCursor',
            problem: 'the server returned a cursor it had already returned (the listing would never end)',
            status: 200,
          });
        }
        seen.add(page.nextCursor);
        cursor = page.nextCursor;
      }
    },

    async getCase(trackingId: string, opts?: CallOptions): Promise<CaseWithVersion> {
      const res = await transport.send({ method: 'GET', path: casePath(trackingId), signal: opts?.signal });
      const c = validate(CaseSchema, res);
      const etag = res.headers.etag;
      const version = versionFromEtag(etag) ?? c.version;
      return { case: c, version, etag: etag ?? `"${version}"` };
    },

    async caseEvents(trackingId: string, opts?: CallOptions) {
      const res = await transport.send({ method: 'GET', path: `${casePath(trackingId)}/events`, signal: opts?.signal });
      return validate(EventListResponseSchema, res).items;
    },

    async act(trackingId: string, version: number, request: ActionRequest, opts?: ActOptions) {
      if (!Number.isInteger(version) || version < 1) {
        throw new RangeError(`act(): version must be a positive integer (got ${version})`);
      }
      const res = await transport.send({
        method: 'POST',
        path: `${casePath(trackingId)}/actions`,
        headers: { 'if-match': `"${version}"` },
        body: request,
        idempotencyKey: opts?.idempotencyKey,
        signal: opts?.signal,
      });
      return validate(ActionResponseSchema, res);
    },

    async bulk(items: readonly BulkItem[], idempotencyKey: string, opts?: CallOptions) {
      if (items.length === 0 || items.length > MAX_BULK_ITEMS) {
        throw new RangeError(`bulk(): 1 to ${MAX_BULK_ITEMS} items per request (got ${items.length})`);
      }
      if (idempotencyKey === '') throw new RangeError('bulk(): an Idempotency-Key is required');
      const res = await transport.send({
        method: 'POST',
        path: '/v1/bulk',
        body: { items },
        idempotencyKey,
        signal: opts?.signal,
      });
      return { response: validate(BulkResponseSchema, res), replayed: isReplay(res) };
    },

    async createCase(newCase: NewCaseInput, idempotencyKey: string, opts?: CallOptions) {
      if (idempotencyKey === '') throw new RangeError('createCase(): an Idempotency-Key is required');
      const res = await transport.send({
        method: 'POST',
        path: '/v1/cases',
        body: newCase,
        idempotencyKey,
        signal: opts?.signal,
      });
      return { case: validate(CaseSchema, res), replayed: isReplay(res) };
    },

    async institutions(opts?: CallOptions) {
      const res = await transport.send({ method: 'GET', path: '/v1/institutions', signal: opts?.signal });
      return validate(InstitutionListResponseSchema, res).items;
    },

    async categories(opts?: CallOptions) {
      const res = await transport.send({ method: 'GET', path: '/v1/categories', signal: opts?.signal });
      return validate(CategoryListResponseSchema, res).items;
    },

    async channels(opts?: CallOptions) {
      const res = await transport.send({ method: 'GET', path: '/v1/channels', signal: opts?.signal });
      return validate(ChannelListResponseSchema, res).items;
    },

    async calendar(year?: number, opts?: CallOptions) {
      const res = await transport.send({
        method: 'GET',
        path: '/v1/calendar',
        query: { year },
        signal: opts?.signal,
      });
      return validate(CalendarResponseSchema, res);
    },

    async openapi(opts?: CallOptions): Promise<OpenApiDocument> {
      const res = await transport.send({ method: 'GET', path: '/openapi.json', signal: opts?.signal });
      return validate(OpenApiSchema, res);
    },

    async slaOverdue(query: SlaOverdueParams = {}, opts?: CallOptions) {
      const res = await transport.send({
        method: 'GET',
        path: '/v1/sla/overdue',
        query: { clock: query.clock, institution: query.institution, limit: query.limit, cursor: query.cursor },
        signal: opts?.signal,
      });
      return validate(SlaOverdueResponseSchema, res);
    },

    async slaSweep(request: SlaSweepParams = {}, opts?: CallOptions) {
      const body: SlaSweepParams = {};
      if (request.dryRun !== undefined) body.dryRun = request.dryRun;
      if (request.limit !== undefined) body.limit = request.limit;
      const res = await transport.send({ method: 'POST', path: '/v1/sla/sweep', body, signal: opts?.signal });
      return validate(SlaSweepResponseSchema, res);
    },

    close: () => transport.close(),
  };
  return client;
}

function isReplay(res: TransportResponse): boolean {
  return (res.headers['idempotent-replayed'] ?? '').trim().toLowerCase() === 'true';
}

export type { ApiClient } from './types.js';
