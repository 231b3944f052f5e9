// The pager (gh's iostreams.StartPager/StopPager): a command that prints a long result calls
// `io.startPager()`; from then on `io.out` goes to the pager's input, and the program (cli/main.ts#runCli)
// calls `io.stopPager()` once at the end, which closes that input and waits until the user has left the
// pager. Commands never spawn it themselves.
//
// Which pager: LAPOR_PAGER, else PAGER, else `less -FRX` (-F leaves at once when the text fits one screen,
// -R keeps the colour, -X leaves the text on the screen). A set but empty value, or `cat`, means no pager.
// No pager either when stdout is not a terminal, with --no-pager (`disable()`), or when the command cannot be
// started (not found, not executable): the text is then written directly, as it would have been.
//
// The terminal: the pager owns it while it runs (it reads the keys from /dev/tty) and restores it when it
// ends; this process waits for it, so it never exits under a pager still drawing. What goes to stderr
// meanwhile (a notice, an error) is held and written after the pager has ended, below the text, instead of
// being drawn over the pager's screen. Quitting the pager early (`q` before the end) closes its input: the
// next writes fail with EPIPE, which is not an error: `onClosed` stops the work and nothing more is written.

import type { TextSink } from './iostreams.js';

export const DEFAULT_PAGER = 'less -FRX';

/** A started pager: its input, and the end of the process. */
export interface PagerProcess {
  /** Writes to the pager's input; a closed input (EPIPE) is reported through `onInputClosed`, not thrown. */
  write(text: string): void;
  /** Ends the input (the pager shows the rest and waits for the user). */
  end(): void;
  /** Resolves when the pager process has ended. */
  readonly exited: Promise<void>;
}

export interface PagerSpawnRequest {
  file: string;
  args: readonly string[];
  /** Called once when the pager stops reading (quit early): the writes after it are dropped. */
  onInputClosed(): void;
}

/** Starts a pager: resolves with it once it runs, or null when it cannot be started (ENOENT, EACCES…). */
export type SpawnPager = (request: PagerSpawnRequest) => Promise<PagerProcess | null>;

/**
 * The pager's command as words (file, then arguments), or null for "no pager": LAPOR_PAGER, else PAGER, else
 * `less -FRX`. Words are split as a shell would for plain words and '…' / "…" quotes (no expansion).
 */
export function pagerCommand(env: Readonly<Record<string, string | undefined>>): string[] | null {
  const value = env.LAPOR_PAGER ?? env.PAGER ?? DEFAULT_PAGER;
  const words = splitWords(value);
  if (words.length === 0 || words[0] === 'cat') return null;
  return words;
}

/** Shell-like word splitting without expansion: spaces separate, quotes group, a backslash escapes. */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quote !== null) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < text.length) word += text[(i += 1)];
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      word += text[(i += 1)];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** The streams a pager takes over: `out` (and `err`, held while it runs). */
export interface PagedStreams {
  out: TextSink;
  err: TextSink;
}

export interface PagerControl {
  start(): Promise<void>;
  stop(): Promise<void>;
  disable(): void;
}

export interface PagerOptions {
  /** stdout is a real terminal (not one forced by LAPOR_FORCE_TTY). */
  tty: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** Absent: never a pager (in-memory test streams without one). */
  spawn?: SpawnPager;
  /** The reader left early: stop the work (cli/main.ts aborts the command and exits 0). */
  onOutputClosed?(): void;
}

/** The pager's start/stop/disable over `io` (which must be the object commands hold: `out` is swapped in place). */
export function createPagerControl(io: PagedStreams, options: PagerOptions): PagerControl {
  let disabled = false;
  let stopping: Promise<void> | null = null;
  let running: { pager: PagerProcess; out: TextSink; err: TextSink; held: string[] } | null = null;
  return {
    disable() {
      disabled = true;
    },
    async start() {
      if (running !== null || disabled || !options.tty || options.spawn === undefined) return;
      const words = pagerCommand(options.env);
      if (words === null) return;
      let closed = false;
      const pager = await options.spawn({
        file: words[0],
        args: words.slice(1),
        onInputClosed: () => {
          if (closed) return;
          closed = true;
          options.onOutputClosed?.();
        },
      });
      if (pager === null) return; // could not start: write directly
      const held: string[] = [];
      running = { pager, out: io.out, err: io.err, held };
      io.out = { write: (s) => void (closed || pager.write(s)) };
      io.err = { write: (s) => void held.push(s) };
    },
    stop() {
      stopping ??= (async () => {
        if (running === null) return;
        const { pager, out, err, held } = running;
        pager.end();
        await pager.exited;
        running = null;
        io.out = out;
        io.err = err;
        for (const s of held) err.write(s);
      })().finally(() => (stopping = null));
      return stopping;
    },
  };
}

/** The real pager: a child process reading from a pipe, drawing on this process's terminal (stdout, stderr). */
export const spawnPagerProcess: SpawnPager = async ({ file, args, onInputClosed }) => {
  const { spawn } = await import('node:child_process');
  const child = spawn(file, [...args], { stdio: ['pipe', 'inherit', 'inherit'] });
  const started = await new Promise<boolean>((resolve) => {
    child.once('spawn', () => resolve(true));
    child.once('error', () => resolve(false));
  });
  if (!started) return null;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('close', () => resolve());
  });
  // EPIPE / ERR_STREAM_DESTROYED once the pager has gone: the reader left, which is not a failure
  child.stdin.on('error', () => onInputClosed());
  child.once('exit', () => {
    if (child.stdin.writableLength > 0 || !child.stdin.writableEnded) onInputClosed();
  });
  return {
    write(text) {
      if (!child.stdin.destroyed) child.stdin.write(text);
    },
    end() {
      if (!child.stdin.destroyed) child.stdin.end();
    },
    exited,
  };
};
