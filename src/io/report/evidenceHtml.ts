// The evidence pack as one self-contained HTML page, in the annual report's style (html.ts: its CSS, its
// bilingual elements switched by CSS alone, no script, nothing fetched): the ranking with its rule, the
// subtree totals, the definitions. Pure: report + language → string.

import type { EvidenceRow, StatsInstitutionsReport } from '../../domain/evidence.js';
import { evidenceDefinitions, numberText, shareText } from './evidenceLabels.js';
import { t, type Lang } from '../i18n.js';
import { fmtCount } from '../numbers.js';
import { bi, biText, escapeHtml, htmlPage, tableOf } from './html.js';
import { fmtLocalTime, fmtZone, scopeLine } from './labels.js';

function rowsTable(r: StatsInstitutionsReport, rows: readonly EvidenceRow[], prefix: 'institution' | 'subtree'): string {
  const hidden = new Set(r.suppressed);
  const is = (row: EvidenceRow, f: string) => hidden.has(`${prefix}.${row.institutionId}.${f}`);
  const head = [
    ...(prefix === 'institution' ? [biText('evidence.column.rank')] : []),
    biText('evidence.column.institution'),
    biText('evidence.html.received'),
    biText('evidence.html.disposed'),
    biText('evidence.html.followedUp'),
    biText('evidence.html.followUpShare'),
    biText('evidence.html.withinShare', { n: r.withinWorkingDays }),
    biText('evidence.html.completionRate'),
    biText('evidence.html.medianP90'),
    biText('evidence.html.breaches'),
    biText('evidence.html.escalations'),
    biText('evidence.html.lastActivity'),
  ];
  const body = rows.map((row) => [
    ...(prefix === 'institution' ? [row.rank === null ? '–' : String(row.rank)] : []),
    `${'&nbsp;&nbsp;'.repeat(prefix === 'subtree' ? row.depth : 0)}${escapeHtml(row.name)} <small>(${escapeHtml(row.institutionId)})</small>`,
    bi((l) => fmtCount(l, row.received)),
    bi((l) => fmtCount(l, row.disposed)),
    bi((l) => fmtCount(l, row.followedUp)),
    bi((l) => shareText(l, row.followUpShare, is(row, 'followUpShare'))),
    bi((l) => shareText(l, row.withinShare, is(row, 'withinShare'))),
    bi((l) => shareText(l, row.completionRate, is(row, 'completionRate'))),
    bi((l) => `${numberText(l, row.medianWorkingDays, is(row, 'medianWorkingDays'))} · ${numberText(l, row.p90WorkingDays, is(row, 'p90WorkingDays'))}`),
    bi((l) => fmtCount(l, row.breaches)),
    bi((l) => fmtCount(l, row.escalations)),
    bi((l) =>
      row.lastActivityAt === null
        ? escapeHtml(t(l, 'evidence.never'))
        : `${escapeHtml(fmtLocalTime(row.lastActivityAt, r.utcOffsetMinutes).slice(0, 10))} (${escapeHtml(t(l, 'evidence.daysAgo', { n: fmtCount(l, row.daysSinceActivity) }))})`,
    ),
  ]);
  return tableOf(head, body, prefix === 'institution' ? 2 : 1, 'ranking');
}

/** The whole page. */
export function renderEvidenceHtml(r: StatsInstitutionsReport, lang: Lang): string {
  const body = `
<input type="radio" name="lang" id="lang-id" class="switch"${lang === 'id' ? ' checked' : ''}>
<input type="radio" name="lang" id="lang-en" class="switch"${lang === 'en' ? ' checked' : ''}>
<div class="page">
<nav class="langs">${biText('stats.language')}: <label for="lang-id">Bahasa Indonesia</label><label for="lang-en">English</label></nav>
<h1>${biText('evidence.title', { year: r.year })}</h1>
${r.publisher === null ? '' : `<p class="meta">${biText('stats.publisher', { name: r.publisher.name })}</p>`}
<p class="meta">${bi((l) => escapeHtml(scopeLine(l, r.institution)))} · ${bi((l) => escapeHtml(t(l, 'stats.asOf', { time: fmtLocalTime(r.asOf, r.utcOffsetMinutes), zone: fmtZone(r.utcOffsetMinutes) })))}</p>
<p class="meta">${bi((l) => escapeHtml(t(l, 'evidence.activityAt', { time: fmtLocalTime(r.activityAt, r.utcOffsetMinutes), zone: fmtZone(r.utcOffsetMinutes) })))}</p>
<p class="meta">${biText('stats.source')}</p>
${r.public ? `<p class="public">${bi((l) => escapeHtml(`${t(l, 'evidence.publicNote', { k: r.k ?? 0, hidden: r.suppressed.length })} ${t(l, 'stats.suppressedLegend')}`))}</p>` : ''}
<h2>${biText('evidence.section.ranking')}</h2>
<p class="meta">${bi((l) => escapeHtml(t(l, 'evidence.def.ranking', { min: r.rankingMinDisposed, n: r.withinWorkingDays })))}</p>
${r.institutions.length === 0 ? `<p>${biText('evidence.empty')}</p>` : rowsTable(r, r.institutions, 'institution')}
${r.subtrees.length === 0 ? '' : `<h2>${biText('evidence.section.subtrees')}</h2>\n${rowsTable(r, r.subtrees, 'subtree')}`}
<h2>${biText('stats.section.definitions')}</h2>
${bi((l) => `<ul class="defs">${evidenceDefinitions(l, r).map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>`, 'div')}
</div>`;
  return htmlPage(lang, (l) => t(l, 'evidence.title', { year: r.year }), body);
}
