// Everything a command may touch arrives through Deps: streams, clock, environment, language, prompter,
// config and the API client. Commands never reach for process.*, console.* or Date.now().

import type { ApiClient } from '../api/types.js';
import type { IOStreams } from '../io/iostreams.js';
import type { Lang } from '../io/i18n.js';
import type { Prompter } from '../io/prompter.js';
import type { CommandModule } from './command.js';
import type { ConfigStore, Env, Paths } from './config.js';

export interface GlobalOptions {
  api?: string;
  profile?: string;
  debug?: boolean;
}

export interface Connection {
  baseUrl: string;
  token: string | null;
  source: 'flag' | 'env' | 'profile' | 'embedded' | 'embedded-shared';
  profile: string | null;
  /** The API runs in this process (the embedded default with its background server off). */
  inProcessServer?: boolean;
  /** Stops the in-process server and releases the data dir, or gives back the lease on the background server. */
  close(): Promise<void>;
}

export interface Deps {
  io: IOStreams;
  env: Env;
  lang: Lang;
  version: string;
  now(): Date;
  sleep(ms: number): Promise<void>;
  paths: Paths;
  config: ConfigStore;
  prompter: Prompter;
  /** Global flags (--api, --profile, --debug), filled in before any command runs. */
  globals: GlobalOptions;
  /** Where the API is and which token to use (resolves embedded mode on first call). */
  connection(): Promise<Connection>;
  /**
   * The API that answers without starting anything (shell completion): the configured one (--api,
   * LAPOR_API_URL, a profile) or a `lapor serve` running on the data dir; null when only an embedded server
   * that is not running could answer.
   */
  runningConnection(): Promise<Connection | null>;
  /** The API client for that connection (created once). */
  api(): Promise<ApiClient>;
  /** A client for an explicit API and token (login checks a token before saving it). */
  clientFor(baseUrl: string, token: string): Promise<ApiClient>;
  /** All of standard input as text (for --token-stdin and `-` files). */
  readStdin(): Promise<string>;
  /** Secrets known so far (the resolved token), cut out of anything printed. Never resolves a connection. */
  secrets(): string[];
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
  /**
   * Every top-level command's module, loaded, in help order (shell completion walks their commands); with
   * `names`, only the modules of those commands (or aliases).
   */
  commandModules(names?: readonly string[]): Promise<readonly CommandModule[]>;
}
