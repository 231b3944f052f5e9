// `lapor sla sweep` and `lapor sla overdue` as cron runs them: the real binary (node bin/lapor.js over
// dist/) in child processes with a fresh HOME and XDG dirs, against a real API on PGlite with a fake clock.
// dist/ is rebuilt once before the tests (npx tsc -p .).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../src/domain/types.js';
import { call, startTestServer, type TestServer } from '../helpers/server.js';
import { ROOT, homeEnv, runLapor, type Exit } from '../helpers/spawn.js';

const DEAD_PID = 2 ** 31 - 2;

let server: TestServer;
let home: string;
let env: Record<string, string>;
let lockFile: string;

function lapor(args: readonly string[], token = server.tokens.system): Promise<Exit> {
  return runLapor(args, { cwd: home, env: { ...env, LAPOR_API_URL: server.url, LAPOR_TOKEN: token } });
}

async function act(id: string, body: Record<string, unknown>): Promise<void> {
  const c = await call<Case>(server.url, 'GET', `/v1/cases/${id}`, { token: server.tokens.admin });
  const res = await call(server.url, 'POST', `/v1/cases/${id}/actions`, {
    token: server.tokens.admin,
    body,
    headers: { 'if-match': `"${c.body.version}"` },
  });
  expect(res.status, res.text).toBe(200);
}

async function intake(id: string): Promise<void> {
  const res = await call(server.url, 'POST', '/v1/cases', {
    token: server.tokens.admin,
    body: { trackingId: id, classification: 'complaint', title: `Laporan ${id}`, body: 'Isi laporan', channel: 'web' },
  });
  expect(res.status, res.text).toBe(201);
}

const closeEvents = async (id: string) =>
  (await server.server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_events WHERE tracking_id = $1 AND action = 'close'`, [id]))[0].n;

beforeAll(async () => {
  const build = spawnSync('npx', ['tsc', '-p', '.'], { cwd: ROOT, encoding: 'utf8' });
  // dist/ must exist and hold the CLI; a type error elsewhere (work in progress) still emits JavaScript
  expect(existsSync(join(ROOT, 'dist', 'commands', 'sla', 'sweep.js')), build.stdout + build.stderr).toBe(true);
  home = mkdtempSync(join(tmpdir(), 'lapor-e2e-sla-'));
  env = homeEnv(home);
  lockFile = join(home, 'state', 'lapor', 'sla-sweep.lock');

  server = await startTestServer('pglite', { now: new Date('2024-03-04T02:00:00Z') });
  for (const id of ['E2E-A', 'E2E-B', 'E2E-V']) await intake(id);
  for (const id of ['E2E-A', 'E2E-B']) await act(id, { action: 'dispose', institutionId: 'badung.dinkes' });
  server.clock.now = new Date('2024-03-05T02:00:00Z');
  for (const id of ['E2E-A', 'E2E-B']) await act(id, { action: 'respond', message: 'Sedang ditindaklanjuti.' });
  // Fri 22 March 00:00 WITA: the 10 working days after Tue 5 March (Nyepi and its cuti bersama skipped) are over
  server.clock.now = new Date('2024-03-21T16:00:00Z');
});

afterAll(async () => {
  await server?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('lapor sla sweep from cron', () => {
  it('exits 75 while another run holds the lock, and changes nothing', async () => {
    mkdirSync(join(home, 'state', 'lapor'), { recursive: true });
    writeFileSync(lockFile, JSON.stringify({ pid: process.pid, startedAt: '2024-03-21T15:59:00.000Z' }));
    const [a, b] = await Promise.all([lapor(['sla', 'sweep']), lapor(['sla', 'sweep'])]);
    for (const r of [a, b]) {
      expect(r.code, r.err).toBe(75);
      expect(r.out).toBe('');
      expect(r.err).toContain(`another SLA sweep is running (pid ${process.pid}, since 2024-03-21T15:59:00.000Z)`);
    }
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid });
    expect(await closeEvents('E2E-A')).toBe(0);
    rmSync(lockFile); // the holder is done
  });

  it('two runs at once: one closes the cases, the other gives way or finds nothing; never twice', async () => {
    const results = await Promise.all([lapor(['sla', 'sweep', '--format', 'json']), lapor(['sla', 'sweep', '--format', 'json'])]);
    for (const r of results) expect([0, 75], r.err).toContain(r.code);
    const ok = results.filter((r) => r.code === 0);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    const closed = ok.flatMap((r) => (JSON.parse(r.out) as { trackingId: string }[]).map((c) => c.trackingId)).sort();
    expect(closed).toEqual(['E2E-A', 'E2E-B']);
    // the run that found E2E-V past its verification deadline also says so (issue #19)
    for (const r of ok) expect(r.err).toMatch(/^SLA sweep: \d+ examined, \d+ closed, \d+ left open, 0 failed\n(breaches recorded: 1 new; escalated by rule: 0\n)?$/);
    const breaches = await server.server.db.query<{ tracking_id: string; clock: string }>('SELECT tracking_id, clock FROM sla_breaches ORDER BY tracking_id, clock');
    expect(breaches).toEqual([{ tracking_id: 'E2E-V', clock: 'verify' }]); // once, however many sweeps saw it
    expect(await closeEvents('E2E-A')).toBe(1);
    expect(await closeEvents('E2E-B')).toBe(1);
    expect(existsSync(lockFile)).toBe(false);

    const again = await lapor(['sla', 'sweep', '--format', 'json']);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toBe('[]\n');
    expect(again.err).toBe('SLA sweep: 0 examined, 0 closed, 0 left open, 0 failed\n');
  });

  it('recovers the lock of a killed run with a note on stderr', async () => {
    writeFileSync(lockFile, JSON.stringify({ pid: DEAD_PID, startedAt: '2024-03-21T15:00:00.000Z' }));
    const r = await lapor(['sla', 'sweep', '--format', 'csv']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('trackingId,version\n');
    expect(r.err).toContain(`recovered a stale lock of a sweep that stopped (pid ${DEAD_PID}, since 2024-03-21T15:00:00.000Z): ${lockFile}`);
    expect(existsSync(lockFile)).toBe(false);
  });

  it('exits 4 for a token that may not sweep, and releases the lock', async () => {
    const r = await lapor(['sla', 'sweep'], server.tokens['admin.badung']);
    expect(r.code).toBe(4);
    expect(r.err).toContain('HTTP 403');
    expect(existsSync(lockFile)).toBe(false);
  });
});

describe('lapor sla overdue', () => {
  it('prints the breaches as valid JSON, and [] when a filter leaves none', async () => {
    const r = await lapor(['sla', 'overdue', '--format', 'json'], server.tokens.admin);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      {
        trackingId: 'E2E-V',
        clock: 'verify',
        institutionId: null,
        dueAt: '2024-03-07T15:59:59.999Z',
        overdueWorkingDays: 9,
        overdueHours: 336,
      },
    ]);
    const none = await lapor(['sla', 'overdue', '--clock', 'response', '--format', 'json'], server.tokens.admin);
    expect(none.code, none.err).toBe(0);
    expect(none.out).toBe('[]\n');
  });
});
