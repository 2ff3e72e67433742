// The nearest covered address, against a brute force over every address: where most addresses are
// covered (one index of all, searched with a class filter) and where few are (an index of those alone),
// for clusters of a few positions, of hundreds, and near the poles and the antimeridian.
import { describe, expect, it } from 'vitest';
import { distanceM } from '../../pipeline/clusters/geo.ts';
import KDBush from 'kdbush';
import { CoveredIndex, POINT_INDEX_NODE_SIZE } from '../../pipeline/clusters/nearest.ts';
import type { AddressPoints } from '../../pipeline/clusters/points.ts';
import { seededRandom } from '../helpers/random.ts';

/** `n` addresses over a county-sized box; a share `coveredShare` has download class 2 and upload class 1. */
function points(n: number, coveredShare: number, seed: number) {
  const random = seededRandom(seed);
  const lon = new Float32Array(n);
  const lat = new Float32Array(n);
  const downClass = new Uint8Array(n);
  const upClass = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    lon[i] = -120 + random() * 0.8;
    lat[i] = 38 + random() * 0.6;
    const covered = random() < coveredShare;
    downClass[i] = covered ? 2 : Math.floor(random() * 2);
    upClass[i] = covered ? 1 : Math.floor(random() * 2);
  }
  return { lon, lat, downClass, upClass };
}

/** The brute-force answer: the least distance between a position and an address of the classes; null when none has them. */
function bruteForce(p: AddressPoints, lons: number[], lats: number[], minClass: number, minUpClass = 0): number | null {
  let expected = Infinity;
  for (let i = 0; i < p.lon.length; i++) {
    if (p.downClass[i] < minClass || p.upClass[i] < minUpClass) continue;
    for (let k = 0; k < lons.length; k++) expected = Math.min(expected, distanceM(lons[k], lats[k], p.lon[i], p.lat[i]));
  }
  return expected === Infinity ? null : expected;
}

describe('CoveredIndex', () => {
  for (const coveredShare of [0.9, 0.1, 0.002]) {
    it(`finds the brute-force nearest covered address when ${coveredShare * 100} % are covered`, () => {
      const p = points(4_000, coveredShare, Math.round(coveredShare * 1000));
      const index = new CoveredIndex(p);
      const random = seededRandom(5);
      for (let q = 0; q < 60; q++) {
        // A cluster: a few positions (some repeated) around a random centre.
        const lons: number[] = [];
        const lats: number[] = [];
        const [cx, cy] = [-120 + random() * 0.8, 38 + random() * 0.6];
        for (let k = 0; k < 1 + Math.floor(random() * 6); k++) {
          const [x, y] = [cx + (random() - 0.5) * 0.01, cy + (random() - 0.5) * 0.01];
          lons.push(x, x);
          lats.push(y, y);
        }
        for (const [minClass, minUpClass] of [
          [2, 0],
          [2, 1],
          [1, 1],
        ]) {
          const expected = bruteForce(p, lons, lats, minClass, minUpClass);
          const got = index.nearestM(lons, lats, minClass, minUpClass);
          if (expected === null) expect(got).toBeNull();
          else expect(got).toBeCloseTo(expected, 3);
        }
      }
      expect(index.nearestM([-119.6], [38.3], 3)).toBeNull();
    });
  }

  for (const coveredShare of [0.9, 0.1]) {
    it(`finds the brute-force nearest for clusters of hundreds of positions when ${coveredShare * 100} % are covered`, () => {
      const p = points(3_000, coveredShare, 11);
      const index = new CoveredIndex(p);
      const random = seededRandom(12);
      for (let q = 0; q < 5; q++) {
        const lons: number[] = [];
        const lats: number[] = [];
        const [cx, cy] = [-120 + random() * 0.8, 38 + random() * 0.6];
        for (let k = 0; k < 400; k++) {
          lons.push(cx + (random() - 0.5) * 0.2);
          lats.push(cy + (random() - 0.5) * 0.15);
        }
        expect(index.nearestM(lons, lats, 2)).toBeCloseTo(bruteForce(p, lons, lats, 2)!, 6);
      }
    });
  }

  for (const [place, lon, lat] of [
    ['near the North Pole', 40, 89.95],
    ['across the antimeridian', 179.99, -16.5],
  ] as const) {
    it(`finds the brute-force nearest ${place}`, () => {
      const random = seededRandom(13);
      const n = 500;
      const p = {
        lon: Float32Array.from({ length: n }, () => {
          const x = lon + (random() - 0.5) * 0.1;
          return x > 180 ? x - 360 : x;
        }),
        lat: Float32Array.from({ length: n }, () => Math.min(90, lat + (random() - 0.5) * 0.1)),
        downClass: Uint8Array.from({ length: n }, () => (random() < 0.3 ? 2 : 0)),
        upClass: new Uint8Array(n),
      };
      const index = new CoveredIndex(p);
      for (let q = 0; q < 20; q++) {
        const lons = [lon + (random() - 0.5) * 0.1, lon + (random() - 0.5) * 0.1].map((x) => (x > 180 ? x - 360 : x));
        const lats = [lat + (random() - 0.5) * 0.1, lat + (random() - 0.5) * 0.1].map((y) => Math.min(90, y));
        expect(index.nearestM(lons, lats, 2)).toBeCloseTo(bruteForce(p, lons, lats, 2)!, 6);
      }
    });
  }

  it("searches a given index of every point (a register's stored one) as it would its own, and refuses one of other points", () => {
    const p = points(3_000, 0.9, 21);
    // Built as pipeline/register/point-index.ts builds a register's, from the positions as stored (Float64).
    const all = new KDBush(p.lon.length, POINT_INDEX_NODE_SIZE, Float32Array);
    for (let i = 0; i < p.lon.length; i++) all.add(p.lon[i], p.lat[i]);
    all.finish();
    const given = new CoveredIndex(p, () => KDBush.from(all.data));
    const own = new CoveredIndex(p);
    const random = seededRandom(22);
    for (let q = 0; q < 40; q++) {
      const lons = [-120 + random() * 0.8, -120 + random() * 0.8];
      const lats = [38 + random() * 0.6, 38 + random() * 0.6];
      const expected = bruteForce(p, lons, lats, 2);
      expect(given.nearestM(lons, lats, 2)).toBeCloseTo(expected!, 6);
      expect(given.nearestM(lons, lats, 2)).toBe(own.nearestM(lons, lats, 2));
    }
    const fewer = new KDBush(10, POINT_INDEX_NODE_SIZE, Float32Array);
    for (let i = 0; i < 10; i++) fewer.add(p.lon[i], p.lat[i]);
    fewer.finish();
    expect(() => new CoveredIndex(p, () => fewer).nearestM([-119.6], [38.3], 2)).toThrow(/10 points/);
  });
});
