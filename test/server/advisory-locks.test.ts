// The advisory-lock numbers (src/server/db/advisoryLocks.ts): each named once, no two alike, and no bare
// number passed to pg_advisory_* anywhere else in the server (the case import and the statistics refresh
// once shared 7263522 by accident).

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADVISORY_LOCKS } from '../../src/server/db/advisoryLocks.js';

const SRC = resolve(import.meta.dirname, '../../src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

describe('advisory locks', () => {
  it('are distinct integers', () => {
    const values = Object.values(ADVISORY_LOCKS);
    expect(values.every((v) => Number.isSafeInteger(v))).toBe(true);
    expect(new Set(values).size).toBe(values.length);
  });

  it('are never a bare number in a pg_advisory_* call', () => {
    expect('SELECT pg_advisory_xact_lock(7263521)').toMatch(/pg_(try_)?advisory_\w*lock\w*\(\s*\d/); // what it finds
    const bare = sources(SRC)
      .filter((f) => !f.endsWith(join('db', 'advisoryLocks.ts')))
      .flatMap((f) =>
        readFileSync(f, 'utf8')
          .split('\n')
          .map((line, i) => ({ where: `${f.slice(SRC.length + 1)}:${i + 1}`, line }))
          .filter(({ line }) => /pg_(try_)?advisory_\w*lock\w*\(\s*\d/.test(line)),
      );
    expect(bare).toEqual([]);
  });
});
