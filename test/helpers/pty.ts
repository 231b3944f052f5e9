// The built CLI on a real pseudo-terminal (util-linux `script`): stdin and stdout are terminals, so it may
// prompt; a test reads what is drawn, waits for each question and answers with keys. Shared by the triage
// and language end-to-end tests.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, ROOT } from './spawn.js';

const WAIT_MS = 20_000;

export const KEY = { down: '\x1b[B', up: '\x1b[A', enter: '\r', ctrlC: '\x03' } as const;

/** Terminal escape sequences (colour, cursor moves, erases) removed, carriage returns dropped. */
export function plain(s: string): string {
  return s
    .replace(/\x1b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '')
    .replace(/\x1b[@-Z\\-_]/g, '')
    .replace(/\r/g, '');
}

const homes: string[] = [];
/** Every process a test started and that has not ended (killed by `stopAll`). */
export const started = new Set<ChildProcessWithoutNullStreams>();

/** A clean environment with a home of its own (removed by `removeHomes`). */
export function freshEnv(extra: Record<string, string>): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'lapor-pty-e2e-'));
  homes.push(dir);
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, 'config'),
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_STATE_HOME: join(dir, 'state'),
    SHELL: '/bin/sh',
    TERM: 'xterm-256color',
    // the embedded default's background server stays off here, as under CI (test/e2e/daemon.test.ts turns it on)
    LAPOR_NO_DAEMON: '1',
    ...extra,
  };
}

/** Kills what is still running (afterEach). */
export function stopAll(): void {
  for (const child of started) child.kill('SIGKILL');
  started.clear();
}

/** Removes the homes freshEnv made (afterAll). */
export function removeHomes(): void {
  for (const dir of homes.splice(0)) rmSync(dir, { recursive: true, force: true });
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** `lapor <args>` on a pseudo-terminal of cols×rows; what it draws is kept in `raw`. */
export class PtySession {
  readonly child: ChildProcessWithoutNullStreams;
  raw = '';
  /** Where the next wait starts looking (in the plain text): answered questions are not matched again. */
  private cursor = 0;
  private waiters: (() => void)[] = [];
  readonly exit: Promise<number | null>;

  constructor(args: readonly string[], env: Record<string, string>, size: { cols: number; rows: number } = { cols: 160, rows: 50 }) {
    const command = `stty cols ${size.cols} rows ${size.rows}; exec ${shellQuote(process.execPath)} ${shellQuote(BIN)} ${args.map(shellQuote).join(' ')}`;
    this.child = spawn('script', ['-qfec', command, '/dev/null'], { cwd: ROOT, env, stdio: 'pipe' });
    started.add(this.child);
    this.child.stdout.setEncoding('utf8').on('data', (s: string) => this.received(s));
    this.child.stderr.setEncoding('utf8').on('data', (s: string) => this.received(s));
    this.exit = new Promise((res, rej) => {
      this.child.on('error', rej);
      this.child.on('close', (code) => {
        started.delete(this.child);
        res(code);
        this.received('');
      });
    });
  }

  get text(): string {
    return plain(this.raw);
  }

  private received(s: string): void {
    this.raw += s;
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves once `what` appears after the last match; fails with the screen so far after WAIT_MS. */
  async waitFor(what: string | RegExp): Promise<void> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const text = this.text;
      const rest = text.slice(this.cursor);
      const at = typeof what === 'string' ? rest.indexOf(what) : rest.search(what);
      if (at >= 0) {
        const length = typeof what === 'string' ? what.length : (rest.slice(at).match(what)?.[0].length ?? 0);
        this.cursor += at + length;
        return;
      }
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`did not see ${String(what)} (exit ${String(this.child.exitCode)}); screen:\n${text.slice(-3000)}`);
      }
      await new Promise<void>((res) => {
        const timer = setTimeout(res, Math.max(0, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          res();
        });
      });
    }
  }

  write(keys: string): void {
    this.child.stdin.write(keys);
  }

  /** Answers a question: waits for it, then sends the keys. */
  async answer(question: string | RegExp, keys: string): Promise<void> {
    await this.waitFor(question);
    this.write(keys);
  }

  async done(): Promise<number | null> {
    const code = await this.exit;
    this.child.stdin.end();
    return code;
  }
}
