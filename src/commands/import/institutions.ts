// lapor import institutions <file.csv|->: reference data, upserted by key with the same rules as case imports
// (strict or --skip-bad-rows, --dry-run, --update to overwrite rows that differ); see reference.ts.

import type { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { createReferenceCommand, importReferenceRun, type ImportReferenceOptions } from './reference.js';

export type ImportInstitutionsOptions = ImportReferenceOptions;

export function createImportInstitutionsCommand(
  deps: Deps,
  runF: (opts: ImportInstitutionsOptions, deps: Deps) => Promise<void> = importInstitutionsRun,
): Command {
  return createReferenceCommand('institutions', deps, runF);
}

export async function importInstitutionsRun(opts: ImportInstitutionsOptions, deps: Deps): Promise<void> {
  await importReferenceRun('institutions', opts, deps);
}
