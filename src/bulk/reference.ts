// What a plan needs to know besides the cases: who is asking, the institution tree and the categories. From
// them the local ActionContext that lets a plan predict, with the domain's own state machine, what the
// server will do with each item. And `--to` / plan-file institutions given by code or by name fragment.

import type { ApiClient } from '../api/types.js';
import { createActionContext, institutionTree, type ActionContext } from '../domain/actions.js';
import { WorkingCalendar } from '../domain/clocks.js';
import { DEFAULT_CLOCKS, type Actor, type Category, type Institution } from '../domain/types.js';
import { UsageError } from '../io/errors.js';
import { t, type Lang } from '../io/i18n.js';

export interface Reference {
  actor: Actor;
  institutions: Institution[];
  categories: Category[];
}

export async function loadReference(api: ApiClient): Promise<Reference> {
  const [actor, institutions, categories] = await Promise.all([api.whoami(), api.institutions(), api.categories()]);
  return { actor, institutions, categories };
}

/** The domain's ActionContext over the reference data. Deadlines are not predicted, so the calendar is empty. */
export function actionContext(ref: Reference, now: Date): ActionContext {
  return createActionContext({
    actor: ref.actor,
    now: now.toISOString(),
    institutions: institutionTree(ref.institutions),
    categories: new Set(ref.categories.map((c) => c.id)),
    settings: DEFAULT_CLOCKS,
    calendar: new WorkingCalendar([], DEFAULT_CLOCKS.utcOffsetMinutes),
  });
}

export type InstitutionMatch =
  | { ok: true; id: string }
  | { ok: false; kind: 'unknown' }
  | { ok: false; kind: 'ambiguous'; candidates: Institution[] };

/**
 * An institution given by its exact code (any letter case), else by a case-insensitive fragment of its name
 * or code that picks exactly one active institution (a name equal to the input wins over longer ones).
 */
export function matchInstitution(input: string, institutions: readonly Institution[]): InstitutionMatch {
  const wanted = input.trim();
  const lower = wanted.toLowerCase();
  if (lower === '') return { ok: false, kind: 'unknown' };
  const exact = institutions.find((i) => i.id === wanted) ?? institutions.find((i) => i.id.toLowerCase() === lower);
  if (exact) return { ok: true, id: exact.id };
  const words = lower.split(/\s+/);
  const candidates = institutions.filter((i) => {
    if (!i.active) return false;
    const hay = `${i.name} ${i.id}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  });
  if (candidates.length === 1) return { ok: true, id: candidates[0].id };
  const sameName = candidates.filter((i) => i.name.toLowerCase() === lower);
  if (sameName.length === 1) return { ok: true, id: sameName[0].id };
  if (candidates.length === 0) return { ok: false, kind: 'unknown' };
  return { ok: false, kind: 'ambiguous', candidates };
}

export const MAX_CANDIDATES_SHOWN = 15;

/** "badung.dinkes (Dinas Kesehatan Kabupaten Badung), …" for an ambiguous fragment. */
export function candidateList(candidates: readonly Institution[], lang: Lang): string {
  const shown = candidates.slice(0, MAX_CANDIDATES_SHOWN).map((i) => `  ${i.id}  ${i.name}`);
  if (candidates.length > MAX_CANDIDATES_SHOWN) {
    shown.push(`  ${t(lang, 'bulk.institution.more', { n: candidates.length - MAX_CANDIDATES_SHOWN })}`);
  }
  return shown.join('\n');
}

/** The institution code for `--to`; a usage error names an unknown input or lists an ambiguous one's candidates. */
export function resolveInstitution(input: string, institutions: readonly Institution[]): string {
  const m = matchInstitution(input, institutions);
  if (m.ok) return m.id;
  if (m.kind === 'unknown') {
    throw new UsageError((l) => t(l, 'bulk.institution.unknown', { input }), {
      hint: (l) => t(l, 'bulk.institution.unknownHint'),
    });
  }
  throw new UsageError(
    (l) => `${t(l, 'bulk.institution.ambiguous', { input, n: m.candidates.length })}\n${candidateList(m.candidates, l)}`,
    { hint: (l) => t(l, 'bulk.institution.ambiguousHint') },
  );
}
