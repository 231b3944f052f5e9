// The completion scripts of `lapor completion bash|zsh|fish` in the real shells, with the built CLI on the
// PATH as `lapor` and a real API (LAPOR_API_URL, LAPOR_TOKEN) holding the reference data and three cases:
// bash through the script's function with COMP_WORDS set as readline sets them, zsh through its completion
// system in a pseudo-terminal (test/cli/zsh-complete.zsh), fish through `complete -C`. Needs the built bundle
// (`npm run build`, which `npm test` runs first).

import { spawn } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/api/client.js';
import { SCRIPTS } from '../../src/commands/completion/completion.js';
import { STATUSES } from '../../src/domain/types.js';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { BIN, homeEnv, ROOT, runLapor } from '../helpers/spawn.js';
import { toolAvailable } from '../helpers/tools.js';

const SHELLS = { bash: '/usr/bin/bash', zsh: '/usr/bin/zsh', fish: '/usr/bin/fish' } as const;
type Shell = keyof typeof SHELLS;
const ZSH_DRIVER = join(import.meta.dirname, 'zsh-complete.zsh');
const CASES = ['LPR-2026-0003536', 'LPR-2026-0003537', 'LPR-2026-0003601'];

let server: TestServer;
let dir: string;
let env: Record<string, string>;
/** The server's active institutions whose code starts with badung.dis (as completion offers them). */
let badungDis: string[];

beforeAll(async () => {
  expect(existsSync(join(ROOT, 'dist', 'cli.bundle', 'main.cjs')), 'run `npm run build` first').toBe(true);
  server = await startTestServer('pglite');
  const api = createApiClient({ baseUrl: server.url, token: server.tokens.admin });
  for (const [i, trackingId] of CASES.entries()) {
    await api.createCase({ trackingId, classification: 'complaint', title: `Jalan rusak ${i + 1}`, body: 'Berlubang.', channel: 'web' }, `completion-${trackingId}`);
  }
  badungDis = (await api.institutions()).filter((i) => i.active && i.id.startsWith('badung.dis')).map((i) => i.id).sort();
  await api.close();
  dir = mkdtempSync(join(tmpdir(), 'lapor-completion-'));
  const bin = join(dir, 'bin');
  // the CLI on the PATH as `lapor`, as after the README's set-up
  mkdirSync(bin);
  writeFileSync(join(bin, 'lapor'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`);
  chmodSync(join(bin, 'lapor'), 0o755);
  for (const shell of Object.keys(SHELLS) as Shell[]) writeFileSync(join(dir, `lapor.${shell}`), SCRIPTS[shell]);
  env = homeEnv(dir, { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, LAPOR_API_URL: server.url, LAPOR_TOKEN: server.tokens.admin, TERM: 'dumb' });
}, 60_000);

afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs a shell to its end (asynchronously: the test server answers from this very process). */
function runShell(file: string, args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });
}

// bash: COMP_WORDS as readline splits the line (at blanks, and around '=' which is in COMP_WORDBREAKS)
const BASH_DRIVER = `source "$1"
COMP_LINE="$2"; COMP_POINT=\${#COMP_LINE}
read -ra COMP_WORDS <<<"\${COMP_LINE//=/ = }"
[[ $COMP_LINE == *[\\ =] ]] && COMP_WORDS+=("")
COMP_CWORD=$((\${#COMP_WORDS[@]} - 1))
_lapor
printf '%s\\n' "\${COMPREPLY[@]}"`;

/** What `shell` offers at the end of `line`: the candidates' values, sorted. */
async function offered(shell: Shell, line: string): Promise<string[]> {
  const script = join(dir, `lapor.${shell}`);
  const r =
    shell === 'bash'
      ? await runShell(SHELLS.bash, ['--norc', '--noprofile', '-c', BASH_DRIVER, 'bash', script, line])
      : shell === 'zsh'
        ? await runShell(SHELLS.zsh, ['-f', ZSH_DRIVER, script, line])
        : await runShell(SHELLS.fish, ['--no-config', '-c', 'source $argv[1]; complete -C $argv[2]', script, line]);
  expect(r.code, r.err).toBe(0);
  // nothing of lapor's reaches the terminal (a zsh in a pseudo-terminal may say what it does itself)
  if (shell !== 'zsh') expect(r.err).toBe('');
  return r.out
    .split('\n')
    .map((l) => l.split('\t')[0].trimEnd())
    .filter((l) => l !== '')
    .sort();
}

const sorted = (values: readonly string[]) => [...values].sort();

for (const shell of Object.keys(SHELLS) as Shell[]) {
  describe.runIf(toolAvailable(SHELLS[shell]))(`completion in ${shell}`, () => {
    it('nouns and verbs', async () => {
      expect(await offered(shell, 'lapor ca')).toEqual(sorted(['cases', 'categories', 'calendar']));
      expect(await offered(shell, 'lapor cases l')).toEqual(['list']);
      expect(await offered(shell, 'lapor bulk ')).toEqual(sorted(['apply', 'resume', 'status', 'help']));
      expect(await offered(shell, 'lapor completion ')).toEqual(sorted(['bash', 'zsh', 'fish']));
    });

    it('the flags of that command, after its arguments', async () => {
      expect(await offered(shell, `lapor cases show ${CASES[0]} --f`)).toEqual(['--fields', '--format']);
      expect(await offered(shell, `lapor cases close ${CASES[0]} --dr`)).toEqual(['--dry-run']);
      expect(await offered(shell, 'lapor triage --y')).toEqual([]);
    });

    it('option values from their choices', async () => {
      expect(await offered(shell, 'lapor cases list --status ')).toEqual(sorted(STATUSES));
      expect(await offered(shell, 'lapor cases list --status in')).toEqual(['in_progress']);
      expect(await offered(shell, 'lapor --lang ')).toEqual(['en', 'id']);
      expect(await offered(shell, 'lapor cases list --format=nd')).toEqual([shell === 'bash' ? 'ndjson' : '--format=ndjson']);
      expect(await offered(shell, 'lapor cases close --where status=dis')).toEqual([shell === 'bash' ? 'disposed' : 'status=disposed']);
    });

    it('institution ids and tracking IDs from the API', async () => {
      expect(badungDis).toContain('badung.disdukcapil');
      expect(await offered(shell, `lapor cases dispose ${CASES[0]} --to badung.dis`)).toEqual(badungDis);
      expect(await offered(shell, `lapor cases dispose --where institution=badung.dis`)).toEqual(badungDis.map((id) => (shell === 'bash' ? id : `institution=${id}`)));
      expect(await offered(shell, `lapor cases list --institution=badung.dis`)).toEqual(badungDis.map((id) => (shell === 'bash' ? id : `--institution=${id}`)));
      expect(await offered(shell, 'lapor cases show LPR-2026-00035')).toEqual(CASES.slice(0, 2));
      // the three cases wait for verification: dispose applies to them, close to none
      expect(await offered(shell, `lapor cases dispose ${CASES[0]} LPR-`)).toEqual(CASES.slice(1));
      expect(await offered(shell, 'lapor cases close LPR-')).toEqual([]);
    });
  });
}

describe('lapor __complete with no API configured', () => {
  it('offers no looked-up value, starts no embedded server and prints nothing else', async () => {
    const home = mkdtempSync(join(tmpdir(), 'lapor-completion-home-'));
    try {
      const r = await runLapor(['__complete', '--', 'cases', 'dispose', CASES[0], '--to', ''], { cwd: home, env: homeEnv(home) });
      expect(r).toMatchObject({ code: 0, out: ':4\n', err: '' });
      expect(existsSync(join(home, 'data', 'lapor'))).toBe(false);
      // an API that accepts the connection and never answers: given up on within the lookup's bound, silently
      const sockets = new Set<Socket>();
      const mute = createServer((socket) => sockets.add(socket));
      await new Promise<void>((resolve) => mute.listen(0, '127.0.0.1', resolve));
      const address = mute.address();
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      try {
        const silent = await runLapor(['__complete', '--', 'cases', 'show', ''], { cwd: home, env: homeEnv(home, { LAPOR_API_URL: url, LAPOR_TOKEN: 'token-of-a-mute-api' }) });
        expect(silent).toMatchObject({ code: 0, out: ':4\n', err: '' });
        expect(sockets.size).toBe(1);
      } finally {
        for (const socket of sockets) socket.destroy();
        mute.close();
      }
      // the static parts need no API
      const verbs = await runLapor(['__complete', '--', 'cases', 'sh'], { cwd: home, env: homeEnv(home) });
      expect(verbs.out).toMatch(/^show\t.+\n:4\n$/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
