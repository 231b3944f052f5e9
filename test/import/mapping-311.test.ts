// Issue 17, "Must show": a real open-data export of another city's complaint system imports with a mapping
// file. fixtures/csv/311/ holds 224 rows of the City of Los Angeles' MyLA311 service requests, verbatim (see
// SOURCE.md), and mapping.json (shown in the README) reads them with "MM/DD/YYYY hh:mm:ss A" in
// America/Los_Angeles. The built CLI imports the file in a child process against a real API; the cases it
// stored are then compared with an independent reading of the same file done here: csv-parse and plain
// Date arithmetic (no code of ours), so the counts per status and the median close time are checked twice.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../src/domain/types.js';
import { call, startTestServer, type TestServer } from '../helpers/server.js';
import { ROOT, homeEnv, runLapor, type Exit } from '../helpers/spawn.js';
import { CSV_DIR } from './helpers.js';

const DIR = join(CSV_DIR, '311');
const FILE = join(DIR, 'myla311-2017-12-31.csv');
const MAPPING = join(DIR, 'mapping.json');

let server: TestServer;
let home: string;

function lapor(args: readonly string[]): Promise<Exit> {
  const env = homeEnv(home, { LAPOR_API_URL: server.url, LAPOR_TOKEN: server.tokens.admin });
  return runLapor(args, { cwd: home, env, stdin: '' });
}

/**
 * `12/31/2017 11:59:58 PM` in Los Angeles → ms since the epoch, by hand, with the United States rule written
 * out for the months the file spans: PST (UTC−8) from 2 AM on 5 November 2017, PDT (UTC−7) from 2 AM on
 * 11 March 2018 until 4 November 2018. A time outside that span, or in the skipped hour, fails the test.
 */
function pacificMs(text: string): number {
  const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2}) (AM|PM)$/.exec(text);
  if (m === null) throw new Error(`not a MyLA311 time: ${text}`);
  const hour12 = Number(m[4]);
  if (hour12 < 1 || hour12 > 12) throw new Error(`not a 12-hour time: ${text}`);
  const hour = (hour12 % 12) + (m[7] === 'PM' ? 12 : 0);
  const wall = Date.UTC(Number(m[3]), Number(m[1]) - 1, Number(m[2]), hour, Number(m[5]), Number(m[6]));
  if (wall >= Date.UTC(2017, 10, 5, 2) && wall < Date.UTC(2018, 2, 11, 2)) return wall + 8 * 3_600_000;
  if (wall >= Date.UTC(2018, 2, 11, 3) && wall < Date.UTC(2018, 10, 4, 1)) return wall + 7 * 3_600_000;
  throw new Error(`outside the span the test knows: ${text}`);
}

/** The lower median of a list of numbers (the middle one, or the lower of the two middle ones). */
function lowerMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

const STATUS_OF: Record<string, string> = { Closed: 'completed', Cancelled: 'archived' };

beforeAll(async () => {
  const build = spawnSync('npx', ['tsc', '-p', '.'], { cwd: ROOT, encoding: 'utf8' });
  expect(existsSync(join(ROOT, 'dist', 'commands', 'import', 'cases.js')), build.stdout + build.stderr).toBe(true);
  home = mkdtempSync(join(tmpdir(), 'lapor-311-'));
  server = await startTestServer('pglite');
}, 180_000);

afterAll(async () => {
  await server?.close();
});

describe('the README shows the mapping', () => {
  it('holds fixtures/csv/311/mapping.json verbatim under its marker', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const block = /<!-- fixtures\/csv\/311\/mapping\.json -->\n```json\n([\s\S]*?)```/.exec(readme);
    expect(block?.[1]).toBe(readFileSync(MAPPING, 'utf8'));
  });
});

describe('a MyLA311 export through mapping.json (spawned CLI)', () => {
  it('imports every row; counts per status and the median close time equal an independent reading of the file', async () => {
    const records = parse(readFileSync(FILE), { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(224);
    const expectedCounts: Record<string, number> = {};
    for (const r of records) {
      const status = STATUS_OF[r.Status];
      expect(status, r.Status).toBeDefined();
      expectedCounts[status] = (expectedCounts[status] ?? 0) + 1;
    }
    const closeMs = records.filter((r) => r.Status === 'Closed').map((r) => pacificMs(r.ClosedDate) - pacificMs(r.CreatedDate));

    const r = await lapor(['import', 'cases', FILE, '--mapping', MAPPING, '--format', 'json']);
    expect(r.code, r.err + r.out).toBe(0);
    expect(JSON.parse(r.out).summary).toMatchObject({ created: 224, rejected: 0, applied: true });

    const res = await call<{ items: Case[] }>(server.url, 'GET', '/v1/cases?limit=500', { token: server.tokens.admin });
    expect(res.status).toBe(200);
    const cases = res.body.items.filter((c) => /^1-87\d{7}$/.test(c.trackingId));
    expect(cases).toHaveLength(224);
    const counts: Record<string, number> = {};
    for (const c of cases) counts[c.status] = (counts[c.status] ?? 0) + 1;
    expect(counts).toEqual(expectedCounts);
    expect(counts).toEqual({ completed: 220, archived: 4 });

    const stored = cases.filter((c) => c.status === 'completed').map((c) => Date.parse(c.closedAt ?? '') - Date.parse(c.submittedAt));
    expect(lowerMedian(stored)).toBe(lowerMedian(closeMs));
    // the figure itself, so that a change in either reading shows: 2 days, 17 hours, 32 minutes, 31 seconds
    expect(lowerMedian(closeMs)).toBe(((2 * 24 + 17) * 3600 + 32 * 60 + 31) * 1000);

    // one case in full: 11:59:58 PM on New Year's Eve in Los Angeles is 07:59:58 UTC on 1 January
    const first = cases.find((c) => c.trackingId === '1-870704831');
    expect(first).toMatchObject({
      submittedAt: '2018-01-01T07:59:58.000Z',
      closedAt: '2018-04-09T16:18:35.000Z', // 04/09/2018 09:18:35 AM, PDT (UTC−7) by then
      title: 'Homeless Encampment',
      status: 'completed',
      channel: 'walk_in',
      anonymous: false,
    });
  });

  it('--init-mapping writes a skeleton from the header with the 12-hour pattern found in the sample', async () => {
    const r = await lapor(['import', 'cases', FILE, '--init-mapping', '--timezone', 'America/Los_Angeles', '--lang', 'en']);
    expect(r.code, r.err).toBe(0);
    const skeleton = JSON.parse(r.out) as { columns: Record<string, string | null>; dateFormats: string[]; timezone: string; notes: string[] };
    expect(Object.keys(skeleton.columns)).toHaveLength(33);
    expect(skeleton.columns).toMatchObject({ Status: 'status', Anonymous: 'anonymous', SRNumber: null, CreatedDate: null });
    expect(skeleton.dateFormats).toEqual(['MM/DD/YYYY hh:mm:ss A']);
    expect(skeleton.timezone).toBe('America/Los_Angeles');
    expect(skeleton.notes.join('\n')).toContain('values.status needs an entry for "Cancelled"');
    expect(skeleton.notes.join('\n')).toContain('required fields not mapped yet: trackingId, classification, title, body, channel, submittedAt');
    // --output writes the same skeleton to a file (and says so on stderr); without --init-mapping it is a usage error
    const written = await lapor(['import', 'cases', FILE, '--init-mapping', '--timezone', 'America/Los_Angeles', '--lang', 'en', '--output', 'la.json']);
    expect(written.code, written.err).toBe(0);
    expect(written.out).toBe('');
    expect(written.err).toContain('mapping skeleton written to la.json');
    expect(readFileSync(join(home, 'la.json'), 'utf8')).toBe(r.out);
    const misuse = await lapor(['import', 'cases', FILE, '--output', 'la.json', '--lang', 'en']);
    expect(misuse.code).toBe(2);
    expect(misuse.err).toContain('--output only applies with --init-mapping');
    // nothing was imported by it
    const res = await call<{ items: Case[] }>(server.url, 'GET', '/v1/cases?limit=500', { token: server.tokens.admin });
    expect(res.body.items.filter((c) => /^1-87\d{7}$/.test(c.trackingId))).toHaveLength(224);
  });
});
