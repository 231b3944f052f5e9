// The HTML report opened in headless Chromium (Debian's chromium through playwright-core): no request
// leaves the page, the five charts are drawn, the text is in the chosen language and switches to the other,
// and the print view hides the language switch. The layout at 1280 and 390 px, both languages, public and
// full: nothing wider than the screen, every SVG label inside its SVG, an accessible name on every chart,
// no chart text under 11 px, the ranking's rank numbers whole. Screenshots go to test-artifacts/report/
// (git-ignored) and are checked to be real images.

import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderReportHtml } from '../../src/io/report/html.js';
import { samplePublicReport, sampleReport, sampleReportLongRanking } from './fixture.js';
import { toolAvailable } from '../helpers/tools.js';

/** Where the screenshots are kept (git-ignored): look at them after a run. */
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '../../test-artifacts/report');
const CHARTS = ['chart-month', 'chart-clocks', 'chart-channel', 'chart-category', 'chart-ranking'];

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe.runIf(toolAvailable(CHROMIUM))('the HTML report in Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'lapor-html-'));

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  }, 60_000);
  afterAll(async () => browser?.close());

  async function open(html: string, name: string, width = 1000) {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport: { width, height: width < 600 ? 844 : 1400 } });
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(pathToFileURL(file).href);
    await page.waitForLoadState('load');
    return { page, requests, url: pathToFileURL(file).href };
  }

  for (const lang of ['id', 'en'] as const) {
    test(`opens offline, draws the charts, speaks ${lang}, switches language, prints`, async () => {
      const { page, requests, url } = await open(renderReportHtml(sampleReport(), lang), `report-${lang}`);
      // nothing but the file itself was requested: no fonts, scripts, images or styles from anywhere
      expect(requests).toEqual([url]);
      for (const id of CHARTS) {
        const box = await page.locator(`#${id} [role="img"]`).boundingBox();
        expect(box?.width ?? 0, id).toBeGreaterThan(300);
        expect(box?.height ?? 0, id).toBeGreaterThan(40);
      }
      // bars: the SVG charts' rects, the HTML charts' bars
      expect(await page.locator('#chart-clocks svg rect').count()).toBe(8);
      for (const id of ['chart-channel', 'chart-category', 'chart-ranking']) expect(await page.locator(`#${id} .bar`).count(), id).toBeGreaterThan(1);
      // 12 monthly bars, the tallest for December (1,460 cases)
      const heights = await page.locator('#chart-month svg rect').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('height'))));
      expect(heights).toHaveLength(12);
      expect(Math.max(...heights)).toBe(heights[11]);

      const other = lang === 'id' ? 'en' : 'id';
      const words = { id: ['Laporan masuk per bulan', 'Kanal masuk', 'Peringkat instansi', 'Penerbit:', 'WITA'], en: ['Cases received by month', 'Intake channels', 'Institution ranking', 'Publisher:', 'WITA'] };
      const text = await page.innerText('body');
      for (const w of words[lang]) expect(text).toContain(w);
      for (const w of words[other].filter((x) => x !== 'WITA')) expect(text).not.toContain(w);
      const shot = join(ARTIFACTS, `report-${lang}-1000.png`);
      await page.screenshot({ path: shot, fullPage: true });
      const png = readFileSync(shot);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.length).toBeGreaterThan(50_000);
      process.stderr.write(`screenshot: ${shot}\n`);

      // the switch shows the other language, with no request either
      await page.click(`label[for="lang-${other}"]`);
      const switched = await page.innerText('body');
      for (const w of words[other]) expect(switched).toContain(w);
      for (const w of words[lang].filter((x) => x !== 'WITA')) expect(switched).not.toContain(w);
      await page.screenshot({ path: join(ARTIFACTS, `report-${lang}-switched-${other}.png`), fullPage: true });
      expect(requests).toEqual([url]);

      // print: no language switch, and it makes a PDF of a few A4 pages
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('nav.langs').isVisible()).toBe(false);
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      await page.close();
    }, 60_000);
  }

  /** What the layout assertions measure, in the page. */
  async function measure(page: Page) {
    return page.evaluate(() => {
      const visible = (e: Element) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
      const texts = [...document.querySelectorAll('svg text')].filter(visible).map((el) => {
        const t = el as SVGTextElement;
        const svg = t.ownerSVGElement!;
        const a = t.getBoundingClientRect();
        const b = svg.getBoundingClientRect();
        const scale = t.getScreenCTM()?.a ?? 1;
        return {
          chart: svg.closest('figure')?.id ?? '?',
          text: t.textContent ?? '',
          inside: a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5,
          px: parseFloat(getComputedStyle(t).fontSize) * scale,
        };
      });
      // the HTML charts' text: every visible leaf element inside the bars
      const htmlTexts = [...document.querySelectorAll('.hbars span')]
        .filter((e) => visible(e) && e.children.length === 0 && (e.textContent ?? '').trim() !== '')
        .map((e) => ({ chart: e.closest('figure')?.id ?? '?', text: e.textContent ?? '', px: parseFloat(getComputedStyle(e).fontSize), cut: e.scrollWidth > e.clientWidth + 0.5 && getComputedStyle(e).display !== 'inline' }));
      const kpis = [...document.querySelectorAll('.kpi')].map((e) => e.getBoundingClientRect()).map((r) => ({ left: r.left, right: r.right }));
      const ranks = [...document.querySelectorAll('#chart-ranking .rank')].filter((e) => visible(e) && (e.textContent ?? '') !== '').map((e) => {
        const r = e.getBoundingClientRect();
        const f = e.closest('figure')!.getBoundingClientRect();
        return { text: e.textContent ?? '', inside: r.left >= f.left - 0.5 && r.right <= f.right + 0.5 };
      });
      return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, texts, htmlTexts, kpis, ranks, charts: document.querySelectorAll('figure.chart').length };
    });
  }

  for (const width of [1280, 390]) {
    for (const variant of ['full', 'public'] as const) {
      for (const lang of ['id', 'en'] as const) {
        test(`layout at ${width} px, ${variant}, ${lang}: fits the screen, labels inside their charts, named charts, readable text`, async () => {
          const report = sampleReportLongRanking(variant === 'public');
          const name = `report-${lang}-${variant}-${width}`;
          const { page } = await open(renderReportHtml(report, lang), name, width);
          const m = await measure(page);
          // nothing runs off the screen: wide tables scroll inside their own box
          expect(m.scrollWidth, 'page wider than the screen').toBeLessThanOrEqual(m.innerWidth);
          for (const k of m.kpis) expect(k.right, 'KPI card off the screen').toBeLessThanOrEqual(m.innerWidth);
          // every SVG label inside its SVG, none under 11 px as rendered
          expect(m.texts.length).toBeGreaterThan(20);
          for (const t of m.texts) {
            expect(t.inside, `${t.chart}: "${t.text}" outside its SVG`).toBe(true);
            expect(t.px, `${t.chart}: "${t.text}" at ${t.px.toFixed(1)} px`).toBeGreaterThanOrEqual(11);
          }
          expect(m.htmlTexts.length).toBeGreaterThan(20);
          for (const t of m.htmlTexts) {
            expect(t.px, `${t.chart}: "${t.text}" at ${t.px} px`).toBeGreaterThanOrEqual(11);
            expect(t.cut, `${t.chart}: "${t.text}" cut`).toBe(false);
          }
          // the ranking: ranks 1 to 14 drawn whole (the old chart showed rank 10 as "0."), the unranked not drawn
          const ranked = report.institutions.filter((r) => r.rank !== null);
          expect(m.ranks.map((r) => r.text)).toEqual(ranked.map((r) => `${r.rank}.`));
          for (const r of m.ranks) expect(r.inside, `rank ${r.text} cut`).toBe(true);
          // every chart is one picture with an accessible name: its caption, in the language shown
          expect(m.charts).toBe(CHARTS.length);
          for (const id of CHARTS) {
            const img = page.locator(`#${id} [role="img"]`);
            expect(await img.count(), id).toBe(1);
            const caption = (await page.locator(`#${id}-title`).innerText()).trim();
            expect(caption, id).not.toBe('');
            expect(await page.locator(`#${id}`).getByRole('img', { name: caption, exact: true }).count(), `${id} named "${caption}"`).toBe(1);
          }
          // the monthly and clock charts have their figures in a table behind them
          for (const id of ['chart-month', 'chart-clocks']) expect(await page.locator(`#${id} details table`).count(), id).toBe(1);
          const shot = join(ARTIFACTS, `${name}.png`);
          await page.screenshot({ path: shot, fullPage: true });
          expect(readFileSync(shot).subarray(1, 4).toString()).toBe('PNG');
          await page.close();
        }, 60_000);
      }
    }
  }

  test('a public report shows its suppression note and marks hidden cells', async () => {
    const { page } = await open(renderReportHtml(samplePublicReport(), 'en'), 'public');
    const text = await page.innerText('body');
    expect(text).toContain('Public version: cells below 10');
    expect(text).toContain('s = suppressed');
    await page.close();
  }, 60_000);

  test('text from the data is escaped, never markup', async () => {
    const r = sampleReport();
    r.institutions[0].name = '<img src=http://evil.example/x.png onerror=alert(1)>';
    const { page, requests, url } = await open(renderReportHtml(r, 'en'), 'escaped');
    expect(requests).toEqual([url]);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.innerText('body')).toContain('<img src=http://evil.example/x.png');
    await page.close();
  }, 60_000);
});
