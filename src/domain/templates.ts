// Answer templates (#20): a follow-up text with named variables, `{{nomor}}`, filled from the case it answers
// and from values the caller gives (`--var k=v`). Each template is defined at an institution (or nationally)
// and is visible to that institution's subtree; where several definitions of a name are visible, the
// nearest one (the deepest institution on the case's path) wins. Rendering is all or nothing: a variable
// the template uses and nothing fills, or a given value the template never uses, refuses the whole text, so
// nothing half-filled is ever sent. Pure: no IO.

import { z } from 'zod';
import { code, instant } from './wireValues.js';
import { NOTE_LIMIT, textSchema } from './text.js';
import type { Case, Classification } from './types.js';

export const TEMPLATE_NAME = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
export const VARIABLE_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * The variables every case fills, in the order help shows them. Values are plain text, inserted verbatim
 * (nothing is escaped: a follow-up is plain text, and a value's own `{{…}}` is never expanded again).
 */
export const CASE_VARIABLES = [
  'nomor', // tracking ID
  'judul', // title (absent when redacted)
  'instansi', // name of the institution the case is disposed to
  'kode_instansi', // its code
  'kategori', // category name (absent when the case has none)
  'klasifikasi', // pengaduan | aspirasi | permintaan informasi
  'wilayah', // regency and province, as reported
  'tanggal', // today, in Indonesian (8 Desember 2026), on the working calendar's clock
  'tanggal_laporan', // the day the case was submitted, in Indonesian
  'batas_tindak_lanjut', // the follow-up deadline's day, in Indonesian (absent when none runs)
] as const;
export type CaseVariable = (typeof CASE_VARIABLES)[number];

/** The case fields the case variables read: a selection fetches only these (with the state machine's). */
export const TEMPLATE_CASE_FIELDS = [
  'trackingId',
  'title',
  'institutionId',
  'categoryId',
  'classification',
  'regency',
  'province',
  'submittedAt',
  'responseDueAt',
] as const satisfies readonly (keyof Case)[];
export type TemplateCase = Pick<Case, (typeof TEMPLATE_CASE_FIELDS)[number]>;

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];
const CLASSIFICATION_WORDS: Record<Classification, string> = {
  complaint: 'pengaduan',
  aspiration: 'aspirasi',
  information_request: 'permintaan informasi',
};

/** An instant's local day in Indonesian ("8 Desember 2026"), at `utcOffsetMinutes` east of UTC. */
export function indonesianDate(at: string | Date, utcOffsetMinutes: number): string {
  const ms = (typeof at === 'string' ? Date.parse(at) : at.getTime()) + utcOffsetMinutes * 60_000;
  const d = new Date(ms);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

export interface VariableContext {
  now: Date;
  utcOffsetMinutes: number;
  institutionName(id: string): string | null;
  categoryName(id: string): string | null;
}

/** The case variables of one case; null where the case has no value (then a template using it is refused). */
export function caseVariables(c: TemplateCase, ctx: VariableContext): Record<CaseVariable, string | null> {
  const place = [c.regency, c.province].filter((p): p is string => p !== null && p !== '').join(', ');
  return {
    nomor: c.trackingId,
    judul: c.title,
    instansi: c.institutionId === null ? null : (ctx.institutionName(c.institutionId) ?? c.institutionId),
    kode_instansi: c.institutionId,
    kategori: c.categoryId === null ? null : (ctx.categoryName(c.categoryId) ?? c.categoryId),
    klasifikasi: CLASSIFICATION_WORDS[c.classification],
    wilayah: place === '' ? null : place,
    tanggal: indonesianDate(ctx.now, ctx.utcOffsetMinutes),
    tanggal_laporan: indonesianDate(c.submittedAt, ctx.utcOffsetMinutes),
    batas_tindak_lanjut: c.responseDueAt === null ? null : indonesianDate(c.responseDueAt, ctx.utcOffsetMinutes),
  };
}

// ---- the template language -------------------------------------------------------------------------------
//
// Text with `{{name}}` (spaces inside the braces allowed: `{{ nomor }}`). `\{{` is a literal `{{`; a
// backslash anywhere else is itself. A `{{` that does not open a well-formed variable is an error, so a
// typo never reaches a reporter as braces.

export type TemplatePart = { text: string } | { variable: string };

export type TemplateSyntaxError = { kind: 'unclosed' | 'bad_name'; offset: number; near: string };

export function parseTemplate(body: string): { ok: true; parts: TemplatePart[]; variables: string[] } | { ok: false; error: TemplateSyntaxError } {
  const parts: TemplatePart[] = [];
  const variables: string[] = [];
  let text = '';
  let i = 0;
  while (i < body.length) {
    if (body.startsWith('\\{{', i)) {
      text += '{{';
      i += 3;
      continue;
    }
    if (!body.startsWith('{{', i)) {
      text += body[i];
      i += 1;
      continue;
    }
    const end = body.indexOf('}}', i + 2);
    if (end < 0) return { ok: false, error: { kind: 'unclosed', offset: i, near: body.slice(i, i + 20) } };
    const name = body.slice(i + 2, end).trim();
    if (!VARIABLE_NAME.test(name)) return { ok: false, error: { kind: 'bad_name', offset: i, near: body.slice(i, end + 2) } };
    if (text !== '') parts.push({ text });
    text = '';
    parts.push({ variable: name });
    if (!variables.includes(name)) variables.push(name);
    i = end + 2;
  }
  if (text !== '') parts.push({ text });
  return { ok: true, parts, variables };
}

export type RenderResult =
  | { ok: true; text: string }
  /** `missing`: used by the template, filled by nothing; `unknown`: given, never used by the template. */
  | { ok: false; missing: string[]; unknown: string[]; syntax?: TemplateSyntaxError };

/**
 * Fills a template. `given` (the caller's --var values) wins over the case's own values; every variable the
 * template uses must end with a value, and every given one must be used.
 */
export function renderTemplate(
  body: string,
  fromCase: Readonly<Record<string, string | null>>,
  given: Readonly<Record<string, string>> = {},
): RenderResult {
  const parsed = parseTemplate(body);
  if (!parsed.ok) return { ok: false, missing: [], unknown: [], syntax: parsed.error };
  const value = (name: string): string | null => (Object.hasOwn(given, name) ? given[name] : Object.hasOwn(fromCase, name) ? fromCase[name] : null);
  const missing = parsed.variables.filter((v) => value(v) === null);
  const unknown = Object.keys(given).filter((k) => !parsed.variables.includes(k));
  if (missing.length > 0 || unknown.length > 0) return { ok: false, missing, unknown };
  return { ok: true, text: parsed.parts.map((p) => ('text' in p ? p.text : value(p.variable))).join('') };
}

/** Parses `k=v` (the --var flag): a valid variable name, any value (kept verbatim, may be empty). */
export function parseVariable(raw: string): { name: string; value: string } | null {
  const eq = raw.indexOf('=');
  if (eq <= 0) return null;
  const name = raw.slice(0, eq).trim();
  return VARIABLE_NAME.test(name) ? { name, value: raw.slice(eq + 1) } : null;
}

// ---- visibility --------------------------------------------------------------------------------------------

/**
 * Of the definitions of one name, the one visible at an institution: `chain` is the institution's ancestry
 * from the root down to itself (national definitions have `institutionId` null and come first). The nearest
 * (deepest) definition wins; null when none is visible.
 */
export function nearestDefinition<T extends { institutionId: string | null }>(definitions: readonly T[], chain: readonly string[]): T | null {
  let best: T | null = null;
  let depth = -1;
  for (const d of definitions) {
    const at = d.institutionId === null ? 0 : chain.indexOf(d.institutionId) + 1;
    if (at === 0 && d.institutionId !== null) continue;
    if (at > depth) {
      best = d;
      depth = at;
    }
  }
  return best;
}

// ---- wire --------------------------------------------------------------------------------------------------

const templateName = z.string().regex(TEMPLATE_NAME, 'lower-case letters, digits, ".", "_" or "-" (1–64)');
const templateBody = textSchema(NOTE_LIMIT, { nonBlank: true });
const description = textSchema(500).nullable();

export const TemplateSchema = z.strictObject({
  name: templateName,
  /** Where it is defined; null: nationally (visible everywhere). */
  institutionId: code.nullable(),
  description,
  body: z.string(),
  /** The variables it uses, in order of first use. */
  variables: z.array(z.string()),
  updatedBy: z.string(),
  updatedAt: instant,
});
export type Template = z.infer<typeof TemplateSchema>;

export const TemplateListResponseSchema = z.strictObject({ items: z.array(TemplateSchema) });

export const TemplateListQuerySchema = z.strictObject({
  institution: code
    .optional()
    .describe('Only the templates visible at this institution, the nearest definition of each name (default: every definition the token may see)'),
});
export const TemplateShowQuerySchema = z.strictObject({
  institution: code.optional().describe('The institution at which the name is looked up (default: the token’s own; national tokens: national definitions)'),
});
export const TemplateAtQuerySchema = z.strictObject({
  institution: code.optional().describe('The institution the definition belongs to (default: the token’s own; national tokens: national)'),
});

export const NewTemplateSchema = z.strictObject({
  name: templateName,
  institutionId: code.nullable().optional(),
  description: description.optional(),
  body: templateBody,
});
export type NewTemplate = z.infer<typeof NewTemplateSchema>;

export const TemplatePatchSchema = z
  .strictObject({ description: description.optional(), body: templateBody.optional() })
  .refine((p) => p.description !== undefined || p.body !== undefined, 'at least one change is needed');
export type TemplatePatch = z.infer<typeof TemplatePatchSchema>;

export const TemplateImportSchema = z.strictObject({
  items: z.array(NewTemplateSchema).min(1).max(1000),
  /** Overwrite definitions that exist (else an existing one with another body is a conflict). */
  update: z.boolean().default(false),
});
export const TemplateImportResponseSchema = z.strictObject({
  items: z.array(z.strictObject({ name: z.string(), institutionId: z.string().nullable(), outcome: z.enum(['created', 'updated', 'unchanged']) })),
});

export const TemplateParamsSchema = z.strictObject({ name: templateName });

export const ReviewSettingSchema = z.strictObject({
  institutionId: code,
  /** A liaison's follow-up waits for an institution admin's approval. */
  reviewReplies: z.boolean(),
});
export const ReviewSettingBodySchema = z.strictObject({ reviewReplies: z.boolean() });
export const InstitutionParamsSchema = z.strictObject({ id: code });
export const ReviewSettingListSchema = z.strictObject({ items: z.array(ReviewSettingSchema) });
