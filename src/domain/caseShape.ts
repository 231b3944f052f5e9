// The wire schemas of a case's fields, from the catalogue's wire forms (caseColumns.ts). Kept apart from the
// catalogue so that what only needs its names and labels (i18n at every start) does not load zod.

import { z } from 'zod';
import { CASE_CATALOGUE, type CaseEntry } from './caseColumns.js';
import { ARCHIVE_REASONS, CLASSIFICATIONS, STATUSES } from './types.js';
import { date, instant } from './wireValues.js';

/** Each wire form a catalogue row may name, and its schema. */
export const CASE_WIRE = {
  string: z.string(),
  'string?': z.string().nullable(),
  boolean: z.boolean(),
  'boolean?': z.boolean().nullable(),
  instant,
  'instant?': instant.nullable(),
  'date?': date.nullable(),
  classification: z.enum(CLASSIFICATIONS),
  status: z.enum(STATUSES),
  'archiveReason?': z.enum(ARCHIVE_REASONS).nullable(),
  'closedBy?': z.enum(['admin', 'system']).nullable(),
  'rating?': z.number().int().min(1).max(5).nullable(),
  version: z.number().int().min(1),
} as const;

export type CaseWireForm = keyof typeof CASE_WIRE;

/** A case's fields with their wire schemas, in catalogue order: CaseSchema is z.strictObject(CASE_SHAPE). */
export type CaseShape = { [E in CaseEntry as E['name']]: (typeof CASE_WIRE)[E['wire']] };
export const CASE_SHAPE = Object.fromEntries(
  CASE_CATALOGUE.filter((c) => c.role !== 'reporter').map((c) => [c.name, CASE_WIRE[c.wire]]),
) as unknown as CaseShape;

/** A complaint as the API shows it (domain/types.ts exports it as `Case`). */
export type CatalogueCase = { [K in keyof CaseShape]: z.output<CaseShape[K]> };
