// The real `lapor` binary (node bin/lapor.js over the built bundle) against a real API, in child processes
// with a fresh HOME, XDG dirs and LAPOR_HOME per test and no LAPOR_* variable leaking from this process.
// `npm test` builds dist/ and the bundle first.

import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, chmodSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';

const ROOT = resolve(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin', 'lapor.js');

interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

interface RunOptions {
  env?: Record<string, string>;
  input?: string;
  /** Arguments to node itself, before the script (e.g. --import). */
  nodeArgs?: string[];
}

/** Every process this file starts, so a failing test never leaves one behind. */
const started = new Set<ChildProcessWithoutNullStreams>();

function startLapor(home: Home, args: readonly string[], options: RunOptions = {}): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
    cwd: home.dir,
    env: { ...home.env, ...options.env },
    stdio: 'pipe',
  });
  started.add(child);
  child.on('exit', () => started.delete(child));
  child.stdin.end(options.input ?? '');
  return child;
}

function collect(child: ChildProcessWithoutNullStreams): Promise<Result> {
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, out, err }));
  });
}

function lapor(home: Home, args: readonly string[], options: RunOptions = {}): Promise<Result> {
  return collect(startLapor(home, args, options));
}

interface Home {
  dir: string;
  env: Record<string, string>;
  configDir: string;
  dataDir: string;
}

const homes: string[] = [];

/** A fresh HOME with its own XDG dirs; the environment holds nothing else but PATH. */
function freshHome(): Home {
  const dir = mkdtempSync(join(tmpdir(), 'lapor-e2e-'));
  homes.push(dir);
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_STATE_HOME: join(dir, 'state'),
    // the embedded default's background server stays off here, as under CI (test/e2e/daemon.test.ts turns it on)
    LAPOR_NO_DAEMON: '1',
  };
  return { dir, env, configDir: join(dir, 'config', 'lapor'), dataDir: join(dir, 'data', 'lapor') };
}

const mode = (file: string) => (statSync(file).mode & 0o777).toString(8);
const json = <T>(text: string): T => JSON.parse(text) as T;

let server: TestServer;

beforeAll(async () => {
  const build = spawnSync('npx', ['tsc', '-p', '.'], { cwd: ROOT, encoding: 'utf8' });
  // dist/ must exist and hold the CLI; a type error elsewhere (work in progress) still emits JavaScript
  expect(existsSync(join(ROOT, 'dist', 'cli', 'main.js')), build.stdout + build.stderr).toBe(true);
  server = await startTestServer('pglite');
});

afterEach(() => {
  for (const child of started) child.kill('SIGKILL');
  started.clear();
});

afterAll(async () => {
  await server?.close();
  for (const dir of homes) rmSync(dir, { recursive: true, force: true });
});

describe('login, profiles and tokens', () => {
  it('logs in from stdin, switches profiles, logs out, and refuses a token file others can read', async () => {
    const home = freshHome();
    const url = server.url;

    const login = await lapor(home, ['login', '--api', url, '--profile', 'p1', '--token-stdin'], { input: `${server.tokens.admin}\n` });
    expect(login.code, login.err).toBe(0);
    expect(login.out).toBe('');
    expect(login.err).toContain('p1');
    expect(mode(join(home.configDir, 'config.json'))).toBe('600');
    expect(mode(join(home.configDir, 'tokens', 'p1'))).toBe('600');
    expect(readFileSync(join(home.configDir, 'tokens', 'p1'), 'utf8').trim()).toBe(server.tokens.admin);
    expect(json(readFileSync(join(home.configDir, 'config.json'), 'utf8'))).toEqual({ activeProfile: 'p1', profiles: { p1: { apiUrl: url } } });

    const me = await lapor(home, ['whoami', '--format', 'json']);
    expect(me.code, me.err).toBe(0);
    expect(json(me.out)).toMatchObject({ name: 'admin', role: 'national_admin', institutionId: null, api: url, source: 'profile', profile: 'p1' });
    expect(me.err).toBe(''); // no embedded notice: the profile names the API

    const login2 = await lapor(home, ['login', '--api', url, '--profile', 'p2', '--token-stdin'], { input: server.tokens['admin.badung'] });
    expect(login2.code, login2.err).toBe(0);
    const me2 = await lapor(home, ['whoami', '--format', 'json']);
    expect(json(me2.out)).toMatchObject({ role: 'institution_admin', institutionId: 'badung', profile: 'p2' });

    const explicit = await lapor(home, ['whoami', '--format', 'json', '--profile', 'p1']);
    expect(json(explicit.out)).toMatchObject({ role: 'national_admin', profile: 'p1' });
    const fromEnv = await lapor(home, ['whoami', '--format', 'json'], { env: { LAPOR_PROFILE: 'p1' } });
    expect(json(fromEnv.out)).toMatchObject({ role: 'national_admin', profile: 'p1' });

    const use = await lapor(home, ['config', 'use', 'p1']);
    expect(use.code, use.err).toBe(0);
    expect(json(((await lapor(home, ['whoami', '--format', 'json'])).out))).toMatchObject({ role: 'national_admin', profile: 'p1' });
    const list = await lapor(home, ['config', 'list', '--format', 'json']);
    expect(json(list.out)).toEqual([
      { name: 'p1', apiUrl: url, active: true, hasToken: true },
      { name: 'p2', apiUrl: url, active: false, hasToken: true },
    ]);

    const useMissing = await lapor(home, ['config', 'use', 'nope']);
    expect(useMissing.code).toBe(1);
    expect(useMissing.err).toContain('nope');

    const logout = await lapor(home, ['logout', '--profile', 'p2']);
    expect(logout.code, logout.err).toBe(0);
    expect(existsSync(join(home.configDir, 'tokens', 'p2'))).toBe(false);
    expect(json((await lapor(home, ['config', 'list', '--format', 'json'])).out)).toEqual([{ name: 'p1', apiUrl: url, active: true, hasToken: true }]);

    chmodSync(join(home.configDir, 'tokens', 'p1'), 0o644);
    const refused = await lapor(home, ['whoami']);
    expect(refused.code).toBe(1);
    expect(refused.out).toBe('');
    expect(refused.err).toContain(`chmod 600 ${join(home.configDir, 'tokens', 'p1')}`);
    expect(refused.err).not.toContain(server.tokens.admin);
  });

  it('refuses to prompt for a token when stdin is not a terminal (exit 2)', async () => {
    const home = freshHome();
    const r = await lapor(home, ['login', '--api', server.url, '--profile', 'p1']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--token-stdin');
    expect(existsSync(join(home.configDir, 'config.json'))).toBe(false);
  });

  it('does not save a token the API rejects (exit 4)', async () => {
    const home = freshHome();
    const r = await lapor(home, ['login', '--api', server.url, '--token-stdin'], { input: 'not-a-real-token-123' });
    expect(r.code).toBe(4);
    expect(existsSync(join(home.configDir, 'config.json'))).toBe(false);
    expect(r.err).not.toContain('not-a-real-token-123');
  });
});

describe('embedded mode', () => {
  it('starts the API over an empty data dir when none is configured', async () => {
    const home = freshHome();
    const r = await lapor(home, ['cases', 'list', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('[]\n');
    expect(r.err).toContain(`memakai basis data tertanam di ${home.dataDir}`);
    expect(mode(home.dataDir)).toBe('700');
    expect(mode(join(home.dataDir, 'admin-token'))).toBe('600');
    expect(existsSync(join(home.dataDir, 'lapor.lock'))).toBe(false); // released on exit

    // LAPOR_HOME wins over the XDG default
    const custom = join(home.dir, 'custom');
    const again = await lapor(home, ['whoami', '--format', 'json', '--lang', 'en'], { env: { LAPOR_HOME: custom } });
    expect(again.code, again.err).toBe(0);
    expect(again.err).toContain(`using embedded database at ${custom}`);
    expect(json(again.out)).toMatchObject({ name: 'admin', role: 'national_admin', source: 'embedded' });
  });

  it('lets a second command wait for the data dir, and both succeed', async () => {
    const home = freshHome();
    const a = collect(startLapor(home, ['cases', 'list', '--format', 'json']));
    const b = collect(startLapor(home, ['cases', 'list', '--format', 'json']));
    const results = await Promise.all([a, b]);
    for (const r of results) {
      expect(r.code, r.err).toBe(0);
      expect(r.out).toBe('[]\n');
    }
    // one of them waited for the other's lock and said so
    expect(results.some((r) => r.err.includes('sedang dipakai proses'))).toBe(true);
    await expectDataDirHealthy(home);
  });

  it('gives up with exit 75 when LAPOR_LOCK_TIMEOUT_MS is tiny, and leaves the data dir intact', async () => {
    const home = freshHome();
    const env = { LAPOR_LOCK_TIMEOUT_MS: '1' };
    const results = await Promise.all([
      collect(startLapor(home, ['cases', 'list', '--format', 'json'], { env })),
      collect(startLapor(home, ['cases', 'list', '--format', 'json'], { env })),
    ]);
    const codes = results.map((r) => r.code).sort((x, y) => (x ?? -1) - (y ?? -1));
    expect(codes, results.map((r) => r.err).join('\n---\n')).toEqual([0, 75]);
    const busy = results.find((r) => r.code === 75);
    expect(busy?.out).toBe('');
    expect(busy?.err).toContain(`direktori data ${home.dataDir} sedang dipakai proses`);
    expect(busy?.err).toContain('lapor serve');
    await expectDataDirHealthy(home);
  });

  it('uses a running `lapor serve` on the data dir instead of opening it', async () => {
    const home = freshHome();
    const serve = startLapor(home, ['serve', '--port', '0']);
    const served = collect(serve);
    const url = await new Promise<string>((resolveUrl, reject) => {
      let err = '';
      serve.stderr.on('data', (s: Buffer | string) => {
        err += String(s);
        const m = err.match(/API mendengar di (http:\/\/127\.0\.0\.1:\d+)/);
        if (m) resolveUrl(m[1]);
      });
      serve.on('exit', () => reject(new Error(`serve ended early: ${err}`)));
    });

    const me = await lapor(home, ['whoami', '--format', 'json']);
    expect(me.code, me.err).toBe(0);
    expect(json(me.out)).toMatchObject({ name: 'admin', api: url, source: 'embedded-shared' });
    expect(me.err).not.toContain('tertanam'); // no embedded server of its own
    const list = await lapor(home, ['cases', 'list', '--format', 'json']);
    expect(list.code, list.err).toBe(0);
    expect(list.out).toBe('[]\n');
    expect(list.err).toBe('');

    serve.kill('SIGTERM');
    const end = await served;
    expect(end.code, end.err).toBe(0);
    expect(end.err).toContain('menghentikan server');
    expect(existsSync(join(home.dataDir, 'lapor.lock'))).toBe(false);
  });
});

/** The data dir opens again, its admin token still works and the lock is gone. */
async function expectDataDirHealthy(home: Home): Promise<void> {
  expect(existsSync(join(home.dataDir, 'lapor.lock'))).toBe(false);
  const me = await lapor(home, ['whoami', '--format', 'json']);
  expect(me.code, me.err).toBe(0);
  expect(json(me.out)).toMatchObject({ name: 'admin', role: 'national_admin', source: 'embedded' });
  const list = await lapor(home, ['institutions', 'list', '--format', 'json', '--fields', 'id']);
  expect(list.code, list.err).toBe(0);
  expect(json<{ id: string }[]>(list.out).map((i) => i.id)).toContain('badung');
}

describe('exit codes', () => {
  it('2 for a usage error, before any request', async () => {
    const home = freshHome();
    const r = await lapor(home, ['cases', 'list', '--colour', '--api', 'http://127.0.0.1:9']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--colour');
    expect(r.out).toBe('');
  });

  it('4 without a token and with an invalid one', async () => {
    const home = freshHome();
    const none = await lapor(home, ['cases', 'list', '--api', server.url]);
    expect(none.code, none.err).toBe(4);
    expect(none.err).toContain('lapor login');
    const bad = await lapor(home, ['cases', 'list', '--api', server.url], { env: { LAPOR_TOKEN: 'bogus-token-value' } });
    expect(bad.code, bad.err).toBe(4);
    expect(bad.err).not.toContain('bogus-token-value');
  });

  it('1 with "not found" for an unknown case', async () => {
    const home = freshHome();
    const r = await lapor(home, ['cases', 'show', 'LAP-0000-000000', '--api', server.url], { env: { LAPOR_TOKEN: server.tokens.admin } });
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('laporan LAP-0000-000000 tidak ditemukan');
    expect(r.err).toContain('LAP-0000-000000');
  });

  it('4 for a statistician reading individual cases', async () => {
    const home = freshHome();
    const r = await lapor(home, ['cases', 'list', '--api', server.url, '--lang', 'en'], { env: { LAPOR_TOKEN: server.tokens.stat } });
    expect(r.code, r.err).toBe(4);
    expect(r.err).toContain('HTTP 403');
    expect(r.err).toContain("hint: your token's role may not do this");
  });

  it('1 at once, naming the address, when the API cannot be reached (no waiting as if the server had asked)', async () => {
    const home = freshHome();
    for (const [lang, says] of [
      ['en', 'error: cannot reach the server at http://127.0.0.1:9 (ECONNREFUSED) for GET /v1/cases'],
      ['id', 'galat: server http://127.0.0.1:9 tidak dapat dihubungi (ECONNREFUSED) saat GET /v1/cases'],
    ] as const) {
      const r = await lapor(home, ['cases', 'list', '--api', 'http://127.0.0.1:9', '--lang', lang], { env: { LAPOR_TOKEN: 'x'.repeat(20) } });
      expect(r.code).toBe(1);
      expect(r.err.split('\n')[0]).toBe(says);
      expect(r.err).not.toMatch(/waiting|menunggu|retry|mencoba lagi/);
    }
  });
});

describe('pipes and help', () => {
  it('exits 0 without a stack trace when the reader closes stdout early (`| head`)', async () => {
    const home = freshHome();
    const cases: [string[], Record<string, string>][] = [
      [['--help'], {}],
      [['institutions', 'list', '--api', server.url], { LAPOR_TOKEN: server.tokens.admin }],
      [['institutions', 'list'], {}], // embedded: the data dir must still be released
    ];
    for (const [args, env] of cases) {
      const child = startLapor(home, args, { env });
      child.stdout.destroy(); // closed before the command writes: every write gets EPIPE
      const r = await collect(child);
      expect(r.code, `${args.join(' ')}: ${r.err}`).toBe(0);
      expect(r.err).not.toMatch(/EPIPE|Error|at .*\.js/);
    }
    expect(existsSync(join(home.dataDir, 'lapor.lock'))).toBe(false);
  });

  it('`lapor help cases` and `lapor cases help list` show help', async () => {
    const home = freshHome();
    const root = await lapor(home, ['help', 'cases', '--lang', 'en']);
    expect(root.code, root.err).toBe(0);
    expect(root.out).toMatch(/^Usage: lapor cases \[options\] \[command\]\n/);
    const noun = await lapor(home, ['cases', 'help', 'list']);
    expect(noun.code, noun.err).toBe(0);
    expect(noun.out).toMatch(/^Penggunaan: lapor cases list\|ls \[opsi\]\n/);
  });
});

describe('a token never leaks', () => {
  it('keeps a real token out of every output and every file but its own token file', async () => {
    const canary = await server.server.store.createToken('canary', 'national_admin', null);
    expect(canary.length).toBeGreaterThanOrEqual(16);
    const home = freshHome();
    const runs: Result[] = [];
    const go = async (args: string[], options: RunOptions = {}) => {
      const r = await lapor(home, args, options);
      runs.push(r);
      return r;
    };

    expect((await go(['login', '--api', server.url, '--profile', 'c', '--token-stdin', '--debug'], { input: canary })).code).toBe(0);
    expect((await go(['whoami', '--format', 'json', '--debug'])).code).toBe(0);
    expect((await go(['whoami', '--debug'])).code).toBe(0);
    expect((await go(['cases', 'list', '--debug', '--format', 'json'])).code).toBe(0);
    expect((await go(['cases', 'list', '--debug', '--status', 'submitted', '--all', '--format', 'csv'])).code).toBe(0);
    expect((await go(['config', 'list', '--format', 'json'])).code).toBe(0);
    expect((await go(['institutions', 'list', '--debug', '--format', 'csv'])).code).toBe(0);
    // failing commands, with --debug
    expect((await go(['cases', 'show', 'LAP-0000-000000', '--debug'])).code).toBe(1);
    expect((await go(['cases', 'history', 'LAP-0000-000000', '--debug', '--lang', 'en'])).code).toBe(1);
    expect((await go(['cases', 'list', '--debug', '--api', 'http://127.0.0.1:9'], { env: { LAPOR_TOKEN: canary } })).code).toBe(1);
    expect((await go(['login', '--api', 'http://127.0.0.1:9', '--profile', 'd', '--token-stdin', '--debug'], { input: canary })).code).toBe(1);
    expect((await go(['cases', 'list', '--debug', '--sort', 'nope'])).code).toBe(2);
    // the token through the environment, against the real API
    expect((await go(['whoami', '--debug', '--format', 'json', '--api', server.url], { env: { LAPOR_TOKEN: canary } })).code).toBe(0);
    chmodSync(join(home.configDir, 'tokens', 'c'), 0o640);
    expect((await go(['whoami', '--debug'])).code).toBe(1);
    chmodSync(join(home.configDir, 'tokens', 'c'), 0o600);

    // the checks can fail: the debug trace did run and the token is where it belongs
    expect(runs.some((r) => r.err.includes('[debug] > GET /v1/me'))).toBe(true);
    expect(runs.some((r) => r.err.includes('Bearer ***'))).toBe(true);
    for (const r of runs) {
      expect(r.out, 'stdout').not.toContain(canary);
      expect(r.err, 'stderr').not.toContain(canary);
    }
    const tokenFile = join(home.configDir, 'tokens', 'c');
    expect(readFileSync(tokenFile, 'utf8')).toContain(canary);
    const files = walk(home.dir);
    expect(files.length).toBeGreaterThan(1);
    for (const file of files) {
      if (file === tokenFile) continue;
      expect(readFileSync(file).includes(canary), relative(home.dir, file)).toBe(false);
    }
  });
});

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(path));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

describe('startup', () => {
  // What a command loads: bin/lapor.js runs the CommonJS bundle (scripts/bundle.mjs), so a preload records
  // every file in require's cache at exit, and a module hook every ES module resolved (the server and the
  // packages left out of the bundle are imported from dist/ and node_modules/ as they are). A chunk of the
  // bundle names the modules it holds, one `// dist/…` or `// node_modules/…` line each.
  function traceDir(): { nodeArgs: string[]; file: string } {
    const dir = mkdtempSync(join(tmpdir(), 'lapor-trace-'));
    homes.push(dir);
    const file = join(dir, 'loaded.txt');
    writeFileSync(file, '');
    writeFileSync(
      join(dir, 'hooks.mjs'),
      [
        "import { appendFileSync } from 'node:fs';",
        'let file;',
        'export function initialize(data) { file = data.file; }',
        'export async function resolve(specifier, context, next) {',
        '  const r = await next(specifier, context);',
        "  appendFileSync(file, r.url + '\\n');",
        '  return r;',
        '}',
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'register.mjs'),
      [
        "import { register } from 'node:module';",
        `register(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)}, { data: { file: ${JSON.stringify(file)} } });`,
      ].join('\n'),
    );
    writeFileSync(
      join(dir, 'preload.cjs'),
      [
        "const { appendFileSync } = require('node:fs');",
        "const { pathToFileURL } = require('node:url');",
        `process.on('exit', () => appendFileSync(${JSON.stringify(file)}, Object.keys(require.cache).map((f) => pathToFileURL(f).href + '\\n').join('')));`,
      ].join('\n'),
    );
    return { nodeArgs: ['--require', join(dir, 'preload.cjs'), '--import', pathToFileURL(join(dir, 'register.mjs')).href], file };
  }

  /** The dist/ modules (relative paths) and packages a command loaded, directly or inside a chunk of the bundle. */
  async function loaded(args: string[]): Promise<{ result: Result; dist: string[]; packages: string[] }> {
    const trace = traceDir();
    const result = await lapor(freshHome(), args, { nodeArgs: trace.nodeArgs });
    const urls = readFileSync(trace.file, 'utf8').split('\n').filter(Boolean);
    const bundleUrl = pathToFileURL(join(ROOT, 'dist', 'cli.bundle')).href + '/';
    const chunks = [...new Set(urls.filter((u) => u.startsWith(bundleUrl)))];
    const inChunks = chunks.flatMap((u) => [...readFileSync(new URL(u), 'utf8').matchAll(/^\/\/ ((?:dist|node_modules)\/\S+)$/gm)].map((m) => pathToFileURL(join(ROOT, m[1])).href));
    const all = [...urls.filter((u) => !u.startsWith(bundleUrl)), ...inChunks];
    const distUrl = pathToFileURL(join(ROOT, 'dist')).href + '/';
    const dist = [...new Set(all.filter((u) => u.startsWith(distUrl)).map((u) => u.slice(distUrl.length)))].sort();
    const packages = [
      ...new Set(all.map((u) => u.match(/\/node_modules\/((?:@[^/]+\/)?[^/]+)\//)?.[1]).filter((p): p is string => p !== undefined)),
    ].sort();
    return { result, dist, packages };
  }

  // chalk too: output that is not coloured (here a pipe) does not load it
  const HEAVY = ['fastify', '@electric-sql/pglite', 'pg', 'undici', '@inquirer/prompts', 'zod', 'cli-table3', 'csv-stringify', 'chalk', 'exceljs'];

  for (const args of [['--version'], ['--help']]) {
    it(`\`lapor ${args.join(' ')}\` loads no command, server or client module`, async () => {
      const { result, dist, packages } = await loaded(args);
      expect(result.code, result.err).toBe(0);
      expect(dist).toContain('cli/main.js'); // the trace works
      expect(dist.filter((f) => f.startsWith('commands/') || f.startsWith('bulk/') || f.startsWith('server/'))).toEqual([]);
      // the error classes are the one part of the client that the error mapper needs
      expect(dist.filter((f) => f.startsWith('api/'))).toEqual(['api/errors.js']);
      expect(packages.filter((p) => HEAVY.includes(p))).toEqual([]);
    });
  }

  it('`lapor cases --help` loads the cases commands but no server or client', async () => {
    const { result, dist, packages } = await loaded(['cases', '--help']);
    expect(result.code, result.err).toBe(0);
    expect(dist).toContain('commands/cases/index.js');
    expect(dist.filter((f) => f.startsWith('server/') || f === 'api/client.js' || f === 'api/transport.js')).toEqual([]);
    expect(dist.filter((f) => f.startsWith('commands/') && !f.startsWith('commands/cases/'))).toEqual([]);
    expect(packages.filter((p) => ['fastify', '@electric-sql/pglite', 'pg', 'undici'].includes(p))).toEqual([]);
  });

  it('`lapor cases list --help` loads that verb, not the other verbs of cases', async () => {
    const { result, dist } = await loaded(['cases', 'list', '--help']);
    expect(result.code, result.err).toBe(0);
    expect(result.out).toMatch(/^Penggunaan: lapor cases list\|ls \[opsi\]\n/);
    expect(dist.filter((f) => f.startsWith('commands/') || f.startsWith('bulk/'))).toEqual(['commands/cases/index.js', 'commands/cases/list.js', 'commands/cases/render.js']);
  });

  it('a TAB loads only what it completes: the noun list, or one noun and its verb; no server or client', async () => {
    const top = await loaded(['__complete', '--', '']);
    expect(top.result.out).toMatch(/^cases\t/);
    expect(top.dist.filter((f) => f.startsWith('commands/') || f.startsWith('server/') || f.startsWith('api/client'))).toEqual([
      'commands/completion/candidates.js',
      'commands/completion/complete.js',
    ]);
    const value = await loaded(['__complete', '--', 'cases', 'list', '--status', 'sub']);
    expect(value.result.out).toBe('submitted\n:4\n');
    expect(value.dist.filter((f) => f.startsWith('commands/') || f.startsWith('server/') || f.startsWith('api/client'))).toEqual([
      'commands/cases/index.js',
      'commands/cases/list.js',
      'commands/cases/render.js',
      'commands/completion/candidates.js',
      'commands/completion/complete.js',
    ]);
    expect(value.packages.filter((p) => ['fastify', '@electric-sql/pglite', 'pg', 'undici'].includes(p))).toEqual([]);
  });

  it('`lapor --version` prints the package version', async () => {
    const r = await lapor(freshHome(), ['--version']);
    const pkg = json<{ version: string }>(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(r).toMatchObject({ code: 0, out: `${pkg.version}\n`, err: '' });
  });
});
