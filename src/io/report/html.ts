// The annual statistics report as one self-contained HTML page: inline CSS, inline charts, no script, no
// external resource (nothing to fetch, so it opens offline and prints as it shows). Bilingual: every text
// is there in Indonesian and English (elements with lang="id" / lang="en"); two radio buttons switch the
// language with CSS alone, the one given is chosen at first. Charts: monthly volume, clock compliance (SVG),
// channels, categories, institution ranking (HTML bars). Each chart is one picture (role="img") named by
// its caption, with its figures in a table next to it. The layout holds from a 390 px phone to a desktop:
// the SVGs place their marks in percent of their width and keep their text in CSS pixels (no viewBox to
// shrink it), HTML bars let long names wrap, tables scroll inside their own box. Pure: report + language →
// string.

import { GOOD_AGENCY_FOLLOW_UP_RATE, type BreakdownCell, type BreakdownName, type StatsAnnualReport } from '../../domain/stats.js';
import { t, type Lang, type MessageKey } from '../i18n.js';
import { cellName, definitions, fmtHours, fmtLocalTime, fmtMedianP90, fmtZone, monthName, scopeLine } from './labels.js';
import { fmtCount, fmtDecimal, fmtPercent } from '../numbers.js';

const LANGS: readonly Lang[] = ['id', 'en'];

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** The same content in both languages, each in its own element. */
export function bi(render: (lang: Lang) => string, tag = 'span'): string {
  return LANGS.map((lang) => `<${tag} lang="${lang}">${render(lang)}</${tag}>`).join('');
}

export function biText(key: MessageKey, params?: Record<string, string | number>): string {
  return bi((lang) => escapeHtml(params ? t(lang, key as 'stats.title.annual', params as { year: string }) : t(lang, key as 'stats.language')));
}

const COLORS = { bar: '#1f6fb2', good: '#2e7d32', late: '#ef8f00', overdue: '#c62828', running: '#9e9e9e', grid: '#d0d7de', text: '#1b1f24' };

/** An upper end for an axis: 1, 2, 2.5 or 5 times a power of ten, at least `max`. */
function niceMax(max: number): number {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  return ([1, 2, 2.5, 5, 10].find((f) => f * p >= max) ?? 10) * p;
}

const pct = (f: number) => `${(f * 100).toFixed(2)}%`;

/** The caption of a chart, with an id its accessible name points at. */
function figure(id: string, title: (lang: Lang) => string, chart: string, after = ''): string {
  return `<figure class="chart" id="${id}"><figcaption id="${id}-title">${bi((lang) => escapeHtml(title(lang)))}</figcaption>${chart}${after}</figure>`;
}

/** A table of the figures a chart draws, folded away under the chart. */
function dataTable(tableHtml: string): string {
  return `<details class="data"><summary>${biText('stats.dataTable')}</summary>${tableHtml}</details>`;
}

interface HBarRow {
  rank?: string;
  label: (lang: Lang) => string;
  /** Share of the axis (0–1); null = suppressed: no bar, the mark as its value. */
  share: number | null;
  text: (lang: Lang) => string;
  color?: string;
}

/**
 * Horizontal bars in HTML and CSS: the labels are text that wraps (a long institution name is never cut and
 * the rank has its own column, as wide as its text), and on a narrow screen each label goes above its bar.
 * The bars are one picture (role="img", named by the caption); the table next to the chart holds the figures.
 */
function hbarChart(id: string, title: (lang: Lang) => string, rows: readonly HBarRow[], ticks: (lang: Lang) => [string, string, string], after = ''): string {
  const cells = rows
    .map(
      (r) =>
        `<span class="rank">${escapeHtml(r.rank ?? '')}</span><span class="lbl">${bi((lang) => escapeHtml(r.label(lang)))}</span>` +
        `<span class="track"><span class="bar" style="width:${pct(Math.min(1, Math.max(0, r.share ?? 0)))};background:${r.color ?? COLORS.bar}"></span></span>` +
        `<span class="val">${bi((lang) => escapeHtml(r.text(lang)))}</span>`,
    )
    .join('');
  const axis =
    `<span class="rank"></span><span class="lbl"></span><span class="track ticks">` +
    bi((lang) => ticks(lang).map((tick, i) => `<span class="t${i}">${escapeHtml(tick)}</span>`).join('')) +
    `</span><span class="val"></span>`;
  return figure(id, title, `<div class="hbars" role="img" aria-labelledby="${id}-title">${cells}${axis}</div>`, after);
}

/**
 * The monthly volume as an SVG without a viewBox: positions in percent of its width, text in CSS pixels, so
 * the text keeps its size on any screen and the bars stretch. The y axis gutter is a share of the width
 * sized for its longest tick label at the narrowest layout (340 px).
 */
function monthChart(r: StatsAnnualReport): string {
  const cells = r.breakdowns.month;
  const top = niceMax(Math.max(1, ...cells.map((c) => c.count ?? 0)));
  const H = 236;
  const plotTop = 34;
  const bottom = 196;
  const plotH = bottom - plotTop;
  const tickValues = [0, top / 2, top];
  const longest = Math.max(...LANGS.flatMap((lang) => tickValues.map((v) => fmtCount(lang, v).length)));
  const gutter = Math.min(0.25, (longest * 7 + 10) / 340);
  const slot = (1 - gutter) / 12;
  const grid = tickValues
    .map((v) => {
      const y = bottom - (v / top) * plotH;
      return `<line x1="${pct(gutter)}" x2="100%" y1="${y}" y2="${y}" stroke="${COLORS.grid}"/>`;
    })
    .join('');
  const tickText = LANGS.map(
    (lang) =>
      `<g lang="${lang}"><text x="2" y="14" class="axis-title">${escapeHtml(t(lang, 'stats.axis.cases'))}</text>` +
      tickValues.map((v) => `<text x="${pct(gutter)}" dx="-6" y="${bottom - (v / top) * plotH + 4}" text-anchor="end">${escapeHtml(fmtCount(lang, v))}</text>`).join('') +
      `<text x="100%" y="${H - 6}" text-anchor="end" class="axis-title">${escapeHtml(`${t(lang, 'stats.axis.month')} ${r.year}`)}</text></g>`,
  ).join('');
  const bars = cells
    .map((c, i) => {
      const x = gutter + i * slot + slot * 0.15;
      const mid = gutter + (i + 0.5) * slot;
      const h = c.count === null ? 0 : (c.count / top) * plotH;
      const labels = LANGS.map(
        (lang) =>
          `<g lang="${lang}"><text x="${pct(mid)}" y="${bottom + 16}" text-anchor="middle">${monthName(lang, i + 1)}</text>` +
          `<text x="${pct(mid)}" y="${(bottom - h - 4).toFixed(1)}" text-anchor="middle" class="val">${escapeHtml(fmtCount(lang, c.count))}</text></g>`,
      ).join('');
      return `<rect x="${pct(x)}" y="${(bottom - h).toFixed(1)}" width="${pct(slot * 0.7)}" height="${h.toFixed(1)}" fill="${COLORS.bar}"/>${labels}`;
    })
    .join('');
  const peak = cells.reduce<BreakdownCell | null>((best, c) => (c.count !== null && (best === null || c.count > (best.count ?? 0)) ? c : best), null);
  const title = (lang: Lang) =>
    peak === null || peak.count === 0
      ? t(lang, 'stats.chart.monthPlain', { year: r.year })
      : t(lang, 'stats.chart.monthPeak', { month: monthName(lang, Number(peak.key)), n: fmtCount(lang, peak.count) });
  const svg = `<svg class="vchart" width="100%" height="${H}" role="img" aria-labelledby="chart-month-title">${grid}${bars}${tickText}</svg>`;
  const table = dataTable(
    tableOf(
      [biText('stats.axis.month'), biText('stats.column.received')],
      cells.map((c, i) => [bi((lang) => escapeHtml(monthName(lang, i + 1))), bi((lang) => fmtCount(lang, c.count))]),
    ),
  );
  return figure('chart-month', title, svg, table);
}

function breakdownChart(r: StatsAnnualReport, dim: BreakdownName, id: string, top = 12): string {
  const cells = r.breakdowns[dim].slice(0, top);
  const total = r.headline.received;
  const axisMax = niceMax(Math.max(1, ...cells.map((c) => c.count ?? 0)));
  return hbarChart(
    id,
    (lang) => t(lang, 'stats.chart.share', { n: fmtCount(lang, total) }),
    cells.map((c) => ({
      label: (lang: Lang) => cellName(lang, dim, c),
      share: c.count === null ? null : c.count / axisMax,
      text: (lang: Lang) => `${fmtCount(lang, c.count)}${c.count !== null && total ? ` (${fmtPercent(lang, c.count / total)})` : ''}`,
    })),
    (lang) => ['0', fmtCount(lang, axisMax / 2), `${fmtCount(lang, axisMax)} ${t(lang, 'stats.axis.cases')}`],
  );
}

const CLOCK_PARTS = [
  { field: 'onTime', color: COLORS.good, key: 'stats.clock.onTime' },
  { field: 'late', color: COLORS.late, key: 'stats.clock.late' },
  { field: 'overdue', color: COLORS.overdue, key: 'stats.clock.overdue' },
  { field: 'running', color: COLORS.running, key: 'stats.clock.running' },
] as const;

/** The two clocks as stacked bars (SVG, percent positions as the monthly chart), the legend in HTML. */
function clockChart(r: StatsAnnualReport): string {
  const clocks = ['verify', 'response'] as const;
  const rowH = 52;
  const H = clocks.length * rowH + 4;
  const rows = clocks.map((name, i) => {
    const f = r.headline[name];
    const total = CLOCK_PARTS.reduce((a, p) => a + (f[p.field] ?? 0), 0);
    const y = i * rowH;
    let x = 0;
    const segs = CLOCK_PARTS.map((p) => {
      const v = f[p.field];
      const w = total === 0 || v === null ? 0 : v / total;
      const seg = `<rect x="${pct(x)}" y="${y + 22}" width="${pct(w)}" height="22" fill="${p.color}"/>`;
      x += w;
      return seg;
    }).join('');
    const n = name === 'verify' ? r.clocks.verifyWorkingDays : r.clocks.responseWorkingDays;
    const labels = LANGS.map(
      (lang) =>
        `<g lang="${lang}"><text x="2" y="${y + 15}">${escapeHtml(t(lang, `stats.clockShort.${name}`, { n }))}</text>` +
        `<text x="100%" y="${y + 15}" text-anchor="end" class="strong">${escapeHtml(`${fmtPercent(lang, f.onTimeShare, f.onTimeShare === null && r.public)} ${t(lang, 'stats.clock.onTime').toLowerCase()}`)}</text></g>`,
    ).join('');
    return segs + labels;
  });
  const legend = `<ul class="legend">${CLOCK_PARTS.map((p) => `<li><span class="swatch" style="background:${p.color}"></span>${biText(p.key)}</li>`).join('')}</ul>`;
  const table = dataTable(
    tableOf(
      [biText('stats.column.clock'), ...CLOCK_PARTS.map((p) => biText(p.key)), biText('stats.column.onTimeShare')],
      clocks.map((name) => {
        const f = r.headline[name];
        const n = name === 'verify' ? r.clocks.verifyWorkingDays : r.clocks.responseWorkingDays;
        return [
          biText(`stats.clockShort.${name}`, { n }),
          ...CLOCK_PARTS.map((p) => bi((l) => fmtCount(l, f[p.field]))),
          bi((l) => fmtPercent(l, f.onTimeShare, f.onTimeShare === null && r.public)),
        ];
      }),
    ),
  );
  const svg = `<svg class="clocks" width="100%" height="${H}" role="img" aria-labelledby="chart-clocks-title">${rows.join('')}</svg>`;
  return figure('chart-clocks', (lang) => t(lang, 'stats.chart.clockShares'), svg, legend + table);
}

/** The ranked institutions (the first 15): completion rate on a 0–100% axis. */
function rankingChart(r: StatsAnnualReport): string {
  const rows = r.institutions.filter((row) => row.rank !== null).slice(0, 15);
  const title = (lang: Lang) =>
    rows.length === 0 ? t(lang, 'stats.chart.rankingNone', { min: r.rankingMinCases }) : t(lang, 'stats.chart.rankingTop', { n: rows.length, min: r.rankingMinCases });
  const legend =
    rows.length === 0
      ? ''
      : `<ul class="legend">${[
          [COLORS.good, 'stats.legend.good'],
          [COLORS.late, 'stats.legend.notGood'],
        ]
          .map(
            ([color, key]) =>
              `<li><span class="swatch" style="background:${color}"></span>${bi((l) => escapeHtml(t(l, key as 'stats.legend.good', { threshold: fmtPercent(l, r.goodAgencyFollowUpRate) })))}</li>`,
          )
          .join('')}</ul>`;
  return hbarChart(
    'chart-ranking',
    title,
    rows.map((row) => ({
      rank: `${row.rank}.`,
      label: () => row.name,
      share: row.completionRate,
      text: (lang: Lang) => fmtPercent(lang, row.completionRate, row.completionRate === null && r.public),
      color: row.good === false ? COLORS.late : COLORS.good,
    })),
    (lang) => [`${fmtCount(lang, 0)}%`, `${fmtCount(lang, 50)}%`, `${fmtCount(lang, 100)}%`],
    legend,
  );
}

/** A table in its own scrolling box: a wide table scrolls sideways inside it, never the page. */
export function tableOf(head: string[], rows: string[][], numericFrom = 1, cls = ''): string {
  const th = head.map((h, i) => `<th${i >= numericFrom ? ' class="num"' : ''}>${h}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${i >= numericFrom ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`).join('');
  return `<div class="scroll" tabindex="0"><table${cls ? ` class="${cls}"` : ''}><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function breakdownTable(r: StatsAnnualReport, dim: BreakdownName, cells: readonly BreakdownCell[], total: number | null): string {
  return tableOf(
    [biText(`stats.section.${dim}` as MessageKey), biText('stats.column.received'), '%'],
    cells.map((c) => [
      bi((lang) => escapeHtml(cellName(lang, dim, c))),
      bi((lang) => fmtCount(lang, c.count)),
      bi((lang) => (c.count === null || !total ? '' : fmtPercent(lang, c.count / total))),
    ]),
  );
}

export const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: ${COLORS.text}; margin: 0; background: #fff; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.page { max-width: 900px; margin: 0 auto; padding: 24px 32px; }
.switch { position: absolute; left: -9999px; }
#lang-id:checked ~ .page [lang="en"], #lang-en:checked ~ .page [lang="id"] { display: none; }
nav.langs { float: right; font-size: 13px; margin: 0 0 8px 12px; }
nav.langs label { cursor: pointer; padding: 2px 8px; border: 1px solid ${COLORS.grid}; border-radius: 4px; margin-left: 4px; display: inline-block; }
#lang-id:checked ~ .page label[for="lang-id"], #lang-en:checked ~ .page label[for="lang-en"] { background: ${COLORS.bar}; color: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 2px solid ${COLORS.bar}; padding-bottom: 3px; }
p.meta { color: #57606a; margin: 2px 0; font-size: 13px; }
p.public { background: #fff8c5; padding: 6px 10px; border-radius: 4px; font-size: 13px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 160px), 1fr)); gap: 10px; margin: 14px 0; }
.kpi { border: 1px solid ${COLORS.grid}; border-radius: 6px; padding: 10px; min-width: 0; }
.kpi .v { font-size: 22px; font-weight: bold; }
.kpi .l { font-size: 12px; color: #57606a; overflow-wrap: anywhere; }
.kpi.good .v { color: ${COLORS.good}; } .kpi.bad .v { color: ${COLORS.overdue}; }
.scroll { overflow-x: auto; max-width: 100%; margin: 6px 0 12px; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { border-bottom: 1px solid ${COLORS.grid}; padding: 4px 6px; text-align: left; }
table.ranking td:nth-child(2) { min-width: 15em; }
th { background: #f6f8fa; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
figure.chart { margin: 10px 0 18px; page-break-inside: avoid; }
figure.chart figcaption { font-weight: bold; font-size: 14px; margin-bottom: 6px; }
svg { display: block; font-size: 12px; overflow: visible; }
svg text { fill: ${COLORS.text}; } svg text.axis-title { fill: #57606a; font-size: 11px; } svg text.strong { font-weight: bold; }
.hbars { display: grid; grid-template-columns: auto minmax(0, 17em) minmax(90px, 1fr) auto; gap: 5px 8px; align-items: center; font-size: 13px; }
.hbars .rank { text-align: right; font-variant-numeric: tabular-nums; }
.hbars .track { height: 16px; position: relative; }
.hbars .bar { display: block; height: 100%; }
.hbars .val { white-space: nowrap; font-variant-numeric: tabular-nums; }
.hbars .ticks { height: 18px; font-size: 11px; color: #57606a; border-top: 1px solid ${COLORS.grid}; align-self: start; }
.hbars .ticks span span { position: absolute; top: 2px; white-space: nowrap; }
.hbars .ticks .t0 { left: 0; } .hbars .ticks .t1 { left: 50%; transform: translateX(-50%); } .hbars .ticks .t2 { right: 0; }
ul.legend { list-style: none; padding: 0; margin: 6px 0; display: flex; flex-wrap: wrap; gap: 4px 16px; font-size: 12px; }
ul.legend .swatch { display: inline-block; width: 12px; height: 12px; margin-right: 5px; vertical-align: -1px; }
details.data { font-size: 13px; margin: 4px 0; } details.data summary { cursor: pointer; color: ${COLORS.bar}; }
.cols { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 320px), 1fr)); gap: 0 18px; }
.cols > div { min-width: 0; }
ul.defs { font-size: 13px; padding-left: 18px; } ul.defs li { margin: 4px 0; }
@media (max-width: 640px) {
  .page { padding: 16px; }
  h1 { font-size: 20px; }
  svg text.val { display: none; }
  .hbars { grid-template-columns: auto minmax(0, 1fr) auto; gap: 2px 8px; }
  .hbars .lbl { grid-column: 2 / 4; }
  .hbars .track { grid-column: 2; margin-bottom: 6px; }
  .hbars .val { grid-column: 3; margin-bottom: 6px; }
  .hbars .rank + .lbl:empty { display: none; }
}
@media print {
  nav.langs { display: none; }
  .page { max-width: none; padding: 0; }
  h2 { page-break-after: avoid; }
  table, .kpis { page-break-inside: avoid; }
  details.data { display: none; }
  @page { size: A4; margin: 14mm; }
}
`;

/** The headline figures as cards above the page's first section. */
function kpiCards(r: StatsAnnualReport, hidden: ReadonlySet<string>): string {
  const h = r.headline;
  const kpi = (label: MessageKey, value: (l: Lang) => string, cls = '', params?: Record<string, string | number>) =>
    `<div class="kpi ${cls}"><div class="v">${bi((l) => escapeHtml(value(l)))}</div><div class="l">${biText(label, params)}</div></div>`;
  const good = h.followUpRate === null ? '' : h.followUpRate >= GOOD_AGENCY_FOLLOW_UP_RATE ? 'good' : 'bad';
  return [
    kpi('stats.figure.received', (l) => fmtCount(l, h.received)),
    kpi('stats.figure.followUpRate', (l) => fmtPercent(l, h.followUpRate, hidden.has('headline.followUpRate')), good),
    kpi('stats.figure.completionRate', (l) => fmtPercent(l, h.completionRate, hidden.has('headline.completionRate'))),
    kpi('stats.figure.openOver60', (l) => fmtCount(l, h.openOver60Days)),
    kpi('stats.figure.verify', (l) => fmtPercent(l, h.verify.onTimeShare, hidden.has('headline.verify.onTimeShare')), '', { n: r.clocks.verifyWorkingDays }),
    kpi('stats.figure.response', (l) => fmtPercent(l, h.response.onTimeShare, hidden.has('headline.response.onTimeShare')), '', { n: r.clocks.responseWorkingDays }),
    kpi('stats.figure.archived', (l) => fmtPercent(l, h.archivedShare, hidden.has('headline.archivedShare'))),
    kpi('stats.figure.rating', (l) => (h.ratingMean === null ? '–' : fmtDecimal(l, h.ratingMean, 2))),
  ].join('');
}

/** The headline counts and clocks in a table. */
function summaryTable(r: StatsAnnualReport): string {
  const h = r.headline;
  return tableOf(
    [biText('stats.section.headline'), ''],
    [
      [biText('stats.figure.received'), bi((l) => fmtCount(l, h.received))],
      [biText('stats.figure.disposed'), bi((l) => fmtCount(l, h.disposed))],
      [biText('stats.figure.followedUp'), bi((l) => fmtCount(l, h.followedUp))],
      [biText('stats.figure.completed'), bi((l) => fmtCount(l, h.completed))],
      [biText('stats.figure.archived'), bi((l) => fmtCount(l, h.archived))],
      [biText('stats.figure.postponed'), bi((l) => `${fmtCount(l, h.postponedEver)} (${escapeHtml(t(l, 'stats.figure.postponedNow', { n: fmtCount(l, h.postponedNow) }))})`)],
      [
        biText('stats.figure.verify', { n: r.clocks.verifyWorkingDays }),
        bi((l) => escapeHtml(h.verify.medianWorkingDays === null ? '–' : fmtMedianP90(l, h.verify))),
      ],
      [
        biText('stats.figure.response', { n: r.clocks.responseWorkingDays }),
        bi((l) => escapeHtml(h.response.medianWorkingDays === null ? '–' : fmtMedianP90(l, h.response))),
      ],
      [
        biText('stats.figure.closing'),
        bi((l) => escapeHtml(h.closing.medianWorkingDays === null ? '–' : fmtMedianP90(l, h.closing))),
      ],
      [biText('stats.figure.rating'), bi((l) => (h.ratingMean === null ? '–' : escapeHtml(t(l, 'stats.figure.ratingValue', { mean: fmtDecimal(l, h.ratingMean, 2), n: fmtCount(l, h.ratingCount) }))))],
    ],
  );
}

/** Status at year end and now, side by side. */
function statusTable(r: StatsAnnualReport): string {
  return tableOf(
    [biText('stats.section.status'), biText('stats.column.yearEnd'), biText('stats.column.now')],
    r.breakdowns.statusNow.map((now, i) => [
      bi((l) => escapeHtml(cellName(l, 'statusNow', now))),
      bi((l) => fmtCount(l, r.breakdowns.statusAtYearEnd[i].count)),
      bi((l) => fmtCount(l, now.count)),
    ]),
  );
}

/** The institution ranking, every row. */
function rankingTable(r: StatsAnnualReport, hidden: ReadonlySet<string>): string {
  return tableOf(
    [
      biText('stats.column.rank'),
      biText('stats.column.institution'),
      biText('stats.column.received'),
      biText('stats.column.followUpRate'),
      biText('stats.column.completionRate'),
      biText('stats.column.responseOnTime'),
      biText('stats.column.responseMedian'),
    ],
    r.institutions.map((row) => {
      const p = `institution.${row.institutionId}.`;
      return [
        row.rank === null ? '–' : String(row.rank),
        escapeHtml(row.name),
        bi((l) => fmtCount(l, row.received)),
        bi((l) => `${fmtPercent(l, row.followUpRate, hidden.has(`${p}followUpRate`))}${row.good ? ' ✓' : ''}`),
        bi((l) => fmtPercent(l, row.completionRate, hidden.has(`${p}completionRate`))),
        bi((l) => fmtPercent(l, row.responseOnTimeShare, hidden.has(`${p}responseOnTimeShare`))),
        bi((l) => (row.responseMedianWorkingDays === null ? (hidden.has(`${p}responseMedianWorkingDays`) ? t(l, 'stats.suppressedMark') : '–') : row.responseMedianHours !== null ? fmtHours(l, row.responseMedianHours) : fmtCount(l, row.responseMedianWorkingDays))),
      ];
    }),
    2,
    'ranking',
  );
}

/** The whole page. */
export function renderReportHtml(r: StatsAnnualReport, lang: Lang): string {
  const h = r.headline;
  const hidden = new Set(r.suppressed);
  const kpis = kpiCards(r, hidden);
  const summary = summaryTable(r);
  const status = statusTable(r);
  const ranking = rankingTable(r, hidden);

  const total = h.received;
  const body = `
<input type="radio" name="lang" id="lang-id" class="switch"${lang === 'id' ? ' checked' : ''}>
<input type="radio" name="lang" id="lang-en" class="switch"${lang === 'en' ? ' checked' : ''}>
<div class="page">
<nav class="langs">${biText('stats.language')}: <label for="lang-id">Bahasa Indonesia</label><label for="lang-en">English</label></nav>
<h1>${biText('stats.title.annual', { year: r.year })}</h1>
${r.publisher === null ? '' : `<p class="meta">${biText('stats.publisher', { name: r.publisher.name })}</p>`}
<p class="meta">${bi((l) => escapeHtml(scopeLine(l, r.institution)))} · ${bi((l) => escapeHtml(t(l, 'stats.asOf', { time: fmtLocalTime(r.asOf, r.utcOffsetMinutes), zone: fmtZone(r.utcOffsetMinutes) })))}</p>
<p class="meta">${biText('stats.source')}</p>
${r.public ? `<p class="public">${bi((l) => escapeHtml(`${t(l, 'stats.publicNote', { k: r.k ?? 0, hidden: r.suppressed.length })} ${t(l, 'stats.suppressedLegend')}`))}</p>` : ''}
<div class="kpis">${kpis}</div>
<h2>${biText('stats.section.headline')}</h2>
${summary}
<h2>${biText('stats.section.month')}</h2>
${monthChart(r)}
<h2>${biText('stats.section.clocks')}</h2>
${clockChart(r)}
<h2>${biText('stats.section.channel')}</h2>
${breakdownChart(r, 'channel', 'chart-channel')}
${breakdownTable(r, 'channel', r.breakdowns.channel, total)}
<h2>${biText('stats.section.categoryTop')}</h2>
${breakdownChart(r, 'categoryTop', 'chart-category')}
${breakdownTable(r, 'categoryTop', r.breakdowns.categoryTop, total)}
<div class="cols"><div>
<h2>${biText('stats.section.classification')}</h2>
${breakdownTable(r, 'classification', r.breakdowns.classification, total)}
<h2>${biText('stats.section.archiveReason')}</h2>
${breakdownTable(r, 'archiveReason', r.breakdowns.archiveReason, r.headline.archived)}
</div><div>
<h2>${biText('stats.section.region')}</h2>
${breakdownTable(r, 'region', r.breakdowns.region, total)}
<h2>${biText('stats.section.status')}</h2>
${status}
</div></div>
<h2>${biText('stats.section.ranking')}</h2>
${rankingChart(r)}
${ranking}
<h2>${biText('stats.section.category')}</h2>
${breakdownTable(r, 'category', r.breakdowns.category, total)}
<h2>${biText('stats.section.definitions')}</h2>
${bi((l) => `<ul class="defs">${definitions(l, r).map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>`, 'div')}
</div>`;
  return htmlPage(lang, (l) => t(l, 'stats.title.annual', { year: r.year }), body);
}

/**
 * A self-contained page (no network: inline CSS, a policy that forbids everything else) titled in both
 * languages, `lang` first; the annual report and the evidence pack are both written in it.
 */
export function htmlPage(lang: Lang, title: (l: Lang) => string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(title(lang))} · ${escapeHtml(title(lang === 'id' ? 'en' : 'id'))}</title>
<style>${CSS}</style>
</head>
<body>${body}
</body>
</html>
`;
}
