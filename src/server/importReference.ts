// Reference-data imports behind POST /v1/imports/{institutions|categories|calendar}: the same rules as the
// case import (strict or skip mode, dry run, every bad row with its line, idempotent by key, --update to
// overwrite rows that differ), in one transaction. Reference tables are small (hundreds to thousands of
// rows), so the rows are checked in memory (at most MAX_REFERENCE_ROWS) and upserted with one statement per
// table. Tree paths are recomputed for the whole table, and the server's caches (Store.reload: the
// institution tree, categories, channels and the working calendar) are refreshed after a commit.

import type { z } from 'zod';
import type { RowCode } from '../domain/csv/codes.js';
import type { ImportValue } from '../domain/csv/rules.js';
import { REFERENCE_FIELDS, type ImportKind, type ImportQuery, type ImportReject, type ImportSummary } from '../domain/csv/wire.js';
import { CalendarDaySchema, CategorySchema, InstitutionSchema } from '../domain/schemas.js';
import { computePaths, TreeError } from '../domain/trees.js';
import type { Tx } from './db/driver.js';
import { ndjsonLines, readWire, runImportJob, type ImportJob, type WireTotals } from './importWire.js';
import { ProblemError } from './problem.js';
import type { Store } from './store.js';

export const MAX_REFERENCE_ROWS = 100_000;

type RefKind = Exclude<ImportKind, 'cases'>;

interface Spec {
  table: string;
  key: string;
  schema: z.ZodType;
  /** column name in SQL per wire field */
  columns: readonly string[];
  types: readonly string[];
  tree: boolean;
}

const SPECS: Record<RefKind, Spec> = {
  institutions: {
    table: 'institutions',
    key: 'id',
    schema: InstitutionSchema,
    columns: ['id', 'parent_id', 'name', 'level', 'active'],
    types: ['text', 'text', 'text', 'text', 'boolean'],
    tree: true,
  },
  categories: {
    table: 'categories',
    key: 'id',
    schema: CategorySchema,
    columns: ['id', 'parent_id', 'name', 'name_en', 'institution_hint'],
    types: ['text', 'text', 'text', 'text', 'text'],
    tree: true,
  },
  calendar: {
    table: 'calendar_days',
    key: 'date',
    schema: CalendarDaySchema,
    columns: ['date', 'kind', 'name'],
    types: ['date', 'text', 'text'],
    tree: false,
  },
};

interface Row {
  line: number;
  values: ImportValue[];
}

/** A stored value as the file would give it (the drivers hand dates over as 'YYYY-MM-DD' text). */
function normalise(v: unknown): unknown {
  return v ?? null;
}

/** One reference import: what it was asked, and its rows as they are sorted into rejected, new and differing. */
interface RefImport {
  kind: RefKind;
  spec: Spec;
  fields: readonly string[];
  query: ImportQuery;
  rejects: ImportReject[];
  /** The rows that passed every check so far. */
  good: Row[];
  /** Of `good`: not in the table yet, and in it with other values. */
  fresh: Row[];
  differing: Row[];
}

export function startReferenceImport(store: Store, kind: RefKind, query: ImportQuery, body: AsyncIterable<Buffer | string>, logError: (e: unknown) => void): ImportJob {
  const job: RefImport = { kind, spec: SPECS[kind], fields: REFERENCE_FIELDS[kind], query, rejects: [], good: [], fresh: [], differing: [] };
  return runImportJob(store.db, {
    prepare: (tx) => prepareReference(tx, job, body),
    async *rejects() {
      yield* job.rejects;
    },
    apply: (tx, summary) => applyReference(tx, job, summary),
    async committed(summary) {
      if (summary.created + summary.updated > 0) await store.reload();
    },
    logError,
  });
}

async function prepareReference(tx: Tx, job: RefImport, body: AsyncIterable<Buffer | string>): Promise<ImportSummary> {
  const { spec, query, rejects } = job;
  const records = await checkRows(job, body);

  // compare with what the table holds
  const existing = new Map<string, unknown[]>();
  const rows = await tx.query(`SELECT ${spec.columns.join(', ')} FROM ${spec.table}`);
  for (const r of rows) existing.set(String(normalise(r[spec.columns[0]])), spec.columns.map((c) => normalise(r[c])));
  if (spec.tree) await checkTree(tx, job, existing);

  const fresh: Row[] = [];
  const differing: Row[] = [];
  let unchanged = 0;
  for (const g of job.good) {
    const before = existing.get(String(g.values[0]));
    if (!before) fresh.push(g);
    else if (before.some((v, i) => v !== (g.values[i] ?? null))) differing.push(g);
    else unchanged += 1;
  }
  job.fresh = fresh;
  job.differing = differing;
  rejects.sort((a, b) => a.line - b.line);
  const rejected = new Set(rejects.map((r) => r.line)).size;
  const none = { institutions: [], categories: [], channels: [] };
  return {
    kind: job.kind,
    source: query.source ?? null,
    mode: query.mode,
    dryRun: query.dryRun,
    update: query.update,
    applied: !query.dryRun && (query.mode === 'skip' || rejected === 0),
    records,
    rejected,
    created: fresh.length,
    unchanged,
    differing: query.update ? 0 : differing.length,
    updated: query.update ? differing.length : 0,
    missing: none,
    createdReferences: none,
  };
}

/** Reads the upload, checking each row against the schema and for a key repeated in the file; returns the record count. */
async function checkRows(job: RefImport, body: AsyncIterable<Buffer | string>): Promise<number> {
  const { spec, fields, rejects, good } = job;
  const totals: WireTotals = { records: 0, rows: 0, rejectedLines: 0 };
  const seen = new Map<string, number>();
  for await (const item of readWire(ndjsonLines(body), fields, totals)) {
    if (good.length + rejects.length >= MAX_REFERENCE_ROWS) {
      throw new ProblemError(413, 'payload-too-large', `a reference import holds at most ${MAX_REFERENCE_ROWS} rows`, [{ field: '(body)', message: 'too many rows' }]);
    }
    if ('reject' in item) {
      rejects.push(item.reject);
      continue;
    }
    const { line, row } = item;
    const object = Object.fromEntries(fields.map((f, i) => [f, row[i]]));
    const parsed = spec.schema.safeParse(object);
    const keyValue = String(row[0] ?? '');
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path.map(String).join('.') || null;
        const missing = issue.code === 'invalid_type' && object[field ?? ''] === null;
        const code: RowCode = missing ? 'required' : issue.code === 'too_big' ? 'too_long' : 'invalid_value';
        rejects.push({ line, trackingId: keyValue || null, code, column: field, detail: issue.message });
      }
      continue;
    }
    const first = seen.get(keyValue);
    if (first !== undefined) {
      rejects.push({ line, trackingId: keyValue, code: 'duplicate_in_file', column: spec.key, detail: `line ${first}` });
      continue;
    }
    seen.set(keyValue, line);
    good.push({ line, values: row });
  }
  return totals.records;
}

/** Trees: every parent (and a category's institution hint) must exist in the table or the file; no cycles. */
async function checkTree(tx: Tx, job: RefImport, existing: Map<string, unknown[]>): Promise<void> {
  const { kind, rejects } = job;
  const fileIds = new Set(job.good.map((g) => String(g.values[0])));
  const institutionIds = kind === 'categories' ? new Set((await tx.query<{ id: string }>('SELECT id FROM institutions')).map((r) => r.id)) : null;
  const keep: Row[] = [];
  for (const g of job.good) {
    const parent = g.values[1] as string | null;
    const unknownCode: RowCode = kind === 'institutions' ? 'unknown_institution' : 'unknown_category';
    if (parent !== null && !fileIds.has(parent) && !existing.has(parent)) {
      rejects.push({ line: g.line, trackingId: String(g.values[0]), code: unknownCode, column: 'parentId', detail: parent });
      continue;
    }
    const hint = kind === 'categories' ? (g.values[4] as string | null) : null;
    if (hint !== null && institutionIds && !institutionIds.has(hint)) {
      rejects.push({ line: g.line, trackingId: String(g.values[0]), code: 'unknown_institution', column: 'institutionHint', detail: hint });
      continue;
    }
    keep.push(g);
  }
  job.good = keep;
  const merged = new Map<string, { id: string; parentId: string | null }>();
  for (const [id, v] of existing) merged.set(id, { id, parentId: v[1] as string | null });
  for (const g of keep) merged.set(String(g.values[0]), { id: String(g.values[0]), parentId: g.values[1] as string | null });
  try {
    computePaths([...merged.values()]);
  } catch (err) {
    if (!(err instanceof TreeError)) throw err;
    for (const g of keep) rejects.push({ line: g.line, trackingId: String(g.values[0]), code: 'inconsistent', column: 'parentId', detail: err.message });
    job.good = [];
  }
}

async function applyReference(tx: Tx, job: RefImport, summary: ImportSummary): Promise<ImportSummary> {
  const { spec, query } = job;
  const write = [...job.fresh, ...(query.update ? job.differing : [])];
  if (write.length > 0) {
    const params = spec.columns.map((_, i) => write.map((w) => w.values[i] ?? null));
    const casts = spec.types.map((t, i) => `$${i + 1}::${t}[]`).join(', ');
    const updates = spec.columns.slice(1).map((c) => `${c} = excluded.${c}`).join(', ');
    if (spec.tree) {
      // parents first: insert with a placeholder path, then recompute every path below
      await tx.query(
        `INSERT INTO ${spec.table} (${spec.columns.join(', ')}, path) SELECT *, '' FROM unnest(${casts})
         ON CONFLICT (${spec.key}) DO UPDATE SET ${updates}`,
        params,
      );
      const all = await tx.query<{ id: string; parent_id: string | null; path: string }>(`SELECT id, parent_id, path FROM ${spec.table}`);
      const paths = computePaths(all.map((r) => ({ id: r.id, parentId: r.parent_id })));
      const changed = all.filter((r) => paths.get(r.id) !== r.path);
      if (changed.length > 0) {
        await tx.query(`UPDATE ${spec.table} t SET path = v.path FROM unnest($1::text[], $2::text[]) AS v(id, path) WHERE t.id = v.id`, [
          changed.map((r) => r.id),
          changed.map((r) => paths.get(r.id)),
        ]);
      }
    } else {
      await tx.query(
        `INSERT INTO ${spec.table} (${spec.columns.join(', ')}) SELECT * FROM unnest(${casts})
         ON CONFLICT (${spec.key}) DO UPDATE SET ${updates}`,
        params,
      );
    }
  }
  return summary;
}
