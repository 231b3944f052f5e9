// Workload: bulk close. `lapor cases close --where status=in_progress --yes` against a `lapor serve`, next to
// one hand-written SQL UPDATE + INSERT of the close events (psql, one transaction), and next to single-case
// `lapor cases close <id>` calls (a sample of --singles; per-case time extrapolated).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { dbUrl, freshCopy, lapor, log, median, pgBin, sql, startServe } from '../lib.js';

/** Prepares the template: schema, reference data, and CASES cases in progress with a valid event chain. */
async function prepareTemplate(base, CASES) {
  await sql(base, 'DROP DATABASE IF EXISTS bench_tpl');
  await sql(base, 'CREATE DATABASE bench_tpl');
  const url = dbUrl(base, 'bench_tpl');
  const home = mkdtempSync(join(tmpdir(), 'lapor-bench-home-'));
  // the server migrates and loads the reference data; cases are made through the API itself (intake,
  // dispose, respond in bulk), so the chains and versions are exactly what production would have
  const serve = await startServe(url, home);
  try {
    const env = { LAPOR_API_URL: serve.url, LAPOR_TOKEN: serve.token, XDG_STATE_HOME: join(home, 'state') };
    const ids = Array.from({ length: CASES }, (_, i) => `BENCH-${String(i).padStart(7, '0')}`);
    await sql(url, `INSERT INTO cases (tracking_id, classification, category_id, title, body, channel, status,
        submitted_at, verify_due_at, completion_due_at, version, last_event_hash, institution_id)
      SELECT 'BENCH-' || lpad(g::text, 7, '0'), 'complaint', 'kesehatan', 'Antrean panjang di puskesmas', 'Isi laporan',
        'web', 'submitted', now() - interval '3 days' + g * interval '1 second', now() + interval '1 day', now() + interval '57 days', 1,
        repeat('0', 64), NULL
      FROM generate_series(0, ${CASES - 1}) g`);
    // Intake of 50,000 cases one request at a time would dominate the preparation, so the cases are inserted
    // in SQL without their `submit` event (their audit chain starts at seq 2: fine for timing, not for audit);
    // every later change goes through the API's own bulk path.
    const plan = ['trackingId,action,institution,message'];
    for (const id of ids) plan.push(`${id},dispose,bali.dinkes,`);
    writeFileSync(join(home, 'dispose.csv'), `${plan.join('\n')}\n`);
    lapor(['bulk', 'apply', join(home, 'dispose.csv'), '--yes', '--chunk-size', '1000'], env);
    const respond = ['trackingId,action,institution,message'];
    for (const id of ids) respond.push(`${id},respond,,Sedang kami tindak lanjuti`);
    writeFileSync(join(home, 'respond.csv'), `${respond.join('\n')}\n`);
    lapor(['bulk', 'apply', join(home, 'respond.csv'), '--yes', '--chunk-size', '1000'], env);
  } finally {
    await serve.stop();
    rmSync(home, { recursive: true, force: true });
  }
  const [{ n }] = await sql(url, "SELECT count(*)::int AS n FROM cases WHERE status = 'in_progress'");
  if (n !== CASES) throw new Error(`template has ${n} cases in progress, expected ${CASES}`);
  // as autovacuum leaves a production database: analysed (a fresh copy keeps the template's statistics)
  await sql(url, 'VACUUM ANALYZE');
}

async function timeBulk(base, run, CASES, CONCURRENCY) {
  const url = await freshCopy(base, 'bench_tpl', `bench_bulk_${run}`);
  const home = mkdtempSync(join(tmpdir(), 'lapor-bench-home-'));
  // a fresh database has no tokens: the serve writes the first admin token into its data dir
  await sql(url, 'DELETE FROM tokens');
  const serve = await startServe(url, home);
  try {
    const env = { LAPOR_API_URL: serve.url, LAPOR_TOKEN: serve.token, XDG_STATE_HOME: join(home, 'state') };
    const t0 = performance.now();
    lapor(['cases', 'close', '--where', 'status=in_progress', '--yes', '--chunk-size', '1000', ...(CONCURRENCY ? ['--concurrency', String(CONCURRENCY)] : [])], env);
    const ms = performance.now() - t0;
    const [{ n }] = await sql(url, "SELECT count(*)::int AS n FROM case_events WHERE action = 'close'");
    if (n !== CASES) throw new Error(`bulk wrote ${n} close events, expected ${CASES}`);
    return ms;
  } finally {
    await serve.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

async function timeSql(base, run) {
  const url = await freshCopy(base, 'bench_tpl', `bench_sql_${run}`);
  // the same changes the API makes: status, closed_at, closed_by, version, and one event per case
  const text = `BEGIN;
WITH closed AS (
  UPDATE cases SET status = 'completed', closed_at = now(), closed_by = 'admin', version = version + 1
  WHERE status = 'in_progress' RETURNING tracking_id, version, institution_id, last_event_hash)
INSERT INTO case_events (tracking_id, seq, at, actor, role, action, from_status, to_status, from_institution,
  to_institution, note, request_id, prev_hash, hash)
SELECT tracking_id, version, now(), 'admin', 'national_admin', 'close', 'in_progress', 'completed', institution_id,
  institution_id, NULL, NULL, last_event_hash, encode(sha256((last_event_hash || tracking_id)::bytea), 'hex')
FROM closed;
COMMIT;`;
  const psql = pgBin('psql');
  const t0 = performance.now();
  const r = spawnSync(psql, [url, '-q', '-v', 'ON_ERROR_STOP=1', '-c', text], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return ms;
}

async function timeSingles(base, run, SINGLES) {
  const url = await freshCopy(base, 'bench_tpl', `bench_single_${run}`);
  const home = mkdtempSync(join(tmpdir(), 'lapor-bench-home-'));
  await sql(url, 'DELETE FROM tokens');
  const serve = await startServe(url, home);
  try {
    const env = { LAPOR_API_URL: serve.url, LAPOR_TOKEN: serve.token };
    const t0 = performance.now();
    for (let i = 0; i < SINGLES; i += 1) lapor(['cases', 'close', `BENCH-${String(i).padStart(7, '0')}`, '--yes'], env);
    return (performance.now() - t0) / SINGLES; // per case
  } finally {
    await serve.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

export async function run({ base, args, runs }) {
  const CASES = args.cases ?? 50_000;
  const SINGLES = args.singles ?? 300;
  log(`bulk: preparing ${CASES} cases in progress…`);
  await prepareTemplate(base, CASES);
  const bulk = [];
  const floor = [];
  const single = [];
  for (let i = 0; i < runs; i += 1) {
    log(`bulk: run ${i + 1}/${runs}`);
    bulk.push(await timeBulk(base, i, CASES, args.concurrency));
    floor.push(await timeSql(base, i));
    single.push(await timeSingles(base, i, SINGLES));
  }
  const bulkMs = median(bulk);
  const sqlMs = median(floor);
  const singlePerCaseMs = median(single);
  return [
    {
      name: `bulk close ${CASES} cases`,
      laporMs: bulkMs,
      referenceMs: sqlMs,
      reference: 'one SQL UPDATE + INSERT of events (psql)',
      ratio: bulkMs / sqlMs,
      goal: { max: 3.0 },
      samples: { lapor: bulk, reference: floor },
    },
    {
      name: `bulk close vs single-case calls (${CASES} cases; singles sampled on ${SINGLES})`,
      laporMs: bulkMs,
      referenceMs: singlePerCaseMs * CASES,
      reference: 'one `lapor cases close <id>` process per case',
      ratio: bulkMs / (singlePerCaseMs * CASES),
      goal: { max: 1 / 20 },
      samples: { lapor: bulk, referencePerCase: single },
    },
  ];
}
