// Issue 15, item 1: --dry-run never writes. Every action verb, naming one case, two, or a --where selection,
// and `bulk apply`, against the recording fake server: only reads reach it, no journal is written, the cases
// stay as they were, and what would happen is shown. The single-case view is also kept as golden files.

import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { resolveLang } from '../../src/cli/program.js';
import type { ActionName, Case, Status } from '../../src/domain/types.js';
import { createTestIOStreams } from '../../src/io/testing.js';
import { inProcessDeps } from '../helpers/deps.js';
import { NOW } from '../helpers/cases.js';
import type { FakeApi } from '../helpers/fakeApi.js';
import { applied, createBulkDeps, fakeApi, makeCase, runBulkCli } from './sample.js';

/** What the fake server answers without changing anything; every other call is a write. */
const READS = ['whoami', 'institutions', 'categories', 'getCase ', 'listCases '];
const writes = (fake: FakeApi) => fake.calls.filter((c) => !READS.some((r) => c === r || (r.endsWith(' ') && c.startsWith(r))));

/** Each verb: the flags it needs, and a status it applies from (so that without the gate it would write). */
const VERBS: { action: ActionName; flags: string[]; from: Status; fields?: Partial<Case> }[] = [
  { action: 'dispose', flags: ['--to', 'pekerjaan umum'], from: 'submitted', fields: { institutionId: null, firstResponseAt: null } },
  { action: 'redispose', flags: ['--to', 'badung.dpupr'], from: 'disposed', fields: { firstResponseAt: null } },
  { action: 'return', flags: ['--note', 'bukan wewenang'], from: 'disposed', fields: { firstResponseAt: null } },
  { action: 'postpone', flags: ['--note', 'mohon foto'], from: 'submitted', fields: { institutionId: null, firstResponseAt: null } },
  { action: 'resume', flags: [], from: 'postponed', fields: { institutionId: null, firstResponseAt: null } },
  { action: 'archive', flags: ['--reason', 'spam'], from: 'submitted', fields: { institutionId: null, firstResponseAt: null } },
  { action: 'respond', flags: ['--message', 'sedang dicek'], from: 'disposed', fields: { firstResponseAt: null } },
  { action: 'close', flags: [], from: 'in_progress' },
  { action: 'reopen', flags: ['--note', 'salah tutup'], from: 'completed', fields: { closedBy: 'admin', closedAt: '2026-11-20T02:00:00.000Z' } },
  { action: 'edit', flags: ['--title', 'Judul baru'], from: 'in_progress' },
];

const TARGETS: { name: string; args: (from: Status) => string[] }[] = [
  { name: 'one ID', args: () => ['LAP-1'] },
  { name: 'two IDs', args: () => ['LAP-1', 'LAP-2'] },
  { name: '--where', args: (from) => ['--where', `status=${from}`] },
];

const CASES = (from: Status, fields: Partial<Case> = {}) => [
  makeCase('LAP-1', { status: from, ...fields }),
  makeCase('LAP-2', { status: from, ...fields }),
  makeCase('LAP-3', { status: 'archived', institutionId: null, archiveReason: 'duplicate' }),
];

describe('--dry-run sends nothing', () => {
  for (const verb of VERBS) {
    for (const target of TARGETS) {
      it(`cases ${verb.action} with ${target.name}`, async () => {
        const before = CASES(verb.from, verb.fields);
        const fake = fakeApi(structuredClone(before));
        const deps = createBulkDeps(fake);
        const r = await runBulkCli(['--lang', 'en', 'cases', verb.action, ...target.args(verb.from), ...verb.flags, '--dry-run'], deps);
        expect(r.code, r.err).toBe(0);
        expect(writes(fake)).toEqual([]);
        expect(applied(fake)).toEqual([]);
        expect([...fake.cases.values()]).toEqual(before);
        expect(existsSync(join(deps.paths.stateDir, 'journals'))).toBe(false);
        expect(r.err).toContain('Dry run (--dry-run): nothing was sent\n');
        // what would happen: the case and its predicted status, or the plan
        if (target.name === 'one ID') expect(r.err).toMatch(new RegExp(`^Dry run: \\S.* LAP-1\\n  Case: +LAP-1 · Laporan LAP-1\\n`));
        else expect(r.err).toMatch(/Plan: .* 2 cases/);
        expect(r.out).toBe('');
      });
    }
  }

  it('bulk apply of one row and of several', async () => {
    for (const rows of [['LAP-1,close,'], ['LAP-1,close,', 'LAP-2,close,3']]) {
      const before = CASES('in_progress');
      const fake = fakeApi(structuredClone(before));
      const deps = createBulkDeps(fake);
      const file = join(deps.paths.configDir, '..', 'rencana.csv');
      writeFileSync(file, ['trackingId,action,version', ...rows].join('\n'));
      const r = await runBulkCli(['--lang', 'en', 'bulk', 'apply', file, '--dry-run'], deps);
      expect(r.code, r.err).toBe(0);
      expect(writes(fake)).toEqual([]);
      expect([...fake.cases.values()]).toEqual(before);
      expect(existsSync(join(deps.paths.stateDir, 'journals'))).toBe(false);
      expect(r.err).toContain('Dry run (--dry-run): nothing was sent\n');
    }
  });

  it('one ID with --format json: the plan of that case on stdout, with the predicted status', async () => {
    const fake = fakeApi(CASES('submitted', { institutionId: null, firstResponseAt: null }));
    const r = await runBulkCli(['--lang', 'en', 'cases', 'dispose', 'LAP-1', '--to', 'pekerjaan umum', '--dry-run', '--format', 'json'], createBulkDeps(fake));
    expect(r.code).toBe(0);
    expect(writes(fake)).toEqual([]);
    const plan = JSON.parse(r.out) as { summary: { total: number }; items: Record<string, unknown>[] };
    expect(plan.summary.total).toBe(1);
    expect(plan.items).toEqual([
      {
        trackingId: 'LAP-1',
        version: 3,
        request: { action: 'dispose', institutionId: 'badung.dpupr' },
        status: 'submitted',
        institutionId: null,
        prediction: 'apply',
        toStatus: 'disposed',
        toInstitutionId: 'badung.dpupr',
      },
    ]);
  });

  it('one ID: the reporter’s title reaches the terminal without its control sequences', async () => {
    const fake = fakeApi([makeCase('LAP-1', { title: 'Judul\x1b]0;pwned\x07 palsu\x1b[2J' })]);
    const r = await runBulkCli(['--lang', 'en', 'cases', 'close', 'LAP-1', '--dry-run'], createBulkDeps(fake));
    expect(r.code).toBe(0);
    expect(r.err).not.toMatch(/[\x00-\x09\x0b-\x1f]/);
    expect(r.err).toContain('LAP-1 · Judul palsu\n');
  });

  it('one ID that does not exist: not found (exit 1), nothing sent', async () => {
    const fake = fakeApi(CASES('in_progress'));
    const r = await runBulkCli(['--lang', 'en', 'cases', 'close', 'LAP-9', '--dry-run'], createBulkDeps(fake));
    expect(r.code).toBe(1);
    expect(r.err).toContain('HTTP 404: case LAP-9 not found');
    expect(writes(fake)).toEqual([]);
  });
});

describe('the single-case dry run, as people read it (golden)', () => {
  const SCENARIOS: { name: string; argv: string[] }[] = [
    // applies: the case now, the action, the status it would reach, the institution named by a fragment
    { name: 'dispose', argv: ['cases', 'dispose', 'LAP-1', '--to', 'pekerjaan umum', '--dry-run'] },
    // already done, and refused: what the server would answer instead of a resulting status
    { name: 'archive-done', argv: ['cases', 'archive', 'LAP-3', '--reason', 'spam', '--dry-run'] },
    { name: 'close-refused', argv: ['cases', 'close', 'LAP-1', '--dry-run'] },
  ];
  for (const lang of ['id', 'en'] as const) {
    for (const s of SCENARIOS) {
      it(`${s.name} (${lang})`, async () => {
        const fake = fakeApi([
          makeCase('LAP-1', { status: 'submitted', institutionId: null, firstResponseAt: null, title: 'Jalan berlubang di Jl. Gatot Subroto' }),
          makeCase('LAP-3', { status: 'archived', institutionId: null, archiveReason: 'duplicate' }),
        ]);
        const argv = ['--lang', lang, ...s.argv];
        const deps = inProcessDeps({
          api: fake,
          io: createTestIOStreams({ tty: false, width: 80 }),
          lang: resolveLang(argv, {}),
          now: () => NOW,
          paths: { configDir: '/nonexistent/config', dataDir: '/nonexistent/data', stateDir: '/nonexistent/state' },
        });
        const code = await runCli(argv, deps);
        expect(writes(fake)).toEqual([]);
        const transcript = [`$ lapor ${argv.join(' ')}`, `# exit ${code}`, '# stdout', deps.io.outText() || '(nothing)', '# stderr', deps.io.errText()].join('\n');
        await expect(transcript).toMatchFileSnapshot(`../../fixtures/golden/bulk/dry-run-one-${s.name}-${lang}.txt`);
      });
    }
  }
});
