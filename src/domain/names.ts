// Names people type for the reference data (institutions, categories) and for fixed values (statuses),
// matched to what the data holds: an id, a name (letter case, accents, punctuation and the usual
// abbreviations folded), the distinctive part of a name (without "Pemerintah", "Dinas", "Kabupaten", …), a
// fragment that fits exactly one entry, and, when nothing fits, the close ones (edit distance per word) as
// suggestions, never as a choice. Pure: the CLI resolves its flags with it, an import can match its columns.

/** Abbreviations spelt out, after folding: "Kab. Badung" and "Pemkab Badung" name "Pemerintah Kabupaten Badung". */
const ABBREVIATIONS: Readonly<Record<string, string>> = {
  kab: 'kabupaten',
  kabup: 'kabupaten',
  prov: 'provinsi',
  propinsi: 'provinsi',
  kec: 'kecamatan',
  kel: 'kelurahan',
  pemkab: 'pemerintah kabupaten',
  pemkot: 'pemerintah kota',
  pemprov: 'pemerintah provinsi',
  pemda: 'pemerintah daerah',
  kemen: 'kementerian',
};

/**
 * The kinds of regional government a name may say. They are generic (dropped from the distinctive words),
 * but never contradicted: "Kabupaten Denpasar" is not "Pemerintah Kota Denpasar" (Kabupaten and Kota Bogor
 * are two governments), though "Kabupaten Badung" is "Pemerintah Kabupaten Badung".
 */
const REGION_KINDS: ReadonlySet<string> = new Set(['kabupaten', 'kota', 'provinsi']);

/** The region kinds of a folded name's words. */
function kindsOf(words: readonly string[]): string[] {
  return words.filter((w) => REGION_KINDS.has(w));
}

/** Words nearly every institution name carries: they tell no institution from another. */
const GENERIC_WORDS: ReadonlySet<string> = new Set(['pemerintah', 'daerah', 'dinas', 'kabupaten', 'kota', 'provinsi', 'dan']);

/**
 * A name folded for comparison: letter case, accents (NFKD, marks dropped), punctuation and spacing; the
 * abbreviations of ABBREVIATIONS spelt out. "Kab. Badung – Dinas Kesehatan" → "kabupaten badung dinas kesehatan".
 */
export function foldName(s: string): string {
  const words = s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
  return words.map((w) => ABBREVIATIONS[w] ?? w).join(' ');
}

/**
 * The distinctive words of a folded name: without GENERIC_WORDS ("Pemerintah Kabupaten Badung" → "badung",
 * "Dinas Kesehatan Kota Denpasar" → "kesehatan denpasar"). A name of generic words only keeps them all.
 */
export function coreName(s: string): string {
  const folded = foldName(s);
  const words = folded.split(' ').filter((w) => !GENERIC_WORDS.has(w));
  return words.length === 0 ? folded : words.join(' ');
}

/** The edit distance of two strings with adjacent transpositions (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i += 1) rows.push([i]);
  for (let j = 1; j <= b.length; j += 1) rows[0][j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2][j - 2] + 1);
      rows[i][j] = d;
    }
  }
  return rows[a.length][b.length];
}

/** How many edits a typed word of this length may be away from a real one and still be suggested. */
function allowedEdits(length: number): number {
  if (length <= 2) return 0;
  if (length <= 5) return 1;
  return 2;
}

/**
 * The distance of a typed word to the nearest word of `words` (a typed word may also be the start of a
 * real one, "kesehat" for "kesehatan"), or null when none is near enough.
 */
function wordDistance(typed: string, words: readonly string[]): number | null {
  let best: number | null = null;
  for (const w of words) {
    const asStart = typed.length >= 3 && w.length > typed.length ? editDistance(typed, w.slice(0, typed.length)) + 1 : Infinity;
    const d = Math.min(editDistance(typed, w), asStart);
    if (d <= allowedEdits(typed.length) && (best === null || d < best)) best = d;
  }
  return best;
}

export const MAX_SUGGESTIONS = 5;

/**
 * The values closest to a typed one, best first: within a few edits, or of which it is the start
 * ("in_prog" → in_progress). For the short fixed lists (statuses, clocks, classifications).
 */
export function closestValues(typed: string, values: readonly string[], max = MAX_SUGGESTIONS): string[] {
  const want = typed.trim().toLowerCase();
  if (want === '') return [];
  const scored: Array<[string, number]> = [];
  for (const v of values) {
    const lower = v.toLowerCase();
    const d = lower.startsWith(want) ? 0.5 : editDistance(want, lower);
    if (d <= Math.max(1, allowedEdits(want.length))) scored.push([v, d]);
  }
  return scored.sort((x, y) => x[1] - y[1]).slice(0, max).map(([v]) => v);
}

/** An entry of reference data that can be named: an id and its names (the first one shown). */
export interface Named {
  id: string;
  name: string;
}

export interface MatchOptions<T extends Named> {
  /** Every name of an entry (default: its name). Categories add their English name. */
  names?: (entry: T) => readonly string[];
  /** Whether a name (not an id) may pick the entry (default: every entry). Inactive institutions are named by id only. */
  byName?: (entry: T) => boolean;
}

/** How a typed name was matched: `by` says which rule chose; the others list what it could have meant. */
export type NameMatch<T> =
  | { kind: 'chosen'; entry: T; by: 'id' | 'name' | 'fragment' }
  | { kind: 'ambiguous'; candidates: T[] }
  | { kind: 'unknown'; suggestions: T[] };

/** The folded words of an id: "buleleng.disdukcapil" → buleleng, disdukcapil. */
function idWords(id: string): string[] {
  return foldName(id).split(' ');
}

/**
 * What a typed name means among `entries`, by the first rule that fits:
 * 1. an id, in any letter case (inactive entries too: the server judges them);
 * 2. a name, folded (case, accents, punctuation, abbreviations); several entries of one name are ambiguous;
 * 3. the distinctive words of a name (coreName): "Kabupaten Badung" → "Pemerintah Kabupaten Badung"; of
 *    several, those that hold every typed word ("kota bogor" of Kabupaten and Kota Bogor);
 * 4. a fragment: every typed word inside the entry's names or id ("disdukcapil buleleng");
 * rules 3 and 4 never take an entry whose name says another region kind than the one typed ("Kabupaten
 * Denpasar" is not "Pemerintah Kota Denpasar": REGION_KINDS);
 * and otherwise the entries near every typed word, closest first, as suggestions.
 */
export function matchName<T extends Named>(input: string, entries: readonly T[], options: MatchOptions<T> = {}): NameMatch<T> {
  const namesOf = options.names ?? ((e: T) => [e.name]);
  const byName = options.byName ?? (() => true);
  const trimmed = input.trim();
  const folded = foldName(trimmed);
  if (folded === '') return { kind: 'unknown', suggestions: [] };

  const lower = trimmed.toLowerCase();
  const byId = entries.find((e) => e.id === trimmed) ?? entries.find((e) => e.id.toLowerCase() === lower);
  if (byId !== undefined) return { kind: 'chosen', entry: byId, by: 'id' };

  const usable = entries.filter(byName);
  const decide = (found: T[], by: 'name' | 'fragment'): NameMatch<T> | null => {
    if (found.length === 1) return { kind: 'chosen', entry: found[0], by };
    if (found.length > 1) return { kind: 'ambiguous', candidates: found };
    return null;
  };

  const sameName = usable.filter((e) => namesOf(e).some((n) => foldName(n) === folded));
  const named = decide(sameName, 'name');
  if (named) return named;

  const typedWords = folded.split(' ');
  const wordsOf = (e: T): string[] => [...namesOf(e).flatMap((n) => foldName(n).split(' ')), ...idWords(e.id)];
  const typedKinds = kindsOf(typedWords);
  /** A name that says no region kind, or every kind typed. */
  const kindAgrees = (name: string): boolean => {
    const kinds = kindsOf(foldName(name).split(' '));
    return kinds.length === 0 || typedKinds.every((k) => kinds.includes(k));
  };
  const core = coreName(trimmed);
  const sameCore = usable.filter((e) => namesOf(e).some((n) => coreName(n) === core && kindAgrees(n)));
  if (sameCore.length > 1) {
    const holding = sameCore.filter((e) => typedWords.every((w) => wordsOf(e).includes(w)));
    if (holding.length > 0) return decide(holding, 'name') as NameMatch<T>;
  }
  const cored = decide(sameCore, 'name');
  if (cored) return cored;

  const fragment = usable.filter((e) => {
    if (!namesOf(e).some(kindAgrees)) return false;
    const hay = [...namesOf(e).map(foldName), idWords(e.id).join(' ')].join(' ');
    return typedWords.every((w) => hay.includes(w));
  });
  const fragmented = decide(fragment, 'fragment');
  if (fragmented) return fragmented;

  return { kind: 'unknown', suggestions: suggest(typedWords, usable, wordsOf) };
}

/**
 * The entries near every typed word (generic words aside) that are nearest: fewest edits, then fewest
 * distinctive words beyond those typed; several only when they tie.
 */
function suggest<T extends Named>(typedWords: readonly string[], entries: readonly T[], wordsOf: (e: T) => string[]): T[] {
  const distinctive = typedWords.filter((w) => !GENERIC_WORDS.has(w));
  const typed = distinctive.length > 0 ? distinctive : typedWords;
  const scored: Array<{ entry: T; edits: number; extra: number }> = [];
  for (const entry of entries) {
    const words = [...new Set(wordsOf(entry))];
    let edits = 0;
    let near = true;
    for (const w of typed) {
      const d = wordDistance(w, words);
      if (d === null) {
        near = false;
        break;
      }
      edits += d;
    }
    if (!near) continue;
    const extra = words.filter((w) => !GENERIC_WORDS.has(w)).length;
    scored.push({ entry, edits, extra });
  }
  // only the nearest: "bdung" suggests Pemerintah Kabupaten Badung, not every unit of Badung as well
  scored.sort((a, b) => a.edits - b.edits || a.extra - b.extra);
  const best = scored[0];
  return scored
    .filter((s) => s.edits === best.edits && s.extra === best.extra)
    .slice(0, MAX_SUGGESTIONS)
    .map((s) => s.entry);
}
