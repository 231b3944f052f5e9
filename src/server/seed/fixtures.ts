// Typed, validated readers for the reference data in the package's fixtures/ folder. The folder sits three
// levels above this module both in the sources (src/server/seed/*.ts) and in the build (dist/server/seed/*.js).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { CalendarDaySchema, CategorySchema, ChannelSchema, InstitutionSchema } from '../../domain/schemas.js';
import { NewTemplateSchema, type NewTemplate } from '../../domain/templates.js';
import { ARCHIVE_REASONS } from '../../domain/types.js';
import type { CalendarDay, Category, Channel, Institution } from '../../domain/types.js';

export function fixturesDir(): string {
  return fileURLToPath(new URL('../../../fixtures/', import.meta.url));
}

export const SeedChannelSchema = ChannelSchema.extend({ share: z.number().min(0) });
export type SeedChannel = Channel & { share: number };

const nonEmptyStrings = z.array(z.string().min(1)).min(1);

export const CategoryTextsSchema = z.object({
  titles: nonEmptyStrings,
  bodies: nonEmptyStrings,
  details: nonEmptyStrings,
});

export const TextsSchema = z.object({
  categories: z.record(z.string(), CategoryTextsSchema),
  places: nonEmptyStrings,
  placesByRegency: z.record(z.string(), nonEmptyStrings).default({}),
  firstNames: nonEmptyStrings,
  lastNames: nonEmptyStrings,
  reporterReplies: nonEmptyStrings,
  responses: nonEmptyStrings,
  archiveReasons: z.record(z.enum(ARCHIVE_REASONS), z.string().min(1)),
});
export type Texts = z.infer<typeof TextsSchema>;

export const RegionSchema = z.strictObject({
  code: z.string().regex(/^\d{2,13}$/),
  name: z.string().min(1),
  institutionId: z.string().min(1),
  districts: nonEmptyStrings,
});
export type Region = z.infer<typeof RegionSchema>;

export class FixtureError extends Error {}

function readJson<T>(file: string, schema: z.ZodType<T>, dir: string): T {
  const path = join(dir, file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new FixtureError(`cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new FixtureError(`${path}: ${first ? `${first.path.join('.')}: ${first.message}` : 'invalid'}`);
  }
  return parsed.data;
}

function uniqueIds<T>(items: T[], key: (item: T) => string, file: string): T[] {
  const seen = new Set<string>();
  for (const item of items) {
    const id = key(item);
    if (seen.has(id)) throw new FixtureError(`${file}: duplicate id ${id}`);
    seen.add(id);
  }
  return items;
}

export function readInstitutions(dir = fixturesDir()): Institution[] {
  return uniqueIds(readJson('institutions.json', z.array(InstitutionSchema), dir), (i) => i.id, 'institutions.json');
}

export function readCategories(dir = fixturesDir()): Category[] {
  return uniqueIds(readJson('categories.json', z.array(CategorySchema), dir), (c) => c.id, 'categories.json');
}

export function readChannels(dir = fixturesDir()): SeedChannel[] {
  return uniqueIds(readJson('channels.json', z.array(SeedChannelSchema), dir), (c) => c.id, 'channels.json');
}

export function readCalendar(dir = fixturesDir()): CalendarDay[] {
  return uniqueIds(readJson('calendar.json', z.array(CalendarDaySchema), dir), (d) => d.date, 'calendar.json');
}

export function readTexts(dir = fixturesDir()): Texts {
  return readJson('texts.json', TextsSchema, dir);
}

export function readRegions(dir = fixturesDir()): Region[] {
  return uniqueIds(readJson('regions.json', z.array(RegionSchema), dir), (r) => r.code, 'regions.json');
}

/** The answer templates a seeded database starts with (#20): national ones and one institution's own. */
export function readTemplates(dir = fixturesDir()): NewTemplate[] {
  return readJson('templates.json', z.array(NewTemplateSchema), dir);
}

export interface ReferenceFixtures {
  institutions: Institution[];
  categories: Category[];
  channels: SeedChannel[];
  calendar: CalendarDay[];
  texts: Texts;
  regions: Region[];
}

export function readAllFixtures(dir = fixturesDir()): ReferenceFixtures {
  return {
    institutions: readInstitutions(dir),
    categories: readCategories(dir),
    channels: readChannels(dir),
    calendar: readCalendar(dir),
    texts: readTexts(dir),
    regions: readRegions(dir),
  };
}
