// The `covered` tile layer against a brute-force count: from z13 every address covered at the
// threshold is one point (of the tile's one MultiPoint) in the tile holding it, none below z13; a tile denser than its cap keeps
// exactly the addresses whose row id is a multiple of its `step`. For releases of their own addresses, and for a
// release over a shared register, whose positions the register's grid index holds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COVERED_POINTS_MIN_ZOOM } from '../../common/constants.ts';
import { openWritable } from '../../common/schema.ts';
import { sharedRegisterOf } from '../../common/shared-register.ts';
import { importRelease } from '../../pipeline/import/index.ts';
import { loadRegister } from '../../pipeline/register/index.ts';
import { COVERAGE_FIXTURES, REGISTER_FIXTURES } from '../register/fixtures.ts';
import { openBrute, reaches, type Brute } from '../helpers/brute-force-counts.ts';
import { buildFixtureDb, FIXTURE_FILES, loadFixtureBoundaries } from '../helpers/fixture-db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { decodeLayer, rawGet } from '../helpers/tile-client.ts';
import { tileOf, tilesCovering } from '../helpers/tiles.ts';

const Z = COVERED_POINTS_MIN_ZOOM;

/** An older release of its own addresses, then the newest over the register of the fixture's addresses. */
async function buildSharedRegisterDb(dir: string): Promise<string> {
  const path = join(dir, 'atlas.sqlite');
  const db = openWritable(path);
  try {
    loadFixtureBoundaries(db);
    importRelease(db, { release: '2024-12', asOf: '2024-12-31', files: [FIXTURE_FILES.release2024] });
    loadRegister(db, { label: 'bag', files: [REGISTER_FIXTURES.ljpc] });
    importRelease(db, {
      release: '2025-06',
      asOf: '2025-06-30',
      register: 'bag',
      files: [COVERAGE_FIXTURES.byKey, COVERAGE_FIXTURES.dutch],
    });
  } finally {
    db.close();
  }
  return path;
}

interface Row {
  id: number;
  lon: number;
  lat: number;
  offers: string;
}

/** Web Mercator, written out again: the pixel (extent 4096) of a point in its own tile. */
function pixelIn(lon: number, lat: number, z: number, x: number, y: number): [number, number] {
  const n = 2 ** z;
  const r = (lat * Math.PI) / 180;
  const my = (1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2;
  return [Math.round((((lon + 180) / 360) * n - x) * 4096), Math.round((my * n - y) * 4096)];
}

/** The covered addresses (decided from their offers) per tile key z/x/y, counting those drawn inside it. */
function bruteByTile(
  brute: Brute,
  release: string,
  z: number,
  covered: (offers: string) => boolean,
  keep = (_: Row) => true,
): Map<string, number> {
  const rows = brute.db.prepare('SELECT id, lon, lat, offers FROM addresses WHERE release_id = ?').all(brute.releaseId(release)) as Row[];
  const out = new Map<string, number>();
  for (const r of rows) {
    if (!covered(r.offers) || !keep(r)) continue;
    const [x, y] = tileOf(r.lon, r.lat, z);
    const [px, py] = pixelIn(r.lon, r.lat, z, x, y);
    if (px < 0 || px >= 4096 || py < 0 || py >= 4096) continue; // rounded onto the next tile's edge
    const key = `${z}/${x}/${y}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** Points drawn inside each tile (the buffer is left out), and the steps the tiles carried. */
async function servedByTile(
  url: string,
  bounds: number[],
  z: number,
  query: string,
): Promise<{ counts: Map<string, number>; steps: Set<number> }> {
  const counts = new Map<string, number>();
  const steps = new Set<number>();
  for (const [tz, x, y] of tilesCovering(bounds, z)) {
    const res = await rawGet(`${url}/tiles/covered/${tz}/${x}/${y}.mvt${query}`, { 'Accept-Encoding': 'gzip' });
    expect([200, 204]).toContain(res.status);
    const features = decodeLayer(res, 'covered');
    expect(features.length).toBeLessThanOrEqual(1);
    for (const f of features) {
      expect(f.type).toBe(1);
      steps.add(Number(f.properties.step));
      for (const [{ x: px, y: py }] of f.geometry) {
        if (px < 0 || px >= 4096 || py < 0 || py >= 4096) continue;
        counts.set(`${tz}/${x}/${y}`, (counts.get(`${tz}/${x}/${y}`) ?? 0) + 1);
      }
    }
  }
  return { counts, steps };
}

describe.each([
  ['of their own addresses', buildFixtureDb, false],
  ['the newest over a shared register', buildSharedRegisterDb, true],
])('the covered layer, releases %s', (_, build, shared) => {
  let dir: string;
  let server: TestServer;
  let brute: Brute;
  let bounds: number[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'atlas-covered-'));
    const db = await build(dir);
    brute = openBrute(db);
    server = await startTestServer(db);
    bounds = (await server.json('/api/v1/meta')).bounds;
    // What this case is about: the newest release shares a register, or holds its own addresses.
    expect(sharedRegisterOf(brute.db, brute.releaseId(brute.labels().at(-1)!)) !== null).toBe(shared);
  });

  afterAll(async () => {
    await server?.stop();
    brute?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`draws every covered address once from z${Z}, at each threshold and class basis`, async () => {
    const newest = brute.labels().at(-1)!;
    const cases: [query: string, covered: (offers: string) => boolean][] = [
      ['?down=100', (o) => reaches(o, 100, null, false)],
      ['?down=1000', (o) => reaches(o, 1000, null, false)],
      ['?down=100&up=100&fixed_only=1', (o) => reaches(o, 100, 100, true)],
    ];
    for (const [query, covered] of cases) {
      const want = bruteByTile(brute, newest, Z, covered);
      const got = await servedByTile(server.url, bounds, Z, query);
      expect(got.counts, query).toEqual(want);
      expect([...got.steps]).toEqual([1]);
      expect([...want.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    }
  });

  it('serves an older release when asked', async () => {
    const oldest = brute.labels()[0];
    const got = await servedByTile(server.url, bounds, Z + 1, `?release=${oldest}&down=100`);
    expect(got.counts).toEqual(bruteByTile(brute, oldest, Z + 1, (o) => reaches(o, 100, null, false)));
  });

  it(`has no tiles below z${Z}`, async () => {
    const [[z, x, y]] = tilesCovering(bounds, Z - 1);
    expect((await rawGet(`${server.url}/tiles/covered/${z}/${x}/${y}.mvt`)).status).toBe(204);
    const tj = await server.json('/tiles/covered.json');
    expect(tj.minzoom).toBe(Z);
    expect(tj.vector_layers[0].id).toBe('covered');
  });

  it('keeps every step-th address (by row id) where a tile holds more than its cap', async () => {
    const capped = await startTestServer(brute.db.name, { maxTilePoints: 1 });
    try {
      const newest = brute.labels().at(-1)!;
      const covered = (o: string) => reaches(o, 100, null, false);
      const got = await servedByTile(capped.url, bounds, Z, '?down=100');
      const steps = [...got.steps].filter((s) => s > 1);
      expect(steps.length).toBeGreaterThan(0);
      // Per tile, its own step decides: compare each thinned tile with the brute force at that step.
      for (const [tz, x, y] of tilesCovering(bounds, Z)) {
        const key = `${tz}/${x}/${y}`;
        const features = decodeLayer(await rawGet(`${capped.url}/tiles/covered/${key}.mvt?down=100`), 'covered');
        if (features.length === 0) continue;
        const step = Number(features[0].properties.step);
        expect(features.every((f) => Number(f.properties.step) === step)).toBe(true);
        const want = bruteByTile(brute, newest, Z, covered, (r) => r.id % step === 0).get(key) ?? 0;
        expect(got.counts.get(key) ?? 0, key).toBe(want);
      }
    } finally {
      await capped.stop();
    }
  });
});
