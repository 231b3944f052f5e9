// The one lock-file module (src/io/lock.ts), as a table of situations with played pids, then real processes
// racing for one stale lock: whatever the situation, at most one holder, and a busy answer names the holder.

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { acquireLock, LockHeldError, type HeldLock, type LockHost } from '../../src/io/lock.js';
import { buildOnce } from '../e2e/bulk-helpers.js';

const NOW = new Date('2026-12-07T02:00:00.000Z');
const host = (pid: number, alive: number[] = []): LockHost => {
  const live = new Set([pid, ...alive]);
  return { pid, isAlive: (p) => live.has(p) };
};
const opts = (h: LockHost) => ({ host: h, now: () => NOW, sleep: async () => {} });
const freshPath = () => join(mkdtempSync(join(tmpdir(), 'lapor-lock-')), 'x', 'the.lock');
const lockText = (pid: number, extra: Record<string, string> = {}) => `${JSON.stringify({ pid, startedAt: NOW.toISOString(), ...extra })}\n`;

interface Row {
  name: string;
  /** What is at the lock's path before (null: nothing). */
  before: string | null;
  /** A reaper of the stale lock was killed mid-way: its reap token (naming this dead pid) is left. */
  reaperKilled?: number;
  /** The pids that live, besides the taker's own. */
  alive: number[];
  /** busy: LockHeldError naming this pid; else taken, recovering this pid (0: an unreadable file; null: none). */
  expect: { busy: number } | { recovered: number | null };
}

const TABLE: Row[] = [
  { name: 'fresh: nothing there', before: null, alive: [], expect: { recovered: null } },
  { name: 'held by a live pid', before: lockText(100), alive: [100], expect: { busy: 100 } },
  { name: 'held by a live pid that published a URL', before: lockText(101, { url: 'http://127.0.0.1:1', mode: 'serve' }), alive: [101], expect: { busy: 101 } },
  { name: 'stale: its pid is dead', before: lockText(102), alive: [], expect: { recovered: 102 } },
  { name: 'torn: half a lock, nobody finishes it', before: '{"pid":', alive: [], expect: { recovered: 0 } },
  { name: 'empty: a 0-byte lock', before: '', alive: [], expect: { recovered: 0 } },
  { name: 'names this very pid, not taken by this process (pid reused after a restart)', before: lockText(7), alive: [], expect: { recovered: 7 } },
  {
    name: 'stale, and its reaper was killed mid-way (a reap token of a dead pid is left)',
    before: lockText(103),
    reaperKilled: 104,
    alive: [],
    expect: { recovered: 103 },
  },
];

describe('acquireLock: one table of situations', () => {
  for (const row of TABLE) {
    it(row.name, async () => {
      const path = freshPath();
      await acquireLock(path, opts(host(1))).then((l) => l.release()); // makes the directory
      if (row.before !== null) writeFileSync(path, row.before);
      if (row.reaperKilled !== undefined) {
        // a reap token is named after the stale content it removes
        const token = `${path}.reap-${createHash('sha256').update(row.before ?? '').digest('hex').slice(0, 16)}`;
        writeFileSync(token, lockText(row.reaperKilled));
      }
      const taker = host(7, row.alive);
      const got = await acquireLock(path, opts(taker)).catch((e: unknown) => e);
      if ('busy' in row.expect) {
        expect(got).toBeInstanceOf(LockHeldError);
        expect((got as LockHeldError).holder.pid).toBe(row.expect.busy);
        expect((got as Error).message).toContain(`pid ${row.expect.busy}`);
        expect(readFileSync(path, 'utf8')).toBe(row.before); // left alone
      } else {
        const lock = got as HeldLock;
        expect(lock.info.pid).toBe(7);
        expect(lock.recovered?.pid ?? null).toBe(row.expect.recovered);
        expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ pid: 7, startedAt: NOW.toISOString() });
        expect(readdirSync(join(path, '..'))).toEqual(['the.lock']); // no scratch, aside or reap files left
        await lock.release();
        expect(existsSync(path)).toBe(false);
      }
    });
  }

  it('a lock this process holds is busy to this process too, and free again once released', async () => {
    const path = freshPath();
    const first = await acquireLock(path, opts(host(7)));
    await expect(acquireLock(path, opts(host(7)))).rejects.toBeInstanceOf(LockHeldError);
    await first.release();
    await (await acquireLock(path, opts(host(7)))).release();
  });

  it('publishes a note whole, keeps it through update, and names it to whoever finds the lock busy', async () => {
    const path = freshPath();
    const lock = await acquireLock(path, opts(host(300)));
    await lock.update({ url: 'http://127.0.0.1:9', mode: 'serve' });
    const err = (await acquireLock(path, opts(host(301, [300]))).catch((e: unknown) => e)) as LockHeldError;
    expect(err.holder).toEqual({ pid: 300, startedAt: NOW.toISOString(), note: { url: 'http://127.0.0.1:9', mode: 'serve' } });
    await lock.release();
    expect(existsSync(path)).toBe(false);
  });

  it('racers: exactly one winner, on a free lock and on a stale one, however many race (in one process)', async () => {
    for (let round = 0; round < 20; round += 1) {
      for (const stale of [false, true]) {
        const path = freshPath();
        await acquireLock(path, opts(host(1))).then((l) => (stale ? undefined : l.release()));
        const pids = [501, 502, 503, 504, 505, 506, 507, 508];
        const outcomes = await Promise.allSettled(pids.map((pid) => acquireLock(path, opts(host(pid, pids)))));
        const won = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
        expect(won, `round ${round}, stale=${stale}`).toHaveLength(1);
        for (const o of outcomes) {
          if (o.status === 'rejected') expect((o.reason as LockHeldError).holder.pid).toBe(won[0].info.pid);
        }
        expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ pid: won[0].info.pid, startedAt: NOW.toISOString() });
        expect(readdirSync(join(path, '..'))).toEqual(['the.lock']);
      }
    }
  });
});

describe('acquireLock: real processes racing for a stale lock', () => {
  const DIST = resolve(import.meta.dirname, '../../dist/io/lock.js');
  // each racer takes the lock or prints the holder's pid, and (if it won) holds it until its stdin closes
  const racer = `
    const { acquireLock, LockHeldError } = await import(${JSON.stringify(DIST)});
    try {
      const lock = await acquireLock(process.argv[1]);
      process.stdout.write('won\\n');
      process.stdin.resume();
      process.stdin.on('end', async () => { await lock.release(); process.exit(0); });
    } catch (err) {
      if (!(err instanceof LockHeldError)) throw err;
      process.stdout.write('busy ' + err.holder.pid + '\\n');
      process.exit(0);
    }`;

  beforeAll(() => buildOnce(), 180_000);

  it('8 processes, 5 rounds: exactly one winner each round, the others name it', async () => {
    for (let round = 0; round < 5; round += 1) {
      const path = freshPath();
      const dead = spawn(process.execPath, ['-e', '']);
      await new Promise((r) => dead.once('close', r));
      await acquireLock(path, { host: host(dead.pid!), now: () => NOW }); // left by a process that is gone
      const children = Array.from({ length: 8 }, () => spawn(process.execPath, ['--input-type=module', '-e', racer, path], { stdio: 'pipe' }));
      const closed = children.map((c) => new Promise((r) => c.once('close', r)));
      const lines = await Promise.all(
        children.map(
          (c) =>
            new Promise<string>((res, rej) => {
              let out = '';
              let err = '';
              c.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
              c.stdout.setEncoding('utf8').on('data', (d: string) => {
                out += d;
                if (out.endsWith('\n')) res(`${c.pid} ${out.trim()}`);
              });
              c.once('close', (code) => (out.endsWith('\n') ? undefined : rej(new Error(`racer exited ${code}: ${err}`))));
            }),
        ),
      );
      const winners = lines.filter((l) => l.endsWith(' won')).map((l) => Number(l.split(' ')[0]));
      expect(winners, lines.join('\n')).toHaveLength(1);
      for (const l of lines.filter((x) => !x.endsWith(' won'))) expect(l).toMatch(new RegExp(` busy ${winners[0]}$`));
      for (const c of children) c.stdin.end();
      await Promise.all(closed);
      expect(existsSync(path)).toBe(false);
    }
  }, 60_000);
});
