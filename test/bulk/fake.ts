// A fake ApiClient with real bulk semantics for the bulk tests: cases in memory, the domain's state machine,
// versions, one event per applied item, and an idempotency store (same key + same body → the stored answer,
// replayed; same key + other body → 422). Faults can be injected around each bulk call. Not a test file.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiErrorFor, NetworkError } from '../../src/api/errors.js';
import type { ApiClient, CaseListParams, CaseWithVersion } from '../../src/api/types.js';
import type { Deps } from '../../src/cmdutil/deps.js';
import { runCli } from '../../src/cli/main.js';
import { applyAction } from '../../src/domain/actions.js';
import { PROBLEMS, problemTypeUri, REFUSAL_PROBLEM, type ProblemType } from '../../src/domain/problems.js';
import type { ActionRequest, BulkItem, BulkItemResult, BulkResponse } from '../../src/domain/schemas.js';
import type { Actor, Case, Category, Institution } from '../../src/domain/types.js';
import { createTestIOStreams, type TestIOStreams } from '../../src/io/testing.js';
import { createScriptedPrompter, type ScriptedAnswer, type ScriptedPrompter } from '../../src/io/prompter.js';
import { actionContext } from '../../src/bulk/reference.js';
import { resolveLang } from '../../src/cli/program.js';
import { makeCase as baseCase, NOW } from '../helpers/cases.js';
import { inProcessDeps } from '../helpers/deps.js';

export { NOW };

export const INSTITUTIONS: Institution[] = [
  { id: 'national', parentId: null, name: 'Pengelola Nasional SP4N LAPOR!', level: 'national', active: true },
  { id: 'bali', parentId: 'national', name: 'Pemerintah Provinsi Bali', level: 'province', active: true },
  { id: 'bali.dinkes', parentId: 'bali', name: 'Dinas Kesehatan Provinsi Bali', level: 'unit', active: true },
  { id: 'badung', parentId: 'bali', name: 'Pemerintah Kabupaten Badung', level: 'regency', active: true },
  { id: 'badung.dinkes', parentId: 'badung', name: 'Dinas Kesehatan Kabupaten Badung', level: 'unit', active: true },
  { id: 'badung.dpupr', parentId: 'badung', name: 'Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Badung', level: 'unit', active: true },
  { id: 'denpasar', parentId: 'bali', name: 'Pemerintah Kota Denpasar', level: 'regency', active: true },
  { id: 'denpasar.dinkes', parentId: 'denpasar', name: 'Dinas Kesehatan Kota Denpasar', level: 'unit', active: true },
  { id: 'denpasar.lama', parentId: 'denpasar', name: 'Dinas Lama Kota Denpasar', level: 'unit', active: false },
];

export const CATEGORIES: Category[] = [
  { id: 'kesehatan', parentId: null, name: 'Kesehatan', nameEn: 'Health', institutionHint: 'bali.dinkes' },
  { id: 'lingkungan', parentId: null, name: 'Lingkungan', nameEn: 'Environment', institutionHint: null },
];

export const ADMIN: Actor = { name: 'admin', role: 'national_admin', institutionId: null };

/** The shared case (test/helpers/cases.ts) as the bulk tests start it: in progress at badung.dinkes, version 3. */
export function makeCase(trackingId: string, fields: Partial<Case> = {}): Case {
  return baseCase({
    trackingId,
    categoryId: 'kesehatan',
    title: `Laporan ${trackingId}`,
    body: 'Isi',
    regency: null,
    regionCode: null,
    institutionId: 'badung.dinkes',
    status: 'in_progress',
    submittedAt: '2026-11-02T02:00:00.000Z',
    verifiedAt: '2026-11-03T02:00:00.000Z',
    disposedAt: '2026-11-03T02:00:00.000Z',
    firstResponseAt: '2026-11-04T02:00:00.000Z',
    lastResponseAt: '2026-11-04T02:00:00.000Z',
    verifyDueAt: '2026-11-05T15:59:59.999Z',
    responseDueAt: '2026-11-10T15:59:59.999Z',
    completionDueAt: '2027-01-01T15:59:59.999Z',
    version: 3,
    ...fields,
  });
}

/** What a fault hook may do around one bulk call: fail before the server runs it, or after it committed. */
export type Fault = 'before' | 'after' | 'in-flight' | null;

export interface FakeServer extends ApiClient {
  cases: Map<string, Case>;
  /** One entry per applied item: [trackingId, action]. */
  events: [string, string][];
  /** Every bulk call: its key and whether it was answered from the store. */
  bulkCalls: { key: string; items: number; replayed: boolean; fault: Fault }[];
  calls: string[];
  actor: Actor;
  /** Decides a fault for the n-th bulk call (0-based). */
  fault: (n: number, key: string) => Fault;
  /** Called inside each bulk call before it answers (to observe concurrency). */
  onBulk: (key: string) => Promise<void>;
}

/** The client's error for a problem of the catalogue, as the real client builds it from the server's answer. */
function problemError(method: string, path: string, type: ProblemType, extra: { detail?: string; retryAfterMs?: number } = {}) {
  return apiErrorFor({ method, path, status: PROBLEMS[type].status, type: problemTypeUri(type), title: PROBLEMS[type].title, ...extra });
}

const network = () => new NetworkError('ECONNRESET', { method: 'POST', path: '/v1/bulk' });

export function createFakeServer(cases: Case[], actor: Actor = ADMIN): FakeServer {
  const store = new Map<string, { body: string; response: BulkResponse }>();
  const inFlight = new Set<string>();
  let n = 0;
  const ctx = () => actionContext({ actor: fake.actor, institutions: INSTITUTIONS, categories: CATEGORIES }, NOW);
  const visible = (c: Case) => ctx().isWithin(c.institutionId ?? '', fake.actor.institutionId ?? 'national') || fake.actor.institutionId === null;

  function run(items: readonly BulkItem[]): BulkResponse {
    const results: BulkItemResult[] = items.map((item, index) => {
      const c = fake.cases.get(item.trackingId);
      const fail = (type: ProblemType, detail: string, version: number | null = null): BulkItemResult => ({
        index,
        trackingId: item.trackingId,
        outcome: 'failed',
        status: PROBLEMS[type].status,
        version,
        problem: { type: problemTypeUri(type), title: PROBLEMS[type].title, detail },
      });
      if (!c || !visible(c)) return fail('not-found', `case ${item.trackingId} not found`);
      const { trackingId: _t, version, ...request } = item;
      const outcome = applyAction(c, request as ActionRequest, ctx());
      if (!outcome.ok && outcome.code === 'already_done') {
        const problem = { type: problemTypeUri('already-done'), title: PROBLEMS['already-done'].title, detail: outcome.detail };
        return { index, trackingId: item.trackingId, outcome: 'skipped', status: 200, version: c.version, problem };
      }
      if (version !== c.version) return fail('precondition-failed', `case ${c.trackingId} is at version ${c.version}, not ${version}`, c.version);
      if (!outcome.ok) return fail(REFUSAL_PROBLEM[outcome.code], outcome.detail, c.version);
      const next = { ...c, ...outcome.patch, version: c.version + 1 };
      fake.cases.set(c.trackingId, next);
      fake.events.push([c.trackingId, request.action]);
      return { index, trackingId: item.trackingId, outcome: 'applied', status: 200, version: next.version, problem: null };
    });
    const counts = { applied: 0, skipped: 0, failed: 0 };
    for (const r of results) counts[r.outcome] += 1;
    return { results, counts };
  }

  const fake: FakeServer = {
    baseUrl: 'http://api.test',
    cases: new Map(cases.map((c) => [c.trackingId, c])),
    events: [],
    bulkCalls: [],
    calls: [],
    actor,
    fault: () => null,
    onBulk: async () => {},
    async health() {
      return { status: 'ok', database: 'pglite', version: 'test' };
    },
    async whoami() {
      fake.calls.push('whoami');
      return fake.actor;
    },
    async listCases(query: CaseListParams = {}) {
      fake.calls.push(`listCases ${JSON.stringify(query)}`);
      const statuses = query.status === undefined ? null : String(query.status).split(',');
      const all = [...fake.cases.values()].filter(
        (c) =>
          visible(c) &&
          (statuses === null || statuses.includes(c.status)) &&
          (!query.institution || ctx().isWithin(c.institutionId ?? '', query.institution)) &&
          (!query.q || (c.title ?? '').includes(query.q)),
      );
      const offset = query.cursor ? Number(query.cursor) : 0;
      const limit = Number(query.limit ?? 50);
      return { items: all.slice(offset, offset + limit), nextCursor: offset + limit < all.length ? String(offset + limit) : null };
    },
    async *iterateCases(query = {}) {
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
      if (!c || !visible(c)) throw apiErrorFor({ method: 'GET', path: `/v1/cases/${trackingId}`, status: 404, title: 'Not Found', detail: 'case not found' });
      return { case: c, version: c.version, etag: `"${c.version}"` };
    },
    async caseEvents() {
      return [];
    },
    async act(trackingId, version, request) {
      fake.calls.push(`act ${trackingId} ${version} ${request.action}`);
      const r = run([{ trackingId, version, ...request } as BulkItem]).results[0];
      const path = `/v1/cases/${trackingId}/actions`;
      if (r.outcome === 'skipped') throw problemError('POST', path, 'already-done', { detail: r.problem!.detail });
      if (r.outcome === 'failed') throw apiErrorFor({ method: 'POST', path, status: r.status, type: r.problem!.type, title: r.problem!.title, detail: r.problem!.detail });
      const c = fake.cases.get(trackingId)!;
      return { case: c, event: { id: 1, trackingId, seq: c.version, at: NOW.toISOString(), actor: 'admin', role: 'national_admin', action: request.action, fromStatus: null, toStatus: c.status, fromInstitution: null, toInstitution: null, note: null, requestId: null, prevHash: '', hash: '' } };
    },
    async bulk(items, key) {
      const call = n++;
      const fault = fake.fault(call, key);
      fake.calls.push(`bulk ${key} ${items.length}`);
      await fake.onBulk(key);
      if (fault === 'before') {
        fake.bulkCalls.push({ key, items: items.length, replayed: false, fault });
        throw network();
      }
      if (fault === 'in-flight' || inFlight.has(key)) {
        fake.bulkCalls.push({ key, items: items.length, replayed: false, fault: 'in-flight' });
        throw problemError('POST', '/v1/bulk', 'idempotency-in-flight', { retryAfterMs: 1000 });
      }
      const body = JSON.stringify({ items });
      const stored = store.get(key);
      let response: BulkResponse;
      let replayed = false;
      if (stored) {
        if (stored.body !== body) throw problemError('POST', '/v1/bulk', 'idempotency-mismatch');
        response = stored.response;
        replayed = true;
      } else {
        response = run(items);
        store.set(key, { body, response });
      }
      fake.bulkCalls.push({ key, items: items.length, replayed, fault });
      if (fault === 'after') throw network();
      return { response: structuredClone(response), replayed };
    },
    async createCase() {
      throw new Error('not used');
    },
    async institutions() {
      fake.calls.push('institutions');
      return INSTITUTIONS;
    },
    async categories() {
      fake.calls.push('categories');
      return CATEGORIES;
    },
    async channels() {
      return [];
    },
    async calendar() {
      return { timezoneOffsetMinutes: 480, items: [] };
    },
    async openapi() {
      return { openapi: '3.1.0' };
    },
    async slaOverdue() {
      throw new Error('not used by the bulk tests');
    },
    async slaSweep() {
      throw new Error('not used by the bulk tests');
    },
    async close() {},
  };
  return fake;
}

export interface BulkTestDeps extends Deps {
  io: TestIOStreams;
  prompter: ScriptedPrompter;
  fake: FakeServer;
  abort: AbortController;
}

/** Deps over the fake server: a temp state dir, the fixed clock, sleeps that only advance the clock. */
export function createBulkDeps(
  fake: FakeServer,
  options: { tty?: boolean; answers?: ScriptedAnswer[]; argv?: readonly string[]; stateDir?: string } = {},
): BulkTestDeps {
  const home = mkdtempSync(join(tmpdir(), 'lapor-bulk-'));
  const abort = new AbortController();
  let clock = NOW.getTime();
  const deps = inProcessDeps({
    api: fake,
    io: createTestIOStreams({ tty: options.tty ?? false, width: 100 }),
    lang: resolveLang(options.argv ?? ['--lang', 'en'], {}),
    now: () => new Date(clock),
    sleep: async (ms) => {
      clock += ms;
    },
    paths: { configDir: join(home, 'config'), dataDir: join(home, 'data'), stateDir: options.stateDir ?? join(home, 'state') },
    prompter: createScriptedPrompter(options.answers ?? []),
    signal: abort.signal,
  });
  return { ...deps, abort, fake };
}

export async function runBulkCli(argv: readonly string[], deps: BulkTestDeps): Promise<{ code: number; out: string; err: string }> {
  const code = await runCli(argv, deps);
  return { code, out: deps.io.outText(), err: deps.io.errText() };
}
