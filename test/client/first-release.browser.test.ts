// A page opened before the database holds a release (`npm start` serves while it builds the demo) says so
// where the map goes, in the page's language, and draws the map once the first release is committed,
// without a reload. Before, it showed "Could not load Gigabit Atlas: … no release yet" and stayed so.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClient } from '../../client/build.ts';
import { importRelease } from '../../pipeline/import/index.ts';
import { loadConfig } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { boundariesDb, HEADER, IJSSELSTEIN, LOPIK, writeCsv } from '../helpers/temp-db.ts';
import { launchBrowser, mapIdle, problems, recordedPage } from './browser.ts';

const { db, dir, path } = boundariesDb();
let server: RunningServer;
let browser: Browser;

beforeAll(async () => {
  const clientDir = join(dir, 'dist');
  await buildClient(clientDir);
  server = await startServer(loadConfig({ db: path, port: 0, host: '127.0.0.1', clientDir }, {}));
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a page opened before the first release', () => {
  it('says the database holds no release yet, then draws the map when one is committed', async () => {
    const english = await recordedPage(await browser.newContext({ locale: 'en-GB' }));
    const dutch = await recordedPage(await browser.newContext({ locale: 'nl-NL' }));
    await english.page.goto(`${server.url}/`);
    await dutch.page.goto(`${server.url}/`);
    await expect.poll(() => english.page.locator('#waiting-note').textContent(), { timeout: 20_000 }).toContain('holds no release yet');
    await expect.poll(() => dutch.page.locator('#waiting-note').textContent(), { timeout: 20_000 }).toContain('nog geen release');
    expect(await english.page.locator('.fatal').count()).toBe(0);

    importRelease(db, {
      release: '2024-12',
      files: [writeCsv(dir, 'first.csv', [HEADER, `A1,3411AB,1,${LOPIK},P,FTTH,1000,1000`, `A2,3401AA,2,${IJSSELSTEIN},P,ADSL,20,1`])],
    });
    for (const { page, log } of [english, dutch]) {
      await mapIdle(page, 30_000);
      expect(await page.locator('#waiting-note').count()).toBe(0);
      expect(await page.locator('#release-select option').allTextContents()).toHaveLength(1);
      expect(problems(log)).toEqual([]);
    }
  });
});
