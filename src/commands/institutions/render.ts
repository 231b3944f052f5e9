import type { Institution } from '../../domain/types.js';
import { displayWidth, type Column } from '../../io/format.js';
import { institutionLevelName, t } from '../../io/i18n.js';

export const INSTITUTION_COLUMNS: Column<Institution>[] = [
  { key: 'id', header: (lang) => t(lang, 'column.institution.id'), value: (i) => i.id, shorten: 'middle' },
  { key: 'name', header: (lang) => t(lang, 'column.institution.name'), value: (i) => i.name, fit: 'flex', shorten: 'middle' },
  {
    key: 'level',
    header: (lang) => t(lang, 'column.institution.level'),
    value: (i) => i.level,
    display: (i, ctx) => institutionLevelName(ctx.lang, i.level),
  },
  { key: 'parentId', header: (lang) => t(lang, 'column.institution.parentId'), value: (i) => i.parentId },
  { key: 'active', header: (lang) => t(lang, 'column.institution.active'), value: (i) => i.active },
];

/** `text` cut to at most `width` terminal columns, ending in "…" when cut. */
export function truncate(text: string, width: number): string {
  if (displayWidth(text) <= width) return text;
  let out = '';
  for (const ch of text) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out.trimEnd()}…`;
}
