// The drivers hand dates over as their 'YYYY-MM-DD' text on both backends, whatever the server's time
// zone: pg would make a local-midnight Date, which in WITA (UTC+8) is the previous day in UTC, and the
// holiday calendar, incident dates and reference imports were read a day early on PostgreSQL.

import { afterEach, describe, expect, test } from 'vitest';
import { BinaryTuples, eachTuple } from '../../src/server/db/binaryCopy.js';
import { openDb, type Db } from '../../src/server/db/driver.js';
import { BACKENDS, freshPostgresDatabase } from '../helpers/server.js';

describe.each(BACKENDS)('driver (%s)', (backend) => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  test.each(['Asia/Makassar', 'America/New_York', 'UTC'])('a date comes back as written, in TZ=%s', async (tz) => {
    process.env.TZ = tz;
    const fresh = backend === 'postgres' ? await freshPostgresDatabase() : null;
    const db: Db = await openDb({ databaseUrl: fresh?.url, dataDir: 'memory://' });
    try {
      const [row] = await db.query<{ d: unknown; n: unknown }>("SELECT DATE '2024-01-05' AS d, NULL::date AS n");
      expect(row).toEqual({ d: '2024-01-05', n: null });
    } finally {
      await db.close();
      await fresh?.drop();
    }
  });

  test('binary COPY tuples load every type as written, and are read back tuple by tuple', async () => {
    const fresh = backend === 'postgres' ? await freshPostgresDatabase() : null;
    const db: Db = await openDb({ databaseUrl: fresh?.url, dataDir: 'memory://' });
    const long = `${'panjang '.repeat(40_000)}ü`; // over one 256 KiB buffer: its tuple moves to the next one whole
    const rows = [
      ['JKT-1', 'Jalan "rusak", ya;\ttab\nbaris', true, 5, 7, '2024-02-29', '2024-01-15T02:00:00.123Z'],
      ['JKT-2', 'Kota Bogor — ü ✓ 😀', false, -3, -70_000, '1999-12-31', '1969-07-20T20:17:40.000Z'],
      ['JKT-3', null, null, null, null, null, null],
      ['JKT-4', long, true, 1, 2_000_000_000, '2100-12-31', '2099-12-31T23:59:59.999Z'],
      ['JKT-5', '', false, 0, 0, '2000-01-01', '2000-01-01T00:00:00.000Z'],
    ] as const;
    const tuples = new BinaryTuples();
    for (const [id, text, flag, small, int, day, at] of rows) tuples.tuple(7).text(id).text(text).bool(flag).int2(small).int4(int).date(day).timestamptz(at);
    const chunks = tuples.finish();
    try {
      expect(chunks.length).toBeGreaterThan(1);
      expect([...eachTuple(chunks)].map((t) => t.fields)).toEqual([7, 7, 7, 7, 7]);
      await db.exec('CREATE TABLE t (id text, body text, flag boolean, small smallint, n integer, day date, at timestamptz)');
      const copied = await db.transaction((tx) => tx.copyFrom('t', ['id', 'body', 'flag', 'small', 'n', 'day', 'at'], chunks, { binary: true }));
      expect(copied).toBe(rows.length);
      const back = await db.query<{ id: string; body: string | null; flag: boolean | null; small: number | null; n: number | null; day: string | null; at: Date | null }>(
        'SELECT * FROM t ORDER BY id',
      );
      expect(back.map((r) => [r.id, r.body, r.flag, r.small, r.n, r.day, r.at?.toISOString() ?? null])).toEqual(rows);
    } finally {
      await db.close();
      await fresh?.drop();
    }
  });
});
