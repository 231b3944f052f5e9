// `lapor sla sweep` in-process with a fake ApiClient: the summary on stderr, the closed cases on stdout,
// the exit codes (0 all through, 3 partial, 1 nothing closed, 4 refused, 75 lock held), and the lock file
// around the request (live holder → busy; dead holder → recovered with a note; released after errors).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiErrorFor } from '../../src/api/errors.js';
import { newFake, runSla, slaDeps, type SlaFake } from './helpers.js';

const DEAD_PID = 2 ** 31 - 2; // above any pid_max: no such process
const lockOf = (stateDir: string) => join(stateDir, 'sla-sweep.lock');

function holdLock(stateDir: string, pid: number, startedAt = '2026-11-23T01:55:00.000Z'): string {
  mkdirSync(stateDir, { recursive: true });
  const path = lockOf(stateDir);
  writeFileSync(path, JSON.stringify({ pid, startedAt }));
  return path;
}

function closing(fake: SlaFake, n: number, failed = 0): void {
  fake.sweep = {
    examined: n + failed + 2,
    closed: Array.from({ length: n }, (_, i) => ({ trackingId: `LAP-2026-0003${String(i).padStart(2, '0')}`, version: 5 + i })),
    skipped: 2,
    failed: Array.from({ length: failed }, (_, i) => ({
      trackingId: `LAP-2026-0009${String(i).padStart(2, '0')}`,
      status: 500,
      detail: 'the server failed to close this case; run the sweep again',
    })),
    limitReached: false,
    dryRun: false,
    due: n + failed + 2,
    breaches: 0,
    escalated: [],
  };
}

describe('lapor sla sweep', () => {
  it('prints the closed cases on stdout and the summary on stderr, holding the lock only meanwhile', async () => {
    const fake = newFake();
    closing(fake, 2);
    const argv = ['sla', 'sweep', '--format', 'json', '--lang', 'en'];
    const deps = slaDeps(fake, { argv });
    let heldDuring: unknown = null;
    fake.duringSweep = () => {
      heldDuring = JSON.parse(readFileSync(lockOf(deps.paths.stateDir), 'utf8'));
    };
    const r = await runSla(argv, fake, {}, deps);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      { trackingId: 'LAP-2026-000300', version: 5 },
      { trackingId: 'LAP-2026-000301', version: 6 },
    ]);
    expect(r.err).toBe('SLA sweep: 4 examined, 2 closed, 2 left open, 0 failed\n');
    expect(fake.sweepCalls).toEqual([{ dryRun: false, limit: undefined }]);
    expect(heldDuring).toEqual({ pid: process.pid, startedAt: '2026-11-23T02:00:00.000Z' });
    expect(existsSync(lockOf(deps.paths.stateDir))).toBe(false);
  });

  it('passes --limit, reports a reached limit, and prints CSV (a header only when nothing closed)', async () => {
    const fake = newFake();
    closing(fake, 1);
    if (!(fake.sweep instanceof Error)) fake.sweep.limitReached = true;
    const r = await runSla(['sla', 'sweep', '--limit', '1', '--format', 'csv'], fake);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('trackingId,version\nLAP-2026-000300,5\n');
    expect(r.err).toBe(
      'penyapuan SLA: 3 diperiksa, 1 ditutup, 2 dibiarkan, 0 gagal\nbatas --limit tercapai; sisanya ditutup pada penyapuan berikutnya\n',
    );
    expect(fake.sweepCalls).toEqual([{ dryRun: false, limit: 1 }]);

    const none = await runSla(['sla', 'sweep', '--format', 'csv'], newFake());
    expect(none.code).toBe(0);
    expect(none.out).toBe('trackingId,version\n');
    const table = await runSla(['sla', 'sweep'], newFake());
    expect(table.out).toBe('');
    const json = await runSla(['sla', 'sweep', '--format', 'json'], newFake());
    expect(json.out).toBe('[]\n');
  });

  it('--dry-run lists what would be closed, says so, and takes no lock', async () => {
    const fake = newFake();
    closing(fake, 1);
    const argv = ['sla', 'sweep', '--dry-run', '--lang', 'en'];
    const deps = slaDeps(fake, { argv });
    const held = holdLock(deps.paths.stateDir, 1); // a sweep is running: a dry run does not mind
    const r = await runSla(argv, fake, {}, deps);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('LAP-2026-000300\t5\n');
    expect(r.err).toBe('SLA sweep (dry run, nothing changed): 3 examined, 1 would be closed, 2 left open\n');
    expect(fake.sweepCalls).toEqual([{ dryRun: true, limit: undefined }]);
    expect(JSON.parse(readFileSync(held, 'utf8'))).toMatchObject({ pid: 1 });
  });

  it('exits 75 without asking the API while a live process holds the lock', async () => {
    const fake = newFake();
    const argv = ['sla', 'sweep', '--lang', 'en'];
    const deps = slaDeps(fake, { argv });
    const path = holdLock(deps.paths.stateDir, 1);
    const r = await runSla(argv, fake, {}, deps);
    expect(r.code).toBe(75);
    expect(r.out).toBe('');
    expect(r.err).toBe(
      'error: another SLA sweep is running (pid 1, since 2026-11-23T01:55:00.000Z)\n' +
        `hint: try again later; lock: ${path} (remove it only if process 1 is gone)\n`,
    );
    expect(fake.sweepCalls).toEqual([]);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({ pid: 1, startedAt: '2026-11-23T01:55:00.000Z' });
  });

  it('recovers the lock of a killed sweep with a note, then sweeps and releases it', async () => {
    const fake = newFake();
    closing(fake, 1);
    const argv = ['sla', 'sweep', '--lang', 'en'];
    const deps = slaDeps(fake, { argv });
    const path = holdLock(deps.paths.stateDir, DEAD_PID);
    const r = await runSla(argv, fake, {}, deps);
    expect(r.code, r.err).toBe(0);
    expect(r.err.split('\n')[0]).toBe(
      `recovered a stale lock of a sweep that stopped (pid ${DEAD_PID}, since 2026-11-23T01:55:00.000Z): ${path}`,
    );
    expect(fake.sweepCalls).toHaveLength(1);
    expect(existsSync(path)).toBe(false);
  });

  it('releases the lock after an error and maps it: 5xx → 1, 403 → 4, 429 → 75', async () => {
    const cases = [
      { status: 500, code: 1 },
      { status: 403, code: 4 },
      { status: 429, code: 75 },
    ];
    for (const { status, code } of cases) {
      const fake = newFake();
      fake.sweep = apiErrorFor({ method: 'POST', path: '/v1/sla/sweep', status, title: 'failed', detail: `status ${status}` });
      const argv = ['sla', 'sweep'];
      const deps = slaDeps(fake, { argv });
      const r = await runSla(argv, fake, {}, deps);
      expect(r.code, `${status}: ${r.err}`).toBe(code);
      // worded by the client from its catalogue by the status; the server's English detail is not shown
      expect(r.err).toMatch(new RegExp(`HTTP ${status}: [^\\n]+ \\(POST /v1/sla/sweep\\)`));
      expect(r.err).not.toContain(`status ${status}`);
      expect(r.out).toBe('');
      expect(existsSync(lockOf(deps.paths.stateDir)), String(status)).toBe(false);
    }
  });

  it('exits 3 when some cases could not be closed and the rest were, 1 when none was', async () => {
    const partialFake = newFake();
    closing(partialFake, 2, 1);
    const argv = ['sla', 'sweep', '--format', 'csv', '--lang', 'en'];
    const deps = slaDeps(partialFake, { argv });
    const partial = await runSla(argv, partialFake, {}, deps);
    expect(partial.code).toBe(3);
    expect(partial.out).toBe('trackingId,version\nLAP-2026-000300,5\nLAP-2026-000301,6\n');
    expect(partial.err).toBe(
      [
        'SLA sweep: 5 examined, 2 closed, 2 left open, 1 failed',
        '  LAP-2026-000900: internal server error',
        'error: auto-close failed for 1 case(s) (2 closed)',
        'hint: run lapor sla sweep again: it is safe to repeat, nothing is closed twice',
        '',
      ].join('\n'),
    );
    expect(existsSync(lockOf(deps.paths.stateDir))).toBe(false);

    const noneFake = newFake();
    closing(noneFake, 0, 2);
    const none = await runSla(['sla', 'sweep', '--lang', 'en'], noneFake);
    expect(none.code).toBe(1);
    expect(none.err).toContain('error: auto-close failed for 2 case(s); none was closed');
  });

  it('checks its flags before taking the lock or calling the API (exit 2)', async () => {
    for (const argv of [
      ['sla', 'sweep', '--limit', '0'],
      ['sla', 'sweep', '--format', 'xml'],
      ['sla', 'sweep', '--fields', 'title'],
    ]) {
      const fake = newFake();
      const deps = slaDeps(fake, { argv });
      const r = await runSla(argv, fake, {}, deps);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(fake.sweepCalls).toEqual([]);
      expect(existsSync(deps.paths.stateDir)).toBe(false);
    }
  });
});
