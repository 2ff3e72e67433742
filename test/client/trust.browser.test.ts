// The map a new user can trust (issue 12), in a real browser against the real server: on a small
// demo database (342 municipalities) the z16 search result stands on its municipality, a click
// inside a rural municipality can always open it, the page never scrolls, the first view clears
// the controls, popups clear the zoom buttons, Dutch readers get Dutch words; on a partial
// release an area without addresses is grey and "no data"; covered addresses are grey dots from z13.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as turf from '@turf/turf';
import Database from 'better-sqlite3';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClient } from '../../client/build.ts';
import { parseHash } from '../../client/src/hash.ts';
import { NO_DATA_COLOR, RAMP, WATER_COLOR } from '../../client/src/ramp.ts';
import { NO_TECHNOLOGY, TECHNOLOGIES } from '../../common/constants.ts';
import { formatPercent } from '../../common/percent.ts';
import { buildDemo } from '../../pipeline/demo/build.ts';
import { loadConfig } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { buildPartialDb, PARTIAL_AREA, PARTIAL_RELEASE } from '../helpers/partial-db.ts';
import { launchBrowser, mapIdle, problems, recordedPage, type PageLog } from './browser.ts';
import { centreFor, pixelOf } from './mercator.ts';
import { colourDistance, diffPixels, inspectPixels, pixelStats } from './pixels.ts';

const ARTIFACTS = 'test/artifacts';
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

let dir: string;
let demoDb: string;
let partialDb: string;
let demo: RunningServer;
let partial: RunningServer;
let browser: Browser;
let context: BrowserContext;
const logs: PageLog[] = [];

const eventually = <T>(read: () => Promise<T>, message?: string) => expect.poll(read, { timeout: 20_000, message });

async function json<T>(server: RunningServer, path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status, path).toBe(200);
  return res.json() as Promise<T>;
}

async function open(server: RunningServer, hash: string, ctx = context): Promise<Page> {
  const { page, log } = await recordedPage(ctx);
  page.setDefaultTimeout(20_000);
  logs.push(log);
  await page.goto(`${server.url}/${hash}`);
  await mapIdle(page);
  return page;
}

/**
 * Moves an open map by editing its hash, then waits for its tiles. The idle mark is cleared first, so
 * a slow machine that has not begun the move yet cannot pass for one that finished it.
 */
async function moveTo(page: Page, zoom: number, [lon, lat]: [number, number], extra = ''): Promise<void> {
  // A move begun while an opened area's flight still runs is undone by the flight's end (settled can return
  // before a slow flight wrote its first view): move again until the map's own view is the one asked for.
  for (let tries = 1; ; tries++) {
    await page.evaluate((h) => {
      document.querySelector('#map')?.removeAttribute('data-idle');
      location.hash = h;
    }, `#map=${zoom}/${lat}/${lon}${extra}`);
    await page.waitForTimeout(300);
    await mapIdle(page);
    // The map writes its view to the hash 150 ms after a move ends.
    await page.waitForTimeout(200);
    const hash = await page.evaluate(() => location.hash);
    const view = parseHash(hash).view;
    if (view && Math.abs(view.zoom - zoom) < 0.011 && Math.abs(view.lat - lat) < 1e-4 && Math.abs(view.lon - lon) < 1e-4) return;
    if (tries === 5) throw new Error(`the map did not stay at ${zoom}/${lat}/${lon} (its hash: ${hash})`);
  }
}

/**
 * Waits until the map stopped moving: an opened area flies to its bounds (600 ms), and a move begun
 * while that flight runs is undone by the flight's end, so the next move must wait for it. The map
 * writes its view to the hash at every move's end; two equal reads 400 ms apart mean it is still.
 */
async function settled(page: Page): Promise<void> {
  let before = '';
  for (let tries = 0; tries < 50; tries++) {
    const now = await page.evaluate(() => location.hash);
    if (now === before) return;
    before = now;
    await page.waitForTimeout(400);
  }
}

async function canvasBox(page: Page) {
  return (await page.locator('#map canvas').boundingBox())!;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-trust-'));
  demoDb = join(dir, 'demo.sqlite');
  await buildDemo({ db: demoDb, scale: 0.002, seed: 5, tmpDir: dir });
  partialDb = await buildPartialDb(mkdtempSync(join(dir, 'partial-')));
  const clientDir = join(dir, 'dist');
  await buildClient(clientDir);
  demo = await startServer(loadConfig({ db: demoDb, port: 0, host: '127.0.0.1', clientDir }, {}));
  partial = await startServer(loadConfig({ db: partialDb, port: 0, host: '127.0.0.1', clientDir }, {}));
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  await partial?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Municipality {
  code: string;
  name: string;
  centre: [number, number];
  uncoveredAt: [number, number] | null;
}

/**
 * The 10 municipalities with the fewest addresses per square kilometre, each with its centre: the
 * mean of its addresses when that lies inside it (a ring-shaped or island municipality's centroid
 * may not), else its address nearest to that mean.
 */
function ruralMunicipalities(): Municipality[] {
  const db = new Database(demoDb, { readonly: true });
  try {
    const release = db.prepare('SELECT id FROM releases ORDER BY as_of DESC LIMIT 1').pluck().get() as number;
    const rows = db
      .prepare(`SELECT a.code, a.name, a.geometry, json_group_array(json_array(ad.lon, ad.lat)) AS points,
        (SELECT json_array(lon, lat) FROM addresses u WHERE u.release_id = @release AND u.area_code = a.code AND u.down_class < 3 LIMIT 1) AS uncovered
      FROM areas a JOIN addresses ad ON ad.area_code = a.code AND ad.release_id = @release
      WHERE a.level = 'municipality' GROUP BY a.code`)
      .all({ release }) as { code: string; name: string; geometry: string; points: string; uncovered: string | null }[];
    return rows
      .map((r) => {
        const shape: Feature<Polygon | MultiPolygon> = turf.feature(JSON.parse(r.geometry) as Polygon | MultiPolygon);
        const points = JSON.parse(r.points) as [number, number][];
        const mean: [number, number] = [
          points.reduce((s, p) => s + p[0], 0) / points.length,
          points.reduce((s, p) => s + p[1], 0) / points.length,
        ];
        const nearest = points.reduce((best, p) =>
          Math.hypot(p[0] - mean[0], p[1] - mean[1]) < Math.hypot(best[0] - mean[0], best[1] - mean[1]) ? p : best,
        );
        return {
          code: r.code,
          name: r.name,
          density: points.length / (turf.area(shape) / 1e6),
          centre: turf.booleanPointInPolygon(mean, shape) ? mean : nearest,
          uncoveredAt: r.uncovered ? (JSON.parse(r.uncovered) as [number, number]) : null,
        };
      })
      .sort((a, b) => a.density - b.density)
      .slice(0, 10);
  } finally {
    db.close();
  }
}

/** Clicks the map centre and opens whatever municipality the click offers; resolves to its title. */
async function clickOpensArea(page: Page, expectedCode: string): Promise<{ title: string; viaPopup: boolean }> {
  const box = await canvasBox(page);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.waitForFunction(() => !!document.querySelector('#area-panel:not([hidden]) #area-title, .maplibregl-popup .open-area'));
  const offer = page.locator('.maplibregl-popup .open-area');
  const viaPopup = (await offer.count()) > 0;
  if (viaPopup) {
    expect(await offer.getAttribute('data-code')).toBe(expectedCode);
    await offer.click();
  }
  await eventually(() => page.locator('#area-title').textContent()).toContain(expectedCode);
  const title = (await page.locator('#area-title').textContent())!;
  await settled(page);
  await page.keyboard.press('Escape');
  await eventually(() => page.locator('#area-panel').isHidden()).toBe(true);
  return { title, viaPopup };
}

describe('a z16 address search (defect 1)', () => {
  it("shows the address on its municipality's fill, not on water", async () => {
    const { areas } = await json<{ areas: { code: string }[] }>(demo, '/api/v1/areas?sort=uncovered&order=desc');
    const fc = await json<{
      features: {
        properties: { postcode: string; house_number: number; house_letter: string | null; house_number_suffix: string | null };
      }[];
    }>(demo, `/api/v1/uncovered?area=${areas[0].code}&limit=1`);
    const a = fc.features[0].properties;
    const page = await open(demo, '#lang=en');
    const first = await page.evaluate(() => performance.getEntriesByName('atlas:first-render')[0]?.startTime ?? null);
    console.log(
      `first map render (demo, 342 municipalities, 1440×900): ${first === null ? 'n/a' : Math.round(first)} ms after navigation start`,
    );
    await page.fill(
      '#search-input',
      `${a.postcode} ${a.house_number}${a.house_letter ?? ''}${a.house_number_suffix ? `-${a.house_number_suffix}` : ''}`,
    );
    await page.press('#search-input', 'Enter');
    await eventually(() => page.evaluate(() => location.hash)).toContain('map=16.00');
    await page.waitForTimeout(300);
    await mapIdle(page);
    await page.screenshot({ path: join(ARTIFACTS, 'trust-z16-search.png') });
    const stats = await pixelStats(context, await page.locator('#map canvas').screenshot(), WATER_COLOR);
    expect(stats.unlikeBackground / stats.total).toBeGreaterThan(0.5);
    await page.close();
  });
});

describe('a click inside a rural municipality (defect 3)', () => {
  it('opens that municipality, at its centre and at an uncovered address, for the 10 least dense', async () => {
    const rural = ruralMunicipalities();
    expect(rural.length).toBe(10);
    const page = await open(demo, '#lang=en');
    let clicks = 0;
    let viaPopups = 0;
    for (const m of rural) {
      for (const at of [m.centre, m.uncoveredAt]) {
        if (!at) continue;
        // Every layer on, the hexagon shares too: a click at an uncovered address lands on its hexagon.
        await moveTo(page, 9.5, at, '&lang=en&off=');
        const { title, viaPopup } = await clickOpensArea(page, m.code);
        expect(title, `${m.name} at ${at.join(',')}`).toContain(m.name);
        clicks++;
        if (viaPopup) viaPopups++;
      }
    }
    console.log(`rural clicks: ${clicks} in ${rural.length} municipalities opened them, ${viaPopups} through the popup's "open" button`);
    expect(viaPopups, 'some clicks landed on a hexagon or cluster, the case that once hid the municipality').toBeGreaterThan(0);
    await page.close();
  }, 300_000);
});

describe('the page (defect 4)', () => {
  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`is exactly the viewport high and does not scroll under the wheel (${viewport.width}×${viewport.height})`, async () => {
      const ctx = await browser.newContext({ viewport, locale: 'nl-NL', ...(name === 'phone' ? { isMobile: true, hasTouch: true } : {}) });
      const page = await open(demo, '', ctx);
      expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBe(viewport.height);
      await page.mouse.move(viewport.width / 2, (await page.locator('#synthetic-banner').boundingBox())!.y + 5);
      await page.mouse.wheel(0, 400);
      await page.waitForTimeout(200);
      expect(await page.evaluate(() => window.scrollY)).toBe(0);
      await ctx.close();
    });
  }
});

describe('the first view (defect 8)', () => {
  for (const [name, viewport] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    it(`keeps the southern edge of the data above the scale bar and attribution (${name})`, async () => {
      const ctx = await browser.newContext({ viewport, locale: 'nl-NL', ...(name === 'phone' ? { isMobile: true, hasTouch: true } : {}) });
      // The layers over the land are off: what must clear the controls is the land itself.
      const page = await open(demo, '#off=hexes,uncovered,clusters', ctx);
      const canvas = await canvasBox(page);
      const controls = await Promise.all(
        ['.maplibregl-ctrl-scale', '.maplibregl-ctrl-attrib'].map(async (s) => [s, (await page.locator(s).boundingBox())!] as const),
      );
      // An element screenshot shows what covers the canvas too: the controls are hidden for it.
      await page.addStyleTag({ content: '.maplibregl-control-container { display: none !important; }' });
      const { lowestDrawnRow } = await inspectPixels(ctx, await page.locator('#map canvas').screenshot(), WATER_COLOR);
      for (const [selector, control] of controls) expect(lowestDrawnRow, selector).toBeLessThan(control.y - canvas.y);
      await ctx.close();
    });
  }
});

describe('popups near the top-left corner (defect 8)', () => {
  it('do not sit under the zoom buttons', async () => {
    const db = new Database(demoDb, { readonly: true });
    const point = db
      .prepare(`SELECT lon, lat FROM addresses WHERE release_id = (SELECT id FROM releases ORDER BY as_of DESC LIMIT 1)
      AND down_class < 3 LIMIT 1`)
      .get() as { lon: number; lat: number };
    db.close();
    const page = await open(demo, '#lang=en');
    const canvas = await canvasBox(page);
    for (const at of [
      [22, 160],
      [22, 230],
      [60, 120],
    ] as [number, number][]) {
      const centre = centreFor([point.lon, point.lat], at, 15, canvas.width, canvas.height);
      await moveTo(page, 15, centre, '&lang=en&off=clusters');
      const [x, y] = pixelOf([point.lon, point.lat], centre, 15, canvas.width, canvas.height);
      await page.mouse.click(canvas.x + x, canvas.y + y);
      const popup = page.locator('.maplibregl-popup');
      await eventually(() => popup.count()).toBe(1);
      await page.waitForTimeout(500);
      const p = (await popup.boundingBox())!;
      const c = (await page.locator('.maplibregl-ctrl-top-left .maplibregl-ctrl-group').boundingBox())!;
      const overlaps = p.x < c.x + c.width && p.x + p.width > c.x && p.y < c.y + c.height && p.y + p.height > c.y;
      expect(overlaps, `popup of a point at ${at.join(',')}`).toBe(false);
      await page.keyboard.press('Escape');
    }
    await page.close();
  });
});

describe('the panels (defect 8)', () => {
  it('speak Dutch in Dutch: technology names, attribution, release word, legend ranges', async () => {
    const page = await open(demo, '#lang=nl');
    const techCells = await page.locator('#national-panel table.counts tbody th').allTextContents();
    expect(techCells.length).toBeGreaterThan(3);
    const codes = new Set<string>([...TECHNOLOGIES, NO_TECHNOLOGY]);
    expect(techCells.filter((c) => codes.has(c))).toEqual([]);
    expect(techCells).toContain('Geen aanbod');
    const attribution = await page.locator('.maplibregl-ctrl-attrib-inner').textContent();
    expect(attribution).toContain('Synthetische demodata');
    expect(attribution).not.toContain('Synthetic');
    expect(await page.locator('label:has(#release-select) span').textContent()).toBe('Peildatum');
    expect(await page.locator('.map-legend .legend ul').first().locator('li').allTextContents()).toEqual([
      '100%',
      '99,5% tot 100%',
      '98% tot 99,5%',
      '95% tot 98%',
      '90% tot 95%',
      '80% tot 90%',
      '0% tot 80%',
      'geen gegevens',
    ]);
    await page.close();
  });

  it("show each technology's share of all addresses, from the counts", async () => {
    const summary = await json<{ addresses: number; by_technology: { technology: string; addresses: number }[] }>(demo, '/api/v1/summary');
    const page = await open(demo, '#lang=en');
    const rows = page.locator('#national-panel table.counts tbody tr');
    await eventually(() => rows.count()).toBe(summary.by_technology.length);
    const shares = await page.locator('#national-panel table.counts tbody td[data-share]').allTextContents();
    const expected = [...summary.by_technology]
      .sort((a, b) => b.addresses - a.addresses)
      .map((t) => formatPercent(t.addresses, summary.addresses, 'en-GB', '–'));
    expect(shares).toEqual(expected);
    await page.close();
  });

  it('keep table headers in their tables while the panel scrolls, and cluster ids on one line', async () => {
    const page = await open(demo, '#lang=en');
    const table = page.locator('#national-panel table.counts');
    await page.evaluate(() => {
      const panel = document.getElementById('panel')!;
      const t = document.querySelector<HTMLElement>('#national-panel table.counts')!;
      panel.scrollTop = t.getBoundingClientRect().top - panel.getBoundingClientRect().top + panel.scrollTop + 30;
    });
    const head = (await table.locator('thead th').first().boundingBox())!;
    const firstRow = (await table.locator('tbody tr').first().boundingBox())!;
    expect(head.y + head.height).toBeLessThanOrEqual(firstRow.y + 1);
    await page.evaluate(() => {
      document.getElementById('panel')!.scrollTop = 0;
    });
    await page.locator('#clusters-details summary').click();
    const ids = page.locator('#clusters-panel table.clusters tbody th button');
    await eventually(() => ids.count()).toBeGreaterThan(5);
    const lines = await ids.evaluateAll((buttons) => buttons.map((b) => b.getClientRects().length));
    expect(lines.filter((n) => n !== 1)).toEqual([]);
    // Numbered as the PDF numbers them (#1 = largest in the cluster's first municipality), with names instead of codes.
    const numbers = await ids.allTextContents();
    const listed = await json<{ clusters: { number: number }[] }>(demo, `/api/v1/clusters?limit=${numbers.length}`);
    expect(numbers).toEqual(listed.clusters.map((c) => `#${c.number}`));
    expect(numbers[0]).toBe('#1');
    const areas = await page.locator('#clusters-panel table.clusters tbody td.areas').allTextContents();
    expect(areas.filter((a) => /\bGM\d{4}\b/.test(a))).toEqual([]);
    await page.close();
  });

  it('tell a user who types a street address what to type instead of mangling it', async () => {
    const page = await open(demo, '#lang=en');
    await page.fill('#search-input', 'Zwaluwweg 1 Leek');
    await page.press('#search-input', 'Enter');
    const result = page.locator('#search-result');
    await eventually(() => result.textContent()).toContain('postcode and a house number');
    expect(await result.textContent()).not.toContain('ZWALUWWEG');
    await page.close();
  });
});

describe('covered addresses (improvement)', () => {
  it('are grey dots from z13, beside the uncovered ones, and a switch in the layer panel', async () => {
    // A covered address (top download class) in the municipality with the most addresses.
    const db = new Database(demoDb, { readonly: true });
    const at = db
      .prepare(
        `SELECT lon, lat FROM addresses WHERE release_id = (SELECT id FROM releases ORDER BY as_of DESC LIMIT 1) AND down_class = 3
           AND area_code = (SELECT area_code FROM addresses GROUP BY area_code ORDER BY COUNT(*) DESC LIMIT 1) LIMIT 1`,
      )
      .raw()
      .get() as [number, number];
    db.close();
    const onlyCovered = '&off=areas,provinces,hexes,uncovered,clusters&lang=en';
    const page = await open(demo, `#map=15/${at[1]}/${at[0]}${onlyCovered}`);
    expect(await page.isChecked('#layer-covered')).toBe(true);
    expect(await page.locator('#map .map-legend').textContent()).toContain('One covered address (from zoom 13)');
    await page.locator('#map .map-legend summary').click(); // folded, so it hides no dot
    const shot = () => page.locator('#map canvas').screenshot();
    /** The map with the covered switch on, against the same view with it off. */
    const onAgainstOff = async () => {
      await page.check('#layer-covered');
      await page.waitForTimeout(300);
      await mapIdle(page);
      const on = await shot();
      await page.uncheck('#layer-covered');
      await page.waitForTimeout(300);
      await mapIdle(page);
      return diffPixels(context, on, await shot());
    };
    const z15 = await onAgainstOff();
    expect(z15.different).toBeGreaterThan(20);
    // Grey: the dots' pixels have (nearly) equal channels, blended over the water's blue at most.
    const greyish = z15.colours.filter(
      ([r, g, b]) => Math.max(r, g, b) - Math.min(r, g, b) < 30 && colourDistance([r, g, b], WATER_COLOR) > 40,
    );
    expect(greyish.length / z15.colours.length).toBeGreaterThan(0.5);
    await moveTo(page, 12, at, onlyCovered.replace('off=', 'off=covered,'));
    expect((await onAgainstOff()).different, 'no covered dot below z13').toBe(0);
    // A link that switches layers is followed by the layer panel's boxes too.
    await moveTo(page, 14, at, '&off=hexes&lang=en');
    expect(await page.isChecked('#layer-covered')).toBe(true);
    expect(await page.isChecked('#layer-areas')).toBe(true);
    expect(await page.isChecked('#layer-hexes')).toBe(false);
    await page.screenshot({ path: join(ARTIFACTS, 'trust-covered-z14.png') });
    await page.close();
  });
});

describe('the national view (improvement)', () => {
  it('docks a complete legend on the map and shows one encoding of the uncovered at a time', async () => {
    const page = await open(demo, '#lang=en');
    const legend = page.locator('#map .map-legend');
    expect(await legend.getAttribute('open')).not.toBeNull();
    const text = (await legend.textContent())!;
    for (const part of [
      'Covered % per municipality',
      '100%',
      '99.5% to under 100%',
      'no data',
      'circle area = count',
      'One uncovered address',
      'hexagon',
      'Unserved clusters',
    ]) {
      expect(text).toContain(part);
    }
    // The hexagon shares are a switch away, not painted under the circles.
    expect(await page.isChecked('#layer-hexes')).toBe(false);
    expect(await page.isChecked('#layer-uncovered')).toBe(true);
    await eventually(() => page.evaluate(() => location.hash)).toContain('off=hexes');
    await page.screenshot({ path: join(ARTIFACTS, 'trust-national.png') });
    await page.close();
  });

  it('tells the top two classes apart by colour', () => {
    const top = RAMP.at(-1)!.color;
    const almost = RAMP.at(-2)!.color;
    const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
    expect(colourDistance(rgb(top), almost)).toBeGreaterThan(90);
  });
});

describe('an area without addresses in the release (defect 9)', () => {
  it('is grey on the map and "no data" in the table and legend', async () => {
    const db = new Database(partialDb, { readonly: true });
    const points = db
      .prepare(`SELECT lon, lat FROM addresses WHERE area_code = 'GM0353'
      AND release_id = (SELECT id FROM releases WHERE label = '2024-12') LIMIT 5`)
      .all() as { lon: number; lat: number }[];
    const centre: [number, number] = [points[0].lon, points[0].lat];
    db.close();
    const page = await open(partial, `#map=12/${centre[1]}/${centre[0]}&release=${PARTIAL_RELEASE}&lang=en&off=hexes,uncovered,clusters`);
    const canvas = await canvasBox(page);
    const { at: colours } = await inspectPixels(
      context,
      await page.locator('#map canvas').screenshot(),
      WATER_COLOR,
      points.map((p) => pixelOf([p.lon, p.lat], centre, 12, canvas.width, canvas.height)),
    );
    // The fill is 90 % opaque over the water background.
    const channel = (a: string, b: string, i: number) =>
      Math.round(0.9 * parseInt(a.slice(i, i + 2), 16) + 0.1 * parseInt(b.slice(i, i + 2), 16));
    const blend = (a: string, b: string) => `#${[1, 3, 5].map((i) => channel(a, b, i).toString(16).padStart(2, '0')).join('')}`;
    const grey = colours.filter((c) => colourDistance(c, blend(NO_DATA_COLOR, WATER_COLOR)) < 30);
    expect(grey.length, JSON.stringify(colours)).toBeGreaterThanOrEqual(3);
    const rows = await page
      .locator('#area-table tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [tr.querySelector('button')!.dataset.code, tr.children[2].textContent]));
    expect(rows.length).toBe(4);
    expect(rows[0][0]).toBe(PARTIAL_AREA);
    expect(rows.slice(1).map((r) => r[1])).toEqual(['no data', 'no data', 'no data']);
    expect(await page.locator('.map-legend').textContent()).toContain('no data');
    await page.close();
  });
});

describe('the console', () => {
  it('logged no error or warning on any page', () => {
    expect(logs.flatMap(problems)).toEqual([]);
  });
});
