// lapor triage in-process: scripted answers, a stateful fake API running the real state machine with
// If-Match, and the exit codes from the one error reporter (runCli).

import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { renderCaseCard, usualInstitution, wrap, type TriageReference } from '../../src/commands/triage/render.js';
import { createRenderContext } from '../../src/io/format.js';
import { createTestIOStreams } from '../../src/io/testing.js';
import { makeCase, NOW } from '../helpers/cases.js';
import { CATEGORIES, CHANNELS, INSTITUTIONS } from '../helpers/reference.js';
import { createTriageDeps, sampleCases, triageApi, type TriageDeps } from './sample.js';
import type { ScriptedAnswer } from '../../src/io/prompter.js';
import type { Case } from '../../src/domain/types.js';

const DECIDE = /^Decision for /;

async function triage(deps: TriageDeps, args: string[] = []): Promise<number> {
  return runCli(['triage', ...args], deps);
}

function run(answers: ScriptedAnswer[], options: Parameters<typeof createTriageDeps>[0] = {}) {
  return createTriageDeps({ ...options, answers });
}

const stored = (deps: TriageDeps, id: string): Case => {
  const c = deps.fake.cases.get(id);
  if (!c) throw new Error(`no case ${id}`);
  return c;
};

describe('lapor triage: decisions', () => {
  it('walks the queue most urgent first and disposes to the suggested institution, offered first', async () => {
    const deps = run([
      { message: 'Decision for LAP-1?', select: 'dispose' },
      { message: 'Dispose LAP-1 to institution (type to search)', search: 'denpasar.dpupr' },
      { message: 'Decision for LAP-2?', select: 'quit' },
    ]);
    expect(await triage(deps)).toBe(0);
    deps.prompter.assertDone();

    // the category's usual institution comes first, marked; inactive ones are not offered; "Back" is last
    const search = deps.prompter.questions.find((q) => q.kind === 'search');
    expect(search?.choices[0]).toEqual({
      name: '★ Dinas PUPR Kota Denpasar (denpasar.dpupr)',
      value: 'denpasar.dpupr',
      description: 'the usual institution for this category',
    });
    expect(search?.choices.map((c) => c.value)).not.toContain('denpasar.bappeda');
    expect(search?.choices.at(-1)).toEqual({ name: '← Back', value: null });

    expect(deps.fake.acts).toEqual([
      { trackingId: 'LAP-1', version: 1, request: { action: 'dispose', institutionId: 'denpasar.dpupr' }, status: 200 },
    ]);
    expect(stored(deps, 'LAP-1')).toMatchObject({ status: 'disposed', institutionId: 'denpasar.dpupr', version: 2 });
    const err = deps.io.errText();
    expect(err).toContain('── Case 1 · LAP-1 · Not verified ');
    expect(err).toContain('Jalan berlubang di Jl. Gatot Subroto Barat');
    expect(err).toMatch(/Verify: +3 days overdue/);
    expect(err).toContain('✓ LAP-1 disposed to Dinas PUPR Kota Denpasar (denpasar.dpupr)');
    expect(err).toContain('── Case 2 · LAP-2 · Not verified ');
    expect(deps.io.outText()).toBe('Triage: 1 disposed · 0 postponed · 0 archived · 0 edited · 0 skipped\n');
  });

  it('searches institutions by words of the name or code; the suggestion goes first only when it matches', async () => {
    const deps = run([
      { select: 'dispose' },
      { search: 'badung.dinkes', term: 'dinas kesehatan' },
      { select: 'quit' },
    ]);
    expect(await triage(deps)).toBe(0);
    const search = deps.prompter.questions.find((q) => q.kind === 'search');
    expect(search?.choices.map((c) => c.value)).toEqual(['bali.dinkes', 'badung.dinkes', 'denpasar.dinkes', null]);
    expect(stored(deps, 'LAP-1')).toMatchObject({ status: 'disposed', institutionId: 'badung.dinkes' });
  });

  it('postpones with a required note, archives with a reason and an optional note, skips, and counts them', async () => {
    const deps = run([
      { message: DECIDE, select: 'postpone' },
      { message: /^Postponement note/, input: '  Mohon lengkapi alamat lokasi  ' },
      { message: 'Decision for LAP-2?', select: 'archive' },
      { message: 'Archive reason for LAP-2', select: 'duplicate' },
      { message: /^Note \(optional/, input: '' },
      { message: 'Decision for LAP-3?', select: 'skip' },
    ]);
    expect(await triage(deps)).toBe(0);
    deps.prompter.assertDone();
    expect(deps.fake.acts.map((a) => [a.trackingId, a.request])).toEqual([
      // sent as typed: a note is never trimmed (domain/text.ts)
      ['LAP-1', { action: 'postpone', note: '  Mohon lengkapi alamat lokasi  ' }],
      ['LAP-2', { action: 'archive', reason: 'duplicate' }],
    ]);
    expect(stored(deps, 'LAP-1').status).toBe('postponed');
    expect(stored(deps, 'LAP-2')).toMatchObject({ status: 'archived', archiveReason: 'duplicate' });
    expect(stored(deps, 'LAP-3')).toMatchObject({ status: 'submitted', version: 1 });
    expect(deps.fake.events.map((e) => e.note)).toEqual(['  Mohon lengkapi alamat lokasi  ', 'duplicate']);
    expect(deps.io.errText()).toContain('End of the verification queue');
    expect(deps.io.outText()).toBe('Triage: 0 disposed · 1 postponed · 1 archived · 0 edited · 1 skipped\n');
  });

  it('refuses an empty postponement note at the prompt', async () => {
    const deps = run([{ select: 'postpone' }, { input: '   ' }]);
    expect(await triage(deps)).toBe(1);
    expect(deps.io.errText()).toContain('a note is required');
    expect(deps.fake.acts).toEqual([]);
  });

  it('"Back" in a sub-question returns to the same case', async () => {
    const deps = run([
      { select: 'archive' },
      { select: null },
      { select: 'dispose' },
      { search: null, term: 'no such institution' },
      { select: 'skip' },
      { select: 'quit' },
    ]);
    expect(await triage(deps)).toBe(0);
    deps.prompter.assertDone();
    expect(deps.fake.acts).toEqual([]);
    expect(deps.prompter.asked).toEqual([
      'Decision for LAP-1?',
      'Archive reason for LAP-1',
      'Decision for LAP-1?',
      'Dispose LAP-1 to institution (type to search)',
      'Decision for LAP-1?',
      'Decision for LAP-2?',
    ]);
  });

  it('edits the category, shows the case again and then disposes it to the new category’s usual institution', async () => {
    const deps = run([
      { message: 'Decision for LAP-1?', select: 'edit' },
      { message: 'Edit what on LAP-1?', select: 'category' },
      { message: 'New category (type to search)', search: 'kesehatan.bpjs', term: 'bpjs' },
      { message: 'Decision for LAP-1?', select: 'edit' },
      { message: 'Edit what on LAP-1?', select: 'confidential' },
      { message: 'Decision for LAP-1?', select: 'dispose' },
      { message: /^Dispose LAP-1/, search: 'bali.dinkes' },
      { message: 'Decision for LAP-2?', select: 'quit' },
    ]);
    expect(await triage(deps)).toBe(0);
    deps.prompter.assertDone();
    expect(deps.fake.acts.map((a) => [a.version, a.request])).toEqual([
      [1, { action: 'edit', changes: { categoryId: 'kesehatan.bpjs' } }],
      [2, { action: 'edit', changes: { confidential: true } }],
      [3, { action: 'dispose', institutionId: 'bali.dinkes' }],
    ]);
    expect(stored(deps, 'LAP-1')).toMatchObject({
      categoryId: 'kesehatan.bpjs',
      confidential: true,
      status: 'disposed',
      institutionId: 'bali.dinkes',
      version: 4,
    });
    // the edit menu names the current values; the new category's hint comes from its parent
    const editMenu = deps.prompter.questions.find((q) => q.message === 'Edit what on LAP-1?');
    expect(editMenu?.choices.map((c) => c.name)).toEqual([
      'Classification: Complaint',
      'Category: Roads and bridges (infrastruktur.jalan)',
      'Anonymous: no → yes',
      'Confidential: no → yes',
      '← Back',
    ]);
    const dispose = deps.prompter.questions.find((q) => q.kind === 'search' && q.message.startsWith('Dispose'));
    expect(dispose?.choices[0].value).toBe('bali.dinkes');
    const err = deps.io.errText();
    expect(err).toContain('✓ LAP-1 edited: Category: BPJS Health insurance (kesehatan.bpjs)');
    expect(err).toContain('✓ LAP-1 edited: Confidential: no → yes');
    // shown three times: before each decision
    expect(err.match(/── Case 1 · LAP-1 /g)).toHaveLength(3);
    expect(err).toMatch(/Flags: +confidential/);
    expect(deps.io.outText()).toBe('Triage: 1 disposed · 0 postponed · 0 archived · 2 edited · 0 skipped\n');
  });

  it('edits the classification and toggles anonymity', async () => {
    const deps = run([
      { select: 'edit' },
      { select: 'classification' },
      { message: 'New classification', select: 'information_request' },
      { select: 'edit' },
      { select: 'anonymous' },
      { select: 'skip' },
      { select: 'quit' },
    ]);
    expect(await triage(deps)).toBe(0);
    const classification = deps.prompter.questions.find((q) => q.message === 'New classification');
    expect(classification?.choices.map((c) => c.value)).toEqual(['aspiration', 'information_request', null]);
    expect(stored(deps, 'LAP-1')).toMatchObject({ classification: 'information_request', anonymous: true, status: 'submitted', version: 3 });
  });
});

describe('lapor triage: someone else changed the case', () => {
  it('412: fetches the case again, shows it again with a notice, and applies the new decision on the new version', async () => {
    const api = triageApi();
    let once = true;
    api.beforeAct = ({ trackingId }, fake) => {
      if (once && trackingId === 'LAP-1') {
        once = false;
        fake.actAsOther('LAP-1', { action: 'edit', changes: { title: 'Jalan berlubang (judul diperbaiki orang lain)' } });
      }
    };
    const deps = run(
      [
        { message: 'Decision for LAP-1?', select: 'dispose' },
        { search: 'denpasar.dpupr' },
        { message: 'Decision for LAP-1?', select: 'dispose' },
        { search: 'badung.pupr', term: 'badung pupr' },
        { message: 'Decision for LAP-2?', select: 'quit' },
      ],
      { api },
    );
    expect(await triage(deps)).toBe(0);
    deps.prompter.assertDone();
    expect(api.acts.map((a) => [a.version, a.status, a.request])).toEqual([
      [1, 412, { action: 'dispose', institutionId: 'denpasar.dpupr' }],
      [2, 200, { action: 'dispose', institutionId: 'badung.pupr' }],
    ]);
    // the other admin's change was kept, not overwritten
    expect(stored(deps, 'LAP-1')).toMatchObject({
      title: 'Jalan berlubang (judul diperbaiki orang lain)',
      status: 'disposed',
      institutionId: 'badung.pupr',
      version: 3,
    });
    const err = deps.io.errText();
    expect(err).toContain('LAP-1 was changed by someone else meanwhile (version 1 → 2); here is the current case, nothing was overwritten.');
    const second = err.slice(err.indexOf('was changed by someone else') - 2000);
    expect(second).toContain('Jalan berlubang (judul diperbaiki orang lain)');
    expect(err).not.toContain('✓ LAP-1 disposed to Dinas PUPR Kota Denpasar');
    expect(deps.io.outText()).toBe('Triage: 1 disposed · 0 postponed · 0 archived · 0 edited · 0 skipped\n');
  });

  it('a case another admin disposed meanwhile is shown again with a notice and passed over, never overwritten', async () => {
    const api = triageApi();
    api.beforeAct = ({ trackingId }, fake) => {
      if (trackingId === 'LAP-1' && fake.cases.get('LAP-1')?.status === 'submitted') {
        fake.actAsOther('LAP-1', { action: 'dispose', institutionId: 'bali.dinkes' });
      }
    };
    const deps = run([{ select: 'archive' }, { select: 'spam' }, { input: 'iklan' }, { message: 'Decision for LAP-2?', select: 'quit' }], {
      api,
    });
    expect(await triage(deps)).toBe(0);
    deps.prompter.assertDone();
    expect(api.acts.map((a) => a.status)).toEqual([412]);
    expect(stored(deps, 'LAP-1')).toMatchObject({ status: 'disposed', institutionId: 'bali.dinkes', archiveReason: null });
    const err = deps.io.errText();
    expect(err).toContain('LAP-1 was already handled by someone else (now Disposed); nothing was overwritten, moving on');
    expect(err.match(/── Case 1 · LAP-1 /g)).toHaveLength(2); // shown again, in its new state
    expect(err).toContain('── Case 1 · LAP-1 · Disposed');
    expect(deps.io.outText()).toBe(
      'Triage: 0 disposed · 0 postponed · 0 archived · 0 edited · 0 skipped\n1 cases were handled by someone else and passed over\n',
    );
  });

  it('409 (same version, other state) is treated like 412: fetched again, not overwritten', async () => {
    const api = triageApi();
    // another admin postponed LAP-1 and the fake answers 409 without a version change (as a bulk item would)
    api.beforeAct = ({ trackingId, version }, fake) => {
      const c = fake.cases.get(trackingId);
      if (trackingId === 'LAP-1' && c?.status === 'submitted') fake.cases.set(trackingId, { ...c, status: 'postponed', version });
    };
    const deps = run([{ select: 'dispose' }, { search: 'denpasar.dpupr' }, { select: 'quit' }], { api });
    expect(await triage(deps)).toBe(0);
    expect(api.acts.map((a) => a.status)).toEqual([409]);
    expect(stored(deps, 'LAP-1').status).toBe('postponed');
    expect(deps.io.errText()).toContain('LAP-1 was already handled by someone else (now Postponed)');
  });

  it('passes over, without asking, a listed case that left the queue before it was shown', async () => {
    const api = triageApi();
    const deps = run([{ message: 'Decision for LAP-2?', select: 'quit' }], { api });
    // the listing is taken first; LAP-1 is disposed by someone else before triage fetches it
    const list = api.listCases.bind(api);
    api.listCases = async (q) => {
      const page = await list(q);
      if (api.cases.get('LAP-1')?.status === 'submitted') api.actAsOther('LAP-1', { action: 'dispose', institutionId: 'bali.dinkes' });
      return page;
    };
    expect(await triage(deps)).toBe(0);
    deps.prompter.assertDone();
    const err = deps.io.errText();
    expect(err).toContain('LAP-1 was already handled by someone else');
    expect(err).not.toContain('LAP-1 · Not verified');
    expect(err).toContain('── Case 1 · LAP-2 ');
  });

  it('a refused decision (422) is shown as a notice and the same case is asked again', async () => {
    const api = triageApi();
    const deps = run([{ select: 'dispose' }, { search: 'bali', term: 'pemerintah provinsi' }, { select: 'skip' }, { select: 'quit' }], { api });
    api.act = async (trackingId, version, request) => {
      api.calls.push(`act ${trackingId}`);
      const { apiErrorFor } = await import('../../src/api/errors.js');
      const institutionId = 'institutionId' in request ? request.institutionId : '';
      throw apiErrorFor({
        method: 'POST',
        path: '/x',
        status: 422,
        type: '/problems/unprocessable',
        title: 'Unprocessable entity',
        detail: `institution ${institutionId} is outside your subtree (v${version})`,
        reason: 'institution-outside-scope',
        params: { institutionId },
      });
    };
    expect(await triage(deps)).toBe(0);
    deps.prompter.assertDone();
    // worded from the client's catalogue by the problem's reason, not the server's detail
    expect(deps.io.errText()).toContain('refused: institution bali is outside your institution’s scope');
    expect(deps.io.errText()).not.toContain('(v1)');
    expect(deps.io.outText()).toBe('Triage: 0 disposed · 0 postponed · 0 archived · 0 edited · 1 skipped\n');
  });
});

describe('lapor triage: cancel, quit, limits', () => {
  it('Ctrl-C mid-way: exit 130, the summary of what was applied, and the earlier decisions kept', async () => {
    const deps = run([
      { message: 'Decision for LAP-1?', select: 'dispose' },
      { search: 'denpasar.dpupr' },
      { message: 'Decision for LAP-2?', select: 'archive' },
      { message: 'Archive reason for LAP-2', cancel: true },
    ]);
    expect(await triage(deps)).toBe(130);
    deps.prompter.assertDone();
    expect(stored(deps, 'LAP-1')).toMatchObject({ status: 'disposed', institutionId: 'denpasar.dpupr' });
    expect(stored(deps, 'LAP-2')).toMatchObject({ status: 'submitted', version: 1 });
    expect(deps.fake.acts).toHaveLength(1);
    expect(deps.io.outText()).toBe(
      'Triage: 1 disposed · 0 postponed · 0 archived · 0 edited · 0 skipped\nTriage cancelled; the decisions already applied stay applied\n',
    );
    expect(deps.io.errText()).toMatch(/error: cancelled\n$/);
  });

  it('Ctrl-C at the very first question: exit 130, nothing sent but reads', async () => {
    const deps = run([{ cancel: true }], { lang: 'id' });
    expect(await triage(deps)).toBe(130);
    expect(deps.fake.acts).toEqual([]);
    expect(deps.io.outText()).toBe(
      'Triase: 0 didisposisi · 0 ditunda · 0 diarsipkan · 0 diubah · 0 dilewati\nTriase dibatalkan; keputusan yang sudah diterapkan tetap berlaku\n',
    );
    expect(deps.io.errText()).toContain('galat: dibatalkan');
  });

  it('quit ends at once with exit 0; later cases are never fetched', async () => {
    const deps = run([{ select: 'skip' }, { select: 'quit' }]);
    expect(await triage(deps)).toBe(0);
    expect(deps.fake.calls.filter((c) => c.startsWith('getCase'))).toEqual(['getCase LAP-1', 'getCase LAP-2']);
    expect(deps.io.outText()).toBe('Triage: 0 disposed · 0 postponed · 0 archived · 0 edited · 1 skipped\n');
  });

  it('--limit stops after N cases', async () => {
    const deps = run([{ select: 'skip' }, { select: 'skip' }]);
    expect(await triage(deps, ['--limit', '2'])).toBe(0);
    deps.prompter.assertDone();
    expect(deps.io.errText()).toContain('Reached --limit 2');
    expect(deps.fake.calls.find((c) => c.startsWith('listCases'))).toBe('listCases {"status":"submitted","sort":"verifyDueAt","limit":2}');
  });

  it('--institution and --category narrow the queue (subtrees) and go to the server', async () => {
    const cases = [
      ...sampleCases(),
      makeCase({ trackingId: 'LAP-B1', institutionId: 'badung.dinkes', categoryId: 'kesehatan.bpjs', verifyDueAt: '2026-11-30T15:59:59.999Z' }),
      makeCase({ trackingId: 'LAP-B2', institutionId: 'badung', categoryId: 'infrastruktur.jalan', verifyDueAt: '2026-11-10T15:59:59.999Z' }),
    ];
    const deps = run([{ message: 'Decision for LAP-B1?', select: 'skip' }], { api: triageApi(cases) });
    expect(await triage(deps, ['--institution', 'badung', '--category', 'kesehatan'])).toBe(0);
    deps.prompter.assertDone();
    expect(deps.fake.calls.find((c) => c.startsWith('listCases'))).toBe(
      'listCases {"status":"submitted","institution":"badung","category":"kesehatan","sort":"verifyDueAt","limit":50}',
    );
  });

  it('a 10,000-case queue starts with one page of 50 and reads no further than it walks', async () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      makeCase({ trackingId: `LAP-${String(i).padStart(5, '0')}`, verifyDueAt: new Date(Date.parse('2026-11-01T00:00:00Z') + i * 60_000).toISOString() }),
    );
    const deps = run([{ message: 'Decision for LAP-00000?', select: 'skip' }, { message: 'Decision for LAP-00001?', select: 'quit' }], {
      api: triageApi(many),
    });
    expect(await triage(deps)).toBe(0);
    expect(deps.fake.calls.filter((c) => c.startsWith('listCases'))).toHaveLength(1);
  });

  it('an empty queue says so and exits 0', async () => {
    const deps = run([], { api: triageApi([]) });
    expect(await triage(deps)).toBe(0);
    expect(deps.io.errText()).toContain('The verification queue is empty');
    expect(deps.io.outText()).toBe('Triage: 0 disposed · 0 postponed · 0 archived · 0 edited · 0 skipped\n');
  });

  it('an institution admin is offered only institutions inside its subtree', async () => {
    const cases = [makeCase({ trackingId: 'LAP-B', institutionId: 'badung', categoryId: 'kesehatan' })];
    const api = triageApi(cases, { name: 'admin.badung', role: 'institution_admin', institutionId: 'badung' });
    const deps = run([{ select: 'dispose' }, { search: 'badung.dinkes' }], { api });
    expect(await triage(deps)).toBe(0);
    const search = deps.prompter.questions.find((q) => q.kind === 'search');
    // bali.dinkes (the category's usual institution) is outside badung: not offered, so nothing is marked
    expect(search?.choices.map((c) => c.value)).toEqual(['badung', 'badung.dinkes', 'badung.disdukcapil', 'badung.dpupr', 'badung.pupr', null]);
    expect(stored(deps, 'LAP-B')).toMatchObject({ status: 'disposed', institutionId: 'badung.dinkes' });
  });
});

describe('lapor triage: refusals before any request', () => {
  it('not a terminal: exit 2, a hint to the scripted verbs, no request', async () => {
    const deps = run([], { tty: false });
    expect(await triage(deps)).toBe(2);
    expect(deps.fake.calls).toEqual([]);
    expect(deps.io.outText()).toBe('');
    expect(deps.io.errText()).toBe(
      'error: triage is interactive and needs a terminal (stdin and stdout)\n' +
        'hint: in scripts use `lapor cases dispose <ID…> --to <institution> --yes` (also postpone, archive) or `lapor bulk apply plan.csv`\n',
    );
  });

  it('--yes does not apply to triage: exit 2 on a terminal too, no request', async () => {
    for (const tty of [true, false]) {
      const deps = run([], { tty, lang: 'id' });
      expect(await triage(deps, ['--yes'])).toBe(2);
      expect(deps.fake.calls).toEqual([]);
      expect(deps.io.errText()).toContain('galat: --yes tidak berlaku untuk triase: setiap laporan diputuskan satu per satu');
      expect(deps.io.errText()).toContain('lapor bulk apply rencana.csv');
    }
  });

  it('a bad --limit is a usage error', async () => {
    const deps = run([]);
    expect(await triage(deps, ['--limit', '0'])).toBe(2);
    expect(deps.fake.calls).toEqual([]);
  });

  it('a token that may not dispose: exit 4 before any case is shown', async () => {
    const api = triageApi(sampleCases(), { name: 'liaison', role: 'liaison', institutionId: 'badung' });
    const deps = run([], { api });
    expect(await triage(deps)).toBe(4);
    expect(deps.io.errText()).toContain('triage needs an admin token (national or institution); this token has the role');
    expect(api.calls.filter((c) => c.startsWith('listCases'))).toEqual([]);
    expect(deps.io.outText()).toBe('');
  });

  it('help explains why there is no --yes and what to use instead', async () => {
    const deps = run([]);
    expect(await triage(deps, ['--help'])).toBe(0);
    const help = deps.io.outText();
    expect(help).toContain('Triage is interactive only');
    expect(help).toContain('lapor bulk apply plan.csv');
    expect(help).not.toContain('-y, --yes'); // the hidden option is not offered
  });
});

describe('the case card', () => {
  const refIn = (lang: 'en' | 'id'): TriageReference => ({
    institutions: INSTITUTIONS,
    categories: CATEGORIES,
    channels: new Map(CHANNELS.map((ch) => [ch.id, lang === 'en' ? ch.nameEn : ch.name])),
  });
  const ref = refIn('en');
  const longBody = Array.from({ length: 40 }, (_, i) => `kalimat ${i + 1} tentang jalan rusak.`).join(' ') + '\n\nParagraf kedua \x1b[31mmerah\x1b[0m.';
  const c = makeCase({
    trackingId: 'LAP-2026-000201',
    title: 'Jalan berlubang di Jl. Gatot Subroto Barat',
    body: longBody,
    district: 'Denpasar Barat',
    village: 'Pemecutan Klod',
    anonymous: true,
    confidential: true,
    institutionId: 'denpasar',
    submittedAt: '2026-11-16T01:00:00.000Z',
    verifyDueAt: '2026-11-19T15:59:59.999Z',
  });

  it('renders the golden card (English and Indonesian), the body cut to six lines', async () => {
    for (const lang of ['en', 'id'] as const) {
      const ctx = createRenderContext(createTestIOStreams({ tty: true, color: false, width: 80 }), lang, NOW);
      const card = renderCaseCard(c, 7, refIn(lang), ctx);
      expect(card).not.toContain('\x1b');
      for (const line of card.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
      await expect(card).toMatchFileSnapshot(`golden/card.${lang}.txt`);
    }
  });

  it('shows an overdue verify clock in red and a running one uncoloured', () => {
    const ctx = createRenderContext(createTestIOStreams({ tty: true, color: true, width: 80 }), 'en', NOW);
    expect(renderCaseCard(c, 1, ref, ctx)).toContain('\x1b[31m3 days overdue\x1b[39m');
    const running = renderCaseCard(makeCase({ trackingId: 'X' }), 1, ref, ctx);
    expect(running).toMatch(/Verify:\x1b\[22m +in 2 days\n/);
  });

  it('shows a confidential case redacted for this token as hidden', () => {
    const ctx = createRenderContext(createTestIOStreams({ tty: true, width: 80 }), 'en', NOW);
    const card = renderCaseCard(makeCase({ trackingId: 'X', title: null, body: null, confidential: true }), 1, ref, ctx);
    expect(card).toContain('(hidden: confidential case)');
  });

  it('finds the usual institution up the category tree and wraps long words', () => {
    expect(usualInstitution('kesehatan.bpjs', CATEGORIES)).toBe('bali.dinkes');
    expect(usualInstitution('lingkungan', CATEGORIES)).toBeNull();
    expect(usualInstitution(null, CATEGORIES)).toBeNull();
    expect(wrap('a bb ccc dddddddddd e', 4)).toEqual(['a bb', 'ccc', 'dddd', 'dddd', 'dd e']);
  });
});
