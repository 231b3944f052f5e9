// Layouts at 80 and 120 columns keep names apart: a table column that must give way shortens names in the
// middle (the start and the end stay, two different names never look the same), and `cases show` wraps long
// values at word boundaries under the value column. Golden files at both widths.

import { describe, expect, it } from 'vitest';
import { displayWidth, shortenDistinct, shortenMiddle, wrapWords } from '../../src/io/format.js';
import { makeCase } from '../helpers/cases.js';
import { run } from '../helpers/deps.js';
import { DATA } from '../helpers/sample.js';

const GOLDEN = '../../fixtures/golden/cli/narrow';

const LONG = makeCase({
  trackingId: 'LPR-2026-0003536',
  title:
    'Jalan berlubang dan genangan air di depan SD Negeri 3 Kuta setiap hujan deras, membahayakan anak-anak yang berangkat sekolah',
  body: 'Sudah tiga bulan jalan di depan sekolah berlubang. Saat hujan genangan setinggi lutut dan kendaraan terpaksa naik ke trotoar.',
  status: 'disposed',
  institutionId: 'badung.dpupr',
  verifiedAt: '2026-11-20T03:00:00.000Z',
  disposedAt: '2026-11-20T03:00:00.000Z',
  responseDueAt: '2026-11-27T15:59:59.999Z',
});
const data = { ...DATA, cases: [...DATA.cases, LONG] };

describe('names and long values at 80 and 120 columns', () => {
  for (const width of [80, 120]) {
    it(`institutions list at ${width} columns: every name distinguishable, every line inside the width`, async () => {
      const r = await run(['institutions', 'list', '--limit', 'all', '--lang', 'id'], { tty: true, width });
      expect(r.code, r.err).toBe(0);
      await expect(r.out).toMatchFileSnapshot(`${GOLDEN}/institutions-list-${width}.txt`);
      const lines = r.out.trimEnd().split('\n');
      for (const line of lines) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
      const names = lines.slice(1).map((l) => l.split(/ {2,}/)[1]);
      expect(new Set(names).size).toBe(names.length);
    });

    it(`cases show at ${width} columns wraps the title and body at word boundaries`, async () => {
      const r = await run(['cases', 'show', 'LPR-2026-0003536', '--lang', 'id'], { tty: true, width, data });
      expect(r.code, r.err).toBe(0);
      await expect(r.out).toMatchFileSnapshot(`${GOLDEN}/cases-show-${width}.txt`);
      for (const line of r.out.trimEnd().split('\n')) expect(displayWidth(line), line).toBeLessThanOrEqual(width);
      // every word of the title is there, whole
      const words = LONG.title?.split(' ') ?? [];
      const shown = r.out.split(/\s+/);
      for (const word of words) expect(shown).toContain(word);
    });
  }
});

describe('shortenMiddle / shortenDistinct / wrapWords', () => {
  it('keeps the start and the end', () => {
    expect(shortenMiddle('Dinas Kesehatan Kabupaten Badung', 20)).toBe('Dinas Kese…en Badung');
    expect(shortenMiddle('pendek', 20)).toBe('pendek');
  });

  it('never makes two different names the same, also when they differ only in the middle', () => {
    const names = ['Dinas Kesehatan Kabupaten Badung', 'Dinas Kesehatan Kabupaten Bangli', 'Dinas Pendidikan Kabupaten Badung', 'Dinas Pendidikan Kabupaten Badung'];
    const out = shortenDistinct(names, 16);
    expect(new Set(out).size).toBe(3);
    expect(out[2]).toBe(out[3]); // the same name stays the same
    for (const s of out) expect(displayWidth(s)).toBeLessThanOrEqual(16);
    // a cut at the end would have made the first two equal
    const middleOnly = shortenDistinct(['Dinas Kesehatan Provinsi Bali Utara', 'Dinas Kesehatan Provinsi Jawa Utara'], 14);
    expect(new Set(middleOnly).size).toBe(2);
  });

  it('shows a name whole when no cut keeps it apart', () => {
    expect(shortenDistinct(['aaaaaaaaXaaaaaaaa', 'aaaaaaaaYaaaaaaaa'], 3)).toEqual(['aaaaaaaaXaaaaaaaa', 'aaaaaaaaYaaaaaaaa']);
  });

  it('wraps at spaces and splits only a word longer than the line', () => {
    expect(wrapWords('satu dua tiga empat lima', 9)).toEqual(['satu dua', 'tiga', 'empat', 'lima']);
    expect(wrapWords('https://lapor.go.id/instansi/dinas-kesehatan', 20)).toEqual(['https://lapor.go.id/', 'instansi/dinas-keseh', 'atan']);
  });
});
