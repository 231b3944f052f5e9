// SLA policies and escalation (issue #19) through the built CLI (node bin/lapor.js over dist/, rebuilt by
// `npm run build` before this file runs) against a real API on PGlite with a fake clock: `sla policies`
// (national admins only), `sla escalate` (plan, --dry-run, --yes; never twice), `cases list --escalated`
// visible to the institution, the institution's follow-up ending the escalation, and `cases show` naming
// the policy the case runs on.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../src/domain/types.js';
import type { SlaPolicy } from '../../src/domain/slaPolicy.js';
import { call, startTestServer, type TestServer } from '../helpers/server.js';
import { homeEnv, runLapor, type Exit } from '../helpers/spawn.js';

let server: TestServer;
let home: string;

function lapor(args: readonly string[], token = server.tokens.admin): Promise<Exit> {
  return runLapor(args, { cwd: home, env: { ...homeEnv(home), LAPOR_API_URL: server.url, LAPOR_TOKEN: token } });
}

async function act(id: string, body: Record<string, unknown>, token = server.tokens.admin): Promise<void> {
  const c = await call<Case>(server.url, 'GET', `/v1/cases/${id}`, { token: server.tokens.admin });
  const res = await call(server.url, 'POST', `/v1/cases/${id}/actions`, { token, body, headers: { 'if-match': `"${c.body.version}"` } });
  expect(res.status, res.text).toBe(200);
}

const escalations = async (id: string) =>
  (await server.server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM case_events WHERE tracking_id = $1 AND action = 'escalate'`, [id]))[0].n;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'lapor-e2e-escalate-'));
  server = await startTestServer('pglite', { now: new Date('2024-03-04T02:00:00Z') }); // Mon 4 March, 10:00 WITA
  for (const id of ['ESC-A', 'ESC-B', 'ESC-C']) {
    const res = await call(server.url, 'POST', '/v1/cases', {
      token: server.tokens.admin,
      body: { trackingId: id, classification: 'complaint', title: `Laporan ${id}`, body: 'Isi laporan', channel: 'web' },
    });
    expect(res.status, res.text).toBe(201);
  }
  // response due at the end of Wed 13 March: 5 working days, Nyepi (11 March) and its cuti bersama skipped
  await act('ESC-A', { action: 'dispose', institutionId: 'badung.dinkes' });
  await act('ESC-B', { action: 'dispose', institutionId: 'denpasar' });
  await act('ESC-C', { action: 'dispose', institutionId: 'badung.dinkes' });
  server.clock.now = new Date('2024-03-05T02:00:00Z');
  await act('ESC-C', { action: 'respond', message: 'Sedang ditindaklanjuti.' }, server.tokens['liaison.badung.dinkes']);
  server.clock.now = new Date('2024-03-15T02:00:00Z'); // Fri 15 March: ESC-A and ESC-B 2 working days past
});

afterAll(async () => {
  await server?.close();
  rmSync(home, { recursive: true, force: true });
});

describe('lapor sla policies', () => {
  it('lists the seeded standard to national admins only', async () => {
    const r = await lapor(['sla', 'policies', 'list', '--format', 'json', '--fields', 'id,completion,source']);
    expect(r.code, r.err).toBe(0);
    const items = JSON.parse(r.out) as { id: string; completion: string; source: string }[];
    expect(items.map((p) => `${p.id}:${p.completion}`)).toEqual([
      'complaint-field-inspection:60c',
      'complaint-no-field-inspection:14c',
      'default:60c',
    ]);
    expect(items[0].source).toMatch(/KemenPAN-RB/);
    for (const token of [server.tokens['admin.badung'], server.tokens.system]) {
      expect((await lapor(['sla', 'policies', 'list'], token)).code).toBe(4);
    }
  });

  it('sets a version, refuses one that would re-time earlier cases, and exports what imports back', async () => {
    const set = await lapor(['sla', 'policies', 'set', 'badung-cepat', '--effective-from', '2024-03-15', '--name', 'Badung cepat', '--institution', 'badung', '--response', '2w']);
    expect(set.code, set.err).toBe(0);
    expect(set.err).toBe('✓ policy badung-cepat in force from 2024-03-15 added\n');
    const show = await lapor(['sla', 'policies', 'show', 'badung-cepat', '--format', 'json']);
    expect(JSON.parse(show.out)).toMatchObject([{ id: 'badung-cepat', effectiveFrom: '2024-03-15', institutionId: 'badung', response: '2w', completion: '60c' }]);
    // a new version of an existing policy dated before today: refused (422 → exit 1), nothing added
    const past = await lapor(['sla', 'policies', 'set', 'default', '--effective-from', '2024-01-01', '--completion', '30c']);
    expect(past.code).toBe(1);
    expect(past.err).toContain('HTTP 422');
    expect(past.err).toContain('effectiveFrom');
    expect((await lapor(['sla', 'policies', 'show', 'nope'])).code).toBe(1);

    const exported = await lapor(['sla', 'policies', 'export']);
    expect(exported.code, exported.err).toBe(0);
    const file = join(home, 'kebijakan.json');
    writeFileSync(file, exported.out);
    const policies = JSON.parse(readFileSync(file, 'utf8')) as SlaPolicy[];
    expect(policies.map((p) => p.id)).toEqual(['badung-cepat', 'complaint-field-inspection', 'complaint-no-field-inspection', 'default']);
    const dry = await lapor(['sla', 'policies', 'import', file, '--dry-run']);
    expect(dry.err).toBe('would be added: 0; present already: 4 (nothing sent)\n');
    const again = await lapor(['sla', 'policies', 'import', file]);
    expect(again.code, again.err).toBe(0);
    expect(again.err).toBe('added: 0; present already: 4\n');
  });
});

describe('lapor sla escalate', () => {
  it('plans the breaches not yet escalated, escalates them once, and the institution sees them', async () => {
    const dry = await lapor(['sla', 'escalate', '--institution', 'badung', '--min-days', '1', '--dry-run', '--format', 'json']);
    expect(dry.code, dry.err).toBe(0);
    const plan = JSON.parse(dry.out) as { items: { trackingId: string; request: { action: string } }[] };
    expect(plan.items.map((i) => `${i.trackingId}:${i.request.action}`)).toEqual(['ESC-A:escalate']);
    expect(await escalations('ESC-A')).toBe(0);
    // older than 2 working days: none yet
    const none = await lapor(['sla', 'escalate', '--min-days', '3', '--yes']);
    expect(none.code, none.err).toBe(0);
    expect(await escalations('ESC-A')).toBe(0);

    const run = await lapor(['sla', 'escalate', '--clock', 'response', '--note', 'Intervensi admin nasional', '--yes', '--format', 'json']);
    expect(run.code, run.err).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ planned: 2, applied: 2, failed: 0 });
    for (const id of ['ESC-A', 'ESC-B']) expect(await escalations(id)).toBe(1);
    // the escalated are no longer selected: a second run has nothing to do
    const twice = await lapor(['sla', 'escalate', '--yes']);
    expect(twice.code, twice.err).toBe(0);
    for (const id of ['ESC-A', 'ESC-B']) expect(await escalations(id)).toBe(1);
    // only the national admin escalates: an institution admin's plan predicts the refusal (the server's
    // answer is in the authorization matrix)
    const bound = await lapor(['sla', 'escalate', '--dry-run', '--format', 'json'], server.tokens['admin.badung']);
    expect(bound.code, bound.err).toBe(0);
    expect((JSON.parse(bound.out) as { items: unknown[] }).items).toEqual([]);

    const national = await lapor(['cases', 'list', '--escalated', '--format', 'json']);
    expect((JSON.parse(national.out) as Case[]).map((c) => c.trackingId)).toEqual(['ESC-A', 'ESC-B']);
    // the institution sees its own escalated cases (and not another's)
    const badung = await lapor(['cases', 'list', '--escalated', '--format', 'json', '--fields', 'trackingId,escalatedAt'], server.tokens['admin.badung']);
    expect(badung.code, badung.err).toBe(0);
    expect((JSON.parse(badung.out) as Case[]).map((c) => [c.trackingId, c.escalatedAt])).toEqual([['ESC-A', '2024-03-15T02:00:00.000Z']]);
    const notEscalated = await lapor(['cases', 'list', '--escalated', 'no', '--format', 'json'], server.tokens['admin.badung']);
    expect((JSON.parse(notEscalated.out) as Case[]).map((c) => c.trackingId)).toEqual(['ESC-C']);

    const show = await lapor(['cases', 'show', 'ESC-A']);
    expect(show.code, show.err).toBe(0);
    expect(show.out).toContain('\nslaPolicyId\tdefault\n');
    expect(show.out).toContain('\nescalatedAt\t2024-03-15T02:00:00.000Z\n');
  });

  it("the institution's follow-up ends the escalation", async () => {
    await act('ESC-A', { action: 'respond', message: 'Sudah kami perbaiki.' }, server.tokens['liaison.badung.dinkes']);
    const r = await lapor(['cases', 'list', '--escalated', '--format', 'json']);
    expect((JSON.parse(r.out) as Case[]).map((c) => c.trackingId)).toEqual(['ESC-B']);
    const history = await lapor(['cases', 'history', 'ESC-A', '--format', 'json']);
    expect((JSON.parse(history.out) as { action: string }[]).map((e) => e.action)).toEqual(['submit', 'dispose', 'escalate', 'respond']);
  });
});
