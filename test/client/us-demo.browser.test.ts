// The US demo in a real browser (Debian chromium) against the real server: `atlas demo --country us`
// at a small scale (California and Oregon), served as is: the Census credit stored with its
// boundaries is the one shown (no attribution setting). The page shows the
// synthetic banner and the FCC releases, means "served" (100/20) by coverage, finds US counties by
// name, lists and draws the 94 counties under their states, never says municipality or province,
// and shows none of the Dutch UI texts or credits.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClient } from '../../client/build.ts';
import { en, nl } from '../../client/src/strings.ts';
import { DEFAULT_ATTRIBUTION } from '../../common/attribution.ts';
import { US_ATLAS_CREDIT } from '../../pipeline/demo/us-areas.ts';
import { buildUsDemo } from '../../pipeline/demo/us-build.ts';
import { loadConfig } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { eventually, launchBrowser, openIdle, problems, type PageLog } from './browser.ts';

const ARTIFACTS = 'test/artifacts';
const CENSUS = US_ATLAS_CREDIT;

let dir: string;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const logs: PageLog[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-us-client-'));
  const db = join(dir, 'us.sqlite');
  buildUsDemo({ db, scale: 0.01, seed: 14 });
  const clientDir = join(dir, 'dist');
  await buildClient(clientDir);
  server = await startServer(loadConfig({ db, port: 0, host: '127.0.0.1', clientDir }, {}));
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  page = await openIdle(context, `${server.url}/`, logs);
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'us-demo.png') });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The Dutch UI texts that are not also English words (e.g. "Nederlands", the language switch, is in both). */
const DUTCH_ONLY = Object.entries(nl)
  .filter(([key, text]) => text !== en[key as keyof typeof en] && text.length >= 6 && !/[{}]/.test(text))
  .map(([, text]) => text);

describe('the US demo in the map client', () => {
  it('shows the synthetic banner and both FCC releases, the newest chosen', async () => {
    expect(await page.locator('#synthetic-banner').isVisible()).toBe(true);
    expect(await page.locator('#release-select option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual([
      'J24',
      'J23',
    ]);
    expect(await page.locator('#release-select').inputValue()).toBe('J24');
  });

  it('means "served" (>= 100/20 Mbit/s) by coverage, and offers the FCC tiers by name', async () => {
    const selected = page.locator('#threshold-select option:checked');
    expect(await selected.textContent()).toMatch(/100\/20 Mbit\/s \(served\)/);
    const labels = await page.locator('#threshold-select option').allTextContents();
    for (const tier of ['25/3 Mbit/s (underserved)', '1000/100 Mbit/s (gigabit)']) expect(labels.join('\n')).toContain(tier);
    expect(labels.join('\n')).not.toMatch(/\b(30|50) Mbit/);
  });

  it('finds US counties by name, as counties', async () => {
    const options = page.locator('#search-suggestions [role=option]');
    for (const [typed, name] of [
      ['Multnomah', 'Multnomah'],
      ['Los Ang', 'Los Angeles'],
    ]) {
      await page.fill('#search-input', typed);
      await eventually(() => options.allTextContents(), typed).toContainEqual(expect.stringContaining(name));
      const county = options.filter({ hasText: name }).first();
      expect(await county.locator('.kind').textContent()).toMatch(/county/i);
      await page.press('#search-input', 'Escape');
    }
    expect(await page.getAttribute('#search-input', 'placeholder')).toBe('e.g. the name of a county or a place');
    await page.fill('#search-input', 'qqqqzz');
    await page.press('#search-input', 'Enter');
    await eventually(() => page.locator('#search-result').textContent()).toBe('Nothing found. Type the name of a county or a place.');
    await page.fill('#search-input', '');
  });

  it('lists the 94 counties of California and Oregon, switches to their states, and opens a county with its state', async () => {
    expect((await page.locator('.level-switch label').allTextContents()).map((l) => l.trim())).toEqual(['Counties', 'States']);
    expect(await page.locator('.level-switch input[type=radio]').evaluateAll((rs) => rs.map((r) => (r as HTMLInputElement).value))).toEqual(
      ['county', 'state'],
    );
    await eventually(() => page.locator('#table-panel').textContent()).toMatch(/94 of 94 counties/);
    await page.fill('#table-filter', 'Multnomah');
    await page.click('#area-table button[data-code="41051"]');
    const panel = page.locator('#area-panel');
    await eventually(() => panel.locator('.level-name').textContent()).toBe('County');
    await eventually(() => panel.textContent()).toContain('Oregon (State)');
    expect(await panel.textContent()).toContain('Multnomah');
    await page.fill('#table-filter', '');
    await page.click('#level-state');
    await eventually(() => page.locator('#table-panel').textContent()).toMatch(/2 of 2 states/);
    expect(await page.locator('#area-table th[scope=row]').allTextContents()).toEqual(expect.arrayContaining(['California', 'Oregon']));
    await page.click('#level-county');
  });

  it("colours the counties in the database's classes (atlas init --ramp), wider than the Dutch default", async () => {
    const legend = await page.locator('.map-legend .legend').textContent();
    expect(legend).toContain('0% to under 50%');
    expect(legend).toContain('95% to under 99%');
    expect(legend).not.toContain('99.5%');
  });

  it('draws the counties from the area tiles', () => {
    const tiles = logs.flatMap((l) => l.requests).filter((r) => /\/tiles\/areas\/\d+\/\d+\/\d+\.mvt/.test(r.url));
    expect(tiles.filter((r) => r.status === 200).length).toBeGreaterThan(0);
    // A tile the map no longer needs (the view flew to a county) is cancelled: no answer, not an error.
    expect(tiles.filter((r) => r.status !== null && r.status !== 200 && r.status !== 204)).toEqual([]);
  });

  it('credits the Census boundaries, never the Dutch ones, and shows no Dutch UI text', async () => {
    const credits = await page.locator('.maplibregl-ctrl-attrib').textContent();
    expect(credits).toContain(CENSUS);
    expect(credits).not.toContain(DEFAULT_ATTRIBUTION);
    // Text and the words people hear or see on hover: labels, titles, placeholders.
    const body = await page.evaluate(() =>
      [
        document.body.textContent ?? '',
        ...[...document.querySelectorAll('[aria-label], [title], [placeholder]')].flatMap((e) =>
          ['aria-label', 'title', 'placeholder'].map((a) => e.getAttribute(a) ?? ''),
        ),
      ].join('\n'),
    );
    expect(DUTCH_ONLY.length).toBeGreaterThan(50);
    expect(DUTCH_ONLY.filter((text) => body.includes(text))).toEqual([]);
    expect(body).not.toMatch(/municipalit|province|gemeente|provincie|Kadaster|CBS|Utrecht|1234AB/i);
  });

  it('logs no errors or warnings', () => {
    const failed = logs.flatMap((l) => l.requests.filter((r) => r.status === null || r.status >= 400).map((r) => `${r.status} ${r.url}`));
    expect(logs.flatMap(problems), failed.join('\n')).toEqual([]);
  });
});
