// The multi-host connection URI (libpq's, as pg_autoctl prints it) that node-postgres 8 does not read:
// parsed into one-host URLs, and the first server that answers is used.

import { describe, expect, it } from 'vitest';
import { openPostgres, parseHosts } from '../../src/server/db/postgres.js';
import { freshPostgresDatabase, POSTGRES_URL } from '../helpers/server.js';

describe('parseHosts', () => {
  it('splits the hosts of a pg_autoctl URI and keeps target_session_attrs for itself', () => {
    expect(parseHosts('postgres://127.0.0.1:6001,127.0.0.1:6002/lapor?target_session_attrs=read-write')).toEqual({
      urls: ['postgres://127.0.0.1:6001/lapor', 'postgres://127.0.0.1:6002/lapor'],
      readWrite: true,
    });
    expect(parseHosts('postgresql://u:p%40ss@db1,db2:5433/x?application_name=lapor')).toEqual({
      urls: ['postgresql://u:p%40ss@db1/x?application_name=lapor', 'postgresql://u:p%40ss@db2:5433/x?application_name=lapor'],
      readWrite: false,
    });
    expect(parseHosts('postgres://postgres@127.0.0.1:55432/postgres')).toEqual({ urls: ['postgres://postgres@127.0.0.1:55432/postgres'], readWrite: false });
  });
});

describe.runIf(POSTGRES_URL)('openPostgres with several hosts', () => {
  it('skips a host that does not answer and uses the next', async () => {
    const fresh = await freshPostgresDatabase();
    const url = new URL(fresh.url);
    // port 1 on loopback refuses at once
    const multi = `postgres://${url.username}@127.0.0.1:1,${url.host}${url.pathname}?target_session_attrs=read-write`;
    const db = await openPostgres(multi);
    try {
      const [row] = await db.query<{ port: number }>('SELECT inet_server_port() AS port');
      expect(Number(row.port)).toBe(Number(url.port));
    } finally {
      await db.close();
      await fresh.drop();
    }
  });
});
