// Texts of the evidence pack shared by the terminal report and the HTML page: the definitions (the ranking
// rule among them) and how a figure that may be hidden or undefined is written. Pure.

import type { StatsInstitutionsReport } from '../../domain/evidence.js';
import { t, type Lang } from '../i18n.js';
import { fmtCount, fmtPercent } from '../numbers.js';
import { fmtZone } from './labels.js';

/** The definitions, the ranking rule among them, in the report's own terms. */
export function evidenceDefinitions(lang: Lang, r: Pick<StatsInstitutionsReport, 'utcOffsetMinutes' | 'withinWorkingDays' | 'rankingMinDisposed' | 'public'>): string[] {
  const defs = [
    t(lang, 'evidence.def.cases', { zone: fmtZone(r.utcOffsetMinutes) }),
    t(lang, 'evidence.def.followUp'),
    t(lang, 'evidence.def.within', { n: r.withinWorkingDays }),
    t(lang, 'evidence.def.completion'),
    t(lang, 'evidence.def.sla'),
    t(lang, 'evidence.def.activity'),
    t(lang, 'evidence.def.ranking', { min: r.rankingMinDisposed, n: r.withinWorkingDays }),
  ];
  if (r.public) defs.push(t(lang, 'evidence.def.rankingPublic'));
  return defs;
}

/** A share: the suppression mark when the report hid it, a dash when it has no denominator. */
export function shareText(lang: Lang, v: number | null, hidden: boolean): string {
  return fmtPercent(lang, v, hidden);
}

/** A figure that may be undefined (a median without follow-ups) or hidden. */
export function numberText(lang: Lang, v: number | null, hidden: boolean): string {
  if (v !== null) return fmtCount(lang, v);
  return hidden ? t(lang, 'stats.suppressedMark') : '–';
}
