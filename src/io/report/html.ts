// The annual statistics report as one self-contained HTML page: inline CSS, inline SVG charts, no script,
// no external resource (nothing to fetch, so it opens offline and prints as it shows). Bilingual: every text
// is there in Indonesian and English (elements with lang="id" / lang="en"); two radio buttons switch the
// language with CSS alone, the one given is chosen at first. Charts: monthly volume, channels, categories,
// clock compliance, institution ranking. Pure: report + language → string.

import { GOOD_AGENCY_FOLLOW_UP_RATE, type BreakdownCell, type BreakdownName, type StatsAnnualReport } from '../../domain/stats.js';
import { t, type Lang, type MessageKey } from '../i18n.js';
import { cellName, definitions, fmtCount, fmtDecimal, fmtLocalTime, fmtOffset, fmtPercent, monthName, scopeLine } from './labels.js';

const LANGS: readonly Lang[] = ['id', 'en'];

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** The same content in both languages, each in its own element. */
function bi(render: (lang: Lang) => string, tag = 'span'): string {
  return LANGS.map((lang) => `<${tag} lang="${lang}">${render(lang)}</${tag}>`).join('');
}

function biText(key: MessageKey, params?: Record<string, string | number>): string {
  return bi((lang) => escapeHtml(params ? t(lang, key as 'stats.title.annual', params as { year: string }) : t(lang, key as 'stats.language')));
}

const COLORS = { bar: '#1f6fb2', good: '#2e7d32', late: '#ef8f00', overdue: '#c62828', running: '#9e9e9e', grid: '#d0d7de', text: '#1b1f24' };

/** Horizontal bar chart of labelled values (null = suppressed: no bar, the mark instead). */
function hbarChart(
  id: string,
  title: (lang: Lang) => string,
  rows: readonly { label: (lang: Lang) => string; value: number | null; text: (lang: Lang) => string; color?: string }[],
  max: number,
): string {
  const rowH = 22;
  const labelW = 230;
  const barW = 290;
  const height = rows.length * rowH + 10;
  const items = rows
    .map((r, i) => {
      const y = 5 + i * rowH;
      const w = r.value === null || max <= 0 ? 0 : Math.max(r.value > 0 ? 1 : 0, (r.value / max) * barW);
      const labels = LANGS.map(
        (lang) =>
          `<g lang="${lang}"><text x="${labelW - 6}" y="${y + 15}" text-anchor="end">${escapeHtml(clip(r.label(lang), 34))}</text>` +
          `<text x="${labelW + w + 5}" y="${y + 15}">${escapeHtml(r.text(lang))}</text></g>`,
      ).join('');
      return `<rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${rowH - 7}" fill="${r.color ?? COLORS.bar}"/>${labels}`;
    })
    .join('');
  return figure(id, title, `<svg viewBox="0 0 640 ${height}" width="640" height="${height}" role="img">${items}</svg>`);
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

function figure(id: string, title: (lang: Lang) => string, svg: string): string {
  return `<figure class="chart" id="${id}"><figcaption>${bi((lang) => escapeHtml(title(lang)))}</figcaption>${svg}</figure>`;
}

function monthChart(r: StatsAnnualReport): string {
  const cells = r.breakdowns.month;
  const max = Math.max(1, ...cells.map((c) => c.count ?? 0));
  const W = 640;
  const H = 220;
  const left = 50;
  const bottom = 190;
  const slot = (W - left - 10) / 12;
  const ticks = [0, 0.5, 1].map((f) => {
    const y = bottom - f * 160;
    return `<line x1="${left}" x2="${W - 10}" y1="${y}" y2="${y}" stroke="${COLORS.grid}"/><text x="${left - 6}" y="${y + 4}" text-anchor="end">${escapeHtml(String(Math.round(f * max)))}</text>`;
  });
  const bars = cells
    .map((c, i) => {
      const x = left + i * slot + slot * 0.15;
      const h = c.count === null ? 0 : (c.count / max) * 160;
      const labels = LANGS.map(
        (lang) =>
          `<g lang="${lang}"><text x="${(x + slot * 0.35).toFixed(1)}" y="${bottom + 16}" text-anchor="middle">${monthName(lang, i + 1)}</text>` +
          `<text x="${(x + slot * 0.35).toFixed(1)}" y="${(bottom - h - 4).toFixed(1)}" text-anchor="middle" class="small">${escapeHtml(fmtCount(lang, c.count))}</text></g>`,
      ).join('');
      return `<rect x="${x.toFixed(1)}" y="${(bottom - h).toFixed(1)}" width="${(slot * 0.7).toFixed(1)}" height="${h.toFixed(1)}" fill="${COLORS.bar}"/>${labels}`;
    })
    .join('');
  return figure('chart-month', (lang) => t(lang, 'stats.chart.month'), `<svg viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img">${ticks.join('')}${bars}</svg>`);
}

function breakdownChart(r: StatsAnnualReport, dim: BreakdownName, id: string, title: MessageKey, top = 12): string {
  const cells = r.breakdowns[dim].slice(0, top);
  const total = r.headline.received;
  const max = Math.max(1, ...cells.map((c) => c.count ?? 0));
  return hbarChart(
    id,
    (lang) => t(lang, title as 'stats.section.channel'),
    cells.map((c) => ({
      label: (lang: Lang) => cellName(lang, dim, c),
      value: c.count,
      text: (lang: Lang) => `${fmtCount(lang, c.count)}${c.count !== null && total ? ` (${fmtPercent(lang, c.count / total)})` : ''}`,
    })),
    max,
  );
}

function clockChart(r: StatsAnnualReport): string {
  const W = 640;
  const rows = (['verify', 'response'] as const).map((name, i) => {
    const f = r.headline[name];
    const parts = [
      { v: f.onTime, color: COLORS.good, key: 'stats.clock.onTime' as const },
      { v: f.late, color: COLORS.late, key: 'stats.clock.late' as const },
      { v: f.overdue, color: COLORS.overdue, key: 'stats.clock.overdue' as const },
      { v: f.running, color: COLORS.running, key: 'stats.clock.running' as const },
    ];
    const total = parts.reduce((a, p) => a + (p.v ?? 0), 0);
    const y = 10 + i * 46;
    let x = 230;
    const segs = parts
      .map((p) => {
        const w = total === 0 || p.v === null ? 0 : (p.v / total) * 330;
        const seg = `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="22" fill="${p.color}"/>`;
        x += w;
        return seg;
      })
      .join('');
    const n = name === 'verify' ? r.clocks.verifyWorkingDays : r.clocks.responseWorkingDays;
    const labels = LANGS.map(
      (lang) =>
        `<g lang="${lang}"><text x="224" y="${y + 16}" text-anchor="end">${escapeHtml(t(lang, `stats.clockShort.${name}`, { n }))}</text>` +
        `<text x="566" y="${y + 16}">${escapeHtml(fmtPercent(lang, f.onTimeShare, f.onTimeShare === null && r.public))}</text></g>`,
    ).join('');
    return segs + labels;
  });
  const legend = LANGS.map(
    (lang) =>
      `<g lang="${lang}">${[
        [COLORS.good, 'stats.clock.onTime'],
        [COLORS.late, 'stats.clock.late'],
        [COLORS.overdue, 'stats.clock.overdue'],
        [COLORS.running, 'stats.clock.running'],
      ]
        .map(([color, key], i) => `<rect x="${20 + i * 150}" y="104" width="12" height="12" fill="${color}"/><text x="${36 + i * 150}" y="114">${escapeHtml(t(lang, key as 'stats.clock.late'))}</text>`)
        .join('')}</g>`,
  ).join('');
  return figure('chart-clocks', (lang) => t(lang, 'stats.chart.clocks'), `<svg viewBox="0 0 ${W} 124" width="${W}" height="124" role="img">${rows.join('')}${legend}</svg>`);
}

function rankingChart(r: StatsAnnualReport): string {
  const rows = r.institutions.slice(0, 15);
  return hbarChart(
    'chart-ranking',
    (lang) => t(lang, 'stats.chart.ranking'),
    rows.map((row) => ({
      label: () => `${row.rank}. ${row.name}`,
      value: row.completionRate,
      text: (lang: Lang) => fmtPercent(lang, row.completionRate, row.completionRate === null && r.public),
      color: row.good === false ? COLORS.late : COLORS.good,
    })),
    1,
  );
}

function table(head: string[], rows: string[][], numericFrom = 1): string {
  const th = head.map((h, i) => `<th${i >= numericFrom ? ' class="num"' : ''}>${h}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${i >= numericFrom ? ' class="num"' : ''}>${c}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

function breakdownTable(r: StatsAnnualReport, dim: BreakdownName, cells: readonly BreakdownCell[], total: number | null): string {
  return table(
    [biText(`stats.section.${dim}` as MessageKey), biText('stats.column.received'), '%'],
    cells.map((c) => [
      bi((lang) => escapeHtml(cellName(lang, dim, c))),
      bi((lang) => fmtCount(lang, c.count)),
      bi((lang) => (c.count === null || !total ? '' : fmtPercent(lang, c.count / total))),
    ]),
  );
}

const CSS = `
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: ${COLORS.text}; margin: 0; background: #fff; }
.page { max-width: 900px; margin: 0 auto; padding: 24px 32px; }
.switch { position: absolute; left: -9999px; }
#lang-id:checked ~ .page [lang="en"], #lang-en:checked ~ .page [lang="id"] { display: none; }
nav.langs { float: right; font-size: 13px; }
nav.langs label { cursor: pointer; padding: 2px 8px; border: 1px solid ${COLORS.grid}; border-radius: 4px; margin-left: 4px; }
#lang-id:checked ~ .page label[for="lang-id"], #lang-en:checked ~ .page label[for="lang-en"] { background: ${COLORS.bar}; color: #fff; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 2px solid ${COLORS.bar}; padding-bottom: 3px; }
p.meta { color: #57606a; margin: 2px 0; font-size: 13px; }
p.public { background: #fff8c5; padding: 6px 10px; border-radius: 4px; font-size: 13px; }
.kpis { display: grid; grid-template-columns: repeat(4, 1fr); gap: 10px; margin: 14px 0; }
.kpi { border: 1px solid ${COLORS.grid}; border-radius: 6px; padding: 10px; }
.kpi .v { font-size: 22px; font-weight: bold; }
.kpi .l { font-size: 12px; color: #57606a; }
.kpi.good .v { color: ${COLORS.good}; } .kpi.bad .v { color: ${COLORS.overdue}; }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0 12px; }
th, td { border-bottom: 1px solid ${COLORS.grid}; padding: 4px 6px; text-align: left; }
th { background: #f6f8fa; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure.chart { margin: 10px 0 18px; page-break-inside: avoid; }
figure.chart figcaption { font-weight: bold; font-size: 14px; margin-bottom: 4px; }
svg { max-width: 100%; height: auto; font-size: 12px; }
svg text { fill: ${COLORS.text}; } svg text.small { font-size: 10px; }
.cols { display: grid; grid-template-columns: 1fr 1fr; gap: 18px; }
ul.defs { font-size: 13px; padding-left: 18px; } ul.defs li { margin: 4px 0; }
@media print {
  nav.langs { display: none; }
  .page { max-width: none; padding: 0; }
  h2 { page-break-after: avoid; }
  table, .kpis { page-break-inside: avoid; }
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
  return table(
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
        bi((l) => escapeHtml(h.verify.medianWorkingDays === null ? '–' : t(l, 'stats.figure.medianP90', { median: fmtCount(l, h.verify.medianWorkingDays), p90: fmtCount(l, h.verify.p90WorkingDays) }))),
      ],
      [
        biText('stats.figure.response', { n: r.clocks.responseWorkingDays }),
        bi((l) => escapeHtml(h.response.medianWorkingDays === null ? '–' : t(l, 'stats.figure.medianP90', { median: fmtCount(l, h.response.medianWorkingDays), p90: fmtCount(l, h.response.p90WorkingDays) }))),
      ],
      [
        biText('stats.figure.closing'),
        bi((l) => escapeHtml(h.closing.medianWorkingDays === null ? '–' : t(l, 'stats.figure.medianP90', { median: fmtCount(l, h.closing.medianWorkingDays), p90: fmtCount(l, h.closing.p90WorkingDays) }))),
      ],
      [biText('stats.figure.rating'), bi((l) => (h.ratingMean === null ? '–' : escapeHtml(t(l, 'stats.figure.ratingValue', { mean: fmtDecimal(l, h.ratingMean, 2), n: fmtCount(l, h.ratingCount) }))))],
    ],
  );
}

/** Status at year end and now, side by side. */
function statusTable(r: StatsAnnualReport): string {
  return table(
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
  return table(
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
        String(row.rank),
        escapeHtml(row.name),
        bi((l) => fmtCount(l, row.received)),
        bi((l) => `${fmtPercent(l, row.followUpRate, hidden.has(`${p}followUpRate`))}${row.good ? ' ✓' : ''}`),
        bi((l) => fmtPercent(l, row.completionRate, hidden.has(`${p}completionRate`))),
        bi((l) => fmtPercent(l, row.responseOnTimeShare, hidden.has(`${p}responseOnTimeShare`))),
        bi((l) => (row.responseMedianWorkingDays === null ? (hidden.has(`${p}responseMedianWorkingDays`) ? t(l, 'stats.suppressedMark') : '–') : fmtCount(l, row.responseMedianWorkingDays))),
      ];
    }),
    2,
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
<p class="meta">${bi((l) => escapeHtml(scopeLine(l, r.institution)))}</p>
<p class="meta">${bi((l) => escapeHtml(t(l, 'stats.asOf', { time: fmtLocalTime(r.asOf, r.utcOffsetMinutes), offset: fmtOffset(r.utcOffsetMinutes) })))}</p>
${r.public ? `<p class="public">${bi((l) => escapeHtml(`${t(l, 'stats.publicNote', { k: r.k ?? 0, hidden: r.suppressed.length })} ${t(l, 'stats.suppressedLegend')}`))}</p>` : ''}
<div class="kpis">${kpis}</div>
<h2>${biText('stats.section.headline')}</h2>
${summary}
<h2>${biText('stats.section.month')}</h2>
${monthChart(r)}
<h2>${biText('stats.section.clocks')}</h2>
${clockChart(r)}
<h2>${biText('stats.section.channel')}</h2>
${breakdownChart(r, 'channel', 'chart-channel', 'stats.section.channel')}
${breakdownTable(r, 'channel', r.breakdowns.channel, total)}
<h2>${biText('stats.section.categoryTop')}</h2>
${breakdownChart(r, 'categoryTop', 'chart-category', 'stats.section.categoryTop')}
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
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${escapeHtml(t(lang, 'stats.title.annual', { year: r.year }))} · ${escapeHtml(t(lang === 'id' ? 'en' : 'id', 'stats.title.annual', { year: r.year }))}</title>
<style>${CSS}</style>
</head>
<body>${body}
</body>
</html>
`;
}
