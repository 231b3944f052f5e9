// What the terminal table and the HTML page of the statistics report share: names of
// breakdown keys in the reader's language, the definitions paragraph list. Pure.

import type { BreakdownCell, BreakdownName, DurationFigure, StatsAnnualReport } from '../../domain/stats.js';
import { CONFIDENTIAL_KEY } from '../../domain/statsPublic.js';
import type { ArchiveReason, Classification, Status } from '../../domain/types.js';
import { archiveReasonName, classificationName, statusName, t, type Lang } from '../i18n.js';
import { fmtCount, fmtDecimal, fmtPercent } from '../numbers.js';

const MONTHS: Record<Lang, readonly string[]> = {
  id: ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

export function monthName(lang: Lang, month: number): string {
  return MONTHS[lang][month - 1] ?? String(month);
}

/** "UTC+08:00" for an offset in minutes. */
export function fmtOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const m = Math.abs(minutes);
  return `${sign}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Indonesia's zone names by offset (WIB, WITA, WIT); "UTC+HH:MM" for any other offset. */
export function fmtZone(minutes: number): string {
  const names: Record<number, string> = { 420: 'WIB', 480: 'WITA', 540: 'WIT' };
  return names[minutes] ?? `UTC${fmtOffset(minutes)}`;
}

/** An instant as local "YYYY-MM-DD HH:MM" at the report's offset. */
export function fmtLocalTime(iso: string, offsetMinutes: number): string {
  const d = new Date(Date.parse(iso) + offsetMinutes * 60_000).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

/** The name of a breakdown key in the reader's language. */
export function cellName(lang: Lang, dim: BreakdownName, c: BreakdownCell): string {
  if (c.key === CONFIDENTIAL_KEY) return t(lang, 'stats.confidential');
  switch (dim) {
    case 'classification':
      return classificationName(lang, c.key as Classification);
    case 'statusAtYearEnd':
    case 'statusNow':
      return statusName(lang, c.key as Status);
    case 'archiveReason':
      return archiveReasonName(lang, c.key as ArchiveReason);
    case 'month':
      return monthName(lang, Number(c.key));
    case 'institution':
      return c.key === '' ? t(lang, 'stats.noInstitution') : (c.name ?? c.key);
    case 'region':
      return c.key === '' ? t(lang, 'stats.noRegion') : (c.name ?? c.key);
    case 'categoryTop':
    case 'category':
      if (c.key === '') return t(lang, 'stats.noCategory');
      return (lang === 'en' ? (c.nameEn ?? c.name) : c.name) ?? c.key;
    case 'channel':
      return (lang === 'en' ? (c.nameEn ?? c.name) : c.name) ?? c.key;
  }
}

export function scopeLine(lang: Lang, institution: { id: string; name: string } | null): string {
  return institution === null ? t(lang, 'stats.scope.all') : t(lang, 'stats.scope.institution', { name: institution.name, id: institution.id });
}

/** The definitions, in the report's own terms (its zone, clock lengths and ranking minimum). */
export function definitions(
  lang: Lang,
  r: Pick<StatsAnnualReport, 'utcOffsetMinutes' | 'clocks' | 'goodAgencyFollowUpRate' | 'rankingMinCases' | 'public'>,
): string[] {
  return [
    t(lang, 'stats.def.year', { zone: fmtZone(r.utcOffsetMinutes), offset: fmtOffset(r.utcOffsetMinutes) }),
    t(lang, 'stats.def.reopened'),
    t(lang, 'stats.def.asOf'),
    t(lang, 'stats.def.followUp', { threshold: fmtPercent(lang, r.goodAgencyFollowUpRate) }),
    t(lang, 'stats.def.clocks', { verify: r.clocks.verifyWorkingDays, response: r.clocks.responseWorkingDays }),
    t(lang, 'stats.def.open', { days: r.clocks.completionDays }),
    t(lang, 'stats.def.institution'),
    t(lang, 'stats.def.duplicates'),
    t(lang, r.public ? 'stats.def.rankingPublic' : 'stats.def.ranking', { min: r.rankingMinCases }),
  ];
}

/** Hours of a duration under one working day: "18 menit", "7 jam", "7,5 jam" (to the minute, shown to 0.1 h). */
export function fmtHours(lang: Lang, hours: number): string {
  const minutes = Math.round(hours * 60);
  if (minutes < 60) return t(lang, 'stats.duration.minutes', { n: fmtCount(lang, minutes) });
  const h = Math.round(minutes / 6) / 10;
  return t(lang, 'stats.duration.hours', { n: Number.isInteger(h) ? fmtCount(lang, h) : fmtDecimal(lang, h, 1) });
}

/**
 * "median 2 · p90 5 hari kerja"; a median or p90 under one working day in hours or minutes instead:
 * "median 7 jam · p90 2 hari kerja". The caller shows nothing when the median is unknown.
 */
export function fmtMedianP90(lang: Lang, f: Pick<DurationFigure, 'medianWorkingDays' | 'p90WorkingDays' | 'medianHours' | 'p90Hours'>): string {
  if (f.medianHours === null && f.p90Hours === null) {
    return t(lang, 'stats.figure.medianP90', { median: fmtCount(lang, f.medianWorkingDays), p90: fmtCount(lang, f.p90WorkingDays) });
  }
  const each = (workingDays: number | null, hours: number | null) =>
    hours !== null ? fmtHours(lang, hours) : t(lang, 'stats.duration.workingDays', { n: fmtCount(lang, workingDays) });
  return t(lang, 'stats.figure.medianP90Each', { median: each(f.medianWorkingDays, f.medianHours), p90: each(f.p90WorkingDays, f.p90Hours) });
}
