// Long output in a real terminal: tmux gives the CLI a pty (80×24), a shell runs `lapor` against a test server,
// the keys are typed as a person would (q to leave the pager, Ctrl-C), and afterwards `stty -a` must still
// show `echo`. Covers the pager (LAPOR_PAGER, less -FRX, a pager that cannot start) and the old fault:
// `lapor … | less` quit before lapor ended left the shell without echo (Node wrote back at exit the terminal
// state it saw at start, which was less's raw mode). Runs the built CLI (npm run build first).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { BIN } from '../helpers/spawn.js';
import { toolAvailable } from '../helpers/tools.js';

const TMUX = '/usr/bin/tmux';
const LESS = '/usr/bin/less';
const haveTools = toolAvailable(TMUX) && toolAvailable(LESS);
const CASES = 3000; // piped, far more than a pipe (64 KiB) and less hold: lapor is still writing when q is pressed

let server: TestServer;
let home: string;
let socket: string;
let marker = 0;

function tmux(...args: string[]): string {
  const r = spawnSync(TMUX, ['-S', socket, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const screen = () => tmux('capture-pane', '-p', '-t', 'lapor');

/** Waits (bounded) until the screen shows `text`; returns the screen. */
async function waitFor(text: string | RegExp, timeoutMs = 30_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = screen();
    if (typeof text === 'string' ? s.includes(text) : text.test(s)) return s;
    if (Date.now() > deadline) throw new Error(`the screen never showed ${String(text)}:\n${s}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Types a command line into the shell and Enter. */
function type(line: string): void {
  tmux('send-keys', '-t', 'lapor', '-l', line);
  tmux('send-keys', '-t', 'lapor', 'Enter');
}

function key(name: string): void {
  tmux('send-keys', '-t', 'lapor', name);
}

/** Runs a line in the shell and waits for it to end; the screen is cleared first so old output cannot match. */
async function shell(line: string): Promise<string> {
  marker += 1;
  type(`clear; ${line}; echo "done-$? #${marker}"`);
  return waitFor(new RegExp(`done-\\d+ #${marker}\\b`));
}

/** `echo` or `-echo`, as the terminal is now (stty reads the pty the shell gives its commands). */
async function echoState(): Promise<string> {
  const s = await shell(`stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo | sed 's/^/state:/'`);
  return /state:(-?echo)/.exec(s)?.[1] ?? `not found in:\n${s}`;
}

describe.runIf(haveTools)('long output in a real terminal (tmux, 80×24)', () => {
  beforeAll(async () => {
    server = await startTestServer('pglite');
    // overdue on the verify clock, each a minute apart: `sla overdue` lists them all, `cases list --all` too
    await server.server.db.exec(`INSERT INTO cases (tracking_id, classification, title, body, channel, status, submitted_at,
        verify_due_at, completion_due_at, version, last_event_hash)
      SELECT 'LPR-2024-' || lpad(g::text, 7, '0'), 'complaint', 'Jalan rusak di depan sekolah dasar nomor ' || g, 'Isi', 'web',
        'submitted', '2024-01-01T01:00:00Z', '2024-01-04T01:00:00Z'::timestamptz + g * interval '1 minute',
        '2024-06-01T01:00:00Z', 1, repeat('0', 64)
      FROM generate_series(1, ${CASES}) g`);
    home = mkdtempSync(join(tmpdir(), 'lapor-pager-tty-'));
    socket = join(home, 'tmux.sock');
    // a pager that is a small script: shows what it got, then waits for a key like less (reads keys from the
    // tty, ignores Ctrl-C as less does at its prompt)
    writeFileSync(
      join(home, 'mypager.sh'),
      '#!/bin/sh\ntrap "" INT\nhead -n 5 | sed "s/^/PAGER|/"\nstty -echo -icanon < /dev/tty\necho "PAGER-WAITING"\n' +
        'dd bs=1 count=1 < /dev/tty > /dev/null 2>&1\nstty echo icanon < /dev/tty\n',
      { mode: 0o755 },
    );
    const env = [
      `PATH=/usr/bin:/bin`,
      `HOME=${home}`,
      `XDG_CONFIG_HOME=${join(home, 'config')}`,
      `XDG_DATA_HOME=${join(home, 'data')}`,
      'LANG=C.UTF-8',
      'TERM=xterm',
      `LAPOR_API_URL=${server.url}`,
      `LAPOR_TOKEN=${server.tokens.admin}`,
      'PS1=$ ',
    ];
    tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'lapor', '-x', '80', '-y', '24', 'env', '-i', ...env, '/bin/bash', '--norc', '--noprofile');
    type(`alias lapor='${process.execPath} ${BIN} --lang en'`);
    expect(await echoState()).toBe('echo');
  }, 60_000);

  // each test starts from a terminal that echoes, so that one failure does not carry into the next
  beforeEach(async () => {
    await shell('stty sane');
  });

  afterAll(async () => {
    if (socket) spawnSync(TMUX, ['-S', socket, 'kill-server']);
    await server?.close();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('`lapor cases list --all | less`, quit with q before lapor has written everything: the shell still echoes', async () => {
    // lapor starts after less has put the terminal in raw mode (as a slower start does), and is still writing
    marker += 1;
    type(`clear; (sleep 0.5; exec ${process.execPath} ${BIN} cases list --all) | less; echo "done-$? #${marker}"`);
    await waitFor('LPR-2024-0000001');
    await new Promise((r) => setTimeout(r, 1000)); // lapor is running, blocked on the full pipe
    key('q');
    await waitFor(new RegExp(`done-0 #${marker}\\b`));
    expect(await echoState()).toBe('echo');
  }, 60_000);

  it('LAPOR_PAGER=less -FRX: sla overdue pages 30 rows, q quits, the --limit notice comes after, the terminal echoes', async () => {
    marker += 1;
    type(`clear; LAPOR_PAGER='less -FRX' lapor sla overdue; echo "done-$? #${marker}"`);
    const paged = await waitFor('LPR-2024-0000001');
    expect(paged).not.toContain('Showing 30'); // held while the pager owns the screen
    key('q');
    const after = await waitFor(new RegExp(`done-0 #${marker}\\b`));
    expect(after, after).toContain(`Showing 30 of ${CASES}; use --limit to see more`);
    expect(await echoState()).toBe('echo');
  }, 60_000);

  it('a pager script (LAPOR_PAGER) gets the table; Ctrl-C while it waits, then a key: the terminal echoes', async () => {
    marker += 1;
    type(`clear; LAPOR_PAGER=${join(home, 'mypager.sh')} lapor cases list --limit 100; echo "done-$? #${marker}"`);
    const s = await waitFor('PAGER-WAITING');
    expect(s).toMatch(/PAGER\|TRACKING ID +STATUS/);
    key('C-c');
    key('x');
    await waitFor(new RegExp(`done-\\d+ #${marker}\\b`));
    expect(await echoState()).toBe('echo');
  }, 60_000);

  it('a pager that cannot start: the table is written directly, exit 0', async () => {
    const s = await shell(`LAPOR_PAGER=/nonexistent/pager lapor institutions list --limit 3`);
    expect(s).toMatch(/CODE +NAME/);
    expect(s).toContain(`done-0 #${marker}`);
    expect(await echoState()).toBe('echo');
  }, 60_000);

  it('--no-pager and a pipe: no pager', async () => {
    const s = await shell(`LAPOR_PAGER=${join(home, 'mypager.sh')} lapor institutions list --limit 3 --no-pager`);
    expect(s).not.toContain('PAGER|');
    expect(s).toMatch(/CODE +NAME/);
  }, 60_000);
});
