// The case import behind POST /v1/imports/cases (`lapor import cases`). One transaction:
//
// 1. the upload is read as it arrives (never whole), in segments of SEGMENT_ROWS rows; every row is checked
//    again with the shared rules (domain/csv/rules.ts), its references (category, institution, channel: an id
//    or a name) resolved against the reference data, its deadlines computed with the working calendar
//    (domain/clocks.ts) and the hash of its first event (`import`, seq 1) computed;
// 2. the good rows of a segment are copied straight into cases, case_events and reporters (binary COPY: the
//    database reads no text) while the next segment is read; only their line and tracking ID go to the
//    UNLOGGED staging table. A segment that meets a tracking ID already present (before the import, or earlier
//    in the file) is rolled back to its savepoint, staged whole and moved with an INSERT that skips those.
//    Problems are staged with their line. A dry run stages every row and moves nothing;
// 3. SQL then flags tracking IDs repeated within the file and staged rows whose case exists already (equal,
//    or differing from the file); strict mode with any bad row, and a dry run, roll back (the copied rows
//    too); with --update the differing cases are overwritten (one more `import` event each, chained on their
//    last hash).
// Idempotent by tracking ID: a second run of the same file finds every case unchanged and writes nothing.
// Only national admins (and the system role) import: a case file has no institution scope to check
// against existing cases of other institutions without revealing them.

import { computeDeadlines } from '../domain/clocks.js';
import type { ImportReject, ImportQuery, ImportSummary } from '../domain/csv/wire.js';
import { F, IMPORT_FIELDS, checkRow, type FieldProblem, type ImportValue } from '../domain/csv/rules.js';
import type { RowCode } from '../domain/csv/codes.js';
import { eventHash, GENESIS_HASH } from '../domain/events.js';
import type { Actor, Role, Status } from '../domain/types.js';
import type { Queryable, Tx } from './db/driver.js';
import { ADVISORY_LOCKS } from './db/advisoryLocks.js';
import { BinaryTuples, eachTuple } from './db/binaryCopy.js';
import { CASE_DATA_COLUMNS, CASE_DEADLINE_COLUMNS, EVENT_COLUMNS, REPORTER_COLUMNS } from './seed/csv.js';
import { ndjsonLines, readWire, runImportJob, type ImportJob, type WireTotals } from './importWire.js';
import { iso, type Store } from './store.js';

/** An import of at least this many new cases refreshes the planner statistics when it commits. */
const ANALYZE_AFTER_ROWS = 10_000;
/**
 * The upload is read and copied in segments of this many records (~10 MiB of COPY data). Each is one
 * savepoint, and a transaction keeps up to 64 of them cheaply visible to other sessions: 50 for 1,000,000 rows.
 */
const SEGMENT_ROWS = 20_000;

/** The columns of the cases COPY, in tuple order. */
const CASE_COPY_COLUMNS = ['tracking_id', ...CASE_DATA_COLUMNS, ...CASE_DEADLINE_COLUMNS, 'last_event_hash'] as const;
/** A staged row: its line and reporter, then the tuple of the cases COPY (its hash is `event_hash`). */
const STAGED_ROW_COLUMNS = ['line', 'reporter_name', 'reporter_contact', 'reporter_nik', ...CASE_COPY_COLUMNS.slice(0, -1), 'event_hash'] as const;
/** A staged row that was copied into cases already. */
const MOVED_COLUMNS = ['line', 'tracking_id', 'moved'] as const;
/** A staged problem of a row. */
const PROBLEM_COLUMNS = ['line', 'tracking_id', 'code', 'col', 'detail'] as const;
/** Every COPY of an import carries binary tuples (db/binaryCopy.ts). */
const BINARY = { binary: true } as const;

/** The staging table (named per import, made in the import's transaction); UNLOGGED: no WAL, shared buffers. */
const stageDdl = (name: string) => `CREATE UNLOGGED TABLE ${name} (
  line integer NOT NULL, tracking_id text, code text, col text, detail text,
  classification text, category_id text, title text, body text, incident_date date, province text, regency text,
  district text, village text, region_code text, channel text, anonymous boolean, confidential boolean,
  institution_id text, status text, closed_by text, archive_reason text, rating smallint,
  submitted_at timestamptz, verified_at timestamptz, disposed_at timestamptz, first_response_at timestamptz,
  last_response_at timestamptz, last_reporter_reply_at timestamptz, closed_at timestamptz,
  verify_due_at timestamptz, response_due_at timestamptz, completion_due_at timestamptz, event_hash text,
  reporter_name text, reporter_contact text, reporter_nik text, moved boolean NOT NULL DEFAULT false,
  existing boolean NOT NULL DEFAULT false, differs boolean NOT NULL DEFAULT false
)`;

const DIFFERS = CASE_DATA_COLUMNS.map((c) => `c.${c} IS DISTINCT FROM s.${c}`).join(' OR ');

// ---- reference data --------------------------------------------------------------------------------------

type RefKind = 'institutions' | 'categories' | 'channels';

interface RefTable {
  ids: Set<string>;
  /** lower-case name (and English name) → ids */
  byName: Map<string, string[]>;
  /** values the file names that the table lacks → rows naming them */
  missing: Map<string, number>;
  /** created by --create-missing: lower-case value → new id */
  created: Map<string, { id: string; name: string }>;
}

const MAX_MISSING_LISTED = 1000;

async function loadRefs(tx: Queryable): Promise<Record<RefKind, RefTable> & { rootInstitution: { id: string; path: string } | null }> {
  const table = (rows: { id: string; name: string; name_en?: string | null }[]): RefTable => {
    const byName = new Map<string, string[]>();
    const add = (name: string | null | undefined, id: string) => {
      if (!name) return;
      const key = name.trim().toLowerCase();
      const ids = byName.get(key);
      if (!ids) byName.set(key, [id]);
      else if (!ids.includes(id)) ids.push(id);
    };
    for (const r of rows) {
      add(r.name, r.id);
      add(r.name_en, r.id);
    }
    return { ids: new Set(rows.map((r) => r.id)), byName, missing: new Map(), created: new Map() };
  };
  const inst = await tx.query<{ id: string; name: string; parent_id: string | null; level: string; path: string }>(
    'SELECT id, name, parent_id, level, path FROM institutions ORDER BY path',
  );
  const cats = await tx.query<{ id: string; name: string; name_en: string | null }>('SELECT id, name, name_en FROM categories');
  const chans = await tx.query<{ id: string; name: string; name_en: string | null }>('SELECT id, name, name_en FROM channels');
  const root = inst.find((r) => r.parent_id === null && r.level === 'national') ?? inst.find((r) => r.parent_id === null) ?? null;
  return {
    institutions: table(inst),
    categories: table(cats),
    channels: table(chans),
    rootInstitution: root ? { id: root.id, path: root.path } : null,
  };
}

const REF_FIELD: Record<RefKind, { field: 'institutionId' | 'categoryId' | 'channel'; unknown: RowCode; ambiguous: RowCode }> = {
  institutions: { field: 'institutionId', unknown: 'unknown_institution', ambiguous: 'ambiguous_institution' },
  categories: { field: 'categoryId', unknown: 'unknown_category', ambiguous: 'ambiguous_category' },
  channels: { field: 'channel', unknown: 'unknown_channel', ambiguous: 'unknown_channel' },
};

/** An id for a created reference: the name in lower-case ASCII with dashes, unique in its table. */
export function slugId(name: string, taken: (id: string) => boolean, prefix = ''): string {
  const base =
    prefix +
    (name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'imported');
  let id = base;
  for (let n = 2; taken(id); n += 1) id = `${base}-${n}`;
  return id;
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

// ---- the import ------------------------------------------------------------------------------------------

interface Counters {
  /** data records in the file (from the upload's end line) */
  records: number;
  /** rows without a problem, and how many of them the segments moved into cases */
  good: number;
  moved: number;
}

type Reporter = [name: string | null, contact: string | null, nik: string | null];

/** A segment of the upload, read and checked, as binary COPY tuples. */
class Segment {
  /** records (rows and client rejects) read into it */
  records = 0;
  /** CASE_COPY_COLUMNS, EVENT_COLUMNS, REPORTER_COLUMNS, PROBLEM_COLUMNS and MOVED_COLUMNS tuples */
  readonly cases = new BinaryTuples();
  readonly events = new BinaryTuples();
  readonly reporters = new BinaryTuples();
  readonly problems = new BinaryTuples();
  readonly moved = new BinaryTuples();
  /** each good row's line and reporter (null: none), in the order of `cases`: to stage the rows instead */
  readonly lines: number[] = [];
  readonly reporterOf: (Reporter | null)[] = [];
  finish(): this {
    for (const t of [this.cases, this.events, this.reporters, this.problems, this.moved]) t.finish();
    return this;
  }
}

/** Yields the items of `source`, reading the next one while the consumer works on the current one. */
async function* readAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  let next = source.next();
  let done = false;
  try {
    for (;;) {
      const item = await next;
      if (item.done) {
        done = true;
        return;
      }
      next = source.next();
      next.catch(() => undefined); // awaited on the next turn, or dropped with the consumer
      yield item.value;
    }
  } finally {
    // the consumer gave up: the source stops once the item it is reading is done
    if (!done) void source.return(undefined).catch(() => undefined);
  }
}

export function startCaseImport(store: Store, actor: Actor, query: ImportQuery, body: AsyncIterable<Buffer | string>, requestId: string, logError: (e: unknown) => void): ImportJob {
  const now = store.options.now();
  const nowIso = now.toISOString();
  const nowMs = now.getTime();
  const settings = store.options.settings;
  const calendar = store.calendar;
  const note = query.source ? `imported from ${query.source}` : 'imported';
  // a regular (unlogged) table rather than a TEMP one: TEMP tables live in a few MiB of backend-local buffers
  // and spill at once
  const stage = `import_stage_${requestId.replace(/[^A-Za-z0-9]/g, '').slice(0, 40)}`;
  let refs: Awaited<ReturnType<typeof loadRefs>>;
  const counters: Counters = { records: 0, good: 0, moved: 0 };
  const segmentRows = store.options.importSegmentRows ?? SEGMENT_ROWS;

  const resolve = (kind: RefKind, value: string): { id: string } | { code: RowCode } => {
    const t = refs[kind];
    if (t.ids.has(value)) return { id: value };
    const key = value.trim().toLowerCase();
    const ids = t.byName.get(key);
    if (ids && ids.length === 1) return { id: ids[0] };
    if (ids && ids.length > 1) return { code: REF_FIELD[kind].ambiguous };
    const made = t.created.get(key);
    if (made) return { id: made.id };
    if (query.createMissing && !(kind === 'institutions' && refs.rootInstitution === null)) {
      const id = slugId(value, (x) => t.ids.has(x) || [...t.created.values()].some((c) => c.id === x), kind === 'channels' ? '' : 'imp-');
      t.created.set(key, { id, name: value.trim() });
      return { id };
    }
    if (t.missing.has(value) || t.missing.size < MAX_MISSING_LISTED) t.missing.set(value, (t.missing.get(value) ?? 0) + 1);
    return { code: REF_FIELD[kind].unknown };
  };

  // Deadlines depend only on the local dates of submission and disposition: computed once per pair of days
  // (an import of a year holds a few hundred distinct days), with the domain's own clocks.
  const DAY_MS = 86_400_000;
  const dueMemo = new Map<string, ReturnType<typeof computeDeadlines>>();
  const deadlines = (submittedAt: string, disposedAt: string | null): ReturnType<typeof computeDeadlines> => {
    const offset = settings.utcOffsetMinutes * 60_000;
    const day = (iso: string) => Math.floor((Date.parse(iso) + offset) / DAY_MS);
    const key = disposedAt === null ? `${day(submittedAt)}` : `${day(submittedAt)}:${day(disposedAt)}`;
    let due = dueMemo.get(key);
    if (due === undefined) {
      due = computeDeadlines({ submittedAt, disposedAt }, settings, calendar);
      if (dueMemo.size < 1_000_000) dueMemo.set(key, due);
    }
    return due;
  };

  // the values every import event shares, encoded once: seq 1, at, actor, role, action, from_status (none) …
  const eventHead = new BinaryTuples().int4(1).timestamptz(nowIso).text(actor.name).text(actor.role).text('import').null().finish()[0];
  // … and note, request_id, prev_hash
  const eventTail = new BinaryTuples().text(note).text(requestId).text(GENESIS_HASH).finish()[0];

  const addProblem = (segment: Segment, line: number, trackingId: string | null, code: string, col: string | null, detail: string | null) =>
    segment.problems.tuple(PROBLEM_COLUMNS.length).int4(line).text(trackingId).text(code).text(col).text(detail);

  /** Checks one row and adds it to the segment: its COPY records, or its problems. */
  function addRow(segment: Segment, line: number, v: ImportValue[]): void {
    const problems: FieldProblem[] = checkRow(v, nowMs);
    const trackingId = typeof v[F.trackingId] === 'string' ? (v[F.trackingId] as string) : null;
    const ids: Partial<Record<RefKind, string | null>> = {};
    for (const kind of ['categories', 'institutions', 'channels'] as const) {
      const field = REF_FIELD[kind].field;
      const raw = v[F[field]];
      if (typeof raw !== 'string' || raw === '' || problems.some((p) => p.field === field)) {
        ids[kind] = null;
        continue;
      }
      const r = resolve(kind, raw);
      if ('code' in r) problems.push({ field, code: r.code, detail: raw.length > 80 ? `${raw.slice(0, 77)}…` : raw });
      else ids[kind] = r.id;
    }
    if (problems.length > 0) {
      for (const p of problems) addProblem(segment, line, trackingId, p.code, p.field, p.detail);
      return;
    }
    counters.good += 1;
    const submittedAt = v[F.submittedAt] as string;
    const disposedAt = v[F.disposedAt] as string | null;
    const due = deadlines(submittedAt, disposedAt);
    const status = v[F.status] as Status;
    const id = trackingId as string;
    const institution = ids.institutions ?? null;
    const hash = eventHash(GENESIS_HASH, {
      trackingId: id,
      seq: 1,
      at: nowIso,
      actor: actor.name,
      role: actor.role,
      action: 'import',
      fromStatus: null,
      toStatus: status,
      fromInstitution: null,
      toInstitution: institution,
      note,
      requestId,
    });
    const text = (i: number) => v[i] as string | null; // text, dates and instants (checked canonical)
    segment.cases
      .tuple(CASE_COPY_COLUMNS.length)
      .text(id)
      .text(text(F.classification))
      .text(ids.categories ?? null)
      .text(text(F.title))
      .text(text(F.body))
      .date(text(F.incidentDate))
      .text(text(F.province))
      .text(text(F.regency))
      .text(text(F.district))
      .text(text(F.village))
      .text(text(F.regionCode))
      .text(ids.channels ?? null)
      .bool(v[F.anonymous] as boolean | null)
      .bool(v[F.confidential] as boolean | null)
      .text(institution)
      .text(status)
      .text(text(F.closedBy))
      .text(text(F.archiveReason))
      .int2(v[F.rating] as number | null)
      .timestamptz(text(F.submittedAt))
      .timestamptz(text(F.verifiedAt))
      .timestamptz(text(F.disposedAt))
      .timestamptz(text(F.firstResponseAt))
      .timestamptz(text(F.lastResponseAt))
      .timestamptz(text(F.lastReporterReplyAt))
      .timestamptz(text(F.closedAt))
      .timestamptz(due.verifyDueAt)
      .timestamptz(due.responseDueAt)
      .timestamptz(due.completionDueAt)
      .text(hash);
    // tracking_id, seq … from_status, to_status, from_institution, to_institution, note … prev_hash, hash
    segment.events.tuple(EVENT_COLUMNS.length).text(id).raw(eventHead).text(status).null().text(institution).raw(eventTail).text(hash);
    const reporter: Reporter | null =
      v[F.reporterName] != null || v[F.reporterContact] != null || v[F.reporterNik] != null
        ? [text(F.reporterName), text(F.reporterContact), text(F.reporterNik)]
        : null;
    if (reporter !== null) segment.reporters.tuple(REPORTER_COLUMNS.length).text(id).text(reporter[0]).text(reporter[1]).text(reporter[2]);
    segment.moved.tuple(MOVED_COLUMNS.length).int4(line).text(id).bool(true);
    segment.lines.push(line);
    segment.reporterOf.push(reporter);
  }

  /** The upload in segments of `segmentRows` records (the last may be smaller, or empty). */
  async function* readSegments(): AsyncGenerator<Segment> {
    const totals: WireTotals = { records: 0, rows: 0, rejectedLines: 0 };
    let segment = new Segment();
    for await (const item of readWire(ndjsonLines(body), IMPORT_FIELDS, totals)) {
      if ('row' in item) addRow(segment, item.line, item.row);
      else addProblem(segment, item.reject.line, item.reject.trackingId, item.reject.code, item.reject.column, item.reject.detail);
      segment.records += 1;
      if (segment.records >= segmentRows) {
        yield segment.finish();
        segment = new Segment();
      }
    }
    yield segment.finish();
    counters.records = totals.records;
  }

  /** The good rows of a segment as STAGED_ROW_COLUMNS tuples. */
  function stagedRows(segment: Segment): Buffer[] {
    const staged = new BinaryTuples();
    let i = 0;
    for (const { fields, values } of eachTuple(segment.cases.chunks)) {
      const reporter = segment.reporterOf[i] ?? [null, null, null];
      staged.tuple(fields + 4).int4(segment.lines[i]).text(reporter[0]).text(reporter[1]).text(reporter[2]).raw(values);
      i += 1;
    }
    return staged.finish();
  }

  /**
   * Reads the upload into the transaction, segment by segment, each while the next is read: problems are
   * staged; good rows are copied into cases, events and reporters (see `copyStraight`), or staged whole in a
   * dry run.
   */
  async function load(tx: Tx): Promise<void> {
    let staged = 0;
    for await (const segment of readAhead(readSegments())) {
      if (segment.problems.chunks.length > 0) await tx.copyFrom(stage, PROBLEM_COLUMNS, segment.problems.chunks, BINARY);
      if (segment.lines.length === 0) continue;
      if (query.dryRun) await tx.copyFrom(stage, STAGED_ROW_COLUMNS, stagedRows(segment), BINARY);
      else if (await copyStraight(tx, segment)) counters.moved += segment.lines.length;
      else {
        const table = `${stage}_${staged}`;
        staged += 1;
        await tx.exec(`CREATE UNLOGGED TABLE ${table} () INHERITS (${stage})`);
        await tx.copyFrom(table, STAGED_ROW_COLUMNS, stagedRows(segment), BINARY);
        counters.moved += await moveSegment(tx, table);
      }
    }
  }

  /**
   * Copies the good rows of a segment into cases, case_events and reporters, and stages their lines and
   * tracking IDs (the check for repeats across the file needs them). False, with nothing copied, when a
   * tracking ID of the segment is taken: by a case from before the import, or by an earlier row of the file.
   */
  async function copyStraight(tx: Tx, segment: Segment): Promise<boolean> {
    await createReferences(tx);
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
   * Moves the good rows of a staged segment whose tracking IDs are new: cases, their first events, reporters.
   * Of a tracking ID repeated within the segment only the first row is moved; the check of the whole file at
   * the end rejects the repeats, and finds the rows of cases that were there before.
   */
  async function moveSegment(tx: Tx, table: string): Promise<number> {
    const first = `line IN (SELECT min(line) FROM ${table} GROUP BY tracking_id)`;
    const cols = CASE_DATA_COLUMNS.join(', ');
    const [{ n }] = await tx.query<{ n: number }>(
      `WITH ins AS (
         INSERT INTO cases (tracking_id, ${cols}, verify_due_at, response_due_at, completion_due_at, version, last_event_hash)
         SELECT tracking_id, ${cols}, verify_due_at, response_due_at, completion_due_at, 1, event_hash
         FROM ${table} WHERE ${first}
         ON CONFLICT (tracking_id) DO NOTHING
         RETURNING tracking_id, status, institution_id, last_event_hash),
       events AS (
         INSERT INTO case_events (tracking_id, seq, at, actor, role, action, from_status, to_status, from_institution,
           to_institution, note, request_id, prev_hash, hash)
         SELECT tracking_id, 1, $1::timestamptz, $2, $3, 'import', NULL, status, NULL, institution_id, $4, $5, $6, last_event_hash
         FROM ins),
       reporters AS (
         INSERT INTO reporters (tracking_id, name, contact, nik)
         SELECT s.tracking_id, s.reporter_name, s.reporter_contact, s.reporter_nik FROM ${table} s JOIN ins USING (tracking_id)
         WHERE (s.reporter_name IS NOT NULL OR s.reporter_contact IS NOT NULL OR s.reporter_nik IS NOT NULL) AND s.${first})
       SELECT count(*)::int AS n FROM ins`,
      [nowIso, actor.name, actor.role, note, requestId, GENESIS_HASH],
    );
    return n;
  }

  async function prepare(tx: Tx): Promise<ImportSummary> {
    // one case import at a time (on any API instance): the existence check and the insert stay consistent
    await tx.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.caseImport]);
    refs = await loadRefs(tx);
    await tx.query("SET LOCAL work_mem = '256MB'");
    await tx.exec(stageDdl(stage));
    if (query.dryRun) await load(tx);
    else await withTrustedMove(tx, () => load(tx));
    // When the segments moved every good row, no two of them share a tracking ID and none was there before:
    // both checks below would change nothing (the usual case of a first import).
    const everyGoodRowMoved = !query.dryRun && counters.moved === counters.good;
    if (!everyGoodRowMoved) {
      // the same tracking ID twice in the file: the first good row stays, later ones are rejected
      await tx.query(`WITH d AS (
          SELECT tracking_id, min(line) AS first FROM ${stage} WHERE code IS NULL GROUP BY tracking_id HAVING count(*) > 1)
        UPDATE ${stage} s SET code = 'duplicate_in_file', col = 'trackingId', detail = 'line ' || d.first
        FROM d WHERE s.tracking_id = d.tracking_id AND s.code IS NULL AND s.line <> d.first`);
      // existing: a case that was there before this import (not copied by it, and without this import's hash)
      await tx.query(`UPDATE ${stage} s SET existing = true, differs = (${DIFFERS})
        FROM cases c WHERE c.tracking_id = s.tracking_id AND s.code IS NULL AND NOT s.moved AND c.last_event_hash IS DISTINCT FROM s.event_hash`);
    }
    const [c] = everyGoodRowMoved
      ? // every record was either moved or rejected once (by the client or by the row check): nothing to count
        [{ rejected: counters.records - counters.good, fresh: counters.moved, unchanged: 0, differing: 0 }]
      : await tx.query<{ rejected: number; fresh: number; unchanged: number; differing: number }>(
          `SELECT count(DISTINCT line) FILTER (WHERE code IS NOT NULL)::int AS rejected,
                  count(*) FILTER (WHERE code IS NULL AND NOT existing)::int AS fresh,
                  count(*) FILTER (WHERE code IS NULL AND existing AND NOT differs)::int AS unchanged,
                  count(*) FILTER (WHERE code IS NULL AND differs)::int AS differing
           FROM ${stage}`,
        );
    const listed = (t: RefTable) => [...t.missing].map(([value, rows]) => ({ value, rows })).sort((a, b) => b.rows - a.rows || (a.value < b.value ? -1 : 1));
    const created = (t: RefTable) => [...t.created.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
    const apply = !query.dryRun && (query.mode === 'skip' || c.rejected === 0);
    return {
      kind: 'cases',
      source: query.source ?? null,
      mode: query.mode,
      dryRun: query.dryRun,
      update: query.update,
      applied: apply,
      records: counters.records,
      rejected: c.rejected,
      created: c.fresh,
      unchanged: c.unchanged,
      differing: query.update ? 0 : c.differing,
      updated: query.update ? c.differing : 0,
      missing: { institutions: listed(refs.institutions), categories: listed(refs.categories), channels: listed(refs.channels) },
      createdReferences: { institutions: created(refs.institutions), categories: created(refs.categories), channels: created(refs.channels) },
    };
  }

  async function* rejects(tx: Tx): AsyncGenerator<ImportReject> {
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
  const inserted = new Set<string>();
  const notYetInserted = (kind: RefKind) => [...refs[kind].created.values()].filter((r) => !inserted.has(`${kind}:${r.id}`) && inserted.add(`${kind}:${r.id}`));

  async function createReferences(tx: Tx): Promise<void> {
    const inst = refs.rootInstitution ? notYetInserted('institutions') : [];
    if (inst.length > 0 && refs.rootInstitution) {
      const root = refs.rootInstitution;
      await tx.query(
        `INSERT INTO institutions (id, parent_id, name, level, active, path)
         SELECT id, $1, name, 'unit', true, $2 || id || '/' FROM unnest($3::text[], $4::text[]) AS v(id, name)`,
        [root.id, root.path, inst.map((i) => i.id), inst.map((i) => i.name)],
      );
    }
    const cats = notYetInserted('categories');
    if (cats.length > 0) {
      await tx.query(
        `INSERT INTO categories (id, parent_id, name, name_en, institution_hint, path)
         SELECT id, NULL, name, NULL, NULL, '/' || id || '/' FROM unnest($1::text[], $2::text[]) AS v(id, name)`,
        [cats.map((c) => c.id), cats.map((c) => c.name)],
      );
    }
    const chans = notYetInserted('channels');
    if (chans.length > 0) {
      await tx.query(`INSERT INTO channels (id, name, name_en) SELECT id, name, name FROM unnest($1::text[], $2::text[]) AS v(id, name)`, [
        chans.map((c) => c.id),
        chans.map((c) => c.name),
      ]);
    }
  }

  async function apply(tx: Tx, summary: ImportSummary): Promise<ImportSummary> {
    await createReferences(tx);
    const updated = query.update && summary.updated > 0 ? await updateDiffering(tx) : 0;
    await tx.exec(`DROP TABLE ${stage} CASCADE`); // its segments with it
    return { ...summary, updated };
  }

  /** --update: overwrites the cases that differ from the file, one chained `import` event each. */
  async function updateDiffering(tx: Tx): Promise<number> {
    await tx.query(`DECLARE import_updates NO SCROLL CURSOR FOR
      SELECT s.*, c.version AS old_version, c.last_event_hash AS old_hash, c.status AS old_status, c.institution_id AS old_institution
      FROM ${stage} s JOIN cases c ON c.tracking_id = s.tracking_id
      WHERE s.code IS NULL AND s.differs ORDER BY s.line`);
    let total = 0;
    for (;;) {
      const rows = await tx.query('FETCH 1000 FROM import_updates');
      if (rows.length === 0) break;
      total += await updateBatch(tx, rows);
      if (rows.length < 1000) break;
    }
    await tx.query('CLOSE import_updates');
    return total;
  }

  async function updateBatch(tx: Tx, rows: Record<string, unknown>[]): Promise<number> {
    const events = rows.map((r) => {
      const seq = Number(r.old_version) + 1;
      const fields = {
        trackingId: String(r.tracking_id),
        seq,
        at: nowIso,
        actor: actor.name,
        role: actor.role as Role,
        action: 'import' as const,
        fromStatus: r.old_status as Status,
        toStatus: r.status as Status,
        fromInstitution: (r.old_institution ?? null) as string | null,
        toInstitution: (r.institution_id ?? null) as string | null,
        note: `updated: ${note}`,
        requestId,
      };
      const prevHash = String(r.old_hash);
      return { ...fields, prevHash, hash: eventHash(prevHash, fields) };
    });
    const col = (name: string) => rows.map((r) => r[name] ?? null);
    const types: Record<string, string> = {
      incident_date: 'date',
      anonymous: 'boolean',
      confidential: 'boolean',
      rating: 'smallint',
    };
    const timestamps = new Set(['submitted_at', 'verified_at', 'disposed_at', 'first_response_at', 'last_response_at', 'last_reporter_reply_at', 'closed_at', 'verify_due_at', 'response_due_at', 'completion_due_at']);
    const setCols = [...CASE_DATA_COLUMNS, ...CASE_DEADLINE_COLUMNS];
    const params: unknown[] = [events.map((e) => e.trackingId), events.map((e) => e.seq), events.map((e) => e.hash)];
    const arrays = ['$1::text[]', '$2::int[]', '$3::text[]'];
    for (const c of setCols) {
      params.push(timestamps.has(c) ? rows.map((r) => iso(r[c])) : col(c));
      arrays.push(`$${params.length}::${timestamps.has(c) ? 'timestamptz' : (types[c] ?? 'text')}[]`);
    }
    await tx.query(
      `UPDATE cases SET ${setCols.map((c) => `${c} = v.${c}`).join(', ')}, version = v.version, last_event_hash = v.hash
       FROM unnest(${arrays.join(', ')}) AS v(tracking_id, version, hash, ${setCols.join(', ')})
       WHERE cases.tracking_id = v.tracking_id`,
      params,
    );
    const pick = <K extends keyof (typeof events)[number]>(k: K) => events.map((e) => e[k]);
    await tx.query(
      `INSERT INTO case_events (tracking_id, seq, at, actor, role, action, from_status, to_status, from_institution,
         to_institution, note, request_id, prev_hash, hash)
       SELECT * FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])`,
      [
        pick('trackingId'),
        pick('seq'),
        pick('at'),
        pick('actor'),
        pick('role'),
        pick('action'),
        pick('fromStatus'),
        pick('toStatus'),
        pick('fromInstitution'),
        pick('toInstitution'),
        pick('note'),
        pick('requestId'),
        pick('prevHash'),
        pick('hash'),
      ],
    );
    const withReporter = rows.filter((r) => r.reporter_name !== null || r.reporter_contact !== null || r.reporter_nik !== null);
    if (withReporter.length > 0) {
      await tx.query(
        `INSERT INTO reporters (tracking_id, name, contact, nik) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
         ON CONFLICT (tracking_id) DO UPDATE SET name = excluded.name, contact = excluded.contact, nik = excluded.nik`,
        [
          withReporter.map((r) => r.tracking_id),
          withReporter.map((r) => r.reporter_name),
          withReporter.map((r) => r.reporter_contact),
          withReporter.map((r) => r.reporter_nik),
        ],
      );
    }
    return rows.length;
  }

  return runImportJob(store.db, {
    prepare,
    rejects,
    apply,
    async committed(summary) {
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
    },
    logError,
  });
}

