// The journal of a bulk run: `<stateDir>/journals/<runId>.jsonl` (directory 0700, file 0600), append-only.
//
//   line 1    {"type":"run", …}      the run: id, creation time, API, token name, command, chunk size, the
//                                    distinct action requests and the full planned item list in order
//                                    ({trackingId, version, request: index into requests}), and the cases
//                                    that could not be planned (never sent)
//   line 2…   {"type":"outcome", …} one per item as its chunk's answer arrives: index, trackingId,
//                                    outcome (applied|skipped|failed), status, version after, problem,
//                                    chunk number, whether the answer was an idempotent replay
//
// Outcomes are written in batches (each chunk's outcomes, and whatever else is waiting, in one write) and
// fsync'd before `record()` resolves: an outcome the run has counted is on disk. A line is only a line when
// it ends with "\n": a torn last line (the process killed mid-write) is ignored on read and cut off before
// a resume appends to the file. An item may have more than one outcome line (a chunk resent after a crash is
// answered again, from the server's idempotency store); the first one counts.
//
// One writer per journal: the run that creates it, or a resume, holds `<journal>.lock` (src/io/lock.ts)
// from before it reads or writes the journal until its writer is closed; a second writer exits 75 naming the
// holder's pid. A run killed leaves the lock to a dead pid: the next resume takes it over.

import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, truncate, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ActionRequestSchema, BulkItemOutcomeSchema, BulkItemResultSchema } from '../domain/schemas.js';
import { BusyError, CliError } from '../io/errors.js';
import { t } from '../io/i18n.js';
import { acquireLock, liveHolder, LockHeldError, type HeldLock, type LockHost, type LockInfo } from '../io/lock.js';

export const JOURNAL_FORMAT = 1;

const JournalItemSchema = z.strictObject({
  trackingId: z.string(),
  version: z.number().int().min(1),
  /** Index into the header's `requests`. */
  request: z.number().int().min(0),
});

export const JournalHeaderSchema = z.strictObject({
  type: z.literal('run'),
  format: z.literal(JOURNAL_FORMAT),
  runId: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/),
  created: z.string(),
  apiBaseUrl: z.string(),
  /** The token's name: idempotency keys belong to it, so only the same token can resume. */
  actor: z.string(),
  /** What started the run, e.g. "cases close --where status=in_progress". */
  command: z.string(),
  chunkSize: z.number().int().min(1).max(1000),
  requests: z.array(ActionRequestSchema).min(1),
  items: z.array(JournalItemSchema),
  unresolved: z.array(z.strictObject({ trackingId: z.string(), request: z.number().int().min(0), detail: z.string() })),
});
export type JournalHeader = z.infer<typeof JournalHeaderSchema>;
export type JournalItem = z.infer<typeof JournalItemSchema>;

export const JournalOutcomeSchema = z.strictObject({
  type: z.literal('outcome'),
  index: z.number().int().min(0),
  trackingId: z.string().nullable(),
  outcome: BulkItemOutcomeSchema,
  status: z.number().int(),
  version: z.number().int().nullable(),
  problem: BulkItemResultSchema.shape.problem, // as the server answered it (reason and params included)
  chunk: z.number().int().min(0),
  replayed: z.boolean(),
});
export type JournalOutcome = z.infer<typeof JournalOutcomeSchema>;

export function journalDir(stateDir: string): string {
  return join(stateDir, 'journals');
}

export function journalPath(stateDir: string, runId: string): string {
  return join(journalDir(stateDir), `${runId}.jsonl`);
}

/** The failure list written next to a journal: `<runId>.failures.csv`. */
export function failuresPath(journal: string): string {
  return journal.replace(/\.jsonl$/, '') + '.failures.csv';
}

/** `20240304T020000Z-3fa9c1`: sortable by creation time, unique by its random part. */
export function newRunId(now: Date, random: () => string = () => randomBytes(3).toString('hex')): string {
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
  return `${stamp}-${random()}`;
}

// ---- the writer's lock ---------------------------------------------------------------------------------

export function journalLockPath(journal: string): string {
  return `${journal}.lock`;
}

/** Takes the journal's lock, or throws BusyError (exit 75) naming the process that writes it. */
export async function lockJournal(journal: string, host?: LockHost): Promise<HeldLock> {
  try {
    return await acquireLock(journalLockPath(journal), { host });
  } catch (err) {
    if (!(err instanceof LockHeldError)) throw err;
    const params = { path: journal, pid: String(err.holder.pid), since: err.holder.startedAt };
    throw new BusyError((l) => t(l, 'error.journalBusy', params), { hint: (l) => t(l, 'hint.journalBusy', params) });
  }
}

/** The live process writing the journal, if any. */
export function journalWriterHolder(journal: string, host?: LockHost): Promise<LockInfo | null> {
  return liveHolder(journalLockPath(journal), host);
}

// ---- writing -------------------------------------------------------------------------------------------

/** The file operations the writer needs: appends at the end, and a sync that makes them durable. */
export interface JournalFile {
  append(text: string): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

function handleFile(handle: FileHandle): JournalFile {
  return {
    async append(text) {
      await handle.write(text);
    },
    sync: () => handle.datasync(),
    close: () => handle.close(),
  };
}

/** Appends outcome lines; each `record` resolves once its lines are written and synced (group commit). */
export class JournalWriter {
  private queue: { text: string; resolve: () => void; reject: (e: unknown) => void }[] = [];
  private flushing: Promise<void> | null = null;
  private failed: unknown = null;
  /** Number of syncs done (a batch is one write and one sync). */
  syncs = 0;

  constructor(
    readonly path: string,
    private readonly file: JournalFile,
    /** The journal's lock, released when the writer is closed. */
    private readonly lock: HeldLock | null = null,
  ) {}

  /** Writes the outcomes; resolves when they are durable. Outcomes recorded meanwhile share the write and sync. */
  record(outcomes: readonly JournalOutcome[]): Promise<void> {
    if (outcomes.length === 0) return Promise.resolve();
    if (this.failed !== null) return Promise.reject(this.failed);
    const text = outcomes.map((o) => `${JSON.stringify(o)}\n`).join('');
    return new Promise((resolve, reject) => {
      this.queue.push({ text, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    // the first batch waits one turn, so that outcomes recorded in the same tick share its sync
    await Promise.resolve();
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      try {
        await this.file.append(batch.map((b) => b.text).join(''));
        await this.file.sync();
        this.syncs += 1;
        for (const b of batch) b.resolve();
      } catch (err) {
        this.failed = err;
        for (const b of [...batch, ...this.queue.splice(0)]) b.reject(err);
      }
    }
    this.flushing = null;
  }

  async close(): Promise<void> {
    try {
      while (this.flushing) await this.flushing;
      await this.file.close();
    } finally {
      await this.lock?.release();
    }
  }
}

async function openAppend(path: string): Promise<FileHandle> {
  const handle = await open(path, 'a', 0o600);
  await chmod(path, 0o600);
  return handle;
}

/**
 * Creates the journal (its directory 0700, the file 0600, never overwriting) and writes the run line, synced.
 * Returns the header as it will read back (parsed, so a resume builds byte-identical chunk bodies from it).
 */
export async function createJournal(stateDir: string, draft: JournalHeader): Promise<{ writer: JournalWriter; header: JournalHeader }> {
  const header = JournalHeaderSchema.parse(draft);
  const dir = journalDir(stateDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  const path = journalPath(stateDir, header.runId);
  const lock = await lockJournal(path);
  try {
    const handle = await open(path, 'wx', 0o600);
    await chmod(path, 0o600);
    await handle.write(`${JSON.stringify(header)}\n`);
    await handle.sync();
    return { writer: new JournalWriter(path, handleFile(handle), lock), header };
  } catch (err) {
    await lock.release();
    throw err;
  }
}

/**
 * Opens an existing journal to append to, after cutting off a torn last line. `lock`: the journal's lock,
 * taken (lockJournal) before `read` was read; the writer releases it when closed.
 */
export async function reopenJournal(path: string, read: JournalRead, lock: HeldLock | null = null): Promise<JournalWriter> {
  if (read.tornBytes > 0) await truncate(path, read.validBytes);
  return new JournalWriter(path, handleFile(await openAppend(path)), lock);
}

// ---- reading -------------------------------------------------------------------------------------------

export interface JournalRead {
  header: JournalHeader;
  /** The first outcome of each item index. */
  outcomes: Map<number, JournalOutcome>;
  /** Outcome lines read, duplicates included. */
  lines: number;
  /** Bytes of complete lines; the rest (a torn last line) is ignored. */
  validBytes: number;
  tornBytes: number;
}

export class JournalError extends CliError {
  override name = 'JournalError';
}

/** Parses journal text. Throws JournalError for a file that is not a journal or is corrupt before its last line. */
export function parseJournal(text: string, path = 'journal'): JournalRead {
  const end = text.lastIndexOf('\n') + 1;
  const validBytes = Buffer.byteLength(text.slice(0, end));
  const tornBytes = Buffer.byteLength(text.slice(end));
  const lines = text.slice(0, end).split('\n').slice(0, -1);
  const bad = (line: number, why: string) =>
    new JournalError((l) => t(l, 'bulk.journal.corrupt', { path, line, why }), { hint: (l) => t(l, 'bulk.journal.corruptHint') });
  if (lines.length === 0) throw bad(1, tornBytes > 0 ? 'the run line is incomplete' : 'empty file');
  const parseLine = <S extends z.ZodType>(schema: S, i: number): z.infer<S> => {
    let json: unknown;
    try {
      json = JSON.parse(lines[i]);
    } catch {
      throw bad(i + 1, 'not JSON');
    }
    const r = schema.safeParse(json);
    if (!r.success) throw bad(i + 1, r.error.issues[0]?.message ?? 'unexpected content');
    return r.data;
  };
  const header = parseLine(JournalHeaderSchema, 0);
  const outcomes = new Map<number, JournalOutcome>();
  for (let i = 1; i < lines.length; i += 1) {
    if (lines[i] === '') continue;
    const o = parseLine(JournalOutcomeSchema, i);
    if (o.index >= header.items.length) throw bad(i + 1, `item index ${o.index} is not in the plan`);
    if (!outcomes.has(o.index)) outcomes.set(o.index, o);
  }
  return { header, outcomes, lines: lines.length - 1, validBytes, tornBytes };
}

export async function readJournal(path: string): Promise<JournalRead> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new JournalError((l) => t(l, 'bulk.journal.missing', { path }), { hint: (l) => t(l, 'bulk.journal.missingHint') });
    }
    throw err;
  }
  return parseJournal(text, path);
}
