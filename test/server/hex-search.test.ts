// The hexes layer's cell search against a brute-force oracle: every H3 cell that reaches into a tile is
// found, at each zoom's resolution, on random tiles all over the globe (and by a pentagon); and the
// search draws few cells that do not reach in (issue 15: the old margin drew 17-24 % of such cells).
import Flatbush from 'flatbush';
import { cellToBoundary, cellToLatLng, getPentagons, gridDisk, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { hexResolutionForZoom } from '../../common/constants.ts';
import { tileBbox } from '../../server/tiles/geometry.ts';
import { cellReachKm, searchHexes } from '../../server/tiles/hex-index.ts';
import { seededRandom } from '../helpers/random.ts';
import { tileOf } from '../helpers/tiles.ts';

/** The cells around a tile: a disk around its centre cell wide enough to hold it and its neighbours. */
function cellsAround(bbox: number[], res: number): string[] {
  const [w, s, e, n] = bbox;
  const centre = latLngToCell((s + n) / 2, (w + e) / 2, res);
  const [clat, clon] = cellToLatLng(centre);
  // Cell spacing in degrees of latitude, from a neighbour.
  const [nlat, nlon] = cellToLatLng(gridDisk(centre, 1).find((c) => c !== centre)!);
  const spacing = Math.hypot(nlat - clat, (nlon - clon) * Math.cos((clat * Math.PI) / 180));
  const span = Math.max(n - s, (e - w) * Math.cos((Math.max(Math.abs(s), Math.abs(n)) * Math.PI) / 180));
  return gridDisk(centre, Math.ceil(span / spacing) + 3);
}

/** The oracle: does any part of the cell's outline bbox overlap the tile's? (Necessary for reaching in.) */
function mayReach(cell: string, [w, s, e, n]: number[]): boolean {
  const ring = cellToBoundary(cell, true);
  const lons = ring.map((p) => p[0]);
  const lats = ring.map((p) => p[1]);
  return Math.max(...lons) >= w && Math.min(...lons) <= e && Math.max(...lats) >= s && Math.min(...lats) <= n;
}

function check(z: number, x: number, y: number): { found: number; reaching: number } {
  const res = hexResolutionForZoom(z);
  const bbox = tileBbox({ z, x, y });
  const cells = cellsAround(bbox, res);
  const tree = new Flatbush(cells.length);
  for (const c of cells) {
    const [lat, lon] = cellToLatLng(c);
    tree.add(lon, lat);
  }
  tree.finish();
  const found = new Set(searchHexes({ tree, reachKm: cellReachKm(res) }, bbox).map((i) => cells[i]));
  const reaching = cells.filter((c) => mayReach(c, bbox));
  for (const c of reaching) expect(found.has(c), `cell ${c} reaches into tile ${z}/${x}/${y} but was not found`).toBe(true);
  return { found: found.size, reaching: reaching.length };
}

describe('hex cell search', () => {
  it('finds every cell reaching into a tile, at every zoom, all over the globe', () => {
    const random = seededRandom(15);
    let found = 0;
    let reaching = 0;
    for (const z of [5, 6, 7, 8, 9, 10, 11, 12, 14]) {
      for (let i = 0; i < 12; i++) {
        const lat = -75 + 150 * random();
        const lon = -170 + 340 * random();
        const r = check(z, ...tileOf(lon, lat, z));
        found += r.found;
        reaching += r.reaching;
      }
    }
    // Few cells drawn that reach no tile (their outline's bbox misses it).
    expect((found - reaching) / found).toBeLessThan(0.12);
  });

  it('finds every cell reaching into a tile beside a pentagon', () => {
    for (const z of [6, 9, 12]) {
      const res = hexResolutionForZoom(z);
      for (const p of getPentagons(res).slice(0, 4)) {
        const [lat, lon] = cellToLatLng(p);
        if (Math.abs(lon) > 170) continue;
        check(z, ...tileOf(lon, lat, z));
      }
    }
  });
});
