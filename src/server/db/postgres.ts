import pg from 'pg';
import { from as copyFromStream, to as copyToStream } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BINARY_COPY_HEADER, BINARY_COPY_TRAILER } from './binaryCopy.js';
import type { CopyOptions, CopyRecords, Db, Queryable, Row, SessionLock, Tx } from './driver.js';

/** COPY `table (columns)` FROM the records, streamed on `client`; the number of rows copied. */
async function copyInto(client: pg.ClientBase, table: string, columns: readonly string[], records: CopyRecords, options: CopyOptions = {}): Promise<number> {
  const sink = client.query(copyFromStream(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT ${options.binary ? 'binary' : 'csv'})`));
  await pipeline(Readable.from(options.binary ? framed(records) : records), sink);
  return Number(sink.rowCount ?? 0);
}

async function* framed(tuples: CopyRecords): AsyncGenerator<string | Uint8Array> {
  yield BINARY_COPY_HEADER;
  yield* tuples;
  yield BINARY_COPY_TRAILER;
}

const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v); // int8, numeric
    if (oid === 1082) return (v: string) => v; // date: pg would make a local-midnight Date (a day early east of UTC)
    return pg.types.getTypeParser(oid, format);
  },
};

function wrap(client: pg.Pool | pg.ClientBase): Queryable {
  return {
    async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
      const result = await client.query<T>({ text: sql, values: params as unknown[], types: typeParsers });
      return result.rows;
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  };
}

/**
 * libpq's multi-host URI, which node-postgres 8 does not read (its parser keeps one host): the hosts in
 * order, each as a one-host URL, and whether a read-write server is required (target_session_attrs). This
 * is the URI a failover tool hands out: `pg_autoctl show uri --formation default` prints
 * postgres://h1:p1,h2:p2/db?target_session_attrs=read-write.
 */
export function parseHosts(url: string): { urls: string[]; readWrite: boolean } {
  const m = /^(postgres(?:ql)?:\/\/)([^@/?#]*@)?([^/?#]*)([^?#]*)(\?[^#]*)?$/.exec(url);
  if (!m) return { urls: [url], readWrite: false };
  const [, scheme, userinfo = '', hostList, path, search = ''] = m;
  const params = new URLSearchParams(search);
  const attrs = params.get('target_session_attrs') ?? 'any';
  params.delete('target_session_attrs');
  const query = params.size > 0 ? `?${params.toString()}` : '';
  const hosts = hostList.split(',').filter((h) => h !== '');
  return { urls: (hosts.length > 0 ? hosts : ['']).map((h) => `${scheme}${userinfo}${h}${path}${query}`), readWrite: attrs === 'read-write' || attrs === 'primary' };
}

/** Errors after which the server in use may no longer be the primary: try the hosts again. */
function lostPrimary(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (e.code && ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', '57P01', '57P02', '57P03', '25006', '08006', '08001'].includes(e.code)) return true;
  return /Connection terminated|connection timeout|not queryable/i.test(e.message ?? '');
}

/**
 * The pool of the server to use: with several hosts, the first that answers (and, for read-write, says
 * transaction_read_only = off), as libpq does; after an error that may mean a failover, the hosts are tried
 * again (once at a time) and the pool moves to the new primary. Work in flight on the old one fails; the
 * client retries it (idempotency keys make that safe).
 */
class Target {
  pool: pg.Pool;
  private current: string;
  private probing: Promise<void> | null = null;

  constructor(
    private readonly urls: string[],
    private readonly readWrite: boolean,
  ) {
    this.current = urls[0];
    this.pool = Target.makePool(urls[0]);
  }

  static makePool(url: string): pg.Pool {
    const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000 });
    // An idle pooled connection can be ended by the server (restart, pg_terminate_backend, DROP DATABASE …
    // FORCE). pg emits that on the pool; without a listener it would crash the process. The pool replaces it.
    pool.on('error', () => undefined);
    // So can a checked-out one between two queries (a transaction doing its JS work, a held session lock, the
    // primary killed): pg emits that on the client, which the pool no longer listens to while it is out. Its
    // next query fails, and that failure is handled where the client is used.
    pool.on('connect', (client) => void client.on('error', () => undefined));
    return pool;
  }

  /** Finds the server to use (the first one for a single host). Throws when none qualifies. */
  async choose(): Promise<void> {
    if (this.urls.length === 1) {
      await this.pool.query('select 1');
      return;
    }
    let last: unknown = new Error('no host');
    for (const url of this.urls) {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
      client.on('error', () => undefined);
      try {
        await client.connect();
        const { rows } = await client.query<{ transaction_read_only: string }>('SHOW transaction_read_only');
        if (this.readWrite && rows[0].transaction_read_only !== 'off') throw new Error(`${url.replace(/\/\/[^@]*@/, '//')} is read-only`);
        if (url !== this.current) {
          const old = this.pool;
          this.pool = Target.makePool(url);
          this.current = url;
          void old.end().catch(() => undefined);
        }
        return;
      } catch (err) {
        last = err;
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    throw last;
  }

  /** After `err`: when it may mean the primary moved, look for it again (one search at a time). */
  async recover(err: unknown): Promise<void> {
    if (this.urls.length === 1 || !lostPrimary(err)) return;
    this.probing ??= this.choose().catch(() => undefined).finally(() => {
      this.probing = null;
    });
    await this.probing;
  }
}

export async function openPostgres(url: string): Promise<Db> {
  const { urls, readWrite } = parseHosts(url);
  const target = new Target(urls, readWrite);
  await target.choose();
  const watched = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (err) {
      await target.recover(err);
      throw err;
    }
  };
  const pooled: Queryable = {
    query: (sql, params) => watched(() => wrap(target.pool).query(sql, params)),
    exec: (sql) => watched(() => wrap(target.pool).exec(sql)),
  };
  return {
    kind: 'postgres',
    ...pooled,
    transaction: (fn) => watched(() => transactionOn(target.pool, fn)),
    copyFrom: (table, columns, records, options) => watched(() => copyFromOn(target.pool, table, columns, records, options)),
    copyTo: (sql) => copyToOn(target.pool, sql),
    trySessionLock: (key) => watched(() => trySessionLockOn(target.pool, key)),
    close: () => target.pool.end(),
  };
}

async function transactionOn<T>(pool: pg.Pool, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await fn({
      ...wrap(client),
      copyFrom: (table, columns, records, options) => copyInto(client, table, columns, records, options),
    });
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

async function copyFromOn(pool: pg.Pool, table: string, columns: readonly string[], records: CopyRecords, options: { trusted?: boolean } = {}): Promise<number> {
  const client = await pool.connect();
  let replica = false;
  try {
    if (options.trusted) {
      replica = await client.query('SET session_replication_role = replica').then(
        () => true,
        () => false, // not a superuser: keep every check
      );
    }
    return await copyInto(client, table, columns, records);
  } finally {
    if (replica) await client.query('SET session_replication_role = origin').catch(() => undefined);
    client.release();
  }
}

async function* copyToOn(pool: pg.Pool, sql: string): AsyncGenerator<Buffer> {
  const client = await pool.connect();
  let finished = false;
  try {
    const source = client.query(copyToStream(sql));
    for await (const chunk of source) yield chunk as Buffer;
    finished = true;
  } finally {
    // a connection left in the middle of a COPY cannot be reused: destroy it
    client.release(finished ? undefined : new Error('COPY TO stopped early'));
  }
}

/** Db.trySessionLock: the lock's connection stays out of the pool until released. */
async function trySessionLockOn(pool: pg.Pool, key: number): Promise<SessionLock | null> {
  const client = await pool.connect();
  let held = false;
  try {
    const [row] = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [key])).rows;
    held = row.ok;
  } finally {
    if (!held) client.release();
  }
  if (!held) return null;
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      // a connection whose unlock failed may still hold the lock: destroy it rather than pool it
      const failed = await client.query('SELECT pg_advisory_unlock($1)', [key]).then(() => undefined, (err: Error) => err);
      client.release(failed);
    },
  };
}
