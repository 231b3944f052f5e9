// The case column catalogue (domain/caseColumns.ts) against everything that still mirrors it by hand or by
// position: the migrations' tables (on each backend), the import's staging table and COPY columns, the seed's
// COPY records, the wire schema and the CSV columns. Adding a field is a catalogue row and a migration; this
// file says which one is missing.

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CASE_CATALOGUE, CASE_COLUMNS, CASE_FIELD_COLUMNS, UNSET_AT_INTAKE, type CaseSqlType } from '../../src/domain/caseColumns.js';
import { submittedCase, WorkingCalendar } from '../../src/domain/clocks.js';
import { IMPORT_FIELDS } from '../../src/domain/csv/rules.js';
import { CASE_FILTER_NAMES, CASE_FILTERS, caseFilterQuery } from '../../src/domain/caseFilters.js';
import { ExportQuerySchema } from '../../src/domain/export.js';
import { CaseListQuerySchema, CaseSchema, NewCaseSchema } from '../../src/domain/schemas.js';
import { parseWhereTerm, WHERE_KEYS } from '../../src/bulk/where.js';
import { DEFAULT_CLOCKS, type Case } from '../../src/domain/types.js';
import { CASE_COLUMNS as CASES_TABLE, caseRecord, csvField, REPORTER_COLUMNS } from '../../src/server/caseTables.js';
import { openDb, type Db } from '../../src/server/db/driver.js';
import { migrate } from '../../src/server/db/migrations.js';
import { stageDdl } from '../../src/server/import.js';
import { CASE_COPY_COLUMNS, MOVED_COLUMNS, PROBLEM_COLUMNS, STAGED_ROW_COLUMNS } from '../../src/server/importRows.js';
import { BACKENDS, freshPostgresDatabase } from '../helpers/server.js';

const SQL_TYPE: Record<string, CaseSqlType> = {
  text: 'text',
  date: 'date',
  'timestamp with time zone': 'timestamptz',
  boolean: 'boolean',
  smallint: 'smallint',
  integer: 'integer',
};

interface TableColumn {
  sql: string;
  sqlType: CaseSqlType | string;
  notNull: boolean;
}

async function tableColumns(db: Db, table: string): Promise<TableColumn[]> {
  const rows = await db.query<{ column_name: string; data_type: string; is_nullable: string }>(
    `SELECT column_name, data_type, is_nullable FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => ({ sql: r.column_name, sqlType: SQL_TYPE[r.data_type] ?? r.data_type, notNull: r.is_nullable === 'NO' }));
}

const caseFields = CASE_CATALOGUE.filter((c) => c.role !== 'reporter');
const reporterFields = CASE_CATALOGUE.filter((c) => c.role === 'reporter');

/** A migrated database of the backend (PGlite in memory, or a fresh PostgreSQL database) and its disposal. */
async function migrated(backend: (typeof BACKENDS)[number]): Promise<{ db: Db; dispose(): Promise<void> }> {
  if (backend === 'pglite') {
    const db = await openDb({ dataDir: 'memory://' });
    await migrate(db);
    return { db, dispose: () => db.close() };
  }
  const fresh = await freshPostgresDatabase();
  const db = await openDb({ databaseUrl: fresh.url });
  await migrate(db);
  return {
    db,
    async dispose() {
      await db.close();
      await fresh.drop();
    },
  };
}

describe.each(BACKENDS)('the migrated tables hold the catalogue (%s)', (backend) => {
  let db: Db;
  let dispose: () => Promise<void>;
  beforeAll(async () => {
    ({ db, dispose } = await migrated(backend));
  });
  afterAll(() => dispose());

  // by name: a migration adds a column at the end of the table, the catalogue keeps it where it belongs
  const byName = (columns: TableColumn[]) => [...columns].sort((a, b) => (a.sql < b.sql ? -1 : 1));

  test('cases: one column per Case field, with its type and nullability, and last_event_hash', async () => {
    expect(byName(await tableColumns(db, 'cases'))).toEqual(
      byName([
        ...caseFields.map((c) => ({ sql: c.sql, sqlType: c.sqlType, notNull: c.notNull })),
        { sql: 'last_event_hash', sqlType: 'text', notNull: true },
        // the SLA sweep's index key (migration 9), kept by a trigger and the sweep: not a Case field
        { sql: 'next_deadline', sqlType: 'timestamptz', notNull: false },
      ]),
    );
    expect((await tableColumns(db, 'cases')).map((c) => c.sql).sort()).toEqual([...CASES_TABLE, 'next_deadline'].sort());
  });

  test("reporters: tracking_id, then the reporter's columns of the catalogue", async () => {
    expect(byName(await tableColumns(db, 'reporters'))).toEqual(
      byName([{ sql: 'tracking_id', sqlType: 'text', notNull: true }, ...reporterFields.map((c) => ({ sql: c.sql, sqlType: c.sqlType, notNull: c.notNull }))]),
    );
    expect((await tableColumns(db, 'reporters')).map((c) => c.sql).sort()).toEqual([...REPORTER_COLUMNS].sort());
  });

  test("the import's staging table takes every staged column with the type of the case's column", async () => {
    await db.exec(stageDdl('stage_check'));
    const staged = new Map((await tableColumns(db, 'stage_check')).map((c) => [c.sql, c.sqlType]));
    const cases = new Map((await tableColumns(db, 'cases')).map((c) => [c.sql, c.sqlType]));
    for (const column of [...STAGED_ROW_COLUMNS, ...MOVED_COLUMNS, ...PROBLEM_COLUMNS]) expect(staged.has(column), column).toBe(true);
    for (const column of CASE_COPY_COLUMNS.slice(0, -1)) expect([column, staged.get(column)]).toEqual([column, cases.get(column)]);
  });
});

describe('the catalogue drives every list of case fields', () => {
  test('CaseSchema has the Case fields in catalogue order (the order of every JSON case)', () => {
    expect(Object.keys(CaseSchema.shape)).toEqual(CASE_FIELD_COLUMNS.map((c) => c.name));
  });

  test('the CSV columns are the catalogue rows with headers, in order; the import reads them all', () => {
    expect(CASE_COLUMNS.map((c) => c.name)).toEqual(CASE_CATALOGUE.filter((c) => c.csv !== undefined).map((c) => c.name));
    expect(IMPORT_FIELDS).toEqual(CASE_COLUMNS.map((c) => c.name));
    // a header names one column only (the import finds columns by any of their three names)
    const owners = new Map<string, Set<string>>();
    for (const c of CASE_COLUMNS) for (const h of [c.name, c.id, c.en]) owners.set(h.toLowerCase(), (owners.get(h.toLowerCase()) ?? new Set()).add(c.name));
    expect([...owners].filter(([, names]) => names.size > 1)).toEqual([]);
  });

  test('the cases COPY is the key, the data, the deadlines and the hash: every column but version (its default) and the SLA fields', () => {
    // an imported case runs on the server's settings: no policy, not escalated (role 'sla': left NULL)
    const sla = new Set(CASE_CATALOGUE.filter((c) => c.role === 'sla').map((c) => c.sql));
    expect(CASE_COPY_COLUMNS).toEqual(CASES_TABLE.filter((c) => c !== 'version' && !sla.has(c)));
  });

  test('intake fields are the ones NewCase accepts; a submitted case has every Case field', () => {
    const intake = CASE_FIELD_COLUMNS.filter((c) => c.intake).map((c) => c.name);
    expect(intake.every((name) => name in NewCaseSchema.shape)).toBe(true);
    const c = submittedCase(
      {
        trackingId: 'T-1',
        classification: 'complaint',
        categoryId: null,
        title: 'a',
        body: 'b',
        incidentDate: null,
        province: null,
        regency: null,
        district: null,
        village: null,
        regionCode: null,
        channel: 'web',
        anonymous: false,
        confidential: false,
        institutionId: null,
        submittedAt: '2026-03-02T01:00:00.000Z',
      },
      DEFAULT_CLOCKS,
      new WorkingCalendar([], DEFAULT_CLOCKS.utcOffsetMinutes),
    );
    expect(Object.keys(c).sort()).toEqual(CASE_FIELD_COLUMNS.map((f) => f.name).sort());
    expect(CaseSchema.parse(c)).toEqual(c);
    expect(Object.keys(UNSET_AT_INTAKE)).toContain('status');
    expect(c.status).toBe('submitted');
  });

  test("the seed's COPY record of a case holds its fields in the cases table's order", () => {
    const c = Object.fromEntries(CASE_FIELD_COLUMNS.map((f, i) => [f.name, `v${i}`])) as unknown as Case;
    expect(caseRecord(c, 'h')).toBe(`${[...CASE_FIELD_COLUMNS.map((_, i) => csvField(`v${i}`)), 'h'].join(',')}\n`);
  });
});

describe('the case filters are named once', () => {
  test('GET /v1/cases and GET /v1/exports/cases take every filter; each filters a catalogue field', () => {
    for (const name of CASE_FILTER_NAMES) {
      expect(name in CaseListQuerySchema.shape, name).toBe(true);
      expect(name in ExportQuerySchema.shape, name).toBe(true);
    }
    const fields = new Set(CASE_FIELD_COLUMNS.map((c) => c.name));
    for (const f of CASE_FILTERS) expect(fields.has(f.field), f.name).toBe(true);
  });

  test('--where takes the same keys, checks choices and dates, and the client sends them all', () => {
    expect(WHERE_KEYS).toEqual(CASE_FILTER_NAMES);
    expect(parseWhereTerm('status=completed, archived', 'en')).toEqual(['status', 'completed,archived']);
    expect(() => parseWhereTerm('classification=nope', 'en')).toThrow(/nope/);
    expect(() => parseWhereTerm('from=2024-02-30', 'en')).toThrow();
    expect(caseFilterQuery({ status: ['a', 'b'], q: 'x' })).toEqual({
      status: 'a,b',
      institution: undefined,
      category: undefined,
      classification: undefined,
      channel: undefined,
      from: undefined,
      to: undefined,
      overdue: undefined,
      q: 'x',
    });
  });
});
