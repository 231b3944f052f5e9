// `lapor export cases` end to end: the real binary (node bin/lapor.js over dist/) in child processes against a
// real API (PGlite, and PostgreSQL when DATABASE_URL is set), plus a fake server that breaks off half-way.
// Checks: stdout streaming, files written whole (temp + rename), mode 0600 for pii, the audit record, no
// file (and no temp file) left on any failure, usage errors before any request, exit codes.

import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAudit } from '../../src/server/exportAudit.js';
import { BACKENDS, call, startTestServer, type TestServer } from '../helpers/server.js';
import { BIN, ROOT, homeEnv } from '../helpers/spawn.js';

interface Result {
  code: number | null;
  out: Buffer;
  err: string;
}

let home: string;
let env: Record<string, string>;

function lapor(args: readonly string[], api: string, token: string, cwd = home): Promise<Result> {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...env, LAPOR_API_URL: api, LAPOR_TOKEN: token }, stdio: 'pipe' });
  child.stdin.end();
  const out: Buffer[] = [];
  let err = '';
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, out: Buffer.concat(out), err }));
  });
}

beforeAll(() => {
  const build = spawnSync('npx', ['tsc', '-p', '.'], { cwd: ROOT, encoding: 'utf8' });
  expect(existsSync(join(ROOT, 'dist', 'commands', 'export', 'cases.js')), build.stdout + build.stderr).toBe(true);
  home = mkdtempSync(join(tmpdir(), 'lapor-e2e-export-'));
  env = homeEnv(home);
});

afterAll(() => {
  if (home) rmSync(home, { recursive: true, force: true });
});

/** Files in a directory, temporary ones included. */
const listing = (dir: string) => readdirSync(dir).sort();

describe.each(BACKENDS)('lapor export cases (%s)', (backend) => {
  let server: TestServer;
  let dir: string;

  async function serverBytes(query: string, token = server.tokens.admin): Promise<Buffer> {
    const res = await fetch(`${server.url}/v1/exports/cases?${query}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  }

  beforeAll(async () => {
    server = await startTestServer(backend, { now: new Date('2024-03-04T02:00:00Z') });
    dir = mkdtempSync(join(home, `${backend}-`));
    for (let i = 1; i <= 40; i += 1) {
      const res = await call(server.url, 'POST', '/v1/cases', {
        token: server.tokens.admin,
        body: {
          trackingId: `E2E-${String(i).padStart(3, '0')}`,
          classification: 'complaint',
          title: i % 3 === 0 ? `=HYPERLINK("http://x.invalid";"klik ${i}")` : `Jalan rusak ${i}`,
          body: `Isi laporan ${i}\nbaris dua`,
          channel: 'web',
          submittedAt: new Date(Date.UTC(2024, 0, 1 + i, 3)).toISOString(),
          institutionId: i % 2 === 0 ? 'badung.dinkes' : 'denpasar.dinkes',
          reporter: { name: `Pelapor ${i}`, contact: `+62 812 000 ${i}`, nik: null },
        },
      });
      expect(res.status, res.text).toBe(201);
    }
  });

  afterAll(async () => {
    await server?.close();
  });

  it('streams to stdout: the server’s bytes exactly, nothing on stderr when piped', async () => {
    const r = await lapor(['export', 'cases', '--year', '2024', '--dialect', 'excel-id', '--header', 'id'], server.url, server.tokens.stat);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toBe('');
    expect([...r.out.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(r.out.equals(await serverBytes('year=2024&dialect=excel-id&header=id', server.tokens.stat))).toBe(true);
    expect(r.out.toString('utf8').split('\r\n').length).toBe(42); // header + 40 rows + the empty rest after the last CRLF
  });

  it('writes a file whole, with a summary on stderr; the file is replaced atomically', async () => {
    const file = join(dir, 'laporan-2024.csv');
    writeFileSync(file, 'old content\n');
    const r = await lapor(['export', 'cases', '--year', '2024', '--content', 'full', '-o', file], server.url, server.tokens['admin.badung']);
    expect(r.code, r.err).toBe(0);
    expect(r.out.length).toBe(0);
    expect(r.err).toBe(`20 cases exported to ${file} (full profile, rfc4180)\n`);
    const bytes = readFileSync(file);
    expect(bytes.equals(await serverBytes('year=2024&profile=full', server.tokens['admin.badung']))).toBe(true);
    expect(bytes.toString('utf8')).toContain(`"'=HYPERLINK(""http://x.invalid"";""klik 6"")"`);
    expect(bytes.toString('utf8')).not.toContain('Jalan rusak 1,'); // denpasar's cases are outside admin.badung's scope
    expect(listing(dir)).toEqual(['laporan-2024.csv']);
  });

  it('pii: mode 0600 (also over an existing 0644 file), audit record, notice on stderr', async () => {
    const file = join(dir, 'pii.csv');
    writeFileSync(file, 'x');
    chmodSync(file, 0o644);
    const before = (await readAudit(server.server.db)).length;
    const r = await lapor(
      ['export', 'cases', '--content', 'pii', '--purpose', 'Permintaan Ombudsman No. 12/2024', '--header', 'en', '-o', file],
      server.url,
      server.tokens.admin,
    );
    expect(r.code, r.err).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain("Pelapor 2,'+62 812 000 2,");
    expect(r.err).toContain(`40 cases exported to ${file} (pii profile, rfc4180)\n`);
    expect(r.err).toContain('personal data: this export is recorded in the audit log; the file has mode 0600');
    const audit = await readAudit(server.server.db);
    expect(audit.length).toBe(before + 1);
    expect(audit[audit.length - 1]).toMatchObject({ action: 'pii_export', note: 'Permintaan Ombudsman No. 12/2024', actor: 'admin' });
  });

  it('refusals leave no file and no temporary file: usage (exit 2, no request), role (exit 4), bad directory (exit 1)', async () => {
    const file = join(dir, 'refused.csv');
    const auditBefore = (await readAudit(server.server.db)).length;
    const before = listing(dir);

    const noPurpose = await lapor(['export', 'cases', '--content', 'pii', '-o', file], server.url, server.tokens.admin);
    expect(noPurpose.code).toBe(2);
    expect(noPurpose.err).toContain('--content pii needs --purpose');

    const conflict = await lapor(['export', 'cases', '--year', '2024', '--from', '2024-01-01', '-o', file], server.url, server.tokens.admin);
    expect(conflict.code).toBe(2);
    expect(conflict.err).toContain('--year <year> cannot be used with --from <date>');

    const badYear = await lapor(['export', 'cases', '--year', '24'], server.url, server.tokens.admin);
    expect(badYear.code).toBe(2);
    expect(badYear.err).toContain('expected a year 1990–2100');

    const statFull = await lapor(['export', 'cases', '--content', 'full', '-o', file], server.url, server.tokens.stat);
    expect(statFull.code).toBe(4);
    expect(statFull.err).toContain('HTTP 403');
    expect(statFull.err).toMatch(/the role .+ may not export the full profile/);

    const noDir = await lapor(['export', 'cases', '--content', 'pii', '--purpose', 'Pemeriksaan BPK', '-o', join(dir, 'missing', 'x.csv')], server.url, server.tokens.admin);
    expect(noDir.code).toBe(1);
    expect(noDir.err).toContain(`cannot write in directory ${join(dir, 'missing')}: ENOENT`);

    expect(listing(dir)).toEqual(before);
    expect((await readAudit(server.server.db)).length).toBe(auditBefore); // nothing reached the server's audit
  });
});

describe('a transfer that breaks off half-way', () => {
  let fake: Server;
  let url: string;

  beforeAll(async () => {
    // answers 200 text/csv, sends a header and some rows, then drops the connection without the final chunk
    fake = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'x-export-profile': 'statistical' });
      res.write('trackingId,status\r\n');
      for (let i = 0; i < 1000; i += 1) res.write(`CUT-${i},submitted\r\n`);
      setTimeout(() => res.socket?.destroy(), 50);
    });
    await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((r) => fake.close(r));
  });

  it('leaves the previous file untouched and no temporary file; exit 1 with the reason', async () => {
    const dir = mkdtempSync(join(home, 'cut-'));
    const file = join(dir, 'cases.csv');
    writeFileSync(file, 'previous export\n');
    const r = await lapor(['export', 'cases', '-o', file], url, 'fake-token-123456');
    expect(r.code, r.err).toBe(1);
    expect(r.err).toContain(`the export broke off; ${file} was not written (the temporary file was removed)`);
    expect(r.err).toContain('network error');
    expect(readFileSync(file, 'utf8')).toBe('previous export\n');
    expect(listing(dir)).toEqual(['cases.csv']);
  });

  it('to stdout: exits 1, so a pipeline sees the failure', async () => {
    const r = await lapor(['export', 'cases'], url, 'fake-token-123456');
    expect(r.code).toBe(1);
    expect(r.err).toContain('network error');
  });
});
