// A real headless browser for page tests: Debian's chromium driven by puppeteer-core, with a fresh
// profile per launch (removed on close) and nothing that phones home. `openPage` collects what the
// page reports as errors (console errors, uncaught exceptions, failed requests, CSP violations).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** The browser the tests drive (`.ci/run` installs Debian's chromium when it is missing). */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const BROWSER_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export interface TestBrowser {
  browser: Browser;
  /** a new tab (1280x900 unless given) with its error log */
  openPage(viewport?: { width: number; height: number }): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'openledger-chromium-'));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({ executablePath: CHROMIUM, headless: true, args: [...BROWSER_FLAGS, `--user-data-dir=${profile}`], userDataDir: profile, protocolTimeout: 60_000 });
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw new Error(`could not start ${CHROMIUM}: ${(e as Error).message}`);
  }
  return {
    browser,
    async openPage(viewport = { width: 1280, height: 900 }) {
      const page = await browser.newPage();
      await page.setViewport(viewport);
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`);
      });
      page.on('pageerror', (e) => errors.push(`uncaught: ${(e as Error).message ?? e}`));
      page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
      return { page, errors };
    },
    async close() {
      await browser.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
