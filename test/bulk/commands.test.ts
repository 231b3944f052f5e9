// The action verbs and `lapor bulk` in-process, against the fake server: the refusals before anything is
// sent (--yes, usage), --dry-run, confirmation, the single-case path (If-Match, 412), the bulk path with its
// journal, counts, failure CSV and exit 3, `bulk status` and `bulk resume`.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournal } from '../../src/bulk/journal.js';
import type { Actor } from '../../src/domain/types.js';
import type { FakeApi } from '../helpers/fakeApi.js';
import { applied, createBulkDeps, fakeApi, makeCase, runBulkCli } from './sample.js';

const CASES = () => [
  makeCase('LAP-1'),
  makeCase('LAP-2', { institutionId: 'badung.dpupr' }),
  makeCase('LAP-3', { status: 'completed', closedBy: 'admin' }),
  makeCase('LAP-4', { status: 'submitted', institutionId: null, firstResponseAt: null }),
  makeCase('LAP-5', { institutionId: 'denpasar.dinkes' }),
];

const sent = (fake: FakeApi) => fake.calls.filter((c) => c.startsWith('bulk') || c.startsWith('act'));
const journals = (stateDir: string) => readdirSync(join(stateDir, 'journals')).sort();

describe('refusals before anything is sent', () => {
  it('needs --yes for a bulk write when it cannot ask (exit 2), before any request', async () => {
    const fake = fakeApi(CASES());
    const deps = createBulkDeps(fake);
    const r = await runBulkCli(['--lang', 'en', 'cases', 'close', '--where', 'status=in_progress'], deps);
    expect(r.code).toBe(2);
    expect(r.err).toBe('error: --yes is required when not running interactively\nhint: review it with --dry-run first, then run again with --yes\n');
    expect(fake.calls).toEqual([]);
    const two = await runBulkCli(['--lang', 'en', 'cases', 'close', 'LAP-1', 'LAP-2'], createBulkDeps(fake));
    expect(two.code).toBe(2);
    expect(fake.calls).toEqual([]);
  });

  it('refuses IDs with --where, neither, a bad --where, and missing fields', async () => {
    const fake = fakeApi(CASES());
    const cases: [string[], RegExp][] = [
      [['cases', 'close', 'LAP-1', '--where', 'status=in_progress', '--yes'], /name tracking IDs or --where, not both/],
      [['cases', 'close', '--yes'], /which cases\?/],
      [['cases', 'close', '--where', 'stat=x', '--yes'], /unknown key stat/],
      [['cases', 'archive', 'LAP-1'], /required option --reason/],
      [['cases', 'archive', 'LAP-1', '--reason', 'boring'], /invalid value 'boring' for --reason/],
      [['cases', 'postpone', 'LAP-1', '--note', '   '], /the text must not be empty/],
      [['cases', 'edit', 'LAP-1'], /nothing to change/],
      [['cases', 'close', '--where', 'status=in_progress', '--chunk-size', '1001', '--yes'], /from 1 to 1000/],
    ];
    for (const [argv, expected] of cases) {
      const r = await runBulkCli(['--lang', 'en', ...argv], createBulkDeps(fake));
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err, argv.join(' ')).toMatch(expected);
    }
    expect(fake.calls).toEqual([]);
  });

  it('lists the candidates of an ambiguous --to (exit 2), sending nothing', async () => {
    const fake = fakeApi(CASES());
    const r = await runBulkCli(['--lang', 'en', 'cases', 'dispose', 'LAP-4', '--to', 'dinas kesehatan'], createBulkDeps(fake));
    expect(r.code).toBe(2);
    expect(r.err).toContain('"dinas kesehatan" matches 3 institutions:\n  bali.dinkes  Dinas Kesehatan Provinsi Bali\n');
    expect(r.err).toContain('hint: use its code, or a fuller name');
    expect(sent(fake)).toEqual([]);
  });
});

describe('one case', () => {
  it('reads the case and acts at its version (If-Match)', async () => {
    const fake = fakeApi(CASES());
    const r = await runBulkCli(['--lang', 'en', 'cases', 'dispose', 'LAP-4', '--to', 'pekerjaan umum', '--note', 'jalan'], createBulkDeps(fake));
    expect(r.code).toBe(0);
    expect(r.out).toBe('LAP-4: dispose to badung.dpupr (Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Badung) → Disposed (version 4)\n');
    expect(fake.calls.filter((c) => c.startsWith('getCase') || c.startsWith('act'))).toEqual(['getCase LAP-4', 'act LAP-4 3 dispose']);
    expect(fake.cases.get('LAP-4')).toMatchObject({ status: 'disposed', institutionId: 'badung.dpupr' });
  });

  it('says so when the case changed meanwhile (412), overwriting nothing', async () => {
    const fake = fakeApi(CASES());
    const original = fake.getCase.bind(fake);
    fake.getCase = async (id) => {
      const r = await original(id);
      fake.cases.set(id, { ...r.case, version: r.case.version + 1 }); // someone else's change, just after our read
      return r;
    };
    const r = await runBulkCli(['--lang', 'en', 'cases', 'close', 'LAP-1'], createBulkDeps(fake));
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'error: LAP-1 was changed by someone else meanwhile (version 3 is no longer current); nothing was overwritten\n' +
        'hint: look again with `lapor cases show LAP-1`, then retry\n',
    );
    expect(applied(fake)).toEqual([]);
  });

  it('reports a case already in the target state as nothing changed (exit 0)', async () => {
    const fake = fakeApi(CASES());
    const r = await runBulkCli(['--lang', 'en', 'cases', 'close', 'LAP-3'], createBulkDeps(fake));
    expect(r.code).toBe(0);
    expect(r.err).toBe('LAP-3: nothing changed (case LAP-3 already has the status Completed)\n');
  });
});

describe('bulk runs', () => {
  it('--dry-run shows the plan on stderr, sends nothing and writes no journal', async () => {
    const fake = fakeApi(CASES());
    const deps = createBulkDeps(fake);
    const r = await runBulkCli(['--lang', 'en', 'cases', 'close', '--where', 'status=in_progress,completed,submitted', '--dry-run'], deps);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toContain('Plan: close 5 cases (status=in_progress,completed,submitted)\n');
    expect(r.err).toContain('Expected:         3 applied · 1 skipped (already in the target state) · 1 refused\n');
    expect(r.err).toContain('Dry run (--dry-run): nothing was sent\n');
    expect(sent(fake)).toEqual([]);
    expect(() => journals(deps.paths.stateDir)).toThrow(/ENOENT/);
    const json = await runBulkCli(['--lang', 'en', 'cases', 'close', '--where', 'status=in_progress', '--dry-run', '--format', 'json'], createBulkDeps(fake));
    const plan = JSON.parse(json.out) as { summary: { total: number }; items: { trackingId: string; prediction: string }[] };
    expect(plan.summary.total).toBe(3);
    expect(plan.items.map((i) => `${i.trackingId}:${i.prediction}`)).toEqual(['LAP-1:apply', 'LAP-2:apply', 'LAP-5:apply']);
  });

  it('asks on a terminal; "no" sends nothing and is an answer, not an error (exit 0, a quiet notice)', async () => {
    const fake = fakeApi(CASES());
    const deps = createBulkDeps(fake, { tty: true, answers: [{ message: 'Run close on 3 cases?', confirm: false }] });
    const r = await runBulkCli(['--lang', 'en', 'cases', 'close', '--where', 'status=in_progress'], deps);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/\nNothing was changed\n$/);
    expect(r.err).not.toContain('error:');
    expect(sent(fake)).toEqual([]);
    deps.prompter.assertDone();
  });

  it('on "yes" sends exactly the planned items in chunks, journals them and prints the counts', async () => {
    const fake = fakeApi(CASES());
    const deps = createBulkDeps(fake, { tty: true, answers: [{ confirm: true }] });
    const r = await runBulkCli(['--lang', 'en', 'cases', 'close', '--where', 'status=in_progress', '--chunk-size', '2', '--note', 'beres'], deps);
    expect(r.code).toBe(0);
    expect(r.out).toBe(['Applied                                3', 'Skipped (already in the target state)  0', 'Failed                                 0', ''].join('\n'));
    expect(fake.bulkCalls.map((c) => c.items)).toEqual([2, 1]);
    expect(applied(fake)).toEqual([
      ['LAP-1', 'close'],
      ['LAP-2', 'close'],
      ['LAP-5', 'close'],
    ]);
    const [file] = journals(deps.paths.stateDir);
    const read = await readJournal(join(deps.paths.stateDir, 'journals', file));
    expect(read.header.requests).toEqual([{ action: 'close', note: 'beres' }]);
    expect(read.header.items).toEqual([
      { trackingId: 'LAP-1', version: 3, request: 0 },
      { trackingId: 'LAP-2', version: 3, request: 0 },
      { trackingId: 'LAP-5', version: 3, request: 0 },
    ]);
    expect(read.outcomes.size).toBe(3);
  });

  it('reports refusals per reason, lists the failures in a CSV next to the journal, exit 3', async () => {
    const badung: Actor = { name: 'admin.badung', role: 'institution_admin', institutionId: 'badung' };
    const fake = fakeApi([...CASES(), makeCase('=HYPERLINK("x")', { institutionId: 'badung.dinkes', status: 'submitted' })], badung);
    const deps = createBulkDeps(fake);
    const r = await runBulkCli(
      ['--lang', 'en', 'cases', 'close', 'LAP-1', 'LAP-2', 'LAP-3', 'LAP-4', 'LAP-5', 'NOPE', '=HYPERLINK("x")', '--yes', '--format', 'json'],
      deps,
    );
    expect(r.code).toBe(3);
    const summary = JSON.parse(r.out) as Record<string, unknown>;
    expect(summary).toMatchObject({ planned: 7, applied: 2, skipped: 1, failed: 4, remaining: 0, failedByReason: { 'not-found': 3, 'invalid-transition': 1 } });
    expect(r.err).toContain('error: 4 of 7 cases failed; the others were applied or skipped\n');
    const csvPath = String(summary.failuresCsv);
    expect(r.err).toContain(`hint: failure list: ${csvPath}\n`);
    expect(readFileSync(csvPath, 'utf8')).toBe(
      [
        'trackingId,action,reason,status,problemType,detail',
        'LAP-4,close,not-found,,/problems/not-found,case LAP-4 not found',
        'LAP-5,close,not-found,,/problems/not-found,case LAP-5 not found',
        'NOPE,close,not-found,,/problems/not-found,case NOPE not found',
        `"'=HYPERLINK(""x"")",close,invalid-transition,409,/problems/invalid-transition,cannot close a case that is submitted`,
        '',
      ].join('\n'),
    );
    // only the visible, valid ones were sent and changed
    expect(applied(fake).map(([id]) => id)).toEqual(['LAP-1', 'LAP-2']);
  });

  it('applies a plan file of mixed actions in shared chunks', async () => {
    const fake = fakeApi(CASES());
    const deps = createBulkDeps(fake);
    const file = join(deps.paths.configDir, '..', 'rencana.csv');
    writeFileSync(
      file,
      ['trackingId,action,version,institution,message', 'LAP-4,dispose,,kesehatan kota,', 'LAP-1,respond,,,Sudah dicek', 'LAP-2,close,2,,'].join('\n'),
    );
    const r = await runBulkCli(['--lang', 'en', 'bulk', 'apply', file, '--yes'], deps);
    expect(r.code).toBe(3);
    expect(r.err).toContain('Plan: mixed actions 3 cases (rencana.csv)\n');
    expect(r.err).toContain('changed since the version reviewed: 1');
    expect(fake.bulkCalls.map((c) => c.items)).toEqual([3]);
    expect(applied(fake)).toEqual([
      ['LAP-4', 'dispose'],
      ['LAP-1', 'respond'],
    ]);
    expect(fake.cases.get('LAP-4')?.institutionId).toBe('denpasar.dinkes');
    expect(r.out).toContain('failed.precondition-failed\t1');
  });

  it('refuses a bad plan file whole (exit 2), before any write', async () => {
    const fake = fakeApi(CASES());
    const deps = createBulkDeps(fake);
    const file = join(deps.paths.configDir, '..', 'bad.csv');
    writeFileSync(file, ['trackingId,action,reason', 'LAP-1,close,', 'LAP-2,archive,', 'LAP-1,close,'].join('\n'));
    const r = await runBulkCli(['--lang', 'en', 'bulk', 'apply', file, '--yes'], deps);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      [
        'error: bad.csv: 2 problems; nothing was sent',
        '  line 3, column reason: required for archive',
        '  line 4, column trackingId: LAP-1 already appears on line 2',
        'hint: fix the file and run again (see lapor bulk apply --help)',
        '',
      ].join('\n'),
    );
    expect(sent(fake)).toEqual([]);
    expect(fake.calls.filter((c) => c.startsWith('getCase'))).toEqual([]);
  });
});

describe('bulk status and resume', () => {
  it('stops on Ctrl-C after the chunk in flight, says how to resume (exit 130); resume finishes; status agrees', async () => {
    const cases = Array.from({ length: 9 }, (_, i) => makeCase(`K-${i}`));
    const fake = fakeApi(cases);
    const deps = createBulkDeps(fake);
    fake.onBulk = async (key) => {
      if (key.endsWith(':1')) deps.abort.abort();
    };
    const r = await runBulkCli(['--lang', 'en', 'cases', 'close', '--where', 'status=in_progress', '--yes', '--chunk-size', '3', '--concurrency', '1'], deps);
    expect(r.code).toBe(130);
    const [file] = journals(deps.paths.stateDir);
    const path = join(deps.paths.stateDir, 'journals', file);
    expect(r.err).toContain('Stopped: 6 of 9 cases have an outcome; the journal is kept\n');
    expect(r.err).toContain(`resume with: lapor bulk resume ${path}\n`);

    fake.onBulk = async () => {};
    const status = await runBulkCli(['--lang', 'en', 'bulk', 'status', path], createBulkDeps(fake, { stateDir: deps.paths.stateDir }));
    expect(status.code).toBe(0);
    expect(status.out).toContain('planned\t9\ndone\t6\napplied\t6\nskipped\t0\nfailed\t0\nremaining\t3\n');

    const resumed = await runBulkCli(['--lang', 'en', 'bulk', 'resume', file.replace('.jsonl', '')], createBulkDeps(fake, { stateDir: deps.paths.stateDir }));
    expect(resumed.code).toBe(0);
    expect(resumed.err).toContain('of 9 cases in 1 chunks');
    expect(resumed.out).toBe('applied\t9\nskipped\t0\nfailed\t0\n');
    expect(applied(fake)).toHaveLength(9);
    expect(new Set(applied(fake).map(([id]) => id)).size).toBe(9);

    const again = await runBulkCli(['--lang', 'en', 'bulk', 'resume', path], createBulkDeps(fake, { stateDir: deps.paths.stateDir }));
    expect(again.code).toBe(0);
    expect(again.err).toContain('is already complete; nothing was sent');

    const json = await runBulkCli(['--lang', 'en', 'bulk', 'status', '--format', 'json'], createBulkDeps(fake, { stateDir: deps.paths.stateDir }));
    expect(JSON.parse(json.out)).toMatchObject({ planned: 9, done: 9, applied: 9, remaining: 0, failuresCsv: null });
  });

  it('refuses to resume with another token (its idempotency keys would not match)', async () => {
    const fake = fakeApi([makeCase('K-1')]);
    const deps = createBulkDeps(fake);
    fake.onBulk = async () => deps.abort.abort();
    await runBulkCli(['--lang', 'en', 'cases', 'close', '--where', 'status=in_progress', '--yes'], deps);
    fake.actor = { name: 'someone.else', role: 'national_admin', institutionId: null };
    const [file] = journals(deps.paths.stateDir);
    const r = await runBulkCli(['--lang', 'en', 'bulk', 'resume', join(deps.paths.stateDir, 'journals', file)], createBulkDeps(fake));
    expect(r.code).toBe(2);
    expect(r.err).toContain('this journal was written with the token admin; now using someone.else');
  });

  it('says when there is no journal', async () => {
    const r = await runBulkCli(['--lang', 'en', 'bulk', 'status'], createBulkDeps(fakeApi([])));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no journal in .*journals yet/);
    const missing = await runBulkCli(['--lang', 'en', 'bulk', 'resume', '/nonexistent/x.jsonl'], createBulkDeps(fakeApi([])));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('journal /nonexistent/x.jsonl does not exist');
  });
});
