// Issue 17, scope 3: date patterns with a 12-hour clock (hh/h, A/a), unknown pattern letters refused with the
// pattern and the mapping path, literal text in [brackets], IANA zones with daylight-saving time (a time in
// the spring gap, a time in the autumn overlap, both sides of each jump), and the date patterns
// --init-mapping infers from a file's sample values.

import { describe, expect, it } from 'vitest';
import { caseReader, monthFirstHint } from '../../src/commands/import/cases.js';
import { compileMapping, MappingError, planHeader } from '../../src/domain/csv/layout.js';
import { inferDatePattern, mappingSkeleton } from '../../src/domain/csv/skeleton.js';
import { compileDatePattern, localToUtc, readInstant, resolveZone } from '../../src/domain/csv/values.js';

const UTC = { offsetMinutes: 0 };

function read(text: string, pattern: string, zone: string | number = 0): string | undefined {
  const setting = typeof zone === 'number' ? { offsetMinutes: zone } : resolveZone(zone);
  if (setting === undefined) throw new Error(`no zone ${String(zone)}`);
  return readInstant(text, { ...setting, patterns: [compileDatePattern(pattern)] });
}

describe('12-hour clock', () => {
  it('reads hh:mm:ss A with 12 AM as midnight and 12 PM as noon', () => {
    const p = 'MM/DD/YYYY hh:mm:ss A';
    expect(read('12/31/2017 11:59:58 PM', p)).toBe('2017-12-31T23:59:58.000Z');
    expect(read('12/31/2017 11:59:58 AM', p)).toBe('2017-12-31T11:59:58.000Z');
    expect(read('01/05/2018 12:00:00 AM', p)).toBe('2018-01-05T00:00:00.000Z');
    expect(read('01/05/2018 12:30:00 PM', p)).toBe('2018-01-05T12:30:00.000Z');
    expect(read('01/05/2018 01:00:00 PM', p)).toBe('2018-01-05T13:00:00.000Z');
    // 0 and 13 are no hours of a 12-hour clock; the meridiem is required
    expect(read('01/05/2018 00:30:00 AM', p)).toBeUndefined();
    expect(read('01/05/2018 13:30:00 PM', p)).toBeUndefined();
    expect(read('01/05/2018 11:30:00', p)).toBeUndefined();
  });

  it('reads h and a: one-digit hours, lower case, dotted a.m./p.m.', () => {
    expect(read('1/2/2023 9:05 am', 'D/M/YYYY h:mm a')).toBe('2023-02-01T09:05:00.000Z');
    expect(read('1/2/2023 9:05 p.m.', 'D/M/YYYY h:mm a')).toBe('2023-02-01T21:05:00.000Z');
    expect(read('1/2/2023 12:05 PM', 'D/M/YYYY h:mm A', 420)).toBe('2023-02-01T05:05:00.000Z');
  });
});

describe('pattern letters', () => {
  it('refuses a letter run that is no token, naming it', () => {
    expect(() => compileDatePattern('YYYY-MM-DDTHH:mm')).toThrow('unknown token "T"');
    expect(() => compileDatePattern('YY/MM/DD')).toThrow('unknown token "YY"');
    expect(() => compileDatePattern('Do MMM YYYY')).toThrow('unknown token "o"');
    expect(() => compileDatePattern('DD/MM/YYYY HH:mm Z')).toThrow('unknown token "Z"');
  });

  it('refuses a 12-hour hour without AM/PM, AM/PM with HH, and an unclosed bracket', () => {
    expect(() => compileDatePattern('MM/DD/YYYY hh:mm')).toThrow('needs AM/PM');
    expect(() => compileDatePattern('MM/DD/YYYY HH:mm A')).toThrow('goes with the 12-hour hour');
    expect(() => compileDatePattern('[Tgl DD/MM/YYYY')).toThrow('no closing "]"');
  });

  it('takes text in [brackets] literally', () => {
    expect(read('Tgl 06/08/2023 jam 09.12', '[Tgl] DD/MM/YYYY [jam] HH.mm', 480)).toBe('2023-08-06T01:12:00.000Z');
    expect(read('2023-08-06 at 09:12 PM', 'YYYY-MM-DD [at] hh:mm A')).toBe('2023-08-06T21:12:00.000Z');
  });

  it('names the mapping path of a bad pattern', () => {
    let caught: unknown;
    try {
      compileMapping({ columns: {}, dateFormats: ['DD/MM/YYYY', 'MM/DD/YYYY HH:mm Z'] }, 480);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(MappingError);
    expect((caught as MappingError).path).toBe('dateFormats.1');
    expect((caught as MappingError).message).toMatch(/^dateFormats\.1: date pattern "MM\/DD\/YYYY HH:mm Z": unknown token "Z"/);
  });
});

describe('IANA zones with daylight-saving time (America/New_York)', () => {
  const p = 'MM/DD/YYYY hh:mm:ss A';
  const ny = (text: string) => read(text, p, 'America/New_York');

  it('resolves IANA names, keeps the Indonesian zones and offsets fixed, refuses unknown names', () => {
    expect(resolveZone('America/New_York')).toEqual({ offsetMinutes: 0, timeZone: 'America/New_York' });
    // one reader of zone names for import and export (io/zone.ts): offsets beyond ±14:00 name no zone on Earth
    expect(resolveZone('+14:00')).toEqual({ offsetMinutes: 840 });
    expect(resolveZone('+25:00')).toBeUndefined();
    expect(resolveZone('-03:75')).toBeUndefined();
    expect(resolveZone('Asia/Jakarta')).toEqual({ offsetMinutes: 420 });
    expect(resolveZone('WITA')).toEqual({ offsetMinutes: 480 });
    expect(resolveZone('-05:00')).toEqual({ offsetMinutes: -300 });
    expect(resolveZone('Mars/Olympus')).toBeUndefined();
    expect(resolveZone('EST5EDT; rm')).toBeUndefined();
    expect(compileMapping({ columns: {}, timezone: 'America/New_York' }, 480).read).toMatchObject({ timeZone: 'America/New_York' });
    expect(() => compileMapping({ columns: {}, timezone: 'America/Gotham' }, 480)).toThrow('timezone: unknown time zone');
  });

  it('uses the offset in force at each local time: winter EST, summer EDT', () => {
    expect(ny('01/15/2024 09:00:00 AM')).toBe('2024-01-15T14:00:00.000Z');
    expect(ny('07/15/2024 09:00:00 AM')).toBe('2024-07-15T13:00:00.000Z');
  });

  it('spring forward (10 March 2024, 2 AM → 3 AM): both sides, and a time in the gap moves on by the gap', () => {
    expect(ny('03/10/2024 01:59:59 AM')).toBe('2024-03-10T06:59:59.000Z'); // EST
    expect(ny('03/10/2024 03:00:00 AM')).toBe('2024-03-10T07:00:00.000Z'); // EDT
    expect(ny('03/10/2024 02:30:00 AM')).toBe('2024-03-10T07:30:00.000Z'); // no such time: read as 3:30 EDT
  });

  it('fall back (3 November 2024, 2 AM → 1 AM): both sides, and a time in the overlap is the first one', () => {
    expect(ny('11/03/2024 12:59:59 AM')).toBe('2024-11-03T04:59:59.000Z'); // EDT
    expect(ny('11/03/2024 01:30:00 AM')).toBe('2024-11-03T05:30:00.000Z'); // twice: the first, EDT (the second is 06:30Z)
    expect(ny('11/03/2024 02:00:00 AM')).toBe('2024-11-03T07:00:00.000Z'); // EST
    // the same answer from the cache as from the first look-up
    const wall = Date.UTC(2024, 10, 3, 1, 30);
    expect(localToUtc(wall, 'America/New_York')).toBe(localToUtc(wall, 'America/New_York'));
  });

  it('works south of the equator too (Australia/Sydney: clocks go back on 7 April 2024 at 3 AM)', () => {
    expect(read('07/04/2024 02:30:00 AM', 'DD/MM/YYYY hh:mm:ss A', 'Australia/Sydney')).toBe('2024-04-06T15:30:00.000Z'); // AEDT, the first
    expect(read('07/04/2024 03:00:00 AM', 'DD/MM/YYYY hh:mm:ss A', 'Australia/Sydney')).toBe('2024-04-06T17:00:00.000Z'); // AEST
  });

  it('leaves a time that carries its own offset alone', () => {
    expect(readInstant('2024-03-10T02:30:00-05:00', { ...UTC, timeZone: 'America/New_York' })).toBe('2024-03-10T07:30:00.000Z');
  });
});

describe('date patterns inferred from samples (--init-mapping)', () => {
  it('finds the 12-hour US pattern, tells day-first from month-first, and says when both fit', () => {
    expect(inferDatePattern(['12/31/2017 11:59:58 PM', '01/02/2018 08:28:48 PM'])).toEqual({ pattern: 'MM/DD/YYYY hh:mm:ss A', ambiguousWith: null });
    expect(inferDatePattern(['31/12/2017 23:59', '01/02/2018 08:28'])).toEqual({ pattern: 'DD/MM/YYYY HH:mm', ambiguousWith: null });
    expect(inferDatePattern(['01/02/2018', '03/04/2018'])).toEqual({ pattern: 'DD/MM/YYYY', ambiguousWith: 'MM/DD/YYYY' });
    expect(inferDatePattern(['6 Agu 2023 14:05'])).toEqual({ pattern: 'D MMM YYYY HH:mm', ambiguousWith: null });
    expect(inferDatePattern(['2023-08-06T01:12:00Z'])).toBeNull(); // ISO 8601 needs no pattern
    expect(inferDatePattern(['Bulky Items'])).toBeNull();
  });
});

describe('the mapping skeleton', () => {
  it('maps the headers the dictionaries know, nulls the rest, and notes ambiguous dates, unknown statuses and missing fields', () => {
    const { mapping, notes } = mappingSkeleton({
      header: ['Tracking ID', 'Status Laporan', 'Tgl', 'Catatan', 'Tgl'],
      headerLine: 3,
      rows: [
        ['A-1', 'Beres', '01/02/2023', 'x', null],
        ['A-2', 'Selesai', '03/04/2023', 'y', null],
      ],
      timezone: 'Asia/Jakarta',
    });
    expect(mapping).toEqual({
      columns: { 'Tracking ID': 'trackingId', 'Status Laporan': 'status', Tgl: null, Catatan: null },
      dateFormats: ['DD/MM/YYYY'],
      timezone: 'Asia/Jakarta',
      headerLine: 3,
    });
    expect(notes).toEqual([
      { kind: 'ambiguousDates', column: 'Tgl', pattern: 'DD/MM/YYYY', twin: 'MM/DD/YYYY' },
      { kind: 'unknownStatus', labels: ['Beres'] },
      { kind: 'requiredMissing', fields: ['classification', 'title', 'body', 'channel', 'submittedAt'] },
      { kind: 'nullColumns' },
      { kind: 'timezone', zone: 'Asia/Jakarta' },
    ]);
    // the skeleton is a valid mapping file as it stands
    expect(() => compileMapping(mapping, 480)).not.toThrow();
  });
});

describe('a month-first file without a mapping', () => {
  it('names the month-first pattern in the detail of a date refused day-first', () => {
    const read = { offsetMinutes: 480, values: new Map(), defaults: new Map() };
    const reader = caseReader(null, read, Date.parse('2024-03-04T02:00:00Z'));
    const header = ['trackingId', 'classification', 'title', 'body', 'channel', 'status', 'submittedAt'];
    const plan = planHeader(header, null, read);
    if (!('targets' in plan)) throw new Error('no plan');
    const row = (when: string) => reader.row(['US-1', 'complaint', 'Judul', 'Isi', 'web', 'submitted', when], plan);
    expect(row('12/31/2017 11:59')).toEqual({ problems: [{ column: 'submittedAt', code: 'invalid_date', detail: '12/31/2017 11:59 (MM/DD/YYYY HH:mm?)' }] });
    expect(row('12/31/2017 11:59:58 PM')).toEqual({ problems: [{ column: 'submittedAt', code: 'invalid_date', detail: '12/31/2017 11:59:58 PM (MM/DD/YYYY hh:mm:ss A?)' }] });
    // not readable either way: the detail is the value alone; read day-first: no problem
    expect(row('31/31/2017')).toEqual({ problems: [{ column: 'submittedAt', code: 'invalid_date', detail: '31/31/2017' }] });
    expect(row('06/08/2023 09:12')).toMatchObject({ row: expect.any(Array) });
    // with a mapping's own patterns the detail stays the value
    expect(monthFirstHint('12/31/2017', { ...read, patterns: [compileDatePattern('DD/MM/YYYY')] })).toBe('12/31/2017');
  });
});
