// The one rendering of an API problem for people: from the client's own catalogue (messages/problems.ts), by
// the problem's type, its reason and the reason's parameters (domain/problems.ts), in the user's language.
// The server's English `detail` never stands in for it (it stays for logs and --debug), so an Indonesian
// session never shows an English sentence from the server. Used by the error reporter and by every place
// that shows a problem of one item (a bulk item, a triage decision, a plan's predicted refusal).

import {
  FIELD_ERROR_CODES,
  PROBLEM_REASONS,
  PROBLEMS,
  PROBLEM_TYPE_NAMES,
  type FieldErrorCode,
  type ProblemParamName,
  type ProblemParams,
  type ProblemReason,
  type ProblemType,
} from '../domain/problems.js';
import { ACTIONS, ROLES, STATUSES, type ActionName, type Role, type Status } from '../domain/types.js';
import { sanitizeText } from './text.js';
import { roleName, statusName, t, type Lang, type MessageKey } from './i18n.js';

/** What a problem says, as an ApiError, a bulk item's problem or a predicted refusal carries it. */
export interface ProblemView {
  /** The HTTP status, to find a text when the type is not the catalogue's (a proxy's 502). */
  status?: number;
  problem: ProblemType | null;
  reason: ProblemReason | null;
  params: ProblemParams;
}

const has = <T extends string>(list: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (list as readonly string[]).includes(value);

/** A parameter as shown: wire values of actions, statuses and roles become their labels; the rest as sent. */
function paramText(lang: Lang, name: ProblemParamName, value: string | number): string {
  if (name === 'action' && has<ActionName>(ACTIONS, value)) return t(lang, `bulk.verb.${value}`);
  if (name === 'caseStatus' && has<Status>(STATUSES, value)) return statusName(lang, value);
  if ((name === 'role' || name === 'grantedRole') && has<Role>(ROLES, value)) return roleName(lang, value);
  return sanitizeText(String(value));
}

/** The problem in one sentence: its reason's text when it carries every parameter, else its type's. */
export function problemText(lang: Lang, p: ProblemView): string {
  if (p.reason !== null) {
    const names: readonly ProblemParamName[] = PROBLEM_REASONS[p.reason].params;
    if (names.every((n) => p.params[n] !== undefined)) {
      const values: Record<string, string> = {};
      for (const n of names) values[n] = paramText(lang, n, p.params[n]!);
      return fill(lang, `problem.reason.${p.reason}`, values);
    }
  }
  const type =
    p.problem ??
    (p.reason !== null ? PROBLEM_REASONS[p.reason].type : null) ??
    PROBLEM_TYPE_NAMES.find((name) => PROBLEMS[name].status === p.status) ??
    null;
  return type === null ? t(lang, 'problem.unknown') : t(lang, `problem.type.${type}`);
}

/** A field error's fault in words, from its code (an unknown or missing code reads as "not valid"). */
export function fieldErrorText(lang: Lang, code: string | undefined): string {
  const known: FieldErrorCode = has<FieldErrorCode>(FIELD_ERROR_CODES, code) ? code : 'invalid';
  return t(lang, `problem.field.${known}`);
}

/** `t` for a key chosen at run time; every reason's placeholders are its params (test/api/problems.test.ts). */
function fill(lang: Lang, key: MessageKey, values: Record<string, string>): string {
  const text = t as (lang: Lang, key: MessageKey, params: Record<string, string>) => string;
  return text(lang, key, values);
}
