// Disposing by an institution's name through the built CLI (`node bin/lapor.js`) against a real API over the
// seed's reference data: a typo is answered with "maksud Anda …?" (exit 2, the case untouched), the name
// then resolves and the result names the institution chosen; the tracking ID is typed lower-case, without
// dashes.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from '../helpers/server.js';
import { getCase } from '../server/api-setup.js';
import { buildOnce, cleanUp, freshHome, runCli } from './bulk-helpers.js';

let server: TestServer;

beforeAll(async () => {
  buildOnce();
  server = await startTestServer('pglite');
}, 180_000);

afterAll(async () => {
  cleanUp();
  await server?.close();
});

describe('cases dispose ID --to "<name>"', () => {
  it('suggests what a typo meant, then disposes by name and says to which institution', async () => {
    const created = await call<{ trackingId: string }>(server.url, 'POST', '/v1/cases', {
      token: server.tokens.admin,
      body: { classification: 'complaint', title: 'KTP-el belum jadi', body: 'Sudah tiga bulan', channel: 'web' },
    });
    expect(created.status, created.text).toBe(201);
    const id = created.body.trackingId;
    expect(id).toMatch(/^LPR-\d{4}-\d{7}$/);
    const typed = id.replaceAll('-', '').toLowerCase(); // lpr20240000001
    const home = freshHome({ LAPOR_API_URL: server.url, LAPOR_TOKEN: server.tokens.admin });

    const typo = await runCli(['--lang', 'id', 'cases', 'dispose', typed, '--to', 'disdukcapil bulelng'], home.env);
    expect(typo.code).toBe(2);
    expect(typo.out).toBe('');
    expect(typo.err).toBe(
      [
        'galat: instansi "disdukcapil bulelng" tidak dikenal; maksud Anda buleleng.disdukcapil (Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buleleng)?',
        'petunjuk: cari kodenya dengan `lapor institutions list`',
        '',
      ].join('\n'),
    );
    expect(await getCase(server, id)).toMatchObject({ status: 'submitted', version: 1 });

    const ok = await runCli(['--lang', 'id', 'cases', 'dispose', typed, '--to', 'disdukcapil buleleng'], home.env);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toBe(`${id}: disposisi ke buleleng.disdukcapil (Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buleleng) → Terdisposisi (versi 2)\n`);
    expect(await getCase(server, id)).toMatchObject({ status: 'disposed', institutionId: 'buleleng.disdukcapil', version: 2 });
  });
});
