// The one door from the client side into the server package: the commands that run the server on this
// machine (`serve`, `seed`, `demo`) and the CLI's embedded mode reach it only through these functions, never
// the Store, the database or SQL. Loading this module is cheap; the server itself (Fastify, the database
// driver) is loaded by the function that needs it, when it runs. The data dir's lock is the caller's
// (src/io/dataDir.ts): the server is only handed a data dir it may open.

import { DEFAULT_CLOCKS } from '../domain/types.js';
import type { EmbeddedOptions, EmbeddedServer } from './embedded.js';
import type { AdminTokenWritten } from './adminToken.js';
import type { ServerOptions } from './main.js';
import type { SeedResult } from './seed/load.js';

export type { AdminTokenWritten, EmbeddedOptions, EmbeddedServer, SeedResult };

/** The reference API over this data dir in a worker thread of the calling process (the CLI's embedded mode). */
export async function startEmbeddedServer(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const { startEmbeddedServer: start } = await import('./embedded.js');
  return start(options);
}

export type StartServerOptions = Pick<
  ServerOptions,
  'version' | 'databaseUrl' | 'readDatabaseUrl' | 'dataDir' | 'host' | 'port' | 'adminTokenFile' | 'rateLimit' | 'logError' | 'trustProxy'
>;

export interface StartedServer {
  url: string;
  /** The database behind it. */
  dbKind: 'pglite' | 'postgres';
  /** Why this start wrote the admin token file (adminTokenFile), or null when it did not. */
  adminToken: AdminTokenWritten | null;
  /** Finishes in-flight requests, then closes the database. */
  close(): Promise<void>;
  /** Requests begun since the start, and those not finished yet (the background server's idle watch). */
  activity(): { started: number; inFlight: number };
}

/** The reference API listening in this process (`lapor serve`, the embedded default's background server). */
export async function startServer(options: StartServerOptions): Promise<StartedServer> {
  const { startServer: start } = await import('./main.js');
  const server = await start(options);
  let started = 0;
  let inFlight = 0;
  server.app.server.on('request', (_req, res) => {
    started += 1;
    inFlight += 1;
    res.once('close', () => (inFlight -= 1));
  });
  return {
    url: server.url,
    dbKind: server.db.kind,
    adminToken: server.adminToken,
    close: () => server.close(),
    activity: () => ({ started, inFlight }),
  };
}

export interface SeedDatabaseOptions {
  databaseUrl?: string;
  dataDir: string;
  count: number;
  years: [number, number];
  seed: number;
  now(): Date;
  /** After each batch, with the number of cases loaded so far. */
  onProgress(loaded: number): void;
  /** Once the cases and events are in, before the statistics are built. */
  onSeeded(result: SeedResult): void;
}

/**
 * Loads generated cases (`lapor seed`), then builds the statistics rollups, as the first report would: a bulk
 * load ends with its derived tables built. Resolves with the time the rollups took.
 */
export async function seedDatabase(options: SeedDatabaseOptions): Promise<{ statsMs: number }> {
  const [{ openDatabase }, { seedCases }, { Store }, { refreshStats }] = await Promise.all([
    import('./main.js'),
    import('./seed/load.js'),
    import('./store.js'),
    import('./stats.js'),
  ]);
  const db = await openDatabase({ databaseUrl: options.databaseUrl, dataDir: options.dataDir });
  try {
    const result = await seedCases(db, {
      count: options.count,
      years: options.years,
      seed: options.seed,
      now: options.now().toISOString(),
      onProgress: options.onProgress,
    });
    options.onSeeded(result);
    const started = Date.now();
    const store = new Store(db, { settings: DEFAULT_CLOCKS, now: options.now });
    await store.reload();
    await refreshStats(store);
    return { statsMs: Date.now() - started };
  } finally {
    await db.close();
  }
}

/** How many cases the database in this PGlite data dir holds (the caller holds the data dir's lock). */
export async function countCases(dataDir: string): Promise<number> {
  const { openDatabase } = await import('./main.js');
  const db = await openDatabase({ dataDir });
  try {
    const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases');
    return n;
  } finally {
    await db.close();
  }
}
