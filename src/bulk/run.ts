// The one path of every write of cases, whoever planned it (`cases <verb>` with one tracking ID, several, or
// `--where`; `bulk apply`): the --dry-run gate first (show what would happen, send nothing), then one case is
// sent at once at the version read (If-Match), and a bulk run shows its plan, asks (or requires --yes),
// writes the journal, sends the chunks and ends with the counts and the failure list. And the end of `bulk
// resume`, which joins this path after the journal is read back.

import { writeFile } from 'node:fs/promises';
import { ConflictError, PreconditionError } from '../api/errors.js';
import type { ApiClient } from '../api/types.js';
import type { Deps } from '../cmdutil/deps.js';
import type { ActionRequest } from '../domain/schemas.js';
import { CancelledError, CliError, DeclinedError, PartialFailureError, UsageError } from '../io/errors.js';
import { createRenderContext, renderJsonValue, sanitizeText } from '../io/format.js';
import { entryLabel } from '../cmdutil/names.js';
import { statusName, t } from '../io/i18n.js';
import { fmtCount } from '../io/numbers.js';
import { problemText } from '../io/problems.js';
import { bulkItem, executeRun } from './engine.js';
import { createJournal, failuresPath, newRunId, type JournalRead, type JournalWriter } from './journal.js';
import { summarisePlan, type Plan, type PlannedItem, type PlanSummary } from './plan.js';
import type { Reference } from './reference.js';
import { errRenderContext, renderFailuresCsv, renderOne, renderPlan, renderPlanJson, renderSummary, verbName } from './render.js';
import { failureRows, summarise } from './summary.js';

export type SummaryFormat = 'table' | 'json';

/** How a run sends (bulk apply, the action verbs) and resumes. */
export interface SendOptions {
  concurrency: number;
  /** Seconds a chunk keeps being retried after network errors, 5xx, 429 and 409. */
  retryTimeout: number;
  format: SummaryFormat;
}

export interface RunOptions extends SendOptions {
  yes: boolean;
  dryRun: boolean;
  chunkSize: number;
}

/** The refusal shown when a bulk write has neither a terminal to ask on nor --yes (exit 2, nothing sent). */
export function yesRequired(): UsageError {
  return new UsageError((l) => t(l, 'confirm.yesRequired'), { hint: (l) => t(l, 'bulk.hint.yesOrDryRun') });
}

/** Throws yesRequired() when a bulk write would have to ask and cannot. Call before any request. */
export function assertCanConfirm(opts: Pick<RunOptions, 'yes' | 'dryRun'>, deps: Pick<Deps, 'io'>): void {
  if (!opts.yes && !opts.dryRun && !deps.io.canPrompt()) throw yesRequired();
}

function resumeLine(deps: Pick<Deps, 'io' | 'lang'>, path: string): void {
  deps.io.err.write(`${t(deps.lang, 'bulk.run.resumeWith', { command: `lapor bulk resume ${path}` })}\n`);
}

/** What is written: the title and command of a bulk run; `single` for one case named by its tracking ID (its plan's one item). */
export interface WriteWhat {
  title: string;
  command: string;
  single?: boolean;
}

/**
 * Every write of cases goes through here. --dry-run stops at the gate below, having shown what would happen,
 * before a write request, a confirmation or a journal. Past it: one case is sent at once; a bulk run shows
 * its plan, confirms (or has --yes), journals and sends it.
 */
export async function planAndRun(api: ApiClient, ref: Reference, plan: Plan, what: WriteWhat, opts: RunOptions, deps: Deps): Promise<void> {
  const summary = summarisePlan(plan);
  const lang = deps.lang;
  const one = what.single === true ? plan.items[0] : undefined;
  if (opts.dryRun) {
    showDryRun(ref, plan, summary, what.title, one, opts.format, deps);
    return;
  }
  if (one !== undefined) {
    await sendOne(api, ref, one, opts.format, deps);
    return;
  }
  if (summary.total === 0) {
    deps.io.err.write(`${t(lang, 'bulk.plan.empty')}\n`);
    return;
  }
  deps.io.err.write(renderPlan(plan, summary, what.title, errRenderContext(deps.io, lang, deps.now()), ref.institutions));
  if (!opts.yes) {
    if (!deps.io.canPrompt()) throw yesRequired();
    const actions = summary.byAction.map(([a]) => a);
    const verb = actions.length === 1 ? verbName(lang, actions[0]) : t(lang, 'bulk.plan.mixed');
    const ok = await deps.prompter.confirm(t(lang, 'bulk.confirm', { verb, count: fmtCount(lang, summary.total) }), false);
    if (!ok) throw new DeclinedError();
  }

  // the distinct requests, each once; items point at theirs
  const requests: ActionRequest[] = [];
  const requestIndex = new Map<string, number>();
  const indexOf = (r: ActionRequest): number => {
    const key = JSON.stringify(bulkItem({ trackingId: '', version: 1, request: 0 }, r));
    let i = requestIndex.get(key);
    if (i === undefined) {
      i = requests.push(r) - 1;
      requestIndex.set(key, i);
    }
    return i;
  };
  const items = plan.items.map((i) => ({ trackingId: i.trackingId, version: i.version, request: indexOf(i.request) }));
  const unresolved = plan.unresolved.map((u) => ({ trackingId: u.trackingId, request: indexOf(u.request), detail: u.detail }));
  const { writer, header } = await createJournal(deps.paths.stateDir, {
    type: 'run',
    format: 1,
    runId: newRunId(deps.now()),
    created: deps.now().toISOString(),
    apiBaseUrl: api.baseUrl,
    actor: ref.actor.name,
    command: what.command,
    chunkSize: opts.chunkSize,
    requests,
    items,
    unresolved,
  });
  deps.io.err.write(`${deps.io.errColor.dim(t(lang, 'bulk.run.journal', { path: writer.path }))}\n`);
  await sendJournal(api, { header, outcomes: new Map(), lines: 0, validBytes: 0, tornBytes: 0 }, writer, opts, deps);
}

/** The --dry-run view: the one case, or the plan, on stderr; with --format json the plan on stdout. Sends nothing. */
function showDryRun(
  ref: Reference,
  plan: Plan,
  summary: PlanSummary,
  title: string,
  one: PlannedItem | undefined,
  format: SummaryFormat,
  deps: Deps,
): void {
  const ctx = errRenderContext(deps.io, deps.lang, deps.now());
  if (summary.total === 0) deps.io.err.write(`${t(deps.lang, 'bulk.plan.empty')}\n`);
  else if (one !== undefined) deps.io.err.write(renderOne(one, ref.institutions, ctx));
  else deps.io.err.write(renderPlan(plan, summary, title, ctx, ref.institutions));
  if (format === 'json') deps.io.out.write(renderPlanJson(plan, summary));
  if (summary.total > 0) deps.io.err.write(`${t(deps.lang, 'bulk.plan.dryRun')}\n`);
}

/**
 * One case: act at the version read (If-Match). A case changed meanwhile is not overwritten (412). A dispose
 * or redispose names the institution it went to (the name typed may have been a fragment).
 */
async function sendOne(api: ApiClient, ref: Reference, item: PlannedItem, format: SummaryFormat, deps: Deps): Promise<void> {
  const { trackingId, version, request } = item;
  const verb = verbName(deps.lang, request.action);
  try {
    const { case: c, event } = await api.act(trackingId, version, request, { idempotencyKey: `lapor-act:${trackingId}:${version}` });
    const target = 'institutionId' in request ? targetInstitution(request.institutionId, ref) : null;
    if (format === 'json') {
      const to = target === null ? {} : { institutionId: target.id, institutionName: target.name };
      deps.io.out.write(renderJsonValue({ trackingId, action: request.action, outcome: 'applied', status: c.status, version: c.version, ...to }));
      return;
    }
    const mark = deps.io.isOutTTY ? `${deps.io.color.green('✓')} ` : '';
    const status = statusName(deps.lang, c.status);
    // reviewed replies: a liaison's follow-up at a reviewing institution waits for approval
    const text =
      event.action === 'draft'
        ? t(deps.lang, 'bulk.single.drafted', { id: trackingId, version: c.version })
        : target === null
        ? t(deps.lang, 'bulk.single.applied', { id: trackingId, verb, status, version: c.version })
        : t(deps.lang, 'bulk.single.appliedTo', { id: trackingId, verb, institution: sanitizeText(entryLabel(target)), status, version: c.version });
    deps.io.out.write(`${mark}${text}\n`);
  } catch (err) {
    if (err instanceof PreconditionError) {
      throw new CliError((l) => t(l, 'bulk.single.stale', { id: trackingId, version }), {
        hint: (l) => t(l, 'bulk.single.staleHint', { id: trackingId }),
        cause: err,
      });
    }
    if (err instanceof ConflictError && err.problem === 'already-done') {
      if (format === 'json') {
        deps.io.out.write(renderJsonValue({ trackingId, action: request.action, outcome: 'skipped', detail: err.detail }));
      } else {
        deps.io.err.write(`${t(deps.lang, 'bulk.single.skipped', { id: trackingId, detail: problemText(deps.lang, err) })}\n`);
      }
      return;
    }
    throw err;
  }
}

/** The institution of an id, by its name from the reference (the id alone when the reference lacks it). */
function targetInstitution(id: string, ref: Reference): { id: string; name: string } {
  return ref.institutions.find((i) => i.id === id) ?? { id, name: id };
}

/** Sends what the journal still lacks, then ends the run (counts, failure list, exit code). */
export async function sendJournal(api: ApiClient, read: JournalRead, writer: JournalWriter, opts: SendOptions, deps: Deps): Promise<void> {
  const actions = [...new Set(read.header.requests.map((r) => r.action))];
  const label = actions.length === 1 ? verbName(deps.lang, actions[0]) : t(deps.lang, 'bulk.plan.mixed');
  let stopped = false;
  try {
    ({ stopped } = await executeRun(api, read, writer, deps, {
      concurrency: opts.concurrency,
      retryTimeoutMs: opts.retryTimeout * 1000,
      label,
    }));
  } catch (err) {
    await writer.close().catch(() => {});
    resumeLine(deps, writer.path);
    throw err;
  }
  await writer.close();
  if (stopped) {
    const s = summarise(read, writer.path);
    deps.io.err.write(`${t(deps.lang, 'bulk.run.stopped', { done: fmtCount(deps.lang, s.done), planned: fmtCount(deps.lang, s.planned) })}\n`);
    resumeLine(deps, writer.path);
    throw new CancelledError();
  }
  await finishRun(read, writer.path, opts.format, deps);
}

/** Prints the counts on stdout, writes the failure list next to the journal, and exits 3 when anything failed. */
export async function finishRun(read: JournalRead, path: string, format: SummaryFormat, deps: Deps): Promise<void> {
  const failures = failureRows(read);
  let csv: string | null = null;
  if (failures.length > 0) {
    csv = failuresPath(path);
    await writeFile(csv, renderFailuresCsv(failures, { lang: deps.lang, now: deps.now() }), { mode: 0o600 });
  }
  const s = summarise(read, path, csv);
  deps.io.out.write(renderSummary(s, format, createRenderContext(deps.io, deps.lang, deps.now())));
  if (s.remaining > 0) {
    resumeLine(deps, path);
    throw new CancelledError();
  }
  if (csv !== null) {
    const listed = csv;
    throw new PartialFailureError(
      (l) => t(l, 'bulk.run.partial', { failed: fmtCount(l, s.failed), planned: fmtCount(l, s.planned) }),
      { failed: s.failed, succeeded: s.applied + s.skipped },
      { hint: (l) => t(l, 'bulk.run.failuresAt', { path: listed }) },
    );
  }
}
