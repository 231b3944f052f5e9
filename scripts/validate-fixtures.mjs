#!/usr/bin/env node
// Checks the reference data in fixtures/ for internal consistency. Exit 1 on any problem.
//   node scripts/validate-fixtures.mjs

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
const load = (f) => JSON.parse(readFileSync(join(dir, f), 'utf8'));
const problems = [];
const check = (ok, msg) => { if (!ok) problems.push(msg); };
const uniqueIds = (rows, what) => {
  const seen = new Set();
  for (const r of rows) { check(!seen.has(r.id), `${what}: duplicate id ${r.id}`); seen.add(r.id); }
  return seen;
};

// institutions
const institutions = load('institutions.json');
const instIds = uniqueIds(institutions, 'institutions');
const instById = new Map(institutions.map((i) => [i.id, i]));
const LEVELS = ['national', 'ministry', 'province', 'regency', 'unit'];
check(institutions.filter((i) => i.parentId === null).length === 1, 'institutions: exactly one root expected');
for (const i of institutions) {
  check(/^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)*$/.test(i.id), `institutions: bad id ${i.id}`);
  check(Object.keys(i).join() === 'id,parentId,name,level,active', `institutions: bad keys in ${i.id}`);
  check(LEVELS.includes(i.level), `institutions: bad level ${i.level} in ${i.id}`);
  check(typeof i.name === 'string' && i.name.trim() === i.name && i.name.length > 0, `institutions: bad name in ${i.id}`);
  check(i.active === true, `institutions: ${i.id} not active`);
  if (i.parentId !== null) {
    check(instIds.has(i.parentId), `institutions: ${i.id} has unknown parent ${i.parentId}`);
    if (i.level === 'unit') check(i.id.startsWith(i.parentId + '.'), `institutions: unit ${i.id} not prefixed by parent`);
    const parent = instById.get(i.parentId);
    if (parent) check(LEVELS.indexOf(parent.level) < LEVELS.indexOf(i.level), `institutions: ${i.id} level not below parent`);
  }
  // acyclic: walk to the root
  let cur = i, steps = 0;
  while (cur && cur.parentId !== null && steps++ < 10) cur = instById.get(cur.parentId);
  check(cur && cur.parentId === null, `institutions: ${i.id} does not reach the root`);
}
check(institutions.length >= 130 && institutions.length <= 170, `institutions: ${institutions.length} rows, expected 130–170`);

// categories
const categories = load('categories.json');
const catIds = uniqueIds(categories, 'categories');
const tops = categories.filter((c) => c.parentId === null);
for (const c of categories) {
  check(Object.keys(c).join() === 'id,parentId,name,nameEn,institutionHint', `categories: bad keys in ${c.id}`);
  check(c.name && c.nameEn, `categories: missing name in ${c.id}`);
  check(c.institutionHint === null || instIds.has(c.institutionHint), `categories: ${c.id} hint ${c.institutionHint} unknown`);
  if (c.parentId !== null) {
    check(tops.some((t) => t.id === c.parentId), `categories: ${c.id} parent ${c.parentId} is not a top-level category`);
    check(c.id.startsWith(c.parentId + '.'), `categories: ${c.id} not prefixed by parent`);
  }
}
for (const t of tops) {
  const n = categories.filter((c) => c.parentId === t.id).length;
  check(n >= 2 && n <= 6, `categories: ${t.id} has ${n} subcategories`);
}

// channels
const channels = load('channels.json');
uniqueIds(channels, 'channels');
const sum = channels.reduce((s, c) => s + c.share, 0);
check(Math.abs(sum - 1) < 0.001, `channels: shares sum to ${sum}`);
for (const id of ['web', 'mobile', 'sms_1708', 'twitter', 'whatsapp', 'email', 'walk_in', 'wifi_portal',
  'integration', 'facebook', 'instagram', 'letter']) {
  check(channels.some((c) => c.id === id), `channels: missing ${id}`);
}
for (const c of channels) check(c.share > 0 && c.name && c.nameEn, `channels: bad row ${c.id}`);

// calendar
const calendar = load('calendar.json');
let prev = '';
for (const d of calendar) {
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(d.date) && new Date(d.date + 'T00:00:00Z').toISOString().slice(0, 10) === d.date;
  check(valid, `calendar: invalid date ${d.date}`);
  check(d.date > prev, `calendar: ${d.date} not sorted/unique after ${prev}`);
  check(['holiday', 'cuti_bersama'].includes(d.kind), `calendar: bad kind on ${d.date}`);
  check(d.date >= '2019-01-01' && d.date <= '2026-12-31', `calendar: ${d.date} outside 2019–2026`);
  check(typeof d.name === 'string' && d.name.length > 0, `calendar: no name on ${d.date}`);
  prev = d.date;
}
const calByDate = new Map(calendar.map((d) => [d.date, d]));
for (const date of ['2023-03-22', '2024-04-10', '2024-04-11', '2025-03-29', '2026-03-19']) {
  check(calByDate.get(date)?.kind === 'holiday', `calendar: expected holiday ${date}`);
}
for (const date of ['2023-01-23', '2023-04-24', '2024-02-09', '2024-12-26']) {
  check(calByDate.get(date)?.kind === 'cuti_bersama', `calendar: expected cuti bersama ${date}`);
}
const csv = readFileSync(join(dir, 'calendar-cuti-bersama-2026.csv'), 'utf8').trimEnd().split('\n');
check(csv[0] === 'date,kind,name', 'calendar csv: bad header');
for (const line of csv.slice(1)) {
  const [date, kind] = line.split(',');
  check(kind === 'cuti_bersama' && calByDate.get(date)?.kind === 'cuti_bersama', `calendar csv: row ${line} not in calendar.json`);
}

// regions
const regions = load('regions.json');
check(regions.length === 9, `regions: ${regions.length} rows`);
for (const r of regions) {
  check(/^51\d\d$/.test(r.code), `regions: bad code ${r.code}`);
  check(instById.get(r.institutionId)?.level === 'regency', `regions: ${r.code} institution ${r.institutionId} is not a regency`);
  check(Array.isArray(r.districts) && r.districts.length >= 4, `regions: ${r.code} districts`);
}

// texts
const texts = load('texts.json');
const PLACEHOLDERS = new Set(['{place}', '{regency}', '{date}', '{detail}']);
for (const t of tops) {
  const c = texts.categories[t.id];
  check(c, `texts: no templates for ${t.id}`);
  if (!c) continue;
  check(c.titles.length >= 6 && c.titles.length <= 10, `texts: ${t.id} has ${c.titles.length} titles`);
  check(c.bodies.length >= 4 && c.bodies.length <= 6, `texts: ${t.id} has ${c.bodies.length} bodies`);
  check(c.details.length >= 4, `texts: ${t.id} has ${c.details.length} details`);
  for (const s of [...c.titles, ...c.bodies]) {
    for (const p of s.match(/\{[^}]*\}/g) ?? []) check(PLACEHOLDERS.has(p), `texts: ${t.id} unknown placeholder ${p}`);
  }
}
for (const k of Object.keys(texts.categories)) check(catIds.has(k), `texts: unknown category ${k}`);
for (const k of Object.keys(texts.placesByRegency)) check(instById.get(k)?.level === 'regency', `texts: placesByRegency ${k}`);
check(texts.places.length === new Set(texts.places).size, 'texts: duplicate places');
for (const key of ['firstNames', 'lastNames', 'reporterReplies', 'responses']) {
  check(Array.isArray(texts[key]) && texts[key].length >= 10, `texts: ${key} too short`);
}
check(Object.keys(texts.archiveReasons).sort().join() ===
  ['duplicate', 'incomplete', 'no_reporter_response', 'not_public_service', 'other', 'spam'].join(), 'texts: archiveReasons codes');

if (problems.length) {
  for (const p of problems) process.stderr.write(p + '\n');
  process.exit(1);
}
const count = (arr, f) => arr.filter(f).length;
process.stdout.write([
  `institutions.json  ${institutions.length} (` +
    LEVELS.map((l) => `${l} ${count(institutions, (i) => i.level === l)}`).join(', ') + ')',
  `categories.json    ${categories.length} (${tops.length} top-level, ${categories.length - tops.length} sub)`,
  `channels.json      ${channels.length} (shares sum ${sum.toFixed(3)})`,
  `calendar.json      ${calendar.length} (${count(calendar, (d) => d.kind === 'holiday')} holidays, ` +
    `${count(calendar, (d) => d.kind === 'cuti_bersama')} cuti bersama)`,
  `calendar csv       ${csv.length - 1} rows`,
  `regions.json       ${regions.length} regencies, ${regions.reduce((s, r) => s + r.districts.length, 0)} districts`,
  `texts.json         ${Object.keys(texts.categories).length} categories, ${texts.places.length} places, ` +
    `${texts.firstNames.length}+${texts.lastNames.length} names, ${texts.responses.length} responses, ` +
    `${texts.reporterReplies.length} replies`,
  'OK',
].join('\n') + '\n');
