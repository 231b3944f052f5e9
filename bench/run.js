#!/usr/bin/env node
// npm run bench [-- --cases 50000 --singles 300 --runs 3]
//
// Measures, side by side in one run on a throwaway PostgreSQL cluster (or BENCH_DATABASE_URL):
//   bulk close   `lapor cases close --where status=in_progress --yes` against a `lapor serve`
//   SQL floor    one hand-written UPDATE + INSERT of the close events, via psql, in one transaction
//   single case  `lapor cases close <id>` one process per case (a sample; per-case time extrapolated)
// Each timing is the median of --runs runs, each on a fresh copy (CREATE DATABASE … TEMPLATE) of the same
// prepared data. Prints a table and writes bench/results.json. Ratios, not absolute times, are what count.

import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServer } from 'node:net';
import pg from 'pg';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'lapor.js');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const CASES = arg('cases', 50_000);
const SINGLES = arg('singles', 300);
const RUNS = arg('runs', 3);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const log = (s) => process.stderr.write(`${s}\n`);

function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function pgBin(name) {
  const found = spawnSync('sh', ['-c', `command -v ${name} || ls /usr/lib/postgresql/*/bin/${name} 2>/dev/null | sort -V | tail -n 1`], { encoding: 'utf8' });
  return found.stdout.trim().split('\n').pop();
}

async function throwawayCluster() {
  const dir = mkdtempSync(join(tmpdir(), 'lapor-bench-pg-'));
  chmodSync(dir, 0o755);
  const asPostgres = (cmd, args) => {
    const r = process.getuid?.() === 0 ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  };
  spawnSync('chown', ['postgres', dir]);
  asPostgres(pgBin('initdb'), ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  asPostgres(pgBin('pg_ctl'), ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100`, 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      asPostgres(pgBin('pg_ctl'), ['-D', join(dir, 'data'), '-m', 'fast', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function dbUrl(base, name) {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}

async function sql(url, text) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}

function lapor(args, env, options = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, LANG: 'en_US.UTF-8', ...env }, encoding: 'utf8', ...options });
  if (r.status !== 0 && !options.allowFail) throw new Error(`lapor ${args.join(' ')} → ${r.status}\n${r.stderr}`);
  return r;
}

/** Prepares the template: schema, reference data, and CASES cases in progress with a valid event chain. */
async function prepareTemplate(base) {
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
        'web', 'submitted', now() - interval '3 days', now() + interval '1 day', now() + interval '57 days', 1,
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
}

async function startServe(url, home) {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--database-url', url, '--data-dir', join(home, 'data'), '--rate-limit', '10000000'], {
    env: { ...process.env, LANG: 'en_US.UTF-8' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  await new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      err += d;
      if (/listening on/.test(err)) resolve();
    });
    child.on('exit', () => reject(new Error(`serve exited: ${err}`)));
  });
  const rows = await sql(url, 'SELECT count(*)::int AS n FROM tokens');
  let token;
  try {
    token = readFileSync(join(home, 'data', 'admin-token'), 'utf8').trim();
  } catch {
    throw new Error(`no admin token (tokens: ${rows[0].n})`);
  }
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    stop: () =>
      new Promise((resolve) => {
        child.on('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

async function freshCopy(base, name) {
  await sql(base, `DROP DATABASE IF EXISTS ${name}`);
  await sql(base, `CREATE DATABASE ${name} TEMPLATE bench_tpl`);
  return dbUrl(base, name);
}

async function timeBulk(base, run) {
  const url = await freshCopy(base, `bench_bulk_${run}`);
  const home = mkdtempSync(join(tmpdir(), 'lapor-bench-home-'));
  // a fresh database has no tokens: the serve writes the first admin token into its data dir
  await sql(url, 'DELETE FROM tokens');
  const serve = await startServe(url, home);
  try {
    const env = { LAPOR_API_URL: serve.url, LAPOR_TOKEN: serve.token, XDG_STATE_HOME: join(home, 'state') };
    const t0 = performance.now();
    lapor(['cases', 'close', '--where', 'status=in_progress', '--yes', '--chunk-size', '1000'], env);
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
  const url = await freshCopy(base, `bench_sql_${run}`);
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

async function timeSingles(base, run) {
  const url = await freshCopy(base, `bench_single_${run}`);
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

async function main() {
  const external = process.env.BENCH_DATABASE_URL;
  const cluster = external ? null : await throwawayCluster();
  const base = external ?? cluster.url;
  try {
    log(`preparing ${CASES} cases in progress…`);
    await prepareTemplate(base);
    const bulk = [];
    const floor = [];
    const single = [];
    for (let run = 0; run < RUNS; run += 1) {
      log(`run ${run + 1}/${RUNS}`);
      bulk.push(await timeBulk(base, run));
      floor.push(await timeSql(base, run));
      single.push(await timeSingles(base, run));
    }
    const bulkMs = median(bulk);
    const sqlMs = median(floor);
    const singlePerCaseMs = median(single);
    const results = {
      date: new Date().toISOString(),
      machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
      database: 'postgres',
      cases: CASES,
      runs: RUNS,
      workloads: [
        {
          name: `bulk close ${CASES} cases`,
          laporMs: bulkMs,
          referenceMs: sqlMs,
          reference: 'one SQL UPDATE + INSERT of events (psql)',
          ratio: bulkMs / sqlMs,
          goal: '≤ 3.0×',
        },
        {
          name: `bulk close vs single-case calls (${CASES} cases; singles sampled on ${SINGLES})`,
          laporMs: bulkMs,
          referenceMs: singlePerCaseMs * CASES,
          reference: 'one `lapor cases close <id>` process per case',
          speedup: (singlePerCaseMs * CASES) / bulkMs,
          goal: '≥ 20× faster',
        },
      ],
      samples: { bulkMs: bulk, sqlMs: floor, singlePerCaseMs: single },
    };
    writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
    const row = (a, b, c, d) => `${a.padEnd(58)} ${b.padStart(12)} ${c.padStart(14)} ${d.padStart(10)}`;
    process.stdout.write(`${row('workload', 'lapor', 'reference', 'ratio')}\n`);
    process.stdout.write(`${row(results.workloads[0].name, `${(bulkMs / 1000).toFixed(2)} s`, `${(sqlMs / 1000).toFixed(2)} s`, `${results.workloads[0].ratio.toFixed(2)}×`)}\n`);
    process.stdout.write(
      `${row(`single-case calls, ${CASES} cases (extrapolated)`, `${(bulkMs / 1000).toFixed(2)} s`, `${((singlePerCaseMs * CASES) / 1000).toFixed(0)} s`, `${results.workloads[1].speedup.toFixed(0)}× faster`)}\n`,
    );
  } finally {
    cluster?.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exitCode = 1;
});
