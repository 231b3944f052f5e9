// Migrations run once: a second run applies nothing, and on PostgreSQL three API instances starting at
// the same moment apply them exactly once between them (an advisory lock serialises them).

import { describe, expect, test } from 'vitest';
import { openDb } from '../../src/server/db/driver.js';
import { migrate, MIGRATIONS } from '../../src/server/db/migrations.js';
import { BACKENDS, freshPostgresDatabase } from '../helpers/server.js';

describe('migrations', () => {
  test('PGlite: the first run applies every migration, the second none', async () => {
    const db = await openDb({ dataDir: 'memory://' });
    try {
      expect(await migrate(db)).toBe(MIGRATIONS.length);
      expect(await migrate(db)).toBe(0);
      const rows = await db.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    } finally {
      await db.close();
    }
  });

  test.runIf(BACKENDS.includes('postgres'))('PostgreSQL: three concurrent starts migrate exactly once', async () => {
    const fresh = await freshPostgresDatabase();
    const dbs = await Promise.all([1, 2, 3].map(() => openDb({ databaseUrl: fresh.url })));
    try {
      const counts = await Promise.all(dbs.map((d) => migrate(d)));
      expect(counts.sort()).toEqual([0, 0, MIGRATIONS.length]);
    } finally {
      await Promise.all(dbs.map((d) => d.close()));
      await fresh.drop();
    }
  });
});
