// The tile contract (status, headers, gzip, ETag) and decoded tiles checked against the fixture.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UNCOVERED_POINTS_MIN_ZOOM } from '../../common/constants.ts';
import { MAX_TILE_BYTES } from '../../server/routes/tiles.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { openBrute, type Brute } from '../helpers/brute-force-counts.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { decodeLayer, rawGet, type DecodedFeature } from '../helpers/tile-client.ts';
import { tilesCovering } from '../helpers/tiles.ts';

let dir: string;
let server: TestServer;
let brute: Brute;
let bounds: number[];
let newest: string;
let oldest: string;
/** A tile at z10 over the fixture's populated centre. */
let populated: string;

const CACHE_CONTROL = 'public, max-age=60';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-tiles-'));
  const db = await buildFixtureDb(dir);
  brute = openBrute(db);
  [oldest, newest] = [brute.labels()[0], brute.labels().at(-1)!];
  server = await startTestServer(db, { tileCacheControl: CACHE_CONTROL });
  bounds = (await server.json('/api/v1/meta')).bounds;
  const centre = brute.db
    .prepare('SELECT AVG(lon) AS lon, AVG(lat) AS lat FROM addresses WHERE release_id = ?')
    .get(brute.releaseId(newest)) as { lon: number; lat: number };
  const [[z, x, y]] = tilesCovering([centre.lon, centre.lat, centre.lon, centre.lat], 10);
  populated = `${z}/${x}/${y}`;
});

afterAll(async () => {
  await server?.stop();
  brute?.close();
  rmSync(dir, { recursive: true, force: true });
});

function ringArea(ring: { x: number; y: number }[]): number {
  let sum = 0;
  for (let i = 0; i + 1 < ring.length; i++) sum += ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y;
  return sum / 2;
}

async function layerFeatures(layer: string, z: number, query = ''): Promise<DecodedFeature[]> {
  const features: DecodedFeature[] = [];
  for (const [tz, x, y] of tilesCovering(bounds, z)) {
    const res = await rawGet(`${server.url}/tiles/${layer}/${tz}/${x}/${y}.mvt${query}`, { 'Accept-Encoding': 'gzip' });
    expect([200, 204]).toContain(res.status);
    expect(res.body.length).toBeLessThan(MAX_TILE_BYTES);
    features.push(...decodeLayer(res, layer));
  }
  return features;
}

describe('tile contract', () => {
  const CONTRACT: [name: string, path: () => string, status: number][] = [
    ['a populated areas tile', () => `/tiles/areas/${populated}.mvt`, 200],
    ['a populated hexes tile', () => `/tiles/hexes/${populated}.mvt`, 200],
    ['a populated uncovered tile', () => `/tiles/uncovered/${populated}.mvt?down=1000`, 200],
    ['an in-range tile far from any area', () => '/tiles/hexes/10/0/0.mvt', 204],
    ['an in-range uncovered tile far from any address', () => '/tiles/uncovered/14/0/0.mvt', 204],
    ['a zoom out of range', () => '/tiles/areas/30/0/0.mvt', 400],
    ['a malformed x', () => '/tiles/areas/3/1.5/0.mvt', 400],
    ['an unknown layer', () => '/tiles/nope/3/1/1.mvt', 404],
  ];
  for (const [name, path, status] of CONTRACT) {
    it(`answers ${status} for ${name}`, async () => {
      const res = await rawGet(`${server.url}${path()}`, { 'Accept-Encoding': 'gzip' });
      expect(res.status).toBe(status);
      if (status === 200) {
        expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
        expect(res.headers['content-encoding']).toBe('gzip');
        expect(res.headers['cache-control']).toBe(CACHE_CONTROL);
        expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
        expect(gunzipSync(res.body).length).toBeGreaterThan(0);
      }
      if (status === 204) expect(res.body.length).toBe(0);
      if (status >= 400) expect(JSON.parse(res.body.toString()).error.status).toBe(status);
    });
  }

  it('answers 304 to a matching If-None-Match and the same bytes each time', async () => {
    const url = `${server.url}/tiles/hexes/${populated}.mvt`;
    const first = await rawGet(url, { 'Accept-Encoding': 'gzip' });
    const again = await rawGet(url, { 'Accept-Encoding': 'gzip' });
    expect(again.body.equals(first.body)).toBe(true);
    const notModified = await rawGet(url, { 'Accept-Encoding': 'gzip', 'If-None-Match': String(first.headers.etag) });
    expect(notModified.status).toBe(304);
    expect(notModified.body.length).toBe(0);
  });

  it('gives another ETag for another threshold or release', async () => {
    const etag = async (q: string) => (await rawGet(`${server.url}/tiles/hexes/${populated}.mvt${q}`)).headers.etag;
    const tags = new Set([await etag('?down=30'), await etag('?down=1000'), await etag(`?release=${oldest}&down=1000`)]);
    expect(tags.size).toBe(3);
  });

  it('sends plain bytes to a client that does not accept gzip', async () => {
    const res = await rawGet(`${server.url}/tiles/areas/${populated}.mvt`, { 'Accept-Encoding': 'identity' });
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(decodeLayer(res, 'areas').length).toBeGreaterThan(0);
  });

  it('describes every layer with TileJSON 3.0', async () => {
    for (const layer of ['areas', 'hexes', 'uncovered']) {
      const tj = await server.json(`/tiles/${layer}.json?down=100`);
      expect(tj).toMatchObject({ tilejson: '3.0.0', name: layer, minzoom: 0, bounds });
      expect(tj.maxzoom).toBeGreaterThanOrEqual(12);
      expect(tj.maxzoom).toBeLessThanOrEqual(16);
      expect(tj.vector_layers[0].maxzoom).toBe(tj.maxzoom);
      expect(tj.tiles[0]).toBe(`/tiles/${layer}/{z}/{x}/{y}.mvt?release=${newest}&down=100`);
      expect(tj.vector_layers[0].id).toBe(layer);
    }
  });
});

describe('the advertised maxzoom', () => {
  // A client stops asking at the TileJSON maxzoom and overzooms; a layer that has nothing to send
  // at that zoom leaves the map blank above it (the areas at z15-16 once answered 204).
  it('is a zoom at which every layer still sends its features where the data is', async () => {
    const at = brute.db
      .prepare(`SELECT lon, lat FROM addresses WHERE release_id = ? AND down_class < 3 LIMIT 1`)
      .get(brute.releaseId(newest)) as { lon: number; lat: number };
    const cluster = brute.db
      .prepare('SELECT lon, lat FROM clusters WHERE release_id = ? AND down = 1000 LIMIT 1')
      .get(brute.releaseId(newest)) as { lon: number; lat: number } | undefined;
    expect(cluster, 'the fixture has clusters').toBeDefined();
    for (const layer of ['areas', 'uncovered', 'clusters']) {
      const tj = await server.json(`/tiles/${layer}.json`);
      const p = layer === 'clusters' ? cluster! : at;
      const [[z, x, y]] = tilesCovering([p.lon, p.lat, p.lon, p.lat], tj.maxzoom);
      const res = await rawGet(`${server.url}/tiles/${layer}/${z}/${x}/${y}.mvt`);
      expect(res.status, `${layer} at its maxzoom ${z}`).toBe(200);
      expect(decodeLayer(res, layer).length, layer).toBeGreaterThan(0);
    }
  });
});

describe('decoded tiles', () => {
  it('carries every area with its code, name, level and the figures of the chosen release and threshold', async () => {
    const features = await layerFeatures('areas', 8, `?release=${oldest}&down=100`);
    const byCode = new Map(features.map((f) => [f.properties.code, f.properties]));
    for (const level of ['municipality', 'province']) {
      for (const code of brute.areaCodes(level)) {
        const p = byCode.get(code);
        expect(p, code).toBeDefined();
        expect(p).toMatchObject({ level, ...brute.area(oldest, code, 100) });
        expect(typeof p!.name).toBe('string');
      }
    }
    expect(features.every((f) => f.type === 3)).toBe(true);
  });

  for (const z of [6, 9, 12]) {
    it(`draws H3 cells at z${z} whose counts add up to the national figures`, async () => {
      const features = await layerFeatures('hexes', z, '?down=100');
      const cells = new Map<string, DecodedFeature['properties']>();
      for (const f of features) cells.set(String(f.properties.cell), f.properties);
      const sum = (k: string) => [...cells.values()].reduce((s, p) => s + Number(p[k]), 0);
      const want = brute.national(newest, 100);
      expect({ addresses: sum('addresses'), covered: sum('covered'), uncovered: sum('uncovered') }).toEqual(want);
      expect([...cells.values()].every((p) => Number(p.addresses) > 0)).toBe(true);
      // MVT 2: an exterior ring has a positive area in tile coordinates (clockwise with y down).
      expect(features.every((f) => f.type === 3 && f.geometry.length === 1 && ringArea(f.geometry[0]) > 0)).toBe(true);
    });
  }

  it(`shows every uncovered address as its own point from z${UNCOVERED_POINTS_MIN_ZOOM}`, async () => {
    const points = await layerFeatures('uncovered', UNCOVERED_POINTS_MIN_ZOOM, '?down=100');
    const ids = new Set(points.map((p) => p.properties.address_id));
    expect(points.every((p) => p.type === 1 && p.properties.count === 1)).toBe(true);
    const want = brute.db
      .prepare('SELECT address_id FROM addresses WHERE release_id = ? AND down_class < 2')
      .all(brute.releaseId(newest)) as { address_id: string }[];
    expect([...ids].sort()).toEqual(want.map((r) => r.address_id).sort());
  });

  it('aggregates uncovered addresses below that zoom, each counted once', async () => {
    const points = await layerFeatures('uncovered', UNCOVERED_POINTS_MIN_ZOOM - 3, '?down=1000');
    expect(points.every((p) => p.properties.address_id === undefined && Number(p.properties.count) >= 1)).toBe(true);
    expect(points.reduce((s, p) => s + Number(p.properties.count), 0)).toBe(brute.national(newest, 1000).uncovered);
  });

  it('falls back to aggregates where a tile would hold more points than allowed', async () => {
    const capped = await startTestServer(brute.db.name, { maxTilePoints: 1 });
    try {
      const [z, x, y] = tilesCovering(bounds, UNCOVERED_POINTS_MIN_ZOOM)[0];
      const all = tilesCovering(bounds, UNCOVERED_POINTS_MIN_ZOOM).map(([tz, tx, ty]) => `${tz}/${tx}/${ty}`);
      let sawAggregate = false;
      for (const t of [`${z}/${x}/${y}`, ...all]) {
        const features = decodeLayer(await rawGet(`${capped.url}/tiles/uncovered/${t}.mvt`, { 'Accept-Encoding': 'gzip' }), 'uncovered');
        if (features.length > 1) {
          expect(features.every((f) => f.properties.address_id === undefined)).toBe(true);
          sawAggregate = true;
        }
      }
      expect(sawAggregate).toBe(true);
    } finally {
      await capped.stop();
    }
  });
});
