// A real terminal for end-to-end tests: a private tmux server (its socket in a temporary home, -f /dev/null,
// a clean environment) whose one pane runs bash with `lapor` on the PATH (a wrapper over this checkout's built CLI).
// Tests type into it, wait for what is drawn (capture-pane, polled, bounded) and keep screens as golden files.
// The wrapper may fix the CLI's clock (a --require preload that shifts Date to a given instant), so relative
// times and deadlines on the screen do not depend on the day the test runs. Not a test file.

import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN } from './spawn.js';

export const TMUX = '/usr/bin/tmux';
const HOME_PREFIX = '/tmp/lapor-tmux-';

/**
 * The shell's prompt is a bare `$`; before it, each time a command ends, a line with its exit code, so that
 * every screen shows how its command ended (and not how the one before it did).
 */
const PROMPT = '$';
const EXIT_LINE = /^\[exit (\d+)\]$/;
/** less waiting for a key: its short prompt, the end of the input, or a line-numbers prompt. */
const PAGER_PROMPT = /^(:|\(END\)|lines \d+-\d+.*)$/;
/** How long a screen whose last line asks something must stay unchanged to count as waiting for an answer. */
const QUESTION_QUIET_MS = 1_000;

export interface TmuxOptions {
  width: number;
  height: number;
  /** LAPOR_* and other variables for the shell, over the clean base (TERM, LANG, HOME, XDG dirs, PATH, TZ). */
  env?: Record<string, string>;
  /** The instant the CLI believes it starts at (its clock then runs on from there). */
  clock?: Date;
}

/** A question the command waits on. */
export interface Question {
  screen: string;
  /** The screen with wrapped lines joined and all white space as one space. */
  text: string;
}

export interface RunResult {
  /** The screen when the shell's prompt came back. */
  screen: string;
  /** The same screen with the lines the terminal wrapped joined again, and all white space as one space. */
  text: string;
  /** The exit code shown above the prompt. */
  code: number;
  /** When the output went through a pager (less): its first screen, before the test pressed q. */
  paged?: string;
}

function tmux(socket: string, args: readonly string[], env?: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(TMUX, ['-S', socket, ...args], { env: env ?? { PATH: '/usr/bin:/bin' }, encoding: 'utf8', timeout: 10_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`tmux ${args.join(' ')}: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The lines of a screen without trailing blanks on each line and without the empty rows below the text. */
function trimScreen(screen: string): string {
  const lines = screen.split('\n').map((l) => l.trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.join('\n');
}

function lastLine(screen: string): string {
  const lines = trimScreen(screen).split('\n');
  return lines[lines.length - 1] ?? '';
}

/** The exit code when the screen shows a command's end (its exit line, then the bare prompt), else null. */
function endedWith(screen: string): number | null {
  const lines = trimScreen(screen).split('\n');
  const exit = lines.length >= 2 && lines[lines.length - 1] === PROMPT ? EXIT_LINE.exec(lines[lines.length - 2]) : null;
  return exit ? Number(exit[1]) : null;
}

const paging = (screen: string) => screen.includes('\n') && PAGER_PROMPT.test(lastLine(screen));

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A CommonJS preload that shifts Date (and Date.now) so that the process starts at `clock` and runs on from there. */
function clockPreload(clock: Date): string {
  return `// the CLI's clock for a terminal test: starts at ${clock.toISOString()} and runs on in real time
'use strict';
const RealDate = Date;
const offset = ${clock.getTime()} - RealDate.now();
class TestDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(RealDate.now() + offset);
    else super(...args);
  }
  static now() {
    return RealDate.now() + offset;
  }
}
globalThis.Date = TestDate;
`;
}

export class TmuxSession {
  /** The temporary home of the session (HOME, XDG dirs, the wrapper, the tmux socket). */
  readonly dir: string;
  readonly width: number;
  readonly height: number;
  private readonly socket: string;
  private readonly target = 'lapor';
  private killed = false;

  private constructor(dir: string, socket: string, width: number, height: number) {
    this.dir = dir;
    this.socket = socket;
    this.width = width;
    this.height = height;
  }

  /** Starts a private tmux server with one width×height pane running bash, and waits for its first prompt. */
  static async start(options: TmuxOptions): Promise<TmuxSession> {
    // under /tmp rather than os.tmpdir(): the home's path has the same length everywhere, so a screen that shows
    // it (a journal's path) wraps at the same place on every machine
    const dir = realpathSync(mkdtempSync(HOME_PREFIX));
    const binDir = join(dir, 'bin');
    mkdirSync(binDir);
    const preload = options.clock ? ['--require', join(dir, 'clock.cjs')] : [];
    if (options.clock) writeFileSync(join(dir, 'clock.cjs'), clockPreload(options.clock));
    writeFileSync(join(binDir, 'lapor'), `#!/bin/sh\nexec ${[process.execPath, ...preload, BIN].map(quote).join(' ')} "$@"\n`);
    chmodSync(join(binDir, 'lapor'), 0o755);
    // the prompt's `$` is literal (not \$), so that root and other users see the same screen
    writeFileSync(join(dir, 'bashrc'), `PS1='$ '\nPROMPT_COMMAND='echo "[exit $?]"'\nunset HISTFILE\n`);
    const env: Record<string, string> = {
      PATH: `${binDir}:/usr/local/bin:/usr/bin:/bin`,
      HOME: dir,
      XDG_CONFIG_HOME: join(dir, 'config'),
      XDG_DATA_HOME: join(dir, 'data'),
      XDG_STATE_HOME: join(dir, 'state'),
      XDG_CACHE_HOME: join(dir, 'cache'),
      // the embedded default's background server stays off here, as under CI (test/e2e/daemon.test.ts turns it on)
      LAPOR_NO_DAEMON: '1',
      LANG: 'C.UTF-8',
      TERM: 'xterm-256color',
      TZ: 'UTC',
      INPUTRC: '/dev/null',
      LESSHISTFILE: '-',
      ...options.env,
    };
    const socket = join(dir, 'tmux.sock'); // a private server, removed with the home
    const session = new TmuxSession(dir, socket, options.width, options.height);
    try {
      // one client invocation: the options hold before the pane's shell starts (its TERM, no status row)
      await tmux(socket, [
        '-f', '/dev/null', 'start-server', ';',
        'set-option', '-g', 'status', 'off', ';',
        'set-option', '-g', 'default-terminal', 'xterm-256color', ';',
        'set-option', '-g', 'history-limit', '0', ';',
        'new-session', '-d', '-s', session.target, '-c', dir, '-x', String(options.width), '-y', String(options.height),
        `bash --rcfile ${quote(join(dir, 'bashrc'))} --noprofile -i`,
      ], env);
      await session.waitFor((s) => lastLine(s) === PROMPT, 10_000);
    } catch (err) {
      await session.kill();
      throw err;
    }
    return session;
  }

  /** Types `text` literally (no key names). */
  async send(text: string): Promise<void> {
    await tmux(this.socket, ['send-keys', '-t', this.target, '-l', text]);
  }

  /** Presses keys by tmux name: Enter, C-c, C-l, Up, … */
  async press(...keys: string[]): Promise<void> {
    await tmux(this.socket, ['send-keys', '-t', this.target, ...keys]);
  }

  /** The visible screen as text, trailing blanks removed. */
  async capture(): Promise<string> {
    return trimScreen(await tmux(this.socket, ['capture-pane', '-p', '-t', this.target]));
  }

  /** The visible screen with wrapped lines joined (for finding a long typed line). */
  private async captureJoined(): Promise<string> {
    return tmux(this.socket, ['capture-pane', '-p', '-J', '-t', this.target]);
  }

  /**
   * Polls the screen until it shows `what` (text, regex, or a test on the whole screen); fails after
   * `timeoutMs` with the last screen in the message.
   */
  async waitFor(what: string | RegExp | ((screen: string) => boolean), timeoutMs = 10_000): Promise<string> {
    const test = typeof what === 'function' ? what : (s: string) => (typeof what === 'string' ? s.includes(what) : s.split('\n').some((l) => what.test(l)) || what.test(s));
    const deadline = Date.now() + timeoutMs;
    let screen = '';
    for (;;) {
      screen = await this.capture();
      if (test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`the terminal did not show ${String(what)} within ${timeoutMs} ms; it shows:\n${screen}`);
      await sleep(50);
    }
  }

  /**
   * Clears the screen (Ctrl-L) and waits until only the prompt is left. A command that a failed step left
   * running (or its pager) is ended first, so that one failure does not type into the next step.
   */
  async clear(): Promise<void> {
    const atPrompt = (s: string) => lastLine(s) === PROMPT;
    if (!atPrompt(await this.capture())) {
      await this.press('C-c');
      if (!(await this.waitFor(atPrompt, 2_000).then(() => true, () => false))) await this.press('q');
      await this.waitFor(atPrompt, 5_000);
    }
    await this.press('C-l');
    await this.waitFor((s) => s === PROMPT, 5_000);
  }

  /** Types a command line (after clearing the screen) and presses Enter; does not wait for it to end. */
  async type(command: string): Promise<void> {
    await this.clear();
    await this.send(command);
    const typed = command.replace(/\s+/g, ' ');
    const deadline = Date.now() + 5_000;
    while (!(await this.captureJoined()).replace(/\s+/g, ' ').includes(typed)) {
      if (Date.now() > deadline) throw new Error(`the terminal did not echo ${JSON.stringify(command)}:\n${await this.capture()}`);
      await sleep(20);
    }
    await this.press('Enter');
  }

  /**
   * Waits until the shell's prompt is back under the command's output: the screen, its text and the exit code
   * shown above the prompt. A pager holding the output (less's `:` or `(END)` on the last line) is kept as `paged`
   * and quit with q, as a person would.
   */
  async prompt(timeoutMs = 20_000): Promise<RunResult> {
    let paged: string | undefined;
    const done = (s: string) => endedWith(s) !== null;
    let screen = await this.waitFor((s) => done(s) || paging(s), timeoutMs);
    if (!done(screen)) {
      paged = screen;
      await this.press('q');
      screen = await this.waitFor(done, timeoutMs);
    }
    const text = (await this.captureJoined()).replace(/\s+/g, ' ').trim();
    return { screen, text, code: endedWith(screen) ?? -1, ...(paged === undefined ? {} : { paged }) };
  }

  /**
   * Waits until the command ends (as `prompt`) or waits on a question: a last line with a `?` that stays
   * unchanged for QUESTION_QUIET_MS (an error message ending in `?` is followed by the prompt well before).
   */
  async outcome(timeoutMs = 20_000): Promise<{ question: Question } | { ended: RunResult }> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    let since = Date.now();
    for (;;) {
      const screen = await this.capture();
      if (endedWith(screen) !== null || paging(screen)) return { ended: await this.prompt(Math.max(deadline - Date.now(), 1_000)) };
      if (screen !== last) {
        last = screen;
        since = Date.now();
      } else if (lastLine(screen).includes('?') && Date.now() - since >= QUESTION_QUIET_MS) {
        return { question: { screen, text: (await this.captureJoined()).replace(/\s+/g, ' ').trim() } };
      }
      if (Date.now() > deadline) throw new Error(`the command neither ended nor asked within ${timeoutMs} ms; the terminal shows:\n${screen}`);
      await sleep(50);
    }
  }

  /** Runs one command line on a cleared screen and waits for it to end. */
  async run(command: string, timeoutMs = 20_000): Promise<RunResult> {
    await this.type(command);
    return this.prompt(timeoutMs);
  }

  /** Kills the tmux server and removes the session's home; safe to call twice. */
  async kill(): Promise<void> {
    if (this.killed) return;
    this.killed = true;
    await tmux(this.socket, ['kill-server']).catch(() => {});
    // the shell may still be writing into its home as the server's SIGHUP ends it
    rmSync(this.dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  }
}

export interface NormaliseOptions {
  /** Exact strings to replace (e.g. the API's URL, a token), longest first. */
  replace?: Record<string, string>;
  /** Patterns of volatile parts and what stands for them. */
  patterns?: [RegExp, string][];
}

/** What changes from run to run in any lapor screen, each replaced by a placeholder of the same length. */
const VOLATILE: [RegExp, (match: string) => string][] = [
  // the session's home: /tmp/lapor-tmux-AbC123
  [new RegExp(`${HOME_PREFIX}[A-Za-z0-9]{6}`, 'g'), () => `${HOME_PREFIX}XXXXXX`],
  // a bulk journal's name: the second the run started (the clock runs on from its fixed start) and a random suffix
  [/\b\d{8}T\d{6}Z-[0-9a-f]{6}\b/g, () => 'YYYYMMDDTHHMMSSZ-xxxxxx'],
];

/** Lengths and rates measured during the run (`0,4 dtk`, `1.2s`, `350 ms`, `9,7/dtk`). */
const MEASURED: [RegExp, string][] = [
  [/\b\d+(?:[.,]\d+)?\/(?:dtk|s)\b/g, '<laju>'],
  [/\b\d+(?:[.,]\d+)?\s?(?:ms|dtk|detik|s)\b/g, '<durasi>'],
];

/**
 * A screen made comparable with a golden file. The rows the terminal wrapped (full-width rows) are joined, the
 * volatile parts replaced (the session's home, journal names, measured durations and rates, then the given
 * strings and patterns), and the text wrapped again at the session's width: a replacement of the same length
 * leaves the layout as it was drawn, and one that spans a wrap is still found.
 */
export function normaliseScreen(screen: string, width: number, options: NormaliseOptions = {}): string {
  const logical: string[] = [];
  let joining = false;
  for (const row of screen.split('\n')) {
    if (joining) logical[logical.length - 1] += row;
    else logical.push(row);
    joining = [...row].length === width;
  }
  const out = logical.map((line) => {
    let l = line;
    for (const [pattern, to] of VOLATILE) l = l.replace(pattern, to);
    for (const [pattern, to] of MEASURED) l = l.replace(pattern, to);
    for (const [from, to] of Object.entries(options.replace ?? {}).sort((a, b) => b[0].length - a[0].length)) l = l.split(from).join(to);
    for (const [pattern, to] of options.patterns ?? []) l = l.replace(pattern, to);
    const chars = [...l];
    const rows: string[] = [];
    for (let i = 0; i < chars.length || rows.length === 0; i += width) rows.push(chars.slice(i, i + width).join(''));
    return rows.join('\n');
  });
  return `${out.join('\n')}\n`;
}
