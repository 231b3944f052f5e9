// Views of a bulk run for people and scripts: the plan (on stderr, before anything is sent), the closing
// counts and `bulk status` (on stdout, as a table or JSON), and the failure list (CSV, formula cells
// neutralised by renderCsv).

import type { Column, RenderContext, ValueContext } from '../io/format.js';
import { renderCsv, renderJsonValue, renderTable, sanitizeText } from '../io/format.js';
import type { IOStreams } from '../io/iostreams.js';
import { statusName, t, type Lang } from '../io/i18n.js';
import { fmtCount } from '../io/numbers.js';
import { problemText } from '../io/problems.js';
import type { ActionName, Institution } from '../domain/types.js';
import type { Plan, PlannedItem, PlanSummary, Prediction } from './plan.js';
import type { FailureRow, RunSummary } from './summary.js';

export const PLAN_FIRST_ROWS = 10;
const TOP_INSTITUTIONS = 6;

/** A render context for text written to stderr (the plan): stderr's own TTY-ness and colour. */
export function errRenderContext(io: Pick<IOStreams, 'isErrTTY' | 'errColor' | 'width'>, lang: Lang, now: Date): RenderContext {
  return { lang, now, tty: io.isErrTTY, color: io.errColor, width: io.width };
}

export function verbName(lang: Lang, action: ActionName): string {
  return t(lang, `bulk.verb.${action}`);
}

export function refusalName(lang: Lang, code: string): string {
  switch (code) {
    case 'not_found':
    case 'forbidden':
    case 'invalid_transition':
    case 'invalid_field':
    case 'stale':
      return t(lang, `bulk.refusal.${code}`);
    default:
      return code;
  }
}

function predictionText(p: Prediction, lang: Lang): string {
  if (p.kind === 'apply') return t(lang, 'bulk.plan.willApply');
  if (p.kind === 'skip') return t(lang, 'bulk.plan.willSkip');
  return `${t(lang, 'bulk.plan.willRefuse')}: ${refusalName(lang, p.code)}`;
}

const PLAN_COLUMNS: Column<PlannedItem>[] = [
  { key: 'trackingId', header: (l) => t(l, 'bulk.column.trackingId'), value: (i) => i.trackingId, fit: 'fixed' },
  { key: 'action', header: (l) => t(l, 'bulk.column.action'), value: (i) => i.request.action, display: (i, ctx) => verbName(ctx.lang, i.request.action) },
  {
    key: 'status',
    header: (l) => t(l, 'bulk.column.status'),
    value: (i) => i.current?.status ?? null,
    display: (i, ctx) => (i.current ? statusName(ctx.lang, i.current.status) : ctx.color.dim('?')),
  },
  { key: 'institutionId', header: (l) => t(l, 'bulk.column.institution'), value: (i) => i.current?.institutionId ?? null },
  { key: 'version', header: (l) => t(l, 'bulk.column.version'), value: (i) => i.version, align: 'right' },
  { key: 'prediction', header: (l) => t(l, 'bulk.column.prediction'), value: (i) => predictionText(i.prediction, 'en'), display: (i, ctx) => predictionText(i.prediction, ctx.lang), fit: 'flex' },
];

/**
 * The plan as shown before confirmation: the institution(s) a dispose or redispose sends to (name and code,
 * as resolved from what was typed), counts by status, institution and action, predictions, first rows.
 */
export function renderPlan(plan: Plan, s: PlanSummary, what: string, ctx: RenderContext, institutions: readonly Institution[] = []): string {
  const { lang, color } = ctx;
  const n = (x: number) => fmtCount(lang, x);
  const lines: string[] = [];
  const actions = s.byAction.map(([a]) => a);
  const verb = actions.length === 1 ? verbName(lang, actions[0]) : t(lang, 'bulk.plan.mixed');
  lines.push(color.bold(t(lang, 'bulk.plan.title', { verb, count: n(s.total), what })));
  const label = (key: 'bulk.plan.target' | 'bulk.plan.byStatus' | 'bulk.plan.byInstitution' | 'bulk.plan.byAction' | 'bulk.plan.prediction') =>
    `  ${t(lang, key).padEnd(18)}`;
  const joined = (parts: string[]) => parts.join(' · ');
  const targets = new Map<string, number>();
  for (const i of plan.items) {
    if ('institutionId' in i.request) targets.set(i.request.institutionId, (targets.get(i.request.institutionId) ?? 0) + 1);
  }
  if (targets.size > 0) {
    const named = [...targets].map(([id, c]) => {
      const text = institutionText(id, institutions, lang);
      return targets.size === 1 ? text : `${text} ${n(c)}`;
    });
    lines.push(label('bulk.plan.target') + joined(named.slice(0, TOP_INSTITUTIONS)));
  }
  lines.push(
    label('bulk.plan.byStatus') +
      joined(s.byStatus.map(([st, c]) => `${st === null ? t(lang, 'bulk.plan.unknownStatus') : statusName(lang, st)} ${n(c)}`)),
  );
  if (s.byInstitution.length > 0) {
    const top = s.byInstitution.slice(0, TOP_INSTITUTIONS).map(([i, c]) => `${i ?? t(lang, 'bulk.plan.noInstitution')} ${n(c)}`);
    const rest = s.byInstitution.slice(TOP_INSTITUTIONS);
    if (rest.length > 0) {
      top.push(t(lang, 'bulk.plan.otherInstitutions', { n: n(rest.length), count: n(rest.reduce((sum, [, c]) => sum + c, 0)) }));
    }
    lines.push(label('bulk.plan.byInstitution') + joined(top));
  }
  if (actions.length > 1) lines.push(label('bulk.plan.byAction') + joined(s.byAction.map(([a, c]) => `${verbName(lang, a)} ${n(c)}`)));
  const refused = s.refuse.reduce((sum, r) => sum + r.count, 0);
  lines.push(
    label('bulk.plan.prediction') +
      t(lang, 'bulk.plan.predictionCounts', { apply: n(s.apply), skip: n(s.skip), refuse: n(refused) }),
  );
  for (const r of s.refuse) {
    lines.push(`    ${color.yellow(`${refusalName(lang, r.code)}: ${n(r.count)}`)}  ${color.dim(t(lang, 'bulk.plan.example', { detail: problemText(lang, { problem: null, ...r.example }) }))}`);
  }
  if (plan.unresolved.length > 0) {
    lines.push(`  ${t(lang, 'bulk.plan.unresolved', { count: n(plan.unresolved.length), ids: plan.unresolved.slice(0, 5).map((u) => u.trackingId).join(', ') })}`);
  }
  if (plan.items.length > 0) {
    const first = plan.items.slice(0, PLAN_FIRST_ROWS);
    lines.push(`  ${t(lang, 'bulk.plan.firstRows', { shown: n(first.length), count: n(plan.items.length) })}`);
    const table = renderTable(first, PLAN_COLUMNS, { ...ctx, width: Math.max(20, ctx.width - 4) });
    for (const line of table.split('\n')) if (line !== '') lines.push(`    ${line}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `code (name)`, or the code alone when the reference does not know it. */
function institutionText(id: string | null, institutions: readonly Institution[], lang: Lang): string {
  if (id === null) return t(lang, 'bulk.plan.noInstitution');
  const name = institutions.find((i) => i.id === id)?.name;
  return name === undefined ? sanitizeText(id) : sanitizeText(`${id} (${name})`);
}

/**
 * One case under --dry-run: the case (tracking ID, title, status and institution now), the action, the
 * status the state machine predicts, and the target institution of a dispose or redispose.
 */
export function renderOne(item: PlannedItem, institutions: readonly Institution[], ctx: RenderContext): string {
  const { lang, color } = ctx;
  const { request, current, prediction: p } = item;
  const lines = [color.bold(t(lang, 'bulk.one.title', { verb: verbName(lang, request.action), id: item.trackingId }))];
  const labels = ['bulk.one.case', 'bulk.one.status', 'bulk.one.institution', 'bulk.one.action', 'bulk.one.result', 'bulk.one.target'] as const;
  const pad = Math.max(...labels.map((k) => t(lang, k).length)) + 2;
  const line = (key: (typeof labels)[number], value: string) => lines.push(`  ${t(lang, key).padEnd(pad)}${value}`);
  // the title is the reporter's text: control characters are neutralised before it reaches a terminal
  const title = current?.title == null ? color.dim(t(lang, 'bulk.one.hiddenTitle')) : sanitizeText(current.title);
  line('bulk.one.case', `${item.trackingId} · ${title}`);
  line('bulk.one.status', current ? statusName(lang, current.status) : color.dim('?'));
  line('bulk.one.institution', current ? institutionText(current.institutionId, institutions, lang) : color.dim('?'));
  // what the action carries besides its name: the archive reason, the fields an edit changes
  const detail =
    request.action === 'archive'
      ? request.reason
      : request.action === 'edit'
        ? Object.keys(request.changes).join(', ')
        : request.action === 'duplicate'
          ? request.originalId
          : request.action === 'copy' || request.action === 'uncopy'
            ? request.institutionIds.join(', ')
            : '';
  line('bulk.one.action', detail === '' ? verbName(lang, request.action) : `${verbName(lang, request.action)} (${detail})`);
  if (p.kind === 'apply') line('bulk.one.result', statusName(lang, p.toStatus));
  else if (p.kind === 'skip') line('bulk.one.result', t(lang, 'bulk.one.unchanged', { status: current ? statusName(lang, current.status) : '?' }));
  else line('bulk.one.result', color.yellow(t(lang, 'bulk.one.refused', { reason: refusalName(lang, p.code), detail: problemText(lang, { problem: null, ...p.about }) })));
  if (request.action === 'dispose' || request.action === 'redispose') {
    line('bulk.one.target', institutionText(request.institutionId, institutions, lang));
  }
  return `${lines.join('\n')}\n`;
}

/** The plan as JSON (`--dry-run --format json`): the summary and every item with its prediction. */
export function renderPlanJson(plan: Plan, s: PlanSummary): string {
  return renderJsonValue({
    summary: {
      total: s.total,
      toSend: s.toSend,
      byStatus: Object.fromEntries(s.byStatus.map(([k, v]) => [k ?? 'unknown', v])),
      byInstitution: Object.fromEntries(s.byInstitution.map(([k, v]) => [k ?? 'none', v])),
      byAction: Object.fromEntries(s.byAction),
      apply: s.apply,
      skip: s.skip,
      refuse: Object.fromEntries(s.refuse.map((r) => [r.code, r.count])),
    },
    items: plan.items.map((i) => ({
      trackingId: i.trackingId,
      version: i.version,
      request: i.request,
      status: i.current?.status ?? null,
      institutionId: i.current?.institutionId ?? null,
      prediction: i.prediction.kind === 'refuse' ? `refuse:${i.prediction.code}` : i.prediction.kind,
      toStatus: i.prediction.kind === 'apply' ? i.prediction.toStatus : null,
      toInstitutionId: i.prediction.kind === 'apply' ? i.prediction.toInstitutionId : null,
    })),
    unresolved: plan.unresolved.map((u) => ({ trackingId: u.trackingId, request: u.request, detail: u.detail })),
  });
}

interface SummaryRow {
  key: string;
  label: string;
  value: number | string;
}

function summaryRows(s: RunSummary, lang: Lang, withProgress: boolean): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const add = (key: string, label: string, value: number | string) => rows.push({ key, label, value });
  if (withProgress) {
    add('run', t(lang, 'bulk.summary.run'), s.runId);
    add('command', t(lang, 'bulk.summary.command'), s.command);
    add('planned', t(lang, 'bulk.summary.planned'), s.planned);
    add('done', t(lang, 'bulk.summary.done'), s.done);
  }
  add('applied', t(lang, 'bulk.summary.applied'), s.applied);
  add('skipped', t(lang, 'bulk.summary.skipped'), s.skipped);
  add('failed', t(lang, 'bulk.summary.failed'), s.failed);
  for (const [reason, count] of Object.entries(s.failedByReason)) {
    add(`failed.${reason}`, `  ${refusalName(lang, problemToRefusal(reason))}`, count);
  }
  if (withProgress || s.remaining > 0) add('remaining', t(lang, 'bulk.summary.remaining'), s.remaining);
  return rows;
}

/** The reason of a failure (problem type segment) in the words of a refusal where there is one. */
function problemToRefusal(reason: string): string {
  switch (reason) {
    case 'not-found':
      return 'not_found';
    case 'forbidden':
      return 'forbidden';
    case 'invalid-transition':
      return 'invalid_transition';
    case 'unprocessable':
    case 'validation':
      return 'invalid_field';
    case 'precondition-failed':
      return 'stale';
    default:
      return reason;
  }
}

/**
 * The counts of a run. Table: one `label  count` line each on a terminal (failures by reason indented under
 * "failed"), `key<TAB>count` lines when piped. JSON: the RunSummary object.
 */
export function renderSummary(s: RunSummary, format: 'table' | 'json', ctx: RenderContext, withProgress = false): string {
  if (format === 'json') return renderJsonValue(s);
  const rows = summaryRows(s, ctx.lang, withProgress);
  if (!ctx.tty) return rows.map((r) => `${r.key}\t${r.value}`).join('\n') + '\n';
  const width = Math.max(...rows.map((r) => r.label.length));
  const counts = rows.map((r) => (typeof r.value === 'number' ? fmtCount(ctx.lang, r.value) : ''));
  const valueWidth = Math.max(...counts.map((v) => v.length));
  return (
    rows
      .map((r, i) => `${r.label.padEnd(width)}  ${typeof r.value === 'number' ? counts[i].padStart(valueWidth) : r.value}`)
      .join('\n') + '\n'
  );
}

export const FAILURE_COLUMNS: Column<FailureRow>[] = [
  { key: 'trackingId', header: () => 'trackingId', value: (f) => f.trackingId },
  { key: 'action', header: () => 'action', value: (f) => f.action },
  { key: 'reason', header: () => 'reason', value: (f) => f.reason },
  { key: 'status', header: () => 'status', value: (f) => f.status },
  { key: 'problemType', header: () => 'problemType', value: (f) => f.problemType },
  { key: 'detail', header: () => 'detail', value: (f) => f.detail },
];

export function renderFailuresCsv(rows: readonly FailureRow[], ctx: ValueContext): string {
  return renderCsv(rows, FAILURE_COLUMNS, ctx);
}
