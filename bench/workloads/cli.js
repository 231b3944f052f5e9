// Workloads: what one command costs a person at a terminal, and what the API holds under read load.
//   start  `lapor --version` next to `node -e 0` (the floor of any Node CLI)
//   list   `lapor cases list --limit 50` against a warm `lapor serve`, next to `node -e 0`
//   api    GET /v1/cases/{id} from autocannon, 20 connections, --duration seconds (default 30): req/s and p99
// Timings of short commands are the median of --samples runs (default 30), the two commands interleaved so
// that a burst of noise on the machine falls on both.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { BIN, dbUrl, lapor, log, median, scratch, sql, startServe } from '../lib.js';

function timeCommand(args, env) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { env: { ...process.env, LANG: 'en_US.UTF-8', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} → ${r.status}: ${r.stderr}`);
  return ms;
}

/** Median times of `args` and of `node -e 0`, interleaved. */
function sideBySide(args, env, samples) {
  const lapor = [];
  const floor = [];
  for (let i = 0; i < 3; i += 1) timeCommand(args, env); // warm the file cache
  for (let i = 0; i < samples; i += 1) {
    lapor.push(timeCommand(args, env));
    floor.push(timeCommand(['-e', '0'], {}));
  }
  return { laporMs: median(lapor), referenceMs: median(floor), samples: { lapor, reference: floor } };
}

export async function run({ base, args }) {
  const samples = args.samples ?? 30;
  const duration = args.duration ?? 30;
  const results = [];

  const start = sideBySide([BIN, '--version'], {}, samples);
  results.push({ name: 'start: lapor --version', ...start, reference: 'node -e 0', ratio: start.laporMs / start.referenceMs, goal: { max: 1.3 } });

  // a database with a realistic queue, served warm
  const cases = args['list-cases'] ?? 20_000;
  await sql(base, 'DROP DATABASE IF EXISTS bench_cli');
  await sql(base, 'CREATE DATABASE bench_cli');
  const url = dbUrl(base, 'bench_cli');
  log(`cli: seeding ${cases} cases…`);
  lapor(['seed', '--cases', String(cases), '--database-url', url]);
  const home = scratch();
  const serve = await startServe(url, home.dir);
  try {
    const env = { LAPOR_API_URL: serve.url, LAPOR_TOKEN: serve.token, XDG_STATE_HOME: join(home.dir, 'state'), XDG_CONFIG_HOME: join(home.dir, 'config') };
    const list = sideBySide([BIN, 'cases', 'list', '--limit', '50'], env, samples);
    results.push({ name: 'list: lapor cases list --limit 50 (warm server)', ...list, reference: 'node -e 0', ratio: list.laporMs / list.referenceMs, goal: { max: 3.0 } });

    const ids = (await sql(url, 'SELECT tracking_id FROM cases ORDER BY random() LIMIT 1000')).map((r) => r.tracking_id);
    log(`api: GET /v1/cases/{id}, 20 connections, ${duration} s…`);
    let next = 0;
    const result = await autocannon({
      url: serve.url,
      connections: 20,
      duration,
      headers: { authorization: `Bearer ${serve.token}` },
      requests: [
        {
          method: 'GET',
          setupRequest: (req) => ({ ...req, path: `/v1/cases/${encodeURIComponent(ids[(next += 1) % ids.length])}` }),
        },
      ],
    });
    const non2xx = result.non2xx + result.errors + result.timeouts;
    if (non2xx > 0) throw new Error(`api load: ${non2xx} requests failed (non-2xx ${result.non2xx}, errors ${result.errors}, timeouts ${result.timeouts})`);
    results.push({ name: 'api: GET /v1/cases/{id}, 20 connections', value: Math.round(result.requests.average), unit: 'req/s', goal: { min: 5000 }, p99Ms: result.latency.p99, requests: result.requests.total });
    results.push({ name: 'api: p99 latency', value: result.latency.p99, unit: 'ms', goal: { max: 50 } });
  } finally {
    await serve.stop();
    home.remove();
  }
  return results;
}
