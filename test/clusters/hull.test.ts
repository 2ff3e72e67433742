// The hull's interior filter (hullCandidates) against the plain monotone chain over every point, on
// seeded point sets with the awkward cases: duplicates, collinear rows, grids, a single position.
import { describe, expect, it } from 'vitest';
import { bufferedHull, convexHull, hullCandidates } from '../../pipeline/clusters/hull.ts';

type XY = [number, number];

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function sets(): { name: string; points: XY[] }[] {
  const out: { name: string; points: XY[] }[] = [];
  for (let seed = 1; seed <= 40; seed++) {
    const r = seeded(seed);
    const n = 1 + Math.floor(r() * 400);
    const kind = seed % 5;
    const points: XY[] = [];
    for (let i = 0; i < n; i++) {
      if (kind === 0) points.push([r() * 1000 - 500, r() * 800 - 400]);
      // A grid: many points on the hull's edges, ties in every direction.
      else if (kind === 1) points.push([Math.floor(r() * 12) * 25, Math.floor(r() * 9) * 25]);
      // A straight row (a street), with repeats.
      else if (kind === 2) points.push(((t: number): XY => [t * 3, t * 2 - 7])(Math.floor(r() * 50)));
      // Gaussian-ish blob with duplicates.
      else if (kind === 3) points.push([Math.round((r() + r() + r()) * 100), Math.round((r() + r() - r()) * 100)]);
      // One position (FCC locations at a cell centre), then a second.
      else points.push(i % 7 === 6 ? [10, 20] : [0, 0]);
    }
    out.push({ name: `seed ${seed} kind ${kind} n ${n}`, points });
  }
  return out;
}

describe('hullCandidates', () => {
  it.each(sets())('keeps a subset with the same hull as every point ($name)', ({ points }) => {
    const x = Float64Array.from(points, (p) => p[0]);
    const y = Float64Array.from(points, (p) => p[1]);
    const candidates = hullCandidates(x, y);
    const all = new Set(points.map((p) => p.join(',')));
    for (const c of candidates) expect(all.has(c.join(','))).toBe(true);
    expect(convexHull(candidates)).toEqual(convexHull(points));
  });

  it('throws most of a big blob out', () => {
    const r = seeded(7);
    const n = 5000;
    const x = Float64Array.from({ length: n }, () => r() + r() + r());
    const y = Float64Array.from({ length: n }, () => r() + r() + r());
    const kept = hullCandidates(x, y).length;
    expect(kept).toBeLessThan(n / 5);
    expect(kept).toBeGreaterThanOrEqual(convexHull(Array.from(x, (v, i): XY => [v, y[i]])).length);
  });
});

describe('bufferedHull', () => {
  it('encloses every point by the buffer, counter-clockwise, closed', () => {
    const r = seeded(3);
    const lon = Array.from({ length: 300 }, () => 5.1 + r() * 0.02);
    const lat = Array.from({ length: 300 }, () => 52.0 + r() * 0.01);
    const ring = bufferedHull(lon, lat, 25).coordinates[0];
    expect(ring[0]).toEqual(ring.at(-1));
    let area2 = 0;
    for (let i = 0; i + 1 < ring.length; i++) area2 += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
    expect(area2).toBeGreaterThan(0);
    // Every point is inside: left of (or on) every edge.
    for (let k = 0; k < lon.length; k++) {
      for (let i = 0; i + 1 < ring.length; i++) {
        const [ax, ay] = ring[i];
        const [bx, by] = ring[i + 1];
        expect((bx - ax) * (lat[k] - ay) - (by - ay) * (lon[k] - ax)).toBeGreaterThan(0);
      }
    }
  });
});
