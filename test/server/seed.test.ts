// Reference data loading and the deterministic case generator: idempotent upserts with tree paths, byte-identical
// output per seed, every generated case the exact result of its events under the real state machine (replayed
// here independently), realistic shares, and the COPY load into PGlite (and PostgreSQL when a URL is given).

import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { applyAction, type ActionContext } from '../../src/domain/actions.js';
import { computeDeadlines, WorkingCalendar } from '../../src/domain/clocks.js';
import { verifyChain } from '../../src/domain/events.js';
import type { ActionRequest } from '../../src/domain/schemas.js';
import { computePaths } from '../../src/domain/trees.js';
import {
  ARCHIVE_REASONS,
  DEFAULT_CLOCKS,
  type Actor,
  type ArchiveReason,
  type Case,
  type EventAction,
  type Role,
  type Status,
} from '../../src/domain/types.js';
import { openDb, type Db } from '../../src/server/db/driver.js';
import { migrate } from '../../src/server/db/migrations.js';
import { csvField } from '../../src/server/caseTables.js';
import { fixturesDir, readAllFixtures } from '../../src/server/seed/fixtures.js';
import { dottedCode } from '../../src/domain/regions.js';
import { generateCases, type GeneratedCase, type GenerateOptions } from '../../src/server/seed/generate.js';
import { seedCases } from '../../src/server/seed/load.js';
import { loadReferenceData } from '../../src/server/seed/reference.js';

const POSTGRES_URL = process.env.LAPOR_TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? '';
const NOW = '2025-11-20T03:00:00.000Z'; // Thursday 11:00 WITA
const fixtures = readAllFixtures();
const calendar = new WorkingCalendar(
  fixtures.calendar.map((d) => d.date),
  DEFAULT_CLOCKS.utcOffsetMinutes,
);
const paths = computePaths(fixtures.institutions);
const DAY = 86_400_000;

function options(count: number, seed: number, years: [number, number] = [2023, 2025]): GenerateOptions {
  return {
    count,
    years,
    seed,
    institutions: fixtures.institutions,
    categories: fixtures.categories,
    channels: fixtures.channels,
    texts: fixtures.texts,
    regions: fixtures.regions,
    calendar,
    settings: DEFAULT_CLOCKS,
    now: NOW,
  };
}

function digest(cases: Iterable<GeneratedCase>): { digest: string; count: number } {
  const h = createHash('sha256');
  let count = 0;
  for (const g of cases) {
    h.update(JSON.stringify(g));
    h.update('\n');
    count += 1;
  }
  return { digest: h.digest('hex'), count };
}

const archiveReasonOfNote = new Map<string, ArchiveReason>(
  ARCHIVE_REASONS.map((r) => [fixtures.texts.archiveReasons[r], r] as [string, ArchiveReason]),
);

function actorOf(name: string, role: Actor['role']): Actor {
  if (role === 'liaison') return { name, role, institutionId: name.slice('liaison.'.length) };
  if (role === 'institution_admin') return { name, role, institutionId: name.slice('admin.'.length) };
  return { name, role, institutionId: null };
}

/** Plays a generated case's events through applyAction from its submitted state and returns the result. */
function replay(g: GeneratedCase): Case {
  const [submit, ...rest] = g.events;
  let c: Case = {
    ...g.case,
    institutionId: submit.toInstitution,
    status: 'submitted',
    closedBy: null,
    archiveReason: null,
    rating: null,
    verifiedAt: null,
    disposedAt: null,
    firstResponseAt: null,
    lastResponseAt: null,
    lastReporterReplyAt: null,
    closedAt: null,
    draftMessage: null,
    draftBy: null,
    draftAt: null,
    ...computeDeadlines({ submittedAt: g.case.submittedAt, disposedAt: null }, DEFAULT_CLOCKS, calendar),
    version: 1,
  };
  for (const e of rest) {
    const note = e.note ?? undefined;
    let req: ActionRequest;
    switch (e.action) {
      case 'dispose':
      case 'redispose':
        req = { action: e.action, institutionId: e.toInstitution ?? '', note };
        break;
      case 'archive': {
        const reason = archiveReasonOfNote.get(e.note ?? '');
        if (!reason) throw new Error(`archive without a known reason: ${e.note}`);
        req = { action: 'archive', reason, note };
        break;
      }
      case 'respond':
        req = { action: 'respond', message: e.note ?? '' };
        break;
      case 'return':
      case 'postpone':
      case 'reopen':
        req = { action: e.action, note: e.note ?? '' };
        break;
      case 'resume':
      case 'close':
        req = { action: e.action, note };
        break;
      default:
        throw new Error(`unexpected action ${e.action}`);
    }
    const ctx: ActionContext = {
      actor: actorOf(e.actor, e.role),
      now: e.at,
      isWithin: (id, root) => (paths.get(id) ?? '\0').startsWith(paths.get(root) ?? '\0'),
      institutionIsActive: (id) => paths.has(id),
      categoryExists: () => true,
      settings: DEFAULT_CLOCKS,
      calendar,
      reviewRequired: () => false,
    };
    const out = applyAction(c, req, ctx);
    if (!out.ok) throw new Error(`${g.case.trackingId} seq ${e.seq} ${e.action} by ${e.actor}: ${out.detail}`);
    expect(out.event).toMatchObject({
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      fromInstitution: e.fromInstitution,
      toInstitution: e.toInstitution,
    });
    c = { ...c, ...out.patch, version: e.seq };
  }
  return c;
}

describe('reference data', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openDb({});
    await migrate(db);
  });
  afterAll(async () => {
    await db?.close();
  });

  test('fixtures are found and valid', () => {
    expect(fixturesDir()).toMatch(/fixtures[\\/]$/);
    expect(fixtures.institutions.length).toBeGreaterThan(50);
    expect(fixtures.channels.reduce((s, c) => s + c.share, 0)).toBeCloseTo(1, 1);
    for (const r of fixtures.regions) expect(paths.has(r.institutionId)).toBe(true);
  });

  test('loads with tree paths and reloads idempotently', async () => {
    const first = await loadReferenceData(db);
    expect(first).toEqual({
      institutions: fixtures.institutions.length,
      categories: fixtures.categories.length,
      channels: fixtures.channels.length,
      calendarDays: fixtures.calendar.length,
    });
    const snapshot = async () => ({
      institutions: await db.query('SELECT id, parent_id, name, level, active, path FROM institutions ORDER BY id'),
      categories: await db.query('SELECT id, parent_id, name, name_en, institution_hint, path FROM categories ORDER BY id'),
      channels: await db.query('SELECT * FROM channels ORDER BY id'),
      calendar: await db.query(`SELECT to_char(date, 'YYYY-MM-DD') AS date, kind, name FROM calendar_days ORDER BY date`),
    });
    const before = await snapshot();
    expect(await loadReferenceData(db)).toEqual(first);
    expect(await snapshot()).toEqual(before);

    const rows = await db.query<{ id: string; path: string }>(
      `SELECT id, path FROM institutions WHERE id IN ('national', 'bali', 'badung.dinkes')`,
    );
    expect(Object.fromEntries(rows.map((r) => [r.id, r.path]))).toEqual({
      national: '/national/',
      bali: '/national/bali/',
      'badung.dinkes': '/national/bali/badung/badung.dinkes/',
    });
    const cat = await db.query<{ path: string }>(`SELECT path FROM categories WHERE id = 'kesehatan.bpjs'`);
    expect(cat[0].path).toBe('/kesehatan/kesehatan.bpjs/');
    expect(before.calendar.length).toBe(fixtures.calendar.length);
  });

  test('a changed row is updated in place', async () => {
    const renamed = fixtures.channels.map((c) => (c.id === 'web' ? { ...c, name: 'Situs web (baru)' } : c));
    await loadReferenceData(db, { channels: renamed });
    expect((await db.query<{ name: string }>(`SELECT name FROM channels WHERE id = 'web'`))[0].name).toBe('Situs web (baru)');
    await loadReferenceData(db, { channels: fixtures.channels });
    expect((await db.query(`SELECT count(*)::int AS n FROM channels`))[0].n).toBe(fixtures.channels.length);
  });
});

describe('generateCases', () => {
  test('same seed → byte-identical output; another seed differs', () => {
    const a = digest(generateCases(options(2000, 42)));
    const b = digest(generateCases(options(2000, 42)));
    const c = digest(generateCases(options(2000, 43)));
    expect(a.count).toBe(2000);
    expect(b).toEqual(a);
    expect(c.count).toBe(2000);
    expect(c.digest).not.toBe(a.digest);
  });

  test('every case is exactly the result of its events', () => {
    const nowMs = Date.parse(NOW);
    const ids = new Set<string>();
    let previousSubmitted = '';
    for (const g of generateCases(options(2000, 42))) {
      const c = g.case;
      const where = c.trackingId;
      expect(c.trackingId, where).toMatch(/^LPR-\d{4}-\d{7}$/);
      expect(ids.has(c.trackingId), where).toBe(false);
      ids.add(c.trackingId);
      expect(c.submittedAt >= previousSubmitted, where).toBe(true);
      previousSubmitted = c.submittedAt;

      // version, status, institution and the hash chain
      expect(c.version, where).toBe(g.events.length);
      const last = g.events[g.events.length - 1];
      expect(c.status, where).toBe(last.toStatus);
      expect(c.institutionId, where).toBe(last.toInstitution);
      expect(g.events[0]).toMatchObject({ seq: 1, action: 'submit', toStatus: 'submitted', at: c.submittedAt });
      expect(verifyChain(c.trackingId, g.events, { hash: g.lastEventHash, version: c.version }), where).toBeNull();

      // timestamps ordered, none after the horizon
      for (let i = 1; i < g.events.length; i += 1) {
        expect(Date.parse(g.events[i].at) > Date.parse(g.events[i - 1].at), `${where} seq ${i + 1}`).toBe(true);
      }
      expect(Date.parse(last.at) <= nowMs, where).toBe(true);
      if (c.lastReporterReplyAt) expect(Date.parse(c.lastReporterReplyAt) <= nowMs, where).toBe(true);

      // deadlines follow from the case's own timestamps (a returned case has no response clock)
      const deadlines = computeDeadlines(c, DEFAULT_CLOCKS, calendar);
      expect(c.verifyDueAt, where).toBe(deadlines.verifyDueAt);
      expect(c.completionDueAt, where).toBe(deadlines.completionDueAt);
      const lastRouting = [...g.events].reverse().find((e) => ['dispose', 'redispose', 'return'].includes(e.action));
      expect(c.responseDueAt, where).toBe(lastRouting?.action === 'return' ? null : deadlines.responseDueAt);

      // closing
      if (c.status === 'completed' || c.status === 'archived') {
        expect(c.closedAt, where).toBe(last.at);
        expect(c.closedBy, where).toBe(last.role === 'system' ? 'system' : 'admin');
      } else {
        expect(c.closedAt, where).toBeNull();
      }
      if (c.status === 'completed') {
        expect(c.firstResponseAt, where).not.toBeNull();
        expect(g.events.some((e) => e.action === 'respond'), where).toBe(true);
      } else {
        expect(c.rating, where).toBeNull();
      }
      if (c.status === 'archived') expect(c.archiveReason, where).not.toBeNull();
      if (c.rating !== null) expect(c.rating >= 1 && c.rating <= 5).toBe(true);

      // the state machine, replayed independently, gives the same row
      const replayed = replay(g);
      expect({ ...replayed, rating: c.rating, lastReporterReplyAt: c.lastReporterReplyAt }, where).toEqual(c);

      // PII and location
      if (g.reporter.nik !== null) expect(g.reporter.nik, where).toMatch(/^51\d{14}$/);
      expect(c.province).toBe('Bali');
      expect(fixtures.regions.some((r) => r.name === c.regency && dottedCode(r.code) === c.regionCode && r.districts.includes(c.district ?? ''))).toBe(true);
      expect(c.title ?? '').not.toMatch(/[{}]/);
      expect(c.body ?? '').not.toMatch(/[{}]/);
    }
    expect(ids.size).toBe(2000);
  });

  test('shares are realistic', () => {
    const nowMs = Date.parse(NOW);
    const all = [...generateCases(options(5000, 7))];
    const share = (pred: (g: GeneratedCase) => boolean, of: GeneratedCase[] = all) => of.filter(pred).length / of.length;

    expect(share((g) => g.case.classification === 'complaint')).toBeGreaterThan(0.65);
    expect(share((g) => g.case.classification === 'complaint')).toBeLessThan(0.75);
    expect(share((g) => g.case.classification === 'aspiration')).toBeGreaterThan(0.16);
    expect(share((g) => g.case.classification === 'information_request')).toBeGreaterThan(0.07);
    expect(share((g) => g.case.anonymous)).toBeGreaterThan(0.12);
    expect(share((g) => g.case.anonymous)).toBeLessThan(0.18);
    expect(share((g) => g.case.confidential)).toBeGreaterThan(0.03);
    expect(share((g) => g.case.confidential)).toBeLessThan(0.07);
    expect(share((g) => g.case.status === 'archived')).toBeGreaterThan(0.03);
    expect(share((g) => g.case.status === 'archived')).toBeLessThan(0.08);
    expect(share((g) => g.events.some((e) => e.action === 'redispose'))).toBeGreaterThan(0.03);
    expect(share((g) => g.events.some((e) => e.action === 'return'))).toBeGreaterThan(0.01);
    expect(share((g) => g.events.some((e) => e.action === 'reopen'))).toBeGreaterThan(0.002);
    expect(share((g) => g.case.categoryId?.includes('.') ?? false)).toBeGreaterThan(0.75);
    const web = share((g) => g.case.channel === 'web');
    expect(web).toBeGreaterThan(0.29);
    expect(web).toBeLessThan(0.39);

    // growth year over year, more on weekdays and in office hours (WITA)
    const byYear = (y: number) => share((g) => new Date(Date.parse(g.case.submittedAt) + 8 * 3600_000).getUTCFullYear() === y);
    expect(byYear(2024)).toBeGreaterThan(byYear(2023));
    const local = all.map((g) => new Date(Date.parse(g.case.submittedAt) + 8 * 3600_000));
    expect(local.filter((d) => d.getUTCDay() >= 1 && d.getUTCDay() <= 5).length / all.length).toBeGreaterThan(0.8);
    expect(local.filter((d) => d.getUTCHours() >= 8 && d.getUTCHours() < 17).length / all.length).toBeGreaterThan(0.5);

    // the clocks, on cases old enough to have run them
    const settled = all.filter((g) => Date.parse(g.case.submittedAt) < nowMs - 90 * DAY);
    const verified = settled.filter((g) => g.case.verifiedAt !== null);
    const verifiedOnTime = share((g) => (g.case.verifiedAt ?? '') <= g.case.verifyDueAt, verified);
    expect(verifiedOnTime).toBeGreaterThan(0.78);
    expect(verifiedOnTime).toBeLessThan(0.92);
    const disposed = settled.filter((g) => g.case.disposedAt !== null);
    const followedUp = share((g) => g.case.firstResponseAt !== null, disposed);
    expect(followedUp).toBeGreaterThan(0.9);
    expect(followedUp).toBeLessThan(0.99);
    const ratedShare = share((g) => g.case.rating !== null, settled.filter((g) => g.case.status === 'completed'));
    expect(ratedShare).toBeGreaterThan(0.34);
    expect(ratedShare).toBeLessThan(0.46);
    expect(share((g) => g.case.closedBy === 'system', settled.filter((g) => g.case.status === 'completed'))).toBeGreaterThan(0.2);
    expect(share((g) => g.case.lastReporterReplyAt !== null)).toBeGreaterThan(0.1);

    // old cases are settled; recent ones are still open in every stage
    const open = ['submitted', 'postponed', 'disposed', 'in_progress'];
    expect(share((g) => g.case.status === 'submitted' || g.case.status === 'postponed', settled)).toBe(0);
    const recent = all.filter((g) => Date.parse(g.case.submittedAt) > nowMs - 20 * DAY);
    expect(recent.length).toBeGreaterThan(30);
    expect(share((g) => open.includes(g.case.status), recent)).toBeGreaterThan(0.4);
    for (const status of ['submitted', 'disposed', 'in_progress']) {
      expect(recent.some((g) => g.case.status === status), status).toBe(true);
    }

    // institutions: mostly regional units, the regency's own unit of the kind often, ministries sometimes
    const finals = all.filter((g) => g.case.institutionId !== null).map((g) => paths.get(g.case.institutionId ?? '') ?? '');
    expect(finals.filter((p) => p.startsWith('/national/bali/')).length / finals.length).toBeGreaterThan(0.7);
    expect(finals.filter((p) => /^\/national\/bali\/[^/]+\/[^/]+\/$/.test(p)).length / finals.length).toBeGreaterThan(0.3);
    expect(finals.filter((p) => !p.startsWith('/national/bali/')).length / finals.length).toBeGreaterThan(0.03);
  });

  test('rejects impossible ranges', () => {
    expect(() => [...generateCases({ ...options(10, 1), years: [2030, 2031] })]).toThrow(RangeError);
    expect(() => [...generateCases({ ...options(10, 1), years: [2025, 2024] })]).toThrow(RangeError);
    expect([...generateCases(options(0, 1))]).toEqual([]);
  });
});

describe('CSV encoding for COPY', () => {
  test('fields', () => {
    expect(csvField(null)).toBe('');
    expect(csvField('')).toBe('""');
    expect(csvField('abc')).toBe('abc');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\nbreak')).toBe('"line\nbreak"');
    expect(csvField('cr\rx')).toBe('"cr\rx"');
    expect(csvField('\\.')).toBe('"\\."');
    expect(csvField(true)).toBe('t');
    expect(csvField(false)).toBe('f');
    expect(csvField(3)).toBe('3');
  });

  test('round-trips through COPY', async () => {
    const db = await openDb({});
    try {
      await db.exec('CREATE TABLE t (i int, v text)');
      const values = [null, '', 'plain', 'a,b', 'say "hi"', 'multi\nline\r\nvalue', '\\.', ' padded ', 'ünïcødé — Rp150.000'];
      async function* records() {
        for (let i = 0; i < values.length; i += 1) yield `${i},${csvField(values[i])}\n`;
      }
      expect(await db.copyFrom('t', ['i', 'v'], records())).toBe(values.length);
      const rows = await db.query<{ v: string | null }>('SELECT v FROM t ORDER BY i');
      expect(rows.map((r) => r.v)).toEqual(values);
    } finally {
      await db.close();
    }
  });
});

async function checkSeeded(db: Db, count: number, seed: number): Promise<void> {
  const result = await seedCases(db, { count, years: [2024, 2025], seed, now: NOW, batchSize: 700 });
  expect(result.cases).toBe(count);
  const [row] = await db.query<{ cases: number; reporters: number; events: number; versions: number }>(
    `SELECT (SELECT count(*) FROM cases)::int AS cases, (SELECT count(*) FROM reporters)::int AS reporters,
            (SELECT count(*) FROM case_events)::int AS events, (SELECT sum(version) FROM cases)::int AS versions`,
  );
  expect(row).toEqual({ cases: count, reporters: count, events: result.events, versions: result.events });

  // the rows are the generator's output, and the stored chains verify
  const expected = generateCases({ ...options(count, seed, [2024, 2025]) });
  let checked = 0;
  for (const g of expected) {
    if (checked % 97 === 0) {
      const [c] = await db.query<Record<string, unknown>>(
        `SELECT tracking_id, status, institution_id, title, body, version, last_event_hash, submitted_at, closed_at, response_due_at
         FROM cases WHERE tracking_id = $1`,
        [g.case.trackingId],
      );
      expect(c).toMatchObject({
        tracking_id: g.case.trackingId,
        status: g.case.status,
        institution_id: g.case.institutionId,
        title: g.case.title,
        body: g.case.body,
        version: g.case.version,
        last_event_hash: g.lastEventHash,
      });
      expect((c.submitted_at as Date).toISOString()).toBe(g.case.submittedAt);
      expect(c.closed_at === null ? null : (c.closed_at as Date).toISOString()).toBe(g.case.closedAt);
      expect(c.response_due_at === null ? null : (c.response_due_at as Date).toISOString()).toBe(g.case.responseDueAt);
      const events = await db.query<Record<string, unknown>>(
        `SELECT tracking_id, seq, at, actor, role, action, from_status, to_status, from_institution, to_institution,
                note, request_id, prev_hash, hash FROM case_events WHERE tracking_id = $1 ORDER BY id`,
        [g.case.trackingId],
      );
      const stored = events.map((e) => ({
        trackingId: e.tracking_id as string,
        seq: e.seq as number,
        at: (e.at as Date).toISOString(),
        actor: e.actor as string,
        role: e.role as Role,
        action: e.action as EventAction,
        fromStatus: e.from_status as Status | null,
        toStatus: e.to_status as Status | null,
        fromInstitution: e.from_institution as string | null,
        toInstitution: e.to_institution as string | null,
        note: e.note as string | null,
        requestId: e.request_id as string | null,
        prevHash: e.prev_hash as string,
        hash: e.hash as string,
      }));
      expect(stored).toEqual(g.events);
      expect(verifyChain(g.case.trackingId, stored, { hash: c.last_event_hash as string, version: c.version as number })).toBeNull();
      const [reporter] = await db.query('SELECT name, contact, nik FROM reporters WHERE tracking_id = $1', [g.case.trackingId]);
      expect(reporter).toEqual(g.reporter);
    }
    checked += 1;
  }
  expect(checked).toBe(count);
}

describe('seedCases', () => {
  test('loads into PGlite: counts match, versions sum to the events', async () => {
    const db = await openDb({});
    try {
      await migrate(db);
      const progress: number[] = [];
      const result = await seedCases(db, { count: 10, years: [2025, 2025], seed: 1, now: NOW, onProgress: (n) => progress.push(n) });
      expect(result.cases).toBe(10);
      expect(progress).toEqual([10]);
      await db.exec('TRUNCATE case_events, reporters, cases CASCADE'); // and what refers to cases (links, copies, breaches)
      await checkSeeded(db, 3000, 11);
    } finally {
      await db.close();
    }
  });

  test.runIf(POSTGRES_URL !== '')('loads into PostgreSQL (fresh database)', async () => {
    const name = `lapor_seed_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: POSTGRES_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    const url = new URL(POSTGRES_URL);
    url.pathname = `/${name}`;
    const db = await openDb({ databaseUrl: url.toString() });
    try {
      await migrate(db);
      await checkSeeded(db, 5000, 12);
    } finally {
      await db.close();
      // no WITH (FORCE): terminating a pooled connection that is still closing would surface as an
      // uncaught error in this process; wait for it to go instead
      for (let attempt = 0; ; attempt += 1) {
        try {
          await admin.query(`DROP DATABASE IF EXISTS ${name}`);
          break;
        } catch (err) {
          if (attempt >= 50 || (err as { code?: string }).code !== '55006') throw err;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      await admin.end();
    }
  });
});
