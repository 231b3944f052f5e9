// Round trip, as a property: cases made through the API on server A (arbitrary text with quotes, commas,
// semicolons, newlines, formula starts and full-width forms; random statuses, flags, places, reporters) are
// exported with `lapor export cases --content pii` and loaded into an empty server B with `lapor import cases`
// (the real binary both ways). Then every case on B equals its original on A field by field (the export's
// formula escape is undone by the import, so texts come back exactly), the reporters match, and exporting B
// gives the very same bytes as exporting A (export ∘ import is a fixed point).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASE_COLUMNS } from '../../src/domain/caseColumns.js';
import type { Case } from '../../src/domain/types.js';
import { call, startTestServer, type TestServer } from '../helpers/server.js';
import { ROOT, homeEnv, runLapor, type Exit } from '../helpers/spawn.js';

const RUNS = Number(process.env.LAPOR_ROUNDTRIP_RUNS ?? (process.env.LAPOR_LONG_TESTS ? 40 : 6));

let home: string;
let a: TestServer;
let b: TestServer;

function lapor(args: readonly string[], server: TestServer): Promise<Exit> {
  return runLapor(args, { cwd: home, env: homeEnv(home, { LAPOR_API_URL: server.url, LAPOR_TOKEN: server.tokens.admin }) });
}

// ---- generators ----------------------------------------------------------------------------------------

const UNITS = ['a', 'Z', '7', ' ', ',', ';', '"', "'", '\n', '\r\n', '=', '+', '-', '@', '\t', '＝', '＋', '－', '＠', 'é', '—', '🙂', '\\'];
const anyText = (max: number) => fc.string({ unit: fc.constantFrom(...UNITS), minLength: 1, maxLength: max });
/** Title and body: kept as sent, surrounding white space too (only a blank one is refused). */
const freeText = (max: number) => anyText(max).filter((s) => s.trim() !== '');
// Places and the reporter's name and contact are kept as sent too (surrounding white space, white space only).
const place = fc.option(anyText(30), { nil: null });

const caseArb = fc.record({
  classification: fc.constantFrom('complaint', 'aspiration', 'information_request'),
  categoryId: fc.constantFrom(null, 'kesehatan', 'kesehatan.bpjs'),
  title: freeText(60),
  body: freeText(200),
  incidentDate: fc.option(fc.integer({ min: 0, max: 364 }).map((d) => new Date(Date.UTC(2023, 0, 1 + d)).toISOString().slice(0, 10)), { nil: null }),
  province: place,
  regency: place,
  district: place,
  village: place,
  regionCode: fc.option(fc.stringMatching(/^\d{2}(\.\d{2}){0,3}$/), { nil: null }),
  channel: fc.constantFrom('web', 'mobile', 'sms_1708', 'whatsapp'),
  anonymous: fc.boolean(),
  confidential: fc.boolean(),
  institutionId: fc.constantFrom(null, 'badung.dinkes', 'denpasar', 'bali.dinkes'),
  minuteOfYear: fc.integer({ min: 0, max: 365 * 24 * 60 - 1 }),
  reporter: fc.option(
    fc.record({
      name: fc.option(anyText(40), { nil: null }),
      contact: fc.option(anyText(40), { nil: null }),
      nik: fc.option(fc.stringMatching(/^\d{16}$/), { nil: null }),
    }),
    { nil: undefined },
  ),
  path: fc.constantFrom('none', 'dispose', 'respond', 'close', 'archive', 'postpone'),
  rating: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }),
});

type GeneratedCase = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

async function act(server: TestServer, id: string, body: Record<string, unknown>): Promise<void> {
  const c = await call<Case>(server.url, 'GET', `/v1/cases/${id}`, { token: server.tokens.admin });
  const res = await call(server.url, 'POST', `/v1/cases/${id}/actions`, {
    token: server.tokens.admin,
    body,
    headers: { 'if-match': `"${c.body.version}"` },
  });
  expect(res.status, res.text).toBe(200);
}

async function create(server: TestServer, id: string, year: number, g: GeneratedCase): Promise<void> {
  const { minuteOfYear, reporter, path, rating, ...fields } = g;
  const submittedAt = new Date(Date.UTC(year, 0, 1) - 8 * 3_600_000 + minuteOfYear * 60_000).toISOString();
  const res = await call(server.url, 'POST', '/v1/cases', {
    token: server.tokens.admin,
    body: { trackingId: id, ...fields, submittedAt, ...(reporter ? { reporter } : {}) },
  });
  expect(res.status, res.text).toBe(201);
  const target = g.institutionId ?? 'bali.dinkes';
  if (path === 'dispose' || path === 'respond' || path === 'close') await act(server, id, { action: 'dispose', institutionId: target });
  if (path === 'respond' || path === 'close') await act(server, id, { action: 'respond', message: 'Sedang ditindaklanjuti.' });
  if (path === 'close') await act(server, id, { action: 'close' });
  if (path === 'archive') await act(server, id, { action: 'archive', reason: 'duplicate' });
  if (path === 'postpone') await act(server, id, { action: 'postpone', note: 'Mohon lengkapi lokasi.' });
  if (path === 'close' && rating !== null) await server.server.db.query('UPDATE cases SET rating = $1 WHERE tracking_id = $2', [rating, id]);
}

async function caseRow(server: TestServer, id: string): Promise<Record<string, unknown>> {
  const c = await call<Case>(server.url, 'GET', `/v1/cases/${id}`, { token: server.tokens.admin });
  expect(c.status, c.text).toBe(200);
  const [r] = await server.server.db.query<{ name: string | null; contact: string | null; nik: string | null }>(
    'SELECT name, contact, nik FROM reporters WHERE tracking_id = $1',
    [id],
  );
  const all: Record<string, unknown> = { ...c.body, reporterName: r?.name ?? null, reporterContact: r?.contact ?? null, reporterNik: r?.nik ?? null };
  return Object.fromEntries(CASE_COLUMNS.map((col) => [col.name, all[col.name]]));
}

beforeAll(async () => {
  const build = spawnSync('npx', ['tsc', '-p', '.'], { cwd: ROOT, encoding: 'utf8' });
  expect(existsSync(join(ROOT, 'dist', 'commands', 'import', 'cases.js')), build.stdout + build.stderr).toBe(true);
  home = mkdtempSync(join(tmpdir(), 'lapor-roundtrip-'));
  a = await startTestServer('pglite', { now: new Date('2026-03-04T02:00:00Z') });
  b = await startTestServer('pglite', { now: new Date('2026-03-04T02:00:00Z') });
});

afterAll(async () => {
  await a?.close();
  await b?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

describe('export → import round trip (property)', () => {
  it(`reproduces the cases exactly (${RUNS} runs)`, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(caseArb, { minLength: 1, maxLength: 6 }), async (cases) => {
        run += 1;
        // a year per run, counting back from the year before the servers' clock (2026-03-04, so that no date lies
        // in the future) and round again after 30 runs: a year's export then also holds the cases of an earlier
        // run, which the import finds unchanged, and the re-export must still equal it byte for byte
        const year = 2025 - ((run - 1) % 30);
        const ids = cases.map((_, i) => `RT${run}-${i}`);
        for (let i = 0; i < cases.length; i += 1) await create(a, ids[i], year, cases[i]);

        const file = join(home, `run-${run}.csv`);
        const exported = await lapor(['export', 'cases', '--content', 'pii', '--purpose', 'Uji pulang-pergi', '--year', String(year), '-o', file], a);
        expect(exported.code, exported.err).toBe(0);
        const imported = await lapor(['import', 'cases', file], b);
        expect(imported.code, `${imported.err}\n${imported.out}\n${readFileSync(file, 'utf8')}`).toBe(0);

        for (const id of ids) {
          const original = await caseRow(a, id);
          const copy = await caseRow(b, id);
          expect(copy, id).toEqual(original);
        }

        const again = join(home, `run-${run}-again.csv`);
        const reexported = await lapor(['export', 'cases', '--content', 'pii', '--purpose', 'Uji pulang-pergi', '--year', String(year), '-o', again], b);
        expect(reexported.code, reexported.err).toBe(0);
        expect(readFileSync(again, 'utf8')).toBe(readFileSync(file, 'utf8'));
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 600_000);
});
