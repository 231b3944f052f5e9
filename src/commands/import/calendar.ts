// lapor import calendar <file.csv|->: reference data, upserted by key with the same rules as case imports
// (strict or --skip-bad-rows, --dry-run, --update to overwrite rows that differ); see reference.ts.

import type { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { createReferenceCommand, importReferenceRun, type ImportReferenceOptions } from './reference.js';

export type ImportCalendarOptions = ImportReferenceOptions;

export function createImportCalendarCommand(
  deps: Deps,
  runF: (opts: ImportCalendarOptions, deps: Deps) => Promise<void> = importCalendarRun,
): Command {
  return createReferenceCommand('calendar', deps, runF);
}

export async function importCalendarRun(opts: ImportCalendarOptions, deps: Deps): Promise<void> {
  await importReferenceRun('calendar', opts, deps);
}
