// `lapor __complete <words…>` in-process over the one test Deps: the candidates the shell scripts of `lapor
// completion` offer (cobra's protocol: `value[<TAB>description]` lines, then the directive `:N`). The real
// shells drive the same command in test/cli/completion-shells.test.ts.

import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/api/client.js';
import { COMMANDS } from '../../src/cli/program.js';
import { complete as completeWords } from '../../src/commands/completion/candidates.js';
import { CACHE_TTL_MS } from '../../src/commands/completion/complete.js';
import { SCRIPTS } from '../../src/commands/completion/completion.js';
import { STATUSES } from '../../src/domain/types.js';
import { createTestDeps, run, runWith, type TestDeps } from '../helpers/deps.js';
import { INSTITUTIONS } from '../helpers/reference.js';
import { DATA } from '../helpers/sample.js';

interface Completed {
  values: string[];
  descriptions: Record<string, string>;
  directive: number;
  code: number;
  err: string;
}

function parse(r: { code: number; out: string; err: string }): Completed {
  const lines = r.out.split('\n').filter((l) => l !== '');
  const last = lines.pop() ?? '';
  expect(last, r.out).toMatch(/^:\d+$/);
  const descriptions: Record<string, string> = {};
  const values = lines.map((l) => {
    const [value, description] = l.split('\t');
    if (description !== undefined) descriptions[value] = description;
    return value;
  });
  return { values, descriptions, directive: Number(last.slice(1)), code: r.code, err: r.err };
}

/** `lapor __complete -- <words>` (the last word is the one at the cursor). */
async function complete(words: string[], deps: TestDeps = createTestDeps({ lang: 'en' })): Promise<Completed> {
  // one Deps may serve several runs (a cache, a config): read only what this run wrote
  const [outBefore, errBefore] = [deps.io.outText().length, deps.io.errText().length];
  const r = await runWith(['__complete', '--', ...words], deps);
  const c = parse({ code: r.code, out: r.out.slice(outBefore), err: r.err.slice(errBefore) });
  expect(c.code, c.err).toBe(0);
  expect(c.err).toBe('');
  return c;
}

describe('lapor __complete: the command tree', () => {
  it('offers every top-level command with its summary, and not itself', async () => {
    const c = await complete(['']);
    expect(c.values).toEqual([...Object.keys(COMMANDS).filter((n) => n !== '__complete'), 'help']);
    expect(c.descriptions.cases).toMatch(/^Cases: list, show/);
    expect(c.directive).toBe(4);
  });

  it('completes a noun, then its verbs from a prefix', async () => {
    expect((await complete(['ca'])).values).toEqual(['cases', 'categories', 'calendar']);
    expect((await complete(['cases', 'l'])).values).toEqual(['list']);
    expect((await complete(['cases', 're'])).values).toEqual(['redispose', 'return', 'resume', 'respond', 'reopen']);
    expect((await complete(['help', 'bulk', ''])).values).toEqual(['apply', 'resume', 'status', 'help']);
    // global options before the noun are stepped over, values and all
    expect((await complete(['--lang', 'en', 'bulk', 'st'])).values).toEqual(['status']);
  });

  it('offers the flags of THAT command (and the global ones), each once', async () => {
    const triage = await complete(['triage', '--']);
    expect(triage.values).not.toContain('--yes');
    expect(triage.values).toEqual(expect.arrayContaining(['--institution', '--limit', '--help', '--lang', '--api']));
    expect(new Set(triage.values).size).toBe(triage.values.length);
    const dispose = await complete(['cases', 'dispose', '--']);
    expect(dispose.values).toEqual(expect.arrayContaining(['--to', '--yes', '--dry-run', '--where', '--note']));
    // described in the language of the run, as the program's own help flag (not Commander's English)
    expect(dispose.descriptions['--help']).toBe('show help');
    // --version belongs to the program only
    expect(dispose.values).not.toContain('--version');
    expect((await complete(['--v'])).values).toEqual(['--version']);
  });

  it('offers flags after positional arguments and after option values', async () => {
    expect((await complete(['cases', 'show', 'LAP-2026-000201', '--f'])).values).toEqual(['--format', '--fields']);
    expect((await complete(['cases', 'list', '--status', 'submitted', '--o'])).values).toEqual(['--overdue']);
    // a flag already given is not offered again; one that adds up (--where) is
    const again = await complete(['cases', 'close', '--note', 'x', '--where', 'status=disposed', '--']);
    expect(again.values).not.toContain('--note');
    expect(again.values).toContain('--where');
    // a command that takes no (more) arguments offers its flags at a new word
    expect((await complete(['cases', 'list', ''])).values).toContain('--status');
  });

  it('prints `completion <TAB>` as the three shells, once each (no `--help --help`)', async () => {
    const c = await complete(['completion', '']);
    expect(c.values).toEqual(['bash', 'zsh', 'fish']);
    expect(c.directive).toBe(4);
  });
});

describe('lapor __complete: values', () => {
  it("an option's declared choices: --status (the statuses not chosen yet), --format, --lang, --content", async () => {
    expect((await complete(['cases', 'list', '--status', ''])).values).toEqual([...STATUSES]);
    expect((await complete(['cases', 'list', '--status', 'submitted', 'disposed', ''])).values).toEqual(
      STATUSES.filter((s) => s !== 'submitted' && s !== 'disposed'),
    );
    expect((await complete(['cases', 'list', '--status', 'in'])).values).toEqual(['in_progress']);
    expect((await complete(['cases', 'list', '--format', ''])).values).toEqual(['table', 'json', 'ndjson', 'csv']);
    expect((await complete(['cases', 'list', '--format=n'])).values).toEqual(['--format=ndjson']);
    expect((await complete(['--lang', ''])).values).toEqual(['id', 'en']);
    expect((await complete(['export', 'cases', '--content', 'f'])).values).toEqual(['full']);
    expect((await complete(['sla', 'overdue', '--clock', ''])).values).toEqual(['verify', 'response', 'completion']);
  });

  it('--where of the bulk verbs: the filter names (no space after `key=`), then the values of that filter', async () => {
    const keys = await complete(['cases', 'close', '--where', '']);
    expect(keys.values).toEqual(['status=', 'institution=', 'category=', 'classification=', 'channel=', 'from=', 'to=', 'overdue=', 'escalated=', 'q=', 'copiedTo=', 'draft=']);
    expect(keys.directive).toBe(2 | 4);
    expect((await complete(['cases', 'close', '--where', 'status=in'])).values).toEqual(['status=in_progress']);
    expect((await complete(['cases', 'archive', '--where', 'overdue='])).values).toEqual(['overdue=verify', 'overdue=response', 'overdue=completion']);
    expect((await complete(['cases', 'dispose', '--where', 'institution=badung.dp'])).values).toEqual(['institution=badung.dpupr']);
    expect((await complete(['cases', 'close', '--where', 'from=2026'])).values).toEqual([]);
    expect((await complete(['cases', 'close', '--where=status=sub'])).values).toEqual(['--where=status=submitted']);
  });

  it('statuses as a comma list: after --where status=, and for a case-filter flag that declares no choices', async () => {
    expect((await complete(['cases', 'close', '--where', 'status=submitted,d'])).values).toEqual(['status=submitted,disposed']);
    const root = new Command('lapor');
    root.command('x').option('--status <list>').option('--overdue <clock>');
    expect(completeWords(root, ['x', '--status', 'submitted,in'])).toEqual({ kind: 'candidates', candidates: [{ value: 'submitted,in_progress' }], directive: 4 });
    expect(completeWords(root, ['x', '--overdue', 'r'])).toEqual({ kind: 'candidates', candidates: [{ value: 'response' }], directive: 4 });
  });

  it('a value with nothing to offer gives nothing, and files only where a file is asked for', async () => {
    const note = await complete(['cases', 'close', 'LAP-2026-000201', '--note', '']);
    expect(note).toMatchObject({ values: [], directive: 4 });
    expect(await complete(['import', 'cases', ''])).toMatchObject({ values: [], directive: 0 });
    expect(await complete(['export', 'cases', '-o', ''])).toMatchObject({ values: [], directive: 0 });
    expect(await complete(['serve', '--data-dir', ''])).toMatchObject({ values: [], directive: 16 });
  });

  it('profiles from the config store: --profile and `config use`', async () => {
    const deps = createTestDeps({ lang: 'en' });
    await deps.config.write({ activeProfile: 'provinsi', profiles: { provinsi: { apiUrl: 'https://a.example' }, kabupaten: { apiUrl: 'https://b.example' } } });
    const c = await complete(['--profile', ''], deps);
    expect(c.values).toEqual(['provinsi', 'kabupaten']);
    expect(c.descriptions.kabupaten).toBe('https://b.example');
    expect((await complete(['config', 'use', 'k'], deps)).values).toEqual(['kabupaten']);
  });

  it('bulk journals in the state dir, newest first', async () => {
    const deps = createTestDeps({ lang: 'en' });
    const dir = join(deps.paths.stateDir, 'journals');
    mkdirSync(dir, { recursive: true });
    for (const name of ['20261201-aaaa.jsonl', '20261203-bbbb.jsonl', '20261203-bbbb.failures.csv']) writeFileSync(join(dir, name), '');
    expect((await complete(['bulk', 'resume', ''], deps)).values).toEqual(['20261203-bbbb', '20261201-aaaa']);
    expect((await complete(['bulk', 'status', '2026120'], deps)).values).toEqual(['20261203-bbbb', '20261201-aaaa']);
  });

  it('institution ids from the API (active ones, named), after --to, --institution and --under', async () => {
    const active = INSTITUTIONS.filter((i) => i.active).map((i) => i.id);
    const to = await complete(['cases', 'dispose', 'LAP-2026-000201', '--to', '']);
    expect(to.values).toEqual(active);
    expect(to.descriptions['badung.dinkes']).toBe('Dinas Kesehatan Kabupaten Badung');
    expect((await complete(['cases', 'dispose', 'LAP-2026-000201', '--to', 'badung.d'])).values).toEqual([
      'badung.dinkes',
      'badung.disdukcapil',
      'badung.dpupr',
    ]);
    expect((await complete(['cases', 'list', '--institution=den'])).values).toEqual(['--institution=denpasar', '--institution=denpasar.dinkes', '--institution=denpasar.dpupr']);
    expect((await complete(['institutions', 'tree', '--under', 'bali'])).values).toEqual(['bali', 'bali.dinkes', 'bali.inspektorat']);
    // `--to` of `cases list` is a date, not an institution
    expect((await complete(['cases', 'list', '--to', ''])).values).toEqual([]);
  });

  it('categories and channels from the API, described in the language of the run', async () => {
    const c = await complete(['cases', 'list', '--category', 'kesehatan.']);
    expect(c.values).toEqual(['kesehatan.bpjs', 'kesehatan.rumah-sakit']);
    expect(c.descriptions['kesehatan.rumah-sakit']).toBe('Hospitals and clinics');
    const id = await complete(['cases', 'list', '--category', 'kesehatan.'], createTestDeps({ lang: 'id' }));
    expect(id.descriptions['kesehatan.rumah-sakit']).toBe('Rumah sakit dan puskesmas');
    expect((await complete(['cases', 'list', '--channel', 'w'])).values).toEqual(expect.arrayContaining(['web', 'whatsapp']));
  });

  it('tracking IDs: the first page of the listing, with their titles, for every argument that takes one', async () => {
    const ids = DATA.cases.map((c) => c.trackingId);
    const show = await complete(['cases', 'show', '']);
    expect(show.values).toEqual(ids);
    expect(show.descriptions[ids[0]]).toBe(DATA.cases[0].title);
    expect((await complete(['cases', 'history', 'LAP-2026-00020'])).values).toEqual(ids);
  });

  it("an action's tracking IDs are those of the cases it applies to (the domain's rules), not the ones already given", async () => {
    const idsIn = (...statuses: string[]) => DATA.cases.filter((c) => statuses.includes(c.status)).map((c) => c.trackingId);
    expect(idsIn('in_progress')).not.toEqual([]);
    expect((await complete(['cases', 'close', ''])).values).toEqual(idsIn('in_progress'));
    expect((await complete(['cases', 'reopen', ''])).values).toEqual(idsIn('completed', 'archived'));
    const [first, ...others] = idsIn('disposed', 'in_progress');
    expect((await complete(['cases', 'respond', first, ''])).values).toEqual(others);
    // edit applies to every status: the plain first page
    expect((await complete(['cases', 'edit', ''])).values).toEqual(DATA.cases.map((c) => c.trackingId));
  });

  it('keeps looked-up values for a short while in the cache dir (0600), then asks again', async () => {
    const deps = createTestDeps({ lang: 'en' });
    await complete(['cases', 'dispose', 'X', '--to', 'bali'], deps);
    const calls = () => deps.fake.calls.filter((c) => c.startsWith('institutions')).length;
    expect(calls()).toBe(1);
    const dir = join(deps.paths.cacheDir, 'completion');
    expect(readdirSync(dir)).toEqual([expect.stringMatching(/^[0-9a-f]{16}-institution-en\.json$/)]);
    await complete(['cases', 'dispose', 'X', '--to', 'bali'], deps);
    expect(calls()).toBe(1);
    const later = new Date(deps.now().getTime() + CACHE_TTL_MS.reference + 1);
    await complete(['cases', 'dispose', 'X', '--to', 'bali'], { ...deps, now: () => later });
    expect(calls()).toBe(2);
  });

  it('uses what it cached before when the API cannot answer now', async () => {
    const deps = createTestDeps({ lang: 'en' });
    expect((await complete(['cases', 'show', 'LAP-2026-00020'], deps)).values).toHaveLength(DATA.cases.length);
    const later = new Date(deps.now().getTime() + CACHE_TTL_MS.cases + 1);
    deps.fake.listCases = async () => {
      throw new Error('unreachable');
    };
    const stale = await complete(['cases', 'show', 'LAP-2026-00020'], { ...deps, now: () => later });
    expect(stale.values).toEqual(DATA.cases.map((c) => c.trackingId));
  });

  it('says nothing when no API runs (an embedded one is never started) or when it cannot be reached', async () => {
    const none = createTestDeps({ lang: 'en' });
    const stopped: TestDeps = { ...none, runningConnection: async () => null };
    expect(await complete(['cases', 'dispose', 'X', '--to', ''], stopped)).toMatchObject({ values: [], directive: 4 });
    expect(none.fake.calls).toEqual([]);
    // a refused connection (nothing listens on port 9 of the loopback): no candidate, no error, exit 0
    const refused: TestDeps = {
      ...none,
      runningConnection: async () => ({ baseUrl: 'http://127.0.0.1:9', token: 't0ken-that-is-long', source: 'flag', profile: null, close: async () => {} }),
      clientFor: async (baseUrl: string, token: string) => createApiClient({ baseUrl, token }) as never,
    };
    expect(await complete(['cases', 'show', ''], refused)).toMatchObject({ values: [], directive: 4 });
  });

  it('never fails: odd lines give a directive and exit 0, nothing on stderr', async () => {
    for (const words of [[], ['--'], ['nosuch', ''], ['cases', 'list', '--nosuch', ''], ['cases', 'list', '--lang', 'xx', '--'], ['--help'], ['-']]) {
      const r = await run(['__complete', '--', ...words], { lang: 'en' });
      expect(r.code, words.join(' ')).toBe(0);
      expect(r.err, words.join(' ')).toBe('');
      expect(r.out, words.join(' ')).toMatch(/(^|\n):\d+\n$/);
    }
  });

  it('is not listed in the help', async () => {
    const r = await run(['--help'], { lang: 'en' });
    expect(r.out).not.toContain('__complete');
  });
});

describe('lapor completion <shell>', () => {
  for (const shell of ['bash', 'zsh', 'fish'] as const) {
    it(`${shell}: prints the script that asks lapor __complete`, async () => {
      const r = await run(['completion', shell]);
      expect(r.code, r.err).toBe(0);
      expect(r.out).toBe(SCRIPTS[shell]);
      expect(r.out).toContain('__complete --');
    });
  }
});
