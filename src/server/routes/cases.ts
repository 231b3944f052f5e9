import {
  ActionRequestSchema,
  ActionResponseSchema,
  BulkRequestSchema,
  BulkResponseSchema,
  CaseLinksSchema,
  CaseListQuerySchema,
  CasePageSchema,
  CaseSchema,
  EventListResponseSchema,
  NewCaseSchema,
  SimilarQuerySchema,
  SimilarResponseSchema,
  TrackingIdParamsSchema,
  type BulkResponse,
} from '../../domain/schemas.js';
import { problemReasonOf, problemTypeOf } from '../../domain/problems.js';
import type { Declared } from '../app.js';
import type { Queryable } from '../db/driver.js';
import { requestHash, withIdempotency } from '../idempotency.js';
import { about, ProblemError } from '../problem.js';
import { INTAKE_ROLES } from '../store.js';
import { similarCases } from '../similar.js';

/** Roles that act on individual cases; statisticians receive aggregates only (403, as on the reads). */
const CASE_WRITERS = ['national_admin', 'institution_admin', 'liaison', 'system'] as const;

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The headers the case routes read and send, as published in /openapi.json. */
const ETAG = { description: 'The case version, "<version>"; send it back in If-Match', required: true, schema: { type: 'string', pattern: '^"\\d+"$' } };
const REPLAYED = { description: '"true" when the answer is the stored one of an earlier request with the same Idempotency-Key', schema: { type: 'string', enum: ['true'] } };
const RETRY_AFTER = { description: 'Seconds to wait before retrying (a request with this Idempotency-Key is still in flight)', schema: { type: 'string', pattern: '^\\d+$' } };
const IDEMPOTENCY_PATTERN = IDEMPOTENCY_KEY.source;

const IF_MATCH = /^\s*(?:W\/)?(?:"(\d{1,9})"|(\d{1,9}))\s*$/;

function ifMatchVersion(header: string | string[] | undefined): number {
  if (header === undefined) {
    throw new ProblemError(428, 'precondition-required', 'send If-Match with the case version (the ETag of GET /v1/cases/{id})', [
      { field: 'If-Match', message: 'required', code: 'required' },
    ], undefined, about('if-match-required'));
  }
  const value = Array.isArray(header) ? header[0] : header;
  const match = IF_MATCH.exec(value);
  if (!match) {
    throw new ProblemError(400, 'validation', 'If-Match must be a case version such as "3"', [
      { field: 'If-Match', message: 'not a version' },
    ]);
  }
  return Number(match[1] ?? match[2]);
}

function idempotencyKey(header: string | string[] | undefined, required: boolean): string | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) {
    if (!required) return null;
    throw new ProblemError(400, 'validation', 'send an Idempotency-Key header (a unique value per logical request)', [
      { field: 'Idempotency-Key', message: 'required', code: 'required' },
    ]);
  }
  if (!IDEMPOTENCY_KEY.test(value)) {
    throw new ProblemError(400, 'validation', 'Idempotency-Key must be 1–200 visible ASCII characters', [
      { field: 'Idempotency-Key', message: 'invalid' },
    ]);
  }
  return value;
}

export function registerCaseRoutes(declared: Declared): void {
  registerCaseReads(declared);
  registerCaseActions(declared);
  registerIntake(declared);
}

/** The list, one case (with its ETag) and its history. */
function registerCaseReads({ declare, store }: Declared): void {
  declare(
    {
      method: 'GET',
      url: '/v1/cases',
      summary: 'List cases (filters, stable sort, cursor pagination); with fields=, each item holds only those fields, trackingId and version',
      auth: true,
      query: CaseListQuerySchema,
      response: CasePageSchema,
    },
    async ({ actor, query }) => store.listCases(query, actor),
  );

  declare(
    {
      method: 'GET',
      url: '/v1/cases/:trackingId',
      summary: 'One case, with ETag "<version>"',
      auth: true,
      params: TrackingIdParamsSchema,
      response: CaseSchema,
      responseHeaders: { ETag: ETAG },
    },
    async ({ actor, params, reply }) => {
      const c = await store.getCase(params.trackingId, actor);
      reply.header('ETag', `"${c.version}"`);
      return c;
    },
  );

  declare(
    {
      method: 'GET',
      url: '/v1/cases/:trackingId/events',
      summary: "A case's history (the audit trail)",
      auth: true,
      params: TrackingIdParamsSchema,
      response: EventListResponseSchema,
    },
    async ({ actor, params }) => ({ items: await store.caseEvents(params.trackingId, actor) }),
  );

  // desk work (issue #20): the duplicate link both ways and the copies; likely duplicates
  declare(
    {
      method: 'GET',
      url: '/v1/cases/:trackingId/links',
      summary: 'A case’s duplicate link (its original, or its duplicates) and the institutions it is copied to',
      auth: true,
      params: TrackingIdParamsSchema,
      response: CaseLinksSchema,
    },
    async ({ actor, params }) => store.caseLinks(params.trackingId, actor),
  );

  declare(
    {
      method: 'GET',
      url: '/v1/cases/:trackingId/similar',
      summary:
        'Likely duplicates of a case: same category and regency, submitted within ±days, ranked by title trigram similarity (pg_trgm where available, else the same measure computed by the server); duplicates themselves are left out',
      auth: true,
      params: TrackingIdParamsSchema,
      query: SimilarQuerySchema,
      response: SimilarResponseSchema,
    },
    async ({ actor, params, query }) => similarCases(store, params.trackingId, actor, query),
  );

}

/** One action on one case (If-Match), and up to 1,000 in one bulk request (Idempotency-Key). */
function registerCaseActions({ declare, store, db }: Declared): void {
  declare(
    {
      method: 'POST',
      url: '/v1/cases/:trackingId/actions',
      summary: 'Apply one action to one case',
      auth: true,
      roles: CASE_WRITERS,
      params: TrackingIdParamsSchema,
      body: ActionRequestSchema,
      headers: { 'If-Match': { required: true, description: 'the case version, as in its ETag', pattern: IF_MATCH.source } },
      response: ActionResponseSchema,
      responseHeaders: { ETag: ETAG },
      problems: [409, 412, 422, 428],
    },
    async ({ actor, params, body, request, reply }) => {
      const trackingId = params.trackingId;
      const version = ifMatchVersion(request.headers['if-match']);
      const { result, done } = await db.transaction(async (tx) => {
        const { results, applied } = await store.applyBatch(tx, [{ trackingId, version, ...body }], actor, request.id);
        const event = applied.get(trackingId);
        return { result: results[0], done: event ? { event, case: await store.readCase(tx, trackingId) } : null };
      });
      if (result.outcome === 'applied' && done) {
        reply.header('ETag', `"${done.case.version}"`);
        return { case: done.case, event: done.event };
      }
      const problem = result.problem!;
      const status = result.outcome === 'skipped' ? 409 : result.status;
      const type = problemTypeOf(problem.type) ?? 'internal';
      // A single action carries its version in If-Match, not in a `version` body field.
      const field = problem.field === 'version' ? 'If-Match' : problem.field;
      const reason = problemReasonOf(problem.reason);
      const why = reason ? about(reason, problem.params ?? {}) : undefined;
      throw new ProblemError(status, type, problem.detail, field ? [{ field, message: problem.detail }] : undefined, undefined, why);
    },
  );

  declare(
    {
      method: 'POST',
      url: '/v1/bulk',
      summary: 'Apply up to 1,000 actions, each {trackingId, version, action, …}; per-item results',
      auth: true,
      roles: CASE_WRITERS,
      body: BulkRequestSchema,
      headers: { 'Idempotency-Key': { required: true, description: 'unique per logical request; a retry reuses it', pattern: IDEMPOTENCY_PATTERN } },
      response: BulkResponseSchema,
      responseHeaders: { 'Idempotent-Replayed': REPLAYED },
      problems: [409, 422],
      problemHeaders: { 409: { 'Retry-After': RETRY_AFTER } },
    },
    async ({ actor, body, request, reply }) => {
      const key = idempotencyKey(request.headers['idempotency-key'], true)!;
      const hash = requestHash('POST', '/v1/bulk', request.body);
      const outcome = await withIdempotency(db, actor.name, key, hash, async (tx) => {
        const { results } = await store.applyBatch(tx, body.items, actor, request.id);
        const counts = { applied: 0, skipped: 0, failed: 0 };
        for (const r of results) counts[r.outcome] += 1;
        const response: BulkResponse = { results, counts };
        return { status: 200, body: response };
      });
      if (outcome.replayed) reply.header('Idempotent-Replayed', 'true');
      // a thousand results are serialised once, for the idempotency store, and sent as stored
      reply.code(outcome.status).type('application/json; charset=utf-8');
      return outcome.json;
    },
  );

}

/** Intake: a new case, with a tracking ID the server assigns (or an unbound national token's own). */
function registerIntake({ declare, store, db }: Declared): void {
  declare(
    {
      method: 'POST',
      url: '/v1/cases',
      summary:
        'Submit a case (intake). The server assigns the tracking ID (LPR-YYYY-NNNNNNN); a token bound to an institution must not send one (422, whatever the ID), while an unbound national token may keep an outside ID and is then idempotent by it. Idempotent by Idempotency-Key',
      auth: true,
      roles: INTAKE_ROLES,
      body: NewCaseSchema,
      headers: { 'Idempotency-Key': { required: false, description: 'optional; a retry reuses it', pattern: IDEMPOTENCY_PATTERN } },
      response: CaseSchema,
      status: 201,
      alsoStatus: [200],
      responseHeaders: {
        ETag: ETAG,
        Location: { description: 'The case’s URL', required: true },
        'Idempotent-Replayed': REPLAYED,
      },
      problems: [409, 422],
      problemHeaders: { 409: { 'Retry-After': RETRY_AFTER } },
    },
    async ({ actor, body, request, reply }) => {
      const key = idempotencyKey(request.headers['idempotency-key'], false);
      const run = async (tx: Queryable) => {
        const { case: c, created } = await store.createCase(tx, body, actor, request.id);
        return { status: created ? 201 : 200, body: c };
      };
      const outcome = key
        ? await withIdempotency(db, actor.name, key, requestHash('POST', '/v1/cases', request.body), run)
        : { ...(await db.transaction(run)), replayed: false };
      if (outcome.replayed) reply.header('Idempotent-Replayed', 'true');
      const c = CaseSchema.parse(outcome.body);
      reply.header('ETag', `"${c.version}"`).header('Location', `/v1/cases/${encodeURIComponent(c.trackingId)}`);
      reply.code(outcome.status);
      return c;
    },
  );
}

