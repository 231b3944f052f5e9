// Names typed for reference data (domain/names.ts): the folding, the matching rules in order (id, name,
// distinctive words, fragment), the suggestions of an unknown name, the close values of a fixed list, the
// tracking ID form; and the CLI's refusals built from them (cmdutil/names.ts), in both languages.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATEGORY_MATCHING, chosenOrThrow, institutionMatching } from '../../src/cmdutil/names.js';
import { badValueReason, parseTrackingIds, valueListParser } from '../../src/cmdutil/flags.js';
import { aliasConflict, aliasKey } from '../../src/domain/aliases.js';
import { closestValues, coreName, editDistance, foldName, matchName, type NameMatch } from '../../src/domain/names.js';
import { formatTrackingId, normaliseTrackingId } from '../../src/domain/trackingId.js';
import { STATUSES, type Category, type Institution } from '../../src/domain/types.js';
import { UsageError } from '../../src/io/errors.js';
import { CATEGORIES, INSTITUTIONS } from '../helpers/reference.js';

/** The seed's institutions (all of Bali's regencies): names as an administrator types them. */
const SEED: Institution[] = JSON.parse(readFileSync(new URL('../../fixtures/institutions.json', import.meta.url), 'utf8')) as Institution[];

function outcome<T extends { id: string }>(m: NameMatch<T>): string {
  if (m.kind === 'chosen') return `${m.entry.id} (${m.by})`;
  if (m.kind === 'ambiguous') return `ambiguous: ${m.candidates.map((e) => e.id).join(', ')}`;
  return `unknown: ${m.suggestions.map((e) => e.id).join(', ')}`;
}

describe('folding names', () => {
  it.each([
    ['Dinas Kesehatan Kabupaten Badung', 'dinas kesehatan kabupaten badung', 'kesehatan badung'],
    ['Kab. Badung', 'kabupaten badung', 'badung'],
    ['PEMKAB  Badung', 'pemerintah kabupaten badung', 'badung'],
    ['Pemkot Denpasar', 'pemerintah kota denpasar', 'denpasar'],
    ['Pemprov Bali', 'pemerintah provinsi bali', 'bali'],
    ['Dínas Késehatan', 'dinas kesehatan', 'kesehatan'],
    ['Dinas Pendidikan, Kepemudaan dan Olahraga', 'dinas pendidikan kepemudaan dan olahraga', 'pendidikan kepemudaan olahraga'],
    ['Kantor Imigrasi Kelas I Khusus TPI Ngurah Rai', 'kantor imigrasi kelas i khusus tpi ngurah rai', 'kantor imigrasi kelas i khusus tpi ngurah rai'],
    ['Dinas Kota', 'dinas kota', 'dinas kota'], // generic words only: kept
  ])('%s → %s / %s', (name, folded, core) => {
    expect(foldName(name)).toBe(folded);
    expect(coreName(name)).toBe(core);
  });

  it('counts edits with adjacent transpositions as one', () => {
    expect(editDistance('badung', 'badung')).toBe(0);
    expect(editDistance('bdung', 'badung')).toBe(1);
    expect(editDistance('bualeng', 'buleleng')).toBe(2);
    expect(editDistance('dinkse', 'dinkes')).toBe(1);
  });
});

describe('institutions by id, name, fragment; suggestions when none fits', () => {
  const dispose = institutionMatching(true);
  // prettier-ignore
  const SEED_CASES: [string, string][] = [
    // ids, in any letter case
    ['badung', 'badung (id)'],
    ['BULELENG.DISDUKCAPIL', 'buleleng.disdukcapil (id)'],
    // names: case, punctuation, abbreviations, the generic words
    ['Dinas Kesehatan Kabupaten Buleleng', 'buleleng.dinkes (name)'],
    ['DINAS KESEHATAN KAB. BULELENG', 'buleleng.dinkes (name)'],
    ['Pemkab Badung', 'badung (name)'],
    ['kabupaten badung', 'badung (name)'],
    ['Kota Denpasar', 'denpasar (name)'],
    ['rsud buleleng', 'buleleng.rsud-buleleng (name)'],
    // fragments of the name or code that fit one institution
    ['disdukcapil buleleng', 'buleleng.disdukcapil (fragment)'],
    ['dinkes buleleng', 'buleleng.dinkes (fragment)'],
    ['polda bali', 'polri.polda-bali (fragment)'],
    // several fit: the candidates
    ['Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman', 'ambiguous: jembrana.dpupr, tabanan.dpupr'],
    ['dinas kesehatan', 'ambiguous: bali.dinkes, jembrana.dinkes, tabanan.dinkes, badung.dinkes, gianyar.dinkes, klungkung.dinkes, bangli.dinkes, karangasem.dinkes, buleleng.dinkes, denpasar.dinkes'],
    // none fits: the nearest as suggestions (never chosen)
    ['disdukcapil bulelng', 'unknown: buleleng.disdukcapil'],
    ['bdung', 'unknown: badung'],
    ['kementrian agama', 'unknown: kemenag'],
    ['disdukcapl', 'unknown: jembrana.disdukcapil, tabanan.disdukcapil, badung.disdukcapil, gianyar.disdukcapil, klungkung.disdukcapil'],
    ['xyz', 'unknown: '],
    ['   ', 'unknown: '],
  ];
  it.each(SEED_CASES)('%s → %s', (input, expected) => {
    expect(outcome(matchName(input, SEED, dispose))).toBe(expected);
  });

  it('names inactive institutions by id only, unless every institution may be named (a filter)', () => {
    expect(outcome(matchName('denpasar.lama', INSTITUTIONS, dispose))).toBe('denpasar.lama (id)');
    expect(outcome(matchName('dinas lama', INSTITUTIONS, dispose))).toBe('unknown: ');
    expect(outcome(matchName('dinas lama', INSTITUTIONS, institutionMatching(false)))).toBe('denpasar.lama (fragment)');
  });

  it('keeps Kabupaten and Kota of one name apart when the kind is typed', () => {
    const bogor: Institution[] = [
      { id: 'kab-bogor', parentId: null, name: 'Pemerintah Kabupaten Bogor', level: 'regency', active: true },
      { id: 'kota-bogor', parentId: null, name: 'Pemerintah Kota Bogor', level: 'regency', active: true },
    ];
    expect(outcome(matchName('bogor', bogor))).toBe('ambiguous: kab-bogor, kota-bogor');
    expect(outcome(matchName('kota bogor', bogor))).toBe('kota-bogor (name)');
    expect(outcome(matchName('Kab. Bogor', bogor))).toBe('kab-bogor (name)');
  });

  it('the fragments of the test fixture as before', () => {
    expect(outcome(matchName('pekerjaan umum', INSTITUTIONS, dispose))).toBe('badung.dpupr (fragment)');
    expect(outcome(matchName('kesehatan kota', INSTITUTIONS, dispose))).toBe('denpasar.dinkes (fragment)');
    expect(outcome(matchName('Pemerintah Kabupaten Badung', INSTITUTIONS, dispose))).toBe('badung (name)');
  });
});

describe('names as people write them in import files (#17): prefixes folded, region kinds and units kept apart', () => {
  // prettier-ignore
  const HARD: [string, string][] = [
    ['Kab. Badung', 'badung (name)'],
    ['PEMKAB BADUNG', 'badung (name)'],
    ['Kabupaten Badung', 'badung (name)'],
    ['  pemerintah   kabupaten  badung. ', 'badung (name)'],
    ['Pemkot Denpasar', 'denpasar (name)'],
    ['Pemprov Bali', 'bali (name)'],
    // a unit of the regency is another institution than the regency's government, both ways
    ['Dinas Kesehatan Kabupaten Badung', 'badung.dinkes (name)'],
    ['Dinas Kesehatan Kab. Badung', 'badung.dinkes (name)'],
    // the region kind is never contradicted: Denpasar is a Kota, Badung a Kabupaten
    ['Kabupaten Denpasar', 'unknown: denpasar'],
    ['Kota Badung', 'unknown: badung'],
    ['Dinas Kesehatan Kota Badung', 'unknown: badung.dinkes'],
    // a typo is never chosen, only suggested
    ['Kabupaten Bdung', 'unknown: badung'],
    ['Kabupaten Antah Berantah', 'unknown: '],
  ];
  it.each(HARD)('%s → %s', (input, expected) => {
    expect(outcome(matchName(input, SEED))).toBe(expected);
  });
});

describe('aliases (domain/aliases.ts): one key per folded spelling; never a name of another entry', () => {
  const names = (i: Institution) => [i.name];
  it.each([
    // free: near names, shared names, new names
    ['Kabupaten Bdung', 'badung', null],
    ['Kantor Bupati Badung', 'badung', null],
    ['Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman', 'jembrana.dpupr', null],
    // its own name again: no conflict (the alias is redundant, not wrong)
    ['PEMKAB BADUNG', 'badung', null],
    // another entry's id, name or distinctive words
    ['badung', 'badung.dinkes', 'badung'],
    ['Pemkab Badung', 'badung.dinkes', 'badung'],
    ['Kabupaten Badung', 'badung.dinkes', 'badung'],
    ['Dinas Kesehatan Kab. Badung', 'badung', 'badung.dinkes'],
  ])('%s as an alias of %s: conflict %s', (alias, target, conflict) => {
    expect(aliasConflict(alias, target, SEED, names)?.id ?? null).toBe(conflict);
  });

  it('keys an alias by its folded form', () => {
    expect(aliasKey('  KAB.  Badung ')).toBe(aliasKey('Kabupaten Badung'));
    expect(aliasKey('Kota Badung')).not.toBe(aliasKey('Kabupaten Badung'));
  });
});

describe('categories by id, Indonesian or English name', () => {
  it.each([
    ['kesehatan.bpjs', 'kesehatan.bpjs (id)'],
    ['Jalan dan Jembatan', 'infrastruktur.jalan (name)'],
    ['roads and bridges', 'infrastruktur.jalan (name)'],
    ['Health', 'kesehatan (name)'],
    ['kesehtan', 'unknown: kesehatan'],
    ['lingkngan', 'unknown: lingkungan'],
  ])('%s → %s', (input, expected) => {
    expect(outcome(matchName<Category>(input, CATEGORIES, CATEGORY_MATCHING))).toBe(expected);
  });
});

describe('the refusals (usage errors, exit 2)', () => {
  const refusal = (input: string, lang: 'id' | 'en'): [string, string | undefined] => {
    try {
      chosenOrThrow('institution', input, matchName(input, SEED, institutionMatching(true)));
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      return [(e as UsageError).localizedMessage(lang), (e as UsageError).localizedHint(lang)];
    }
    throw new Error(`${input} was resolved`);
  };

  it('suggests what was meant, in both languages', () => {
    expect(refusal('disdukcapil bulelng', 'id')).toEqual([
      'instansi "disdukcapil bulelng" tidak dikenal; maksud Anda buleleng.disdukcapil (Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buleleng)?',
      'cari kodenya dengan `lapor institutions list`',
    ]);
    expect(refusal('bdung', 'en')[0]).toBe('no institution matches "bdung"; did you mean badung (Pemerintah Kabupaten Badung)?');
    expect(refusal('disdukcapl', 'id')[0]).toBe(
      [
        'instansi "disdukcapl" tidak dikenal; maksud Anda salah satu ini?',
        '  jembrana.disdukcapil  Dinas Kependudukan dan Pencatatan Sipil Kabupaten Jembrana',
        '  tabanan.disdukcapil  Dinas Kependudukan dan Pencatatan Sipil Kabupaten Tabanan',
        '  badung.disdukcapil  Dinas Kependudukan dan Pencatatan Sipil Kabupaten Badung',
        '  gianyar.disdukcapil  Dinas Kependudukan dan Pencatatan Sipil Kabupaten Gianyar',
        '  klungkung.disdukcapil  Dinas Kependudukan dan Pencatatan Sipil Kabupaten Klungkung',
      ].join('\n'),
    );
    expect(refusal('xyz', 'en')).toEqual(['no institution matches "xyz"', 'look the code up with `lapor institutions list`']);
  });

  it('lists the candidates of an ambiguous name', () => {
    const [message, hint] = refusal('Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman', 'id');
    expect(message).toBe(
      [
        '"Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman" cocok dengan 2 instansi:',
        '  jembrana.dpupr  Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman',
        '  tabanan.dpupr  Dinas Pekerjaan Umum, Penataan Ruang, Perumahan dan Kawasan Permukiman',
      ].join('\n'),
    );
    expect(hint).toBe('pakai kodenya, atau nama yang lebih lengkap');
  });
});

describe('fixed values: close ones suggested', () => {
  it.each([
    ['submited', ['submitted']],
    ['in_prog', ['in_progress']],
    ['Completed', ['completed']],
    ['archieved', ['archived']],
    ['done', []],
  ])('%s → %j', (typed, expected) => {
    expect(closestValues(typed, STATUSES)).toEqual(expected);
  });

  it('a status list takes a,b and a repeated flag; a typo names the close value and the allowed ones', () => {
    const parse = valueListParser(STATUSES, 'en');
    expect(parse('submitted,postponed')).toEqual(['submitted', 'postponed']);
    expect(parse('completed', parse('submitted, postponed'))).toEqual(['submitted', 'postponed', 'completed']);
    expect(() => parse('submitted,complete')).toThrow(`did you mean completed? allowed: ${STATUSES.join(', ')}`);
    expect(badValueReason('submited', STATUSES, 'id')).toBe(`maksud Anda submitted? pilihan yang ada: ${STATUSES.join(', ')}`);
    expect(badValueReason('zzz', STATUSES, 'en')).toBe(`allowed: ${STATUSES.join(', ')}`);
  });
});

describe('tracking IDs', () => {
  it.each([
    ['LPR-2026-0003536', 'LPR-2026-0003536'],
    ['lpr20260003536', 'LPR-2026-0003536'],
    ['lpr-2026-0003536', 'LPR-2026-0003536'],
    ['LPR2026-0003536', 'LPR-2026-0003536'],
    [' Lpr_2026_0003536 ', 'LPR-2026-0003536'],
    // not of the server's form: an imported case's own ID, kept as typed
    ['LAP-2024-000123', 'LAP-2024-000123'],
    ['lpr2026000353', 'lpr2026000353'],
    ['A', 'A'],
  ])('%s → %s', (typed, canonical) => {
    expect(normaliseTrackingId(typed)).toBe(canonical);
  });

  it('formats the server form, and the CLI parser keeps the order given', () => {
    expect(formatTrackingId(2026, 3536)).toBe('LPR-2026-0003536');
    expect(['lpr20260000001', 'LAP-9'].reduce<string[]>((prev, v) => parseTrackingIds(v, prev), [])).toEqual(['LPR-2026-0000001', 'LAP-9']);
  });
});
