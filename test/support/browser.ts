// A real headless browser for tests of pages: Debian's chromium driven by puppeteer-core (which
// downloads no browser). `.ci/run` installs chromium in CI; locally a test skips when it is absent.
// Each launch gets a fresh profile and no background networking; a page opened with `origin` has every request
// to another origin refused and recorded, so a page that needs the internet fails.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';

/** Debian's chromium (`CHROMIUM_PATH` overrides it). */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Why browser tests cannot run here (for `test(..., { skip })`), or false when they can. */
export function browserUnavailable(): string | false {
  return existsSync(CHROMIUM) ? false : `no chromium at ${CHROMIUM} (apt-get install chromium; .ci/run installs it in CI)`;
}

export interface TestBrowser {
  browser: Browser;
  /**
   * a new page; given `origin`, requests to any other origin are aborted and listed in `blocked`;
   * uncaught exceptions of its scripts are listed in `pageErrors`, console.error lines in `consoleErrors`
   */
  page(options?: { origin?: string }): Promise<{ page: Page; blocked: string[]; pageErrors: string[]; consoleErrors: string[] }>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'openledger-chromium-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    async page(options = {}) {
      const page = await browser.newPage();
      const blocked: string[] = [];
      const pageErrors: string[] = [];
      const consoleErrors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') consoleErrors.push(m.text());
      });
      page.on('pageerror', (e) => pageErrors.push(String(e)));
      if (options.origin) {
        const origin = options.origin;
        await page.setRequestInterception(true);
        page.on('request', (r) => {
          const url = r.url();
          if (url.startsWith('data:') || url.startsWith('blob:') || new URL(url).origin === origin) void r.continue();
          else {
            blocked.push(url);
            void r.abort('internetdisconnected');
          }
        });
      }
      return { page, blocked, pageErrors, consoleErrors };
    },
    async close() {
      try {
        await browser.close();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}
