// `lapor sla overdue` in-process with a fake ApiClient: the rows of every page (cursors followed), the
// columns with and without --clock, each --format, the empty documents, and the terminal table in both
// languages as golden files (fixed clock 2026-11-23T02:00:00Z, colour off, width 80).

import { describe, expect, it } from 'vitest';
import type { SlaOverdueResponse } from '../../src/domain/sla.js';
import { item, newFake, runSla, type SlaFake } from './helpers.js';

const ASOF = '2026-11-23T02:00:00.000Z';

/** Two pages: the national queue's verify breach, a regency's, then a disposed case's follow-up breach. */
function twoPages(): SlaFake {
  const fake = newFake();
  const first: SlaOverdueResponse = {
    asOf: ASOF,
    items: [
      item({ trackingId: 'LAP-2026-000101', dueAt: '2026-11-10T15:59:59.999Z', overdueWorkingDays: 9, overdueHours: 298 }),
      item({
        trackingId: 'LAP-2026-000102',
        status: 'postponed',
        institutionId: 'badung',
        institutionName: 'Pemerintah Kabupaten Badung',
        dueAt: '2026-11-18T15:59:59.999Z',
        overdueWorkingDays: 3,
        overdueHours: 106,
      }),
    ],
    nextCursor: 'page-2',
  };
  const second: SlaOverdueResponse = {
    asOf: ASOF,
    items: [
      item({
        trackingId: 'LAP-2026-000203',
        clock: 'response',
        status: 'disposed',
        institutionId: 'bali.dinkes',
        institutionName: 'Dinas Kesehatan Provinsi Bali',
        dueAt: '2026-11-20T15:59:59.999Z',
        overdueWorkingDays: 1,
        overdueHours: 58,
      }),
    ],
    nextCursor: null,
  };
  fake.overduePages = new Map([
    ['', first],
    ['page-2', second],
  ]);
  return fake;
}

describe('lapor sla overdue', () => {
  it('follows the cursor and prints every breach as JSON, the clock column included for all clocks', async () => {
    const fake = twoPages();
    const r = await runSla(['sla', 'overdue', '--format', 'json'], fake);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe('');
    expect(fake.overdueCalls).toEqual([
      { clock: undefined, institution: undefined, limit: 5000, cursor: undefined },
      { clock: undefined, institution: undefined, limit: 5000, cursor: 'page-2' },
    ]);
    const rows = JSON.parse(r.out) as Record<string, unknown>[];
    expect(rows).toEqual([
      {
        trackingId: 'LAP-2026-000101',
        clock: 'verify',
        institutionId: null,
        dueAt: '2026-11-10T15:59:59.999Z',
        overdueWorkingDays: 9,
        overdueHours: 298,
      },
      {
        trackingId: 'LAP-2026-000102',
        clock: 'verify',
        institutionId: 'badung',
        dueAt: '2026-11-18T15:59:59.999Z',
        overdueWorkingDays: 3,
        overdueHours: 106,
      },
      {
        trackingId: 'LAP-2026-000203',
        clock: 'response',
        institutionId: 'bali.dinkes',
        dueAt: '2026-11-20T15:59:59.999Z',
        overdueWorkingDays: 1,
        overdueHours: 58,
      },
    ]);
  });

  it('passes --clock and --institution, and leaves the clock column out for one clock', async () => {
    const fake = newFake();
    fake.overduePages.set('', { asOf: ASOF, items: [item({ trackingId: 'LAP-1', clock: 'response', institutionId: 'badung.dinkes' })], nextCursor: null });
    const r = await runSla(['sla', 'overdue', '--clock', 'response', '--institution', 'badung', '--format', 'csv'], fake);
    expect(r.code, r.err).toBe(0);
    expect(fake.overdueCalls).toEqual([{ clock: 'response', institution: 'badung', limit: 5000, cursor: undefined }]);
    expect(r.out).toBe('trackingId,institutionId,dueAt,overdueWorkingDays,overdueHours\nLAP-1,badung.dinkes,2026-11-19T15:59:59.999Z,2,82\n');
  });

  it('streams CSV and NDJSON page by page; --fields picks columns, names included', async () => {
    const csv = await runSla(['sla', 'overdue', '--format', 'csv', '--fields', 'trackingId,clock,status,institutionName'], twoPages());
    expect(csv.out).toBe(
      [
        'trackingId,clock,status,institutionName',
        'LAP-2026-000101,verify,submitted,',
        'LAP-2026-000102,verify,postponed,Pemerintah Kabupaten Badung',
        'LAP-2026-000203,response,disposed,Dinas Kesehatan Provinsi Bali',
        '',
      ].join('\n'),
    );
    const ndjson = await runSla(['sla', 'overdue', '--format', 'ndjson', '--fields', 'trackingId,overdueHours'], twoPages());
    expect(ndjson.out).toBe(
      '{"trackingId":"LAP-2026-000101","overdueHours":298}\n{"trackingId":"LAP-2026-000102","overdueHours":106}\n{"trackingId":"LAP-2026-000203","overdueHours":58}\n',
    );
    const piped = await runSla(['sla', 'overdue'], twoPages());
    expect(piped.out.split('\n')[0]).toBe('LAP-2026-000101\tverify\t\t2026-11-10T15:59:59.999Z\t9\t298');
  });

  it('prints valid empty documents when nothing is overdue, and exits 0', async () => {
    const expected: Record<string, string> = {
      json: '[]\n',
      ndjson: '',
      csv: 'trackingId,clock,institutionId,dueAt,overdueWorkingDays,overdueHours\n',
      table: '',
    };
    for (const [format, out] of Object.entries(expected)) {
      const r = await runSla(['sla', 'overdue', '--format', format], newFake());
      expect(r.code, format).toBe(0);
      expect(r.out, format).toBe(out);
      expect(r.err, format).toBe('');
    }
    const tty = await runSla(['sla', 'overdue', '--lang', 'en'], newFake(), { tty: true });
    expect(tty.code).toBe(0);
    expect(tty.out).toBe('');
    expect(tty.err).toBe('No results\n');
  });

  it('rejects unknown fields and clocks before any request (exit 2)', async () => {
    for (const argv of [
      ['sla', 'overdue', '--fields', 'trackingId,title'],
      ['sla', 'overdue', '--clock', 'closing'],
    ]) {
      const fake = newFake();
      const r = await runSla(argv, fake);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(fake.overdueCalls).toEqual([]);
    }
  });

  it('fails instead of looping when the API repeats a cursor', async () => {
    const fake = newFake();
    fake.overduePages = new Map([
      ['', { asOf: ASOF, items: [item({ trackingId: 'LAP-1' })], nextCursor: 'again' }],
      ['again', { asOf: ASOF, items: [item({ trackingId: 'LAP-2' })], nextCursor: 'again' }],
    ]);
    const r = await runSla(['sla', 'overdue', '--format', 'json', '--lang', 'en'], fake);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('the API returned the same cursor twice');
  });

  for (const lang of ['id', 'en'] as const) {
    it(`shows a terminal table, the national queue as "—" (${lang})`, async () => {
      const r = await runSla(['sla', 'overdue', '--lang', lang], twoPages(), { tty: true });
      expect(r.code, r.err).toBe(0);
      expect(r.err).toBe('');
      expect(r.out).toContain('—');
      for (const line of r.out.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
      await expect(r.out).toMatchFileSnapshot(`golden/overdue-tty-${lang}.txt`);
    });
  }
});
