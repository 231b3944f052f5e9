// The pager (src/io/pager.ts): which command is chosen, when none is, the fallback when it cannot start, and
// what happens to stdout and stderr around it, over a fake spawn; then a list command through it in-process.
// The real terminal (less in a pty, echo after quitting) is test/e2e/pager-tty.test.ts.

import { describe, expect, it } from 'vitest';
import { createPagerControl, pagerCommand, splitWords, type PagerProcess, type PagerSpawnRequest, type SpawnPager } from '../../src/io/pager.js';
import { createTestIOStreams } from '../../src/io/testing.js';
import { run } from '../helpers/deps.js';

interface FakePager {
  spawn: SpawnPager;
  requests: PagerSpawnRequest[];
  /** What the pager was given. */
  text(): string;
  ended(): boolean;
  /** The user quits (q): the pager process ends. */
  quit(): void;
}

/** A pager that starts (or, with `fail`, cannot start) and ends when quit, or by itself once its input ends. */
function fakePager(options: { fail?: boolean; quitsAtEnd?: boolean } = {}): FakePager {
  const requests: PagerSpawnRequest[] = [];
  let text = '';
  let ended = false;
  let exit: () => void = () => {};
  let gone = false;
  const fake: FakePager = {
    requests,
    text: () => text,
    ended: () => ended,
    quit() {
      gone = true;
      exit();
    },
    async spawn(request) {
      requests.push(request);
      if (options.fail) return null;
      const exited = new Promise<void>((resolve) => (exit = resolve));
      const pager: PagerProcess = {
        write(s) {
          if (gone) request.onInputClosed(); // EPIPE: the reader left
          else text += s;
        },
        end() {
          ended = true;
          if (options.quitsAtEnd ?? true) fake.quit();
        },
        exited,
      };
      return pager;
    },
  };
  return fake;
}

describe('pagerCommand: LAPOR_PAGER, then PAGER, then less -FRX', () => {
  it.each([
    [{}, ['less', '-FRX']],
    [{ PAGER: 'more' }, ['more']],
    [{ PAGER: 'more', LAPOR_PAGER: 'less -S' }, ['less', '-S']],
    [{ LAPOR_PAGER: '"/opt/my pager/bin/pg" --quiet' }, ['/opt/my pager/bin/pg', '--quiet']],
  ])('%j → %j', (env, words) => {
    expect(pagerCommand(env)).toEqual(words);
  });

  it.each([[{ LAPOR_PAGER: '' }], [{ LAPOR_PAGER: 'cat' }], [{ PAGER: '' }], [{ PAGER: 'cat' }], [{ LAPOR_PAGER: '  ', PAGER: 'less' }]])(
    '%j means no pager (LAPOR_PAGER set, even empty, wins over PAGER)',
    (env) => {
      expect(pagerCommand(env)).toBeNull();
    },
  );

  it('splits words as a shell does for quotes and backslashes, without expanding anything', () => {
    expect(splitWords(`less -R 'a b' "c \\"d\\"" e\\ f $HOME`)).toEqual(['less', '-R', 'a b', 'c "d"', 'e f', '$HOME']);
    expect(splitWords('  ')).toEqual([]);
    expect(splitWords("''")).toEqual(['']);
  });
});

describe('createPagerControl', () => {
  it('on a terminal: out goes to the pager, stderr is held until the pager has ended, then written below', async () => {
    const pager = fakePager({ quitsAtEnd: false });
    const io = createTestIOStreams({ tty: true, pager: { spawn: pager.spawn, env: { PAGER: 'most -s' } } });
    await io.startPager();
    expect(pager.requests.map((r) => [r.file, r.args])).toEqual([['most', ['-s']]]);
    io.out.write('row 1\n');
    io.err.write('Showing 1 of 2\n');
    expect(pager.text()).toBe('row 1\n');
    expect(io.outText()).toBe('');
    expect(io.errText()).toBe('');
    const stopped = io.stopPager();
    await Promise.resolve();
    expect(pager.ended()).toBe(true);
    expect(io.errText()).toBe(''); // the user is still reading
    pager.quit();
    await stopped;
    expect(io.errText()).toBe('Showing 1 of 2\n');
    io.out.write('after\n'); // the streams are the real ones again
    expect(io.outText()).toBe('after\n');
  });

  it('starts no pager off a terminal, with --no-pager (disable), or with PAGER=cat', async () => {
    for (const [tty, env, disable] of [
      [false, {}, false],
      [true, {}, true],
      [true, { PAGER: 'cat' }, false],
    ] as const) {
      const pager = fakePager();
      const io = createTestIOStreams({ tty, pager: { spawn: pager.spawn, env } });
      if (disable) io.disablePager();
      await io.startPager();
      io.out.write('text\n');
      await io.stopPager();
      expect(pager.requests).toEqual([]);
      expect(io.outText()).toBe('text\n');
    }
  });

  it('writes directly when the pager cannot be started', async () => {
    const pager = fakePager({ fail: true });
    const io = createTestIOStreams({ tty: true, pager: { spawn: pager.spawn, env: { LAPOR_PAGER: 'no-such-pager' } } });
    await io.startPager();
    expect(pager.requests.map((r) => r.file)).toEqual(['no-such-pager']);
    io.out.write('text\n');
    io.err.write('notice\n');
    await io.stopPager();
    expect(io.outText()).toBe('text\n');
    expect(io.errText()).toBe('notice\n');
  });

  it('quitting early is reported once and drops the writes after it; starting twice spawns once', async () => {
    const pager = fakePager();
    let closed = 0;
    const io = createTestIOStreams({ tty: true, pager: { spawn: pager.spawn, onOutputClosed: () => (closed += 1) } });
    await io.startPager();
    await io.startPager();
    expect(pager.requests).toHaveLength(1);
    io.out.write('first page\n');
    pager.quit();
    io.out.write('more\n');
    io.out.write('and more\n');
    expect(closed).toBe(1);
    await io.stopPager();
    expect(pager.text()).toBe('first page\n');
    expect(io.outText()).toBe('');
  });

  it('stopPager called twice (the end of the run and a second Ctrl-C) waits for the same pager', async () => {
    const pager = fakePager({ quitsAtEnd: false });
    const io = createTestIOStreams({ tty: true, pager: { spawn: pager.spawn } });
    await io.startPager();
    let done = 0;
    const a = io.stopPager().then(() => (done += 1));
    const b = io.stopPager().then(() => (done += 1));
    await Promise.resolve();
    expect(done).toBe(0);
    pager.quit();
    await Promise.all([a, b]);
    expect(done).toBe(2);
  });

  it('createPagerControl without a spawn (in-memory streams) never pages', async () => {
    const io = createTestIOStreams({ tty: true });
    const control = createPagerControl(io, { tty: true, env: {} });
    await control.start();
    io.out.write('x');
    expect(io.outText()).toBe('x');
  });
});

describe('a list command through the pager', () => {
  it('institutions list on a terminal: the table in the pager, the --limit notice after it', async () => {
    const pager = fakePager();
    const r = await run(['institutions', 'list', '--limit', '3', '--lang', 'en'], { tty: true, pager: { spawn: pager.spawn } });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('');
    expect(pager.text().trimEnd().split('\n')).toHaveLength(4); // header + 3 rows
    expect(r.err).toMatch(/^Showing 3 of \d+; use --limit to see more\n$/);
  });

  it('--no-pager writes the table directly', async () => {
    const pager = fakePager();
    const r = await run(['institutions', 'list', '--limit', '3', '--no-pager', '--lang', 'en'], { tty: true, pager: { spawn: pager.spawn } });
    expect(r.code, r.err).toBe(0);
    expect(pager.requests).toEqual([]);
    expect(r.out.trimEnd().split('\n')).toHaveLength(4);
  });

  it('piped: no pager, and the notice still says what was left out', async () => {
    const pager = fakePager();
    const r = await run(['institutions', 'list', '--limit', '2', '--lang', 'en'], { pager: { spawn: pager.spawn } });
    expect(pager.requests).toEqual([]);
    expect(r.out.trimEnd().split('\n')).toHaveLength(2);
    expect(r.err).toMatch(/^Showing 2 of \d+; use --limit to see more\n$/);
    const all = await run(['institutions', 'list', '--limit', 'all', '--lang', 'en']);
    expect(all.err).toBe('');
    expect(all.out.trimEnd().split('\n').length).toBeGreaterThan(2);
  });

  it('quitting the pager early ends the run with exit 0 and no error', async () => {
    const pager = fakePager();
    const spawn: SpawnPager = async (request) => {
      const p = await pager.spawn(request);
      pager.quit(); // gone before the first write: every write fails with EPIPE
      return p;
    };
    const r = await run(['institutions', 'list', '--lang', 'en'], { tty: true, pager: { spawn } });
    expect(r.code).toBe(0);
    expect(pager.text()).toBe('');
  });
});
