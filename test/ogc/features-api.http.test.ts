// OGC API Features at /ogc against a real server: landing page, conformance, collections, items paged
// by `next` links, bbox, single features and bad input; figures against brute-force counts.
import { bboxPolygon, booleanIntersects } from '@turf/turf';
import type { Geometry } from 'geojson';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as api from '../../common/api.ts';
import { DEFAULT_DEFINITIONS, downClassIn } from '../../common/definitions.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { openBrute, type Brute } from '../helpers/brute-force-counts.ts';
import { expectError, startTestServer, type TestServer } from '../helpers/server.ts';

let dir: string;
let server: TestServer;
let brute: Brute;
let labels: string[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-ogc-'));
  const db = await buildFixtureDb(dir);
  brute = openBrute(db);
  labels = brute.labels();
  server = await startTestServer(db);
});

afterAll(async () => {
  await server?.stop();
  brute?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Page {
  type: string;
  numberMatched: number;
  numberReturned: number;
  links: { rel: string; href: string; type: string }[];
  features: { id: string | number; geometry: Geometry; properties: Record<string, unknown> }[];
}

/** Follows `next` links from a first items URL; every page is checked for its own counts. */
async function allPages(path: string): Promise<{ pages: Page[]; features: Page['features'] }> {
  const pages: Page[] = [];
  let url: string | undefined = `${server.url}${path}`;
  while (url) {
    const res = await fetch(url);
    expect(res.status, url).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    const page = (await res.json()) as Page;
    expect(page.type).toBe('FeatureCollection');
    expect(page.numberReturned).toBe(page.features.length);
    pages.push(page);
    url = page.links.find((l) => l.rel === 'next')?.href;
    if (url) expect(url.startsWith(server.url)).toBe(true);
    expect(pages.length).toBeLessThan(1000);
  }
  return { pages, features: pages.flatMap((p) => p.features) };
}

function uncoveredIds(label: string, down: number, where = '1', args: unknown[] = []): string[] {
  return (
    (
      brute.db
        // The uncovered lists' page order: municipality, download class, upload class, import order.
        .prepare(
          `SELECT address_id FROM addresses WHERE release_id = ? AND down_class < ? AND ${where} ORDER BY area_code, down_class, up_class, id`,
        )
        .all(brute.releaseId(label), downClassIn(DEFAULT_DEFINITIONS, down as 30 | 100 | 1000), ...args) as { address_id: string }[]
    ).map((r) => r.address_id)
  );
}

describe('landing page, conformance and collections', () => {
  it('links to itself, the API definition, conformance and the collections', async () => {
    const landing = await server.json('/ogc');
    const rels = Object.fromEntries(landing.links.map((l: { rel: string; href: string }) => [l.rel, l.href]));
    expect(rels).toMatchObject({
      self: `${server.url}/ogc`,
      'service-desc': `${server.url}/api/v1/openapi.json`,
      conformance: `${server.url}/ogc/conformance`,
      data: `${server.url}/ogc/collections`,
    });
    const { conformsTo } = await server.json('/ogc/conformance');
    expect(conformsTo).toEqual([
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
      'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
    ]);
  });

  it('lists areas, uncovered and clusters with CRS84 extent and items links', async () => {
    const { collections } = await server.json('/ogc/collections');
    expect(collections.map((c: { id: string }) => c.id)).toEqual(['areas', 'uncovered', 'clusters']);
    for (const c of collections) {
      expect(c.itemType).toBe('feature');
      expect(c.crs).toEqual(['http://www.opengis.net/def/crs/OGC/1.3/CRS84']);
      const [w, s, e, n] = c.extent.spatial.bbox[0];
      expect(w).toBeLessThan(e);
      expect(s).toBeLessThan(n);
      const items = c.links.find((l: { rel: string }) => l.rel === 'items');
      expect(items).toEqual(expect.objectContaining({ href: `${server.url}/ogc/collections/${c.id}/items`, type: 'application/geo+json' }));
      expect(await server.json(`/ogc/collections/${c.id}`)).toEqual(c);
    }
  });
});

describe('items', () => {
  it('pages through every area with its figures, as many as numberMatched', async () => {
    const { pages, features } = await allPages('/ogc/collections/areas/items?limit=2');
    const areas = brute.db.prepare('SELECT code, level FROM areas ORDER BY level, code').all() as { code: string; level: string }[];
    expect(pages.length).toBe(Math.ceil(areas.length / 2));
    for (const p of pages) expect(p.numberMatched).toBe(areas.length);
    expect(features.map((f) => f.id)).toEqual(areas.map((a) => a.code));
    const newest = labels.at(-1)!;
    for (const f of features) {
      expect(f.geometry.type).toBe('MultiPolygon');
      const want = brute.area(newest, String(f.id), 1000);
      expect(f.properties).toMatchObject({ ...want, release: newest, synthetic: false, down: 1000, up: null });
    }
  });

  it('pages through the uncovered addresses of each release and threshold like a scan', async () => {
    for (const label of labels) {
      for (const down of [100, 1000]) {
        const { pages, features } = await allPages(`/ogc/collections/uncovered/items?release=${label}&down=${down}&limit=7`);
        const want = uncoveredIds(label, down);
        expect(features.map((f) => f.id)).toEqual(want);
        expect(pages[0].numberMatched).toBe(want.length);
        const synthetic = Boolean(
          (brute.db.prepare('SELECT synthetic FROM releases WHERE label = ?').get(label) as { synthetic: number }).synthetic,
        );
        for (const f of features) {
          expect(f.geometry.type).toBe('Point');
          expect(f.properties).toMatchObject({ address_id: f.id, release: label, synthetic, down });
          expect(Number(f.properties.best_down)).toBeLessThan(down);
        }
      }
    }
  });

  it('filters uncovered addresses by bbox exactly', async () => {
    const bbox = [4.8, 51.9, 5.1, 52.1];
    const { pages, features } = await allPages(`/ogc/collections/uncovered/items?bbox=${bbox.join(',')}&limit=5`);
    const want = uncoveredIds(labels.at(-1)!, 1000, 'lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?', [bbox[0], bbox[2], bbox[1], bbox[3]]);
    expect(want.length).toBeGreaterThan(0);
    expect(features.map((f) => f.id)).toEqual(want);
    expect(pages[0].numberMatched).toBe(want.length);
  });

  it('returns only the areas whose polygon meets the bbox (turf oracle over every area)', async () => {
    const bbox: [number, number, number, number] = [5.0, 52.0, 5.05, 52.05];
    const { features, pages } = await allPages(`/ogc/collections/areas/items?bbox=${bbox.join(',')}`);
    const rows = brute.db.prepare('SELECT code, geometry FROM areas ORDER BY level, code').all() as { code: string; geometry: string }[];
    const want = rows.filter((r) => booleanIntersects(bboxPolygon(bbox), JSON.parse(r.geometry))).map((r) => r.code);
    expect(want.length).toBeGreaterThan(0);
    expect(want.length).toBeLessThan(rows.length);
    expect(features.map((f) => f.id)).toEqual(want);
    expect(pages[0].numberMatched).toBe(want.length);
  });

  it('pages through the clusters of a release and threshold, largest first', async () => {
    for (const label of labels) {
      const { pages, features } = await allPages(`/ogc/collections/clusters/items?release=${label}&down=100&limit=3`);
      const want = brute.db
        .prepare('SELECT id, addresses FROM clusters WHERE release_id = ? AND down = 100 ORDER BY addresses DESC, id')
        .all(brute.releaseId(label)) as { id: number; addresses: number }[];
      expect(features.map((f) => f.id)).toEqual(want.map((c) => c.id));
      expect(pages[0].numberMatched).toBe(want.length);
      for (const f of features) expect(f.geometry.type).toBe('Polygon');
    }
  });

  it('answers one feature by id as the list has it', async () => {
    const { features } = await allPages('/ogc/collections/uncovered/items?limit=1000');
    const first = features[0];
    const one = await server.json(`/ogc/collections/uncovered/items/${first.id}`);
    expect({ ...one, links: undefined }).toEqual({ ...first, links: undefined });
    expect(one.links.find((l: { rel: string }) => l.rel === 'collection').href).toBe(`${server.url}/ogc/collections/uncovered`);
    const area = await server.json('/ogc/collections/areas/items/GM0331?down=100');
    expect(area.properties).toMatchObject({ code: 'GM0331', ...brute.area(labels.at(-1)!, 'GM0331', 100) });
  });

  it('keeps coordinates in WGS84 (lon, lat)', async () => {
    const { features } = await allPages('/ogc/collections/uncovered/items?limit=1000');
    for (const f of features) {
      const [lon, lat] = (f.geometry as { coordinates: number[] }).coordinates;
      expect(lon).toBeGreaterThan(3);
      expect(lon).toBeLessThan(8);
      expect(lat).toBeGreaterThan(50);
      expect(lat).toBeLessThan(54);
    }
  });
});

describe('bad input', () => {
  it('answers an unknown collection with 404 naming the valid ones', async () => {
    for (const path of ['/ogc/collections/nope', '/ogc/collections/nope/items', '/ogc/collections/nope/items/1']) {
      const res = await server.get(path);
      const body = await res.clone().json();
      await expectError(res, 404, 'collectionId');
      expect(body.error.message).toContain('areas, uncovered, clusters');
    }
  });

  it('answers a limit or bbox out of range with 400', async () => {
    for (const [query, parameter] of [
      ['limit=0', 'limit'],
      ['limit=5001', 'limit'],
      ['limit=abc', 'limit'],
      ['bbox=1,2,3', 'bbox'],
      ['bbox=10,50,5,52', 'bbox'],
      ['bbox=-190,50,5,52', 'bbox'],
      ['bbox=4,50,5,95', 'bbox'],
      ['f=html', 'f'],
      ['cursor=zzz', 'cursor'],
      ['sort=name', 'sort'],
      ['down=50', 'down'],
    ]) {
      await expectError(await server.get(`/ogc/collections/areas/items?${query}`), 400, parameter);
    }
    await expectError(await server.get('/ogc/collections/clusters/items?up=100'), 400, 'up');
    await expectError(await server.get('/ogc/collections/clusters/items?fixed_only=1'), 400, 'fixed_only');
  });

  it('answers an unknown feature or release with 404', async () => {
    await expectError(await server.get('/ogc/collections/areas/items/GM9999'), 404, 'featureId');
    await expectError(await server.get('/ogc/collections/clusters/items/abc'), 404, 'featureId');
    await expectError(await server.get('/ogc/collections/uncovered/items?release=1999-01'), 404, 'release');
  });

  it('answers what the response schemas of common/api.ts say', async () => {
    const checks: [string, { safeParse(v: unknown): { success: boolean; error?: { message: string } } }][] = [
      ['/ogc', api.OgcLandingSchema],
      ['/ogc/conformance', api.OgcConformanceSchema],
      ['/ogc/collections', api.OgcCollectionsSchema],
      ['/ogc/collections/clusters', api.OgcCollectionSchema],
      ['/ogc/collections/areas/items?limit=2', api.OgcFeatureCollectionSchema],
      ['/ogc/collections/uncovered/items?up=100', api.OgcFeatureCollectionSchema],
      ['/ogc/collections/clusters/items', api.OgcFeatureCollectionSchema],
      ['/ogc/collections/areas/items/GM0331', api.OgcFeatureSchema],
      ['/ogc/collections/uncovered/schema', api.OgcFeatureSchemaSchema],
    ];
    for (const [path, schema] of checks) {
      const result = schema.safeParse(await server.json(path));
      expect(result.success, `${path}: ${result.error?.message}`).toBe(true);
    }
  });

  it('is described in the OpenAPI document', async () => {
    const { paths } = await server.json('/api/v1/openapi.json');
    for (const path of [
      '/ogc',
      '/ogc/conformance',
      '/ogc/collections',
      '/ogc/collections/{collectionId}',
      '/ogc/collections/{collectionId}/schema',
      '/ogc/collections/{collectionId}/items',
      '/ogc/collections/{collectionId}/items/{featureId}',
    ]) {
      expect(paths[path], path).toBeDefined();
    }
    const names = paths['/ogc/collections/{collectionId}/items'].get.parameters.map((p: { name: string }) => p.name).sort();
    expect(names).toEqual(['bbox', 'collectionId', 'cursor', 'down', 'f', 'fixed_only', 'limit', 'release', 'up']);
  });
});

describe('links behind a proxy', () => {
  it("use publicUrl when set, else a trusted proxy's forwarded scheme and host", async () => {
    const db = join(dir, 'atlas.sqlite');
    const pub = await startTestServer(db, { publicUrl: 'https://atlas.example.org' });
    const proxied = await startTestServer(db, { trustProxy: 'true' });
    try {
      const landing = await pub.json('/ogc');
      expect(landing.links.find((l: { rel: string }) => l.rel === 'data').href).toBe('https://atlas.example.org/ogc/collections');
      const res = await proxied.get('/ogc/collections/areas/items?limit=1', {
        'X-Forwarded-Proto': 'https',
        'X-Forwarded-Host': 'maps.example.net',
      });
      const page = await res.json();
      expect(page.links.find((l: { rel: string }) => l.rel === 'next').href).toMatch(
        /^https:\/\/maps\.example\.net\/ogc\/collections\/areas\/items\?limit=1&cursor=/,
      );
      const plain = await (await server.get('/ogc/collections/areas/items?limit=1', { 'X-Forwarded-Host': 'evil.example' })).json();
      expect(plain.links.find((l: { rel: string }) => l.rel === 'next').href.startsWith(`${server.url}/ogc/`)).toBe(true);
    } finally {
      await pub.stop();
      await proxied.stop();
    }
  });
});
