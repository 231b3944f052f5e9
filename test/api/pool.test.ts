// Against a real HTTP server on 127.0.0.1:0, with the client's own Agent limited to ONE keep-alive
// connection: if any path left a response body unread, the next request would hang on that connection.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiClient } from '../../src/api/client.js';
import type { ApiClient } from '../../src/api/types.js';
import { makeCase, rejection, TOKEN } from './helpers.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server | null = null;
let client: ApiClient | null = null;

afterEach(async () => {
  // Server first: if a test left a body unread, dropping the sockets lets the Agent close.
  if (server) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  }
  server = null;
  await client?.close();
  client = null;
});

async function serve(handler: Handler): Promise<{ url: string; sockets: () => number }> {
  let count = 0;
  const s = createServer(handler);
  s.keepAliveTimeout = 30_000;
  s.on('connection', () => count++);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  server = s;
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, sockets: () => count };
}

const big = 'x'.repeat(2 * 1024 * 1024); // larger than socket buffers: an unread body blocks the connection

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

describe('response bodies are always consumed', () => {
  it('error, retry and shape-mismatch paths leave the single pooled connection reusable', async () => {
    let calls503 = 0;
    const { url, sockets } = await serve((req, res) => {
      req.resume();
      if (req.url === '/v1/cases/missing') {
        return send(res, 404, { type: 'urn:nf', title: 'Not Found', status: 404, detail: 'case not found', instance: big }, 'application/problem+json');
      }
      if (req.url === '/v1/me') {
        if (calls503++ === 0) return send(res, 503, big, 'text/plain');
        return send(res, 200, { name: 'admin', role: 'national_admin', institutionId: null });
      }
      if (req.url === '/v1/cases/bad') return send(res, 200, { ...makeCase(), extra: big });
      if (req.url === '/v1/cases/ok') return send(res, 200, makeCase({ trackingId: 'ok' }));
      return send(res, 500, 'unexpected');
    });
    client = createApiClient({ baseUrl: url, token: TOKEN, connections: 1, sleep: async () => {}, signal: AbortSignal.timeout(5000) });

    await expect(client.getCase('missing')).rejects.toMatchObject({ name: 'NotFoundError', detail: 'case not found' });
    await expect(client.whoami()).resolves.toMatchObject({ name: 'admin' });
    await expect(client.getCase('bad')).rejects.toMatchObject({ name: 'ResponseShapeError' });
    await expect(client.getCase('ok')).resolves.toMatchObject({ version: 1 });
    expect(calls503).toBe(2);
    expect(sockets()).toBe(1);
  });

  it('a server that never answers → headers timeout, retried for GET, then NetworkError', async () => {
    let seen = 0;
    const { url } = await serve((req) => {
      seen++;
      req.resume(); // and never answer
    });
    client = createApiClient({ baseUrl: url, timeouts: { headersMs: 100 }, retry: { maxAttempts: 2 }, sleep: async () => {} });
    const e = await rejection(client.whoami());
    expect(e).toMatchObject({ name: 'NetworkError', code: 'UND_ERR_HEADERS_TIMEOUT', method: 'GET', path: '/v1/me' });
    expect(seen).toBe(2);
  });

  it('a closed port → NetworkError ECONNREFUSED', async () => {
    const { url } = await serve(() => {});
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = null;
    client = createApiClient({ baseUrl: url, retry: { maxAttempts: 1 } });
    await expect(client.health()).rejects.toMatchObject({ name: 'NetworkError', code: 'ECONNREFUSED', transient: true });
  });

  it('close() is idempotent and later calls fail as a closed client', async () => {
    const { url } = await serve((req, res) => send(res, 200, { status: 'ok', database: 'pglite', version: '1' }));
    client = createApiClient({ baseUrl: url });
    await client.health();
    await client.close();
    await client.close();
    await expect(client.health()).rejects.toMatchObject({ name: 'NetworkError', code: 'UND_ERR_CLOSED' });
  });
});
