import { Command } from 'commander';
import { join } from 'node:path';
import type { Deps } from '../../cmdutil/deps.js';
import { attach, examples } from '../../cmdutil/command.js';
import { BusyError } from '../../io/errors.js';
import { t } from '../../io/i18n.js';
import { parsePositiveInt } from '../../cmdutil/flags.js';

export interface ServeOptions {
  host: string;
  port: number;
  dataDir: string;
  databaseUrl?: string;
  rateLimit: number;
}

export function createServeCommand(deps: Deps, runF: (opts: ServeOptions, deps: Deps) => Promise<void> = serveRun): Command {
  const { lang } = deps;
  return new Command('serve')
    .description(t(lang, 'cmd.serve'))
    .option('--host <host>', t(lang, 'flag.host'), '127.0.0.1')
    .option('--port <port>', t(lang, 'flag.port'), (v) => (v === '0' ? 0 : parsePositiveInt(65535, lang)(v)), 8080)
    .option('--data-dir <dir>', t(lang, 'flag.dataDir'))
    .option('--database-url <url>', t(lang, 'flag.databaseUrl'))
    .option('--rate-limit <n>', t(lang, 'flag.rateLimit'), parsePositiveInt(10_000_000, lang), 100_000)
    .addHelpText(
      'after',
      examples(lang, [
        'lapor serve',
        'lapor serve --port 8080 --data-dir /var/lib/lapor',
        'DATABASE_URL=postgres://lapor@db/lapor lapor serve --host 0.0.0.0',
      ]),
    )
    .action(async (raw: Omit<ServeOptions, 'dataDir'> & { dataDir?: string }) => {
      await runF({ ...raw, dataDir: raw.dataDir ?? deps.paths.dataDir, databaseUrl: raw.databaseUrl ?? deps.env.DATABASE_URL }, deps);
    });
}

export async function serveRun(opts: ServeOptions, deps: Deps): Promise<void> {
  const { startServer, tryLock, publishUrl, releaseLock } = await import('../../server/seam.js');
  const { mkdir } = await import('node:fs/promises');
  const embedded = !opts.databaseUrl;
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  if (embedded) {
    const held = await tryLock(opts.dataDir);
    if (!held.ok) {
      throw new BusyError((l) => t(l, 'error.busyDataDir', { dir: opts.dataDir, pid: String(held.holder?.pid ?? '?') }));
    }
  }
  const tokenFile = join(opts.dataDir, 'admin-token');
  try {
    const server = await startServer({
      version: deps.version,
      databaseUrl: opts.databaseUrl,
      dataDir: opts.dataDir,
      host: opts.host,
      port: opts.port,
      adminTokenFile: tokenFile,
      rateLimit: { max: opts.rateLimit, windowMs: 60_000 },
      logError: (requestId, error) =>
        deps.io.err.write(`${deps.now().toISOString()} 500 ${requestId}: ${(error as Error)?.stack ?? String(error)}\n`),
    });
    if (embedded) await publishUrl(opts.dataDir, server.url, 'serve');
    deps.io.err.write(`${t(deps.lang, 'notice.listening', { url: server.url, db: server.dbKind })}\n`);
    if (server.createdAdminToken) deps.io.err.write(`${t(deps.lang, 'notice.adminTokenWritten', { file: tokenFile })}\n`);
    await new Promise<void>((resolve) => {
      if (deps.signal.aborted) resolve();
      deps.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    deps.io.err.write(`${t(deps.lang, 'notice.shuttingDown')}\n`);
    await server.close();
  } finally {
    if (embedded) await releaseLock(opts.dataDir);
  }
}

export function register(program: Command, deps: Deps): void {
  attach(program, createServeCommand(deps));
}
