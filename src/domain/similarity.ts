// Title similarity for `cases similar`: the trigram measure of PostgreSQL's pg_trgm (similarity()), written
// out so that a database without the extension (PGlite) ranks alike. Words are runs of letters and digits,
// lower-cased, each padded with two spaces before and one after; the score is |A ∩ B| / |A ∪ B| of the two
// trigram sets. Pure: no IO.

/** The trigrams of a text, as pg_trgm forms them. */
export function trigrams(text: string): Set<string> {
  const out = new Set<string>();
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (word === '') continue;
    const padded = [' ', ' ', ...word, ' '];
    for (let i = 0; i + 3 <= padded.length; i += 1) out.add(padded.slice(i, i + 3).join(''));
  }
  return out;
}

/** pg_trgm similarity(): shared trigrams over all trigrams of the two texts (0 when neither has a trigram). */
export function trigramSimilarity(a: string, b: string): number {
  const ta = trigrams(a);
  const tb = trigrams(b);
  let shared = 0;
  for (const g of ta) if (tb.has(g)) shared += 1;
  const union = ta.size + tb.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** Scores at or above this suggest a duplicate (pg_trgm's own default threshold). */
export const SIMILARITY_THRESHOLD = 0.3;
/** The time window around the case's submission that `cases similar` searches by default, in days. */
export const SIMILAR_WINDOW_DAYS = 30;
/** Candidates the fallback scores at most (the nearest in time first): a bounded cost per request. */
export const SIMILAR_CANDIDATES = 2000;
