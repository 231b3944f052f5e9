// Workload: export one year. `lapor export cases --year Y -o file` (through a `lapor serve` on the throwaway
// PostgreSQL) next to `psql \copy (SELECT …) TO STDOUT (FORMAT csv, HEADER)` of the same rows and columns —
// the very SELECT the server runs, taken from dist/server/export.js — into a file, in the same run. Also the
// CLI's peak RSS (/usr/bin/time's maximum resident set size), and the same export as XLSX (`--format xlsx`,
// typed cells made by the client) against the CSV export's time, with its own peak RSS. Data: `lapor seed`
// with --rows cases (default 1,000,000) all in one year.

import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BIN, ROOT, dbUrl, log, median, pgBin, scratch, sql, startServe } from '../lib.js';

const YEAR = 2024;

/** Runs `node bin/lapor.js …` under /usr/bin/time; returns wall ms and peak RSS in MiB. */
function timedLapor(args, env) {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, BIN, ...args], {
    env: { ...process.env, LANG: 'en_US.UTF-8', ...env },
    encoding: 'utf8',
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`lapor ${args.join(' ')} → ${r.status}\n${r.stderr}`);
  const kib = Number(r.stderr.trim().split('\n').pop());
  return { ms, rssMiB: kib / 1024, stderr: r.stderr };
}

function countLines(file) {
  const r = spawnSync('wc', ['-l', file], { encoding: 'utf8' });
  return Number(r.stdout.trim().split(/\s+/)[0]);
}

export async function run({ base, args, runs }) {
  const ROWS = args.rows ?? 1_000_000;
  const { exportSelectSql } = await import(join(ROOT, 'dist', 'server', 'export.js'));
  const work = scratch('lapor-bench-export-');
  await sql(base, 'DROP DATABASE IF EXISTS bench_export');
  await sql(base, 'CREATE DATABASE bench_export');
  const url = dbUrl(base, 'bench_export');
  try {
    log(`export: seeding ${ROWS} cases in ${YEAR}…`);
    const seeded = spawnSync(process.execPath, [BIN, 'seed', '--cases', String(ROWS), '--years', `${YEAR}-${YEAR}`, '--database-url', url], {
      env: { ...process.env, LANG: 'en_US.UTF-8' },
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    if (seeded.status !== 0) throw new Error(`seed failed: ${seeded.stderr}`);
    await sql(url, 'VACUUM ANALYZE');
    const [{ n }] = await sql(url, 'SELECT count(*)::int AS n FROM cases');
    if (n !== ROWS) throw new Error(`seeded ${n} cases, expected ${ROWS}`);

    // the server's own SELECT for a national token and --year (WITA, the default calendar offset)
    const offsetMs = 480 * 60_000;
    const select = exportSelectSql({
      profile: 'statistical',
      scopePath: null,
      fromInstant: new Date(Date.UTC(YEAR, 0, 1) - offsetMs).toISOString(),
      toInstant: new Date(Date.UTC(YEAR + 1, 0, 1) - offsetMs).toISOString(),
    });
    const psql = pgBin('psql');

    const serve = await startServe(url, join(work.dir, 'home'));
    const laporMs = [];
    const psqlMs = [];
    const rss = [];
    const xlsxMs = [];
    const xlsxRss = [];
    try {
      const env = { LAPOR_API_URL: serve.url, LAPOR_TOKEN: serve.token };
      for (let i = 0; i < runs; i += 1) {
        log(`export: run ${i + 1}/${runs}`);
        const file = join(work.dir, `lapor-${i}.csv`);
        const l = timedLapor(['export', 'cases', '--year', String(YEAR), '-o', file], env);
        laporMs.push(l.ms);
        rss.push(l.rssMiB);
        const lines = countLines(file);
        if (lines !== ROWS + 1) throw new Error(`lapor wrote ${lines} lines, expected ${ROWS + 1}\n${l.stderr}`);

        const ref = join(work.dir, `psql-${i}.csv`);
        const fd = openSync(ref, 'w');
        const t0 = performance.now();
        const p = spawnSync(psql, [url, '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-c', `\\copy (${select}) to stdout with (format csv, header)`], {
          stdio: ['ignore', fd, 'pipe'],
          encoding: 'utf8',
        });
        psqlMs.push(performance.now() - t0);
        closeSync(fd);
        if (p.status !== 0) throw new Error(`psql: ${p.stderr}`);
        const refLines = countLines(ref);
        if (refLines !== ROWS + 1) throw new Error(`psql wrote ${refLines} lines, expected ${ROWS + 1}`);
        // the same content but for the record ends (CRLF in lapor's file)
        const dataBytes = (f) => statSync(f).size - (readFileSync(f, 'utf8').slice(0, 8192).indexOf('\n') + 1);
        if (dataBytes(file) !== dataBytes(ref) + ROWS) throw new Error(`sizes differ: lapor ${dataBytes(file)}, psql ${dataBytes(ref)} + ${ROWS} CR`);
        const firstRow = (f) => readFileSync(f, 'utf8').slice(0, 8192).split('\n')[1].replace(/\r$/, '');
        if (firstRow(file) !== firstRow(ref)) throw new Error(`lapor and psql disagree on the first row:\n${firstRow(file)}\n${firstRow(ref)}`);

        const book = join(work.dir, `lapor-${i}.xlsx`);
        const x = timedLapor(['export', 'cases', '--year', String(YEAR), '--format', 'xlsx', '-o', book], env);
        xlsxMs.push(x.ms);
        xlsxRss.push(x.rssMiB);
        if (!x.stderr.includes(`${ROWS.toLocaleString('en-US')} cases exported`)) throw new Error(`lapor xlsx: ${x.stderr}`);
      }
    } finally {
      await serve.stop();
    }
    const lm = median(laporMs);
    const pm = median(psqlMs);
    return [
      {
        name: `export one year (${ROWS} rows) to CSV`,
        laporMs: lm,
        referenceMs: pm,
        reference: 'psql \\copy (the same SELECT) to stdout (format csv, header) into a file',
        ratio: lm / pm,
        goal: { max: 1.5 },
        samples: { lapor: laporMs, reference: psqlMs },
      },
      {
        name: `export ${ROWS} rows: CLI peak RSS`,
        value: Math.round(Math.max(...rss)),
        unit: 'MiB',
        goal: { max: 150 },
        samples: { rssMiB: rss },
      },
      {
        name: `export one year (${ROWS} rows) to XLSX, vs the CSV export`,
        laporMs: median(xlsxMs),
        referenceMs: lm,
        reference: 'lapor export cases (CSV) of the same rows',
        ratio: median(xlsxMs) / lm,
        samples: { lapor: xlsxMs, reference: laporMs },
      },
      {
        name: `export ${ROWS} rows to XLSX: CLI peak RSS`,
        value: Math.round(Math.max(...xlsxRss)),
        unit: 'MiB',
        goal: { max: 150 },
        samples: { rssMiB: xlsxRss },
      },
    ];
  } finally {
    work.remove();
    await sql(base, 'DROP DATABASE IF EXISTS bench_export WITH (FORCE)').catch(() => undefined);
  }
}
