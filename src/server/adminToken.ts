// The admin token a first start writes to `<data dir>/admin-token` (mode 0600), made so that a start killed
// at any moment leaves a state the next start completes. One transaction, under an advisory lock (one
// instance mints, concurrent ones wait and see it): the secret is written to a temp file in the same dir,
// synced and renamed over the token file (the file holds a whole token or none), and only then is its row
// written; the commit makes it count. Killed before the commit: the file holds a secret that no row knows,
// the database has no token, and the next start mints again. Killed after: both are there.
//
// The next start also heals what an earlier start (of an older version) left: a token file that exists but
// holds no token (a start killed while writing it), or, for a PGlite data dir (the database lives in the
// data dir and only one process opens it), a missing file or one whose token this database does not accept.
// Healing gives the `admin` token a new secret (the old one stops working: nobody holds it, or it was
// revoked) and writes it to the file. With a database URL the data dir is one instance's among many: a
// missing file there is normal (another instance made the token) and is left alone.

import { open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { hashToken, newTokenSecret, TOKEN_PREFIX } from './auth.js';
import { ADVISORY_LOCKS } from './db/advisoryLocks.js';
import type { Db } from './db/driver.js';

/** Why a start wrote the token file: a first start, or the file was missing, damaged, or not accepted. */
export type AdminTokenWritten = 'first' | 'missing' | 'damaged' | 'stale';

export const ADMIN_TOKEN_NAME = 'admin';

type TokenFile = { kind: 'missing' } | { kind: 'damaged' } | { kind: 'token'; secret: string };

async function readTokenFile(file: string): Promise<TokenFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw err;
  }
  const secret = text.trim();
  return secret.startsWith(TOKEN_PREFIX) && /^\S+$/.test(secret) ? { kind: 'token', secret } : { kind: 'damaged' };
}

/** Replaces `file` with `text` whole: a temp file in the same dir, synced, renamed over it, the dir synced. */
export async function writeFileAtomic(file: string, text: string, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await rm(tmp, { force: true });
  const handle = await open(tmp, 'wx', mode);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, file);
  const dir = await open(dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
}

/**
 * Makes sure `file` holds a usable admin token (see the header). `exclusive`: the database is the data dir's
 * own (PGlite). Returns why the file was written, or null when it was left as it was.
 */
export async function ensureAdminToken(db: Db, file: string, options: { exclusive: boolean }): Promise<AdminTokenWritten | null> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.adminToken]);
    const [{ n }] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM tokens WHERE revoked_at IS NULL');
    const found = await readTokenFile(file);
    let why: AdminTokenWritten | null = null;
    if (n === 0) why = 'first';
    else if (found.kind === 'damaged') why = 'damaged';
    else if (options.exclusive && found.kind === 'missing') why = 'missing';
    else if (options.exclusive && found.kind === 'token') {
      const rows = await tx.query('SELECT 1 FROM tokens WHERE hash = $1 AND revoked_at IS NULL', [hashToken(found.secret)]);
      if (rows.length === 0) why = 'stale';
    }
    if (why === null) return null;
    const secret = newTokenSecret();
    await writeFileAtomic(file, `${secret}\n`, 0o600);
    await tx.query(
      `INSERT INTO tokens (name, hash, role, institution_id) VALUES ($1, $2, 'national_admin', NULL)
       ON CONFLICT (name) DO UPDATE SET hash = EXCLUDED.hash, role = EXCLUDED.role, institution_id = NULL, revoked_at = NULL`,
      [ADMIN_TOKEN_NAME, hashToken(secret)],
    );
    return why;
  });
}
