// The clusters API routes and tile layer over a seeded village database, through a real server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClusters } from '../../pipeline/clusters/index.ts';
import { expectError, startTestServer, type TestServer } from '../helpers/server.ts';
import { decodeLayer, rawGet } from '../helpers/tile-client.ts';
import { tileOf } from '../helpers/tiles.ts';
import { createVillageDb } from '../helpers/village-db.ts';

let dir: string;
let server: TestServer;
let uncovered: Record<string, number>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-clusters-api-'));
  const path = join(dir, 'atlas.sqlite');
  const { db, releaseId } = createVillageDb(path, 5, 3000);
  buildClusters(db, releaseId);
  uncovered = Object.fromEntries(
    db
      .prepare<[], { area_code: string; n: number }>(
        'SELECT area_code, COUNT(*) AS n FROM addresses WHERE down_class < 3 GROUP BY area_code',
      )
      .all()
      .map((r) => [r.area_code, r.n]),
  );
  db.close();
  server = await startTestServer(path, { clientDir: join(dir, 'no-client') });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const json = (path: string) => server.json(path);

describe('GET /api/v1/clusters', () => {
  it('lists clusters whose sizes sum to the uncovered count, with the release and threshold echoed', async () => {
    const body = await json('/api/v1/clusters?limit=5000');
    expect(body.release).toBe('test');
    expect(body.threshold).toEqual({ down: 1000, up: null, fixed_only: false });
    expect(body.clusters.length).toBe(body.total);
    const sum = body.clusters.reduce((s: number, c: { addresses: number }) => s + c.addresses, 0);
    expect(sum).toBe(uncovered.GM0001 + uncovered.GM0002);
    expect(body.total_addresses).toBe(sum);
  });

  it('counts only the area’s own addresses for an area, and a province sums its municipalities', async () => {
    for (const code of ['GM0001', 'GM0002']) {
      const body = await json(`/api/v1/clusters?area=${code}&limit=5000`);
      expect(body.clusters.reduce((s: number, c: { addresses_in_area: number }) => s + c.addresses_in_area, 0)).toBe(uncovered[code]);
      expect(body.total_addresses).toBe(uncovered[code]);
    }
    expect((await json('/api/v1/clusters?area=PV01')).total_addresses).toBe(uncovered.GM0001 + uncovered.GM0002);
  });

  it('filters by size and sorts largest first or nearest to the network first', async () => {
    const big = await json('/api/v1/clusters?min_addresses=5&limit=5000');
    expect(big.clusters.every((c: { addresses: number }) => c.addresses >= 5)).toBe(true);
    const sizes = big.clusters.map((c: { addresses: number }) => c.addresses);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    const near = (await json('/api/v1/clusters?sort=distance&limit=5000')).clusters.map(
      (c: { nearest_covered_m: number }) => c.nearest_covered_m,
    );
    expect(near).toEqual([...near].sort((a, b) => a - b));
  });

  it('keeps only clusters meeting a bbox', async () => {
    const [largest] = (await json('/api/v1/clusters?limit=1')).clusters;
    const [lon, lat] = largest.centroid;
    const [w, s, e, n] = [lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01];
    const body = await json(`/api/v1/clusters?bbox=${[w, s, e, n].join(',')}&limit=5000`);
    expect(body.clusters.map((c: { id: number }) => c.id)).toContain(largest.id);
    for (const c of body.clusters) expect(c.bbox[0] <= e && c.bbox[2] >= w && c.bbox[1] <= n && c.bbox[3] >= s).toBe(true);
    expect(body.total).toBeLessThan((await json('/api/v1/clusters')).total);
  });

  it('answers GeoJSON outlines with format=geojson (one page) and at clusters.geojson (every cluster) alike', async () => {
    const a = await json('/api/v1/clusters?format=geojson&down=100&limit=5000');
    const b = await json('/api/v1/clusters.geojson?down=100');
    expect(a.features).toEqual(b.features);
    expect(b.features).toHaveLength(b.total);
    expect(a.type).toBe('FeatureCollection');
    expect(a.threshold.down).toBe(100);
    expect(a.features[0].geometry.type).toBe('Polygon');
    expect(a.features[0].properties.addresses).toBeGreaterThan(0);
  });

  it('exports every cluster as CSV with one row each', async () => {
    const res = await server.get('/api/v1/clusters.csv?down=30');
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'id,addresses,addresses_in_area,area_codes,technologies,lon,lat,west,south,east,north,nearest_covered_m,number,number_area,release,synthetic',
    );
    expect(lines.length - 1).toBe((await json('/api/v1/clusters?down=30')).total);
  });

  const errors: [string, number, string | undefined][] = [
    ['/api/v1/clusters?sort=price', 400, 'sort'],
    ['/api/v1/clusters?min_addresses=0', 400, 'min_addresses'],
    ['/api/v1/clusters?down=50', 400, 'down'],
    ['/api/v1/clusters?up=100', 400, 'up'],
    ['/api/v1/clusters?bbox=1,2,3', 400, 'bbox'],
    ['/api/v1/clusters?limit=999999', 400, 'limit'],
    ['/api/v1/clusters?area=GM9999', 404, 'area'],
    ['/api/v1/clusters?release=1999', 404, 'release'],
    ['/api/v1/clusters.csv?format=geojson', 400, 'format'],
    ['/api/v1/clusters/abc', 400, 'id'],
    ['/api/v1/clusters/999999', 404, 'id'],
  ];
  for (const [path, status, parameter] of errors) {
    it(`answers ${path} with ${status} naming ${parameter}`, async () => expectError(await server.get(path), status, parameter));
  }
});

describe('GET /api/v1/clusters/{id}', () => {
  it('gives a cluster with its outline and exactly its addresses', async () => {
    const [largest] = (await json('/api/v1/clusters?limit=1')).clusters;
    const body = await json(`/api/v1/clusters/${largest.id}`);
    expect(body.release).toBe('test');
    expect(body.cluster.id).toBe(largest.id);
    expect(body.cluster.distance_m).toBe(250);
    expect(body.cluster.geometry.type).toBe('Polygon');
    expect(body.addresses).toHaveLength(largest.addresses);
    expect(body.addresses.every((a: { covered: boolean }) => !a.covered)).toBe(true);
  });
});

describe('clusters tile layer', () => {
  async function decode(path: string) {
    const res = await rawGet(`${server.url}${path}`);
    expect(res.status).toBe(200);
    return decodeLayer(res, 'clusters');
  }

  it('has centroid points with counts at low zoom and outlines from zoom 9', async () => {
    const [largest] = (await json('/api/v1/clusters?limit=1')).clusters;
    const [lon, lat] = largest.centroid;
    const tileAt = (z: number) => `/tiles/clusters/${z}/${tileOf(lon, lat, z).join('/')}.mvt`;
    const low = await decode(tileAt(6));
    const lowKinds = new Set(low.map((f) => f.properties.kind));
    expect(lowKinds).toEqual(new Set(['centroid']));
    const high = await decode(tileAt(12));
    const outline = high.find((f) => f.properties.kind === 'outline' && f.properties.id === largest.id);
    expect(outline?.type).toBe(3);
    expect(outline?.properties.addresses).toBe(largest.addresses);
    expect(outline?.properties.nearest_covered_m).toBe(Math.round(largest.nearest_covered_m));
  });

  it('is listed in the OpenAPI document with every cluster route', async () => {
    const doc = await json('/api/v1/openapi.json');
    for (const path of ['/api/v1/clusters', '/api/v1/clusters.geojson', '/api/v1/clusters.csv', '/api/v1/clusters/{id}']) {
      expect(doc.paths[path]?.get).toBeDefined();
    }
  });
});
