// npm run bench -- --scale 1000000,3000000,10000000 [--runs 3]
//
// Issue #22, item 2: does each cost grow with the work, not with the database? For each size, a database is
// seeded with `lapor seed --cases N --years 2019-2026` (the seeding time is recorded) and served by one warm
// `lapor serve`; then, through the CLI as a person or cron runs it:
//   first page   `lapor cases list --limit 50`                                   (flat)
//   show         `lapor cases show <id>`                                         (flat)
//   filtered     `lapor cases list --institution <a regency> --overdue response` (flat)
//   stats        `lapor stats annual --year 2025 --format json`                 (flat: rollups)
//   export       `lapor export cases --year 2025 -o f.csv`                      (linear in the year's rows)
//   import       `lapor import cases` of 100,000 new cases                       (flat: fixed work)
//   sweep        `lapor sla sweep` with SCALE_DUE cases made due                 (flat: fixed work)
//   bulk close   10,000 cases through `lapor bulk apply`                        (flat: fixed work)
// Short commands are the median of --runs × 3 runs, the rest the median of --runs. It writes
// bench/scale.json and bench/scale.svg (time per unit of work, relative to the smallest size), and prints a
// table. Each size's database is dropped before the next is seeded (10,000,000 cases take ~20 GB).

import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BIN, ROOT, dbUrl, log, median, scratch, sql, startServe } from './lib.js';
import { generateCsv } from './workloads/import.js';

const YEAR = 2025;
const IMPORT_ROWS = 100_000;
const BULK_CASES = 10_000;
const DUE_CASES = 1_000;

/** The operations, each with how its cost should grow and the unit its time is divided by. */
export const OPERATIONS = [
  { key: 'firstPage', label: 'first page: cases list --limit 50', grows: 'flat' },
  { key: 'show', label: 'cases show <id>', grows: 'flat' },
  { key: 'filtered', label: 'cases list --institution <regency> --overdue response', grows: 'flat' },
  { key: 'stats', label: `stats annual --year ${YEAR}`, grows: 'flat' },
  { key: 'export', label: `export cases --year ${YEAR} (per 1,000 rows)`, grows: 'linear' },
  { key: 'import', label: `import ${IMPORT_ROWS.toLocaleString('en')} new cases`, grows: 'flat' },
  { key: 'sweep', label: `sla sweep, ${DUE_CASES.toLocaleString('en')} due`, grows: 'flat' },
  { key: 'bulk', label: `bulk close ${BULK_CASES.toLocaleString('en')} cases`, grows: 'flat' },
];

function run(args, env, { allowFail = false } = {}) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, LANG: 'en_US.UTF-8', ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = performance.now() - t0;
  if (r.status !== 0 && !allowFail) throw new Error(`lapor ${args.join(' ')} → ${r.status}\n${r.stderr.slice(-2000)}`);
  return { ms, stdout: r.stdout, stderr: r.stderr };
}

const timesOf = (n, f) => median(Array.from({ length: n }, f));

/** The regency (an institution with the most cases below it) that the filtered listing asks for. */
async function busiestRegency(url) {
  const rows = await sql(
    url,
    `SELECT i.id FROM institutions i JOIN cases c ON c.institution_id LIKE i.id || '.%'
     WHERE i.parent_id IS NOT NULL GROUP BY i.id ORDER BY count(*) DESC LIMIT 1`,
  );
  return rows[0]?.id;
}

/**
 * Makes `n` cases due for the auto-close sweep: the first `n` completed by an admin are put back in progress
 * with their last follow-up 40 days ago (timing only: their history does not say so). Returns how many.
 */
async function makeDue(url, n) {
  const rows = await sql(
    url,
    `UPDATE cases SET status = 'in_progress', closed_at = NULL, closed_by = NULL, last_response_at = now() - interval '40 days',
       last_reporter_reply_at = NULL
     WHERE tracking_id IN (SELECT tracking_id FROM cases WHERE status = 'completed' AND closed_by = 'admin' ORDER BY tracking_id LIMIT ${n})
     RETURNING tracking_id`,
  );
  return rows.length;
}

async function measureSize(base, size, runs, csv) {
  const name = `bench_scale_${size}`;
  await sql(base, `DROP DATABASE IF EXISTS ${name}`);
  await sql(base, `CREATE DATABASE ${name}`);
  const url = dbUrl(base, name);
  log(`scale ${size}: seeding…`);
  const seeded = run(['seed', '--cases', String(size), '--years', '2019-2026', '--database-url', url]);
  const home = scratch('lapor-bench-scale-');
  const serve = await startServe(url, home.dir);
  const result = { size, seedMs: seeded.ms, ms: {}, rows: {} };
  try {
    const env = { LAPOR_API_URL: serve.url, LAPOR_TOKEN: serve.token, XDG_STATE_HOME: join(home.dir, 'state'), XDG_CONFIG_HOME: join(home.dir, 'config') };
    const short = runs * 3;
    const [{ id }] = await sql(url, `SELECT tracking_id AS id FROM cases ORDER BY random() LIMIT 1`);
    const regency = await busiestRegency(url);
    result.ms.firstPage = timesOf(short, () => run(['cases', 'list', '--limit', '50'], env).ms);
    result.ms.show = timesOf(short, () => run(['cases', 'show', id], env).ms);
    result.ms.filtered = timesOf(short, () => run(['cases', 'list', '--institution', regency, '--overdue', 'response', '--limit', '50'], env).ms);
    result.ms.stats = timesOf(runs, () => run(['stats', 'annual', '--year', String(YEAR), '--format', 'json'], env).ms);
    const out = join(home.dir, 'year.csv');
    const [{ n: yearRows }] = await sql(url, `SELECT count(*)::int AS n FROM cases WHERE submitted_at >= '${YEAR}-01-01' AND submitted_at < '${YEAR + 1}-01-01'`);
    result.rows.export = yearRows;
    result.ms.export = timesOf(runs, () => run(['export', 'cases', '--year', String(YEAR), '-o', out], env).ms);
    result.ms.import = run(['import', 'cases', csv, '--format', 'json'], env).ms;
    // the imported file brings ~25,000 cases in progress: 10,000 of them are closed in bulk
    const ids = (await sql(url, `SELECT tracking_id FROM cases WHERE status = 'in_progress' ORDER BY tracking_id LIMIT ${BULK_CASES}`)).map((r) => r.tracking_id);
    const plan = join(home.dir, 'close.csv');
    writeFileSync(plan, `trackingId,action\n${ids.map((i) => `${i},close`).join('\n')}\n`);
    result.rows.bulk = ids.length;
    result.ms.bulk = run(['bulk', 'apply', plan, '--yes', '--chunk-size', '1000'], env).ms;
    // the sweep's backlog (old cases in progress) is closed first, untimed; then DUE_CASES are made due
    run(['sla', 'sweep'], env);
    result.rows.due = await makeDue(url, DUE_CASES);
    const swept = run(['sla', 'sweep', '--format', 'json'], env);
    result.ms.sweep = swept.ms;
    result.rows.sweep = JSON.parse(swept.stdout || '[]').length;
  } finally {
    await serve.stop();
    home.remove();
    await sql(base, `DROP DATABASE IF EXISTS ${name}`);
  }
  return result;
}

/** Time per unit of work: the export per 1,000 rows, every other operation as measured. */
function perUnit(result, key) {
  const ms = result.ms[key];
  return key === 'export' ? (ms / Math.max(1, result.rows.export)) * 1000 : ms;
}

/** A line chart: x the database size (log scale), y each operation's time per unit relative to the smallest size. */
export function scaleSvg(results) {
  const W = 760, H = 420, left = 60, right = 300, top = 30, bottom = 50;
  const sizes = results.map((r) => r.size);
  const lx = (s) => Math.log10(s);
  const [x0, x1] = [lx(Math.min(...sizes)), lx(Math.max(...sizes))];
  const series = OPERATIONS.map((op) => ({ op, ys: results.map((r) => perUnit(r, op.key) / perUnit(results[0], op.key)) }));
  const yMax = Math.max(2, ...series.flatMap((s) => s.ys.filter(Number.isFinite)));
  const px = (s) => left + ((lx(s) - x0) / Math.max(1e-9, x1 - x0)) * (W - left - right);
  const py = (y) => H - bottom - (y / yMax) * (H - top - bottom);
  const colours = ['#1b5e20', '#0d47a1', '#4a148c', '#b71c1c', '#e65100', '#006064', '#3e2723', '#827717'];
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${left}" y="18" font-size="14">Time per unit of work, relative to ${sizes[0].toLocaleString('en')} cases (1 = flat)</text>`,
    `<line x1="${left}" y1="${H - bottom}" x2="${W - right}" y2="${H - bottom}" stroke="black"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${H - bottom}" stroke="black"/>`,
    `<line x1="${left}" y1="${py(1)}" x2="${W - right}" y2="${py(1)}" stroke="#999" stroke-dasharray="4 3"/>`,
  ];
  for (let y = 0; y <= yMax; y += yMax > 4 ? 1 : 0.5) parts.push(`<text x="${left - 8}" y="${py(y) + 4}" text-anchor="end">${y}×</text>`);
  for (const s of sizes) parts.push(`<text x="${px(s)}" y="${H - bottom + 18}" text-anchor="middle">${(s / 1e6).toLocaleString('en')} M</text>`);
  parts.push(`<text x="${(left + W - right) / 2}" y="${H - 10}" text-anchor="middle">cases in the database</text>`);
  series.forEach(({ op, ys }, i) => {
    const points = ys.map((y, j) => `${px(sizes[j]).toFixed(1)},${py(y).toFixed(1)}`).join(' ');
    parts.push(`<polyline points="${points}" fill="none" stroke="${colours[i % colours.length]}" stroke-width="2"/>`);
    parts.push(`<text x="${W - right + 12}" y="${top + 16 * i + 4}" fill="${colours[i % colours.length]}">${op.label} (${op.grows})</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

export async function runScale({ base, sizes, runs }) {
  const home = scratch('lapor-bench-scale-csv-');
  const csv = join(home.dir, 'new.csv');
  await generateCsv(csv, IMPORT_ROWS, 11);
  const results = [];
  try {
    for (const size of [...sizes].sort((a, b) => a - b)) {
      results.push(await measureSize(base, size, runs, csv));
      log(`scale ${size}: ${JSON.stringify(results.at(-1))}`);
    }
  } finally {
    home.remove();
  }
  writeFileSync(join(ROOT, 'bench', 'scale.json'), `${JSON.stringify({ date: new Date().toISOString(), runs, results }, null, 2)}\n`);
  writeFileSync(join(ROOT, 'bench', 'scale.svg'), scaleSvg(results));
  const fmt = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
  process.stdout.write(`${['operation', ...results.map((r) => `${r.size.toLocaleString('en')}`)].join(' | ')}\n`);
  process.stdout.write(`${['seeding', ...results.map((r) => fmt(r.seedMs))].join(' | ')}\n`);
  for (const op of OPERATIONS) process.stdout.write(`${[op.label, ...results.map((r) => fmt(perUnit(r, op.key)))].join(' | ')}\n`);
  return results;
}
