// lapor institutions|categories aliases import FILE: a CSV of aliases (columns `alias` and `id`, or `nama` and
// `kode`; the output of `aliases list --format csv` reads back), sent in requests of MAX_ALIASES_PER_REQUEST,
// each all or nothing: a refused alias names its line and what it already names.

import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { parse } from 'csv-parse/sync';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { MAX_ALIASES_PER_REQUEST, type AliasKind, type NewAliases } from '../../domain/aliases.js';
import { UsageError } from '../../io/errors.js';
import { t } from '../../io/i18n.js';
import { NOUN } from './render.js';

export interface ImportOptions {
  kind: AliasKind;
  file: string;
}

const ALIAS_HEADERS = ['alias', 'nama'];
const TARGET_HEADERS = ['id', 'kode', 'targetid'];

export function createImportCommand(deps: Deps, kind: AliasKind, runF: (opts: ImportOptions, deps: Deps) => Promise<void> = importRun): Command {
  const { lang } = deps;
  return new Command('import')
    .description(t(lang, `cmd.aliases.${kind}.import`))
    .argument('<file>', t(lang, 'aliases.arg.file'))
    .addHelpText('after', examples(lang, [`lapor ${NOUN[kind]} aliases import alias.csv`]))
    .action(async (file: string) => {
      await runF({ kind, file }, deps);
    });
}

/** The aliases of a CSV text, with their lines; a usage error when a column is missing. */
export function readAliasFile(text: string, file: string): { line: number; item: NewAliases['items'][number] }[] {
  const records = parse(text.replace(/^\uFEFF/, ''), { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
  const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
  const a = header.findIndex((h) => ALIAS_HEADERS.includes(h));
  const id = header.findIndex((h) => TARGET_HEADERS.includes(h));
  if (a < 0 || id < 0) throw new UsageError((l) => t(l, 'aliases.import.columns', { file }));
  return records.slice(1).map((r, i) => ({ line: i + 2, item: { alias: r[a] ?? '', targetId: (r[id] ?? '').trim() } }));
}

export async function importRun(opts: ImportOptions, deps: Deps): Promise<void> {
  const text = opts.file === '-' ? await deps.readStdin() : await readFile(opts.file, 'utf8');
  const rows = readAliasFile(text, opts.file);
  const api = await deps.api();
  let created = 0;
  let unchanged = 0;
  for (let i = 0; i < rows.length; i += MAX_ALIASES_PER_REQUEST) {
    const batch = rows.slice(i, i + MAX_ALIASES_PER_REQUEST);
    const items = await api.addAliases(opts.kind, batch.map((r) => r.item), { signal: deps.signal });
    for (const item of items) {
      if (item.outcome === 'created') created += 1;
      else unchanged += 1;
    }
  }
  deps.io.out.write(`${t(deps.lang, 'aliases.imported', { created, unchanged })}\n`);
}
