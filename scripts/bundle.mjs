// The command-line client as a few CommonJS chunks (dist/cli.bundle/), which is what bin/lapor.js runs.
//
// Why: a short command such as `lapor --version` or `lapor cases list` spent most of its time loading
// ~130 ES modules (zod alone is 95, 64 of them locales), not running. One CommonJS chunk per command, with zod
// tree-shaken, starts in about two thirds of the time (see README, Performance). tsc's dist/ stays the
// source of truth: the server (dist/server/) and the packages that read files next to themselves (PGlite's
// WebAssembly, undici, Fastify, pg) are left out of the bundle and loaded from where they are, only when used.
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const EXTERNAL_PACKAGES = [
  '@electric-sql/pglite',
  '@fastify/rate-limit',
  '@inquirer/prompts',
  'chalk',
  'cli-table3',
  'date-holidays',
  'fastify',
  'pg',
  'pg-copy-streams',
  'undici',
];

await build({
  logLevel: 'warn',
  input: { main: `${DIST}cli/main.js` },
  platform: 'node',
  external: (id) =>
    id.startsWith('node:') ||
    id.startsWith(`${DIST}server/`) ||
    id.startsWith('../server/') ||
    id.startsWith('../../server/') ||
    EXTERNAL_PACKAGES.some((p) => id === p || id.startsWith(`${p}/`)),
  output: {
    dir: `${DIST}cli.bundle`,
    format: 'cjs',
    entryFileNames: '[name].cjs',
    chunkFileNames: '[name]-[hash].cjs',
    dynamicImportInCjs: true,
    sourcemap: false,
    cleanDir: true,
  },
});
