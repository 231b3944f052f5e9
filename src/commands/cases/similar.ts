// lapor cases similar: cases that may be duplicates of one case — same category and regency, submitted within
// a window around it, ranked by title similarity (the server's GET /v1/cases/{id}/similar).

import { Command } from 'commander';
import type { Deps } from '../../cmdutil/deps.js';
import { examples } from '../../cmdutil/command.js';
import { addOutputOptions, parsePositiveInt, parseTrackingId, type OutputOptions } from '../../cmdutil/flags.js';
import type { SimilarCase } from '../../domain/schemas.js';
import { SIMILAR_WINDOW_DAYS } from '../../domain/similarity.js';
import { createRenderContext, printRows, selectColumns, type Column } from '../../io/format.js';
import { statusName, t } from '../../io/i18n.js';
import { relativeTime } from '../../io/time.js';

export interface SimilarOptions extends OutputOptions {
  trackingId: string;
  days: number;
  limit: number;
}

export const SIMILAR_COLUMNS: Column<SimilarCase>[] = [
  { key: 'trackingId', header: (lang) => t(lang, 'field.trackingId'), value: (r) => r.trackingId, fit: 'fixed' },
  { key: 'score', header: (lang) => t(lang, 'duplicates.column.score'), value: (r) => r.score, align: 'right', fit: 'fixed' },
  { key: 'status', header: (lang) => t(lang, 'field.status'), value: (r) => r.status, display: (r, ctx) => statusName(ctx.lang, r.status) },
  { key: 'institutionId', header: (lang) => t(lang, 'field.institutionId'), value: (r) => r.institutionId, shorten: 'middle' },
  { key: 'submittedAt', header: (lang) => t(lang, 'field.submittedAt'), value: (r) => r.submittedAt, display: (r, ctx) => relativeTime(r.submittedAt, ctx.now, ctx.lang) },
  { key: 'title', header: (lang) => t(lang, 'field.title'), value: (r) => r.title, fit: 'flex' },
  { key: 'version', header: (lang) => t(lang, 'field.version'), value: (r) => r.version, align: 'right' },
];
const DEFAULT_FIELDS = ['trackingId', 'score', 'status', 'institutionId', 'submittedAt', 'title'];

export function createSimilarCommand(deps: Deps, runF: (opts: SimilarOptions, deps: Deps) => Promise<void> = similarRun): Command {
  const { lang } = deps;
  const cmd = new Command('similar')
    .description(t(lang, 'cmd.cases.similar'))
    .argument('<trackingId>', t(lang, 'arg.trackingId'), parseTrackingId)
    .option('--days <n>', t(lang, 'duplicates.flag.days'), parsePositiveInt(366, lang), SIMILAR_WINDOW_DAYS)
    .option('--limit <n>', t(lang, 'duplicates.flag.limit'), parsePositiveInt(100, lang), 10);
  return addOutputOptions(cmd, lang)
    .addHelpText('after', examples(lang, ['lapor cases similar LPR-2025-0000123', 'lapor cases similar LPR-2025-0000123 --days 7 --format json']))
    .action(async (trackingId: string, raw: OutputOptions & { days: number; limit: number }) => {
      selectColumns(SIMILAR_COLUMNS, raw.fields, DEFAULT_FIELDS);
      await runF({ trackingId, ...raw }, deps);
    });
}

export async function similarRun(opts: SimilarOptions, deps: Deps): Promise<void> {
  const api = await deps.api();
  const res = await api.similarCases(opts.trackingId, { days: opts.days, limit: opts.limit });
  const ctx = createRenderContext(deps.io, deps.lang, deps.now());
  if (opts.format === 'table' && res.items.length === 0) {
    deps.io.err.write(`${t(deps.lang, 'duplicates.similar.none', { trackingId: opts.trackingId })}\n`);
    return;
  }
  if (opts.format === 'table' && ctx.tty) {
    const method = t(deps.lang, `duplicates.similar.method.${res.method}`);
    deps.io.err.write(`${t(deps.lang, 'duplicates.similar.header', { trackingId: opts.trackingId, method })}\n`);
  }
  printRows(deps.io, opts.format, res.items, selectColumns(SIMILAR_COLUMNS, opts.fields, DEFAULT_FIELDS), ctx);
}
