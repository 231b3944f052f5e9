// Bearer tokens: a random secret shown once, stored only as its SHA-256. A token belongs to a role and,
// except for national roles, to an institution subtree.

import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = 'lpr_';

export function newTokenSecret(): string {
  return TOKEN_PREFIX + randomBytes(24).toString('base64url');
}

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** The secret of an `Authorization: Bearer …` header, or null. */
export function bearerSecret(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}
