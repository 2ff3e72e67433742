// Progress in a real browser against the real server on the two-release fixture (issue 10): the
// municipality panel's rank, status, addresses to go, projection and compared figures equal the API's
// in English and Dutch; the level switch and a province's panel with its sortable municipality
// table; the national "on track?" table. The goal year is set to 2032 so that nothing can pass with
// a hard-coded 2030.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClient } from '../../client/build.ts';
import type { AreaDetail, AreaList, AreaListItem, ChangeFigures, Changes } from '../../common/api.ts';
import { UP_THRESHOLDS } from '../../common/constants.ts';
import { loadConfig } from '../../server/config.ts';
import { startServer, type RunningServer } from '../../server/main.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { fetchJson, launchBrowser, mapIdle, openIdle, problems, recordedPage, type PageLog } from './browser.ts';

const GOAL_YEAR = 2032;
const ARTIFACTS = 'test/artifacts';
let dir: string;
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
const logs: PageLog[] = [];

const api = <T>(path: string) => fetchJson<T>(`${server.url}${path}`);
const openAt = (hash: string): Promise<Page> => openIdle(context, `${server.url}/${hash}`, logs);

const eventually = <T>(read: () => Promise<T>, message?: string) => expect.poll(read, { timeout: 15_000, message });
const en = (n: number) => new Intl.NumberFormat('en-GB').format(n);
const pct2 = (n: number, locale: string) =>
  `${new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n)}%`;

/** English ordinals written out by rule: 1st 2nd 3rd 4th … 11th 12th 13th … 21st. */
function englishOrdinal(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  const suffix = teen ? 'th' : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${suffix}`;
}

const STATUS_EN = { on_track: 'On track', at_risk: 'At risk', off_track: 'Off track' } as const;

/** The on-track order the issue asks for: worst status first, then the latest projected year (never = latest). */
function expectedOrder(areas: AreaListItem[]): string[] {
  const rank = (a: AreaListItem) => ({ off_track: 0, at_risk: 1, on_track: 2 })[a.progress?.status ?? ('none' as 'on_track')] ?? 3;
  const year = (a: AreaListItem) => a.progress?.projected_year ?? Infinity;
  return [...areas].sort((a, b) => rank(a) - rank(b) || year(b) - year(a) || a.name.localeCompare(b.name, 'en-GB')).map((a) => a.name);
}

const rowNames = (page: Page, table: string) => page.locator(`${table} tbody th button`).allTextContents();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-progress-client-'));
  const db = await buildFixtureDb(dir);
  const clientDir = join(dir, 'dist');
  await buildClient(clientDir);
  server = await startServer(loadConfig({ db, port: 0, host: '127.0.0.1', clientDir, goalYear: GOAL_YEAR }, {}));
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  mkdirSync(ARTIFACTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('progress in the client', () => {
  it("shows a municipality's rank, status, addresses to go, projection and the province's and nation's figures as the API gives them", async () => {
    const list = await api<AreaList>('/api/v1/areas?level=municipality&progress=1');
    const code = [...list.areas].sort((a, b) => (b.progress?.to_go ?? 0) - (a.progress?.to_go ?? 0))[0].code;
    const detail = await api<AreaDetail>(`/api/v1/areas/${code}`);
    const p = detail.progress;
    expect(p.goal_year).toBe(GOAL_YEAR);
    expect(p.to_go).toBeGreaterThan(0);
    expect(p.rank).not.toBeNull();

    const page = await openAt(`#area=${code}&lang=en`);
    const panel = page.locator('#area-panel');
    await eventually(() => panel.locator('#area-title').textContent()).toContain(detail.name);
    const figure = (name: string) => panel.locator(`[data-figure=${name}]`).textContent();
    expect(await figure('rank')).toBe(`${englishOrdinal(p.rank!)} of ${p.rank_of} municipalities`);
    expect(await figure('to_go')).toBe(`${en(p.to_go)} addresses to go by ${GOAL_YEAR}`);
    expect(await figure('own_pct')).toBe(pct2(detail.covered_pct!, 'en-GB'));
    expect(await figure('parent_pct')).toBe(pct2(p.parent_covered_pct!, 'en-GB'));
    expect(await panel.locator('tr', { has: page.locator('[data-figure=parent_pct]') }).textContent()).toContain(
      `${p.parent_name} (Province)`,
    );
    expect(await figure('national_pct')).toBe(pct2(p.national_covered_pct!, 'en-GB'));
    const status = panel.locator('[data-figure=status] .status');
    if (p.status === null) expect(await status.textContent()).toContain('No pace yet');
    else {
      // In words, not colour alone.
      expect(await status.getAttribute('data-status')).toBe(p.status);
      expect(await status.textContent()).toContain(STATUS_EN[p.status]);
    }
    const projection = await figure('projected_year');
    if (p.projected_year === null) expect(projection).toBe('Not reached at the recent pace');
    else expect(projection).toBe(`Projected to reach ${p.goal_pct}% in ${p.projected_year}`);

    await page.screenshot({ path: join(ARTIFACTS, 'progress-municipality.png') });
    await page.click('#lang-switch');
    await eventually(() => figure('rank')).toBe(`${p.rank}e van ${p.rank_of} gemeenten`);
    expect(await figure('to_go')).toBe(`nog ${new Intl.NumberFormat('nl-NL').format(p.to_go)} adressen te gaan tot ${GOAL_YEAR}`);
    expect(await figure('national_pct')).toBe(pct2(p.national_covered_pct!, 'nl-NL'));
    await page.close();
  });

  it('switches to provinces: the table lists them, a province opens with a sortable table of its municipalities, and a row opens one', async () => {
    const provinces = await api<AreaList>('/api/v1/areas?level=province');
    const province = provinces.areas[0];
    const children = await api<AreaList>(`/api/v1/areas?parent=${province.code}&progress=1`);
    expect(children.areas.length).toBeGreaterThan(1);

    const page = await openAt('#lang=en');
    await page.click('#level-province');
    await eventually(() => rowNames(page, '#area-table')).toEqual(provinces.areas.map((a) => a.name));
    await eventually(() => page.evaluate(() => location.hash)).toContain('level=province');
    expect(await page.locator('#map .map-legend h3').first().textContent()).toBe('Covered % per province');
    // The map now colours provinces: a click on the map opens the province, not a municipality.
    const box = (await page.locator('#map canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const panel = page.locator('#area-panel');
    await eventually(() => panel.locator('#area-title').textContent()).toContain(province.name);
    expect(await panel.locator('.level-name').textContent()).toBe('Province');

    const table = '#children-table';
    await eventually(() => rowNames(page, table)).toEqual(expectedOrder(children.areas));
    const pcts = children.areas.map((a) => a.covered_pct);
    await page.click(`${table} button[data-sort=covered_pct]`);
    const ascending = await rowNames(page, table);
    expect(ascending.map((n) => pcts[children.areas.findIndex((a) => a.name === n)])).toEqual([...pcts].sort((a, b) => a! - b!));
    expect(await page.getAttribute(`${table} th:has(button[data-sort=covered_pct])`, 'aria-sort')).toBe('ascending');
    await page.click(`${table} button[data-sort=covered_pct]`);
    expect(await rowNames(page, table)).toEqual([...ascending].reverse());

    await page.screenshot({ path: join(ARTIFACTS, 'progress-province.png') });
    const child = children.areas[0];
    await page.click(`${table} button[data-code=${child.code}]`);
    await eventually(() => panel.locator('#area-title').textContent()).toContain(child.name);
    expect(await panel.locator('.level-name').textContent()).toBe('Municipality');
    await page.close();
  });

  it('lists every municipality in the national "on track?" table by status and projected year, and opens one', async () => {
    const list = await api<AreaList>('/api/v1/areas?level=municipality&progress=1');
    const page = await openAt('#lang=en');
    await page.click('#on-track summary');
    expect(await page.locator('#on-track summary').textContent()).toBe(`On track for ${GOAL_YEAR}?`);
    await eventually(() => rowNames(page, '#on-track-table')).toEqual(expectedOrder(list.areas));
    const statuses = await page
      .locator('#on-track-table tbody .status')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-status')));
    const byName = new Map(list.areas.map((a) => [a.name, a.progress?.status ?? '']));
    expect(statuses).toEqual(expectedOrder(list.areas).map((n) => byName.get(n)));
    const first = list.areas.find((a) => a.name === expectedOrder(list.areas)[0])!;
    await page.click(`#on-track-table button[data-code=${first.code}]`);
    await eventually(() => page.locator('#area-title').textContent()).toContain(first.name);
    await page.close();
  });

  it('compares with an older release: the changes layer, its legend, the change panel and the area change equal the API', async () => {
    const { releases } = await api<{ releases: { label: string }[] }>('/api/v1/releases');
    const [older, newer] = releases.map((r) => r.label);
    const national = await api<Changes>(`/api/v1/changes?from=${older}&to=${newer}`);
    // The municipality with the most changed addresses, so that the links below have rows to count.
    const moved = (a: ChangeFigures) => a.newly_covered + a.lost + a.added + a.removed;
    const code = [...national.areas!].sort((a, b) => moved(b) - moved(a))[0].code;
    const area = await api<Changes>(`/api/v1/changes?area=${code}`);
    expect(moved(area)).toBeGreaterThan(0);
    expect(area.from).toBe(older);

    const { page, log } = await recordedPage(context);
    page.setDefaultTimeout(15_000);
    logs.push(log);
    await page.goto(`${server.url}/#area=${code}&lang=en`);
    await mapIdle(page);
    // The municipality panel shows the change since the previous release without any comparison chosen.
    const since = page.locator('#area-panel .change-since');
    await eventually(() => since.locator('[data-change=newly_covered]').textContent()).toBe(en(area.newly_covered));
    expect(await since.locator('[data-change=lost]').textContent()).toBe(en(area.lost));
    const net = area.net_change_uncovered;
    expect(await since.locator('[data-change=net_change_uncovered]').textContent()).toBe(net > 0 ? `+${en(net)}` : en(net));
    for (const kind of ['newly_covered', 'lost', 'added', 'removed'] as const) {
      const link = since.locator(`a[data-kind=${kind}]`);
      if (area[kind] === 0) expect(await link.count()).toBe(0);
      else {
        const href = (await link.getAttribute('href'))!;
        const csv = await (await fetch(`${server.url}${href}`)).text();
        // One row per address behind the figure, after the header.
        expect(csv.trim().split(/\r?\n/).length - 1, kind).toBe(area[kind]);
      }
    }

    await page.selectOption('#compare-select', older);
    const panel = page.locator('#change-panel');
    await eventually(() => panel.locator('[data-change=newly_covered]').textContent()).toBe(en(national.newly_covered));
    expect(await panel.locator('[data-change=lost]').textContent()).toBe(en(national.lost));
    expect(await panel.locator('[data-change=added]').textContent()).toBe(en(national.added));
    expect(await panel.locator('[data-change=removed]').textContent()).toBe(en(national.removed));
    const legend = (await page.locator('#map .map-legend').textContent())!;
    expect(legend).toContain('Newly covered');
    expect(legend).toContain('Lost coverage');
    await eventually(() => page.evaluate(() => location.hash)).toContain(`compare=${older}`);
    await eventually(
      async () => log.requests.filter((r) => /\/tiles\/changes\/\d+\/\d+\/\d+\.mvt\?from=/.test(r.url)).length,
    ).toBeGreaterThan(0);
    await mapIdle(page);
    const tiles = log.requests.filter((r) => r.url.includes('/tiles/changes/'));
    expect(tiles.filter((r) => r.status !== 200 && r.status !== 204)).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, 'progress-compare.png') });
    await page.selectOption('#compare-select', '');
    await eventually(() => panel.isHidden()).toBe(true);
    await page.close();
  });

  it('asks the changes routes at the whole threshold (down and up) the other requests use', async () => {
    const { releases } = await api<{ releases: { label: string }[] }>('/api/v1/releases');
    const [older, newer] = releases.map((r) => r.label);
    const down = 1000;
    const plain = await api<Changes>(`/api/v1/changes?from=${older}&to=${newer}&down=${down}`);
    const figures = (c: ChangeFigures) => [c.newly_covered, c.lost, c.added, c.removed, c.net_change_uncovered].join();
    // An upload threshold that changes the national figures, so a request without it shows other numbers.
    let up = 0;
    let national = plain;
    for (const candidate of UP_THRESHOLDS) {
      national = await api<Changes>(`/api/v1/changes?from=${older}&to=${newer}&down=${down}&up=${candidate}`);
      if (figures(national) !== figures(plain)) {
        up = candidate;
        break;
      }
    }
    expect(up, 'some upload threshold changes the figures of the fixture').toBeGreaterThan(0);
    const moved = (a: ChangeFigures) => a.newly_covered + a.lost + a.added + a.removed;
    const code = [...national.areas!].sort((a, b) => moved(b) - moved(a))[0].code;
    const area = await api<Changes>(`/api/v1/changes?area=${code}&down=${down}&up=${up}`);

    const { page, log } = await recordedPage(context);
    page.setDefaultTimeout(15_000);
    logs.push(log);
    await page.goto(`${server.url}/#area=${code}&down=${down}&up=${up}&compare=${older}&lang=en`);
    await mapIdle(page);
    const panel = page.locator('#change-panel');
    await eventually(() => panel.locator('[data-change=newly_covered]').textContent()).toBe(en(national.newly_covered));
    expect(await panel.locator('[data-change=lost]').textContent()).toBe(en(national.lost));
    const since = page.locator('#area-panel .change-since');
    await eventually(() => since.locator('[data-change=newly_covered]').textContent()).toBe(en(area.newly_covered));
    expect(await since.locator('[data-change=lost]').textContent()).toBe(en(area.lost));
    // The address lists behind the figures: the same threshold, as many rows as the figure.
    const kind = (['newly_covered', 'lost', 'added', 'removed'] as const).find((k) => area[k] > 0)!;
    const href = (await since.locator(`a[data-kind=${kind}]`).getAttribute('href'))!;
    expect(new URL(href, server.url).searchParams.get('up')).toBe(String(up));
    const csv = await (await fetch(`${server.url}${href}`)).text();
    expect(csv.trim().split(/\r?\n/).length - 1, kind).toBe(area[kind]);
    await eventually(async () => log.requests.filter((r) => /\/tiles\/changes\/\d+\/\d+\/\d+\.mvt\?/.test(r.url)).length).toBeGreaterThan(
      0,
    );
    // Every request to the changes routes (figures, TileJSON, tiles) names the upload threshold.
    const changeRequests = log.requests.map((r) => new URL(r.url)).filter((u) => /^\/(api\/v1|tiles)\/changes/.test(u.pathname));
    expect(changeRequests.length).toBeGreaterThan(2);
    for (const u of changeRequests)
      expect([u.pathname, u.searchParams.get('down'), u.searchParams.get('up')]).toEqual([u.pathname, String(down), String(up)]);
    // The diffs count every offer: with "fixed lines only" on, the panel says its figures do not follow it.
    expect(await panel.locator('#change-all-offers').count()).toBe(0);
    await page.check('#fixed-only');
    await eventually(() => panel.locator('#change-all-offers').textContent()).toContain('“fixed lines only” does not apply');
    await page.close();
  });

  it('logged no console error or warning and no page error', () => {
    expect(logs.flatMap(problems)).toEqual([]);
  });
});
