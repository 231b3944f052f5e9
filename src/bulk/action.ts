// What the action verbs of `lapor cases` (dispose, close, …) share: naming the cases (tracking IDs or
// `--where` filters), the run flags, and the plan they go through (run.ts: the --dry-run gate, then one case
// with If-Match at the version read, or the bulk path: confirm, journal, chunks).

import { Command, InvalidArgumentError, Option } from 'commander';
import type { Deps } from '../cmdutil/deps.js';
import { examples } from '../cmdutil/command.js';
import { ActionRequestSchema, type ActionRequest } from '../domain/schemas.js';
import type { ActionName } from '../domain/types.js';
import { isBlank } from '../domain/text.js';
import { UsageError } from '../io/errors.js';
import { t, type Lang } from '../io/i18n.js';
import { parsePositiveInt, parseTrackingIds } from '../cmdutil/flags.js';
import { resolveFilterNames } from '../cmdutil/names.js';
import { DEFAULT_CHUNK_SIZE, DEFAULT_CONCURRENCY, DEFAULT_RETRY_TIMEOUT_S, MAX_CHUNK_SIZE, MAX_CONCURRENCY } from './engine.js';
import { planFromSelection, planFromTargets, planOfCase } from './plan.js';
import { actionContext, loadReference, type Reference } from './reference.js';
import { assertCanConfirm, planAndRun, type RunOptions, type SummaryFormat } from './run.js';
import { describeWhere, whereCollector, whereQuery } from './where.js';

/** How the cases of an action verb are named, and how the run goes. */
export interface ActionTargetOptions extends RunOptions {
  /** Tracking IDs, in the order given (duplicates dropped). */
  ids: string[];
  /** `key=value` filters (instead of IDs). */
  where: string[];
}

const MAX_RETRY_TIMEOUT_S = 7 * 24 * 3600;

/** The run flags of every bulk write: --yes, --dry-run, --chunk-size, --concurrency, --retry-timeout, --format. */
export function addRunOptions(cmd: Command, lang: Lang, { confirm = true }: { confirm?: boolean } = {}): Command {
  if (confirm) {
    cmd
      .option('-y, --yes', t(lang, 'bulk.flag.yes'), false)
      .option('--dry-run', t(lang, 'bulk.flag.dryRun'), false)
      .option('--chunk-size <n>', t(lang, 'bulk.flag.chunkSize'), parsePositiveInt(MAX_CHUNK_SIZE, lang), DEFAULT_CHUNK_SIZE);
  }
  return cmd
    .option('--concurrency <n>', t(lang, 'bulk.flag.concurrency'), parsePositiveInt(MAX_CONCURRENCY, lang), DEFAULT_CONCURRENCY)
    .option('--retry-timeout <seconds>', t(lang, 'bulk.flag.retryTimeout'), parsePositiveInt(MAX_RETRY_TIMEOUT_S, lang), DEFAULT_RETRY_TIMEOUT_S)
    .addOption(new Option('--format <format>', t(lang, 'bulk.flag.format')).choices(['table', 'json']).default('table'));
}

/**
 * The skeleton of `lapor cases <verb>`: description, `[trackingIds...]`, `--where`, the run flags, examples.
 * The verb is the action's wire name unless `verb` names it otherwise (send_back → send-back).
 */
export function actionCommand(action: ActionName, deps: Deps, exampleLines: readonly string[], verb: string = action): Command {
  const { lang } = deps;
  const cmd = new Command(verb)
    .description(t(lang, `cmd.cases.${action}`))
    .argument('[trackingIds...]', t(lang, 'bulk.arg.trackingIds'), parseTrackingIds)
    .option('--where <key=value>', t(lang, 'bulk.flag.where'), whereCollector(lang), []);
  addRunOptions(cmd, lang);
  return cmd.addHelpText('after', `\n${t(lang, 'bulk.help.targets')}\n${examples(lang, exampleLines)}`);
}

export interface RawRunFlags {
  where: string[];
  yes: boolean;
  dryRun: boolean;
  chunkSize: number;
  concurrency: number;
  retryTimeout: number;
  format: SummaryFormat;
}

/**
 * Checks how the cases are named, before any request: IDs or --where (not both, not neither), a valid
 * query, and --yes when a bulk write cannot ask.
 */
export function targetOptions(ids: readonly string[], raw: RawRunFlags, deps: Pick<Deps, 'io' | 'lang'>): ActionTargetOptions {
  const unique = [...new Set(ids.map((id) => id.trim()).filter((id) => id !== ''))];
  if (unique.length > 0 && raw.where.length > 0) {
    throw new UsageError((l) => t(l, 'bulk.targets.both'), { hint: (l) => t(l, 'bulk.targets.hint') });
  }
  if (unique.length === 0 && raw.where.length === 0) {
    throw new UsageError((l) => t(l, 'bulk.targets.none'), { hint: (l) => t(l, 'bulk.targets.hint') });
  }
  whereQuery(raw.where, deps.lang);
  const opts: ActionTargetOptions = {
    ids: unique,
    where: raw.where,
    yes: raw.yes,
    dryRun: raw.dryRun,
    chunkSize: raw.chunkSize,
    concurrency: raw.concurrency,
    retryTimeout: raw.retryTimeout,
    format: raw.format,
  };
  if (isBulk(opts)) assertCanConfirm(opts, deps);
  return opts;
}

export function isBulk(opts: Pick<ActionTargetOptions, 'ids' | 'where'>): boolean {
  return opts.where.length > 0 || opts.ids.length > 1;
}

/** The request checked by the wire schema (the text policy of domain/text.ts, non-empty changes): a usage error names the field. */
export function checkRequest(request: ActionRequest): ActionRequest {
  const r = ActionRequestSchema.safeParse(request);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const field = issue ? issue.path.map(String).join('.') || 'request' : 'request';
  throw new UsageError((l) => t(l, 'bulk.request.invalid', { field, message: issue?.message ?? 'invalid' }));
}

/** Adds `note` when one was given. */
export function withNote<R extends ActionRequest>(request: R, note: string | undefined): R {
  return note === undefined ? request : { ...request, note };
}

/** A parser for a required free-text flag value (no empty text). */
export function textParser(lang: Lang) {
  return (value: string): string => {
    if (isBlank(value)) throw new InvalidArgumentError(t(lang, 'bulk.flag.emptyText'));
    return value;
  };
}

/**
 * Runs one action verb. One ID: the case is read (with the reference, for the dry-run view) and planned on
 * its own; several IDs or a selection: the bulk plan. Either way the plan goes through planAndRun, whose
 * --dry-run gate every write passes.
 */
export async function actRun(opts: ActionTargetOptions, draft: ActionRequest, deps: Deps, reference?: Reference): Promise<void> {
  const request = checkRequest(draft);
  const api = await deps.api();
  const verb = request.action;
  if (!isBulk(opts)) {
    const trackingId = opts.ids[0];
    const [ref, { case: c }] = await Promise.all([reference ?? loadReference(api), api.getCase(trackingId)]);
    const plan = planOfCase(c, request, actionContext(ref, deps.now()));
    await planAndRun(api, ref, plan, { title: trackingId, command: `cases ${verb} ${trackingId}`, single: true }, opts, deps);
    return;
  }
  const ref = reference ?? (await loadReference(api));
  const ctx = actionContext(ref, deps.now());
  if (opts.where.length > 0) {
    // institution= and category= by code or name, against the reference (cmdutil/names.ts)
    const query = await resolveFilterNames(whereQuery(opts.where, deps.lang), api, deps, ref);
    deps.io.err.write(`${deps.io.errColor.dim(t(deps.lang, 'bulk.plan.selecting', { where: describeWhere(query) }))}\n`);
    const plan = await planFromSelection(api, query, request, ctx);
    const where = describeWhere(query);
    await planAndRun(api, ref, plan, { title: where, command: `cases ${verb} --where ${opts.where.join(' --where ')}` }, opts, deps);
    return;
  }
  const plan = await planFromTargets(api, opts.ids.map((trackingId) => ({ trackingId, request })), ctx);
  const title = t(deps.lang, 'bulk.plan.namedIds', { n: opts.ids.length });
  await planAndRun(api, ref, plan, { title, command: `cases ${verb} ${opts.ids.length} IDs` }, opts, deps);
}
