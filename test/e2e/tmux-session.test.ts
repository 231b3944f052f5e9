// An Indonesian administrator's session in a real terminal (tmux, a real pty), at 80×24 and 120×40: the queue,
// one case shown, disposed by the name a person writes (the institution it resolved to is shown), answered and
// closed; then a bulk close answered `ya` at its confirmation, and a typo in an institution answered with a
// suggestion. Every step's screen is a golden file (fixtures/golden/tmux/<size>/<step>.txt). The commands
// are typed into bash (`lapor` on the PATH is this checkout's built CLI, which npm test builds first; Indonesian
// is its language under LANG=C.UTF-8) against a real API on PGlite. The API's clock and the CLI's (shifted by
// a preload, see test/helpers/tmux.ts) stand at Monday 23 November 2026, 10:00 WITA, so relative times and
// deadlines on the screens do not depend on the day the test runs. Each screen ends with `[exit N]` and the
// prompt `$`, so a golden file also shows how its command ended.

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../src/domain/types.js';
import { call, startTestServer, type TestServer } from '../helpers/server.js';
import { ROOT } from '../helpers/spawn.js';
import { normaliseScreen, TMUX, TmuxSession, type RunResult } from '../helpers/tmux.js';
import { toolAvailable } from '../helpers/tools.js';

const NOW = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 WITA

/** The queue: two new reports, three answered ones under Kabupaten Badung, one waiting at Kota Denpasar. */
const SEED: { trackingId: string; categoryId: string; title: string; regency: string; submittedAt: string; disposeTo?: string; disposedAt?: string; respondedAt?: string }[] = [
  { trackingId: 'LPR-2026-0003536', categoryId: 'administrasi-kependudukan.ktp-el', title: 'KTP-el belum jadi setelah tiga bulan di Singaraja', regency: 'Kabupaten Buleleng', submittedAt: '2026-11-18T01:30:00Z' },
  { trackingId: 'LPR-2026-0003537', categoryId: 'administrasi-kependudukan.akta', title: 'Akta kelahiran anak belum terbit', regency: 'Kabupaten Buleleng', submittedAt: '2026-11-19T03:10:00Z' },
  { trackingId: 'LPR-2026-0003411', categoryId: 'infrastruktur.drainase-banjir', title: 'Got mampet di Jl. Raya Kerobokan', regency: 'Kabupaten Badung', submittedAt: '2026-11-09T02:00:00Z', disposeTo: 'badung.dpupr', disposedAt: '2026-11-10T02:00:00Z', respondedAt: '2026-11-12T02:00:00Z' },
  { trackingId: 'LPR-2026-0003418', categoryId: 'kesehatan.puskesmas', title: 'Antrean Puskesmas Kuta I terlalu lama', regency: 'Kabupaten Badung', submittedAt: '2026-11-09T04:00:00Z', disposeTo: 'badung.dinkes', disposedAt: '2026-11-10T03:00:00Z', respondedAt: '2026-11-13T02:00:00Z' },
  { trackingId: 'LPR-2026-0003452', categoryId: 'administrasi-kependudukan.kartu-keluarga', title: 'Kartu Keluarga salah cetak nama', regency: 'Kabupaten Badung', submittedAt: '2026-11-11T01:00:00Z', disposeTo: 'badung.disdukcapil', disposedAt: '2026-11-12T01:00:00Z', respondedAt: '2026-11-16T02:00:00Z' },
  { trackingId: 'LPR-2026-0003470', categoryId: 'perhubungan.jalan-rusak', title: 'Jalan berlubang di Jl. Gatot Subroto Barat', regency: 'Kota Denpasar', submittedAt: '2026-11-12T02:00:00Z', disposeTo: 'denpasar.dpupr', disposedAt: '2026-11-13T02:00:00Z' },
];

async function seed(server: TestServer): Promise<void> {
  const token = server.tokens.admin;
  const act = async (id: string, body: Record<string, unknown>) => {
    const c = await call<Case>(server.url, 'GET', `/v1/cases/${id}`, { token });
    const res = await call(server.url, 'POST', `/v1/cases/${id}/actions`, { token, body, headers: { 'if-match': `"${c.body.version}"` } });
    expect(res.status, res.text).toBe(200);
  };
  for (const s of SEED) {
    server.clock.now = new Date(s.submittedAt);
    const res = await call(server.url, 'POST', '/v1/cases', {
      token,
      body: { trackingId: s.trackingId, classification: 'complaint', categoryId: s.categoryId, title: s.title, body: `${s.title}. Mohon segera ditindaklanjuti.`, province: 'Bali', regency: s.regency, channel: 'web' },
    });
    expect(res.status, res.text).toBe(201);
    if (s.disposeTo && s.disposedAt) {
      server.clock.now = new Date(s.disposedAt);
      await act(s.trackingId, { action: 'dispose', institutionId: s.disposeTo });
    }
    if (s.respondedAt) {
      server.clock.now = new Date(s.respondedAt);
      await act(s.trackingId, { action: 'respond', message: 'Petugas sudah meninjau lokasi dan menindaklanjuti.' });
    }
  }
  server.clock.now = NOW;
}

const caseOf = async (server: TestServer, id: string) => (await call<Case>(server.url, 'GET', `/v1/cases/${id}`, { token: server.tokens.admin })).body;

const SIZES = [
  { width: 80, height: 24 },
  { width: 120, height: 40 },
] as const;

describe.runIf(toolAvailable(TMUX))('an administrator’s session in Indonesian, in tmux', () => {
  beforeAll(() => {
    // `lapor` is the built bundle (npm test builds it first; else `npm run build`)
    expect(existsSync(join(ROOT, 'dist', 'cli.bundle', 'main.cjs')), 'dist/cli.bundle is missing: run npm run build').toBe(true);
  });

  describe.each(SIZES)('at $width×$height', ({ width, height }) => {
    let server: TestServer;
    let term: TmuxSession;
    const golden = (step: string) => `../../fixtures/golden/tmux/${width}x${height}/${step}.txt`;
    const screen = (s: string) => normaliseScreen(s, width, { replace: { [server.url]: '<api>', [server.tokens.admin]: '<token>' } });

    beforeAll(async () => {
      server = await startTestServer('pglite');
      await seed(server);
      term = await TmuxSession.start({ width, height, clock: NOW, env: { LAPOR_API_URL: server.url, LAPOR_TOKEN: server.tokens.admin } });
    }, 60_000);

    afterAll(async () => {
      await term?.kill();
      await server?.close();
    });

    it('shows the queue', async () => {
      const r = await term.run('lapor cases list');
      await expect.soft(screen(r.paged ?? r.screen)).toMatchFileSnapshot(golden('1-queue'));
      expect(r.code).toBe(0);
      for (const s of SEED) expect(r.text).toContain(s.trackingId);
    });

    it('shows one case, from its top', async () => {
      const r = await term.run('lapor cases show LPR-2026-0003536');
      await expect.soft(screen(r.paged ?? r.screen)).toMatchFileSnapshot(golden('2-show'));
      expect(r.code).toBe(0);
      // the first screen the administrator sees starts with the case (a long view is paged, not scrolled away)
      expect(r.paged ?? r.screen).toMatch(/ID Pelacakan:?\s+LPR-2026-0003536/i);
      expect(r.paged ?? r.screen).toContain('Belum Terverifikasi');
    });

    it('disposes by the name a person writes, and says which institution that is', async () => {
      const r = await term.run('lapor cases dispose LPR-2026-0003536 --to "disdukcapil buleleng"');
      await expect.soft(screen(r.screen)).toMatchFileSnapshot(golden('3-dispose'));
      expect(r.code).toBe(0);
      expect((await caseOf(server, 'LPR-2026-0003536')).institutionId).toBe('buleleng.disdukcapil');
      // the institution the name resolved to (issue #18, scope 4), by its name or its code
      expect(r.text).toMatch(/Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buleleng|buleleng\.disdukcapil/);
    });

    it('posts a follow-up', async () => {
      const r = await term.run('lapor cases respond LPR-2026-0003536 --message "Berkas sudah kami terima, KTP-el dicetak pekan ini."');
      await expect.soft(screen(r.screen)).toMatchFileSnapshot(golden('4-respond'));
      expect(r.code).toBe(0);
      expect((await caseOf(server, 'LPR-2026-0003536')).status).toBe('in_progress');
    });

    it('closes the case', async () => {
      const r = await term.run('lapor cases close LPR-2026-0003536 --note "KTP-el sudah diambil pelapor."');
      await expect.soft(screen(r.screen)).toMatchFileSnapshot(golden('5-close'));
      expect(r.code).toBe(0);
      expect((await caseOf(server, 'LPR-2026-0003536')).status).toBe('completed');
    });

    it('closes a selection in bulk after the plan is answered `ya`', async () => {
      const selected = ['LPR-2026-0003411', 'LPR-2026-0003418', 'LPR-2026-0003452'];
      await term.type('lapor cases close --where status=in_progress --where institution=badung');
      // the plan is drawn, then the question waits on the last line
      const first = await term.outcome();
      if (!('question' in first)) throw new Error(`the bulk close did not ask before closing:\n${first.ended.screen}`);
      await expect.soft(screen(first.question.screen)).toMatchFileSnapshot(golden('6-bulk-plan'));
      for (const id of selected) expect(first.question.text).toContain(id);
      await term.send('ya');
      await term.press('Enter');
      let r: RunResult;
      try {
        r = await term.prompt(10_000);
      } catch (err) {
        // the answer was refused and the question still waits: keep that screen, cancel with Ctrl-C, fail
        const refused = await term.capture();
        await term.press('C-c');
        await term.prompt(10_000);
        await expect.soft(screen(refused)).toMatchFileSnapshot(golden('7-bulk-answered'));
        throw new Error(`the confirmation did not accept \`ya\`: ${String(err)}`);
      }
      await expect.soft(screen(r.screen)).toMatchFileSnapshot(golden('7-bulk-answered'));
      expect(r.code).toBe(0);
      for (const id of selected) expect((await caseOf(server, id)).status).toBe('completed');
      expect((await caseOf(server, 'LPR-2026-0003470')).status).toBe('disposed');
    });

    it('answers a typo in an institution with a suggestion', async () => {
      const suggestion = /maksud Anda.*(Dinas Kependudukan dan Pencatatan Sipil Kabupaten Buleleng|buleleng\.disdukcapil)/i;
      await term.type('lapor cases dispose LPR-2026-0003537 --to "disdukcapil bulelng"');
      const first = await term.outcome();
      if ('question' in first) {
        // on a terminal the suggestion may be asked: "maksud Anda …?"; declining it changes nothing
        await expect.soft(screen(first.question.screen)).toMatchFileSnapshot(golden('8-typo'));
        expect(first.question.text).toMatch(suggestion);
        await term.send('tidak');
        await term.press('Enter');
        await term.prompt();
      } else {
        // or refused as a usage error (exit 2) that names the suggestion
        await expect.soft(screen(first.ended.screen)).toMatchFileSnapshot(golden('8-typo'));
        expect(first.ended.code).toBe(2);
        expect(first.ended.text).toMatch(suggestion);
      }
      expect((await caseOf(server, 'LPR-2026-0003537')).status).toBe('submitted');
    });

    it('leaves the terminal sane: typed text is echoed and a command runs', async () => {
      await term.clear();
      await term.send('echo terminal-siap');
      await term.waitFor((s) => s === '$ echo terminal-siap', 5_000); // echo is on: what is typed shows before Enter
      await term.press('Enter');
      const r = await term.prompt(5_000);
      expect(r.screen.split('\n')).toContain('terminal-siap');
      const stty = await term.run('stty -a');
      expect(stty.text).toMatch(/ echo /);
      expect(stty.text).toMatch(/ icanon /);
    });
  });
});
