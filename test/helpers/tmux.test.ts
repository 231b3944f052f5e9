// The terminal tests' screen normalisation (test/helpers/tmux.ts): what changes from run to run is replaced,
// and what was drawn keeps its layout. No terminal needed.

import { describe, expect, it } from 'vitest';
import { normaliseScreen } from './tmux.js';

describe('normaliseScreen', () => {
  it('replaces a journal path that the terminal wrapped, keeping the row breaks where they were drawn', () => {
    const drawn = [
      '✔ Jalankan tutup pada 3 laporan? Ya',
      'jurnal: /tmp/lapor-tmux-Ab3xYz/state/lapor/journals/20261123T020001Z-c32124.json', // 80 columns: wrapped
      'l',
      'tutup 3/3 (100%) · 13/dtk',
      '[exit 0]',
      '$',
    ].join('\n');
    expect(normaliseScreen(drawn, 80)).toBe(
      [
        '✔ Jalankan tutup pada 3 laporan? Ya',
        'jurnal: /tmp/lapor-tmux-XXXXXX/state/lapor/journals/YYYYMMDDTHHMMSSZ-xxxxxx.json',
        'l',
        'tutup 3/3 (100%) · <laju>',
        '[exit 0]',
        '$',
        '',
      ].join('\n'),
    );
  });

  it('finds a volatile part across a wrap, and leaves a screen without one as it was', () => {
    const width = 20;
    const drawn = 'id: 20261123T020003Z-e2f843 ok'.match(/.{1,20}/g)?.join('\n') ?? '';
    expect(drawn.split('\n')[0]).toHaveLength(width);
    expect(normaliseScreen(drawn, width)).toBe('id: YYYYMMDDTHHMMSSZ\n-xxxxxx ok\n');
    const plain = '$ lapor cases list\nLPR-2026-0003411  Diproses\n[exit 0]\n$';
    expect(normaliseScreen(plain, 40)).toBe(`${plain}\n`);
  });

  it('replaces the given strings (longest first) and measured durations', () => {
    expect(normaliseScreen('GET http://127.0.0.1:4321/v1 in 350 ms (http://127.0.0.1:4321)', 120, { replace: { 'http://127.0.0.1:4321': '<api>', 'http://127.0.0.1:4321/v1': '<api>/v1' } })).toBe(
      'GET <api>/v1 in <durasi> (<api>)\n',
    );
  });
});
