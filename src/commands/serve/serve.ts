import { Command, InvalidArgumentError } from 'commander';
import { isIP } from 'node:net';
import type { Deps } from '../../cmdutil/deps.js';
import { attach, examples } from '../../cmdutil/command.js';
import { adminTokenNotice, adminTokenPath, lockDataDir } from '../../io/dataDir.js';
import { UsageError } from '../../io/errors.js';
import { t } from '../../io/i18n.js';
import { parsePositiveInt } from '../../cmdutil/flags.js';

export interface ServeOptions {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl?: string;
  /** A streaming standby for read-only work (exports, statistics). */
  readDatabaseUrl?: string;
  rateLimit: number;
  /** Proxies whose X-Forwarded-For names the client: addresses/CIDRs, or a hop count. */
  trustProxy?: readonly string[] | number;
}

/** `--trust-proxy`: a hop count, or comma-separated addresses, CIDRs and proxy-addr's named ranges. */
export function parseTrustProxy(lang: Deps['lang']): (value: string) => readonly string[] | number {
  return (value) => {
    const v = value.trim();
    if (/^\d+$/.test(v)) {
      const hops = Number(v);
      if (hops >= 1 && hops <= 32) return hops;
    } else {
      const parts = v.split(',').map((p) => p.trim());
      const ok = parts.every((p) => {
        if (p === 'loopback' || p === 'linklocal' || p === 'uniquelocal') return true;
        const [address, bits, extra] = p.split('/');
        const family = isIP(address);
        if (family === 0 || extra !== undefined) return false;
        return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128));
      });
      if (ok && parts.length > 0) return parts;
    }
    throw new InvalidArgumentError(t(lang, 'usage.expectedTrustProxy'));
  };
}

export function createServeCommand(deps: Deps, runF: (opts: ServeOptions, deps: Deps) => Promise<void> = serveRun): Command {
  const { lang } = deps;
  return new Command('serve')
    .description(t(lang, 'cmd.serve'))
    .option('--host <host>', t(lang, 'flag.host'), '127.0.0.1')
    .option('--port <port>', t(lang, 'flag.port'), (v) => (v === '0' ? 0 : parsePositiveInt(65535, lang)(v)), 8080)
    .option('--data-dir <dir>', t(lang, 'flag.dataDir'))
    .option('--database-url <url>', t(lang, 'flag.databaseUrl'))
    .option('--read-database-url <url>', t(lang, 'flag.readDatabaseUrl'), (v) => {
      if (!/^postgres(ql)?:\/\//.test(v)) throw new InvalidArgumentError(t(lang, 'usage.expectedPostgresUrl'));
      return v;
    })
    .option('--rate-limit <n>', t(lang, 'flag.rateLimit'), parsePositiveInt(10_000_000, lang), 100_000)
    .option('--trust-proxy <addresses|hops>', t(lang, 'flag.trustProxy'), parseTrustProxy(lang))
    .addHelpText(
      'after',
      examples(lang, [
        'lapor serve',
        'lapor serve --port 8080 --data-dir /var/lib/lapor',
        'DATABASE_URL=postgres://lapor@db/lapor lapor serve --host 0.0.0.0',
        'lapor serve --host 0.0.0.0 --trust-proxy 10.0.0.5,10.0.0.6',
      ]),
    )
    .action(async (raw: Omit<ServeOptions, 'dataDir'> & { dataDir?: string }) => {
      const databaseUrl = raw.databaseUrl ?? deps.env.DATABASE_URL;
      if (raw.readDatabaseUrl && !databaseUrl) throw new UsageError((l) => t(l, 'usage.readNeedsDatabase'));
      await runF({ ...raw, dataDir: raw.dataDir ?? deps.paths.dataDir, databaseUrl }, deps);
    });
}

export async function serveRun(opts: ServeOptions, deps: Deps): Promise<void> {
  const { startServer } = await import('../../server/seam.js');
  const { mkdir } = await import('node:fs/promises');
  const embedded = !opts.databaseUrl;
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  const held = embedded ? await lockDataDir(opts.dataDir, { now: deps.now, sleep: deps.sleep }) : null;
  const tokenFile = adminTokenPath(opts.dataDir);
  try {
    const server = await startServer({
      version: deps.version,
      databaseUrl: opts.databaseUrl,
      readDatabaseUrl: opts.readDatabaseUrl,
      dataDir: opts.dataDir,
      host: opts.host,
      port: opts.port,
      adminTokenFile: tokenFile,
      rateLimit: { max: opts.rateLimit, windowMs: 60_000 },
      trustProxy: opts.trustProxy,
      logError: (requestId, error) =>
        deps.io.err.write(`${deps.now().toISOString()} 500 ${requestId}: ${(error as Error)?.stack ?? String(error)}\n`),
    });
    await held?.publish(server.url, 'serve');
    deps.io.err.write(`${t(deps.lang, 'notice.listening', { url: server.url, db: server.dbKind })}\n`);
    if (server.adminToken) deps.io.err.write(`${adminTokenNotice(deps.lang, server.adminToken, tokenFile)}\n`);
    await new Promise<void>((resolve) => {
      if (deps.signal.aborted) resolve();
      deps.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    deps.io.err.write(`${t(deps.lang, 'notice.shuttingDown')}\n`);
    await server.close();
  } finally {
    await held?.release();
  }
}

export function register(program: Command, deps: Deps): void {
  attach(program, createServeCommand(deps));
}
