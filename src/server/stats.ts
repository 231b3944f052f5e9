// The annual statistics of the API, computed in SQL from kept rollups (migration 4).
//
// Facts: one row per case (stats_case_facts) with what the case contributes to its year — dimensions,
// status now and at year end, follow-up, the working days each clock took (via the working-day index
// stats_workdays, so SQL counts working days exactly as src/domain/clocks.ts does) and, for a clock that
// stopped on the local date it started, the minutes it took; or the day a still running clock started.
// Rollups: additive sums of the facts per year and institution (stats_rollup: counts by dimension value;
// stats_hist: working-day histograms of stopped clocks, and minute histograms (measures *_min, the wd column
// holding minutes) of those that took 0 working days; stats_open: running clocks and open cases by start
// day). A report reads only the rollups of one year: a few thousand rows, whatever the
// number of cases. Time-dependent figures (overdue clocks, open > 60 days) are computed at report time from
// stats_open and the working-day index, so they need no refresh as time passes.
//
// Refresh, lazily before each report (so GET /v1/stats/* writes the rollups; it never waits for a writer):
// every change to a case writes an event, so the facts follow the event log. stats_state.watermark is an
// event id below which every event is reflected and none can still commit. A refresh recomputes the facts of
// the cases with events above the watermark that it can see, and adds the difference (new facts minus old)
// to the rollups, in one transaction under an advisory lock (one refresher at a time across API instances).
// Recomputing a case's facts is idempotent, so seeing an event twice is harmless; missing one is not, hence
// the watermark moves only to a maximum taken under a SHARE lock on case_events acquired NOWAIT (no writer in
// flight, so no smaller id can commit later). When a writer is in flight (an import may hold its transaction
// for minutes) the refresh does not wait for it: it reflects every committed event and leaves the watermark
// where it was, and a later refresh sees the writer's events. When the calendar or the clock settings
// change (fingerprint), or on the first run, the facts and rollups are rebuilt whole.

import { CONFIDENTIAL_KEY, publicAnnualReport, publicTrendReport, type InstitutionTotals } from '../domain/statsPublic.js';
import {
  ARCHIVE_REASON_KEYS,
  CLASSIFICATION_KEYS,
  GOOD_AGENCY_FOLLOW_UP_RATE,
  RANKING_MIN_CASES,
  rankInstitutions,
  histogramPercentile,
  sameDayPercentileHours,
  MAX_TREND_YEARS,
  pointChange,
  rate,
  relativeChange,
  STATUS_KEYS,
  type BreakdownCell,
  type ClockFigure,
  type Headline,
  type InstitutionRow,
  type StatsAnnualQuery,
  type StatsDuplicatesQuery,
  type StatsDuplicatesReport,
  type StatsAnnualReport,
  type StatsTrendQuery,
  type StatsTrendReport,
} from '../domain/stats.js';
import { DEFAULT_K } from '../domain/suppression.js';
import type { Actor } from '../domain/types.js';
import { ADVISORY_LOCKS } from './db/advisoryLocks.js';
import { closingStopSql } from './caseTables.js';
import type { Db, Queryable } from './db/driver.js';
import { about, ProblemError } from './problem.js';
import type { Store } from './store.js';

/** Bump when the facts' definition changes: the next report rebuilds them. */
const FACTS_VERSION = 'facts-3'; // facts-3: linked duplicates are left out (counted once, as their original)
const DAY_MS = 86_400_000;
const FIRST_DAY = '1990-01-01';
const LAST_DAY = '2100-12-31';

// ---- facts ---------------------------------------------------------------------------------------------------

/**
 * SELECT of the facts of the cases in `source` (a relation with a tracking_id column; null for all).
 * $1 = the calendar's UTC offset in minutes. Exported for EXPLAIN in benchmarks.
 */
export function factsSelect(source: string | null): string {
  // a clock that stopped on its start's local date (0 working days): the whole minutes it took
  const minutes = (stop: string, start: string) => `GREATEST(0, floor(extract(epoch FROM (${stop} - ${start})) / 60))::int`;
  const ld = (col: string) => `(((${col}) AT TIME ZONE 'UTC') + make_interval(mins => $1::int))::date - DATE '1970-01-01'`;
  return `
WITH base AS (
  SELECT c.tracking_id, c.status, c.institution_id, c.category_id, c.channel, c.classification, c.regency,
    c.confidential, c.archive_reason, c.rating, c.response_due_at, c.last_response_at,
    c.disposed_at IS NOT NULL AS disposed,
    ${ld('c.submitted_at')} AS sday,
    extract(year FROM (c.submitted_at AT TIME ZONE 'UTC') + make_interval(mins => $1::int))::int AS year,
    extract(month FROM (c.submitted_at AT TIME ZONE 'UTC') + make_interval(mins => $1::int))::int AS month,
    c.verified_at IS NOT NULL AS verified,
    ${ld(`COALESCE(c.verified_at, c.disposed_at, ${closingStopSql('c.')})`)} AS vday,
    CASE WHEN c.response_due_at IS NOT NULL THEN ${ld('c.disposed_at')} END AS rstart,
    c.first_response_at IS NOT NULL AS responded,
    CASE WHEN c.response_due_at IS NOT NULL THEN
      ${ld(`COALESCE(c.first_response_at, ${closingStopSql('c.')})`)} END AS rday,
    CASE WHEN c.status = 'completed' THEN ${ld('c.closed_at')} END AS cday,
    c.submitted_at, c.disposed_at,
    COALESCE(c.verified_at, c.disposed_at, ${closingStopSql('c.')}) AS vat,
    COALESCE(c.first_response_at, ${closingStopSql('c.')}) AS rat,
    CASE WHEN c.status = 'completed' THEN c.closed_at END AS cat
  FROM ${source === null ? 'cases c' : `cases c JOIN ${source} s ON s.tracking_id = c.tracking_id`}
  -- a duplicate linked to its original is the same complaint: counted once, as the original (its link's
  -- event puts it among the changed cases, so an incremental refresh takes its facts away)
  WHERE NOT EXISTS (SELECT 1 FROM case_links l WHERE l.tracking_id = c.tracking_id)
),
dated AS (
  SELECT b.*,
    (make_date(b.year + 1, 1, 1)::timestamp - make_interval(mins => $1::int)) AT TIME ZONE 'UTC' AS year_end
  FROM base b
)
SELECT d.tracking_id, d.year, d.month, d.sday AS submit_day,
  COALESCE(d.institution_id, '') AS institution_id, COALESCE(d.category_id, '') AS category_id, d.channel,
  d.classification, COALESCE(d.regency, '') AS region, d.confidential, d.status,
  COALESCE((SELECT e.to_status FROM case_events e WHERE e.tracking_id = d.tracking_id AND e.at < d.year_end
            ORDER BY e.seq DESC LIMIT 1), d.status) AS status_ye,
  d.disposed, d.disposed AND d.last_response_at IS NOT NULL AS followed_up,
  EXISTS (SELECT 1 FROM case_events e WHERE e.tracking_id = d.tracking_id AND e.action = 'postpone') AS postponed_ever,
  COALESCE(d.archive_reason, '') AS archive_reason, d.rating,
  CASE WHEN d.vday IS NULL THEN NULL WHEN d.vday <= d.sday THEN 0 ELSE 1 + wv.cum - ws.cum END AS verify_wd,
  d.verified,
  d.rstart AS response_start,
  CASE WHEN d.rday IS NULL THEN NULL WHEN d.rday <= d.rstart THEN 0 ELSE 1 + wr.cum - wrs.cum END AS response_wd,
  d.responded AND d.rstart IS NOT NULL AS responded,
  CASE WHEN d.cday IS NULL THEN NULL WHEN d.cday <= d.sday THEN 0 ELSE 1 + wc.cum - ws.cum END AS closing_wd,
  d.status IN ('submitted','postponed','disposed','in_progress') AS open,
  CASE WHEN d.vday <= d.sday THEN ${minutes('d.vat', 'd.submitted_at')} END AS verify_min,
  CASE WHEN d.rday <= d.rstart THEN ${minutes('d.rat', 'd.disposed_at')} END AS response_min,
  CASE WHEN d.cday <= d.sday THEN ${minutes('d.cat', 'd.submitted_at')} END AS closing_min
FROM dated d
LEFT JOIN stats_workdays ws ON ws.day = d.sday
LEFT JOIN stats_workdays wv ON wv.day = d.vday - 1
LEFT JOIN stats_workdays wrs ON wrs.day = d.rstart
LEFT JOIN stats_workdays wr ON wr.day = d.rday - 1
LEFT JOIN stats_workdays wc ON wc.day = d.cday - 1`;
}

const FACT_COLUMNS = `tracking_id, year, month, submit_day, institution_id, category_id, channel, classification, region,
  confidential, status, status_ye, disposed, followed_up, postponed_ever, archive_reason, rating, verify_wd, verified,
  response_start, response_wd, responded, closing_wd, open, verify_min, response_min, closing_min`;

/** The three rollup upserts, adding `sign`-weighted facts from the CTE `delta` defined by `withDelta`. */
function rollupUpserts(withDelta: string): string[] {
  return [
    `${withDelta}
INSERT INTO stats_rollup (year, institution_id, dim, key, confidential, n)
SELECT f.year, f.institution_id, d.dim, d.key, f.confidential, sum(f.sign)
FROM delta f CROSS JOIN LATERAL (VALUES
  ('all', ''), ('classification', f.classification), ('category', f.category_id), ('channel', f.channel),
  ('region', f.region), ('month', f.month::text), ('status', f.status), ('status_ye', f.status_ye),
  ('archive_reason', CASE WHEN f.status = 'archived' THEN f.archive_reason END),
  ('disposed', CASE WHEN f.disposed THEN '' END), ('followed_up', CASE WHEN f.followed_up THEN '' END),
  ('postponed_ever', CASE WHEN f.postponed_ever THEN '' END), ('rating', f.rating::text)
) AS d(dim, key)
WHERE d.key IS NOT NULL
GROUP BY 1, 2, 3, 4, 5
ON CONFLICT (year, institution_id, dim, key, confidential) DO UPDATE SET n = stats_rollup.n + excluded.n`,
    `${withDelta}
INSERT INTO stats_hist (year, institution_id, measure, wd, n)
SELECT f.year, f.institution_id, m.measure, m.wd, sum(f.sign)
FROM delta f CROSS JOIN LATERAL (VALUES
  ('verify', CASE WHEN f.verified THEN f.verify_wd END), ('verify_stop', f.verify_wd),
  ('response', CASE WHEN f.responded THEN f.response_wd END), ('response_stop', f.response_wd),
  ('closing', f.closing_wd),
  ('verify_min', CASE WHEN f.verified THEN f.verify_min END), ('response_min', CASE WHEN f.responded THEN f.response_min END),
  ('closing_min', f.closing_min)
) AS m(measure, wd)
WHERE m.wd IS NOT NULL
GROUP BY 1, 2, 3, 4
ON CONFLICT (year, institution_id, measure, wd) DO UPDATE SET n = stats_hist.n + excluded.n`,
    `${withDelta}
INSERT INTO stats_open (year, institution_id, kind, start_day, n)
SELECT f.year, f.institution_id, o.kind, o.start_day, sum(f.sign)
FROM delta f CROSS JOIN LATERAL (VALUES
  ('verify', CASE WHEN f.verify_wd IS NULL THEN f.submit_day END),
  ('response', CASE WHEN f.response_start IS NOT NULL AND f.response_wd IS NULL THEN f.response_start END),
  ('open', CASE WHEN f.open THEN f.submit_day END)
) AS o(kind, start_day)
WHERE o.start_day IS NOT NULL
GROUP BY 1, 2, 3, 4
ON CONFLICT (year, institution_id, kind, start_day) DO UPDATE SET n = stats_open.n + excluded.n`,
  ];
}

export interface RefreshResult {
  kind: 'none' | 'incremental' | 'full';
  cases: number;
  watermark: number;
}

/** What the facts were computed with: the calendar, the time zone and the clock lengths. */
async function fingerprint(q: Queryable, store: Store): Promise<string> {
  const [row] = await q.query<{ h: string | null; n: number }>(
    `SELECT md5(COALESCE(string_agg(date::text || ':' || kind, ',' ORDER BY date), '')) AS h, count(*)::int AS n FROM calendar_days`,
  );
  const s = store.options.settings;
  return `${FACTS_VERSION};cal=${row.n}:${row.h};utc=${s.utcOffsetMinutes};v=${s.verifyWorkingDays};r=${s.responseWorkingDays};c=${s.completionDays}`;
}

/** `high` is the new watermark, or null when a writer is in flight (see the file header). */
async function rebuild(tx: Queryable, store: Store, fp: string, high: number | null, from: number): Promise<RefreshResult> {
  await tx.exec('TRUNCATE stats_workdays, stats_case_facts, stats_rollup, stats_hist, stats_open');
  await tx.query(
    `INSERT INTO stats_workdays (day, cum)
     SELECT g.d::date - DATE '1970-01-01',
       (sum(CASE WHEN extract(isodow FROM g.d) < 6 AND cd.date IS NULL THEN 1 ELSE 0 END) OVER (ORDER BY g.d))::int
     FROM generate_series($1::date, $2::date, interval '1 day') AS g(d)
     LEFT JOIN calendar_days cd ON cd.date = g.d::date`,
    [FIRST_DAY, LAST_DAY],
  );
  await tx.query(`INSERT INTO stats_case_facts (${FACT_COLUMNS}) ${factsSelect(null)}`, [store.options.settings.utcOffsetMinutes]);
  for (const sql of rollupUpserts('WITH delta AS (SELECT f.*, 1 AS sign FROM stats_case_facts f)')) await tx.query(sql);
  const [{ n }] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM stats_case_facts');
  await tx.query('UPDATE stats_state SET watermark = $1, fingerprint = $2, refreshed_at = now()', [high ?? from, fp]);
  return { kind: 'full', cases: n, watermark: high ?? from };
}

/** The cases with visible events above `from` (up to `high` when known), and the watermark moved to `high`. */
async function incremental(tx: Queryable, store: Store, from: number, high: number | null): Promise<RefreshResult> {
  // the cases with new events; their old facts go into the delta with sign -1, their new ones with +1
  await tx.exec(`CREATE TEMP TABLE IF NOT EXISTS stats_changed (tracking_id text PRIMARY KEY);
    CREATE TEMP TABLE IF NOT EXISTS stats_delta AS SELECT *, 0 AS sign FROM stats_case_facts WITH NO DATA;
    TRUNCATE stats_changed, stats_delta`);
  await tx.query(
    `INSERT INTO stats_changed SELECT DISTINCT tracking_id FROM case_events WHERE id > $1${high === null ? '' : ' AND id <= $2'}`,
    high === null ? [from] : [from, high],
  );
  await tx.exec(`INSERT INTO stats_delta SELECT f.*, -1 FROM stats_case_facts f JOIN stats_changed c ON c.tracking_id = f.tracking_id;
    DELETE FROM stats_case_facts f USING stats_changed c WHERE c.tracking_id = f.tracking_id`);
  const inserted = await tx.query<{ tracking_id: string }>(
    `INSERT INTO stats_case_facts (${FACT_COLUMNS}) ${factsSelect('stats_changed')} RETURNING tracking_id`,
    [store.options.settings.utcOffsetMinutes],
  );
  await tx.exec('INSERT INTO stats_delta SELECT f.*, 1 FROM stats_case_facts f JOIN stats_changed c ON c.tracking_id = f.tracking_id');
  for (const sql of rollupUpserts('WITH delta AS (SELECT * FROM stats_delta)')) await tx.query(sql);
  for (const table of ['stats_rollup', 'stats_hist', 'stats_open']) await tx.exec(`DELETE FROM ${table} WHERE n = 0`);
  await tx.exec('TRUNCATE stats_changed, stats_delta');
  await tx.query('UPDATE stats_state SET watermark = $1, refreshed_at = now()', [high ?? from]);
  return { kind: 'incremental', cases: inserted.length, watermark: high ?? from };
}

/** PostgreSQL's lock_not_available, answered by a NOWAIT lock that a writer holds. */
const LOCK_NOT_AVAILABLE = '55P03';

/**
 * The highest event id below which nothing can still commit, or null when a writer is in flight: taken under
 * a SHARE lock on case_events requested NOWAIT, so a report neither waits for a writer nor queues the next
 * writers behind itself.
 */
async function settledHigh(db: Db): Promise<number | null> {
  try {
    return await db.transaction(async (tx) => {
      await tx.exec('LOCK TABLE case_events IN SHARE MODE NOWAIT');
      const [row] = await tx.query<{ high: number }>('SELECT COALESCE(max(id), 0)::bigint AS high FROM case_events');
      return Number(row.high);
    });
  } catch (err) {
    if ((err as { code?: unknown }).code === LOCK_NOT_AVAILABLE) return null;
    throw err;
  }
}

/** Brings the facts and rollups up to date with the event log (see the file header). */
export async function refreshStats(store: Store): Promise<RefreshResult> {
  const db: Db = store.db;
  const fp = await fingerprint(db, store);
  const [state] = await db.query<{ watermark: number; fingerprint: string }>('SELECT watermark, fingerprint FROM stats_state');
  const [{ high: visible }] = await db.query<{ high: number }>('SELECT COALESCE(max(id), 0)::bigint AS high FROM case_events');
  if (state.fingerprint === fp && Number(visible) === Number(state.watermark)) {
    return { kind: 'none', cases: 0, watermark: Number(state.watermark) };
  }
  const high = await settledHigh(db);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.statsRefresh]);
    // compiling these one-off statements costs more than it saves (PostgreSQL's JIT: seconds on a rebuild)
    if (db.kind === 'postgres') await tx.exec('SET LOCAL jit = off');
    const [now] = await tx.query<{ watermark: number; fingerprint: string }>('SELECT watermark, fingerprint FROM stats_state FOR UPDATE');
    const currentFp = await fingerprint(tx, store);
    const from = Number(now.watermark);
    if (now.fingerprint !== currentFp) return rebuild(tx, store, currentFp, high, from);
    if (high !== null && high <= from) return { kind: 'none', cases: 0, watermark: from };
    return incremental(tx, store, from, high);
  });
}

// ---- reading a year ----------------------------------------------------------------------------------------

export interface Scope {
  institution: { id: string; name: string } | null;
  /** SQL condition on institution_id ($1 = its path), or '' for everything. */
  where: string;
  params: unknown[];
}

export async function resolveScope(store: Store, actor: Actor, institution: string | undefined): Promise<Scope> {
  const rootId = institution ?? actor.institutionId;
  if (rootId === null || rootId === undefined) return { institution: null, where: '', params: [] };
  const rows = await store.db.query<{ id: string; name: string; path: string }>('SELECT id, name, path FROM institutions WHERE id = $1', [rootId]);
  const root = rows[0];
  // an institution outside the caller's subtree answers exactly like an unknown one
  const outside = root !== undefined && actor.institutionId !== null && !store.isWithin(root.id, actor.institutionId);
  if (!root || outside) {
    throw new ProblemError(400, 'validation', `unknown institution ${rootId}`, [{ field: 'institution', message: 'unknown institution', code: 'unknown_institution' }],
      undefined, about('unknown-institution', { institutionId: rootId }));
  }
  return {
    institution: { id: root.id, name: root.name },
    where: 'institution_id IN (SELECT id FROM institutions WHERE starts_with(path, $PATH))',
    params: [root.path],
  };
}

/** Adds the scope condition with its parameter numbered after `params`. */
function scoped(scope: Scope, params: unknown[]): string {
  if (scope.where === '') return '';
  params.push(scope.params[0]);
  return ` AND ${scope.where.replace('$PATH', `$${params.length}`)}`;
}

export function localYearOf(ms: number, offsetMinutes: number): number {
  return new Date(ms + offsetMinutes * 60_000).getUTCFullYear();
}

export function yearStartMs(year: number, offsetMinutes: number): number {
  return Date.UTC(year, 0, 1) - offsetMinutes * 60_000;
}

interface YearData {
  /** Counts by dimension value over the whole scope. */
  cells: { dim: string; key: string; confidential: boolean; n: number }[];
  /** Working-day histograms over the whole scope. */
  hist: { measure: string; wd: number; n: number }[];
  /** Running clocks and open cases per institution: how many, and how many past their limit at as-of. */
  open: { institution_id: string; kind: string; n: number; late: number }[];
  /** Per institution: the counts of its table row. */
  inst: { institution_id: string; received: number; disposed: number; followed_up: number; completed: number }[];
  /** Per institution and measure: n, median, p90, and (response_stop) how many within the limit. */
  instHist: { institution_id: string; measure: string; n: number; median: number | null; p90: number | null; on_time: number }[];
  /** Per institution and measure (response, closing) whose median took 0 working days: its minutes. */
  instMedianMinutes: { institution_id: string; measure: string; minutes: number }[];
}

/** Reads one year's rollups, aggregated in SQL so that few rows cross (PGlite pays per row). */
async function readYear(store: Store, year: number, scope: Scope, asOfMs: number): Promise<YearData> {
  const s = store.options.settings;
  const db = store.db;
  const asOfDay = Math.floor((asOfMs + s.utcOffsetMinutes * 60_000) / DAY_MS);
  const [w] = await db.query<{ cum: number }>('SELECT cum FROM stats_workdays WHERE day = $1', [asOfDay - 1]);
  const wAsOf = w ? Number(w.cum) : 0;
  const p1: unknown[] = [year];
  const cells = await db.query<YearData['cells'][number]>(
    `SELECT dim, key, confidential, sum(n)::bigint AS n FROM stats_rollup WHERE year = $1${scoped(scope, p1)}
     GROUP BY dim, key, confidential HAVING sum(n) <> 0`,
    p1,
  );
  const p2: unknown[] = [year];
  const inst = await db.query<YearData['inst'][number]>(
    `SELECT institution_id,
       COALESCE(sum(n) FILTER (WHERE dim = 'all'), 0)::bigint AS received,
       COALESCE(sum(n) FILTER (WHERE dim = 'disposed'), 0)::bigint AS disposed,
       COALESCE(sum(n) FILTER (WHERE dim = 'followed_up'), 0)::bigint AS followed_up,
       COALESCE(sum(n) FILTER (WHERE dim = 'status' AND key = 'completed'), 0)::bigint AS completed
     FROM stats_rollup WHERE year = $1 AND dim IN ('all', 'disposed', 'followed_up', 'status')${scoped(scope, p2)}
     GROUP BY institution_id`,
    p2,
  );
  const p3: unknown[] = [year];
  const hist = await db.query<YearData['hist'][number]>(
    `SELECT measure, wd, sum(n)::bigint AS n FROM stats_hist WHERE year = $1${scoped(scope, p3)}
     GROUP BY measure, wd HAVING sum(n) <> 0`,
    p3,
  );
  // per institution: nearest-rank median and p90 from the cumulative histogram, in integer arithmetic
  const p4: unknown[] = [year, s.responseWorkingDays];
  const instHist = await db.query<YearData['instHist'][number]>(
    `WITH h AS (
       SELECT institution_id, measure, wd, sum(n)::bigint AS n FROM stats_hist
       WHERE year = $1 AND measure IN ('response', 'response_stop', 'closing')${scoped(scope, p4)}
       GROUP BY institution_id, measure, wd HAVING sum(n) <> 0),
     c AS (
       SELECT h.*, (sum(n) OVER (PARTITION BY institution_id, measure ORDER BY wd))::bigint AS cum,
         (sum(n) OVER (PARTITION BY institution_id, measure))::bigint AS tot
       FROM h)
     SELECT institution_id, measure, max(tot)::bigint AS n,
       min(wd) FILTER (WHERE cum >= GREATEST(1, (50 * tot + 99) / 100)) AS median,
       min(wd) FILTER (WHERE cum >= GREATEST(1, (90 * tot + 99) / 100)) AS p90,
       COALESCE(sum(n) FILTER (WHERE wd <= $2), 0)::bigint AS on_time
     FROM c GROUP BY institution_id, measure`,
    p4,
  );
  // the medians under one working day: the minutes at the median's rank among the clocks of 0 working days
  const p6: unknown[] = [year];
  const instMedianMinutes = await db.query<YearData['instMedianMinutes'][number]>(
    `WITH h AS (
       SELECT institution_id, measure, wd, sum(n)::bigint AS n FROM stats_hist
       WHERE year = $1 AND measure IN ('response', 'closing', 'response_min', 'closing_min')${scoped(scope, p6)}
       GROUP BY institution_id, measure, wd HAVING sum(n) <> 0),
     t AS (
       SELECT institution_id, measure, GREATEST(1, (50 * sum(n)::bigint + 99) / 100) AS rank, COALESCE(sum(n) FILTER (WHERE wd = 0), 0)::bigint AS zero
       FROM h WHERE measure IN ('response', 'closing') GROUP BY institution_id, measure),
     m AS (
       SELECT institution_id, measure, wd, sum(n) OVER (PARTITION BY institution_id, measure ORDER BY wd) AS cum
       FROM h WHERE measure IN ('response_min', 'closing_min'))
     SELECT t.institution_id, t.measure, min(m.wd) FILTER (WHERE m.cum >= t.rank) AS minutes
     FROM t JOIN m ON m.institution_id = t.institution_id AND m.measure = t.measure || '_min'
     WHERE t.rank <= t.zero
     GROUP BY t.institution_id, t.measure`,
    p6,
  );
  // late: running clocks past their limit (working days from the start day to as-of), open cases past the
  // completion clock (calendar days)
  const p5: unknown[] = [year, asOfDay, wAsOf, s.verifyWorkingDays, s.responseWorkingDays, s.completionDays];
  const open = await db.query<YearData['open'][number]>(
    `SELECT o.institution_id, o.kind, sum(o.n)::bigint AS n,
       COALESCE(sum(o.n) FILTER (WHERE
         (o.kind = 'verify' AND $2 > o.start_day AND 1 + $3 - w.cum > $4) OR
         (o.kind = 'response' AND $2 > o.start_day AND 1 + $3 - w.cum > $5) OR
         (o.kind = 'open' AND $2 > o.start_day + $6)), 0)::bigint AS late
     FROM stats_open o LEFT JOIN stats_workdays w ON w.day = o.start_day
     WHERE o.year = $1${scoped(scope, p5)}
     GROUP BY o.institution_id, o.kind HAVING sum(o.n) <> 0`,
    p5,
  );
  const num = (v: unknown): number => Number(v);
  const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  return {
    cells: cells.map((r) => ({ ...r, n: num(r.n) })),
    hist: hist.map((r) => ({ ...r, wd: num(r.wd), n: num(r.n) })),
    open: open.map((r) => ({ ...r, n: num(r.n), late: num(r.late) })),
    inst: inst.map((r) => ({
      institution_id: r.institution_id,
      received: num(r.received),
      disposed: num(r.disposed),
      followed_up: num(r.followed_up),
      completed: num(r.completed),
    })),
    instHist: instHist.map((r) => ({ ...r, n: num(r.n), median: numOrNull(r.median), p90: numOrNull(r.p90), on_time: num(r.on_time) })),
    instMedianMinutes: instMedianMinutes.map((r) => ({ ...r, minutes: num(r.minutes) })),
  };
}

/** Sums over the whole scope of one year. */
class Tally {
  readonly dims = new Map<string, Map<string, number>>();
  readonly confidentialDims = new Map<string, Map<string, number>>();
  readonly hist = new Map<string, Map<number, number>>();
  readonly open = new Map<string, { n: number; late: number }>();

  addRollup(dim: string, key: string, confidential: boolean, n: number): void {
    const target = confidential ? this.confidentialDims : this.dims;
    let m = target.get(dim);
    if (!m) target.set(dim, (m = new Map()));
    m.set(key, (m.get(key) ?? 0) + n);
  }

  count(dim: string, key = ''): number {
    return (this.dims.get(dim)?.get(key) ?? 0) + (this.confidentialDims.get(dim)?.get(key) ?? 0);
  }

  keys(dim: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const m of [this.dims.get(dim), this.confidentialDims.get(dim)]) {
      for (const [k, n] of m ?? []) out.set(k, (out.get(k) ?? 0) + n);
    }
    return out;
  }

  addHist(measure: string, wd: number, n: number): void {
    let m = this.hist.get(measure);
    if (!m) this.hist.set(measure, (m = new Map()));
    m.set(wd, (m.get(wd) ?? 0) + n);
  }

  histOf(measure: string): Map<number, number> {
    return this.hist.get(measure) ?? new Map();
  }

  addOpen(kind: string, n: number, late: number): void {
    const o = this.open.get(kind) ?? { n: 0, late: 0 };
    this.open.set(kind, { n: o.n + n, late: o.late + late });
  }

  clock(name: 'verify' | 'response', limit: number): ClockFigure {
    let onTime = 0;
    let late = 0;
    for (const [wd, n] of this.histOf(`${name}_stop`)) {
      if (wd <= limit) onTime += n;
      else late += n;
    }
    const running = this.open.get(name) ?? { n: 0, late: 0 };
    const overdue = running.late;
    const actual = this.histOf(name);
    let n = 0;
    for (const c of actual.values()) n += c;
    return {
      onTime,
      late,
      overdue,
      running: running.n - running.late,
      onTimeShare: rate(onTime, onTime + late + overdue),
      n,
      medianWorkingDays: histogramPercentile(actual, 50),
      p90WorkingDays: histogramPercentile(actual, 90),
      medianHours: sameDayPercentileHours(actual, this.histOf(`${name}_min`), 50),
      p90Hours: sameDayPercentileHours(actual, this.histOf(`${name}_min`), 90),
    };
  }
}

function headlineOf(t: Tally, store: Store): Headline {
  const s = store.options.settings;
  const received = t.count('all');
  const disposed = t.count('disposed');
  const followedUp = t.count('followed_up');
  const completed = t.count('status', 'completed');
  const archived = t.count('status', 'archived');
  const postponedEver = t.count('postponed_ever');
  let ratingCount = 0;
  let ratingSum = 0;
  for (const [key, n] of t.keys('rating')) {
    ratingCount += n;
    ratingSum += Number(key) * n;
  }
  const closing = t.histOf('closing');
  let closingN = 0;
  for (const n of closing.values()) closingN += n;
  return {
    received,
    disposed,
    followedUp,
    followUpRate: rate(followedUp, disposed),
    completed,
    completionRate: rate(completed, received),
    archived,
    archivedShare: rate(archived, received),
    postponedNow: t.count('status', 'postponed'),
    postponedEver,
    postponedShare: rate(postponedEver, received),
    openOver60Days: t.open.get('open')?.late ?? 0,
    ratingCount,
    ratingMean: ratingCount === 0 ? null : ratingSum / ratingCount,
    verify: t.clock('verify', s.verifyWorkingDays),
    response: t.clock('response', s.responseWorkingDays),
    closing: {
      n: closingN,
      medianWorkingDays: histogramPercentile(closing, 50),
      p90WorkingDays: histogramPercentile(closing, 90),
      medianHours: sameDayPercentileHours(closing, t.histOf('closing_min'), 50),
      p90Hours: sameDayPercentileHours(closing, t.histOf('closing_min'), 90),
    },
  };
}

interface Labels {
  institutions: Map<string, { name: string }>;
  categories: Map<string, { name: string; nameEn: string | null; top: string }>;
  channels: Map<string, { name: string; nameEn: string }>;
  /** The root of the institution tree (the first by code if there are several): the national publisher. */
  root: { id: string; name: string } | null;
}

async function readLabels(db: Queryable): Promise<Labels> {
  const inst = await db.query<{ id: string; name: string; parent_id: string | null }>('SELECT id, name, parent_id FROM institutions ORDER BY id');
  const cats = await db.query<{ id: string; name: string; name_en: string | null; path: string }>('SELECT id, name, name_en, path FROM categories');
  const chans = await db.query<{ id: string; name: string; name_en: string }>('SELECT id, name, name_en FROM channels');
  return {
    institutions: new Map(inst.map((r) => [r.id, { name: r.name }])),
    categories: new Map(cats.map((r) => [r.id, { name: r.name, nameEn: r.name_en, top: r.path.split('/')[1] ?? r.id }])),
    channels: new Map(chans.map((r) => [r.id, { name: r.name, nameEn: r.name_en }])),
    root: inst.filter((r) => r.parent_id === null).map((r) => ({ id: r.id, name: r.name }))[0] ?? null,
  };
}

const cell = (key: string, count: number, name: string | null = null, nameEn: string | null = null, parent: string | null = null): BreakdownCell => ({
  key,
  name,
  nameEn,
  parent,
  count,
});

const byCountThenKey = (a: BreakdownCell, b: BreakdownCell) => (b.count ?? 0) - (a.count ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

interface Computed {
  report: StatsAnnualReport;
  totals: InstitutionTotals;
}

async function computeAnnual(store: Store, year: number, scope: Scope, asOfMs: number, publicMode: boolean, labels: Labels): Promise<Computed> {
  const s = store.options.settings;
  const data = await readYear(store, year, scope, asOfMs);
  const all = new Tally();
  for (const r of data.cells) all.addRollup(r.dim, r.key, r.confidential, r.n);
  for (const r of data.hist) all.addHist(r.measure, r.wd, r.n);
  for (const r of data.open) all.addOpen(r.kind, r.n, r.late);
  const headline = headlineOf(all, store);
  const breakdowns = breakdownsOf(all, data, labels, publicMode);
  const rows: Omit<InstitutionRow, 'rank'>[] = [];
  const totals = institutionTable(data, labels, rows);
  const asOf = new Date(asOfMs).toISOString();
  const yearEndMs = yearStartMs(year + 1, s.utcOffsetMinutes);
  const report: StatsAnnualReport = {
    year,
    institution: scope.institution,
    asOf,
    statusAt: new Date(Math.min(yearEndMs - 1, asOfMs)).toISOString(),
    utcOffsetMinutes: s.utcOffsetMinutes,
    clocks: { verifyWorkingDays: s.verifyWorkingDays, responseWorkingDays: s.responseWorkingDays, completionDays: s.completionDays },
    goodAgencyFollowUpRate: GOOD_AGENCY_FOLLOW_UP_RATE,
    rankingMinCases: RANKING_MIN_CASES,
    publisher: scope.institution ?? labels.root,
    public: false,
    k: null,
    suppressed: [],
    headline,
    breakdowns,
    institutions: rankInstitutions(rows),
  };
  return { report, totals };
}

/** The breakdowns; a public report folds confidential cases' category and region into one cell. */
function breakdownsOf(all: Tally, data: YearData, labels: Labels, publicMode: boolean): StatsAnnualReport['breakdowns'] {
  const folded = (dim: string): Map<string, number> => {
    if (!publicMode) return all.keys(dim);
    const out = new Map(all.dims.get(dim) ?? []);
    let hidden = 0;
    for (const n of all.confidentialDims.get(dim)?.values() ?? []) hidden += n;
    if (hidden !== 0) out.set(CONFIDENTIAL_KEY, (out.get(CONFIDENTIAL_KEY) ?? 0) + hidden);
    return out;
  };
  const fixed = (keys: readonly string[], counts: Map<string, number>) => keys.map((k) => cell(k, counts.get(k) ?? 0));
  const categoryCells = [...folded('category')].map(([key, n]) => {
    const c = labels.categories.get(key);
    const parent = key === CONFIDENTIAL_KEY ? CONFIDENTIAL_KEY : key === '' ? '' : (c?.top ?? key);
    return cell(key, n, c?.name ?? null, c?.nameEn ?? null, parent);
  });
  const tops = new Map<string, number>();
  for (const c of categoryCells) tops.set(c.parent ?? '', (tops.get(c.parent ?? '') ?? 0) + (c.count ?? 0));
  const categoryTop = [...tops].map(([key, n]) => {
    const c = labels.categories.get(key);
    return cell(key, n, c?.name ?? null, c?.nameEn ?? null);
  });
  const months = all.keys('month');
  const byParentThenCount = (a: BreakdownCell, b: BreakdownCell) =>
    a.parent! < b.parent! ? -1 : a.parent! > b.parent! ? 1 : byCountThenKey(a, b);
  return {
    classification: fixed(CLASSIFICATION_KEYS, all.keys('classification')),
    categoryTop: categoryTop.filter((c) => c.count !== 0).sort(byCountThenKey),
    category: categoryCells.filter((c) => c.count !== 0).sort(byParentThenCount),
    channel: [...all.keys('channel')]
      .filter(([, n]) => n !== 0)
      .map(([key, n]) => cell(key, n, labels.channels.get(key)?.name ?? null, labels.channels.get(key)?.nameEn ?? null))
      .sort(byCountThenKey),
    institution: data.inst
      .filter((r) => r.received !== 0)
      .map((r) => cell(r.institution_id, r.received, r.institution_id === '' ? null : (labels.institutions.get(r.institution_id)?.name ?? r.institution_id)))
      .sort(byCountThenKey),
    region: [...folded('region')].filter(([, n]) => n !== 0).map(([key, n]) => cell(key, n, key === '' ? null : key)).sort(byCountThenKey),
    month: Array.from({ length: 12 }, (_, i) => cell(String(i + 1), months.get(String(i + 1)) ?? 0)),
    statusAtYearEnd: fixed(STATUS_KEYS, all.keys('status_ye')),
    statusNow: fixed(STATUS_KEYS, all.keys('status')),
    archiveReason: fixed(ARCHIVE_REASON_KEYS, all.keys('archive_reason')),
  };
}

/**
 * Fills `rows` with the institution table (rankInstitutions orders it); returns the totals a public report needs to keep its suppressed cells from being worked out.
 */
function institutionTable(data: YearData, labels: Labels, rows: Omit<InstitutionRow, 'rank'>[]): InstitutionTotals {
  const histOf = new Map(data.instHist.map((r) => [`${r.institution_id}\u0000${r.measure}`, r]));
  const openOf = new Map(data.open.map((r) => [`${r.institution_id}\u0000${r.kind}`, r]));
  const hoursOf = new Map(data.instMedianMinutes.map((r) => [`${r.institution_id}\u0000${r.measure}`, r.minutes / 60]));
  const responseDecided = new Map<string, number>();
  const responseN = new Map<string, number>();
  const closingN = new Map<string, number>();
  let unassigned = { disposed: 0, followedUp: 0, completed: 0 };
  for (const r of data.inst) {
    const id = r.institution_id;
    if (id === '') {
      unassigned = { disposed: r.disposed, followedUp: r.followed_up, completed: r.completed };
      continue;
    }
    if (r.received === 0) continue;
    const stop = histOf.get(`${id}\u0000response_stop`);
    const response = histOf.get(`${id}\u0000response`);
    const closing = histOf.get(`${id}\u0000closing`);
    const onTime = stop?.on_time ?? 0;
    const decided = (stop?.n ?? 0) + (openOf.get(`${id}\u0000response`)?.late ?? 0);
    responseDecided.set(id, decided);
    responseN.set(id, response?.n ?? 0);
    closingN.set(id, closing?.n ?? 0);
    const followUpRate = rate(r.followed_up, r.disposed);
    rows.push({
      institutionId: id,
      name: labels.institutions.get(id)?.name ?? id,
      received: r.received,
      disposed: r.disposed,
      followedUp: r.followed_up,
      followUpRate,
      good: followUpRate === null ? null : followUpRate >= GOOD_AGENCY_FOLLOW_UP_RATE,
      completed: r.completed,
      completionRate: rate(r.completed, r.received),
      responseOnTimeShare: rate(onTime, decided),
      responseMedianWorkingDays: response?.median ?? null,
      closingMedianWorkingDays: closing?.median ?? null,
      responseMedianHours: hoursOf.get(`${id}\u0000response`) ?? null,
      closingMedianHours: hoursOf.get(`${id}\u0000closing`) ?? null,
    });
  }
  return {
    unassignedDisposed: unassigned.disposed,
    unassignedFollowedUp: unassigned.followedUp,
    unassignedCompleted: unassigned.completed,
    responseDecided,
    responseN,
    closingN,
  };
}

/** How long a report read from the standby waits for it to replay the rollups just refreshed on the primary. */
const STANDBY_WAIT_MS = 2_000;

/**
 * When `store` reads a standby: waits (at most STANDBY_WAIT_MS) until it has replayed the primary's WAL as it
 * was after the refresh, so a report never mixes fresh events with rollups the standby has not seen yet.
 * Past the wait the standby is read as it is; its answer says the time of its data (x-data-as-of).
 */
async function replayed(primary: Store, store: Store): Promise<void> {
  if (store.db === primary.db) return;
  const [{ lsn }] = await primary.db.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
  const deadline = Date.now() + STANDBY_WAIT_MS;
  for (;;) {
    const [{ ok }] = await store.db.query<{ ok: boolean | null }>('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok', [lsn]);
    if (ok !== false || Date.now() >= deadline) return; // null: not a standby (promoted)
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** GET /v1/stats/annual. */
export async function annualReport(primary: Store, actor: Actor, query: StatsAnnualQuery, store: Store = primary): Promise<StatsAnnualReport> {
  const asOfMs = store.options.now().getTime();
  const year = query.year ?? localYearOf(asOfMs, store.options.settings.utcOffsetMinutes);
  const scope = await resolveScope(store, actor, query.institution);
  await refreshStats(primary); // the rollups are kept on the primary; `store` may read a standby
  await replayed(primary, store);
  const labels = await readLabels(store.db);
  const publicMode = query.public === true;
  const { report, totals } = await computeAnnual(store, year, scope, asOfMs, publicMode, labels);
  return publicMode ? publicAnnualReport(report, query.k ?? DEFAULT_K, totals) : report;
}

/** GET /v1/stats/trend. */
export async function trendReport(primary: Store, actor: Actor, query: StatsTrendQuery, store: Store = primary): Promise<StatsTrendReport> {
  if (query.to < query.from || query.to - query.from + 1 > MAX_TREND_YEARS) {
    throw new ProblemError(400, 'validation', `from ${query.from} to ${query.to}: give 1 to ${MAX_TREND_YEARS} years in order`, [
      { field: 'to', message: `must be from ${query.from} to ${query.from + MAX_TREND_YEARS - 1}` },
    ]);
  }
  const asOfMs = store.options.now().getTime();
  const scope = await resolveScope(store, actor, query.institution);
  await refreshStats(primary);
  await replayed(primary, store);
  const labels = await readLabels(store.db);
  const years: StatsTrendReport['years'] = [];
  for (let y = query.from; y <= query.to; y += 1) {
    const { report } = await computeAnnual(store, y, scope, asOfMs, false, labels);
    const h = report.headline;
    const prev = years.length > 0 ? years[years.length - 1].headline : null;
    years.push({
      year: y,
      headline: h,
      change: {
        received: prev ? relativeChange(h.received, prev.received) : null,
        followUpRate: prev ? pointChange(h.followUpRate, prev.followUpRate) : null,
        completionRate: prev ? pointChange(h.completionRate, prev.completionRate) : null,
        verifyOnTimeShare: prev ? pointChange(h.verify.onTimeShare, prev.verify.onTimeShare) : null,
        responseOnTimeShare: prev ? pointChange(h.response.onTimeShare, prev.response.onTimeShare) : null,
      },
    });
  }
  const report: StatsTrendReport = {
    from: query.from,
    to: query.to,
    institution: scope.institution,
    asOf: new Date(asOfMs).toISOString(),
    utcOffsetMinutes: store.options.settings.utcOffsetMinutes,
    public: false,
    k: null,
    suppressed: [],
    years,
  };
  return query.public === true ? publicTrendReport(report, query.k ?? DEFAULT_K) : report;
}

// ---- desk work (issue #20): duplicates by institution -------------------------------------------------------

/**
 * GET /v1/stats/duplicates: the linked duplicates submitted in a year (local date), by their original's
 * institution (the one that answers them), with the distinct originals they point to. Scoped like the
 * annual report: an institution's subtree, the caller's own by default.
 */
export async function duplicatesReport(store: Store, actor: Actor, query: StatsDuplicatesQuery): Promise<StatsDuplicatesReport> {
  const offset = store.options.settings.utcOffsetMinutes;
  const year = query.year ?? localYearOf(store.options.now().getTime(), offset);
  const scope = await resolveScope(store, actor, query.institution);
  const params: unknown[] = [new Date(yearStartMs(year, offset)).toISOString(), new Date(yearStartMs(year + 1, offset)).toISOString()];
  const rows = await store.db.query<{ institution_id: string | null; name: string | null; duplicates: number; originals: number }>(
    `SELECT x.institution_id, i.name, count(*)::int AS duplicates, count(DISTINCT x.original_id)::int AS originals
     FROM (SELECT o.institution_id, l.original_id FROM case_links l
           JOIN cases d ON d.tracking_id = l.tracking_id JOIN cases o ON o.tracking_id = l.original_id
           WHERE d.submitted_at >= $1 AND d.submitted_at < $2) x
     LEFT JOIN institutions i ON i.id = x.institution_id
     WHERE TRUE${scoped(scope, params).replace('institution_id IN', 'x.institution_id IN')}
     GROUP BY x.institution_id, i.name ORDER BY duplicates DESC, x.institution_id NULLS LAST`,
    params,
  );
  const items = rows.map((r) => ({ institutionId: r.institution_id, institutionName: r.name, duplicates: r.duplicates, originals: r.originals }));
  return { year, institution: scope.institution?.id ?? null, total: items.reduce((n, r) => n + r.duplicates, 0), items };
}
