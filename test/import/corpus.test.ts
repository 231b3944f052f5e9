// The malformed-file corpus (fixtures/csv/malformed, expected outcomes in expected.json), run through
// `lapor import cases` in-process against a real API: in strict mode every bad row is reported with its line,
// column and reason code and nothing is imported; with --skip-bad-rows exactly the good rows are imported and
// the rejects file holds exactly the bad source lines plus a reason column. Files that cannot be read at all
// stop with the file-level code and line, in both modes, and import nothing.

import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/io/i18n.js';
import type { FileCode, RowCode } from '../../src/domain/csv/codes.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { countRows, lapor, MALFORMED_DIR } from './helpers.js';

interface Expected {
  fatal?: { code: FileCode; line: number | null };
  good?: string[];
  rejects?: { line: number; code: RowCode; column: string | null }[];
}

const EXPECTED = JSON.parse(readFileSync(join(MALFORMED_DIR, 'expected.json'), 'utf8')) as Record<string, Expected>;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer('pglite');
});
afterAll(async () => {
  await server?.close();
});

function fatalText(file: string, e: { code: FileCode; line: number | null }): string {
  const reason = t('en', `import.code.${e.code}`);
  return e.line === null ? `error: ${file}: ${reason} (` : `error: ${file}, line ${e.line}: ${reason} (`;
}

/** The physical lines of a file (BOM dropped), split at CRLF, LF or CR. */
function physicalLines(path: string): string[] {
  return readFileSync(path, 'utf8').replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
}

describe('malformed corpus', () => {
  it('holds at least 15 files, each with an expected outcome', () => {
    const files = Object.keys(EXPECTED);
    expect(files.length).toBeGreaterThanOrEqual(15);
    for (const f of files) expect(existsSync(join(MALFORMED_DIR, f)), f).toBe(true);
  });

  for (const [file, expected] of Object.entries(EXPECTED)) {
    const path = join(MALFORMED_DIR, file);
    if (expected.fatal) {
      it(`${file}: stops with ${expected.fatal.code} at line ${expected.fatal.line ?? '-'} in both modes, importing nothing`, async () => {
        const before = await countRows(server, 'cases');
        for (const extra of [[], ['--skip-bad-rows']]) {
          const r = await lapor(server, ['import', 'cases', path, ...extra]);
          expect(r.code, r.err).toBe(1);
          expect(r.err).toContain(fatalText(file, expected.fatal));
          expect(r.err).toContain('nothing was imported');
          expect(r.out).toBe('');
        }
        expect(await countRows(server, 'cases')).toBe(before);
      });
      continue;
    }
    const rejects = expected.rejects ?? [];
    const good = expected.good ?? [];
    it(`${file}: strict mode lists every bad row and imports nothing`, async () => {
      const before = await countRows(server, 'cases');
      const r = await lapor(server, ['import', 'cases', path, '--format', 'ndjson']);
      expect(r.code, r.err).toBe(1);
      const lines = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, Record<string, unknown>>);
      const listed = lines.filter((l) => l.reject).map((l) => ({ line: l.reject.line, code: l.reject.code, column: l.reject.column }));
      expect(listed).toEqual(rejects);
      const summary = lines.at(-1)?.summary;
      expect(summary).toMatchObject({ applied: false, rejected: new Set(rejects.map((x) => x.line)).size, created: good.length });
      const bad = new Set(rejects.map((x) => x.line)).size;
      expect(r.err).toContain(`${bad} bad ${bad === 1 ? 'row' : 'rows'}; nothing was imported`);
      expect(await countRows(server, 'cases')).toBe(before);
      expect(await countRows(server, 'cases', 'tracking_id = ANY($1)', [good])).toBe(0);
    });
    it(`${file}: --skip-bad-rows imports the good rows and writes exactly the bad lines`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'lapor-rejects-'));
      const rejectsPath = join(dir, 'rejects.csv');
      const before = await countRows(server, 'cases');
      const r = await lapor(server, ['import', 'cases', path, '--skip-bad-rows', '--rejects', rejectsPath, '--format', 'json']);
      expect(r.code, r.err).toBe(3);
      const report = JSON.parse(r.out) as { summary: Record<string, unknown>; rejects: unknown[] };
      expect(report.summary).toMatchObject({ applied: true, created: good.length, rejected: new Set(rejects.map((x) => x.line)).size });
      expect(report.rejects).toHaveLength(rejects.length);
      expect(await countRows(server, 'cases')).toBe(before + good.length);
      expect(await countRows(server, 'cases', 'tracking_id = ANY($1)', [good])).toBe(good.length);
      // every imported case starts its history with one import event
      expect(await countRows(server, 'case_events', "tracking_id = ANY($1) AND seq = 1 AND action = 'import'", [good])).toBe(good.length);

      const delimiter = file === 'semicolon-bom.csv' ? ';' : file === 'tab.csv' ? '\t' : ',';
      const source = physicalLines(path);
      const reasons = new Map<number, string[]>();
      for (const x of rejects) reasons.set(x.line, [...(reasons.get(x.line) ?? []), x.column === null ? x.code : `${x.code}:${x.column}`]);
      const quote = (v: string) => (v.includes(delimiter) || v.includes('"') ? `"${v.replace(/"/g, '""')}"` : v);
      // each line ends as the source ended it (CRLF, CR or LF)
      const nl = /\r\n|\n|\r/.exec(readFileSync(path, 'utf8'))?.[0] ?? '\n';
      const expectedFile = [
        `${source[0]}${delimiter}reason`,
        ...[...reasons].map(([line, list]) => `${source[line - 1]}${delimiter}${quote(list.join('; '))}`),
      ].join(nl);
      expect(readFileSync(rejectsPath, 'utf8')).toBe(`${expectedFile}${nl}`);
      expect(statSync(rejectsPath).mode & 0o777).toBe(0o600);
      expect(r.err).toContain(`${good.length} imported, ${reasons.size} rows rejected; the rejected lines are in ${rejectsPath}`);
    });
  }

  it('record_too_long: a record larger than the 1 MiB limit stops the import at its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lapor-long-'));
    const path = join(dir, 'long.csv');
    const header = 'trackingId,classification,title,body,channel,status,submittedAt';
    writeFileSync(path, `${header}\nLONG-1,complaint,Judul,Isi,web,submitted,2024-01-15T02:00:00.000Z\nLONG-2,complaint,Judul,${'x'.repeat(1_100_000)},web,submitted,2024-01-15T02:00:00.000Z\n`);
    const before = await countRows(server, 'cases');
    const r = await lapor(server, ['import', 'cases', path, '--skip-bad-rows']);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain(`error: long.csv, line 3: ${t('en', 'import.code.record_too_long')} (`);
    expect(await countRows(server, 'cases')).toBe(before);
  });
});
