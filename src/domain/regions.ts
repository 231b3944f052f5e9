// The official administrative areas of Indonesia (province, regency/city, district, village) with their
// Kemendagri codes (51, 51.03, 51.03.01, 51.03.01.2001), and the location a case names matched against them.
// Names are matched as people write them: letter case, punctuation and spacing folded (names.ts foldName),
// the level's own prefix words dropped on both sides ("Kab. Badung" and "KABUPATEN BADUNG" are one key, while
// Kabupaten and Kota Bogor stay two), and hierarchically: a district is looked for within its regency, a
// village within its district, because names repeat across the country (a name that fits several areas is
// narrowed by the levels below it). A name that fits nothing gets the closest names of its scope as
// suggestions (names.ts closestValues), never as a choice. Pure: the server loads the data (server/regions.ts).

import { closestValues, foldName } from './names.js';

export const REGION_LEVELS = ['province', 'regency', 'district', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** One area as the data lists it: its code, its parent's code (null for a province) and its name. */
export interface AreaRow {
  code: string;
  parent: string | null;
  name: string;
}

export interface Area extends AreaRow {
  level: RegionLevel;
  /** A regency's kind ("kabupaten" or "kota"); null for the other levels. */
  kind: RegencyKind | null;
  /** Its name's key (areaKey). */
  key: string;
}

type RegencyKind = 'kabupaten' | 'kota';

/** Prefix words of each level, after foldName (which spells out kab., kec., kel., prov.). */
const PREFIXES: Record<RegionLevel, readonly (readonly string[])[]> = {
  province: [['provinsi'], ['daerah', 'khusus', 'ibukota'], ['daerah', 'khusus'], ['daerah', 'istimewa'], ['dki'], ['di']],
  regency: [['pemerintah'], ['kabupaten'], ['kota'], ['kotamadya'], ['kodya'], ['administrasi'], ['adm']],
  district: [['kecamatan'], ['distrik']],
  village: [['desa'], ['kelurahan'], ['nagari'], ['gampong']],
};
const KIND_OF: Readonly<Record<string, RegencyKind>> = { kabupaten: 'kabupaten', kota: 'kota', kotamadya: 'kota', kodya: 'kota' };

/** A name's key at a level: folded, without the level's prefix words, without spaces ("A u r" is "Aur"). */
export function areaKey(level: RegionLevel, name: string): { key: string; kind: RegencyKind | null } {
  const words = foldName(name).split(' ');
  let kind: RegencyKind | null = null;
  for (let dropped = true; dropped && words.length > 1; ) {
    dropped = false;
    for (const prefix of PREFIXES[level]) {
      if (prefix.length < words.length && prefix.every((w, i) => words[i] === w)) {
        kind = KIND_OF[prefix[0]] ?? kind;
        words.splice(0, prefix.length);
        dropped = true;
        break;
      }
    }
  }
  return { key: words.join(''), kind: level === 'regency' ? kind : null };
}

/** The data's upper-case names written as people read them: "KABUPATEN BADUNG" → "Kabupaten Badung". */
export function displayName(name: string): string {
  if (name !== name.toUpperCase()) return name;
  return name.toLowerCase().replace(/(^|[\s(/-])(\p{L})/gu, (_, sep: string, c: string) => sep + c.toUpperCase()).replace(/\b(Dki|Di)\b/g, (w) => w.toUpperCase());
}

/** Codes as Kemendagri writes them, with dots; the same digits without dots ("5103") stand for it too. */
export function dottedCode(code: string): string {
  const c = code.trim();
  if (!/^\d+$/.test(c)) return c;
  const parts = [c.slice(0, 2), c.slice(2, 4), c.slice(4, 6), c.slice(6)].filter((p) => p !== '');
  return parts.join('.');
}

/** Suggestions are looked for among at most this many names (a village named without its district: none). */
const MAX_SUGGESTION_SCOPE = 10_000;
const MAX_REGION_SUGGESTIONS = 3;

/** The areas of the four levels, indexed by code, by parent and by key. */
export class Gazetteer {
  private readonly byCode = new Map<string, Area>();
  private readonly children = new Map<string, Area[]>();
  private readonly byKey: Record<RegionLevel, Map<string, Area[]>> = { province: new Map(), regency: new Map(), district: new Map(), village: new Map() };
  private readonly all: Record<RegionLevel, Area[]> = { province: [], regency: [], district: [], village: [] };

  constructor(rows: Record<RegionLevel, Iterable<AreaRow>>) {
    for (const level of REGION_LEVELS) {
      for (const row of rows[level]) {
        const { key, kind } = areaKey(level, row.name);
        const area: Area = { code: row.code, parent: row.parent, name: row.name, level, kind, key };
        this.byCode.set(area.code, area);
        this.all[level].push(area);
        const siblings = this.children.get(row.parent ?? '');
        if (siblings) siblings.push(area);
        else this.children.set(row.parent ?? '', [area]);
        const same = this.byKey[level].get(key);
        if (same) same.push(area);
        else this.byKey[level].set(key, [area]);
      }
    }
  }

  /** How many areas each level holds. */
  counts(): Record<RegionLevel, number> {
    return { province: this.all.province.length, regency: this.all.regency.length, district: this.all.district.length, village: this.all.village.length };
  }

  /** The area of a code, with or without dots. */
  area(code: string): Area | undefined {
    return this.byCode.get(dottedCode(code));
  }

  /** The areas of a level a name fits, within `scope` (areas of higher levels; empty: the whole country). */
  find(level: RegionLevel, name: string, scope: readonly Area[]): Area[] {
    const { key, kind } = areaKey(level, name);
    return (this.byKey[level].get(key) ?? []).filter((a) => (kind === null || a.kind === kind) && within(a, scope));
  }

  /** The names of a level within `scope` closest to a name that fits none, best first. */
  suggest(level: RegionLevel, name: string, scope: readonly Area[]): Area[] {
    const pool = scope.length === 0 ? this.all[level] : scope.flatMap((p) => this.below(p, level));
    if (pool.length > MAX_SUGGESTION_SCOPE) return [];
    const byKey = new Map<string, Area[]>();
    for (const a of pool) {
      const same = byKey.get(a.key);
      if (same) same.push(a);
      else byKey.set(a.key, [a]);
    }
    const keys = closestValues(areaKey(level, name).key, [...byKey.keys()], MAX_REGION_SUGGESTIONS);
    return keys.flatMap((k) => byKey.get(k) ?? []).slice(0, MAX_REGION_SUGGESTIONS);
  }

  /** The areas of `level` under `parent` (its children, or their descendants at that level). */
  private below(parent: Area, level: RegionLevel): Area[] {
    const depth = REGION_LEVELS.indexOf(level) - REGION_LEVELS.indexOf(parent.level);
    if (depth <= 0) return [];
    let found = [parent];
    for (let i = 0; i < depth; i += 1) found = found.flatMap((a) => this.children.get(a.code) ?? []);
    return found;
  }
}

function within(area: Area, scope: readonly Area[]): boolean {
  return scope.length === 0 || scope.some((p) => area.code.startsWith(`${p.code}.`));
}

/** Why a location (or its code) was not taken; stable codes, worded by the client's catalogue. */
export const LOCATION_ISSUE_CODES = ['unknown_region', 'ambiguous_region', 'unknown_region_code', 'region_code_mismatch'] as const;
export type LocationIssueCode = (typeof LOCATION_ISSUE_CODES)[number];

export type LocationField = RegionLevel | 'regionCode';

export interface LocationIssue {
  field: LocationField;
  value: string;
  code: LocationIssueCode;
  /** What the value may have meant, as "51.03 Kabupaten Badung": the closest names, the candidates, or the code the names give. */
  suggestions: string[];
}

export type LocationInput = Partial<Record<LocationField, string | null>>;

export interface LocationMatch {
  /** The code of the most specific area the names identify (village > district > regency > province), or null. */
  code: string | null;
  issues: LocationIssue[];
}

const label = (a: Area) => `${a.code} ${displayName(a.name)}`;

/**
 * The area a case's location names, level by level from the province down. Each level's name is looked for
 * within the areas chosen above it (all of the country when none is): one fit is chosen; several stay
 * candidates that a lower level may narrow ("Bogor" is a regency and a city: the district tells which); none
 * is reported with the closest names, and the levels below are still looked for within the last scope. A
 * code the input gives is checked: known (dots or not), and on the path of the names.
 */
export function matchLocation(g: Gazetteer, input: LocationInput): LocationMatch {
  const issues: LocationIssue[] = [];
  let scope: Area[] = [];
  let chosen: Area | null = null;
  let open: { field: RegionLevel; value: string } | null = null;
  for (const level of REGION_LEVELS) {
    const value = input[level]?.trim();
    if (!value) continue;
    const found = g.find(level, value, scope);
    if (found.length === 0) {
      issues.push({ field: level, value, code: 'unknown_region', suggestions: g.suggest(level, value, scope).map(label) });
      continue;
    }
    scope = found;
    if (found.length === 1) {
      chosen = found[0];
      open = null;
    } else {
      open = { field: level, value };
    }
  }
  if (open) issues.push({ ...open, code: 'ambiguous_region', suggestions: scope.slice(0, MAX_REGION_SUGGESTIONS).map(label) });
  const given = input.regionCode?.trim();
  if (given) {
    const area = g.area(given);
    if (!area) issues.push({ field: 'regionCode', value: given, code: 'unknown_region_code', suggestions: chosen ? [label(chosen)] : [] });
    else if (chosen && !onPath(area.code, chosen.code)) issues.push({ field: 'regionCode', value: given, code: 'region_code_mismatch', suggestions: [label(chosen)] });
  }
  return { code: chosen?.code ?? null, issues };
}

/** Whether one code is the other or an area above it. */
function onPath(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);
}
