// The tracking ID the server assigns: LPR-YYYY-NNNNNNN (the year of intake, a 7-digit sequence within it).
// Cases imported from elsewhere keep their own IDs verbatim, so only what reads as this form is normalised.
// Pure: the server formats with it, the CLI normalises what people type with it.

export const TRACKING_ID_PREFIX = 'LPR';
export const TRACKING_ID_DIGITS = 7;

/** LPR-YYYY-NNNNNNN for a year and its sequence number. */
export function formatTrackingId(year: number, seq: number): string {
  return `${TRACKING_ID_PREFIX}-${year}-${String(seq).padStart(TRACKING_ID_DIGITS, '0')}`;
}

/** LPR, the year, the sequence: in any letter case, with or without dashes (or spaces, underscores, dots). */
const TYPED = new RegExp(`^${TRACKING_ID_PREFIX}[-_. ]?(\\d{4})[-_. ]?(\\d{${TRACKING_ID_DIGITS}})$`, 'i');

/**
 * A tracking ID as typed, in its canonical form: `lpr20260003536`, `lpr-2026-0003536` → `LPR-2026-0003536`.
 * Anything else (an imported case's own ID) is kept as typed, trimmed.
 */
export function normaliseTrackingId(typed: string): string {
  const trimmed = typed.trim();
  const m = TYPED.exec(trimmed);
  return m === null ? trimmed : `${TRACKING_ID_PREFIX}-${m[1]}-${m[2]}`;
}
