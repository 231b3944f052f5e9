// `lapor import` as users run it: the real binary (node bin/lapor.js over dist/) in child processes against
// a real API (PGlite) — files and standard input, exit codes 0/1/3, the rejects file, the progress line on a
// (forced) terminal, and `case history` of an imported case. dist/ is rebuilt once before the tests.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { ROOT, homeEnv, runLapor, type Exit } from '../helpers/spawn.js';
import { CSV_DIR, MALFORMED_DIR } from './helpers.js';

let server: TestServer;
let home: string;

function lapor(args: readonly string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<Exit> {
  const env = homeEnv(home, { LAPOR_API_URL: server.url, LAPOR_TOKEN: server.tokens.admin, ...options.env });
  return runLapor(args, { cwd: home, env, stdin: options.stdin ?? '' });
}

beforeAll(async () => {
  const build = spawnSync('npx', ['tsc', '-p', '.'], { cwd: ROOT, encoding: 'utf8' });
  // dist/ must hold the CLI; a type error elsewhere (work in progress) still emits JavaScript
  expect(existsSync(join(ROOT, 'dist', 'commands', 'import', 'cases.js')), build.stdout + build.stderr).toBe(true);
  home = mkdtempSync(join(tmpdir(), 'lapor-e2e-import-'));
  server = await startTestServer('pglite');
}, 180_000);

afterAll(async () => {
  await server?.close();
});

describe('lapor import (spawned)', () => {
  it('imports the official sample (exit 0), then finds it unchanged; history shows the import event', async () => {
    const file = join(CSV_DIR, 'official-sample.csv');
    const first = await lapor(['import', 'cases', file, '--format', 'json']);
    expect(first.code, first.err).toBe(0);
    expect(JSON.parse(first.out).summary).toMatchObject({ created: 6, rejected: 0, applied: true });
    const again = await lapor(['import', 'cases', file, '--format', 'json']);
    expect(JSON.parse(again.out).summary).toMatchObject({ created: 0, unchanged: 6 });
    const history = await lapor(['cases', 'history', 'LPR-2023-0806-001', '--format', 'json']);
    expect(history.code, history.err).toBe(0);
    const events = JSON.parse(history.out) as { action: string; note: string }[];
    expect(events.map((e) => e.action)).toEqual(['import']);
  });

  it('reads standard input; strict failure exits 1 and keeps nothing; --skip-bad-rows exits 3 with a rejects file', async () => {
    const text = readFileSync(join(MALFORMED_DIR, 'bad-dates.csv'), 'utf8');
    const strict = await lapor(['import', 'cases', '-'], { stdin: text });
    expect(strict.code).toBe(1);
    expect(strict.out).toContain('line 3, column submittedAt [D-2]: invalid_date');
    expect(strict.err).toContain('2 bad rows; nothing was imported');
    const skip = await lapor(['import', 'cases', '-', '--skip-bad-rows', '--rejects', 'bad.csv'], { stdin: text });
    expect(skip.code, skip.err).toBe(3);
    expect(readFileSync(join(home, 'bad.csv'), 'utf8')).toBe(
      'trackingId,classification,title,body,channel,status,submittedAt,institutionId,categoryId,reason\n' +
        'D-2,complaint,Judul,Isi,web,submitted,32 Agu 2023,badung.dinkes,kesehatan,invalid_date:submittedAt\n' +
        'D-3,complaint,Judul,Isi,web,submitted,2023-02-30,badung.dinkes,kesehatan,invalid_date:submittedAt\n',
    );
    // standard input was spooled for the second reading (the rejects file), and the spool is gone
    expect(existsSync(join(home, 'state', 'lapor')), 'the spool directory was created').toBe(true);
    expect(readdirSync(join(home, 'state', 'lapor')).filter((f) => f.startsWith('import-stdin-'))).toEqual([]);
    const show = await lapor(['cases', 'show', 'D-4', '--format', 'json']);
    expect(show.code, show.err).toBe(0);
  });

  it('shows a progress line with rows/s on a terminal, never on stdout', async () => {
    const r = await lapor(['import', 'cases', join(MALFORMED_DIR, 'duplicate-ids.csv'), '--dry-run', '--format', 'json'], { env: { LAPOR_FORCE_TTY: '1' } });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\r\x1b\[Krows 5 · [\d.,]+\/s/);
    expect(JSON.parse(r.out).rejects).toHaveLength(2);
  });

  it('refuses a token that may not import (exit 4)', async () => {
    const r = await lapor(['import', 'cases', join(CSV_DIR, 'official-sample.csv')], { env: { LAPOR_TOKEN: server.tokens['admin.badung'] } });
    expect(r.code).toBe(4);
    expect(r.err).toContain('403');
  });
});
