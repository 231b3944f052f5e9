// `lapor audit verify` in-process: the CLI test Deps (fixed clock, in-memory streams, colour off, width 80)
// with a fake ApiClient answering scripted pages of GET /v1/audit/verify. Golden files for the human output
// (TTY and piped, both languages), the JSON document, exit codes, paging and --fields.

import { describe, expect, it } from 'vitest';
import type { AuditVerifyParams } from '../../src/api/types.js';
import { runCli } from '../../src/cli/main.js';
import type { AuditVerifyResponse } from '../../src/domain/audit.js';
import { createTestDeps } from '../helpers/deps.js';
import { EMPTY } from '../helpers/fakeApi.js';

const WHOLE_LOG = { records: 7, problem: null, seq: null };

const CLEAN: AuditVerifyResponse[] = [
  { casesChecked: 2000, eventsChecked: 9120, problems: [], auditLog: WHOLE_LOG, nextCursor: 'c1' },
  { casesChecked: 345, eventsChecked: 1502, problems: [], auditLog: null, nextCursor: null },
];

const TAMPERED: AuditVerifyResponse[] = [
  {
    casesChecked: 2000,
    eventsChecked: 9120,
    problems: [
      { trackingId: 'LPR-2024-0000123', seq: 3, problem: 'hash_mismatch', version: 4, events: 4 },
      { trackingId: 'LPR-2024-0000777', seq: 2, problem: 'sequence_gap', version: 5, events: 4 },
    ],
    auditLog: WHOLE_LOG,
    nextCursor: 'c1',
  },
  {
    casesChecked: 345,
    eventsChecked: 1502,
    problems: [
      { trackingId: 'LPR-2024-0009001', seq: null, problem: 'count_mismatch', version: 5, events: 4 },
      { trackingId: 'LPR-2024-0009002', seq: null, problem: 'head_mismatch', version: 3, events: 3 },
      { trackingId: 'ZZZ-GHOST', seq: null, problem: 'orphan_events', version: null, events: 2 },
    ],
    auditLog: null,
    nextCursor: null,
  },
];

async function run(argv: string[], pages: AuditVerifyResponse[], options: { tty?: boolean } = {}) {
  const deps = createTestDeps({ data: EMPTY, argv, tty: options.tty });
  const calls: AuditVerifyParams[] = [];
  Object.assign(deps.fake, {
    async auditVerify(query: AuditVerifyParams = {}): Promise<AuditVerifyResponse> {
      calls.push(query);
      const page = pages[query.cursor === undefined ? 0 : Number(query.cursor.slice(1))];
      if (!page) throw new Error(`fake: no page for cursor ${query.cursor}`);
      return page;
    },
  });
  const code = await runCli(argv, deps);
  return { code, out: deps.io.outText(), err: deps.io.errText(), calls };
}

describe('lapor audit verify', () => {
  it('a clean trail: exit 0, the summary on stdout, every page asked for with the page size', async () => {
    const r = await run(['--lang', 'en', 'audit', 'verify', '--page-size', '2000'], CLEAN);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toBe('audit trail intact: 2345 cases and 10622 events checked, no problems\npersonal-data export log intact: 7 records checked\n');
    expect(r.calls).toEqual([{ limit: 2000, cursor: undefined }, { limit: 2000, cursor: 'c1' }]);
  });

  for (const lang of ['id', 'en'] as const) {
    for (const tty of [true, false]) {
      it(`a broken trail (${lang}, ${tty ? 'TTY' : 'piped'}): every problem named by case and seq, exit 1 with a hint`, async () => {
        const r = await run(['--lang', lang, 'audit', 'verify'], TAMPERED, { tty });
        expect(r.code).toBe(1);
        await expect(r.out).toMatchFileSnapshot(`golden/audit-verify-${tty ? 'tty' : 'piped'}-${lang}.txt`);
        await expect(r.err).toMatchFileSnapshot(`golden/audit-verify-err-${tty ? 'tty' : 'piped'}-${lang}.txt`);
        for (const line of r.out.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
      });
    }
  }

  it('--format json: one document with the summary and the problems; still exit 1', async () => {
    const r = await run(['--lang', 'en', 'audit', 'verify', '--format', 'json'], TAMPERED);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out) as { ok: boolean; casesChecked: number; eventsChecked: number; problems: unknown[] };
    expect(doc).toMatchObject({ ok: false, casesChecked: 2345, eventsChecked: 10622 });
    expect(doc.problems).toHaveLength(5);
    expect(doc.problems[0]).toEqual({ trackingId: 'LPR-2024-0000123', seq: 3, problem: 'hash_mismatch', version: 4, events: 4 });
    const clean = await run(['--lang', 'en', 'audit', 'verify', '--format', 'json'], CLEAN);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.out)).toEqual({ ok: true, casesChecked: 2345, eventsChecked: 10622, problems: [], auditLog: WHOLE_LOG });
  });

  it('--format csv --fields: rows on stdout page by page, the summary on stderr', async () => {
    const r = await run(['--lang', 'en', 'audit', 'verify', '--format', 'csv', '--fields', 'trackingId,seq,problem'], TAMPERED);
    expect(r.code).toBe(1);
    expect(r.out).toBe(
      [
        'trackingId,seq,problem',
        'LPR-2024-0000123,3,hash_mismatch',
        'LPR-2024-0000777,2,sequence_gap',
        'LPR-2024-0009001,,count_mismatch',
        'LPR-2024-0009002,,head_mismatch',
        'ZZZ-GHOST,,orphan_events',
        '',
      ].join('\n'),
    );
    expect(r.err).toContain('audit trail BROKEN: 2345 cases and 10622 events checked, 5 problem(s)');
    const clean = await run(['--lang', 'en', 'audit', 'verify', '--format', 'ndjson'], CLEAN);
    expect(clean).toMatchObject({ code: 0, out: '' });
  });

  it('a broken personal-data export log alone: named with its record, exit 1 in every format', async () => {
    const broken: AuditVerifyResponse[] = [
      { ...CLEAN[0], auditLog: { records: 7, problem: 'hash_mismatch', seq: 4 } },
      CLEAN[1],
    ];
    const table = await run(['--lang', 'en', 'audit', 'verify'], broken);
    expect(table.code).toBe(1);
    expect(table.out).toBe(
      'audit trail intact: 2345 cases and 10622 events checked, no problems\n' +
        'personal-data export log BROKEN at record 4: record edited (hash does not match) (7 records)\n',
    );
    expect(table.err).toContain('the personal-data export log does not verify');
    const id = await run(['--lang', 'id', 'audit', 'verify', '--format', 'csv'], [{ ...CLEAN[0], auditLog: { records: 7, problem: 'head_mismatch', seq: null } }, CLEAN[1]]);
    expect(id.code).toBe(1);
    expect(id.err).toContain('log ekspor data pribadi RUSAK pada catatan —: catatan terakhir dipotong atau kepala log diubah (7 catatan)');
    const json = await run(['--lang', 'en', 'audit', 'verify', '--format', 'json'], broken);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out)).toMatchObject({ ok: false, problems: [], auditLog: { records: 7, problem: 'hash_mismatch', seq: 4 } });
  });

  it('usage errors before any request: an unknown field, a page size out of range', async () => {
    const bad = await run(['--lang', 'en', 'audit', 'verify', '--fields', 'trackingId,secret'], CLEAN);
    expect(bad.code).toBe(2);
    expect(bad.calls).toEqual([]);
    const big = await run(['--lang', 'en', 'audit', 'verify', '--page-size', '5001'], CLEAN);
    expect(big.code).toBe(2);
    expect(big.calls).toEqual([]);
  });

  it('a server that hands back a cursor twice is stopped, not followed forever', async () => {
    const loop: AuditVerifyResponse[] = [
      { casesChecked: 1, eventsChecked: 1, problems: [], auditLog: WHOLE_LOG, nextCursor: 'c1' },
      { casesChecked: 1, eventsChecked: 1, problems: [], auditLog: null, nextCursor: 'c1' },
    ];
    const r = await run(['--lang', 'en', 'audit', 'verify'], loop);
    expect(r.code).toBe(1);
    expect(r.err).toContain('the server returned the same cursor twice');
  });
});
