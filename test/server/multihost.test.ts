// The multi-host connection URI (libpq's, as pg_autoctl prints it) that node-postgres 8 does not read:
// parsed into one-host URLs, and the first server that answers is used.

import pg from 'pg';
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

describe.each(POSTGRES_URL ? ['postgres'] : [])('openPostgres with several hosts (%s)', () => {
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

  it('a checked-out connection ended by the server fails its next query instead of crashing the process', async () => {
    const fresh = await freshPostgresDatabase();
    const db = await openPostgres(fresh.url);
    const admin = new pg.Client({ connectionString: fresh.url });
    await admin.connect();
    try {
      const work = db.transaction(async (tx) => {
        const [{ pid }] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await admin.query('SELECT pg_terminate_backend($1)', [pid]);
        // the server's FATAL arrives while this client runs no query (as when a primary dies mid-transaction)
        await new Promise((r) => setTimeout(r, 300));
        await tx.query('SELECT 1');
      });
      await expect(work).rejects.toThrow();
      const [{ one }] = await db.query<{ one: number }>('SELECT 1 AS one');
      expect(one).toBe(1);
    } finally {
      await admin.end();
      await db.close();
      await fresh.drop();
    }
  });
});
