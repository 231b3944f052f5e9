// The case import behind POST /v1/imports/cases (`lapor import cases`). One transaction:
//
// 1. the upload is read as it arrives (never whole), in segments of SEGMENT_ROWS rows; every row is checked
//    again with the shared rules (domain/csv/rules.ts), its references (category, institution, channel: an id
//    or a name) resolved against the reference data, its location matched to an official area (regionCode
//    filled: importRegions.ts), its deadlines computed with the working calendar
//    (domain/clocks.ts) and the hash of its first event (`import`, seq 1) computed;
// 2. the good rows of a segment are copied straight into cases, case_events and reporters (binary COPY: the
//    database reads no text) while the next segment is read; only their line and tracking ID go to the
//    UNLOGGED staging table. A segment that meets a tracking ID already present (before the import, or earlier
//    in the file) is rolled back to its savepoint, staged whole and moved with an INSERT that skips those
//    (the moved cases' events are copied from the segment's own tuples). Problems are staged with their line.
//    A dry run stages every row and moves nothing;
// 3. SQL then flags tracking IDs repeated within the file and staged rows whose case exists already (equal,
//    or differing from the file); strict mode with any bad row, and a dry run, roll back (the copied rows
//    too); with --update the differing cases are overwritten (one more `import` event each, chained on their
//    last hash).
// Idempotent by tracking ID: a second run of the same file finds every case unchanged and writes nothing.
// Only national admins (and the system role) import: a case file has no institution scope to check
// against existing cases of other institutions without revealing them.

// The stages, each a function of its inputs: References.load and readSegments/addRow (importRows.ts: read,
// check and encode the rows), loadUpload (copy or stage each segment), flagStaged and countStaged (the checks
// of the whole file), summarise, stagedRejects, and applyImport with updateDiffering (--update). Every column
// list comes from the case column catalogue (caseTables.ts, importRows.ts), derived once at load.

import type { ImportReject, ImportQuery, ImportSummary } from '../domain/csv/wire.js';
import type { Actor, Status } from '../domain/types.js';
import { BinaryTuples } from './db/binaryCopy.js';
import type { Tx } from './db/driver.js';
import { ADVISORY_LOCKS } from './db/advisoryLocks.js';
import { CASE_DATA, CASE_DEADLINES, EVENT_COLUMNS, REPORTER, REPORTER_COLUMNS } from './caseTables.js';
import {
  CASE_COPY_COLUMNS,
  deadlineMemo,
  importEvents,
  MOVED_COLUMNS,
  PROBLEM_COLUMNS,
  readAhead,
  readSegments,
  References,
  STAGED_REPORTER_COLUMNS,
  STAGED_ROW_COLUMNS,
  writeEvent,
  type ImportEvents,
  type RefKind,
  type RowContext,
  type Segment,
} from './importRows.js';
import { RegionCheck } from './importRegions.js';
import { regionGazetteer } from './regions.js';
import { runImportJob, type ImportJob, type WireTotals } from './importWire.js';
import { iso, type Store } from './store.js';

/** An import of at least this many new cases refreshes the planner statistics when it commits. */
const ANALYZE_AFTER_ROWS = 10_000;
/**
 * The upload is read and copied in segments of this many records (~10 MiB of COPY data). Each is one
 * savepoint, and a transaction keeps up to 64 of them cheaply visible to other sessions: 50 for 1,000,000 rows.
 */
const SEGMENT_ROWS = 20_000;
/** Every COPY of an import carries binary tuples (db/binaryCopy.ts). */
const BINARY = { binary: true } as const;

/** The columns a staged row holds of its case, and the ones --update overwrites: data, then deadlines. */
const CASE_VALUES = [...CASE_DATA, ...CASE_DEADLINES];

/** The staging table (named per import, made in the import's transaction); UNLOGGED: no WAL, shared buffers. */
export const stageDdl = (name: string) => `CREATE UNLOGGED TABLE ${name} (
  line integer NOT NULL, tracking_id text, code text, col text, detail text,
  ${CASE_VALUES.map((c) => `${c.sql} ${c.sqlType}`).join(', ')}, event_hash text,
  ${REPORTER.map((c, i) => `${STAGED_REPORTER_COLUMNS[i]} ${c.sqlType}`).join(', ')}, moved boolean NOT NULL DEFAULT false,
  existing boolean NOT NULL DEFAULT false, differs boolean NOT NULL DEFAULT false
)`;

const DIFFERS = CASE_DATA.map((c) => `c.${c.sql} IS DISTINCT FROM s.${c.sql}`).join(' OR ');

/** The cases of a staged segment's table (`$table`) whose tracking IDs are new; only the first row of each. */
const MOVE_SQL = (table: string) => {
  const first = `line IN (SELECT min(line) FROM ${table} GROUP BY tracking_id)`;
  return `WITH ins AS (
      INSERT INTO cases (${CASE_COPY_COLUMNS.join(', ')})
      SELECT ${[...CASE_COPY_COLUMNS.slice(0, -1), 'event_hash'].join(', ')} FROM ${table} WHERE ${first}
      ON CONFLICT (tracking_id) DO NOTHING
      RETURNING tracking_id),
    reporters AS (
      INSERT INTO reporters (${REPORTER_COLUMNS.join(', ')})
      SELECT s.tracking_id, ${STAGED_REPORTER_COLUMNS.map((c) => `s.${c}`).join(', ')} FROM ${table} s JOIN ins USING (tracking_id)
      WHERE (${STAGED_REPORTER_COLUMNS.map((c) => `s.${c} IS NOT NULL`).join(' OR ')}) AND s.${first})
    SELECT tracking_id FROM ins`;
};

/** --update: one batch of differing cases overwritten from unnest arrays (tracking ID, version, hash, values). */
const UPDATE_SQL = `UPDATE cases SET ${CASE_VALUES.map((c) => `${c.sql} = v.${c.sql}`).join(', ')}, version = v.version, last_event_hash = v.hash
  FROM unnest($1::text[], $2::int[], $3::text[], ${CASE_VALUES.map((c, i) => `$${i + 4}::${c.sqlType}[]`).join(', ')})
    AS v(tracking_id, version, hash, ${CASE_VALUES.map((c) => c.sql).join(', ')})
  WHERE cases.tracking_id = v.tracking_id`;

/** --update: the reporters of the overwritten cases. */
const UPSERT_REPORTERS_SQL = `INSERT INTO reporters (${REPORTER_COLUMNS.join(', ')})
  SELECT * FROM unnest(${REPORTER_COLUMNS.map((_, i) => `$${i + 1}::text[]`).join(', ')})
  ON CONFLICT (tracking_id) DO UPDATE SET ${REPORTER.map((c) => `${c.sql} = excluded.${c.sql}`).join(', ')}`;

/** What one import fixes at its start: every stage reads it, none changes it. */
interface ImportRun {
  query: ImportQuery;
  /**
   * The staging table: a regular (unlogged) table rather than a TEMP one (TEMP tables live in a few MiB of
   * backend-local buffers and spill at once).
   */
  stage: string;
  segmentRows: number;
  /** The instant, actor, note and request every event of the import shares. */
  events: ImportEvents;
  nowMs: number;
}

/** What the upload held, and what the segments did with it. */
interface Counters {
  /** data records in the file (from the upload's end line) */
  records: number;
  /** rows without a problem, and how many of them the segments moved into cases */
  good: number;
  moved: number;
}

/** How the staged rows came out. */
type Outcome = {
  rejected: number;
  fresh: number;
  unchanged: number;
  differing: number;
};

export function startCaseImport(store: Store, actor: Actor, query: ImportQuery, body: AsyncIterable<Buffer | string>, requestId: string, logError: (e: unknown) => void): ImportJob {
  const now = store.options.now();
  const run: ImportRun = {
    query,
    stage: `import_stage_${requestId.replace(/[^A-Za-z0-9]/g, '').slice(0, 40)}`,
    segmentRows: store.options.importSegmentRows ?? SEGMENT_ROWS,
    events: importEvents(now.toISOString(), actor, query.source ? `imported from ${query.source}` : 'imported', requestId),
    nowMs: now.getTime(),
  };
  let refs: References | null = null;
  // read (once per process) while the import waits for its lock and reads the references
  const gazetteer = regionGazetteer();
  gazetteer.catch(() => undefined); // awaited in prepare
  return runImportJob(store.db, {
    async prepare(tx) {
      // one case import at a time (on any API instance): the existence check and the insert stay consistent
      await tx.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.caseImport]);
      refs = await References.load(tx, query.createMissing);
      const regions = new RegionCheck(await gazetteer);
      const rows: RowContext = { refs, deadlines: deadlineMemo(store.options.settings, store.calendar), events: run.events, nowMs: run.nowMs, regions };
      return prepareImport(tx, run, rows, body);
    },
    rejects: (tx) => stagedRejects(tx, run.stage),
    apply: (tx, summary) => applyImport(tx, run, refs as References, summary),
    committed: (summary) => afterCommit(store, summary, logError),
    logError,
  });
}

/** Reads and checks the upload into the transaction (under the import lock); the summary as it will be if kept. */
async function prepareImport(tx: Tx, run: ImportRun, rows: RowContext, body: AsyncIterable<Buffer | string>): Promise<ImportSummary> {
  await tx.query("SET LOCAL work_mem = '256MB'");
  await tx.exec(stageDdl(run.stage));
  const counters = run.query.dryRun ? await loadUpload(tx, run, rows, body) : await withTrustedMove(tx, () => loadUpload(tx, run, rows, body));
  // When the segments moved every good row, no two of them share a tracking ID and none was there before:
  // the checks of the whole file would change nothing (the usual case of a first import), and every record
  // was either moved or rejected once (by the client or by the row check): nothing to count.
  const everyGoodRowMoved = !run.query.dryRun && counters.moved === counters.good;
  if (!everyGoodRowMoved) await flagStaged(tx, run.stage);
  const outcome = everyGoodRowMoved
    ? { rejected: counters.records - counters.good, fresh: counters.moved, unchanged: 0, differing: 0 }
    : await countStaged(tx, run.stage);
  return summarise(run.query, counters.records, outcome, rows.refs, rows.regions);
}

/**
 * Runs `move` with the foreign-key triggers skipped when the role may: every reference of the moved rows was
 * resolved against the tables inside this transaction (and reference rows are never deleted), as the seed's
 * trusted COPY does; the append-only trigger of case_events only guards UPDATE and DELETE.
 */
async function withTrustedMove<T>(tx: Tx, move: () => Promise<T>): Promise<T> {
  const [{ trusted }] = await tx.query<{ trusted: boolean }>('SELECT rolsuper AS trusted FROM pg_roles WHERE rolname = current_user');
  if (trusted) await tx.query('SET LOCAL session_replication_role = replica');
  const result = await move();
  if (trusted) await tx.query('SET LOCAL session_replication_role = origin');
  return result;
}

/**
 * Reads the upload into the transaction, segment by segment, each while the next is read: problems are
 * staged; good rows are copied into cases, events and reporters (see `copyStraight`), or staged whole in a
 * dry run.
 */
async function loadUpload(tx: Tx, run: ImportRun, rows: RowContext, body: AsyncIterable<Buffer | string>): Promise<Counters> {
  const totals: WireTotals = { records: 0, rows: 0, rejectedLines: 0 };
  let staged = 0;
  let good = 0;
  let moved = 0;
  for await (const segment of readAhead(readSegments(body, rows, run.segmentRows, totals))) {
    if (segment.problems.chunks.length > 0) await tx.copyFrom(run.stage, PROBLEM_COLUMNS, segment.problems.chunks, BINARY);
    if (segment.lines.length === 0) continue;
    good += segment.lines.length;
    if (run.query.dryRun) await tx.copyFrom(run.stage, STAGED_ROW_COLUMNS, segment.stagedRows(), BINARY);
    else if (await copyStraight(tx, run.stage, rows.refs, segment)) moved += segment.lines.length;
    else {
      moved += await stageAndMove(tx, `${run.stage}_${staged}`, run.stage, segment);
      staged += 1;
    }
  }
  return { records: totals.records, good, moved };
}

/**
 * Copies the good rows of a segment into cases, case_events and reporters, and stages their lines and
 * tracking IDs (the check for repeats across the file needs them). False, with nothing copied, when a
 * tracking ID of the segment is taken: by a case from before the import, or by an earlier row of the file.
 */
async function copyStraight(tx: Tx, stage: string, refs: References, segment: Segment): Promise<boolean> {
  await insertCreatedReferences(tx, refs);
  await tx.query('SAVEPOINT import_segment');
  try {
    await tx.copyFrom('cases', CASE_COPY_COLUMNS, segment.cases.chunks, BINARY);
    await tx.copyFrom('case_events', EVENT_COLUMNS, segment.events.chunks, BINARY);
    if (segment.reporters.chunks.length > 0) await tx.copyFrom('reporters', REPORTER_COLUMNS, segment.reporters.chunks, BINARY);
  } catch (err) {
    if ((err as { code?: string }).code !== '23505') throw err;
    await tx.query('ROLLBACK TO SAVEPOINT import_segment');
    return false;
  }
  await tx.query('RELEASE SAVEPOINT import_segment');
  await tx.copyFrom(stage, MOVED_COLUMNS, segment.moved.chunks, BINARY);
  return true;
}

/**
 * Stages the good rows of a segment in `table` (a child of the staging table) and moves those whose tracking
 * IDs are new: cases, reporters, and the segment's own first events of them. Of a tracking ID repeated within
 * the segment only the first row is moved; the check of the whole file at the end rejects the repeats, and
 * finds the rows of cases that were there before. Returns how many cases it moved.
 */
async function stageAndMove(tx: Tx, table: string, stage: string, segment: Segment): Promise<number> {
  await tx.exec(`CREATE UNLOGGED TABLE ${table} () INHERITS (${stage})`);
  await tx.copyFrom(table, STAGED_ROW_COLUMNS, segment.stagedRows(), BINARY);
  const moved = await tx.query<{ tracking_id: string }>(MOVE_SQL(table));
  if (moved.length > 0) await tx.copyFrom('case_events', EVENT_COLUMNS, segment.eventsOf(new Set(moved.map((r) => r.tracking_id))), BINARY);
  return moved.length;
}

/** Flags repeats within the file and staged rows whose case existed before the import (equal or differing). */
async function flagStaged(tx: Tx, stage: string): Promise<void> {
  // the same tracking ID twice in the file: the first good row stays, later ones are rejected
  await tx.query(`WITH d AS (
      SELECT tracking_id, min(line) AS first FROM ${stage} WHERE code IS NULL GROUP BY tracking_id HAVING count(*) > 1)
    UPDATE ${stage} s SET code = 'duplicate_in_file', col = 'trackingId', detail = 'line ' || d.first
    FROM d WHERE s.tracking_id = d.tracking_id AND s.code IS NULL AND s.line <> d.first`);
  // existing: a case that was there before this import (not copied by it, and without this import's hash)
  await tx.query(`UPDATE ${stage} s SET existing = true, differs = (${DIFFERS})
    FROM cases c WHERE c.tracking_id = s.tracking_id AND s.code IS NULL AND NOT s.moved AND c.last_event_hash IS DISTINCT FROM s.event_hash`);
}

async function countStaged(tx: Tx, stage: string): Promise<Outcome> {
  const [c] = await tx.query<Outcome>(
    `SELECT count(DISTINCT line) FILTER (WHERE code IS NOT NULL)::int AS rejected,
            count(*) FILTER (WHERE code IS NULL AND NOT existing)::int AS fresh,
            count(*) FILTER (WHERE code IS NULL AND existing AND NOT differs)::int AS unchanged,
            count(*) FILTER (WHERE code IS NULL AND differs)::int AS differing
     FROM ${stage}`,
  );
  return c;
}

const REF_KINDS: readonly RefKind[] = ['institutions', 'categories', 'channels'];

function summarise(query: ImportQuery, records: number, c: Outcome, refs: References, regions: RegionCheck): ImportSummary {
  const byKind = <T>(f: (kind: RefKind) => T) => Object.fromEntries(REF_KINDS.map((k) => [k, f(k)])) as Record<RefKind, T>;
  const locations = regions.warnings();
  return {
    kind: 'cases',
    source: query.source ?? null,
    mode: query.mode,
    dryRun: query.dryRun,
    update: query.update,
    applied: !query.dryRun && (query.mode === 'skip' || c.rejected === 0),
    records,
    rejected: c.rejected,
    created: c.fresh,
    unchanged: c.unchanged,
    differing: query.update ? 0 : c.differing,
    updated: query.update ? c.differing : 0,
    missing: byKind((k) => refs.missing(k)),
    createdReferences: byKind((k) => refs.created(k)),
    ...(locations.length > 0 ? { locations } : {}),
  };
}

async function* stagedRejects(tx: Tx, stage: string): AsyncGenerator<ImportReject> {
  await tx.query(`DECLARE import_rejects NO SCROLL CURSOR FOR
    SELECT line, tracking_id, code, col, detail FROM ${stage} WHERE code IS NOT NULL ORDER BY line, col`);
  for (;;) {
    const rows = await tx.query<{ line: number; tracking_id: string | null; code: ImportReject['code']; col: string | null; detail: string | null }>(
      'FETCH 2000 FROM import_rejects',
    );
    for (const r of rows) yield { line: r.line, trackingId: r.tracking_id, code: r.code, column: r.col, detail: r.detail };
    if (rows.length < 2000) break;
  }
  await tx.query('CLOSE import_rejects');
}

/** References made by --create-missing are inserted once each, before the first row that names them is moved. */
async function insertCreatedReferences(tx: Tx, refs: References): Promise<void> {
  const root = refs.rootInstitution;
  const inst = root ? refs.takeUninserted('institutions') : [];
  if (inst.length > 0 && root) {
    await tx.query(
      `INSERT INTO institutions (id, parent_id, name, level, active, path)
       SELECT id, $1, name, 'unit', true, $2 || id || '/' FROM unnest($3::text[], $4::text[]) AS v(id, name)`,
      [root.id, root.path, inst.map((i) => i.id), inst.map((i) => i.name)],
    );
  }
  const cats = refs.takeUninserted('categories');
  if (cats.length > 0) {
    await tx.query(
      `INSERT INTO categories (id, parent_id, name, name_en, institution_hint, path)
       SELECT id, NULL, name, NULL, NULL, '/' || id || '/' FROM unnest($1::text[], $2::text[]) AS v(id, name)`,
      [cats.map((c) => c.id), cats.map((c) => c.name)],
    );
  }
  const chans = refs.takeUninserted('channels');
  if (chans.length > 0) {
    await tx.query(`INSERT INTO channels (id, name, name_en) SELECT id, name, name FROM unnest($1::text[], $2::text[]) AS v(id, name)`, [
      chans.map((c) => c.id),
      chans.map((c) => c.name),
    ]);
  }
}

/** Writes what is kept beyond the segments: created references, --update's overwrites; drops the staging. */
async function applyImport(tx: Tx, run: ImportRun, refs: References, summary: ImportSummary): Promise<ImportSummary> {
  await insertCreatedReferences(tx, refs);
  const updated = run.query.update && summary.updated > 0 ? await updateDiffering(tx, run) : 0;
  await tx.exec(`DROP TABLE ${run.stage} CASCADE`); // its segments with it
  return { ...summary, updated };
}

/** --update: overwrites the cases that differ from the file, one chained `import` event each. */
async function updateDiffering(tx: Tx, run: ImportRun): Promise<number> {
  await tx.query(`DECLARE import_updates NO SCROLL CURSOR FOR
    SELECT s.*, c.version AS old_version, c.last_event_hash AS old_hash, c.status AS old_status, c.institution_id AS old_institution
    FROM ${run.stage} s JOIN cases c ON c.tracking_id = s.tracking_id
    WHERE s.code IS NULL AND s.differs ORDER BY s.line`);
  let total = 0;
  for (;;) {
    const rows = await tx.query('FETCH 1000 FROM import_updates');
    if (rows.length === 0) break;
    total += await updateBatch(tx, run.events, rows);
    if (rows.length < 1000) break;
  }
  await tx.query('CLOSE import_updates');
  return total;
}

/** Overwrites one batch of staged rows' cases and reporters, each with its chained `import` event. */
async function updateBatch(tx: Tx, shared: ImportEvents, rows: Record<string, unknown>[]): Promise<number> {
  const events = new BinaryTuples();
  const versions = rows.map((r) => Number(r.old_version) + 1);
  const hashes = rows.map((r, i) =>
    writeEvent(events, shared, {
      trackingId: String(r.tracking_id),
      seq: versions[i],
      fromStatus: r.old_status as Status,
      toStatus: r.status as Status,
      fromInstitution: (r.old_institution ?? null) as string | null,
      toInstitution: (r.institution_id ?? null) as string | null,
      note: `updated: ${shared.note}`,
      prevHash: String(r.old_hash),
    }),
  );
  const values = CASE_VALUES.map((c) => rows.map((r) => (c.sqlType === 'timestamptz' ? iso(r[c.sql]) : (r[c.sql] ?? null))));
  await tx.query(UPDATE_SQL, [rows.map((r) => r.tracking_id), versions, hashes, ...values]);
  await tx.copyFrom('case_events', EVENT_COLUMNS, events.finish(), BINARY);
  const withReporter = rows.filter((r) => STAGED_REPORTER_COLUMNS.some((c) => r[c] !== null));
  if (withReporter.length > 0) {
    await tx.query(UPSERT_REPORTERS_SQL, [withReporter.map((r) => r.tracking_id), ...STAGED_REPORTER_COLUMNS.map((c) => withReporter.map((r) => r[c]))]);
  }
  return rows.length;
}

/** After a commit: the caches learn created references; a large load refreshes the planner statistics. */
async function afterCommit(store: Store, summary: ImportSummary, logError: (e: unknown) => void): Promise<void> {
  const c = summary.createdReferences;
  if (c.institutions.length + c.categories.length + c.channels.length > 0) await store.reload();
  // a large load leaves the planner's statistics behind (PGlite has no autovacuum at all): without them
  // the queue listings scan and sort the whole table on every page. PostgreSQL refreshes them after the
  // answer (the importer need not wait, autovacuum would do it too); PGlite before it (the embedded CLI
  // closes the database as soon as it has the answer)
  if (summary.created >= ANALYZE_AFTER_ROWS) {
    const analyze = store.db.exec('ANALYZE cases; ANALYZE case_events; ANALYZE reporters');
    if (store.db.kind === 'postgres') void analyze.catch(logError);
    else await analyze;
  }
}
