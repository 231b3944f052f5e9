import { PGlite, types } from '@electric-sql/pglite';
import { BINARY_COPY_HEADER, BINARY_COPY_TRAILER } from './binaryCopy.js';
import type { CopyOptions, CopyRecords, Db, Queryable, Row } from './driver.js';

const parsers = {
  [types.INT8]: (v: string) => Number(v),
  [types.NUMERIC]: (v: string) => Number(v),
  [types.DATE]: (v: string) => v, // as with pg: the calendar date as written, 'YYYY-MM-DD'
};

function wrap(q: Pick<PGlite, 'query' | 'exec'>): Queryable {
  return {
    async query<T extends Row>(sql: string, params: readonly unknown[] = []) {
      const result = await q.query<T>(sql, params as unknown[], { parsers });
      return result.rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  };
}

/**
 * COPY from records through PGlite's /dev/blob: the records are gathered into slices of about 8 MiB and
 * each slice is one COPY (binary tuples framed each time), so a large input never sits in memory whole.
 */
async function copyInSlices(
  q: Pick<PGlite, 'query'>,
  table: string,
  columns: readonly string[],
  records: CopyRecords,
  options: CopyOptions = {},
): Promise<number> {
  const sliceChars = 8 * 1024 * 1024;
  let pending: (string | Uint8Array)[] = [];
  let pendingChars = 0;
  let total = 0;
  const sql = `COPY ${table} (${columns.join(', ')}) FROM '/dev/blob' WITH (FORMAT ${options.binary ? 'binary' : 'csv'})`;
  const flush = async () => {
    if (pending.length === 0) return;
    const blob = new Blob(options.binary ? [BINARY_COPY_HEADER, ...pending, BINARY_COPY_TRAILER] : pending);
    pending = [];
    pendingChars = 0;
    const result = await q.query(sql, [], { blob });
    total += result.affectedRows ?? 0;
  };
  for await (const record of records) {
    pending.push(record);
    pendingChars += record.length;
    if (pendingChars >= sliceChars) await flush();
  }
  await flush();
  return total;
}

export async function openPglite(dataDir: string): Promise<Db> {
  const pg = await PGlite.create(dataDir === 'memory://' ? undefined : dataDir);
  const base = wrap(pg);
  // PGlite is one session in one process (the data dir's lock file keeps other processes out), where
  // pg_try_advisory_lock would succeed again for a second holder: the keys held are kept here instead.
  const held = new Set<number>();
  return {
    kind: 'pglite',
    ...base,
    transaction: (fn) =>
      pg.transaction((tx) =>
        fn({ ...wrap(tx), copyFrom: (table, columns, records, options) => copyInSlices(tx, table, columns, records, options) }),
      ),
    copyFrom: (table, columns, records) => copyInSlices(pg, table, columns, records),
    async trySessionLock(key: number) {
      if (held.has(key)) return null;
      held.add(key);
      return { release: async () => void held.delete(key) };
    },
    close: () => pg.close(),
  };
}
