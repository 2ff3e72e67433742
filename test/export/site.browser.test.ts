// `atlas export --format site` served by a plain static file server (Python's http.server with byte
// ranges) and opened in real chromium: the national figures, the panels and a municipality's figures
// equal the live server's, nothing is logged, and every request goes to the static origin.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClient } from '../../client/build.ts';
import { loadConfig } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { launchBrowser, mapIdle, problems, recordedPage, type PageLog } from '../client/browser.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { startStaticServer, type StaticServer } from '../helpers/static-server.ts';

const run = promisify(execFile);

let dir: string;
let site: string;
let clientDir: string;
let db: string;
let live: RunningServer;
let stat: StaticServer;
let browser: Browser;
let context: BrowserContext;
let firstExport: string;
/** The municipality with the most uncovered addresses: its panel and clusters have rows. */
let AREA: string;

async function exportSite(...extra: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, ATLAS_CLIENT_DIR: clientDir };
  try {
    const r = await run(process.execPath, ['bin/atlas.js', 'export', '--db', db, '--format', 'site', '--out', site, ...extra], { env });
    return { code: 0, ...r };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-site-'));
  db = await buildFixtureDb(dir);
  clientDir = join(dir, 'dist');
  await buildClient(clientDir);
  site = join(dir, 'site');
  const r = await exportSite();
  expect(r.code, r.stderr).toBe(0);
  firstExport = r.stdout;
  live = await startServer(loadConfig({ db, port: 0, host: '127.0.0.1', clientDir }, {}));
  const res = await fetch(`${live.url}/api/v1/areas?level=municipality&sort=uncovered&order=desc`);
  AREA = ((await res.json()) as { areas: { code: string }[] }).areas[0].code;
  stat = await startStaticServer(site);
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await stat?.stop();
  await live?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The page at `hash` with its map drawn and every panel filled. */
async function open(base: string, hash: string): Promise<{ page: Page; log: PageLog; ranges: string[] }> {
  const { page, log } = await recordedPage(context);
  const ranges: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/atlas.pmtiles')) ranges.push(r.headers().range ?? 'whole file');
  });
  page.setDefaultTimeout(20_000);
  await page.goto(`${base}/${hash}`);
  await mapIdle(page);
  await page.locator('#clusters-details > summary').click();
  for (const panel of ['#national-panel', '#table-panel', '#clusters-panel']) {
    await expect.poll(() => page.locator(panel).textContent(), { timeout: 20_000 }).not.toMatch(/Loading|Could not load|^$/);
  }
  return { page, log, ranges };
}

/** A panel's text without its download links (a static site links whole files instead). */
async function panelText(page: Page, selector: string): Promise<string> {
  return page.locator(selector).evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    for (const d of copy.querySelectorAll('.downloads')) d.remove();
    return copy.textContent ?? '';
  });
}

describe('atlas export --format site', () => {
  it('writes the client, the archive, the answers and the downloads, and leaves nothing temporary', () => {
    expect(firstExport).toMatch(/Wrote .*site \(site; release 2024-12, 1000 Mbit\/s\): \d+ tiles .* \d+ JSON answers, 3 downloads/);
    for (const f of ['index.html', 'app.js', 'maplibre-gl-worker.mjs', 'atlas.pmtiles', 'static.json', 'data/meta.json']) {
      expect(existsSync(join(site, f)), f).toBe(true);
    }
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toContain('<meta name="atlas-site" content="static">');
    const manifest = JSON.parse(readFileSync(join(site, 'static.json'), 'utf8'));
    expect(manifest).toMatchObject({ release: '2024-12', down: 1000, synthetic: false, archive: 'atlas.pmtiles' });
    expect(Object.keys(manifest.downloads)).toEqual(['gpkg', 'uncovered_csv', 'clusters_csv']);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('refuses an existing directory unless --force, and replaces it whole with --force', async () => {
    writeFileSync(join(site, 'stale.txt'), 'from before');
    const refused = await exportSite();
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/already exists; pass --force/);
    expect(existsSync(join(site, 'stale.txt'))).toBe(true);
    const forced = await exportSite('--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(existsSync(join(site, 'stale.txt'))).toBe(false);
    expect(existsSync(join(site, 'atlas.pmtiles'))).toBe(true);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('shows the live server figures from the static origin alone, without a console message', async () => {
    const hash = `#area=${AREA}&lang=en`;
    const s = await open(stat.url, hash);
    const l = await open(live.url, hash);
    await expect.poll(() => s.page.locator('#area-title').textContent()).toContain(AREA);
    await expect.poll(() => l.page.locator('#area-title').textContent()).toContain(AREA);

    for (const panel of ['#national-panel', '#table-panel', '#clusters-panel .cluster-list', '#area-panel']) {
      const want = await panelText(l.page, panel);
      expect(want.length, panel).toBeGreaterThan(20);
      expect(await panelText(s.page, panel), panel).toBe(want);
    }
    expect(await s.page.locator('#release-select').inputValue()).toBe('2024-12');

    // Tiles come from the archive by range requests; everything from the static origin.
    expect(s.log.requests.some((r) => r.url === `${stat.url}/atlas.pmtiles` && r.status === 206)).toBe(true);
    // The four layer sources read each archive tile through one shared fetch.
    expect(s.ranges.length).toBeGreaterThan(2);
    expect(s.ranges.filter((r, i) => s.ranges.indexOf(r) !== i)).toEqual([]);
    const elsewhere = s.log.requests.filter((r) => !r.url.startsWith(`${stat.url}/`) && !r.url.startsWith('blob:'));
    expect(elsewhere).toEqual([]);
    expect(s.log.requests.filter((r) => r.status === null || r.status >= 400)).toEqual([]);
    expect(problems(s.log)).toEqual([]);
  });

  it('hides address search and links the whole files it holds, which are there', async () => {
    const { page, log } = await open(stat.url, `#area=${AREA}&lang=en`);
    expect(await page.locator('#search-form').isHidden()).toBe(true);
    // The site holds the unfiltered cluster pages only: the size and technology filters are not offered.
    expect(await page.locator('#cluster-min, #cluster-technology').count()).toBe(0);
    expect(await page.locator('#cluster-area').count()).toBe(1);
    const links = await page.locator('#area-panel .downloads a').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(links).toHaveLength(3);
    for (const href of links) {
      expect(href.startsWith(`${stat.url}/downloads/`)).toBe(true);
      expect((await fetch(href)).status, href).toBe(200);
    }
    expect(problems(log)).toEqual([]);
  });
});
