// Issue 18, item 1: every example printed by `--help` (the whole Commander tree, both languages) and in the
// README's runnable blocks runs as printed against the demo data, and the demo's own "try next" hint runs.
//
// The set-up is the README's: `lapor` on the PATH as `npm link` puts it there (a symlink to bin/lapor.js, so
// its shebang and mode matter), then `lapor demo` on an empty data dir (it seeds the demo data). One warm
// `lapor serve` on that data dir then answers every example (a command finds it through the data dir's
// lock), so each example costs a Node start, not a database start. Each example runs in bash exactly as
// printed, in a work dir where `fixtures/` is the repository's; the only thing set from outside is the
// environment: HOME and the XDG dirs in a temporary home, LAPOR_HOME (the data dir). Writes change that
// temporary copy. Examples run in the order they are printed (a token is created before it is revoked).

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS, createProgram } from '../../src/cli/program.js';
import { createTestDeps, runWith } from '../helpers/deps.js';
import { BIN, ROOT } from '../helpers/spawn.js';

/** Examples that cannot run here, each with the reason: they name a server or a system path outside the test. */
const ELSEWHERE: ReadonlyArray<[RegExp, string]> = [
  [/^lapor login --api https:\/\/lapor\.example\.go\.id/, 'logs in to the remote API it names'],
  [/^cat token\.txt \| lapor login --api https:\/\/lapor\.example\.go\.id/, 'logs in to the remote API it names'],
  [/^(DATABASE_URL=\S+ )?lapor serve\b/, 'a server in the foreground, until stopped (the test itself runs `lapor serve`)'],
  [/^lapor seed --cases \d+ --database-url postgres:\/\/postgres@127\.0\.0\.1\/lapor$/, 'seeds the PostgreSQL database it names'],
  [/^lapor triage\b/, 'interactive: it needs a terminal (test/e2e/triage.test.ts drives it in one)'],
  [/^lapor events watch\b/, 'follows the feed until Ctrl-C (test/e2e/events.test.ts runs it, kills it and restarts it)'],
];

/** Every command under `cmd`, itself included. */
function walk(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap(walk)];
}

function words(cmd: Command): string[] {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names;
}

/** The `$ …` lines of a help text. */
function helpExamples(help: string): string[] {
  return help
    .split('\n')
    .map((l) => /^\s+\$ (.+)$/.exec(l)?.[1])
    .filter((l): l is string => l !== undefined);
}

/** Every example of every --help (root, nouns, verbs), in both languages, in the order printed, each once. */
async function allHelpExamples(): Promise<{ command: string; example: string }[]> {
  const found: { command: string; example: string }[] = [];
  for (const lang of ['id', 'en'] as const) {
    const root = await runWith(['--lang', lang, '--help'], createTestDeps({ argv: ['--lang', lang, '--help'] }));
    for (const example of helpExamples(root.out)) found.push({ command: 'lapor', example });
    for (const name of Object.keys(COMMANDS)) {
      const argv = ['--lang', lang, name];
      const program = await createProgram(createTestDeps({ argv }), argv);
      const noun = program.commands.find((c) => c.name() === name);
      if (noun === undefined) throw new Error(`no command ${name}`);
      for (const cmd of walk(noun)) {
        const line = ['--lang', lang, ...words(cmd), '--help'];
        const res = await runWith(line, createTestDeps({ argv: line }));
        expect(res.code, line.join(' ')).toBe(0);
        for (const example of helpExamples(res.out)) found.push({ command: `lapor ${words(cmd).join(' ')}`, example });
      }
    }
  }
  const seen = new Set<string>();
  return found.filter((f) => !seen.has(f.example) && seen.add(f.example));
}

interface Example {
  line: string;
  /** The exit code the example shows: 0, or the `(exit N)` its comment names. */
  exit: number;
}

/** The commands of the README's code blocks marked `<!-- runnable -->` (the comment after `  #` dropped). */
function readmeExamples(readme: string): Example[] {
  const out: Example[] = [];
  for (const m of readme.matchAll(/<!-- runnable -->\s*\n```(?:sh|bash)\n([\s\S]*?)\n```/g)) {
    for (const raw of m[1].split('\n')) {
      const comment = /\s{2,}#(.*)$/.exec(raw)?.[1] ?? '';
      const line = raw.replace(/\s{2,}#.*$/, '').trim();
      if (line !== '' && !line.startsWith('#')) out.push({ line, exit: Number(/\(exit (\d+)\)/.exec(comment)?.[1] ?? 0) });
    }
  }
  return out;
}

interface Ran {
  code: number | null;
  out: string;
  err: string;
}

describe('examples run as printed', () => {
  let root: string;
  let env: Record<string, string>;
  let work: string;
  let server: ChildProcessWithoutNullStreams | null = null;
  let demo: Ran;
  /** `stats annual --format json` for the demo's headline year, read right after the demo, before any write. */
  let annual: Ran;

  function sh(line: string, extra: Record<string, string> = {}): Promise<Ran> {
    return new Promise((resolve, reject) => {
      // an example for zsh (`source <(lapor completion zsh)`) runs in zsh, without a .zshrc; every other in bash
      const shell = /\bcompletion zsh\b/.test(line) ? ['zsh', '-f', '-c'] : ['bash', '-c'];
      const child = spawn(shell[0]!, [...shell.slice(1), line], { cwd: work, env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
      child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, out, err }));
    });
  }

  /** Runs the lines one by one; the failures, each with its exit code and the end of its stderr. */
  async function failures(examples: readonly (string | Example)[]): Promise<string[]> {
    const failed: string[] = [];
    for (const example of examples) {
      const { line: printed, exit } = typeof example === 'string' ? { line: example, exit: 0 } : example;
      if (ELSEWHERE.some(([re]) => re.test(printed))) continue;
      const line = printed.replace(/^LAPOR_HOME=\S+ /, ''); // the data dir: the one thing set from outside
      // `lapor seed` makes a data dir of its own (the warm server holds the demo's): a fresh one each
      const r = await sh(line, /^lapor seed\b/.test(line) ? { LAPOR_HOME: mkdtempSync(join(root, 'seed-')) } : {});
      if (r.code !== exit) failed.push(`${line}\n    exit ${r.code}: ${r.err.trim().split('\n').slice(-3).join(' | ')}`);
    }
    return failed;
  }

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'lapor-examples-'));
    const home = join(root, 'home');
    const bin = join(root, 'bin');
    work = join(root, 'work');
    for (const d of [home, bin, work]) mkdirSync(d, { recursive: true });
    symlinkSync(BIN, join(bin, 'lapor')); // what `npm link` makes: a link to package.json's bin
    cpSync(join(ROOT, 'fixtures'), join(work, 'fixtures'), { recursive: true }); // a copy: no example writes into the repository
    env = {
      PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      XDG_DATA_HOME: join(home, '.local', 'share'),
      XDG_STATE_HOME: join(home, '.local', 'state'),
      LAPOR_HOME: join(root, 'data'),
      // the embedded default's background server stays off here, as under CI (test/e2e/daemon.test.ts turns it on)
      LAPOR_NO_DAEMON: '1',
      LANG: 'id_ID.UTF-8',
    };
    mkdirSync(join(home, '.config', 'fish', 'completions'), { recursive: true });

    // the README's first command after the install: the demo seeds the empty data dir and tours it
    demo = await sh('lapor demo');
    expect(demo.code, demo.err).toBe(0);
    const year = /^year\t(\d{4})$/m.exec(demo.out)?.[1];
    expect(year, demo.out).toBeDefined();
    annual = await sh(`lapor stats annual --year ${year} --format json`);

    // one warm server on the data dir for the examples
    let listened = '';
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { cwd: work, env, stdio: 'pipe' });
    server = child;
    child.stdin.end();
    child.stdout.resume();
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start:\n${listened}`)), 60_000);
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        listened += d;
        if (/API (listening on|mendengar di) /.test(listened)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`serve exited ${code}:\n${listened}`));
      });
    });
    child.removeAllListeners('exit');
    const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(listened)?.[1];
    expect(url, listened).toBeDefined();

    // the profiles the examples name (`logout`, `config use`), on the same server; the last one is active
    for (const profile of ['provinsi', 'kabupaten', 'lokal']) {
      const login = await sh(`lapor login --api ${url} --profile ${profile} --token-stdin < "$LAPOR_HOME/admin-token"`);
      expect(login.code, login.err).toBe(0);
    }

    // a bulk run's journal under the run ID the examples name (`bulk status|resume <run>`)
    const run = await sh('lapor cases respond --where status=disposed --where institution=badung.dinkes --message "Sedang kami tangani" --yes');
    expect(run.code, run.err).toBe(0);
    const journals = join(env.XDG_STATE_HOME, 'lapor', 'journals');
    const made = readdirSync(journals).filter((f) => f.endsWith('.jsonl'));
    expect(made).toHaveLength(1);
    renameSync(join(journals, made[0]), join(journals, '20240304T020000Z-3fa9c1.jsonl'));
  }, 240_000);

  afterAll(async () => {
    if (server !== null && server.exitCode === null) {
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      server.kill('SIGTERM');
      await exited;
    }
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("runs the demo's 'try next' hint", async () => {
    const hint = /(?:Coba berikutnya|Try next): (.+)$/m.exec(demo.err)?.[1];
    expect(hint, demo.err).toBeDefined();
    const lines = (hint ?? '').split(' · ');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines.some((l) => /^lapor cases show LPR-\d{4}-\d{7}$/.test(l)), hint).toBe(true);
    expect(await failures(lines)).toEqual([]);
  });

  it('shows in the demo the headline that stats annual computes', async () => {
    expect(annual.code, annual.err).toBe(0);
    const rows = JSON.parse(annual.out) as { figure: string; dimension: string; value: number | null }[];
    const total = (figure: string) => rows.find((r) => r.dimension === 'total' && r.figure === figure)?.value;
    const shown = (key: string) => Number(new RegExp(`^${key}\\t(.+)$`, 'm').exec(demo.out)?.[1]);
    expect(shown('received')).toBe(total('received'));
    expect(shown('followUpRate')).toBe(total('followUpRate'));
    expect(shown('completionRate')).toBe(total('completionRate'));
    expect(shown('verifiedOnTime')).toBe(total('verify.onTimeShare'));
    expect(shown('respondedOnTime')).toBe(total('response.onTimeShare'));
  });

  it('runs every example of every --help', async () => {
    const examples = await allHelpExamples();
    // the walk reached the verbs' examples, not only the root's
    expect(examples.length).toBeGreaterThan(100);
    expect(examples.every((e) => /^(\S+=\S+ )*(lapor |cat |source |zcat )/.test(e.example)), JSON.stringify(examples)).toBe(true);
    const failed = await failures(examples.map((e) => e.example));
    expect(failed).toEqual([]);
  }, 600_000);

  it("runs the README's runnable examples", async () => {
    const lines = readmeExamples(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    expect(lines.length).toBeGreaterThan(8);
    expect(await failures(lines)).toEqual([]);
  }, 300_000);
});
