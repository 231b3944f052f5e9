// Deps for in-process CLI runs (`runCli(argv, deps)`): the test brings the ApiClient, the streams, the
// language, the clock and the paths; the rest is fixed: config under the paths, no global flags, nothing on
// standard input, a connection to the client's API. Not a test file.

import type { ApiClient } from '../../src/api/types.js';
import { ConfigStore } from '../../src/cli/config.js';
import { loadAllCommands } from '../../src/cli/program.js';
import type { Env, Paths } from '../../src/cmdutil/config.js';
import type { Connection } from '../../src/cmdutil/deps.js';
import type { Deps } from '../../src/cmdutil/deps.js';
import type { Lang } from '../../src/io/i18n.js';
import { createScriptedPrompter, type Prompter, type ScriptedPrompter } from '../../src/io/prompter.js';
import type { TestIOStreams } from '../../src/io/testing.js';

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
    api: async () => api,
    clientFor: async () => api,
    readStdin: async () => '',
    secrets: () => (token === null ? [] : [token]),
    commandModules: loadAllCommands,
  };
}
