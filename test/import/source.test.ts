// The byte check in front of the CSV parser names the line of the first bad byte, counting LF, CRLF and lone CR
// line breaks, also when a CRLF pair is split between two chunks of the stream.

import { describe, expect, it } from 'vitest';
import { checkedBytes, ImportFileError } from '../../src/commands/import/source.js';

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
