// Time zones for output: an IANA name (Asia/Makassar, America/New_York, with daylight-saving time), an
// Indonesian abbreviation (WIB, WITA, WIT), UTC, or a fixed offset (+08:00). An instant is shown in a zone as
// local time with its offset (2023-08-06T09:15:00.000+08:00), and a spreadsheet date in that zone is the local
// wall-clock time (spreadsheets have no zones).

export interface OutputZone {
  /** As the user wrote it (for messages). */
  name: string;
  /** Minutes east of UTC at the instant `ms`. */
  offsetMinutes(ms: number): number;
}

const ABBREVIATIONS: Record<string, number> = { WIB: 420, WITA: 480, WIT: 540, UTC: 0, Z: 0 };

function fixed(name: string, minutes: number): OutputZone {
  return { name, offsetMinutes: () => minutes };
}

/** The zone, or null when the text names none. */
export function parseOutputZone(text: string): OutputZone | null {
  const upper = text.trim().toUpperCase();
  if (upper in ABBREVIATIONS) return fixed(text, ABBREVIATIONS[upper]);
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(text.trim());
  if (m) {
    const minutes = Number(m[2]) * 60 + Number(m[3]);
    return Number(m[2]) > 14 || Number(m[3]) > 59 ? null : fixed(text, (m[1] === '-' ? -1 : 1) * minutes);
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: text.trim(),
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return null;
  }
  // offsets change at most at quarter hours: one Intl call per quarter hour seen
  const cache = new Map<number, number>();
  return {
    name: text,
    offsetMinutes(ms: number): number {
      const bucket = Math.floor(ms / 900_000);
      let offset = cache.get(bucket);
      if (offset === undefined) {
        const at = bucket * 900_000;
        const p = Object.fromEntries(format.formatToParts(new Date(at)).map((x) => [x.type, x.value]));
        const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
        offset = Math.round((wall - at) / 60_000);
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
