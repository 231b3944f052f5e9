// Aliases learned from an import (#17): the names the server did not take (near an institution or a
// category, or fitting several) come back with their candidates. On a terminal each is asked about, and a
// confirmed one is kept as an alias (POST /v1/aliases: national admins), so that the next run takes it;
// elsewhere the report lists the candidates and how to add the alias, and nothing is guessed.

import type { Deps } from '../../cmdutil/deps.js';
import { entryLabel } from '../../cmdutil/names.js';
import type { AliasKind } from '../../domain/aliases.js';
import type { ImportSummary } from '../../domain/csv/wire.js';
import { t } from '../../io/i18n.js';

/** The most names asked about in one run; the rest stay in the report. */
export const MAX_NAMES_ASKED = 20;

const KINDS: readonly AliasKind[] = ['institutions', 'categories'];

/** Asks about each name with candidates and keeps the confirmed ones as aliases; returns how many were kept. */
export async function learnAliases(summary: ImportSummary, deps: Pick<Deps, 'io' | 'prompter' | 'lang' | 'api' | 'signal'>): Promise<number> {
  const { io, lang } = deps;
  if (summary.kind !== 'cases' || !io.canPrompt()) return 0;
  let asked = 0;
  let kept = 0;
  for (const kind of KINDS) {
    const items: { alias: string; targetId: string }[] = [];
    for (const m of summary.missing[kind]) {
      if (!m.candidates || m.candidates.length === 0 || asked >= MAX_NAMES_ASKED) continue;
      asked += 1;
      const skip = '';
      const choice = await deps.prompter.select<string>(t(lang, `import.learn.ask.${kind}`, { value: m.value, rows: m.rows }), [
        ...m.candidates.map((c) => ({ name: entryLabel(c), value: c.id })),
        { name: t(lang, 'import.learn.none'), value: skip },
      ]);
      if (choice !== skip) items.push({ alias: m.value, targetId: choice });
    }
    if (items.length === 0) continue;
    const api = await deps.api();
    const saved = await api.addAliases(kind, items, { signal: deps.signal });
    kept += saved.length;
  }
  if (kept > 0) io.err.write(`${t(lang, 'import.learn.saved', { n: kept })}\n`);
  return kept;
}
