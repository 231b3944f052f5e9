// A bulk run mixing in-scope, out-of-scope, already-closed, concurrently-modified and invalid cases, through
// the built CLI (`node bin/lapor.js`) against a real API: each is reported for what it is, only the right
// cases change (exactly one event each), exit 3, and the failure CSV lists exactly the failed ones. Also the
// `--where` path (dry run, the --yes refusal) and the single-case path with an institution name fragment.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../src/domain/types.js';
import { statusName } from '../../src/io/i18n.js';
import { call, startTestServer, type TestServer } from '../helpers/server.js';
import { eventsOf, getCase } from '../server/api-setup.js';
import { buildOnce, cleanUp, freshHome, journalsIn, runCli } from './bulk-helpers.js';

let server: TestServer;

const api = <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  call<T>(server.url, method, path, { token: server.tokens.admin, body, headers });

let keyNo = 0;
/** Creates a case and walks it through `steps` (dispose to `institution`, respond, close) as the national admin. */
async function seed(id: string, institution: string | null, steps: ('dispose' | 'respond' | 'close')[]): Promise<void> {
  const created = await api('POST', '/v1/cases', { trackingId: id, classification: 'complaint', title: `Kasus ${id}`, body: 'Isi laporan', channel: 'web' });
  expect(created.status, created.text).toBe(201);
  let version = 1;
  for (const step of steps) {
    const item =
      step === 'dispose'
        ? { action: 'dispose', institutionId: institution }
        : step === 'respond'
          ? { action: 'respond', message: 'Sedang dicek' }
          : { action: 'close' };
    const res = await api<{ counts: { applied: number } }>('POST', '/v1/bulk', { items: [{ trackingId: id, version, ...item }] }, { 'Idempotency-Key': `seed-${keyNo++}` });
    expect(res.body.counts?.applied, res.text).toBe(1);
    version += 1;
  }
}

beforeAll(async () => {
  buildOnce();
  server = await startTestServer('pglite');
  await seed('MIX-IN-1', 'badung.dinkes', ['dispose', 'respond']); //     in scope → applied
  await seed('MIX-IN-2', 'badung.dpupr', ['dispose', 'respond']); //      in scope → applied
  await seed('MIX-OUT', 'denpasar.dinkes', ['dispose', 'respond']); //    out of scope for admin.badung → not found
  await seed('MIX-DONE', 'badung.dinkes', ['dispose', 'respond', 'close']); // already closed → skipped
  await seed('MIX-STALE', 'badung.dinkes', ['dispose', 'respond']); //   plan file with an old version → 412
  await seed('MIX-RACE', 'badung.dinkes', ['dispose', 'respond']); //    changed after the dry run → 412
  await seed('MIX-BAD', 'badung.dinkes', ['dispose']); //                no follow-up yet: close refused → 409
  await seed('MIX-W-1', 'badung.dishub', ['dispose', 'respond']);
}, 180_000);

afterAll(async () => {
  cleanUp();
  await server?.close();
});

describe('a mixed bulk close as admin.badung', () => {
  it('reports each case for what it is, changes only the right ones, exit 3 with the failure list', async () => {
    const home = freshHome({ LAPOR_API_URL: server.url, LAPOR_TOKEN: server.tokens['admin.badung'] });
    const ids = ['MIX-IN-1', 'MIX-IN-2', 'MIX-OUT', 'MIX-DONE', 'MIX-STALE', 'MIX-RACE', 'MIX-BAD', 'MIX-NONE'];

    // 1. the plan as reviewed: a dry run (nothing sent) shows the right predictions and versions
    const before = new Map<string, Case>();
    for (const id of ids.filter((i) => i !== 'MIX-NONE')) before.set(id, await getCase(server, id));
    const dry = await runCli(['--lang', 'en', 'cases', 'close', ...ids, '--dry-run', '--format', 'json'], home.env);
    expect(dry.code, dry.err).toBe(0);
    const plan = JSON.parse(dry.out) as {
      summary: { total: number; toSend: number; apply: number; skip: number; refuse: Record<string, number> };
      items: { trackingId: string; version: number; prediction: string }[];
      unresolved: { trackingId: string }[];
    };
    expect(plan.summary).toMatchObject({ total: 8, toSend: 6, apply: 4, skip: 1, refuse: { invalid_transition: 1, not_found: 2 } });
    expect(plan.items.map((i) => `${i.trackingId}:${i.prediction}`)).toEqual([
      'MIX-IN-1:apply',
      'MIX-IN-2:apply',
      'MIX-DONE:skip',
      'MIX-STALE:apply',
      'MIX-RACE:apply',
      'MIX-BAD:refuse:invalid_transition',
    ]);
    expect(plan.unresolved.map((u) => u.trackingId)).toEqual(['MIX-OUT', 'MIX-NONE']);
    expect(dry.err).toContain('Plan: close 8 cases (8 IDs named)');
    expect(dry.err).toContain('Dry run (--dry-run): nothing was sent');
    expect(journalsIn(home.stateDir)).toEqual([]);
    for (const [id, c] of before) expect((await getCase(server, id)).version, id).toBe(c.version);

    // 2. someone changes MIX-RACE after the review; MIX-STALE is given at an older version than reviewed
    const race = await api('POST', '/v1/bulk', { items: [{ trackingId: 'MIX-RACE', version: before.get('MIX-RACE')!.version, action: 'respond', message: 'Tambahan info' }] }, { 'Idempotency-Key': 'race-1' });
    expect(race.status, race.text).toBe(200);
    // (MIX-OUT is given with the version a national admin sees: sent, and refused by the server as not found)
    const versionOf = (id: string) =>
      id === 'MIX-STALE' ? before.get(id)!.version - 1 : id === 'MIX-OUT' ? before.get(id)!.version : plan.items.find((i) => i.trackingId === id)?.version;
    const rows = ['trackingId,action,version,note', ...ids.map((id) => `${id},close,${versionOf(id) ?? ''},Selesai`)];
    const file = join(home.dir, 'rencana.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);

    // 3. the run, with the versions reviewed
    const r = await runCli(['--lang', 'en', 'bulk', 'apply', file, '--yes', '--chunk-size', '3'], home.env);
    expect(r.code, r.err).toBe(3);
    expect(r.out).toBe(
      [
        'applied\t2',
        'skipped\t1',
        'failed\t5',
        'failed.not-found\t2',
        'failed.precondition-failed\t2',
        'failed.invalid-transition\t1',
        '',
      ].join('\n'),
    );
    expect(r.err).toContain('error: 5 of 8 cases failed; the others were applied or skipped');
    const [journal] = journalsIn(home.stateDir);
    const csv = journal.replace(/\.jsonl$/, '.failures.csv');
    expect(r.err).toContain(`hint: failure list: ${csv}`);
    const failures = readFileSync(csv, 'utf8').trim().split('\n');
    expect(failures[0]).toBe('trackingId,action,reason,status,problemType,detail');
    expect(failures.slice(1).map((l) => l.split(',').slice(0, 5).join(',')).sort()).toEqual(
      [
        'MIX-BAD,close,invalid-transition,409,/problems/invalid-transition',
        'MIX-NONE,close,not-found,,/problems/not-found',
        'MIX-OUT,close,not-found,404,/problems/not-found',
        'MIX-RACE,close,precondition-failed,412,/problems/precondition-failed',
        'MIX-STALE,close,precondition-failed,412,/problems/precondition-failed',
      ].sort(),
    );

    // 4. the database: the two in-scope cases closed with exactly one close event each; nothing else changed
    for (const id of ['MIX-IN-1', 'MIX-IN-2']) {
      const c = await getCase(server, id);
      expect(c.status, id).toBe('completed');
      expect(c.version, id).toBe(before.get(id)!.version + 1);
      const closes = (await eventsOf(server, id)).filter((e) => e.action === 'close');
      expect(closes, id).toHaveLength(1);
      expect(closes[0].actor).toBe('admin.badung');
      expect(closes[0].note).toBe('Selesai');
    }
    for (const id of ['MIX-OUT', 'MIX-DONE', 'MIX-STALE', 'MIX-BAD']) {
      const c = await getCase(server, id);
      expect(c.version, id).toBe(before.get(id)!.version);
      expect(c.status, id).toBe(before.get(id)!.status);
    }
    expect((await getCase(server, 'MIX-RACE')).version).toBe(before.get('MIX-RACE')!.version + 1); // only the other change
    expect((await eventsOf(server, 'MIX-RACE')).filter((e) => e.action === 'close')).toHaveLength(0);
    expect((await eventsOf(server, 'MIX-DONE')).filter((e) => e.action === 'close')).toHaveLength(1); // the earlier one

    // 5. the journal says the same; status agrees
    const status = await runCli(['--lang', 'en', 'bulk', 'status', journal, '--format', 'json'], home.env);
    expect(status.code, status.err).toBe(0);
    expect(JSON.parse(status.out)).toMatchObject({ planned: 8, done: 8, applied: 2, skipped: 1, failed: 5, remaining: 0, failuresCsv: csv });
  });
});

describe('the --where path and one case', () => {
  it('shows the plan of a selection with --dry-run, and refuses to run it without --yes when not interactive', async () => {
    const home = freshHome({ LAPOR_API_URL: server.url, LAPOR_TOKEN: server.tokens['admin.badung'] });
    const w = await getCase(server, 'MIX-W-1');
    const dry = await runCli(['--lang', 'en', 'cases', 'close', '--where', 'status=in_progress', '--where', 'institution=badung.dishub', '--dry-run'], home.env);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.err).toContain('Plan: close 1 cases (status=in_progress institution=badung.dishub)\n');
    expect(dry.err).toContain('  By institution:   badung.dishub 1\n');
    expect(dry.err).toContain('    MIX-W-1\tclose\tin_progress\tbadung.dishub\t');
    const refused = await runCli(['--lang', 'en', 'cases', 'close', '--where', 'status=in_progress', '--where', 'institution=badung.dishub'], home.env);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('error: --yes is required when not running interactively');
    expect((await getCase(server, 'MIX-W-1')).version).toBe(w.version);
    const yes = await runCli(['--lang', 'en', 'cases', 'close', '--where', 'status=in_progress', '--where', 'institution=badung.dishub', '--yes'], home.env);
    expect(yes.code, yes.err).toBe(0);
    expect(yes.out).toBe('applied\t1\nskipped\t0\nfailed\t0\n');
    expect((await getCase(server, 'MIX-W-1')).status).toBe('completed');
  });

  it('disposes one case to an institution named by a fragment; an ambiguous fragment lists candidates', async () => {
    await seed('ONE-1', null, []);
    const home = freshHome({ LAPOR_API_URL: server.url, LAPOR_TOKEN: server.tokens.admin });
    const amb = await runCli(['--lang', 'en', 'cases', 'dispose', 'ONE-1', '--to', 'dinas kesehatan'], home.env);
    expect(amb.code).toBe(2);
    expect(amb.err).toMatch(/"dinas kesehatan" matches \d+ institutions:\n {2}\S+ {2}Dinas Kesehatan/);
    expect((await getCase(server, 'ONE-1')).status).toBe('submitted');
    const ok = await runCli(['--lang', 'en', 'cases', 'dispose', 'ONE-1', '--to', 'dinas kesehatan kabupaten badung'], home.env);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toBe('ONE-1: dispose to badung.dinkes (Dinas Kesehatan Kabupaten Badung) → Disposed (version 2)\n');
    expect(await getCase(server, 'ONE-1')).toMatchObject({ status: 'disposed', institutionId: 'badung.dinkes', version: 2 });
    const again = await runCli(['--lang', 'en', 'cases', 'close', 'ONE-1'], home.env);
    expect(again.code).toBe(1);
    expect(again.err).toContain(`cannot close a case whose status is ${statusName('en', 'disposed')}`);
  });
});
