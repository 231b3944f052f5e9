// One language at a time (issue 18): what the CLI says itself about its configuration and connection is in
// the session's language, also where it used to build English sentences (a token file others can read, an
// unknown profile, a bad API URL or profile name, whoami's source).

import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSecretFile } from '../../src/cli/config.js';
import { checkProfileName } from '../../src/cmdutil/config.js';
import { CliError } from '../../src/io/errors.js';
import { run } from '../helpers/deps.js';

async function refusal(work: () => unknown): Promise<CliError> {
  try {
    await work();
  } catch (err) {
    if (err instanceof CliError) return err;
    throw err;
  }
  throw new Error('expected a CliError');
}

describe('configuration errors in the session language', () => {
  it('a token file others can read: refused in Indonesian, with the chmod hint', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'lapor-lang-')), 'p1');
    writeFileSync(file, 'secret-token-123456\n');
    chmodSync(file, 0o644);
    const err = await refusal(() => readSecretFile(file));
    expect(err.localizedMessage('id')).toBe(`file token ${file} dapat dibaca pengguna lain (mode 644); token tidak dipakai`);
    expect(err.localizedHint('id')).toBe(`jalankan: chmod 600 ${file}`);
    expect(err.localizedMessage('en')).toBe(`token file ${file} is readable by other users (mode 644); refusing to use it`);
  });

  it('a bad profile name: refused in Indonesian', async () => {
    const err = await refusal(() => checkProfileName('a b'));
    expect(err.localizedMessage('id')).toBe('nama profil tidak valid: "a b": pakai huruf, angka, ".", "_" atau "-"');
    expect(err.localizedMessage('en')).not.toBe(err.localizedMessage('id'));
  });

  it('whoami names its source in the session language (the JSON keeps the wire value)', async () => {
    const id = await run(['whoami', '--lang', 'id'], { tty: true });
    expect(id.code, id.err).toBe(0);
    expect(id.out).toContain('Sumber:   opsi --api\n');
    const en = await run(['whoami', '--lang', 'en'], { tty: true });
    expect(en.out).toMatch(/Source: +the --api flag\n/);
    const json = await run(['whoami', '--format', 'json', '--lang', 'id']);
    expect(JSON.parse(json.out)).toMatchObject({ source: 'flag' });
  });
});
