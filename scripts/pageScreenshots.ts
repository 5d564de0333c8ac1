// `npm run page:screenshots`: the page's pictures in docs/img/ (the front, a contributor, the
// watchdog view), taken in headless chromium on the test scenario indexed into a fresh embedded
// Postgres and served by the API, as web/page.test.ts does.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { withClient } from '../db/postgres.ts';
import { PROJECT_ROOT } from '../lib/runtime.ts';
import { launchBrowser } from '../test/support/browser.ts';
import { startIndexedApi } from '../test/support/indexedApi.ts';

const OUT = join(PROJECT_ROOT, 'docs', 'img');

async function main(): Promise<void> {
  const ia = await startIndexedApi({ login: ['page_screenshots', 'page-screenshots-password'] });
  const runtime = process.env.OPENLEDGER_RUNTIME_DIR!;
  const browser = await launchBrowser();
  try {
    const [top] = await withClient(ia.pg.settings, async (c) =>
      (await c.query(`SELECT contributor FROM inference_attribution GROUP BY contributor ORDER BY count(*) DESC, contributor LIMIT 1`)).rows);
    const shots: [file: string, hash: string, wait: string][] = [
      ['page-front.png', '', 'table[data-table="inferences"]'],
      ['page-contributor.png', `#/contributor/${top.contributor}`, '.chart[data-points]'],
      ['page-watchdog.png', '#/watchdog', '#verifications p, #verifications table'],
    ];
    mkdirSync(OUT, { recursive: true });
    for (const [file, hash, wait] of shots) {
      const { page, blocked, pageErrors, consoleErrors } = await browser.page({ origin: ia.api.url });
      await page.setViewport({ width: 1280, height: 800 });
      await page.goto(`${ia.api.url}/${hash}`, { waitUntil: 'load' });
      await page.waitForSelector(wait, { timeout: 30_000 });
      await page.waitForFunction(() => document.getElementById('live')!.dataset.state !== 'connecting', { timeout: 15_000 });
      await page.screenshot({ path: join(OUT, file), fullPage: true });
      const errors = [...consoleErrors, ...pageErrors, ...blocked];
      if (errors.length) throw new Error(`${file}: the page reported errors: ${errors.join('; ')}`);
      console.log(`wrote docs/img/${file}`);
      await page.close();
    }
  } finally {
    await browser.close();
    await ia.stop();
    rmSync(runtime, { recursive: true, force: true });
  }
}

main().catch((err: Error) => {
  console.error(`page:screenshots: ${err.message}`);
  process.exit(1);
});
