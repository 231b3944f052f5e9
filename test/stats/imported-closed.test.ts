// Cases imported already closed, on both backends (PGlite; PostgreSQL when DATABASE_URL is set), imported
// with `lapor import cases` from a file: completed and archived, with and without a close time, their
// deadlines long past. Their clocks are met or late (domain/clocks.ts#closingStop) in `lapor cases show`, the
// urgency sort, `lapor sla overdue` and the statistics; only the open case is overdue. The public statistics
// answer (a completed case without a close time made them answer 500), and every tidy key of the reports
// computed here is unique.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { urgencyDueAt } from '../../src/domain/clocks.js';
import { annualTidyRows, StatsTrendReportSchema, trendTidyRows, type StatsTrendReport } from '../../src/domain/stats.js';
import type { Case } from '../../src/domain/types.js';
import { BACKENDS, call, startTestServer, type TestServer } from '../helpers/server.js';
import { lapor } from '../import/helpers.js';
import { annual, duplicateTidyKeys } from './helpers.js';

// Monday 6 March 2023 10:00 WITA; the verify deadline is Thursday 9 March, completion 5 May 2023
const SUBMITTED = '2023-03-06T02:00:00.000Z';
const HEADER = 'trackingId,classification,title,body,channel,status,submittedAt,institutionId,verifiedAt,disposedAt,firstResponseAt,lastResponseAt,closedAt,closedBy,archiveReason';
const ROWS = [
  // completed without a close time: verified, disposed and followed up on time (the last recorded: 8 March)
  `C-DONE-NOCLOSE,complaint,Judul,Isi,web,completed,${SUBMITTED},bali.dinkes,2023-03-07T02:00:00.000Z,2023-03-07T02:00:00.000Z,2023-03-08T02:00:00.000Z,2023-03-08T02:00:00.000Z,,admin,`,
  // completed in September, never verified: every clock late
  `C-DONE-LATE,complaint,Judul,Isi,web,completed,${SUBMITTED},,,,,,2023-09-01T02:00:00.000Z,admin,`,
  // archived the next day
  `C-ARCH,complaint,Judul,Isi,web,archived,${SUBMITTED},,,,,,2023-03-07T02:00:00.000Z,admin,duplicate`,
  // archived without a close time: nothing recorded after submission
  `C-ARCH-NOCLOSE,complaint,Judul,Isi,web,archived,${SUBMITTED},,,,,,,admin,duplicate`,
  // still waiting: overdue
  `C-OPEN,complaint,Judul,Isi,web,submitted,${SUBMITTED},,,,,,,,`,
  // disposed on Wednesday 8 March without a verification time (verified by its disposition, on time), never
  // followed up: its response and completion clocks are overdue, not its verify clock
  `C-DISPOSED,complaint,Judul,Isi,web,disposed,${SUBMITTED},bali.dinkes,,2023-03-08T02:00:00.000Z,,,,,`,
];
const CLOSED_IDS = ['C-ARCH', 'C-ARCH-NOCLOSE', 'C-DONE-LATE', 'C-DONE-NOCLOSE'];

/** Clock states in `cases show --format json`, per case: verify, response, completion. */
const EXPECTED_CLOCKS: Record<string, [string, string, string]> = {
  'C-DONE-NOCLOSE': ['met', 'met', 'met'],
  'C-DONE-LATE': ['breached', 'not_started', 'breached'],
  'C-ARCH': ['met', 'not_started', 'met'],
  'C-ARCH-NOCLOSE': ['met', 'not_started', 'met'],
  'C-OPEN': ['overdue', 'not_started', 'overdue'],
  'C-DISPOSED': ['met', 'overdue', 'overdue'],
};

async function trend(server: TestServer, query: string): Promise<StatsTrendReport> {
  const res = await call(server.url, 'GET', `/v1/stats/trend?${query}`, { token: server.tokens.stat });
  expect(res.status, res.text).toBe(200);
  return StatsTrendReportSchema.parse(res.body);
}

describe.each(BACKENDS)('cases imported closed (%s)', (backend) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(backend, { now: new Date('2024-06-03T02:00:00.000Z') });
    const dir = mkdtempSync(join(tmpdir(), 'lapor-closed-'));
    const file = join(dir, 'closed.csv');
    writeFileSync(file, `${HEADER}\n${ROWS.join('\n')}\n`);
    const r = await lapor(server, ['import', 'cases', file]);
    expect(r.code, r.err).toBe(0);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('cases show: met or late, never overdue, for every closed case', async () => {
    for (const [id, [verify, response, completion]] of Object.entries(EXPECTED_CLOCKS)) {
      const r = await lapor(server, ['cases', 'show', id, '--format', 'json']);
      expect(r.code, r.err).toBe(0);
      const shown = JSON.parse(r.out) as Record<string, unknown>;
      expect([shown.verifyClock, shown.responseClock, shown.completionClock], id).toEqual([verify, response, completion]);
    }
    const table = await lapor(server, ['cases', 'show', 'C-ARCH-NOCLOSE', '--lang', 'id'], { tty: true });
    expect(table.code, table.err).toBe(0);
    expect(table.out).toContain('tepat waktu');
    expect(table.out).not.toContain('terlambat');
  });

  it('sla overdue and the overdue filter list only the open case', async () => {
    const r = await lapor(server, ['sla', 'overdue', '--format', 'json']);
    expect(r.code, r.err).toBe(0);
    const items = JSON.parse(r.out) as { trackingId: string; clock: string }[];
    expect(items.map((i) => [i.trackingId, i.clock])).toEqual([
      ['C-OPEN', 'verify'], // due 9 March
      ['C-DISPOSED', 'response'], // due 15 March
      ['C-DISPOSED', 'completion'], // due 5 May
      ['C-OPEN', 'completion'],
    ]);
    const expected = { verify: ['C-OPEN'], response: ['C-DISPOSED'], completion: ['C-DISPOSED', 'C-OPEN'] };
    for (const clock of ['verify', 'response', 'completion'] as const) {
      const res = await call<{ items: Case[] }>(server.url, 'GET', `/v1/cases?overdue=${clock}&sort=trackingId`, { token: server.tokens.admin });
      expect(res.status, res.text).toBe(200);
      expect(res.body.items.map((c) => c.trackingId)).toEqual(expected[clock]);
    }
  });

  it('the urgency sort puts every closed case last, as the domain does', async () => {
    const res = await call<{ items: Case[] }>(server.url, 'GET', '/v1/cases?sort=urgency', { token: server.tokens.admin });
    expect(res.status, res.text).toBe(200);
    // C-OPEN's verify clock (due 9 March) before C-DISPOSED's completion (5 May), then the closed ones
    expect(res.body.items.map((c) => c.trackingId)).toEqual(['C-OPEN', 'C-DISPOSED', ...CLOSED_IDS]);
    for (const c of res.body.items) expect(urgencyDueAt(c) === null, c.trackingId).toBe(CLOSED_IDS.includes(c.trackingId));
  });

  it('statistics: the closed cases’ clocks are decided, the open one overdue; the closing time counts where it is known', async () => {
    const report = await annual(server, 'year=2023');
    const h = report.headline;
    expect(h.received).toBe(6);
    expect(h.completed).toBe(2);
    // verify: C-DONE-NOCLOSE 1 WD, C-ARCH 1, C-ARCH-NOCLOSE 0, C-DISPOSED 2 (its disposition) on time;
    // C-DONE-LATE late; C-OPEN overdue. Only C-DONE-NOCLOSE has a verification time (the median's n)
    expect([h.verify.onTime, h.verify.late, h.verify.overdue, h.verify.running, h.verify.n]).toEqual([4, 1, 1, 0, 1]);
    // response: C-DONE-NOCLOSE followed up the next working day; C-DISPOSED never
    expect([h.response.onTime, h.response.late, h.response.overdue, h.response.running]).toEqual([1, 0, 1, 0]);
    // closing: only C-DONE-LATE has a close time
    expect(h.closing.n).toBe(1);
    expect(duplicateTidyKeys(annualTidyRows(report))).toEqual([]);
  });

  it('public statistics answer with a completed case that has no close time (annual and trend)', async () => {
    const pub = await annual(server, 'year=2023&public=true&k=2');
    expect(pub.public).toBe(true);
    expect(pub.headline.closing.n).toBeNull(); // one closing: below k
    expect(pub.suppressed).toContain('headline.closing.n');
    expect(duplicateTidyKeys(annualTidyRows(pub))).toEqual([]);
    for (const query of ['from=2022&to=2024&public=true', 'from=2022&to=2024']) {
      const t = await trend(server, query);
      expect(t.years.map((y) => y.headline.received ?? -1)).toEqual(query.includes('public') ? [0, -1, 0] : [0, 6, 0]); // 6 < k: hidden
      expect(duplicateTidyKeys(trendTidyRows(t))).toEqual([]);
    }
  });
});
