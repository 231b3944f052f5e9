// Views of the statistics reports for `lapor stats`: the human report for a terminal (sections, aligned
// figures, small bar charts) and the tidy columns (one row per figure × dimension) for json, ndjson, csv and
// piped tables. Pure: report + context → string.

import {
  GOOD_AGENCY_FOLLOW_UP_RATE,
  type BreakdownCell,
  type BreakdownName,
  type ClockFigure,
  type StatsAnnualReport,
  type StatsTrendReport,
  type TidyRow,
} from '../../domain/stats.js';
import type { SheetColumn, SheetValue } from '../../io/xlsx.js';
import { displayWidth, sanitizeText, shortenDistinct, type Column, type RenderContext } from '../../io/format.js';
import { t, type Lang } from '../../io/i18n.js';
import { fmtChange, fmtCount, fmtDecimal, fmtPercent, fmtPoints } from '../../io/numbers.js';
import { cellName, definitions, fmtHours, fmtLocalTime, fmtMedianP90, fmtOffset, fmtZone, scopeLine } from '../../io/report/labels.js';

export const TIDY_COLUMNS: Column<TidyRow>[] = [
  { key: 'year', header: () => 'year', value: (r) => r.year },
  { key: 'scope', header: () => 'scope', value: (r) => r.scope },
  { key: 'figure', header: () => 'figure', value: (r) => r.figure },
  { key: 'dimension', header: () => 'dimension', value: (r) => r.dimension },
  { key: 'key', header: () => 'key', value: (r) => r.key },
  { key: 'value', header: () => 'value', value: (r) => r.value },
  { key: 'suppressed', header: () => 'suppressed', value: (r) => r.suppressed },
];

/** The tidy rows as a spreadsheet (--format xlsx): the same columns, typed cells, a width each. */
export const TIDY_SHEET_COLUMNS: SheetColumn[] = [
  { header: 'year', width: 6, numFmt: '0' },
  { header: 'scope', width: 18 },
  { header: 'figure', width: 26 },
  { header: 'dimension', width: 14 },
  { header: 'key', width: 28 },
  { header: 'value', width: 12 },
  { header: 'suppressed', width: 11 },
];

export function tidySheetRow(r: TidyRow): SheetValue[] {
  return [r.year, r.scope, r.figure, r.dimension, r.key, r.value, r.suppressed];
}


const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `share` (0–1) of `width` cells, in eighths. */
export function bar(share: number | null, width: number): string {
  if (share === null || !Number.isFinite(share) || share <= 0) return '';
  const eighths = Math.round(Math.min(1, share) * width * 8);
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8];
}

function padEnd(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

function padStart(s: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(s))) + s;
}

function cut(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  let out = '';
  for (const ch of s) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
}

interface Layout {
  label: number;
  value: number;
  bar: number;
}

function layout(width: number): Layout {
  const label = Math.min(38, Math.max(20, Math.floor(width * 0.42)));
  return { label, value: 9, bar: Math.max(8, Math.min(24, width - label - 9 - 14)) };
}

function heading(ctx: RenderContext, text: string): string {
  return ctx.color.bold(text.toUpperCase());
}

/** One breakdown: name, count, bar relative to the largest, share of the total. */
function breakdownLines(
  ctx: RenderContext,
  L: Layout,
  dim: BreakdownName,
  cells: readonly BreakdownCell[],
  total: number | null,
  top: number,
): string[] {
  // the drill-down comes grouped by category; the terminal shows the largest first
  const ordered = dim === 'category' ? [...cells].sort((a, b) => (b.count ?? -1) - (a.count ?? -1) || (a.key < b.key ? -1 : 1)) : cells;
  const shown = top > 0 ? ordered.slice(0, top) : ordered;
  const max = Math.max(0, ...cells.map((c) => c.count ?? 0));
  // names shortened in the middle, never two the same (io/format.ts#shortenDistinct)
  const names = shortenDistinct(shown.map((c) => sanitizeText(cellName(ctx.lang, dim, c))), L.label - 2);
  const lines = shown.map((c, k) => {
    const name = padEnd(names[k], L.label - 2);
    const share = c.count === null || total === null || total === 0 ? null : c.count / total;
    const b = padEnd(bar(max === 0 || c.count === null ? null : c.count / max, L.bar), L.bar);
    return `  ${name}${padStart(fmtCount(ctx.lang, c.count), L.value)}  ${ctx.color.cyan(b)} ${padStart(share === null ? '' : fmtPercent(ctx.lang, share), 6)}`.trimEnd();
  });
  if (shown.length < cells.length) lines.push(`  ${ctx.color.dim(t(ctx.lang, 'stats.more', { n: fmtCount(ctx.lang, cells.length - shown.length) }))}`);
  return lines;
}

function figureLine(ctx: RenderContext, L: Layout, label: string, value: string, extra = ''): string {
  return `  ${padEnd(cut(label, L.label - 2), L.label - 2)}${padStart(value, L.value)}${extra ? `  ${extra}` : ''}`.trimEnd();
}

function hiddenSet(r: { suppressed: readonly string[] }): Set<string> {
  return new Set(r.suppressed);
}

function clockLine(ctx: RenderContext, L: Layout, label: string, f: ClockFigure, hidden: boolean): string[] {
  const lang = ctx.lang;
  const share = fmtPercent(lang, f.onTimeShare, hidden);
  const med = f.medianWorkingDays === null ? '' : fmtMedianP90(lang, f);
  const counts = t(lang, 'stats.figure.clockCounts', {
    onTime: fmtCount(lang, f.onTime),
    late: fmtCount(lang, f.late),
    overdue: fmtCount(lang, f.overdue),
    running: fmtCount(lang, f.running),
  });
  return [
    figureLine(ctx, L, label, share, `${ctx.color.green(padEnd(bar(f.onTimeShare, L.bar), L.bar))}`),
    ...wrap(counts, ctx.width - 4, '    ').map((l) => ctx.color.dim(l)),
    ...(med ? [ctx.color.dim(`    ${med}`)] : []),
  ];
}

/** The annual report for people (a terminal). `top` rows per long breakdown (0 = all). */
export function renderAnnualText(r: StatsAnnualReport, ctx: RenderContext, top = 10): string {
  const L = layout(ctx.width);
  const hidden = hiddenSet(r);
  const out: string[] = [];
  reportHead(out, ctx, r, t(ctx.lang, 'stats.title.annual', { year: r.year }));
  out.push('');
  headlineSection(out, ctx, L, r, (f) => hidden.has(`headline.${f}`));
  out.push('');
  clocksSection(out, ctx, L, r, (f) => hidden.has(`headline.${f}`));
  breakdownSections(out, ctx, L, r, top);
  out.push('');
  rankingSection(out, ctx, r, hidden, top);
  out.push('');
  definitionsSection(out, ctx, definitions(ctx.lang, r));
  return out.join('\n') + '\n';
}

/** Title, scope, time of the figures and, for a public report, its suppression note. */
function reportHead(out: string[], ctx: RenderContext, r: StatsAnnualReport | StatsTrendReport, title: string): void {
  const lang = ctx.lang;
  out.push(ctx.color.bold(title));
  out.push(scopeLine(lang, r.institution));
  out.push(ctx.color.dim(t(lang, 'stats.asOf', { time: fmtLocalTime(r.asOf, r.utcOffsetMinutes), zone: fmtZone(r.utcOffsetMinutes) })));
  if (r.public) {
    out.push(ctx.color.yellow(t(lang, 'stats.publicNote', { k: r.k ?? 0, hidden: fmtCount(lang, r.suppressed.length) })));
    out.push(ctx.color.dim(t(lang, 'stats.suppressedLegend')));
  }
}

function headlineSection(out: string[], ctx: RenderContext, L: Layout, r: StatsAnnualReport, isHidden: (figure: string) => boolean): void {
  const lang = ctx.lang;
  const h = r.headline;
  out.push(heading(ctx, t(lang, 'stats.section.headline')));
  if (h.received === 0) {
    out.push(`  ${t(lang, 'stats.empty')}`);
  }
  out.push(figureLine(ctx, L, t(lang, 'stats.figure.received'), fmtCount(lang, h.received)));
  out.push(figureLine(ctx, L, t(lang, 'stats.figure.disposed'), fmtCount(lang, h.disposed)));
  out.push(figureLine(ctx, L, t(lang, 'stats.figure.followedUp'), fmtCount(lang, h.followedUp)));
  const good = h.followUpRate === null ? '' : h.followUpRate >= GOOD_AGENCY_FOLLOW_UP_RATE ? ctx.color.green('✓') : ctx.color.red('✗');
  out.push(
    figureLine(ctx, L, t(lang, 'stats.figure.followUpRate'), fmtPercent(lang, h.followUpRate, isHidden('followUpRate')), `${ctx.color.green(padEnd(bar(h.followUpRate, L.bar), L.bar))} ${good}`),
  );
  out.push(ctx.color.dim(`    ${t(lang, 'stats.figure.goodAgency', { threshold: fmtPercent(lang, GOOD_AGENCY_FOLLOW_UP_RATE) })}`));
  out.push(
    figureLine(ctx, L, t(lang, 'stats.figure.completionRate'), fmtPercent(lang, h.completionRate, isHidden('completionRate')), ctx.color.green(bar(h.completionRate, L.bar))),
  );
  out.push(figureLine(ctx, L, t(lang, 'stats.figure.completed'), fmtCount(lang, h.completed)));
  out.push(
    figureLine(ctx, L, t(lang, 'stats.figure.archived'), fmtPercent(lang, h.archivedShare, isHidden('archivedShare')), `(${fmtCount(lang, h.archived)})`),
  );
  out.push(
    figureLine(
      ctx,
      L,
      t(lang, 'stats.figure.postponed'),
      fmtPercent(lang, h.postponedShare, isHidden('postponedShare')),
      `(${fmtCount(lang, h.postponedEver)}) · ${t(lang, 'stats.figure.postponedNow', { n: fmtCount(lang, h.postponedNow) })}`,
    ),
  );
  out.push(figureLine(ctx, L, t(lang, 'stats.figure.openOver60'), fmtCount(lang, h.openOver60Days)));
  out.push(
    figureLine(
      ctx,
      L,
      t(lang, 'stats.figure.rating'),
      h.ratingMean === null ? (isHidden('ratingMean') ? t(lang, 'stats.suppressedMark') : '–') : fmtDecimal(lang, h.ratingMean, 2),
      h.ratingMean === null ? '' : t(lang, 'stats.figure.ratingOf', { n: fmtCount(lang, h.ratingCount) }),
    ),
  );
}

function clocksSection(out: string[], ctx: RenderContext, L: Layout, r: StatsAnnualReport, isHidden: (figure: string) => boolean): void {
  const lang = ctx.lang;
  const h = r.headline;
  out.push(heading(ctx, t(lang, 'stats.section.clocks')));
  out.push(...clockLine(ctx, L, t(lang, 'stats.figure.verify', { n: r.clocks.verifyWorkingDays }), h.verify, isHidden('verify.onTimeShare')));
  out.push(...clockLine(ctx, L, t(lang, 'stats.figure.response', { n: r.clocks.responseWorkingDays }), h.response, isHidden('response.onTimeShare')));
  out.push(
    figureLine(
      ctx,
      L,
      t(lang, 'stats.figure.closing'),
      fmtCount(lang, h.closing.n),
      h.closing.medianWorkingDays === null
        ? ''
        : ctx.color.dim(fmtMedianP90(lang, h.closing)),
    ),
  );
}

/** The breakdowns in the report's order, with the status at year end and now side by side among them. */
function breakdownSections(out: string[], ctx: RenderContext, L: Layout, r: StatsAnnualReport, top: number): void {
  const lang = ctx.lang;
  const h = r.headline;
  const section = (key: Parameters<typeof t>[1], dim: BreakdownName, total: number | null, n = top) => {
    out.push('');
    out.push(heading(ctx, t(lang, key as 'stats.section.month')));
    out.push(...breakdownLines(ctx, L, dim, r.breakdowns[dim], total, n));
  };
  section('stats.section.month', 'month', h.received, 0);
  section('stats.section.channel', 'channel', h.received);
  section('stats.section.categoryTop', 'categoryTop', h.received);
  section('stats.section.category', 'category', h.received);
  section('stats.section.classification', 'classification', h.received, 0);
  section('stats.section.region', 'region', h.received);
  section('stats.section.institution', 'institution', h.received);

  // status at year end and now, side by side
  out.push('');
  out.push(heading(ctx, t(lang, 'stats.section.status')));
  out.push(
    ctx.color.dim(`  ${padEnd('', L.label - 2)}${padStart(t(lang, 'stats.column.yearEnd'), 12)}${padStart(t(lang, 'stats.column.now'), 12)}`),
  );
  r.breakdowns.statusNow.forEach((now, i) => {
    const ye = r.breakdowns.statusAtYearEnd[i];
    out.push(
      `  ${padEnd(cut(cellName(lang, 'statusNow', now), L.label - 2), L.label - 2)}${padStart(fmtCount(lang, ye.count), 12)}${padStart(fmtCount(lang, now.count), 12)}`,
    );
  });
  section('stats.section.archiveReason', 'archiveReason', h.archived, 0);
}

/** The institution ranking: at least ten rows, `top` when more (0 = all). */
function rankingSection(out: string[], ctx: RenderContext, r: StatsAnnualReport, hidden: Set<string>, top: number): void {
  const lang = ctx.lang;
  out.push(heading(ctx, t(lang, 'stats.section.ranking')));
  const rows = top > 0 ? r.institutions.slice(0, Math.max(top, 10)) : r.institutions;
  const nameWidth = Math.max(12, ctx.width - 56);
  out.push(
    ctx.color.dim(
      `  ${padStart(t(lang, 'stats.column.rank'), 3)} ${padEnd(t(lang, 'stats.column.institution'), nameWidth)}${padStart(t(lang, 'stats.column.received'), 8)}${padStart(t(lang, 'stats.column.followUpRate'), 14)}${padStart(t(lang, 'stats.column.completionRate'), 10)}${padStart(t(lang, 'stats.column.responseOnTime'), 8)}${padStart(t(lang, 'stats.column.responseMedian'), 10)}`,
    ),
  );
  const names = shortenDistinct(rows.map((row) => sanitizeText(row.name)), nameWidth);
  for (const [k, row] of rows.entries()) {
    const p = `institution.${row.institutionId}.`;
    const mark = row.good === null ? ' ' : row.good ? ctx.color.green('✓') : ctx.color.red('✗');
    out.push(
      `  ${padStart(row.rank === null ? '–' : String(row.rank), 3)} ${padEnd(names[k], nameWidth)}${padStart(fmtCount(lang, row.received), 8)}${padStart(fmtPercent(lang, row.followUpRate, hidden.has(`${p}followUpRate`)), 12)} ${mark}${padStart(fmtPercent(lang, row.completionRate, hidden.has(`${p}completionRate`)), 10)}${padStart(fmtPercent(lang, row.responseOnTimeShare, hidden.has(`${p}responseOnTimeShare`)), 8)}${padStart(row.responseMedianWorkingDays === null ? (hidden.has(`${p}responseMedianWorkingDays`) ? t(lang, 'stats.suppressedMark') : '–') : row.responseMedianHours !== null ? fmtHours(lang, row.responseMedianHours) : fmtCount(lang, row.responseMedianWorkingDays), 10)}`.trimEnd(),
    );
  }
  if (rows.length < r.institutions.length) out.push(`  ${ctx.color.dim(t(lang, 'stats.more', { n: fmtCount(lang, r.institutions.length - rows.length) }))}`);
}

function definitionsSection(out: string[], ctx: RenderContext, defs: readonly string[]): void {
  out.push(heading(ctx, t(ctx.lang, 'stats.section.definitions')));
  for (const d of defs) out.push(...wrap(`- ${d}`, ctx.width - 2, '  '));
}

/** Word-wraps a paragraph to `width` columns, indenting every line. */
export function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && displayWidth(line) + 1 + displayWidth(word) > width - indent.length) {
      lines.push(indent + line);
      line = `  ${word}`;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(indent + line);
  return lines;
}

/** The trend for people: one row per year with changes, and a bar of the cases received. */
export function renderTrendText(r: StatsTrendReport, ctx: RenderContext): string {
  const lang: Lang = ctx.lang;
  const out: string[] = [];
  const hidden = hiddenSet(r);
  reportHead(out, ctx, r, t(lang, 'stats.title.trend', { from: r.from, to: r.to }));
  out.push('');
  const head = [
    t(lang, 'stats.column.year'),
    t(lang, 'stats.column.received'),
    t(lang, 'stats.column.change'),
    t(lang, 'stats.column.followUpShort'),
    t(lang, 'stats.column.change'),
    t(lang, 'stats.column.completionRate'),
    t(lang, 'stats.column.change'),
    t(lang, 'stats.column.verifyShort'),
    t(lang, 'stats.column.responseShort'),
  ];
  const body = r.years.map((y) => {
    const h = y.headline;
    const hid = (f: string) => hidden.has(`${y.year}.headline.${f}`);
    return [
      String(y.year),
      fmtCount(lang, h.received),
      fmtChange(lang, y.change.received),
      fmtPercent(lang, h.followUpRate, hid('followUpRate')),
      fmtPoints(lang, y.change.followUpRate),
      fmtPercent(lang, h.completionRate, hid('completionRate')),
      fmtPoints(lang, y.change.completionRate),
      fmtPercent(lang, h.verify.onTimeShare, hid('verify.onTimeShare')),
      fmtPercent(lang, h.response.onTimeShare, hid('response.onTimeShare')),
    ];
  });
  const widths = head.map((hd, i) => Math.max(displayWidth(hd), ...body.map((b) => displayWidth(b[i]))));
  const gap = 2 + widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1) <= ctx.width ? 2 : 1;
  const row = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? padEnd(c, widths[i]) : padStart(c, widths[i]))).join(' '.repeat(gap)).trimEnd();
  out.push(ctx.color.dim(`  ${row(head)}`));
  for (const b of body) out.push(`  ${row(b)}`);
  out.push(...wrap(t(lang, 'stats.trend.legend'), ctx.width - 2, '  ').map((l) => ctx.color.dim(l)));
  out.push('');
  out.push(heading(ctx, t(lang, 'stats.figure.received')));
  const max = Math.max(0, ...r.years.map((y) => y.headline.received ?? 0));
  const barWidth = Math.max(8, Math.min(40, ctx.width - 22));
  for (const y of r.years) {
    out.push(
      `  ${String(y.year)}  ${padStart(fmtCount(lang, y.headline.received), 9)}  ${ctx.color.cyan(bar(max === 0 || y.headline.received === null ? null : y.headline.received / max, barWidth))}`.trimEnd(),
    );
  }
  out.push('');
  definitionsSection(out, ctx, [
    t(lang, 'stats.def.year', { zone: fmtZone(r.utcOffsetMinutes), offset: fmtOffset(r.utcOffsetMinutes) }),
    t(lang, 'stats.def.followUp', { threshold: fmtPercent(lang, GOOD_AGENCY_FOLLOW_UP_RATE) }),
    t(lang, 'stats.def.trendChange'),
  ]);
  return out.join('\n') + '\n';
}
