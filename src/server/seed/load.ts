// Seeds the database with generated cases: reference data first (idempotent), then the generator's output
// streamed into COPY for cases, reporters and case_events.
//
// COPY writes one table per statement, and events and reporters need their cases first (foreign keys), so the
// cases go in batches: batch k's cases are copied, then its reporters and events, while the next batch is
// generated and its cases copied on another connection. At most four batches are held in memory. The load is
// not one transaction: if it fails, the batches copied so far stay.

import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { WorkingCalendar } from '../../domain/clocks.js';
import { DEFAULT_CLOCKS } from '../../domain/types.js';
import type { ClockSettings } from '../../domain/types.js';
import type { Db } from '../db/driver.js';
import { CASE_COLUMNS, caseRecord, EVENT_COLUMNS, eventRecord, REPORTER_COLUMNS, reporterRecord } from '../caseTables.js';
import { readAllFixtures, readTemplates } from './fixtures.js';
import { seedTemplates } from '../templates.js';
import { generateCases } from './generate.js';
import type { GeneratedCase } from './generate.js';
import { loadReferenceData } from './reference.js';

export interface SeedOptions {
  count: number;
  years: [number, number];
  seed: number;
  /** Generation horizon (default: the current time); nothing happens after it. */
  now?: string;
  settings?: ClockSettings;
  /** Cases per COPY batch (default 5,000). */
  batchSize?: number;
  /** Called after each batch is in the database, with the number of cases loaded so far. */
  onProgress?(loaded: number): void;
}

export interface SeedResult {
  cases: number;
  events: number;
  ms: number;
}

/**
 * Strings of many whole CSV records, so COPY gets large writes instead of one tiny write per row. Records are
 * joined per chunk (a flat string) rather than appended one by one (a deep rope that is costly to flatten).
 */
class RecordBuffer {
  readonly chunks: string[] = [];
  private parts: string[] = [];
  private chars = 0;

  constructor(private readonly chunkChars = 256 * 1024) {}

  add(record: string): void {
    this.parts.push(record);
    this.chars += record.length;
    if (this.chars >= this.chunkChars) this.flush();
  }

  private flush(): void {
    if (this.parts.length === 0) return;
    this.chunks.push(this.parts.join(''));
    this.parts = [];
    this.chars = 0;
  }

  finish(): readonly string[] {
    this.flush();
    return this.chunks;
  }
}

interface Batch {
  cases: readonly string[];
  reporters: readonly string[];
  events: readonly string[];
  count: number;
  eventCount: number;
}

async function* records(chunks: readonly string[]): AsyncGenerator<string> {
  for (const chunk of chunks) yield chunk;
}

/** Encodes cases as they are generated, so only CSV text (never case objects) waits for COPY. */
class BatchEncoder {
  private cases = new RecordBuffer();
  private reporters = new RecordBuffer();
  private events = new RecordBuffer();
  private count = 0;
  private eventCount = 0;

  get size(): number {
    return this.count;
  }

  add(g: GeneratedCase): void {
    this.cases.add(caseRecord(g.case, g.lastEventHash));
    this.reporters.add(reporterRecord(g.case.trackingId, g.reporter));
    for (const e of g.events) this.events.add(eventRecord(e));
    this.count += 1;
    this.eventCount += g.events.length;
  }

  take(): Batch {
    const batch: Batch = {
      cases: this.cases.finish(),
      reporters: this.reporters.finish(),
      events: this.events.finish(),
      count: this.count,
      eventCount: this.eventCount,
    };
    this.cases = new RecordBuffer();
    this.reporters = new RecordBuffer();
    this.events = new RecordBuffer();
    this.count = 0;
    this.eventCount = 0;
    return batch;
  }
}

export async function seedCases(db: Db, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const fixtures = readAllFixtures();
  await loadReferenceData(db, {
    institutions: fixtures.institutions,
    categories: fixtures.categories,
    channels: fixtures.channels,
    calendarDays: fixtures.calendar,
  });
  await seedTemplates(db, readTemplates());
  const settings = options.settings ?? DEFAULT_CLOCKS;
  const calendar = new WorkingCalendar(
    fixtures.calendar.map((d) => d.date),
    settings.utcOffsetMinutes,
  );
  const now = options.now ?? new Date().toISOString();
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 5_000));
  const maxInFlight = 4;
  const cases = generateCases({
    count: options.count,
    years: options.years,
    seed: options.seed,
    institutions: fixtures.institutions,
    categories: fixtures.categories,
    channels: fixtures.channels,
    texts: fixtures.texts,
    regions: fixtures.regions,
    calendar,
    settings,
    now,
  })[Symbol.iterator]();

  let failure: { error: unknown } | null = null;
  const watch = <T>(p: Promise<T>): Promise<T> => {
    p.catch((error: unknown) => {
      failure ??= { error };
    });
    return p;
  };

  let casesChain: Promise<unknown> = Promise.resolve();
  let restChain: Promise<unknown> = Promise.resolve();
  const inFlight: Promise<unknown>[] = [];
  let loadedCases = 0;
  let loadedEvents = 0;
  let finished = false;
  const encoder = new BatchEncoder();

  while (!finished && failure === null) {
    while (encoder.size < batchSize) {
      const next = cases.next();
      if (next.done) {
        finished = true;
        break;
      }
      encoder.add(next.value);
      // let the COPY streams of earlier batches move while this one is generated
      if (encoder.size % 500 === 0) await yieldToEventLoop();
    }
    if (encoder.size === 0) break;
    const batch = encoder.take();

    const casesCopied = watch(casesChain.then(() => db.copyFrom('cases', CASE_COLUMNS, records(batch.cases), { trusted: true })));
    casesChain = casesCopied;
    const restCopied = watch(
      Promise.all([casesCopied, restChain])
        .then(() =>
          Promise.all([
            db.copyFrom('reporters', REPORTER_COLUMNS, records(batch.reporters), { trusted: true }),
            db.copyFrom('case_events', EVENT_COLUMNS, records(batch.events), { trusted: true }),
          ]),
        )
        .then(() => {
          loadedCases += batch.count;
          loadedEvents += batch.eventCount;
          options.onProgress?.(loadedCases);
        }),
    );
    restChain = restCopied;
    inFlight.push(restCopied);
    if (inFlight.length >= maxInFlight) await inFlight.shift()?.catch(() => undefined);
  }
  await Promise.allSettled([...inFlight, casesChain, restChain]);
  if (failure !== null) throw (failure as { error: unknown }).error;
  // fresh planner statistics: without them the first queue listings scan and sort the whole table until
  // autovacuum gets round to the new rows
  await db.exec('ANALYZE cases; ANALYZE case_events; ANALYZE reporters');
  return { cases: loadedCases, events: loadedEvents, ms: Math.round(performance.now() - started) };
}
