// Chunks, deterministic keys and canonical bodies; sending a journalled run against the fake server with
// bounded concurrency; crashes simulated between "the server committed" and "the journal recorded", then a
// resume: every case changed exactly once.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/api/errors.js';
import {
  bulkItem,
  CHANGE_ORDER,
  chunkBody,
  chunkKey,
  chunksOf,
  executeRun,
  FIELD_ORDER,
  pendingChunks,
  retryDelay,
} from '../../src/bulk/engine.js';
import { createJournal, readJournal, reopenJournal, type JournalHeader, type JournalRead } from '../../src/bulk/journal.js';
import { ActionRequestSchema } from '../../src/domain/schemas.js';
import { BusyError, CliError } from '../../src/io/errors.js';
import type { FakeApi } from '../helpers/fakeApi.js';
import { applied, createBulkDeps, fakeApi, makeCase } from './sample.js';

describe('chunks and keys', () => {
  it('cuts the item list into fixed chunks, the last one shorter', () => {
    expect(chunksOf(0, 500)).toEqual([]);
    expect(chunksOf(5, 2)).toEqual([
      { no: 0, start: 0, end: 2 },
      { no: 1, start: 2, end: 4 },
      { no: 2, start: 4, end: 5 },
    ]);
    expect(chunksOf(1000, 1000)).toHaveLength(1);
    expect(() => chunksOf(10, 0)).toThrow(RangeError);
    expect(() => chunksOf(10, 1001)).toThrow(RangeError);
  });

  it('derives each chunk key from the run id and the chunk number only', () => {
    expect(chunkKey('20240304T020000Z-abc123', 0)).toBe('lapor-bulk:20240304T020000Z-abc123:0');
    expect(chunkKey('r', 7)).toBe(chunkKey('r', 7));
    expect(new Set([chunkKey('r', 1), chunkKey('r', 2), chunkKey('s', 1)]).size).toBe(3);
  });

  it('builds the same wire item whatever the key order of the request', () => {
    const a = bulkItem({ trackingId: 'A', version: 2, request: 0 }, { action: 'archive', reason: 'spam', note: 'x' });
    const b = bulkItem({ trackingId: 'A', version: 2, request: 0 }, { note: 'x', reason: 'spam', action: 'archive' } as never);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).toBe('{"trackingId":"A","version":2,"action":"archive","reason":"spam","note":"x"}');
    const e1 = bulkItem({ trackingId: 'A', version: 1, request: 0 }, { action: 'edit', changes: { confidential: true, title: 'T' } });
    expect(JSON.stringify(e1)).toBe('{"trackingId":"A","version":1,"action":"edit","changes":{"title":"T","confidential":true}}');
  });

  it('places every field of the action schema in the wire order (a new field fails here, not silently on the wire)', () => {
    const fields = new Set<string>();
    const changes = new Set<string>();
    for (const option of ActionRequestSchema.options) {
      for (const [key, schema] of Object.entries(option.shape)) {
        fields.add(key);
        if (key === 'changes') for (const c of Object.keys((schema as { shape: object }).shape)) changes.add(c);
      }
    }
    expect([...fields].sort()).toEqual([...FIELD_ORDER].sort());
    expect([...changes].sort()).toEqual([...CHANGE_ORDER].sort());
  });

  it('refuses a request field that has no place in the wire order instead of dropping it', () => {
    const request = { action: 'close', note: 'x', urgency: 'high' } as never;
    expect(() => bulkItem({ trackingId: 'A', version: 1, request: 0 }, request)).toThrow(CliError);
    const edit = { action: 'edit', changes: { title: 'T', colour: 'red' } } as never;
    expect(() => bulkItem({ trackingId: 'A', version: 1, request: 0 }, edit)).toThrow(/changes\.colour/);
  });

  it('rebuilds byte-identical chunk bodies from the journal read back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lapor-engine-'));
    const draft: JournalHeader = {
      type: 'run', format: 1, runId: 'r1', created: 'now', apiBaseUrl: 'http://x', actor: 'admin', command: 'c', chunkSize: 2,
      requests: [{ action: 'respond', message: '  Sedang ditangani  ' }, { action: 'edit', changes: { anonymous: false, categoryId: 'kesehatan' }, note: 'n' }],
      items: [{ trackingId: 'A', version: 1, request: 0 }, { trackingId: 'B', version: 2, request: 1 }, { trackingId: 'C', version: 3, request: 0 }],
      unresolved: [],
    };
    const { writer, header } = await createJournal(dir, draft);
    await writer.close();
    const read = await readJournal(writer.path);
    for (const chunk of chunksOf(3, 2)) {
      expect(JSON.stringify(chunkBody(read.header, chunk))).toBe(JSON.stringify(chunkBody(header, chunk)));
    }
    // the message is sent as written, never trimmed
    expect(chunkBody(header, chunksOf(3, 2)[0])[0]).toMatchObject({ message: '  Sedang ditangani  ' });
  });

  it('waits as the server asks, else backs off doubling to 15 s', () => {
    expect(retryDelay(new NetworkError('ECONNREFUSED', { method: 'POST', path: '/v1/bulk' }), 1)).toBe(500);
    expect(retryDelay(new NetworkError('ECONNREFUSED', { method: 'POST', path: '/v1/bulk' }), 3)).toBe(2000);
    expect(retryDelay(new NetworkError('ECONNREFUSED', { method: 'POST', path: '/v1/bulk' }), 20)).toBe(15_000);
  });
});

const ids = (n: number) => Array.from({ length: n }, (_, i) => `LAP-${String(i).padStart(4, '0')}`);

async function journalFor(fake: FakeApi, n: number, chunkSize: number) {
  const dir = mkdtempSync(join(tmpdir(), 'lapor-engine-'));
  const { writer, header } = await createJournal(dir, {
    type: 'run', format: 1, runId: `run-${n}-${chunkSize}`, created: 'now', apiBaseUrl: fake.baseUrl, actor: 'admin', command: 'test',
    chunkSize, requests: [{ action: 'close' }],
    items: ids(n).map((trackingId) => ({ trackingId, version: 3, request: 0 })),
    unresolved: [],
  });
  const read: JournalRead = { header, outcomes: new Map(), lines: 0, validBytes: 0, tornBytes: 0 };
  return { writer, read, path: writer.path };
}

function closeEventsPerCase(fake: FakeApi): Map<string, number> {
  const m = new Map<string, number>();
  for (const [id, action] of applied(fake)) if (action === 'close') m.set(id, (m.get(id) ?? 0) + 1);
  return m;
}

describe('executeRun', () => {
  it('sends every chunk once, at most `concurrency` at a time, and journals every outcome', async () => {
    const fake = fakeApi(ids(23).map((id) => makeCase(id)));
    let inFlight = 0;
    let most = 0;
    fake.onBulk = async () => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      // held for one turn of the event loop, not for a time: the workers start together, so the first two
      // chunks always overlap, and the engine alone decides whether a third may join them
      await new Promise((r) => setImmediate(r));
      inFlight -= 1;
    };
    const { writer, read, path } = await journalFor(fake, 23, 5);
    const deps = createBulkDeps(fake);
    const result = await executeRun(fake, read, writer, deps, { concurrency: 2, retryTimeoutMs: 60_000, label: 'close' });
    await writer.close();
    expect(result).toEqual({ stopped: false, sentChunks: 5, replayedChunks: 0 });
    expect(most).toBe(2);
    expect(fake.bulkCalls.map((c) => c.key).sort()).toEqual([0, 1, 2, 3, 4].map((no) => chunkKey(read.header.runId, no)).sort());
    const back = await readJournal(path);
    expect(back.outcomes.size).toBe(23);
    expect(pendingChunks(back)).toEqual([]);
    expect([...closeEventsPerCase(fake).values()].every((n) => n === 1)).toBe(true);
    expect(closeEventsPerCase(fake).size).toBe(23);
  });

  it('resends a chunk whose answer was lost with the same key and body: answered from the store, applied once', async () => {
    const fake = fakeApi(ids(10).map((id) => makeCase(id)));
    fake.fault = (n) => (n === 0 || n === 3 ? 'after' : null); // committed, then the connection dropped
    const { writer, read } = await journalFor(fake, 10, 3);
    const result = await executeRun(fake, read, writer, createBulkDeps(fake), { concurrency: 1, retryTimeoutMs: 60_000, label: 'close' });
    await writer.close();
    expect(result.replayedChunks).toBe(2);
    expect(fake.bulkCalls.filter((c) => c.replayed)).toHaveLength(2);
    expect([...read.outcomes.values()].every((o) => o.outcome === 'applied')).toBe(true);
    expect(closeEventsPerCase(fake).size).toBe(10);
    expect([...closeEventsPerCase(fake).values()].every((n) => n === 1)).toBe(true);
  });

  it('waits while the server says the key is in flight (409), then goes on', async () => {
    const fake = fakeApi(ids(4).map((id) => makeCase(id)));
    fake.fault = (n) => (n < 3 ? 'in-flight' : null);
    const { writer, read } = await journalFor(fake, 4, 4);
    const deps = createBulkDeps(fake);
    const before = deps.now().getTime();
    await executeRun(fake, read, writer, deps, { concurrency: 1, retryTimeoutMs: 60_000, label: 'close' });
    await writer.close();
    expect(fake.bulkCalls.map((c) => c.fault)).toEqual(['in-flight', 'in-flight', 'in-flight', null]);
    expect(deps.now().getTime() - before).toBe(3000); // Retry-After: 1 s, three times
    expect(read.outcomes.size).toBe(4);
  });

  it('gives up after the retry deadline; a resume from the journal finishes without repeating anything', async () => {
    const fake = fakeApi(ids(12).map((id) => makeCase(id)));
    // chunk 2 is committed but its answer lost, then the server is gone for a long time
    fake.fault = (n, key) => (key.endsWith(':2') ? (n < 4 ? 'after' : 'before') : null);
    const { writer, read, path } = await journalFor(fake, 12, 4);
    const deps = createBulkDeps(fake);
    await expect(executeRun(fake, read, writer, deps, { concurrency: 1, retryTimeoutMs: 20_000, label: 'close' })).rejects.toBeInstanceOf(
      NetworkError,
    );
    await writer.close();
    const mid = await readJournal(path);
    expect(mid.outcomes.size).toBe(8);
    expect(pendingChunks(mid).map((c) => c.no)).toEqual([2]);

    fake.fault = () => null; // the server is back
    const again = await reopenJournal(path, mid);
    await executeRun(fake, mid, again, deps, { concurrency: 2, retryTimeoutMs: 20_000, label: 'close' });
    await again.close();
    const done = await readJournal(path);
    expect(done.outcomes.size).toBe(12);
    expect([...done.outcomes.values()].filter((o) => o.replayed).map((o) => o.trackingId)).toEqual(ids(12).slice(8));
    expect([...done.outcomes.values()].every((o) => o.outcome === 'applied')).toBe(true);
    expect([...closeEventsPerCase(fake).values()].every((n) => n === 1)).toBe(true);
    expect(closeEventsPerCase(fake).size).toBe(12);
  });

  it('reports a server that stays busy (409 past the deadline) as busy, exit 75', async () => {
    const fake = fakeApi(ids(2).map((id) => makeCase(id)));
    fake.fault = () => 'in-flight';
    const { writer, read } = await journalFor(fake, 2, 2);
    await expect(executeRun(fake, read, writer, createBulkDeps(fake), { concurrency: 1, retryTimeoutMs: 5_000, label: 'close' })).rejects.toBeInstanceOf(
      BusyError,
    );
    await writer.close();
  });

  it('stops taking chunks on Ctrl-C; the journal keeps what was answered; a resume sends the rest once', async () => {
    const fake = fakeApi(ids(20).map((id) => makeCase(id)));
    const { writer, read, path } = await journalFor(fake, 20, 4);
    const deps = createBulkDeps(fake);
    fake.onBulk = async (key) => {
      if (key.endsWith(':1')) deps.abort.abort(); // Ctrl-C while chunk 1 is in flight
    };
    const result = await executeRun(fake, read, writer, deps, { concurrency: 1, retryTimeoutMs: 60_000, label: 'close' });
    await writer.close();
    expect(result.stopped).toBe(true);
    const mid = await readJournal(path);
    expect(mid.outcomes.size).toBe(8); // chunks 0 and the in-flight 1
    expect(fake.bulkCalls).toHaveLength(2);

    fake.onBulk = async () => {};
    const deps2 = createBulkDeps(fake);
    const again = await reopenJournal(path, mid);
    const second = await executeRun(fake, mid, again, deps2, { concurrency: 2, retryTimeoutMs: 60_000, label: 'close' });
    await again.close();
    expect(second).toEqual({ stopped: false, sentChunks: 3, replayedChunks: 0 });
    expect(closeEventsPerCase(fake).size).toBe(20);
    expect([...closeEventsPerCase(fake).values()].every((n) => n === 1)).toBe(true);
  });

  it('survives a crash after any number of journal writes: resumes until done, each case closed once', async () => {
    for (let killAfter = 0; killAfter <= 5; killAfter += 1) {
      const fake = fakeApi(ids(17).map((id) => makeCase(id)));
      const { writer, read, path } = await journalFor(fake, 17, 3);
      const deps = createBulkDeps(fake);
      // the process "dies" right after the server answered the (killAfter+1)-th chunk, before journaling it
      let answered = 0;
      const original = fake.bulk.bind(fake);
      fake.bulk = async (items, key) => {
        const r = await original(items, key);
        answered += 1;
        if (answered > killAfter) {
          deps.abort.abort();
          throw new (await import('../../src/api/errors.js')).CancelledError({ method: 'POST', path: '/v1/bulk' });
        }
        return r;
      };
      await executeRun(fake, read, writer, deps, { concurrency: 1, retryTimeoutMs: 60_000, label: 'close' });
      await writer.close();
      fake.bulk = original;
      let mid = await readJournal(path);
      expect(mid.outcomes.size).toBe(Math.min(17, killAfter * 3));
      while (pendingChunks(mid).length > 0) {
        const w = await reopenJournal(path, mid);
        await executeRun(fake, mid, w, createBulkDeps(fake), { concurrency: 2, retryTimeoutMs: 60_000, label: 'close' });
        await w.close();
        mid = await readJournal(path);
      }
      expect(mid.outcomes.size).toBe(17);
      expect([...mid.outcomes.values()].every((o) => o.outcome === 'applied')).toBe(true);
      expect(closeEventsPerCase(fake).size).toBe(17);
      expect([...closeEventsPerCase(fake).values()].every((n) => n === 1)).toBe(true);
    }
  });
});
