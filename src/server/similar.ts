// `cases similar`: likely duplicates of a case — same category and regency (or both unknown), submitted within
// a window around it, ranked by title similarity. With pg_trgm (PostgreSQL where the extension could be
// created: migration 9) the database scores with similarity(); without it (PGlite) the server scores the
// nearest SIMILAR_CANDIDATES in time with the same measure (domain/similarity.ts). Both read through the
// store's one scope rule, so a suggestion is never a case the caller could not open.

import { SIMILAR_CANDIDATES, SIMILARITY_THRESHOLD, trigramSimilarity } from '../domain/similarity.js';
import { canSee } from '../domain/actions.js';
import type { SimilarResponse } from '../domain/schemas.js';
import type { Actor, Status } from '../domain/types.js';
import type { Queryable } from './db/driver.js';
import { iso, type Store } from './store.js';

/** Whether the database has pg_trgm (asked once per database handle). */
const TRGM = new WeakMap<object, Promise<boolean>>();

export function hasTrigram(q: Queryable): Promise<boolean> {
  let known = TRGM.get(q);
  if (known === undefined) {
    known = q.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_extension WHERE extname = 'pg_trgm'`).then((r) => r[0].n > 0);
    TRGM.set(q, known);
  }
  return known;
}

type Row = { tracking_id: string; title: string; status: Status; institution_id: string | null; submitted_at: unknown; version: number; confidential: boolean; score?: number };

export async function similarCases(
  store: Store,
  trackingId: string,
  actor: Actor,
  opts: { days: number; limit: number; method?: 'trigram' | 'jaccard' },
): Promise<SimilarResponse> {
  await store.getCase(trackingId, actor); // the caller may read it (404 alike when missing or out of scope)
  // the subject's own title, unredacted, is read for the comparison only; it is not returned
  const [subject] = await store.db.query<{ title: string; category_id: string | null; regency: string | null; submitted_at: unknown }>(
    `SELECT title, category_id, regency, (submitted_at AT TIME ZONE 'UTC')::text AS submitted_at FROM cases WHERE tracking_id = $1`,
    [trackingId],
  );
  const method = opts.method ?? ((await hasTrigram(store.db)) ? 'trigram' : 'jaccard');
  const params: unknown[] = [trackingId, subject.category_id, subject.regency, iso(subject.submitted_at), `${opts.days} days`];
  const where = [
    'c.tracking_id <> $1',
    'c.category_id IS NOT DISTINCT FROM $2',
    'c.regency IS NOT DISTINCT FROM $3',
    'c.submitted_at BETWEEN $4::timestamptz - $5::interval AND $4::timestamptz + $5::interval',
    // a duplicate is suggested through its original, never itself
    'c.tracking_id NOT IN (SELECT tracking_id FROM case_links)',
  ];
  const scope = store.readScope(actor, params);
  if (scope) where.push(scope);
  const cols = `c.tracking_id, c.title, c.status, c.institution_id, (c.submitted_at AT TIME ZONE 'UTC')::text AS submitted_at, c.version, c.confidential`;
  let rows: (Row & { score: number })[];
  if (method === 'trigram') {
    params.push(subject.title, SIMILARITY_THRESHOLD, opts.limit);
    const n = params.length;
    rows = await store.db.query<Row & { score: number }>(
      `SELECT ${cols}, similarity(c.title, $${n - 2})::float8 AS score FROM cases c
       WHERE ${where.join(' AND ')} AND similarity(c.title, $${n - 2}) >= $${n - 1}
       ORDER BY score DESC, c.tracking_id LIMIT $${n}`,
      params,
    );
  } else {
    params.push(SIMILAR_CANDIDATES);
    const candidates = await store.db.query<Row>(
      `SELECT ${cols} FROM cases c WHERE ${where.join(' AND ')}
       ORDER BY abs(extract(epoch FROM c.submitted_at - $4::timestamptz)), c.tracking_id LIMIT $${params.length}`,
      params,
    );
    rows = candidates
      .map((r) => ({ ...r, score: trigramSimilarity(subject.title, r.title) }))
      .filter((r) => r.score >= SIMILARITY_THRESHOLD)
      .sort((a, b) => b.score - a.score || (a.tracking_id < b.tracking_id ? -1 : a.tracking_id > b.tracking_id ? 1 : 0))
      .slice(0, opts.limit);
  }
  return {
    method,
    items: rows.map((r) => {
      // a confidential case's title is for its handling chain only (domain redactCase)
      const hidden = r.confidential && !canSee({ institutionId: r.institution_id }, actor, store.isWithin);
      return {
        trackingId: r.tracking_id,
        title: hidden ? null : r.title,
        status: r.status,
        institutionId: r.institution_id,
        submittedAt: iso(r.submitted_at)!,
        version: Number(r.version),
        score: Math.round(Number(r.score) * 1000) / 1000,
      };
    }),
  };
}
