// Issue 22 item 1: the embedded default's background server, driven through the built CLI with the daemon
// turned on (LAPOR_DAEMON=1: the test helpers turn it off everywhere else, as CI=true does). One data dir for
// the whole file, so that the database is made once: the first command starts the server and later commands
// use it (the same pid and start time in `lapor daemon status`), a command through it loads no server code,
// a SIGKILLed server is replaced by the next command, `daemon stop` stops it and releases the lock, two
// first commands at once start one server, a server leaves when idle (not while a command holds a lease),
// and a command that meets a server on its way out starts a new one. Needs the build (`npm test` builds).

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { homeEnv, ROOT, runLapor, startServe, type Exit } from '../helpers/spawn.js';

interface Status {
  running: boolean;
  pid: number | null;
  url: string | null;
  startedAt: string | null;
  idleSeconds: number | null;
  dataDir: string;
}

const home = mkdtempSync(join(tmpdir(), 'lapor-daemon-'));
const dataDir = join(home, 'data', 'lapor');
const lockFile = join(dataDir, 'lapor.lock');
const ON = { LAPOR_NO_DAEMON: '0', LAPOR_DAEMON: '1' };
const env = (extra: Record<string, string> = {}) => homeEnv(home, { ...ON, ...extra });
const lapor = (args: string[], extra: Record<string, string> = {}): Promise<Exit> => runLapor(['--lang', 'en', ...args], { cwd: home, env: env(extra) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function status(): Promise<Status> {
  const r = await lapor(['daemon', 'status', '--format', 'json']);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out) as Status;
}

async function whoami(extra: Record<string, string> = {}): Promise<Exit & { api: string; source: string }> {
  const r = await lapor(['whoami', '--format', 'json'], extra);
  expect(r.code, r.err).toBe(0);
  const me = JSON.parse(r.out) as { api: string; source: string; role: string };
  expect(me.role).toBe('national_admin');
  return { ...r, api: me.api, source: me.source };
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(50);
  }
}

/** Stops whatever daemon runs (each test starts from none). */
async function stopped(): Promise<void> {
  const r = await lapor(['daemon', 'stop']);
  expect(r.code, r.err).toBe(0);
  expect(existsSync(lockFile)).toBe(false);
}

beforeAll(async () => {
  // the first command ever on this data dir makes the database; later starts only open it
  const first = await whoami();
  expect(first.err).toContain('background server started on');
  expect(first.err).toContain('first admin token written to');
}, 180_000);

afterAll(async () => {
  const s = await status().catch(() => null);
  if (s?.pid) process.kill(s.pid, 'SIGKILL');
  rmSync(home, { recursive: true, force: true });
});

describe('the background server of the embedded default', () => {
  it('is started by the first command and used by the next ones', async () => {
    const before = await status();
    expect(before).toMatchObject({ running: true, idleSeconds: 600, dataDir });
    expect(alive(before.pid!)).toBe(true);
    const next = await whoami();
    expect(next.source).toBe('embedded');
    expect(next.api).toBe(before.url);
    expect(next.err).toBe(''); // nothing started, nothing to say
    const list = await lapor(['cases', 'list', '--limit', '5', '--format', 'json']);
    expect(list.code, list.err).toBe(0);
    expect(JSON.parse(list.out)).toEqual([]);
    expect(await status()).toEqual(before); // the same process, started once
  });

  it('answers a command that loads no server module and no database package', async () => {
    const trace = mkdtempSync(join(home, 'trace-'));
    const file = join(trace, 'loaded.txt');
    writeFileSync(file, '');
    writeFileSync(
      join(trace, 'hooks.mjs'),
      "import { appendFileSync } from 'node:fs';\nlet file;\nexport function initialize(d) { file = d.file; }\n" +
        "export async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(file, r.url + '\\n'); return r; }\n",
    );
    writeFileSync(
      join(trace, 'register.mjs'),
      `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(trace, 'hooks.mjs')).href)}, { data: { file: ${JSON.stringify(file)} } });\n`,
    );
    writeFileSync(
      join(trace, 'preload.cjs'),
      `process.on('exit', () => require('node:fs').appendFileSync(${JSON.stringify(file)}, Object.keys(require.cache).join('\\n') + '\\n'));\n`,
    );
    const child = spawn(
      process.execPath,
      ['--require', join(trace, 'preload.cjs'), '--import', pathToFileURL(join(trace, 'register.mjs')).href, join(ROOT, 'bin', 'lapor.js'), 'whoami'],
      { cwd: home, env: env(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.resume();
    child.stderr.resume();
    expect(await new Promise((r) => child.on('close', r))).toBe(0);
    const loaded = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    // the bundle's chunks name the dist/ modules they hold
    const chunks = [...new Set(loaded.filter((u) => u.includes('/dist/cli.bundle/')))];
    const inChunks = chunks.flatMap((u) => [...readFileSync(u.startsWith('file:') ? new URL(u) : u, 'utf8').matchAll(/^\/\/ (dist\/\S+)$/gm)].map((m) => m[1]));
    expect(inChunks).toContain('dist/cli/daemon.js'); // the trace works
    expect([...loaded, ...inChunks].filter((u) => /dist\/server\/|node_modules\/(?:fastify|@electric-sql|pg)\//.test(u))).toEqual([]);
  });

  it('is replaced by the next command after a SIGKILL', async () => {
    const killed = await status();
    process.kill(killed.pid!, 'SIGKILL');
    await until('the killed server is gone', () => !alive(killed.pid!));
    const next = await whoami();
    expect(next.err).toContain('background server started on');
    const now = await status();
    expect(now.running).toBe(true);
    expect(now.pid).not.toBe(killed.pid);
    expect(next.api).toBe(now.url);
  }, 120_000);

  it('stops on `lapor daemon stop`, which releases the lock; a second stop has nothing to stop', async () => {
    const running = await status();
    const stop = await lapor(['daemon', 'stop']);
    expect(stop.code, stop.err).toBe(0);
    expect(stop.err).toBe(`stopped the background server (process ${running.pid}) on ${dataDir}\n`);
    expect(alive(running.pid!)).toBe(false);
    expect(existsSync(lockFile)).toBe(false);
    expect(await status()).toMatchObject({ running: false, pid: null });
    const again = await lapor(['daemon', 'stop']);
    expect(again).toMatchObject({ code: 0, err: `no background server runs on ${dataDir}\n` });
  }, 120_000);

  it('is started once by two first commands at once', async () => {
    await stopped();
    const [a, b] = await Promise.all([whoami(), whoami()]);
    expect(a.api).toBe(b.api);
    const starts = [a, b].filter((r) => r.err.includes('background server started on'));
    expect(starts).toHaveLength(1);
    const s = await status();
    expect(s.url).toBe(a.api);
    expect(starts[0]!.err).toContain(`(process ${s.pid})`);
  }, 120_000);

  it('leaves when idle, but not while a command holds a lease', async () => {
    await stopped();
    await whoami({ LAPOR_DAEMON_IDLE_SECONDS: '1' });
    const s = await status();
    expect(s.idleSeconds).toBe(1);
    // a live process's lease (this test's own pid) keeps it: a command in the middle of its work
    const lease = join(dataDir, 'daemon-clients', String(process.pid));
    writeFileSync(lease, '');
    await sleep(1_500);
    expect(alive(s.pid!)).toBe(true);
    expect((await status()).pid).toBe(s.pid);
    rmSync(lease);
    await until('the idle server has left', () => !alive(s.pid!));
    expect(existsSync(lockFile)).toBe(false);
    expect(readFileSync(join(dataDir, 'daemon.log'), 'utf8')).toMatch(/background server leaving \(idle\)\n$/);
  }, 120_000);

  it('makes a command that meets a server on its way out start a new one', async () => {
    await stopped();
    // a server leaving: the lock names a live process, a daemon whose URL is already out
    const leaving = spawn('sleep', ['1.5'], { stdio: 'ignore' });
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(lockFile, JSON.stringify({ pid: leaving.pid, startedAt: new Date().toISOString(), mode: 'daemon', state: 'closing', url: null }));
    const gone = new Promise((r) => leaving.on('exit', r));
    const next = await whoami();
    await gone;
    expect(next.err).toContain('background server started on');
    expect((await status()).url).toBe(next.api);
  }, 120_000);

  it('gives way to `lapor serve` on its data dir', async () => {
    const daemon = await status();
    expect(daemon.running).toBe(true);
    const serve = await startServe(['--port', '0', '--data-dir', dataDir], env());
    try {
      // the serve starts once the lock is free; the background server may still be ending its process then
      await until('the background server to exit', () => !alive(daemon.pid!));
      const me = await whoami();
      expect(me.source).toBe('embedded-shared');
      expect(await status()).toMatchObject({ running: false });
    } finally {
      const closed = new Promise((r) => serve.once('close', r));
      serve.kill('SIGTERM');
      await closed;
    }
  }, 120_000);

  it('that cannot start makes the command fail with the reason from its log, not wait', async () => {
    const broken = mkdtempSync(join(home, 'broken-'));
    writeFileSync(join(broken, 'pgdata'), 'not a directory'); // no database can be opened here
    const r = await lapor(['whoami'], { LAPOR_HOME: broken });
    expect(r.code).toBe(1);
    expect(r.err).toContain(`the background server on ${broken} did not start (exit 1): `);
    expect(r.err).toContain(`see ${join(broken, 'daemon.log')}`);
    expect(existsSync(join(broken, 'lapor.lock'))).toBe(false);
  }, 120_000);

  it('is not started under CI=true unless LAPOR_DAEMON=1 (test/io/daemon.test.ts has the other switches)', async () => {
    const ci = await lapor(['whoami', '--format', 'json'], { LAPOR_DAEMON: '', CI: 'true' });
    expect(ci.code, ci.err).toBe(0);
    expect(ci.err).toContain('using embedded database at');
    expect(await status()).toMatchObject({ running: false });
  }, 120_000);
});
