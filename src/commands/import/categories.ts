// lapor import categories <file.csv|->: reference data, upserted by key with the same rules as case imports
// (strict or --skip-bad-rows, --dry-run, --update to overwrite rows that differ); see reference.ts.

import type { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { createReferenceCommand, importReferenceRun, type ImportReferenceOptions } from './reference.js';

export type ImportCategoriesOptions = ImportReferenceOptions;

export function createImportCategoriesCommand(
  deps: Deps,
  runF: (opts: ImportCategoriesOptions, deps: Deps) => Promise<void> = importCategoriesRun,
): Command {
  return createReferenceCommand('categories', deps, runF);
}

export async function importCategoriesRun(opts: ImportCategoriesOptions, deps: Deps): Promise<void> {
  await importReferenceRun('categories', opts, deps);
}
