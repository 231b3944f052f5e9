// Views of the evidence pack for `lapor stats institutions`: the human report for a terminal (the ranking,
// the subtree totals, the definitions with the ranking rule) and the flat columns (one row per institution
// and scope) for json, ndjson, csv, piped tables and the spreadsheet. Pure: report + context → string.

import { evidenceFlatRows, type EvidenceRow, type StatsInstitutionsReport } from '../../domain/evidence.js';
import type { SheetColumn, SheetValue } from '../../io/xlsx.js';
import { renderTable, wrapWords, type Column, type RenderContext } from '../../io/format.js';
import { t, type Lang } from '../../io/i18n.js';
import { fmtCount } from '../../io/numbers.js';
import { evidenceDefinitions, numberText, shareText } from '../../io/report/evidenceLabels.js';
import { fmtLocalTime, fmtZone, scopeLine } from '../../io/report/labels.js';

/** A flat row: the report's row with its year and the names of its hidden figures (public reports). */
export interface EvidenceFlatRow extends EvidenceRow {
  year: number;
  suppressed: string;
}

export function evidenceRows(r: StatsInstitutionsReport): EvidenceFlatRow[] {
  const hidden = new Set(r.suppressed);
  return evidenceFlatRows(r).map((row) => {
    const p = `${row.scope === 'own' ? 'institution' : 'subtree'}.${row.institutionId}.`;
    const names = Object.keys(row).filter((f) => hidden.has(`${p}${f}`));
    return { year: r.year, ...row, suppressed: names.join(' ') };
  });
}

const FLAT_KEYS = [
  'year',
  'scope',
  'rank',
  'institutionId',
  'name',
  'parentId',
  'depth',
  'received',
  'disposed',
  'followedUp',
  'followUpShare',
  'within',
  'withinShare',
  'completed',
  'completionRate',
  'responded',
  'medianWorkingDays',
  'p90WorkingDays',
  'breaches',
  'escalations',
  'lastActivityAt',
  'daysSinceActivity',
  'suppressed',
] as const satisfies readonly (keyof EvidenceFlatRow)[];

/** The machine columns (json, ndjson, csv, piped table): the wire names. */
export const EVIDENCE_COLUMNS: Column<EvidenceFlatRow>[] = FLAT_KEYS.map((key) => ({ key, header: () => key, value: (r: EvidenceFlatRow) => r[key] }));

const SHEET_WIDTHS = new Map<string, number>([['name', 40], ['institutionId', 18], ['parentId', 18], ['lastActivityAt', 24], ['suppressed', 20]]);
const SHARES = new Set(['followUpShare', 'withinShare', 'completionRate']);

/** The spreadsheet columns: the same names, shares as percentages, counts as whole numbers. */
export const EVIDENCE_SHEET_COLUMNS: SheetColumn[] = FLAT_KEYS.map((key) => ({
  header: key,
  width: SHEET_WIDTHS.get(key) ?? Math.max(8, key.length + 2),
  ...(SHARES.has(key) ? { numFmt: '0.0%' } : ['year', 'rank', 'depth', 'received', 'disposed', 'followedUp', 'within', 'completed', 'responded', 'breaches', 'escalations', 'daysSinceActivity', 'medianWorkingDays', 'p90WorkingDays'].includes(key) ? { numFmt: '0' } : {}),
}));

export function evidenceSheetRow(r: EvidenceFlatRow): SheetValue[] {
  return FLAT_KEYS.map((key) => r[key]);
}

/** The human report: title, scope, the ranking table, the subtree totals, the legend and the definitions. */
export function renderEvidenceText(r: StatsInstitutionsReport, ctx: RenderContext): string {
  const { lang } = ctx;
  const hidden = new Set(r.suppressed);
  const lines: string[] = [];
  lines.push(ctx.color.bold(t(lang, 'evidence.title', { year: r.year })));
  lines.push(`${scopeLine(lang, r.institution)} · ${t(lang, 'stats.asOf', { time: fmtLocalTime(r.asOf, r.utcOffsetMinutes), zone: fmtZone(r.utcOffsetMinutes) })}`);
  if (r.public) lines.push(...wrapWords(`${t(lang, 'evidence.publicNote', { k: r.k ?? 0, hidden: r.suppressed.length })} ${t(lang, 'stats.suppressedLegend')}`, ctx.width));
  lines.push('');
  if (r.institutions.length === 0) {
    lines.push(t(lang, 'evidence.empty'));
    return `${lines.join('\n')}\n`;
  }
  lines.push(ctx.color.bold(t(lang, 'evidence.section.ranking').toUpperCase()));
  lines.push(renderTable(r.institutions, humanColumns(r, hidden, 'institution'), ctx).trimEnd());
  if (r.subtrees.length > 0) {
    lines.push('');
    lines.push(ctx.color.bold(t(lang, 'evidence.section.subtrees').toUpperCase()));
    lines.push(renderTable(r.subtrees, humanColumns(r, hidden, 'subtree'), ctx).trimEnd());
  }
  lines.push('');
  for (const l of wrapWords(t(lang, 'evidence.legend', { n: r.withinWorkingDays }), ctx.width)) lines.push(ctx.color.dim(l));
  lines.push('');
  for (const d of evidenceDefinitions(lang, r)) wrapWords(d, ctx.width - 2).forEach((l, i) => lines.push(`${i === 0 ? '- ' : '  '}${l}`));
  return `${lines.join('\n')}\n`;
}

function humanColumns(r: StatsInstitutionsReport, hidden: ReadonlySet<string>, prefix: 'institution' | 'subtree'): Column<EvidenceRow>[] {
  const is = (row: EvidenceRow, f: string) => hidden.has(`${prefix}.${row.institutionId}.${f}`);
  const right = { align: 'right' as const, fit: 'fixed' as const };
  const count = (key: 'received' | 'disposed' | 'breaches' | 'escalations', header: Parameters<typeof t>[1]): Column<EvidenceRow> => ({
    key,
    header: (l) => t(l, header as 'evidence.column.received'),
    value: (row) => row[key],
    display: (row, ctx) => fmtCount(ctx.lang, row[key]),
    ...right,
  });
  const share = (key: 'followUpShare' | 'withinShare' | 'completionRate', header: (l: Lang) => string): Column<EvidenceRow> => ({
    key,
    header,
    value: (row) => row[key],
    display: (row, ctx) => shareText(ctx.lang, row[key], is(row, key)),
    ...right,
  });
  const cols: Column<EvidenceRow>[] = [];
  if (prefix === 'institution') cols.push({ key: 'rank', header: (l) => t(l, 'evidence.column.rank'), value: (row) => row.rank, display: (row) => (row.rank === null ? '–' : String(row.rank)), ...right });
  cols.push(
    {
      key: 'name',
      header: (l) => t(l, 'evidence.column.institution'),
      // the code: short and distinct at 80 columns (the HTML page and the rows carry the names)
      value: (row) => row.institutionId,
      display: (row) => `${prefix === 'subtree' ? '  '.repeat(row.depth) : ''}${row.institutionId}`,
      fit: 'flex',
      shorten: 'middle',
    },
    count('received', 'evidence.column.received'),
    count('disposed', 'evidence.column.disposed'),
    share('followUpShare', (l) => t(l, 'evidence.column.followUpShare')),
    share('withinShare', (l) => t(l, 'evidence.column.withinShare', { n: r.withinWorkingDays })),
    share('completionRate', (l) => t(l, 'evidence.column.completionRate')),
    { key: 'median', header: (l) => t(l, 'evidence.column.median'), value: (row) => row.medianWorkingDays, display: (row, ctx) => numberText(ctx.lang, row.medianWorkingDays, is(row, 'medianWorkingDays')), ...right },
    { key: 'p90', header: (l) => t(l, 'evidence.column.p90'), value: (row) => row.p90WorkingDays, display: (row, ctx) => numberText(ctx.lang, row.p90WorkingDays, is(row, 'p90WorkingDays')), ...right },
    count('breaches', 'evidence.column.breaches'),
    count('escalations', 'evidence.column.escalations'),
    { key: 'days', header: (l) => t(l, 'evidence.column.days'), value: (row) => row.daysSinceActivity, display: (row, ctx) => numberText(ctx.lang, row.daysSinceActivity, false), ...right },
  );
  return cols;
}
