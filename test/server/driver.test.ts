// The drivers hand dates over as their 'YYYY-MM-DD' text on both backends, whatever the server's time
// zone: pg would make a local-midnight Date, which in WITA (UTC+8) is the previous day in UTC, and the
// holiday calendar, incident dates and reference imports were read a day early on PostgreSQL.

import { afterEach, describe, expect, test } from 'vitest';
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
});
