// Schema migrations in one SQL dialect that both PGlite and PostgreSQL 15+ run. Each migration runs once,
// in a transaction, recorded in schema_migrations. Append new migrations; never edit an applied one.

import { ADVISORY_LOCKS } from './advisoryLocks.js';
import type { Db } from './driver.js';
import { SEED_POLICIES } from '../../domain/slaPolicy.js';
import { policyRowValuesSql } from '../slaPolicies.js';

export const MIGRATIONS: readonly { version: number; name: string; sql: string }[] = [
  {
    version: 1,
    name: 'initial schema',
    sql: `
CREATE TABLE institutions (
  id         text PRIMARY KEY,
  parent_id  text REFERENCES institutions(id),
  name       text NOT NULL,
  level      text NOT NULL CHECK (level IN ('national','ministry','province','regency','unit')),
  active     boolean NOT NULL DEFAULT true,
  -- materialised path '/national/bali/bali.dinkes/' for subtree filters with a prefix match
  path       text NOT NULL
);
CREATE INDEX institutions_path ON institutions (path text_pattern_ops);

CREATE TABLE categories (
  id               text PRIMARY KEY,
  parent_id        text REFERENCES categories(id),
  name             text NOT NULL,
  name_en          text,
  institution_hint text REFERENCES institutions(id),
  path             text NOT NULL
);
CREATE INDEX categories_path ON categories (path text_pattern_ops);

CREATE TABLE channels (
  id      text PRIMARY KEY,
  name    text NOT NULL,
  name_en text NOT NULL
);

CREATE TABLE calendar_days (
  date date PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('holiday','cuti_bersama')),
  name text NOT NULL
);

CREATE TABLE cases (
  tracking_id            text PRIMARY KEY,
  classification         text NOT NULL CHECK (classification IN ('complaint','aspiration','information_request')),
  category_id            text REFERENCES categories(id),
  title                  text NOT NULL,
  body                   text NOT NULL,
  incident_date          date,
  province               text,
  regency                text,
  district               text,
  village                text,
  region_code            text,
  channel                text NOT NULL REFERENCES channels(id),
  anonymous              boolean NOT NULL DEFAULT false,
  confidential           boolean NOT NULL DEFAULT false,
  institution_id         text REFERENCES institutions(id),
  status                 text NOT NULL CHECK (status IN ('submitted','postponed','disposed','in_progress','completed','archived')),
  closed_by              text CHECK (closed_by IN ('admin','system')),
  archive_reason         text,
  rating                 smallint CHECK (rating BETWEEN 1 AND 5),
  submitted_at           timestamptz NOT NULL,
  verified_at            timestamptz,
  disposed_at            timestamptz,
  first_response_at      timestamptz,
  last_response_at       timestamptz,
  last_reporter_reply_at timestamptz,
  closed_at              timestamptz,
  verify_due_at          timestamptz NOT NULL,
  response_due_at        timestamptz,
  completion_due_at      timestamptz NOT NULL,
  version                integer NOT NULL DEFAULT 1,
  last_event_hash        text NOT NULL
);
-- the queue: by status, oldest first, and the same inside an institution
CREATE INDEX cases_status_submitted ON cases (status, submitted_at, tracking_id);
CREATE INDEX cases_institution_status ON cases (institution_id, status, submitted_at);
-- date ranges and annual aggregates
CREATE INDEX cases_submitted ON cases (submitted_at);
-- the clocks: only open cases carry a running clock, so the partial indexes stay small
CREATE INDEX cases_verify_open ON cases (verify_due_at) WHERE status IN ('submitted','postponed');
CREATE INDEX cases_response_open ON cases (response_due_at) WHERE status = 'disposed';
CREATE INDEX cases_autoclose ON cases (last_response_at) WHERE status = 'in_progress';
CREATE INDEX cases_completion_open ON cases (completion_due_at) WHERE status IN ('submitted','postponed','disposed','in_progress');

-- PII, apart from the case: never joined by ordinary reads
CREATE TABLE reporters (
  tracking_id text PRIMARY KEY REFERENCES cases(tracking_id) ON DELETE CASCADE,
  name        text,
  contact     text,
  nik         text
);

CREATE TABLE case_events (
  id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tracking_id      text NOT NULL REFERENCES cases(tracking_id),
  seq              integer NOT NULL,
  at               timestamptz NOT NULL,
  actor            text NOT NULL,
  role             text NOT NULL,
  action           text NOT NULL,
  from_status      text,
  to_status        text,
  from_institution text,
  to_institution   text,
  note             text,
  request_id       text,
  prev_hash        text NOT NULL,
  hash             text NOT NULL,
  UNIQUE (tracking_id, seq)
);
CREATE INDEX case_events_at ON case_events (at);

-- the log is append-only: rows can be added, never changed or removed
CREATE FUNCTION case_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'case_events is append-only';
END
$$;
CREATE TRIGGER case_events_no_update BEFORE UPDATE OR DELETE ON case_events
  FOR EACH ROW EXECUTE FUNCTION case_events_append_only();

CREATE TABLE tokens (
  name           text PRIMARY KEY,
  hash           text NOT NULL UNIQUE, -- sha256 of the secret; the secret itself is never stored
  role           text NOT NULL CHECK (role IN ('national_admin','institution_admin','liaison','statistician','system')),
  institution_id text REFERENCES institutions(id),
  created_at     timestamptz NOT NULL DEFAULT now(),
  revoked_at     timestamptz
);

CREATE TABLE idempotency_keys (
  token_name   text NOT NULL,
  key          text NOT NULL,
  request_hash text NOT NULL,
  state        text NOT NULL CHECK (state IN ('in_flight','done')),
  started_at   timestamptz NOT NULL,
  status       integer,
  response     text,
  PRIMARY KEY (token_name, key)
);
`,
  },
  {
    version: 3,
    name: 'audit log of personal-data exports (hash-chained, append-only)',
    sql: `
-- One global chain (PII exports are rare, so one writer at a time is fine): each record's hash covers the
-- previous record's hash and all of its own fields; audit_head keeps the last seq and hash, so an edited,
-- deleted, inserted, reordered or truncated record is detected (src/server/exportAudit.ts verifies).
CREATE TABLE audit_log (
  seq        bigint PRIMARY KEY CHECK (seq >= 1),
  at         timestamptz NOT NULL,
  actor      text NOT NULL,
  role       text NOT NULL,
  action     text NOT NULL,
  note       text NOT NULL,
  detail     text NOT NULL,
  request_id text,
  prev_hash  text NOT NULL,
  hash       text NOT NULL
);
CREATE TABLE audit_head (
  id   boolean PRIMARY KEY DEFAULT true CHECK (id),
  seq  bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_head (id, seq, hash) VALUES (true, 0, repeat('0', 64));
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
`,
  },
  {
    version: 4,
    name: 'statistics rollups (per-case facts and additive rollups, refreshed from the event log)',
    sql: `
-- src/server/stats.ts keeps these. stats_state.watermark: every event with id <= watermark is reflected in
-- the facts and rollups; fingerprint: the calendar and clock settings they were computed with (a change
-- rebuilds them).
CREATE TABLE stats_state (
  id           boolean PRIMARY KEY DEFAULT true CHECK (id),
  watermark    bigint NOT NULL DEFAULT 0,
  fingerprint  text NOT NULL DEFAULT '',
  refreshed_at timestamptz
);
INSERT INTO stats_state DEFAULT VALUES;
-- working-day index: day = local date as days since 1970-01-01, cum = working days on or before it
CREATE TABLE stats_workdays (
  day integer PRIMARY KEY,
  cum integer NOT NULL
);
-- one row per case: what the case contributes to the statistics of its year
CREATE TABLE stats_case_facts (
  tracking_id    text PRIMARY KEY,
  year           smallint NOT NULL,
  month          smallint NOT NULL,
  submit_day     integer NOT NULL,
  institution_id text NOT NULL,
  category_id    text NOT NULL,
  channel        text NOT NULL,
  classification text NOT NULL,
  region         text NOT NULL,
  confidential   boolean NOT NULL,
  status         text NOT NULL,
  status_ye      text NOT NULL,
  disposed       boolean NOT NULL,
  followed_up    boolean NOT NULL,
  postponed_ever boolean NOT NULL,
  archive_reason text NOT NULL,
  rating         smallint,
  verify_wd      integer,
  verified       boolean NOT NULL,
  response_start integer,
  response_wd    integer,
  responded      boolean NOT NULL,
  closing_wd     integer,
  open           boolean NOT NULL
);
-- additive rollups of the facts, per year and institution: counts by dimension value, working-day
-- histograms of the stopped clocks, and the running clocks / open cases by their start day
CREATE TABLE stats_rollup (
  year           smallint NOT NULL,
  institution_id text NOT NULL,
  dim            text NOT NULL,
  key            text NOT NULL,
  confidential   boolean NOT NULL,
  n              bigint NOT NULL,
  PRIMARY KEY (year, institution_id, dim, key, confidential)
);
CREATE TABLE stats_hist (
  year           smallint NOT NULL,
  institution_id text NOT NULL,
  measure        text NOT NULL,
  wd             integer NOT NULL,
  n              bigint NOT NULL,
  PRIMARY KEY (year, institution_id, measure, wd)
);
CREATE TABLE stats_open (
  year           smallint NOT NULL,
  institution_id text NOT NULL,
  kind           text NOT NULL,
  start_day      integer NOT NULL,
  n              bigint NOT NULL,
  PRIMARY KEY (year, institution_id, kind, start_day)
);
`,
  },
  {
    version: 5,
    name: 'token life cycle (expiry, creator) and no national token bound to an institution',
    sql: `
ALTER TABLE tokens ADD COLUMN IF NOT EXISTS expires_at timestamptz;
ALTER TABLE tokens ADD COLUMN IF NOT EXISTS created_by text;
ALTER TABLE tokens ADD COLUMN IF NOT EXISTS created_at timestamptz NOT NULL DEFAULT now();
-- A national role bound to an institution reached past its binding (it could mint unbound national tokens,
-- import over any case, page through every tracking ID): revoke every such token, and let none be active
-- again. Revoked rows stay, so that who held what remains on record (src/domain/tokens.ts has the rule).
UPDATE tokens SET revoked_at = now()
  WHERE revoked_at IS NULL AND institution_id IS NOT NULL AND role IN ('national_admin','system');
ALTER TABLE tokens ADD CONSTRAINT tokens_national_unbound
  CHECK (role NOT IN ('national_admin','system') OR institution_id IS NULL OR revoked_at IS NOT NULL);
-- listings of an institution's tokens
CREATE INDEX IF NOT EXISTS tokens_institution ON tokens (institution_id);
`,
  },
  {
    version: 6,
    name: 'postpone reason of a postponed case',
    sql: `
-- the reason a postponed case waits (the postpone action's note; an import's Alasan Tunda): kept on the case,
-- as archive_reason is, so that an imported postponed case keeps it (its history starts with the import)
ALTER TABLE cases ADD COLUMN IF NOT EXISTS postpone_reason text;
`,
  },
  {
    version: 7,
    name: 'statistics: the minutes a clock took when it stopped on the local date it started',
    sql: `
-- A clock stopped on its start's local date took 0 working days; these keep how long it took (minutes), so
-- that a median under one working day can be given in hours. NULL for every other clock. The facts are
-- rebuilt by the next report (server/stats.ts, FACTS_VERSION).
ALTER TABLE stats_case_facts ADD COLUMN IF NOT EXISTS verify_min integer;
ALTER TABLE stats_case_facts ADD COLUMN IF NOT EXISTS response_min integer;
ALTER TABLE stats_case_facts ADD COLUMN IF NOT EXISTS closing_min integer;
`,
  },
  {
    version: 8,
    name: 'aliases of institution and category names (other ways people write them)',
    sql: `
-- An alias is keyed by its folded form (domain/names.ts foldName: letter case, accents, punctuation,
-- abbreviations), so two spellings that fold alike are one alias; src/server/aliases.ts keeps them.
CREATE TABLE institution_aliases (
  folded     text PRIMARY KEY,
  alias      text NOT NULL,
  target_id  text NOT NULL REFERENCES institutions(id),
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX institution_aliases_target ON institution_aliases (target_id);
CREATE TABLE category_aliases (
  folded     text PRIMARY KEY,
  alias      text NOT NULL,
  target_id  text NOT NULL REFERENCES categories(id),
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX category_aliases_target ON category_aliases (target_id);
`,
  },
  {
    version: 9,
    name: 'the urgency sort of the case list served by an index',
    sql: `
-- The case list's default order (sort=urgency: server/store.ts URGENCY_SQL, the earliest due time of a running
-- clock, closed cases last) was computed per row, so the first page sorted the whole table (1.0 s at 1,000,000
-- cases). This index holds the same expression, written the same way: the planner matches it to the ORDER BY
-- and to the cursor's row comparison, and a page reads its rows only (0.4 ms). test/server/urgency-sort.test.ts
-- fails when the two drift apart.
CREATE INDEX IF NOT EXISTS cases_urgency ON cases ((CASE WHEN status IN ('completed','archived') THEN 'infinity'::timestamptz ELSE LEAST(
    CASE WHEN verified_at IS NULL AND disposed_at IS NULL THEN verify_due_at END,
    CASE WHEN disposed_at IS NOT NULL AND first_response_at IS NULL THEN response_due_at END,
    completion_due_at) END), tracking_id);
`,
  },
  {
    version: 10,
    name: 'evidence pack: index-served last activity and escalations',
    sql: `
-- src/server/evidence.ts: an institution's last own activity is one backward probe of this index, and a
-- year's escalations a range of the partial one (escalate events are few among all events)
CREATE INDEX IF NOT EXISTS case_events_activity ON case_events (from_institution, at)
  WHERE role IN ('institution_admin', 'liaison');
CREATE INDEX IF NOT EXISTS case_events_escalate ON case_events (at) WHERE action = 'escalate';
`,
  },
  {
    version: 11,
    name: 'desk work: duplicate links, copies (tembusan), trigram similarity where pg_trgm is available',
    sql: `
-- A duplicate's link to its original (one level deep: the state machine refuses chains and cycles). Both
-- directions are read from this one row: the duplicate by its key, the original's duplicates by the index.
-- No foreign keys to cases: the tables that hold a case's rows are cleared together by their owners.
CREATE TABLE case_links (
  tracking_id text PRIMARY KEY,
  original_id text NOT NULL,
  linked_at   timestamptz NOT NULL,
  CHECK (tracking_id <> original_id)
);
CREATE INDEX case_links_original ON case_links (original_id);
-- Institutions a case is copied to (tembusan): they read it and note on it, never act (domain/actions.ts).
CREATE TABLE case_copies (
  tracking_id    text NOT NULL,
  institution_id text NOT NULL,
  copied_at      timestamptz NOT NULL,
  PRIMARY KEY (tracking_id, institution_id)
);
CREATE INDEX case_copies_institution ON case_copies (institution_id, tracking_id);
-- pg_trgm makes 'cases similar' use similarity(); where the extension is missing (PGlite) or may not be
-- created here, the server falls back to its own trigram measure (server/similar.ts).
DO $$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
  END IF;
EXCEPTION WHEN OTHERS THEN NULL;
END $$;
`,
  },
  {
    version: 12,
    name: 'change feed: the transaction of each event, for a cursor without gaps (src/server/feed.ts)',
    sql: `
-- feed_xid: the (64-bit) id of the transaction that wrote the event, raised to the previous event's of the
-- same case when that one is higher (a writer can hold its xid before it waits for the case's lock), so
-- that (feed_xid, id) grows along every case's history. The feed hands out only events whose feed_xid is
-- below the reader's snapshot xmin: those transactions are over, so no event can later appear below the
-- cursor. Events written before this migration keep 0: they all committed long before any reader.
ALTER TABLE case_events ADD COLUMN IF NOT EXISTS feed_xid xid8 NOT NULL DEFAULT '0';
ALTER TABLE case_events ALTER COLUMN feed_xid SET DEFAULT pg_current_xact_id();
CREATE FUNCTION case_events_feed_xid() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  prev xid8;
BEGIN
  SELECT feed_xid INTO prev FROM case_events WHERE tracking_id = NEW.tracking_id AND seq = NEW.seq - 1;
  IF prev IS NOT NULL AND prev > NEW.feed_xid THEN
    NEW.feed_xid := prev;
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER case_events_feed_order BEFORE INSERT ON case_events
  FOR EACH ROW WHEN (NEW.seq > 1) EXECUTE FUNCTION case_events_feed_xid();
CREATE INDEX IF NOT EXISTS case_events_feed ON case_events (feed_xid, id);
`,
  },
  {
    version: 13,
    name: 'answer templates and reviewed replies',
    sql: `
-- Reviewed replies: a liaison's follow-up awaiting review at an institution that requires it (domain/actions.ts)
ALTER TABLE cases ADD COLUMN IF NOT EXISTS draft_message text;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS draft_by text;
ALTER TABLE cases ADD COLUMN IF NOT EXISTS draft_at timestamptz;
-- the review queue (lapor cases drafts): few rows, oldest first
CREATE INDEX IF NOT EXISTS cases_draft_queue ON cases (draft_at, tracking_id) WHERE draft_at IS NOT NULL;
-- institutions whose liaisons' follow-ups wait for an institution admin's approval (a row: review required)
CREATE TABLE IF NOT EXISTS institution_review (
  institution_id text PRIMARY KEY REFERENCES institutions(id),
  set_by         text NOT NULL,
  set_at         timestamptz NOT NULL
);
-- Answer templates, each defined at an institution (NULL: national) and visible to its subtree; the nearest
-- definition of a name wins (server/templates.ts). scope is the institution id, or '' for national.
CREATE TABLE IF NOT EXISTS answer_templates (
  scope          text NOT NULL,
  name           text NOT NULL,
  institution_id text REFERENCES institutions(id),
  description    text,
  body           text NOT NULL,
  updated_by     text NOT NULL,
  updated_at     timestamptz NOT NULL,
  PRIMARY KEY (scope, name),
  CHECK (scope = COALESCE(institution_id, ''))
);
`,
  },
  {
    version: 14,
    name: 'SLA policies, stored next deadlines, breaches and escalation (issue #19)',
    sql: `
-- A policy version: conditions (NULL matches every value) → a target per clock, from its effective date on (domain/slaPolicy.ts).
-- Versions are never rewritten: a change is a new row with a later effective_from (server/slaPolicies.ts).
CREATE TABLE sla_policies (
  id                     text NOT NULL CHECK (id <> 'settings'),
  effective_from         date NOT NULL,
  name                   text NOT NULL,
  source                 text,
  classification         text CHECK (classification IN ('complaint','aspiration','information_request')),
  category_id            text,
  institution_id         text,
  needs_field_inspection boolean,
  verify_days            integer NOT NULL CHECK (verify_days >= 0),
  verify_unit            text NOT NULL CHECK (verify_unit IN ('working','calendar')),
  response_days          integer NOT NULL CHECK (response_days >= 0),
  response_unit          text NOT NULL CHECK (response_unit IN ('working','calendar')),
  follow_up_days         integer NOT NULL CHECK (follow_up_days >= 0),
  follow_up_unit         text NOT NULL CHECK (follow_up_unit IN ('working','calendar')),
  completion_days        integer NOT NULL CHECK (completion_days >= 0),
  completion_unit        text NOT NULL CHECK (completion_unit IN ('working','calendar')),
  auto_close_days        integer NOT NULL CHECK (auto_close_days >= 0),
  auto_close_unit        text NOT NULL CHECK (auto_close_unit IN ('working','calendar')),
  escalate_after_days    integer CHECK (escalate_after_days >= 0),
  escalate_after_unit    text CHECK (escalate_after_unit IN ('working','calendar')),
  created_at             timestamptz NOT NULL DEFAULT now(),
  created_by             text,
  PRIMARY KEY (id, effective_from),
  CHECK ((escalate_after_days IS NULL) = (escalate_after_unit IS NULL))
);
-- The published standard (KemenPAN-RB), from domain/slaPolicy.ts SEED_POLICIES.
INSERT INTO sla_policies (id, effective_from, name, source, classification, category_id, institution_id,
  needs_field_inspection, verify_days, verify_unit, response_days, response_unit, follow_up_days, follow_up_unit,
  completion_days, completion_unit, auto_close_days, auto_close_unit, escalate_after_days, escalate_after_unit)
VALUES ${SEED_POLICIES.map(policyRowValuesSql).join(',\n  ')};

-- The SLA fields of a case (the catalogue's role 'sla'): the policy version it runs on (NULL: the server's
-- settings), the field-inspection flag (a policy condition), and the escalation mark.
ALTER TABLE cases ADD COLUMN sla_policy_id text;
ALTER TABLE cases ADD COLUMN sla_policy_from date;
ALTER TABLE cases ADD COLUMN needs_field_inspection boolean;
ALTER TABLE cases ADD COLUMN escalated_at timestamptz;
-- The earliest instant at which the sweep has work on the case (a clock passing, the auto-close window's
-- earliest end): the sweep selects next_deadline <= now through cases_next_deadline, so its cost grows with
-- the due cases, not with the table. Not a Case field. A write that changes a clock's input recomputes it
-- (the trigger below, a lower bound); the sweep, after handling a case, stores the exact next instant.
ALTER TABLE cases ADD COLUMN next_deadline timestamptz;

CREATE FUNCTION cases_next_deadline() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
  auto_close integer;
BEGIN
  IF NEW.status IN ('completed','archived') THEN
    NEW.next_deadline := NULL;
    RETURN NEW;
  END IF;
  IF NEW.status = 'in_progress' AND NEW.last_response_at IS NOT NULL
     AND (NEW.last_reporter_reply_at IS NULL OR NEW.last_reporter_reply_at < NEW.last_response_at) THEN
    -- n working days never end before n calendar days; no recorded policy: look at once (0)
    SELECT p.auto_close_days INTO auto_close FROM sla_policies p
      WHERE p.id = NEW.sla_policy_id AND p.effective_from = NEW.sla_policy_from;
    auto_close := COALESCE(auto_close, 0);
  END IF;
  NEW.next_deadline := LEAST(
    CASE WHEN NEW.status IN ('submitted','postponed') THEN NEW.verify_due_at END,
    CASE WHEN NEW.status = 'disposed' THEN NEW.response_due_at END,
    NEW.completion_due_at,
    CASE WHEN auto_close IS NOT NULL THEN NEW.last_response_at + make_interval(days => auto_close) END);
  RETURN NEW;
END
$fn$;
CREATE TRIGGER cases_next_deadline BEFORE INSERT OR UPDATE OF status, verify_due_at, response_due_at,
  completion_due_at, last_response_at, last_reporter_reply_at, escalated_at, sla_policy_id, sla_policy_from
  ON cases FOR EACH ROW EXECUTE FUNCTION cases_next_deadline();
-- the trusted COPY of the seed and the import skips foreign-key triggers (session_replication_role =
-- replica): this one must run there too, or a loaded case would never be swept
ALTER TABLE cases ENABLE ALWAYS TRIGGER cases_next_deadline;

-- Cases present before policies existed ran on the general figures: they run on the seeded default.
UPDATE cases SET sla_policy_id = 'default', sla_policy_from = '${SEED_POLICIES[0].effectiveFrom}';
CREATE INDEX cases_next_deadline ON cases (next_deadline, tracking_id) WHERE next_deadline IS NOT NULL;
CREATE INDEX cases_escalated ON cases (escalated_at, tracking_id) WHERE escalated_at IS NOT NULL;

-- One row per clock that passed its deadline, as the sweep saw it: append-only, once per (case, clock, due
-- time) whatever the number of sweeps (ON CONFLICT DO NOTHING). institution_id is the institution responsible
-- when it breached (domain/sla.ts SlaOverdueItem); policy_id/policy_from the policy the case ran on.
CREATE TABLE sla_breaches (
  tracking_id    text NOT NULL REFERENCES cases(tracking_id),
  clock          text NOT NULL,
  due_at         timestamptz NOT NULL,
  breached_at    timestamptz NOT NULL,
  institution_id text,
  status         text NOT NULL,
  policy_id      text,
  policy_from    date,
  UNIQUE (tracking_id, clock, due_at)
);
CREATE INDEX sla_breaches_breached ON sla_breaches (breached_at);
CREATE INDEX sla_breaches_institution ON sla_breaches (institution_id, breached_at);
CREATE FUNCTION sla_breaches_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'sla_breaches is append-only';
END
$fn$;
CREATE TRIGGER sla_breaches_append_only BEFORE UPDATE OR DELETE ON sla_breaches
  FOR EACH ROW EXECUTE FUNCTION sla_breaches_append_only();
`,
  },
];

/** Applies the missing migrations in one transaction; an advisory lock makes concurrent starts wait. */
export async function migrate(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.migrate]);
    await tx.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const rows = await tx.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((r) => r.version));
    let count = 0;
    for (const m of MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      count += 1;
    }
    return count;
  });
}
