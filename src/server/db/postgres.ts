import pg from 'pg';
import { from as copyFromStream, to as copyToStream } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BINARY_COPY_HEADER, BINARY_COPY_TRAILER } from './binaryCopy.js';
import type { CopyOptions, CopyRecords, Db, Queryable, Row } from './driver.js';

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

export async function openPostgres(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle pooled connection can be ended by the server (restart, pg_terminate_backend, DROP DATABASE …
  // FORCE). pg emits that on the pool; without a listener it would crash the process. The pool replaces it.
  pool.on('error', () => undefined);
  await pool.query('select 1');
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
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
    },
    async copyFrom(table: string, columns: readonly string[], records: CopyRecords, options = {}) {
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
    },
    async *copyTo(sql: string) {
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
    },
    async trySessionLock(key: number) {
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
    },
    close: () => pool.end(),
  };
}
