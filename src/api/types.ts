// The ApiClient contract, apart from its implementation, so that command tests can pass a fake object.

import type { Alias, AliasKind, NewAliases, NewAliasesResponse } from '../domain/aliases.js';
import type { NewTemplate, Template, TemplatePatch } from '../domain/templates.js';
import type { NewToken, NewTokenResponse, RevokedTokenResponse, TokenInfo } from '../domain/tokens.js';
import type { z } from 'zod';
import type { CaseFilterParams } from '../domain/caseFilters.js';
import type { ImportKind, ImportResponseLine } from '../domain/csv/wire.js';
import type {
  ActionRequest,
  BulkItem,
  BulkResponse,
  CaseField,
  HealthSchema,
  NewCaseSchema,
} from '../domain/schemas.js';
import type { Actor, CalendarDay, Case, CaseEvent, Category, Channel, Institution } from '../domain/types.js';
import type { SlaOverdueResponse, SlaPolicyListResponse, SlaPolicySetResponse, SlaSweepResponse } from '../domain/sla.js';
import type { SlaPolicy } from '../domain/slaPolicy.js';
import type { StatsInstitutionsReport } from '../domain/evidence.js';
import type { StatsAnnualReport, StatsDuplicatesReport, StatsTrendReport } from '../domain/stats.js';
import type { CaseLinksResponse, SimilarResponse } from '../domain/schemas.js';
import type { AuditVerifyResponse } from '../domain/audit.js';
import type { FeedPage } from '../domain/feed.js';

export interface CallOptions {
  /** Aborts this call (in addition to the client-wide signal). */
  signal?: AbortSignal;
  /**
   * Called when the answer was read from the API's read standby (x-data-source: standby), with the commit
   * time of the last transaction it had replayed (x-data-as-of), or null when it did not say.
   */
  onStandbyData?: (asOf: string | null) => void;
}

/** The query of GET /v1/cases: the case filters (domain/caseFilters.ts) and paging, as the CLI holds them. */
export type CaseListParams = CaseFilterParams & {
  sort?: string;
  limit?: number | string;
  cursor?: string;
};

export type Health = z.infer<typeof HealthSchema>;
export type NewCaseInput = z.input<typeof NewCaseSchema>;

export interface CasePage {
  items: Case[];
  nextCursor: string | null;
}

export interface CaseWithVersion {
  case: Case;
  /** The concurrency version from the ETag (falls back to case.version); pass it to act(). */
  version: number;
  /** The ETag as sent, e.g. "\"7\"". */
  etag: string;
}

export interface ActionResult {
  case: Case;
  event: CaseEvent;
}

export interface BulkResult {
  response: BulkResponse;
  /** True when the server answered from its idempotency store (`Idempotent-Replayed: true`). */
  replayed: boolean;
}

export interface CreateCaseResult {
  case: Case;
  replayed: boolean;
}

export interface Calendar {
  timezoneOffsetMinutes: number;
  items: CalendarDay[];
}

export interface OpenApiDocument {
  openapi: string;
  [key: string]: unknown;
}

export interface ActOptions extends CallOptions {
  /** Makes the action retryable on network errors, 429 and 502/503/504. If-Match already guards replays. */
  idempotencyKey?: string;
}

/** Filters of GET /v1/sla/overdue. */
export interface SlaOverdueParams {
  /** verify | response | completion; every clock when absent. */
  clock?: string;
  /** Institution code: the responsible institution's subtree. */
  institution?: string;
  /** yes | no: only cases marked (or not) for intervention. */
  escalated?: 'yes' | 'no';
  limit?: number;
  cursor?: string;
}

/** The body of POST /v1/sla/sweep. */
export interface SlaSweepParams {
  dryRun?: boolean;
  limit?: number;
}

/** Paging of GET /v1/audit/verify. */
export interface AuditVerifyParams {
  /** Cases per page (1–5,000). */
  limit?: number;
  cursor?: string;
}

/** The query of GET /v1/exports/cases: the case filters and the export's own (as the CLI holds them; the server validates). */
export interface ExportCasesParams extends CaseFilterParams {
  /** statistical | full | pii */
  profile?: string;
  /** rfc4180 | excel-id */
  dialect?: string;
  /** id | en | name */
  header?: string;
  /** Required with the pii profile; written to the audit log. */
  purpose?: string;
  year?: number;
}

/** A CSV export being received: the bytes as they arrive, then the server's row count. */
export interface ExportDownload {
  /** The CSV bytes (BOM and header included); a broken transfer throws NetworkError while iterating. */
  body: AsyncIterable<Buffer>;
  /** The profile the server applied (x-export-profile). */
  profile: string | null;
  /** The row count from the x-export-rows trailer, once the body has ended (null if none came). */
  rows(): number | null;
  /** Stops receiving (the server ends its query). */
  cancel(): void;
}

/** The one HTTP client of the CLI. Every answer is validated against the API v1 schemas. */
export interface ApiClient {
  readonly baseUrl: string;
  health(options?: CallOptions): Promise<Health>;
  whoami(options?: CallOptions): Promise<Actor>;
  listCases(query?: CaseListParams, options?: CallOptions): Promise<CasePage>;
  /** Every case matching the query, following nextCursor page after page. */
  iterateCases(query?: CaseListParams, options?: CallOptions): AsyncGenerator<Case, void, undefined>;
  /** As iterateCases, with only `fields` (and trackingId and version) in each case: a lighter listing. */
  iterateCaseFields<K extends CaseField>(
    query: CaseListParams,
    fields: readonly K[],
    options?: CallOptions,
  ): AsyncGenerator<Pick<Case, K | 'trackingId' | 'version'>, void, undefined>;
  getCase(trackingId: string, options?: CallOptions): Promise<CaseWithVersion>;
  caseEvents(trackingId: string, options?: CallOptions): Promise<CaseEvent[]>;
  /** POST /v1/cases/{id}/actions with `If-Match: "<version>"`. */
  act(trackingId: string, version: number, request: ActionRequest, options?: ActOptions): Promise<ActionResult>;
  /** POST /v1/bulk (1–1,000 items) with the Idempotency-Key; safe to retry with the same key. */
  bulk(items: readonly BulkItem[], idempotencyKey: string, options?: CallOptions): Promise<BulkResult>;
  /** POST /v1/cases (intake) with the Idempotency-Key. */
  createCase(newCase: NewCaseInput, idempotencyKey: string, options?: CallOptions): Promise<CreateCaseResult>;
  institutions(options?: CallOptions): Promise<Institution[]>;
  categories(options?: CallOptions): Promise<Category[]>;
  channels(options?: CallOptions): Promise<Channel[]>;
  calendar(year?: number, options?: CallOptions): Promise<Calendar>;
  openapi(options?: CallOptions): Promise<OpenApiDocument>;
  /** GET /v1/sla/overdue: one page of breaches, most overdue first. */
  slaOverdue(query?: SlaOverdueParams, options?: CallOptions): Promise<SlaOverdueResponse>;
  /** POST /v1/sla/sweep: the auto-close sweep (system and national admin tokens). Never retried by the client. */
  slaSweep(request?: SlaSweepParams, options?: CallOptions): Promise<SlaSweepResponse>;
  /** GET /v1/sla/policies (or /v1/sla/policies/{id}): every version of every policy, or of one (national admins). */
  slaPolicies(id?: string, options?: CallOptions): Promise<SlaPolicyListResponse>;
  /** POST /v1/sla/policies: adds versions, all or none (national admins). */
  setSlaPolicies(items: readonly SlaPolicy[], options?: CallOptions): Promise<SlaPolicySetResponse>;
  /** GET /v1/audit/verify: one page of cases' hash chains checked (national admin and system tokens). */
  auditVerify(query?: AuditVerifyParams, options?: CallOptions): Promise<AuditVerifyResponse>;
  /** GET /v1/exports/cases: the CSV export, streamed (not retried once bytes have arrived). */
  exportCases(query?: ExportCasesParams, options?: CallOptions): Promise<ExportDownload>;
  /** GET /v1/stats/annual: the annual statistics report (aggregates only). */
  statsAnnual(query?: StatsAnnualParams, options?: CallOptions): Promise<StatsAnnualReport>;
  /** GET /v1/stats/trend: the headline figures year by year. */
  statsTrend(query: StatsTrendParams, options?: CallOptions): Promise<StatsTrendReport>;
  /** GET /v1/stats/institutions: the evidence pack, one row per institution and subtree. */
  statsInstitutions(query?: StatsAnnualParams, options?: CallOptions): Promise<StatsInstitutionsReport>;
  /**
   * POST /v1/imports/{kind}: streams the NDJSON upload as it is produced and yields the NDJSON answer (every
   * bad row, then the summary) as it arrives. Sent once, never retried.
   */
  importRows(kind: ImportKind, params: ImportParams, upload: AsyncIterable<string>, options?: CallOptions): Promise<ImportAnswer>;
  /** POST /v1/tokens: creates a token; the answer holds its secret, shown this once. Never retried. */
  createToken(request: NewToken, options?: CallOptions): Promise<NewTokenResponse>;
  /** GET /v1/tokens: the tokens the caller may manage (never a secret); `all` adds revoked and expired ones. */
  listTokens(query?: { all?: boolean }, options?: CallOptions): Promise<TokenInfo[]>;
  /** DELETE /v1/tokens/{name}: revokes a token (again: the first revocation's time). */
  revokeToken(name: string, options?: CallOptions): Promise<RevokedTokenResponse>;
  /** GET /v1/aliases/{kind}: the aliases of institution or category names. */
  aliases(kind: AliasKind, options?: CallOptions): Promise<Alias[]>;
  /** POST /v1/aliases/{kind}: adds aliases, all or none (one already there: unchanged). */
  addAliases(kind: AliasKind, items: NewAliases['items'], options?: CallOptions): Promise<NewAliasesResponse['items']>;
  /** DELETE /v1/aliases/{kind}/{alias}: removes an alias named in any spelling that folds alike. */
  removeAlias(kind: AliasKind, alias: string, options?: CallOptions): Promise<{ alias: string; targetId: string }>;
  // desk work (issue #20)
  /** GET /v1/cases/{id}/links: the duplicate link both ways and the copies (tembusan). */
  caseLinks(trackingId: string, options?: CallOptions): Promise<CaseLinksResponse>;
  /** GET /v1/cases/{id}/similar: likely duplicates. */
  similarCases(trackingId: string, query?: { days?: number; limit?: number }, options?: CallOptions): Promise<SimilarResponse>;
  /** GET /v1/stats/duplicates: linked duplicates by the original's institution. */
  statsDuplicates(query?: { year?: number; institution?: string }, options?: CallOptions): Promise<StatsDuplicatesReport>;
  /** GET /v1/events: one page of the change feed after `after` (long-polls up to `wait` seconds when nothing follows). */
  feed(query?: FeedParams, options?: CallOptions): Promise<FeedPage>;
  // answer templates and the review setting (#20; domain/templates.ts)
  /** GET /v1/templates: every definition in reach, or with `institution` those visible there (nearest wins). */
  templates(query?: { institution?: string }, options?: CallOptions): Promise<Template[]>;
  /** GET /v1/templates/{name}: the definition of a name visible at an institution (default: the token's own). */
  template(name: string, query?: { institution?: string }, options?: CallOptions): Promise<Template>;
  /** POST /v1/templates: defines a template (409 when the name exists at that institution). */
  createTemplate(input: NewTemplate, options?: CallOptions): Promise<Template>;
  /** PATCH /v1/templates/{name}: changes the definition at exactly one institution. */
  editTemplate(name: string, institution: string | undefined, patch: TemplatePatch, options?: CallOptions): Promise<Template>;
  /** DELETE /v1/templates/{name}: removes the definition at exactly one institution. */
  removeTemplate(name: string, institution: string | undefined, options?: CallOptions): Promise<Template>;
  /** POST /v1/templates/import: several definitions, all or none. */
  importTemplates(items: NewTemplate[], update: boolean, options?: CallOptions): Promise<TemplateImportResult[]>;
  /** GET /v1/review: the institutions in reach that require review of their liaisons' follow-ups. */
  reviewInstitutions(options?: CallOptions): Promise<string[]>;
  /** PUT /v1/review/{id}: requires (or stops requiring) review at an institution. */
  setReview(institutionId: string, reviewReplies: boolean, options?: CallOptions): Promise<{ institutionId: string; reviewReplies: boolean }>;
  /** Closes the connection pool. */
  close(): Promise<void>;
}

/** The query of GET /v1/events. */
export interface FeedParams {
  /** A cursor from an earlier page or event; "now" for the present end; none: from the start. */
  after?: string;
  limit?: number;
  /** Seconds to wait for the next events when none follows (0–30). */
  wait?: number;
}
export type TemplateImportResult = { name: string; institutionId: string | null; outcome: 'created' | 'updated' | 'unchanged' };

/** Parameters of GET /v1/stats/annual. */
export interface StatsAnnualParams {
  year?: number;
  /** Institution code: its whole subtree. */
  institution?: string;
  /** Small-cell suppression for publication, with threshold k (default 10). */
  public?: boolean;
  k?: number;
}

/** Parameters of GET /v1/stats/trend. */
export interface StatsTrendParams {
  from: number;
  to: number;
  institution?: string;
  public?: boolean;
  k?: number;
}

// ---- import (lapor import cases|institutions|categories|calendar) ----

/** Query of POST /v1/imports/{kind}. */
export interface ImportParams {
  mode: 'strict' | 'skip';
  dryRun: boolean;
  update: boolean;
  createMissing: boolean;
  /** The file's name (for the import events' note). */
  source?: string;
}

/** The answer of an import: every line validated against ImportResponseLineSchema as it arrives. */
export interface ImportAnswer {
  lines: AsyncIterable<ImportResponseLine>;
}
