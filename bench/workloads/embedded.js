// Workload: the embedded default as a new user meets it (issue 22): no server configured, a PGlite data dir
// seeded like the demo's (`lapor seed`, --embedded-cases, default 12,000), and short commands after the first
// one, which started the background server (`lapor daemon run`; LAPOR_DAEMON=1 so that it runs under CI too):
//   whoami, cases list --limit 50, cases show <id>, each next to `node -e 0`, interleaved, median of
//   --embedded-samples runs (default 10), and the peak RSS of the command's own process (/usr/bin/time, when
//   there is one). The background server is stopped at the end.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BIN, lapor, log, median, scratch } from '../lib.js';

const TIME = '/usr/bin/time';

function timeCommand(args, env) {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} → ${r.status}: ${r.stderr}`);
  return ms;
}

/** Peak RSS of one run of `node args` in MiB (GNU time's %M), or null without /usr/bin/time. */
function peakRssMiB(args, env) {
  if (!existsSync(TIME)) return null;
  const r = spawnSync(TIME, ['-f', '%M', process.execPath, ...args], { env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const kb = Number(r.stderr.trim().split('\n').pop());
  return Number.isFinite(kb) ? Math.round((kb / 1024) * 10) / 10 : null;
}

export async function run({ args }) {
  const samples = args['embedded-samples'] ?? 10;
  const cases = args['embedded-cases'] ?? 12_000;
  const home = scratch('lapor-bench-embedded-');
  const env = {
    ...process.env,
    LANG: 'en_US.UTF-8',
    HOME: home.dir,
    XDG_CONFIG_HOME: join(home.dir, 'config'),
    XDG_STATE_HOME: join(home.dir, 'state'),
    LAPOR_HOME: join(home.dir, 'data'),
    LAPOR_DAEMON: '1',
    LAPOR_NO_DAEMON: '',
  };
  for (const name of ['LAPOR_API_URL', 'LAPOR_TOKEN', 'LAPOR_PROFILE']) delete env[name];
  const results = [];
  try {
    log(`embedded: seeding ${cases} cases into a PGlite data dir…`);
    lapor(['seed', '--cases', String(cases)], env);
    const first = lapor(['cases', 'list', '--limit', '1', '--format', 'json'], env); // starts the background server
    const id = JSON.parse(first.stdout)[0].trackingId;
    const commands = [
      ['whoami', ['whoami']],
      ['cases list --limit 50', ['cases', 'list', '--limit', '50']],
      ['cases show <id>', ['cases', 'show', id]],
    ];
    for (const [label, cmd] of commands) {
      const argv = [BIN, ...cmd];
      for (let i = 0; i < 3; i += 1) timeCommand(argv, env); // warm the file cache
      const own = [];
      const floor = [];
      for (let i = 0; i < samples; i += 1) {
        own.push(timeCommand(argv, env));
        floor.push(timeCommand(['-e', '0'], env)); // the same environment for both: NODE_EXTRA_CA_CERTS, for one, costs every Node start
      }
      const laporMs = median(own);
      const referenceMs = median(floor);
      results.push({
        name: `embedded default: lapor ${label} (background server)`,
        laporMs,
        referenceMs,
        reference: 'node -e 0',
        ratio: laporMs / referenceMs,
        goal: { max: 3.0 },
        samples: { lapor: own, reference: floor },
      });
      const rss = peakRssMiB(argv, env);
      if (rss !== null) results.push({ name: `embedded default: lapor ${label}, peak RSS of the command`, value: rss, unit: 'MiB', goal: { max: 100 } });
    }
  } finally {
    lapor(['daemon', 'stop'], env, { allowFail: true });
    home.remove();
  }
  return results;
}
