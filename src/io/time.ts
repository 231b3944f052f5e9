// Human times for the TTY view: "5 menit lalu", "3 hari lagi", "terlambat 2 hari". Piped and machine
// output use ISO 8601 instants instead (the columns' `value`). Units are floored: 47 hours is "1 hari".

import type { Palette } from './iostreams.js';
import type { ClockView } from '../domain/clocks.js';
import { t, tn, type Lang } from './i18n.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Unit = 'minute' | 'hour' | 'day' | 'month' | 'year';

function unitOf(absMs: number, withLongUnits: boolean): [Unit, number] {
  if (absMs < HOUR) return ['minute', Math.max(1, Math.floor(absMs / MINUTE))];
  if (absMs < DAY) return ['hour', Math.floor(absMs / HOUR)];
  const days = Math.floor(absMs / DAY);
  if (!withLongUnits || days < 30) return ['day', days];
  if (days < 365) return ['month', Math.floor(days / 30)];
  return ['year', Math.floor(days / 365)];
}

/** How long ago (or how far ahead) an instant is: "5 menit lalu" / "5 minutes ago", "3 hari lagi" / "in 3 days". */
export function relativeTime(iso: string, now: Date, lang: Lang): string {
  const diff = Date.parse(iso) - now.getTime();
  if (Number.isNaN(diff)) return iso;
  const abs = Math.abs(diff);
  if (abs < MINUTE) return t(lang, diff < 0 || diff === 0 ? 'time.justNow' : 'time.inMoment');
  const [unit, n] = unitOf(abs, true);
  return tn(lang, diff < 0 ? `time.ago.${unit}` : `time.in.${unit}`, n);
}

/** Time left until a deadline, or how late it is: "3 hari lagi" / "in 3 days", "terlambat 2 hari" / "2 days overdue". */
export function deadlinePhrase(remainingMs: number, lang: Lang): string {
  if (remainingMs >= 0 && remainingMs < MINUTE) return t(lang, 'time.inMoment');
  const [unit, n] = unitOf(Math.abs(remainingMs), false);
  if (unit === 'month' || unit === 'year') throw new RangeError('deadlines are counted in days');
  return tn(lang, remainingMs < 0 ? `time.overdue.${unit}` : `time.in.${unit}`, n);
}

/**
 * A clock for a TTY table cell: running → "3 hari lagi"; due_soon (within a day) → yellow "5 jam lagi";
 * overdue → red "terlambat 2 hari"; met → green "tepat waktu"; breached (stopped late) → red "melewati batas";
 * not started → a dim dash.
 */
export function clockCell(view: ClockView, now: Date, lang: Lang, color: Palette): string {
  const remaining = view.remainingMs ?? (view.dueAt === null ? null : Date.parse(view.dueAt) - now.getTime());
  switch (view.state) {
    case 'not_started':
      return color.dim('–');
    case 'met':
      return color.green(t(lang, 'clockState.met'));
    case 'breached':
      return color.red(t(lang, 'clockState.breached'));
    case 'running':
      return remaining === null ? color.dim('–') : deadlinePhrase(remaining, lang);
    case 'due_soon':
      return remaining === null ? color.yellow(t(lang, 'clockState.due_soon')) : color.yellow(deadlinePhrase(remaining, lang));
    case 'overdue':
      return remaining === null ? color.red(t(lang, 'clockState.overdue')) : color.red(deadlinePhrase(remaining, lang));
  }
}
