// The evidence pack (GET /v1/stats/institutions) equals an independent recomputation from the raw tables
// (cases, case_events, sla_breaches, institutions, calendar_days), written here case by case in TypeScript
// with the domain's WorkingCalendar — no rollups, no SQL of the server. On generated cases (the seed
// generator), with breach records inserted directly and escalate events appended to the hash chain at the
// SQL level (the domain has no escalate action on this branch), for a finished year and the running one,
// nationally and for a subtree, full and public. Sizes: 1,500 cases on PGlite, 5,000 on PostgreSQL (the long
// phase: 100,000 on PostgreSQL, with its timing on stderr).

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WorkingCalendar } from '../../src/domain/clocks.js';
import { StatsInstitutionsReportSchema, type StatsInstitutionsReport } from '../../src/domain/evidence.js';
import { eventHash } from '../../src/domain/events.js';
import { DEFAULT_CLOCKS } from '../../src/domain/types.js';
import { seedCases } from '../../src/server/seed/load.js';
import { BACKENDS, call, startTestServer, type TestServer } from '../helpers/server.js';

const NOW = '2024-07-15T03:00:00.000Z'; // Monday 11:00 WITA
const LONG = process.env.LAPOR_LONG_TESTS === '1';
const OFF = DEFAULT_CLOCKS.utcOffsetMinutes * 60_000;
const DAY = 86_400_000;
const WITHIN = 5;
const MIN_DISPOSED = 10;

async function report(server: TestServer, query: string): Promise<StatsInstitutionsReport> {
  const res = await call(server.url, 'GET', `/v1/stats/institutions?${query}`, { token: server.tokens.stat });
  expect(res.status, res.text).toBe(200);
  return StatsInstitutionsReportSchema.parse(res.body);
}

interface Raw {
  cases: { id: string; inst: string | null; status: string; submitted: string; disposed: string | null; firstResponse: string | null; lastResponse: string | null; responseDue: string | null }[];
  events: { inst: string | null; role: string; action: string; at: string }[];
  breaches: { inst: string | null; at: string }[];
  insts: { id: string; name: string; parent: string | null; path: string }[];
  cal: WorkingCalendar;
}

const iso = (col: string) => `to_char((${col}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

async function loadRaw(server: TestServer): Promise<Raw> {
  const db = server.server.db;
  const cases = await db.query<Raw['cases'][number]>(
    `SELECT tracking_id AS id, institution_id AS inst, status, ${iso('submitted_at')} AS submitted, ${iso('disposed_at')} AS disposed,
       ${iso('first_response_at')} AS "firstResponse", ${iso('last_response_at')} AS "lastResponse", ${iso('response_due_at')} AS "responseDue" FROM cases`,
  );
  const events = await db.query<Raw['events'][number]>(`SELECT from_institution AS inst, role, action, ${iso('at')} AS at FROM case_events`);
  const breaches = await db.query<Raw['breaches'][number]>(`SELECT institution_id AS inst, ${iso('breached_at')} AS at FROM sla_breaches`);
  const insts = await db.query<Raw['insts'][number]>('SELECT id, name, parent_id AS parent, path FROM institutions');
  const days = await db.query<{ d: string }>("SELECT to_char(date, 'YYYY-MM-DD') AS d FROM calendar_days");
  return { cases, events, breaches, insts, cal: new WorkingCalendar(days.map((x) => x.d), DEFAULT_CLOCKS.utcOffsetMinutes) };
}

const localYear = (at: string) => new Date(Date.parse(at) + OFF).getUTCFullYear();
const localDay = (ms: number) => Math.floor((ms + OFF) / DAY);
const share = (a: number, b: number) => (b === 0 ? null : a / b);
/** Nearest rank over a sorted list, by its definition: the first value with at least p% of the list at or below it. */
function nearest(sorted: readonly number[], p: number): number | null {
  for (let i = 0; i < sorted.length; i += 1) if ((i + 1) * 100 >= p * sorted.length) return sorted[i];
  return null;
}

interface Figures {
  received: number;
  disposed: number;
  followedUp: number;
  within: number;
  completed: number;
  wd: number[];
  breaches: number;
  escalations: number;
  last: string | null;
}

/** The expected rows (own rows in ranking order, subtree rows as a map) from the raw tables. */
function recompute(raw: Raw, year: number, scopeRoot: string | null) {
  const rootPath = scopeRoot === null ? '/' : raw.insts.find((i) => i.id === scopeRoot)!.path;
  const insts = raw.insts.filter((i) => i.path.startsWith(rootPath));
  const yearEnd = Date.UTC(year + 1, 0, 1) - OFF;
  const activityAt = Math.min(yearEnd - 1, Date.parse(NOW));
  const own = new Map<string, Figures>(insts.map((i) => [i.id, { received: 0, disposed: 0, followedUp: 0, within: 0, completed: 0, wd: [], breaches: 0, escalations: 0, last: null }]));
  for (const c of raw.cases) {
    const f = c.inst === null ? undefined : own.get(c.inst);
    if (!f || localYear(c.submitted) !== year) continue;
    f.received += 1;
    if (c.disposed !== null) f.disposed += 1;
    if (c.disposed !== null && c.lastResponse !== null) f.followedUp += 1;
    if (c.status === 'completed') f.completed += 1;
    if (c.disposed !== null && c.responseDue !== null && c.firstResponse !== null) {
      const wd = raw.cal.workingDaysBetween(c.disposed, c.firstResponse);
      f.wd.push(wd);
      if (wd <= WITHIN) f.within += 1;
    }
  }
  for (const b of raw.breaches) if (b.inst !== null && localYear(b.at) === year && own.has(b.inst)) own.get(b.inst)!.breaches += 1;
  for (const e of raw.events) {
    if (e.inst === null || !own.has(e.inst)) continue;
    const f = own.get(e.inst)!;
    if (e.action === 'escalate' && localYear(e.at) === year) f.escalations += 1;
    if ((e.role === 'liaison' || e.role === 'institution_admin') && Date.parse(e.at) <= activityAt && (f.last === null || Date.parse(e.at) > Date.parse(f.last))) f.last = e.at;
  }
  const rowOf = (id: string, f: Figures, scope: 'own' | 'subtree') => {
    const wd = [...f.wd].sort((a, b) => a - b);
    const i = insts.find((x) => x.id === id)!;
    return {
      institutionId: id,
      name: i.name,
      parentId: i.parent !== null && own.has(i.parent) ? i.parent : null,
      scope,
      received: f.received,
      disposed: f.disposed,
      followedUp: f.followedUp,
      followUpShare: share(f.followedUp, f.disposed),
      within: f.within,
      withinShare: share(f.within, f.disposed),
      completed: f.completed,
      completionRate: share(f.completed, f.received),
      responded: wd.length,
      medianWorkingDays: nearest(wd, 50),
      p90WorkingDays: nearest(wd, 90),
      breaches: f.breaches,
      escalations: f.escalations,
      lastActivityAt: f.last,
      daysSinceActivity: f.last === null ? null : localDay(activityAt) - localDay(Date.parse(f.last)),
    };
  };
  const ownRows = insts.map((i) => rowOf(i.id, own.get(i.id)!, 'own'));
  // ranking, by the rule the report states
  const eligible = ownRows.filter((r) => r.disposed >= MIN_DISPOSED);
  eligible.sort((a, b) => b.withinShare! - a.withinShare! || b.followUpShare! - a.followUpShare! || (a.medianWorkingDays ?? 1e9) - (b.medianWorkingDays ?? 1e9) || (a.institutionId < b.institutionId ? -1 : 1));
  const rest = ownRows.filter((r) => r.disposed < MIN_DISPOSED).sort((a, b) => (a.institutionId < b.institutionId ? -1 : 1));
  const ranked = [...eligible.map((r, i) => ({ ...r, rank: i + 1 as number | null })), ...rest.map((r) => ({ ...r, rank: null }))];
  // subtrees: every institution with units under it, summed over its subtree
  const subtrees = new Map<string, ReturnType<typeof rowOf>>();
  for (const a of insts) {
    const members = insts.filter((b) => b.path.startsWith(a.path));
    if (members.length < 2) continue;
    const sum: Figures = { received: 0, disposed: 0, followedUp: 0, within: 0, completed: 0, wd: [], breaches: 0, escalations: 0, last: null };
    for (const m of members) {
      const f = own.get(m.id)!;
      for (const k of ['received', 'disposed', 'followedUp', 'within', 'completed', 'breaches', 'escalations'] as const) sum[k] += f[k];
      sum.wd.push(...f.wd);
      if (f.last !== null && (sum.last === null || f.last > sum.last)) sum.last = f.last;
    }
    subtrees.set(a.id, rowOf(a.id, sum, 'subtree'));
  }
  return { ranked, subtrees, activityAt: new Date(activityAt).toISOString() };
}

function expectEquals(r: StatsInstitutionsReport, e: ReturnType<typeof recompute>): void {
  expect(r.activityAt).toBe(e.activityAt);
  expect(r.rankingMinDisposed).toBe(MIN_DISPOSED);
  expect(r.institutions.map(({ depth: _d, ...rest }) => rest)).toEqual(e.ranked);
  expect(new Map(r.subtrees.map(({ depth: _d, rank: _r, ...rest }) => [rest.institutionId, rest]))).toEqual(e.subtrees);
}

describe.each(BACKENDS)('evidence pack recomputation (%s)', (backend) => {
  const count = backend === 'postgres' ? (LONG ? 100_000 : 5_000) : 1_500;
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(backend, { now: new Date(NOW) });
    await seedCases(server.server.db, { count, years: [2023, 2024], seed: 19, now: NOW });
    const db = server.server.db;
    // breach records, straight into the table (its writer is the SLA sweep of another branch): some at the
    // local year boundary (2024-01-01 00:30 WITA is still 2023 in UTC), one with no institution
    const picked = await db.query<{ tracking_id: string; institution_id: string | null; submitted_at: unknown }>(
      `SELECT tracking_id, institution_id, submitted_at FROM cases WHERE institution_id IS NOT NULL ORDER BY tracking_id LIMIT 60`,
    );
    const at = (i: number) => (i % 7 === 0 ? '2023-12-31T16:30:00Z' : i % 2 === 0 ? `2023-0${1 + (i % 9)}-15T02:00:00Z` : `2024-0${1 + (i % 6)}-10T02:00:00Z`);
    for (const [i, c] of picked.entries()) {
      // status: the case's status when the clock passed (a verify breach in the queue, a response one at the institution)
      await db.query('INSERT INTO sla_breaches (tracking_id, clock, due_at, breached_at, institution_id, status) VALUES ($1, $2, $3, $4, $5, $6)', [
        c.tracking_id,
        i % 3 === 0 ? 'verify' : 'response',
        at(i),
        at(i),
        i === 5 ? null : c.institution_id,
        i % 3 === 0 ? 'submitted' : 'disposed',
      ]);
    }
    // escalate events, appended to each case's hash chain (as the store writes events, in SQL)
    for (const [i, c] of picked.slice(0, 25).entries()) {
      const [last] = await db.query<{ seq: number; hash: string; to_status: string | null }>(
        'SELECT seq, hash, to_status FROM case_events WHERE tracking_id = $1 ORDER BY seq DESC LIMIT 1',
        [c.tracking_id],
      );
      const e = {
        trackingId: c.tracking_id,
        seq: Number(last.seq) + 1,
        at: i % 4 === 0 ? '2023-12-31T16:30:00.000Z' : i % 2 === 0 ? '2023-06-01T02:00:00.000Z' : '2024-03-04T02:00:00.000Z',
        actor: 'admin.nasional',
        role: 'national_admin',
        action: 'escalate',
        fromStatus: last.to_status,
        toStatus: last.to_status,
        fromInstitution: c.institution_id,
        toInstitution: c.institution_id,
        note: null,
        requestId: null,
      };
      await db.query(
        `INSERT INTO case_events (tracking_id, seq, at, actor, role, action, from_status, to_status, from_institution, to_institution, note, request_id, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [e.trackingId, e.seq, e.at, e.actor, e.role, e.action, e.fromStatus, e.toStatus, e.fromInstitution, e.toInstitution, e.note, e.requestId, last.hash, eventHash(last.hash, e)],
      );
    }
  }, 600_000);
  afterAll(async () => server?.close());

  test(`a finished year and the running one, national and a subtree, equal the recomputation (${count} cases)`, async () => {
    const started = Date.now();
    const reports = [await report(server, 'year=2023'), await report(server, 'year=2024'), await report(server, 'year=2024&institution=badung')];
    const ms = Date.now() - started;
    if (LONG) {
      const again = Date.now();
      await report(server, 'year=2024');
      process.stderr.write(`evidence pack, ${backend}, ${count} cases: 3 reports in ${ms} ms (the first refreshes the rollups); one more, rollups fresh: ${Date.now() - again} ms\n`);
    }
    const raw = await loadRaw(server);
    expectEquals(reports[0], recompute(raw, 2023, null));
    expectEquals(reports[1], recompute(raw, 2024, null));
    expectEquals(reports[2], recompute(raw, 2024, 'badung'));
    const [r2023, r2024] = reports;
    // the fixture reaches every column: breaches and escalations in both years, ranked and unranked rows
    for (const r of [r2023, r2024]) {
      expect(r.institutions.reduce((a, x) => a + (x.breaches ?? 0), 0)).toBeGreaterThan(0);
      expect(r.institutions.reduce((a, x) => a + (x.escalations ?? 0), 0)).toBeGreaterThan(0);
      expect(r.institutions.some((x) => x.rank !== null)).toBe(true);
      // (at 100,000 cases every institution with cases meets the minimum)
      if (!LONG) expect(r.institutions.some((x) => x.rank === null && (x.received ?? 0) > 0)).toBe(true);
      expect(r.institutions.some((x) => x.daysSinceActivity !== null)).toBe(true);
      expect(r.subtrees.length).toBeGreaterThan(0);
    }
    // an institution under the minimum is never ranked above one that meets it
    const small = r2024.institutions.find((x) => x.rank === null && (x.disposed ?? 0) > 0);
    if (small) expect(r2024.institutions.indexOf(small)).toBeGreaterThan(r2024.institutions.filter((x) => x.rank !== null).length - 1);
    // the subtree report's rows are the national report's rows of that subtree
    const nat = new Map(r2024.institutions.map((x) => [x.institutionId, x]));
    for (const x of reports[2].institutions) expect({ ...x, rank: null, depth: 0, parentId: null }).toEqual({ ...nat.get(x.institutionId), rank: null, depth: 0, parentId: null });
  }, 300_000);

  test('public: no published count below k, shares only from shown counts, ranking on what is shown', async () => {
    const full = await report(server, 'year=2024');
    const pub = await report(server, 'year=2024&public=true&k=10');
    expect(pub.public).toBe(true);
    expect(pub.suppressed.length).toBeGreaterThan(0);
    const counts = ['received', 'disposed', 'followedUp', 'within', 'completed', 'responded', 'breaches', 'escalations'] as const;
    const fullRows = new Map([...full.institutions, ...full.subtrees].map((r) => [`${r.scope}.${r.institutionId}`, r]));
    for (const r of [...pub.institutions, ...pub.subtrees]) {
      const f = fullRows.get(`${r.scope}.${r.institutionId}`)!;
      for (const c of counts) {
        const v = r[c];
        if (v === null) continue;
        expect(v === 0 || v >= 10, `${r.scope}.${r.institutionId}.${c} = ${v}`).toBe(true);
        expect(v).toBe(f[c]); // what is published is the full report's figure
      }
      if (r.withinShare !== null) expect(r.within !== null && r.disposed !== null).toBe(true);
      if (r.medianWorkingDays !== null) expect(r.responded).toBeGreaterThanOrEqual(10);
      if (r.rank !== null) expect(r.withinShare).not.toBeNull();
    }
  }, 120_000);
});
