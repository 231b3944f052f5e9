import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createIOStreams } from '../../src/io/iostreams.js';
import { createTestIOStreams } from '../../src/io/testing.js';

function output(tty: boolean, columns?: number) {
  const chunks: string[] = [];
  return { stream: { isTTY: tty, columns, write: (s: string) => chunks.push(s) }, chunks };
}

function input(tty: boolean) {
  return Object.assign(new PassThrough(), { isTTY: tty });
}

async function make(opts: { out?: boolean; err?: boolean; in?: boolean; columns?: number; env?: Record<string, string> }) {
  const out = output(opts.out ?? false, opts.columns);
  const err = output(opts.err ?? false);
  const io = await createIOStreams({ stdout: out.stream, stderr: err.stream, stdin: input(opts.in ?? false), env: opts.env ?? {} });
  return { io, out: out.chunks, err: err.chunks };
}

describe('createIOStreams', () => {
  it('colours a terminal and takes its width', async () => {
    const { io } = await make({ out: true, err: true, in: true, columns: 132 });
    expect([io.isOutTTY, io.isErrTTY, io.isInTTY, io.colorEnabled, io.errColorEnabled]).toEqual([true, true, true, true, true]);
    expect(io.color.level).toBe(1);
    expect(io.width).toBe(132);
    expect(io.canPrompt()).toBe(true);
  });

  it('treats pipes as pipes: no colour, width 80, no prompts', async () => {
    const { io } = await make({});
    expect([io.isOutTTY, io.colorEnabled, io.canPrompt()]).toEqual([false, false, false]);
    expect(io.color.level).toBe(0);
    expect(io.color.red('x')).toBe('x');
    expect(io.width).toBe(80);
  });

  it('honours NO_COLOR with any non-empty value', async () => {
    expect((await make({ out: true, err: true, env: { NO_COLOR: '1' } })).io.colorEnabled).toBe(false);
    expect((await make({ out: true, err: true, env: { NO_COLOR: '1' } })).io.errColor.level).toBe(0);
    expect((await make({ out: true, env: { NO_COLOR: '' } })).io.colorEnabled).toBe(true);
    expect((await make({ out: true, env: { NO_COLOR: '1' } })).io.isOutTTY).toBe(true);
  });

  it('turns colour off for TERM=dumb and picks the level from the terminal', async () => {
    expect((await make({ out: true, env: { TERM: 'dumb' } })).io.colorEnabled).toBe(false);
    expect((await make({ out: true, env: { TERM: 'xterm-256color' } })).io.color.level).toBe(2);
    expect((await make({ out: true, env: { COLORTERM: 'truecolor' } })).io.color.level).toBe(3);
  });

  it('decides colour for stdout and stderr apart', async () => {
    const { io } = await make({ out: false, err: true });
    expect([io.colorEnabled, io.errColorEnabled]).toEqual([false, true]);
  });

  it('forces TTY output with LAPOR_FORCE_TTY, a number setting the width, but never prompts on a pipe', async () => {
    const forced = (await make({ env: { LAPOR_FORCE_TTY: '1' } })).io;
    expect([forced.isOutTTY, forced.isErrTTY, forced.colorEnabled, forced.isInTTY, forced.canPrompt()]).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(forced.width).toBe(80);
    expect((await make({ env: { LAPOR_FORCE_TTY: '120', COLUMNS: '90' } })).io.width).toBe(120);
    expect((await make({ env: { LAPOR_FORCE_TTY: 'true', COLUMNS: '90' } })).io.width).toBe(90);
    expect((await make({ env: { LAPOR_FORCE_TTY: '0' } })).io.isOutTTY).toBe(false);
    expect((await make({ env: { LAPOR_FORCE_TTY: '1', NO_COLOR: 'yes' } })).io.colorEnabled).toBe(false);
  });

  it('takes COLUMNS over the terminal width and ignores junk', async () => {
    expect((await make({ out: true, columns: 132, env: { COLUMNS: '100' } })).io.width).toBe(100);
    expect((await make({ out: true, columns: 132, env: { COLUMNS: 'wide' } })).io.width).toBe(132);
    expect((await make({ env: { COLUMNS: '0' } })).io.width).toBe(80);
  });

  it('prompts only when stdin and stdout are terminals', async () => {
    expect((await make({ out: true, in: false })).io.canPrompt()).toBe(false);
    expect((await make({ out: false, in: true })).io.canPrompt()).toBe(false);
    const noStdin = await createIOStreams({ stdout: output(true).stream, stderr: output(true).stream, stdin: null, env: {} });
    expect(noStdin.canPrompt()).toBe(false);
  });

  it('opens standard input only when a command reads it or asks about it, and once', async () => {
    let opened = 0;
    const stdin = input(true);
    const io = await createIOStreams({ stdout: output(true).stream, stderr: output(true).stream, stdin: () => ((opened += 1), stdin), env: {} });
    io.out.write('x');
    expect(io.colorEnabled).toBe(true);
    expect(opened).toBe(0);
    expect(io.isInTTY).toBe(true);
    expect(io.canPrompt()).toBe(true);
    expect(io.in).toBe(stdin);
    expect(opened).toBe(1);
  });

  it('writes results to stdout and the rest to stderr', async () => {
    const { io, out, err } = await make({});
    io.out.write('LAP-1\n');
    io.err.write('peringatan\n');
    expect(out).toEqual(['LAP-1\n']);
    expect(err).toEqual(['peringatan\n']);
  });
});

describe('createTestIOStreams', () => {
  it('buffers output and defaults to a pipe without colour', () => {
    const io = createTestIOStreams();
    io.out.write('a');
    io.out.write('b');
    io.err.write('c');
    expect([io.outText(), io.errText()]).toEqual(['ab', 'c']);
    expect([io.isOutTTY, io.colorEnabled, io.width, io.canPrompt()]).toEqual([false, false, 80, false]);
  });

  it('can be a coloured terminal of a given width', () => {
    const io = createTestIOStreams({ tty: true, color: true, width: 100 });
    expect([io.isOutTTY, io.colorEnabled, io.width, io.canPrompt()]).toEqual([true, true, 100, true]);
    expect(io.color.red('x')).toBe('\u001b[31mx\u001b[39m');
    expect(createTestIOStreams({ tty: true }).color.level).toBe(0);
  });
});
