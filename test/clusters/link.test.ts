// linkPoints, the grid-based clustering of points within a distance, against brute-force connected components.
import { describe, expect, it } from 'vitest';
import { distanceM } from '../../pipeline/clusters/geo.ts';
import { linkPoints } from '../../pipeline/clusters/link.ts';
import { bruteForceLabels } from '../helpers/brute-force-clusters.ts';
import { seededRandom } from '../helpers/random.ts';

/** Points in patches around random centres, so that some chains form and some stay apart. */
function patchyPoints(seed: number, n: number, centre: [number, number], spreadDeg: number) {
  const random = seededRandom(seed);
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  const patches = Array.from({ length: Math.ceil(n / 20) }, () => [
    centre[0] + (random() - 0.5) * spreadDeg,
    centre[1] + (random() - 0.5) * spreadDeg,
  ]);
  for (let i = 0; i < n; i++) {
    const [x, y] = patches[Math.floor(random() * patches.length)];
    lon[i] = x + (random() - 0.5) * 0.02;
    lat[i] = y + (random() - 0.5) * 0.012;
  }
  return { lon, lat };
}

/** Two labelings describe the same partition when they map one to one. */
function samePartition(a: Int32Array, b: Int32Array): boolean {
  const ab = new Map<number, number>();
  const ba = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    if ((ab.get(a[i]) ?? b[i]) !== b[i] || (ba.get(b[i]) ?? a[i]) !== a[i]) return false;
    ab.set(a[i], b[i]);
    ba.set(b[i], a[i]);
  }
  return true;
}

describe('linkPoints', () => {
  const cases: [string, [number, number], number][] = [
    ['the Netherlands', [5.3, 52.1], 0.4],
    ['the far north', [25.7, 69.5], 0.4],
    ['the southern hemisphere across the equator', [-47.9, -0.01], 0.3],
    ['the prime meridian', [0, 51.5], 0.3],
  ];
  for (const [place, centre, spread] of cases) {
    it(`finds the same clusters as brute-force connected components in ${place}`, () => {
      const { lon, lat } = patchyPoints(7, 1500, centre, spread);
      const linkage = linkPoints(lon, lat, 250);
      expect(linkage.count).toBeGreaterThan(5);
      expect(linkage.count).toBeLessThan(1400);
      expect(samePartition(linkage.labels, bruteForceLabels(lon, lat, 250))).toBe(true);
    });
  }

  it('links two addresses 249 m apart and keeps two 251 m apart separate', () => {
    const dLat = 1 / 111_195; // about one metre of latitude
    const lon = Float64Array.of(5, 5, 6, 6);
    const lat = Float64Array.of(52, 52 + 249 * dLat, 52, 52 + 251 * dLat);
    expect(distanceM(5, 52, 5, 52 + 249 * dLat)).toBeLessThan(250);
    expect(distanceM(6, 52, 6, 52 + 251 * dLat)).toBeGreaterThan(250);
    expect(Array.from(linkPoints(lon, lat, 250).labels)).toEqual([0, 0, 1, 2]);
  });

  it('joins a chain of addresses each 200 m apart into one cluster however long it is', () => {
    const step = 200 / 111_195;
    const lat = Float64Array.from({ length: 50 }, (_, i) => 52 + i * step);
    const lon = new Float64Array(50).fill(5);
    expect(linkPoints(lon, lat, 250).count).toBe(1);
  });

  it('returns no clusters for no points and one cluster for one point', () => {
    expect(linkPoints(new Float64Array(0), new Float64Array(0), 250).count).toBe(0);
    expect(linkPoints(Float64Array.of(5), Float64Array.of(52), 250).count).toBe(1);
  });

  it('refuses a link distance below one metre', () => {
    expect(() => linkPoints(Float64Array.of(5), Float64Array.of(52), 0)).toThrow(/distanceM must be >= 1/);
  });
});
