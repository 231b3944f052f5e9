// `--where key=value` filters of the action verbs: the same filters as `lapor cases list`, checked at parse
// time (a usage error names the key or value at fault) and turned into the query of GET /v1/cases.

import { InvalidArgumentError } from 'commander';
import type { CaseListParams } from '../api/types.js';
import { CLASSIFICATIONS, CLOCKS, STATUSES } from '../domain/types.js';
import { UsageError } from '../io/errors.js';
import { t, type Lang } from '../io/i18n.js';
import { dateParser } from '../cmdutil/flags.js';

export const WHERE_KEYS = ['status', 'institution', 'category', 'classification', 'channel', 'from', 'to', 'overdue', 'q'] as const;
export type WhereKey = (typeof WHERE_KEYS)[number];

/** One `key=value`; the value checked as `cases list` checks its flag. Throws InvalidArgumentError. */
export function parseWhereTerm(term: string, lang: Lang): [WhereKey, string] {
  const eq = term.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError(t(lang, 'bulk.where.form', { keys: WHERE_KEYS.join(', ') }));
  const rawKey = term.slice(0, eq).trim();
  const value = term.slice(eq + 1).trim();
  const key = WHERE_KEYS.find((k) => k === rawKey);
  if (key === undefined) {
    throw new InvalidArgumentError(t(lang, 'bulk.where.unknownKey', { key: rawKey, keys: WHERE_KEYS.join(', ') }));
  }
  if (value === '') throw new InvalidArgumentError(t(lang, 'bulk.where.emptyValue', { key }));
  const oneOf = (allowed: readonly string[], v: string) => {
    if (!allowed.includes(v)) {
      throw new InvalidArgumentError(t(lang, 'bulk.where.badValue', { key, value: v, allowed: allowed.join(', ') }));
    }
  };
  switch (key) {
    case 'status':
      for (const s of value.split(',')) oneOf(STATUSES, s.trim());
      return [key, value.split(',').map((s) => s.trim()).join(',')];
    case 'classification':
      oneOf(CLASSIFICATIONS, value);
      break;
    case 'overdue':
      oneOf(CLOCKS, value);
      break;
    case 'from':
    case 'to':
      dateParser(lang)(value);
      break;
  }
  return [key, value];
}

/** Commander's collector for a repeatable `--where`. */
export function whereCollector(lang: Lang) {
  return (term: string, previous: readonly string[] = []): string[] => {
    parseWhereTerm(term, lang);
    return [...previous, term];
  };
}

/**
 * The list query of the terms. Repeating `status` widens it (status=a --where status=b → a,b); repeating
 * any other key is a usage error, since the API takes one value for it. The terms were checked one by one
 * by the collector already.
 */
export function whereQuery(terms: readonly string[], lang: Lang): CaseListParams {
  const query: Record<string, string> = {};
  for (const term of terms) {
    const [key, value] = parseWhereTerm(term, lang);
    if (query[key] !== undefined) {
      if (key !== 'status') throw new UsageError((l) => t(l, 'bulk.where.repeated', { key }));
      query[key] = `${query[key]},${value}`;
    } else {
      query[key] = value;
    }
  }
  return query;
}

/** `status=in_progress institution=badung`: the terms as shown in a plan. */
export function describeWhere(query: CaseListParams): string {
  return Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : String(v)}`)
    .join(' ');
}
