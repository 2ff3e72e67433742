// Launches Debian's chromium headless for the client tests (WebGL through SwiftShader) and records
// what a page does: console messages, page errors and every request with its answer.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

export const CHROMIUM = process.env.ATLAS_CHROMIUM ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
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
  page.on('response', (r) => log.requests.push({ url: r.url(), status: r.status() }));
  page.on('requestfailed', (r) => log.requests.push({ url: r.url(), status: null }));
  return { page, log };
}

/**
 * With --disable-gpu the compositor is software, so Chromium reads every WebGL frame back and its
 * GL driver logs "GPU stall due to ReadPixels". That is the test browser's own note, not the app's.
 */
const HEADLESS_GL_NOTE = /^\[\.WebGL-[0-9a-fx]+\]GL Driver Message \(OpenGL, Performance, .*\): GPU stall due to ReadPixels/;

/** Console errors and warnings, and page errors, of the app (not of the headless GL driver). */
export function problems(log: PageLog): string[] {
  const messages = log.console.filter((m) => (m.type === 'error' || m.type === 'warning') && !HEADLESS_GL_NOTE.test(m.text));
  return [...messages.map((m) => `${m.type}: ${m.text}`), ...log.errors];
}

/** Waits until the map has drawn every tile it asked for. */
export async function mapIdle(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForSelector('#map[data-idle="true"]', { timeout });
}

/** Polls `read` until its value passes the matcher (20 s): for a page that settles after requests. */
export const eventually = <T>(read: () => Promise<T>, message?: string) => expect.poll(read, { timeout: 20_000, message });

/** A JSON answer that must come with status 200. */
export async function fetchJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  expect(res.status, url).toBe(200);
  return res.json() as Promise<T>;
}

/** A recorded page at `url` once its map has drawn; its log is added to `logs`. */
export async function openIdle(context: BrowserContext, url: string, logs: PageLog[]): Promise<Page> {
  const { page, log } = await recordedPage(context);
  page.setDefaultTimeout(20_000);
  logs.push(log);
  await page.goto(url);
  await mapIdle(page);
  return page;
}
