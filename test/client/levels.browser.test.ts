// The client over a US database (us-atlas states and counties, an FCC BDC release whose points are
// H3 cell centres) in a real browser: every text that named municipalities and provinces names
// counties and states, in English and Dutch, and nothing says "municipality"; the attribution, the
// legend and an uncovered point's popup say a point is its H3 cell's centre, not the building.
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UncoveredCollection } from '../../common/api.ts';
import { buildUsDb } from '../helpers/bdc.ts';
import { tempDir } from '../helpers/temp-db.ts';
import { eventually, fetchJson, openIdle, problems, type PageLog } from './browser.ts';
import { startClientSession, type ClientSession } from './client-session.ts';

const CELL_NOTE_EN = 'Points are H3 cell centres (resolution 8), not buildings';
let dir: string;
let session: ClientSession;
const logs: PageLog[] = [];

const openAt = (hash: string): Promise<Page> => openIdle(session.context, `${session.url}/${hash}`, logs);
const textOf = (page: Page, selector: string) => page.locator(selector).first().textContent();

beforeAll(async () => {
  dir = tempDir('atlas-levels-client-');
  session = await startClientSession((await buildUsDb(dir)).path, dir);
}, 180_000);

afterAll(async () => {
  await session?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a county database in the client', () => {
  it('names counties and states in the table, level switch, search, legend and layers, never a municipality', async () => {
    const page = await openAt('#lang=en');
    expect(await textOf(page, '#table-details summary')).toBe('Counties');
    expect((await page.locator('.level-switch label').allInnerTexts()).map((s) => s.trim())).toEqual(['Counties', 'States']);
    await eventually(() => textOf(page, '#table-panel')).toMatch(/of 3,231 counties/);
    expect(await textOf(page, 'label[for=search-input]')).toBe('County, place or address');
    expect(await textOf(page, '.map-legend h3')).toBe('Covered % per county');
    const layers = await textOf(page, '#layers-panel');
    expect(layers).toContain('Counties by coverage');
    expect(layers).toContain('State outlines');
    expect(await page.getAttribute('#map canvas', 'aria-label')).toBe('Map of coverage by county, with uncovered addresses');
    await page.click('#level-state');
    await eventually(() => textOf(page, '.map-legend h3')).toBe('Covered % per state');
    await eventually(() => textOf(page, '#table-panel')).toMatch(/of \d+ states/);
    expect(await page.locator('body').textContent()).not.toMatch(/municipalit|province/i);
    await page.close();
  });

  it("names a county's level in its panel and its rank among counties", async () => {
    const page = await openAt('#area=01001&lang=en');
    const panel = page.locator('#area-panel');
    await eventually(() => panel.locator('.level-name').textContent()).toBe('County');
    await eventually(() => panel.textContent()).toMatch(/of \d+ counties/);
    expect(await panel.textContent()).toContain('Alabama (State)');
    expect(await panel.textContent()).not.toMatch(/municipalit|province/i);
    await page.close();
  });

  it('speaks of counties in Dutch too, with no gemeente or provincie left', async () => {
    const page = await openAt('#lang=nl&area=01001');
    expect(await textOf(page, '#table-details summary')).toBe("County's");
    expect(await textOf(page, 'label[for=search-input]')).toBe('County, plaats of adres');
    await eventually(() => page.locator('#area-panel .level-name').textContent()).toBe('County');
    await eventually(() => textOf(page, '#area-panel')).toContain('Alabama (Staat)');
    expect(await page.locator('body').textContent()).not.toMatch(/gemeente|provincie/i);
    await page.close();
  });

  it('says in the attribution and the legend that points are H3 cell centres', async () => {
    const page = await openAt('#lang=en');
    expect(await textOf(page, '.maplibregl-ctrl-attrib')).toContain(CELL_NOTE_EN);
    expect(await textOf(page, '.map-legend .cell-centres')).toBe(`${CELL_NOTE_EN}.`);
    await page.close();
  });

  it("says so in an uncovered point's popup, with the county the address lies in", async () => {
    const page1 = await fetchJson<UncoveredCollection>(`${session.url}/api/v1/uncovered?area=01001&limit=1`);
    const [lon, lat] = page1.features[0].geometry.coordinates;
    const page = await openAt(`#map=15/${lat}/${lon}&lang=en`);
    const box = (await page.locator('#map canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const card = page.locator('.maplibregl-popup .address-card').first();
    await eventually(() => card.locator('.caption').first().textContent()).toBe('County: Autauga (01001)');
    expect(await card.locator('.cell-centre').textContent()).toBe(
      'Position: the centre of its H3 cell (resolution 8, about 0.7 km²), not the building.',
    );
    await page.close();
  });

  it('logs no errors or warnings', () => {
    const failed = logs.flatMap((l) => l.requests.filter((r) => r.status === null || r.status >= 400).map((r) => `${r.status} ${r.url}`));
    expect(logs.flatMap(problems), failed.join('\n')).toEqual([]);
  });
});
