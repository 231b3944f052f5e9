// CSV import fuzzing (issue #8, item 6, "the same for CSV import rows"): files generated with fast-check
// (seeded) from valid rows mixed with hostile ones — naughty strings, control characters, quotes and line
// breaks inside fields, formula prefixes, huge fields, unknown and server-owned columns (version, hash,
// closedBy, …), duplicate and existing tracking IDs, bad dates and codes, ragged rows, unclosed quotes,
// random delimiters, line endings and BOMs, stray invalid UTF-8 and NUL bytes — imported with the built CLI
// (`lapor import cases`) in strict, --skip-bad-rows and --dry-run modes. Properties: the CLI ends with a
// documented code (0, 1 or 3) and an error message, never a crash or a server failure; the server stays up;
// existing cases named by a file are never changed (no --update); every case's version equals its events
// and the audit trail verifies at the end. Default 40 files; LAPOR_LONG_TESTS=1: 200.

import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditVerifyResponse } from '../../src/domain/audit.js';
import { buildOnce, cleanUp, freshHome, runCli, type Home } from '../e2e/bulk-helpers.js';
import { call, startTestServer, type TestServer } from '../helpers/server.js';
import { disposedCase } from '../server/api-setup.js';

const LONG = process.env.LAPOR_LONG_TESTS === '1';
const FILES = LONG ? 200 : 40;
const SEED = Number(process.env.FUZZ_SEED ?? 8081945);

const COLUMNS = ['trackingId', 'classification', 'title', 'body', 'channel', 'status', 'submittedAt', 'institutionId', 'categoryId'];
const SERVER_OWNED = ['version', 'hash', 'prevHash', 'lastEventHash', 'seq', 'verifyDueAt', 'completionDueAt', 'closedBy', 'actor', '__proto__', 'x-tak-dikenal'];
const NAUGHTY = [
  "'; DROP TABLE cases; --",
  '=HYPERLINK("http://evil")',
  '+62-812',
  '-1',
  '@SUM(A1)',
  '\u202eevil',
  '🇮🇩 Laporan',
  'Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇',
  '"',
  '""',
  '"quoted, with comma"',
  'line\nbreak',
  'cr\ronly',
  '\t',
  '\u0001\u0002\u001b[31m',
  'null',
  '06 Agu 2023',
  '2024-02-30',
  '31/12/2023 23:59',
  'Selesai',
  'Ditutup oleh Sistem',
  '\ufeffBOM',
  ' ',
  '',
];

const hostile = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NAUGHTY) },
  { weight: 2, arbitrary: fc.string({ maxLength: 60 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 1, max: 0x1f }).map((n) => String.fromCharCode(n)), maxLength: 10 }) },
  { weight: 1, arbitrary: fc.integer({ min: 5_000, max: 200_000 }).map((n) => 'x'.repeat(n)) },
);
const maybe = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 15, arbitrary: valid.map(String) }, { weight: 1, arbitrary: hostile });

function cell(value: string, delimiter: string, malformed: boolean): string {
  if (malformed) return `"${value}`; // an unclosed quote
  return /["\r\n]/.test(value) || value.includes(delimiter) ? `"${value.replace(/"/g, '""')}"` : value;
}

interface FuzzFile {
  bytes: Buffer;
  rows: number;
  mode: 'strict' | 'skip' | 'dry';
}

describe('fuzzing `lapor import cases`', () => {
  let ts: TestServer;
  let home: Home;
  let sentinels: string[] = [];
  const outcomes = new Map<string, number>();
  let rowsTried = 0;

  beforeAll(async () => {
    buildOnce();
    ts = await startTestServer('pglite');
    sentinels = [];
    for (let i = 0; i < 3; i += 1) sentinels.push((await disposedCase(ts, 'badung.dinkes', {}, i > 0)).trackingId);
    home = freshHome({ LAPOR_API_URL: ts.url, LAPOR_TOKEN: ts.tokens.admin });
  }, 240_000);

  afterAll(async () => {
    cleanUp();
    await ts?.close();
    const codes = [...outcomes.entries()].map(([k, n]) => `${k}×${n}`).join(' ');
    process.stderr.write(`import fuzz: ${FILES} files, ${rowsTried} rows; outcomes ${codes}\n`);
  });

  function fileArb(n: number): fc.Arbitrary<FuzzFile> {
    const row = (i: number) =>
      fc.record({
        trackingId: fc.oneof({ weight: 20, arbitrary: fc.constant(`FZI-${n}-${i}`) }, { weight: 1, arbitrary: fc.constantFrom(...sentinels, `FZI-${n}-0`) }, { weight: 1, arbitrary: hostile }),
        classification: maybe(fc.constantFrom('complaint', 'aspiration', 'information_request', 'Pengaduan')),
        title: maybe(fc.constantFrom('Jalan rusak', 'Antrean BPJS', 'Lampu mati')),
        body: maybe(fc.constantFrom('Isi laporan.', 'Mohon ditindaklanjuti.')),
        channel: maybe(fc.constantFrom('web', 'sms_1708', 'whatsapp')),
        status: maybe(fc.constantFrom('submitted', 'disposed', 'in_progress', 'completed', 'archived')),
        submittedAt: maybe(fc.date({ min: new Date('2020-01-01'), max: new Date('2024-12-31'), noInvalidDate: true }).map((d) => d.toISOString())),
        institutionId: maybe(fc.constantFrom('badung.dinkes', 'denpasar.dpupr', 'bali')),
        categoryId: maybe(fc.constantFrom('kesehatan', 'kesehatan.bpjs', '')),
        extra: hostile,
        ragged: fc.integer({ min: 0, max: 80 }),
        unclosed: fc.integer({ min: 0, max: 200 }),
      });
    return fc
      .record({
        rows: fc.integer({ min: 1, max: 12 }).chain((k) => fc.tuple(...Array.from({ length: k }, (_, i) => row(i)))),
        extraColumns: fc.oneof({ weight: 3, arbitrary: fc.constant([] as string[]) }, { weight: 1, arbitrary: fc.subarray(SERVER_OWNED, { minLength: 1, maxLength: 2 }) }),
        delimiter: fc.constantFrom(',', ';', '\t'),
        eol: fc.constantFrom('\n', '\r\n', '\r'),
        bom: fc.boolean(),
        badBytes: fc.integer({ min: 0, max: 25 }),
        mode: fc.constantFrom('strict', 'skip', 'dry'),
      })
      .map(({ rows, extraColumns, delimiter, eol, bom, badBytes, mode }) => {
        const header = [...COLUMNS, ...extraColumns];
        const lines = [header.join(delimiter)];
        for (const r of rows) {
          let fields = [...COLUMNS.map((c) => String((r as Record<string, unknown>)[c])), ...extraColumns.map((c) => (c === 'version' ? '99' : r.extra))];
          if (r.ragged === 0) fields = fields.slice(0, -1);
          if (r.ragged === 1) fields.push('kolom lebih');
          lines.push(fields.map((v, j) => cell(v, delimiter, r.unclosed === 0 && j === 2)).join(delimiter));
        }
        let bytes = Buffer.from((bom ? '\ufeff' : '') + lines.join(eol) + eol, 'utf8');
        if (badBytes === 0 || badBytes === 1) {
          // a stray invalid UTF-8 byte (or a NUL) somewhere after the header
          const at = Math.min(bytes.length - 1, Buffer.byteLength(lines[0]) + 3 + (rows.length % 7));
          bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from([badBytes === 0 ? 0xff : 0x00]), bytes.subarray(at)]);
        }
        return { bytes, rows: rows.length, mode };
      });
  }

  it(`${FILES} generated files: documented exit codes only, no server failure, existing cases untouched, audit intact`, async () => {
    const snapshot = async () =>
      JSON.stringify(await ts.server.db.query('SELECT * FROM cases WHERE tracking_id = ANY($1::text[]) ORDER BY tracking_id', [sentinels]));
    const before = await snapshot();
    for (let n = 0; n < FILES; n += 1) {
      const [file] = fc.sample(fileArb(n), { numRuns: 1, seed: SEED + n });
      const path = join(home.dir, `fuzz-${n}.csv`);
      writeFileSync(path, file.bytes);
      rowsTried += file.rows;
      const args = ['--lang', 'en', 'import', 'cases', path, ...(file.mode === 'skip' ? ['--skip-bad-rows'] : file.mode === 'dry' ? ['--dry-run'] : [])];
      const r = await runCli(args, home.env);
      const what = `file ${n} (${file.mode}, seed ${SEED + n}) exited ${r.code}:\n${r.err.slice(0, 1500)}`;
      outcomes.set(`${file.mode}:${r.code}`, (outcomes.get(`${file.mode}:${r.code}`) ?? 0) + 1);
      expect([0, 1, 3], what).toContain(r.code);
      expect(r.err, what).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/); // no stack trace
      expect(r.err, what).not.toMatch(/internal server error|HTTP 5\d\d|problems\/internal/i);
      if (r.code !== 0) expect(r.err, what).toMatch(/^error: /m);
      expect((await call(ts.url, 'GET', '/healthz')).status).toBe(200);
    }
    expect(await snapshot()).toBe(before);
    const mismatched = await ts.server.db.query(
      `SELECT c.tracking_id, c.version, coalesce(e.n, 0) AS events FROM cases c
         LEFT JOIN (SELECT tracking_id, count(*)::int AS n FROM case_events GROUP BY tracking_id) e ON e.tracking_id = c.tracking_id
        WHERE c.version <> coalesce(e.n, 0)`,
    );
    expect(mismatched).toEqual([]);
    const audit = await call<AuditVerifyResponse>(ts.url, 'GET', '/v1/audit/verify?limit=5000', { token: ts.tokens.admin });
    expect(audit.body.problems).toEqual([]);
    expect(audit.body.nextCursor).toBeNull();
    // something was imported, and something refused: the files exercised both paths
    const imported = await ts.server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM cases WHERE tracking_id LIKE 'FZI-%'`);
    expect(imported[0].n).toBeGreaterThan(0);
    expect([...outcomes.keys()].some((k) => !k.endsWith(':0'))).toBe(true);
  }, LONG ? 1_800_000 : 400_000);
});
