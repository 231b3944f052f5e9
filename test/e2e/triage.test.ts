// `lapor triage` through a real pseudo-terminal against a real API: util-linux `script` gives the CLI a pty
// (stdin and stdout are terminals, so it may prompt); the test reads what is drawn, waits for each question
// to appear and answers with keys (arrows, Enter, text, Ctrl-C). The decisions are then checked through
// the API (status, institution, events). dist/ is rebuilt once before the tests (npx tsc -p .).

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from '../helpers/server.js';
import { eventsOf, getCase } from '../server/api-setup.js';
import { freshEnv, KEY, PtySession, removeHomes, started, stopAll } from '../helpers/pty.js';
import { BIN, ROOT } from '../helpers/spawn.js';
let server: TestServer;

const api = <T>(method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  call<T>(server.url, method, path, { token: server.tokens.admin, body, headers });

async function intake(trackingId: string, categoryId: string, submittedAt: string, title: string): Promise<void> {
  const res = await api('POST', '/v1/cases', {
    trackingId,
    classification: 'complaint',
    categoryId,
    title,
    body: `${title}. Mohon segera ditindaklanjuti oleh instansi terkait.`,
    province: 'Bali',
    regency: 'Kabupaten Badung',
    channel: 'web',
    submittedAt,
  });
  expect(res.status, res.text).toBe(201);
}

function triageEnv(token = server.tokens.admin): Record<string, string> {
  return freshEnv({ LAPOR_API_URL: server.url, LAPOR_TOKEN: token });
}

beforeAll(async () => {
  expect(spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout).toContain('util-linux');
  const build = spawnSync('npx', ['tsc', '-p', '.'], { cwd: ROOT, encoding: 'utf8' });
  // dist/ must exist and hold the CLI; a type error elsewhere (work in progress) still emits JavaScript
  expect(existsSync(join(ROOT, 'dist', 'commands', 'triage', 'triage.js')), build.stdout + build.stderr).toBe(true);
  server = await startTestServer('pglite');
  // three queues, one per test, told apart with --category; oldest (most urgent verify clock) first
  await intake('TRI-K1', 'kesehatan.bpjs', '2024-02-26T01:00:00Z', 'Antrean BPJS di RSUD terlalu lama');
  await intake('TRI-K2', 'kesehatan.puskesmas', '2024-02-27T01:00:00Z', 'Puskesmas tutup pada jam kerja');
  await intake('TRI-K3', 'kesehatan.rumah-sakit', '2024-02-28T01:00:00Z', 'Obat kosong di rumah sakit');
  await intake('TRI-K4', 'kesehatan.covid-19', '2024-02-29T01:00:00Z', 'Salah kategori: ini soal sekolah');
  await intake('TRI-P1', 'pendidikan.ppdb', '2024-02-26T02:00:00Z', 'Zonasi PPDB tidak adil');
  await intake('TRI-P2', 'pendidikan.guru', '2024-02-27T02:00:00Z', 'Guru honorer belum digaji');
  await intake('TRI-D1', 'perizinan.pbg', '2024-02-26T03:00:00Z', 'Izin bangunan lama sekali');
  await intake('TRI-D2', 'perizinan.reklame', '2024-02-27T03:00:00Z', 'Reklame liar di trotoar');
}, 180_000);

afterEach(stopAll);

afterAll(async () => {
  await server?.close();
  removeHomes();
});

describe('lapor triage on a pseudo-terminal', () => {
  it('disposes (suggested institution), postpones, archives, edits then skips, and ends with the counts', async () => {
    const pty = new PtySession(['triage', '--lang', 'en', '--category', 'kesehatan'], triageEnv());

    // 1: dispose to the category's usual institution, offered first: Enter on it
    await pty.waitFor('Case 1 · TRI-K1 · Not verified');
    await pty.waitFor(/Verify: +\d+ days? overdue/);
    await pty.answer('Decision for TRI-K1?', KEY.enter);
    await pty.waitFor('Dispose TRI-K1 to institution (type to search)');
    await pty.answer('★ Dinas Kesehatan Provinsi Bali (bali.dinkes)', KEY.enter);
    await pty.waitFor('✓ TRI-K1 disposed to Dinas Kesehatan Provinsi Bali (bali.dinkes)');

    // 2: postpone with a note typed in
    await pty.waitFor('Case 2 · TRI-K2');
    await pty.answer('Decision for TRI-K2?', KEY.down + KEY.enter);
    await pty.answer('Postponement note', 'Mohon sebutkan nama puskesmas' + KEY.enter);
    await pty.waitFor('✓ TRI-K2 postponed');

    // 3: archive as spam (the fourth reason) without a note
    await pty.answer('Decision for TRI-K3?', KEY.down + KEY.down + KEY.enter);
    await pty.answer('Archive reason for TRI-K3', KEY.down.repeat(3) + KEY.enter);
    await pty.answer('Note (optional', KEY.enter);
    await pty.waitFor('✓ TRI-K3 archived (Spam)');

    // 4: edit the category (search "sampah"), see the case again in its new category, then skip it
    await pty.answer('Decision for TRI-K4?', KEY.down.repeat(3) + KEY.enter);
    await pty.answer('Edit what on TRI-K4?', KEY.down + KEY.enter);
    await pty.waitFor('New category (type to search)');
    pty.write('kebersihan');
    // the filtered list (its first item active) is drawn only once the search has answered
    await pty.answer('❯ Waste and cleanliness (lingkungan-hidup.sampah)', KEY.enter);
    await pty.waitFor('✓ TRI-K4 edited: Category: Waste and cleanliness (lingkungan-hidup.sampah)');
    await pty.waitFor('Case 4 · TRI-K4');
    await pty.waitFor(/Category: +Waste and cleanliness \(lingkungan-hidup\.sampah\)/);
    await pty.answer('Decision for TRI-K4?', KEY.down.repeat(4) + KEY.enter);

    await pty.waitFor('End of the verification queue');
    await pty.waitFor('Triage: 1 disposed · 1 postponed · 1 archived · 1 edited · 1 skipped');
    expect(await pty.done(), pty.text.slice(-2000)).toBe(0);
    // the verify clock is coloured (red: overdue) on the terminal
    expect(pty.raw).toMatch(/\x1b\[31m\d+ days? overdue/);

    expect(await getCase(server, 'TRI-K1')).toMatchObject({ status: 'disposed', institutionId: 'bali.dinkes', version: 2 });
    expect(await getCase(server, 'TRI-K2')).toMatchObject({ status: 'postponed', version: 2 });
    expect(await getCase(server, 'TRI-K3')).toMatchObject({ status: 'archived', archiveReason: 'spam', closedBy: 'admin', version: 2 });
    expect(await getCase(server, 'TRI-K4')).toMatchObject({ status: 'submitted', categoryId: 'lingkungan-hidup.sampah', version: 2 });
    const actions = async (id: string) => (await eventsOf(server, id)).map((e) => [e.action, e.actor, e.toStatus, e.toInstitution, e.note]);
    expect(await actions('TRI-K1')).toEqual([
      ['submit', 'admin', 'submitted', null, null],
      ['dispose', 'admin', 'disposed', 'bali.dinkes', null],
    ]);
    expect((await actions('TRI-K2'))[1]).toEqual(['postpone', 'admin', 'postponed', null, 'Mohon sebutkan nama puskesmas']);
    expect((await actions('TRI-K3'))[1]).toEqual(['archive', 'admin', 'archived', null, 'spam']);
    expect((await actions('TRI-K4'))[1]).toEqual(['edit', 'admin', 'submitted', null, 'edit: categoryId']);
  });

  it('a case changed by someone else while it is on screen is shown again with fresh data, never overwritten', async () => {
    const pty = new PtySession(['triage', '--lang', 'en', '--category', 'perizinan'], triageEnv());
    await pty.waitFor('Case 1 · TRI-D1');
    await pty.waitFor('Decision for TRI-D1?');

    // meanwhile another admin edits the title (version 1 → 2)
    const other = await api('POST', '/v1/cases/TRI-D1/actions', { action: 'edit', changes: { title: 'Izin PBG tertunda 6 bulan' } }, { 'if-match': '"1"' });
    expect(other.status, other.text).toBe(200);

    // dispose to the suggestion: refused with 412, fetched again and shown again
    pty.write(KEY.enter);
    await pty.answer('the usual institution for this category', KEY.enter);
    await pty.waitFor('TRI-D1 was changed by someone else meanwhile (version 1 → 2)');
    await pty.waitFor('Decision for TRI-D1?');
    expect(pty.text).toContain('Izin PBG tertunda 6 bulan');
    // decide again, on the current version: dispose to another institution, found by typing
    pty.write(KEY.enter);
    await pty.waitFor('Dispose TRI-D1 to institution');
    pty.write('inspektorat provinsi');
    await pty.answer('❯ Inspektorat Provinsi Bali (bali.inspektorat)', KEY.enter);
    await pty.waitFor('✓ TRI-D1 disposed to Inspektorat Provinsi Bali (bali.inspektorat)');
    await pty.answer('Decision for TRI-D2?', KEY.down.repeat(5) + KEY.enter); // quit
    await pty.waitFor('Triage: 1 disposed · 0 postponed · 0 archived · 0 edited · 0 skipped');
    expect(await pty.done()).toBe(0);

    expect(await getCase(server, 'TRI-D1')).toMatchObject({
      title: 'Izin PBG tertunda 6 bulan',
      status: 'disposed',
      institutionId: 'bali.inspektorat',
      version: 3,
    });
    expect((await eventsOf(server, 'TRI-D1')).map((e) => e.action)).toEqual(['submit', 'edit', 'dispose']);
    expect(await getCase(server, 'TRI-D2')).toMatchObject({ status: 'submitted', version: 1 });
  });

  it('Ctrl-C at a question: exit 130, a summary, and the decisions already applied kept', async () => {
    const pty = new PtySession(['triage', '--lang', 'id', '--category', 'pendidikan'], triageEnv());
    await pty.answer('Keputusan untuk TRI-P1?', KEY.enter);
    await pty.answer('★ Dinas Pendidikan, Kepemudaan dan Olahraga Provinsi Bali (bali.disdikpora)', KEY.enter);
    await pty.waitFor('✓ TRI-P1 didisposisikan ke');
    await pty.answer('Keputusan untuk TRI-P2?', KEY.down + KEY.down + KEY.enter);
    await pty.answer('Alasan arsip TRI-P2', KEY.ctrlC);
    await pty.waitFor('Triase: 1 didisposisi · 0 ditunda · 0 diarsipkan · 0 diubah · 0 dilewati');
    await pty.waitFor('Triase dibatalkan; keputusan yang sudah diterapkan tetap berlaku');
    expect(await pty.done()).toBe(130);
    expect(await getCase(server, 'TRI-P1')).toMatchObject({ status: 'disposed', institutionId: 'bali.disdikpora' });
    expect(await getCase(server, 'TRI-P2')).toMatchObject({ status: 'submitted', version: 1 });
    expect(await eventsOf(server, 'TRI-P2')).toHaveLength(1);
  });

  it('--yes is refused on a terminal, before any request (the API address is a closed port)', async () => {
    const pty = new PtySession(['triage', '--yes'], freshEnv({ LAPOR_API_URL: 'http://127.0.0.1:9', LAPOR_TOKEN: 'x'.repeat(40), LANG: 'en_US.UTF-8' }));
    await pty.waitFor('error: --yes does not apply to triage');
    expect(await pty.done()).toBe(2);
  });
});

describe('lapor triage without a terminal', () => {
  it('refuses with exit 2 and a hint, before any request (the API address is a closed port)', async () => {
    const env = freshEnv({ LAPOR_API_URL: 'http://127.0.0.1:9', LAPOR_TOKEN: 'x'.repeat(40), LANG: 'en_US.UTF-8' });
    const child = spawn(process.execPath, [BIN, 'triage'], { cwd: ROOT, env, stdio: 'pipe' });
    started.add(child);
    child.stdin.end();
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s));
    const code = await new Promise<number | null>((res) => child.on('close', res));
    expect(code, err).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(
      'error: triage is interactive and needs a terminal (stdin and stdout)\n' +
        'hint: in scripts use `lapor cases dispose <ID…> --to <institution> --yes` (also postpone, archive) or `lapor bulk apply plan.csv`\n',
    );
  });
});
