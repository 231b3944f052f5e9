// Schema migrations in one SQL dialect that both PGlite and PostgreSQL 15+ run. Each migration runs once,
// in a transaction, recorded in schema_migrations. Append new migrations; never edit an applied one.

import type { Db } from './driver.js';

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
];

/** Applies the missing migrations in one transaction; an advisory lock makes concurrent starts wait. */
export async function migrate(db: Db): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(7263521)');
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
