// In-process triage tests: a stateful fake ApiClient whose actions run through the real state machine
// (domain/actions.ts) with If-Match checks, Deps over in-memory streams and a scripted prompter that also
// records the choices each question offered. Not a test file itself.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiErrorFor } from '../../src/api/errors.js';
import type { ActionResult, ApiClient, Calendar, CaseListParams, CasePage, CaseWithVersion } from '../../src/api/types.js';
import type { Deps } from '../../src/cmdutil/deps.js';
import { REFUSAL_STATUS, applyAction, createActionContext, institutionTree, isWithinTree } from '../../src/domain/actions.js';
import { PROBLEMS, problemTypeUri, REFUSAL_PROBLEM } from '../../src/domain/problems.js';
import { WorkingCalendar } from '../../src/domain/clocks.js';
import type { ActionRequest } from '../../src/domain/schemas.js';
import { DEFAULT_CLOCKS, type Actor, type Case, type CaseEvent, type Category, type Channel, type Institution } from '../../src/domain/types.js';
import type { Lang } from '../../src/io/i18n.js';
import { createTestIOStreams, type TestIOStreams } from '../../src/io/testing.js';
import { makeCase, NOW } from '../helpers/cases.js';
import { inProcessDeps } from '../helpers/deps.js';
import {
  createScriptedPrompter,
  type Choice,
  type Prompter,
  type ScriptedAnswer,
  type ScriptedPrompter,
  type SearchSource,
} from '../../src/io/prompter.js';

/** Monday 23 November 2026, 10:00 WITA. */
export { NOW };

export const INSTITUTIONS: Institution[] = [
  { id: 'national', parentId: null, name: 'Kementerian PANRB – Pengelola Nasional SP4N LAPOR!', level: 'national', active: true },
  { id: 'bali', parentId: 'national', name: 'Pemerintah Provinsi Bali', level: 'province', active: true },
  { id: 'bali.dinkes', parentId: 'bali', name: 'Dinas Kesehatan Provinsi Bali', level: 'unit', active: true },
  { id: 'badung', parentId: 'bali', name: 'Pemerintah Kabupaten Badung', level: 'regency', active: true },
  { id: 'badung.dinkes', parentId: 'badung', name: 'Dinas Kesehatan Kabupaten Badung', level: 'unit', active: true },
  { id: 'badung.pupr', parentId: 'badung', name: 'Dinas PUPR Kabupaten Badung', level: 'unit', active: true },
  { id: 'denpasar', parentId: 'bali', name: 'Pemerintah Kota Denpasar', level: 'regency', active: true },
  { id: 'denpasar.dpupr', parentId: 'denpasar', name: 'Dinas PUPR Kota Denpasar', level: 'unit', active: true },
  { id: 'denpasar.bappeda', parentId: 'denpasar', name: 'Bappeda Kota Denpasar', level: 'unit', active: false },
];

export const CATEGORIES: Category[] = [
  { id: 'kesehatan', parentId: null, name: 'Kesehatan', nameEn: 'Health', institutionHint: 'bali.dinkes' },
  { id: 'kesehatan.bpjs', parentId: 'kesehatan', name: 'BPJS Kesehatan dan JKN-KIS', nameEn: 'BPJS Health insurance', institutionHint: null },
  { id: 'infrastruktur', parentId: null, name: 'Infrastruktur', nameEn: 'Infrastructure', institutionHint: null },
  { id: 'infrastruktur.jalan', parentId: 'infrastruktur', name: 'Jalan dan jembatan', nameEn: 'Roads and bridges', institutionHint: 'denpasar.dpupr' },
  { id: 'lingkungan', parentId: null, name: 'Lingkungan hidup', nameEn: null, institutionHint: null },
];

export const CHANNELS: Channel[] = [
  { id: 'web', name: 'Situs web', nameEn: 'Website' },
  { id: 'sms_1708', name: 'SMS 1708', nameEn: 'SMS 1708' },
];

export { makeCase };

/** The queue in the order triage must walk it (verify clock first), plus cases that are not in it. */
export function sampleCases(): Case[] {
  return [
    // listed out of order on purpose: the fake sorts like the server
    makeCase({
      trackingId: 'LAP-3',
      categoryId: 'lingkungan',
      classification: 'aspiration',
      title: 'Usul taman bermain di Lapangan Puputan',
      submittedAt: '2026-11-20T01:15:00.000Z',
      verifyDueAt: '2026-11-25T15:59:59.999Z',
    }),
    makeCase({
      trackingId: 'LAP-1',
      title: 'Jalan berlubang di Jl. Gatot Subroto Barat',
      body: 'Lubang besar di depan pasar, sudah dua minggu, membahayakan pengendara motor.',
      district: 'Denpasar Barat',
      submittedAt: '2026-11-16T01:00:00.000Z',
      verifyDueAt: '2026-11-19T15:59:59.999Z',
    }),
    makeCase({
      trackingId: 'LAP-2',
      categoryId: 'kesehatan.bpjs',
      title: 'Antrean BPJS di RSUD Wangaya terlalu lama',
      channel: 'sms_1708',
      anonymous: true,
      submittedAt: '2026-11-18T00:40:00.000Z',
      verifyDueAt: '2026-11-23T15:59:59.999Z',
    }),
    makeCase({
      trackingId: 'LAP-9',
      title: 'Sudah didisposisi',
      status: 'disposed',
      institutionId: 'denpasar.dpupr',
      verifiedAt: '2026-11-17T01:00:00.000Z',
      disposedAt: '2026-11-17T01:00:00.000Z',
      submittedAt: '2026-11-10T01:00:00.000Z',
      verifyDueAt: '2026-11-13T15:59:59.999Z',
      version: 2,
    }),
  ];
}

export const ADMIN: Actor = { name: 'admin', role: 'national_admin', institutionId: null };

export interface ActCall {
  trackingId: string;
  version: number;
  request: ActionRequest;
  /** The HTTP status the fake answered (200 or the error's). */
  status: number;
}

export interface StatefulFakeApi extends ApiClient {
  /** Every method called, in order ("listCases {…}", "getCase LAP-1", "act LAP-1 v1 dispose"). */
  readonly calls: string[];
  readonly acts: ActCall[];
  readonly cases: Map<string, Case>;
  readonly events: CaseEvent[];
  /** Runs before each act is checked: lets a test change a case behind triage's back. */
  beforeAct?: (call: Omit<ActCall, 'status'>, api: StatefulFakeApi) => void;
  /** Another admin's action, applied at once (no If-Match). */
  actAsOther(trackingId: string, request: ActionRequest): Case;
}

const TREE = institutionTree(INSTITUTIONS);
const CATEGORY_IDS = new Set(CATEGORIES.map((c) => c.id));

function isWithin(id: string, root: string): boolean {
  return isWithinTree(TREE, id, root);
}

function categoryWithin(id: string | null, root: string): boolean {
  for (let cur = id; cur !== null; cur = CATEGORIES.find((c) => c.id === cur)?.parentId ?? null) if (cur === root) return true;
  return false;
}

/** A fake API over `cases` that behaves like the server for what triage uses: scope, filters, If-Match. */
export function createStatefulFakeApi(cases: Case[] = sampleCases(), actor: Actor = ADMIN): StatefulFakeApi {
  const store = new Map(cases.map((c) => [c.trackingId, { ...c }]));
  const calls: string[] = [];
  const acts: ActCall[] = [];
  const events: CaseEvent[] = [];
  const calendar = new WorkingCalendar([], 480);
  const visible = (c: Case, who: Actor) =>
    who.institutionId === null || (c.institutionId !== null && isWithin(c.institutionId, who.institutionId));
  const notFound = (id: string) =>
    apiErrorFor({ method: 'GET', path: `/v1/cases/${id}`, status: 404, title: 'Not Found', detail: `case ${id} not found` });

  function apply(id: string, request: ActionRequest, who: Actor): Case {
    const c = store.get(id);
    if (!c || !visible(c, who)) throw notFound(id);
    const ctx = createActionContext({ actor: who, now: NOW.toISOString(), institutions: TREE, categories: CATEGORY_IDS, settings: DEFAULT_CLOCKS, calendar });
    const outcome = applyAction(c, request, ctx);
    if (!outcome.ok) {
      throw apiErrorFor({
        method: 'POST',
        path: `/v1/cases/${id}/actions`,
        status: REFUSAL_STATUS[outcome.code],
        type: problemTypeUri(REFUSAL_PROBLEM[outcome.code]),
        title: PROBLEMS[REFUSAL_PROBLEM[outcome.code]].title,
        detail: outcome.detail,
      });
    }
    const next: Case = { ...c, ...outcome.patch, version: c.version + 1 };
    store.set(id, next);
    events.push({
      id: events.length + 1,
      trackingId: id,
      seq: next.version,
      at: NOW.toISOString(),
      actor: who.name,
      role: who.role,
      action: outcome.event.action,
      fromStatus: outcome.event.fromStatus,
      toStatus: outcome.event.toStatus,
      fromInstitution: outcome.event.fromInstitution,
      toInstitution: outcome.event.toInstitution,
      note: outcome.event.note,
      requestId: null,
      prevHash: '0',
      hash: '0',
    });
    return next;
  }

  const unused = (name: string): never => {
    throw new Error(`fake ApiClient: triage does not use ${name}`);
  };

  const api: StatefulFakeApi = {
    baseUrl: 'http://api.test',
    calls,
    acts,
    cases: store,
    events,
    async health() {
      return unused('health');
    },
    async whoami() {
      calls.push('whoami');
      return actor;
    },
    async listCases(query: CaseListParams = {}): Promise<CasePage> {
      calls.push(`listCases ${JSON.stringify(query)}`);
      const statuses = query.status === undefined ? null : String(query.status).split(',');
      const all = [...store.values()]
        .filter(
          (c) =>
            visible(c, actor) &&
            (statuses === null || statuses.includes(c.status)) &&
            (!query.institution || (c.institutionId !== null && isWithin(c.institutionId, query.institution))) &&
            (!query.category || categoryWithin(c.categoryId, query.category)),
        )
        .sort((a, b) =>
          query.sort === 'verifyDueAt'
            ? a.verifyDueAt.localeCompare(b.verifyDueAt) || a.trackingId.localeCompare(b.trackingId)
            : a.submittedAt.localeCompare(b.submittedAt) || a.trackingId.localeCompare(b.trackingId),
        );
      const offset = query.cursor ? Number(query.cursor) : 0;
      const limit = Number(query.limit ?? 50);
      const items = all.slice(offset, offset + limit).map((c) => ({ ...c }));
      return { items, nextCursor: offset + limit < all.length ? String(offset + limit) : null };
    },
    async *iterateCases(query: CaseListParams = {}) {
      let cursor: string | undefined;
      do {
        const page = await api.listCases({ ...query, cursor });
        yield* page.items;
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    },
    async getCase(trackingId): Promise<CaseWithVersion> {
      calls.push(`getCase ${trackingId}`);
      const c = store.get(trackingId);
      if (!c || !visible(c, actor)) throw notFound(trackingId);
      return { case: { ...c }, version: c.version, etag: `"${c.version}"` };
    },
    async caseEvents() {
      return unused('caseEvents');
    },
    async act(trackingId, version, request): Promise<ActionResult> {
      calls.push(`act ${trackingId} v${version} ${request.action}`);
      api.beforeAct?.({ trackingId, version, request }, api);
      const c = store.get(trackingId);
      const record = (status: number) => acts.push({ trackingId, version, request, status });
      if (c && visible(c, actor) && c.version !== version) {
        record(412);
        throw apiErrorFor({
          method: 'POST',
          path: `/v1/cases/${trackingId}/actions`,
          status: 412,
          title: 'Precondition Failed',
          detail: `case ${trackingId} is at version ${c.version}, not ${version}`,
        });
      }
      try {
        const next = apply(trackingId, request, actor);
        record(200);
        return { case: { ...next }, event: events[events.length - 1] };
      } catch (err) {
        record((err as { status?: number }).status ?? 500);
        throw err;
      }
    },
    actAsOther(trackingId, request) {
      return apply(trackingId, request, { name: 'other.admin', role: 'national_admin', institutionId: null });
    },
    async bulk() {
      return unused('bulk');
    },
    async createCase() {
      return unused('createCase');
    },
    async institutions() {
      calls.push('institutions');
      return INSTITUTIONS;
    },
    async categories() {
      calls.push('categories');
      return CATEGORIES;
    },
    async channels() {
      calls.push('channels');
      return CHANNELS;
    },
    async calendar(): Promise<Calendar> {
      return { timezoneOffsetMinutes: 480, items: [] };
    },
    async openapi() {
      return unused('openapi');
    },
    async close() {},
  };
  return api;
}

/** What a question offered: its message and the names and values of its choices. */
export interface Asked {
  kind: 'select' | 'search' | 'input' | 'confirm' | 'password';
  message: string;
  choices: Choice<unknown>[];
}

export interface RecordingPrompter extends ScriptedPrompter {
  readonly questions: Asked[];
}

/** A scripted prompter that also records every question with the choices it offered. */
export function recordingPrompter(answers: readonly ScriptedAnswer[]): RecordingPrompter {
  const inner = createScriptedPrompter(answers);
  const questions: Asked[] = [];
  const prompter: Prompter = {
    confirm: (message, d) => {
      questions.push({ kind: 'confirm', message, choices: [] });
      return inner.confirm(message, d);
    },
    select: <T>(message: string, choices: readonly Choice<T>[]) => {
      questions.push({ kind: 'select', message, choices: [...choices] });
      return inner.select(message, choices);
    },
    input: (message, options) => {
      questions.push({ kind: 'input', message, choices: [] });
      return inner.input(message, options);
    },
    password: (message) => {
      questions.push({ kind: 'password', message, choices: [] });
      return inner.password(message);
    },
    search: <T>(message: string, source: SearchSource<T>) => {
      const asked: Asked = { kind: 'search', message, choices: [] };
      questions.push(asked);
      return inner.search(message, async (term) => {
        const found = await source(term);
        asked.choices = [...found];
        return found;
      });
    },
  };
  return Object.assign(prompter, { questions, asked: inner.asked, assertDone: () => inner.assertDone() });
}

export interface TriageDeps extends Deps {
  io: TestIOStreams;
  fake: StatefulFakeApi;
  prompter: RecordingPrompter;
}

/** Deps for one in-process run: a terminal (unless tty: false), colour off, width 80, the fixed clock. */
export function createTriageDeps(
  options: { tty?: boolean; lang?: Lang; api?: StatefulFakeApi; answers?: readonly ScriptedAnswer[]; signal?: AbortSignal } = {},
): TriageDeps {
  const home = mkdtempSync(join(tmpdir(), 'lapor-triage-'));
  const fake = options.api ?? createStatefulFakeApi();
  const deps = inProcessDeps({
    api: fake,
    io: createTestIOStreams({ tty: options.tty ?? true, color: false, width: 80 }),
    lang: options.lang ?? 'en',
    now: () => NOW,
    paths: { configDir: join(home, 'config'), dataDir: join(home, 'data'), stateDir: join(home, 'state') },
    prompter: recordingPrompter(options.answers ?? []),
    signal: options.signal,
  });
  return { ...deps, fake };
}
