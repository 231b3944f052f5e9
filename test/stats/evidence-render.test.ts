// `lapor stats institutions` over a fake API: the terminal report (ranking rule and definitions in it), the
// flat CSV, the public form and the HTML page as golden files; flags reach the request.

import { describe, expect, it } from 'vitest';
import type { StatsAnnualParams } from '../../src/api/types.js';
import { runCli } from '../../src/cli/main.js';
import type { StatsInstitutionsReport } from '../../src/domain/evidence.js';
import { renderEvidenceHtml } from '../../src/io/report/evidenceHtml.js';
import { createTestDeps } from '../helpers/deps.js';
import { EMPTY } from '../helpers/fakeApi.js';
import { samplePublicEvidence, sampleEvidence } from './evidence-fixture.js';

const GOLDEN = '../../fixtures/golden/stats';

async function run(argv: string[], options: { tty?: boolean; report?: StatsInstitutionsReport } = {}) {
  const deps = createTestDeps({ data: EMPTY, tty: options.tty ?? false, argv });
  const calls: StatsAnnualParams[] = [];
  Object.assign(deps.fake, {
    async statsInstitutions(q: StatsAnnualParams = {}) {
      calls.push(q);
      return options.report ?? sampleEvidence();
    },
  });
  const code = await runCli(argv, deps);
  return { code, out: deps.io.outText(), err: deps.io.errText(), calls };
}

describe('lapor stats institutions', () => {
  for (const lang of ['id', 'en'] as const) {
    it(`shows the ranking, the subtree totals and the rule on a terminal (${lang})`, async () => {
      const r = await run(['stats', 'institutions', '--year', '2024', '--lang', lang], { tty: true });
      expect(r.code, r.err).toBe(0);
      expect(r.calls).toEqual([{ year: 2024, institution: undefined, public: undefined, k: undefined }]);
      for (const line of r.out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
      // the unit with 2 cases at 100% is listed after the ranked ones, without a rank
      const pupr = r.out.split('\n').find((l) => l.includes('bali.pupr'))!;
      expect(pupr.trimStart().startsWith('–')).toBe(true);
      expect(r.out.replace(/\n  /g, ' ')).toContain(lang === 'id' ? 'paling sedikit 10 laporan terdisposisi' : 'at least 10 dispositioned cases');
      await expect(r.out).toMatchFileSnapshot(`${GOLDEN}/institutions-tty-${lang}.txt`);
    });
  }

  it('public: hidden figures marked, the suppression note and the public ranking rule', async () => {
    const r = await run(['stats', 'institutions', '--year', '2024', '--public', '--lang', 'en'], { tty: true, report: samplePublicEvidence() });
    expect(r.code, r.err).toBe(0);
    expect(r.calls[0]).toEqual({ year: 2024, institution: undefined, public: true, k: undefined });
    expect(r.out).toContain('Public version');
    for (const line of r.out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(80);
    await expect(r.out).toMatchFileSnapshot(`${GOLDEN}/institutions-public-tty-en.txt`);
  });

  it('CSV: one row per institution and scope, the wire names as headers', async () => {
    const r = await run(['stats', 'institutions', '--year', '2024', '--format', 'csv']);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'year,scope,rank,institutionId,name,parentId,depth,received,disposed,followedUp,followUpShare,within,withinShare,completed,completionRate,responded,medianWorkingDays,p90WorkingDays,breaches,escalations,lastActivityAt,daysSinceActivity,suppressed',
    );
    expect(lines).toHaveLength(1 + 6 + 2);
    await expect(r.out).toMatchFileSnapshot(`${GOLDEN}/institutions-csv.txt`);
  });

  it('the public CSV names the hidden figures of each row', async () => {
    const r = await run(['stats', 'institutions', '--year', '2024', '--public', '--format', 'csv'], { report: samplePublicEvidence() });
    const pupr = r.out.split('\n').find((l) => l.includes(',bali.pupr,'))!;
    expect(pupr).toContain('received disposed followedUp');
  });

  it('--k without --public is a usage error before any request', async () => {
    const r = await run(['stats', 'institutions', '--k', '5']);
    expect(r.code).toBe(2);
    expect(r.calls).toEqual([]);
  });

  for (const lang of ['id', 'en'] as const) {
    it(`the HTML page (${lang})`, async () => {
      await expect(renderEvidenceHtml(sampleEvidence(), lang)).toMatchFileSnapshot(`${GOLDEN}/institutions-${lang}.html`);
    });
  }
  it('the public HTML page', async () => {
    const html = renderEvidenceHtml(samplePublicEvidence(), 'id');
    expect(html).toContain('Versi publik');
    await expect(html).toMatchFileSnapshot(`${GOLDEN}/institutions-public-id.html`);
  });
});
