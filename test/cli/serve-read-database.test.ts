// `lapor serve --read-database-url`: a postgres:// URL of a streaming standby, only beside a primary
// (--database-url or DATABASE_URL); anything else is a usage error before a server starts. The server side is
// test/cluster/cluster.test.ts (a real standby) and test/api/standby.test.ts.

import { describe, expect, test } from 'vitest';
import { createServeCommand, type ServeOptions } from '../../src/commands/serve/serve.js';
import { UsageError } from '../../src/io/errors.js';
import { createTestDeps } from '../helpers/deps.js';

async function parse(args: string[], env: Record<string, string> = {}): Promise<ServeOptions> {
  const deps = createTestDeps({ env });
  let seen: ServeOptions | null = null;
  const cmd = createServeCommand(deps, async (opts) => {
    seen = opts;
  });
  cmd.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  await cmd.parseAsync(args, { from: 'user' });
  return seen!;
}

describe('lapor serve --read-database-url', () => {
  test('beside --database-url or DATABASE_URL', async () => {
    const standby = 'postgres://lapor@db2/lapor';
    expect((await parse(['--database-url', 'postgres://lapor@db1/lapor', '--read-database-url', standby])).readDatabaseUrl).toBe(standby);
    expect((await parse(['--read-database-url', standby], { DATABASE_URL: 'postgres://lapor@db1/lapor' })).readDatabaseUrl).toBe(standby);
    expect((await parse([])).readDatabaseUrl).toBeUndefined();
  });

  test('without a primary it is a usage error', async () => {
    await expect(parse(['--read-database-url', 'postgres://lapor@db2/lapor'])).rejects.toBeInstanceOf(UsageError);
  });

  test.each(['/var/lib/lapor', 'mysql://db2/lapor', ''])('%j is a usage error', async (value) => {
    await expect(parse(['--database-url', 'postgres://db1/lapor', '--read-database-url', value])).rejects.toMatchObject({ code: 'commander.invalidArgument' });
  });
});
