// A loopback TCP proxy for the adversarial tests: sits between the CLI (or any HTTP/1.1 client) and the API
// and, request by request, lets it through, delays it, drops the connection before the request reaches the
// server, drops it after the server answered in full (the work is committed, the answer is lost), or resets
// the connection half-way through the answer's body, or answers in the server's place (a 429, say). It frames HTTP/1.1 messages (Content-Length, chunked,
// or until close) so that it can decide per request on a keep-alive connection, and it counts what it did.
// Not a test file.

import { connect, createServer, type Server, type Socket } from 'node:net';

export type FaultKind = 'pass' | 'delay' | 'drop_before' | 'drop_after' | 'reset_mid_body' | 'answer';

export type FaultAction =
  | { kind: 'pass' }
  /** Hold the request (`where: 'request'`, the default) or the complete answer for `ms` before passing it on. */
  | { kind: 'delay'; ms: number; where?: 'request' | 'response' }
  /** Close the client's connection; the server never sees the request. */
  | { kind: 'drop_before' }
  /** Pass the request, read the server's whole answer, then close the client's connection without a byte of it. */
  | { kind: 'drop_after' }
  /** Pass the answer's head and half its body, then reset the client's connection (TCP RST). */
  | { kind: 'reset_mid_body' }
  /** Answer in the server's place (e.g. a 429 with Retry-After); the server never sees the request. */
  | { kind: 'answer'; status: number; headers?: Record<string, string>; body?: string };

export interface RequestInfo {
  /** 0-based number of the request through this proxy. */
  index: number;
  method: string;
  /** Path and query as sent. */
  path: string;
  /** Lower-case header names. */
  headers: Record<string, string>;
  body: Buffer;
}

export interface ResponseInfo {
  request: RequestInfo;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** What the proxy did with it. */
  fault: FaultKind;
}

export interface FaultProxyStats {
  connections: number;
  requests: number;
  /** Answers the server gave (whether or not the client got them). */
  responses: number;
  injected: Record<FaultKind, number>;
  /** Answers delivered to the client, by status. */
  delivered: Record<number, number>;
}

export interface FaultProxy {
  url: string;
  port: number;
  stats: FaultProxyStats;
  /** Every answer the server gave, in order (bodies included; keep test sizes modest). */
  responses: ResponseInfo[];
  setPolicy(policy: (req: RequestInfo) => FaultAction): void;
  close(): Promise<void>;
}

/** Bytes from a socket, read on demand. */
class ByteQueue {
  private buf: Buffer = Buffer.alloc(0);
  private ended = false;
  private waiter: (() => void) | null = null;

  constructor(socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d]);
      this.wake();
    });
    const end = () => {
      this.ended = true;
      this.wake();
    };
    socket.on('end', end);
    socket.on('close', end);
    socket.on('error', end);
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  private async more(): Promise<boolean> {
    if (this.ended) return false;
    await new Promise<void>((resolve) => (this.waiter = resolve));
    return true;
  }

  get empty(): boolean {
    return this.buf.length === 0;
  }

  async until(delimiter: string): Promise<Buffer | null> {
    for (;;) {
      const i = this.buf.indexOf(delimiter);
      if (i >= 0) return this.take(i + delimiter.length);
      if (!(await this.more())) return null;
    }
  }

  async exactly(n: number): Promise<Buffer | null> {
    while (this.buf.length < n) if (!(await this.more())) return null;
    return this.take(n);
  }

  async rest(): Promise<Buffer> {
    while (await this.more());
    return this.take(this.buf.length);
  }

  private take(n: number): Buffer {
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    return out;
  }
}

interface Message {
  startLine: string;
  headers: Record<string, string>;
  /** The whole message as it came (head and framed body). */
  raw: Buffer;
  headLength: number;
  /** The body without chunk framing. */
  body: Buffer;
  /** The sender will close after it (Connection: close, or a body read until close). */
  closes: boolean;
}

async function readMessage(q: ByteQueue, kind: 'request' | 'response', requestMethod = 'GET'): Promise<Message | null> {
  const head = await q.until('\r\n\r\n');
  if (head === null) return null;
  const lines = head.toString('latin1').split('\r\n');
  const startLine = lines[0];
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) {
      const name = line.slice(0, i).trim().toLowerCase();
      const value = line.slice(i + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
  }
  const parts: Buffer[] = [head];
  const body: Buffer[] = [];
  let closes = /\bclose\b/i.test(headers.connection ?? '');
  const status = kind === 'response' ? Number(startLine.split(' ')[1]) : 0;
  const noBody = kind === 'response' && (requestMethod === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200));
  if (!noBody) {
    if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) {
      for (;;) {
        const sizeLine = await q.until('\r\n');
        if (sizeLine === null) return null;
        parts.push(sizeLine);
        const size = Number.parseInt(sizeLine.toString('latin1').split(';')[0].trim(), 16);
        if (!Number.isFinite(size)) throw new Error(`fault proxy: bad chunk size line ${JSON.stringify(sizeLine.toString('latin1'))}`);
        if (size === 0) {
          for (;;) {
            const trailer = await q.until('\r\n');
            if (trailer === null) return null;
            parts.push(trailer);
            if (trailer.length === 2) break;
          }
          break;
        }
        const data = await q.exactly(size + 2);
        if (data === null) return null;
        parts.push(data);
        body.push(data.subarray(0, size));
      }
    } else if (headers['content-length'] !== undefined) {
      const data = await q.exactly(Number(headers['content-length']));
      if (data === null) return null;
      parts.push(data);
      body.push(data);
    } else if (kind === 'response') {
      const data = await q.rest();
      parts.push(data);
      body.push(data);
      closes = true;
    }
  }
  return { startLine, headers, raw: Buffer.concat(parts), headLength: head.length, body: Buffer.concat(body), closes };
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts the proxy on 127.0.0.1 (a free port) in front of `target` (an http://host:port URL). */
export async function startFaultProxy(target: string, policy: (req: RequestInfo) => FaultAction = () => ({ kind: 'pass' })): Promise<FaultProxy> {
  const upstreamUrl = new URL(target);
  const upstreamPort = Number(upstreamUrl.port || 80);
  const upstreamHost = upstreamUrl.hostname;
  let decide = policy;
  const sockets = new Set<Socket>();
  const stats: FaultProxyStats = {
    connections: 0,
    requests: 0,
    responses: 0,
    injected: { pass: 0, delay: 0, drop_before: 0, drop_after: 0, reset_mid_body: 0, answer: 0 },
    delivered: {},
  };
  const responses: ResponseInfo[] = [];

  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
  };

  async function serve(client: Socket): Promise<void> {
    stats.connections += 1;
    track(client);
    const upstream = connect(upstreamPort, upstreamHost);
    track(upstream);
    upstream.on('close', () => client.destroy()); // the server went away: so does the client's connection
    const fromClient = new ByteQueue(client);
    const fromServer = new ByteQueue(upstream);
    try {
      for (;;) {
        const req = await readMessage(fromClient, 'request');
        if (req === null) break;
        const [method, path] = req.startLine.split(' ');
        const info: RequestInfo = { index: stats.requests, method, path, headers: req.headers, body: req.body };
        stats.requests += 1;
        const action = decide(info);
        stats.injected[action.kind] += 1;
        if (action.kind === 'drop_before') break;
        if (action.kind === 'answer') {
          const body = Buffer.from(action.body ?? '');
          const head = [`HTTP/1.1 ${action.status} Injected`, `content-length: ${body.length}`];
          for (const [name, value] of Object.entries(action.headers ?? {})) head.push(`${name}: ${value}`);
          client.write(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), body]));
          stats.delivered[action.status] = (stats.delivered[action.status] ?? 0) + 1;
          continue;
        }
        if (action.kind === 'delay' && action.where !== 'response') await sleep(action.ms);
        if (client.destroyed) break;
        upstream.write(req.raw);
        const res = await readMessage(fromServer, 'response', method);
        if (res === null) break;
        stats.responses += 1;
        responses.push({ request: info, status: Number(res.startLine.split(' ')[1]), headers: res.headers, body: res.body, fault: action.kind });
        if (action.kind === 'drop_after') break;
        if (action.kind === 'reset_mid_body') {
          const bodyLength = res.raw.length - res.headLength;
          client.write(res.raw.subarray(0, res.headLength + Math.floor(bodyLength / 2)), () => client.resetAndDestroy());
          return;
        }
        if (action.kind === 'delay' && action.where === 'response') await sleep(action.ms);
        if (client.destroyed) break;
        const status = Number(res.startLine.split(' ')[1]);
        stats.delivered[status] = (stats.delivered[status] ?? 0) + 1;
        client.write(res.raw);
        if (res.closes || req.closes) {
          client.end();
          break;
        }
      }
    } catch {
      // a malformed message: drop the connection
    } finally {
      client.destroy();
      upstream.destroy();
    }
  }

  const server: Server = createServer((client) => void serve(client));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats,
    responses,
    setPolicy(p) {
      decide = p;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A policy from weights: for each request, `pick(req)` says which requests are eligible; `random` decides. */
export function randomFaults(
  random: () => number,
  rates: Partial<Record<Exclude<FaultKind, 'pass' | 'answer'>, number>>,
  eligible: (req: RequestInfo) => boolean = () => true,
  delayMs: [number, number] = [20, 200],
): (req: RequestInfo) => FaultAction {
  return (req) => {
    if (!eligible(req)) return { kind: 'pass' };
    let r = random();
    for (const [kind, rate] of Object.entries(rates) as [Exclude<FaultKind, 'pass' | 'answer'>, number][]) {
      if (r < rate) {
        if (kind === 'delay') {
          return { kind, ms: Math.round(delayMs[0] + random() * (delayMs[1] - delayMs[0])), where: random() < 0.5 ? 'request' : 'response' };
        }
        return { kind };
      }
      r -= rate;
    }
    return { kind: 'pass' };
  };
}
