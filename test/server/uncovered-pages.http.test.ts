// Uncovered pages (issue 16 item 2) against a brute-force list: every threshold, upload included,
// areas and bboxes, pages cut short by the read budget; and the plan SQLite picks for a page.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOWN_THRESHOLDS, UP_THRESHOLDS } from '../../common/constants.ts';
import { DEFAULT_DEFINITIONS, downClassIn, upClassIn } from '../../common/definitions.ts';
import type { Threshold } from '../../common/types.ts';
import { InvalidCursor } from '../../server/store/errors.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { createUncoveredStore, type UncoveredQuery } from '../../server/store/uncovered.ts';
import { classesOf } from '../helpers/brute-force-counts.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { expectError, startTestServer, type TestServer } from '../helpers/server.ts';

let dir: string;
let path: string;
let store: Store;
let raw: Database.Database;
let release: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-uncovered-'));
  path = await buildFixtureDb(dir);
  store = openStore(path);
  raw = new Database(path, { readonly: true });
  release = store.releases.resolve().id;
});

afterAll(() => {
  store?.close();
  raw?.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * The ids a query must list, in page order, counted the slow way: with fixed_only the classes come
 * from the offers (classesOf), not from the stored columns.
 */
function brute(q: UncoveredQuery): number[] {
  const dc = downClassIn(DEFAULT_DEFINITIONS, q.threshold.down);
  const uc = upClassIn(DEFAULT_DEFINITIONS, q.threshold.up ?? undefined);
  const [w, s, e, n] = q.bbox ?? [-180, -90, 180, 90];
  const rows = raw
    .prepare(
      `SELECT id, area_code, down_class, up_class, offers, best_technology FROM addresses
        WHERE release_id = ? AND area_code IN (SELECT value FROM json_each(?)) AND lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?`,
    )
    .all(q.release, JSON.stringify(q.areaCodes), w, e, s, n) as {
    id: number;
    area_code: string;
    down_class: number;
    up_class: number;
    offers: string;
    best_technology: string;
  }[];
  return rows
    .map((r) => ({ ...r, classes: q.threshold.fixed_only ? classesOf(r.offers, true) : [r.down_class, r.up_class] }))
    .filter((r) => (r.classes[0] < dc || r.classes[1] < uc) && (!q.technologies || q.technologies.includes(r.best_technology)))
    .sort((a, b) => a.area_code.localeCompare(b.area_code) || a.classes[0] - b.classes[0] || a.classes[1] - b.classes[1] || a.id - b.id)
    .map((r) => r.id);
}

function pageThrough(uncovered: ReturnType<typeof createUncoveredStore>, q: UncoveredQuery, limit: number) {
  const ids: number[] = [];
  const sizes: number[] = [];
  let after: number | null = 0;
  for (let pages = 0; after !== null; pages++) {
    if (pages > 10_000) throw new Error('paging does not end');
    const page = uncovered.page(q, after, limit);
    expect(page.rows.length).toBeLessThanOrEqual(limit);
    ids.push(...page.rows.map((r) => r.id));
    sizes.push(page.rows.length);
    after = page.nextAfter;
  }
  return { ids, sizes };
}

const thresholds: Threshold[] = DOWN_THRESHOLDS.flatMap((down) =>
  [undefined, ...UP_THRESHOLDS].flatMap((up) => [false, true].map((fixed_only) => ({ down, up: up ?? null, fixed_only }))),
);

describe('uncovered pages', () => {
  it('list every uncovered address of every threshold once, in page order, for a province and a municipality', () => {
    const province = store.areas.get(raw.prepare("SELECT code FROM areas WHERE level = 'province' LIMIT 1").pluck().get() as string);
    const codes = store.areas.addressCodes(province);
    let nonEmpty = 0;
    for (const threshold of thresholds) {
      for (const areaCodes of [codes, codes.slice(0, 1)]) {
        const q = { release, areaCodes, threshold };
        const want = brute(q);
        if (want.length > 0) nonEmpty++;
        expect(pageThrough(store.uncovered, q, 7).ids, JSON.stringify(threshold)).toEqual(want);
        expect([...store.uncovered.all(q)].map((r) => r.id)).toEqual(want);
        expect(store.uncovered.positions(q).length).toBe(2 * want.length);
      }
    }
    expect(nonEmpty).toBeGreaterThan(thresholds.length);
  });

  it('with fixed_only lists addresses whose only fast offers are wireless too; with technology, only those best technologies', () => {
    const areaCodes = store.areas.codesInBbox('municipality', store.areas.bounds()!);
    const all: Threshold = { down: 30, up: null, fixed_only: false };
    const fixed: Threshold = { ...all, fixed_only: true };
    // The fixture has addresses served only by satellite or fixed wireless: the exclusion must show.
    expect(brute({ release, areaCodes, threshold: fixed }).length).toBeGreaterThan(brute({ release, areaCodes, threshold: all }).length);
    const tight = createUncoveredStore(store.db, store.definitions, 5);
    let nonEmpty = 0;
    for (const technologies of [['NONE'], ['ADSL', 'VDSL'], ['FWA', 'SATELLITE']]) {
      for (const threshold of [all, fixed, { down: 1000, up: 1000, fixed_only: true } as Threshold]) {
        const q = { release, areaCodes, threshold, technologies };
        const want = brute(q);
        if (want.length > 0) nonEmpty++;
        expect(pageThrough(store.uncovered, q, 6).ids, JSON.stringify(q.technologies)).toEqual(want);
        expect(pageThrough(tight, q, 3).ids).toEqual(want);
        expect(store.uncovered.count(q)).toBe(want.length);
        expect(store.uncovered.positions(q).length).toBe(2 * want.length);
      }
    }
    expect(nonEmpty).toBeGreaterThan(5);
  });

  it('ends a bbox page early when its read budget is spent, and the cursor carries on', () => {
    // A narrow band around the middle of the uncovered addresses: most of its areas' addresses lie outside it.
    const lons = raw
      .prepare('SELECT lon FROM addresses WHERE release_id = ? AND down_class < 3 ORDER BY lon')
      .pluck()
      .all(release) as number[];
    const [, s, , n] = store.areas.bounds()!;
    const bbox = [lons[Math.floor(lons.length * 0.45)], s, lons[Math.floor(lons.length * 0.55)], n] as const;
    const areaCodes = store.areas.codesInBbox('municipality', bbox);
    const tight = createUncoveredStore(store.db, store.definitions, 5);
    for (const threshold of [
      { down: 1000, up: null, fixed_only: false },
      { down: 100, up: 50, fixed_only: false },
    ] as Threshold[]) {
      const q = { release, areaCodes, bbox, threshold };
      const want = brute(q);
      expect(want.length).toBeGreaterThan(0);
      const { ids, sizes } = pageThrough(tight, q, 4);
      expect(ids).toEqual(want);
      // Some pages stopped on the budget with fewer rows than asked, yet paging went on.
      expect(sizes.slice(0, -1).some((size) => size < 4)).toBe(true);
    }
  });

  it('refuses a cursor of another area or threshold', () => {
    const codes = store.areas.codesInBbox('municipality', store.areas.bounds()!);
    const q = { release, areaCodes: [codes[0]], threshold: { down: 1000, up: null, fixed_only: false } as Threshold };
    const other = brute({ ...q, areaCodes: [codes[1]] })[0];
    expect(() => store.uncovered.page(q, other, 5)).toThrow(InvalidCursor);
    const coveredAt30 = brute(q).find(
      (id) => (raw.prepare('SELECT down_class FROM addresses WHERE id = ?').pluck().get(id) as number) >= 1,
    )!;
    expect(() => store.uncovered.page({ ...q, threshold: { down: 30, up: null, fixed_only: false } }, coveredAt30, 5)).toThrow(
      InvalidCursor,
    );
  });

  it('reads one index range per page step: no table scan, no sort', () => {
    const plan = (raw.prepare(`EXPLAIN QUERY PLAN ${store.uncovered.rangeSql}`).all(1, 'GM0001', 0, 0, 0, 10) as { detail: string }[])
      .map((r) => r.detail)
      .join('\n');
    expect(plan).toMatch(
      /USING COVERING INDEX addresses_uncovered \(release_id=\? AND area_code=\? AND down_class=\? AND up_class=\? AND rowid>\?\)/,
    );
    expect(plan).not.toMatch(/TEMP B-TREE|SCAN/);
    const fixedPlan = (
      raw.prepare(`EXPLAIN QUERY PLAN ${store.uncovered.fixedRangeSql}`).all(1, 'GM0001', 0, 0, 0, 10) as { detail: string }[]
    )
      .map((r) => r.detail)
      .join('\n');
    expect(fixedPlan).toMatch(
      /USING COVERING INDEX addresses_uncovered_fixed \(release_id=\? AND area_code=\? AND fixed_down_class=\? AND fixed_up_class=\? AND rowid>\?\)/,
    );
  });
});

describe('uncovered pages over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(path);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('pages with an upload threshold and answers 400 to a cursor of another query', async () => {
    const code = store.areas.codesInBbox('municipality', store.areas.bounds()!)[0];
    const want = brute({ release, areaCodes: [code], threshold: { down: 1000, up: 100, fixed_only: false } });
    const got: number[] = [];
    let cursor: string | null = null;
    do {
      const page: { features: { properties: { address_id: string } }[]; next_cursor: string | null } = await server.json(
        `/api/v1/uncovered?area=${code}&up=100&limit=9${cursor ? `&cursor=${cursor}` : ''}`,
      );
      got.push(
        ...page.features.map(
          (f) =>
            raw
              .prepare('SELECT id FROM addresses WHERE release_id = ? AND address_id = ?')
              .pluck()
              .get(release, f.properties.address_id) as number,
        ),
      );
      cursor = page.next_cursor;
    } while (cursor);
    expect(got).toEqual(want);
    const first = await server.json(`/api/v1/uncovered?area=${code}&up=100&limit=1`);
    const other = store.areas.codesInBbox('municipality', store.areas.bounds()!)[1];
    await expectError(await server.get(`/api/v1/uncovered?area=${other}&limit=1&cursor=${first.next_cursor}`), 400, 'cursor');
  });
});
