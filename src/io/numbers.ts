// The one way numbers reach a person: counts, shares, decimals, changes and durations, in the session
// language's conventions (Intl.NumberFormat: `3.304` and `94,9%` in Indonesian, `3,304` and `94.9%` in
// English). Every renderer that prints a number for people (tables, the stats report, the HTML page, the
// demo, progress lines, notices) formats it here; machine output (JSON, CSV, piped tables) keeps raw numbers.

import { t, type Lang } from './i18n.js';

const LOCALE: Record<Lang, string> = { id: 'id-ID', en: 'en-US' };

// Intl.NumberFormat is slow to build and the renderers call these per cell: one instance per language and
// number of fraction digits.
const cache = new Map<string, Intl.NumberFormat>();

function numberFormat(lang: Lang, digits: number): Intl.NumberFormat {
  const key = `${lang}:${digits}`;
  let f = cache.get(key);
  if (f === undefined) {
    f = new Intl.NumberFormat(LOCALE[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits });
    cache.set(key, f);
  }
  return f;
}

/** 12.345 (id) / 12,345 (en); the suppression mark when null. */
export function fmtCount(lang: Lang, n: number | null): string {
  if (n === null) return t(lang, 'stats.suppressedMark');
  return numberFormat(lang, 0).format(n);
}

/** A number with exactly `digits` fraction digits (1,5 / 1.5); a dash when null. */
export function fmtDecimal(lang: Lang, n: number | null, digits = 1): string {
  if (n === null) return '–';
  return numberFormat(lang, digits).format(n);
}

/** A share (0..1) as 95,2% (id) / 95.2% (en); a dash when there is no denominator, the mark when suppressed. */
export function fmtPercent(lang: Lang, share: number | null, suppressed = false): string {
  if (share === null) return suppressed ? t(lang, 'stats.suppressedMark') : '–';
  return `${numberFormat(lang, 1).format(share * 100)}%`;
}

/** A share as a whole percentage (42%), for progress lines. */
export function fmtWholePercent(lang: Lang, share: number): string {
  return `${numberFormat(lang, 0).format(Math.floor(share * 100))}%`;
}

/** +12,5% for relative changes; empty when there is nothing to compare. */
export function fmtChange(lang: Lang, change: number | null): string {
  if (change === null) return '';
  return `${change < 0 ? '−' : '+'}${fmtPercent(lang, Math.abs(change))}`;
}

/** +1,5 pp for point changes of rates; empty when there is nothing to compare. */
export function fmtPoints(lang: Lang, change: number | null): string {
  if (change === null) return '';
  return `${change < 0 ? '−' : '+'}${numberFormat(lang, 1).format(Math.abs(change * 100))} pp`;
}

/** Milliseconds as seconds with one fraction digit (2,5 / 2.5), for "… in {seconds} s" notices. */
export function fmtSeconds(lang: Lang, ms: number): string {
  return numberFormat(lang, 1).format(ms / 1000);
}

/** A rate per second: one fraction digit below 10, whole above. */
export function fmtRate(lang: Lang, perSecond: number): string {
  return numberFormat(lang, perSecond < 10 ? 1 : 0).format(perSecond);
}
