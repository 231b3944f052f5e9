// Aliases of reference data: another way people write an institution's or a category's name ("Pemkab
// Badung", "Kantor Bupati Badung") kept as data, so that an import (and the matcher of typed names) takes
// it as that entry's name. An alias is stored with its folded form (domain/names.ts foldName) as its key: two
// spellings that fold alike are one alias. Only national admins add or remove them, like other reference data.

import { z } from 'zod';
import { foldName, matchName, type Named } from './names.js';

export const ALIAS_KINDS = ['institutions', 'categories'] as const;
export type AliasKind = (typeof ALIAS_KINDS)[number];

/** The most aliases one request adds (an alias file is imported in requests of this many). */
export const MAX_ALIASES_PER_REQUEST = 1000;

const aliasText = z
  .string()
  .max(200)
  .refine((s) => foldName(s) !== '', { message: 'an alias needs a letter or a digit' });
const targetId = z.string().min(1).max(100);

export const AliasSchema = z.strictObject({
  alias: z.string(),
  targetId: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type Alias = z.infer<typeof AliasSchema>;

export const AliasKindParamsSchema = z.strictObject({ kind: z.enum(ALIAS_KINDS) });
export const AliasParamsSchema = z.strictObject({ kind: z.enum(ALIAS_KINDS), alias: z.string().min(1).max(200) });
export const AliasListResponseSchema = z.strictObject({ items: z.array(AliasSchema) });
export const NewAliasesSchema = z.strictObject({
  items: z.array(z.strictObject({ alias: aliasText, targetId })).min(1).max(MAX_ALIASES_PER_REQUEST),
});
export type NewAliases = z.infer<typeof NewAliasesSchema>;
export const NewAliasesResponseSchema = z.strictObject({
  items: z.array(z.strictObject({ alias: z.string(), targetId: z.string(), outcome: z.enum(['created', 'unchanged']) })),
});
export type NewAliasesResponse = z.infer<typeof NewAliasesResponseSchema>;
export const RemovedAliasResponseSchema = z.strictObject({ alias: z.string(), targetId: z.string() });

/** The key an alias is stored under: its folded form. */
export function aliasKey(alias: string): string {
  return foldName(alias);
}

/**
 * Why `alias` may not name `targetId`: it names another entry already (its id, its name or another alias,
 * folded, or its distinctive words: "Kabupaten Badung" is Pemerintah Kabupaten Badung, never an alias of its
 * Dinas Kesehatan): that entry; else null. A name that only comes near an entry, or is shared by several,
 * may be made an alias: that is what aliases are for.
 */
export function aliasConflict<T extends Named>(alias: string, targetId: string, entries: readonly T[], namesOf: (e: T) => readonly string[]): T | null {
  const m = matchName(alias, entries, { names: namesOf });
  return m.kind === 'chosen' && m.by !== 'fragment' && m.entry.id !== targetId ? m.entry : null;
}
