// Workload: CSV import. A generated file of --rows cases (default 1,000,000) in the project's own columns,
// imported with `lapor import cases` against a `lapor serve` on the throwaway PostgreSQL, next to
// `psql \copy` of the same file into an equivalent table (the same columns, types and indexes as `cases`);
// the CLI's peak RSS is read from /usr/bin/time -v. The embedded variant imports --pglite-rows (default
// 100,000) on the PGlite default (no server: the CLI starts it in-process) next to a PGlite COPY of the same
// file into an equivalent table on a copy of the same data dir.

import { spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { once } from 'node:events';
import { BIN, ROOT, dbUrl, freshCopy, lapor, log, median, pgBin, scratch, sql, startServe } from '../lib.js';

const HEADER = [
  'trackingId', 'classification', 'categoryId', 'title', 'body', 'incidentDate', 'province', 'regency', 'district', 'village',
  'regionCode', 'channel', 'anonymous', 'confidential', 'institutionId', 'status', 'closedBy', 'archiveReason', 'rating',
  'submittedAt', 'verifiedAt', 'disposedAt', 'firstResponseAt', 'lastResponseAt', 'lastReporterReplyAt', 'closedAt',
];
const COLUMNS = [
  'tracking_id', 'classification', 'category_id', 'title', 'body', 'incident_date', 'province', 'regency', 'district', 'village',
  'region_code', 'channel', 'anonymous', 'confidential', 'institution_id', 'status', 'closed_by', 'archive_reason', 'rating',
  'submitted_at', 'verified_at', 'disposed_at', 'first_response_at', 'last_response_at', 'last_reporter_reply_at', 'closed_at',
];

/** Writes `rows` realistic cases (varied categories, institutions, channels, statuses with consistent times). */
export async function generateCsv(path, rows, seed = 7) {
  // the client's seeded PRNG (mulberry32), from the build the benchmark runs anyway
  const { seededRandom } = await import(join(ROOT, 'dist', 'api', 'transport.js'));
  const random = seededRandom(seed);
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const institutions = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'institutions.json'), 'utf8')).filter((i) => i.level === 'unit').map((i) => i.id);
  const categories = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'categories.json'), 'utf8')).map((c) => c.id);
  const channels = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'channels.json'), 'utf8')).map((c) => c.id);
  const texts = ['Jalan berlubang di depan pasar', 'Antrean panjang di puskesmas', 'Sampah menumpuk di TPS', 'Lampu jalan mati sejak seminggu', 'Pungutan liar saat mengurus KTP'];
  const regencies = ['Kabupaten Badung', 'Kota Denpasar', 'Kabupaten Gianyar', 'Kabupaten Tabanan', 'Kabupaten Buleleng'];
  const out = createWriteStream(path);
  out.write(`${HEADER.join(',')}\n`);
  const start = Date.parse('2023-01-01T00:00:00Z');
  const iso = (ms) => new Date(ms).toISOString();
  let buf = '';
  for (let i = 0; i < rows; i += 1) {
    const submitted = start + Math.floor(random() * 360 * 86_400_000);
    const r = random();
    const status = r < 0.1 ? 'submitted' : r < 0.2 ? 'disposed' : r < 0.45 ? 'in_progress' : r < 0.9 ? 'completed' : 'archived';
    const open = status === 'submitted';
    const verified = open ? '' : iso(submitted + 86_400_000);
    const disposed = open || status === 'archived' ? '' : iso(submitted + 90_000_000);
    const responded = status === 'in_progress' || status === 'completed' ? iso(submitted + 3 * 86_400_000) : '';
    const closed = status === 'completed' ? iso(submitted + 20 * 86_400_000) : status === 'archived' ? iso(submitted + 2 * 86_400_000) : '';
    const closedBy = status === 'completed' ? (random() < 0.3 ? 'system' : 'admin') : status === 'archived' ? 'admin' : '';
    const title = `${pick(texts)} nomor ${i}`;
    const body = `"${title}. Mohon segera ditindaklanjuti, sudah berlangsung lama; warga sekitar mengeluh ""sangat terganggu"" dan meminta kepastian jadwal perbaikan."`;
    buf +=
      `BI-${String(i).padStart(8, '0')},${pick(['complaint', 'complaint', 'aspiration', 'information_request'])},${pick(categories)},${title},${body},` +
      `${new Date(submitted - 86_400_000).toISOString().slice(0, 10)},Bali,${pick(regencies)},,,,${pick(channels)},${random() < 0.1},${random() < 0.05},` +
      `${open ? '' : pick(institutions)},${status},${closedBy},${status === 'archived' ? 'duplicate' : ''},${status === 'completed' && random() < 0.5 ? 1 + Math.floor(random() * 5) : ''},` +
      `${iso(submitted)},${verified},${disposed},${responded},${responded},,${closed}\n`;
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

/** Wall time and peak RSS (KiB) of a command, through /usr/bin/time -v. */
function timed(cmd, args, env) {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { env: { ...process.env, LANG: 'en_US.UTF-8', ...env }, encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? Number.NaN);
  return { ms, rssKiB: rss, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The equivalent table: the columns, types, defaults and indexes of `cases`; derived columns may be null. */
const EQUIVALENT_TABLE = `DROP TABLE IF EXISTS ref_cases;
CREATE TABLE ref_cases (LIKE cases INCLUDING DEFAULTS INCLUDING INDEXES);
ALTER TABLE ref_cases ALTER COLUMN verify_due_at DROP NOT NULL, ALTER COLUMN completion_due_at DROP NOT NULL,
  ALTER COLUMN last_event_hash DROP NOT NULL;`;

async function prepareTemplate(base) {
  await sql(base, 'DROP DATABASE IF EXISTS bench_import_tpl');
  await sql(base, 'CREATE DATABASE bench_import_tpl');
  const url = dbUrl(base, 'bench_import_tpl');
  const home = scratch('lapor-bench-import-');
  const serve = await startServe(url, home.dir); // migrates and loads the reference data
  await serve.stop();
  home.remove();
  await sql(url, 'DELETE FROM tokens');
}

async function timeLapor(base, run, file, rows) {
  const url = await freshCopy(base, 'bench_import_tpl', `bench_import_${run}`);
  const home = scratch('lapor-bench-import-');
  const serve = await startServe(url, home.dir);
  try {
    const env = { LAPOR_API_URL: serve.url, LAPOR_TOKEN: serve.token, XDG_STATE_HOME: join(home.dir, 'state') };
    const r = timed(process.execPath, [BIN, 'import', 'cases', file, '--format', 'json'], env);
    if (r.status !== 0) throw new Error(`lapor import → ${r.status}\n${r.stderr.slice(-2000)}`);
    const [{ n }] = await sql(url, "SELECT count(*)::int AS n FROM case_events WHERE action = 'import'");
    if (n !== rows) throw new Error(`import wrote ${n} import events, expected ${rows}`);
    return r;
  } finally {
    await serve.stop();
    home.remove();
  }
}

async function timePsql(base, run, file, plain) {
  const url = await freshCopy(base, 'bench_import_tpl', `bench_import_ref_${run}`);
  await sql(url, plain ? `CREATE TABLE ref_cases (${COLUMNS.map((c, i) => `${c} ${i === 0 ? 'text PRIMARY KEY' : c.endsWith('_at') ? 'timestamptz' : c === 'incident_date' ? 'date' : c === 'rating' ? 'smallint' : ['anonymous', 'confidential'].includes(c) ? 'boolean' : 'text'}`).join(', ')})` : EQUIVALENT_TABLE);
  const t0 = performance.now();
  const r = spawnSync(pgBin('psql'), [url, '-q', '-v', 'ON_ERROR_STOP=1', '-c', `\\copy ref_cases (${COLUMNS.join(', ')}) FROM '${file}' WITH (FORMAT csv, HEADER true)`], { encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  await sql(base, `DROP DATABASE IF EXISTS bench_import_ref_${run}`);
  return ms;
}

/** An initialised embedded data dir (migrated, reference data, admin token), copied for each run. */
function prepareEmbedded(dir) {
  lapor(['institutions', 'list', '--format', 'json'], { LAPOR_HOME: dir, LAPOR_API_URL: '', LAPOR_TOKEN: '' }, { stdio: 'ignore' });
  if (!existsSync(join(dir, 'admin-token'))) throw new Error('embedded data dir was not initialised');
}

function timeEmbedded(template, work, file, rows) {
  rmSync(work, { recursive: true, force: true });
  cpSync(template, work, { recursive: true });
  const r = timed(process.execPath, [BIN, 'import', 'cases', file, '--format', 'json'], { LAPOR_HOME: work, LAPOR_API_URL: '', LAPOR_TOKEN: '' });
  if (r.status !== 0) throw new Error(`embedded lapor import → ${r.status}\n${r.stderr.slice(-2000)}`);
  const summary = JSON.parse(r.stdout).summary;
  if (summary.created !== rows) throw new Error(`embedded import created ${summary.created}, expected ${rows}`);
  return r;
}

/** PGlite COPY of the same file into the equivalent table, on a copy of the same data dir (open + COPY). */
function timePgliteCopy(template, work, file) {
  rmSync(work, { recursive: true, force: true });
  cpSync(template, work, { recursive: true });
  const script = `
    import { PGlite } from '@electric-sql/pglite';
    import { readFileSync } from 'node:fs';
    const t0 = performance.now();
    const db = await PGlite.create(${JSON.stringify(join(work, 'pgdata'))});
    await db.exec(${JSON.stringify(EQUIVALENT_TABLE)});
    const t1 = performance.now();
    const blob = new Blob([readFileSync(${JSON.stringify(file)})]);
    await db.query(${JSON.stringify(`COPY ref_cases (${COLUMNS.join(', ')}) FROM '/dev/blob' WITH (FORMAT csv, HEADER true)`)}, [], { blob });
    await db.close();
    process.stdout.write(JSON.stringify({ ms: performance.now() - t0, setupMs: t1 - t0 }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`pglite copy: ${r.stderr}`);
  return JSON.parse(r.stdout).ms;
}

export async function run({ base, args, runs }) {
  const ROWS = args.rows ?? 1_000_000;
  const PGLITE_ROWS = args['pglite-rows'] ?? Math.min(100_000, ROWS);
  const work = scratch('lapor-bench-import-files-');
  try {
    const file = join(work.dir, `cases-${ROWS}.csv`);
    log(`import: generating ${ROWS} rows…`);
    await generateCsv(file, ROWS);
    log(`import: ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB; preparing the template database…`);
    await prepareTemplate(base);
    const laporMs = [];
    const rss = [];
    const equivalentMs = [];
    const plainMs = [];
    for (let i = 0; i < runs; i += 1) {
      log(`import: run ${i + 1}/${runs} (PostgreSQL)`);
      const r = await timeLapor(base, i, file, ROWS);
      laporMs.push(r.ms);
      rss.push(r.rssKiB / 1024);
      equivalentMs.push(await timePsql(base, i, file, false));
      plainMs.push(await timePsql(base, i, file, true));
    }
    const pgliteFile = join(work.dir, `cases-${PGLITE_ROWS}.csv`);
    await generateCsv(pgliteFile, PGLITE_ROWS, 11);
    const template = join(work.dir, 'embedded-template');
    prepareEmbedded(template);
    const embeddedMs = [];
    const pgliteCopyMs = [];
    for (let i = 0; i < runs; i += 1) {
      log(`import: run ${i + 1}/${runs} (embedded PGlite, ${PGLITE_ROWS} rows)`);
      embeddedMs.push(timeEmbedded(template, join(work.dir, 'embedded'), pgliteFile, PGLITE_ROWS).ms);
      pgliteCopyMs.push(timePgliteCopy(template, join(work.dir, 'pglite-copy'), pgliteFile));
    }
    const l = median(laporMs);
    return [
      {
        name: `import ${ROWS} cases from CSV (PostgreSQL)`,
        laporMs: l,
        referenceMs: median(equivalentMs),
        reference: 'psql \\copy of the same file into a table with the columns, types and indexes of cases',
        ratio: l / median(equivalentMs),
        goal: { max: 2.0 },
        samples: { lapor: laporMs, reference: equivalentMs },
      },
      {
        name: `import ${ROWS} cases vs \\copy into a plain table (PK only)`,
        laporMs: l,
        referenceMs: median(plainMs),
        reference: 'psql \\copy of the same file into a table with the same columns and only a primary key',
        ratio: l / median(plainMs),
        samples: { lapor: laporMs, reference: plainMs },
      },
      // the ratio is the peak RSS over the 150 MB budget (goal ≤ 1.0)
      { name: `import ${ROWS} cases: CLI peak RSS / 150 MB`, value: Math.round(median(rss)), unit: 'MB', ratio: median(rss) / 150, goal: { max: 1.0 }, samples: { rssMB: rss } },
      {
        name: `import ${PGLITE_ROWS} cases on the embedded PGlite default`,
        laporMs: median(embeddedMs),
        referenceMs: median(pgliteCopyMs),
        reference: 'PGlite COPY of the same file into an equivalent table (open + COPY)',
        ratio: median(embeddedMs) / median(pgliteCopyMs),
        goal: { max: 2.0 },
        samples: { lapor: embeddedMs, reference: pgliteCopyMs },
      },
    ];
  } finally {
    work.remove();
  }
}
