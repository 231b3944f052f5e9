// The HTML report opened in headless Chromium (Debian's chromium through playwright-core): no request
// leaves the page, the five charts are drawn, the text is in the chosen language and switches to the other,
// and the print view hides the language switch. Screenshots of both languages are written next to the
// test's temporary files (their paths are printed) and checked to be real images.

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderReportHtml } from '../../src/io/report/html.js';
import { samplePublicReport, sampleReport } from './fixture.js';
import { toolAvailable } from '../helpers/tools.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

describe.runIf(toolAvailable(CHROMIUM))('the HTML report in Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'lapor-html-'));

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  }, 60_000);
  afterAll(async () => browser?.close());

  async function open(html: string, name: string) {
    const file = join(dir, `${name}.html`);
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport: { width: 1000, height: 1400 } });
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
      for (const id of ['chart-month', 'chart-channel', 'chart-category', 'chart-clocks', 'chart-ranking']) {
        const bars = await page.locator(`#${id} svg rect`).count();
        expect(bars, id).toBeGreaterThan(1);
        const box = await page.locator(`#${id} svg`).boundingBox();
        expect(box?.width ?? 0, id).toBeGreaterThan(300);
      }
      // 12 monthly bars, the tallest for December (1,460 cases)
      const heights = await page.locator('#chart-month svg rect').evaluateAll((rs) => rs.map((r) => Number(r.getAttribute('height'))));
      expect(heights).toHaveLength(12);
      expect(Math.max(...heights)).toBe(heights[11]);

      const other = lang === 'id' ? 'en' : 'id';
      const words = { id: ['Laporan masuk per bulan', 'Kanal masuk', 'Peringkat instansi'], en: ['Monthly volume', 'Intake channels', 'Institution ranking'] };
      const text = await page.innerText('body');
      for (const w of words[lang]) expect(text).toContain(w);
      for (const w of words[other]) expect(text).not.toContain(w);
      const shot = join(dir, `report-${lang}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      const png = readFileSync(shot);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.length).toBeGreaterThan(50_000);
      process.stderr.write(`screenshot: ${shot}\n`);

      // the switch shows the other language, with no request either
      await page.click(`label[for="lang-${other}"]`);
      const switched = await page.innerText('body');
      for (const w of words[other]) expect(switched).toContain(w);
      for (const w of words[lang]) expect(switched).not.toContain(w);
      await page.screenshot({ path: join(dir, `report-${lang}-switched-${other}.png`), fullPage: true });
      expect(requests).toEqual([url]);

      // print: no language switch, and it makes a PDF of a few A4 pages
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('nav.langs').isVisible()).toBe(false);
      const pdf = await page.pdf({ format: 'A4' });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      await page.close();
    }, 60_000);
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
