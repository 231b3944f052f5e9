// In-memory IOStreams for tests (kept apart from iostreams.ts so that a command run loads chalk only when
// it colours something).

import { Chalk } from 'chalk';
import { DEFAULT_WIDTH, PLAIN, type IOStreams } from './iostreams.js';
import { createPagerControl, type SpawnPager } from './pager.js';

export interface TestIOStreamsOptions {
  /** stdout, stderr and stdin are terminals (default false). */
  tty?: boolean;
  /** Colour on (level 1) or off (default). Only takes effect with tty. */
  color?: boolean;
  width?: number;
  /** A fake pager (with tty): startPager uses it as the real streams use a child process. */
  pager?: { spawn: SpawnPager; env?: Record<string, string | undefined>; onOutputClosed?(): void };
}

export interface TestIOStreams extends IOStreams {
  outText(): string;
  errText(): string;
}

/** In-memory streams for tests: everything written is kept and read back with outText()/errText(). */
export function createTestIOStreams(options: TestIOStreamsOptions = {}): TestIOStreams {
  const tty = options.tty ?? false;
  const colorEnabled = tty && (options.color ?? false);
  let out = '';
  let err = '';
  const io: TestIOStreams = {
    out: { write: (s) => void (out += s) },
    err: { write: (s) => void (err += s) },
    in: null,
    isOutTTY: tty,
    isErrTTY: tty,
    isInTTY: tty,
    colorEnabled,
    errColorEnabled: colorEnabled,
    color: colorEnabled ? new Chalk({ level: 1 }) : PLAIN,
    errColor: colorEnabled ? new Chalk({ level: 1 }) : PLAIN,
    width: options.width ?? DEFAULT_WIDTH,
    canPrompt: () => tty,
    outText: () => out,
    errText: () => err,
    startPager: () => pager.start(),
    stopPager: () => pager.stop(),
    disablePager: () => pager.disable(),
  };
  const pager = createPagerControl(io, {
    tty,
    env: options.pager?.env ?? {},
    spawn: options.pager?.spawn,
    onOutputClosed: options.pager?.onOutputClosed,
  });
  return io;
}
