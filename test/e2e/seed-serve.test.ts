// Issue #2: `lapor seed` then `lapor serve` on a fresh data dir answers /healthz and lists cases,
// and a SIGTERM shuts the server down cleanly (exit 0, lock released, data intact on the next start).

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'lapor.js');

function cleanEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, LAPOR_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'cfg'), LANG: 'en_US.UTF-8', LAPOR_NO_DAEMON: '1' };
  return env;
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function waitForUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 60_000);
    child.stderr!.on('data', (d) => {
      stderr += d;
      const m = /listening on (http:\/\/[^\s]+)/.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
}

describe('lapor seed, then lapor serve', () => {
  const home = mkdtempSync(join(tmpdir(), 'lapor-seed-serve-'));
  const env = cleanEnv(home);
  const children: ChildProcess[] = [];
  afterAll(() => children.forEach((c) => c.kill('SIGKILL')));

  it('seeds, serves, answers /healthz, lists cases and stops cleanly on SIGTERM', async () => {
    const seeded = await run(['seed', '--cases', '400', '--years', '2023-2024', '--seed', '5'], env);
    expect(seeded.stderr).toContain('400 cases');
    expect(seeded.code).toBe(0);

    const serve = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(serve);
    const url = await waitForUrl(serve);
    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: 'pglite' });

    const tokenFile = join(home, 'data', 'admin-token');
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const token = readFileSync(tokenFile, 'utf8').trim();
    const listed = await run(['cases', 'list', '--format', 'json', '--limit', '5'], { ...env, LAPOR_API_URL: url, LAPOR_TOKEN: token });
    expect(listed.code).toBe(0);
    const cases = JSON.parse(listed.stdout) as { trackingId: string }[];
    expect(cases).toHaveLength(5);

    // a command without --api finds the running serve through the lock file instead of opening the dir
    const shared = await run(['cases', 'list', '--format', 'json', '--limit', '1'], env);
    expect(shared.code).toBe(0);
    expect(shared.stderr).not.toContain('embedded database');
    expect(JSON.parse(shared.stdout)).toHaveLength(1);

    const exited = new Promise<number | null>((resolve) => serve.on('close', resolve));
    serve.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(existsSync(join(home, 'data', 'lapor.lock'))).toBe(false);

    // the data survives a clean shutdown: the embedded mode opens the same dir and sees the cases
    const again = await run(['cases', 'list', '--format', 'json', '--limit', '500', '--from', '2023-01-01'], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).length).toBeGreaterThan(5);
  }, 180_000);
});
