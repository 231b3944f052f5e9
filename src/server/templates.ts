// Answer templates and the review setting of institutions (#20; domain/templates.ts). A template is defined
// at an institution (or nationally) and seen by that institution's subtree: a token sees the definitions on
// its root's ancestry (those it inherits) and those inside its subtree (those it manages). National admins
// manage every definition, institution admins those inside their subtree; liaisons read. The nearest
// definition of a name wins where several are visible (nearestDefinition). Reads of the ancestry come from
// the institutions table on each request, so every API instance answers alike.

import {
  type NewTemplate,
  nearestDefinition,
  parseTemplate,
  type Template,
  type TemplatePatch,
} from '../domain/templates.js';
import { isWithinPath } from '../domain/trees.js';
import type { Actor } from '../domain/types.js';
import type { Db, Queryable } from './db/driver.js';
import { about, ProblemError } from './problem.js';
import { iso } from './store.js';

type TemplateRow = {
  name: string;
  institution_id: string | null;
  description: string | null;
  body: string;
  updated_by: string;
  updated_at: unknown;
};

const COLUMNS = 'name, institution_id, description, body, updated_by, updated_at';

function toTemplate(r: TemplateRow): Template {
  const parsed = parseTemplate(r.body);
  return {
    name: r.name,
    institutionId: r.institution_id,
    description: r.description,
    body: r.body,
    variables: parsed.ok ? parsed.variables : [],
    updatedBy: r.updated_by,
    updatedAt: iso(r.updated_at) as string,
  };
}

/** The ancestry of an institution, root first, itself last; null when it does not exist. */
async function chainOf(db: Queryable, id: string): Promise<{ chain: string[]; path: string } | null> {
  const rows = await db.query<{ path: string }>('SELECT path FROM institutions WHERE id = $1', [id]);
  if (rows.length === 0) return null;
  return { chain: rows[0].path.split('/').filter((p) => p !== ''), path: rows[0].path };
}

function unknownInstitution(id: string): ProblemError {
  return new ProblemError(400, 'validation', `unknown institution ${id}`, [{ field: 'institution', message: 'unknown institution', code: 'unknown_institution' }], undefined,
    about('unknown-institution', { institutionId: id }));
}

function outsideScope(id: string): ProblemError {
  return new ProblemError(422, 'unprocessable', `institution ${id} is outside your institution's subtree`, [{ field: 'institution', message: 'outside your scope' }], undefined,
    about('institution-outside-scope', { institutionId: id }));
}

function notFound(name: string): ProblemError {
  return new ProblemError(404, 'not-found', `template ${name} not found`, undefined, undefined, about('template-not-found', { name }));
}

/** An institution the actor may name (inside its subtree; a national token may name every institution). Returns its ancestry. */
async function inScope(db: Queryable, actor: Actor, id: string): Promise<string[]> {
  const found = await chainOf(db, id);
  if (found === null) throw unknownInstitution(id);
  if (actor.institutionId !== null && !found.chain.includes(actor.institutionId)) throw outsideScope(id);
  return found.chain;
}

/** Where a write lands: the named institution (in scope), else the token's own (national tokens: national, null). */
async function writeScope(db: Queryable, actor: Actor, institution: string | null | undefined): Promise<string | null> {
  if (institution === undefined) return actor.institutionId;
  if (institution === null) {
    if (actor.institutionId !== null) throw outsideScope('national');
    return null;
  }
  await inScope(db, actor, institution);
  return institution;
}

function checkBody(name: string, body: string): void {
  const parsed = parseTemplate(body);
  if (!parsed.ok) {
    const { kind, offset, near } = parsed.error;
    const message = kind === 'unclosed' ? `"{{" at ${offset} is never closed` : `"${near}" at ${offset} is not a variable (lower-case letters, digits, _)`;
    throw new ProblemError(422, 'unprocessable', `template ${name}: ${message}`, [{ field: 'body', message }], undefined, about('template-invalid', { name }));
  }
}

/**
 * Without `institution`: every definition the token may see (its ancestry's and its subtree's; national:
 * all). With it: the templates visible there, the nearest definition of each name.
 */
export async function listTemplates(db: Db, actor: Actor, institution?: string): Promise<Template[]> {
  if (institution !== undefined) {
    const chain = await inScope(db, actor, institution);
    const rows = await db.query<TemplateRow>(
      `SELECT ${COLUMNS} FROM answer_templates WHERE institution_id IS NULL OR institution_id = ANY($1::text[]) ORDER BY name, scope`,
      [chain],
    );
    const byName = new Map<string, TemplateRow[]>();
    for (const r of rows) byName.set(r.name, [...(byName.get(r.name) ?? []), r]);
    return [...byName.values()].map((defs) => toTemplate(nearestDefinition(defs.map((d) => ({ ...d, institutionId: d.institution_id })), chain)!));
  }
  if (actor.institutionId === null) {
    return (await db.query<TemplateRow>(`SELECT ${COLUMNS} FROM answer_templates ORDER BY name, scope`)).map(toTemplate);
  }
  const own = await chainOf(db, actor.institutionId);
  if (own === null) return [];
  const rows = await db.query<TemplateRow>(
    `SELECT t.name, t.institution_id, t.description, t.body, t.updated_by, t.updated_at FROM answer_templates t
       LEFT JOIN institutions i ON i.id = t.institution_id
     WHERE t.institution_id IS NULL OR t.institution_id = ANY($1::text[]) OR starts_with(i.path, $2)
     ORDER BY t.name, t.scope`,
    [own.chain, own.path],
  );
  return rows.map(toTemplate);
}

/** The definition of `name` visible at `institution` (default: the token's own; national tokens: national). */
export async function showTemplate(db: Db, actor: Actor, name: string, institution?: string): Promise<Template> {
  const at = institution ?? actor.institutionId;
  const chain = at === null ? [] : await inScope(db, actor, at);
  const rows = await db.query<TemplateRow>(
    `SELECT ${COLUMNS} FROM answer_templates WHERE name = $1 AND (institution_id IS NULL OR institution_id = ANY($2::text[]))`,
    [name, chain],
  );
  const best = nearestDefinition(rows.map((r) => ({ ...r, institutionId: r.institution_id })), chain);
  if (best === null) throw notFound(name);
  return toTemplate(best);
}

export async function createTemplate(db: Db, actor: Actor, input: NewTemplate): Promise<Template> {
  checkBody(input.name, input.body);
  return db.transaction(async (tx) => {
    const at = await writeScope(tx, actor, input.institutionId);
    const rows = await tx.query<TemplateRow>(
      `INSERT INTO answer_templates (scope, name, institution_id, description, body, updated_by, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, now()) ON CONFLICT (scope, name) DO NOTHING RETURNING ${COLUMNS}`,
      [at ?? '', input.name, at, input.description ?? null, input.body, actor.name],
    );
    if (rows.length === 0) {
      throw new ProblemError(409, 'conflict', `template ${input.name} already exists at ${at ?? 'national'}`, undefined, undefined, about('template-exists', { name: input.name }));
    }
    return toTemplate(rows[0]);
  });
}

export async function editTemplate(db: Db, actor: Actor, name: string, institution: string | undefined, patch: TemplatePatch): Promise<Template> {
  if (patch.body !== undefined) checkBody(name, patch.body);
  return db.transaction(async (tx) => {
    const at = await writeScope(tx, actor, institution);
    const rows = await tx.query<TemplateRow>(
      `UPDATE answer_templates SET body = COALESCE($3, body), description = CASE WHEN $4 THEN $5 ELSE description END,
         updated_by = $6, updated_at = now()
       WHERE scope = $1 AND name = $2 RETURNING ${COLUMNS}`,
      [at ?? '', name, patch.body ?? null, patch.description !== undefined, patch.description ?? null, actor.name],
    );
    if (rows.length === 0) throw notFound(name);
    return toTemplate(rows[0]);
  });
}

export async function removeTemplate(db: Db, actor: Actor, name: string, institution: string | undefined): Promise<Template> {
  return db.transaction(async (tx) => {
    const at = await writeScope(tx, actor, institution);
    const rows = await tx.query<TemplateRow>(`DELETE FROM answer_templates WHERE scope = $1 AND name = $2 RETURNING ${COLUMNS}`, [at ?? '', name]);
    if (rows.length === 0) throw notFound(name);
    return toTemplate(rows[0]);
  });
}

/** A file of templates, all or none: each checked and placed as a single add would be; existing ones only with `update`. */
export async function importTemplates(
  db: Db,
  actor: Actor,
  input: { items: NewTemplate[]; update: boolean },
): Promise<{ items: { name: string; institutionId: string | null; outcome: 'created' | 'updated' | 'unchanged' }[] }> {
  for (const item of input.items) checkBody(item.name, item.body);
  return db.transaction(async (tx) => {
    const out: { name: string; institutionId: string | null; outcome: 'created' | 'updated' | 'unchanged' }[] = [];
    const seen = new Set<string>();
    for (const item of input.items) {
      const at = await writeScope(tx, actor, item.institutionId);
      const key = `${at ?? ''}\u0000${item.name}`;
      if (seen.has(key)) {
        throw new ProblemError(409, 'conflict', `template ${item.name} is twice in the file for ${at ?? 'national'}`, undefined, undefined, about('template-exists', { name: item.name }));
      }
      seen.add(key);
      const old = await tx.query<TemplateRow>(`SELECT ${COLUMNS} FROM answer_templates WHERE scope = $1 AND name = $2 FOR UPDATE`, [at ?? '', item.name]);
      const description = item.description ?? null;
      if (old.length > 0 && old[0].body === item.body && old[0].description === description) {
        out.push({ name: item.name, institutionId: at, outcome: 'unchanged' });
        continue;
      }
      if (old.length > 0 && !input.update) {
        throw new ProblemError(409, 'conflict', `template ${item.name} already exists at ${at ?? 'national'}`, undefined, undefined, about('template-exists', { name: item.name }));
      }
      await tx.query(
        `INSERT INTO answer_templates (scope, name, institution_id, description, body, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, now())
         ON CONFLICT (scope, name) DO UPDATE SET description = EXCLUDED.description, body = EXCLUDED.body,
           updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
        [at ?? '', item.name, at, description, item.body, actor.name],
      );
      out.push({ name: item.name, institutionId: at, outcome: old.length > 0 ? 'updated' : 'created' });
    }
    return { items: out };
  });
}

/** The templates a seeded database starts with; a definition already there is left as it is. */
export async function seedTemplates(db: Db, items: readonly NewTemplate[]): Promise<void> {
  for (const item of items) checkBody(item.name, item.body);
  await db.query(
    `INSERT INTO answer_templates (scope, name, institution_id, description, body, updated_by, updated_at)
     SELECT COALESCE(i, ''), n, i, d, b, 'seed', now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS v(n, i, d, b)
     ON CONFLICT (scope, name) DO NOTHING`,
    [items.map((t) => t.name), items.map((t) => t.institutionId ?? null), items.map((t) => t.description ?? null), items.map((t) => t.body)],
  );
}

// ---- the review setting ----------------------------------------------------------------------------------

/** The institutions that require review, of those the token may see (national: all). */
export async function listReviewInstitutions(db: Db, actor: Actor): Promise<{ institutionId: string; reviewReplies: boolean }[]> {
  const rows = await db.query<{ institution_id: string; path: string }>(
    'SELECT r.institution_id, i.path FROM institution_review r JOIN institutions i ON i.id = r.institution_id ORDER BY r.institution_id',
  );
  let root: string | null = null;
  if (actor.institutionId !== null) root = (await chainOf(db, actor.institutionId))?.path ?? '\u0000';
  return rows.filter((r) => root === null || isWithinPath(r.path, root)).map((r) => ({ institutionId: r.institution_id, reviewReplies: true }));
}

/** Sets whether an institution's liaisons' follow-ups wait for review (national admins anywhere, institution admins in their subtree). */
export async function setReview(db: Db, actor: Actor, institutionId: string, reviewReplies: boolean): Promise<{ institutionId: string; reviewReplies: boolean }> {
  return db.transaction(async (tx) => {
    await inScope(tx, actor, institutionId);
    if (reviewReplies) {
      await tx.query(
        'INSERT INTO institution_review (institution_id, set_by, set_at) VALUES ($1, $2, now()) ON CONFLICT (institution_id) DO NOTHING',
        [institutionId, actor.name],
      );
    } else {
      await tx.query('DELETE FROM institution_review WHERE institution_id = $1', [institutionId]);
    }
    return { institutionId, reviewReplies };
  });
}
