// Secrets and files (issue #8, item 8), end to end with the built CLI (bin/lapor.js) in child processes:
// a canary token logged in through `lapor login --token-stdin` is then used by every kind of command with
// --debug — reads, a bulk close (journal, failure list), its status, the audit check, exports (statistical
// and PII), a 404, a network failure, a rejected token — and must appear in no output, no debug line, no
// journal, no export and no crash message, and in no file under the home except its own token file.
// Config and token files are 0600 (their directories 0700), and so is a PII export.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, buildOnce, cleanUp, freshHome, journalsIn, type Home } from '../e2e/bulk-helpers.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { runLapor } from '../helpers/spawn.js';
import { disposedCase } from '../server/api-setup.js';

interface Run {
  args: string[];
  code: number | null;
  out: string;
  err: string;
}

async function lapor(args: string[], env: Record<string, string>, input = ''): Promise<Run> {
  const { code, out, err } = await runLapor(args, { cwd: ROOT, env, stdin: input });
  return { args, code, out, err };
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

const mode = (path: string) => statSync(path).mode & 0o777;

describe('a canary token leaks nowhere', () => {
  let ts: TestServer;
  let canary: string;
  let home: Home;
  const runs: Run[] = [];
  const caseIds: string[] = [];

  beforeAll(async () => {
    buildOnce();
    ts = await startTestServer('pglite');
    canary = await ts.server.store.createToken('kanari', 'national_admin', null);
    for (let i = 0; i < 5; i += 1) caseIds.push((await disposedCase(ts, 'badung.dinkes', { title: 'Lampu [kanari]' }, true)).trackingId);
    home = freshHome();
    const login = await lapor(['--lang', 'en', 'login', '--api', ts.url, '--profile', 'provinsi', '--token-stdin'], home.env, `${canary}\n`);
    expect(login.code, login.err).toBe(0);
    runs.push(login);
  }, 240_000);

  afterAll(async () => {
    cleanUp();
    await ts?.close();
  });

  const run = async (args: string[], env: Record<string, string> = home.env) => {
    const r = await lapor(['--lang', 'en', '--debug', ...args], env);
    runs.push(r);
    return r;
  };

  it('every kind of command, with --debug: the canary is in no stdout or stderr', async () => {
    expect((await run(['whoami'])).code).toBe(0);
    expect((await run(['cases', 'list', '--format', 'json'])).code).toBe(0);
    expect((await run(['cases', 'show', caseIds[0]])).code).toBe(0);
    expect((await run(['cases', 'history', caseIds[0]])).code).toBe(0);
    expect((await run(['sla', 'overdue', '--format', 'csv'])).code).toBe(0);
    const close = await run(['cases', 'close', '--where', 'status=in_progress', '--where', 'q=[kanari]', '--yes']);
    expect(close.code, close.err).toBe(0);
    const [journal] = journalsIn(home.stateDir);
    expect((await run(['bulk', 'status', journal])).code).toBe(0);
    expect((await run(['audit', 'verify'])).code).toBe(0);
    // failures: a missing case, an API that is not there, a token the server does not know
    expect((await run(['cases', 'show', 'TIDAK-ADA-1'])).code).toBe(1);
    const { LAPOR_TOKEN: _drop, ...env } = home.env as Record<string, string>;
    const down = await run(['cases', 'list'], { ...env, LAPOR_API_URL: 'http://127.0.0.1:9', LAPOR_TOKEN: canary });
    expect(down.code).toBe(1);
    const wrong = `${canary.slice(0, -4)}XXXX`;
    const rejected = await run(['whoami'], { ...env, LAPOR_API_URL: ts.url, LAPOR_TOKEN: wrong });
    expect(rejected.code).toBe(4);
    expect(`${rejected.out}${rejected.err}`).not.toContain(wrong);
    // the debug lines are there (the test would prove nothing without them), with the token masked
    expect(runs.some((r) => r.err.includes('[debug]') && r.err.includes('Bearer ***'))).toBe(true);
    for (const r of runs) {
      expect(r.out, `stdout of lapor ${r.args.join(' ')}`).not.toContain(canary);
      expect(r.err, `stderr of lapor ${r.args.join(' ')}`).not.toContain(canary);
    }
  });

  it('exports: statistical and PII files hold no token; the PII file is 0600', async () => {
    const stat = join(home.dir, 'statistik.csv');
    const pii = join(home.dir, 'pii.csv');
    const a = await run(['export', 'cases', '-o', stat]);
    expect(a.code, a.err).toBe(0);
    const b = await run(['export', 'cases', '--content', 'pii', '--purpose', 'Uji kebocoran rahasia', '-o', pii]);
    expect(b.code, b.err).toBe(0);
    expect(mode(pii)).toBe(0o600);
    for (const f of [stat, pii]) expect(readFileSync(f, 'utf8')).not.toContain(canary);
  });

  it('no file under the home holds the canary but its own token file, which is 0600 in a 0700 directory', () => {
    const tokenFile = join(home.env.XDG_CONFIG_HOME, 'lapor', 'tokens', 'provinsi');
    const files = filesUnder(home.dir);
    expect(files).toContain(tokenFile);
    expect(files.some((f) => f.includes(join('lapor', 'journals')))).toBe(true);
    for (const f of files) {
      if (f === tokenFile) continue;
      expect(readFileSync(f).includes(canary), `${f} holds the token`).toBe(false);
    }
    expect(readFileSync(tokenFile, 'utf8').trim()).toBe(canary);
    expect(mode(tokenFile)).toBe(0o600);
    expect(mode(join(home.env.XDG_CONFIG_HOME, 'lapor', 'config.json'))).toBe(0o600);
    expect(mode(join(home.env.XDG_CONFIG_HOME, 'lapor', 'tokens'))).toBe(0o700);
    expect(mode(join(home.env.XDG_CONFIG_HOME, 'lapor'))).toBe(0o700);
  });

  it('the server keeps only a hash of the token', async () => {
    const rows = await ts.server.db.query<Record<string, unknown>>(`SELECT * FROM tokens WHERE name = 'kanari'`);
    expect(JSON.stringify(rows)).not.toContain(canary);
    const events = await ts.server.db.query<Record<string, unknown>>('SELECT * FROM case_events');
    expect(JSON.stringify(events)).not.toContain(canary);
    const keys = await ts.server.db.query<Record<string, unknown>>('SELECT * FROM idempotency_keys');
    expect(JSON.stringify(keys)).not.toContain(canary);
  });
});
