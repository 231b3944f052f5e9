// Issue #2 "Must show" 1: every read route answers — health, OpenAPI, whoami, reference data, tokens, and
// GET /v1/cases with every filter, every sort and cursor pagination — on every backend.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Case } from '../../src/domain/types.js';
import { BACKENDS, call, TEST_TOKENS, type TestServer, startTestServer } from '../helpers/server.js';
import { expectProblem, intake, must, type Body } from './api-setup.js';

type ListPage = { items: Case[]; nextCursor: string | null };

const P = Array.from({ length: 23 }, (_, i) => `RD-P${String(i).padStart(2, '0')}`);

/** The dataset: id → intake overrides, then the actions that bring it to its state (at a given clock). */
const DATASET: { id: string; intake: Body; steps?: { at?: string; body: Body }[] }[] = [
  {
    id: 'RD-A', // Friday 23:30 WITA
    intake: { title: 'Antrean BPJS lama', categoryId: 'kesehatan.bpjs', submittedAt: '2024-03-01T15:30:00Z' },
    steps: [{ body: { action: 'dispose', institutionId: 'badung.dinkes' } }],
  },
  {
    id: 'RD-B', // Saturday 00:30 WITA
    intake: { title: 'Usulan layanan kesehatan malam', classification: 'aspiration', categoryId: 'kesehatan', channel: 'sms_1708', submittedAt: '2024-03-01T16:30:00Z' },
    steps: [{ body: { action: 'dispose', institutionId: 'denpasar.dishub' } }],
  },
  {
    id: 'RD-C',
    intake: { title: 'Jadwal PPDB zonasi', classification: 'information_request', categoryId: 'pendidikan.ppdb', channel: 'mobile', submittedAt: '2024-02-01T02:00:00Z' },
  },
  {
    id: 'RD-D',
    intake: { title: 'Jalan berlubang di Kuta', categoryId: 'perhubungan.jalan-rusak', submittedAt: '2024-02-20T02:00:00Z' },
    steps: [{ at: '2024-02-21T02:00:00Z', body: { action: 'dispose', institutionId: 'badung.dishub' } }],
  },
  {
    id: 'RD-E',
    intake: { title: 'Izin bangunan tak kunjung terbit', categoryId: 'perizinan.pbg', submittedAt: '2024-03-04T01:00:00Z' },
    steps: [{ body: { action: 'postpone', note: 'Mohon lampirkan nomor permohonan.' } }],
  },
  {
    id: 'RD-F',
    intake: { title: 'Sekolah rusak atapnya', categoryId: 'pendidikan', submittedAt: '2024-03-02T02:00:00Z' },
    steps: [
      { body: { action: 'dispose', institutionId: 'badung' } },
      { body: { action: 'respond', message: 'Tim sudah meninjau lokasi.' } },
    ],
  },
  {
    id: 'RD-G',
    intake: { title: 'Sampah menumpuk di pasar', categoryId: 'lingkungan-hidup.sampah', submittedAt: '2023-12-01T02:00:00Z' },
    steps: [{ body: { action: 'dispose', institutionId: 'badung.dinkes' } }],
  },
  {
    id: 'RD-H',
    intake: { title: 'Saran ruang tunggu rumah sakit', classification: 'aspiration', categoryId: 'kesehatan.rumah-sakit', submittedAt: '2023-11-01T02:00:00Z' },
    steps: [{ body: { action: 'archive', reason: 'spam' } }],
  },
  {
    id: 'RD-I',
    intake: { title: 'Diskon 100% parkir_liar di pantai', categoryId: 'perhubungan.parkir', channel: 'whatsapp', submittedAt: '2024-03-03T10:00:00Z' },
  },
  {
    id: 'RD-J',
    intake: { title: 'Parkir liar 100 persen di pasar', categoryId: 'perhubungan.parkir', submittedAt: '2024-03-04T00:00:00Z' },
  },
];

describe.each(BACKENDS)('API reads (%s)', (backend) => {
  let ts: TestServer;
  const NOW = new Date('2024-03-04T02:00:00Z');

  beforeAll(async () => {
    ts = await startTestServer(backend);
    ts.clock.now = NOW;
    for (const d of DATASET) {
      let c = await intake(ts, { trackingId: d.id, ...d.intake });
      for (const step of d.steps ?? []) {
        ts.clock.now = new Date(step.at ?? NOW);
        c = await must(ts, c, step.body);
      }
      ts.clock.now = NOW;
    }
    for (const [i, id] of P.entries()) {
      await intake(ts, {
        trackingId: id,
        title: `Surat pengaduan nomor ${i}`,
        categoryId: 'administrasi-kependudukan.ktp-el',
        channel: 'letter',
        submittedAt: i < 12 ? '2024-03-04T01:00:00Z' : '2024-03-04T01:30:00Z',
      });
    }
  });
  afterAll(async () => {
    await ts?.close();
  });

  async function list(query: string, token = ts.tokens.admin): Promise<ListPage> {
    const res = await call<ListPage>(ts.url, 'GET', `/v1/cases?limit=500${query ? `&${query}` : ''}`, { token });
    expect(res.status, res.text).toBe(200);
    return res.body;
  }
  async function ids(query: string, token?: string): Promise<string[]> {
    return (await list(query, token)).items.map((c) => c.trackingId).sort();
  }

  describe('reference routes', () => {
    test('GET /healthz answers without a token and names the backend', async () => {
      const res = await call(ts.url, 'GET', '/healthz');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ok', database: backend, version: 'test' });
    });

    test('GET /v1/me names each token', async () => {
      for (const [name, t] of Object.entries(TEST_TOKENS)) {
        const res = await call(ts.url, 'GET', '/v1/me', { token: ts.tokens[name] });
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ name, role: t.role, institutionId: t.institutionId });
      }
    });

    test('GET /v1/institutions is the whole tree, parents before children', async () => {
      const res = await call<{ items: { id: string; parentId: string | null; level: string }[] }>(ts.url, 'GET', '/v1/institutions', {
        token: ts.tokens['liaison.badung.dinkes'],
      });
      expect(res.status).toBe(200);
      const byId = new Map(res.body.items.map((i, n) => [i.id, { ...i, n }]));
      expect(byId.get('badung')).toMatchObject({ parentId: 'bali', level: 'regency' });
      expect(byId.get('denpasar.dishub')).toMatchObject({ parentId: 'denpasar', level: 'unit' });
      for (const i of byId.values()) if (i.parentId) expect(byId.get(i.parentId)!.n).toBeLessThan(i.n);
    });

    test('GET /v1/categories and /v1/channels', async () => {
      const cats = await call<{ items: { id: string; parentId: string | null }[] }>(ts.url, 'GET', '/v1/categories', { token: ts.tokens.stat });
      expect(cats.status).toBe(200);
      expect(cats.body.items).toContainEqual(expect.objectContaining({ id: 'kesehatan.bpjs', parentId: 'kesehatan' }));
      const chans = await call<{ items: { id: string }[] }>(ts.url, 'GET', '/v1/channels', { token: ts.tokens.stat });
      expect(chans.status).toBe(200);
      expect(chans.body.items.map((c) => c.id)).toEqual(expect.arrayContaining(['web', 'sms_1708', 'whatsapp']));
    });

    test('GET /v1/calendar?year=2024 holds only 2024, with Nyepi and its cuti bersama', async () => {
      const res = await call<{ timezoneOffsetMinutes: number; items: { date: string; kind: string }[] }>(ts.url, 'GET', '/v1/calendar?year=2024', {
        token: ts.tokens.admin,
      });
      expect(res.status).toBe(200);
      expect(res.body.timezoneOffsetMinutes).toBe(480);
      expect(res.body.items.length).toBeGreaterThan(10);
      for (const d of res.body.items) expect(d.date.slice(0, 4)).toBe('2024');
      expect(res.body.items).toContainEqual(expect.objectContaining({ date: '2024-03-11', kind: 'holiday' }));
      expect(res.body.items).toContainEqual(expect.objectContaining({ date: '2024-03-12', kind: 'cuti_bersama' }));
      const all = await call<{ items: { date: string }[] }>(ts.url, 'GET', '/v1/calendar', { token: ts.tokens.admin });
      expect(new Set(all.body.items.map((d) => d.date.slice(0, 4))).size).toBeGreaterThan(1);
      expectProblem(await call(ts.url, 'GET', '/v1/calendar?year=abc', { token: ts.tokens.admin }), 400, 'year');
    });

    test('POST /v1/tokens: national admins only; the new secret works once created', async () => {
      const res = await call<{ name: string; token: string }>(ts.url, 'POST', '/v1/tokens', {
        token: ts.tokens.admin,
        body: { name: 'liaison.denpasar.dishub', role: 'liaison', institutionId: 'denpasar.dishub' },
      });
      expect(res.status, res.text).toBe(201);
      expect(res.body.name).toBe('liaison.denpasar.dishub');
      const me = await call(ts.url, 'GET', '/v1/me', { token: res.body.token });
      expect(me.body).toEqual({ name: 'liaison.denpasar.dishub', role: 'liaison', institutionId: 'denpasar.dishub' });
      // the new liaison sees its unit's case and nothing else
      expect(await ids('', res.body.token)).toEqual(['RD-B']);

      for (const other of ['admin.badung', 'liaison.badung.dinkes', 'stat', 'system']) {
        const refused = await call(ts.url, 'POST', '/v1/tokens', {
          token: ts.tokens[other],
          body: { name: `x.${other}`, role: 'national_admin', institutionId: null },
        });
        expectProblem(refused, 403);
      }
      const again = await call(ts.url, 'POST', '/v1/tokens', {
        token: ts.tokens.admin,
        body: { name: 'liaison.denpasar.dishub', role: 'liaison', institutionId: 'denpasar.dishub' },
      });
      expectProblem(again, 409, 'name');
      const unknown = await call(ts.url, 'POST', '/v1/tokens', {
        token: ts.tokens.admin,
        body: { name: 'nowhere', role: 'liaison', institutionId: 'atlantis' },
      });
      expectProblem(unknown, 422, 'institutionId');
    });
  });

  describe('GET /v1/cases filters', () => {
    test('no filter lists every case once; each item is a whole case', async () => {
      const page = await list('');
      expect(page.items.map((c) => c.trackingId).sort()).toEqual([...DATASET.map((d) => d.id), ...P].sort());
      expect(page.nextCursor).toBeNull();
      expect(page.items.find((c) => c.trackingId === 'RD-F')).toMatchObject({
        status: 'in_progress',
        institutionId: 'badung',
        categoryId: 'pendidikan',
        version: 3,
      });
    });

    test('status: one or a comma-separated list', async () => {
      expect(await ids('status=disposed')).toEqual(['RD-A', 'RD-B', 'RD-D', 'RD-G']);
      expect(await ids('status=submitted,postponed')).toEqual(['RD-C', 'RD-E', 'RD-I', 'RD-J', ...P].sort());
      expect(await ids('status=in_progress,archived')).toEqual(['RD-F', 'RD-H']);
      expect(await ids('status=completed')).toEqual([]);
      expectProblem(await call(ts.url, 'GET', '/v1/cases?status=bogus', { token: ts.tokens.admin }), 400, /^status/);
    });

    test('institution: the whole subtree', async () => {
      expect(await ids('institution=badung.dinkes')).toEqual(['RD-A', 'RD-G']);
      expect(await ids('institution=badung')).toEqual(['RD-A', 'RD-D', 'RD-F', 'RD-G']);
      expect(await ids('institution=denpasar')).toEqual(['RD-B']);
      expect(await ids('institution=bali')).toEqual(['RD-A', 'RD-B', 'RD-D', 'RD-F', 'RD-G']);
      expectProblem(await call(ts.url, 'GET', '/v1/cases?institution=atlantis', { token: ts.tokens.admin }), 400, 'institution');
    });

    test('institution-bound tokens list only their subtree, whatever they ask for', async () => {
      expect(await ids('', ts.tokens['admin.badung'])).toEqual(['RD-A', 'RD-D', 'RD-F', 'RD-G']);
      expect(await ids('', ts.tokens['liaison.badung.dinkes'])).toEqual(['RD-A', 'RD-G']);
      expect(await ids('institution=denpasar', ts.tokens['admin.badung'])).toEqual([]);
      expect(await ids('', ts.tokens['admin.denpasar'])).toEqual(['RD-B']);
      expect(await ids('', ts.tokens.system)).toHaveLength(DATASET.length + P.length);
    });

    test('category: a category with all its subcategories', async () => {
      expect(await ids('category=kesehatan')).toEqual(['RD-A', 'RD-B', 'RD-H']);
      expect(await ids('category=kesehatan.bpjs')).toEqual(['RD-A']);
      expect(await ids('category=pendidikan')).toEqual(['RD-C', 'RD-F']);
      expect(await ids('category=perhubungan')).toEqual(['RD-D', 'RD-I', 'RD-J']);
      expect(await ids('category=administrasi-kependudukan')).toEqual(P);
    });

    test('classification and channel', async () => {
      expect(await ids('classification=aspiration')).toEqual(['RD-B', 'RD-H']);
      expect(await ids('classification=information_request')).toEqual(['RD-C']);
      expect(await ids('channel=sms_1708')).toEqual(['RD-B']);
      expect(await ids('channel=whatsapp')).toEqual(['RD-I']);
      expect(await ids('channel=letter')).toEqual(P);
      expect(await ids('channel=letter&classification=aspiration')).toEqual([]);
      expectProblem(await call(ts.url, 'GET', '/v1/cases?classification=rumor', { token: ts.tokens.admin }), 400, 'classification');
    });

    test('from/to are whole local (WITA) days, both inclusive', async () => {
      // RD-A was sent Friday 23:30 WITA (15:30 UTC), RD-B Saturday 00:30 WITA (still Friday in UTC)
      expect(await ids('from=2024-03-01&to=2024-03-01')).toEqual(['RD-A']);
      expect(await ids('from=2024-03-02&to=2024-03-02')).toEqual(['RD-B', 'RD-F']);
      expect(await ids('to=2024-03-01')).toEqual(['RD-A', 'RD-C', 'RD-D', 'RD-G', 'RD-H']);
      expect(await ids('from=2024-03-03')).toEqual(['RD-E', 'RD-I', 'RD-J', ...P].sort());
      expect(await ids('from=2024-03-05')).toEqual([]);
      expectProblem(await call(ts.url, 'GET', '/v1/cases?from=2024-02-30', { token: ts.tokens.admin }), 400, 'from');
      expectProblem(await call(ts.url, 'GET', '/v1/cases?to=yesterday', { token: ts.tokens.admin }), 400, 'to');
    });

    test('overdue=verify|response|completion follow the (fake) clock', async () => {
      try {
        // Monday 4 March 2024, 10:00 WITA
        expect(await ids('overdue=verify')).toEqual(['RD-C']);
        expect(await ids('overdue=response')).toEqual(['RD-D']); // disposed 21 Feb, due 28 Feb
        expect(await ids('overdue=completion')).toEqual(['RD-G']); // submitted 1 Dec 2023
        // Friday 8 March 00:30 WITA: the verify clocks of 4 March (due end of Thursday 7 March) ran out
        ts.clock.now = new Date('2024-03-07T16:30:00Z');
        expect(await ids('overdue=verify')).toEqual(['RD-C', 'RD-E', 'RD-I', 'RD-J', ...P].sort());
        // one second before the end of Thursday 7 March WITA: nothing of 4 March is late yet
        ts.clock.now = new Date('2024-03-07T15:59:59Z');
        expect(await ids('overdue=verify')).toEqual(['RD-C', 'RD-I']); // RD-I: Sunday 3 March → due Wednesday 6 March
        // Thursday 14 March: disposed on 4 March, 5 working days skipping Nyepi and its cuti bersama → 13 March
        ts.clock.now = new Date('2024-03-13T15:59:59Z');
        expect(await ids('overdue=response')).toEqual(['RD-D']);
        ts.clock.now = new Date('2024-03-14T00:00:00Z');
        expect(await ids('overdue=response')).toEqual(['RD-A', 'RD-B', 'RD-D', 'RD-G']);
        // 2 April: RD-C (1 February + 60 days = 1 April) is late too; archived RD-H never is
        ts.clock.now = new Date('2024-04-02T00:00:00Z');
        expect(await ids('overdue=completion')).toEqual(['RD-C', 'RD-G']);
        expectProblem(await call(ts.url, 'GET', '/v1/cases?overdue=soon', { token: ts.tokens.admin }), 400, 'overdue');
      } finally {
        ts.clock.now = NOW;
      }
    });

    test('q: title text (case-insensitive, wildcards literal) or an exact tracking ID', async () => {
      expect(await ids('q=bpjs')).toEqual(['RD-A']);
      expect(await ids(`q=${encodeURIComponent('100%')}`)).toEqual(['RD-I']);
      expect(await ids('q=parkir_liar')).toEqual(['RD-I']);
      expect(await ids('q=PARKIR')).toEqual(['RD-I', 'RD-J']);
      expect(await ids('q=RD-C')).toEqual(['RD-C']);
      expect(await ids('q=tidak-ada-yang-cocok')).toEqual([]);
    });

    test('filters combine', async () => {
      expect(await ids('status=disposed&institution=badung')).toEqual(['RD-A', 'RD-D', 'RD-G']);
      expect(await ids('status=disposed&institution=badung&category=kesehatan')).toEqual(['RD-A']);
      expect(await ids('category=perhubungan&channel=web&from=2024-03-04')).toEqual(['RD-J']);
    });
  });

  describe('GET /v1/cases sorting and pagination', () => {
    const cmp = (a: string | null, b: string | null) => {
      if (a === b) return 0;
      if (a === null) return 1; // nulls last
      if (b === null) return -1;
      return Date.parse(a) - Date.parse(b);
    };
    const byId = (a: Case, b: Case) => (a.trackingId < b.trackingId ? -1 : a.trackingId > b.trackingId ? 1 : 0);
    const SORTS: Record<string, (a: Case, b: Case) => number> = {
      submittedAt: (a, b) => cmp(a.submittedAt, b.submittedAt) || byId(a, b),
      '-submittedAt': (a, b) => -cmp(a.submittedAt, b.submittedAt) || -byId(a, b),
      verifyDueAt: (a, b) => cmp(a.verifyDueAt, b.verifyDueAt) || byId(a, b),
      responseDueAt: (a, b) => cmp(a.responseDueAt, b.responseDueAt) || byId(a, b),
      trackingId: byId,
    };

    test.each(Object.keys(SORTS))('sort=%s is a total order and the cursor visits every case exactly once', async (sort) => {
      const whole = (await list(`sort=${encodeURIComponent(sort)}`)).items;
      expect(whole).toHaveLength(DATASET.length + P.length);
      expect(whole.map((c) => c.trackingId)).toEqual([...whole].sort(SORTS[sort]).map((c) => c.trackingId));

      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const q: string = `sort=${encodeURIComponent(sort)}&limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const res = await call<ListPage>(ts.url, 'GET', `/v1/cases?${q}`, { token: ts.tokens.admin });
        expect(res.status, res.text).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(4);
        seen.push(...res.body.items.map((c) => c.trackingId));
        cursor = res.body.nextCursor;
        pages += 1;
        expect(pages).toBeLessThan(20);
      } while (cursor);
      expect(pages).toBe(Math.ceil(whole.length / 4));
      expect(seen).toEqual(whole.map((c) => c.trackingId));
    });

    test('a page boundary inside a run of equal keys neither skips nor repeats (submittedAt ties, null responseDueAt)', async () => {
      for (const limit of [1, 5, 11, 12, 13]) {
        for (const sort of ['submittedAt', 'responseDueAt']) {
          const seen: string[] = [];
          let cursor: string | null = null;
          do {
            const q: string = `status=submitted&sort=${sort}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
            const res = await call<ListPage>(ts.url, 'GET', `/v1/cases?${q}`, { token: ts.tokens.admin });
            expect(res.status, res.text).toBe(200);
            seen.push(...res.body.items.map((c) => c.trackingId));
            cursor = res.body.nextCursor;
          } while (cursor);
          expect(seen.slice().sort(), `${sort} limit ${limit}`).toEqual(['RD-C', 'RD-I', 'RD-J', ...P].sort());
          expect(new Set(seen).size).toBe(seen.length);
        }
      }
    });

    test('limit: default 50, at most 500', async () => {
      const res = await call<ListPage>(ts.url, 'GET', '/v1/cases?limit=500', { token: ts.tokens.admin });
      expect(res.status).toBe(200);
      expectProblem(await call(ts.url, 'GET', '/v1/cases?limit=501', { token: ts.tokens.admin }), 400, 'limit');
      expectProblem(await call(ts.url, 'GET', '/v1/cases?limit=0', { token: ts.tokens.admin }), 400, 'limit');
      expectProblem(await call(ts.url, 'GET', '/v1/cases?sort=title', { token: ts.tokens.admin }), 400, 'sort');
      const two = await call<ListPage>(ts.url, 'GET', '/v1/cases?limit=2', { token: ts.tokens.admin });
      expect(two.body.items).toHaveLength(2);
      expect(two.body.nextCursor).toEqual(expect.any(String));
    });
  });

    test('fields= gives sparse items (always trackingId and version) with the same order and cursor', async () => {
      const full = (await list('status=submitted&sort=submittedAt')).items;
      const seen: Record<string, unknown>[] = [];
      let cursor: string | null = null;
      do {
        const q: string = `status=submitted&fields=status,submittedAt,incidentDate&limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
        const res = await call<{ items: Record<string, unknown>[]; nextCursor: string | null }>(ts.url, 'GET', `/v1/cases?${q}`, { token: ts.tokens.admin });
        expect(res.status, res.text).toBe(200);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(
        full.map((c) => ({ trackingId: c.trackingId, version: c.version, status: c.status, submittedAt: c.submittedAt, incidentDate: c.incidentDate })),
      );
      expectProblem(await call(ts.url, 'GET', '/v1/cases?fields=status,reporterNik', { token: ts.tokens.admin }), 400, 'fields.1');
    });

  describe('GET /openapi.json', () => {
    /** body: the media type of the documented request body; type: the success response's media type (JSON unless said). */
    const ROUTES: [string, string, { body?: string; status?: string; type?: string }][] = [
      ['get', '/healthz', {}],
      ['get', '/openapi.json', {}],
      ['get', '/v1/me', {}],
      ['get', '/v1/institutions', {}],
      ['get', '/v1/categories', {}],
      ['get', '/v1/channels', {}],
      ['get', '/v1/calendar', {}],
      ['post', '/v1/tokens', { body: 'application/json', status: '201' }],
      ['get', '/v1/tokens', {}],
      ['get', '/v1/aliases/{kind}', {}],
      ['post', '/v1/aliases/{kind}', { body: 'application/json' }],
      ['delete', '/v1/aliases/{kind}/{alias}', {}],
      ['delete', '/v1/tokens/{name}', {}],
      // answer templates and the review setting (#20)
      ['get', '/v1/templates', {}],
      ['post', '/v1/templates', { body: 'application/json', status: '201' }],
      ['post', '/v1/templates/import', { body: 'application/json' }],
      ['get', '/v1/templates/{name}', {}],
      ['patch', '/v1/templates/{name}', { body: 'application/json' }],
      ['delete', '/v1/templates/{name}', {}],
      ['get', '/v1/review', {}],
      ['put', '/v1/review/{id}', { body: 'application/json' }],
      ['get', '/v1/cases', {}],
      ['get', '/v1/cases/{trackingId}', {}],
      ['get', '/v1/cases/{trackingId}/events', {}],
      ['post', '/v1/cases/{trackingId}/actions', { body: 'application/json' }],
      ['post', '/v1/bulk', { body: 'application/json' }],
      ['post', '/v1/cases', { body: 'application/json', status: '201' }],
      ['get', '/v1/sla/overdue', {}],
      ['post', '/v1/sla/sweep', { body: 'application/json' }],
      ['get', '/v1/stats/annual', {}],
      ['get', '/v1/stats/trend', {}],
      ['get', '/v1/audit/verify', {}],
      ['get', '/v1/exports/cases', { type: 'text/csv' }],
      // imports stream their rows as NDJSON both ways: the schemas are those of one line
      ['post', '/v1/imports/cases', { body: 'application/x-ndjson', type: 'application/x-ndjson' }],
      ['post', '/v1/imports/institutions', { body: 'application/x-ndjson', type: 'application/x-ndjson' }],
      ['post', '/v1/imports/categories', { body: 'application/x-ndjson', type: 'application/x-ndjson' }],
      ['post', '/v1/imports/calendar', { body: 'application/x-ndjson', type: 'application/x-ndjson' }],
      // desk work (issue #20)
      ['get', '/v1/cases/{trackingId}/links', {}],
      ['get', '/v1/cases/{trackingId}/similar', {}],
      ['get', '/v1/stats/duplicates', {}],
      // the evidence pack (issue #19) and the change feed (issue #20)
      ['get', '/v1/stats/institutions', {}],
      ['get', '/v1/events', {}],
      // SLA policies (issue #19)
      ['get', '/v1/sla/policies', {}],
      ['get', '/v1/sla/policies/{id}', {}],
      ['post', '/v1/sla/policies', { body: 'application/json' }],
    ];

    test('lists every route with its request and response schemas', async () => {
      const res = await call<{ openapi: string; paths: Record<string, Record<string, Body>> }>(ts.url, 'GET', '/openapi.json');
      expect(res.status).toBe(200);
      expect(res.body.openapi).toMatch(/^3\./);
      const documented = Object.entries(res.body.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
      expect(documented.sort()).toEqual(ROUTES.map(([m, p]) => `${m} ${p}`).sort());
      for (const [method, path, opts] of ROUTES) {
        const op = res.body.paths[path][method] as {
          parameters: { name: string; in: string }[];
          requestBody?: { content: Record<string, { schema: Body }> };
          responses: Record<string, { content: Record<string, { schema: Body }> }>;
        };
        const ok = op.responses[opts.status ?? '200'];
        expect(ok, `${method} ${path}`).toBeDefined();
        expect(Object.keys(ok.content[opts.type ?? 'application/json'].schema).length, `${method} ${path} response schema`).toBeGreaterThan(0);
        // every error is a problem, and a route that can be refused declares its 4xx answers one by one
        for (const [status, r] of Object.entries(op.responses)) {
          if (Number(status) >= 400) expect(Object.keys(r.content), `${method} ${path} ${status}`).toEqual(['application/problem+json']);
        }
        expect(op.responses.default, `${method} ${path}: no catch-all`).toBeUndefined();
        if (path.startsWith('/v1/')) expect(Object.keys(op.responses), `${method} ${path}`).toEqual(expect.arrayContaining(['401', '429', '500']));
        if (opts.body) {
          expect(Object.keys(op.requestBody!.content[opts.body].schema).length, `${method} ${path} body`).toBeGreaterThan(0);
        } else {
          expect(op.requestBody).toBeUndefined();
        }
        for (const m of path.matchAll(/\{(\w+)\}/g)) expect(op.parameters).toContainEqual(expect.objectContaining({ name: m[1], in: 'path' }));
      }
      const listParams = (res.body.paths['/v1/cases'].get as { parameters: { name: string; in: string }[] }).parameters;
      expect(listParams.filter((p) => p.in === 'query').map((p) => p.name).sort()).toEqual(
        ['category', 'channel', 'classification', 'copiedTo', 'cursor', 'draft', 'escalated', 'fields', 'from', 'institution', 'limit', 'overdue', 'q', 'sort', 'status', 'to'].sort(),
      );
      const actions = res.body.paths['/v1/cases/{trackingId}/actions'].post as { parameters: { name: string; in: string; required: boolean }[] };
      expect(actions.parameters).toContainEqual(expect.objectContaining({ name: 'If-Match', in: 'header', required: true }));
      const bulk = res.body.paths['/v1/bulk'].post as { parameters: { name: string; in: string; required: boolean }[] };
      expect(bulk.parameters).toContainEqual(expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }));
      const caseSchema = (res.body.paths['/v1/cases/{trackingId}'].get as { responses: Record<string, { content: Record<string, { schema: { properties: Body } }> }> })
        .responses['200'].content['application/json'].schema;
      expect(Object.keys(caseSchema.properties)).toEqual(expect.arrayContaining(['trackingId', 'status', 'version', 'verifyDueAt']));
    });

    test('every documented route answers (no 404 from the router)', async () => {
      const res = await call<{ paths: Record<string, Record<string, Body>> }>(ts.url, 'GET', '/openapi.json');
      for (const [path, ops] of Object.entries(res.body.paths)) {
        for (const method of Object.keys(ops)) {
          const concrete = path.replace('{trackingId}', 'RD-A');
          const r = await call(ts.url, method.toUpperCase(), concrete, { token: ts.tokens.stat, ...(method === 'post' ? { body: {} } : {}) });
          // a statistician with an empty body is refused one way or another, but never by "no route"
          expect(r.text, `${method} ${concrete}`).not.toContain('no route');
          expect([200, 400, 403, 428], `${method} ${concrete}: ${r.text}`).toContain(r.status);
        }
      }
    });
  });
});
