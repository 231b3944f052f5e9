// What the verbs of `lapor templates` share: the columns of a template, the file formats of import and
// export (JSON: an array of {name, institutionId, description, body}; CSV: columns name, institution,
// description, body, where an empty institution is national), and the text of a template's scope.

import { parse } from 'csv-parse/sync';
import { restoreFormula } from '../../domain/export.js';
import { NewTemplateSchema, parseTemplate, type NewTemplate, type Template } from '../../domain/templates.js';
import { UsageError } from '../../io/errors.js';
import { renderCsv, renderJsonValue, type Column } from '../../io/format.js';
import { t, type Lang } from '../../io/i18n.js';
import { relativeTime } from '../../io/time.js';

/** "badung.dinkes", or "nasional" / "national" for a national definition. */
export function scopeText(lang: Lang, institutionId: string | null): string {
  return institutionId ?? t(lang, 'templates.national');
}

export const TEMPLATE_COLUMNS: Column<Template>[] = [
  { key: 'name', header: (l) => t(l, 'templates.column.name'), value: (r) => r.name, fit: 'fixed' },
  {
    key: 'institutionId',
    header: (l) => t(l, 'templates.column.institutionId'),
    value: (r) => r.institutionId,
    display: (r, ctx) => scopeText(ctx.lang, r.institutionId),
    fit: 'fixed',
  },
  { key: 'description', header: (l) => t(l, 'templates.column.description'), value: (r) => r.description, fit: 'flex' },
  { key: 'variables', header: (l) => t(l, 'templates.column.variables'), value: (r) => r.variables.join(','), fit: 'flex' },
  { key: 'body', header: (l) => t(l, 'templates.column.body'), value: (r) => r.body, fit: 'flex' },
  { key: 'updatedBy', header: (l) => t(l, 'templates.column.updatedBy'), value: (r) => r.updatedBy },
  {
    key: 'updatedAt',
    header: (l) => t(l, 'templates.column.updatedAt'),
    value: (r) => r.updatedAt,
    display: (r, ctx) => relativeTime(r.updatedAt, ctx.now, ctx.lang),
  },
];

/** Refuses a template text that does not parse (an unclosed `{{`, a bad variable name) before any request. */
export function checkTemplateText(name: string, body: string): void {
  const parsed = parseTemplate(body);
  if (parsed.ok) return;
  const { kind, offset, near } = parsed.error;
  throw new UsageError((l) => t(l, kind === 'unclosed' ? 'templates.syntax.unclosed' : 'templates.syntax.badName', { name, near, offset: offset + 1 }));
}

/** The terminal table without --fields (the other formats carry every field). */
export const TABLE_DEFAULT_FIELDS = ['name', 'institutionId', 'description', 'variables'] as const;

export const FILE_FORMATS = ['csv', 'json'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

/** The format of a file by its name (.json, else CSV), unless --format says. */
export function fileFormat(file: string, format: FileFormat | undefined): FileFormat {
  return format ?? (/\.json$/i.test(file) ? 'json' : 'csv');
}

const FILE_COLUMNS: Column<NewTemplate>[] = [
  { key: 'name', header: () => 'name', value: (r) => r.name },
  { key: 'institution', header: () => 'institution', value: (r) => r.institutionId ?? null },
  { key: 'description', header: () => 'description', value: (r) => r.description ?? null },
  { key: 'body', header: () => 'body', value: (r) => r.body },
];

/** A file of templates, as `import` reads it back. */
export function renderTemplateFile(items: readonly Template[], format: FileFormat, lang: Lang, now: Date): string {
  const rows: NewTemplate[] = items.map((i) => ({ name: i.name, institutionId: i.institutionId, description: i.description, body: i.body }));
  return format === 'json' ? renderJsonValue(rows) : renderCsv(rows, FILE_COLUMNS, { lang, now });
}

/** Reads a file of templates; a usage error names the first bad entry (its line for CSV, its index for JSON). */
export function readTemplateFile(text: string, file: string, format: FileFormat): NewTemplate[] {
  const bad = (where: string, why: string) => new UsageError((l) => t(l, 'templates.file.bad', { file, where, why }));
  let raw: unknown[];
  if (format === 'json') {
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (err) {
      throw bad('1', err instanceof Error ? err.message : String(err));
    }
    if (!Array.isArray(doc)) throw bad('1', 'not an array');
    raw = doc;
  } else {
    const records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
    const header = (records[0] ?? []).map((h) => h.trim().toLowerCase());
    const col = (name: string) => header.indexOf(name);
    if (col('name') < 0 || col('body') < 0) throw bad('1', 'the columns name and body are required');
    const cell = (r: string[], name: string) => (col(name) < 0 ? '' : restoreFormula(r[col(name)] ?? ''));
    raw = records.slice(1).map((r) => ({
      name: cell(r, 'name').trim(),
      institutionId: cell(r, 'institution').trim() === '' ? null : cell(r, 'institution').trim(),
      description: cell(r, 'description') === '' ? null : cell(r, 'description'),
      body: cell(r, 'body'),
    }));
  }
  return raw.map((entry, i) => {
    const r = NewTemplateSchema.safeParse(entry);
    if (r.success) {
      checkTemplateText(r.data.name, r.data.body);
      return r.data;
    }
    const issue = r.error.issues[0];
    throw bad(format === 'json' ? `#${i + 1}` : String(i + 2), `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
  });
}
