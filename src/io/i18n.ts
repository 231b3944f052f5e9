// Messages in Indonesian (the default) and English.
//
// The whole catalogue is `messages`, below: one object literal per command area in messages/ (so that
// engineers working on different commands do not edit one file) and messages/core.ts for everything shared.
// To add a message, add a key in English dot.notation (`<area>.<what>`) with both `id` and `en`;
// placeholders are written `{name}` and must be the same in both languages (test/io/i18n.test.ts checks this). `t(lang, key, params)` is typed from the
// catalogue: a missing or misspelt key or placeholder is a compile error.
//
// Plurals: a key that varies with a count comes as a pair `<base>.one` / `<base>.other`, both using `{n}`;
// call `tn(lang, base, n)`. Indonesian has no plural, so its two texts are usually the same.

import type { Case, ArchiveReason, Classification, ClockName, InstitutionLevel, Role, Status } from '../domain/types.js';
import type { ClockState } from '../domain/clocks.js';
import type { ExitCodeName } from './errors.js';
import type { FieldErrorCode, ProblemReason, ProblemType } from '../domain/problems.js';
import { bulkMessages } from './messages/bulk.js';
import { slaMessages } from './messages/sla.js';
import { statsMessages } from './messages/stats.js';
import { evidenceMessages } from './messages/evidence.js';
import { exportMessages } from './messages/export.js';
import { auditMessages } from './messages/audit.js';
import { importMessages } from './messages/import.js';
import { triageMessages } from './messages/triage.js';
import { tokensMessages } from './messages/tokens.js';
import { daemonMessages } from './messages/daemon.js';
import { eventsMessages } from './messages/events.js';
import { coreMessages } from './messages/core.js';
import { problemMessages } from './messages/problems.js';
import { duplicatesMessages } from './messages/duplicates.js';
import { repliesMessages } from './messages/replies.js';
import { FIELD_MESSAGES } from '../domain/caseColumns.js';

export const LANGS = ['id', 'en'] as const;
export type Lang = (typeof LANGS)[number];

export interface MessageEntry {
  readonly id: string;
  readonly en: string;
}

type Catalogue = typeof bulkMessages &
  typeof triageMessages &
  typeof slaMessages &
  typeof importMessages &
  typeof statsMessages &
  typeof evidenceMessages &
  typeof exportMessages &
  typeof auditMessages &
  typeof tokensMessages &
  typeof daemonMessages &
  typeof eventsMessages &
  typeof coreMessages &
  typeof problemMessages &
  typeof duplicatesMessages &
  typeof repliesMessages &
  typeof FIELD_MESSAGES;
type AssertEntries<T extends Record<string, MessageEntry>> = T;
export type CatalogueHasBothLanguages = AssertEntries<Catalogue>;

// Object.assign, not a spread: every command starts by building this, and V8 copies the ~800 entries by
// spread in about 3 ms but by assign in about 0.6 ms (`lapor --version` takes about 15 ms beyond Node itself).
export const messages: Catalogue = Object.assign(
  {},
  bulkMessages,
  triageMessages,
  slaMessages,
  importMessages,
  statsMessages,
  evidenceMessages,
  exportMessages,
  auditMessages,
  tokensMessages,
  daemonMessages,
  eventsMessages,
  coreMessages,
  problemMessages,
  duplicatesMessages,
  repliesMessages,
  FIELD_MESSAGES, // the Case fields' headers, from the case column catalogue
);

export type MessageKey = keyof typeof messages;

/** The `{name}` placeholders of a template string, as a union of names. */
export type PlaceholderNames<S extends string> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PlaceholderNames<Rest>
  : never;

export type MessageParams<K extends MessageKey> = Record<PlaceholderNames<(typeof messages)[K]['en']>, string | number>;

type ParamsArg<K extends MessageKey> = [PlaceholderNames<(typeof messages)[K]['en']>] extends [never]
  ? []
  : [params: MessageParams<K>];

/** Keys that come in `.one` / `.other` pairs. */
export type PluralBase = {
  [K in MessageKey]: K extends `${infer Base}.one` ? (`${Base}.other` extends MessageKey ? Base : never) : never;
}[MessageKey];

// Compile-time completeness: every status, classification, role, clock, clock state, archive reason,
// institution level, Case field and exit code has a message. Adding one to the domain without a message
// here fails the typecheck.
type RequiredKey =
  | `status.${Status}`
  | `classification.${Classification}`
  | `role.${Role}`
  | `clock.${ClockName}`
  | `clockState.${ClockState}`
  | `archiveReason.${ArchiveReason}`
  | `institutionLevel.${InstitutionLevel}`
  | `closedBy.${NonNullable<Case['closedBy']>}`
  | `field.${keyof Case}`
  | `exit.${ExitCodeName}`
  | `problem.type.${ProblemType}`
  | `problem.reason.${ProblemReason}`
  | `problem.field.${FieldErrorCode}`;
type AssertComplete<T extends Record<RequiredKey, MessageEntry>> = T;
export type CatalogueIsComplete = AssertComplete<typeof messages>;

/** Replaces each `{name}` with its parameter; unknown names are left as they are. */
export function interpolate(template: string, params: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

/** The message `key` in `lang`, with its placeholders filled. */
export function t<K extends MessageKey>(lang: Lang, key: K, ...params: ParamsArg<K>): string {
  const entry: MessageEntry = messages[key];
  const values: Readonly<Record<string, string | number>> | undefined = params[0];
  return values === undefined ? entry[lang] : interpolate(entry[lang], values);
}

/** A counted message: `<base>.one` when n is 1, else `<base>.other`; `{n}` is filled with n. */
export function tn(lang: Lang, base: PluralBase, n: number): string {
  const key = `${base}.${n === 1 ? 'one' : 'other'}` as MessageKey;
  const entry: MessageEntry = messages[key];
  return interpolate(entry[lang], { n });
}

/** 'id' | 'en' from a flag or locale value such as `en`, `EN_us.UTF-8`, `id-ID`, `in`; null when neither. */
export function parseLang(value: string): Lang | null {
  const v = value.trim().toLowerCase();
  if (/^en([-_.@]|$)/.test(v)) return 'en';
  if (/^(id|in)([-_.@]|$)/.test(v)) return 'id';
  return null;
}

/**
 * The language to speak: the `--lang` flag when given, else the first non-empty of LC_ALL, LC_MESSAGES,
 * LANG (POSIX precedence) — English when it starts with `en`, Indonesian otherwise (also for C/POSIX).
 * Declare the flag with `.choices(LANGS)` so a bad value is a usage error at parse time; a value that
 * still does not parse here throws a RangeError.
 */
export function detectLang(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): Lang {
  if (flag !== undefined) {
    const lang = parseLang(flag);
    if (lang === null) throw new RangeError(`unknown language "${flag}" (use ${LANGS.join(' or ')})`);
    return lang;
  }
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  return locale !== undefined && parseLang(locale) === 'en' ? 'en' : 'id';
}

export function statusName(lang: Lang, status: Status): string {
  return t(lang, `status.${status}`);
}

export function classificationName(lang: Lang, classification: Classification): string {
  return t(lang, `classification.${classification}`);
}

export function roleName(lang: Lang, role: Role): string {
  return t(lang, `role.${role}`);
}

export function clockName(lang: Lang, clock: ClockName): string {
  return t(lang, `clock.${clock}`);
}

export function clockStateName(lang: Lang, state: ClockState): string {
  return t(lang, `clockState.${state}`);
}

export function archiveReasonName(lang: Lang, reason: ArchiveReason): string {
  return t(lang, `archiveReason.${reason}`);
}

export function institutionLevelName(lang: Lang, level: InstitutionLevel): string {
  return t(lang, `institutionLevel.${level}`);
}

/** The column header of a Case field, e.g. `verifyDueAt` → "Batas Verifikasi" / "Verify by". */
export function fieldHeader(lang: Lang, field: keyof Case): string {
  return t(lang, `field.${field}`);
}

export function yesNo(lang: Lang, value: boolean): string {
  return t(lang, value ? 'common.yes' : 'common.no');
}
