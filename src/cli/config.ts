// Profiles and tokens. config.json (mode 0600) holds profile names and API URLs; each profile's token lives
// in its own file under tokens/ with mode 0600, and a token file that others can read is refused.

// fs.promises, not node:fs/promises: in the bundle the property is read when a file is, so a command that
// touches no config file (`lapor --version`) does not load the promise API (and the readline it pulls in)
import { promises as fsp } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { checkProfileName, type ConfigFile, type ConfigStore as ConfigStoreContract, type Env, type Paths } from '../cmdutil/config.js';
import { CliError } from '../io/errors.js';
import { t } from '../io/i18n.js';

export function resolvePaths(env: Env): Paths {
  const home = env.HOME || homedir();
  const configBase = env.XDG_CONFIG_HOME || join(home, '.config');
  const dataBase = env.XDG_DATA_HOME || join(home, '.local', 'share');
  const stateBase = env.XDG_STATE_HOME || join(home, '.local', 'state');
  const cacheBase = env.XDG_CACHE_HOME || join(home, '.cache');
  return {
    configDir: join(configBase, 'lapor'),
    dataDir: env.LAPOR_HOME || join(dataBase, 'lapor'),
    stateDir: join(stateBase, 'lapor'),
    cacheDir: join(cacheBase, 'lapor'),
  };
}

export class ConfigStore implements ConfigStoreContract {
  constructor(readonly dir: string) {}

  private get file(): string {
    return join(this.dir, 'config.json');
  }

  tokenFile(profile: string): string {
    return join(this.dir, 'tokens', checkProfileName(profile));
  }

  async read(): Promise<ConfigFile> {
    let text: string;
    try {
      text = await fsp.readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { activeProfile: null, profiles: {} };
      throw err;
    }
    try {
      const parsed = JSON.parse(text) as Partial<ConfigFile>;
      return { activeProfile: parsed.activeProfile ?? null, profiles: parsed.profiles ?? {} };
    } catch {
      const file = this.file;
      throw new CliError((l) => t(l, 'error.configNotJson', { file }), { hint: (l) => t(l, 'hint.configNotJson') });
    }
  }

  async write(config: ConfigFile): Promise<void> {
    await fsp.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await fsp.writeFile(this.file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
    await fsp.chmod(this.file, 0o600);
  }

  async saveToken(profile: string, token: string): Promise<void> {
    await fsp.mkdir(join(this.dir, 'tokens'), { recursive: true, mode: 0o700 });
    const file = this.tokenFile(profile);
    await fsp.rm(file, { force: true });
    await fsp.writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' });
  }

  async removeToken(profile: string): Promise<void> {
    await fsp.rm(this.tokenFile(profile), { force: true });
  }

  async readToken(profile: string): Promise<string | null> {
    return readSecretFile(this.tokenFile(profile));
  }
}

/** Reads a token file; refuses one that group or others can read. Null when it does not exist. */
export async function readSecretFile(file: string): Promise<string | null> {
  let mode: number;
  try {
    mode = (await fsp.stat(file)).mode;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  if ((mode & 0o077) !== 0) {
    const shown = (mode & 0o777).toString(8);
    throw new CliError((l) => t(l, 'error.tokenFileOpen', { file, mode: shown }), { hint: (l) => t(l, 'hint.tokenFileOpen', { file }) });
  }
  const token = (await fsp.readFile(file, 'utf8')).trim();
  return token.length > 0 ? token : null;
}
