#!/usr/bin/env node
// Lints the served /openapi.json with Redocly: builds the app in-process on an in-memory PGlite database
// (from dist/: run `npm run build` first), writes the document to a temporary file and runs
// `redocly lint` on it with the recommended rules. Exits with the linter's code (non-zero on any error).
// Usage: node scripts/lint-openapi.mjs [--keep]   (--keep leaves the document and prints its path)

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { openDatabase } = await import(join(root, 'dist/server/main.js'));
const { createApp } = await import(join(root, 'dist/server/app.js'));

const db = await openDatabase({ dataDir: 'memory://' });
let document;
try {
  const { app } = await createApp({ db, version: 'lint' });
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  if (res.statusCode !== 200) throw new Error(`GET /openapi.json answered ${res.statusCode}: ${res.body}`);
  document = res.body;
  await app.close();
} finally {
  await db.close();
}

const dir = mkdtempSync(join(tmpdir(), 'lapor-openapi-'));
const file = join(dir, 'openapi.json');
writeFileSync(file, document);
const cli = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
const run = spawnSync(process.execPath, [cli, 'lint', '--format', 'stylish', file], {
  stdio: 'inherit',
  // no telemetry and no update check: the lint runs offline
  env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
});
if (process.argv.includes('--keep')) process.stderr.write(`document kept at ${file}\n`);
else rmSync(dir, { recursive: true, force: true });
process.exitCode = run.status ?? 1;
