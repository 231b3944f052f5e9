// Names typed on the command line, in-process against the fake server: what an institution or category name
// resolved to is shown (the single-case result, the plan, a notice for filters); an ambiguous name is asked
// about on a terminal and refused elsewhere with the candidates; a typo is refused with "maksud Anda …?"
// (exit 2) before any write; status values are checked with suggestions and `--status a,b` works; tracking
// IDs are taken in any letter case and without dashes.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FakeApi } from '../helpers/fakeApi.js';
import { createBulkDeps, fakeApi, makeCase, runBulkCli } from './sample.js';

const CASES = () => [
  makeCase('LPR-2026-0003536', { status: 'submitted', institutionId: null, firstResponseAt: null }),
  makeCase('LPR-2026-0003537', { status: 'submitted', institutionId: null, firstResponseAt: null }),
  makeCase('LAP-1'),
  makeCase('LAP-2', { institutionId: 'denpasar.dinkes' }),
];

const writes = (fake: FakeApi) => fake.calls.filter((c) => c.startsWith('bulk') || c.startsWith('act'));
const listed = (fake: FakeApi) => fake.calls.filter((c) => c.startsWith('listCases')).map((c) => JSON.parse(c.slice('listCases '.length)) as Record<string, unknown>);

describe('the institution chosen is shown', () => {
  it('one case disposed by name names the institution it went to (id and name), in both languages', async () => {
    const fake = fakeApi(CASES());
    const en = await runBulkCli(['--lang', 'en', 'cases', 'dispose', 'LPR-2026-0003536', '--to', 'disdukcapil badung'], createBulkDeps(fake));
    expect(en.code).toBe(0);
    expect(en.out).toBe('LPR-2026-0003536: dispose to badung.disdukcapil (Dinas Kependudukan dan Pencatatan Sipil Badung) → Disposed (version 4)\n');
    expect(fake.cases.get('LPR-2026-0003536')?.institutionId).toBe('badung.disdukcapil');

    const id = await runBulkCli(['--lang', 'id', 'cases', 'dispose', 'LPR-2026-0003537', '--to', 'Kota Denpasar'], createBulkDeps(fake, { argv: ['--lang', 'id'] }));
    expect(id.code).toBe(0);
    expect(id.out).toBe('LPR-2026-0003537: disposisi ke denpasar (Pemerintah Kota Denpasar) → Terdisposisi (versi 4)\n');
  });

  it('says it in --format json too', async () => {
    const fake = fakeApi(CASES());
    const r = await runBulkCli(['--lang', 'en', 'cases', 'dispose', 'LPR-2026-0003536', '--to', 'pekerjaan umum', '--format', 'json'], createBulkDeps(fake));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ outcome: 'applied', institutionId: 'badung.dpupr', institutionName: 'Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Badung' });
  });

  it('the bulk plan names the target institution', async () => {
    const fake = fakeApi(CASES());
    const r = await runBulkCli(
      ['--lang', 'en', 'cases', 'dispose', 'LPR-2026-0003536', 'LPR-2026-0003537', '--to', 'kesehatan kota', '--dry-run'],
      createBulkDeps(fake),
    );
    expect(r.code).toBe(0);
    expect(r.err).toContain('Plan: dispose 2 cases (2 IDs named)\n  To institution:   denpasar.dinkes (Dinas Kesehatan Kota Denpasar)\n');
    expect(writes(fake)).toEqual([]);
  });

  it('a plan file names each target with its count', async () => {
    const fake = fakeApi(CASES());
    const deps = createBulkDeps(fake);
    const file = join(deps.paths.configDir, '..', 'rencana.csv');
    writeFileSync(file, ['trackingId,action,institution', 'lpr20260003536,dispose,kesehatan kota', 'LPR-2026-0003537,dispose,badung.dinkes'].join('\n'));
    const r = await runBulkCli(['--lang', 'en', 'bulk', 'apply', file, '--dry-run'], deps);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      '  To institution:   denpasar.dinkes (Dinas Kesehatan Kota Denpasar) 1 · badung.dinkes (Dinas Kesehatan Kabupaten Badung) 1\n',
    );
    expect(r.err).toContain('LPR-2026-0003536'); // the row's ID in its canonical form
  });
});

describe('an ambiguous name', () => {
  it('is asked about on a terminal, the candidates as choices, and the answer is used', async () => {
    const fake = fakeApi(CASES());
    const deps = createBulkDeps(fake, { tty: true, answers: [{ message: '"dinas kesehatan" matches several institutions; pick one', select: 'badung.dinkes' }] });
    const r = await runBulkCli(['--lang', 'en', 'cases', 'dispose', 'LPR-2026-0003536', '--to', 'dinas kesehatan'], deps);
    expect(r.code).toBe(0);
    expect(deps.prompter.questions.map((q) => q.choices.map((c) => c.name))).toEqual([
      [
        'bali.dinkes (Dinas Kesehatan Provinsi Bali)',
        'badung.dinkes (Dinas Kesehatan Kabupaten Badung)',
        'denpasar.dinkes (Dinas Kesehatan Kota Denpasar)',
      ],
    ]);
    expect(r.out).toContain('dispose to badung.dinkes (Dinas Kesehatan Kabupaten Badung)');
    deps.prompter.assertDone();
  });

  it('is refused without a terminal (exit 2), listing the candidates, sending nothing', async () => {
    const fake = fakeApi(CASES());
    const r = await runBulkCli(['--lang', 'id', 'cases', 'dispose', 'LPR-2026-0003536', '--to', 'dinas kesehatan'], createBulkDeps(fake, { argv: ['--lang', 'id'] }));
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      [
        'galat: "dinas kesehatan" cocok dengan 3 instansi:',
        '  bali.dinkes  Dinas Kesehatan Provinsi Bali',
        '  badung.dinkes  Dinas Kesehatan Kabupaten Badung',
        '  denpasar.dinkes  Dinas Kesehatan Kota Denpasar',
        'petunjuk: pakai kodenya, atau nama yang lebih lengkap',
        '',
      ].join('\n'),
    );
    expect(writes(fake)).toEqual([]);
  });
});

describe('a typo is answered with what was meant (exit 2), and nothing is written', () => {
  it('--to', async () => {
    const fake = fakeApi(CASES());
    const r = await runBulkCli(['--lang', 'id', 'cases', 'dispose', 'LPR-2026-0003536', '--to', 'disdukcapil badng'], createBulkDeps(fake, { argv: ['--lang', 'id'] }));
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      [
        'galat: instansi "disdukcapil badng" tidak dikenal; maksud Anda badung.disdukcapil (Dinas Kependudukan dan Pencatatan Sipil Badung)?',
        'petunjuk: cari kodenya dengan `lapor institutions list`',
        '',
      ].join('\n'),
    );
    expect(writes(fake)).toEqual([]);
  });

  it('--where institution= and --where category= of a bulk write', async () => {
    const fake = fakeApi(CASES());
    const r = await runBulkCli(['--lang', 'en', 'cases', 'close', '--where', 'institution=bdung', '--yes'], createBulkDeps(fake));
    expect(r.code).toBe(2);
    expect(r.err).toContain('error: no institution matches "bdung"; did you mean badung (Pemerintah Kabupaten Badung)?\n');
    const c = await runBulkCli(['--lang', 'en', 'cases', 'close', '--where', 'category=kesehtan', '--yes'], createBulkDeps(fake));
    expect(c.code).toBe(2);
    expect(c.err).toContain('error: no category matches "kesehtan"; did you mean kesehatan (Kesehatan)?\n');
    expect(writes(fake)).toEqual([]);
    expect(listed(fake)).toEqual([]);
  });

  it('cases edit --category: a name is resolved and shown, a typo refused', async () => {
    const fake = fakeApi(CASES());
    const r = await runBulkCli(['--lang', 'en', 'cases', 'edit', 'LAP-1', '--category', 'roads and bridges'], createBulkDeps(fake));
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe('category "roads and bridges" → Jalan dan jembatan (infrastruktur.jalan)\n');
    expect(fake.cases.get('LAP-1')?.categoryId).toBe('infrastruktur.jalan');
    const typo = await runBulkCli(['--lang', 'en', 'cases', 'edit', 'LAP-2', '--category', 'kesehtan'], createBulkDeps(fake));
    expect(typo.code).toBe(2);
    expect(typo.err).toContain('did you mean kesehatan (Kesehatan)?');
    expect(writes(fake)).toEqual(['act LAP-1 3 edit']);
  });

  it('a plan file cell', async () => {
    const fake = fakeApi(CASES());
    const deps = createBulkDeps(fake);
    const file = join(deps.paths.configDir, '..', 'rencana.csv');
    writeFileSync(file, ['trackingId,action,institution,category', 'LPR-2026-0003536,dispose,disdukcapil badng,', 'LAP-1,edit,,kesehtan'].join('\n'));
    const r = await runBulkCli(['--lang', 'en', 'bulk', 'apply', file, '--yes'], deps);
    expect(r.code).toBe(2);
    expect(r.err).toContain('  line 2, column institution: unknown institution "disdukcapil badng"; did you mean badung.disdukcapil?\n');
    expect(r.err).toContain('  line 3, column category: unknown category "kesehtan"; did you mean kesehatan?\n');
    expect(writes(fake)).toEqual([]);
  });

  it('a status value, in a flag or a --where term', async () => {
    const fake = fakeApi(CASES());
    const r = await runBulkCli(['--lang', 'id', 'cases', 'list', '--status', 'submited'], createBulkDeps(fake, { argv: ['--lang', 'id'] }));
    expect(r.code).toBe(2);
    expect(r.err).toContain("galat: nilai 'submited' tidak valid untuk --status <status...>: maksud Anda submitted? pilihan yang ada: submitted,");
    const w = await runBulkCli(['--lang', 'en', 'cases', 'close', '--where', 'status=in_progres', '--yes'], createBulkDeps(fake));
    expect(w.code).toBe(2);
    expect(w.err).toContain('status=in_progres is not valid; did you mean in_progress?');
    expect(fake.calls).toEqual([]);
  });
});

describe('filters by name', () => {
  it('cases list --institution and --category take names; the choice is shown on stderr; a typo is exit 2 before any listing', async () => {
    const fake = fakeApi(CASES());
    const r = await runBulkCli(['--lang', 'en', 'cases', 'list', '--institution', 'Kab. Badung', '--category', 'health', '--format', 'json'], createBulkDeps(fake));
    expect(r.code).toBe(0);
    expect(listed(fake)).toMatchObject([{ institution: 'badung', category: 'kesehatan' }]);
    expect(r.err).toBe('institution "Kab. Badung" → Pemerintah Kabupaten Badung (badung)\ncategory "health" → Kesehatan (kesehatan)\n');

    const typo = fakeApi(CASES());
    const t = await runBulkCli(['--lang', 'id', 'cases', 'list', '--institution', 'bdung'], createBulkDeps(typo, { argv: ['--lang', 'id'] }));
    expect(t.code).toBe(2);
    expect(t.err).toContain('galat: instansi "bdung" tidak dikenal; maksud Anda badung (Pemerintah Kabupaten Badung)?\n');
    expect(listed(typo)).toEqual([]);
  });

  it('an id is taken as it is, without a notice', async () => {
    const fake = fakeApi(CASES());
    const r = await runBulkCli(['--lang', 'en', 'cases', 'list', '--institution', 'badung', '--format', 'json'], createBulkDeps(fake));
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(listed(fake)).toMatchObject([{ institution: 'badung' }]);
  });

  it('--where institution=<name> selects by the id it resolves to', async () => {
    const fake = fakeApi(CASES());
    const r = await runBulkCli(['--lang', 'en', 'cases', 'close', '--where', 'institution=kota denpasar', '--dry-run'], createBulkDeps(fake));
    expect(r.code).toBe(0);
    expect(listed(fake)).toMatchObject([{ institution: 'denpasar' }]);
    expect(r.err).toContain('Plan: close 1 cases (institution=denpasar)\n');
  });

  it('triage --institution with a typo is refused before the queue is read', async () => {
    const fake = fakeApi(CASES());
    const r = await runBulkCli(['--lang', 'en', 'triage', '--institution', 'bdung'], createBulkDeps(fake, { tty: true }));
    expect(r.code).toBe(2);
    expect(r.err).toContain('did you mean badung (Pemerintah Kabupaten Badung)?');
    expect(listed(fake)).toEqual([]);
  });
});

describe('--status a,b', () => {
  it('lists the same cases as --status a --status b and as --where status=a,b', async () => {
    const run = async (argv: string[]) => {
      const fake = fakeApi(CASES());
      const r = await runBulkCli(['--lang', 'en', ...argv], createBulkDeps(fake));
      expect(r.code, argv.join(' ')).toBe(0);
      return { out: r.out, query: listed(fake)[0] };
    };
    const comma = await run(['cases', 'list', '--status', 'submitted,disposed', '--format', 'json']);
    const repeated = await run(['cases', 'list', '--status', 'submitted', '--status', 'disposed', '--format', 'json']);
    const spaced = await run(['cases', 'list', '--status', 'submitted', 'disposed', '--format', 'json']);
    expect(comma.query.status).toEqual(['submitted', 'disposed']);
    expect(repeated).toEqual(comma);
    expect(spaced).toEqual(comma);
    expect((JSON.parse(comma.out) as { trackingId: string }[]).map((c) => c.trackingId)).toEqual(['LPR-2026-0003536', 'LPR-2026-0003537']);
    const where = await run(['cases', 'close', '--where', 'status=submitted,disposed', '--dry-run', '--format', 'json']);
    expect(where.query.status).toBe('submitted,disposed');
  });
});

describe('tracking IDs in any letter case, with or without dashes', () => {
  it('cases show, history and the action verbs ask for the canonical ID', async () => {
    const fake = fakeApi(CASES());
    expect((await runBulkCli(['--lang', 'en', 'cases', 'show', 'lpr20260003536', '--format', 'json'], createBulkDeps(fake))).code).toBe(0);
    expect((await runBulkCli(['--lang', 'en', 'cases', 'history', 'lpr-2026-0003536'], createBulkDeps(fake))).code).toBe(0);
    const r = await runBulkCli(['--lang', 'en', 'cases', 'dispose', 'Lpr20260003536', '--to', 'badung.dinkes'], createBulkDeps(fake));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^LPR-2026-0003536: dispose to badung\.dinkes/);
    const bulk = await runBulkCli(['--lang', 'en', 'cases', 'close', 'lpr20260003536', 'LPR-2026-0003536', 'lap-1', '--dry-run'], createBulkDeps(fake));
    expect(bulk.err).toContain('Plan: close 2 cases (2 IDs named)'); // the same case twice is one; lap-1 is not of the server's form
    expect(fake.calls.filter((c) => c.startsWith('getCase') || c.startsWith('caseEvents') || c.startsWith('act'))).toEqual([
      'getCase LPR-2026-0003536',
      'caseEvents LPR-2026-0003536',
      'caseEvents LPR-2026-0003536',
      'getCase LPR-2026-0003536',
      'act LPR-2026-0003536 3 dispose',
      'getCase LPR-2026-0003536',
      'getCase lap-1',
    ]);
  });
});
