// One language at a time, and declining is not an error (issue 18), with the built CLI against a real API:
// a server refusal is worded by the client from its catalogue in Indonesian (the server's English detail
// never reaches the screen), and on a real pseudo-terminal (util-linux `script`) an Indonesian bulk
// confirmation takes `tidak` as a quiet "no" (exit 0, nothing sent) and `ya` as a yes, with no English on the
// screen. Needs the build (`npm test` builds dist/ and the bundle first).

import { spawnSync } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { statusName, t } from '../../src/io/i18n.js';
import { call, startTestServer, type TestServer } from '../helpers/server.js';
import { freshEnv, PtySession, removeHomes, stopAll } from '../helpers/pty.js';
import { ROOT, runLapor } from '../helpers/spawn.js';
import { getCase } from '../server/api-setup.js';

let server: TestServer;

const api = <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  call<T>(server.url, method, path, { token: server.tokens.admin, body, headers });

async function intake(trackingId: string): Promise<void> {
  const res = await api('POST', '/v1/cases', {
    trackingId,
    classification: 'complaint',
    categoryId: 'kesehatan.bpjs',
    title: `Jalan rusak ${trackingId}`,
    body: 'Jalan berlubang di depan pasar. Mohon segera ditindaklanjuti oleh instansi terkait.',
    province: 'Bali',
    regency: 'Kabupaten Badung',
    channel: 'web',
    submittedAt: '2024-02-26T01:00:00Z',
  });
  expect(res.status, res.text).toBe(201);
}

const env = () => freshEnv({ LAPOR_API_URL: server.url, LAPOR_TOKEN: server.tokens.admin });

/** Words inquirer or the server would say in English; none may reach an Indonesian screen. */
const ENGLISH = /\b(Yes|No|navigate|You must|cannot|error|Nothing was changed)\b/;

beforeAll(async () => {
  expect(spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout).toContain('util-linux');
  server = await startTestServer('pglite');
  for (const id of ['BHS-1', 'BHS-2', 'BHS-3', 'BHS-4', 'BHS-5']) await intake(id);
});

afterEach(stopAll);

afterAll(async () => {
  await server?.close();
  removeHomes();
});

describe('a server refusal in Indonesian', () => {
  it('is worded by the client from its catalogue (action and status as labels), never the English detail', async () => {
    const r = await runLapor(['cases', 'close', 'BHS-1', '--lang', 'id'], { cwd: ROOT, env: env() });
    expect(r.code).toBe(1);
    const submitted = statusName('id', 'submitted');
    expect(r.err.split('\n')[0]).toBe(
      `galat: HTTP 409: tindakan "tutup" tidak dapat dilakukan pada laporan berstatus ${submitted} (POST /v1/cases/BHS-1/actions)`,
    );
    expect(r.err).not.toMatch(/cannot close|submitted\b/);
    // the same refusal in English is the client's English, not the server's detail
    const en = await runLapor(['cases', 'close', 'BHS-1', '--lang', 'en'], { cwd: ROOT, env: env() });
    expect(en.err.split('\n')[0]).toBe(
      `error: HTTP 409: cannot close a case whose status is ${statusName('en', 'submitted')} (POST /v1/cases/BHS-1/actions)`,
    );
  });
});

describe('an Indonesian confirmation on a terminal', () => {
  const question = t('id', 'bulk.confirm', { verb: t('id', 'bulk.verb.postpone'), count: '2' });

  it('"tidak" declines quietly: exit 0, a notice that is not an error, nothing sent', async () => {
    const pty = new PtySession(['cases', 'postpone', 'BHS-2', 'BHS-3', '--note', 'Mohon lengkapi lokasi', '--lang', 'id'], env(), { cols: 120, rows: 40 });
    await pty.answer(`${question} (y/T)`, 'tidak\r');
    expect(await pty.done()).toBe(0);
    const screen = pty.text;
    expect(screen).toContain(`${question} Tidak`);
    expect(screen).toContain(t('id', 'confirm.declined'));
    expect(screen).not.toContain(`${t('id', 'common.errorPrefix')}:`);
    expect(screen).not.toMatch(ENGLISH);
    expect((await getCase(server, 'BHS-2')).status).toBe('submitted');
  });

  it('"ya" is a yes: the plan is applied', async () => {
    const pty = new PtySession(['cases', 'postpone', 'BHS-4', 'BHS-5', '--note', 'Mohon lengkapi lokasi', '--lang', 'id'], env(), { cols: 120, rows: 40 });
    await pty.answer(`${question} (y/T)`, 'ya\r');
    expect(await pty.done()).toBe(0);
    expect(pty.text).toContain(`${question} Ya`);
    expect(pty.text).not.toMatch(ENGLISH);
    expect((await getCase(server, 'BHS-4')).status).toBe('postponed');
    expect((await getCase(server, 'BHS-5')).status).toBe('postponed');
  });
});
