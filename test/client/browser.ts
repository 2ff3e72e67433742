// Launches Debian's chromium headless for the client tests (WebGL through SwiftShader) and records
// what a page does: console messages, page errors and every request with its answer.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.ATLAS_CHROMIUM ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--enable-unsafe-swiftshader', '--use-angle=swiftshader'],
  });
}

export interface PageLog {
  console: { type: string; text: string }[];
  errors: string[];
  requests: { url: string; status: number | null }[];
}

/** A new page whose console, errors and requests are recorded in the returned log. */
export async function recordedPage(context: BrowserContext): Promise<{ page: Page; log: PageLog }> {
  const page = await context.newPage();
  const log: PageLog = { console: [], errors: [], requests: [] };
  page.on('console', (m) => log.console.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => log.errors.push(e.message));
  page.on('requestfinished', async (r) => log.requests.push({ url: r.url(), status: (await r.response())?.status() ?? null }));
  page.on('requestfailed', (r) => log.requests.push({ url: r.url(), status: null }));
  return { page, log };
}

/** Waits until the map has drawn every tile it asked for. */
export async function mapIdle(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForSelector('#map[data-idle="true"]', { timeout });
}
