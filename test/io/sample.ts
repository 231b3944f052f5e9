// Sample cases and columns shared by the io tests (not a test file itself).

import { clockView } from '../../src/domain/clocks.js';
import type { Case } from '../../src/domain/types.js';
import { fieldHeader, statusName } from '../../src/io/i18n.js';
import type { Column, RenderContext } from '../../src/io/format.js';
import { relativeTime, clockCell } from '../../src/io/time.js';
import { Chalk } from 'chalk';
import { makeCase as baseCase, NOW } from '../helpers/cases.js';

/** The fixed clock of every golden file (test/helpers/cases.ts): Monday 23 November 2026, 10:00 WITA. */
export { NOW };

/** The shared case with the region code written without dots. */
export function makeCase(fields: Partial<Case> & Pick<Case, 'trackingId'>): Case {
  return baseCase({ regionCode: '5171', ...fields });
}

export const CASES: Case[] = [
  makeCase({
    trackingId: 'LAP-2026-000101',
    title: 'Jalan berlubang di Jl. Gatot Subroto Barat, Denpasar',
    anonymous: true,
  }),
  makeCase({
    trackingId: 'LAP-2026-000102',
    classification: 'aspiration',
    title: 'Antrean BPJS di RSUD Wangaya terlalu lama',
    status: 'disposed',
    institutionId: 'bali.dinkes',
    submittedAt: '2026-11-16T00:40:00.000Z',
    verifiedAt: '2026-11-16T03:00:00.000Z',
    disposedAt: '2026-11-16T03:00:00.000Z',
    verifyDueAt: '2026-11-19T15:59:59.999Z',
    responseDueAt: '2026-11-23T15:59:59.999Z',
    version: 2,
  }),
  makeCase({
    trackingId: 'LAP-2026-000103',
    title: '=HYPERLINK("http://example.invalid","klik")',
    status: 'in_progress',
    institutionId: 'denpasar.dpupr',
    submittedAt: '2026-11-02T02:00:00.000Z',
    verifiedAt: '2026-11-03T02:00:00.000Z',
    disposedAt: '2026-11-03T02:00:00.000Z',
    firstResponseAt: '2026-11-12T02:00:00.000Z',
    lastResponseAt: '2026-11-12T02:00:00.000Z',
    verifyDueAt: '2026-11-05T15:59:59.999Z',
    responseDueAt: '2026-11-10T15:59:59.999Z',
    rating: 4,
    version: 4,
  }),
  makeCase({
    trackingId: 'LAP-2026-000104',
    title: null,
    confidential: true,
    status: 'disposed',
    institutionId: 'bali.inspektorat',
    submittedAt: '2026-11-12T06:30:00.000Z',
    verifiedAt: '2026-11-13T01:00:00.000Z',
    disposedAt: '2026-11-13T01:00:00.000Z',
    verifyDueAt: '2026-11-17T15:59:59.999Z',
    responseDueAt: '2026-11-20T15:59:59.999Z',
    version: 2,
  }),
  makeCase({
    trackingId: 'LAP-2026-000105',
    classification: 'information_request',
    title: 'Pungutan liar\tdi kantor\ndesa +62 812-3456-7890',
    status: 'postponed',
    submittedAt: '2026-08-01T03:00:00.000Z',
    verifyDueAt: '2026-08-05T15:59:59.999Z',
    completionDueAt: '2026-09-30T15:59:59.999Z',
    version: 3,
  }),
];

export const CASE_COLUMNS: Column<Case>[] = [
  { key: 'trackingId', header: (l) => fieldHeader(l, 'trackingId'), value: (c) => c.trackingId, fit: 'fixed' },
  {
    key: 'status',
    header: (l) => fieldHeader(l, 'status'),
    value: (c) => c.status,
    display: (c, ctx) => statusName(ctx.lang, c.status),
  },
  { key: 'institutionId', header: (l) => fieldHeader(l, 'institutionId'), value: (c) => c.institutionId },
  { key: 'title', header: (l) => fieldHeader(l, 'title'), value: (c) => c.title, fit: 'flex' },
  {
    key: 'submittedAt',
    header: (l) => fieldHeader(l, 'submittedAt'),
    value: (c) => c.submittedAt,
    display: (c, ctx) => relativeTime(c.submittedAt, ctx.now, ctx.lang),
  },
  {
    key: 'responseDueAt',
    header: (l) => fieldHeader(l, 'responseDueAt'),
    value: (c) => c.responseDueAt,
    display: (c, ctx) => clockCell(clockView(c, 'response', ctx.now.toISOString()), ctx.now, ctx.lang, ctx.color),
  },
  { key: 'anonymous', header: (l) => fieldHeader(l, 'anonymous'), value: (c) => c.anonymous },
  { key: 'rating', header: (l) => fieldHeader(l, 'rating'), value: (c) => c.rating, align: 'right' },
];

export function ttyContext(lang: 'id' | 'en', width = 80): RenderContext {
  return { lang, now: NOW, tty: true, color: new Chalk({ level: 0 }), width };
}

export function pipedContext(lang: 'id' | 'en' = 'id'): RenderContext {
  return { lang, now: NOW, tty: false, color: new Chalk({ level: 0 }), width: 80 };
}
