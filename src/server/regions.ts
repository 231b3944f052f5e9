// The region gazetteer of the server: the official areas of idn-area-data (3.x, Kemendagri codes, CSV files
// next to the package), read once per process on first use and kept (~84,000 villages: see the README for
// its load time and memory). Only the server reads it (case import and intake), never the CLI's start.
//
// The 3.x CSV files have three columns (code, parent code, name) and no quoting: a name's commas were
// replaced by spaces and its apostrophes written as `"` (Soka"an), so a line is split at its first two
// commas and the name kept as it is (foldName treats the `"` as the apostrophe it stands for).

import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { Gazetteer, matchLocation, type AreaRow, type LocationInput, type RegionLevel } from '../domain/regions.js';

const FILES: Record<RegionLevel, string> = { province: 'provinces.csv', regency: 'regencies.csv', district: 'districts.csv', village: 'villages.csv' };

/** The directory of the package's CSV files. */
export function regionDataDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('idn-area-data/package.json')), 'data');
}

/** The rows of one file, read line by line. */
async function readAreas(path: string, hasParent: boolean): Promise<AreaRow[]> {
  const rows: AreaRow[] = [];
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let header = true;
  for await (const line of lines) {
    if (header || line === '') {
      header = false;
      continue;
    }
    const first = line.indexOf(',');
    const second = hasParent ? line.indexOf(',', first + 1) : first;
    if (first < 0 || second < 0) throw new Error(`${path}: not "code,${hasParent ? 'parent,' : ''}name": ${line}`);
    rows.push({ code: line.slice(0, first), parent: hasParent ? line.slice(first + 1, second) : null, name: line.slice(second + 1).trim() });
  }
  return rows;
}

/** Reads the four files of `dir` into a gazetteer. */
export async function loadGazetteer(dir = regionDataDir()): Promise<Gazetteer> {
  const [province, regency, district, village] = await Promise.all(
    (['province', 'regency', 'district', 'village'] as const).map((level) => readAreas(join(dir, FILES[level]), level !== 'province')),
  );
  return new Gazetteer({ province, regency, district, village });
}

let loaded: Promise<Gazetteer> | null = null;

/** The process's gazetteer, read on the first call (a failed read is retried on the next). */
export function regionGazetteer(): Promise<Gazetteer> {
  if (loaded === null) {
    loaded = loadGazetteer();
    loaded.catch(() => {
      loaded = null;
    });
  }
  return loaded;
}

/**
 * The region code intake keeps for a new case: the one it was sent (kept as sent), else the code of the most
 * specific area its names identify, or null (the gazetteer is read only when there are names to match).
 */
export async function intakeRegionCode(input: LocationInput): Promise<string | null> {
  if (input.regionCode) return input.regionCode;
  if (!input.province && !input.regency && !input.district && !input.village) return null;
  return matchLocation(await regionGazetteer(), input).code;
}
