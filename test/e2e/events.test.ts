// The change feed through the built CLI (issue #20, item 5), against a real API on PGlite: `lapor events list`
// for a cron job (NDJSON lines with their cursors, the cursor to continue on stderr, a liaison's own cases
// only); `lapor events watch` killed with SIGKILL while writers run and restarted from the last line it
// printed, missing and repeating nothing, then stopped with Ctrl-C (SIGINT: exit 0, the cursor on stderr);
// and `lapor cases list --watch` in a real terminal (tmux), redrawn after a change. `npm run build` first.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedEvent } from '../../src/domain/feed.js';
import type { Case } from '../../src/domain/types.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { homeEnv, ROOT, runLapor, spawnLapor } from '../helpers/spawn.js';
import { TMUX, TmuxSession } from '../helpers/tmux.js';
import { statusName } from '../../src/io/i18n.js';
import { toolAvailable } from '../helpers/tools.js';
import { disposedCase, must } from '../server/api-setup.js';

const LONG = process.env.LAPOR_LONG_TESTS === '1';

/** The complete NDJSON lines of a stream (a line cut off by a kill is not one). */
function lines(out: string): FeedEvent[] {
  const whole = out.slice(0, out.lastIndexOf('\n') + 1);
  return whole.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as FeedEvent);
}

async function allEventIds(ts: TestServer): Promise<number[]> {
  const rows = await ts.server.db.query<{ id: number }>('SELECT id FROM case_events ORDER BY id');
  return rows.map((r) => Number(r.id));
}

describe('lapor events through the built CLI', () => {
  let ts: TestServer;
  let home: string;
  let env: Record<string, string>;
  const cases: Case[] = [];
  const lapor = (args: readonly string[], token = ts.tokens.admin) => runLapor(args, { cwd: home, env: { ...env, LAPOR_TOKEN: token } });

  beforeAll(async () => {
    expect(existsSync(join(ROOT, 'dist', 'cli.bundle', 'main.cjs')), 'dist/cli.bundle is missing: run npm run build').toBe(true);
    ts = await startTestServer('pglite');
    home = mkdtempSync(join(tmpdir(), 'lapor-events-'));
    env = homeEnv(home, { LAPOR_API_URL: ts.url });
    for (let i = 0; i < 6; i += 1) cases.push(await disposedCase(ts, i % 2 ? 'badung.dinkes' : 'denpasar.dpupr', {}, true));
  }, 60_000);

  afterAll(async () => {
    await ts?.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('events list: every event as an NDJSON line with its cursor; the cursor to continue on stderr; a liaison sees its own', async () => {
    const all = await lapor(['events', 'list', '--format', 'ndjson']);
    expect(all.code, all.err).toBe(0);
    const events = lines(all.out);
    expect(events.map((e) => e.id)).toEqual(await allEventIds(ts));
    const cursor = /--after (\S+)/.exec(all.err)?.[1];
    expect(cursor).toBeDefined();
    // a cron job's next run: nothing new, then exactly the new event
    const again = await lapor(['events', 'list', '--format', 'ndjson', '--after', cursor!]);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toBe('');
    cases[0] = await must(ts, cases[0], { action: 'respond', message: 'Tindak lanjut lanjutan.' });
    const next = await lapor(['events', 'list', '--format', 'ndjson', '--after', cursor!]);
    expect(lines(next.out).map((e) => [e.trackingId, e.seq, e.action])).toEqual([[cases[0].trackingId, cases[0].version, 'respond']]);
    // from the middle: an event's own cursor continues after it
    const middle = await lapor(['events', 'list', '--format', 'json', '--after', events[4].cursor]);
    expect((JSON.parse(middle.out) as FeedEvent[]).map((e) => e.id)).toEqual([...events.slice(5).map((e) => e.id), lines(next.out)[0].id]);
    const liaison = await lapor(['events', 'list', '--format', 'ndjson'], ts.tokens['liaison.badung.dinkes']);
    expect(liaison.code, liaison.err).toBe(0);
    const own = new Set(cases.filter((c) => c.institutionId === 'badung.dinkes').map((c) => c.trackingId));
    expect(lines(liaison.out).length).toBeGreaterThan(0);
    for (const e of lines(liaison.out)) expect(own.has(e.trackingId), e.trackingId).toBe(true);
    const bad = await lapor(['events', 'list', '--after', 'bukan-kursor']);
    expect(bad.code).not.toBe(0);
    expect((await lapor(['events', 'list'], ts.tokens.stat)).code).toBe(4);
  });

  it('events watch killed (SIGKILL) while writers run, restarted from its last line: nothing missed, nothing repeated; Ctrl-C exits 0', async () => {
    const { items: before } = await (async () => {
      const r = await lapor(['events', 'list', '--format', 'ndjson']);
      return { items: lines(r.out) };
    })();
    const start = before[before.length - 1].cursor;
    const total = LONG ? 2000 : 160;
    let written = 0;
    const writer = (async () => {
      const local = cases.map((c) => ({ ...c }));
      while (written < total) {
        const i = written % local.length;
        local[i] = await must(ts, local[i], { action: 'respond', message: `langkah ${written}` });
        written += 1;
      }
    })();
    const watchEnv = { ...env, LAPOR_TOKEN: ts.tokens.admin };
    const first = spawnLapor(['events', 'watch', '--after', start], { cwd: home, env: watchEnv });
    // kill it mid-stream, once it has printed a part of the events
    const until = Date.now() + 60_000;
    while (lines(first.out()).length < total / 4 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    first.child.kill('SIGKILL');
    const killed = await first.exit;
    expect(killed.signal).toBe('SIGKILL');
    const seenFirst = lines(killed.out);
    expect(seenFirst.length).toBeGreaterThan(0);
    const resume = seenFirst[seenFirst.length - 1].cursor;
    const second = spawnLapor(['events', 'watch', '--after', resume], { cwd: home, env: watchEnv });
    await writer;
    const expected = (await allEventIds(ts)).filter((id) => id > before[before.length - 1].id);
    const deadline = Date.now() + 60_000;
    while (seenFirst.length + lines(second.out()).length < expected.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    second.child.kill('SIGINT');
    const stopped = await second.exit;
    expect(stopped.code, stopped.err).toBe(0);
    expect(stopped.err).toMatch(/stopped; continue with: --after \S+/);
    const ids = [...seenFirst, ...lines(stopped.out)].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length); // nothing twice
    expect(ids).toEqual(expected); // nothing missed, in feed order (which is id order with one writer)
  }, 120_000);
});

describe.runIf(toolAvailable(TMUX))('lapor cases list --watch in a terminal (tmux)', () => {
  let ts: TestServer;
  let term: TmuxSession;
  let c: Case;

  beforeAll(async () => {
    ts = await startTestServer('pglite');
    c = await disposedCase(ts, 'badung.dinkes');
    term = await TmuxSession.start({ width: 100, height: 20, env: { LAPOR_API_URL: ts.url, LAPOR_TOKEN: ts.tokens.admin } });
  }, 60_000);

  afterAll(async () => {
    await term?.kill();
    await ts?.close();
  });

  it('redraws the queue in place after a change, and Ctrl-C ends it', async () => {
    await term.send('lapor --lang en cases list --watch');
    await term.press('Enter');
    await term.waitFor(/0 changes since start/, 20_000);
    await term.waitFor((s) => s.includes(c.trackingId) && s.includes(statusName('en', 'disposed')));
    c = await must(ts, c, { action: 'respond', message: 'Sedang ditangani.' });
    const after = await term.waitFor(/1 changes since start/, 15_000);
    expect(after).toContain(c.trackingId);
    expect(after).toContain(statusName('en', 'in_progress'));
    // drawn in place: the header once, at the top
    expect(after.split('\n').filter((l) => l.includes('since start')).length).toBe(1);
    await term.press('C-c');
    await term.waitFor(/\[exit \d+\]/, 10_000);
  }, 90_000);
});
