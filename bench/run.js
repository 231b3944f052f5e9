#!/usr/bin/env node
// npm run bench [-- --rows 100000] [--runs 3] [--only bulk,import] [--cases 50000 --singles 300]
// npm run bench -- --scale 1000000,3000000,10000000   (the scale curves: bench/scale.js)
//
// Runs each workload in bench/workloads/ side by side with its reference (PostgreSQL's own tools) in one run,
// on a throwaway PostgreSQL cluster (or BENCH_DATABASE_URL), prints a table and writes bench/results.json:
// the machine, versions, each timing as the median of --runs runs, and each ratio against its goal.
// Ratios, not absolute times, are what count: the machine is shared and noisy.
// BENCH_PG_OPTIONS adds server settings to the throwaway cluster (e.g. "-c log_min_duration_statement=30"),
// BENCH_KEEP_LOG=<file> keeps its log when it is removed.

import { writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT, log, throwawayCluster } from './lib.js';

const WORKLOADS = ['bulk', 'export', 'cli', 'stats', 'import', 'embedded'];

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i += 1) {
    if (!argv[i].startsWith('--')) continue;
    const name = argv[i].slice(2);
    const value = argv[i + 1];
    args[name] = value === undefined || value.startsWith('--') ? true : Number.isNaN(Number(value)) ? value : Number(value);
    if (args[name] !== true) i += 1;
  }
  return args;
}

function formatMs(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}

/** A goal bounds the ratio when the workload has a reference, else its value (req/s, ms, MiB). */
function verdict(w) {
  const measured = w.ratio ?? w.value;
  if (w.goal?.max !== undefined) return measured <= w.goal.max ? 'met' : 'MISSED';
  if (w.goal?.min !== undefined) return measured >= w.goal.min ? 'met' : 'MISSED';
  return '';
}

function goalText(w) {
  const unit = w.ratio !== undefined ? '×' : ` ${w.unit ?? ''}`.trimEnd();
  const n = (x) => (w.ratio !== undefined && x < 1 ? `1/${Math.round(1 / x)}` : w.ratio !== undefined ? x.toFixed(1) : String(x));
  if (w.goal?.max !== undefined) return `≤ ${n(w.goal.max)}${unit}`;
  if (w.goal?.min !== undefined) return `≥ ${n(w.goal.min)}${unit}`;
  return '';
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const runs = args.runs ?? 3;
  const only = typeof args.only === 'string' ? args.only.split(',') : WORKLOADS;
  const external = process.env.BENCH_DATABASE_URL;
  const cluster = external ? null : await throwawayCluster();
  const base = external ?? cluster.url;
  if (args.scale !== undefined) {
    // --scale 1000000,3000000,10000000: the scale curves (bench/scale.js) instead of the workloads
    try {
      const { runScale } = await import('./scale.js');
      await runScale({ base, sizes: String(args.scale).split(',').map(Number), runs });
    } finally {
      cluster?.stop();
    }
    return;
  }
  const workloads = [];
  try {
    for (const name of only) {
      if (!WORKLOADS.includes(name)) throw new Error(`unknown workload ${name} (known: ${WORKLOADS.join(', ')})`);
      const mod = await import(`./workloads/${name}.js`);
      workloads.push(...(await mod.run({ base, args, runs })));
    }
  } finally {
    cluster?.stop();
  }
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version },
    runs,
    args,
    workloads,
  };
  writeFileSync(join(ROOT, 'bench', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const row = (a, b, c, d, e) => `${a.padEnd(64)} ${b.padStart(12)} ${c.padStart(12)} ${d.padStart(9)} ${e.padStart(8)}`;
  process.stdout.write(`${row('workload', 'lapor', 'reference', 'ratio', 'goal')}\n`);
  for (const w of workloads) {
    const goal = goalText(w);
    const lapor = w.laporMs !== undefined ? formatMs(w.laporMs) : `${w.value} ${w.unit ?? ''}`.trim();
    const reference = w.referenceMs !== undefined ? formatMs(w.referenceMs) : '—';
    const ratio = w.ratio !== undefined ? `${w.ratio.toFixed(w.ratio < 0.1 ? 4 : 2)}×` : '';
    process.stdout.write(`${row(w.name, lapor, reference, ratio, goal)} ${verdict(w)}\n`);
  }
}

main().catch((err) => {
  log(`${err.stack ?? err}`);
  process.exitCode = 1;
});
