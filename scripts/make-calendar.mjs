#!/usr/bin/env node
// Builds fixtures/calendar.json (Indonesian non-working days 2019–2026) and
// fixtures/calendar-cuti-bersama-2026.csv (sample for `lapor calendar import`).
//
//   node scripts/make-calendar.mjs            # writes both files
//   node scripts/make-calendar.mjs --stdout   # prints calendar.json to stdout only
//
// Source of truth:
//   1. National public holidays (libur nasional) from the `date-holidays` package (country ID, type public).
//   2. CORRECTIONS below: date-holidays computes the Islamic holidays (and Waisak 2023) arithmetically; where
//      the official SKB 3 Menteri date differs, the computed date is dropped and the official one added.
//      Also adds holidays the library lacks (Paskah since 2024, election days declared libur nasional).
//   3. CUTI_BERSAMA below: joint leave days from the SKB 3 Menteri of each year (final, revised versions).
// Weekends are not listed: they are computed by the clock code. Output is sorted by date, one row per date;
// when a date is both a holiday and cuti bersama the holiday wins.

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Holidays from 'date-holidays';

const FIRST_YEAR = 2019;
const LAST_YEAR = 2026;

// Indonesian names by date-holidays rule (its own `id` names are partly wrong: the 27 Rajab holiday is
// labelled "Maulid Nabi Muhammad" although it is Isra Mikraj).
const NAME_BY_RULE = {
  '01-01': 'Tahun Baru Masehi',
  'chinese 01-0-01': 'Tahun Baru Imlek',
  '27 Rajab': 'Isra Mikraj Nabi Muhammad SAW',
  'easter -2': 'Wafat Yesus Kristus',
  '05-01': 'Hari Buruh Internasional',
  'easter 39': 'Kenaikan Yesus Kristus',
  '06-01': 'Hari Lahir Pancasila',
  '1 Shawwal': 'Hari Raya Idul Fitri',
  '2 Shawwal': 'Hari Raya Idul Fitri',
  '10 Dhu al-Hijjah': 'Hari Raya Idul Adha',
  '08-17': 'Hari Kemerdekaan Republik Indonesia',
  '1 Muharram': 'Tahun Baru Islam',
  '12 Rabi al-awwal': 'Maulid Nabi Muhammad SAW',
  '12-25': 'Hari Raya Natal',
};

function libraryName(h) {
  if (NAME_BY_RULE[h.rule]) return NAME_BY_RULE[h.rule];
  if (/nyepi/i.test(h.name)) return 'Hari Suci Nyepi (Tahun Baru Saka)';
  if (/waisak/i.test(h.name)) return 'Hari Raya Waisak';
  return h.name;
}

// Official dates that differ from (or are missing in) date-holidays 3.37. `drop` removes computed dates,
// `add` adds official holidays. Each entry cites the SKB 3 Menteri of that year (as revised).
const CORRECTIONS = [
  // 2019: Idul Fitri 1440 H was 5–6 June, Tahun Baru Islam 1441 H 1 September (library: 4–5 June, 31 August).
  // 17 April 2019: Pemilu serentak, libur nasional by Keppres 10/2019.
  { drop: ['2019-06-04', '2019-08-31'],
    add: [['2019-06-06', 'Hari Raya Idul Fitri'], ['2019-09-01', 'Tahun Baru Islam'],
      ['2019-04-17', 'Hari Pemungutan Suara Pemilihan Umum 2019']] },
  // 2020: 9 December, Pilkada serentak, libur nasional by Keppres 22/2020.
  { drop: [], add: [['2020-12-09', 'Hari Pemungutan Suara Pemilihan Kepala Daerah Serentak 2020']] },
  // 2021: Tahun Baru Islam 1443 H moved to 11 August, Maulid to 20 October (SKB revision of June 2021).
  { drop: ['2021-08-09', '2021-10-18'],
    add: [['2021-08-11', 'Tahun Baru Islam'], ['2021-10-20', 'Maulid Nabi Muhammad SAW']] },
  // 2023: Idul Fitri 1444 H 22–23 April, Waisak 4 June, Idul Adha 29 June, Maulid 28 September.
  { drop: ['2023-04-21', '2023-05-06', '2023-06-28', '2023-09-27'],
    add: [['2023-04-23', 'Hari Raya Idul Fitri'], ['2023-06-04', 'Hari Raya Waisak'],
      ['2023-06-29', 'Hari Raya Idul Adha'], ['2023-09-28', 'Maulid Nabi Muhammad SAW']] },
  // 2024: Idul Adha 1445 H 17 June, Maulid 16 September; Paskah (Easter Sunday) is a holiday since 2024;
  // 14 February Pemilu (Keppres 10/2024) and 27 November Pilkada serentak (Keppres 33/2024).
  { drop: ['2024-06-16', '2024-09-15'],
    add: [['2024-06-17', 'Hari Raya Idul Adha'], ['2024-09-16', 'Maulid Nabi Muhammad SAW'],
      ['2024-03-31', 'Hari Paskah'], ['2024-02-14', 'Hari Pemungutan Suara Pemilihan Umum 2024'],
      ['2024-11-27', 'Hari Pemungutan Suara Pemilihan Kepala Daerah Serentak 2024']] },
  // 2025: Idul Fitri 1446 H 31 March–1 April, Tahun Baru Islam 1447 H 27 June; Paskah 20 April.
  { drop: ['2025-03-30', '2025-06-26'],
    add: [['2025-04-01', 'Hari Raya Idul Fitri'], ['2025-06-27', 'Tahun Baru Islam'],
      ['2025-04-20', 'Hari Paskah']] },
  // 2026: Idul Fitri 1447 H 21–22 March (library: 20–21); Paskah 5 April.
  { drop: ['2026-03-20'],
    add: [['2026-03-22', 'Hari Raya Idul Fitri'], ['2026-04-05', 'Hari Paskah']] },
];

// Cuti bersama (joint leave for ASN) per SKB 3 Menteri, final versions after revisions.
const CUTI_BERSAMA = {
  2019: [
    ['2019-06-03', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2019-06-04', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2019-06-07', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2019-12-24', 'Cuti Bersama Hari Raya Natal'],
  ],
  // 2020 was revised several times (COVID-19): Idul Fitri leave moved to year end, then 28–30 December dropped.
  2020: [
    ['2020-08-21', 'Cuti Bersama Tahun Baru Islam'],
    ['2020-10-28', 'Cuti Bersama Maulid Nabi Muhammad SAW'],
    ['2020-10-30', 'Cuti Bersama Maulid Nabi Muhammad SAW'],
    ['2020-12-24', 'Cuti Bersama Hari Raya Natal'],
    ['2020-12-31', 'Cuti Bersama Pengganti Hari Raya Idul Fitri'],
  ],
  // 2021: reduced to one day; 24 December was cancelled.
  2021: [
    ['2021-05-12', 'Cuti Bersama Hari Raya Idul Fitri'],
  ],
  2022: [
    ['2022-04-29', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2022-05-04', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2022-05-05', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2022-05-06', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2022-12-26', 'Cuti Bersama Hari Raya Natal'],
  ],
  2023: [
    ['2023-01-23', 'Cuti Bersama Tahun Baru Imlek'],
    ['2023-03-23', 'Cuti Bersama Hari Suci Nyepi'],
    ['2023-04-19', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2023-04-20', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2023-04-21', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2023-04-24', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2023-04-25', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2023-06-02', 'Cuti Bersama Hari Raya Waisak'],
    ['2023-06-28', 'Cuti Bersama Hari Raya Idul Adha'],
    ['2023-06-30', 'Cuti Bersama Hari Raya Idul Adha'],
    ['2023-12-26', 'Cuti Bersama Hari Raya Natal'],
  ],
  2024: [
    ['2024-02-09', 'Cuti Bersama Tahun Baru Imlek'],
    ['2024-03-12', 'Cuti Bersama Hari Suci Nyepi'],
    ['2024-04-08', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2024-04-09', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2024-04-12', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2024-04-15', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2024-05-10', 'Cuti Bersama Kenaikan Yesus Kristus'],
    ['2024-05-24', 'Cuti Bersama Hari Raya Waisak'],
    ['2024-06-18', 'Cuti Bersama Hari Raya Idul Adha'],
    ['2024-12-26', 'Cuti Bersama Hari Raya Natal'],
  ],
  2025: [
    ['2025-01-28', 'Cuti Bersama Tahun Baru Imlek'],
    ['2025-03-28', 'Cuti Bersama Hari Suci Nyepi'],
    ['2025-04-02', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2025-04-03', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2025-04-04', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2025-04-07', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2025-05-13', 'Cuti Bersama Hari Raya Waisak'],
    ['2025-05-30', 'Cuti Bersama Kenaikan Yesus Kristus'],
    ['2025-06-09', 'Cuti Bersama Hari Raya Idul Adha'],
    // Added in August 2025 (SKB revision) after the 80th Independence Day.
    ['2025-08-18', 'Cuti Bersama Hari Kemerdekaan Republik Indonesia'],
    ['2025-12-26', 'Cuti Bersama Hari Raya Natal'],
  ],
  2026: [
    ['2026-02-16', 'Cuti Bersama Tahun Baru Imlek'],
    ['2026-03-18', 'Cuti Bersama Hari Suci Nyepi'],
    ['2026-03-20', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2026-03-23', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2026-03-24', 'Cuti Bersama Hari Raya Idul Fitri'],
    ['2026-05-15', 'Cuti Bersama Kenaikan Yesus Kristus'],
    ['2026-05-28', 'Cuti Bersama Hari Raya Idul Adha'],
    ['2026-12-24', 'Cuti Bersama Hari Raya Natal'],
  ],
};

// Dates that must be present as holidays; the script fails if one is missing.
const MUST_HAVE = ['2023-03-22', '2024-04-10', '2024-04-11', '2025-03-29', '2026-03-19', '2019-06-05',
  '2023-04-22', '2024-08-17', '2025-12-25'];

function build() {
  const hd = new Holidays('ID');
  const byDate = new Map();
  const dropped = new Set(CORRECTIONS.flatMap((c) => c.drop));

  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    for (const h of hd.getHolidays(year, 'id')) {
      if (h.type !== 'public') continue;
      const date = h.date.slice(0, 10);
      if (dropped.has(date)) continue;
      if (!byDate.has(date)) byDate.set(date, { date, kind: 'holiday', name: libraryName(h) });
      // Two holidays on one date (e.g. 2021-05-13 Idul Fitri + Kenaikan): join the names.
      else if (!byDate.get(date).name.includes(libraryName(h))) {
        byDate.get(date).name += ' / ' + libraryName(h);
      }
    }
  }
  for (const c of CORRECTIONS) {
    for (const [date, name] of c.add) {
      if (byDate.has(date)) throw new Error(`correction adds ${date} which already exists`);
      byDate.set(date, { date, kind: 'holiday', name });
    }
  }
  for (const date of MUST_HAVE) {
    if (byDate.get(date)?.kind !== 'holiday') throw new Error(`expected holiday missing: ${date}`);
  }
  for (const [year, rows] of Object.entries(CUTI_BERSAMA)) {
    for (const [date, name] of rows) {
      if (!date.startsWith(year)) throw new Error(`cuti bersama ${date} filed under ${year}`);
      if (byDate.has(date)) {
        process.stderr.write(`note: ${date} is already a holiday (${byDate.get(date).name}); cuti bersama skipped\n`);
        continue;
      }
      byDate.set(date, { date, kind: 'cuti_bersama', name });
    }
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

function csvField(s) {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const calendar = build();
const json = JSON.stringify(calendar, null, 2) + '\n';

if (process.argv.includes('--stdout')) {
  process.stdout.write(json);
} else {
  const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
  writeFileSync(join(fixtures, 'calendar.json'), json);
  const csv = ['date,kind,name',
    ...CUTI_BERSAMA[2026].map(([date, name]) => `${date},cuti_bersama,${csvField(name)}`)].join('\n') + '\n';
  writeFileSync(join(fixtures, 'calendar-cuti-bersama-2026.csv'), csv);
  const holidays = calendar.filter((d) => d.kind === 'holiday').length;
  process.stderr.write(`calendar.json: ${calendar.length} dates (${holidays} holidays, ` +
    `${calendar.length - holidays} cuti bersama); calendar-cuti-bersama-2026.csv: ${CUTI_BERSAMA[2026].length} rows\n`);
}
