// Real servers on port 0 for tests, on PGlite (in memory) and, when a PostgreSQL URL is given
// (LAPOR_TEST_DATABASE_URL or DATABASE_URL, as .ci/run exports), on a fresh PostgreSQL database per server.

import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach } from 'vitest';
import { ContractChecker, takeContractViolations } from './contract.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/main.js';
import type { Role } from '../../src/domain/types.js';

export const POSTGRES_URL = process.env.LAPOR_TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? '';
export type Backend = 'pglite' | 'postgres';
export const BACKENDS: Backend[] = POSTGRES_URL ? ['pglite', 'postgres'] : ['pglite'];

if (!POSTGRES_URL && !process.env.LAPOR_PG_NOTICE_SHOWN) {
  process.env.LAPOR_PG_NOTICE_SHOWN = '1';
  process.stderr.write('notice: no DATABASE_URL set, so the PostgreSQL variants of the server tests are skipped (CI sets one)\n');
}

/** A new empty database on the test PostgreSQL server, dropped by the returned function. */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `lapor_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** Fails with every response of the test servers that /openapi.json does not describe. */
function assertContract(when: string): void {
  const violations = takeContractViolations();
  if (violations.length > 0) {
    throw new Error(`${violations.length} response(s) ${when} do not match /openapi.json:\n  ${[...new Set(violations)].slice(0, 40).join('\n  ')}`);
  }
}

// every test of a file that uses these servers fails on a response the document does not describe
afterEach(() => assertContract('in this test'));

export const TEST_TOKENS: Record<string, { role: Role; institutionId: string | null }> = {
  admin: { role: 'national_admin', institutionId: null },
  system: { role: 'system', institutionId: null },
  stat: { role: 'statistician', institutionId: null },
  'admin.badung': { role: 'institution_admin', institutionId: 'badung' },
  'admin.denpasar': { role: 'institution_admin', institutionId: 'denpasar' },
  'liaison.badung.dinkes': { role: 'liaison', institutionId: 'badung.dinkes' },
};

export interface TestServer {
  url: string;
  server: RunningServer;
  tokens: Record<keyof typeof TEST_TOKENS, string>;
  clock: { now: Date };
  close(): Promise<void>;
}

export async function startTestServer(
  backend: Backend,
  options: Partial<ServerOptions> & { now?: Date } = {},
): Promise<TestServer> {
  const clock = { now: options.now ?? new Date('2024-03-04T02:00:00Z') }; // Monday 10:00 WITA
  let drop = async () => {};
  let databaseUrl: string | undefined;
  if (backend === 'postgres') {
    const fresh = await freshPostgresDatabase();
    databaseUrl = fresh.url;
    drop = fresh.drop;
  }
  const server = await startServer({
    version: 'test',
    dataDir: 'memory://',
    databaseUrl,
    ...options,
    now: () => clock.now,
  });
  const doc = await server.app.inject({ method: 'GET', url: '/openapi.json' });
  new ContractChecker(doc.json()).watch(server.app.server);
  const tokens = {} as Record<string, string>;
  for (const [name, t] of Object.entries(TEST_TOKENS)) tokens[name] = await server.store.createToken(name, t.role, t.institutionId);
  return {
    url: server.url,
    server,
    tokens,
    clock,
    async close() {
      await server.close();
      await drop();
      assertContract('of this server');
    },
  };
}

export interface JsonResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** A small fetch wrapper for server tests: JSON in, JSON (or text) out. */
export async function call<T = Record<string, unknown>>(
  base: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<JsonResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const res = await fetch(base + path, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed as T, text };
}
