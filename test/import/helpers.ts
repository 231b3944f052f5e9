// In-process `lapor import …` runs against a real API on port 0 (PGlite, or PostgreSQL when DATABASE_URL is
// set): the CLI test Deps (fixed clock = the server's clock, in-memory streams, colour off, width 80) with
// the real HTTP client. Not a test file itself.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createApiClient } from '../../src/api/client.js';
import { runCli } from '../../src/cli/main.js';
import { resolveLang } from '../../src/cli/program.js';
import { createScriptedPrompter, type ScriptedAnswer } from '../../src/io/prompter.js';
import { createTestIOStreams, type TestIOStreams } from '../../src/io/testing.js';
import { inProcessDeps } from '../helpers/deps.js';
import type { Case } from '../../src/domain/types.js';
import { call, type TestServer } from '../helpers/server.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CSV_DIR = join(ROOT, 'fixtures', 'csv');
export const MALFORMED_DIR = join(CSV_DIR, 'malformed');

export interface ImportRun {
  code: number;
  out: string;
  err: string;
  home: string;
}

/** Runs `lapor <argv>` in-process against `server` with `token`; `stdin` feeds `-`. */
export async function lapor(
  server: TestServer,
  argv: readonly string[],
  options: { token?: string; stdin?: Buffer | string; cwd?: string; lang?: 'id' | 'en'; tty?: boolean; answers?: ScriptedAnswer[] } = {},
): Promise<ImportRun> {
  const env = { LANG: options.lang === 'id' ? 'id_ID.UTF-8' : 'en_US.UTF-8' };
  const io: TestIOStreams = createTestIOStreams({ tty: options.tty ?? false, color: false, width: 80 });
  if (options.stdin !== undefined) (io as { in: NodeJS.ReadableStream | null }).in = Readable.from([Buffer.from(options.stdin)]);
  const home = options.cwd ?? mkdtempSync(join(tmpdir(), 'lapor-import-'));
  const token = options.token ?? server.tokens.admin;
  const client = createApiClient({ baseUrl: server.url, token, retry: { maxAttempts: 1 } });
  const deps = inProcessDeps({
    api: client,
    io,
    env,
    lang: resolveLang(argv, env),
    version: 'test',
    now: () => server.clock.now,
    paths: { configDir: join(home, 'config'), dataDir: join(home, 'data'), stateDir: join(home, 'state') },
    baseUrl: server.url,
    token,
    prompter: createScriptedPrompter(options.answers ?? []),
  });
  try {
    const code = await runCli(argv, deps);
    return { code, out: io.outText(), err: io.errText(), home };
  } finally {
    await client.close();
  }
}

export async function countRows(server: TestServer, table: string, where = 'true', params: unknown[] = []): Promise<number> {
  const [r] = await server.server.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
  return r.n;
}

/** A file with this text in a directory of its own. */
export function tmpFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lapor-import-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** The case as the national admin reads it (the request must succeed). */
export async function caseOf(server: TestServer, id: string): Promise<Case> {
  const res = await call<Case>(server.url, 'GET', `/v1/cases/${id}`, { token: server.tokens.admin });
  if (res.status !== 200) throw new Error(`GET /v1/cases/${id}: ${res.status} ${res.text}`);
  return res.body;
}
