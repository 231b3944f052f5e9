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
import { CASE_COLUMNS, caseRecord, EVENT_COLUMNS, eventRecord, REPORTER_COLUMNS, reporterRecord } from './csv.js';
import { readAllFixtures } from './fixtures.js';
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

/** Strings of many whole CSV records, so COPY gets large writes instead of one tiny write per row. */
class RecordBuffer {
  readonly chunks: string[] = [];
  private current = '';

  constructor(private readonly chunkChars = 256 * 1024) {}

  add(record: string): void {
    this.current += record;
    if (this.current.length >= this.chunkChars) {
      this.chunks.push(this.current);
      this.current = '';
    }
  }

  finish(): readonly string[] {
    if (this.current !== '') this.chunks.push(this.current);
    this.current = '';
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

function encode(items: readonly GeneratedCase[]): Batch {
  const cases = new RecordBuffer();
  const reporters = new RecordBuffer();
  const events = new RecordBuffer();
  let eventCount = 0;
  for (const g of items) {
    cases.add(caseRecord(g.case, g.lastEventHash));
    reporters.add(reporterRecord(g.case.trackingId, g.reporter));
    for (const e of g.events) events.add(eventRecord(e));
    eventCount += g.events.length;
  }
  return { cases: cases.finish(), reporters: reporters.finish(), events: events.finish(), count: items.length, eventCount };
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

  while (!finished && failure === null) {
    const items: GeneratedCase[] = [];
    while (items.length < batchSize) {
      const next = cases.next();
      if (next.done) {
        finished = true;
        break;
      }
      items.push(next.value);
      // let the COPY streams of earlier batches move while this one is generated
      if (items.length % 1000 === 0) await yieldToEventLoop();
    }
    if (items.length === 0) break;
    const batch = encode(items);
    items.length = 0;

    const casesCopied = watch(casesChain.then(() => db.copyFrom('cases', CASE_COLUMNS, records(batch.cases))));
    casesChain = casesCopied;
    const restCopied = watch(
      Promise.all([casesCopied, restChain])
        .then(() =>
          Promise.all([
            db.copyFrom('reporters', REPORTER_COLUMNS, records(batch.reporters)),
            db.copyFrom('case_events', EVENT_COLUMNS, records(batch.events)),
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
  return { cases: loadedCases, events: loadedEvents, ms: Math.round(performance.now() - started) };
}
