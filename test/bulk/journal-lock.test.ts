// One writer per bulk journal (issue 15 item 6), in-process against the fake server: a journal whose lock
// names a live process is refused by `bulk resume` (exit 75, the pid named, not a byte appended) and
// flagged by `bulk status`; a lock left by a dead process is taken over; a run in flight holds the lock.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { journalLockPath } from '../../src/bulk/journal.js';
import { createBulkDeps, fakeApi, makeCase, runBulkCli } from './sample.js';

const NINE = () => Array.from({ length: 9 }, (_, i) => makeCase(`K-${i}`));
const lockOf = (pid: number) => `${JSON.stringify({ pid, startedAt: '2026-12-07T02:00:00.000Z' })}\n`;

/** A run stopped after its first chunk (Ctrl-C): its journal, with 6 items left. */
async function stoppedRun() {
  const fake = fakeApi(NINE());
  const deps = createBulkDeps(fake);
  fake.onBulk = async () => deps.abort.abort();
  const r = await runBulkCli(['--lang', 'en', 'cases', 'close', '--where', 'status=in_progress', '--yes', '--chunk-size', '3', '--concurrency', '1'], deps);
  expect(r.code).toBe(130);
  fake.onBulk = async () => {};
  const dir = join(deps.paths.stateDir, 'journals');
  const names = readdirSync(dir);
  expect(names.filter((n) => n.endsWith('.lock'))).toEqual([]); // released when the run stopped
  return { fake, stateDir: deps.paths.stateDir, journal: join(dir, names.find((n) => n.endsWith('.jsonl'))!) };
}

describe('the bulk journal lock', () => {
  it('a resume while a live process holds the journal exits 75 naming it, and appends nothing; status says so', async () => {
    const { fake, stateDir, journal } = await stoppedRun();
    const before = readFileSync(journal, 'utf8');
    const live = process.ppid; // a process that runs, and is not this one
    writeFileSync(journalLockPath(journal), lockOf(live));

    const r = await runBulkCli(['--lang', 'en', 'bulk', 'resume', journal], createBulkDeps(fake, { stateDir }));
    expect(r.code, r.err).toBe(75);
    expect(r.err).toContain(`error: the journal ${journal} is being written by process ${live} (since 2026-12-07T02:00:00.000Z)\n`);
    expect(r.err).toContain(`if it stops short, run: lapor bulk resume ${journal}`);
    expect(readFileSync(journal, 'utf8')).toBe(before);
    expect(fake.calls.filter((c) => c.startsWith('bulk'))).toHaveLength(1); // only the first run's chunk

    const status = await runBulkCli(['--lang', 'en', 'bulk', 'status', journal], createBulkDeps(fake, { stateDir }));
    expect(status.code).toBe(0);
    expect(status.err).toContain(`this journal is still being written by process ${live}`);
    expect(status.out).toContain('remaining\t6\n');
    expect(status.err).not.toContain('resume with'); // its writer goes on
  });

  it('takes over the lock of a process that is gone, finishes the run, and leaves no lock', async () => {
    const { fake, stateDir, journal } = await stoppedRun();
    writeFileSync(journalLockPath(journal), lockOf(2 ** 31 - 2)); // a run killed while it wrote
    const r = await runBulkCli(['--lang', 'en', 'bulk', 'resume', journal], createBulkDeps(fake, { stateDir }));
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('applied\t9\nskipped\t0\nfailed\t0\n');
    expect(readdirSync(join(stateDir, 'journals')).filter((n) => n.includes('.lock'))).toEqual([]);
    const status = await runBulkCli(['--lang', 'en', 'bulk', 'status', journal], createBulkDeps(fake, { stateDir }));
    expect(status.err).not.toContain('still being written');
  });

  it('a run holds the lock while it sends: a resume of its journal meanwhile is refused', async () => {
    const fake = fakeApi(NINE());
    const deps = createBulkDeps(fake);
    let second: { code: number; err: string } | null = null;
    fake.onBulk = async (key) => {
      if (!key.endsWith(':1')) return;
      const dir = join(deps.paths.stateDir, 'journals');
      const journal = join(dir, readdirSync(dir).find((n) => n.endsWith('.jsonl'))!);
      second = await runBulkCli(['--lang', 'en', 'bulk', 'resume', journal], createBulkDeps(fake, { stateDir: deps.paths.stateDir }));
    };
    const r = await runBulkCli(['--lang', 'en', 'cases', 'close', '--where', 'status=in_progress', '--yes', '--chunk-size', '3', '--concurrency', '1'], deps);
    expect(r.code, r.err).toBe(0);
    expect(second).not.toBeNull();
    expect(second!.code).toBe(75);
    expect(second!.err).toContain(`is being written by process ${process.pid}`);
    expect(fake.events).toHaveLength(9);
  });
});
