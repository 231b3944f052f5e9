// The entry point. `main` wires the real process into Deps; `runCli` parses and runs one command and
// is the ONE place that turns errors into messages and exit codes (reportError).

import { closeSync, readFileSync } from 'node:fs';
import { isatty } from 'node:tty';
import { CommanderError } from 'commander';
import { ApiError, ClientError, formatWait, NetworkError, ResponseShapeError } from '../api/errors.js';
import type { ApiClient } from '../api/types.js';
import { CancelledError } from '../domain/errors.js';
import { CliError, DeclinedError, EXIT_CODES } from '../io/errors.js';
import { t, type Lang } from '../io/i18n.js';
import { fieldErrorText, problemText } from '../io/problems.js';
import { createIOStreams, type IOStreams } from '../io/iostreams.js';
import { spawnPagerProcess } from '../io/pager.js';
import type { Env } from '../cmdutil/config.js';
import { ConfigStore, resolvePaths } from './config.js';
import type { Connection, Deps } from '../cmdutil/deps.js';
import { createProgram, loadAllCommands, resolveLang } from './program.js';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Known secrets are cut out of anything printed, as a last line of defence. */
export function redact(text: string, secrets: readonly (string | null | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 8) out = out.split(s).join('***');
  return out;
}

export function reportError(err: unknown, io: IOStreams, lang: Lang, debug: boolean, secrets: readonly (string | null)[]): number {
  const write = (line: string) => io.err.write(`${redact(line, secrets)}\n`);
  const prefix = io.errColor.red(`${t(lang, 'common.errorPrefix')}:`);
  const hint = (text: string | undefined) => {
    if (text) write(`${io.errColor.dim(`${t(lang, 'common.hintPrefix')}:`)} ${text}`);
  };
  if (err instanceof CommanderError) {
    // Help and version are not failures; a parse error is shown here (Commander's own output is muted).
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') {
      return EXIT_CODES.ok;
    }
    write(`${prefix} ${commanderMessage(err, lang)}`);
    hint(t(lang, 'hint.usage'));
    return EXIT_CODES.usage;
  }
  if (err instanceof DeclinedError) {
    // "no" to a confirmation is an answer: a quiet notice, exit 0 (Ctrl-C stays a cancellation, exit 130)
    write(err.localizedMessage(lang));
    return err.exitCode;
  }
  if (err instanceof CancelledError) {
    // an aborted request says only that; a prompt's Ctrl-C is shown as an error line
    if (err.method !== null) write(t(lang, 'error.cancelled'));
    else write(`${prefix} ${err.reason ? err.reason(lang) : t(lang, 'error.cancelled')}`);
    if (debug && err.cause) write(String((err.cause as Error).stack ?? err.cause));
    return EXIT_CODES.cancelled;
  }
  if (err instanceof CliError) {
    write(`${prefix} ${err.localizedMessage(lang)}`);
    hint(err.localizedHint(lang));
    if (debug && err.cause) write(String((err.cause as Error).stack ?? err.cause));
    return err.exitCode;
  }
  if (err instanceof ApiError) {
    // worded from the client's catalogue; the server's English detail only with --debug
    write(`${prefix} HTTP ${err.status}: ${problemText(lang, err)} (${err.method} ${err.path})`);
    if (err.reason === null) for (const f of err.errors) write(`  ${f.field}: ${fieldErrorText(lang, f.code)}`);
    if (err.maxWaitMs !== null && err.retryAfterMs !== null) {
      write(`  ${t(lang, 'problem.waitTooLong', { wait: formatWait(err.retryAfterMs), max: formatWait(err.maxWaitMs) })}`);
    }
    if (debug) write(`[debug] ${err.message}`);
    if (err.kind === 'auth') {
      hint(t(lang, err.status === 401 ? 'hint.login' : 'hint.forbidden'));
      return EXIT_CODES.auth;
    }
    if (err.kind === 'rate_limited') {
      hint(t(lang, 'hint.rateLimited'));
      return EXIT_CODES.busy;
    }
    if (err.kind === 'precondition') hint(t(lang, 'hint.stale'));
    if (err.kind === 'not_found') hint(t(lang, 'hint.notFound'));
    if (err.requestId) hint(t(lang, 'hint.requestId', { id: err.requestId }));
    return EXIT_CODES.error;
  }
  if (err instanceof NetworkError) {
    const request = `${err.method} ${err.path}`;
    write(`${prefix} ${err.origin ? t(lang, 'error.unreachable', { url: err.origin, code: err.code, request }) : t(lang, 'error.network', { code: err.code, request })}`);
    hint(t(lang, 'hint.network'));
    return EXIT_CODES.error;
  }
  if (err instanceof ResponseShapeError) {
    write(`${prefix} ${t(lang, 'error.responseShape', { at: err.at === '' ? '(body)' : err.at, request: `${err.method} ${err.path}` })}`);
    if (err.requestId) hint(t(lang, 'hint.requestId', { id: err.requestId }));
    if (debug) write(`[debug] ${err.message}`);
    return EXIT_CODES.error;
  }
  if (err instanceof ClientError) {
    write(`${prefix} ${err.message}`);
    return EXIT_CODES.error;
  }
  const e = err as Error;
  write(`${prefix} ${e?.message ?? String(err)}`);
  if (debug && e?.stack) write(e.stack);
  else hint(t(lang, 'hint.debug'));
  return EXIT_CODES.error;
}

/** Commander's English parse-error text, in the user's language (the option, value and names stay as typed). */
export function commanderMessage(err: CommanderError, lang: Lang): string {
  const [first, ...rest] = err.message.replace(/^error: /, '').split('\n');
  const suggestion = rest.join(' ').match(/^\(Did you mean (?:one of )?(.+)\?\)$/);
  const didYouMean = suggestion ? `; ${t(lang, 'usage.didYouMean', { suggestion: suggestion[1] })}` : '';
  let m: RegExpMatchArray | null;
  switch (err.code) {
    case 'commander.unknownOption':
      if ((m = first.match(/^unknown option '(.*)'$/))) return t(lang, 'usage.unknownOption', { option: m[1] }) + didYouMean;
      break;
    case 'commander.unknownCommand':
      if ((m = first.match(/^unknown command '(.*)'$/))) return t(lang, 'usage.unknownCommand', { command: m[1] }) + didYouMean;
      break;
    case 'commander.missingArgument':
      if ((m = first.match(/^missing required argument '(.*)'$/))) return t(lang, 'usage.missingArgument', { argument: m[1] });
      break;
    case 'commander.optionMissingArgument':
      if ((m = first.match(/^option '(.*)' argument missing$/))) return t(lang, 'usage.optionNeedsValue', { option: m[1] });
      break;
    case 'commander.missingMandatoryOptionValue':
      if ((m = first.match(/^required option '(.*)' not specified$/))) return t(lang, 'usage.requiredOption', { option: m[1] });
      break;
    case 'commander.conflictingOption':
      if ((m = first.match(/^option '(.*)' cannot be used with option '(.*)'$/))) return t(lang, 'usage.conflict', { a: m[1], b: m[2] });
      break;
    case 'commander.excessArguments':
      if ((m = first.match(/Expected (\d+) arguments? but got (\d+)\.$/))) {
        return t(lang, 'usage.tooManyArguments', { expected: m[1], received: m[2] });
      }
      break;
    case 'commander.invalidArgument': {
      const opt = first.match(/^option '(.*)' argument '(.*)' is invalid\. (.*)$/);
      const arg = first.match(/^command-argument value '(.*)' is invalid for argument '(.*)'\. (.*)$/);
      const parts = opt ? { option: opt[1], value: opt[2], why: opt[3] } : arg ? { option: arg[2], value: arg[1], why: arg[3] } : null;
      if (parts) {
        const choices = parts.why.match(/^Allowed choices are (.*)\.$/);
        const reason = choices ? t(lang, 'usage.allowedChoices', { choices: choices[1] }) : parts.why;
        return t(lang, 'usage.invalidValue', { value: `'${parts.value}'`, option: parts.option, reason });
      }
      break;
    }
  }
  return [first, ...rest].join(' ');
}

export interface ProcessLike {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  stdin: NodeJS.ReadStream;
  env: Env;
}

/** Builds the real Deps for this process. `onOutputClosed`: the pager was quit before the end of the text. */
export async function createDeps(
  proc: ProcessLike,
  argv: readonly string[],
  signal: AbortSignal,
  onOutputClosed: () => void = () => {},
): Promise<Deps & { dispose(): Promise<void> }> {
  const env = proc.env;
  const io = await createIOStreams({
    stdout: proc.stdout,
    stderr: proc.stderr,
    stdin: () => proc.stdin,
    env,
    pager: { spawn: spawnPagerProcess, onOutputClosed },
  });
  const lang = resolveLang(argv, env);
  const paths = resolvePaths(env);
  const config = new ConfigStore(paths.configDir);
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  let connection: Promise<Connection> | null = null;
  let resolved: Connection | null = null;
  let client: Promise<ApiClient> | null = null;
  const resolveOptions = () => ({
    globals: deps.globals,
    env,
    config,
    dataDir: paths.dataDir,
    lang,
    version: deps.version,
    notice: (line: string) => io.err.write(`${io.errColor.dim(line)}\n`),
    lockWaitMs: Number(env.LAPOR_LOCK_TIMEOUT_MS ?? 30_000),
    sleep,
  });
  const deps: Deps & { dispose(): Promise<void> } = {
    io,
    env,
    lang,
    version: packageVersion(),
    now: () => new Date(),
    sleep,
    paths,
    config,
    prompter: lazyPrompter(() => ({ input: proc.stdin, output: proc.stderr }), lang),
    globals: {},
    signal,
    commandModules: loadAllCommands,
    connection() {
      connection ??= import('./connection.js').then(({ resolveConnection }) => resolveConnection(resolveOptions())).then((c) => {
        baselineWasmOnly(c.inProcessServer === true);
        return (resolved = c);
      });
      return connection;
    },
    async runningConnection() {
      const { runningConnection } = await import('./connection.js');
      return runningConnection(resolveOptions());
    },
    async clientFor(baseUrl, token) {
      const { createApiClient } = await import('../api/client.js');
      return createApiClient({
        baseUrl,
        token,
        signal,
        userAgent: `lapor/${deps.version}`,
        debug: deps.globals.debug ? (line) => io.err.write(`${io.errColor.dim(`[debug] ${line}`)}\n`) : undefined,
      });
    },
    api() {
      client ??= (async () => {
        const [conn, { createApiClient }] = await Promise.all([deps.connection(), import('../api/client.js')]);
        return createApiClient({
          baseUrl: conn.baseUrl,
          token: conn.token ?? undefined,
          signal,
          userAgent: `lapor/${deps.version}`,
          onWait: (ms, reason) => {
            const seconds = String(Math.ceil(ms / 1000));
            const line =
              reason.kind === 'network'
                ? t(lang, 'retry.waitingUnreachable', { seconds, url: reason.origin, code: reason.code ?? '' })
                : t(lang, 'retry.waiting', { seconds });
            io.err.write(`${line}\n`);
          },
          debug: deps.globals.debug ? (line) => io.err.write(`${io.errColor.dim(`[debug] ${line}`)}\n`) : undefined,
        });
      })();
      return client;
    },
    secrets: () => [resolved?.token, env.LAPOR_TOKEN].filter((s): s is string => !!s),
    async readStdin() {
      const chunks: Buffer[] = [];
      for await (const chunk of proc.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      return Buffer.concat(chunks).toString('utf8');
    },
    async dispose() {
      if (client) await (await client.catch(() => null))?.close();
      if (connection) await (await connection.catch(() => null))?.close();
    },
  };
  return deps;
}

/**
 * A process-wide V8 switch, set here in the process's own wiring (never in a command, where it would leak into
 * the in-process tests): when no embedded server shares the process, WebAssembly is compiled by Liftoff only.
 * The CLI's one WebAssembly module is then undici's HTTP parser (llhttp, for downloads), and TurboFan costs
 * about 25 MiB of peak RSS compiling it and buys nothing measurable (a body is copied, not parsed). The
 * embedded PGlite server (WebAssembly too, in a worker thread of this process) needs TurboFan's speed.
 */
function baselineWasmOnly(inProcessServer: boolean): void {
  // node:v8 is loaded here, not at start (`lapor --version` and `--help` never need it), and not with import(),
  // which would start the ES module loader in the CommonJS bundle.
  if (!inProcessServer) process.getBuiltinModule('node:v8').setFlagsFromString('--liftoff-only');
}

function lazyPrompter(streams: () => { input: NodeJS.ReadableStream; output: NodeJS.WritableStream }, lang: Lang): Deps['prompter'] {
  let real: Promise<Deps['prompter']> | null = null;
  const get = () => (real ??= import('../io/prompter.js').then((m) => m.createInquirerPrompter(streams(), lang)));
  return {
    confirm: async (...args) => (await get()).confirm(...args),
    select: async (...args) => (await get()).select(...args),
    input: async (...args) => (await get()).input(...args),
    password: async (...args) => (await get()).password(...args),
    search: async (...args) => (await get()).search(...args),
  };
}

/** Parses and runs one command line; returns the exit code. */
export async function runCli(
  argv: readonly string[],
  deps: Deps & { dispose?(): Promise<void>; outputClosed?(): boolean },
): Promise<number> {
  let code: number = EXIT_CODES.ok;
  try {
    const program = await createProgram(deps, argv);
    await program.parseAsync([...argv], { from: 'user' });
  } catch (err) {
    // stdout closed by its reader (`lapor cases list | head`): the work was stopped on purpose, not failed
    code = deps.outputClosed?.() ? EXIT_CODES.ok : reportError(err, deps.io, deps.lang, deps.globals.debug === true, deps.secrets());
  } finally {
    // the pager (if one runs) shows the rest and ends before anything else: stderr it held comes after the text
    await deps.io.stopPager();
    await deps.dispose?.();
  }
  return code;
}

/**
 * Node writes back, when it exits, the terminal settings that stdin, stdout and stderr had when it started
 * (ResetStdio in node's src/node.cc), whether or not this process changed them. In `lapor … | less` both
 * processes share the terminal and start together: when less has already switched it to raw mode (no echo)
 * at Node's start and the user quits less before lapor ends (lapor blocked on the full pipe, or still
 * fetching), Node "restores" less's raw mode after less restored the real one, and the shell is left without
 * echo (nodejs/node#41143). So when this process leaves the terminal as it found it (no prompt holds stdin in
 * raw mode), its terminal descriptors are closed just before it exits, and Node skips closed ones. A prompt
 * still in raw mode (a second Ctrl-C during it) keeps them, and Node puts the terminal back as it was.
 */
export function leaveTerminalAlone(stdinInRawMode: boolean, fds: readonly number[] = [0, 1, 2]): number[] {
  if (stdinInRawMode) return [];
  const closed: number[] = [];
  for (const fd of fds) {
    if (!isatty(fd)) continue;
    try {
      closeSync(fd);
      closed.push(fd);
    } catch {
      // already closed: nothing for Node to write back either
    }
  }
  return closed;
}

export async function main(argv: readonly string[]): Promise<number> {
  // The first SIGINT/SIGTERM asks the command to stop (serve shuts down gracefully, others cancel);
  // a second one ends the process at once.
  const controller = new AbortController();
  // With a pager on the terminal, the second one waits for the pager to end first (it owns the terminal).
  let deps: (Deps & { dispose(): Promise<void> }) | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = signal === 'SIGINT' ? EXIT_CODES.cancelled : 143;
    if (controller.signal.aborted) void (deps?.io.stopPager() ?? Promise.resolve()).finally(() => process.exit(code));
    controller.abort();
  };
  // A reader that goes away (`| head`) must not crash the command with EPIPE: stop the work (the embedded
  // server still shuts down cleanly), write nothing more and exit 0.
  let outputClosed = false;
  const onOutputError = (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
    outputClosed = true;
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.stdout.on('error', onOutputError);
  // stdin is opened only by the commands that read it or prompt (opening it costs startup time)
  let stdinOpened = false;
  const proc: ProcessLike = {
    stdout: process.stdout,
    stderr: process.stderr,
    get stdin() {
      stdinOpened = true;
      return process.stdin;
    },
    env: process.env,
  };
  process.once('exit', () => leaveTerminalAlone(stdinOpened && process.stdin.isRaw));
  const closedByPager = () => {
    outputClosed = true;
    controller.abort();
  };
  const created = Object.assign(await createDeps(proc, argv, controller.signal, closedByPager), { outputClosed: () => outputClosed });
  deps = created;
  try {
    return await runCli(argv, created);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
