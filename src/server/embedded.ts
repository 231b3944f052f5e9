// The embedded API (the CLI's default when no server is named: src/cli/connection.ts) runs in a worker thread
// of the CLI's process. The CLI then reads, parses and sends on one core while the server checks rows and
// PGlite writes them on the other; in one thread a case import took turns at all three. The data dir's lock
// stays with the CLI, and nothing else changes: the CLI talks to the worker's server over HTTP on 127.0.0.1.

import { Worker } from 'node:worker_threads';
import type { AdminTokenWritten } from './adminToken.js';
import type { ServerOptions } from './main.js';

export type EmbeddedOptions = Pick<ServerOptions, 'version' | 'dataDir' | 'adminTokenFile'>;

/** What the worker says once: where it listens, or why it could not start. */
export type EmbeddedStarted = { url: string; adminToken: AdminTokenWritten | null } | { error: string };

export interface EmbeddedServer {
  url: string;
  /** Why this start wrote the admin token file, or null. */
  adminToken: AdminTokenWritten | null;
  /** Stops the server, closes the database and ends the worker. */
  close(): Promise<void>;
}

export function startEmbeddedServer(options: EmbeddedOptions): Promise<EmbeddedServer> {
  const worker = new Worker(new URL('./embeddedWorker.js', import.meta.url), { workerData: options });
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));
  return new Promise((resolve, reject) => {
    // an error after the start ends the worker; the CLI's requests to it then fail and say so
    worker.on('error', reject);
    void exited.then((code) => reject(new Error(`the embedded server stopped before it started (exit ${code})`)));
    worker.once('message', (started: EmbeddedStarted) => {
      if ('error' in started) {
        reject(new Error(started.error));
        return;
      }
      resolve({
        url: started.url,
        adminToken: started.adminToken,
        async close() {
          worker.postMessage('close');
          await exited;
        },
      });
    });
  });
}
