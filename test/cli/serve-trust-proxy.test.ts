// `lapor serve --trust-proxy`: a hop count, or addresses/CIDRs (and proxy-addr's named ranges); anything else
// is a usage error at parse time, before a server starts. The server side is test/server/api-contract.test.ts.

import { describe, expect, test } from 'vitest';
import { createServeCommand, type ServeOptions } from '../../src/commands/serve/serve.js';
import { createTestDeps } from '../helpers/deps.js';

async function parse(args: string[]): Promise<ServeOptions> {
  const deps = createTestDeps();
  let seen: ServeOptions | null = null;
  const cmd = createServeCommand(deps, async (opts) => {
    seen = opts;
  });
  cmd.exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  await cmd.parseAsync(args, { from: 'user' });
  return seen!;
}

describe('lapor serve --trust-proxy', () => {
  test('absent: no proxy is trusted', async () => {
    expect((await parse([])).trustProxy).toBeUndefined();
  });

  test('a hop count, or addresses and CIDRs', async () => {
    expect((await parse(['--trust-proxy', '2'])).trustProxy).toBe(2);
    expect((await parse(['--trust-proxy', '10.0.0.5, 10.1.0.0/16,::1,fd00::/8,loopback'])).trustProxy).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  test.each(['0', '33', 'balancer.local', '10.0.0.0/33', '10.0.0.1/8/1', '', '10.0.0.1,,10.0.0.2'])('%j is a usage error', async (value) => {
    await expect(parse(['--trust-proxy', value])).rejects.toMatchObject({ code: 'commander.invalidArgument' });
  });
});
