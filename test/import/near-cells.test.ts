// NearCells against H3 itself, point by point: walks like a register's (street by street), points a
// hair either side of cell edges and vertices, and places where a straight line in degrees is a
// poor model of a cell's edge (near the poles, across the antimeridian, on icosahedron edges).
import { cellToBoundary, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { FINEST_RES, finestCellKey } from '../../common/hex-key.ts';
import { NearCells } from '../../pipeline/import/near-cells.ts';

/** A seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A start point: in the Netherlands, or anywhere up to `maxLat` degrees from the equator. */
function start(next: () => number, dutch: boolean, maxLat: number): [number, number] {
  return dutch ? [50.8 + next() * 2.6, 3.4 + next() * 3.8] : [-maxLat + next() * 2 * maxLat, -180 + next() * 360];
}

function expectSameAsH3(points: [number, number][]): NearCells {
  const cells = new NearCells();
  const wrong = points.filter(([lat, lon]) => cells.key(lat, lon) !== finestCellKey(lat, lon));
  expect(wrong).toEqual([]);
  return cells;
}

describe('NearCells', () => {
  it('answers like H3 along register-like walks, mostly without asking it', () => {
    const next = random(1);
    const points: [number, number][] = [];
    // Streets of addresses 5-30 m apart, starting all over the Netherlands and the world.
    for (let street = 0; street < 400; street++) {
      let [lat, lon] = start(next, street < 200, 70);
      const heading = next() * 2 * Math.PI;
      for (let i = 0; i < 100; i++) {
        const step = (5 + next() * 25) / 111_320;
        lat += Math.sin(heading) * step;
        lon += (Math.cos(heading) * step) / Math.cos((lat * Math.PI) / 180);
        points.push([lat, lon]);
      }
    }
    const cells = expectSameAsH3(points);
    expect(cells.asked).toBeLessThan(points.length / 4);
  });

  it('answers like H3 a hair either side of cell edges and at vertices', () => {
    const next = random(2);
    const points: [number, number][] = [];
    for (let c = 0; c < 120; c++) {
      const [cLat, cLon] = start(next, c < 60, 75);
      const boundary = cellToBoundary(latLngToCell(cLat, cLon, FINEST_RES));
      points.push([cLat, cLon]); // first the cell itself, so it is kept
      for (let v = 0; v < boundary.length; v++) {
        const [aLat, aLon] = boundary[v];
        const [bLat, bLon] = boundary[(v + 1) % boundary.length];
        for (const t of [0, 1e-9, 0.25, 0.5, 0.999999]) {
          const eLat = aLat + (bLat - aLat) * t;
          const eLon = aLon + (bLon - aLon) * t;
          // Towards and away from the first point, by 1e-12 to 1e-5 degrees.
          for (const d of [1e-12, 1e-9, 1e-7, 1e-6, 1e-5, -1e-12, -1e-9, -1e-7, -1e-6, -1e-5]) {
            points.push([eLat + (cLat - eLat) * d * 1e3, eLon + (cLon - eLon) * d * 1e3]);
            points.push([cLat, cLon]);
          }
        }
      }
    }
    expectSameAsH3(points);
  });

  it('answers like H3 near the poles, across the antimeridian and near icosahedron vertices', () => {
    const next = random(3);
    const points: [number, number][] = [];
    const places: [number, number][] = [
      [89.99, 0],
      [-89.99, 45],
      [84, 10],
      [0, 179.9999],
      [10, -179.9999],
      // Icosahedron vertices of H3's faces (where cells of different faces meet).
      [58.282525588538995, 10.536199075468],
      [-31.717474411461, -169.463800924532],
      [26.565051177078, 100.536199075468],
      [-26.565051177078, 0.536199075468],
    ];
    for (const [lat0, lon0] of places) {
      for (let i = 0; i < 3000; i++) {
        const lat = Math.max(-90, Math.min(90, lat0 + (next() - 0.5) * 0.02));
        let lon = lon0 + (next() - 0.5) * 0.02;
        if (lon > 180) lon -= 360;
        if (lon < -180) lon += 360;
        points.push([lat, lon]);
      }
    }
    expectSameAsH3(points);
  });
});
