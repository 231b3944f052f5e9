// Shared pieces of the benchmark: a throwaway PostgreSQL cluster, psql-free SQL, `lapor` runs and a
// `lapor serve` against a given database. Each workload in bench/workloads/ builds on these.

import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import pg from 'pg';

export const ROOT = join(import.meta.dirname, '..');
export const BIN = join(ROOT, 'bin', 'lapor.js');

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const log = (s) => process.stderr.write(`${s}\n`);

export function freePort() {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}


export function pgBin(name) {
  const found = spawnSync('sh', ['-c', `command -v ${name} || ls /usr/lib/postgresql/*/bin/${name} 2>/dev/null | sort -V | tail -n 1`], { encoding: 'utf8' });
  return found.stdout.trim().split('\n').pop();
}


export async function throwawayCluster() {
  const dir = mkdtempSync(join(tmpdir(), 'lapor-bench-pg-'));
  chmodSync(dir, 0o755);
  const asPostgres = (cmd, args) => {
    const r = process.getuid?.() === 0 ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' }) : spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr}`);
  };
  spawnSync('chown', ['postgres', dir]);
  asPostgres(pgBin('initdb'), ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8']);
  const port = await freePort();
  asPostgres(pgBin('pg_ctl'), ['-D', join(dir, 'data'), '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100 ${process.env.BENCH_PG_OPTIONS ?? ''}`, 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      asPostgres(pgBin('pg_ctl'), ['-D', join(dir, 'data'), '-m', 'fast', 'stop']);
      if (process.env.BENCH_KEEP_LOG) spawnSync('cp', [join(dir, 'log'), process.env.BENCH_KEEP_LOG]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}


export function dbUrl(base, name) {
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}


export async function sql(url, text) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows;
  } finally {
    await c.end();
  }
}


export function lapor(args, env, options = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, LANG: 'en_US.UTF-8', ...env }, encoding: 'utf8', ...options });
  if (r.status !== 0 && !options.allowFail) throw new Error(`lapor ${args.join(' ')} → ${r.status}\n${r.stderr}`);
  return r;
}

/** Prepares the template: schema, reference data, and CASES cases in progress with a valid event chain. */

/** Starts `lapor serve` on the database; the first admin token is read from its data dir. */
export async function startServe(url, home) {
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


/** A fresh copy of a prepared template database. */
export async function freshCopy(base, template, name) {
  await sql(base, `DROP DATABASE IF EXISTS ${name}`);
  await sql(base, `CREATE DATABASE ${name} TEMPLATE ${template}`);
  return dbUrl(base, name);
}

/** A scratch directory removed by the returned function. */
export function scratch(prefix = 'lapor-bench-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
