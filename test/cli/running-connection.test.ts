// runningConnection (shell completion's API): the configured one, else a `lapor serve` that the data dir's
// lock names, else null — never an embedded server started, never the lock taken or waited for.

import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigStore } from '../../src/cli/config.js';
import { runningConnection, type ResolveOptions } from '../../src/cli/connection.js';

function options(env: Record<string, string> = {}): ResolveOptions & { dataDir: string } {
  const home = mkdtempSync(join(tmpdir(), 'lapor-running-'));
  return {
    globals: {},
    env,
    config: new ConfigStore(join(home, 'config')),
    dataDir: join(home, 'data'),
    lang: 'en',
    version: 'test',
    notice: () => {
      throw new Error('no notice expected');
    },
    lockWaitMs: 0,
    sleep: async () => {
      throw new Error('no wait expected');
    },
  };
}

describe('runningConnection', () => {
  it('is the configured API when there is one', async () => {
    const o = options({ LAPOR_API_URL: 'http://127.0.0.1:1234', LAPOR_TOKEN: 'tok-123456789' });
    expect(await runningConnection(o)).toMatchObject({ baseUrl: 'http://127.0.0.1:1234', token: 'tok-123456789', source: 'env' });
  });

  it('is null in embedded mode with nothing running, and leaves the data dir alone', async () => {
    const o = options();
    expect(await runningConnection(o)).toBeNull();
    expect(existsSync(o.dataDir)).toBe(false);
  });

  it('is the `lapor serve` the lock names, with the data dir admin token; not another command own server', async () => {
    const o = options();
    mkdirSync(o.dataDir, { mode: 0o700 });
    writeFileSync(join(o.dataDir, 'admin-token'), 'admin-token-0123456789\n', { mode: 0o600 });
    const lock = (mode: string) =>
      writeFileSync(join(o.dataDir, 'lapor.lock'), JSON.stringify({ pid: process.pid, startedAt: '2026-12-07T00:00:00Z', url: 'http://127.0.0.1:4321', mode }));
    lock('serve');
    expect(await runningConnection(o)).toMatchObject({ baseUrl: 'http://127.0.0.1:4321', token: 'admin-token-0123456789', source: 'embedded-shared' });
    lock('embedded');
    expect(await runningConnection(o)).toBeNull();
  });

  it('is the background server the lock names when it is ready; not one starting or leaving', async () => {
    const o = options();
    mkdirSync(o.dataDir, { mode: 0o700 });
    writeFileSync(join(o.dataDir, 'admin-token'), 'admin-token-0123456789\n', { mode: 0o600 });
    const lock = (state: string) =>
      writeFileSync(
        join(o.dataDir, 'lapor.lock'),
        JSON.stringify({ pid: process.pid, startedAt: '2026-12-07T00:00:00Z', mode: 'daemon', state, url: 'http://127.0.0.1:4321', version: 'test' }),
      );
    lock('ready');
    expect(await runningConnection(o)).toMatchObject({ baseUrl: 'http://127.0.0.1:4321', token: 'admin-token-0123456789', source: 'embedded' });
    for (const state of ['starting', 'closing']) {
      lock(state);
      expect(await runningConnection(o), state).toBeNull();
    }
  });
});
