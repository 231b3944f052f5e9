// Time zones for output: an IANA name (Asia/Makassar, America/New_York, with daylight-saving time), an
// Indonesian abbreviation (WIB, WITA, WIT), UTC, or a fixed offset (+08:00). An instant is shown in a zone as
// local time with its offset (2023-08-06T09:15:00.000+08:00), and a spreadsheet date in that zone is the local
// wall-clock time (spreadsheets have no zones).

import { offsetAt, resolveZone } from '../domain/csv/values.js';

export interface OutputZone {
  /** As the user wrote it (for messages). */
  name: string;
  /** Minutes east of UTC at the instant `ms`. */
  offsetMinutes(ms: number): number;
}

/** The zone, or null when the text names none (the import's zone names: domain/csv/values.ts#resolveZone). */
export function parseOutputZone(text: string): OutputZone | null {
  const trimmed = text.trim();
  const zone = resolveZone(trimmed.toUpperCase() === 'Z' ? 'UTC' : trimmed);
  if (zone === undefined) return null;
  const { timeZone, offsetMinutes } = zone;
  if (timeZone === undefined) return { name: text, offsetMinutes: () => offsetMinutes };
  // offsets change at most at quarter hours: one look-up per quarter hour seen
  const cache = new Map<number, number>();
  return {
    name: text,
    offsetMinutes(ms: number): number {
      const bucket = Math.floor(ms / 900_000);
      let offset = cache.get(bucket);
      if (offset === undefined) {
        offset = offsetAt(bucket * 900_000, timeZone);
        if (cache.size > 200_000) cache.clear();
        cache.set(bucket, offset);
      }
      return offset;
    },
  };
}

/** ±HH:MM for an offset in minutes. */
export function fmtOffsetMinutes(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** An instant (ms) as local time in the zone with its offset: 2023-08-06T09:15:00.000+08:00. */
export function fmtInstantInZone(ms: number, zone: OutputZone): string {
  const offset = zone.offsetMinutes(ms);
  return `${new Date(ms + offset * 60_000).toISOString().slice(0, 23)}${fmtOffsetMinutes(offset)}`;
}
