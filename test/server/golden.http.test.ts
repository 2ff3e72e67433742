// Decoded tiles as text a person can read, compared with golden files (regenerate: UPDATE=1).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { expectGolden, tileAsText as asText } from '../helpers/golden.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { decodeLayer, rawGet } from '../helpers/tile-client.ts';
import { tilesCovering } from '../helpers/tiles.ts';

const GOLDEN = join(import.meta.dirname, 'golden');
let dir: string;
let server: TestServer;
let centre: [number, number];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-golden-'));
  server = await startTestServer(await buildFixtureDb(dir));
  // A tile around the first uncovered address of the least covered municipality: every layer has features there.
  const [first] = (await server.json('/api/v1/areas?sort=uncovered&order=desc')).areas;
  const page = await server.json(`/api/v1/uncovered?area=${first.code}&limit=1`);
  centre = page.features[0].geometry.coordinates;
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('golden tiles', () => {
  const tiles = [
    ['hexes', 9, '?down=100'],
    ['uncovered', 12, '?down=1000'],
    ['areas', 7, '?down=1000'],
    // Cluster centroids only below OUTLINE_MIN_ZOOM (9), outlines and centroids from it.
    ['clusters', 8, '?down=1000'],
    ['clusters', 12, '?down=1000'],
  ] as const;
  for (const [layer, z, query] of tiles) {
    it(`draws the ${layer} tile at z${z} over the fixture as before`, async () => {
      const [, x, y] = tilesCovering([...centre, ...centre], z)[0];
      const res = await rawGet(`${server.url}/tiles/${layer}/${z}/${x}/${y}.mvt${query}`, { 'Accept-Encoding': 'gzip' });
      expect(res.status).toBe(200);
      const features = decodeLayer(res, layer);
      // The tile sits on an uncovered address, so every layer draws something there.
      expect(features.length).toBeGreaterThan(0);
      expectGolden(join(GOLDEN, `${layer}-${z}.txt`), asText(layer, features));
    });
  }
});
