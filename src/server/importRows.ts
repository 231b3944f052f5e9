// The first stage of a case import (import.ts): the upload read as it arrives, in segments of rows; each row
// checked again with the shared rules (domain/csv/rules.ts), its references resolved, its deadlines computed,
// and written as the binary COPY tuples of cases, case_events and reporters. Nothing here touches the
// database but the reference data's first read; the tuples' columns are derived once from the case column
// catalogue (caseTables.ts).

import { computeDeadlines, type WorkingCalendar } from '../domain/clocks.js';
import type { RowCode } from '../domain/csv/codes.js';
import { F, IMPORT_FIELDS, checkRow, type FieldProblem, type ImportValue } from '../domain/csv/rules.js';
import { eventHash, GENESIS_HASH } from '../domain/events.js';
import { matchName, type MatchOptions, type Named } from '../domain/names.js';
import type { Actor, ClockSettings, Role, Status } from '../domain/types.js';
import { BinaryTuples, eachTuple } from './db/binaryCopy.js';
import type { Queryable } from './db/driver.js';
import type { RegionCheck } from './importRegions.js';
import { CASE_DATA, CASE_DEADLINES, EVENT_COLUMNS, LAST_EVENT_HASH, REPORTER, REPORTER_COLUMNS } from './caseTables.js';
import { ALIAS_TABLES } from './aliases.js';
import { ndjsonLines, readWire, type WireTotals } from './importWire.js';

// ---- columns ---------------------------------------------------------------------------------------------

/** The columns of the cases COPY, in tuple order (version keeps its default, 1). */
export const CASE_COPY_COLUMNS: readonly string[] = ['tracking_id', ...CASE_DATA.map((c) => c.sql), ...CASE_DEADLINES.map((c) => c.sql), LAST_EVENT_HASH];
/** The staging table's reporter columns: reporter_name, reporter_contact, reporter_nik. */
export const STAGED_REPORTER_COLUMNS: readonly string[] = REPORTER.map((c) => `reporter_${c.sql}`);
/** A staged row: its line and reporter, then the tuple of the cases COPY (its hash is `event_hash`). */
export const STAGED_ROW_COLUMNS: readonly string[] = ['line', ...STAGED_REPORTER_COLUMNS, ...CASE_COPY_COLUMNS.slice(0, -1), 'event_hash'];
/** A staged row that was copied into cases already. */
export const MOVED_COLUMNS = ['line', 'tracking_id', 'moved'] as const;
/** A staged problem of a row. */
export const PROBLEM_COLUMNS = ['line', 'tracking_id', 'code', 'col', 'detail'] as const;

/** How a cell of the cases tuple is written, by SQL type; a reference (resolved id); or null (no CSV column). */
const Cell = { Text: 0, Date: 1, Instant: 2, Bool: 3, Int2: 4, Int4: 5, Category: 6, Channel: 7, Institution: 8, Null: 9 } as const;
type Cell = (typeof Cell)[keyof typeof Cell];

const REF_CELL: Record<string, Cell> = { categoryId: Cell.Category, channel: Cell.Channel, institutionId: Cell.Institution };
const TYPE_CELL = { text: Cell.Text, date: Cell.Date, timestamptz: Cell.Instant, boolean: Cell.Bool, smallint: Cell.Int2, integer: Cell.Int4 } as const;
/** Per data column of the cases tuple: how it is written, and its position in the canonical row (-1: none). */
const DATA_CELLS: readonly Cell[] = CASE_DATA.map((c) => REF_CELL[c.field] ?? (IMPORT_FIELDS.includes(c.field) ? TYPE_CELL[c.sqlType] : Cell.Null));
const DATA_POSITIONS: readonly number[] = CASE_DATA.map((c) => IMPORT_FIELDS.indexOf(c.field));
type Deadlines = ReturnType<typeof computeDeadlines>;
const DEADLINE_KEYS = CASE_DEADLINES.map((c) => c.field as keyof Deadlines);
/** The reporter's positions in the canonical row (reporterName, reporterContact, reporterNik). */
const REPORTER_POSITIONS: readonly number[] = REPORTER.map((c) => IMPORT_FIELDS.indexOf(c.field));

// ---- reference data --------------------------------------------------------------------------------------

export type RefKind = 'institutions' | 'categories' | 'channels';

/** An entry a name may point to, as matchName reads it: its names are its own, its English one, its aliases. */
interface RefEntry extends Named {
  names: string[];
}

/** A candidate listed for a name the import did not take: ambiguous, or only near an entry. */
export interface RefCandidate {
  id: string;
  name: string;
}

/** What the import decided for one distinct value of the file (decided once, memoised). */
type Decision = { id: string } | { code: RowCode; candidates: RefCandidate[] };

interface RefTable {
  ids: Set<string>;
  /** channels: lower-case name (and English name) → ids */
  byName: Map<string, string[]>;
  /** institutions and categories: what matchName chooses among (names, English names, aliases) */
  entries: RefEntry[];
  /** the file's value → the decision made for it (a created reference's id once made) */
  decided: Map<string, Decision>;
  /** values the file names that the table lacks (or names ambiguously) → rows naming them, and the candidates */
  missing: Map<string, { rows: number; candidates: RefCandidate[] }>;
  /** created by --create-missing: lower-case value → new id */
  created: Map<string, { id: string; name: string }>;
}

const MAX_MISSING_LISTED = 1000;
/** Distinct values whose decision is kept (an import names a few hundred institutions, not millions). */
const MAX_DECIDED = 100_000;

const REF_FIELD: Record<RefKind, { field: 'institutionId' | 'categoryId' | 'channel'; unknown: RowCode; ambiguous: RowCode; similar: RowCode }> = {
  institutions: { field: 'institutionId', unknown: 'unknown_institution', ambiguous: 'ambiguous_institution', similar: 'similar_institution' },
  categories: { field: 'categoryId', unknown: 'unknown_category', ambiguous: 'ambiguous_category', similar: 'similar_category' },
  channels: { field: 'channel', unknown: 'unknown_channel', ambiguous: 'unknown_channel', similar: 'unknown_channel' },
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

type RefRow = { id: string; name: string; name_en?: string | null };

function refTable(rows: RefRow[], aliases: { alias: string; target_id: string }[] = []): RefTable {
  const byName = new Map<string, string[]>();
  const add = (name: string | null | undefined, id: string) => {
    if (!name) return;
    const key = name.trim().toLowerCase();
    const ids = byName.get(key);
    if (!ids) byName.set(key, [id]);
    else if (!ids.includes(id)) ids.push(id);
  };
  const entries = new Map<string, RefEntry>();
  for (const r of rows) {
    add(r.name, r.id);
    add(r.name_en, r.id);
    entries.set(r.id, { id: r.id, name: r.name, names: r.name_en ? [r.name, r.name_en] : [r.name] });
  }
  for (const a of aliases) entries.get(a.target_id)?.names.push(a.alias);
  return { ids: new Set(rows.map((r) => r.id)), byName, entries: [...entries.values()], decided: new Map(), missing: new Map(), created: new Map() };
}

const MATCHING: MatchOptions<RefEntry> = { names: (e) => e.names };
const candidatesOf = (entries: readonly RefEntry[]): RefCandidate[] => entries.map((e) => ({ id: e.id, name: e.name }));

/**
 * What a file's institution or category name stands for, with the one matcher of names people type
 * (domain/names.ts, the CLI's too) over the names and the aliases: an id, a name or an alias (folded: case,
 * punctuation, prefixes such as Pemerintah, Pemkab, Kab.), or its distinctive words, is taken; a fragment
 * or a near name is not (the candidates are listed, an alias makes it a name); several are ambiguous.
 * With --create-missing, only a name near no entry is created: "Kabupaten Bdung" is refused, naming
 * Pemerintah Kabupaten Badung, never made a second Badung.
 */
function decide(t: RefTable, kind: 'institutions' | 'categories', value: string, createMissing: boolean): Decision | { create: true } {
  const m = matchName(value, t.entries, MATCHING);
  if (m.kind === 'chosen' && m.by !== 'fragment') return { id: m.entry.id };
  if (m.kind === 'ambiguous') return { code: REF_FIELD[kind].ambiguous, candidates: candidatesOf(m.candidates) };
  const near = m.kind === 'chosen' ? [m.entry] : m.suggestions;
  if (near.length > 0) return { code: createMissing ? REF_FIELD[kind].similar : REF_FIELD[kind].unknown, candidates: candidatesOf(near) };
  return createMissing ? { create: true } : { code: REF_FIELD[kind].unknown, candidates: [] };
}

/**
 * The reference data an import resolves the file's names against, read once inside its transaction; what the
 * file names that is missing, and (with --create-missing) what the import creates.
 */
export class References {
  /** created references already inserted, as `kind:id` */
  private readonly inserted = new Set<string>();

  private constructor(
    private readonly tables: Record<RefKind, RefTable>,
    readonly rootInstitution: { id: string; path: string } | null,
    private readonly createMissing: boolean,
  ) {}

  static async load(tx: Queryable, createMissing: boolean): Promise<References> {
    const inst = await tx.query<{ id: string; name: string; parent_id: string | null; level: string; path: string }>(
      'SELECT id, name, parent_id, level, path FROM institutions ORDER BY path',
    );
    const cats = await tx.query<{ id: string; name: string; name_en: string | null }>('SELECT id, name, name_en FROM categories ORDER BY path');
    const chans = await tx.query<{ id: string; name: string; name_en: string | null }>('SELECT id, name, name_en FROM channels');
    const instAliases = await tx.query<{ alias: string; target_id: string }>(`SELECT alias, target_id FROM ${ALIAS_TABLES.institutions}`);
    const catAliases = await tx.query<{ alias: string; target_id: string }>(`SELECT alias, target_id FROM ${ALIAS_TABLES.categories}`);
    const root = inst.find((r) => r.parent_id === null && r.level === 'national') ?? inst.find((r) => r.parent_id === null) ?? null;
    const tables = { institutions: refTable(inst, instAliases), categories: refTable(cats, catAliases), channels: refTable(chans) };
    return new References(tables, root ? { id: root.id, path: root.path } : null, createMissing);
  }

  /** The id a file's value (an id or a name) stands for, or the problem of the row naming it. */
  resolve(kind: RefKind, value: string): { id: string } | { code: RowCode } {
    const t = this.tables[kind];
    if (t.ids.has(value)) return { id: value };
    if (kind === 'channels') return this.resolveChannel(t, value);
    let d = t.decided.get(value);
    if (d === undefined) {
      const made = decide(t, kind, value, this.createMissing && !(kind === 'institutions' && this.rootInstitution === null));
      d = 'create' in made ? { id: this.create(t, value) } : made;
      if (t.decided.size < MAX_DECIDED) t.decided.set(value, d);
    }
    if ('id' in d) return { id: d.id };
    const seen = t.missing.get(value);
    if (seen) seen.rows += 1;
    else if (t.missing.size < MAX_MISSING_LISTED) t.missing.set(value, { rows: 1, candidates: d.candidates });
    return { code: d.code };
  }

  /** The id of a reference --create-missing makes: one for every way the file writes it ("Kab. Foo", "Pemkab Foo"). */
  private create(t: RefTable, value: string): string {
    const made = [...t.created.values()].map((c) => ({ ...c, names: [c.name] }));
    const same = matchName(value, made, MATCHING);
    if (same.kind === 'chosen' && same.by !== 'fragment') return same.entry.id;
    const id = slugId(value, (x) => t.ids.has(x) || made.some((c) => c.id === x), 'imp-');
    t.created.set(value.trim().toLowerCase(), { id, name: value.trim() });
    return id;
  }

  /** Channels: an id, or a name in any letter case (a short fixed list, created as written). */
  private resolveChannel(t: RefTable, value: string): { id: string } | { code: RowCode } {
    const key = value.trim().toLowerCase();
    const ids = t.byName.get(key);
    if (ids && ids.length === 1) return { id: ids[0] };
    if (ids && ids.length > 1) return { code: REF_FIELD.channels.ambiguous };
    const made = t.created.get(key);
    if (made) return { id: made.id };
    if (this.createMissing) {
      const id = slugId(value, (x) => t.ids.has(x) || [...t.created.values()].some((c) => c.id === x));
      t.created.set(key, { id, name: value.trim() });
      return { id };
    }
    const seen = t.missing.get(value);
    if (seen) seen.rows += 1;
    else if (t.missing.size < MAX_MISSING_LISTED) t.missing.set(value, { rows: 1, candidates: [] });
    return { code: REF_FIELD.channels.unknown };
  }

  /** The values the file names that the table lacks (or names ambiguously), most named first, with their candidates. */
  missing(kind: RefKind): { value: string; rows: number; candidates?: RefCandidate[] }[] {
    return [...this.tables[kind].missing]
      .map(([value, m]) => (m.candidates.length > 0 ? { value, rows: m.rows, candidates: m.candidates } : { value, rows: m.rows }))
      .sort((a, b) => b.rows - a.rows || (a.value < b.value ? -1 : 1));
  }

  /** The references --create-missing made, by id. */
  created(kind: RefKind): { id: string; name: string }[] {
    return [...this.tables[kind].created.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  /** Created references not inserted yet (each is returned once). */
  takeUninserted(kind: RefKind): { id: string; name: string }[] {
    return [...this.tables[kind].created.values()].filter((r) => !this.inserted.has(`${kind}:${r.id}`) && this.inserted.add(`${kind}:${r.id}`));
  }
}

// ---- deadlines -------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000;

/**
 * The deadlines of a case from its submission and disposition. They depend only on the local dates of both:
 * computed once per pair of days (an import of a year holds a few hundred distinct days), with the domain's
 * own clocks.
 */
export function deadlineMemo(settings: ClockSettings, calendar: WorkingCalendar): (submittedAt: string, disposedAt: string | null) => Deadlines {
  const memo = new Map<string, Deadlines>();
  const offset = settings.utcOffsetMinutes * 60_000;
  const day = (iso: string) => Math.floor((Date.parse(iso) + offset) / DAY_MS);
  return (submittedAt, disposedAt) => {
    const key = disposedAt === null ? `${day(submittedAt)}` : `${day(submittedAt)}:${day(disposedAt)}`;
    let due = memo.get(key);
    if (due === undefined) {
      due = computeDeadlines({ submittedAt, disposedAt }, settings, calendar);
      if (memo.size < 1_000_000) memo.set(key, due);
    }
    return due;
  };
}

// ---- events ----------------------------------------------------------------------------------------------

/** What every event of one import shares: its instant, actor, note and request. */
export interface ImportEvents {
  at: string;
  actor: Actor;
  note: string;
  requestId: string;
  /** at, actor, role and action, encoded once */
  head: Buffer;
}

export function importEvents(at: string, actor: Actor, note: string, requestId: string): ImportEvents {
  const head = new BinaryTuples().timestamptz(at).text(actor.name).text(actor.role).text('import').finish()[0];
  return { at, actor, note, requestId, head };
}

/** An `import` event of one case: what differs between the events of an import. */
export interface ImportEvent {
  trackingId: string;
  seq: number;
  fromStatus: Status | null;
  toStatus: Status;
  fromInstitution: string | null;
  toInstitution: string | null;
  note: string;
  prevHash: string;
}

/**
 * The one writer of an import's case_events rows (EVENT_COLUMNS, binary): a new case's first event and an
 * --update's event alike. Returns the event's hash, which the case keeps as its last.
 */
export function writeEvent(tuples: BinaryTuples, shared: ImportEvents, e: ImportEvent): string {
  const hash = eventHash(e.prevHash, {
    trackingId: e.trackingId,
    seq: e.seq,
    at: shared.at,
    actor: shared.actor.name,
    role: shared.actor.role as Role,
    action: 'import',
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    fromInstitution: e.fromInstitution,
    toInstitution: e.toInstitution,
    note: e.note,
    requestId: shared.requestId,
  });
  tuples
    .tuple(EVENT_COLUMNS.length)
    .text(e.trackingId)
    .int4(e.seq)
    .raw(shared.head)
    .text(e.fromStatus)
    .text(e.toStatus)
    .text(e.fromInstitution)
    .text(e.toInstitution)
    .text(e.note)
    .text(shared.requestId)
    .text(e.prevHash)
    .text(hash);
  return hash;
}

// ---- segments --------------------------------------------------------------------------------------------

type Reporter = (string | null)[];

/** A segment of the upload, read and checked, as binary COPY tuples. */
export class Segment {
  /** records (rows and client rejects) read into it */
  records = 0;
  /** CASE_COPY_COLUMNS, EVENT_COLUMNS, REPORTER_COLUMNS, PROBLEM_COLUMNS and MOVED_COLUMNS tuples */
  readonly cases = new BinaryTuples();
  readonly events = new BinaryTuples();
  readonly reporters = new BinaryTuples();
  readonly problems = new BinaryTuples();
  readonly moved = new BinaryTuples();
  /** each good row's line, tracking ID and reporter (null: none), in the order of `cases` and `events` */
  readonly lines: number[] = [];
  readonly ids: string[] = [];
  readonly reporterOf: (Reporter | null)[] = [];
  finish(): this {
    for (const t of [this.cases, this.events, this.reporters, this.problems, this.moved]) t.finish();
    return this;
  }

  addProblem(line: number, trackingId: string | null, code: string, col: string | null, detail: string | null): void {
    this.problems.tuple(PROBLEM_COLUMNS.length).int4(line).text(trackingId).text(code).text(col).text(detail);
  }

  /** The good rows as STAGED_ROW_COLUMNS tuples. */
  stagedRows(): Buffer[] {
    const staged = new BinaryTuples();
    let i = 0;
    for (const { fields, values } of eachTuple(this.cases.chunks)) {
      const reporter = this.reporterOf[i] ?? REPORTER.map(() => null);
      staged.tuple(fields + 1 + reporter.length).int4(this.lines[i]);
      for (const value of reporter) staged.text(value);
      staged.raw(values);
      i += 1;
    }
    return staged.finish();
  }

  /** The events of the good rows whose cases `inserted` names, each case's first row only. */
  eventsOf(inserted: ReadonlySet<string>): Buffer[] {
    const events = new BinaryTuples();
    const taken = new Set<string>();
    let i = 0;
    for (const { fields, values } of eachTuple(this.events.chunks)) {
      const id = this.ids[i];
      if (inserted.has(id) && !taken.has(id)) {
        taken.add(id);
        events.tuple(fields).raw(values);
      }
      i += 1;
    }
    return events.finish();
  }
}

/** What the row stage needs: the references, the clocks, the import's shared event fields and its clock. */
export interface RowContext {
  refs: References;
  deadlines: (submittedAt: string, disposedAt: string | null) => Deadlines;
  events: ImportEvents;
  nowMs: number;
  /** fills regionCode from the location's names and notes what it could not match (importRegions.ts) */
  regions: RegionCheck;
}

const REF_KINDS = ['categories', 'institutions', 'channels'] as const;

/** Checks one row and adds it to the segment: its COPY tuples, or its problems. */
export function addRow(segment: Segment, line: number, v: ImportValue[], ctx: RowContext): void {
  const problems: FieldProblem[] = checkRow(v, ctx.nowMs);
  const trackingId = typeof v[F.trackingId] === 'string' ? (v[F.trackingId] as string) : null;
  const ids: Record<RefKind, string | null> = { categories: null, institutions: null, channels: null };
  for (const kind of REF_KINDS) {
    const field = REF_FIELD[kind].field;
    const raw = v[F[field]];
    if (typeof raw !== 'string' || raw === '' || problems.some((p) => p.field === field)) continue;
    const r = ctx.refs.resolve(kind, raw);
    if ('code' in r) problems.push({ field, code: r.code, detail: raw.length > 80 ? `${raw.slice(0, 77)}…` : raw });
    else ids[kind] = r.id;
  }
  if (problems.length > 0) {
    for (const p of problems) segment.addProblem(line, trackingId, p.code, p.field, p.detail);
    return;
  }
  ctx.regions.fillRow(v, line);
  const id = trackingId as string;
  const status = v[F.status] as Status;
  const hash = writeEvent(segment.events, ctx.events, {
    trackingId: id,
    seq: 1,
    fromStatus: null,
    toStatus: status,
    fromInstitution: null,
    toInstitution: ids.institutions,
    note: ctx.events.note,
    prevHash: GENESIS_HASH,
  });
  writeCase(segment.cases, id, v, ids, ctx.deadlines(v[F.submittedAt] as string, v[F.disposedAt] as string | null), hash);
  let reporter: Reporter | null = null;
  for (const i of REPORTER_POSITIONS) {
    if (v[i] == null) continue;
    reporter = REPORTER_POSITIONS.map((p) => v[p] as string | null);
    break;
  }
  if (reporter !== null) {
    segment.reporters.tuple(REPORTER_COLUMNS.length).text(id);
    for (const value of reporter) segment.reporters.text(value);
  }
  segment.moved.tuple(MOVED_COLUMNS.length).int4(line).text(id).bool(true);
  segment.lines.push(line);
  segment.ids.push(id);
  segment.reporterOf.push(reporter);
}

/** A CASE_COPY_COLUMNS tuple of a good row (text, dates and instants were checked canonical). */
function writeCase(t: BinaryTuples, id: string, v: ImportValue[], ids: Record<RefKind, string | null>, due: Deadlines, hash: string): void {
  t.tuple(CASE_COPY_COLUMNS.length).text(id);
  for (let i = 0; i < DATA_CELLS.length; i += 1) {
    const value = v[DATA_POSITIONS[i]];
    switch (DATA_CELLS[i]) {
      case Cell.Text:
        t.text(value as string | null);
        break;
      case Cell.Date:
        t.date(value as string | null);
        break;
      case Cell.Instant:
        t.timestamptz(value as string | null);
        break;
      case Cell.Bool:
        t.bool(value as boolean | null);
        break;
      case Cell.Int2:
        t.int2(value as number | null);
        break;
      case Cell.Int4:
        t.int4(value as number | null);
        break;
      case Cell.Category:
        t.text(ids.categories);
        break;
      case Cell.Channel:
        t.text(ids.channels);
        break;
      case Cell.Institution:
        t.text(ids.institutions);
        break;
      case Cell.Null:
        t.null();
        break;
    }
  }
  for (const key of DEADLINE_KEYS) t.timestamptz(due[key]);
  t.text(hash);
}

/**
 * The upload in segments of `segmentRows` records (the last may be smaller, or empty). `totals` holds the
 * upload's counts once the last segment is read.
 */
export async function* readSegments(
  body: AsyncIterable<Buffer | string>,
  ctx: RowContext,
  segmentRows: number,
  totals: WireTotals,
): AsyncGenerator<Segment> {
  let segment = new Segment();
  for await (const item of readWire(ndjsonLines(body), IMPORT_FIELDS, totals)) {
    if ('row' in item) addRow(segment, item.line, item.row, ctx);
    else segment.addProblem(item.reject.line, item.reject.trackingId, item.reject.code, item.reject.column, item.reject.detail);
    segment.records += 1;
    if (segment.records >= segmentRows) {
      yield segment.finish();
      segment = new Segment();
    }
  }
  yield segment.finish();
}

/** Yields the items of `source`, reading the next one while the consumer works on the current one. */
export async function* readAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
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
