// The aliases of institution and category names (domain/aliases.ts): listed by anyone, added and removed by
// national admins. An addition is checked against the names and aliases inside its transaction, under a lock
// of the alias table, so two concurrent additions never make one name mean two entries; a batch (an alias
// file) is all or nothing. Imports read the aliases with the reference data (importRows.ts References.load).

import { aliasConflict, aliasKey, type Alias, type AliasKind, type NewAliases, type NewAliasesResponse } from '../domain/aliases.js';
import type { Actor } from '../domain/types.js';
import type { Db } from './db/driver.js';
import { about, ProblemError } from './problem.js';
import { iso } from './store.js';

export const ALIAS_TABLES: Record<AliasKind, string> = { institutions: 'institution_aliases', categories: 'category_aliases' };

export async function listAliases(db: Db, kind: AliasKind): Promise<Alias[]> {
  const rows = await db.query<{ alias: string; target_id: string; created_by: string | null; created_at: unknown }>(
    `SELECT alias, target_id, created_by, created_at FROM ${ALIAS_TABLES[kind]} ORDER BY target_id, folded`,
  );
  return rows.map((r) => ({ alias: r.alias, targetId: r.target_id, createdBy: r.created_by, createdAt: iso(r.created_at) as string }));
}

interface Entry {
  id: string;
  name: string;
  names: string[];
}

export async function addAliases(db: Db, kind: AliasKind, body: NewAliases, actor: Actor): Promise<NewAliasesResponse> {
  const table = ALIAS_TABLES[kind];
  return db.transaction(async (tx) => {
    await tx.query(`LOCK TABLE ${table} IN SHARE ROW EXCLUSIVE MODE`);
    const rows = await tx.query<{ id: string; name: string; name_en?: string | null }>(
      kind === 'institutions' ? 'SELECT id, name FROM institutions' : 'SELECT id, name, name_en FROM categories',
    );
    const entries = new Map<string, Entry>(rows.map((r) => [r.id, { id: r.id, name: r.name, names: r.name_en ? [r.name, r.name_en] : [r.name] }]));
    const stored = await tx.query<{ folded: string; alias: string; target_id: string }>(`SELECT folded, alias, target_id FROM ${table}`);
    const byKey = new Map(stored.map((a) => [a.folded, a.target_id]));
    for (const a of stored) entries.get(a.target_id)?.names.push(a.alias);
    const out: NewAliasesResponse['items'] = [];
    const fresh: { folded: string; alias: string; targetId: string }[] = [];
    for (const item of body.items) {
      const alias = item.alias.trim();
      const target = entries.get(item.targetId);
      if (target === undefined) {
        throw new ProblemError(422, 'unprocessable', `alias "${alias}": ${item.targetId} does not exist`, [{ field: 'targetId', message: 'unknown' }], undefined,
          about('alias-target-unknown', { alias, targetId: item.targetId }));
      }
      const folded = aliasKey(alias);
      const other = aliasConflict(alias, item.targetId, [...entries.values()], (e) => e.names);
      const taken = byKey.get(folded);
      if (other !== null || (taken !== undefined && taken !== item.targetId)) {
        const names = other?.id ?? (taken as string);
        throw new ProblemError(409, 'conflict', `"${alias}" already names ${names}`, undefined, undefined, about('alias-names-other', { alias, targetId: names }));
      }
      if (taken === item.targetId) {
        out.push({ alias, targetId: item.targetId, outcome: 'unchanged' });
        continue;
      }
      byKey.set(folded, item.targetId);
      target.names.push(alias);
      fresh.push({ folded, alias, targetId: item.targetId });
      out.push({ alias, targetId: item.targetId, outcome: 'created' });
    }
    if (fresh.length > 0) {
      await tx.query(
        `INSERT INTO ${table} (folded, alias, target_id, created_by) SELECT f, a, t, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS v(f, a, t)`,
        [fresh.map((f) => f.folded), fresh.map((f) => f.alias), fresh.map((f) => f.targetId), actor.name],
      );
    }
    return { items: out };
  });
}

export async function removeAlias(db: Db, kind: AliasKind, alias: string): Promise<{ alias: string; targetId: string }> {
  const rows = await db.query<{ alias: string; target_id: string }>(`DELETE FROM ${ALIAS_TABLES[kind]} WHERE folded = $1 RETURNING alias, target_id`, [aliasKey(alias)]);
  if (rows.length === 0) throw new ProblemError(404, 'not-found', `no alias "${alias}"`, undefined, undefined, about('alias-not-found', { alias }));
  return { alias: rows[0].alias, targetId: rows[0].target_id };
}
