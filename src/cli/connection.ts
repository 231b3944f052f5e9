// Which API a command talks to, and with which token:
//   --api URL → LAPOR_API_URL → the profile (--profile, LAPOR_PROFILE, the active one) → embedded.
// Token: LAPOR_TOKEN → the profile's token file → (embedded) the data dir's admin token.
// Embedded: the reference API started over the PGlite data dir in a worker thread of this process
// (server/embedded.ts), or the `lapor serve` already running on it (found through the lock file). Never two
// processes on one data dir.

import { join } from 'node:path';
import { BusyError, CliError } from '../io/errors.js';
import { t, type Lang } from '../io/i18n.js';
import type { ConfigStore, Env } from '../cmdutil/config.js';
import type { Connection, GlobalOptions } from '../cmdutil/deps.js';
import { readSecretFile } from './config.js';

export interface ResolveOptions {
  globals: GlobalOptions;
  env: Env;
  config: ConfigStore;
  dataDir: string;
  lang: Lang;
  version: string;
  notice(line: string): void;
  /** How long to wait for another process's hold on the data dir before giving up (exit 75). */
  lockWaitMs: number;
  sleep(ms: number): Promise<void>;
}

export async function resolveConnection(o: ResolveOptions): Promise<Connection> {
  const envToken = o.env.LAPOR_TOKEN || null;
  const profileName = o.globals.profile ?? o.env.LAPOR_PROFILE ?? null;
  const explicitUrl = o.globals.api ?? o.env.LAPOR_API_URL;
  if (explicitUrl) {
    checkUrl(explicitUrl);
    const token = envToken ?? (profileName ? await o.config.readToken(profileName) : null);
    return { baseUrl: explicitUrl, token, source: o.globals.api ? 'flag' : 'env', profile: profileName, close: async () => {} };
  }
  const config = await o.config.read();
  const name = profileName ?? config.activeProfile;
  if (name) {
    const profile = config.profiles[name];
    if (!profile) {
      throw new CliError(`profile ${name} does not exist`, { hint: `run: lapor login --profile ${name} --api URL` });
    }
    const token = envToken ?? (await o.config.readToken(name));
    return { baseUrl: profile.apiUrl, token, source: 'profile', profile: name, close: async () => {} };
  }
  return embedded(o, envToken);
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError(`invalid API URL ${JSON.stringify(url)}`, { hint: 'use a URL such as https://lapor.example.go.id' });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new CliError(`invalid API URL ${JSON.stringify(url)}: only http and https are supported`);
  }
}

async function embedded(o: ResolveOptions, envToken: string | null): Promise<Connection> {
  const { tryLock, publishUrl, releaseLock, startEmbeddedServer } = await import('../server/seam.js');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(o.dataDir, { recursive: true, mode: 0o700 });
  const tokenFile = join(o.dataDir, 'admin-token');
  const deadline = Date.now() + o.lockWaitMs;
  let waited = false;
  for (;;) {
    const lock = await tryLock(o.dataDir);
    if (lock.ok) break;
    const holder = lock.holder;
    if (holder?.url && holder.mode === 'serve') {
      const token = envToken ?? (await readSecretFile(tokenFile));
      return { baseUrl: holder.url, token, source: 'embedded-shared', profile: null, close: async () => {} };
    }
    if (Date.now() >= deadline) {
      throw new BusyError((lang) => t(lang, 'error.busyDataDir', { dir: o.dataDir, pid: String(holder?.pid ?? '?') }), {
        hint: (lang) => t(lang, 'hint.busyDataDir'),
      });
    }
    if (!waited) {
      o.notice(t(o.lang, 'notice.waitingForLock', { dir: o.dataDir, pid: String(holder?.pid ?? '?') }));
      waited = true;
    }
    await o.sleep(100);
  }
  try {
    const server = await startEmbeddedServer({ version: o.version, dataDir: o.dataDir, adminTokenFile: tokenFile });
    await publishUrl(o.dataDir, server.url, 'embedded');
    o.notice(t(o.lang, 'embedded.using', { dir: o.dataDir }));
    const token = envToken ?? (await readSecretFile(tokenFile));
    return {
      baseUrl: server.url,
      token,
      source: 'embedded',
      profile: null,
      async close() {
        await server.close();
        await releaseLock(o.dataDir);
      },
    };
  } catch (err) {
    await releaseLock(o.dataDir);
    throw err;
  }
}
