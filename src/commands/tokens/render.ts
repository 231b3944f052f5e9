// Columns and wording shared by the verbs of `lapor tokens`. A token's secret is in no column: the API never
// sends it again after creation.

import type { TokenInfo } from '../../domain/tokens.js';
import type { Column } from '../../io/format.js';
import { roleName, t, type Lang } from '../../io/i18n.js';
import { relativeTime } from '../../io/time.js';

function timeColumn(key: 'expiresAt' | 'createdAt' | 'revokedAt'): Column<TokenInfo> {
  return {
    key,
    header: (lang) => t(lang, `tokens.column.${key}`),
    value: (r) => r[key],
    display: (r, ctx) => {
      const v = r[key];
      return v ? relativeTime(v, ctx.now, ctx.lang) : ctx.color.dim('–');
    },
  };
}

export const TOKEN_COLUMNS: Column<TokenInfo>[] = [
  { key: 'name', header: (lang) => t(lang, 'tokens.column.name'), value: (r) => r.name, fit: 'fixed' },
  { key: 'role', header: (lang) => t(lang, 'tokens.column.role'), value: (r) => r.role, display: (r, ctx) => roleName(ctx.lang, r.role), fit: 'fixed' },
  { key: 'institutionId', header: (lang) => t(lang, 'tokens.column.institutionId'), value: (r) => r.institutionId, fit: 'fixed' },
  {
    key: 'state',
    header: (lang) => t(lang, 'tokens.column.state'),
    value: (r) => r.state,
    display: (r, ctx) => (r.state === 'active' ? t(ctx.lang, 'tokens.state.active') : ctx.color.dim(t(ctx.lang, `tokens.state.${r.state}`))),
  },
  timeColumn('expiresAt'),
  timeColumn('createdAt'),
  { key: 'createdBy', header: (lang) => t(lang, 'tokens.column.createdBy'), value: (r) => r.createdBy, fit: 'flex' },
  timeColumn('revokedAt'),
];

/** The terminal table without --fields: what fits 80 columns (the other formats carry every field). */
export const TABLE_DEFAULT_FIELDS = ['name', 'role', 'institutionId', 'state', 'expiresAt'] as const;

/** "badung.dinkes", or "national" for an unbound token. */
export function scopeText(lang: Lang, institutionId: string | null): string {
  return institutionId ?? t(lang, 'tokens.scope.national');
}
