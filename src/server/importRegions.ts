// The locations of a case (province, regency, district, village, regionCode) matched against the gazetteer
// (domain/regions.ts), for the import's rows and for intake alike: an empty regionCode is filled with the code
// of the most specific area the names identify; the names and a given code are kept as written. A location
// that matches nothing, or several areas, or a code that is unknown or off the names' path, never refuses a
// row (locations are optional): it is a warning of the import's summary, with what it may have meant.

import { F, type ImportValue } from '../domain/csv/rules.js';
import type { LocationWarning } from '../domain/csv/wire.js';
import { matchLocation, type Gazetteer, type LocationInput, type LocationMatch } from '../domain/regions.js';

/** Distinct locations remembered (a file names a few thousand places; the memo stops growing past this). */
const MAX_MEMO = 200_000;
/** Distinct warnings listed in a summary. */
const MAX_WARNINGS = 1000;

const text = (v: ImportValue | undefined): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** One resolver of locations, with what it warned about (per distinct value, with the rows naming it). */
export class RegionCheck {
  private readonly memo = new Map<string, LocationMatch>();
  private readonly warned = new Map<string, LocationWarning>();

  constructor(private readonly gazetteer: Gazetteer) {}

  /** The match of a location, remembered by its five values. */
  match(input: LocationInput): LocationMatch {
    const id = [input.province, input.regency, input.district, input.village, input.regionCode].map((v) => v ?? '').join('\u0000');
    let m = this.memo.get(id);
    if (m === undefined) {
      m = matchLocation(this.gazetteer, input);
      if (this.memo.size < MAX_MEMO) this.memo.set(id, m);
    }
    return m;
  }

  /** Fills an import row's empty regionCode from its names and notes its warnings. */
  fillRow(v: ImportValue[], line: number): void {
    const input: LocationInput = {
      province: text(v[F.province]),
      regency: text(v[F.regency]),
      district: text(v[F.district]),
      village: text(v[F.village]),
      regionCode: text(v[F.regionCode]),
    };
    if (!input.province && !input.regency && !input.district && !input.village && !input.regionCode) return;
    const m = this.match(input);
    if (input.regionCode === null && m.code !== null) v[F.regionCode] = m.code;
    for (const issue of m.issues) {
      const key = `${issue.field}\u0000${issue.code}\u0000${issue.value}`;
      const seen = this.warned.get(key);
      if (seen) seen.rows += 1;
      else if (this.warned.size < MAX_WARNINGS) this.warned.set(key, { ...issue, rows: 1, line });
    }
  }

  /** The warnings, in the order of their first line. */
  warnings(): LocationWarning[] {
    return [...this.warned.values()].sort((a, b) => a.line - b.line);
  }
}
