// Reading a CSV source: the byte check in front of the parser names the line of the first bad byte (LF, CRLF and
// lone CR line breaks, also a CRLF pair split between two chunks), and each record comes with its line and raw text.

import { describe, expect, it } from 'vitest';
import { checkedBytes, ImportFileError, openSource } from '../../src/commands/import/source.js';

async function errorLine(chunks: (string | Buffer)[]): Promise<{ code: string; line: number | null } | null> {
  async function* input() {
    yield* chunks;
  }
  try {
    for await (const _ of checkedBytes(input(), 'f.csv')) void _;
  } catch (err) {
    if (err instanceof ImportFileError) return { code: err.code, line: err.line };
    throw err;
  }
  return null;
}

describe('checkedBytes', () => {
  it('names the line of a bad byte whatever the line endings and chunk boundaries', async () => {
    expect(await errorLine(['a\r', '\nb\n', Buffer.from([0x63, 0xff])])).toEqual({ code: 'invalid_utf8', line: 3 }); // CR | LF is one break
    expect(await errorLine(['a\r', 'b\r\n', Buffer.from([0xff])])).toEqual({ code: 'invalid_utf8', line: 3 });
    expect(await errorLine(['a\n\n', 'b\r\rc', Buffer.from([0xff])])).toEqual({ code: 'invalid_utf8', line: 5 });
    expect(await errorLine(['x\n'.repeat(1000), 'y\n', Buffer.from([0x7a, 0x00])])).toEqual({ code: 'nul_byte', line: 1002 });
    expect(await errorLine(['x\n'.repeat(1000), Buffer.from([0xc3])])).toEqual({ code: 'invalid_utf8', line: 1001 }); // cut-off sequence at the end
    expect(await errorLine(['a\r\nb\n', 'c\n'])).toBeNull();
  });
});

describe('openSource', () => {
  it('gives each record its line, and its raw text without the blank lines skipped before it', async () => {
    for (const nl of ['\n', '\r\n', '\r']) {
      async function* input() {
        yield Buffer.from(`h1,h2${nl}${nl}${nl}"",x${nl}"a${nl}b",${nl}${nl}c,d`);
      }
      const source = await openSource(input(), { file: 'f.csv', delimiter: ',', raw: true });
      const records = [];
      for await (const r of source.records) records.push(r);
      expect(records).toEqual([
        { line: 1, cells: ['h1', 'h2'], raw: 'h1,h2', eol: nl },
        // a quoted "" is the empty text, an empty cell none: told apart by the raw text, blank lines before it or not
        { line: 4, cells: ['', 'x'], raw: '"",x', eol: nl },
        // the line break of each record as the file wrote it (CRLF whole), none after the last line
        { line: 5, cells: [`a${nl}b`, null], raw: `"a${nl}b",`, eol: nl },
        { line: 8, cells: ['c', 'd'], raw: 'c,d', eol: '' },
      ]);
    }
  });
});
