// Helpers of the bulk end-to-end tests (bulk-*.test.ts): the built CLI spawned as a child process against a
// real API, fresh homes, journals, cases seeded straight through the server's store. Not a test file.

import { createHash } from 'node:crypto';
import { spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Queryable } from '../../src/server/db/driver.js';
import { rowToEvent, type Store } from '../../src/server/store.js';
import { eventHash, GENESIS_HASH } from '../../src/domain/events.js';
import type { Actor } from '../../src/domain/types.js';
import { BIN, ROOT, homeEnv, spawnLapor, type Exit, type Spawned } from '../helpers/spawn.js';

export { BIN, ROOT, type Exit, type Spawned };

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds dist/ (the spawned CLI runs the compiled code), once for all bulk test files of a run: under a lock
 * (test files run in parallel workers, and a CLI must never load a file that tsc is rewriting), and only when
 * a source is newer than the last build.
 */
export function buildOnce(): void {
  const lock = join(tmpdir(), `lapor-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`);
  const stamp = join(ROOT, 'dist', '.bulk-build-stamp');
  const deadline = Date.now() + 170_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`build lock ${lock} held too long`);
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true }); // left by a killed run
      spawnSync('sleep', ['0.2']);
    }
  }
  try {
    const built = statSync(stamp, { throwIfNoEntry: false })?.mtimeMs ?? 0;
    if (built > newestSource(join(ROOT, 'src'))) return;
    const build = spawnSync('npx', ['tsc', '-p', '.'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`tsc failed:\n${build.stdout}${build.stderr}`);
    if (!existsSync(join(ROOT, 'dist', 'commands', 'bulk', 'index.js'))) throw new Error('dist has no bulk commands');
    writeFileSync(stamp, '');
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

const homes: string[] = [];
const children = new Set<ChildProcessWithoutNullStreams>();

export interface Home {
  dir: string;
  stateDir: string;
  env: Record<string, string>;
}

/** A fresh HOME with its own XDG dirs; `extra` adds LAPOR_API_URL, LAPOR_TOKEN, … */
export function freshHome(extra: Record<string, string> = {}): Home {
  const dir = mkdtempSync(join(tmpdir(), 'lapor-bulk-e2e-'));
  homes.push(dir);
  return { dir, stateDir: join(dir, 'state'), env: homeEnv(dir, extra) };
}

/** The built CLI in ROOT, killed by cleanUp() if still running then. */
export function spawnCli(args: readonly string[], env: Record<string, string>): Spawned {
  const spawned = spawnLapor(args, { cwd: ROOT, env });
  children.add(spawned.child);
  spawned.child.on('close', () => children.delete(spawned.child));
  return spawned;
}

export function runCli(args: readonly string[], env: Record<string, string>): Promise<Exit> {
  return spawnCli(args, env).exit;
}

/** Kills what is still running and removes the homes (afterAll). */
export function cleanUp(): void {
  for (const c of children) c.kill('SIGKILL');
  for (const d of homes.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function journalsIn(stateDir: string): string[] {
  const dir = join(stateDir, 'lapor', 'journals');
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.jsonl'))
    .sort()
    .map((n) => join(dir, n));
}

/** Complete lines of a file (a torn last line does not count); 0 when it does not exist. Reads only what was
 *  added since the last call for the same path, so that polling it every few ms costs next to nothing. */
export function completeLines(path: string): number {
  let seen = counted.get(path);
  if (!seen) {
    seen = { bytes: 0, lines: 0 };
    counted.set(path, seen);
  }
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return 0;
  }
  try {
    const size = fstatSync(fd).size;
    if (size < seen.bytes) Object.assign(seen, { bytes: 0, lines: 0 }); // truncated (a torn line cut off)
    const buf = Buffer.alloc(size - seen.bytes);
    const n = buf.length > 0 ? readSync(fd, buf, 0, buf.length, seen.bytes) : 0;
    for (let i = 0; i < n; i += 1) if (buf[i] === 10) seen.lines += 1;
    const lastNewline = buf.subarray(0, n).lastIndexOf(10);
    seen.bytes += lastNewline + 1; // re-read a partial line next time
    return seen.lines;
  } finally {
    closeSync(fd);
  }
}
const counted = new Map<string, { bytes: number; lines: number }>();

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits until `cond` holds (true) or the child has exited first (false); throws after `timeoutMs`. */
export async function until(cond: () => boolean, child: { exitCode: number | null }, timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (cond()) return true;
    if (child.exitCode !== null) return false;
    await sleep(3);
  }
  throw new Error('timed out waiting');
}

/** mulberry32, the client's own seeded PRNG: each run's kill point can be reproduced from its seed. */
export { seededRandom as rng } from '../../src/api/transport.js';

const SEEDER: Actor = { name: 'seeder', role: 'national_admin', institutionId: null };

type Db = Queryable & { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> };

async function columnsOf(db: Queryable, table: string): Promise<string[]> {
  const rows = await db.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
      WHERE table_name = $1 AND table_schema = current_schema() AND is_identity = 'NO' ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => r.column_name);
}

/**
 * Seeds `ids` as in_progress cases (submitted, disposed to `institution`, one follow-up). The first goes
 * through the store (createCase, then applyBatch dispose and respond); the others are copies of it, rows and
 * events, made in two statements: thousands of cases in well under a second. Each copy's events are
 * re-chained for its own tracking ID (the hashes cover it), so `lapor audit verify` passes on seeded data.
 */
export async function seedInProgress(db: Db, store: Store, ids: readonly string[], options: { institution: string; title: string }): Promise<void> {
  const [first, ...rest] = ids;
  await db.transaction((tx) =>
    store.createCase(
      tx,
      { trackingId: first, classification: 'complaint', title: options.title, body: 'Lampu jalan mati sejak sepekan.', channel: 'web', anonymous: false, confidential: false },
      SEEDER,
      'seed',
    ),
  );
  for (const [action, extra, version] of [
    ['dispose', { institutionId: options.institution }, 1],
    ['respond', { message: 'Sedang ditangani petugas.' }, 2],
  ] as const) {
    const { results } = await db.transaction((tx) => store.applyBatch(tx, [{ trackingId: first, version, action, ...extra }], SEEDER, 'seed'));
    if (results[0].outcome !== 'applied') throw new Error(`seeding ${action} failed: ${JSON.stringify(results[0])}`);
  }
  if (rest.length === 0) return;
  const caseCols = (await columnsOf(db, 'cases')).filter((c) => c !== 'last_event_hash');
  const template = (await db.query(`SELECT * FROM case_events WHERE tracking_id = $1 ORDER BY seq`, [first])).map(rowToEvent);
  // each copy's chain, computed here: seq, fields and order as the first case's, hashes over its own ID
  const cols = {
    trackingId: [] as string[], seq: [] as number[], at: [] as string[], actor: [] as string[], role: [] as string[],
    action: [] as string[], fromStatus: [] as (string | null)[], toStatus: [] as (string | null)[],
    fromInstitution: [] as (string | null)[], toInstitution: [] as (string | null)[], note: [] as (string | null)[],
    requestId: [] as (string | null)[], prevHash: [] as string[], hash: [] as string[],
  };
  const heads: string[] = [];
  for (const id of rest) {
    let prev = GENESIS_HASH;
    for (const e of template) {
      const fields = { ...e, trackingId: id };
      const hash = eventHash(prev, fields);
      for (const k of Object.keys(cols) as (keyof typeof cols)[]) {
        (cols[k] as unknown[]).push(k === 'prevHash' ? prev : k === 'hash' ? hash : fields[k]);
      }
      prev = hash;
    }
    heads.push(prev);
  }
  const pick = (t: string) => caseCols.map((c) => (c === 'tracking_id' ? 'n.id' : `${t}.${c}`)).join(', ');
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO cases (${caseCols.join(', ')}, last_event_hash) SELECT ${pick('t')}, n.head
         FROM cases t, unnest($2::text[], $3::text[]) WITH ORDINALITY AS n(id, head, ord) WHERE t.tracking_id = $1 ORDER BY n.ord`,
      [first, rest, heads],
    );
    await tx.query(
      `INSERT INTO case_events (tracking_id, seq, at, actor, role, action, from_status, to_status, from_institution,
         to_institution, note, request_id, prev_hash, hash)
       SELECT * FROM unnest($1::text[], $2::int[], $3::timestamptz[], $4::text[], $5::text[], $6::text[], $7::text[],
         $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])`,
      Object.values(cols),
    );
  });
}

export interface JournalOutcomeLine {
  type: 'outcome';
  index: number;
  trackingId: string;
  outcome: 'applied' | 'skipped' | 'failed';
  version: number | null;
  replayed: boolean;
  chunk: number;
}

/** The outcome lines of a journal (complete lines only) and its planned items. */
export function journalContent(path: string): { items: { trackingId: string; version: number }[]; outcomes: JournalOutcomeLine[] } {
  const text = readFileSync(path, 'utf8');
  const lines = text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter((l) => l !== '');
  const header = JSON.parse(lines[0]) as { items: { trackingId: string; version: number }[] };
  return { items: header.items, outcomes: lines.slice(1).map((l) => JSON.parse(l) as JournalOutcomeLine) };
}
