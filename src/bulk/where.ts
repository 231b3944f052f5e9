// `--where key=value` filters of the action verbs: the same filters as `lapor cases list`, checked at parse
// time (a usage error names the key or value at fault) and turned into the query of GET /v1/cases.

import { InvalidArgumentError } from 'commander';
import type { CaseListParams } from '../api/types.js';
import { CASE_FILTER_NAMES, CASE_FILTERS, type CaseFilter, type CaseFilterName } from '../domain/caseFilters.js';
import { closestValues } from '../domain/names.js';
import { UsageError } from '../io/errors.js';
import { t, type Lang } from '../io/i18n.js';
import { dateParser } from '../cmdutil/flags.js';

/** The case filters (domain/caseFilters.ts), named as the API's query parameters. */
export const WHERE_KEYS = CASE_FILTER_NAMES;
export type WhereKey = CaseFilterName;

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
      const near = closestValues(v, allowed);
      throw new InvalidArgumentError(
        near.length > 0
          ? t(lang, 'bulk.where.badValueNear', { key, value: v, suggestion: near.join(', '), allowed: allowed.join(', ') })
          : t(lang, 'bulk.where.badValue', { key, value: v, allowed: allowed.join(', ') }),
      );
    }
  };
  const filter = CASE_FILTERS.find((f) => f.name === key) as CaseFilter;
  switch (filter.kind) {
    case 'statuses': {
      const values = value.split(',').map((v) => v.trim());
      for (const v of values) oneOf(filter.values ?? [], v);
      return [key, values.join(',')];
    }
    case 'choice':
      oneOf(filter.values ?? [], value);
      break;
    case 'date':
      dateParser(lang)(value);
      break;
    case 'code':
    case 'text':
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
