// Golden files for what people read: the import report (table view, both languages, success and strict
// failure, with file-level errors) and the help texts. Fixed clock, colour off, width 80, piped output.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { CSV_DIR, lapor, MALFORMED_DIR } from './helpers.js';

const GOLDEN = join(import.meta.dirname, '..', '..', 'fixtures', 'golden', 'import');

describe.each(['en', 'id'] as const)('import report (%s)', (lang) => {
  // one server per language: each golden starts from the same empty database
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('official sample: dry run, then saved, then unchanged', async () => {
    const file = join(CSV_DIR, 'official-sample.csv');
    const runs = [];
    for (const args of [['--dry-run'], [], []]) {
      const r = await lapor(server, ['import', 'cases', file, '--lang', lang, ...args], { lang });
      expect(r.code, r.err).toBe(0);
      runs.push(`$ lapor import cases official-sample.csv ${args.join(' ')}\n--- stdout\n${r.out}--- stderr\n${r.err}`);
    }
    await expect(runs.join('\n')).toMatchFileSnapshot(join(GOLDEN, `official-sample-${lang}.txt`));
  });

  it('strict failure: every bad row, nothing saved, exit 1', async () => {
    const r = await lapor(server, ['import', 'cases', join(MALFORMED_DIR, 'bad-values.csv'), '--lang', lang], { lang });
    expect(r.code).toBe(1);
    await expect(`--- stdout\n${r.out}--- stderr\n${r.err}`).toMatchFileSnapshot(join(GOLDEN, `strict-failure-${lang}.txt`));
  });

  it('file-level errors name the file, the line and the reason', async () => {
    const out: string[] = [];
    for (const f of ['invalid-utf8.csv', 'utf16le.csv', 'unclosed-quote.csv', 'duplicate-header.csv', 'missing-column.csv', 'no-header.csv', 'empty.csv']) {
      const r = await lapor(server, ['import', 'cases', join(MALFORMED_DIR, f), '--lang', lang], { lang });
      expect(r.code).toBe(1);
      out.push(r.err);
    }
    await expect(out.join('')).toMatchFileSnapshot(join(GOLDEN, `file-errors-${lang}.txt`));
  });

  it('help: the noun and the cases verb', async () => {
    const noun = await lapor(server, ['import', '--help', '--lang', lang], { lang });
    const verb = await lapor(server, ['import', 'cases', '--help', '--lang', lang], { lang });
    const ref = await lapor(server, ['import', 'calendar', '--help', '--lang', lang], { lang });
    expect([noun.code, verb.code, ref.code]).toEqual([0, 0, 0]);
    await expect(`${noun.out}\n${verb.out}\n${ref.out}`).toMatchFileSnapshot(join(GOLDEN, `help-${lang}.txt`));
  });
});

describe('usage errors', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(async () => {
    await server?.close();
  });

  it('refuses --rejects without --skip-bad-rows, an unknown delimiter and an unknown zone (exit 2, nothing sent)', async () => {
    const file = join(CSV_DIR, 'official-sample.csv');
    const a = await lapor(server, ['import', 'cases', file, '--rejects', 'x.csv']);
    const b = await lapor(server, ['import', 'cases', file, '--delimiter', 'x']);
    const c = await lapor(server, ['import', 'cases', file, '--timezone', 'Mars/Olympus']);
    expect([a.code, b.code, c.code]).toEqual([2, 2, 2]);
    expect(a.err).toContain('--rejects only applies with --skip-bad-rows');
    expect(b.err).toContain('the delimiter must be , ; tab or |');
    expect(c.err).toContain('unknown time zone');
  });
});
