// lapor bulk apply <plan.csv>: one row per case (trackingId, action, the action's fields, optional version).
// The file is checked whole first (every problem with its line and column, exit 2, nothing sent); then the
// same path as every bulk run: plan, confirmation, journal, chunks (rows of different actions share chunks).

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { CliError } from '../../io/errors.js';
import { t } from '../../io/i18n.js';
import { addRunOptions, type RawRunFlags } from '../../bulk/action.js';
import { planFromTargets } from '../../bulk/plan.js';
import { parsePlanFile, planFileError } from '../../bulk/planfile.js';
import { actionContext, loadReference } from '../../bulk/reference.js';
import { assertCanConfirm, planAndRun, type RunOptions } from '../../bulk/run.js';

export interface ApplyOptions extends RunOptions {
  /** The plan file; `-` reads standard input. */
  file: string;
}

export function createApplyCommand(deps: Deps, runF: (opts: ApplyOptions, deps: Deps) => Promise<void> = applyRun): Command {
  const { lang } = deps;
  const cmd = new Command('apply')
    .description(t(lang, 'cmd.bulk.apply'))
    .argument('<file>', t(lang, 'bulk.arg.planFile'));
  addRunOptions(cmd, lang);
  return cmd
    .addHelpText(
      'after',
      `\n${t(lang, 'bulk.help.planFile')}\n${examples(lang, [
        'lapor bulk apply fixtures/examples/rencana.csv --dry-run',
        `lapor cases list --status postponed --format csv --fields trackingId | sed '1s/$/,action,reason/; 2,$s/$/,archive,no_reporter_response/' > rencana.csv`,
        'lapor bulk apply rencana.csv --yes --chunk-size 200',
      ])}`,
    )
    .action(async (file: string, raw: Omit<RawRunFlags, 'where'>) => {
      const opts: ApplyOptions = { file, ...raw };
      assertCanConfirm(opts, deps);
      await runF(opts, deps);
    });
}

export async function applyRun(opts: ApplyOptions, deps: Deps): Promise<void> {
  let text: string;
  try {
    text = opts.file === '-' ? await deps.readStdin() : await readFile(opts.file, 'utf8');
  } catch (err) {
    throw new CliError((l) => t(l, 'bulk.planfile.unreadable', { file: opts.file, why: (err as Error).message }), { cause: err });
  }
  const api = await deps.api();
  const ref = await loadReference(api);
  const { rows, problems } = parsePlanFile(text, ref);
  const name = opts.file === '-' ? 'stdin' : basename(opts.file);
  if (problems.length > 0) throw planFileError(name, problems);
  const plan = await planFromTargets(api, rows, actionContext(ref, deps.now()));
  await planAndRun(api, ref, plan, { title: name, command: `bulk apply ${name}` }, opts, deps);
}
