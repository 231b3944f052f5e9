// The report of an import, on stdout: every bad row (line, column, reason code, detail) as the answer
// streams in, then the summary. Formats: table (people: one line per problem, then the counts), ndjson
// (one `{"reject":…}` a line, then `{"summary":…}`), json (one document {summary, rejects}; the rejects are
// gathered first), csv (the bad rows only: line,trackingId,code,column,detail; the summary goes to stderr).

import type { HeaderPlan } from '../../domain/csv/layout.js';
import type { ImportReject, ImportSummary } from '../../domain/csv/wire.js';
import { csvCell, type OutputFormat } from '../../io/format.js';
import { t, type Lang } from '../../io/i18n.js';
import type { IOStreams } from '../../io/iostreams.js';

export interface Report {
  reject(r: ImportReject): void;
  summary(s: ImportSummary): void;
  /** The file's name for a column the server names by field (`submittedAt` → `Tanggal Laporan Masuk`). */
  columnName(column: string): string;
}

const CSV_HEADER = 'line,trackingId,code,column,detail\n';

function csvRow(values: (string | number | null)[]): string {
  return `${values
    .map((v) => {
      const s = csvCell(v);
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(',')}\n`;
}

export function createReport(io: Pick<IOStreams, 'out' | 'err'>, lang: Lang, format: OutputFormat, plan: HeaderPlan | null): Report {
  const byField = new Map<string, string>();
  if (plan) {
    plan.targets.forEach((target, i) => {
      if (target === null) return;
      if (!byField.has(target)) byField.set(target, plan.names[i]);
      if (target === 'privacy') {
        byField.set('anonymous', plan.names[i]);
        byField.set('confidential', plan.names[i]);
      }
    });
    // a field fed by several columns is named by all of them, in joining order (as the client's own problems)
    for (const [field, columns] of plan.joined ?? []) byField.set(field, columns.map((i) => plan.names[i]).join(' + '));
  }
  const columnName = (column: string) => byField.get(column) ?? column;
  const rejects: ImportReject[] = [];
  let first = true;

  return {
    columnName,
    reject(r) {
      const shown = { ...r, column: r.column === null ? null : columnName(r.column) };
      switch (format) {
        case 'json':
          rejects.push(shown);
          return;
        case 'ndjson':
          io.out.write(`${JSON.stringify({ reject: shown })}\n`);
          return;
        case 'csv':
          if (first) io.out.write(CSV_HEADER);
          first = false;
          io.out.write(csvRow([shown.line, shown.trackingId, shown.code, shown.column, shown.detail]));
          return;
        case 'table': {
          if (first) io.out.write(`${t(lang, 'import.report.badRows')}\n`);
          first = false;
          const where = shown.column === null ? t(lang, 'import.report.atLine', { line: shown.line }) : t(lang, 'import.report.atCell', { line: shown.line, column: shown.column });
          const id = shown.trackingId ? ` [${shown.trackingId}]` : '';
          const detail = shown.detail ? `: ${shown.detail}` : '';
          io.out.write(`  ${where}${id}: ${shown.code} (${t(lang, `import.code.${shown.code}`)})${detail}\n`);
          return;
        }
      }
    },
    summary(s) {
      switch (format) {
        case 'json':
          io.out.write(`${JSON.stringify({ summary: s, rejects }, null, 2)}\n`);
          return;
        case 'ndjson':
          io.out.write(`${JSON.stringify({ summary: s })}\n`);
          return;
        case 'csv':
          if (first) io.out.write(CSV_HEADER);
          io.err.write(summaryText(s, lang));
          return;
        case 'table':
          io.out.write(summaryText(s, lang));
          return;
      }
    },
  };
}

/** The counts for people, one a line, then unknown and created references. */
export function summaryText(s: ImportSummary, lang: Lang): string {
  const lines: string[] = [];
  const state = s.dryRun ? 'import.report.dryRun' : s.applied ? 'import.report.applied' : 'import.report.notApplied';
  lines.push(t(lang, state, { kind: t(lang, `import.kind.${s.kind}`), source: s.source ?? '-' }));
  const rows: [string, number][] = [
    [t(lang, 'import.report.records'), s.records],
    [t(lang, s.applied ? 'import.report.created' : 'import.report.wouldCreate'), s.created],
    [t(lang, 'import.report.unchanged'), s.unchanged],
  ];
  if (s.update) rows.push([t(lang, s.applied ? 'import.report.updated' : 'import.report.wouldUpdate'), s.updated]);
  else rows.push([t(lang, 'import.report.differing'), s.differing]);
  rows.push([t(lang, 'import.report.rejected'), s.rejected]);
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, n] of rows) lines.push(`  ${label.padEnd(width)}  ${n}`);
  if (!s.update && s.differing > 0) lines.push(t(lang, 'import.report.differingHint'));
  const missing: [string, ImportSummary['missing']['institutions'], string | null][] = [
    [t(lang, 'import.report.missingInstitutions'), s.missing.institutions, 'institutions'],
    [t(lang, 'import.report.missingCategories'), s.missing.categories, 'categories'],
    [t(lang, 'import.report.missingChannels'), s.missing.channels, null],
  ];
  let aliasNoun: string | null = null;
  for (const [label, list, noun] of missing) {
    if (list.length === 0) continue;
    lines.push(`${label}: ${list.map((m) => `"${m.value}" (${m.rows})`).join(', ')}`);
    // the entries each name may mean: ambiguous, or near one (never chosen nor created for it)
    for (const m of list) {
      if (!m.candidates || m.candidates.length === 0) continue;
      lines.push(`  ${t(lang, 'import.report.candidates', { value: m.value, candidates: m.candidates.map((c) => `${c.id} (${c.name})`).join(', ') })}`);
      aliasNoun ??= noun;
    }
  }
  if (missing.some(([, list]) => list.length > 0)) lines.push(t(lang, 'import.report.createMissingHint'));
  if (aliasNoun !== null) lines.push(t(lang, 'import.report.aliasHint', { noun: aliasNoun }));
  // created, or in a dry run (or a refused strict run) what would be
  const created: [string, { id: string; name: string }[]][] = [
    [t(lang, s.applied ? 'import.report.createdInstitutions' : 'import.report.wouldCreateInstitutions'), s.createdReferences.institutions],
    [t(lang, s.applied ? 'import.report.createdCategories' : 'import.report.wouldCreateCategories'), s.createdReferences.categories],
    [t(lang, s.applied ? 'import.report.createdChannels' : 'import.report.wouldCreateChannels'), s.createdReferences.channels],
  ];
  for (const [label, list] of created) {
    if (list.length === 0) continue;
    lines.push(`${label}: ${list.map((c) => `${c.id} ("${c.name}")`).join(', ')}`);
  }
  const locations = s.locations ?? [];
  if (locations.length > 0) lines.push(t(lang, 'import.report.locations'));
  for (const w of locations) {
    const where = t(lang, 'import.report.locationRows', { rows: w.rows, line: w.line });
    const names = w.suggestions.map((n) => `"${n}"`).join(', ');
    const hint = names === '' ? '' : t(lang, 'import.report.locationSuggest', { names });
    lines.push(`  ${t(lang, `field.${w.field}`)} "${w.value}" (${where}): ${t(lang, `import.location.${w.code}`)}${hint}`);
  }
  if (s.applied && s.created + s.updated === 0 && s.rejected === 0) lines.push(t(lang, 'import.report.nothingChanged'));
  return `${lines.join('\n')}\n`;
}
