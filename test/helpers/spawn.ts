// The built CLI (`node bin/lapor.js` over dist/) in child processes, for end-to-end tests: one run to its
// end, or `lapor serve` until it listens. Not a test file.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin', 'lapor.js');

/** The environment of a run in `home`: PATH, HOME, the XDG dirs under it and English, then `extra`. */
export function homeEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    XDG_STATE_HOME: join(home, 'state'),
    LANG: 'en_US.UTF-8',
    // the embedded default's background server stays off here, as under CI (test/e2e/daemon.test.ts turns it on)
    LAPOR_NO_DAEMON: '1',
    ...extra,
  };
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

export interface Spawned {
  child: ChildProcessWithoutNullStreams;
  out: () => string;
  err: () => string;
  exit: Promise<Exit>;
}

/** Starts `lapor <args>`; `stdin` is written and closed at once. `exit` resolves when the process has closed. */
export function spawnLapor(args: readonly string[], options: { cwd: string; env: Record<string, string>; stdin?: string }): Spawned {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd, env: options.env, stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
  child.stdin.end(options.stdin);
  const exit = new Promise<Exit>((res, rej) => {
    child.on('error', rej);
    child.on('close', (code, signal) => res({ code, signal, out, err }));
  });
  return { child, out: () => out, err: () => err, exit };
}

/** Runs `lapor <args>` to its end: the exit code (or signal) and what it wrote. */
export function runLapor(args: readonly string[], options: { cwd: string; env: Record<string, string>; stdin?: string }): Promise<Exit> {
  return spawnLapor(args, options).exit;
}

/** A free TCP port on 127.0.0.1, so that a server can be (re)started where a client expects it. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** `lapor --lang en serve <args>` in a child process; resolves once it listens, rejects if it exits first or takes over 60 s. */
export async function startServe(args: readonly string[], env: Record<string, string>): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(process.execPath, [BIN, '--lang', 'en', 'serve', ...args], { cwd: ROOT, env, stdio: 'pipe' });
  let err = '';
  child.stdin.end();
  child.stdout.resume();
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${err}`)), 60_000);
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      if (err.includes('API listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code}:\n${err}`));
    });
  });
  child.removeAllListeners('exit');
  return child;
}
