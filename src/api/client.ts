// Endpoint methods of API v1 over the transport. Each answer is validated with the domain's zod schema at
// this edge (ResponseShapeError on mismatch), so commands only ever see domain types.

import { StringDecoder } from 'node:string_decoder';
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
import type { AliasKind, NewAliases } from '../domain/aliases.js';
import { caseFilterQuery } from '../domain/caseFilters.js';
import type { Case } from '../domain/types.js';
import type { SlaPolicy } from '../domain/slaPolicy.js';
import { CaseLinksSchema, SimilarResponseSchema, type CaseField } from '../domain/schemas.js';
import { CancelledError, NetworkError, ResponseShapeError } from './errors.js';
import {
  createTransport,
  encodeSegment,
  type RetryOptions,
  type SleepFn,
  type Timeouts,
  type Transport,
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
  ExportCasesParams,
  ExportDownload,
  NewCaseInput,
  OpenApiDocument,
  SlaOverdueParams,
  SlaSweepParams,
  StatsAnnualParams,
  StatsTrendParams,
  AuditVerifyParams,
  ImportAnswer,
  ImportParams,
  FeedParams,
} from './types.js';
import type { ImportKind, ImportResponseLine } from '../domain/csv/wire.js';
import type { NewToken } from '../domain/tokens.js';
// The schemas of the statistics, SLA, audit and import answers are loaded by the methods that read them:
// a command that lists cases does not build them.

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
    ...caseFilterQuery(q),
    sort: q.sort,
    limit: q.limit,
    cursor: q.cursor,
  };
}

/** The case filters of an export, from and to first (as they were always sent). */
function exportFilterQuery(q: ExportCasesParams): Record<string, string | undefined> {
  const { from, to, ...rest } = caseFilterQuery(q);
  return { from, to, ...rest };
}

/**
 * Every item of a cursor-paginated listing, page after page; a cursor seen twice is an error, not a loop.
 * The next page is requested as soon as this one's cursor is known, so the server works on it while the
 * caller goes through this page's items.
 */
async function* pages<T>(
  query: CaseListParams,
  fetchPage: (q: CaseListParams) => Promise<{ items: T[]; nextCursor: string | null }>,
): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string>();
  let cursor = query.cursor;
  let pending = fetchPage({ ...query, cursor });
  for (;;) {
    const page = await pending;
    const next = page.nextCursor === '' ? null : page.nextCursor;
    if (next !== null) {
      if (seen.has(next) || next === cursor) {
        throw new ResponseShapeError({
          method: 'GET',
          path: '/v1/cases',
          at: 'nextCursor',
          problem: 'the server returned a cursor it had already returned (the listing would never end)',
          status: 200,
        });
      }
      seen.add(next);
      cursor = next;
      pending = fetchPage({ ...query, cursor });
      // a caller that stops early never awaits the prefetch: its failure must not surface as unhandled
      pending.catch(() => undefined);
    }
    yield* page.items;
    if (next === null) return;
  }
}

/** The path of one case (its tracking ID encoded as one segment). */
function casePath(id: string): string {
  return `/v1/cases/${encodeSegment(id)}`;
}

export function createApiClient(options: ApiClientOptions): ApiClient {
  const transport = createTransport(options);
  return {
    baseUrl: transport.baseUrl,
    ...serviceEndpoints(transport),
    ...caseEndpoints(transport),
    ...referenceEndpoints(transport),
    ...reportEndpoints(transport),
    ...tokenEndpoints(transport),
    ...aliasEndpoints(transport),
    ...deskEndpoints(transport),
    ...eventEndpoints(transport),
    ...templateEndpoints(transport),
    exportCases: (query, opts) => exportCases(transport, query, opts),
    importRows: (kind, params, upload, opts) => importRows(transport, kind, params, upload, opts),
    close: () => transport.close(),
  };
}

/** The API itself: health, the caller, the OpenAPI document. */
function serviceEndpoints(transport: Transport): Pick<ApiClient, 'health' | 'whoami' | 'openapi'> {
  return {
    async health(opts?: CallOptions) {
      const res = await transport.send({ method: 'GET', path: '/healthz', signal: opts?.signal });
      return validate(HealthSchema, res);
    },

    async whoami(opts?: CallOptions) {
      const res = await transport.send({ method: 'GET', path: '/v1/me', signal: opts?.signal });
      return validate(WhoAmISchema, res);
    },

    async openapi(opts?: CallOptions): Promise<OpenApiDocument> {
      const res = await transport.send({ method: 'GET', path: '/openapi.json', signal: opts?.signal });
      return validate(OpenApiSchema, res);
    },
  };
}

type CaseEndpoints = Pick<ApiClient, 'listCases' | 'iterateCases' | 'iterateCaseFields' | 'getCase' | 'caseEvents' | 'act' | 'bulk' | 'createCase'>;

type DeskEndpoints = Pick<ApiClient, 'caseLinks' | 'similarCases' | 'statsDuplicates'>;

/** Desk work (issue #20): a case's links and copies, likely duplicates, duplicates by institution. */
function deskEndpoints(transport: Transport): DeskEndpoints {
  return {
    async caseLinks(trackingId: string, opts?: CallOptions) {
      const res = await transport.send({ method: 'GET', path: `${casePath(trackingId)}/links`, signal: opts?.signal });
      return validate(CaseLinksSchema, res);
    },
    async similarCases(trackingId: string, query: { days?: number; limit?: number } = {}, opts?: CallOptions) {
      const res = await transport.send({ method: 'GET', path: `${casePath(trackingId)}/similar`, query: { days: query.days, limit: query.limit }, signal: opts?.signal });
      return validate(SimilarResponseSchema, res);
    },
    async statsDuplicates(query: { year?: number; institution?: string } = {}, opts?: CallOptions) {
      const res = await transport.send({ method: 'GET', path: '/v1/stats/duplicates', query: { year: query.year, institution: query.institution }, signal: opts?.signal });
      return validate((await import('../domain/stats.js')).StatsDuplicatesReportSchema, res);
    },
  };
}

/** Cases: listing (page by page or every item), one case and its history, actions, bulk, intake. */
function caseEndpoints(transport: Transport): CaseEndpoints {
  const endpoints: CaseEndpoints = {
    async listCases(query: CaseListParams = {}, opts?: CallOptions) {
      const res = await transport.send({
        method: 'GET',
        path: '/v1/cases',
        query: caseListQuery(query),
        signal: opts?.signal,
      });
      return validate(CaseListResponseSchema, res);
    },

    iterateCases(query: CaseListParams = {}, opts?: CallOptions): AsyncGenerator<Case, void, undefined> {
      return pages(query, (q) => endpoints.listCases(q, opts));
    },

    iterateCaseFields<K extends CaseField>(query: CaseListParams, fields: readonly K[], opts?: CallOptions) {
      const mask = Object.fromEntries(['trackingId', 'version', ...fields].map((f) => [f, true])) as Partial<Record<CaseField, true>>;
      const schema = z.strictObject({ items: z.array(CaseSchema.pick(mask)), nextCursor: z.string().nullable() });
      const fieldList = fields.join(',');
      return pages(query, async (q) => {
        const res = await transport.send({
          method: 'GET',
          path: '/v1/cases',
          query: { ...caseListQuery(q), fields: fieldList },
          signal: opts?.signal,
        });
        return validate(schema, res) as unknown as { items: Pick<Case, K | 'trackingId' | 'version'>[]; nextCursor: string | null };
      });
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
  };
  return endpoints;
}

/** Reference data: institutions, categories, channels, the working calendar. */
function referenceEndpoints(transport: Transport): Pick<ApiClient, 'institutions' | 'categories' | 'channels' | 'calendar'> {
  return {
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
  };
}

/** API tokens (lapor tokens create|list|revoke). */
function tokenEndpoints(transport: Transport): Pick<ApiClient, 'createToken' | 'listTokens' | 'revokeToken'> {
  return {
    async createToken(request: NewToken, opts?: CallOptions) {
      const res = await transport.send({ method: 'POST', path: '/v1/tokens', body: request, signal: opts?.signal });
      return validate((await import('../domain/tokens.js')).NewTokenResponseSchema, res);
    },

    async listTokens(query: { all?: boolean } = {}, opts?: CallOptions) {
      const res = await transport.send({
        method: 'GET',
        path: '/v1/tokens',
        query: { all: query.all ? 'true' : undefined },
        signal: opts?.signal,
      });
      return validate((await import('../domain/tokens.js')).TokenListResponseSchema, res).items;
    },

    async revokeToken(name: string, opts?: CallOptions) {
      const res = await transport.send({ method: 'DELETE', path: `/v1/tokens/${encodeSegment(name)}`, signal: opts?.signal });
      return validate((await import('../domain/tokens.js')).RevokedTokenResponseSchema, res);
    },
  };
}

/** The change feed (GET /v1/events): one page after a cursor, optionally waiting for the next events. */
function eventEndpoints(transport: Transport): Pick<ApiClient, 'feed'> {
  return {
    async feed(query: FeedParams = {}, opts?: CallOptions) {
      const res = await transport.send({
        method: 'GET',
        path: '/v1/events',
        query: { after: query.after, limit: query.limit, wait: query.wait },
        signal: opts?.signal,
      });
      return validate((await import('../domain/feed.js')).FeedPageSchema, res);
    },
  };
}

/** Aliases of institution and category names (lapor institutions|categories aliases …); schemas loaded by the methods. */
function aliasEndpoints(transport: Transport): Pick<ApiClient, 'aliases' | 'addAliases' | 'removeAlias'> {
  return {
    async aliases(kind: AliasKind, opts?: CallOptions) {
      const res = await transport.send({ method: 'GET', path: `/v1/aliases/${kind}`, signal: opts?.signal });
      return validate((await import('../domain/aliases.js')).AliasListResponseSchema, res).items;
    },

    async addAliases(kind: AliasKind, items: NewAliases['items'], opts?: CallOptions) {
      const res = await transport.send({ method: 'POST', path: `/v1/aliases/${kind}`, body: { items }, signal: opts?.signal });
      return validate((await import('../domain/aliases.js')).NewAliasesResponseSchema, res).items;
    },

    async removeAlias(kind: AliasKind, alias: string, opts?: CallOptions) {
      const res = await transport.send({ method: 'DELETE', path: `/v1/aliases/${kind}/${encodeSegment(alias)}`, signal: opts?.signal });
      return validate((await import('../domain/aliases.js')).RemovedAliasResponseSchema, res);
    },
  };
}

/** Answer templates and the review setting (lapor templates …, institutions require-review); schemas loaded by the methods. */
function templateEndpoints(
  transport: Transport,
): Pick<ApiClient, 'templates' | 'template' | 'createTemplate' | 'editTemplate' | 'removeTemplate' | 'importTemplates' | 'reviewInstitutions' | 'setReview'> {
  const schemas = () => import('../domain/templates.js');
  const at = (institution: string | undefined) => (institution === undefined ? {} : { institution });
  return {
    async templates(query = {}, opts?: CallOptions) {
      const res = await transport.send({ method: 'GET', path: '/v1/templates', query: at(query.institution), signal: opts?.signal });
      return validate((await schemas()).TemplateListResponseSchema, res).items;
    },
    async template(name, query = {}, opts?: CallOptions) {
      const res = await transport.send({ method: 'GET', path: `/v1/templates/${encodeSegment(name)}`, query: at(query.institution), signal: opts?.signal });
      return validate((await schemas()).TemplateSchema, res);
    },
    async createTemplate(input, opts?: CallOptions) {
      const res = await transport.send({ method: 'POST', path: '/v1/templates', body: input, signal: opts?.signal });
      return validate((await schemas()).TemplateSchema, res);
    },
    async editTemplate(name, institution, patch, opts?: CallOptions) {
      const res = await transport.send({ method: 'PATCH', path: `/v1/templates/${encodeSegment(name)}`, query: at(institution), body: patch, signal: opts?.signal });
      return validate((await schemas()).TemplateSchema, res);
    },
    async removeTemplate(name, institution, opts?: CallOptions) {
      const res = await transport.send({ method: 'DELETE', path: `/v1/templates/${encodeSegment(name)}`, query: at(institution), signal: opts?.signal });
      return validate((await schemas()).TemplateSchema, res);
    },
    async importTemplates(items, update, opts?: CallOptions) {
      const res = await transport.send({ method: 'POST', path: '/v1/templates/import', body: { items, update }, signal: opts?.signal });
      return validate((await schemas()).TemplateImportResponseSchema, res).items;
    },
    async reviewInstitutions(opts?: CallOptions) {
      const res = await transport.send({ method: 'GET', path: '/v1/review', signal: opts?.signal });
      return validate((await schemas()).ReviewSettingListSchema, res).items.map((i) => i.institutionId);
    },
    async setReview(institutionId, reviewReplies, opts?: CallOptions) {
      const res = await transport.send({ method: 'PUT', path: `/v1/review/${encodeSegment(institutionId)}`, body: { reviewReplies }, signal: opts?.signal });
      return validate((await schemas()).ReviewSettingSchema, res);
    },
  };
}

/** SLA, audit and statistics reports (their schemas are loaded by the methods that read them). */
function reportEndpoints(
  transport: Transport,
): Pick<ApiClient, 'slaOverdue' | 'slaSweep' | 'slaPolicies' | 'setSlaPolicies' | 'auditVerify' | 'statsAnnual' | 'statsTrend' | 'statsInstitutions'> {
  return {
    async slaOverdue(query: SlaOverdueParams = {}, opts?: CallOptions) {
      const res = await transport.send({
        method: 'GET',
        path: '/v1/sla/overdue',
        query: { clock: query.clock, institution: query.institution, escalated: query.escalated, limit: query.limit, cursor: query.cursor },
        signal: opts?.signal,
      });
      return validate((await import('../domain/sla.js')).SlaOverdueResponseSchema, res);
    },

    async slaSweep(request: SlaSweepParams = {}, opts?: CallOptions) {
      const body: SlaSweepParams = {};
      if (request.dryRun !== undefined) body.dryRun = request.dryRun;
      if (request.limit !== undefined) body.limit = request.limit;
      const res = await transport.send({ method: 'POST', path: '/v1/sla/sweep', body, signal: opts?.signal });
      return validate((await import('../domain/sla.js')).SlaSweepResponseSchema, res);
    },

    async slaPolicies(id?: string, opts?: CallOptions) {
      const path = id === undefined ? '/v1/sla/policies' : `/v1/sla/policies/${encodeSegment(id)}`;
      const res = await transport.send({ method: 'GET', path, signal: opts?.signal });
      return validate((await import('../domain/sla.js')).SlaPolicyListResponseSchema, res);
    },

    async setSlaPolicies(items: readonly SlaPolicy[], opts?: CallOptions) {
      const res = await transport.send({ method: 'POST', path: '/v1/sla/policies', body: { items }, signal: opts?.signal });
      return validate((await import('../domain/sla.js')).SlaPolicySetResponseSchema, res);
    },

    // ---- audit (lapor audit verify) ----
    async auditVerify(query: AuditVerifyParams = {}, opts?: CallOptions) {
      const res = await transport.send({
        method: 'GET',
        path: '/v1/audit/verify',
        query: { limit: query.limit, cursor: query.cursor },
        signal: opts?.signal,
      });
      return validate((await import('../domain/audit.js')).AuditVerifyResponseSchema, res);
    },

    // ---- statistics (lapor stats annual|trend) ----
    async statsAnnual(query: StatsAnnualParams = {}, opts?: CallOptions) {
      const res = await transport.send({
        method: 'GET',
        path: '/v1/stats/annual',
        query: { year: query.year, institution: query.institution, public: query.public ? 'true' : undefined, k: query.k },
        signal: opts?.signal,
      });
      tellStandby(res.headers, opts);
      return validate((await import('../domain/stats.js')).StatsAnnualReportSchema, res);
    },

    async statsTrend(query: StatsTrendParams, opts?: CallOptions) {
      const res = await transport.send({
        method: 'GET',
        path: '/v1/stats/trend',
        query: { from: query.from, to: query.to, institution: query.institution, public: query.public ? 'true' : undefined, k: query.k },
        signal: opts?.signal,
      });
      tellStandby(res.headers, opts);
      return validate((await import('../domain/stats.js')).StatsTrendReportSchema, res);
    },

    async statsInstitutions(query: StatsAnnualParams = {}, opts?: CallOptions) {
      const res = await transport.send({
        method: 'GET',
        path: '/v1/stats/institutions',
        query: { year: query.year, institution: query.institution, public: query.public ? 'true' : undefined, k: query.k },
        signal: opts?.signal,
      });
      return validate((await import('../domain/evidence.js')).StatsInstitutionsReportSchema, res);
    },
  };
}

/** Tells the caller that an answer came from the read standby, and how fresh its data was. */
function tellStandby(headers: Record<string, string | undefined>, opts: CallOptions | undefined): void {
  if (headers['x-data-source'] !== 'standby') return;
  const asOf = headers['x-data-as-of'];
  opts?.onStandbyData?.(asOf !== undefined && !Number.isNaN(Date.parse(asOf)) ? new Date(asOf).toISOString() : null);
}

/** A CSV export, streamed: the body as it arrives, the profile, and the row count from the trailer. */
async function exportCases(transport: Transport, query: ExportCasesParams = {}, opts?: CallOptions): Promise<ExportDownload> {
  const res = await transport.send({
    method: 'GET',
    path: '/v1/exports/cases',
    query: {
      profile: query.profile,
      dialect: query.dialect,
      header: query.header,
      purpose: query.purpose,
      year: query.year,
      ...exportFilterQuery(query),
    },
    signal: opts?.signal,
    stream: true,
  });
  const body = res.body!;
  const contentType = res.headers['content-type'] ?? '';
  if (!contentType.startsWith('text/csv')) {
    body.destroy();
    throw new ResponseShapeError({ ...res.target, at: 'content-type', problem: `expected text/csv, got ${contentType || 'none'}`, status: res.status, requestId: res.requestId });
  }
  tellStandby(res.headers, opts);
  const signal = opts?.signal;
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of body) yield chunk as Buffer;
    } catch (e) {
      if (signal?.aborted || (e as { name?: string }).name === 'AbortError') throw new CancelledError(res.target);
      const code = (e as { code?: unknown }).code;
      throw new NetworkError(typeof code === 'string' && code !== '' ? code : 'UND_ERR_SOCKET', res.target, new Error((e as Error).message));
    }
  }
  return {
    body: chunks(),
    profile: res.headers['x-export-profile'] ?? null,
    rows() {
      const value = res.trailers?.['x-export-rows'];
      const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : null;
      return n;
    },
    cancel: () => void body.destroy(),
  };
}

/** An import: the rows uploaded as they are produced, the answer read line by line as it arrives. */
async function importRows(transport: Transport, kind: ImportKind, params: ImportParams, upload: AsyncIterable<string>, opts?: CallOptions): Promise<ImportAnswer> {
  const { ImportResponseLineSchema, NDJSON } = await import('../domain/csv/wire.js');
  // an error thrown while producing the upload (a bad file) is the caller's, not a network failure
  let uploadError: { error: unknown } | null = null;
  async function* body(): AsyncGenerator<string> {
    try {
      yield* upload;
    } catch (error) {
      uploadError = { error };
      throw error;
    }
  }
  let res: TransportResponse;
  try {
    res = await transport.send({
      method: 'POST',
      path: `/v1/imports/${kind}`,
      query: {
        mode: params.mode,
        dryRun: String(params.dryRun),
        update: String(params.update),
        createMissing: String(params.createMissing),
        source: params.source,
      },
      upload: { contentType: NDJSON, body: body() },
      stream: true,
      signal: opts?.signal,
    });
  } catch (e) {
    if (uploadError !== null) throw (uploadError as { error: unknown }).error;
    throw e;
  }
  const stream = res.body!;
  const target = res.target;
  const signal = opts?.signal;
  async function* lines(): AsyncGenerator<ImportResponseLine> {
    let rest = '';
    const decoder = new StringDecoder('utf8');
    const parse = (text: string): ImportResponseLine => {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new ResponseShapeError({ ...target, at: '', problem: 'an answer line is not JSON', status: res.status, requestId: res.requestId });
      }
      const parsed = ImportResponseLineSchema.safeParse(value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new ResponseShapeError({ ...target, at: issue ? formatIssuePath(issue.path) : '', problem: issue?.message ?? 'unexpected line', status: res.status, requestId: res.requestId });
      }
      return parsed.data;
    };
    try {
      for await (const chunk of stream) {
        const text = rest + decoder.write(chunk as Buffer);
        const parts = text.split('\n');
        rest = parts.pop() ?? '';
        for (const p of parts) if (p !== '') yield parse(p);
      }
    } catch (e) {
      if (e instanceof ResponseShapeError) throw e;
      if (signal?.aborted || (e as { name?: string }).name === 'AbortError') throw new CancelledError(target);
      const code = (e as { code?: unknown }).code;
      throw new NetworkError(typeof code === 'string' && code !== '' ? code : 'UND_ERR_SOCKET', target, new Error((e as Error).message));
    } finally {
      stream.destroy();
    }
    if (rest !== '') yield parse(rest);
  }
  return { lines: lines() };
}

function isReplay(res: TransportResponse): boolean {
  return (res.headers['idempotent-replayed'] ?? '').trim().toLowerCase() === 'true';
}

export type { ApiClient } from './types.js';
