// Issue 18, item 3: one vocabulary and one number format. Each status, classification, archive reason and
// channel has one name per language, from one place (the message catalogue; channels from the reference
// data), and every place that reads or writes such a name agrees with it; every number for people goes
// through src/io/numbers.ts. The goldens pin the names and the number formats in both languages.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readArchiveReason, readChannel, readClassification, readStatus } from '../../src/domain/csv/values.js';
import { ARCHIVE_REASONS, CLASSIFICATIONS, STATUSES } from '../../src/domain/types.js';
import { archiveReasonName, classificationName, messages, statusName, LANGS, type Lang } from '../../src/io/i18n.js';
import { fmtChange, fmtCount, fmtDecimal, fmtPercent, fmtPoints, fmtRate, fmtSeconds, fmtWholePercent } from '../../src/io/numbers.js';
import { cellName } from '../../src/io/report/labels.js';

const ROOT = join(import.meta.dirname, '..', '..');

interface Channel {
  id: string;
  name: string;
  nameEn: string;
}
const CHANNELS = JSON.parse(readFileSync(join(ROOT, 'fixtures', 'channels.json'), 'utf8')) as Channel[];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}
const SOURCES = sourceFiles(join(ROOT, 'src')).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));

describe('one name per status, classification, archive reason and channel', () => {
  it('keeps one status vocabulary in the catalogue', () => {
    const statusKeys = Object.keys(messages).filter((k) => /^status/i.test(k));
    expect(statusKeys.sort()).toEqual(STATUSES.map((s) => `status.${s}`).sort());
  });

  // the import reads back every name the CLI writes: a file exported or copied from a table imports as it was
  const table: [string, readonly string[], (lang: Lang, v: string) => string, (text: string) => unknown, (v: string) => unknown][] = [
    ['status', STATUSES, (l, v) => statusName(l, v as (typeof STATUSES)[number]), readStatus, (v) => ({ status: v, closedBy: null })],
    ['classification', CLASSIFICATIONS, (l, v) => classificationName(l, v as (typeof CLASSIFICATIONS)[number]), readClassification, (v) => v],
    ['archive reason', ARCHIVE_REASONS, (l, v) => archiveReasonName(l, v as (typeof ARCHIVE_REASONS)[number]), readArchiveReason, (v) => v],
  ];
  for (const [what, values, name, read, expected] of table) {
    for (const lang of LANGS) {
      it(`reads every ${what} name it writes (${lang})`, () => {
        for (const v of values) expect(read(name(lang, v)), `${what} ${v}: "${name(lang, v)}"`).toEqual(expected(v));
      });
    }
  }

  it('names each status, classification and archive reason once per language', () => {
    for (const lang of LANGS) {
      for (const [what, names] of [
        ['status', STATUSES.map((s) => statusName(lang, s))],
        ['classification', CLASSIFICATIONS.map((c) => classificationName(lang, c))],
        ['archive reason', ARCHIVE_REASONS.map((r) => archiveReasonName(lang, r))],
      ] as const) {
        expect(new Set(names).size, `${what} (${lang}): ${names.join(', ')}`).toBe(names.length);
      }
    }
  });

  it('names channels from the reference data, and reads those names back', () => {
    for (const c of CHANNELS) {
      for (const lang of LANGS) {
        const shown = cellName(lang, 'channel', { key: c.id, name: c.name, nameEn: c.nameEn, parent: null, count: 1 });
        expect(shown).toBe(lang === 'id' ? c.name : c.nameEn);
      }
      // an alias maps it to the id, or it is passed on for the server to match by id or name
      expect([c.id, c.name]).toContain(readChannel(c.name));
      expect([c.id, c.nameEn]).toContain(readChannel(c.nameEn));
    }
  });

  it('writes no status, classification or archive reason name in code outside the catalogue', () => {
    const names = new Set<string>();
    for (const lang of LANGS) {
      for (const s of STATUSES) names.add(statusName(lang, s));
      for (const c of CLASSIFICATIONS) names.add(classificationName(lang, c));
      for (const r of ARCHIVE_REASONS) names.add(archiveReasonName(lang, r));
    }
    const found: string[] = [];
    for (const { path, text } of SOURCES) {
      // the catalogue itself, the import's readers (which also accept other spellings), and the field headers
      // (`disposedAt` is "Disposed", a column, not a status)
      if (path.startsWith('src/io/messages/') || path === 'src/domain/csv/values.ts' || path === 'src/domain/caseColumns.ts') continue;
      for (const n of names) if (text.includes(`'${n}'`) || text.includes(`"${n}"`)) found.push(`${path}: ${n}`);
    }
    expect(found).toEqual([]);
  });
});

describe('one number format', () => {
  it('formats numbers for people only in src/io/numbers.ts', () => {
    // html.ts writes SVG coordinates with toFixed: geometry, not a number anyone reads
    const found = SOURCES.filter(({ path }) => path !== 'src/io/numbers.ts')
      .flatMap(({ path, text }) =>
        [/new Intl\.NumberFormat/, /toLocaleString\(/, /\.toFixed\(/]
          .filter((re) => re.test(text) && !(path === 'src/io/report/html.ts' && re.source.includes('toFixed')))
          .map((re) => `${path}: ${re.source}`),
      );
    expect(found).toEqual([]);
  });
});

function vocabulary(lang: Lang): string {
  const lines: string[] = [];
  const section = (title: string, rows: [string, string][]) => {
    lines.push(`# ${title}`);
    for (const [k, v] of rows) lines.push(`${k}\t${v}`);
    lines.push('');
  };
  section('status', STATUSES.map((s) => [s, statusName(lang, s)]));
  section('classification', CLASSIFICATIONS.map((c) => [c, classificationName(lang, c)]));
  section('archiveReason', ARCHIVE_REASONS.map((r) => [r, archiveReasonName(lang, r)]));
  section('channel', CHANNELS.map((c) => [c.id, cellName(lang, 'channel', { key: c.id, name: c.name, nameEn: c.nameEn, parent: null, count: 1 })]));
  section('numbers', [
    ['fmtCount(3304)', fmtCount(lang, 3304)],
    ['fmtCount(1234567)', fmtCount(lang, 1234567)],
    ['fmtCount(null)', fmtCount(lang, null)],
    ['fmtPercent(0.949)', fmtPercent(lang, 0.949)],
    ['fmtPercent(0.8333)', fmtPercent(lang, 0.8333)],
    ['fmtPercent(1)', fmtPercent(lang, 1)],
    ['fmtPercent(null)', fmtPercent(lang, null)],
    ['fmtPercent(null, suppressed)', fmtPercent(lang, null, true)],
    ['fmtDecimal(4.256, 2)', fmtDecimal(lang, 4.256, 2)],
    ['fmtChange(-0.125)', fmtChange(lang, -0.125)],
    ['fmtChange(0.04)', fmtChange(lang, 0.04)],
    ['fmtPoints(0.015)', fmtPoints(lang, 0.015)],
    ['fmtPoints(-0.2)', fmtPoints(lang, -0.2)],
    ['fmtSeconds(14032)', fmtSeconds(lang, 14032)],
    ['fmtRate(7.25)', fmtRate(lang, 7.25)],
    ['fmtRate(1520.4)', fmtRate(lang, 1520.4)],
    ['fmtWholePercent(0.426)', fmtWholePercent(lang, 0.426)],
  ]);
  return lines.join('\n');
}

describe('golden vocabulary', () => {
  for (const lang of LANGS) {
    it(`pins the names and number formats (${lang})`, async () => {
      await expect(vocabulary(lang)).toMatchFileSnapshot(`../../fixtures/golden/io/vocabulary-${lang}.txt`);
    });
  }
});
