// The command-line client as a few CommonJS chunks (dist/cli.bundle/), which is what bin/lapor.js runs.
//
// Why: a short command such as `lapor --version` or `lapor cases list` spent most of its time loading
// ~130 ES modules (zod alone is 95, 64 of them locales), not running. One CommonJS chunk per command, with zod
// tree-shaken, starts in about two thirds of the time (see README, Performance). tsc's dist/ stays the
// source of truth: the server (dist/server/) and the packages that are large, read files next to themselves
// (PGlite's WebAssembly) or are ES modules loaded on first use (chalk, @inquirer/prompts) are left out of the
// bundle and loaded from where they are, only when used.
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
  'exceljs',
  'fastify',
  'pg',
  'pg-copy-streams',
  'undici',
];

/**
 * Commander loads child_process (and with it net, dgram and the stream machinery) when it is loaded, only to
 * run executable subcommands, which lapor does not have: about 2 ms of every start. Here it is required when
 * first used instead. The build fails if Commander's source changes, rather than silently skipping this.
 */
const COMMANDER_EAGER = "const childProcess = require('node:child_process');";
const commanderChildProcessOnUse = {
  name: 'commander-child-process-on-use',
  transform(code, id) {
    if (!id.endsWith('/node_modules/commander/lib/command.js')) return null;
    if (code.split(COMMANDER_EAGER).length !== 2) throw new Error(`${id}: expected one line ${COMMANDER_EAGER}`);
    return code.replace(COMMANDER_EAGER, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };");
  },
};

await build({
  logLevel: 'warn',
  input: { main: `${DIST}cli/main.js` },
  platform: 'node',
  plugins: [commanderChildProcessOnUse],
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
    // Everything `lapor --version` loads in one chunk: each extra file a start requires costs about as much as
    // loading the messages (stat, read, compile), and rolldown would otherwise split the start-up modules that
    // commands share into several small chunks.
    codeSplitting: {
      groups: [
        { name: 'start', tags: ['$initial'] },
        // What a command on the embedded default loads after its connection module to find (or start) the
        // background server, in one chunk: split as rolldown would (the modules are shared with serve, seed,
        // demo, the daemon verbs and the bulk journal), they cost a file each.
        { name: 'embedded', test: /\/dist\/(?:cli\/daemon|io\/daemon|io\/lock|io\/dataDir)\.js$/ },
      ],
    },
  },
});
