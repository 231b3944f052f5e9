// The evidence pack (GET /v1/stats/institutions): the figures of src/domain/evidence.ts, read from the
// statistics rollups that src/server/stats.ts keeps (refreshed first, as for the annual report) and from
// three index-served reads of the event log and the breach records. Cost: the rollups of one year (a few
// rows per institution), one index probe per institution for its last activity (case_events_activity), the
// year's escalate events (case_events_escalate) and the year's breach records — never a scan of the cases.
// Subtree totals: counts are summed along the tree here; the percentiles of a subtree come from its merged
// working-day histograms, in SQL.

import { depthFirst } from '../domain/trees.js';
import {
  EVIDENCE_COUNTS,
  EVIDENCE_RANKING_MIN_DISPOSED,
  EVIDENCE_WITHIN_WORKING_DAYS,
  rankEvidence,
  type EvidenceRow,
  type StatsInstitutionsQuery,
  type StatsInstitutionsReport,
} from '../domain/evidence.js';
import { publicEvidenceReport } from '../domain/evidencePublic.js';
import { rate } from '../domain/stats.js';
import { DEFAULT_K } from '../domain/suppression.js';
import type { Actor } from '../domain/types.js';
import type { Queryable } from './db/driver.js';
import { localYearOf, refreshStats, resolveScope, yearStartMs } from './stats.js';
import type { Store } from './store.js';

const DAY_MS = 86_400_000;
/** The roles whose events are an institution's own activity (connectivity). */
const INSTITUTION_ROLES = ['institution_admin', 'liaison'];

/** ISO text of a timestamptz, the same on both drivers. */
const isoText = (col: string) => `to_char((${col}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export interface SlaOccurrences {
  breaches: Map<string, number>;
  escalations: Map<string, number>;
}

/**
 * Breaches and escalations per institution in [from, to): the one place that reads the SLA records
 * (sla_breaches; case events with action 'escalate'), so that their owner can rewire it.
 */
export async function slaOccurrences(db: Queryable, from: string, to: string): Promise<SlaOccurrences> {
  const breaches = await db.query<{ id: string; n: unknown }>(
    `SELECT institution_id AS id, count(*)::bigint AS n FROM sla_breaches
     WHERE breached_at >= $1 AND breached_at < $2 AND institution_id IS NOT NULL GROUP BY institution_id`,
    [from, to],
  );
  const escalations = await db.query<{ id: string; n: unknown }>(
    `SELECT from_institution AS id, count(*)::bigint AS n FROM case_events
     WHERE action = 'escalate' AND at >= $1 AND at < $2 AND from_institution IS NOT NULL GROUP BY from_institution`,
    [from, to],
  );
  return {
    breaches: new Map(breaches.map((r) => [r.id, Number(r.n)])),
    escalations: new Map(escalations.map((r) => [r.id, Number(r.n)])),
  };
}

interface Inst {
  id: string;
  name: string;
  parentId: string | null;
  path: string;
}

type Counts = Record<(typeof EVIDENCE_COUNTS)[number], number>;
const zero = (): Counts => ({ received: 0, disposed: 0, followedUp: 0, within: 0, completed: 0, responded: 0, breaches: 0, escalations: 0 });

/** GET /v1/stats/institutions. */
export async function institutionsReport(store: Store, actor: Actor, query: StatsInstitutionsQuery): Promise<StatsInstitutionsReport> {
  const s = store.options.settings;
  const asOfMs = store.options.now().getTime();
  const year = query.year ?? localYearOf(asOfMs, s.utcOffsetMinutes);
  const scope = await resolveScope(store, actor, query.institution);
  await refreshStats(store);
  const db = store.db;

  const rootPath = scope.institution === null ? '/' : (await db.query<{ path: string }>('SELECT path FROM institutions WHERE id = $1', [scope.institution.id]))[0].path;
  const insts = (
    await db.query<{ id: string; name: string; parent_id: string | null; path: string }>(
      'SELECT id, name, parent_id, path FROM institutions WHERE starts_with(path, $1) ORDER BY id',
      [rootPath],
    )
  ).map((r): Inst => ({ id: r.id, name: r.name, parentId: r.parent_id, path: r.path }));
  const inScope = new Set(insts.map((i) => i.id));

  const own = new Map<string, Counts>(insts.map((i) => [i.id, zero()]));
  const pct = await readRollups(db, year, rootPath, own);

  const yearStart = new Date(yearStartMs(year, s.utcOffsetMinutes)).toISOString();
  const yearEndMs = yearStartMs(year + 1, s.utcOffsetMinutes);
  const sla = await slaOccurrences(db, yearStart, new Date(yearEndMs).toISOString());
  for (const [id, n] of sla.breaches) if (own.has(id)) own.get(id)!.breaches = n;
  for (const [id, n] of sla.escalations) if (own.has(id)) own.get(id)!.escalations = n;

  // connectivity: one index probe per institution (case_events_activity)
  const activityAtMs = Math.min(yearEndMs - 1, asOfMs);
  const activityAt = new Date(activityAtMs).toISOString();
  const lastRows = await db.query<{ id: string; last: string | null }>(
    `SELECT i.id, (SELECT ${isoText('max(e.at)')} FROM case_events e
       WHERE e.from_institution = i.id AND e.role IN ('${INSTITUTION_ROLES.join("','")}') AND e.at <= $2) AS last
     FROM institutions i WHERE starts_with(i.path, $1)`,
    [rootPath, activityAt],
  );
  const ownLast = new Map(lastRows.map((r) => [r.id, r.last]));

  const { sub, subLast, hasUnits } = subtreeTotals(insts, own, ownLast);
  const segments = (path: string) => path.split('/').length - 2;
  const topDepth = Math.min(...insts.map((i) => segments(i.path)));
  const off = s.utcOffsetMinutes * 60_000;
  const localDay = (ms: number) => Math.floor((ms + off) / DAY_MS);
  const row = (i: Inst, scopeKind: 'own' | 'subtree', c: Counts, last: string | null, p: { median: number | null; p90: number | null } | undefined): Omit<EvidenceRow, 'rank'> => ({
    institutionId: i.id,
    name: i.name,
    parentId: i.parentId !== null && inScope.has(i.parentId) ? i.parentId : null,
    depth: segments(i.path) - topDepth,
    scope: scopeKind,
    received: c.received,
    disposed: c.disposed,
    followedUp: c.followedUp,
    followUpShare: rate(c.followedUp, c.disposed),
    within: c.within,
    withinShare: rate(c.within, c.disposed),
    completed: c.completed,
    completionRate: rate(c.completed, c.received),
    responded: c.responded,
    medianWorkingDays: p?.median ?? null,
    p90WorkingDays: p?.p90 ?? null,
    breaches: c.breaches,
    escalations: c.escalations,
    lastActivityAt: last,
    daysSinceActivity: last === null ? null : localDay(activityAtMs) - localDay(Date.parse(last)),
  });
  const ownRows = insts.map((i) => row(i, 'own', own.get(i.id)!, ownLast.get(i.id) ?? null, pct.get(`own\u0000${i.id}`)));
  const byId = new Map(insts.map((i) => [i.id, i]));
  const subtreeRows = depthFirst(insts.filter((i) => hasUnits.has(i.id)).map((i) => ({ ...i, parentId: i.parentId !== null && hasUnits.has(i.parentId) ? i.parentId : null })))
    .map(({ node }) => byId.get(node.id)!)
    .map((i) => ({ ...row(i, 'subtree', sub.get(i.id)!, subLast.get(i.id) ?? null, pct.get(`subtree\u0000${i.id}`)), rank: null }));
  const root = (await db.query<{ id: string; name: string }>('SELECT id, name FROM institutions WHERE parent_id IS NULL ORDER BY id LIMIT 1'))[0] ?? null;
  const report: StatsInstitutionsReport = {
    year,
    institution: scope.institution,
    asOf: new Date(asOfMs).toISOString(),
    activityAt,
    utcOffsetMinutes: s.utcOffsetMinutes,
    withinWorkingDays: EVIDENCE_WITHIN_WORKING_DAYS,
    rankingMinDisposed: EVIDENCE_RANKING_MIN_DISPOSED,
    publisher: scope.institution ?? root,
    public: false,
    k: null,
    suppressed: [],
    institutions: rankEvidence(ownRows),
    subtrees: subtreeRows,
  };
  return query.public === true ? publicEvidenceReport(report, query.k ?? DEFAULT_K) : report;
}

/**
 * The year's own counts from the rollups into `own`; the first follow-up's n, within the window, nearest-rank
 * median and p90, per institution and per subtree (merged histograms), returned by `scope\0id`.
 */
async function readRollups(db: Queryable, year: number, rootPath: string, own: Map<string, Counts>): Promise<Map<string, { median: number | null; p90: number | null }>> {
  const rollup = await db.query<{ id: string; received: unknown; disposed: unknown; followed_up: unknown; completed: unknown }>(
    `SELECT r.institution_id AS id,
       COALESCE(sum(n) FILTER (WHERE dim = 'all'), 0)::bigint AS received,
       COALESCE(sum(n) FILTER (WHERE dim = 'disposed'), 0)::bigint AS disposed,
       COALESCE(sum(n) FILTER (WHERE dim = 'followed_up'), 0)::bigint AS followed_up,
       COALESCE(sum(n) FILTER (WHERE dim = 'status' AND key = 'completed'), 0)::bigint AS completed
     FROM stats_rollup r JOIN institutions i ON i.id = r.institution_id
     WHERE r.year = $1 AND r.dim IN ('all', 'disposed', 'followed_up', 'status') AND starts_with(i.path, $2)
     GROUP BY r.institution_id`,
    [year, rootPath],
  );
  for (const r of rollup) {
    const c = own.get(r.id);
    if (!c) continue;
    c.received = Number(r.received);
    c.disposed = Number(r.disposed);
    c.followedUp = Number(r.followed_up);
    c.completed = Number(r.completed);
  }

  // first follow-ups: per institution and per subtree, n, within the window, nearest-rank median and p90
  const hist = await db.query<{ scope: string; id: string; n: unknown; within: unknown; median: unknown; p90: unknown }>(
    `WITH inst AS (SELECT id, path FROM institutions WHERE starts_with(path, $2)),
     h AS (
       SELECT x.institution_id, x.wd, sum(x.n)::bigint AS n FROM stats_hist x JOIN inst ON inst.id = x.institution_id
       WHERE x.year = $1 AND x.measure = 'response' GROUP BY x.institution_id, x.wd HAVING sum(x.n) <> 0),
     m AS (
       SELECT 'own' AS scope, h.institution_id AS id, h.wd, h.n FROM h
       UNION ALL
       SELECT 'subtree', a.id, h.wd, sum(h.n)::bigint FROM h JOIN inst b ON b.id = h.institution_id
         JOIN inst a ON starts_with(b.path, a.path)
       GROUP BY a.id, h.wd),
     c AS (
       SELECT m.*, (sum(n) OVER (PARTITION BY scope, id ORDER BY wd))::bigint AS cum,
         (sum(n) OVER (PARTITION BY scope, id))::bigint AS tot
       FROM m)
     SELECT scope, id, max(tot)::bigint AS n,
       COALESCE(sum(n) FILTER (WHERE wd <= $3), 0)::bigint AS within,
       min(wd) FILTER (WHERE cum >= GREATEST(1, (50 * tot + 99) / 100)) AS median,
       min(wd) FILTER (WHERE cum >= GREATEST(1, (90 * tot + 99) / 100)) AS p90
     FROM c GROUP BY scope, id`,
    [year, rootPath, EVIDENCE_WITHIN_WORKING_DAYS],
  );
  const pct = new Map<string, { median: number | null; p90: number | null }>();
  for (const r of hist) {
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    pct.set(`${r.scope}\u0000${r.id}`, { median: num(r.median), p90: num(r.p90) });
    const c = own.get(r.id);
    if (r.scope === 'own' && c) {
      c.responded = Number(r.n);
      c.within = Number(r.within);
    }
  }
  return pct;
}

/** Subtree totals: every institution adds its own counts (and its last activity) to each ancestor in scope. */
function subtreeTotals(insts: readonly Inst[], own: ReadonlyMap<string, Counts>, ownLast: ReadonlyMap<string, string | null>) {
  const byId = new Map(insts.map((i) => [i.id, i]));
  const sub = new Map<string, Counts>(insts.map((i) => [i.id, zero()]));
  const subLast = new Map<string, string | null>();
  const hasUnits = new Set<string>();
  for (const i of insts) {
    const c = own.get(i.id)!;
    const last = ownLast.get(i.id) ?? null;
    for (let a: Inst | undefined = i; a !== undefined; a = a.parentId === null ? undefined : byId.get(a.parentId)) {
      const t = sub.get(a.id)!;
      for (const f of EVIDENCE_COUNTS) t[f] += c[f];
      const prev = subLast.get(a.id) ?? null;
      if (last !== null && (prev === null || last > prev)) subLast.set(a.id, last);
      if (a !== i) hasUnits.add(a.id);
    }
  }
  return { sub, subLast, hasUnits };
}
