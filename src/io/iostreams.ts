// IOStreams: where output goes and what kind of terminal it goes to, decided once at startup.
// Results go to `out`, everything else (progress, warnings, prompts, errors) to `err`.
//
// Decisions (createIOStreams):
// - TTY: each stream's own `isTTY`. `LAPOR_FORCE_TTY` (any non-empty value except 0/false) makes stdout and
//   stderr count as terminals (for debugging the human output through a pipe); stdin keeps its real state,
//   so forcing never enables prompts on a pipe.
// - Width: a number of 2 or more in `LAPOR_FORCE_TTY` (1 just means "on"), else `COLUMNS`, else the
//   terminal's columns, else 80.
// - Colour: only on a TTY, never with a non-empty `NO_COLOR` or with `TERM=dumb`. stdout and stderr are
//   decided apart (`color` / `errColor`). Level: 3 with COLORTERM=truecolor|24bit, 2 when TERM mentions
//   256color, else 1. The instances are private Chalk objects; the global chalk level is never read or set.
//   Chalk is loaded only when a stream is coloured: without colour both palettes are PLAIN.
// - Prompts: `canPrompt()` only when stdin and stdout are both real terminals.
// - Pager: `startPager()` sends `out` through LAPOR_PAGER / PAGER / `less -FRX` on a terminal (./pager.ts).
// In-memory streams for tests: createTestIOStreams in ./testing.ts.

import type { ColorSupportLevel } from 'chalk';
import { createPagerControl, type SpawnPager } from './pager.js';

/** The text styles the CLI uses. A Chalk instance is one; PLAIN (colour off) leaves text as it is. */
export interface Palette {
  readonly level: ColorSupportLevel;
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
}

const same = (text: string) => text;
export const PLAIN: Palette = { level: 0, bold: same, dim: same, red: same, green: same, yellow: same, cyan: same };

/** The palette of a colour level: PLAIN for 0, else a private Chalk instance (chalk is loaded then). */
export async function paletteFor(level: ColorSupportLevel): Promise<Palette> {
  if (level === 0) return PLAIN;
  const { Chalk } = await import('chalk');
  return new Chalk({ level });
}

export interface TextSink {
  write(s: string): void;
}

export interface IOStreams {
  out: TextSink;
  err: TextSink;
  /** The real stdout for streamed bytes (exports), honouring backpressure; absent in tests (use `out`). */
  outStream?: NodeJS.WritableStream | null;
  in: NodeJS.ReadableStream | null;
  isOutTTY: boolean;
  isErrTTY: boolean;
  isInTTY: boolean;
  /** Colour on stdout. */
  colorEnabled: boolean;
  /** Colour on stderr. */
  errColorEnabled: boolean;
  /** Styles for stdout text; PLAIN (level 0) when colour is off. */
  color: Palette;
  /** Styles for stderr text (errors, warnings, progress); PLAIN when colour is off there. */
  errColor: Palette;
  /** Terminal width in columns (80 when unknown). */
  width: number;
  canPrompt(): boolean;
  /** From here on `out` goes through the pager, when stdout is a terminal and a pager is set and can start
   *  (./pager.ts); otherwise nothing changes. Commands call it before printing a long result. */
  startPager(): Promise<void>;
  /** Ends the pager's input and waits until the user has left it; writes what stderr held meanwhile. */
  stopPager(): Promise<void>;
  /** --no-pager: startPager does nothing. */
  disablePager(): void;
}

/** The parts of a Node stream that the decisions read. */
export interface OutputStreamLike {
  write(s: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface InputStreamLike extends NodeJS.ReadableStream {
  isTTY?: boolean;
}

export interface CreateIOStreamsOptions {
  stdout: OutputStreamLike;
  stderr: OutputStreamLike;
  /** Opened only when a command reads standard input or asks whether it is a terminal (opening process.stdin
   *  loads Node's stream machinery, a few milliseconds that `lapor --version` need not spend). */
  stdin: InputStreamLike | null | (() => InputStreamLike | null);
  env: Readonly<Record<string, string | undefined>>;
  /** How to start a pager (absent: never one), and what to do when its reader leaves early. */
  pager?: { spawn: SpawnPager; onOutputClosed(): void };
}

export const DEFAULT_WIDTH = 80;

function intAtLeast(value: string | undefined, min: number): number | null {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return null;
  const n = Number.parseInt(value, 10);
  return n >= min ? n : null;
}

function isForced(value: string | undefined): boolean {
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

function colorLevel(env: Readonly<Record<string, string | undefined>>): ColorSupportLevel {
  const colorterm = (env.COLORTERM ?? '').toLowerCase();
  if (colorterm === 'truecolor' || colorterm === '24bit') return 3;
  if ((env.TERM ?? '').includes('256color')) return 2;
  return 1;
}

function isWritableStream(s: OutputStreamLike): s is OutputStreamLike & NodeJS.WritableStream {
  const w = s as Partial<NodeJS.WritableStream>;
  return typeof w.once === 'function' && typeof w.end === 'function';
}

export async function createIOStreams(options: CreateIOStreamsOptions): Promise<IOStreams> {
  const { stdout, stderr, env } = options;
  let stdin: InputStreamLike | null | undefined;
  const openStdin = () => (stdin ??= typeof options.stdin === 'function' ? options.stdin() : options.stdin);
  const forced = isForced(env.LAPOR_FORCE_TTY);
  const isOutTTY = forced || stdout.isTTY === true;
  const isErrTTY = forced || stderr.isTTY === true;
  const realOutTTY = stdout.isTTY === true;

  const noColor = (env.NO_COLOR ?? '') !== '' || env.TERM === 'dumb';
  const level = colorLevel(env);
  const colorEnabled = isOutTTY && !noColor;
  const errColorEnabled = isErrTTY && !noColor;

  const terminalColumns = realOutTTY && stdout.columns !== undefined && stdout.columns > 0 ? stdout.columns : null;
  const width =
    (forced ? intAtLeast(env.LAPOR_FORCE_TTY, 2) : null) ?? intAtLeast(env.COLUMNS, 1) ?? terminalColumns ?? DEFAULT_WIDTH;

  const io: IOStreams = {
    out: { write: (s) => void stdout.write(s) },
    err: { write: (s) => void stderr.write(s) },
    outStream: isWritableStream(stdout) ? stdout : null,
    get in() {
      return openStdin();
    },
    isOutTTY,
    isErrTTY,
    get isInTTY() {
      return openStdin()?.isTTY === true;
    },
    colorEnabled,
    errColorEnabled,
    color: await paletteFor(colorEnabled ? level : 0),
    errColor: await paletteFor(errColorEnabled ? level : 0),
    width,
    canPrompt: () => realOutTTY && openStdin()?.isTTY === true,
    startPager: () => pager.start(),
    stopPager: () => pager.stop(),
    disablePager: () => pager.disable(),
  };
  // the pager needs a real terminal: LAPOR_FORCE_TTY makes the text human, not paged
  const pager = createPagerControl(io, { tty: realOutTTY, env, spawn: options.pager?.spawn, onOutputClosed: options.pager?.onOutputClosed });
  return io;
}
