// Durations under one working day, on both backends (PGlite; PostgreSQL when DATABASE_URL is set): when the
// median (or p90) of a clock falls on a clock that stopped on the local date it started (0 working days), the
// report gives the time it took in hours (medianHours / p90Hours, to the minute), the CSV keeps that value and
// the terminal report says "4 jam" instead of "0".
//
// Four cases imported complete, submitted Monday 5 February 2024 10:00 WITA, all at bali.dinkes:
//   H-1 verified +2 h, disposed +2 h, first follow-up +3 h, closed +5 h
//   H-2 verified +4 h, disposed +4 h, first follow-up +5 h, closed +6 h
//   H-3 verified +7 h, disposed +7 h, first follow-up +7.5 h, closed +7.75 h
//   H-4 verified Wednesday, disposed Wednesday, first follow-up Thursday, closed Friday (≥ 1 working day each)
// verify   [2 h, 4 h, 7 h, ≥1 WD]: median (2nd) 4 h, p90 (4th) ≥ 1 working day (no hours)
// response [30 min, 1 h, 1 h, ≥1 WD]: median 1 h
// closing  [5 h, 6 h, 7.75 h, ≥1 WD]: median 6 h

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS, startTestServer, type TestServer } from '../helpers/server.js';
import { lapor } from '../import/helpers.js';
import { annual } from './helpers.js';

const T0 = Date.parse('2024-02-05T02:00:00.000Z');
const at = (hours: number) => new Date(T0 + hours * 3_600_000).toISOString();
const HEADER = 'trackingId,classification,title,body,channel,status,submittedAt,institutionId,verifiedAt,disposedAt,firstResponseAt,lastResponseAt,closedAt,closedBy';
const ROWS = [
  ['H-1', 2, 2, 3, 5],
  ['H-2', 4, 4, 5, 6],
  ['H-3', 7, 7, 7.5, 7.75],
  ['H-4', 48, 48, 72, 96],
].map(([id, v, d, r, c]) => `${id},complaint,Judul,Isi,web,completed,${at(0)},bali.dinkes,${at(v as number)},${at(d as number)},${at(r as number)},${at(r as number)},${at(c as number)},admin`);

describe.each(BACKENDS)('durations under a working day (%s)', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend);
    const file = join(mkdtempSync(join(tmpdir(), 'lapor-hours-')), 'hours.csv');
    writeFileSync(file, `${HEADER}\n${ROWS.join('\n')}\n`);
    const r = await lapor(server, ['import', 'cases', file]);
    expect(r.code, r.err).toBe(0);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('the report gives hours where the median took 0 working days', async () => {
    const h = (await annual(server, 'year=2024')).headline;
    expect([h.verify.n, h.verify.medianWorkingDays, h.verify.medianHours, h.verify.p90Hours]).toEqual([4, 0, 4, null]);
    expect(h.verify.p90WorkingDays).toBeGreaterThanOrEqual(1);
    expect([h.response.n, h.response.medianWorkingDays, h.response.medianHours, h.response.p90Hours]).toEqual([4, 0, 1, null]);
    expect([h.closing.n, h.closing.medianWorkingDays, h.closing.medianHours, h.closing.p90Hours]).toEqual([4, 0, 6, null]);
    const [row] = (await annual(server, 'year=2024')).institutions;
    expect([row.institutionId, row.responseMedianWorkingDays, row.responseMedianHours, row.closingMedianWorkingDays, row.closingMedianHours]).toEqual(['bali.dinkes', 0, 1, 0, 6]);
    // a public report with k = 2 shows them (4 cases each), with k = 10 hides them with the working days
    const shown = (await annual(server, 'year=2024&public=true&k=2')).headline;
    expect(shown.verify.medianHours).toBe(4);
    const hidden = await annual(server, 'year=2024&public=true');
    expect([hidden.headline.verify.medianWorkingDays, hidden.headline.verify.medianHours]).toEqual([null, null]);
    expect(hidden.suppressed).toContain('headline.verify.medianHours');
  });

  it('the CSV keeps hours as a number, the terminal report says "jam"', async () => {
    const csv = await lapor(server, ['stats', 'annual', '--year', '2024', '--format', 'csv']);
    expect(csv.code, csv.err).toBe(0);
    const rows = parse(csv.out, { columns: true }) as { figure: string; dimension: string; value: string }[];
    const value = (figure: string) => rows.find((r) => r.figure === figure && r.dimension === 'total')?.value;
    expect([value('verify.medianWorkingDays'), value('verify.medianHours'), value('verify.p90Hours')]).toEqual(['0', '4', '']);
    expect(value('closing.medianHours')).toBe('6');
    const text = await lapor(server, ['stats', 'annual', '--year', '2024', '--lang', 'id'], { tty: true });
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain('median 4 jam · p90 ');
    expect(text.out).toContain('median 1 jam · p90 ');
    expect(text.out).toContain('median 6 jam · p90 ');
    // the ranking's median follow-up column
    expect(text.out).toMatch(/Median HK\n.* 1 jam\n/);
  });
});
