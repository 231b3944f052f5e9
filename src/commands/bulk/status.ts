// lapor bulk status [journal]: what a run's journal says (planned, done, applied, skipped, failed by reason,
// remaining), as a table or JSON. Reads the journal only; no request is made. Without an argument: the
// newest journal in the state dir.

import { readdir, stat } from 'node:fs/promises';
import { Command, Option } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { CliError } from '../../io/errors.js';
import { createRenderContext } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { failuresPath, journalDir, journalPath, journalWriterHolder, readJournal } from '../../bulk/journal.js';
import { renderSummary } from '../../bulk/render.js';
import { summarise } from '../../bulk/summary.js';
import type { SummaryFormat } from '../../bulk/run.js';

export interface StatusOptions {
  journal?: string;
  format: SummaryFormat;
}

export function createStatusCommand(deps: Deps, runF: (opts: StatusOptions, deps: Deps) => Promise<void> = statusRun): Command {
  const { lang } = deps;
  return new Command('status')
    .description(t(lang, 'cmd.bulk.status'))
    .argument('[journal]', t(lang, 'bulk.arg.journalOptional'))
    .addOption(new Option('--format <format>', t(lang, 'bulk.flag.format')).choices(['table', 'json']).default('table'))
    .addHelpText('after', examples(lang, ['lapor bulk status', 'lapor bulk status 20240304T020000Z-3fa9c1 --format json']))
    .action(async (journal: string | undefined, raw: { format: SummaryFormat }) => {
      await runF({ journal, format: raw.format }, deps);
    });
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** A journal path as given, else a run id in the state dir, else (no argument) the newest journal there. */
export async function findJournal(given: string | undefined, deps: Pick<Deps, 'paths'>): Promise<string> {
  if (given !== undefined) {
    if (await exists(given)) return given;
    const byId = journalPath(deps.paths.stateDir, given.replace(/\.jsonl$/, ''));
    if (/^[A-Za-z0-9_.-]+$/.test(given) && (await exists(byId))) return byId;
    return given; // readJournal reports it missing
  }
  const dir = journalDir(deps.paths.stateDir);
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.jsonl')).sort();
  if (names.length === 0) {
    throw new CliError((l) => t(l, 'bulk.status.none', { dir }), { hint: (l) => t(l, 'bulk.status.noneHint') });
  }
  return journalPath(deps.paths.stateDir, names[names.length - 1].replace(/\.jsonl$/, ''));
}

export async function statusRun(opts: StatusOptions, deps: Deps): Promise<void> {
  const path = await findJournal(opts.journal, deps);
  const read = await readJournal(path);
  const writer = await journalWriterHolder(path);
  if (writer) deps.io.err.write(`${t(deps.lang, 'notice.journalRunning', { pid: String(writer.pid), since: writer.startedAt })}\n`);
  const csv = failuresPath(path);
  const s = summarise(read, path, (await exists(csv)) ? csv : null);
  deps.io.out.write(renderSummary(s, opts.format, createRenderContext(deps.io, deps.lang, deps.now()), true));
  if (s.remaining > 0 && opts.format === 'table' && !writer) {
    deps.io.err.write(`${t(deps.lang, 'bulk.run.resumeWith', { command: `lapor bulk resume ${path}` })}\n`);
  }
}
