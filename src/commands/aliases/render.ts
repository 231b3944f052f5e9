// What the alias verbs share: the noun a kind is typed as, and the target resolved from what was typed (an
// id or a name, with the CLI's one resolver of names).

import { resolveCategory, resolveInstitution, showChoice } from '../../cmdutil/names.js';
import type { Deps } from '../../cmdutil/deps.js';
import type { AliasKind } from '../../domain/aliases.js';
import type { Named } from '../../domain/names.js';

/** `institutions` → `lapor institutions aliases …` */
export const NOUN: Record<AliasKind, string> = { institutions: 'institutions', categories: 'categories' };

/** The help's examples: an alias added, then removed (they run in that order against the demo data). */
export const EXAMPLE_ALIAS: Record<AliasKind, string> = { institutions: 'Kantor Bupati Badung', categories: 'Layanan Kesehatan' };
export const EXAMPLE_TARGET: Record<AliasKind, string> = { institutions: 'badung', categories: 'kesehatan' };

/** The entry `typed` names (an id or a name), shown on stderr when it came from a name. */
export async function resolveTarget(kind: AliasKind, typed: string, deps: Deps): Promise<Named> {
  const api = await deps.api();
  if (kind === 'institutions') {
    const r = await resolveInstitution(typed, await api.institutions({ signal: deps.signal }), deps);
    showChoice('institution', r, deps);
    return r.entry;
  }
  const r = await resolveCategory(typed, await api.categories({ signal: deps.signal }), deps);
  showChoice('category', r, deps);
  return r.entry;
}
