// Loads the reference data (institution and category trees, channels, the holiday calendar) into the
// database. Every table is upserted with one multi-row statement (unnest over parameter arrays), parents
// before children, so running it again is a no-op and running it after a fixture change updates rows in place.

import { computePaths } from '../../domain/trees.js';
import type { CalendarDay, Category, Channel, Institution } from '../../domain/types.js';
import type { Db, Queryable } from '../db/driver.js';
import { readCalendar, readCategories, readChannels, readInstitutions } from './fixtures.js';

export interface ReferenceData {
  institutions: readonly Institution[];
  categories: readonly Category[];
  channels: readonly Channel[];
  calendarDays: readonly CalendarDay[];
}

export interface ReferenceCounts {
  institutions: number;
  categories: number;
  channels: number;
  calendarDays: number;
}

/** Nodes in parent-before-child order, each with its materialised path. */
function withPaths<T extends { id: string; parentId: string | null }>(nodes: readonly T[]): { node: T; path: string }[] {
  const paths = computePaths(nodes);
  return nodes
    .map((node) => ({ node, path: paths.get(node.id) ?? '' }))
    .sort((a, b) => depth(a.path) - depth(b.path) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function depth(path: string): number {
  let n = 0;
  for (let i = 0; i < path.length; i += 1) if (path.charCodeAt(i) === 47) n += 1;
  return n;
}

async function upsertInstitutions(q: Queryable, institutions: readonly Institution[]): Promise<number> {
  if (institutions.length === 0) return 0;
  const rows = withPaths(institutions);
  await q.query(
    `INSERT INTO institutions (id, parent_id, name, level, active, path)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[])
     ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name, level = excluded.level,
       active = excluded.active, path = excluded.path`,
    [
      rows.map((r) => r.node.id),
      rows.map((r) => r.node.parentId),
      rows.map((r) => r.node.name),
      rows.map((r) => r.node.level),
      rows.map((r) => r.node.active),
      rows.map((r) => r.path),
    ],
  );
  return rows.length;
}

async function upsertCategories(q: Queryable, categories: readonly Category[]): Promise<number> {
  if (categories.length === 0) return 0;
  const rows = withPaths(categories);
  await q.query(
    `INSERT INTO categories (id, parent_id, name, name_en, institution_hint, path)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
     ON CONFLICT (id) DO UPDATE SET parent_id = excluded.parent_id, name = excluded.name, name_en = excluded.name_en,
       institution_hint = excluded.institution_hint, path = excluded.path`,
    [
      rows.map((r) => r.node.id),
      rows.map((r) => r.node.parentId),
      rows.map((r) => r.node.name),
      rows.map((r) => r.node.nameEn),
      rows.map((r) => r.node.institutionHint),
      rows.map((r) => r.path),
    ],
  );
  return rows.length;
}

async function upsertChannels(q: Queryable, channels: readonly Channel[]): Promise<number> {
  if (channels.length === 0) return 0;
  await q.query(
    `INSERT INTO channels (id, name, name_en)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, name_en = excluded.name_en`,
    [channels.map((c) => c.id), channels.map((c) => c.name), channels.map((c) => c.nameEn)],
  );
  return channels.length;
}

async function upsertCalendar(q: Queryable, days: readonly CalendarDay[]): Promise<number> {
  if (days.length === 0) return 0;
  await q.query(
    `INSERT INTO calendar_days (date, kind, name)
     SELECT * FROM unnest($1::date[], $2::text[], $3::text[])
     ON CONFLICT (date) DO UPDATE SET kind = excluded.kind, name = excluded.name`,
    [days.map((d) => d.date), days.map((d) => d.kind), days.map((d) => d.name)],
  );
  return days.length;
}

/**
 * Upserts the reference data, by default from the package's fixtures. Idempotent; one transaction.
 * Rows that are not in `data` are left alone (nothing is deleted).
 */
export async function loadReferenceData(db: Db, data: Partial<ReferenceData> = {}): Promise<ReferenceCounts> {
  const institutions = data.institutions ?? readInstitutions();
  const categories = data.categories ?? readCategories();
  const channels = (data.channels ?? readChannels()).map((c) => ({ id: c.id, name: c.name, nameEn: c.nameEn }));
  const calendarDays = data.calendarDays ?? readCalendar();
  return db.transaction(async (tx) => ({
    institutions: await upsertInstitutions(tx, institutions),
    categories: await upsertCategories(tx, categories),
    channels: await upsertChannels(tx, channels),
    calendarDays: await upsertCalendar(tx, calendarDays),
  }));
}
