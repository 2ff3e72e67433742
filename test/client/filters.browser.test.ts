// The coverage filters of issue 12 in a real browser: "≥ 1 Gbit/s symmetric" and "fixed lines only"
// change every panel figure to what the API answers for them, travel in the tile URLs and the URL
// hash, and the uncovered layer's technology filter reaches its tiles.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClient } from '../../client/build.ts';
import { loadConfig } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { launchBrowser, mapIdle, problems, recordedPage, type PageLog } from './browser.ts';

let dir: string;
let server: RunningServer;
let browser: Browser;
let page: Page;
let log: PageLog;

interface Figures {
  addresses: number;
  uncovered: number;
}

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status, path).toBe(200);
  return res.json() as Promise<T>;
}

const en = (n: number) => new Intl.NumberFormat('en-GB').format(n);
const eventually = <T>(read: () => Promise<T>, message?: string) => expect.poll(read, { timeout: 20_000, message });

/** The figures a panel shows, as text. */
async function shown(panel: string): Promise<string> {
  const fig = (name: string) => page.locator(`${panel} [data-figure=${name}]`).first().textContent();
  return `${await fig('addresses')} / ${await fig('uncovered')}`;
}
const expected = (f: Figures) => `${en(f.addresses)} / ${en(f.uncovered)}`;

let municipality: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-filters-client-'));
  const db = await buildFixtureDb(dir);
  const clientDir = join(dir, 'dist');
  await buildClient(clientDir);
  server = await startServer(loadConfig({ db, port: 0, host: '127.0.0.1', clientDir }, {}));
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  ({ page, log } = await recordedPage(context));
  page.setDefaultTimeout(20_000);
  // The municipality where leaving out wireless offers changes the most at 100 Mbit/s.
  const all = await api<{ areas: { code: string; covered: number }[] }>('/api/v1/areas?down=100');
  const fixed = await api<{ areas: { code: string; covered: number }[] }>('/api/v1/areas?down=100&fixed_only=1');
  municipality = all.areas
    .map((a, i) => ({ code: a.code, lost: a.covered - fixed.areas[i].covered }))
    .sort((a, b) => b.lost - a.lost)[0].code;
  await page.goto(`${server.url}/#lang=en&area=${municipality}&off=hexes,clusters`);
  await mapIdle(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('coverage filters in the client', () => {
  it('toggles symmetric and fixed lines only, and every panel shows what the API answers', async () => {
    const steps: { act: () => Promise<unknown>; query: string; hash: RegExp }[] = [
      { act: async () => {}, query: 'down=1000', hash: /down=1000(?!&up)/ },
      { act: () => page.selectOption('#threshold-select', '1000/1000'), query: 'down=1000&up=1000', hash: /down=1000&up=1000/ },
      { act: () => page.check('#fixed-only'), query: 'down=1000&up=1000&fixed_only=1', hash: /up=1000&fixed=1/ },
      { act: () => page.selectOption('#threshold-select', '100'), query: 'down=100&fixed_only=1', hash: /down=100&fixed=1/ },
      { act: () => page.uncheck('#fixed-only'), query: 'down=100', hash: /down=100&area/ },
    ];
    const seen = new Set<string>();
    for (const step of steps) {
      await step.act();
      const national = await api<Figures>(`/api/v1/summary?${step.query}`);
      const area = await api<Figures>(`/api/v1/areas/${municipality}?${step.query}`);
      await eventually(() => shown('#national-panel'), step.query).toBe(expected(national));
      await eventually(() => shown('#area-panel'), step.query).toBe(expected(area));
      await eventually(() => page.evaluate(() => location.hash), step.query).toMatch(step.hash);
      seen.add(`${national.uncovered}/${area.uncovered}`);
    }
    // The steps changed the figures (a filter that did nothing could not fail this test).
    expect(seen.size).toBeGreaterThanOrEqual(3);
    // The map asked for tiles with the same definition of covered.
    const tiles = log.requests.map((r) => r.url).filter((u) => u.includes('/tiles/'));
    expect(tiles.some((u) => /\/tiles\/areas\/.*up=1000.*fixed_only=1/.test(u))).toBe(true);
    expect(tiles.some((u) => /\/tiles\/uncovered\/.*down=100&fixed_only=1/.test(u))).toBe(true);
  });

  it('limits the uncovered layer to a technology, in its tiles and the hash, and restores it all from the URL', async () => {
    await page.selectOption('#threshold-select', '1000/1000');
    await page.check('#fixed-only');
    await page.selectOption('#uncovered-tech', 'ADSL,VDSL');
    await eventually(() => page.evaluate(() => location.hash)).toMatch(/tech=ADSL,VDSL/);
    await mapIdle(page);
    await eventually(async () =>
      log.requests.some((r) => /\/tiles\/uncovered\/.*technology=ADSL%2CVDSL/.test(r.url) && r.status !== null),
    ).toBe(true);
    await page.reload();
    await mapIdle(page);
    expect(await page.inputValue('#threshold-select')).toBe('1000/1000');
    expect(await page.isChecked('#fixed-only')).toBe(true);
    expect(await page.inputValue('#uncovered-tech')).toBe('ADSL,VDSL');
    await eventually(() => shown('#national-panel')).toBe(expected(await api<Figures>('/api/v1/summary?down=1000&up=1000&fixed_only=1')));
  });

  it('logged no console error or warning and no page error', () => {
    expect(log.requests.filter((r) => r.status === 400).map((r) => r.url)).toEqual([]);
    expect(problems(log)).toEqual([]);
  });
});
