// Starting and stopping the reference API: open the database, migrate, load the reference data on first
// run, create the first admin token, listen. Used by `lapor serve`, by the CLI's embedded mode and by tests.

import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ClockSettings } from '../domain/types.js';
import { ensureAdminToken, type AdminTokenWritten } from './adminToken.js';
import { createApp } from './app.js';
import { openDb, type Db } from './db/driver.js';
import { migrate } from './db/migrations.js';
import { loadReferenceData } from './seed/reference.js';
import type { Store } from './store.js';

export interface ServerOptions {
  /** postgres://… ; without it the PGlite data dir below is used. */
  databaseUrl?: string;
  /** postgres://… of a streaming standby for read-only work (app.ts READ_STANDBY_ROUTES); needs databaseUrl. */
  readDatabaseUrl?: string;
  /** PGlite data dir (also where the first admin token is written); 'memory://' for an in-memory database. */
  dataDir?: string;
  host?: string;
  port?: number;
  version: string;
  settings?: ClockSettings;
  now?: () => Date;
  rateLimit?: { max: number; windowMs: number };
  bodyLimit?: number;
  /** Where the admin token is kept (mode 0600): written on the first start, healed on later ones (adminToken.ts). */
  adminTokenFile?: string;
  logError?: (requestId: string, error: unknown) => void;
  importSegmentRows?: number;
  /** Proxies whose X-Forwarded-For names the client (addresses/CIDRs, or a hop count); see AppOptions. */
  trustProxy?: readonly string[] | number;
}

export interface RunningServer {
  url: string;
  app: FastifyInstance;
  db: Db;
  store: Store;
  /** Why this start wrote the admin token file (adminTokenFile), or null when it did not. */
  adminToken: AdminTokenWritten | null;
  close(): Promise<void>;
}

/**
 * A new PGlite data dir is made whole or not at all: initdb runs in `pgdata.init`, which is renamed into
 * place once PGlite has written it, so a first start killed during initdb leaves nothing the next start
 * would take for a database. (A `pgdata` without PG_VERSION is no database; it is moved aside, not deleted.)
 */
async function createPgdataOnce(pgdata: string): Promise<void> {
  if (await exists(join(pgdata, 'PG_VERSION'))) return;
  const fresh = `${pgdata}.init`;
  await rm(fresh, { recursive: true, force: true });
  await (await openDb({ dataDir: fresh })).close();
  if (await exists(pgdata)) await rename(pgdata, `${pgdata}.incomplete-${Date.now()}`);
  await rename(fresh, pgdata);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

export async function openDatabase(options: Pick<ServerOptions, 'databaseUrl' | 'dataDir'>): Promise<Db> {
  if (options.dataDir && options.dataDir !== 'memory://' && !options.databaseUrl) {
    await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  }
  const inMemory = !options.dataDir || options.dataDir === 'memory://';
  const pgdata = inMemory ? 'memory://' : join(options.dataDir!, 'pgdata');
  if (!inMemory && !options.databaseUrl) await createPgdataOnce(pgdata);
  const db = await openDb({ databaseUrl: options.databaseUrl, dataDir: pgdata });
  await migrate(db);
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM institutions');
  if (n === 0) await loadReferenceData(db);
  return db;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const db = await openDatabase(options);
  // the standby is never migrated nor written: it replays the primary's (migrated) database
  const readDb = options.readDatabaseUrl ? await openDb({ databaseUrl: options.readDatabaseUrl }).catch(async (err: unknown) => {
    await db.close();
    throw err;
  }) : undefined;
  try {
    const { app, store } = await createApp({
      db,
      readDb,
      version: options.version,
      settings: options.settings,
      now: options.now,
      rateLimit: options.rateLimit,
      bodyLimit: options.bodyLimit,
      logError: options.logError,
      importSegmentRows: options.importSegmentRows,
      trustProxy: options.trustProxy,
    });
    const adminToken = options.adminTokenFile
      ? await ensureAdminToken(db, options.adminTokenFile, { exclusive: !options.databaseUrl && options.dataDir !== 'memory://' })
      : null;
    await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      app,
      db,
      store,
      adminToken,
      async close() {
        await app.close(); // finishes in-flight requests
        await db.close();
        await readDb?.close();
      },
    };
  } catch (err) {
    await db.close();
    await readDb?.close();
    throw err;
  }
}
