// Deps for in-process CLI tests: in-memory streams, a fixed clock, an empty environment, a scripted prompter
// and a fake ApiClient over a small fixed dataset (six cases with every kind of clock, a few institutions,
// categories and calendar days). Not a test file itself.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apiErrorFor } from '../../src/api/errors.js';
import type { ApiClient, Calendar, CaseListParams, CasePage, CaseWithVersion } from '../../src/api/types.js';
import type { Env } from '../../src/cmdutil/config.js';
import type { Deps } from '../../src/cmdutil/deps.js';
import { runCli } from '../../src/cli/main.js';
import { institutionTree, isWithinTree } from '../../src/domain/actions.js';
import type { Actor, CalendarDay, Case, CaseEvent, Category, Institution } from '../../src/domain/types.js';
import { createTestIOStreams, type TestIOStreams } from '../../src/io/testing.js';
import { makeCase, NOW } from '../helpers/cases.js';
import { inProcessDeps } from '../helpers/deps.js';
import { resolveLang } from '../../src/cli/program.js';

/** The fixed clock of every CLI golden file: Monday 23 November 2026, 10:00 WITA. */
export { NOW };
export const FAKE_URL = 'http://api.test';

export { makeCase };

/** Six cases: verify overdue, verify running, response due soon, response met, completed, archived. */
export const CASES: Case[] = [
  makeCase({
    trackingId: 'LAP-2026-000201',
    title: 'Jalan berlubang di Jl. Gatot Subroto Barat',
    body: 'Lubang besar di depan pasar, sudah dua minggu, membahayakan pengendara motor.',
    incidentDate: '2026-11-10',
    district: 'Denpasar Barat',
    submittedAt: '2026-11-16T01:00:00.000Z',
    verifyDueAt: '2026-11-19T15:59:59.999Z',
    completionDueAt: '2027-01-15T15:59:59.999Z',
  }),
  makeCase({
    trackingId: 'LAP-2026-000202',
    classification: 'aspiration',
    categoryId: 'lingkungan',
    title: 'Usul taman bermain di Lapangan Puputan',
    channel: 'mobile',
    anonymous: true,
  }),
  makeCase({
    trackingId: 'LAP-2026-000203',
    categoryId: 'kesehatan.bpjs',
    title: 'Antrean BPJS di RSUD Wangaya terlalu lama',
    status: 'disposed',
    institutionId: 'bali.dinkes',
    channel: 'sms_1708',
    submittedAt: '2026-11-13T00:40:00.000Z',
    verifiedAt: '2026-11-16T03:00:00.000Z',
    disposedAt: '2026-11-16T03:00:00.000Z',
    verifyDueAt: '2026-11-18T15:59:59.999Z',
    responseDueAt: '2026-11-23T15:59:59.999Z',
    completionDueAt: '2027-01-12T15:59:59.999Z',
    version: 2,
  }),
  makeCase({
    trackingId: 'LAP-2026-000204',
    classification: 'information_request',
    categoryId: 'kependudukan',
    title: 'Syarat cetak ulang KTP-el yang hilang',
    regency: 'Kabupaten Badung',
    regionCode: '51.03',
    status: 'in_progress',
    institutionId: 'badung.disdukcapil',
    channel: 'whatsapp',
    submittedAt: '2026-11-02T02:00:00.000Z',
    verifiedAt: '2026-11-03T02:00:00.000Z',
    disposedAt: '2026-11-03T02:00:00.000Z',
    firstResponseAt: '2026-11-06T02:00:00.000Z',
    lastResponseAt: '2026-11-06T02:00:00.000Z',
    verifyDueAt: '2026-11-05T15:59:59.999Z',
    responseDueAt: '2026-11-10T15:59:59.999Z',
    completionDueAt: '2027-01-01T15:59:59.999Z',
    version: 4,
  }),
  makeCase({
    trackingId: 'LAP-2026-000205',
    categoryId: 'kesehatan.rumah-sakit',
    title: 'Obat kosong di Puskesmas Kuta I',
    regency: 'Kabupaten Badung',
    regionCode: '51.03',
    status: 'completed',
    institutionId: 'badung.dinkes',
    closedBy: 'admin',
    rating: 5,
    submittedAt: '2026-10-05T03:00:00.000Z',
    verifiedAt: '2026-10-05T06:00:00.000Z',
    disposedAt: '2026-10-05T06:00:00.000Z',
    firstResponseAt: '2026-10-07T02:00:00.000Z',
    lastResponseAt: '2026-10-07T02:00:00.000Z',
    closedAt: '2026-10-20T02:00:00.000Z',
    verifyDueAt: '2026-10-08T15:59:59.999Z',
    responseDueAt: '2026-10-12T15:59:59.999Z',
    completionDueAt: '2026-12-04T15:59:59.999Z',
    version: 6,
  }),
  makeCase({
    trackingId: 'LAP-2026-000206',
    title: 'Jalan berlubang di Jl. Gatot Subroto (laporan ganda)',
    status: 'archived',
    archiveReason: 'duplicate',
    closedBy: 'admin',
    submittedAt: '2026-11-16T02:00:00.000Z',
    closedAt: '2026-11-20T02:00:00.000Z',
    verifyDueAt: '2026-11-19T15:59:59.999Z',
    completionDueAt: '2027-01-15T15:59:59.999Z',
    version: 2,
  }),
];

const CHAIN = (n: number) => n.toString(16).padStart(64, '0');

export const EVENTS: Record<string, CaseEvent[]> = {
  'LAP-2026-000203': [
    {
      id: 11,
      trackingId: 'LAP-2026-000203',
      seq: 1,
      at: '2026-11-13T00:40:00.000Z',
      actor: 'intake-sms',
      role: 'system',
      action: 'submit',
      fromStatus: null,
      toStatus: 'submitted',
      fromInstitution: null,
      toInstitution: null,
      note: null,
      requestId: null,
      prevHash: CHAIN(0),
      hash: CHAIN(11),
    },
    {
      id: 12,
      trackingId: 'LAP-2026-000203',
      seq: 2,
      at: '2026-11-16T03:00:00.000Z',
      actor: 'admin.bali',
      role: 'institution_admin',
      action: 'dispose',
      fromStatus: 'submitted',
      toStatus: 'disposed',
      fromInstitution: null,
      toInstitution: 'bali.dinkes',
      note: 'Mohon ditindaklanjuti oleh Dinas Kesehatan',
      requestId: 'req-12',
      prevHash: CHAIN(11),
      hash: CHAIN(12),
    },
  ],
};

export const INSTITUTIONS: Institution[] = [
  { id: 'national', parentId: null, name: 'Kementerian PANRB – Pengelola Nasional SP4N LAPOR!', level: 'national', active: true },
  { id: 'kemenkes', parentId: 'national', name: 'Kementerian Kesehatan', level: 'ministry', active: true },
  { id: 'bali', parentId: 'national', name: 'Pemerintah Provinsi Bali', level: 'province', active: true },
  { id: 'bali.dinkes', parentId: 'bali', name: 'Dinas Kesehatan Provinsi Bali', level: 'unit', active: true },
  { id: 'bali.inspektorat', parentId: 'bali', name: 'Inspektorat Provinsi Bali', level: 'unit', active: true },
  { id: 'badung', parentId: 'bali', name: 'Pemerintah Kabupaten Badung', level: 'regency', active: true },
  { id: 'badung.dinkes', parentId: 'badung', name: 'Dinas Kesehatan Kabupaten Badung', level: 'unit', active: true },
  { id: 'badung.disdukcapil', parentId: 'badung', name: 'Dinas Kependudukan dan Pencatatan Sipil Badung', level: 'unit', active: true },
  { id: 'denpasar', parentId: 'bali', name: 'Pemerintah Kota Denpasar', level: 'regency', active: true },
  { id: 'denpasar.dpupr', parentId: 'denpasar', name: 'Dinas PUPR Kota Denpasar', level: 'unit', active: true },
  { id: 'denpasar.bappeda', parentId: 'denpasar', name: 'Bappeda Kota Denpasar', level: 'unit', active: false },
];

export const CATEGORIES: Category[] = [
  { id: 'kesehatan', parentId: null, name: 'Kesehatan', nameEn: 'Health', institutionHint: 'bali.dinkes' },
  { id: 'kesehatan.bpjs', parentId: 'kesehatan', name: 'BPJS Kesehatan dan JKN-KIS', nameEn: 'BPJS Health insurance', institutionHint: 'bali.dinkes' },
  { id: 'kesehatan.rumah-sakit', parentId: 'kesehatan', name: 'Rumah sakit dan puskesmas', nameEn: 'Hospitals and clinics', institutionHint: 'bali.dinkes' },
  { id: 'infrastruktur', parentId: null, name: 'Infrastruktur', nameEn: 'Infrastructure', institutionHint: null },
  { id: 'infrastruktur.jalan', parentId: 'infrastruktur', name: 'Jalan dan jembatan', nameEn: 'Roads and bridges', institutionHint: 'denpasar.dpupr' },
  { id: 'kependudukan', parentId: null, name: 'Kependudukan', nameEn: 'Civil registration', institutionHint: 'badung.disdukcapil' },
  { id: 'lingkungan', parentId: null, name: 'Lingkungan hidup', nameEn: null, institutionHint: null },
];

export const CALENDAR: Record<number, CalendarDay[]> = {
  2024: [
    { date: '2024-01-01', kind: 'holiday', name: 'Tahun Baru Masehi' },
    { date: '2024-02-09', kind: 'cuti_bersama', name: 'Cuti Bersama Tahun Baru Imlek' },
    { date: '2024-03-11', kind: 'holiday', name: 'Hari Suci Nyepi (Tahun Baru Saka 1946)' },
    { date: '2024-04-10', kind: 'holiday', name: 'Hari Raya Idul Fitri 1445 H' },
    { date: '2024-04-11', kind: 'holiday', name: 'Hari Raya Idul Fitri 1445 H' },
    { date: '2024-08-17', kind: 'holiday', name: 'Hari Kemerdekaan Republik Indonesia' },
    { date: '2024-12-26', kind: 'cuti_bersama', name: 'Cuti Bersama Hari Raya Natal' },
  ],
  2026: [{ date: '2026-12-25', kind: 'holiday', name: 'Hari Raya Natal' }],
};

export const ME: Actor = { name: 'admin.bali', role: 'national_admin', institutionId: null };

export interface FakeApiData {
  cases: Case[];
  events: Record<string, CaseEvent[]>;
  institutions: Institution[];
  categories: Category[];
  calendar: Record<number, CalendarDay[]>;
}

export const DATA: FakeApiData = { cases: CASES, events: EVENTS, institutions: INSTITUTIONS, categories: CATEGORIES, calendar: CALENDAR };

export const EMPTY: FakeApiData = { cases: [], events: {}, institutions: [], categories: [], calendar: {} };

export interface FakeApi extends ApiClient {
  /** The requests made, as "listCases status=…" lines, to check what was asked for. */
  readonly calls: string[];
}

function notFound(path: string, what: string): Error {
  return apiErrorFor({ method: 'GET', path, status: 404, title: 'Not Found', detail: `${what} not found` });
}

function notImplemented(name: string): never {
  throw new Error(`fake ApiClient: ${name} is not used by the reading commands`);
}

/** A fake ApiClient over fixed data: filters by status, institution (subtree) and q; cursor paging by offset. */
export function createFakeApi(data: FakeApiData = DATA): FakeApi {
  const calls: string[] = [];
  const tree = institutionTree(data.institutions);
  const within = (id: string | null, root: string): boolean => id !== null && isWithinTree(tree, id, root);
  const select = (query: CaseListParams): Case[] => {
    const statuses = query.status === undefined ? null : typeof query.status === 'string' ? query.status.split(',') : [...query.status];
    const q = query.q?.toLowerCase();
    return data.cases.filter(
      (c) =>
        (statuses === null || statuses.includes(c.status)) &&
        (!query.institution || within(c.institutionId, query.institution)) &&
        (!q || c.trackingId.toLowerCase().includes(q) || (c.title ?? '').toLowerCase().includes(q)),
    );
  };
  const api: FakeApi = {
    baseUrl: FAKE_URL,
    calls,
    async health() {
      return notImplemented('health');
    },
    async whoami() {
      calls.push('whoami');
      return ME;
    },
    async listCases(query = {}): Promise<CasePage> {
      calls.push(`listCases ${JSON.stringify(query)}`);
      const all = select(query);
      const offset = query.cursor ? Number(query.cursor) : 0;
      const limit = Number(query.limit ?? 30);
      const items = all.slice(offset, offset + limit);
      return { items, nextCursor: offset + limit < all.length ? String(offset + limit) : null };
    },
    async *iterateCases(query = {}) {
      let cursor: string | undefined;
      do {
        const page = await api.listCases({ ...query, cursor });
        yield* page.items;
        cursor = page.nextCursor ?? undefined;
      } while (cursor !== undefined);
    },
    async getCase(trackingId): Promise<CaseWithVersion> {
      calls.push(`getCase ${trackingId}`);
      const c = data.cases.find((x) => x.trackingId === trackingId);
      if (!c) throw notFound(`/v1/cases/${encodeURIComponent(trackingId)}`, 'case');
      return { case: c, version: c.version, etag: `"${c.version}"` };
    },
    async caseEvents(trackingId) {
      calls.push(`caseEvents ${trackingId}`);
      if (!data.cases.some((x) => x.trackingId === trackingId)) {
        throw notFound(`/v1/cases/${encodeURIComponent(trackingId)}/events`, 'case');
      }
      return data.events[trackingId] ?? [];
    },
    async act() {
      return notImplemented('act');
    },
    async bulk() {
      return notImplemented('bulk');
    },
    async createCase() {
      return notImplemented('createCase');
    },
    async institutions() {
      calls.push('institutions');
      return data.institutions;
    },
    async categories() {
      calls.push('categories');
      return data.categories;
    },
    async channels() {
      return [];
    },
    async calendar(year?: number): Promise<Calendar> {
      calls.push(`calendar ${year ?? ''}`.trimEnd());
      const items = year === undefined ? Object.values(data.calendar).flat() : (data.calendar[year] ?? []);
      return { timezoneOffsetMinutes: 480, items };
    },
    async openapi() {
      return notImplemented('openapi');
    },
    async close() {},
  };
  return api;
}

export interface TestDepsOptions {
  tty?: boolean;
  width?: number;
  env?: Env;
  data?: FakeApiData;
  /** The language is read from argv (--lang) as the real entry point does; this is the default. */
  argv?: readonly string[];
}

export interface TestDeps extends Deps {
  io: TestIOStreams;
  api(): Promise<FakeApi>;
  fake: FakeApi;
}

/** Deps for one run: tty decides the streams, color off, width 80, the fixed clock, an empty env. */
export function createTestDeps(options: TestDepsOptions = {}): TestDeps {
  const env = options.env ?? {};
  const home = mkdtempSync(join(tmpdir(), 'lapor-cli-'));
  const fake = createFakeApi(options.data ?? DATA);
  const deps = inProcessDeps({
    api: fake,
    io: createTestIOStreams({ tty: options.tty ?? false, color: false, width: options.width ?? 80 }),
    env,
    lang: resolveLang(options.argv ?? [], env),
    now: () => NOW,
    paths: { configDir: join(home, 'config', 'lapor'), dataDir: join(home, 'data', 'lapor'), stateDir: join(home, 'state', 'lapor') },
  });
  return { ...deps, fake };
}

export interface RunResult {
  code: number;
  out: string;
  err: string;
  fake: FakeApi;
}

/** Runs one command line in-process, as `lapor <argv>` would, and returns what it wrote. */
export async function run(argv: readonly string[], options: Omit<TestDepsOptions, 'argv'> = {}): Promise<RunResult> {
  const deps = createTestDeps({ ...options, argv });
  const code = await runCli(argv, deps);
  return { code, out: deps.io.outText(), err: deps.io.errText(), fake: deps.fake };
}
