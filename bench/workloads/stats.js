// Workload: annual statistics. `lapor stats annual --year Y --format json` through a `lapor serve` on the
// throwaway PostgreSQL, next to one hand-written SQL query (psql) computing the same headline figures from
// the raw cases (received, dispositioned, followed up, completed, archived, postponed, open > 60 days, mean
// rating, verify and first follow-up clocks on time / late / overdue / running with median and p90 working
// days, and the median and p90 working days to completion), in the same run. Data: `lapor seed` with --rows
// cases (default 1,000,000) in one year. The first report builds the rollups (a one-time cost, reported on
// its own line); the timed runs read them, refreshing from the event log (nothing new to fold in).
// Also the embedded default: PGlite with 100,000 cases (--pglite-rows), cold (the rollup build) and warm.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BIN, dbUrl, log, median, pgBin, scratch, sql, startServe } from '../lib.js';

const YEAR = 2024;

/** The reference: one query over the raw cases with a working-day index built from calendar_days. */
export function referenceSql(year) {
  const from = `'${year}-01-01 00:00+08'`;
  const to = `'${year + 1}-01-01 00:00+08'`;
  const local = (col) => `(${col} AT TIME ZONE 'Asia/Makassar')::date`;
  // working days as one array indexed by days since its first day: W(d) = a[d - d0 + 1]
  const W = (expr) => `w.a[(${expr}) - w.d0 + 1]`;
  return `
WITH w AS (
  SELECT DATE '${year - 1}-01-01' AS d0, array_agg(cum ORDER BY d) AS a FROM (
    SELECT g.d::date AS d, sum(CASE WHEN extract(isodow FROM g.d) < 6 AND cd.date IS NULL THEN 1 ELSE 0 END) OVER (ORDER BY g.d) AS cum
    FROM generate_series(DATE '${year - 1}-01-01', (now() + interval '2 years')::date, interval '1 day') g(d)
    LEFT JOIN calendar_days cd ON cd.date = g.d::date) s
), c AS (
  SELECT c.status, c.rating, c.disposed_at, c.last_response_at, c.response_due_at, c.verified_at, c.first_response_at,
    ${local('c.submitted_at')} AS sd,
    ${local(`COALESCE(c.verified_at, CASE WHEN c.status IN ('completed','archived') THEN c.closed_at END)`)} AS vd,
    ${local('c.disposed_at')} AS dd,
    ${local(`COALESCE(c.first_response_at, CASE WHEN c.status IN ('completed','archived') THEN c.closed_at END)`)} AS fd,
    CASE WHEN c.status = 'completed' THEN ${local('c.closed_at')} END AS cd,
    ${local('now()')} AS today
  FROM cases c WHERE c.submitted_at >= ${from} AND c.submitted_at < ${to}
), x AS (
  SELECT c.*,
    CASE WHEN vd IS NULL THEN NULL WHEN vd <= sd THEN 0 ELSE 1 + ${W('vd - 1')} - ${W('sd')} END AS v_wd,
    CASE WHEN vd IS NULL AND today > sd THEN 1 + ${W('today - 1')} - ${W('sd')} END AS v_open_wd,
    CASE WHEN response_due_at IS NULL OR fd IS NULL THEN NULL WHEN fd <= dd THEN 0 ELSE 1 + ${W('fd - 1')} - ${W('dd')} END AS r_wd,
    CASE WHEN response_due_at IS NOT NULL AND fd IS NULL AND today > dd THEN 1 + ${W('today - 1')} - ${W('dd')} END AS r_open_wd,
    CASE WHEN cd IS NULL THEN NULL WHEN cd <= sd THEN 0 ELSE 1 + ${W('cd - 1')} - ${W('sd')} END AS c_wd
  FROM c CROSS JOIN w
)
SELECT count(*) AS received,
  count(*) FILTER (WHERE disposed_at IS NOT NULL) AS disposed,
  count(*) FILTER (WHERE disposed_at IS NOT NULL AND last_response_at IS NOT NULL) AS followed_up,
  count(*) FILTER (WHERE status = 'completed') AS completed,
  count(*) FILTER (WHERE status = 'archived') AS archived,
  count(*) FILTER (WHERE status = 'postponed') AS postponed,
  count(*) FILTER (WHERE status IN ('submitted','postponed','disposed','in_progress') AND today > sd + 60) AS open_over_60,
  count(rating) AS rating_count, avg(rating) AS rating_mean,
  count(*) FILTER (WHERE v_wd <= 3) AS verify_on_time, count(*) FILTER (WHERE v_wd > 3) AS verify_late,
  count(*) FILTER (WHERE v_open_wd > 3) AS verify_overdue,
  percentile_disc(0.5) WITHIN GROUP (ORDER BY v_wd) FILTER (WHERE verified_at IS NOT NULL) AS verify_median,
  percentile_disc(0.9) WITHIN GROUP (ORDER BY v_wd) FILTER (WHERE verified_at IS NOT NULL) AS verify_p90,
  count(*) FILTER (WHERE r_wd <= 5) AS response_on_time, count(*) FILTER (WHERE r_wd > 5) AS response_late,
  count(*) FILTER (WHERE r_open_wd > 5) AS response_overdue,
  percentile_disc(0.5) WITHIN GROUP (ORDER BY r_wd) FILTER (WHERE first_response_at IS NOT NULL) AS response_median,
  percentile_disc(0.9) WITHIN GROUP (ORDER BY r_wd) FILTER (WHERE first_response_at IS NOT NULL) AS response_p90,
  percentile_disc(0.5) WITHIN GROUP (ORDER BY c_wd) AS closing_median,
  percentile_disc(0.9) WITHIN GROUP (ORDER BY c_wd) AS closing_p90
FROM x`;
}

function timed(cmd, args, env = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { env: { ...process.env, LANG: 'en_US.UTF-8', ...env }, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} → ${r.status}\n${r.stderr}`);
  return { ms, out: r.stdout };
}

function laporAnnual(env) {
  const r = timed(process.execPath, [BIN, 'stats', 'annual', '--year', String(YEAR), '--format', 'json'], env);
  const rows = JSON.parse(r.out);
  const value = (figure) => rows.find((x) => x.figure === figure && x.dimension === 'total')?.value;
  return { ms: r.ms, value };
}

/** The report and the reference must agree on the figures both compute. */
function check(lapor, ref) {
  const pairs = [
    ['received', 'received'],
    ['disposed', 'disposed'],
    ['followedUp', 'followed_up'],
    ['completed', 'completed'],
    ['archived', 'archived'],
    ['ratingCount', 'rating_count'],
    ['verify.onTime', 'verify_on_time'],
    ['verify.late', 'verify_late'],
    ['verify.medianWorkingDays', 'verify_median'],
    ['verify.p90WorkingDays', 'verify_p90'],
    ['response.onTime', 'response_on_time'],
    ['response.late', 'response_late'],
    ['response.medianWorkingDays', 'response_median'],
    ['response.p90WorkingDays', 'response_p90'],
    ['closing.medianWorkingDays', 'closing_median'],
    ['closing.p90WorkingDays', 'closing_p90'],
  ];
  for (const [a, b] of pairs) {
    if (Number(lapor.value(a)) !== Number(ref[b])) throw new Error(`stats: lapor ${a} = ${lapor.value(a)}, reference ${b} = ${ref[b]}`);
  }
}

async function postgres(base, args, runs) {
  const ROWS = args.rows ?? 1_000_000;
  const work = scratch('lapor-bench-stats-');
  await sql(base, 'DROP DATABASE IF EXISTS bench_stats');
  await sql(base, 'CREATE DATABASE bench_stats');
  const url = dbUrl(base, 'bench_stats');
  try {
    log(`stats: seeding ${ROWS} cases in ${YEAR}…`);
    timed(process.execPath, [BIN, 'seed', '--cases', String(ROWS), '--years', `${YEAR}-${YEAR}`, '--database-url', url]);
    await sql(url, 'VACUUM ANALYZE');
    const psql = pgBin('psql');
    const query = referenceSql(YEAR);
    const serve = await startServe(url, join(work.dir, 'home'));
    const laporMs = [];
    const refMs = [];
    let buildMs;
    try {
      const env = { LAPOR_API_URL: serve.url, LAPOR_TOKEN: serve.token };
      log('stats: first report (builds the rollups)…');
      buildMs = laporAnnual(env).ms;
      for (let i = 0; i < runs; i += 1) {
        log(`stats: run ${i + 1}/${runs}`);
        const l = laporAnnual(env);
        laporMs.push(l.ms);
        const r = timed(psql, [url, '-X', '-q', '-A', '-F', '\t', '-v', 'ON_ERROR_STOP=1', '-c', query]);
        refMs.push(r.ms);
        const [head, values] = r.out.trim().split('\n');
        const ref = Object.fromEntries(head.split('\t').map((k, j) => [k, values.split('\t')[j]]));
        check(l, ref);
      }
    } finally {
      await serve.stop();
    }
    const lm = median(laporMs);
    const rm = median(refMs);
    return [
      {
        name: `annual statistics, ${ROWS.toLocaleString('en')}-case year (PostgreSQL)`,
        laporMs: lm,
        referenceMs: rm,
        reference: 'one hand-written SQL query via psql (headline figures)',
        ratio: lm / rm,
        goal: { max: 1.0 },
        samples: { lapor: laporMs, reference: refMs },
      },
      { name: `  first report: rollup build of ${ROWS.toLocaleString('en')} cases (once)`, value: Math.round(buildMs), unit: 'ms' },
    ];
  } finally {
    work.remove();
    await sql(base, 'DROP DATABASE IF EXISTS bench_stats');
  }
}

function pglite(args, runs) {
  const ROWS = args['pglite-rows'] ?? 100_000;
  const work = scratch('lapor-bench-stats-pglite-');
  try {
    const env = { LAPOR_HOME: join(work.dir, 'home') };
    log(`stats: seeding ${ROWS} cases into PGlite…`);
    timed(process.execPath, [BIN, 'seed', '--cases', String(ROWS), '--years', `${YEAR}-${YEAR}`], env);
    const cold = laporAnnual(env).ms;
    const warm = [];
    for (let i = 0; i < runs; i += 1) warm.push(laporAnnual(env).ms);
    return [
      {
        // the goal is an absolute time, so the "reference" is that budget: ratio ≤ 1 means under 3 s
        name: `annual statistics, ${ROWS.toLocaleString('en')}-case year (embedded PGlite, whole command)`,
        laporMs: median(warm),
        referenceMs: 3000,
        reference: 'the 3 s goal',
        ratio: median(warm) / 3000,
        goal: { max: 1.0 },
        samples: { warm },
      },
      { name: `  first report on PGlite: rollup build (once)`, value: Math.round(cold), unit: 'ms' },
    ];
  } finally {
    work.remove();
  }
}

export async function run({ base, args, runs }) {
  return [...(await postgres(base, args, runs)), ...pglite(args, runs)];
}
