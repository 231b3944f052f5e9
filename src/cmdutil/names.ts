// The one resolver of the institution and category names people type (`--to`, `--institution`, `--category`,
// `--where institution=…`, plan files, triage, statistics, SLA): the domain's matchName over the reference
// data, and what the CLI does with its answer. A choice is returned (and shown when it came from a name); an
// ambiguous name is asked about on a terminal and refused elsewhere with the candidates listed; an unknown one
// is refused with "maksud Anda …?". Refusals are usage errors (exit 2), before any write.

import type { ApiClient } from '../api/types.js';
import { matchName, type MatchOptions, type Named, type NameMatch } from '../domain/names.js';
import type { Category, Institution } from '../domain/types.js';
import { UsageError } from '../io/errors.js';
import { t, type Lang } from '../io/i18n.js';
import type { Deps } from './deps.js';

export type NameKind = 'institution' | 'category';

/** An entry chosen for what was typed, and by which rule (an id, a name, a fragment of one). */
export interface Resolved<T> {
  entry: T;
  input: string;
  by: 'id' | 'name' | 'fragment';
}

/** Institutions: by id any of them; by name the active ones only when `activeOnly` (a dispose target). */
export function institutionMatching(activeOnly: boolean): MatchOptions<Institution> {
  return activeOnly ? { byName: (i) => i.active } : {};
}

/** Categories: by id, by their Indonesian or their English name. */
export const CATEGORY_MATCHING: MatchOptions<Category> = {
  names: (c) => (c.nameEn === null ? [c.name] : [c.name, c.nameEn]),
};

export const MAX_CANDIDATES_SHOWN = 15;

/** "  badung.dinkes  Dinas Kesehatan Kabupaten Badung", one a line, the first MAX_CANDIDATES_SHOWN. */
export function candidateLines(entries: readonly Named[], lang: Lang): string {
  const shown = entries.slice(0, MAX_CANDIDATES_SHOWN).map((e) => `  ${e.id}  ${e.name}`);
  if (entries.length > MAX_CANDIDATES_SHOWN) shown.push(`  ${t(lang, 'names.more', { n: entries.length - MAX_CANDIDATES_SHOWN })}`);
  return shown.join('\n');
}

/** The refusal of a name that fits nothing: the close entries as "maksud Anda …?", or where to look codes up. */
export function unknownNameError(kind: NameKind, input: string, suggestions: readonly Named[]): UsageError {
  const hint = (l: Lang) => t(l, `names.hint.${kind}`);
  const what = (l: Lang) => t(l, `names.kind.${kind}`);
  if (suggestions.length === 0) return new UsageError((l) => t(l, 'names.unknown', { kind: what(l), input }), { hint });
  if (suggestions.length === 1) {
    return new UsageError((l) => t(l, 'names.didYouMean', { kind: what(l), input, suggestion: entryLabel(suggestions[0]) }), { hint });
  }
  return new UsageError((l) => `${t(l, 'names.didYouMeanOneOf', { kind: what(l), input })}\n${candidateLines(suggestions, l)}`, { hint });
}

/** The refusal of a name that fits several entries, listing them. */
export function ambiguousNameError(kind: NameKind, input: string, candidates: readonly Named[]): UsageError {
  return new UsageError(
    (l) => `${t(l, `names.ambiguous.${kind}`, { input, n: candidates.length })}\n${candidateLines(candidates, l)}`,
    { hint: (l) => t(l, 'names.ambiguousHint') },
  );
}

/** The entry a match chose, else the usage error that says why there is none (no prompt). */
export function chosenOrThrow<T extends Named>(kind: NameKind, input: string, m: NameMatch<T>): Resolved<T> {
  if (m.kind === 'chosen') return { entry: m.entry, input, by: m.by };
  if (m.kind === 'ambiguous') throw ambiguousNameError(kind, input, m.candidates);
  throw unknownNameError(kind, input, m.suggestions);
}

/**
 * The entry meant by `input`: chosen by matchName; when several fit, asked on a terminal (the candidates as
 * choices) and refused elsewhere; when none fits, refused with the close ones.
 */
export async function resolveName<T extends Named>(
  kind: NameKind,
  input: string,
  entries: readonly T[],
  options: MatchOptions<T>,
  deps: Pick<Deps, 'io' | 'prompter' | 'lang'>,
): Promise<Resolved<T>> {
  const m = matchName(input, entries, options);
  if (m.kind !== 'ambiguous' || !deps.io.canPrompt()) return chosenOrThrow(kind, input, m);
  const id = await deps.prompter.select(
    t(deps.lang, `names.choose.${kind}`, { input }),
    m.candidates.map((e) => ({ name: entryLabel(e), value: e.id })),
  );
  const entry = m.candidates.find((e) => e.id === id) as T;
  return { entry, input, by: 'name' };
}

/** The institution meant by `input` (see resolveName). A dispose target is named among active ones. */
export function resolveInstitution(
  input: string,
  institutions: readonly Institution[],
  deps: Pick<Deps, 'io' | 'prompter' | 'lang'>,
  { activeOnly = false }: { activeOnly?: boolean } = {},
): Promise<Resolved<Institution>> {
  return resolveName('institution', input, institutions, institutionMatching(activeOnly), deps);
}

/** The category meant by `input` (see resolveName). */
export function resolveCategory(
  input: string,
  categories: readonly Category[],
  deps: Pick<Deps, 'io' | 'prompter' | 'lang'>,
): Promise<Resolved<Category>> {
  return resolveName('category', input, categories, CATEGORY_MATCHING, deps);
}

/** `buleleng.disdukcapil (Dinas Kependudukan …)`: an entry as output, suggestions and choices name it. */
export function entryLabel(e: Named): string {
  return `${e.id} (${e.name})`;
}

/** A dim line on stderr saying what a typed name resolved to, unless it was the id itself. */
export function showChoice(kind: NameKind, r: Resolved<Named>, deps: Pick<Deps, 'io' | 'lang'>): void {
  if (r.by === 'id') return;
  const text = t(deps.lang, 'names.chosen', { kind: t(deps.lang, `names.kind.${kind}`), input: r.input, name: r.entry.name, id: r.entry.id });
  deps.io.err.write(`${deps.io.errColor.dim(text)}\n`);
}

/** The reference data a filter's names are resolved against; fetched only for what was typed. */
export interface NameReference {
  institutions?: readonly Institution[];
  categories?: readonly Category[];
}

/**
 * A query whose `institution` and `category` are typed names, with the ids they resolve to (each choice
 * made from a name shown on stderr). The reference data comes from `ref`, else from the API when needed.
 */
export async function resolveFilterNames<Q extends { institution?: string; category?: string }>(
  query: Q,
  api: Pick<ApiClient, 'institutions' | 'categories'>,
  deps: Pick<Deps, 'io' | 'prompter' | 'lang'>,
  ref: NameReference = {},
): Promise<Q> {
  const out = { ...query };
  if (query.institution !== undefined) {
    const r = await resolveInstitution(query.institution, ref.institutions ?? (await api.institutions()), deps);
    showChoice('institution', r, deps);
    out.institution = r.entry.id;
  }
  if (query.category !== undefined) {
    const r = await resolveCategory(query.category, ref.categories ?? (await api.categories()), deps);
    showChoice('category', r, deps);
    out.category = r.entry.id;
  }
  return out;
}
