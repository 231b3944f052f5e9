// The one fake ApiClient of the in-process tests: cases in memory, changed only by the domain's own state
// machine (applyAction) judged item by item as the server's applyBatch does (scope → already done → If-Match
// version → refusal), one hash-chained event per applied action, an idempotency store for POST /v1/bulk
// (same caller + key + body → the stored answer, replayed; other body → 422), the server's filters, sort
// and cursor paging for the reads, and every call recorded. Requests are taken as valid: the wire schemas
// (a malformed tracking ID, an empty message → 400) are the server tests' to check. Hooks, not sleeps, let
// a test act between a request and its answer. The endpoints that answer fixed documents (SLA, statistics,
// audit, export, import, tokens) are the test's to script. test/helpers/fakeApi.test.ts holds it to the
// real server. Not a test file.

import { apiErrorFor, NetworkError } from '../../src/api/errors.js';
import type {
  ActionResult,
  ApiClient,
  BulkResult,
  Calendar,
  CaseListParams,
  CasePage,
  CaseWithVersion,
} from '../../src/api/types.js';
import { applyAction, canSee, createActionContext, institutionTree, REFUSAL_STATUS, type ActionContext } from '../../src/domain/actions.js';
import { urgencyDueAt, WorkingCalendar } from '../../src/domain/clocks.js';
import { eventHash, GENESIS_HASH } from '../../src/domain/events.js';
import { PROBLEMS, problemTypeUri, REFUSAL_PROBLEM, type ProblemAbout, type ProblemType } from '../../src/domain/problems.js';
import type { ActionRequest, BulkItem, BulkItemResult, BulkResponse } from '../../src/domain/schemas.js';
import {
  DEFAULT_CLOCKS,
  type Actor,
  type CalendarDay,
  type Case,
  type CaseEvent,
  type Category,
  type Channel,
  type Institution,
} from '../../src/domain/types.js';
import { NOW } from './cases.js';
import { CATEGORIES, CHANNELS, INSTITUTIONS } from './reference.js';

export const FAKE_URL = 'http://api.test';

/** The default caller: a national administrator, who sees every case. */
export const ADMIN: Actor = { name: 'admin', role: 'national_admin', institutionId: null };

export interface FakeApiData {
  cases: readonly Case[];
  /** Each case's history before the test starts, by tracking ID. */
  events?: Readonly<Record<string, readonly CaseEvent[]>>;
  /** Default: the shared fixture (test/helpers/reference.ts); so for categories and channels. */
  institutions?: readonly Institution[];
  categories?: readonly Category[];
  channels?: readonly Channel[];
  /** Calendar days by year. Default: none. */
  calendar?: Readonly<Record<number, readonly CalendarDay[]>>;
}

/** No cases, no history and no reference data: the valid empty documents. */
export const EMPTY: FakeApiData = { cases: [], events: {}, institutions: [], categories: [], channels: [], calendar: {} };

/** What a fault hook may do around one bulk call: fail before the server runs it, after it committed, or 409 in flight. */
export type Fault = 'before' | 'after' | 'in-flight' | null;

export interface ActCall {
  trackingId: string;
  version: number;
  request: ActionRequest;
  /** The HTTP status the fake answered: 200, or the error's. */
  status: number;
}

export interface BulkCall {
  key: string;
  items: number;
  /** Answered from the idempotency store. */
  replayed: boolean;
  fault: Fault;
}

export interface FakeApiOptions {
  /** Who the token belongs to (whoami, scope, events). Default: ADMIN. */
  actor?: Actor;
  /**
   * The order of a listing: 'sorted' as the server sorts (`sort`, then tracking ID); 'stored' as the cases
   * were given, whatever `sort` says (the reading commands' golden files show the rows in that order).
   */
  order?: 'sorted' | 'stored';
  /** The server's clock (action timestamps and events). Default: NOW. */
  now?: () => Date;
}

export interface FakeApi extends ApiClient {
  /** Every call, in order: "whoami", "listCases {…}", "getCase LAP-1", "act LAP-1 3 close", "bulk <key> 2", … */
  readonly calls: string[];
  /** The cases as the server holds them now. */
  readonly cases: Map<string, Case>;
  /** The event log: the given history, then one event per applied action. */
  readonly events: CaseEvent[];
  /** Every act(), with the status it was answered with. */
  readonly acts: ActCall[];
  /** Every bulk(), with its key and whether it was replayed. */
  readonly bulkCalls: BulkCall[];
  actor: Actor;
  /** Decides a fault for the n-th bulk call (0-based). Default: none. */
  fault: (n: number, key: string) => Fault;
  /** Runs inside each bulk call before it is judged (to observe concurrency, or abort meanwhile). */
  onBulk: (key: string) => Promise<void>;
  /** Runs before each act is judged: lets a test change a case behind the command's back. */
  beforeAct?: (call: Omit<ActCall, 'status'>, api: FakeApi) => void;
  /** Another national administrator's action, applied at once at the current version. */
  actAsOther(trackingId: string, request: ActionRequest): Case;
}

const OTHER_ADMIN: Actor = { name: 'other.admin', role: 'national_admin', institutionId: null };

/** The client's error for a problem of the catalogue, as the real client builds it from the server's answer. */
function problemError(method: string, path: string, type: ProblemType, extra: { status?: number; detail?: string; retryAfterMs?: number } = {}) {
  const { status = PROBLEMS[type].status, ...rest } = extra;
  return apiErrorFor({ method, path, status, type: problemTypeUri(type), title: PROBLEMS[type].title, ...rest });
}

function notScripted(name: string): never {
  throw new Error(`fake ApiClient: ${name} is not scripted by this test (assign it on the fake)`);
}

const caseNotFound = (path: string) =>
  apiErrorFor({
    method: 'GET',
    path,
    status: 404,
    type: problemTypeUri('not-found'),
    title: 'Not Found',
    detail: 'case not found',
    reason: 'case-not-found',
    params: { trackingId: decodeURIComponent(path.split('/').pop() ?? '') },
  });

/** The sort key of a case for each `sort` of GET /v1/cases (a missing response deadline sorts last). */
const SORT_KEYS: Record<string, { key: (c: Case) => string; desc?: boolean }> = {
  submittedAt: { key: (c) => c.submittedAt },
  '-submittedAt': { key: (c) => c.submittedAt, desc: true },
  verifyDueAt: { key: (c) => c.verifyDueAt },
  responseDueAt: { key: (c) => c.responseDueAt ?? '\uffff' },
  trackingId: { key: () => '' },
  urgency: { key: (c) => urgencyDueAt(c) ?? '\uffff' },
};

/** Code-unit order: ISO instants, and the ASCII tracking IDs of the tests, sort alike in it and in the database. */
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const UNSUPPORTED_FILTERS = ['from', 'to', 'overdue'] as const;

export function createFakeApi(data: FakeApiData, options: FakeApiOptions = {}): FakeApi {
  const institutions = data.institutions ?? INSTITUTIONS;
  const categories = data.categories ?? CATEGORIES;
  const channels = data.channels ?? CHANNELS;
  const tree = institutionTree(institutions);
  const categoryIds = new Set(categories.map((c) => c.id));
  const calendar = new WorkingCalendar([], DEFAULT_CLOCKS.utcOffsetMinutes);
  const now = options.now ?? (() => NOW);
  const order = options.order ?? 'sorted';
  const idempotency = new Map<string, { body: string; response: BulkResponse }>();
  let bulkCount = 0;

  const context = (actor: Actor): ActionContext =>
    createActionContext({ actor, now: now().toISOString(), institutions: tree, categories: categoryIds, settings: DEFAULT_CLOCKS, calendar });
  const isWithin = (id: string | null, root: string) => id !== null && context(fake.actor).isWithin(id, root);
  const visible = (c: Case) => canSee(c, fake.actor, (id, root) => isWithin(id, root));
  const categoryWithin = (id: string | null, root: string): boolean => {
    for (let cur = id; cur !== null; cur = categories.find((c) => c.id === cur)?.parentId ?? null) if (cur === root) return true;
    return false;
  };

  function record(c: Case, next: Case, draft: Omit<CaseEvent, 'id' | 'trackingId' | 'seq' | 'at' | 'actor' | 'role' | 'requestId' | 'prevHash' | 'hash'>, actor: Actor, at: string) {
    const previous = fake.events.findLast((e) => e.trackingId === c.trackingId);
    const prevHash = previous?.hash ?? GENESIS_HASH;
    const fields = { trackingId: c.trackingId, seq: next.version, at, actor: actor.name, role: actor.role, ...draft, requestId: null };
    const id = fake.events.reduce((most, e) => Math.max(most, e.id), 0) + 1;
    fake.events.push({ id, ...fields, prevHash, hash: eventHash(prevHash, fields) });
  }

  /** One item, judged as the server's applyBatch judges a valid one (the wire schemas are the server tests' to check). */
  function judge(item: BulkItem, index: number, actor: Actor): BulkItemResult {
    const c = fake.cases.get(item.trackingId);
    const fail = (status: number, type: ProblemType, detail: string, about: ProblemAbout, version: number | null = null): BulkItemResult => ({
      index,
      trackingId: item.trackingId,
      outcome: 'failed',
      status,
      version,
      problem: { type: problemTypeUri(type), title: PROBLEMS[type].title, detail, ...about },
    });
    const ctx = context(actor);
    if (!c || !canSee(c, actor, ctx.isWithin)) {
      return fail(404, 'not-found', `case ${item.trackingId} not found`, { reason: 'case-not-found', params: { trackingId: item.trackingId } });
    }
    const { trackingId: _id, version, ...request } = item;
    const outcome = applyAction(c, request as ActionRequest, ctx);
    if (!outcome.ok && outcome.code === 'already_done') {
      const problem = { type: problemTypeUri('already-done'), title: PROBLEMS['already-done'].title, detail: outcome.detail, ...outcome.about };
      return { index, trackingId: item.trackingId, outcome: 'skipped', status: 200, version: c.version, problem };
    }
    if (version !== c.version) {
      const stale: ProblemAbout = { reason: 'version-stale', params: { trackingId: c.trackingId, version, currentVersion: c.version } };
      return fail(412, 'precondition-failed', `case ${c.trackingId} is at version ${c.version}, not ${version}`, stale, c.version);
    }
    if (!outcome.ok) return fail(REFUSAL_STATUS[outcome.code], REFUSAL_PROBLEM[outcome.code], outcome.detail, outcome.about, c.version);
    const next: Case = { ...c, ...outcome.patch, version: c.version + 1 };
    fake.cases.set(c.trackingId, next);
    record(c, next, outcome.event, actor, ctx.now);
    return { index, trackingId: item.trackingId, outcome: 'applied', status: 200, version: next.version, problem: null };
  }

  function select(query: CaseListParams): Case[] {
    for (const name of UNSUPPORTED_FILTERS) {
      if (query[name] !== undefined) throw new Error(`fake ApiClient: the ${name} filter is not implemented`);
    }
    const statuses = query.status === undefined ? null : typeof query.status === 'string' ? query.status.split(',') : [...query.status];
    const q = query.q?.toLowerCase();
    const found = [...fake.cases.values()].filter(
      (c) =>
        visible(c) &&
        (statuses === null || statuses.includes(c.status)) &&
        (!query.institution || isWithin(c.institutionId, query.institution)) &&
        (!query.category || categoryWithin(c.categoryId, query.category)) &&
        (!query.classification || c.classification === query.classification) &&
        (!query.channel || c.channel === query.channel) &&
        (!q || (c.title ?? '').toLowerCase().includes(q) || c.trackingId === query.q),
    );
    if (order === 'stored') return found;
    const sort = SORT_KEYS[query.sort ?? 'submittedAt'];
    if (!sort) throw new Error(`fake ApiClient: unknown sort ${query.sort}`);
    const sign = sort.desc ? -1 : 1;
    return found.sort((a, b) => sign * (compare(sort.key(a), sort.key(b)) || compare(a.trackingId, b.trackingId)));
  }

  const fake: FakeApi = {
    baseUrl: FAKE_URL,
    calls: [],
    cases: new Map(data.cases.map((c) => [c.trackingId, structuredClone(c)])),
    events: Object.values(data.events ?? {}).flatMap((events) => structuredClone([...events])),
    acts: [],
    bulkCalls: [],
    actor: options.actor ?? ADMIN,
    fault: () => null,
    onBulk: async () => {},
    async health() {
      fake.calls.push('health');
      return { status: 'ok', database: 'pglite', version: 'test' };
    },
    async whoami() {
      fake.calls.push('whoami');
      return { ...fake.actor };
    },
    async listCases(query: CaseListParams = {}): Promise<CasePage> {
      fake.calls.push(`listCases ${JSON.stringify(query)}`);
      const all = select(query);
      const offset = query.cursor ? Number(query.cursor) : 0;
      const limit = Number(query.limit ?? 50);
      const items = all.slice(offset, offset + limit).map((c) => structuredClone(c));
      return { items, nextCursor: offset + limit < all.length ? String(offset + limit) : null };
    },
    async *iterateCases(query: CaseListParams = {}) {
      let cursor: string | undefined;
      do {
        const page = await fake.listCases({ ...query, cursor });
        yield* page.items;
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    },
    async *iterateCaseFields(query, fields) {
      // as the server: only the named fields (and trackingId, version), so predictions work on sparse cases
      for await (const c of fake.iterateCases(query)) {
        yield Object.fromEntries(['trackingId', 'version', ...fields].map((f) => [f, c[f as keyof Case]])) as never;
      }
    },
    async getCase(trackingId): Promise<CaseWithVersion> {
      fake.calls.push(`getCase ${trackingId}`);
      const c = fake.cases.get(trackingId);
      if (!c || !visible(c)) throw caseNotFound(`/v1/cases/${encodeURIComponent(trackingId)}`);
      return { case: structuredClone(c), version: c.version, etag: `"${c.version}"` };
    },
    async caseEvents(trackingId) {
      fake.calls.push(`caseEvents ${trackingId}`);
      const c = fake.cases.get(trackingId);
      if (!c || !visible(c)) throw caseNotFound(`/v1/cases/${encodeURIComponent(trackingId)}/events`);
      return structuredClone(fake.events.filter((e) => e.trackingId === trackingId));
    },
    async act(trackingId, version, request): Promise<ActionResult> {
      fake.calls.push(`act ${trackingId} ${version} ${request.action}`);
      fake.beforeAct?.({ trackingId, version, request }, fake);
      const path = `/v1/cases/${encodeURIComponent(trackingId)}/actions`;
      const r = judge({ trackingId, version, ...request } as BulkItem, 0, fake.actor);
      // as the route: an item already done is a 409 for a single action
      const status = r.outcome === 'skipped' ? PROBLEMS['already-done'].status : r.status;
      fake.acts.push({ trackingId, version, request, status });
      if (r.outcome === 'applied') {
        return { case: structuredClone(fake.cases.get(trackingId)!), event: structuredClone(fake.events[fake.events.length - 1]) };
      }
      const problem = r.problem!;
      throw apiErrorFor({ method: 'POST', path, status, type: problem.type, title: problem.title, detail: problem.detail, reason: problem.reason, params: problem.params });
    },
    actAsOther(trackingId, request) {
      const current = fake.cases.get(trackingId);
      const r = judge({ trackingId, version: current?.version ?? 0, ...request } as BulkItem, 0, OTHER_ADMIN);
      if (r.outcome !== 'applied') throw new Error(`fake ApiClient: the other admin's ${request.action} was not applied: ${r.problem?.detail}`);
      return structuredClone(fake.cases.get(trackingId)!);
    },
    async bulk(items, key): Promise<BulkResult> {
      const n = bulkCount++;
      const fault = fake.fault(n, key);
      fake.calls.push(`bulk ${key} ${items.length}`);
      await fake.onBulk(key);
      const network = () => new NetworkError('ECONNRESET', { method: 'POST', path: '/v1/bulk' });
      if (fault === 'before') {
        fake.bulkCalls.push({ key, items: items.length, replayed: false, fault });
        throw network();
      }
      if (fault === 'in-flight') {
        fake.bulkCalls.push({ key, items: items.length, replayed: false, fault });
        throw problemError('POST', '/v1/bulk', 'idempotency-in-flight', { retryAfterMs: 1000 });
      }
      // the server keeps idempotency keys per caller
      const storeKey = `${fake.actor.name}\n${key}`;
      const body = JSON.stringify({ items });
      const stored = idempotency.get(storeKey);
      let response: BulkResponse;
      if (stored) {
        if (stored.body !== body) throw problemError('POST', '/v1/bulk', 'idempotency-mismatch');
        response = stored.response;
      } else {
        const results = items.map((item, index) => judge(item, index, fake.actor));
        const counts = { applied: 0, skipped: 0, failed: 0 };
        for (const r of results) counts[r.outcome] += 1;
        response = { results, counts };
        idempotency.set(storeKey, { body, response });
      }
      fake.bulkCalls.push({ key, items: items.length, replayed: stored !== undefined, fault });
      if (fault === 'after') throw network();
      return { response: structuredClone(response), replayed: stored !== undefined };
    },
    async createCase() {
      return notScripted('createCase');
    },
    async institutions() {
      fake.calls.push('institutions');
      return structuredClone([...institutions]);
    },
    async categories() {
      fake.calls.push('categories');
      return structuredClone([...categories]);
    },
    async channels() {
      fake.calls.push('channels');
      return structuredClone([...channels]);
    },
    async calendar(year?: number): Promise<Calendar> {
      fake.calls.push(`calendar ${year ?? ''}`.trimEnd());
      const days = data.calendar ?? {};
      const items = year === undefined ? Object.values(days).flat() : [...(days[year] ?? [])];
      return { timezoneOffsetMinutes: DEFAULT_CLOCKS.utcOffsetMinutes, items: structuredClone(items) };
    },
    async openapi() {
      return notScripted('openapi');
    },
    async slaOverdue() {
      return notScripted('slaOverdue');
    },
    async slaSweep() {
      return notScripted('slaSweep');
    },
    async slaPolicies() {
      return notScripted('slaPolicies');
    },
    async setSlaPolicies() {
      return notScripted('setSlaPolicies');
    },
    async auditVerify() {
      return notScripted('auditVerify');
    },
    async exportCases() {
      return notScripted('exportCases');
    },
    async statsAnnual() {
      return notScripted('statsAnnual');
    },
    async statsTrend() {
      return notScripted('statsTrend');
    },
    async statsInstitutions() {
      return notScripted('statsInstitutions');
    },
    // desk work (issue #20): no links (not recorded in calls: `cases show` asks every time)
    async caseLinks(trackingId) {
      return { trackingId, duplicateOf: null, duplicates: [], copiedTo: [] };
    },
    async similarCases() {
      return { method: 'jaccard' as const, items: [] }; // no likely duplicates unless a test assigns some
    },
    async statsDuplicates() {
      return notScripted('statsDuplicates');
    },
    async importRows() {
      return notScripted('importRows');
    },
    async createToken() {
      return notScripted('createToken');
    },
    async listTokens() {
      return notScripted('listTokens');
    },
    async revokeToken() {
      return notScripted('revokeToken');
    },
    async aliases() {
      return notScripted('aliases');
    },
    async addAliases() {
      return notScripted('addAliases');
    },
    async removeAlias() {
      return notScripted('removeAlias');
    },
    async feed() {
      return notScripted('feed');
    },
    async close() {},
  };
  return fake;
}
