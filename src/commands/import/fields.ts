// The field reference of `lapor import cases --help`: every field a column (or a mapping) can fill, which are
// required, the value vocabularies, the date-pattern tokens and the time-zone rule. Generated from the
// catalogue (IMPORT_FIELDS, REQUIRED_FIELDS, the project's CSV headers, the vocabularies in domain/types.ts
// and their names in the message catalogue), so the help cannot drift from what the import reads.

import { CASE_COLUMNS } from '../../domain/caseColumns.js';
import { IMPORT_FIELDS, REQUIRED_FIELDS } from '../../domain/csv/rules.js';
import { MAPPING_TARGETS } from '../../domain/csv/layout.js';
import { DATE_TOKENS } from '../../domain/csv/values.js';
import { ARCHIVE_REASONS, CLASSIFICATIONS, STATUSES } from '../../domain/types.js';
import { archiveReasonName, classificationName, statusName, t, type Lang } from '../../io/i18n.js';

/** `value (Name), value (Name), …` wrapped at `width` with a hanging indent. */
function wrap(items: readonly string[], indent: string, width = 80): string[] {
  const lines: string[] = [];
  let line = indent;
  for (const item of items) {
    const piece = line.trim() === '' ? item : ` ${item}`;
    if (line.length + piece.length > width && line.trim() !== '') {
      lines.push(line);
      line = indent + item;
    } else line += piece;
  }
  if (line.trim() !== '') lines.push(line);
  return lines;
}

export function importFieldsHelp(lang: Lang): string {
  const required = new Set<string>(REQUIRED_FIELDS);
  const headers = new Map(CASE_COLUMNS.map((c) => [c.name, c]));
  const width = Math.max(...IMPORT_FIELDS.map((f) => f.length)) + 3;
  const lines: string[] = [t(lang, 'import.fields.title')];
  for (const field of IMPORT_FIELDS) {
    const c = headers.get(field);
    const name = `${field}${required.has(field) ? ' *' : ''}`.padEnd(width);
    lines.push(`  ${name}${c === undefined ? '' : lang === 'en' ? c.en : c.id}`);
  }
  // the targets that are not fields of a case: privacy (one cell, two flags) and statusReason (routed by status)
  const extra = MAPPING_TARGETS.filter((m): m is 'privacy' | 'statusReason' => !(IMPORT_FIELDS as readonly string[]).includes(m));
  for (const target of extra) lines.push(`  ${target.padEnd(width)}${t(lang, `import.fields.${target}`)}`);
  lines.push('', t(lang, 'import.fields.values'));
  const list = (title: string, values: readonly string[], name: (v: string) => string) =>
    lines.push(`  ${title}:`, ...wrap(values.map((v, i) => `${v} (${name(v)})${i < values.length - 1 ? ',' : ''}`), '    '));
  list('status', STATUSES, (v) => statusName(lang, v as (typeof STATUSES)[number]));
  list('classification', CLASSIFICATIONS, (v) => classificationName(lang, v as (typeof CLASSIFICATIONS)[number]));
  list('archiveReason', ARCHIVE_REASONS, (v) => archiveReasonName(lang, v as (typeof ARCHIVE_REASONS)[number]));
  lines.push(`  ${t(lang, 'import.fields.flags')}`, `  ${t(lang, 'import.fields.channel')}`);
  lines.push('', t(lang, 'import.fields.dates', { tokens: DATE_TOKENS.join(' ') }));
  return lines.join('\n');
}
