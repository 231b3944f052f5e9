// Which API a command talks to, and with which token:
//   --api URL → LAPOR_API_URL → the profile (--profile, LAPOR_PROFILE, the active one) → embedded.
// Token: LAPOR_TOKEN → the profile's token file → (embedded) the data dir's admin token.
// Embedded: the background server on the PGlite data dir (cli/daemon.ts, io/daemon.ts: started by the first
// command, used by the next ones, gone when idle), or the `lapor serve` already running on it (both found
// through the lock file); with the background server off (LAPOR_NO_DAEMON=1, CI=true), the reference API
// started over the data dir in a worker thread of this process (server/embedded.ts). Never two processes on
// one data dir.

import { NotAllowedError, CliError } from '../io/errors.js';
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
  return (await configuredConnection(o)) ?? embedded(o, o.env.LAPOR_TOKEN || null);
}

/**
 * The API that answers without starting anything: the configured one, else a `lapor serve` running on the data
 * dir (the lock names it), else null. Shell completion asks this; it never waits for or takes the lock.
 */
export async function runningConnection(o: ResolveOptions): Promise<Connection | null> {
  const configured = await configuredConnection(o);
  if (configured) return configured;
  const [{ adminTokenPath, dataDirLockPath }, { liveHolder }, { daemonOf }] = await Promise.all([
    import('../io/dataDir.js'),
    import('../io/lock.js'),
    import('../io/daemon.js'),
  ]);
  const holder = await liveHolder(dataDirLockPath(o.dataDir));
  const daemon = daemonOf(holder) !== null;
  const url = daemon ? daemonOf(holder)?.url : holder?.note?.mode === 'serve' ? holder.note.url : null;
  if (!url) return null;
  const token = o.env.LAPOR_TOKEN || (await readSecretFile(adminTokenPath(o.dataDir)));
  return { baseUrl: url, token, source: daemon ? 'embedded' : 'embedded-shared', profile: null, close: async () => {} };
}

/** --api, LAPOR_API_URL or a profile; null when none is set (embedded mode). */
async function configuredConnection(o: ResolveOptions): Promise<Connection | null> {
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
      throw new CliError((l) => t(l, 'error.unknownProfile', { profile: name }), { hint: (l) => t(l, 'hint.unknownProfile', { profile: name }) });
    }
    const token = envToken ?? (await o.config.readToken(name));
    return { baseUrl: profile.apiUrl, token, source: 'profile', profile: name, close: async () => {} };
  }
  return null;
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CliError((l) => t(l, 'error.invalidApiUrl', { url: JSON.stringify(url) }), { hint: (l) => t(l, 'hint.invalidApiUrl') });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new CliError((l) => t(l, 'error.apiUrlScheme', { url: JSON.stringify(url) }));
  }
}

async function embedded(o: ResolveOptions, envToken: string | null): Promise<Connection> {
  const { daemonWanted, idleSeconds } = await import('../io/daemon.js');
  if (daemonWanted(o.env)) return backgroundServer(o, envToken, idleSeconds(o.env));
  return ownServer(o, envToken);
}

/** The data dir's background server (started now if none runs), or the `lapor serve` on it. */
async function backgroundServer(o: ResolveOptions, envToken: string | null, idle: number): Promise<Connection> {
  const [{ useDaemon }, { adminTokenNotice, adminTokenPath }] = await Promise.all([import('./daemon.js'), import('../io/dataDir.js')]);
  const found = await useDaemon({ ...o, env: o.env, idleSeconds: idle, now: () => new Date() });
  try {
    const tokenFile = adminTokenPath(o.dataDir);
    const daemon = found.holder.note?.mode === 'daemon';
    if (found.started) {
      o.notice(t(o.lang, 'daemon.started', { dir: o.dataDir, pid: String(found.holder.pid), seconds: String(idle) }));
      const why = found.started.adminToken;
      if (why === 'first' || why === 'missing' || why === 'damaged' || why === 'stale') o.notice(adminTokenNotice(o.lang, why, tokenFile));
    }
    const token = envToken ?? (await readSecretFile(tokenFile));
    if (token === null) {
      const params = { file: tokenFile, dir: o.dataDir, pid: String(found.holder.pid) };
      if (daemon) throw new NotAllowedError((l) => t(l, 'daemon.error.noAdminToken', params), { hint: (l) => t(l, 'daemon.hint.noAdminToken') });
      throw new NotAllowedError((l) => t(l, 'error.sharedNoAdminToken', params), { hint: (l) => t(l, 'hint.sharedNoAdminToken', params) });
    }
    return { baseUrl: found.url, token, source: daemon ? 'embedded' : 'embedded-shared', profile: null, close: found.release };
  } catch (err) {
    await found.release();
    throw err;
  }
}

/** The reference API in a worker thread of this command, or the `lapor serve` on the data dir. */
async function ownServer(o: ResolveOptions, envToken: string | null): Promise<Connection> {
  const [{ holdDataDir, adminTokenNotice, adminTokenPath }, { startEmbeddedServer }] = await Promise.all([
    import('../io/dataDir.js'),
    import('../server/seam.js'),
  ]);
  const tokenFile = adminTokenPath(o.dataDir);
  const hold = await holdDataDir(o.dataDir, {
    now: () => new Date(),
    sleep: o.sleep,
    waitMs: o.lockWaitMs,
    onWait: (holder) => o.notice(t(o.lang, 'notice.waitingForLock', { dir: o.dataDir, pid: String(holder.pid) })),
  });
  if (hold.kind === 'shared') {
    const token = envToken ?? (await readSecretFile(tokenFile));
    // the running serve wrote (or healed) the token file at its start; it cannot be made from here
    if (token === null) {
      const params = { file: tokenFile, dir: o.dataDir, pid: String(hold.holder.pid) };
      throw new NotAllowedError((l) => t(l, 'error.sharedNoAdminToken', params), { hint: (l) => t(l, 'hint.sharedNoAdminToken', params) });
    }
    const source = hold.holder.note?.mode === 'daemon' ? 'embedded' : 'embedded-shared';
    return { baseUrl: hold.url, token, source, profile: null, close: async () => {} };
  }
  try {
    const server = await startEmbeddedServer({ version: o.version, dataDir: o.dataDir, adminTokenFile: tokenFile });
    await hold.publish(server.url, 'embedded');
    o.notice(t(o.lang, 'embedded.using', { dir: o.dataDir }));
    if (server.adminToken) o.notice(adminTokenNotice(o.lang, server.adminToken, tokenFile));
    const token = envToken ?? (await readSecretFile(tokenFile));
    if (token === null) {
      await server.close();
      throw new NotAllowedError((l) => t(l, 'error.noAdminToken', { file: tokenFile }), { hint: (l) => t(l, 'hint.noAdminToken', { file: tokenFile }) });
    }
    return {
      baseUrl: server.url,
      token,
      source: 'embedded',
      profile: null,
      inProcessServer: true,
      async close() {
        await server.close();
        await hold.release();
      },
    };
  } catch (err) {
    await hold.release();
    throw err;
  }
}
