// Issue 15 item 5: the admin token of a data dir (src/server/adminToken.ts). A first start writes it whole;
// the states a killed start leaves (the row committed and a 0-byte file, as the old order left 1 kill in 10;
// a file whose secret no row knows) are completed by the next start; with a database URL a missing file is
// another instance's business and is left alone. Each on PGlite and (with DATABASE_URL) PostgreSQL.

import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startServer } from '../../src/server/main.js';
import { BACKENDS, call, freshPostgresDatabase } from '../helpers/server.js';

async function withBackend(backend: string, fn: (start: () => ReturnType<typeof startServer>, dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lapor-admin-token-'));
  const pg = backend === 'postgres' ? await freshPostgresDatabase() : null;
  try {
    await fn(() => startServer({ version: 'test', dataDir: dir, databaseUrl: pg?.url, adminTokenFile: join(dir, 'admin-token') }), dir);
  } finally {
    await pg?.drop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const secretIn = (dir: string) => readFileSync(join(dir, 'admin-token'), 'utf8').trim();
const whoami = async (url: string, token: string) => (await call<{ name: string; role: string }>(url, 'GET', '/v1/me', { token })).status;

describe.each(BACKENDS)('the admin token file (%s)', (backend) => {
  it('a first start writes a whole token (0600) that works, and nothing beside it', async () => {
    await withBackend(backend, async (start, dir) => {
      const s = await start();
      try {
        expect(s.adminToken).toBe('first');
        expect(statSync(join(dir, 'admin-token')).mode & 0o777).toBe(0o600);
        expect(await whoami(s.url, secretIn(dir))).toBe(200);
        expect(readdirSync(dir).filter((n) => n.startsWith('admin-token'))).toEqual(['admin-token']);
      } finally {
        await s.close();
      }
      const again = await start();
      expect(again.adminToken).toBeNull(); // nothing to do the second time
      await again.close();
    });
  }, 120_000);

  it('a 0-byte token file beside a committed token row (a start killed while writing it) gets a new token that works', async () => {
    await withBackend(backend, async (start, dir) => {
      const first = await start();
      const lost = secretIn(dir);
      await first.close();
      writeFileSync(join(dir, 'admin-token'), ''); // what the old order left
      const s = await start();
      try {
        expect(s.adminToken).toBe('damaged');
        const fresh = secretIn(dir);
        expect(fresh).not.toBe(lost);
        expect(await whoami(s.url, fresh)).toBe(200);
        expect(await whoami(s.url, lost)).toBe(401); // the orphan's secret no longer works
      } finally {
        await s.close();
      }
    });
  }, 120_000);

  it('a token file whose secret no row knows (killed before the commit) is replaced by the next start', async () => {
    await withBackend(backend, async (start, dir) => {
      writeFileSync(join(dir, 'admin-token'), 'lpr_never-committed\n', { mode: 0o600 });
      const s = await start();
      try {
        expect(s.adminToken).toBe('first');
        expect(await whoami(s.url, secretIn(dir))).toBe(200);
      } finally {
        await s.close();
      }
    });
  }, 120_000);

  it(backend === 'pglite' ? 'a missing file on a PGlite data dir is written anew' : 'a missing file with a database URL is left alone (another instance holds the token)', async () => {
    await withBackend(backend, async (start, dir) => {
      const first = await start();
      const held = secretIn(dir);
      await first.close();
      rmSync(join(dir, 'admin-token'));
      const s = await start();
      try {
        if (backend === 'pglite') {
          expect(s.adminToken).toBe('missing');
          expect(await whoami(s.url, secretIn(dir))).toBe(200);
        } else {
          expect(s.adminToken).toBeNull();
          expect(await whoami(s.url, held)).toBe(200);
        }
      } finally {
        await s.close();
      }
    });
  }, 120_000);
});
