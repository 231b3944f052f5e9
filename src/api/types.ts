// The ApiClient contract, apart from its implementation, so that command tests can pass a fake object.

import type { z } from 'zod';
import type {
  ActionRequest,
  BulkItem,
  BulkResponse,
  HealthSchema,
  NewCaseSchema,
} from '../domain/schemas.js';
import type { Actor, CalendarDay, Case, CaseEvent, Category, Channel, Institution } from '../domain/types.js';
import type { SlaOverdueResponse, SlaSweepResponse } from '../domain/sla.js';

export interface CallOptions {
  /** Aborts this call (in addition to the client-wide signal). */
  signal?: AbortSignal;
}

/** Filters of GET /v1/cases, as the CLI holds them (strings; the server validates). */
export interface CaseListParams {
  /** One status, a comma-separated list, or an array. */
  status?: string | readonly string[];
  institution?: string;
  category?: string;
  classification?: string;
  channel?: string;
  /** YYYY-MM-DD */
  from?: string;
  /** YYYY-MM-DD */
  to?: string;
  /** verify | response | completion */
  overdue?: string;
  q?: string;
  sort?: string;
  limit?: number | string;
  cursor?: string;
}

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
  limit?: number;
  cursor?: string;
}

/** The body of POST /v1/sla/sweep. */
export interface SlaSweepParams {
  dryRun?: boolean;
  limit?: number;
}

/** The one HTTP client of the CLI. Every answer is validated against the API v1 schemas. */
export interface ApiClient {
  readonly baseUrl: string;
  health(options?: CallOptions): Promise<Health>;
  whoami(options?: CallOptions): Promise<Actor>;
  listCases(query?: CaseListParams, options?: CallOptions): Promise<CasePage>;
  /** Every case matching the query, following nextCursor page after page. */
  iterateCases(query?: CaseListParams, options?: CallOptions): AsyncGenerator<Case, void, undefined>;
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
  /** Closes the connection pool. */
  close(): Promise<void>;
}
