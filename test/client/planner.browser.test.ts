// The planner's cluster list and the one search box in a real browser against the real server on a
// small demo database: filter the list (copper only, one municipality), page it, open a cluster's
// addresses from its map popup; type a municipality, a place and "1234AB 5" and pick by keyboard.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClient } from '../../client/build.ts';
import type { ClusterAddressCollection, ClusterList } from '../../common/api.ts';
import { ADDRESSES_PER_PAGE } from '../../client/src/cluster-addresses.ts';
import { CLUSTERS_PER_PAGE } from '../../client/src/clusters-panel.ts';
import { buildDemo } from '../../pipeline/demo/build.ts';
import { loadConfig } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { eventually, fetchJson, launchBrowser, openIdle, problems, type PageLog } from './browser.ts';

let dir: string;
let db: string;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
const logs: PageLog[] = [];
const json = <T>(path: string) => fetchJson<T>(`${server.url}${path}`);
const open = (hash: string) => openIdle(context, `${server.url}/${hash}`, logs);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-planner-'));
  db = join(dir, 'demo.sqlite');
  await buildDemo({ db, scale: 0.002, seed: 5, tmpDir: dir });
  const clientDir = join(dir, 'dist');
  await buildClient(clientDir);
  server = await startServer(loadConfig({ db, port: 0, host: '127.0.0.1', clientDir }, {}));
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const rowNumbers = (page: Page) => page.locator('#clusters-panel table.clusters tbody th button').allTextContents();
const rowIds = (page: Page) =>
  page.locator('#clusters-panel table.clusters tbody th button').evaluateAll((bs) => bs.map((b) => Number(b.getAttribute('data-id'))));

describe('the cluster list', () => {
  it('filters by technology and municipality, pages, and numbers each cluster as its area’s PDF', async () => {
    const page = await open('#lang=en');
    await page.locator('#clusters-details summary').click();
    const whole = await json<ClusterList>(`/api/v1/clusters?limit=${CLUSTERS_PER_PAGE}`);
    expect(whole.total).toBeGreaterThan(CLUSTERS_PER_PAGE);
    await eventually(() => rowIds(page)).toEqual(whole.clusters.map((c) => c.id));
    expect(await rowNumbers(page)).toEqual(whole.clusters.map((c) => `#${c.number}`));
    const names = await page.locator('#clusters-panel td.areas').allTextContents();
    expect(names.filter((n) => /\bGM\d{4}\b/.test(n))).toEqual([]);

    // Next and previous pages.
    const range = page.locator('#clusters-panel .pager .range');
    expect(await range.textContent()).toBe(`1–${CLUSTERS_PER_PAGE} of ${whole.total}`);
    await page.locator('#clusters-panel .pager button.next').click();
    const second = await json<ClusterList>(`/api/v1/clusters?limit=${CLUSTERS_PER_PAGE}&offset=${CLUSTERS_PER_PAGE}`);
    await eventually(() => rowIds(page)).toEqual(second.clusters.map((c) => c.id));
    expect(await range.textContent()).toBe(`${CLUSTERS_PER_PAGE + 1}–${Math.min(2 * CLUSTERS_PER_PAGE, whole.total)} of ${whole.total}`);
    await page.locator('#clusters-panel .pager button.previous').click();
    await eventually(() => rowIds(page)).toEqual(whole.clusters.map((c) => c.id));

    // Copper only.
    await page.selectOption('#cluster-technology', { label: 'Copper (ADSL, VDSL)' });
    await page.check('#cluster-only');
    const copper = await json<ClusterList>(`/api/v1/clusters?technology=ADSL,VDSL&technology_match=only&limit=${CLUSTERS_PER_PAGE}`);
    expect(copper.total).toBeLessThan(whole.total);
    await eventually(() => rowIds(page)).toEqual(copper.clusters.map((c) => c.id));
    const csv = page.locator('#clusters-panel .downloads a').first();
    expect(await csv.getAttribute('href')).toContain('technology=ADSL%2CVDSL&technology_match=only');

    // One municipality, by name: numbered #1.. in list order, as its PDF.
    await page.uncheck('#cluster-only');
    await page.selectOption('#cluster-technology', '-1');
    const area = whole.clusters[0].area_codes[0];
    await page.selectOption('#cluster-area', area);
    const inArea = await json<ClusterList>(`/api/v1/clusters?area=${area}&limit=${CLUSTERS_PER_PAGE}`);
    await eventually(() => rowIds(page)).toEqual(inArea.clusters.map((c) => c.id));
    expect(await rowNumbers(page)).toEqual(inArea.clusters.map((_, i) => `#${i + 1}`));
    await page.fill('#cluster-min', '3');
    await page.evaluate(() => Object.assign(window, { samePage: true }));
    await page.press('#cluster-min', 'Enter');
    const big = await json<ClusterList>(`/api/v1/clusters?area=${area}&min_addresses=3&limit=${CLUSTERS_PER_PAGE}`);
    await eventually(() => rowIds(page)).toEqual(big.clusters.map((c) => c.id));
    // Enter filtered in place: the page was not reloaded by a form submission.
    expect(await page.evaluate(() => 'samePage' in window)).toBe(true);
    expect(new URL(page.url()).search).toBe('');
    await page.close();
  });

  it('opens a cluster’s address list from its popup on the map, with its address exports', async () => {
    const { clusters } = await json<ClusterList>('/api/v1/clusters?limit=1');
    const [c] = clusters;
    const page = await open(`#map=15.00/${c.centroid[1]}/${c.centroid[0]}&off=uncovered,hexes&lang=en`);
    const box = (await page.locator('#map canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const popup = page.locator('.maplibregl-popup');
    const opener = popup.locator('button.cluster-addresses-open');
    expect(await opener.textContent()).toBe(`Addresses (${c.addresses})`);
    await opener.click();
    expect(await opener.getAttribute('aria-expanded')).toBe('true');
    const all = await json<ClusterAddressCollection>(`/api/v1/clusters/${c.id}/addresses?limit=100`);
    const items = popup.locator('.cluster-addresses li');
    await eventually(() => items.count()).toBe(Math.min(c.addresses, ADDRESSES_PER_PAGE));
    const texts = await items.allTextContents();
    for (const [i, text] of texts.entries()) expect(text).toContain(all.features[i].properties.postcode!);
    const links = await popup.locator('.downloads a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual([`/api/v1/clusters/${c.id}/addresses.csv`, `/api/v1/clusters/${c.id}/addresses.geojson`]);
    const download = await fetch(`${server.url}${links[0]}`);
    expect((await download.text()).trim().split('\n').length).toBe(c.addresses + 1);
    await page.close();
  });
});

describe('the search box', () => {
  it('suggests municipalities, places and addresses as one types, and picks by keyboard', async () => {
    const raw = new Database(db, { readonly: true });
    const municipality = raw.prepare(`SELECT code, name FROM areas WHERE level = 'municipality' AND name LIKE 'Zw%' LIMIT 1`).get() as {
      code: string;
      name: string;
    };
    // A place that is not also a municipality's name.
    const place = raw
      .prepare(`SELECT city AS name, AVG(lon) AS lon, AVG(lat) AS lat, COUNT(*) AS n FROM addresses
        WHERE city NOT IN (SELECT name FROM areas) AND release_id = (SELECT id FROM releases ORDER BY as_of DESC, label DESC LIMIT 1)
        GROUP BY city ORDER BY n DESC LIMIT 1`)
      .get() as { name: string; lon: number; lat: number };
    const address = raw
      .prepare(`SELECT postcode, house_number, address_id FROM addresses WHERE house_letter IS NULL AND house_number_suffix IS NULL
        AND release_id = (SELECT id FROM releases ORDER BY as_of DESC, label DESC LIMIT 1) LIMIT 1 OFFSET 500`)
      .get() as { postcode: string; house_number: number; address_id: string };
    raw.close();

    const page = await open('#lang=nl');
    const input = page.locator('#search-input');
    const options = page.locator('#search-suggestions [role=option]');
    expect(await page.locator('label[for=search-input]').textContent()).toBe('Gemeente, plaats of adres');

    // A municipality: type part of its name, arrow down to it, Enter opens it.
    await input.pressSequentially(municipality.name.slice(0, 4).toLowerCase(), { delay: 30 });
    await eventually(() => options.count()).toBeGreaterThan(0);
    expect(await input.getAttribute('aria-expanded')).toBe('true');
    const labels = await options.locator('.label').allTextContents();
    const at = labels.indexOf(municipality.name);
    expect(at, labels.join(' | ')).toBeGreaterThanOrEqual(0);
    expect(await options.nth(at).locator('.kind').textContent()).toBe('Gemeente');
    for (let i = 0; i <= at; i++) await input.press('ArrowDown');
    expect(await input.getAttribute('aria-activedescendant')).toBe(`search-option-${at}`);
    expect(await options.nth(at).getAttribute('aria-selected')).toBe('true');
    await input.press('Enter');
    await eventually(() => page.locator('#area-title').textContent()).toContain(municipality.name);
    expect(await input.getAttribute('aria-expanded')).toBe('false');

    // Escape closes the list, then empties the box.
    await input.fill('');
    await input.pressSequentially(place.name.slice(0, 5), { delay: 30 });
    await eventually(() => options.count()).toBeGreaterThan(0);
    await input.press('Escape');
    await eventually(() => page.locator('#search-suggestions').isHidden()).toBe(true);
    await input.press('Escape');
    expect(await input.inputValue()).toBe('');

    // A place: Enter on its suggestion flies the map there.
    await input.pressSequentially(place.name, { delay: 20 });
    // Labelled "<place>, <municipality>".
    const isPlace = (label: string) => label === place.name || label.startsWith(`${place.name}, `);
    await eventually(async () => (await options.locator('.label').allTextContents()).some(isPlace)).toBe(true);
    const placeAt = (await options.locator('.label').allTextContents()).findIndex(isPlace);
    expect(await options.nth(placeAt).locator('.kind').textContent()).toBe('Plaats');
    for (let i = 0; i <= placeAt; i++) await input.press('ArrowDown');
    await input.press('Enter');
    await eventually(async () => {
      const [zoom, lat, lon] = (await page.evaluate(() => location.hash))
        .match(/map=([\d.]+)\/([\d.]+)\/([\d.]+)/)!
        .slice(1)
        .map(Number);
      return zoom === 13 && Math.abs(lat - place.lat) < 0.001 && Math.abs(lon - place.lon) < 0.001;
    }).toBe(true);

    // "1234AB 5": the address is suggested; ArrowDown + Enter shows its card.
    await input.fill('');
    await input.pressSequentially(`${address.postcode} ${address.house_number}`, { delay: 20 });
    await eventually(() => options.first().getAttribute('data-kind')).toBe('address');
    expect(await options.first().locator('.label').textContent()).toContain(address.postcode);
    await input.press('ArrowDown');
    await input.press('Enter');
    await eventually(() => page.locator('#search-result .address-line').textContent()).toContain(address.postcode);
    await eventually(() => page.evaluate(() => location.hash)).toContain('map=16.00');
    await page.close();
  });
});

describe('the console', () => {
  it('logged no error or warning', () => {
    expect(logs.flatMap(problems)).toEqual([]);
  });
});
