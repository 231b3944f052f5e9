// Answers read from the API's read standby (x-data-source: standby) tell the caller the time of their data
// (x-data-as-of); the CLI prints it on stderr (cmdutil/standby.ts). Answers from the primary say nothing.

import { afterEach, describe, expect, it } from 'vitest';
import { standbyNotice } from '../../src/cmdutil/standby.js';
import { createTestIOStreams } from '../../src/io/testing.js';
import { closeHarnesses, harness } from './helpers.js';

afterEach(() => closeHarnesses());

const CSV = { 'content-type': 'text/csv; charset=utf-8; header=present', 'x-export-profile': 'statistical' };

describe('data read from the standby', () => {
  it('an export from the standby reports the time of its data; one from the primary reports nothing', async () => {
    const h = harness();
    h.pool
      .intercept({ path: (p) => p.startsWith('/v1/exports/cases'), method: 'GET' })
      .reply(200, 'a,b\n', { headers: { ...CSV, 'x-data-source': 'standby', 'x-data-as-of': '2026-12-08T01:02:03.456+00:00' } });
    h.pool.intercept({ path: (p) => p.startsWith('/v1/exports/cases'), method: 'GET' }).reply(200, 'a,b\n', { headers: CSV });
    const seen: (string | null)[] = [];
    for (let i = 0; i < 2; i += 1) {
      const d = await h.client.exportCases({}, { onStandbyData: (asOf) => seen.push(asOf) });
      for await (const chunk of d.body) void chunk;
    }
    expect(seen).toEqual(['2026-12-08T01:02:03.456Z']);
  });

  it('the CLI says it on stderr, in the user’s language, with or without a time', () => {
    for (const [lang, asOf, text] of [
      ['en', '2026-12-08T01:02:03.456Z', 'data from the read standby, as of the transaction at 2026-12-08T01:02:03.456Z\n'],
      ['id', '2026-12-08T01:02:03.456Z', 'data dari standby baca, sampai transaksi 2026-12-08T01:02:03.456Z\n'],
      ['en', null, 'data from the read standby (the time of its last transaction is unknown)\n'],
    ] as const) {
      const io = createTestIOStreams();
      standbyNotice({ io, lang }).onStandbyData!(asOf);
      expect(io.outText()).toBe('');
      expect(io.errText()).toBe(text);
    }
  });
});
