// Issue 15, item 8: an exported file with the reporters' words (--content full) or identity (pii) is the
// owner's alone (mode 0600, also when it replaces an existing world-readable file); a statistical file takes
// the umask like any other file the user writes.

import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExportCasesParams, ExportDownload } from '../../src/api/types.js';
import { runCli } from '../../src/cli/main.js';
import { EXPORT_PROFILES } from '../../src/domain/export.js';
import { createTestDeps } from '../helpers/deps.js';

const CSV = 'trackingId,title\r\nA-1,"Jalan, rusak"\r\n';

async function exportTo(file: string, args: readonly string[]): Promise<number> {
  const argv = ['export', 'cases', ...args, '-o', file];
  const deps = createTestDeps({ argv, env: { LANG: 'en_US.UTF-8' } });
  const exportCases = async (query: ExportCasesParams = {}): Promise<ExportDownload> => {
    async function* body() {
      yield Buffer.from(CSV);
    }
    return { body: body(), profile: query.profile ?? 'statistical', rows: () => 1, cancel: () => undefined };
  };
  Object.assign(deps.fake, { exportCases });
  return runCli(argv, deps);
}

const ARGS: Record<(typeof EXPORT_PROFILES)[number], string[]> = {
  statistical: [],
  full: ['--content', 'full'],
  pii: ['--content', 'pii', '--purpose', 'Permintaan Ombudsman'],
};

describe('the mode of an exported file', () => {
  for (const profile of EXPORT_PROFILES) {
    it(`--content ${profile}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'lapor-export-mode-'));
      // what the umask makes of a file anyone may read: the mode a statistical export gets
      const plain = join(dir, 'plain.txt');
      writeFileSync(plain, '', { mode: 0o666 });
      const umasked = statSync(plain).mode & 0o777;
      const expected = profile === 'statistical' ? umasked : 0o600;

      const fresh = join(dir, 'f.csv');
      expect(await exportTo(fresh, ARGS[profile])).toBe(0);
      expect(statSync(fresh).mode & 0o777).toBe(expected);

      // replacing a world-readable file does not keep its mode
      const existing = join(dir, 'old.csv');
      writeFileSync(existing, 'old', { mode: 0o644 });
      expect(await exportTo(existing, ARGS[profile])).toBe(0);
      expect(statSync(existing).mode & 0o777).toBe(profile === 'statistical' ? umasked : 0o600);
    });
  }
});
