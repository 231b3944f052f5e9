// lapor sla policies import <file.json>: adds the policy versions of a file in the form `export` writes (a
// JSON array), all or none (one request; up to MAX_POLICIES_PER_REQUEST versions). A version already
// present with the same content is unchanged; with other content the whole file is refused. National admins.

import { readFile } from 'node:fs/promises';
import { Command } from 'commander';
import { z } from 'zod';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { MAX_POLICIES_PER_REQUEST, SlaPolicySchema } from '../../domain/sla.js';
import { CliError, UsageError } from '../../io/errors.js';
import { t } from '../../io/i18n.js';

export interface ImportOptions {
  file: string;
  dryRun: boolean;
}

export function createImportCommand(deps: Deps, runF: (opts: ImportOptions, deps: Deps) => Promise<void> = importRun): Command {
  const { lang } = deps;
  return new Command('import')
    .description(t(lang, 'cmd.sla.policies.import'))
    .argument('<file>', t(lang, 'sla.policies.arg.file'))
    .option('--dry-run', t(lang, 'sla.policies.flag.dryRun'), false)
    .addHelpText('after', examples(lang, ['lapor sla policies import kebijakan-sla.json --dry-run']))
    .action(async (file: string, raw: { dryRun: boolean }) => {
      await runF({ file, dryRun: raw.dryRun }, deps);
    });
}

export async function importRun(opts: ImportOptions, deps: Deps): Promise<void> {
  let text: string;
  try {
    text = await readFile(opts.file, 'utf8');
  } catch (err) {
    throw new CliError((l) => t(l, 'sla.policies.unreadable', { path: opts.file }), { cause: err });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError((l) => t(l, 'sla.policies.notJson', { path: opts.file }));
  }
  const parsed = z.array(SlaPolicySchema).min(1).max(MAX_POLICIES_PER_REQUEST).safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const at = issue ? issue.path.map(String).join('.') : '';
    throw new UsageError((l) => t(l, 'sla.policies.invalidFile', { path: opts.file, at, why: issue?.message ?? 'invalid' }));
  }
  const api = await deps.api();
  const { items: present } = await api.slaPolicies();
  const known = new Map(present.map((p) => [`${p.id}@${p.effectiveFrom}`, JSON.stringify(p)]));
  const fresh = parsed.data.filter((p) => known.get(`${p.id}@${p.effectiveFrom}`) !== JSON.stringify(p));
  const counts = { created: String(fresh.length), unchanged: String(parsed.data.length - fresh.length) };
  if (opts.dryRun) {
    deps.io.err.write(`${t(deps.lang, 'sla.policies.importDryRun', counts)}\n`);
    return;
  }
  const { items } = await api.setSlaPolicies(parsed.data);
  const created = items.filter((i) => i.created).length;
  deps.io.err.write(`${t(deps.lang, 'sla.policies.imported', { created: String(created), unchanged: String(items.length - created) })}\n`);
}
