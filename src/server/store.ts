// The repository: everything the routes need from the database, in domain terms. Routes stay thin; the
// state machine (domain/actions) decides, this file persists. Batches of actions (single actions are a
// batch of one) lock their cases, decide in memory and write with one UPDATE and one INSERT.

import {
  ACTION_FIELDS,
  EDIT_FIELDS,
  applyAction,
  canRead,
  canSee,
  createActionContext,
  isWithinTree,
  NO_RELATIONS,
  redactCase,
  REFUSAL_STATUS,
  type ActionContext,
  type CaseRelations,
  type RelationEffect,
} from '../domain/actions.js';
import { REFUSAL_PROBLEM, type ProblemAbout } from '../domain/problems.js';
import { CASE_FIELD_COLUMNS } from '../domain/caseColumns.js';
import { submittedCase, WorkingCalendar } from '../domain/clocks.js';
import { policyDeadlines, SETTINGS_POLICY_ID, type SlaPolicy } from '../domain/slaPolicy.js';
import { loadPolicies } from './slaPolicies.js';
import { eventHash, GENESIS_HASH } from '../domain/events.js';
import {
  BulkItemSchema,
  type BulkItem,
  type BulkItemResult,
  type CaseListQuery,
  type NewCase,
} from '../domain/schemas.js';
import type {
  Actor,
  CalendarDay,
  Case,
  CaseEvent,
  Category,
  Channel,
  ClockSettings,
  Institution,
  Role,
} from '../domain/types.js';
import {
  bindingRefusal,
  canManage,
  grantRefusal,
  TOKEN_CACHE_MS,
  tokenState,
  tokenUsable,
  type TokenInfo,
  type TokenRecord,
  type TokenRefusal,
} from '../domain/tokens.js';
import type { Db, Queryable, Row } from './db/driver.js';
import { ADVISORY_LOCKS } from './db/advisoryLocks.js';
import { closedSql } from './caseTables.js';
import { formatTrackingId } from '../domain/trackingId.js';
import { hashToken, newTokenSecret } from './auth.js';
import { about, fieldErrors, PROBLEM_TYPES, ProblemError, problemTypeUri, type ProblemType } from './problem.js';
import { intakeRegionCode } from './regions.js';

/** The Case fields and their columns, in catalogue order (domain/caseColumns.ts). */
const CASE_COLUMNS: readonly [keyof Case, string][] = CASE_FIELD_COLUMNS.map((c) => [c.name, c.sql]);
const TIMESTAMP_FIELDS = new Set<keyof Case>(CASE_FIELD_COLUMNS.filter((c) => c.sqlType === 'timestamptz').map((c) => c.name));
const DATE_FIELDS = new Set<keyof Case>(CASE_FIELD_COLUMNS.filter((c) => c.sqlType === 'date').map((c) => c.name));

// Timestamps are read as UTC text ('2026-11-20 17:58:36.62773') and turned into ISO strings by slicing: a
// listing page or a bulk chunk reads thousands of them, and a Date per value was a fifth of the server's time.
const SELECT_EXPRESSIONS = CASE_COLUMNS.map(([key, col]) =>
  TIMESTAMP_FIELDS.has(key) ? `(${col} AT TIME ZONE 'UTC')::text AS ${col}` : col,
);
const SELECT_CASE = SELECT_EXPRESSIONS.join(', ');

/** Roles that may submit cases (intake); statisticians read aggregates only, liaison officers answer cases. */
export const INTAKE_ROLES: readonly Role[] = ['national_admin', 'institution_admin', 'system'];

/** How long an authenticated token is trusted without asking the database again (see the domain's note). */
export { TOKEN_CACHE_MS };

type TokenRow = {
  name: string;
  role: Role;
  institution_id: string | null;
  created_at: unknown;
  created_by: string | null;
  expires_at: unknown;
  revoked_at: unknown;
};
const TOKEN_SELECT = `name, role, institution_id, created_by,
  (created_at AT TIME ZONE 'UTC')::text AS created_at, (expires_at AT TIME ZONE 'UTC')::text AS expires_at,
  (revoked_at AT TIME ZONE 'UTC')::text AS revoked_at`;

function tokenRecord(row: TokenRow): TokenRecord {
  return { role: row.role, institutionId: row.institution_id, revokedAt: iso(row.revoked_at), expiresAt: iso(row.expires_at) };
}

/** Columns an action may change, with their SQL types for the batched UPDATE … FROM json_to_recordset(…). */
const MUTABLE: readonly [keyof Case, string, string][] = CASE_FIELD_COLUMNS.filter((c) => c.mutable).map((c) => [c.name, c.sql, c.sqlType]);

const EVENT_COLUMNS = `id, tracking_id, seq, at, actor, role, action, from_status, to_status, from_institution,
  to_institution, note, request_id, prev_hash, hash`;

const UTC_TEXT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})?$/;

/** An instant as ISO 8601 to the millisecond (truncated, as Date does): from a Date, or from UTC text. */
export function iso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  const s = String(v);
  if (UTC_TEXT.test(s)) {
    const fraction = s.length > 19 ? s.slice(20, 23).padEnd(3, '0') : '000';
    return `${s.slice(0, 10)}T${s.slice(11, 19)}.${fraction}Z`;
  }
  return new Date(s).toISOString();
}

/** A date column: the drivers hand it over as its 'YYYY-MM-DD' text. */
function dateOnly(v: unknown): string | null {
  return v === null || v === undefined ? null : String(v);
}


/** Columns of a sparse selection: the named fields, and always trackingId and version. */
function selectFields(fields: readonly (keyof Case)[]): { sql: string; columns: typeof CASE_COLUMNS } {
  const wanted = new Set<keyof Case>(['trackingId', 'version', ...fields]);
  const columns = CASE_COLUMNS.filter(([key]) => wanted.has(key));
  return { sql: SELECT_EXPRESSIONS.filter((_, i) => wanted.has(CASE_COLUMNS[i][0])).join(', '), columns };
}

/** What applyBatch reads of each case: the state machine's fields (see ACTION_FIELDS and EDIT_FIELDS). */
const DECIDE = selectFields([...ACTION_FIELDS, ...EDIT_FIELDS]);

export function rowToCase(row: Row, columns = CASE_COLUMNS): Case {
  const c: Record<string, unknown> = {};
  for (const [key, col] of columns) {
    const v = row[col];
    if (TIMESTAMP_FIELDS.has(key)) c[key] = iso(v);
    else if (DATE_FIELDS.has(key)) c[key] = dateOnly(v);
    else c[key] = v ?? null;
  }
  return c as unknown as Case;
}

export function rowToEvent(row: Row): CaseEvent {
  return {
    id: Number(row.id),
    trackingId: String(row.tracking_id),
    seq: Number(row.seq),
    at: iso(row.at) ?? '',
    actor: String(row.actor),
    role: row.role as Role,
    action: row.action as CaseEvent['action'],
    fromStatus: (row.from_status ?? null) as CaseEvent['fromStatus'],
    toStatus: (row.to_status ?? null) as CaseEvent['toStatus'],
    fromInstitution: (row.from_institution ?? null) as string | null,
    toInstitution: (row.to_institution ?? null) as string | null,
    note: (row.note ?? null) as string | null,
    requestId: (row.request_id ?? null) as string | null,
    prevHash: String(row.prev_hash),
    hash: String(row.hash),
  };
}

interface Cursor {
  sort: string;
  key: string | null;
  id: string;
}

/**
 * domain/clocks.ts#urgencyDueAt in SQL: the earliest due time of a running clock; none running → infinity (last).
 * Migration 9's index `cases_urgency` holds this expression: change both together (test/server/urgency-sort.test.ts).
 */
const URGENCY_SQL = `CASE WHEN ${closedSql()} THEN 'infinity'::timestamptz ELSE LEAST(
    CASE WHEN verified_at IS NULL AND disposed_at IS NULL THEN verify_due_at END,
    CASE WHEN disposed_at IS NOT NULL AND first_response_at IS NULL THEN response_due_at END,
    completion_due_at) END`;

/**
 * Columns are qualified (`cases.submitted_at`): the page selects each instant as text under its own name, and a
 * bare name in ORDER BY means that output column, so the page sorted the whole table by the text (4.5 s at
 * 1,000,000 cases) instead of reading the index.
 */
const SORT_SQL: Record<CaseListQuery['sort'], { expr: string; dir: 'ASC' | 'DESC' }> = {
  submittedAt: { expr: 'cases.submitted_at', dir: 'ASC' },
  '-submittedAt': { expr: 'cases.submitted_at', dir: 'DESC' },
  verifyDueAt: { expr: 'cases.verify_due_at', dir: 'ASC' },
  responseDueAt: { expr: "COALESCE(cases.response_due_at, 'infinity'::timestamptz)", dir: 'ASC' },
  trackingId: { expr: 'cases.tracking_id', dir: 'ASC' },
  urgency: { expr: URGENCY_SQL, dir: 'ASC' },
};

/** A cursor key is the exact sort value, to the microsecond as PostgreSQL stores it (3 or 6 digits). */
function isCursorInstant(key: string): boolean {
  const ms = Date.parse(key);
  return (
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.(\d{3}|\d{6})Z$/.test(key) &&
    !Number.isNaN(ms) &&
    new Date(ms).toISOString().slice(0, 23) === key.slice(0, 23)
  );
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.sort, c.key, c.id])).toString('base64url');
}

function decodeCursor(raw: string, sort: string): Cursor {
  const bad = (why: string) =>
    new ProblemError(400, 'validation', `invalid cursor: ${why}`, [{ field: 'cursor', message: why, code: 'invalid' }], undefined, about('invalid-cursor'));
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw bad('not a cursor returned by this API');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    typeof parsed[0] !== 'string' ||
    (parsed[1] !== null && typeof parsed[1] !== 'string') ||
    typeof parsed[2] !== 'string' ||
    parsed[2].includes('\u0000') // PostgreSQL text cannot hold it: no cursor of ours does
  ) {
    throw bad('not a cursor returned by this API');
  }
  if (parsed[0] !== sort) throw bad(`cursor was made for sort ${parsed[0]}, not ${sort}`);
  // Keys are the ISO instants this API writes; anything else (JavaScript parses '1' as a date, SQL does not)
  // would reach the database as a bad timestamptz and fail there as a 500.
  if (parsed[1] !== null && parsed[0] !== 'trackingId' && !isCursorInstant(parsed[1])) {
    throw bad('not a cursor returned by this API');
  }
  return { sort: parsed[0], key: parsed[1], id: parsed[2] };
}

interface InstitutionInfo {
  path: string;
  active: boolean;
}

export interface StoreOptions {
  settings: ClockSettings;
  now: () => Date;
  /** A case import reads and copies the upload in segments of this many records (default 20,000). */
  importSegmentRows?: number;
}

export class Store {
  private institutions = new Map<string, InstitutionInfo>();
  private categories = new Set<string>();
  private channels = new Set<string>();
  private categoryPaths = new Map<string, string>();
  /** Every version of every SLA policy (sla_policies), as of the last reload. */
  policies: SlaPolicy[] = [];
  calendar: WorkingCalendar;

  constructor(
    readonly db: Db,
    readonly options: StoreOptions,
  ) {
    this.calendar = new WorkingCalendar([], options.settings.utcOffsetMinutes);
  }

  /**
   * This store reading through `db` (the read standby, app.ts READ_STANDBY_ROUTES): the in-memory reference
   * data (institution tree, calendar) and the options stay this store's, looked up through the prototype, so
   * a reload of this store is seen by the view. Only for reads: nothing is written through it.
   */
  readingFrom(db: Db): Store {
    return db === this.db ? this : (Object.create(this, { db: { value: db } }) as Store);
  }

  /** Reloads the reference data the state machine consults (institution tree, categories, calendar). */
  async reload(): Promise<void> {
    const inst = await this.db.query<{ id: string; path: string; active: boolean }>(
      'SELECT id, path, active FROM institutions',
    );
    this.institutions = new Map(inst.map((r) => [r.id, { path: r.path, active: r.active }]));
    const cats = await this.db.query<{ id: string; path: string }>('SELECT id, path FROM categories');
    this.categories = new Set(cats.map((r) => r.id));
    this.categoryPaths = new Map(cats.map((r) => [r.id, r.path]));
    this.policies = await loadPolicies(this.db);
    const chans = await this.db.query<{ id: string }>('SELECT id FROM channels');
    this.channels = new Set(chans.map((r) => r.id));
    const days = await this.db.query<{ date: unknown }>('SELECT date FROM calendar_days');
    this.calendar = new WorkingCalendar(
      days.map((d) => dateOnly(d.date) ?? ''),
      this.options.settings.utcOffsetMinutes,
    );
  }

  isWithin = (institutionId: string, rootId: string): boolean => isWithinTree(this.institutions, institutionId, rootId);

  actionContext(
    actor: Actor,
    now: string,
    links?: Pick<ActionContext, 'relations' | 'original'>,
    reviewInstitutions?: ReadonlySet<string>,
  ): ActionContext {
    const { institutions, categories, calendar, policies, categoryPaths } = this;
    return createActionContext({
      actor,
      now,
      institutions,
      categories,
      settings: this.options.settings,
      calendar,
      policies,
      categoryPaths,
      ...links,
      reviewInstitutions,
    });
  }

  /** Reloads the SLA policies only (after a change of the table). */
  async reloadPolicies(): Promise<void> {
    this.policies = await loadPolicies(this.db);
  }

  institutionExists = (id: string): boolean => this.institutions.has(id);
  categoryExists = (id: string): boolean => this.categories.has(id);

  // ---- tokens --------------------------------------------------------------------------------------------

  private readonly knownTokenHashes = new Set<string>();

  /** Tokens that authenticated lately: a read costs one query instead of two. Revoking takes effect within TOKEN_CACHE_MS. */
  private readonly tokenCache = new Map<string, { actor: Actor; until: number }>();

  async authenticate(secret: string): Promise<Actor | null> {
    const hash = hashToken(secret);
    const now = this.options.now().getTime();
    const hit = this.tokenCache.get(hash);
    if (hit && hit.until > now) return hit.actor;
    const rows = await this.db.query<TokenRow>(`SELECT ${TOKEN_SELECT} FROM tokens WHERE hash = $1`, [hash]);
    const row = rows[0];
    // revoked, expired, or a national role bound to an institution (the migration revokes those; this
    // refuses one however it got there): the token does not exist
    if (!row || !tokenUsable(tokenRecord(row), now)) {
      this.tokenCache.delete(hash);
      return null;
    }
    if (this.knownTokenHashes.size < 100_000) this.knownTokenHashes.add(hash);
    const actor: Actor = { name: row.name, role: row.role, institutionId: row.institution_id };
    if (this.tokenCache.size >= 10_000) this.tokenCache.clear();
    // trusted until the cache time ends, and never past the token's expiry
    const expires = row.expires_at === null ? Infinity : Date.parse(iso(row.expires_at)!);
    this.tokenCache.set(hash, { actor, until: Math.min(now + TOKEN_CACHE_MS, expires) });
    return actor;
  }

  /** Whether a token hash has authenticated in this process (the rate limiter's key choice). */
  isKnownTokenHash(hash: string): boolean {
    return this.knownTokenHashes.has(hash);
  }

  /**
   * Creates a token and returns its secret (stored only as a hash). `creator`: the token asking (the
   * domain's grant rule applies: roles it may grant, bound inside its subtree); none for the first admin
   * of a new database and for tests. Whoever asks, a role is bound only as the domain allows.
   */
  async createToken(
    name: string,
    role: Role,
    institutionId: string | null,
    options: { creator?: Actor; expiresAt?: string | null } = {},
  ): Promise<string> {
    const refuse = (r: TokenRefusal): never => {
      throw new ProblemError(r.status, r.status === 403 ? 'forbidden' : 'unprocessable', r.detail, [{ field: r.field, message: r.detail }], undefined, r.about);
    };
    const binding = bindingRefusal(role, institutionId);
    if (binding) refuse(binding);
    if (institutionId !== null && !this.institutions.has(institutionId)) {
      refuse({ status: 422, field: 'institutionId', detail: `institution ${institutionId} does not exist`, about: about('unknown-institution', { institutionId }) });
    }
    if (options.creator) {
      const grant = grantRefusal(options.creator, role, institutionId, this.isWithin);
      if (grant) refuse(grant);
    }
    const expiresAt = options.expiresAt ?? null;
    if (expiresAt !== null && Date.parse(expiresAt) <= this.options.now().getTime()) {
      refuse({ status: 422, field: 'expiresAt', detail: 'the expiry must be in the future', about: about('expiry-in-past') });
    }
    const secret = newTokenSecret();
    const inserted = await this.db.query(
      `INSERT INTO tokens (name, hash, role, institution_id, expires_at, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (name) DO NOTHING RETURNING name`,
      [name, hashToken(secret), role, institutionId, expiresAt, options.creator?.name ?? null, this.options.now().toISOString()],
    );
    if (inserted.length === 0) {
      // names are not secret inside one deployment, but a bound creator learns no more than "taken"
      throw new ProblemError(409, 'conflict', `a token named ${name} exists already`, [
        { field: 'name', message: 'already exists' },
      ], undefined, about('token-exists', { name }));
    }
    return secret;
  }

  /** The tokens `actor` may manage (domain canManage), by name; active only unless `all`. */
  async listTokens(actor: Actor, all: boolean): Promise<TokenInfo[]> {
    const rows = await this.db.query<TokenRow>(`SELECT ${TOKEN_SELECT} FROM tokens ORDER BY name`);
    const now = this.options.now().getTime();
    const items: TokenInfo[] = [];
    for (const row of rows) {
      const record = tokenRecord(row);
      if (!canManage(actor, record, this.isWithin)) continue;
      const state = tokenState(record, now);
      if (!all && state !== 'active') continue;
      items.push({
        name: row.name,
        role: row.role,
        institutionId: row.institution_id,
        createdAt: iso(row.created_at)!,
        createdBy: row.created_by,
        expiresAt: record.expiresAt,
        revokedAt: record.revokedAt,
        state,
      });
    }
    return items;
  }

  /**
   * Revokes a token `actor` may manage; a token it may not manage answers 404 exactly like a missing one.
   * Revoking twice keeps the first time. Other server instances stop trusting it within TOKEN_CACHE_MS.
   */
  async revokeToken(actor: Actor, name: string): Promise<{ name: string; revokedAt: string }> {
    const rows = await this.db.query<TokenRow & { hash: string }>(`SELECT ${TOKEN_SELECT}, hash FROM tokens WHERE name = $1`, [name]);
    const row = rows[0];
    if (!row || !canManage(actor, tokenRecord(row), this.isWithin)) {
      throw new ProblemError(404, 'not-found', `token ${name} not found`, undefined, undefined, about('token-not-found', { name }));
    }
    const updated = await this.db.query<{ revoked_at: unknown }>(
      `UPDATE tokens SET revoked_at = COALESCE(revoked_at, $2::timestamptz) WHERE name = $1
       RETURNING (revoked_at AT TIME ZONE 'UTC')::text AS revoked_at`,
      [name, this.options.now().toISOString()],
    );
    this.tokenCache.delete(row.hash);
    return { name, revokedAt: iso(updated[0].revoked_at)! };
  }

  async countTokens(): Promise<number> {
    const rows = await this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM tokens WHERE revoked_at IS NULL');
    return rows[0].n;
  }

  // ---- reference data ------------------------------------------------------------------------------------

  async listInstitutions(): Promise<Institution[]> {
    const rows = await this.db.query<{ id: string; parent_id: string | null; name: string; level: Institution['level']; active: boolean }>(
      'SELECT id, parent_id, name, level, active FROM institutions ORDER BY path',
    );
    return rows.map((r) => ({ id: r.id, parentId: r.parent_id, name: r.name, level: r.level, active: r.active }));
  }

  async listCategories(): Promise<Category[]> {
    const rows = await this.db.query<{ id: string; parent_id: string | null; name: string; name_en: string | null; institution_hint: string | null }>(
      'SELECT id, parent_id, name, name_en, institution_hint FROM categories ORDER BY path',
    );
    return rows.map((r) => ({
      id: r.id,
      parentId: r.parent_id,
      name: r.name,
      nameEn: r.name_en,
      institutionHint: r.institution_hint,
    }));
  }

  async listChannels(): Promise<Channel[]> {
    const rows = await this.db.query<{ id: string; name: string; name_en: string }>(
      'SELECT id, name, name_en FROM channels ORDER BY id',
    );
    return rows.map((r) => ({ id: r.id, name: r.name, nameEn: r.name_en }));
  }

  async listCalendar(year?: number): Promise<CalendarDay[]> {
    const rows = await this.db.query<{ date: unknown; kind: CalendarDay['kind']; name: string }>(
      year === undefined
        ? 'SELECT date, kind, name FROM calendar_days ORDER BY date'
        : `SELECT date, kind, name FROM calendar_days
           WHERE date >= make_date($1, 1, 1) AND date < make_date($1 + 1, 1, 1) ORDER BY date`,
      year === undefined ? [] : [year],
    );
    return rows.map((r) => ({ date: dateOnly(r.date) ?? '', kind: r.kind, name: r.name }));
  }

  // ---- reading cases -------------------------------------------------------------------------------------

  /** The one read scope of case listings (domain canRead in SQL); null: every case. */
  readScope(actor: Actor, params: unknown[]): string | null {
    if (actor.role === 'statistician') {
      throw new ProblemError(403, 'forbidden', 'statisticians receive aggregates only, never individual cases', undefined, undefined, about('aggregates-only'));
    }
    if (actor.institutionId === null) return null;
    const root = this.institutions.get(actor.institutionId);
    params.push(root?.path ?? '/nowhere/');
    const subtree = `SELECT id FROM institutions WHERE starts_with(path, $${params.length})`;
    // domain canRead in SQL: the handling chain, or a copy (tembusan) to the caller's subtree
    return `(institution_id IN (${subtree}) OR tracking_id IN (SELECT tracking_id FROM case_copies WHERE institution_id IN (${subtree})))`;
  }

  async listCases(query: CaseListQuery, actor: Actor): Promise<{ items: Case[]; nextCursor: string | null }> {
    const params: unknown[] = [];
    const where: string[] = [];
    const scope = this.readScope(actor, params);
    if (scope) where.push(scope);
    if (query.status) {
      // one status is an equality, so the (status, submitted_at, tracking_id) index serves the keyset page
      // directly; `= ANY` would make PostgreSQL filter every row from the cursor's timestamp on, on every page
      params.push(query.status.length === 1 ? query.status[0] : query.status);
      where.push(query.status.length === 1 ? `status = $${params.length}` : `status = ANY($${params.length}::text[])`);
    }
    if (query.institution) {
      const root = this.institutions.get(query.institution);
      if (!root) {
        throw new ProblemError(400, 'validation', `unknown institution ${query.institution}`, [
          { field: 'institution', message: 'unknown institution', code: 'unknown_institution' },
        ], undefined, about('unknown-institution', { institutionId: query.institution }));
      }
      params.push(root.path);
      where.push(`institution_id IN (SELECT id FROM institutions WHERE starts_with(path, $${params.length}))`);
    }
    if (query.copiedTo) {
      const root = this.institutions.get(query.copiedTo);
      if (!root) {
        throw new ProblemError(400, 'validation', `unknown institution ${query.copiedTo}`, [
          { field: 'copiedTo', message: 'unknown institution', code: 'unknown_institution' },
        ], undefined, about('unknown-institution', { institutionId: query.copiedTo }));
      }
      params.push(root.path);
      where.push(`tracking_id IN (SELECT tracking_id FROM case_copies WHERE institution_id IN (SELECT id FROM institutions WHERE starts_with(path, $${params.length})))`);
    }
    if (query.category) {
      params.push(query.category, `/${query.category}/`);
      where.push(
        `category_id IN (SELECT id FROM categories WHERE id = $${params.length - 1} OR strpos(path, $${params.length}) > 0)`,
      );
    }
    for (const [value, col] of [
      [query.classification, 'classification'],
      [query.channel, 'channel'],
    ] as const) {
      if (value) {
        params.push(value);
        where.push(`${col} = $${params.length}`);
      }
    }
    const offset = this.options.settings.utcOffsetMinutes;
    if (query.from) {
      params.push(new Date(Date.parse(`${query.from}T00:00:00Z`) - offset * 60_000).toISOString());
      where.push(`submitted_at >= $${params.length}`);
    }
    if (query.to) {
      params.push(new Date(Date.parse(`${query.to}T00:00:00Z`) + 86_400_000 - offset * 60_000).toISOString());
      where.push(`submitted_at < $${params.length}`);
    }
    if (query.overdue) {
      params.push(this.options.now().toISOString());
      const n = `$${params.length}`;
      where.push(
        {
          verify: `status IN ('submitted','postponed') AND verify_due_at < ${n}`,
          response: `status = 'disposed' AND response_due_at < ${n}`,
          completion: `status IN ('submitted','postponed','disposed','in_progress') AND completion_due_at < ${n}`,
        }[query.overdue],
      );
    }
    if (query.draft === 'pending') where.push('draft_at IS NOT NULL');
    if (query.escalated) where.push(`escalated_at IS ${query.escalated === 'yes' ? 'NOT NULL' : 'NULL'}`);
    if (query.q) {
      params.push(`%${query.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`, query.q);
      where.push(`(title ILIKE $${params.length - 1} OR tracking_id = $${params.length})`);
    }
    const sort = SORT_SQL[query.sort];
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor, query.sort);
      const cmp = sort.dir === 'ASC' ? '>' : '<';
      if (query.sort === 'trackingId') {
        params.push(cursor.id);
        where.push(`tracking_id ${cmp} $${params.length}`);
      } else {
        params.push(cursor.key ?? 'infinity', cursor.id);
        where.push(`(${sort.expr}, tracking_id) ${cmp} ($${params.length - 1}::timestamptz, $${params.length})`);
      }
    }
    params.push(query.limit + 1);
    const order = query.sort === 'trackingId' ? 'tracking_id ASC' : `${sort.expr} ${sort.dir}, tracking_id ${sort.dir}`;
    // the cursor keeps the sort value to the microsecond: a millisecond ISO string would fall before rows
    // stored with finer precision and hand back the same page forever
    const sortKey =
      query.sort === 'trackingId' ? 'NULL' : `to_char(${sort.expr} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
    const sparse = query.fields ? selectFields(query.fields) : null;
    const sql = `SELECT ${sparse?.sql ?? SELECT_CASE}, ${sortKey} AS sort_key FROM cases ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${order} LIMIT $${params.length}`;
    const rows = await this.db.query(sql, params);
    // a copy's reader is outside the handling chain: a confidential case's content stays hidden from it
    const items = rows.slice(0, query.limit).map((row) => redactCase(rowToCase(row, sparse?.columns), actor, this.isWithin));
    let nextCursor: string | null = null;
    if (rows.length > query.limit) {
      const last = items[items.length - 1];
      const key = (rows[query.limit - 1].sort_key as string | null) ?? null;
      nextCursor = encodeCursor({ sort: query.sort, key, id: last.trackingId });
    }
    return { items, nextCursor };
  }

  /** The case if the caller may see it; a missing and an out-of-scope case both answer 404 alike. */
  async getCase(trackingId: string, actor: Actor): Promise<Case> {
    if (actor.role === 'statistician') {
      throw new ProblemError(403, 'forbidden', 'statisticians receive aggregates only, never individual cases', undefined, undefined, about('aggregates-only'));
    }
    const rows = await this.db.query(`SELECT ${SELECT_CASE} FROM cases WHERE tracking_id = $1`, [trackingId]);
    const c = rows[0] ? rowToCase(rows[0]) : null;
    if (!c) throw notFound(trackingId);
    if (canSee(c, actor, this.isWithin)) return c;
    const copies = await copiesOf(this.db, [trackingId]);
    if (!canRead(c, copies.get(trackingId) ?? [], actor, this.isWithin)) throw notFound(trackingId);
    return redactCase(c, actor, this.isWithin);
  }

  // ---- desk work (issue #20): links and copies, similar cases -----------------------------------------------

  /** A case's duplicate link (both ways) and its copies, as the caller may read them. */
  async caseLinks(trackingId: string, actor: Actor): Promise<CaseLinks> {
    await this.getCase(trackingId, actor);
    const [up, down, copies] = await Promise.all([
      this.db.query<{ original_id: string }>('SELECT original_id FROM case_links WHERE tracking_id = $1', [trackingId]),
      this.db.query<{ tracking_id: string; institution_id: string | null }>(
        `SELECT l.tracking_id, c.institution_id FROM case_links l JOIN cases c ON c.tracking_id = l.tracking_id
         WHERE l.original_id = $1 ORDER BY l.tracking_id`,
        [trackingId],
      ),
      copiesOf(this.db, [trackingId]),
    ]);
    return {
      trackingId,
      duplicateOf: up[0]?.original_id ?? null,
      // a duplicate is usually unassigned (archived at triage): the original's reader sees them all, as links
      duplicates: down.map((r) => r.tracking_id),
      copiedTo: [...(copies.get(trackingId) ?? [])].sort(),
    };
  }

  async caseEvents(trackingId: string, actor: Actor): Promise<CaseEvent[]> {
    await this.getCase(trackingId, actor);
    const rows = await this.db.query(`SELECT ${EVENT_COLUMNS} FROM case_events WHERE tracking_id = $1 ORDER BY seq`, [
      trackingId,
    ]);
    return rows.map(rowToEvent);
  }

  // ---- intake --------------------------------------------------------------------------------------------

  /**
   * Intake. A token bound to an institution may not choose the tracking ID: the server assigns one
   * (LPR-YYYY-NNNNNNN), so no answer to it depends on whether some other case exists; a body naming one is
   * refused with one fixed answer. Unbound (national) tokens may name it, and a repeat with the same content
   * answers the stored case (idempotent by tracking ID).
   */
  async createCase(tx: Queryable, input: NewCase, actor: Actor, requestId: string): Promise<{ case: Case; created: boolean }> {
    if (!INTAKE_ROLES.includes(actor.role)) {
      throw new ProblemError(403, 'forbidden', `role ${actor.role} may not submit cases`, undefined, undefined, about('role-may-not-request', { role: actor.role, method: 'POST', path: '/v1/cases' }));
    }
    const errors: { field: string; message: string }[] = [];
    if (actor.institutionId !== null && input.trackingId !== undefined) {
      errors.push({ field: 'trackingId', message: 'an institution-bound token may not choose the tracking ID: leave it out, the server assigns one' });
    }
    if (!this.channels.has(input.channel)) errors.push({ field: 'channel', message: `unknown channel ${input.channel}` });
    if (input.categoryId && !this.categories.has(input.categoryId)) {
      errors.push({ field: 'categoryId', message: `unknown category ${input.categoryId}` });
    }
    const institutionId = input.institutionId ?? null;
    if (institutionId !== null && !this.institutions.get(institutionId)?.active) {
      errors.push({ field: 'institutionId', message: `unknown or inactive institution ${institutionId}` });
    }
    if (institutionId !== null && actor.institutionId !== null && !this.isWithin(institutionId, actor.institutionId)) {
      errors.push({ field: 'institutionId', message: 'outside your institution subtree' });
    }
    if (actor.institutionId !== null && institutionId === null) {
      errors.push({ field: 'institutionId', message: 'required for an institution-bound token' });
    }
    if (errors.length) {
      throw new ProblemError(422, 'unprocessable', errors.map((e) => e.message).join('; '), errors);
    }
    const now = this.options.now().toISOString();
    const submittedAt = input.submittedAt ? new Date(input.submittedAt).toISOString() : now;
    const assigned = input.trackingId === undefined;
    const regionCode = await intakeRegionCode(input);
    // an assigned ID may meet a case imported (or seeded) under the same ID: move the sequence past them
    for (let attempt = 0; ; attempt += 1) {
      const trackingId = input.trackingId ?? (await this.nextTrackingId(tx));
      const facts = {
        classification: input.classification,
        categoryId: input.categoryId ?? null,
        institutionId,
        needsFieldInspection: null,
        submittedAt,
      };
      const policy = this.actionContext(actor, now).sla?.select(facts) ?? null;
      const sla = policy && {
        policy: policy.id === SETTINGS_POLICY_ID ? null : policy,
        deadlines: policyDeadlines({ submittedAt, disposedAt: null }, policy.targets, this.calendar),
      };
      const c: Case = submittedCase({
        trackingId,
        classification: input.classification,
        categoryId: input.categoryId ?? null,
        title: input.title,
        body: input.body,
        incidentDate: input.incidentDate ?? null,
        province: input.province ?? null,
        regency: input.regency ?? null,
        district: input.district ?? null,
        village: input.village ?? null,
        regionCode,
        channel: input.channel,
        anonymous: input.anonymous,
        confidential: input.confidential,
        institutionId,
        submittedAt,
      }, this.options.settings, this.calendar, sla ?? undefined);
      const fields = {
        trackingId: c.trackingId,
        seq: 1,
        at: submittedAt,
        actor: actor.name,
        role: actor.role,
        action: 'submit' as const,
        fromStatus: null,
        toStatus: 'submitted' as const,
        fromInstitution: null,
        toInstitution: institutionId,
        note: null,
        requestId,
      };
      const hash = eventHash(GENESIS_HASH, fields);
      const cols = CASE_COLUMNS.map(([, col]) => col);
      const values = CASE_COLUMNS.map(([key]) => c[key]);
      const inserted = await tx.query(
        `INSERT INTO cases (${cols.join(', ')}, last_event_hash)
         VALUES (${cols.map((_, i) => `$${i + 1}`).join(', ')}, $${cols.length + 1})
         ON CONFLICT (tracking_id) DO NOTHING RETURNING tracking_id`,
        [...values, hash],
      );
      if (inserted.length === 0) {
        if (assigned) {
          if (attempt < 5) {
            await this.skipAssignedIds(tx, trackingId);
            continue;
          }
          throw new Error(`no free tracking ID after ${attempt + 1} tries (last ${trackingId})`);
        }
        // only an unbound (national) token gets here: it sees every case
        const existing = rowToCase((await tx.query(`SELECT ${SELECT_CASE} FROM cases WHERE tracking_id = $1`, [c.trackingId]))[0]);
        const same =
          existing.title === c.title &&
          existing.body === c.body &&
          existing.channel === c.channel &&
          existing.classification === c.classification &&
          (input.submittedAt === undefined || existing.submittedAt === submittedAt);
        if (!same || !canSee(existing, actor, this.isWithin)) {
          throw new ProblemError(409, 'conflict', `case ${c.trackingId} exists already with other content`, [
            { field: 'trackingId', message: 'already used' },
          ], undefined, about('case-exists', { trackingId: c.trackingId }));
        }
        return { case: existing, created: false };
      }
      if (input.reporter) {
        await tx.query('INSERT INTO reporters (tracking_id, name, contact, nik) VALUES ($1, $2, $3, $4)', [
          c.trackingId,
          input.reporter.name ?? null,
          input.reporter.contact ?? null,
          input.reporter.nik ?? null,
        ]);
      }
      await insertEvents(tx, [{ ...fields, prevHash: GENESIS_HASH, hash }]);
      return { case: c, created: true };
    }
  }

  private readonly trackingSequences = new Set<number>();

  /**
   * The next server-assigned tracking ID, LPR-YYYY-NNNNNNN: YYYY the year of intake in the server's time zone,
   * N from a database sequence of that year (shared by every server instance; numbers of a rolled-back
   * intake are skipped, as a sequence does). The year's sequence is made on first use, under an advisory
   * lock so that two instances making it at once wait for each other instead of failing.
   */
  private async nextTrackingId(tx: Queryable): Promise<string> {
    const local = new Date(this.options.now().getTime() + this.options.settings.utcOffsetMinutes * 60_000);
    const year = local.getUTCFullYear();
    const sequence = `case_tracking_${year}`;
    if (!this.trackingSequences.has(year)) {
      const [{ present }] = await tx.query<{ present: boolean }>('SELECT to_regclass($1) IS NOT NULL AS present', [sequence]);
      if (present) {
        this.trackingSequences.add(year); // committed (remembered only then: a rolled-back creation is gone)
      } else {
        await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [ADVISORY_LOCKS.trackingIdSequence, year]);
        await tx.exec(`CREATE SEQUENCE IF NOT EXISTS ${sequence}`);
      }
    }
    const rows = await tx.query<{ n: number }>(`SELECT nextval('${sequence}')::int AS n`);
    return formatTrackingId(year, rows[0].n);
  }

  /** After `taken` (LPR-YYYY-NNNNNNN) was found in use: the year's sequence jumps past the highest such ID. */
  private async skipAssignedIds(tx: Queryable, taken: string): Promise<void> {
    const prefix = taken.slice(0, 9); // 'LPR-2026-'
    const top = await tx.query<{ tracking_id: string }>(
      `SELECT tracking_id FROM cases WHERE tracking_id BETWEEN $1 AND $2 AND tracking_id ~ $3
       ORDER BY tracking_id DESC LIMIT 1`,
      [`${prefix}0000000`, `${prefix}9999999`, `^${prefix}[0-9]{7}$`],
    );
    const highest = Number((top[0]?.tracking_id ?? taken).slice(9));
    const sequence = `case_tracking_${prefix.slice(4, 8)}`;
    await tx.query(`SELECT setval('${sequence}', GREATEST((SELECT last_value FROM ${sequence}), $1::bigint))`, [highest]);
  }

  // ---- actions -------------------------------------------------------------------------------------------

  /**
   * Applies a batch of action items in one transaction. Each item is judged on its own: invalid, missing,
   * out-of-scope, stale and refused items fail (or are skipped when already done) without touching the
   * others. Every applied item writes exactly one event. `tx` lets the caller add work (idempotency) to
   * the same transaction.
   */
  async applyBatch(
    tx: Queryable,
    rawItems: readonly unknown[],
    actor: Actor,
    requestId: string,
  ): Promise<{ results: BulkItemResult[]; applied: Map<string, CaseEvent> }> {
    const now = this.options.now().toISOString();
    const parsed = rawItems.map((raw, index) => {
      const r = BulkItemSchema.safeParse(raw);
      return { index, raw, item: r.success ? (r.data as BulkItem) : null, error: r.success ? null : r.error };
    });
    // the originals that duplicate items name are locked with the cases (one sorted order: no deadlock), so
    // that two batches linking A→B and B→C at once see each other's link (see domain duplicateOutcome)
    const ids = [
      ...new Set(parsed.flatMap((p) => (p.item ? [p.item.trackingId, ...(p.item.action === 'duplicate' ? [p.item.originalId] : [])] : []))),
    ].sort();
    const rows = ids.length
      ? await tx.query(
          `SELECT ${DECIDE.sql}, last_event_hash FROM cases WHERE tracking_id = ANY($1::text[]) ORDER BY tracking_id FOR UPDATE`,
          [ids],
        )
      : [];
    // only the fields the state machine reads (a bulk chunk locks and reads a thousand cases)
    const current = new Map(
      rows.map((r) => [String(r.tracking_id), { c: rowToCase(r, DECIDE.columns), hash: String(r.last_event_hash) }]),
    );
    // reviewed replies: read in the transaction, so a setting changed on another instance counts at once
    const reviewed = parsed.some((p) => p.item?.action === 'respond') ? await reviewInstitutionsOf(tx, actor, [...current.values()].map((v) => v.c.institutionId)) : undefined;
    const { relations, related, ctx } = await this.batchContext(tx, ids, current, actor, now, reviewed);
    const effects: { trackingId: string; effect: RelationEffect }[] = [];
    const changed = new Map<string, { c: Case; hash: string }>();
    const events: (Omit<CaseEvent, 'id'>)[] = [];
    const results: BulkItemResult[] = [];
    const patched = new Set<keyof Case>();

    for (const p of parsed) {
      const rawId = typeof p.raw === 'object' && p.raw !== null && 'trackingId' in p.raw ? p.raw.trackingId : null;
      if (!p.item) {
        const errors = fieldErrors(p.error!);
        results.push({
          index: p.index,
          trackingId: typeof rawId === 'string' ? rawId : null,
          outcome: 'failed',
          status: 400,
          version: null,
          problem: {
            type: problemTypeUri('validation'),
            title: PROBLEM_TYPES.validation,
            detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
            field: errors[0]?.field,
          },
        });
        continue;
      }
      const item = p.item;
      const state = current.get(item.trackingId);
      const fail = (status: number, type: ProblemType, detail: string, why: ProblemAbout, field?: string, version: number | null = null) => {
        const problem = { type: problemTypeUri(type), title: PROBLEM_TYPES[type], detail, ...(field ? { field } : {}), ...why };
        results.push({ index: p.index, trackingId: item.trackingId, outcome: 'failed', status, version, problem });
      };
      if (!state || !canRead(state.c, related(item.trackingId).copiedTo, actor, this.isWithin)) {
        fail(404, 'not-found', `case ${item.trackingId} not found`, about('case-not-found', { trackingId: item.trackingId }));
        continue;
      }
      const { trackingId: _id, version, ...request } = item;
      const outcome = applyAction(state.c, request, ctx);
      if (!outcome.ok && outcome.code === 'already_done') {
        results.push({
          index: p.index,
          trackingId: item.trackingId,
          outcome: 'skipped',
          status: 200,
          version: state.c.version,
          problem: { type: problemTypeUri('already-done'), title: PROBLEM_TYPES['already-done'], detail: outcome.detail, ...outcome.about },
        });
        continue;
      }
      if (version !== state.c.version) {
        const stale = about('version-stale', { trackingId: item.trackingId, version, currentVersion: state.c.version });
        fail(412, 'precondition-failed', `case ${item.trackingId} is at version ${state.c.version}, not ${version}`, stale, 'version', state.c.version);
        continue;
      }
      if (!outcome.ok) {
        fail(REFUSAL_STATUS[outcome.code], REFUSAL_PROBLEM[outcome.code], outcome.detail, outcome.about, outcome.field, state.c.version);
        continue;
      }
      const next: Case = { ...state.c, ...outcome.patch, version: state.c.version + 1 };
      for (const key of Object.keys(outcome.patch) as (keyof Case)[]) patched.add(key);
      const fields = {
        trackingId: next.trackingId,
        seq: next.version,
        at: now,
        actor: actor.name,
        role: actor.role,
        ...outcome.event,
        requestId,
      };
      const hash = eventHash(state.hash, fields);
      events.push({ ...fields, prevHash: state.hash, hash });
      if (outcome.effect) {
        effects.push({ trackingId: next.trackingId, effect: outcome.effect });
        relations.set(next.trackingId, withEffect(related(next.trackingId), outcome.effect));
        if (outcome.effect.kind === 'link' || outcome.effect.kind === 'unlink') {
          const o = related(outcome.effect.originalId);
          relations.set(outcome.effect.originalId, { ...o, duplicates: o.duplicates + (outcome.effect.kind === 'link' ? 1 : -1) });
        }
      }
      const updated = { c: next, hash };
      current.set(next.trackingId, updated);
      changed.set(next.trackingId, updated);
      results.push({ index: p.index, trackingId: item.trackingId, outcome: 'applied', status: 200, version: next.version, problem: null });
    }

    if (changed.size > 0) await updateCases(tx, [...changed.values()], patched);
    if (effects.length > 0) await writeEffects(tx, effects, now);
    const stored = events.length > 0 ? await insertEvents(tx, events) : [];
    // a case acted on twice in one batch keeps its last event
    const applied = new Map(stored.map((e) => [e.trackingId, e]));
    return { results, applied };
  }

  /**
   * The state machine's context for a batch: the links and copies of its cases (and of the originals its
   * duplicate items name), read after their rows were locked; `relations` is updated as items apply.
   */
  private async batchContext(
    tx: Queryable,
    ids: readonly string[],
    current: ReadonlyMap<string, { c: Case }>,
    actor: Actor,
    now: string,
    reviewInstitutions?: ReadonlySet<string>,
  ) {
    const relations = ids.length ? await relationsOf(tx, ids) : new Map<string, CaseRelations>();
    const related = (id: string): CaseRelations => relations.get(id) ?? NO_RELATIONS;
    const ctx = this.actionContext(actor, now, {
      relations: related,
      original: (id) => {
        const o = current.get(id);
        return o && canSee(o.c, actor, this.isWithin) ? { trackingId: id, status: o.c.status, duplicateOf: related(id).duplicateOf } : null;
      },
    }, reviewInstitutions);
    return { relations, related, ctx };
  }

  /** A case as stored, inside a transaction (after an action, to answer with it). */
  async readCase(tx: Queryable, trackingId: string): Promise<Case> {
    const rows = await tx.query(`SELECT ${SELECT_CASE} FROM cases WHERE tracking_id = $1`, [trackingId]);
    if (!rows[0]) throw notFound(trackingId);
    return rowToCase(rows[0]);
  }
}

/** A case's links as GET /v1/cases/{trackingId}/links answers them. */
export interface CaseLinks {
  trackingId: string;
  duplicateOf: string | null;
  duplicates: string[];
  copiedTo: string[];
}

/** The institutions each of `ids` is copied to. */
async function copiesOf(q: Queryable, ids: readonly string[]): Promise<Map<string, string[]>> {
  const rows = await q.query<{ tracking_id: string; institution_id: string }>(
    'SELECT tracking_id, institution_id FROM case_copies WHERE tracking_id = ANY($1::text[]) ORDER BY tracking_id, institution_id',
    [ids],
  );
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.tracking_id, [...(out.get(r.tracking_id) ?? []), r.institution_id]);
  return out;
}

/** The duplicate links and copies of `ids` (read after their rows were locked: what committed before is seen). */
async function relationsOf(q: Queryable, ids: readonly string[]): Promise<Map<string, CaseRelations>> {
  const [links, copies] = await Promise.all([
    q.query<{ tracking_id: string; original_id: string }>(
      'SELECT tracking_id, original_id FROM case_links WHERE tracking_id = ANY($1::text[]) OR original_id = ANY($1::text[])',
      [ids],
    ),
    copiesOf(q, ids),
  ]);
  const out = new Map<string, CaseRelations>();
  const get = (id: string) => out.get(id) ?? { ...NO_RELATIONS, copiedTo: copies.get(id) ?? [] };
  for (const id of ids) out.set(id, get(id));
  for (const l of links) {
    out.set(l.tracking_id, { ...get(l.tracking_id), duplicateOf: l.original_id });
    const o = get(l.original_id);
    out.set(l.original_id, { ...o, duplicates: o.duplicates + 1 });
  }
  return out;
}

function withEffect(r: CaseRelations, e: RelationEffect): CaseRelations {
  switch (e.kind) {
    case 'link':
      return { ...r, duplicateOf: e.originalId };
    case 'unlink':
      return { ...r, duplicateOf: null };
    case 'copy':
      return { ...r, copiedTo: [...r.copiedTo, ...e.institutionIds] };
    case 'uncopy':
      return { ...r, copiedTo: r.copiedTo.filter((id) => !e.institutionIds.includes(id)) };
  }
}

/** Writes the links and copies of a batch's applied actions, in their order (a later item sees an earlier one's). */
async function writeEffects(tx: Queryable, effects: readonly { trackingId: string; effect: RelationEffect }[], now: string): Promise<void> {
  for (const { trackingId, effect } of effects) {
    switch (effect.kind) {
      case 'link':
        await tx.query('INSERT INTO case_links (tracking_id, original_id, linked_at) VALUES ($1, $2, $3)', [trackingId, effect.originalId, now]);
        break;
      case 'unlink':
        await tx.query('DELETE FROM case_links WHERE tracking_id = $1', [trackingId]);
        break;
      case 'copy':
        await tx.query(
          `INSERT INTO case_copies (tracking_id, institution_id, copied_at)
           SELECT $1, unnest($2::text[]), $3 ON CONFLICT DO NOTHING`,
          [trackingId, effect.institutionIds, now],
        );
        break;
      case 'uncopy':
        await tx.query('DELETE FROM case_copies WHERE tracking_id = $1 AND institution_id = ANY($2::text[])', [trackingId, effect.institutionIds]);
        break;
    }
  }
}

/** Of the given institutions, those that require review of a liaison's follow-ups (only a liaison's respond asks). */
async function reviewInstitutionsOf(tx: Queryable, actor: Actor, ids: readonly (string | null)[]): Promise<ReadonlySet<string> | undefined> {
  if (actor.role !== 'liaison') return undefined;
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return undefined;
  const rows = await tx.query<{ institution_id: string }>('SELECT institution_id FROM institution_review WHERE institution_id = ANY($1::text[])', [wanted]);
  return new Set(rows.map((r) => r.institution_id));
}

export function notFound(trackingId: string): ProblemError {
  return new ProblemError(404, 'not-found', `case ${trackingId} not found`, undefined, undefined, about('case-not-found', { trackingId }));
}

/**
 * Writes the changed cases in one statement, sending only the columns some action of the batch patched.
 * The rows travel as one JSON document (json_to_recordset): JSON.stringify is native, where pg would escape
 * each element of a dozen text arrays in JavaScript.
 */
async function updateCases(tx: Queryable, rows: { c: Case; hash: string }[], patched: ReadonlySet<keyof Case>): Promise<void> {
  const columns = MUTABLE.filter(([key]) => patched.has(key));
  const records = rows.map((r) => {
    const record: Record<string, unknown> = { trackingId: r.c.trackingId, version: r.c.version, hash: r.hash };
    for (const [key] of columns) record[key] = r.c[key];
    return record;
  });
  const defs = ['"trackingId" text', 'version int', 'hash text', ...columns.map(([key, , type]) => `"${key}" ${type}`)];
  const sets = ['version = v.version', 'last_event_hash = v.hash', ...columns.map(([key, col]) => `${col} = v."${key}"`)];
  await tx.query(
    `UPDATE cases SET ${sets.join(', ')} FROM json_to_recordset($1::json) AS v(${defs.join(', ')})
     WHERE cases.tracking_id = v."trackingId"`,
    [JSON.stringify(records)],
  );
}

async function insertEvents(tx: Queryable, events: Omit<CaseEvent, 'id'>[]): Promise<CaseEvent[]> {
  const rows = await tx.query(
    `INSERT INTO case_events (tracking_id, seq, at, actor, role, action, from_status, to_status, from_institution,
       to_institution, note, request_id, prev_hash, hash)
     SELECT * FROM json_to_recordset($1::json) AS e("trackingId" text, seq int, at timestamptz, actor text, role text,
       action text, "fromStatus" text, "toStatus" text, "fromInstitution" text, "toInstitution" text, note text,
       "requestId" text, "prevHash" text, hash text)
     RETURNING id, tracking_id, seq`,
    [JSON.stringify(events)],
  );
  // only the ids are new: the rest of each event is what was sent
  const ids = new Map(rows.map((r) => [`${String(r.tracking_id)}\u0000${Number(r.seq)}`, Number(r.id)]));
  return events.map((e) => ({ id: ids.get(`${e.trackingId}\u0000${e.seq}`)!, ...e }));
}

