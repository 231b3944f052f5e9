import { describe, expect, it } from 'vitest';
import { STATUSES } from '../../src/domain/types.js';
import {
  LANGS,
  classificationName,
  clockName,
  detectLang,
  fieldHeader,
  messages,
  parseLang,
  roleName,
  statusName,
  t,
  tn,
  type MessageEntry,
} from '../../src/io/i18n.js';

const entries = Object.entries(messages) as [string, MessageEntry][];

function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
}

describe('catalogue', () => {
  it('has a non-empty text in both languages for every key', () => {
    expect(entries.length).toBeGreaterThan(100);
    for (const [key, entry] of entries) {
      for (const lang of LANGS) expect(entry[lang].trim(), `${key} (${lang})`).not.toBe('');
      expect(Object.keys(entry).sort(), key).toEqual(['en', 'id']);
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const [key, entry] of entries) expect(placeholders(entry.id), key).toEqual(placeholders(entry.en));
  });

  it('names keys in English dot.notation (a segment naming a wire slug, as a problem type, keeps its hyphens)', () => {
    for (const [key] of entries) expect(key).toMatch(/^[a-z][A-Za-z]*(\.[A-Za-z_][A-Za-z0-9_]*(-[a-z0-9]+)*)+$/);
  });

  it('has plural keys in complete one/other pairs using {n}', () => {
    const keys = new Set(entries.map(([k]) => k));
    const bases = [...keys].filter((k) => k.endsWith('.one')).map((k) => k.slice(0, -'.one'.length));
    expect(bases.length).toBeGreaterThan(10);
    for (const base of bases) {
      expect(keys.has(`${base}.other`), base).toBe(true);
      for (const form of ['one', 'other']) {
        expect(placeholders(messages[`${base}.${form}` as keyof typeof messages].en), base).toEqual(['n']);
      }
    }
    // every counted time phrase comes as a pair
    for (const key of keys) if (key.startsWith('time.') && key.endsWith('.other')) expect(keys.has(key.replace(/other$/, 'one')), key).toBe(true);
  });
});

describe('names', () => {
  it("names statuses with LAPOR!'s words, one name each (tables and records alike)", () => {
    expect(STATUSES.map((s) => statusName('id', s))).toEqual([
      'Belum Terverifikasi',
      'Tertunda',
      'Terdisposisi',
      'Sedang Diproses',
      'Selesai',
      'Arsip',
    ]);
    expect(STATUSES.map((s) => statusName('en', s))).toEqual([
      'Not verified',
      'Postponed',
      'Disposed',
      'In progress',
      'Completed',
      'Archived',
    ]);
  });

  it('names classifications, roles, clocks and fields', () => {
    expect(classificationName('id', 'information_request')).toBe('Permintaan Informasi');
    expect(classificationName('id', 'complaint')).toBe('Pengaduan');
    expect(roleName('id', 'liaison')).toBe('Pejabat Penghubung');
    expect(clockName('id', 'response')).toBe('tindak lanjut');
    expect(fieldHeader('id', 'trackingId')).toBe('ID Pelacakan');
    expect(fieldHeader('en', 'verifyDueAt')).toBe('Verify by');
    expect(fieldHeader('id', 'responseDueAt')).toBe('Batas Tindak Lanjut');
  });
});

describe('t and tn', () => {
  it('fills placeholders', () => {
    expect(t('en', 'retry.waiting', { seconds: 30 })).toBe('waiting 30 s (server asked to retry later)');
    expect(t('id', 'retry.waiting', { seconds: 30 })).toBe('menunggu 30 dtk (server meminta mencoba lagi nanti)');
    expect(t('id', 'common.errorPrefix')).toBe('galat');
  });

  it('picks the plural form by count', () => {
    expect(tn('en', 'time.in.day', 1)).toBe('in 1 day');
    expect(tn('en', 'time.in.day', 3)).toBe('in 3 days');
    expect(tn('id', 'time.in.day', 3)).toBe('3 hari lagi');
    expect(tn('id', 'time.overdue.day', 2)).toBe('terlambat 2 hari');
  });
});

describe('detectLang', () => {
  it.each([
    ['en', {}, 'en'],
    ['id', { LANG: 'en_US.UTF-8' }, 'id'],
    [undefined, {}, 'id'],
    [undefined, { LANG: 'en_US.UTF-8' }, 'en'],
    [undefined, { LANG: 'id_ID.UTF-8' }, 'id'],
    [undefined, { LANG: 'C.UTF-8' }, 'id'],
    [undefined, { LC_ALL: 'en_GB.UTF-8', LANG: 'id_ID.UTF-8' }, 'en'],
    [undefined, { LC_ALL: 'id_ID.UTF-8', LC_MESSAGES: 'en_US.UTF-8' }, 'id'],
    [undefined, { LC_ALL: '', LC_MESSAGES: 'en_US.UTF-8', LANG: 'id_ID' }, 'en'],
    [undefined, { LC_MESSAGES: 'ms_MY', LANG: 'en_US' }, 'id'],
  ] as const)('flag %s, env %j → %s', (flag, env, expected) => {
    expect(detectLang(flag, env)).toBe(expected);
  });

  it('rejects an unknown flag value', () => {
    expect(() => detectLang('fr', {})).toThrow(RangeError);
  });

  it('parses locale spellings', () => {
    expect(parseLang('EN-us')).toBe('en');
    expect(parseLang('in_ID')).toBe('id');
    expect(parseLang('english')).toBeNull();
  });
});
