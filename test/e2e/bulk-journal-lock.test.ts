// Issue 15 item 6: one writer per bulk journal. A bulk close runs (the built CLI, a real server on port 0)
// and writes its journal; `lapor bulk resume <journal>` started meanwhile exits 75 naming the run's pid, and
// appends nothing. The run then ends by itself, and `bulk status` reads the journal: whole, every item once.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { buildOnce, cleanUp, completeLines, freshHome, journalContent, journalsIn, runCli, seedInProgress, sleep, spawnCli } from './bulk-helpers.js';

const CASES = 1_500;
const CHUNK = 10;

describe('bulk journal lock', () => {
  let server: TestServer;
  beforeAll(async () => {
    buildOnce();
    server = await startTestServer('pglite');
  }, 300_000);
  afterAll(async () => {
    await server?.close();
    cleanUp();
  });

  it('a resume while the run still writes the journal exits 75 naming the run, and the journal stays whole', async () => {
    const ids = Array.from({ length: CASES }, (_, i) => `JL-${String(i).padStart(5, '0')}`);
    await seedInProgress(server.server.db, server.server.store, ids, { institution: 'badung.dinkes', title: 'Lampu jalan [journal-lock]' });
    const home = freshHome({ LAPOR_API_URL: server.url, LAPOR_TOKEN: server.tokens.admin });
    const run = spawnCli(
      ['--lang', 'en', 'cases', 'close', '--where', 'status=in_progress', '--where', 'q=[journal-lock]', '--yes', '--chunk-size', String(CHUNK), '--concurrency', '1'],
      home.env,
    );
    // wait until the run has journalled a few outcomes: it is writing now
    let journal = '';
    for (let i = 0; i < 30_000 && run.child.exitCode === null; i += 1) {
      journal = journalsIn(home.stateDir)[0] ?? '';
      if (journal && completeLines(journal) >= 1 + 2 * CHUNK) break;
      await sleep(5);
    }
    expect(run.child.exitCode, run.err()).toBeNull();

    const second = await runCli(['--lang', 'en', 'bulk', 'resume', journal], home.env);
    const stillRunning = run.child.exitCode === null;
    expect(second.code, second.err).toBe(75);
    expect(second.err).toContain(`the journal ${journal} is being written by process ${run.child.pid}`);
    expect(second.err).toContain(`lapor bulk resume ${journal}`);
    expect(stillRunning).toBe(true); // the refusal came while the run was writing

    const first = await run.exit;
    expect(first.code, first.err).toBe(0);
    const status = await runCli(['--lang', 'en', 'bulk', 'status', journal, '--format', 'json'], home.env);
    expect(status.code, status.err).toBe(0);
    expect(JSON.parse(status.out)).toMatchObject({ planned: CASES, applied: CASES, remaining: 0 });
    const { items, outcomes } = journalContent(journal);
    expect(items).toHaveLength(CASES);
    expect(outcomes).toHaveLength(CASES); // nothing appended twice
    expect(new Set(outcomes.map((o) => o.index)).size).toBe(CASES);
  }, 300_000);
});
