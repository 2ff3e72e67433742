// The coverage filters of issue 12 over real HTTP against brute-force counts from the offers:
// fixed_only (satellite, fixed wireless and mobile do not count) on summary, areas, area detail,
// uncovered lists, exports and tiles; `up` on tiles; `technology` on the uncovered list and layer;
// and 400 naming the allowed values for bad ones.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNCOVERED_POINTS_MIN_ZOOM, type DownThreshold } from '../../common/constants.ts';
import { classesOf, openBrute, reaches, type Brute } from '../helpers/brute-force-counts.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { expectError, serveInTempDir, type TestServer } from '../helpers/server.ts';
import { decodeLayer, rawGet, type DecodedFeature } from '../helpers/tile-client.ts';
import { tilesCovering } from '../helpers/tiles.ts';

let served: Awaited<ReturnType<typeof serveInTempDir>>;
let server: TestServer;
let brute: Brute;
let newest: string;
let bounds: number[];

beforeAll(async () => {
  let db = '';
  served = await serveInTempDir('atlas-filters-', async (dir) => (db = await buildFixtureDb(dir)));
  server = served.server;
  brute = openBrute(db);
  newest = brute.labels().at(-1)!;
  bounds = (await server.json('/api/v1/meta')).bounds;
});

afterAll(async () => {
  brute?.close();
  await served?.done();
});

async function layerFeatures(layer: string, z: number, query: string): Promise<DecodedFeature[]> {
  const out: DecodedFeature[] = [];
  for (const [tz, x, y] of tilesCovering(bounds, z)) {
    out.push(
      ...decodeLayer(await rawGet(`${server.url}/tiles/${layer}/${tz}/${x}/${y}.mvt${query}`, { 'Accept-Encoding': 'gzip' }), layer),
    );
  }
  return out;
}

/** Address ids of the newest release uncovered at down/up, with fixed_only, of some best technologies. */
function uncoveredIds(down: number, up: number | null, fixedOnly: boolean, technologies?: string[], codes?: string[]): string[] {
  const rows = brute.db
    .prepare('SELECT address_id, area_code, offers, best_technology FROM addresses WHERE release_id = ?')
    .all(brute.releaseId(newest)) as { address_id: string; area_code: string; offers: string; best_technology: string }[];
  return rows
    .filter((r) => !reaches(r.offers, down, up, fixedOnly))
    .filter((r) => !technologies || technologies.includes(r.best_technology))
    .filter((r) => !codes || codes.includes(r.area_code))
    .map((r) => r.address_id)
    .sort();
}

describe('fixed_only', () => {
  it('the fixture has addresses that only wireless offers cover, so the exclusion changes figures', () => {
    for (const down of [30, 100] as DownThreshold[]) {
      expect(brute.fixedOnly(newest, null, down).covered).toBeLessThan(brute.national(newest, down).covered);
    }
  });

  it('summary, areas and area detail count coverage without satellite, fixed wireless and mobile', async () => {
    for (const down of [30, 100, 1000] as DownThreshold[]) {
      const summary = await server.json(`/api/v1/summary?down=${down}&fixed_only=1`);
      expect(summary.threshold).toEqual({ down, up: null, fixed_only: true });
      expect(summary).toMatchObject(brute.fixedOnly(newest, null, down));
      for (const level of ['municipality', 'province']) {
        const list = await server.json(`/api/v1/areas?level=${level}&down=${down}&fixed_only=1`);
        for (const a of list.areas) expect(a, a.code).toMatchObject(brute.fixedOnly(newest, a.code, down));
      }
    }
    for (const code of [...brute.areaCodes('municipality').slice(0, 3), brute.areaCodes('province')[0]]) {
      const body = await server.json(`/api/v1/areas/${code}?down=100&fixed_only=1`);
      expect(body).toMatchObject(brute.fixedOnly(newest, code, 100));
      for (const t of body.by_technology) expect(t, t.technology).toMatchObject(brute.fixedOnlyTechnology(newest, code, t.technology, 100));
      // Speed classes of the fixed-line offers: the top class is what 1 Gbit/s covers.
      expect(body.speed_classes.at(-1).addresses).toBe(brute.fixedOnly(newest, code, 1000).covered);
      for (const t of body.trend) expect(t).toMatchObject(brute.fixedOnly(t.release, code, 100));
    }
    // Symmetric too: up on top of fixed_only.
    expect(await server.json('/api/v1/summary?down=1000&up=1000&fixed_only=1')).toMatchObject(brute.fixedOnly(newest, null, 1000, 1000));
  });

  it('the uncovered list and its CSV export list the addresses uncovered without wireless offers', async () => {
    const code = brute.areaCodes('province')[0];
    const want = uncoveredIds(100, null, true, undefined, brute.codesOf(code));
    const got: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { features: { properties: { address_id: string } }[]; next_cursor: string | null; threshold: unknown } =
        await server.json(`/api/v1/uncovered?area=${code}&down=100&fixed_only=1&limit=50${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.threshold).toEqual({ down: 100, up: null, fixed_only: true });
      got.push(...page.features.map((f) => f.properties.address_id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(got.sort()).toEqual(want);
    expect(want.length).toBeGreaterThan(uncoveredIds(100, null, false, undefined, brute.codesOf(code)).length);
    const csv = await (await server.get(`/api/v1/uncovered.csv?area=${code}&down=100&fixed_only=1`)).text();
    const lines = csv.trim().split(/\r?\n/);
    const idColumn = lines[0].split(',').indexOf('address_id');
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[idColumn])
        .sort(),
    ).toEqual(want);
    // The area export, with a technology filter on top.
    const geojson = await server.json(`/api/v1/areas/${code}/uncovered.geojson?down=100&fixed_only=1&technology=SATELLITE,FWA,NONE`);
    const wireless = uncoveredIds(100, null, true, ['SATELLITE', 'FWA', 'NONE'], brute.codesOf(code));
    expect(geojson.features.map((f: { properties: { address_id: string } }) => f.properties.address_id).sort()).toEqual(wireless);
    expect(wireless.length).toBeGreaterThan(0);
  });

  it('hexes and uncovered tiles count the same way (fixed_only and up), decoded from MVT', async () => {
    for (const query of ['?down=100&fixed_only=1', '?down=1000&up=1000', '?down=1000&up=1000&fixed_only=1']) {
      const params = new URLSearchParams(query.slice(1));
      const down = Number(params.get('down')) as DownThreshold;
      const up = params.get('up') === null ? null : Number(params.get('up'));
      const fixed = params.get('fixed_only') === '1';
      const want = uncoveredIds(down, up, fixed);
      const cells = new Map<string, DecodedFeature['properties']>();
      for (const f of await layerFeatures('hexes', 9, query)) cells.set(String(f.properties.cell), f.properties);
      const uncovered = [...cells.values()].reduce((s, p) => s + Number(p.uncovered), 0);
      expect(uncovered, query).toBe(want.length);
      const aggregates = await layerFeatures('uncovered', UNCOVERED_POINTS_MIN_ZOOM - 3, query);
      expect(
        aggregates.reduce((s, p) => s + Number(p.properties.count), 0),
        query,
      ).toBe(want.length);
      const points = await layerFeatures('uncovered', UNCOVERED_POINTS_MIN_ZOOM, query);
      expect([...new Set(points.map((p) => String(p.properties.address_id)))].sort(), query).toEqual(want);
    }
  });

  it('TileJSON hands out tile URLs that carry up, fixed_only and technology', async () => {
    const tj = await server.json('/tiles/uncovered.json?down=1000&up=1000&fixed_only=1&technology=adsl,NONE');
    const url = new URL(tj.tiles[0], server.url);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ down: '1000', up: '1000', fixed_only: '1', technology: 'ADSL,NONE' });
    const hexes = await server.json('/tiles/hexes.json?fixed_only=1&technology=ADSL');
    expect(new URL(hexes.tiles[0], server.url).searchParams.get('technology')).toBeNull();
  });
});

describe('technology filter', () => {
  it('keeps uncovered addresses of the named best technologies in lists, CSV and tiles', async () => {
    const code = brute.areaCodes('province')[0];
    for (const technology of ['NONE', 'ADSL,VDSL', 'SATELLITE,FWA']) {
      const techs = technology.split(',');
      const want = uncoveredIds(1000, null, false, techs, brute.codesOf(code));
      const page = await server.json(`/api/v1/uncovered?area=${code}&technology=${technology}&limit=1000`);
      expect(page.features.map((f: { properties: { address_id: string } }) => f.properties.address_id).sort(), technology).toEqual(want);
      const all = uncoveredIds(1000, null, false, techs);
      const points = await layerFeatures('uncovered', UNCOVERED_POINTS_MIN_ZOOM, `?technology=${technology}`);
      expect([...new Set(points.map((p) => String(p.properties.address_id)))].sort()).toEqual(all);
      expect(points.every((p) => techs.includes(String(p.properties.best_technology)))).toBe(true);
      const aggregates = await layerFeatures('uncovered', 8, `?technology=${technology}`);
      expect(aggregates.reduce((s, p) => s + Number(p.properties.count), 0)).toBe(all.length);
    }
    expect(uncoveredIds(1000, null, false, ['NONE']).length).toBeGreaterThan(0);
  });
});

describe('bad values', () => {
  it('answers 400 naming the parameter and the allowed values', async () => {
    for (const [path, parameter, allowed] of [
      ['/api/v1/summary?fixed_only=yes', 'fixed_only', /"0"\|"1"/],
      ['/api/v1/areas?fixed_only=2', 'fixed_only', /"0"\|"1"/],
      ['/api/v1/areas/GM0000?fixed_only=true', 'fixed_only', /"0"\|"1"/],
      ['/tiles/hexes/9/0/0.mvt?fixed_only=x', 'fixed_only', /"0"\|"1"/],
      ['/tiles/hexes/9/0/0.mvt?up=999', 'up', /1000/],
      [`/api/v1/uncovered?area=${'GM0001'}&technology=FIBRE`, 'technology', /FTTH, FTTB.*NONE/],
      ['/tiles/uncovered/9/0/0.mvt?technology=', 'technology', /allowed: FTTH/],
      [`/api/v1/uncovered.csv?bbox=5,52,5.1,52.1&technology=ADSL,COPPER`, 'technology', /unknown technology 'COPPER'/],
    ] as const) {
      const res = await server.get(path);
      const body = await res.clone().json();
      expect(String(body.error?.message), path).toMatch(allowed);
      await expectError(res, 400, parameter);
    }
  });
});

// classesOf is the oracle's own classing; keep the import to make sure both helpers agree on a sample.
it('the brute-force helpers agree with each other', () => {
  const rows = brute.db.prepare('SELECT offers FROM addresses LIMIT 200').pluck().all() as string[];
  for (const o of rows) expect(reaches(o, 1000, null, true)).toBe(classesOf(o, true)[0] === 3);
});
