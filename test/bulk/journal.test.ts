// The journal: written and read back, a torn last line tolerated (and cut off before appending), the
// group-commit fsync never acknowledging an outcome before it is written and synced, file modes.

import { appendFileSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createJournal,
  JournalError,
  JournalWriter,
  journalPath,
  newRunId,
  parseJournal,
  readJournal,
  reopenJournal,
  type JournalFile,
  type JournalHeader,
  type JournalOutcome,
} from '../../src/bulk/journal.js';

function header(runId = 'run-1', items = 5): JournalHeader {
  return {
    type: 'run',
    format: 1,
    runId,
    created: '2026-11-23T02:00:00.000Z',
    apiBaseUrl: 'http://api.test',
    actor: 'admin',
    command: 'cases close --where status=in_progress',
    chunkSize: 2,
    requests: [{ action: 'close' }, { action: 'archive', reason: 'spam', note: 'iklan' }],
    items: Array.from({ length: items }, (_, i) => ({ trackingId: `LAP-${i}`, version: 3, request: i === 4 ? 1 : 0 })),
    unresolved: [{ trackingId: 'LAP-X', request: 0, detail: 'case LAP-X not found' }],
  };
}

function outcome(index: number, chunk = Math.floor(index / 2)): JournalOutcome {
  return { type: 'outcome', index, trackingId: `LAP-${index}`, outcome: 'applied', status: 200, version: 4, problem: null, chunk, replayed: false };
}

const stateDir = () => mkdtempSync(join(tmpdir(), 'lapor-journal-'));

describe('journal files', () => {
  it('writes the run line and outcome lines, and reads them back', async () => {
    const dir = stateDir();
    const { writer, header: written } = await createJournal(dir, header());
    expect(writer.path).toBe(journalPath(dir, 'run-1'));
    await writer.record([outcome(0), outcome(1)]);
    await writer.record([outcome(4, 2)]);
    await writer.close();
    const read = await readJournal(writer.path);
    expect(read.header).toEqual(written);
    expect(read.header.requests[1]).toEqual({ action: 'archive', reason: 'spam', note: 'iklan' });
    expect([...read.outcomes.keys()].sort()).toEqual([0, 1, 4]);
    expect(read.outcomes.get(4)).toEqual(outcome(4, 2));
    expect(read.tornBytes).toBe(0);
    expect(read.lines).toBe(3);
  });

  it('creates the directory 0700 and the file 0600, and never overwrites a journal', async () => {
    const dir = stateDir();
    const { writer } = await createJournal(dir, header());
    await writer.close();
    expect(statSync(join(dir, 'journals')).mode & 0o777).toBe(0o700);
    expect(statSync(writer.path).mode & 0o777).toBe(0o600);
    await expect(createJournal(dir, header())).rejects.toThrow(/EEXIST/);
  });

  it('ignores a torn last line, and cuts it off before a resume appends', async () => {
    const dir = stateDir();
    const { writer } = await createJournal(dir, header());
    await writer.record([outcome(0), outcome(1)]);
    await writer.close();
    const torn = JSON.stringify(outcome(2)).slice(0, 37);
    appendFileSync(writer.path, torn); // killed mid-write
    const read = await readJournal(writer.path);
    expect([...read.outcomes.keys()]).toEqual([0, 1]);
    expect(read.tornBytes).toBe(Buffer.byteLength(torn));

    const again = await reopenJournal(writer.path, read);
    await again.record([outcome(2), outcome(3)]);
    await again.close();
    const after = await readJournal(writer.path);
    expect([...after.outcomes.keys()].sort()).toEqual([0, 1, 2, 3]);
    expect(after.tornBytes).toBe(0);
    expect(readFileSync(writer.path, 'utf8')).not.toContain(torn + '\n');
  });

  it('treats a complete JSON line without its newline as torn too', () => {
    const text = `${JSON.stringify(header())}\n${JSON.stringify(outcome(0))}\n${JSON.stringify(outcome(1))}`;
    const read = parseJournal(text);
    expect([...read.outcomes.keys()]).toEqual([0]);
    expect(read.tornBytes).toBeGreaterThan(0);
  });

  it('refuses a journal damaged before its last line, or with no complete run line', () => {
    const good = `${JSON.stringify(header())}\n`;
    expect(() => parseJournal(`${good}{"type":"outc\n${JSON.stringify(outcome(0))}\n`, 'j')).toThrow(JournalError);
    expect(() => parseJournal(`${good}{"type":"outc\n`, 'j')).toThrow(/line 2/);
    expect(() => parseJournal(good.slice(0, 40), 'j')).toThrow(JournalError);
    expect(() => parseJournal(`${good}${JSON.stringify(outcome(99))}\n`, 'j')).toThrow(/not in the plan/);
  });

  it('keeps the first outcome of an item answered twice (a resent chunk)', () => {
    const replay = { ...outcome(0), outcome: 'skipped' as const, replayed: true };
    const read = parseJournal(`${JSON.stringify(header())}\n${JSON.stringify(outcome(0))}\n${JSON.stringify(replay)}\n`);
    expect(read.outcomes.get(0)?.outcome).toBe('applied');
    expect(read.lines).toBe(2);
  });

  it('names runs by creation time and a random part', () => {
    expect(newRunId(new Date('2024-03-04T02:00:00.123Z'), () => 'abc123')).toBe('20240304T020000Z-abc123');
    expect(newRunId(new Date('2024-03-04T02:00:00Z'))).toMatch(/^20240304T020000Z-[0-9a-f]{6}$/);
  });
});

/** A JournalFile that logs every operation, whose syncs wait for a signal and may fail; `syncing()` resolves
 *  once a sync has started (the hook the tests wait on, instead of a sleep). */
function recordingFile() {
  const ops: string[] = [];
  let syncStarted = () => {};
  const syncing = new Promise<void>((r) => (syncStarted = r));
  let written = '';
  let durable = '';
  let syncGate: Promise<void> = Promise.resolve();
  let failNextSync = false;
  const file: JournalFile = {
    async append(text) {
      ops.push(`append ${text.split('\n').length - 1}`);
      written += text;
    },
    async sync() {
      syncStarted();
      await syncGate;
      if (failNextSync) {
        failNextSync = false;
        throw new Error('EIO: sync failed');
      }
      ops.push('sync');
      durable = written;
    },
    async close() {
      ops.push('close');
    },
  };
  return {
    file,
    ops,
    durable: () => durable,
    syncing: () => syncing,
    hold() {
      let release = () => {};
      syncGate = new Promise((r) => (release = r));
      return () => release();
    },
    failNextSync() {
      failNextSync = true;
    },
  };
}

describe('fsync in batches', () => {
  it('acknowledges an outcome only once it is written and synced', async () => {
    const f = recordingFile();
    const writer = new JournalWriter('mem', f.file);
    const release = f.hold();
    let acknowledged = false;
    const p = writer.record([outcome(0), outcome(1)]).then(() => {
      acknowledged = true;
      // at the moment of acknowledgement, both lines are durable
      expect(f.durable()).toContain('"index":0');
      expect(f.durable()).toContain('"index":1');
    });
    await f.syncing();
    expect(acknowledged).toBe(false); // written, but the sync has not returned
    release();
    await p;
    expect(acknowledged).toBe(true);
  });

  it('shares one write and one sync among outcomes recorded meanwhile', async () => {
    const f = recordingFile();
    const writer = new JournalWriter('mem', f.file);
    const release = f.hold();
    const first = writer.record([outcome(0)]);
    await f.syncing(); // the first batch is syncing now
    const waiting = [writer.record([outcome(1)]), writer.record([outcome(2)]), writer.record([outcome(3)])];
    release();
    await Promise.all([first, ...waiting]);
    expect(f.ops).toEqual(['append 1', 'sync', 'append 3', 'sync']);
    expect(writer.syncs).toBe(2);
    for (const i of [0, 1, 2, 3]) expect(f.durable()).toContain(`"index":${i}`);
  });

  it('does not acknowledge outcomes whose sync failed, nor accept more after it', async () => {
    const f = recordingFile();
    const writer = new JournalWriter('mem', f.file);
    await writer.record([outcome(0)]);
    f.failNextSync();
    await expect(writer.record([outcome(1)])).rejects.toThrow(/EIO/);
    await expect(writer.record([outcome(2)])).rejects.toThrow(/EIO/);
  });

  it('on a real file: every acknowledged outcome is in the file at once, before close', async () => {
    const dir = stateDir();
    const { writer } = await createJournal(dir, header('run-2', 40));
    for (let i = 0; i < 40; i += 4) {
      await writer.record([outcome(i), outcome(i + 1), outcome(i + 2), outcome(i + 3)]);
      const read = await readJournal(writer.path); // another reader, as after a kill
      expect(read.outcomes.size).toBe(i + 4);
    }
    await writer.close();
  });

  it('writes nothing for an empty batch', async () => {
    const f = recordingFile();
    const writer = new JournalWriter('mem', f.file);
    await writer.record([]);
    expect(f.ops).toEqual([]);
  });
});

describe('torn lines written by a real kill', () => {
  it('reads a journal whose writer stopped mid-line, however it was cut', async () => {
    const dir = stateDir();
    const { writer } = await createJournal(dir, header());
    await writer.record([outcome(0)]);
    await writer.close();
    const full = readFileSync(writer.path, 'utf8');
    const line = `${JSON.stringify(outcome(1))}\n`;
    for (let cut = 1; cut < line.length; cut += 7) {
      writeFileSync(writer.path, full + line.slice(0, cut));
      const read = await readJournal(writer.path);
      expect([...read.outcomes.keys()]).toEqual([0]);
    }
  });
});
