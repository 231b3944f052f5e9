// What commands see of the configuration: the environment, the directories, and the profile store's contract.
// The file-backed store (config.json and the token files) is src/cli/config.ts.

import { CliError } from '../io/errors.js';
import { t } from '../io/i18n.js';

export type Env = Readonly<Record<string, string | undefined>>;

export interface Paths {
  configDir: string;
  dataDir: string;
  stateDir: string;
  /** Throw-away data that saves a request (shell completion's reference data): $XDG_CACHE_HOME/lapor. */
  cacheDir: string;
}

export interface Profile {
  apiUrl: string;
}

export interface ConfigFile {
  activeProfile: string | null;
  profiles: Record<string, Profile>;
}

/** Profiles (config.json) and their tokens (one 0600 file each). */
export interface ConfigStore {
  readonly dir: string;
  tokenFile(profile: string): string;
  read(): Promise<ConfigFile>;
  write(config: ConfigFile): Promise<void>;
  saveToken(profile: string, token: string): Promise<void>;
  removeToken(profile: string): Promise<void>;
  readToken(profile: string): Promise<string | null>;
}

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

export function checkProfileName(name: string): string {
  if (!PROFILE_NAME.test(name)) {
    throw new CliError((l) => t(l, 'error.invalidProfileName', { name: JSON.stringify(name) }));
  }
  return name;
}
