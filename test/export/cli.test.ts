// `lapor export cases` in-process with the CLI test Deps (fixed clock, in-memory streams, width 80) and a fake
// ApiClient whose exportCases answers scripted chunks and records what it was asked. Golden files: the help
// and the stderr summary in both languages.

import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExportCasesParams, ExportDownload } from '../../src/api/types.js';
import { runCli } from '../../src/cli/main.js';
import { createTestDeps } from '../helpers/deps.js';

const GOLDEN = resolve(import.meta.dirname, 'golden');
const CSV = 'trackingId,title\r\nA-1,"Jalan, rusak"\r\nA-2,\'=1+1\r\nA-3,Lampu jalan mati — Denpasar\r\n';

function fakeExport(chunks: readonly Buffer[], rows: number | null) {
  const calls: ExportCasesParams[] = [];
  const exportCases = async (query: ExportCasesParams = {}): Promise<ExportDownload> => {
    calls.push(query);
    async function* body() {
      for (const c of chunks) yield c;
    }
    return { body: body(), profile: query.profile ?? 'statistical', rows: () => rows, cancel: () => undefined };
  };
  return { calls, exportCases };
}

async function runExport(argv: readonly string[], chunks: readonly Buffer[] = [Buffer.from(CSV)], rows: number | null = 3, env: Record<string, string> = { LANG: 'en_US.UTF-8' }) {
  const deps = createTestDeps({ argv, env });
  const fake = fakeExport(chunks, rows);
  Object.assign(deps.fake, { exportCases: fake.exportCases });
  const code = await runCli(argv, deps);
  return { code, out: deps.io.outText(), err: deps.io.errText(), calls: fake.calls };
}

describe('lapor export cases (in-process)', () => {
  it.each(['en', 'id'] as const)('help (%s)', async (lang) => {
    const r = await runExport(['export', 'cases', '--help', '--lang', lang]);
    expect(r.code).toBe(0);
    await expect(r.out).toMatchFileSnapshot(`${GOLDEN}/help-export-cases-${lang}.txt`);
  });

  it('sends every filter and option to the API as given', async () => {
    const r = await runExport([
      'export', 'cases', '--year', '2024', '--content', 'full', '--dialect', 'excel-id', '--header', 'id',
      '--status', 'submitted', 'completed', '--institution', 'badung', '--category', 'kesehatan',
      '--classification', 'complaint', '--channel', 'web', '--overdue', 'verify', '-q', 'jalan',
    ]);
    expect(r.code, r.err).toBe(0);
    expect(r.calls).toEqual([
      {
        profile: 'full', dialect: 'excel-id', header: 'id', purpose: undefined, year: 2024, from: undefined, to: undefined,
        status: ['submitted', 'completed'], institution: 'badung', category: 'kesehatan', classification: 'complaint',
        channel: 'web', overdue: 'verify', q: 'jalan',
      },
    ]);
  });

  it('defaults: statistical, rfc4180, machine names; stdout gets the bytes, split anywhere (even inside a character)', async () => {
    const bytes = Buffer.from(CSV);
    const cut = bytes.indexOf(Buffer.from('—')) + 1; // inside the 3-byte em dash
    const r = await runExport(['export', 'cases'], [bytes.subarray(0, cut), bytes.subarray(cut)]);
    expect(r.code, r.err).toBe(0);
    expect(r.calls[0]).toMatchObject({ profile: 'statistical', dialect: 'rfc4180', header: 'name' });
    expect(r.out).toBe(CSV);
    expect(r.err).toBe('');
  });

  it.each(['en', 'id'] as const)('a file: written whole, summary on stderr, pii notice and mode 0600 (%s)', async (lang) => {
    const dir = mkdtempSync(join(tmpdir(), 'lapor-export-cli-'));
    const file = join(dir, 'pii.csv');
    const r = await runExport(['export', 'cases', '--content', 'pii', '--purpose', 'Permintaan Ombudsman', '-o', file, '--lang', lang]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toBe('');
    expect(readFileSync(file, 'utf8')).toBe(CSV);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['pii.csv']);
    await expect(r.err.replaceAll(file, '<file>')).toMatchFileSnapshot(`${GOLDEN}/summary-pii-${lang}.txt`);
  });

  it('no row count from the server: the summary says so without a number', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lapor-export-cli-'));
    const file = join(dir, 'x.csv');
    const r = await runExport(['export', 'cases', '-o', file], [Buffer.from(CSV)], null);
    expect(r.code).toBe(0);
    expect(r.err).toBe(`cases exported to ${file} (statistical profile, rfc4180)\n`);
  });

  it.each([
    [['--content', 'pii'], 'error: --content pii needs --purpose: why personal data is exported goes into the audit log'],
    [['--content', 'pii', '--purpose', '  '], 'error: --content pii needs --purpose: why personal data is exported goes into the audit log'],
    [['--purpose', 'audit'], 'error: --purpose is only for --content pii'],
    [['-q', 'jalan'], 'error: --search needs a profile with free text (--content full or pii)'],
    [['--content', 'secret'], "error: invalid value 'secret' for --content <profile>: allowed: statistical, full, pii"],
    [['--dialect', 'tsv'], "error: invalid value 'tsv' for --dialect <dialect>: allowed: rfc4180, excel-id"],
    [['--year', '2024', '--to', '2024-02-01'], 'error: --year <year> cannot be used with --to <date>'],
    [['--from', '2024-02-30'], "error: invalid value '2024-02-30' for --from <date>"],
  ])('usage error before any request: %j', async (args, message) => {
    const r = await runExport(['export', 'cases', ...args]);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toContain(message);
    expect(r.calls).toEqual([]);
    expect(r.out).toBe('');
  });

  it('Indonesian usage error', async () => {
    const r = await runExport(['export', 'cases', '--content', 'pii', '--lang', 'id']);
    expect(r.code).toBe(2);
    expect(r.err.split('\n')[0]).toBe('galat: --content pii memerlukan --purpose: keperluan ekspor data pribadi dicatat di log audit');
  });
});
