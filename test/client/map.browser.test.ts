// The map client in a real browser (Debian chromium, WebGL through SwiftShader) against the real
// server on the fixture database: rendering, tiles, offline-ness, panels, search, language, URL,
// keyboard. Screenshots go to test/artifacts/ for a person to look at.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClient } from '../../client/build.ts';
import { loadConfig } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { WATER_COLOR } from '../../client/src/ramp.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { launchBrowser, mapIdle, problems, recordedPage, type PageLog } from './browser.ts';
import { pixelStats } from './pixels.ts';

const ARTIFACTS = 'test/artifacts';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

interface UncoveredFeature {
  geometry: { coordinates: [number, number] };
  properties: {
    postcode: string;
    house_number: number;
    house_letter: string | null;
    house_number_suffix: string | null;
    area_code: string;
  };
}

let dir: string;
let db: string;
let clientDir: string;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
const logs: PageLog[] = [];

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status, path).toBe(200);
  return res.json() as Promise<T>;
}

/** A page opened at `hash`, its map drawn; everything it logs is kept for the console check. */
async function openAt(hash: string, ctx = context): Promise<{ page: Page; log: PageLog; ms: number }> {
  const { page, log } = await recordedPage(ctx);
  page.setDefaultTimeout(15_000);
  logs.push(log);
  const start = Date.now();
  await page.goto(`${server.url}/${hash}`);
  await mapIdle(page);
  return { page, log, ms: Date.now() - start };
}

/** An uncovered address of the fixture: a place inside its municipality and a searchable address. */
async function someUncovered(): Promise<UncoveredFeature> {
  const { areas } = await api<{ areas: { code: string; uncovered: number }[] }>(
    '/api/v1/areas?level=municipality&sort=uncovered&order=desc',
  );
  const fc = await api<{ features: UncoveredFeature[] }>(`/api/v1/uncovered?area=${areas[0].code}&limit=1`);
  return fc.features[0];
}

const en = (n: number) => new Intl.NumberFormat('en-GB').format(n);

/** Polls until the value matches: the app answers after API calls, slower on a loaded machine. */
const eventually = <T>(read: () => Promise<T>, message?: string) => expect.poll(read, { timeout: 15_000, message });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-client-'));
  db = await buildFixtureDb(dir);
  // Built fresh from the sources, so the test never runs a stale bundle.
  clientDir = join(dir, 'dist');
  await buildClient(clientDir);
  server = await startServer(loadConfig({ db, port: 0, host: '127.0.0.1', clientDir }, {}));
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
  mkdirSync(ARTIFACTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the map client on its first load', () => {
  let page: Page;
  let log: PageLog;

  beforeAll(async () => {
    ({ page, log } = await openAt('#lang=en'));
    const mark = await page.evaluate(() => performance.getEntriesByName('atlas:first-render')[0]?.startTime ?? null);
    console.log(`first map render: ${mark === null ? 'n/a' : Math.round(mark)} ms after navigation start`);
  });
  afterAll(() => page?.close());

  it('draws the map with non-blank pixels', async () => {
    await page.screenshot({ path: join(ARTIFACTS, 'desktop.png') });
    const stats = await pixelStats(context, await page.locator('#map canvas').screenshot(), WATER_COLOR);
    expect(stats.unlikeBackground / stats.total).toBeGreaterThan(0.05);
    expect(stats.colours).toBeGreaterThan(20);
  });

  it('asks for vector tiles and gets every one answered with 200 or 204', () => {
    const tiles = log.requests.filter((r) => /\/tiles\/\w+\/\d+\/\d+\/\d+\.mvt/.test(r.url));
    expect(tiles.length).toBeGreaterThan(0);
    expect(tiles.filter((r) => r.status !== 200 && r.status !== 204)).toEqual([]);
    expect(tiles.some((r) => r.status === 200)).toBe(true);
  });

  it('sends no request to another host', () => {
    const origin = new URL(server.url).origin;
    const foreign = log.requests.filter((r) => /^https?:/.test(r.url) && new URL(r.url).origin !== origin);
    expect(foreign).toEqual([]);
  });

  it('needs no glyph or font request for its labels (the style has no glyphs URL)', () => {
    expect(log.requests.filter((r) => /glyph|font|\.pbf/.test(r.url))).toEqual([]);
  });

  it('asks no tile of a layer hidden from the start (the hexagons) until it is switched on, then draws it', async () => {
    const layerTiles = (layer: string) => log.requests.filter((r) => new RegExp(`/tiles/${layer}/\\d+/`).test(r.url));
    expect(await page.isChecked('#layer-hexes')).toBe(false);
    expect(layerTiles('uncovered').length).toBeGreaterThan(0);
    expect(layerTiles('hexes')).toEqual([]);
    const without = await page.locator('#map canvas').screenshot();
    await page.check('#layer-hexes');
    await eventually(async () => layerTiles('hexes').length).toBeGreaterThan(0);
    await mapIdle(page);
    // The hexagons' fill changes the picture.
    expect((await page.locator('#map canvas').screenshot()).equals(without)).toBe(false);
    expect(layerTiles('hexes').filter((r) => r.status !== 200 && r.status !== 204)).toEqual([]);
    await page.uncheck('#layer-hexes');
  });
});

describe('the map client', () => {
  it('shows the synthetic-data banner exactly when the selected release is synthetic', async () => {
    const { releases } = await api<{ releases: { label: string; synthetic: boolean }[] }>('/api/v1/releases');
    const { page } = await openAt('#lang=en');
    for (const r of releases) {
      await page.selectOption('#release-select', r.label);
      await eventually(() => page.locator('#synthetic-banner').isVisible(), r.label).toBe(r.synthetic);
    }
    await page.close();
  });

  it('shows the same figures as the API when a municipality on the map is clicked', async () => {
    const place = await someUncovered();
    const [lon, lat] = place.geometry.coordinates;
    const detail = await api<{ code: string; name: string; addresses: number; uncovered: number; covered_pct: number }>(
      `/api/v1/areas/${place.properties.area_code}`,
    );
    // Hexes, points and clusters are switched off so the click lands on the municipality itself.
    const { page } = await openAt(`#map=11/${lat}/${lon}&lang=en&off=hexes,uncovered,clusters`);
    const box = (await page.locator('#map canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const panel = page.locator('#area-panel');
    await eventually(() => panel.locator('#area-title').textContent()).toContain(detail.name);
    expect(await panel.locator('[data-figure=addresses]').textContent()).toBe(en(detail.addresses));
    expect(await panel.locator('[data-figure=uncovered]').textContent()).toBe(en(detail.uncovered));
    const pct = Number((await panel.locator('[data-figure=covered_pct]').textContent())!.replace('%', ''));
    expect(Math.abs(pct - detail.covered_pct)).toBeLessThan(0.1);
    await page.close();
  });

  it('opens a popup with the address and its offers when an uncovered point is clicked', async () => {
    const place = await someUncovered();
    const [lon, lat] = place.geometry.coordinates;
    const { page } = await openAt(`#map=15/${lat}/${lon}&lang=en`);
    const box = (await page.locator('#map canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const popup = page.locator('.maplibregl-popup .address-card');
    await eventually(() => popup.locator('.address-line').textContent()).toContain(place.properties.postcode);
    expect(await popup.locator('.verdict').textContent()).toBe('Not covered at this threshold');
    await page.keyboard.press('Escape');
    await eventually(() => page.locator('.maplibregl-popup').count()).toBe(0);
    await page.close();
  });

  it('finds a known address by postcode and house number, and says so when an address does not exist', async () => {
    const { properties: a } = await someUncovered();
    const { page } = await openAt('#lang=en');
    const typed = `${a.postcode.toLowerCase()} ${a.house_number}${a.house_letter ?? ''}${a.house_number_suffix ? `-${a.house_number_suffix}` : ''}`;
    const result = page.locator('#search-result');
    await page.fill('#search-input', typed);
    await page.press('#search-input', 'Enter');
    await eventually(() => result.textContent()).toContain(a.postcode);
    expect(await result.locator('.verdict').textContent()).toBe('Not covered at this threshold');
    await page.fill('#search-input', '0000ZZ 99999');
    await page.press('#search-input', 'Enter');
    await eventually(() => result.textContent()).toBe('No address found for 0000ZZ 99999.');
    await page.close();
  });

  it('switches every text between English and Dutch', async () => {
    const { page } = await openAt('#lang=en');
    const summary = page.locator('#national-details summary');
    expect(await summary.textContent()).toBe('National picture');
    await page.click('#lang-switch');
    await eventually(() => summary.textContent()).toBe('Landelijk beeld');
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    expect(await page.locator('label[for=search-input]').textContent()).toBe('Gemeente, plaats of adres');
    await page.close();
  });

  it('restores position, threshold, municipality and language from the URL, after a reload and after an edit', async () => {
    const code = (await someUncovered()).properties.area_code;
    const hash = `#map=10.50/52.00000/5.00000&down=100&area=${code}&lang=nl`;
    const { page } = await openAt(hash);
    const check = async () => {
      expect(await page.inputValue('#threshold-select')).toBe('100');
      await eventually(() => page.locator('#area-title').textContent()).toContain(code);
      expect(await page.getAttribute('html', 'lang')).toBe('nl');
      await eventually(() => page.evaluate(() => location.hash)).toContain('map=10.50/52.00000/5.00000');
    };
    await check();
    await page.selectOption('#threshold-select', '30');
    await eventually(() => page.evaluate(() => location.hash)).toContain('down=30');
    await page.reload();
    await mapIdle(page);
    expect(await page.inputValue('#threshold-select')).toBe('30');
    await eventually(() => page.locator('#area-title').textContent()).toContain(code);
    // An edited hash takes effect without a reload.
    await page.evaluate(() => {
      location.hash = location.hash.replace('down=30', 'down=1000');
    });
    await eventually(() => page.inputValue('#threshold-select')).toBe('1000');
    await page.close();
  });

  it('shows the newest release when a link names a release the server does not have', async () => {
    const { releases } = await api<{ releases: { label: string }[] }>('/api/v1/releases');
    const { page } = await openAt('#release=no-such-release&lang=en');
    expect(await page.inputValue('#release-select')).toBe(releases[releases.length - 1].label);
    await eventually(() => page.locator('#national-panel').textContent()).not.toContain('Could not load');
    await eventually(() => page.evaluate(() => location.hash)).not.toContain('no-such-release');
    await page.close();
  });

  it('reaches the municipality table by keyboard, opens a municipality with Enter and closes it with Escape', async () => {
    const { page } = await openAt('#lang=en');
    let inTable = false;
    for (let i = 0; i < 60 && !inTable; i++) {
      await page.keyboard.press('Tab');
      inTable = await page.evaluate(() => !!document.activeElement?.closest('#area-table tbody'));
    }
    expect(inTable).toBe(true);
    const name = await page.evaluate(() => document.activeElement?.textContent);
    await page.keyboard.press('Enter');
    await eventually(() => page.locator('#area-title').textContent()).toContain(name);
    await page.keyboard.press('Escape');
    await eventually(() => page.locator('#area-panel').isHidden()).toBe(true);
    await page.close();
  });

  it('fits a phone-sized screen with the panels under the map', async () => {
    const phone = await browser.newContext({ viewport: PHONE, locale: 'nl-NL', isMobile: true, hasTouch: true });
    const { page } = await openAt('', phone);
    await page.screenshot({ path: join(ARTIFACTS, 'phone.png'), fullPage: true });
    const map = (await page.locator('#map').boundingBox())!;
    const panel = (await page.locator('#panel').boundingBox())!;
    expect(panel.y).toBeGreaterThanOrEqual(map.y + map.height - 1);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await page.getAttribute('html', 'lang')).toBe('nl');
    await phone.close();
  });

  it('draws over an external basemap style when the config names one', async () => {
    const basemap = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      res.end(
        JSON.stringify({ version: 8, sources: {}, layers: [{ id: 'land', type: 'background', paint: { 'background-color': '#ff00ff' } }] }),
      );
    });
    await new Promise<void>((done) => basemap.listen(0, '127.0.0.1', done));
    const styleUrl = `http://127.0.0.1:${(basemap.address() as AddressInfo).port}/style.json`;
    const withBasemap = await startServer(loadConfig({ db, port: 0, host: '127.0.0.1', clientDir, basemapStyleUrl: styleUrl }, {}));
    try {
      const { page, log } = await recordedPage(context);
      await page.goto(`${withBasemap.url}/#lang=en`);
      await mapIdle(page);
      expect(log.requests.filter((r) => r.url === styleUrl).map((r) => r.status)).toEqual([200]);
      const magenta = await pixelStats(context, await page.locator('#map canvas').screenshot(), '#ff00ff');
      expect(magenta.unlikeBackground).toBeLessThan(magenta.total * 0.9);
      expect(problems(log)).toEqual([]);
      await page.close();
    } finally {
      await withBasemap.stop();
      basemap.close();
    }
  });

  it('logged no console error or warning and no page error on any page', () => {
    expect(logs.flatMap(problems)).toEqual([]);
  });
});
