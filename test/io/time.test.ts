import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { ClockView } from '../../src/domain/clocks.js';
import { clockCell, deadlinePhrase, relativeTime } from '../../src/io/time.js';
import { NOW } from './sample.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const at = (offsetMs: number) => new Date(NOW.getTime() + offsetMs).toISOString();

describe('relativeTime', () => {
  it.each([
    [-30_000, 'baru saja', 'just now'],
    [30_000, 'sebentar lagi', 'in a moment'],
    [-5 * MIN, '5 menit lalu', '5 minutes ago'],
    [-1 * MIN, '1 menit lalu', '1 minute ago'],
    [-(2 * HOUR + 59 * MIN), '2 jam lalu', '2 hours ago'],
    [-(DAY + 23 * HOUR), '1 hari lalu', '1 day ago'],
    [3 * DAY + HOUR, '3 hari lagi', 'in 3 days'],
    [-29 * DAY, '29 hari lalu', '29 days ago'],
    [-95 * DAY, '3 bulan lalu', '3 months ago'],
    [-400 * DAY, '1 tahun lalu', '1 year ago'],
    [800 * DAY, '2 tahun lagi', 'in 2 years'],
  ])('%i ms → %s / %s', (offset, id, en) => {
    expect(relativeTime(at(offset), NOW, 'id')).toBe(id);
    expect(relativeTime(at(offset), NOW, 'en')).toBe(en);
  });

  it('returns an unparseable value as it is', () => {
    expect(relativeTime('kemarin', NOW, 'id')).toBe('kemarin');
  });
});

describe('deadlinePhrase', () => {
  it.each([
    [3 * DAY, '3 hari lagi', 'in 3 days'],
    [45 * DAY, '45 hari lagi', 'in 45 days'],
    [5 * HOUR, '5 jam lagi', 'in 5 hours'],
    [-2 * DAY - HOUR, 'terlambat 2 hari', '2 days overdue'],
    [-HOUR, 'terlambat 1 jam', '1 hour overdue'],
    [-10_000, 'terlambat 1 menit', '1 minute overdue'],
    [10_000, 'sebentar lagi', 'in a moment'],
  ])('%i ms → %s / %s', (remaining, id, en) => {
    expect(deadlinePhrase(remaining, 'id')).toBe(id);
    expect(deadlinePhrase(remaining, 'en')).toBe(en);
  });
});

describe('clockCell', () => {
  const color = new Chalk({ level: 1 });
  const view = (state: ClockView['state'], remainingMs: number | null): ClockView => ({
    clock: 'verify',
    dueAt: remainingMs === null ? at(-DAY) : at(remainingMs),
    state,
    remainingMs,
  });

  it('colours overdue red, due soon yellow, met green', () => {
    expect(clockCell(view('overdue', -2 * DAY), NOW, 'id', color)).toBe('\u001b[31mterlambat 2 hari\u001b[39m');
    expect(clockCell(view('due_soon', 5 * HOUR), NOW, 'id', color)).toBe('\u001b[33m5 jam lagi\u001b[39m');
    expect(clockCell(view('met', null), NOW, 'en', color)).toBe('\u001b[32mon time\u001b[39m');
    expect(clockCell(view('breached', null), NOW, 'en', color)).toBe('\u001b[31mmissed\u001b[39m');
    expect(clockCell(view('running', 3 * DAY), NOW, 'id', color)).toBe('3 hari lagi');
    expect(clockCell({ clock: 'response', dueAt: null, state: 'not_started', remainingMs: null }, NOW, 'id', color)).toBe(
      '\u001b[2m–\u001b[22m',
    );
  });

  it('prints no colour codes at level 0', () => {
    expect(clockCell(view('overdue', -2 * DAY), NOW, 'en', new Chalk({ level: 0 }))).toBe('2 days overdue');
  });
});
