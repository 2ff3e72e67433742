// The uncovered layer's two ways to a point's details (address id, best download and technology): looked up
// per tile (a server), or read once with the point index (a pre-render or an export walking every tile). Both
// draw the same bytes, for a release that holds its own addresses and for one that shares a register's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOWN_THRESHOLDS, type DownThreshold, TILE_MAX_ZOOM, UNCOVERED_POINTS_MIN_ZOOM } from '../../common/constants.ts';
import type { Threshold } from '../../common/types.ts';
import { importRelease } from '../../pipeline/import/index.ts';
import { loadRegister } from '../../pipeline/register/index.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { createIndexCache } from '../../server/tiles/index-cache.ts';
import { uncoveredLayer } from '../../server/tiles/uncovered.ts';
import { FIXTURE_FILES } from '../helpers/fixture-db.ts';
import { boundariesDb } from '../helpers/temp-db.ts';
import { COVERAGE_FIXTURES, REGISTER_FIXTURES } from '../register/fixtures.ts';

let store: Store;

beforeAll(() => {
  const { db, path } = boundariesDb();
  importRelease(db, { release: '2024-12', asOf: '2024-12-31', files: [FIXTURE_FILES.release2024] });
  loadRegister(db, { label: 'bag', files: [REGISTER_FIXTURES.ljpc] });
  importRelease(db, { release: '2025-06', asOf: '2025-06-30', register: 'bag', files: [COVERAGE_FIXTURES.byKey, COVERAGE_FIXTURES.dutch] });
  db.close();
  store = openStore(path);
});
afterAll(() => store?.close());

/** The tile (z, x, y) holding a point. */
function tileOf(z: number, lon: number, lat: number): [number, number, number] {
  const n = 2 ** z;
  const x = Math.floor(((lon + 180) / 360) * n);
  const r = (lat * Math.PI) / 180;
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n);
  return [z, x, y];
}

describe('uncovered point details', () => {
  it('read with the points are those looked up per point', () => {
    for (const release of store.releases.list()) {
      for (const down of DOWN_THRESHOLDS) {
        const threshold = { down, up: null, fixed_only: false } as Threshold;
        const points = store.tileSources.uncoveredPoints(release.id, threshold, true);
        const looked = store.tileSources.pointDetails([...points.ids]);
        expect(points.details?.addressId.length).toBe(points.ids.length);
        for (const [i, id] of points.ids.entries()) {
          const { addressId, bestDown, bestTechnology } = points.details!;
          expect({ address_id: addressId[i], best_down: bestDown[i], best_technology: bestTechnology[i] }).toEqual(looked.get(id));
        }
      }
    }
  });

  it('draw the same tiles as details looked up per tile, for a release of its own addresses and one over a register', () => {
    let tiles = 0;
    for (const release of store.releases.list()) {
      for (const down of DOWN_THRESHOLDS) {
        const threshold = { down: down as DownThreshold, up: null, fixed_only: false };
        const perTile = uncoveredLayer(store, 5000, createIndexCache(64));
        const held = uncoveredLayer(store, 5000, createIndexCache(64), true);
        const points = store.tileSources.uncoveredPoints(release.id, threshold);
        const keys = new Set<string>();
        for (let z = UNCOVERED_POINTS_MIN_ZOOM; z <= TILE_MAX_ZOOM; z++) {
          for (const [i, lon] of points.lon.entries()) keys.add(tileOf(z, lon, points.lat[i]).join('/'));
        }
        for (const key of keys) {
          const [z, x, y] = key.split('/').map(Number);
          const req = { z, x, y, release, threshold };
          const expected = perTile.render(req);
          expect(expected, `${release.label} ${down} ${key}`).not.toBeNull();
          expect(Buffer.from(held.render(req)!).equals(Buffer.from(expected!)), `${release.label} ${down} ${key}`).toBe(true);
          tiles++;
        }
      }
    }
    // Both releases have uncovered addresses to draw.
    expect(tiles).toBeGreaterThan(50);
  });
});
