// Deps for in-process CLI runs (`runCli(argv, deps)`). inProcessDeps: the test brings the ApiClient, the
// streams, the language, the clock and the paths; the rest is fixed: config under the paths, no global flags,
// nothing on standard input, a connection to the client's API. createTestDeps: all of it over the one fake
// ApiClient (test/helpers/fakeApi.ts), with the options the suites need. Not a test file.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApiClient } from '../../src/api/types.js';
import { ConfigStore } from '../../src/cli/config.js';
import { runCli } from '../../src/cli/main.js';
import { loadAllCommands, resolveLang } from '../../src/cli/program.js';
import type { Env, Paths } from '../../src/cmdutil/config.js';
import type { Connection, Deps } from '../../src/cmdutil/deps.js';
import type { Lang } from '../../src/io/i18n.js';
import { createScriptedPrompter, type Prompter, type ScriptedAnswer, type ScriptedPrompter } from '../../src/io/prompter.js';
import { createTestIOStreams, type TestIOStreams, type TestIOStreamsOptions } from '../../src/io/testing.js';
import { NOW } from './cases.js';
import { createFakeApi, type FakeApi, type FakeApiData } from './fakeApi.js';
import { recordingPrompter, type RecordingPrompter } from './prompter.js';
import { DATA } from './sample.js';

export interface InProcessDepsOptions<A extends ApiClient, P extends Prompter> {
  /** What api() and clientFor() answer. */
  api: A;
  io: TestIOStreams;
  lang: Lang;
  now(): Date;
  paths: Paths;
  /** Default: empty. */
  env?: Env;
  /** Default: '0.1.0'. */
  version?: string;
  /** The connection's API. Default: the client's baseUrl. */
  baseUrl?: string;
  /** The connection's token, and then the one secret. Default: none. */
  token?: string | null;
  /** Default: a scripted prompter with no answers. */
  prompter?: P;
  /** Default: returns at once. */
  sleep?(ms: number): Promise<void>;
  /** Default: never aborted. */
  signal?: AbortSignal;
}

export interface InProcessDeps<A extends ApiClient, P extends Prompter> extends Deps {
  io: TestIOStreams;
  api(): Promise<A>;
  clientFor(baseUrl: string, token: string): Promise<A>;
  prompter: P;
}

export function inProcessDeps<A extends ApiClient, P extends Prompter = ScriptedPrompter>(
  options: InProcessDepsOptions<A, P>,
): InProcessDeps<A, P> {
  const { api, paths } = options;
  const token = options.token ?? null;
  const connection: Connection = { baseUrl: options.baseUrl ?? api.baseUrl, token, source: 'flag', profile: null, close: async () => {} };
  return {
    io: options.io,
    env: options.env ?? {},
    lang: options.lang,
    version: options.version ?? '0.1.0',
    now: options.now,
    sleep: options.sleep ?? (async () => {}),
    paths,
    config: new ConfigStore(paths.configDir),
    prompter: options.prompter ?? (createScriptedPrompter([]) as Prompter as P),
    globals: {},
    signal: options.signal ?? new AbortController().signal,
    connection: async () => connection,
    runningConnection: async () => connection,
    api: async () => api,
    clientFor: async () => api,
    readStdin: async () => '',
    secrets: () => (token === null ? [] : [token]),
    commandModules: loadAllCommands,
  };
}

export interface TestDepsOptions {
  /** The fake to talk to. Default: a fake over `data`, its cases listed in the order given. */
  api?: FakeApi;
  /** Default: the reading commands' six cases (test/helpers/sample.ts). */
  data?: FakeApiData;
  /** Terminal or pipe. Default: a pipe. */
  tty?: boolean;
  /** Default: 80. */
  width?: number;
  /** Colour on a terminal. Default: off. */
  color?: boolean;
  /** A fake pager for startPager (with tty). Default: none, as without a terminal. */
  pager?: TestIOStreamsOptions['pager'];
  /** Default: empty. */
  env?: Env;
  /** The command line: the language is read from its --lang, else from env, as the real entry point does. */
  argv?: readonly string[];
  /** The language, whatever argv says. */
  lang?: Lang;
  /** The scripted answers of the (recording) prompter. */
  answers?: readonly ScriptedAnswer[];
  /** 'fixed': always NOW, sleeps return at once. 'advancing': from NOW, each sleep moves the clock on. Default: fixed. */
  clock?: 'fixed' | 'advancing';
  /** Default: a fresh temporary directory. */
  stateDir?: string;
}

export interface TestDeps extends InProcessDeps<FakeApi, RecordingPrompter> {
  fake: FakeApi;
  /** Aborting it is Ctrl-C. */
  abort: AbortController;
}

/** Deps for one in-process run over a fake ApiClient: in-memory streams, the fixed clock, a temporary home. */
export function createTestDeps(options: TestDepsOptions = {}): TestDeps {
  const env = options.env ?? {};
  const home = mkdtempSync(join(tmpdir(), 'lapor-test-'));
  const fake = options.api ?? createFakeApi(options.data ?? DATA, { order: 'stored' });
  const abort = new AbortController();
  let clock = NOW.getTime();
  const advancing = options.clock === 'advancing';
  const deps = inProcessDeps({
    api: fake,
    io: createTestIOStreams({ tty: options.tty ?? false, color: options.color ?? false, width: options.width ?? 80, pager: options.pager }),
    env,
    lang: options.lang ?? resolveLang(options.argv ?? [], env),
    now: () => (advancing ? new Date(clock) : NOW),
    sleep: async (ms) => {
      if (advancing) clock += ms;
    },
    paths: {
      configDir: join(home, 'config'),
      dataDir: join(home, 'data'),
      stateDir: options.stateDir ?? join(home, 'state'),
      cacheDir: join(home, 'cache'),
    },
    prompter: recordingPrompter(options.answers ?? []),
    signal: abort.signal,
  });
  return { ...deps, fake, abort };
}

export interface RunResult {
  code: number;
  out: string;
  err: string;
  fake: FakeApi;
}

/** Runs one command line in-process, as `lapor <argv>` would, with these Deps, and returns what it wrote. */
export async function runWith(argv: readonly string[], deps: TestDeps): Promise<RunResult> {
  const code = await runCli(argv, deps);
  return { code, out: deps.io.outText(), err: deps.io.errText(), fake: deps.fake };
}

/** Runs one command line in-process over fresh Deps (the language from argv). */
export async function run(argv: readonly string[], options: Omit<TestDepsOptions, 'argv'> = {}): Promise<RunResult> {
  return runWith(argv, createTestDeps({ ...options, argv }));
}
