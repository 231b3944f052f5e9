// Issue #3 "Must show": everything a person or a script reads from the reading commands, as golden files,
// in Indonesian and English. Each golden file is a transcript of one in-process run (runCli with test
// Deps: fixed clock 2026-11-23T02:00:00Z, colour off, width 80, a fake ApiClient over six cases):
// the command line, the exit code, stdout and stderr. Update on purpose with `vitest -u`, review the diff.

import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../src/io/format.js';
import { run, type RunResult, type TestDepsOptions } from '../helpers/deps.js';
import { EMPTY } from '../helpers/fakeApi.js';

const GOLDEN = '../../fixtures/golden/cli';
const LANGS = ['id', 'en'] as const;

function transcript(argv: readonly string[], r: RunResult, tty: boolean): string {
  return [
    `$ lapor ${argv.join(' ')}${tty ? '' : ' | cat'}`,
    `# exit ${r.code}`,
    '# stdout',
    r.out.length > 0 ? r.out.replace(/\n$/, '') : '(nothing)',
    '# stderr',
    r.err.length > 0 ? r.err.replace(/\n$/, '') : '(nothing)',
    '',
  ].join('\n');
}

interface Scenario {
  name: string;
  argv: string[];
  tty: boolean;
  width?: number;
  data?: TestDepsOptions['data'];
  code: number;
  check?: (r: RunResult) => void;
}

const parseJson = (text: string): unknown => JSON.parse(text);

const SCENARIOS: Scenario[] = [
  {
    name: 'cases-list-tty',
    argv: ['cases', 'list'],
    tty: true,
    code: 0,
    check: (r) => {
      expect(r.out.split('\n')[0]).toMatch(/^ID PELACAKAN|^TRACKING ID/);
      expect(r.err).toBe('');
    },
  },
  {
    name: 'cases-list-tty-wide',
    argv: ['cases', 'list'],
    tty: true,
    width: 160,
    code: 0,
    check: (r) => {
      // a wide terminal has room for every default column, titles in full
      expect(r.out.split('\n')[0].trim().split(/\s{2,}/)).toHaveLength(7);
      expect(r.out).toContain('Jalan berlubang di Jl. Gatot Subroto (laporan ganda)');
      expect(r.out).toContain('badung.disdukcapil');
    },
  },
  {
    name: 'cases-list-tty-120',
    argv: ['cases', 'list'],
    tty: true,
    width: 120,
    code: 0,
    check: (r) => expect(r.out).toContain('badung.disdukcapil'),
  },
  {
    name: 'cases-list-piped',
    argv: ['cases', 'list'],
    tty: false,
    code: 0,
    check: (r) => {
      const lines = r.out.trimEnd().split('\n');
      expect(lines).toHaveLength(6);
      for (const line of lines) expect(line.split('\t')).toHaveLength(7);
      expect(r.err).toBe('');
    },
  },
  {
    name: 'cases-list-json',
    argv: ['cases', 'list', '--format', 'json'],
    tty: false,
    code: 0,
    check: (r) => {
      const rows = parseJson(r.out) as Record<string, unknown>[];
      expect(rows).toHaveLength(6);
      expect(Object.keys(rows[0])).toEqual(['trackingId', 'status', 'verifyClock', 'responseClock', 'institutionId', 'submittedAt', 'title']);
      expect(rows.map((x) => x.verifyClock)).toEqual(['overdue', 'running', 'met', 'met', 'met', 'breached']);
      expect(rows.map((x) => x.responseClock)).toEqual(['not_started', 'not_started', 'due_soon', 'met', 'met', 'not_started']);
    },
  },
  {
    name: 'cases-list-csv',
    argv: ['cases', 'list', '--format', 'csv'],
    tty: false,
    code: 0,
    check: (r) => {
      const lines = r.out.trimEnd().split('\n');
      expect(lines[0]).toBe('trackingId,status,verifyClock,responseClock,institutionId,submittedAt,title');
      expect(lines).toHaveLength(7);
      expect(r.out).not.toContain('\r');
    },
  },
  {
    name: 'cases-list-ndjson',
    argv: ['cases', 'list', '--format', 'ndjson'],
    tty: false,
    code: 0,
    check: (r) => {
      const lines = r.out.trimEnd().split('\n');
      expect(lines).toHaveLength(6);
      for (const line of lines) expect(parseJson(line)).toHaveProperty('trackingId');
    },
  },
  {
    name: 'cases-show-tty',
    argv: ['cases', 'show', 'LAP-2026-000203'],
    tty: true,
    code: 0,
    check: (r) => expect(r.fake.calls).toEqual(['getCase LAP-2026-000203', 'caseEvents LAP-2026-000203']),
  },
  {
    name: 'cases-show-json',
    argv: ['cases', 'show', 'LAP-2026-000203', '--format', 'json'],
    tty: false,
    code: 0,
    check: (r) => {
      const record = parseJson(r.out) as Record<string, unknown>;
      expect(record.trackingId).toBe('LAP-2026-000203');
      expect(record.responseClock).toBe('due_soon');
      expect(record.history).toHaveLength(2);
    },
  },
  { name: 'cases-history-tty', argv: ['cases', 'history', 'LAP-2026-000203'], tty: true, code: 0 },
  {
    name: 'cases-show-unknown',
    argv: ['cases', 'show', 'LAP-0000-000000'],
    tty: true,
    code: 1,
    check: (r) => {
      expect(r.out).toBe('');
      expect(r.err).toMatch(/LAP-0000-000000 (not found|tidak ditemukan)/);
    },
  },
  {
    name: 'institutions-tree',
    argv: ['institutions', 'tree'],
    tty: true,
    code: 0,
    check: (r) => expect(r.out.split('\n')[0]).toMatch(/^Kementerian PANRB/),
  },
  { name: 'calendar-list-2024', argv: ['calendar', 'list', '--year', '2024'], tty: true, code: 0 },
  {
    name: 'empty-table-tty',
    argv: ['cases', 'list', '--status', 'postponed'],
    tty: true,
    code: 0,
    check: (r) => {
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^(Tidak ada hasil|No results)\n$/);
    },
  },
  {
    name: 'empty-table-piped',
    argv: ['cases', 'list', '--status', 'postponed'],
    tty: false,
    code: 0,
    check: (r) => {
      expect(r.out).toBe('');
      expect(r.err).toBe('');
    },
  },
  {
    name: 'empty-json',
    argv: ['cases', 'list', '--format', 'json'],
    tty: true,
    data: EMPTY,
    code: 0,
    check: (r) => {
      expect(parseJson(r.out)).toEqual([]);
      expect(r.err).toBe('');
    },
  },
  {
    name: 'empty-csv',
    argv: ['cases', 'list', '--format', 'csv'],
    tty: false,
    data: EMPTY,
    code: 0,
    check: (r) => {
      expect(r.out).toBe('trackingId,status,verifyClock,responseClock,institutionId,submittedAt,title\n');
      expect(r.err).toBe('');
    },
  },
  {
    name: 'empty-ndjson',
    argv: ['cases', 'list', '--format', 'ndjson'],
    tty: false,
    data: EMPTY,
    code: 0,
    check: (r) => expect(r.out).toBe(''),
  },
  {
    name: 'fields-tty',
    argv: ['cases', 'list', '--fields', 'trackingId,status'],
    tty: true,
    code: 0,
    check: (r) => expect(r.out.split('\n')[0].trim().split(/\s{2,}/)).toHaveLength(2),
  },
  {
    name: 'fields-json',
    argv: ['cases', 'list', '--fields', 'trackingId,status', '--format', 'json'],
    tty: false,
    code: 0,
    check: (r) => {
      const rows = parseJson(r.out) as Record<string, unknown>[];
      for (const row of rows) expect(Object.keys(row)).toEqual(['trackingId', 'status']);
    },
  },
  {
    name: 'fields-bad',
    argv: ['cases', 'list', '--fields', 'trackingId,nope'],
    tty: true,
    code: 2,
    check: (r) => {
      expect(r.out).toBe('');
      expect(r.err).toContain('nope');
      for (const field of ['trackingId', 'verifyClock', 'completionDueAt', 'version']) expect(r.err).toContain(field);
      expect(r.fake.calls).toEqual([]); // fails before any request
    },
  },
  { name: 'help-root', argv: ['--help'], tty: true, code: 0, check: (r) => expect(r.err).toBe('') },
  { name: 'help-cases', argv: ['cases', '--help'], tty: true, code: 0, check: (r) => expect(r.err).toBe('') },
  { name: 'help-cases-list', argv: ['cases', 'list', '--help'], tty: true, code: 0, check: (r) => expect(r.err).toBe('') },
  {
    name: 'usage-unknown-option',
    argv: ['cases', 'list', '--colour'],
    tty: true,
    code: 2,
    check: (r) => {
      expect(r.out).toBe('');
      expect(r.fake.calls).toEqual([]);
    },
  },
  {
    name: 'usage-bad-choice',
    argv: ['cases', 'list', '--format', 'xml'],
    tty: true,
    code: 2,
    check: (r) => expect(r.fake.calls).toEqual([]),
  },
  {
    name: 'usage-suggestion',
    argv: ['cases', 'list', '--fromm', '2024-01-01'],
    tty: true,
    code: 2,
    check: (r) => expect(r.err).toContain('--from?'),
  },
  { name: 'usage-bad-date', argv: ['cases', 'list', '--from', '2024-02-30'], tty: true, code: 2 },
  { name: 'usage-missing-argument', argv: ['cases', 'show'], tty: true, code: 2 },
  { name: 'usage-unknown-command', argv: ['cases', 'lst'], tty: true, code: 2 },
];

/** English words that must not leak into Indonesian output (Commander's and our own). */
const ENGLISH = /\b(Usage|Options|Commands|Arguments|choices|default|display help|error|unknown|expected|invalid|not found|hint)\b/;

describe('golden files of the reading commands', () => {
  for (const s of SCENARIOS) {
    for (const lang of LANGS) {
      it(`${s.name} (${lang})`, async () => {
        const argv = [...s.argv, '--lang', lang];
        const r = await run(argv, { tty: s.tty, data: s.data, width: s.width });
        const text = transcript(argv, r, s.tty);
        await expect(text).toMatchFileSnapshot(`${GOLDEN}/${s.name}-${lang}.txt`);
        expect({ code: r.code, err: r.err }).toMatchObject({ code: s.code });
        s.check?.(r);
        if (s.tty) {
          for (const line of r.out.split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(s.width ?? 80);
        }
        if (lang === 'id') {
          // Indonesian output may quote machine names (--format json, field keys, ISO values, the API's own
          // problem text) but no English prose.
          const prose = (r.out + r.err)
            .split('\n')
            .filter((line) => !/^\s*\$ lapor /.test(line) && !/^HTTP |\(GET /.test(line.replace(/^galat: /, '')));
          for (const line of prose) expect(line).not.toMatch(ENGLISH);
        }
      });
    }
  }

  it('machine output (json, csv, ndjson, piped table) does not depend on the language', async () => {
    for (const format of ['json', 'csv', 'ndjson', 'table']) {
      const id = await run(['cases', 'list', '--format', format, '--lang', 'id']);
      const en = await run(['cases', 'list', '--format', format, '--lang', 'en']);
      expect(id.out).toBe(en.out);
      expect(id.out.length).toBeGreaterThan(0);
    }
  });

  it('LANG=en_US.UTF-8 chooses English without --lang, and --lang wins over LANG', async () => {
    const fromEnv = await run(['cases', 'list', '--status', 'postponed'], { tty: true, env: { LANG: 'en_US.UTF-8' } });
    expect(fromEnv.err).toBe('No results\n');
    const flag = await run(['cases', 'list', '--status', 'postponed', '--lang', 'id'], { tty: true, env: { LANG: 'en_US.UTF-8' } });
    expect(flag.err).toBe('Tidak ada hasil\n');
  });

  it('an unknown --lang is a usage error (exit 2) in the language of the environment, not a crash', async () => {
    const r = await run(['cases', 'list', '--lang', 'fr'], { tty: true, env: { LANG: 'en_US.UTF-8' } });
    expect(r.code).toBe(2);
    expect(r.err).toBe("error: invalid value 'fr' for --lang <lang>: allowed: id, en\nhint: see the available options with --help\n");
    expect(r.fake.calls).toEqual([]);
  });

  it('--format json on a TTY is still plain JSON (no colour, no table)', async () => {
    const r = await run(['cases', 'list', '--format', 'json'], { tty: true });
    expect(parseJson(r.out)).toHaveLength(6);
  });

  it('--limit asks for that page size and says on stderr that there is more (a script is told too)', async () => {
    const r = await run(['cases', 'list', '--limit', '2', '--lang', 'en'], { tty: true });
    expect(r.out.trimEnd().split('\n')).toHaveLength(3);
    expect(r.err).toBe('Showing the first 2; there are more: use --limit or --all\n');
    const piped = await run(['cases', 'list', '--limit', '2', '--lang', 'en', '--format', 'csv'], {});
    expect(piped.out.trimEnd().split('\n')).toHaveLength(3);
    expect(piped.err).toBe('Showing the first 2; there are more: use --limit or --all\n');
    const all = await run(['cases', 'list', '--all', '--format', 'csv'], {});
    expect(all.out.trimEnd().split('\n')).toHaveLength(7);
  });
});
