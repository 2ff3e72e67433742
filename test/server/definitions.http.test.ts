// Coverage definitions as data (issue 14): a database made with the FCC's tiers (down 25/100/1000,
// up 3/20/100, goal 100/20, named tiers) counts, answers and refuses by them. Over real us-atlas
// counties and a BDC release: the national and per-county figures at every allowed (down, up) pair
// against a brute-force count of the rows, the goal as the default, 400 for the Dutch thresholds
// the database lacks (naming the allowed ones), tiles and clusters at its tiers, and meta listing them.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWritable } from '../../common/schema.ts';
import { speedClass } from '../../common/constants.ts';
import { importRelease } from '../../pipeline/import/index.ts';
import { US_DEFINITIONS } from '../../pipeline/demo/us-build.ts';
import { storeDefinitions } from '../../pipeline/init/index.ts';
import { bdcRows, LOCATED_IN, loadUsCounties, writeBdcFiles, type BdcRow } from '../helpers/bdc.ts';
import { expectError, startTestServer, type TestServer } from '../helpers/server.ts';
import { tempDir } from '../helpers/temp-db.ts';

const FCC = US_DEFINITIONS;

const dir = tempDir();
const path = join(dir, 'fcc.sqlite');
let rows: BdcRow[] = [];
let server: TestServer;
let importCovered = 0;

beforeAll(async () => {
  const db = openWritable(path);
  storeDefinitions(db, FCC);
  await loadUsCounties(db);
  rows = bdcRows(db, 30, 21);
  importCovered = importRelease(db, { release: 'J24', files: writeBdcFiles(dir, rows) }).covered;
  db.close();
  server = await startTestServer(path);
}, 120_000);

afterAll(() => server?.stop());

/**
 * Per county and nationally: locations, and those covered at (down, up) as the atlas defines it: the
 * fastest download reaches `down`, and the best upload among the offers in that download's class
 * (against the FCC thresholds) reaches `up`.
 */
function bruteForce(down: number, up: number | null) {
  const byLocation = new Map<string, BdcRow[]>();
  for (const r of rows) byLocation.set(r.location_id, [...(byLocation.get(r.location_id) ?? []), r]);
  const perCounty = new Map<string, { addresses: number; covered: number }>();
  const all = { addresses: 0, covered: 0 };
  for (const offers of byLocation.values()) {
    const top = Math.max(...offers.map((o) => o.down));
    const topClass = speedClass(top, FCC.down);
    const bestUp = Math.max(0, ...offers.filter((o) => speedClass(o.down, FCC.down) === topClass).map((o) => o.up));
    const covered = top >= down && (up === null || bestUp >= up) ? 1 : 0;
    const code = offers[0].block_geoid.slice(0, 5);
    const county = LOCATED_IN[code] ?? code;
    const c = perCounty.get(county) ?? { addresses: 0, covered: 0 };
    c.addresses++;
    c.covered += covered;
    perCounty.set(county, c);
    all.addresses++;
    all.covered += covered;
  }
  return { all, perCounty };
}

const PAIRS = FCC.down.flatMap((down) => [null, ...FCC.up].map((up) => [down, up] as const));

describe('a database with the FCC tiers', () => {
  it.each(PAIRS)('counts at down %d, up %s as a brute force over the rows does, nationally and per county', async (down, up) => {
    const query = `down=${down}${up === null ? '' : `&up=${up}`}`;
    const expected = bruteForce(down, up);
    const summary = await server.json(`/api/v1/summary?${query}`);
    expect(summary.threshold).toEqual({ down, up, fixed_only: false });
    expect({ addresses: summary.addresses, covered: summary.covered }).toEqual(expected.all);
    const { areas } = await server.json(`/api/v1/areas?${query}`);
    const counted = areas.filter((a: { addresses: number }) => a.addresses > 0);
    expect(
      Object.fromEntries(
        counted.map((a: { code: string; addresses: number; covered: number }) => [a.code, { addresses: a.addresses, covered: a.covered }]),
      ),
    ).toEqual(Object.fromEntries(expected.perCounty));
  });

  it('uses the goal (100/20) in the import summary and when a request names no threshold', async () => {
    expect(importCovered).toBe(bruteForce(100, 20).all.covered);
    const summary = await server.json('/api/v1/summary');
    expect(summary.threshold).toEqual({ down: 100, up: 20, fixed_only: false });
    expect(summary.covered).toBe(bruteForce(100, 20).all.covered);
    // A download alone means no upload condition.
    expect((await server.json('/api/v1/summary?down=100')).threshold).toEqual({ down: 100, up: null, fixed_only: false });
  });

  it('refuses thresholds the database does not define, naming those it does', async () => {
    for (const [query, parameter, allowed] of [
      ['down=30', 'down', '25, 100, 1000'],
      ['down=1000&up=10', 'up', '3, 20, 100'],
      ['down=25.0x', 'down', '25, 100, 1000'],
    ] as const) {
      for (const route of ['/api/v1/summary', '/api/v1/areas', '/api/v1/uncovered?area=06037&', '/tiles/hexes/5/5/12.mvt']) {
        const res = await server.get(`${route}${route.endsWith('&') ? '' : '?'}${query}`);
        await expectError(res.clone(), 400, parameter);
        expect((await res.json()).error.message).toContain(allowed);
      }
    }
  });

  it('serves tiles and clusters at its own tiers', async () => {
    for (const query of ['down=25&up=3', 'down=100&up=20', 'down=1000&up=100', 'down=100']) {
      expect((await server.get(`/tiles/hexes/5/5/12.mvt?${query}`)).status).toBe(200);
      expect((await server.get(`/tiles/uncovered/5/5/12.mvt?${query}`)).status).toBe(200);
    }
    for (const down of FCC.down) {
      const body = await server.json(`/api/v1/clusters?down=${down}`);
      expect(body.threshold.down).toBe(down);
    }
    await expectError(await server.get('/api/v1/clusters?down=30'), 400, 'down');
  });

  it("builds clusters per download threshold and for the goal's pair, each holding every address uncovered at it", async () => {
    for (const [down, up] of [...FCC.down.map((d) => [d, null] as const), [100, 20] as const]) {
      const { all } = bruteForce(down, up);
      const list = await server.json(`/api/v1/clusters?down=${down}${up === null ? '' : `&up=${up}`}&limit=1`);
      expect(list.threshold).toEqual({ down, up, fixed_only: false });
      expect(list.total_addresses).toBe(all.addresses - all.covered);
      if (up !== null) {
        const detail = await server.json(`/api/v1/clusters/${list.clusters[0].id}`);
        expect(detail.cluster).toMatchObject({ down, up });
        expect(detail.addresses.every((a: { covered: boolean }) => !a.covered)).toBe(true);
      }
    }
    // The goal's clusters hold addresses that reach 100 Mbit/s but not 20 up: more than at 100 alone.
    expect(bruteForce(100, 20).all.covered).toBeLessThan(bruteForce(100, null).all.covered);
    const res = await server.get('/api/v1/clusters?down=25&up=3');
    await expectError(res.clone(), 400, 'up');
    expect((await res.json()).error.message).toContain('up=20 with down=100, the goal');
  });

  it('lists its definitions, tiers and goal in meta', async () => {
    const meta = await server.json('/api/v1/meta');
    expect(meta.thresholds).toEqual({ down: [25, 100, 1000], up: [3, 20, 100], default_down: 100 });
    expect(meta.goal).toEqual({ year: 2030, covered_pct: 100 });
    expect(meta.definitions).toMatchObject({ ...FCC, stored: true });
  });
});
