// Two API instances on one PostgreSQL database (issue #21): what must be shared between them lives in the
// database. The SLA sweep's lock is a session advisory lock (a sweep on the other instance answers
// sweep-running, and the CLI says so as busy, exit 75); it dies with the connection of a killed holder; a
// token revoked on one instance is refused by the other once its authentication cache time (TOKEN_CACHE_MS)
// has passed, and by the revoking one at once; a case import on one while the other serves reads.
// PGlite is one process: there the lock is checked in-process (the second holder is refused too).

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SlaSweepResponse } from '../../src/domain/sla.js';
import { TOKEN_CACHE_MS } from '../../src/domain/tokens.js';
import { ADVISORY_LOCKS } from '../../src/server/db/advisoryLocks.js';
import { openDb } from '../../src/server/db/driver.js';
import { startServer, type RunningServer } from '../../src/server/main.js';
import { seedCases } from '../../src/server/seed/load.js';
import { lapor, ROOT } from '../import/helpers.js';
import { call, freshPostgresDatabase, POSTGRES_URL, TEST_TOKENS, type TestServer } from '../helpers/server.js';

const NOW = new Date('2026-03-02T02:00:00Z');

describe('the SLA sweep lock on PGlite (one process, one session)', () => {
  it('refuses a second holder until the first releases', async () => {
    const db = await openDb({ dataDir: 'memory://' });
    try {
      const first = await db.trySessionLock(ADVISORY_LOCKS.slaSweep);
      expect(first).not.toBeNull();
      expect(await db.trySessionLock(ADVISORY_LOCKS.slaSweep)).toBeNull();
      await first!.release();
      const again = await db.trySessionLock(ADVISORY_LOCKS.slaSweep);
      expect(again).not.toBeNull();
      await again!.release();
    } finally {
      await db.close();
    }
  });
});

describe.each(POSTGRES_URL ? ['postgres'] : [])('two API instances on one PostgreSQL database (%s)', () => {
  let drop: () => Promise<void>;
  let url: string;
  const clocks = { a: { now: NOW }, b: { now: NOW } };
  let a: RunningServer;
  let b: RunningServer;
  const tokens = {} as Record<keyof typeof TEST_TOKENS, string>;
  /** Instance `which` as the in-process CLI helper wants it. */
  const asTestServer = (s: RunningServer, clock: { now: Date }): TestServer => ({ url: s.url, server: s, tokens, clock, close: async () => {} });

  beforeAll(async () => {
    const fresh = await freshPostgresDatabase();
    url = fresh.url;
    drop = fresh.drop;
    a = await startServer({ version: 'test', databaseUrl: url, now: () => clocks.a.now });
    await seedCases(a.db, { count: 1500, years: [2025, 2026], seed: 21, now: NOW.toISOString() });
    b = await startServer({ version: 'test', databaseUrl: url, now: () => clocks.b.now });
    for (const [name, t] of Object.entries(TEST_TOKENS)) tokens[name] = await a.store.createToken(name, t.role, t.institutionId);
  }, 120_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await drop?.();
  });

  const sweep = (s: RunningServer) => call<SlaSweepResponse & { type?: string }>(s.url, 'POST', '/v1/sla/sweep', { token: tokens.system, body: {} });

  it('a sweep while another instance holds the lock answers sweep-running; the CLI says busy (75) in its own words', async () => {
    const holder = await a.db.trySessionLock(ADVISORY_LOCKS.slaSweep);
    expect(holder).not.toBeNull();
    try {
      const refused = await sweep(b);
      expect(refused.status, refused.text).toBe(409);
      expect(refused.body.type).toBe('/problems/sweep-running');
      const cli = await lapor(asTestServer(b, clocks.b), ['sla', 'sweep', '--lang', 'en'], { token: tokens.system });
      expect(cli.code).toBe(75);
      expect(cli.err).toContain('another SLA sweep is running (on some API instance)');
      expect(cli.err).not.toContain('run this one again'); // the server's English detail is not shown
      // a dry run changes nothing and takes no lock
      const dry = await call(b.url, 'POST', '/v1/sla/sweep', { token: tokens.system, body: { dryRun: true } });
      expect(dry.status, dry.text).toBe(200);
    } finally {
      await holder!.release();
    }
  });

  it('sweeps started on both instances at once close each case once', async () => {
    const [{ n: candidates }] = await a.db.query<{ n: number }>("SELECT count(*)::int AS n FROM cases WHERE status = 'in_progress'");
    expect(candidates).toBeGreaterThan(0);
    // 40 days on, every case in progress is past its auto-close window
    clocks.a.now = clocks.b.now = new Date(NOW.getTime() + 40 * 86_400_000);
    const [ra, rb] = await Promise.all([sweep(a), sweep(b)]);
    const answers = [ra, rb].map((r) => r.status).sort();
    // either one ran while the other was refused, or one finished before the other began (then it found nothing)
    expect([[200, 409], [200, 200]]).toContainEqual(answers);
    const closed = [ra, rb].flatMap((r) => (r.status === 200 ? r.body.closed.map((c) => c.trackingId) : []));
    expect(closed.length).toBeGreaterThan(0);
    expect(new Set(closed).size).toBe(closed.length);
    const doubled = await a.db.query(
      `SELECT tracking_id, count(*) FROM case_events WHERE action = 'close' AND note LIKE 'auto-close:%' GROUP BY tracking_id HAVING count(*) > 1`,
    );
    expect(doubled).toEqual([]);
    const again = await sweep(b);
    expect(again.status).toBe(200);
    expect(again.body.closed).toEqual([]);
    expect(closed.length).toBeLessThanOrEqual(candidates);
    clocks.a.now = clocks.b.now = NOW;
  });

  it('a session lock held by a process that is SIGKILLed is free for the others at once', async () => {
    const script = `
      const pg = require('pg');
      const c = new pg.Client({ connectionString: process.argv[1] });
      c.connect().then(() => c.query('SELECT pg_advisory_lock($1)', [Number(process.argv[2])])).then(() => process.stdout.write('held\\n'));
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['-e', script, url, String(ADVISORY_LOCKS.slaSweep)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('held') && resolve());
      child.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
    });
    expect((await sweep(b)).status).toBe(409);
    const gone = new Promise((resolve) => child.on('exit', resolve));
    child.kill('SIGKILL');
    await gone;
    // the backend ends when its socket closes; poll (bounded) until PostgreSQL has seen it
    let status = 0;
    for (let i = 0; i < 50 && status !== 200; i += 1) {
      status = (await sweep(b)).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
  });

  it(`a token revoked on one instance is refused by the other within ${TOKEN_CACHE_MS} ms (the authentication cache)`, async () => {
    const secret = await a.store.createToken('cron-b', 'system', null);
    const read = (s: RunningServer) => call(s.url, 'GET', '/v1/cases?limit=1', { token: secret });
    expect((await read(b)).status).toBe(200); // b has it cached now
    const revoked = await call(a.url, 'DELETE', '/v1/tokens/cron-b', { token: tokens.admin });
    expect(revoked.status, revoked.text).toBe(200);
    expect((await read(a)).status).toBe(401); // the revoking instance: at once
    clocks.b.now = new Date(NOW.getTime() + TOKEN_CACHE_MS - 1);
    expect((await read(b)).status).toBe(200); // the bound is real: inside it, b may still accept
    clocks.b.now = new Date(NOW.getTime() + TOKEN_CACHE_MS);
    expect((await read(b)).status).toBe(401);
    clocks.b.now = NOW;
  });

  it('an import on one instance while the other serves reads', async () => {
    const file = join(ROOT, 'fixtures', 'csv', '311', 'myla311-2017-12-31.csv');
    const mapping = join(ROOT, 'fixtures', 'csv', '311', 'mapping.json');
    const count = async () => (await b.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases'))[0].n;
    const before = await count();
    let importing = true;
    const reads: number[] = [];
    const reader = (async () => {
      while (importing && reads.length < 2000) {
        reads.push((await call(b.url, 'GET', '/v1/cases?limit=50', { token: tokens.admin })).status);
      }
    })();
    const run = await lapor(asTestServer(a, clocks.a), ['import', 'cases', file, '--mapping', mapping, '--format', 'json'], { token: tokens.admin });
    importing = false;
    await reader;
    expect(run.code, run.err).toBe(0);
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((s) => s !== 200)).toEqual([]);
    expect(await count()).toBe(before + 224); // the file's 224 service requests, read back through the other instance
  });
});
