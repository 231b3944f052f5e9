import { describe, expect, it } from 'vitest';
import { createTestIOStreams } from '../../src/io/testing.js';
import { createProgress, formatEta } from '../../src/io/progress.js';

function fakeClock(start = 1_000) {
  let ms = start;
  return { now: () => ms, advance: (d: number) => void (ms += d) };
}

const CLEAR = '\r\u001b[K';

describe('progress on a TTY', () => {
  it('redraws one line with count, percentage, rate and ETA, at most every 100 ms', () => {
    const io = createTestIOStreams({ tty: true });
    const clock = fakeClock();
    const p = createProgress(io, { label: 'Mengimpor', total: 1000, lang: 'id', now: clock.now });
    clock.advance(50);
    p.tick(10); // first tick draws
    clock.advance(50);
    p.tick(10); // 50 ms after the last draw: skipped
    clock.advance(950);
    p.tick(230); // 1 s after the start
    clock.advance(1000);
    p.tick(250);
    p.done();
    expect(io.errText().split(CLEAR)).toEqual([
      '',
      'Mengimpor 10/1.000 (1%) · 200/dtk · sisa 0:05',
      'Mengimpor 250/1.000 (25%) · 238/dtk · sisa 0:04',
      'Mengimpor 500/1.000 (50%) · 244/dtk · sisa 0:03',
      'Mengimpor 500/1.000 (50%) · 244/dtk · sisa 0:03\n',
    ]);
    expect(io.outText()).toBe('');
  });

  it('shows count and rate without a total, in English', () => {
    const io = createTestIOStreams({ tty: true });
    const clock = fakeClock();
    const p = createProgress(io, { label: 'Exporting', lang: 'en', now: clock.now });
    clock.advance(2000);
    p.tick(5);
    p.done();
    expect(io.errText()).toBe(`${CLEAR}Exporting 5 · 2.5/s${CLEAR}Exporting 5 · 2.5/s\n`);
  });

  it('prints a log line above the progress line', () => {
    const io = createTestIOStreams({ tty: true });
    const clock = fakeClock();
    const p = createProgress(io, { label: 'Bulk', total: 4, lang: 'en', now: clock.now });
    clock.advance(1000);
    p.tick();
    p.log('warning: LAP-9 skipped');
    p.done();
    p.tick(); // ignored after done
    p.done();
    const line = 'Bulk 1/4 (25%) · 1.0/s · ETA 0:03';
    expect(io.errText()).toBe(`${CLEAR}${line}${CLEAR}warning: LAP-9 skipped\n${CLEAR}${line}${CLEAR}${line}\n`);
  });

  it('truncates the line to the terminal width', () => {
    const io = createTestIOStreams({ tty: true, width: 20 });
    const clock = fakeClock();
    const p = createProgress(io, { label: 'Menyapu tenggat SLA', total: 10, lang: 'id', now: clock.now });
    p.tick();
    expect(io.errText()).toBe(`${CLEAR}Menyapu tenggat SL…`);
  });
});

describe('progress when not on a TTY', () => {
  it('prints nothing by default', () => {
    const io = createTestIOStreams();
    const clock = fakeClock();
    const p = createProgress(io, { label: 'Mengimpor', total: 3, lang: 'id', now: clock.now });
    p.tick(3);
    p.done();
    expect(io.errText()).toBe('');
  });

  it('prints only a summary line when asked', () => {
    const io = createTestIOStreams();
    const clock = fakeClock();
    const p = createProgress(io, { label: 'Mengimpor', total: 1500, lang: 'id', now: clock.now, summary: true });
    p.tick(1500);
    clock.advance(12_340);
    p.done();
    expect(io.errText()).toBe('Mengimpor: 1.500 dari 1.500 selesai dalam 12,3 dtk\n');

    const en = createTestIOStreams();
    const q = createProgress(en, { label: 'Exporting', lang: 'en', now: clock.now, summary: true });
    q.tick(2);
    clock.advance(500);
    q.done();
    expect(en.errText()).toBe('Exporting: 2 done in 0.5 s\n');
  });
});

describe('formatEta', () => {
  it('formats m:ss and h:mm:ss', () => {
    expect(formatEta(0)).toBe('0:00');
    expect(formatEta(65.2)).toBe('1:06');
    expect(formatEta(3725)).toBe('1:02:05');
  });
});
