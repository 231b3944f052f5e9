// Audit (issue #8, item 9): altering, deleting or reordering any one event row — and editing a case row's
// version or last hash — is detected by GET /v1/audit/verify (what `lapor audit verify` calls), naming the
// case and the seq, on PGlite and PostgreSQL. Every row of every case is tampered with in turn, then put
// back, and the check must be clean again. The append-only trigger is bypassed the way an intruder with
// database rights would: session_replication_role = replica (superuser) inside one transaction.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditProblem, AuditVerifyResponse } from '../../src/domain/audit.js';
import type { Case } from '../../src/domain/types.js';
import type { Queryable } from '../../src/server/db/driver.js';
import { BACKENDS, call, startTestServer, type TestServer } from '../helpers/server.js';
import { disposedCase, expectProblem, intake, must } from '../server/api-setup.js';
import { buildOnce, cleanUp, freshHome, runCli } from '../e2e/bulk-helpers.js';

interface EventRow {
  id: number;
  tracking_id: string;
  seq: number;
  at: Date | string;
  actor: string;
  role: string;
  action: string;
  from_status: string | null;
  to_status: string | null;
  from_institution: string | null;
  to_institution: string | null;
  note: string | null;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

const CONTENT = ['tracking_id', 'seq', 'at', 'actor', 'role', 'action', 'from_status', 'to_status', 'from_institution', 'to_institution', 'note', 'request_id', 'prev_hash', 'hash'] as const;

/** Every page of the check, following nextCursor; `limit` small so that paging is exercised. */
async function verifyAll(ts: TestServer, limit = 4): Promise<{ cases: number; events: number; problems: AuditProblem[]; pages: number }> {
  const out = { cases: 0, events: 0, problems: [] as AuditProblem[], pages: 0 };
  let cursor: string | null = null;
  do {
    const qs: string = `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const res = await call<AuditVerifyResponse>(ts.url, 'GET', `/v1/audit/verify${qs}`, { token: ts.tokens.admin });
    expect(res.status, res.text).toBe(200);
    out.cases += res.body.casesChecked;
    out.events += res.body.eventsChecked;
    out.problems.push(...res.body.problems);
    out.pages += 1;
    cursor = res.body.nextCursor;
  } while (cursor !== null);
  return out;
}

/** Runs SQL as an intruder: the append-only trigger and the foreign keys off, for this transaction only. */
async function tamper(ts: TestServer, fn: (tx: Queryable) => Promise<void>): Promise<void> {
  await ts.server.db.transaction(async (tx) => {
    await tx.query('SET LOCAL session_replication_role = replica');
    await fn(tx);
  });
}

async function rowsOf(ts: TestServer, trackingId: string): Promise<EventRow[]> {
  return ts.server.db.query<EventRow & Record<string, unknown>>(`SELECT * FROM case_events WHERE tracking_id = $1 ORDER BY id`, [trackingId]);
}

async function setContent(tx: Queryable, id: number, row: EventRow): Promise<void> {
  const sets = CONTENT.map((c, i) => `${c} = $${i + 2}`).join(', ');
  await tx.query(`UPDATE case_events SET ${sets} WHERE id = $1`, [id, ...CONTENT.map((c) => row[c])]);
}

async function reinsert(tx: Queryable, row: EventRow): Promise<void> {
  const cols = ['id', ...CONTENT];
  await tx.query(
    `INSERT INTO case_events (${cols.join(', ')}) OVERRIDING SYSTEM VALUE VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')})`,
    cols.map((c) => row[c as keyof EventRow]),
  );
}

const brief = (p: AuditProblem) => ({ trackingId: p.trackingId, seq: p.seq, problem: p.problem });

describe.each(BACKENDS)('audit verify on %s', (backend) => {
  let ts: TestServer;
  let cases: Case[] = [];
  let totalEvents = 0;

  beforeAll(async () => {
    ts = await startTestServer(backend);
    // eleven cases with histories of 1 to 5 events, across institutions
    cases = [];
    for (let i = 0; i < 11; i += 1) {
      const kind = i % 4;
      let c: Case;
      if (kind === 0) c = await intake(ts);
      else if (kind === 1) c = await disposedCase(ts, 'badung.dinkes');
      else if (kind === 2) c = await disposedCase(ts, 'denpasar', {}, true);
      else {
        c = await disposedCase(ts, 'badung.dinkes', {}, true);
        c = await must(ts, c, { action: 'close' });
        c = await must(ts, c, { action: 'reopen', note: 'Pelapor belum puas' });
      }
      cases.push(c);
    }
    totalEvents = cases.reduce((n, c) => n + c.version, 0);
  }, 120_000);

  afterAll(async () => {
    await ts?.close();
  });

  it('a whole history verifies: every case and event checked, over several pages, no problems', async () => {
    const r = await verifyAll(ts);
    expect(r).toMatchObject({ cases: cases.length, events: totalEvents, problems: [] });
    expect(r.pages).toBe(Math.floor(cases.length / 4) + 1);
    const one = await verifyAll(ts, 5000);
    expect(one).toMatchObject({ cases: cases.length, events: totalEvents, problems: [], pages: 1 });
  });

  it('only national admins and the system may run it; others get 403, no token 401; bad cursor and limit 400', async () => {
    for (const who of ['admin', 'system'] as const) {
      expect((await call(ts.url, 'GET', '/v1/audit/verify', { token: ts.tokens[who] })).status).toBe(200);
    }
    for (const who of ['stat', 'admin.badung', 'liaison.badung.dinkes'] as const) {
      expectProblem(await call(ts.url, 'GET', '/v1/audit/verify', { token: ts.tokens[who] }), 403);
    }
    expectProblem(await call(ts.url, 'GET', '/v1/audit/verify'), 401);
    expectProblem(await call(ts.url, 'GET', '/v1/audit/verify?cursor=bm90LWEtY3Vyc29y', { token: ts.tokens.admin }), 400, 'cursor');
    expectProblem(await call(ts.url, 'GET', '/v1/audit/verify?limit=0', { token: ts.tokens.admin }), 400, 'limit');
    expectProblem(await call(ts.url, 'GET', '/v1/audit/verify?limit=2&sneaky=1', { token: ts.tokens.admin }), 400, 'sneaky');
  });

  it('editing any field of any one event row is detected at that seq', async () => {
    const edits: [string, (r: EventRow) => unknown][] = [
      ['note', (r) => `${r.note ?? ''} (diubah)`],
      ['actor', () => 'penyusup'],
      ['at', (r) => new Date(new Date(r.at).getTime() + 1000).toISOString()],
      ['to_status', (r) => (r.to_status === 'completed' ? 'archived' : 'completed')],
      ['hash', (r) => r.hash.replace(/^./, (ch) => (ch === '0' ? '1' : '0'))],
    ];
    let tried = 0;
    for (const c of cases) {
      const rows = await rowsOf(ts, c.trackingId);
      for (const [i, row] of rows.entries()) {
        const [column, value] = edits[(i + tried) % edits.length];
        tried += 1;
        await tamper(ts, async (tx) => {
          await tx.query(`UPDATE case_events SET ${column} = $2 WHERE id = $1`, [row.id, value(row)]);
        });
        const r = await verifyAll(ts);
        // a changed hash on the last event also breaks the case row's head; the first break is the event
        expect(r.problems.map(brief), `${column} of ${c.trackingId} seq ${row.seq}`).toEqual([
          { trackingId: c.trackingId, seq: row.seq, problem: 'hash_mismatch' },
        ]);
        await tamper(ts, (tx) => setContent(tx, row.id, row));
      }
    }
    expect(tried).toBe(totalEvents);
    expect((await verifyAll(ts)).problems).toEqual([]);
  });

  it('deleting any one event row is detected: the next seq out of place, or the case version when it was the last', async () => {
    for (const c of cases) {
      const rows = await rowsOf(ts, c.trackingId);
      for (const row of rows) {
        await tamper(ts, async (tx) => {
          await tx.query('DELETE FROM case_events WHERE id = $1', [row.id]);
        });
        const r = await verifyAll(ts);
        const last = row.seq === rows.length;
        expect(r.problems.map(brief), `delete ${c.trackingId} seq ${row.seq}`).toEqual([
          last
            ? { trackingId: c.trackingId, seq: null, problem: 'count_mismatch' }
            : { trackingId: c.trackingId, seq: row.seq + 1, problem: 'sequence_gap' },
        ]);
        expect(r.events).toBe(totalEvents - 1);
        await tamper(ts, (tx) => reinsert(tx, row));
      }
    }
    expect((await verifyAll(ts)).problems).toEqual([]);
  });

  it('reordering any two neighbouring rows (whole rows, or only their seq numbers) is detected', async () => {
    for (const c of cases) {
      const rows = await rowsOf(ts, c.trackingId);
      for (let i = 0; i + 1 < rows.length; i += 1) {
        const [a, b] = [rows[i], rows[i + 1]];
        for (const mode of ['rows', 'seq'] as const) {
          const swap = async (tx: Queryable, x: EventRow, y: EventRow) => {
            await tx.query('UPDATE case_events SET seq = -seq WHERE id = ANY($1::bigint[])', [[x.id, y.id]]);
            if (mode === 'rows') {
              await setContent(tx, x.id, y);
              await setContent(tx, y.id, x);
            } else {
              await tx.query('UPDATE case_events SET seq = $2 WHERE id = $1', [x.id, y.seq]);
              await tx.query('UPDATE case_events SET seq = $2 WHERE id = $1', [y.id, x.seq]);
            }
          };
          await tamper(ts, (tx) => swap(tx, a, b));
          const r = await verifyAll(ts);
          // in insertion order the later event now comes first: it is out of place
          expect(r.problems.map(brief), `swap ${mode} ${c.trackingId} seq ${a.seq}/${b.seq}`).toEqual([
            { trackingId: c.trackingId, seq: b.seq, problem: 'sequence_gap' },
          ]);
          await tamper(ts, async (tx) => {
            await tx.query('UPDATE case_events SET seq = -seq WHERE id = ANY($1::bigint[])', [[a.id, b.id]]);
            await setContent(tx, a.id, a);
            await setContent(tx, b.id, b);
          });
        }
      }
    }
    expect((await verifyAll(ts)).problems).toEqual([]);
  });

  it("a case row's version or last hash edited, an event forged onto a case, an event of no case: each detected", async () => {
    const c = cases[2];
    const [row] = await ts.server.db.query<{ version: number; last_event_hash: string }>(
      'SELECT version, last_event_hash FROM cases WHERE tracking_id = $1',
      [c.trackingId],
    );
    await tamper(ts, async (tx) => {
      await tx.query('UPDATE cases SET version = version + 1 WHERE tracking_id = $1', [c.trackingId]);
    });
    expect((await verifyAll(ts)).problems.map(brief)).toEqual([{ trackingId: c.trackingId, seq: null, problem: 'count_mismatch' }]);
    await tamper(ts, async (tx) => {
      await tx.query('UPDATE cases SET version = $2, last_event_hash = $3 WHERE tracking_id = $1', [c.trackingId, row.version, 'f'.repeat(64)]);
    });
    expect((await verifyAll(ts)).problems.map(brief)).toEqual([{ trackingId: c.trackingId, seq: null, problem: 'head_mismatch' }]);
    await tamper(ts, async (tx) => {
      await tx.query('UPDATE cases SET last_event_hash = $2 WHERE tracking_id = $1', [c.trackingId, row.last_event_hash]);
    });

    // an event appended without going through the API (the case row not bumped)
    const rows = await rowsOf(ts, c.trackingId);
    const last = rows[rows.length - 1];
    const forged = { ...last, id: last.id + 100_000, seq: last.seq + 1, note: 'disisipkan', prev_hash: last.hash };
    await tamper(ts, (tx) => reinsert(tx, forged));
    expect((await verifyAll(ts)).problems.map(brief)).toEqual([{ trackingId: c.trackingId, seq: last.seq + 1, problem: 'hash_mismatch' }]);
    await tamper(ts, async (tx) => {
      await tx.query('DELETE FROM case_events WHERE id = $1', [forged.id]);
    });

    // events whose case is gone (the foreign key bypassed), before the first case and after the last
    for (const ghost of ['000-GHOST', 'zzz-GHOST']) {
      await tamper(ts, (tx) => reinsert(tx, { ...last, id: last.id + 200_000, tracking_id: ghost, seq: 1 }));
      const r = await verifyAll(ts);
      expect(r.problems.map(brief), ghost).toEqual([{ trackingId: ghost, seq: null, problem: 'orphan_events' }]);
      await tamper(ts, async (tx) => {
        await tx.query('DELETE FROM case_events WHERE tracking_id = $1', [ghost]);
      });
    }
    expect((await verifyAll(ts)).problems).toEqual([]);
  });

  it('the check runs while actions are applied: a case is seen before or after an action, never half-way', async () => {
    const busy = cases.filter((c) => c.status === 'disposed');
    expect(busy.length).toBeGreaterThan(0);
    const writes = (async () => {
      for (const c of busy) {
        let cur = c;
        for (let i = 0; i < 3; i += 1) cur = await must(ts, cur, { action: 'respond', message: `Tindak lanjut ${i + 1}` });
      }
    })();
    const checks: AuditProblem[][] = [];
    for (let i = 0; i < 6; i += 1) checks.push((await verifyAll(ts, 3)).problems);
    await writes;
    expect(checks.flat()).toEqual([]);
    expect((await verifyAll(ts)).problems).toEqual([]);
  });
});

describe('`lapor audit verify` (the built CLI) against a tampered database', () => {
  let ts: TestServer;
  beforeAll(async () => {
    buildOnce();
    ts = await startTestServer('pglite');
  }, 240_000);
  afterAll(async () => {
    cleanUp();
    await ts?.close();
  });

  it('exit 0 with the clean summary; after one edited row exit 1 naming the case and seq, in table and JSON', async () => {
    const c = await disposedCase(ts, 'badung.dinkes', {}, true);
    await disposedCase(ts, 'denpasar');
    const home = freshHome({ LAPOR_API_URL: ts.url, LAPOR_TOKEN: ts.tokens.admin });
    const clean = await runCli(['--lang', 'en', 'audit', 'verify', '--page-size', '1'], home.env);
    expect(clean.code, clean.err).toBe(0);
    expect(clean.out).toBe('audit trail intact: 2 cases and 5 events checked, no problems\npersonal-data export log intact: 0 records checked\n');

    await tamper(ts, async (tx) => {
      await tx.query(`UPDATE case_events SET note = 'diubah diam-diam' WHERE tracking_id = $1 AND seq = 2`, [c.trackingId]);
    });
    const table = await runCli(['--lang', 'en', 'audit', 'verify'], home.env);
    expect(table.code).toBe(1);
    expect(table.out).toBe(
      `${c.trackingId}\t2\thash_mismatch\t3\t3\naudit trail BROKEN: 2 cases and 5 events checked, 1 problem(s)\npersonal-data export log intact: 0 records checked\n`,
    );
    expect(table.err).toContain('error: the audit trail does not verify: 1 case(s) with a broken chain');
    const json = await runCli(['--lang', 'en', 'audit', 'verify', '--format', 'json'], home.env);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toEqual({
      ok: false,
      casesChecked: 2,
      eventsChecked: 5,
      problems: [{ trackingId: c.trackingId, seq: 2, problem: 'hash_mismatch', version: 3, events: 3 }],
      auditLog: { records: 0, problem: null, seq: null },
    });
    // institution tokens may not run it: exit 4
    const denied = await runCli(['--lang', 'en', 'audit', 'verify'], { ...home.env, LAPOR_TOKEN: ts.tokens['admin.badung'] });
    expect(denied.code).toBe(4);
  });

  it('a personal-data export audited, then its log record edited: exit 1 naming the record', async () => {
    const home = freshHome({ LAPOR_API_URL: ts.url, LAPOR_TOKEN: ts.tokens.admin });
    // make the event chains whole again (the test above edited one) so that only the export log is at fault
    await tamper(ts, async (tx) => {
      await tx.query('DELETE FROM case_events');
      await tx.query('DELETE FROM reporters');
      await tx.query('DELETE FROM cases');
    });
    const exported = await runCli(['--lang', 'en', 'export', 'cases', '--content', 'pii', '--purpose', 'Verifikasi audit', '-o', join(home.dir, 'pii.csv')], home.env);
    expect(exported.code, exported.err).toBe(0);
    const whole = await runCli(['--lang', 'en', 'audit', 'verify'], home.env);
    expect(whole.code, whole.err).toBe(0);
    expect(whole.out).toContain('personal-data export log intact: 1 records checked');

    await tamper(ts, async (tx) => {
      await tx.query(`UPDATE audit_log SET note = 'tujuan lain' WHERE seq = 1`);
    });
    const broken = await runCli(['--lang', 'id', 'audit', 'verify'], home.env);
    expect(broken.code).toBe(1);
    expect(broken.out).toContain('log ekspor data pribadi RUSAK pada catatan 1: catatan diubah (hash tidak cocok) (1 catatan)');
    expect(broken.err).toContain('log ekspor data pribadi tidak lolos pemeriksaan');
  });
});
