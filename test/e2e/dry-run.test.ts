// Issue 15, item 1, end to end: the built CLI (`node bin/lapor.js`) against a real API. A dry run of one
// case shows what would happen and leaves the case exactly as it was (same version, no event); the same
// command without --dry-run then archives it, so the dry run was not refused for some other reason.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from '../helpers/server.js';
import { eventsOf, getCase } from '../server/api-setup.js';
import { buildOnce, cleanUp, freshHome, journalsIn, runCli } from './bulk-helpers.js';

let server: TestServer;

beforeAll(async () => {
  buildOnce();
  server = await startTestServer('pglite');
  const created = await call(server.url, 'POST', '/v1/cases', {
    token: server.tokens.admin,
    body: { trackingId: 'DRY-1', classification: 'complaint', title: 'Iklan pinjaman online', body: 'Isi laporan', channel: 'web' },
  });
  expect(created.status, created.text).toBe(201);
}, 180_000);

afterAll(async () => {
  cleanUp();
  await server?.close();
});

describe('cases archive <id> --reason spam --dry-run', () => {
  it('shows the case and what would happen, and writes nothing', async () => {
    const home = freshHome({ LAPOR_API_URL: server.url, LAPOR_TOKEN: server.tokens.admin });
    const before = await getCase(server, 'DRY-1');
    const eventsBefore = await eventsOf(server, 'DRY-1');

    const dry = await runCli(['--lang', 'en', 'cases', 'archive', 'DRY-1', '--reason', 'spam', '--dry-run'], home.env);
    expect(dry.code, dry.err).toBe(0);
    expect(dry.out).toBe('');
    expect(dry.err).toContain('Dry run: archive DRY-1\n');
    expect(dry.err).toContain('  Case:                DRY-1 · Iklan pinjaman online\n');
    expect(dry.err).toContain('  Resulting status:    Archived\n');
    expect(dry.err).toContain('Dry run (--dry-run): nothing was sent\n');
    const after = await getCase(server, 'DRY-1');
    expect(after.version).toBe(before.version);
    expect(after.status).toBe('submitted');
    expect(await eventsOf(server, 'DRY-1')).toEqual(eventsBefore);
    expect(journalsIn(home.stateDir)).toEqual([]);

    const real = await runCli(['--lang', 'en', 'cases', 'archive', 'DRY-1', '--reason', 'spam'], home.env);
    expect(real.code, real.err).toBe(0);
    expect(real.out).toBe(`DRY-1: archive → Archived (version ${before.version + 1})\n`);
    expect((await getCase(server, 'DRY-1')).status).toBe('archived');
  });
});
