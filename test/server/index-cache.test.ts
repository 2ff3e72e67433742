// The tile layers' index cache (issue 16 item 9): weighed in bytes, it keeps every release and
// threshold that fits its budget, so alternating users no longer rebuild indexes; a cluster index
// that drills down past MAX_DRILLED_TILES tiles is dropped and rebuilt instead of growing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type GeoJSONVT from 'geojson-vt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DOWN_THRESHOLDS, type DownThreshold } from '../../common/constants.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { clustersLayer } from '../../server/tiles/clusters.ts';
import { createIndexCache } from '../../server/tiles/index-cache.ts';
import { uncoveredLayer } from '../../server/tiles/uncovered.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';

let dir: string;
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-index-cache-'));
  store = openStore(await buildFixtureDb(dir));
});

afterAll(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The tile at zoom z holding the centre of the data. */
function centreTile(z: number): { z: number; x: number; y: number } {
  const [w, s, e, n] = store.areas.bounds()!;
  const lon = (w + e) / 2;
  const lat = ((s + n) / 2) * (Math.PI / 180);
  const scale = 2 ** z;
  return {
    z,
    x: Math.floor(((lon + 180) / 360) * scale),
    y: Math.floor(((1 - Math.log(Math.tan(lat) + 1 / Math.cos(lat)) / Math.PI) / 2) * scale),
  };
}

describe('index cache', () => {
  it('keeps the indexes of every release and threshold when users alternate between them', () => {
    const cache = createIndexCache(64);
    const points = vi.spyOn(store.tileSources, 'uncoveredPoints');
    const clusters = vi.spyOn(store.clusters, 'all');
    const uncovered = uncoveredLayer(store, 5000, cache);
    const shapes = clustersLayer(store, cache);
    const releases = store.releases.list();
    expect(releases.length).toBeGreaterThanOrEqual(2);
    for (let round = 0; round < 5; round++) {
      for (const release of releases) {
        for (const down of DOWN_THRESHOLDS) {
          const threshold = { down: down as DownThreshold, up: null, fixed_only: false };
          uncovered.render({ ...centreTile(12), release, threshold });
          shapes.render({ ...centreTile(10), release, threshold });
        }
      }
    }
    // Built once per release and threshold (points and cluster shapes).
    expect(points).toHaveBeenCalledTimes(releases.length * DOWN_THRESHOLDS.length);
    expect(clusters).toHaveBeenCalledTimes(releases.length * DOWN_THRESHOLDS.length);
    const { entries, bytes } = cache.stats();
    expect(entries).toBeGreaterThanOrEqual(releases.length * 2 * DOWN_THRESHOLDS.length);
    expect(bytes).toBeGreaterThan(0);
    expect(bytes).toBeLessThanOrEqual(64 * 1024 * 1024);
    points.mockRestore();
    clusters.mockRestore();
  });

  it('keeps nothing over its budget, and still draws the same tiles', () => {
    const release = store.releases.resolve();
    const threshold = { down: 1000 as DownThreshold, up: null, fixed_only: false };
    const roomy = uncoveredLayer(store, 5000, createIndexCache(64)).render({ ...centreTile(12), release, threshold });
    const tight = createIndexCache(0.0001);
    expect(uncoveredLayer(store, 5000, tight).render({ ...centreTile(12), release, threshold })).toEqual(roomy);
    expect(tight.stats()).toEqual({ entries: 0, bytes: 0 });
  });

  it('weighs a cluster index as it drills down, and drops it past its drilled-tile limit', () => {
    const cache = createIndexCache(64);
    const limit = 40;
    const layer = clustersLayer(store, cache, limit);
    const release = store.releases.resolve();
    const threshold = { down: 1000 as DownThreshold, up: null, fixed_only: false };
    const key = `clusters/${release.id}/1000`;
    const held = () => cache.peek<{ vt: GeoJSONVT; firstPass: number; bytes: number }>(key);
    // Tiles at z14 over every cluster: each drills down from z5.
    const tiles = store.clusters.all({ release: release.id, down: 1000, minAddresses: 1, sort: 'size' }).map((c) => tileAt(c.centroid, 14));
    expect(tiles.length).toBeGreaterThan(limit / 4);
    let largest = 0;
    let dropped = false;
    let lastBytes = 0;
    for (const [i, t] of tiles.entries()) {
      layer.render({ ...t, release, threshold });
      const index = held();
      if (!index) {
        dropped = true;
        continue;
      }
      const drilled = index.vt.tileCoords.length - index.firstPass;
      largest = Math.max(largest, drilled);
      // The weight the cache holds follows the tiles the index holds.
      if (i > 0 && drilled > 0) expect(cache.stats().bytes).toBeGreaterThanOrEqual(lastBytes);
      lastBytes = cache.stats().bytes;
    }
    expect(dropped).toBe(true);
    // At most one drill (a few tiles per zoom level) past the limit before the index is dropped.
    expect(largest).toBeLessThanOrEqual(limit + 4 * 14);
  });
});

/** The tile at zoom z holding a point. */
function tileAt([lon, lat]: [number, number], z: number): { z: number; x: number; y: number } {
  const r = lat * (Math.PI / 180);
  const scale = 2 ** z;
  return {
    z,
    x: Math.floor(((lon + 180) / 360) * scale),
    y: Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * scale),
  };
}
