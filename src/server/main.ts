// Starting and stopping the reference API: open the database, migrate, load the reference data on first
// run, create the first admin token, listen. Used by `lapor serve`, by the CLI's embedded mode and by tests.

import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ClockSettings } from '../domain/types.js';
import { createApp } from './app.js';
import { openDb, type Db } from './db/driver.js';
import { migrate } from './db/migrations.js';
import { loadReferenceData } from './seed/reference.js';
import type { Store } from './store.js';

export interface ServerOptions {
  /** postgres://… ; without it the PGlite data dir below is used. */
  databaseUrl?: string;
  /** PGlite data dir (also where the first admin token is written); 'memory://' for an in-memory database. */
  dataDir?: string;
  host?: string;
  port?: number;
  version: string;
  settings?: ClockSettings;
  now?: () => Date;
  rateLimit?: { max: number; windowMs: number };
  bodyLimit?: number;
  /** Where to write the first admin token when the database has none (mode 0600). */
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
  /** The first-run admin token, when this start created it. */
  createdAdminToken: string | null;
  close(): Promise<void>;
}

export async function openDatabase(options: Pick<ServerOptions, 'databaseUrl' | 'dataDir'>): Promise<Db> {
  if (options.dataDir && options.dataDir !== 'memory://' && !options.databaseUrl) {
    await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  }
  const inMemory = !options.dataDir || options.dataDir === 'memory://';
  const db = await openDb({ databaseUrl: options.databaseUrl, dataDir: inMemory ? 'memory://' : join(options.dataDir!, 'pgdata') });
  await migrate(db);
  const [{ n }] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM institutions');
  if (n === 0) await loadReferenceData(db);
  return db;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const db = await openDatabase(options);
  try {
    const { app, store } = await createApp({
      db,
      version: options.version,
      settings: options.settings,
      now: options.now,
      rateLimit: options.rateLimit,
      bodyLimit: options.bodyLimit,
      logError: options.logError,
      importSegmentRows: options.importSegmentRows,
      trustProxy: options.trustProxy,
    });
    let createdAdminToken: string | null = null;
    if (options.adminTokenFile && (await store.countTokens()) === 0) {
      createdAdminToken = await store.createToken('admin', 'national_admin', null);
      await writeFile(options.adminTokenFile, `${createdAdminToken}\n`, { mode: 0o600, flag: 'w' });
    }
    await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : '127.0.0.1';
    return {
      url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
      app,
      db,
      store,
      createdAdminToken,
      async close() {
        await app.close(); // finishes in-flight requests
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
