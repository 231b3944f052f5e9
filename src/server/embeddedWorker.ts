// The worker thread of the embedded API (see embedded.ts): starts the server on the PGlite data dir, says
// where it listens, and closes it (and the database) when told to.

import { parentPort, workerData } from 'node:worker_threads';
import type { EmbeddedOptions, EmbeddedStarted } from './embedded.js';
import { startServer } from './main.js';

const port = parentPort!;
const say = (message: EmbeddedStarted) => port.postMessage(message);
try {
  const server = await startServer({ ...(workerData as EmbeddedOptions), port: 0 });
  port.once('message', () => {
    void server.close().finally(() => port.close());
  });
  say({ url: server.url, adminToken: server.adminToken });
} catch (err) {
  say({ error: err instanceof Error ? err.message : String(err) });
  port.close();
}
