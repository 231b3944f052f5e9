// lapor sla policies set <id>: adds a version of a policy, taking effect on --effective-from (today or later
// for an existing policy: earlier cases keep their deadlines). Figures not given are the policy's latest
// version's (for a new policy: the server's `default` policy's). National admins.

import { Command, Option } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { dateParser } from '../../cmdutil/flags.js';
import { SLA_TARGETS, type SlaPolicy, type SlaTarget, type SlaTargetName } from '../../domain/slaPolicy.js';
import { CLASSIFICATIONS, type Classification } from '../../domain/types.js';
import { UsageError } from '../../io/errors.js';
import { createRenderContext, printRows } from '../../io/format.js';
import { t } from '../../io/i18n.js';
import { POLICY_COLUMNS, targetParser } from './render.js';

/** A condition flag: a value, `any` (null), or absent (keep the base version's). */
type Cond<T> = T | null | undefined;

export interface SetOptions {
  id: string;
  effectiveFrom: string;
  name?: string;
  source?: string;
  classification: Cond<Classification>;
  category: Cond<string>;
  institution: Cond<string>;
  fieldInspection: Cond<boolean>;
  targets: Partial<Record<SlaTargetName, SlaTarget>>;
  escalateAfter: SlaTarget | null | undefined;
}

const anyOr = <T>(parse: (v: string) => T) => (v: string): T | null => (v === 'any' ? null : parse(v));

const FLAG: Record<SlaTargetName, string> = {
  verify: '--verify <target>',
  response: '--response <target>',
  followUp: '--follow-up <target>',
  completion: '--completion <target>',
  autoClose: '--auto-close <target>',
};

export function createSetCommand(deps: Deps, runF: (opts: SetOptions, deps: Deps) => Promise<void> = setRun): Command {
  const { lang } = deps;
  const target = targetParser(lang);
  const cmd = new Command('set')
    .description(t(lang, 'cmd.sla.policies.set'))
    .argument('<id>', t(lang, 'sla.policies.arg.id'))
    .requiredOption('--effective-from <date>', t(lang, 'sla.policies.flag.effectiveFrom'), dateParser(lang))
    .option('--name <text>', t(lang, 'sla.policies.flag.name'))
    .option('--source <text>', t(lang, 'sla.policies.flag.source'))
    .addOption(
      new Option('--classification <c>', t(lang, 'sla.policies.flag.classification')).choices([...CLASSIFICATIONS, 'any']).argParser(anyOr((v) => v as Classification)),
    )
    .option('--category <id>', t(lang, 'sla.policies.flag.category'), anyOr((v) => v))
    .option('--institution <code>', t(lang, 'sla.policies.flag.institution'), anyOr((v) => v))
    .addOption(new Option('--field-inspection <yes|no|any>', t(lang, 'sla.policies.flag.fieldInspection')).choices(['yes', 'no', 'any']));
  for (const k of SLA_TARGETS) cmd.option(FLAG[k], t(lang, `sla.policies.flag.${k}`), target);
  return cmd
    .option('--escalate-after <target>', t(lang, 'sla.policies.flag.escalateAfter'), targetParser(lang, true))
    .addHelpText(
      'after',
      `\n${t(lang, 'sla.policies.help.targets')}\n` +
        examples(lang, [
          'lapor sla policies set kesehatan-bali --effective-from 2030-01-01 --name "Kesehatan Bali" --category kesehatan --institution bali --response 3w',
          'lapor sla policies set default --effective-from 2030-01-01 --completion 45c',
        ]),
    )
    .action(async (id: string, raw: Record<string, unknown>) => {
      const targets: SetOptions['targets'] = {};
      for (const k of SLA_TARGETS) if (raw[k] !== undefined) targets[k] = raw[k] as SlaTarget;
      const fi = raw.fieldInspection as string | undefined;
      await runF(
        {
          id,
          effectiveFrom: raw.effectiveFrom as string,
          name: raw.name as string | undefined,
          source: raw.source as string | undefined,
          classification: raw.classification as Cond<Classification>,
          category: raw.category as Cond<string>,
          institution: raw.institution as Cond<string>,
          fieldInspection: fi === undefined ? undefined : fi === 'any' ? null : fi === 'yes',
          targets,
          escalateAfter: raw.escalateAfter as SlaTarget | null | undefined,
        },
        deps,
      );
    });
}

/** The version `set` sends: the flags over the base (the policy's latest version, else `default`'s). */
export function policyOf(opts: SetOptions, versions: readonly SlaPolicy[]): SlaPolicy | null {
  const own = versions.filter((p) => p.id === opts.id).sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1)).at(-1);
  const base = own ?? versions.filter((p) => p.id === 'default').sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1)).at(-1);
  const name = opts.name ?? own?.name;
  if (base === undefined || name === undefined) return null;
  const keep = <T>(v: Cond<T>, was: T | null): T | null => (v === undefined ? was : v);
  const k = own?.conditions ?? { classification: null, categoryId: null, institutionId: null, needsFieldInspection: null };
  return {
    id: opts.id,
    effectiveFrom: opts.effectiveFrom,
    name,
    source: opts.source ?? own?.source ?? null,
    conditions: {
      classification: keep(opts.classification, k.classification),
      categoryId: keep(opts.category, k.categoryId),
      institutionId: keep(opts.institution, k.institutionId),
      needsFieldInspection: keep(opts.fieldInspection, k.needsFieldInspection),
    },
    targets: { ...base.targets, ...opts.targets },
    escalateAfter: opts.escalateAfter === undefined ? base.escalateAfter : opts.escalateAfter,
  };
}

export async function setRun(opts: SetOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const { items: versions } = await api.slaPolicies();
  const policy = policyOf(opts, versions);
  if (policy === null) throw new UsageError((l) => t(l, 'sla.policies.needName', { id: opts.id }));
  const { items } = await api.setSlaPolicies([policy]);
  const [{ created }] = items;
  deps.io.err.write(`${t(deps.lang, created ? 'sla.policies.created' : 'sla.policies.unchanged', { id: policy.id, date: policy.effectiveFrom })}\n`);
  printRows(deps.io, 'table', items.map((i) => i.policy), POLICY_COLUMNS, createRenderContext(deps.io, deps.lang, deps.now()));
}
