// HexOutlines keeps each cell's outline in world coordinates; its rings must be the ones the hexes layer
// computes per tile (cellToBoundary, projected, reversed), to the unit. Oracle: that computation, over
// seeded cells of every resolution the layer draws (pentagons included) and tiles at and around each.
import { cellToBoundary, getPentagons, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { projector } from '../../server/tiles/geometry.ts';
import { HexOutlines } from '../../server/tiles/hex-outlines.ts';

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const tileOf = (lon: number, lat: number, z: number) => {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return {
    z,
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n),
  };
};

describe('HexOutlines', () => {
  it('gives the ring the per-tile computation gives, in every tile and at every zoom', () => {
    const random = seeded(11);
    const cells: string[] = [];
    for (const res of [5, 6, 7, 8, 9]) {
      for (let k = 0; k < 200; k++) cells.push(latLngToCell(-60 + random() * 130, -180 + random() * 360, res));
      cells.push(...getPentagons(res).slice(0, 4));
    }
    const outlines = new HexOutlines(cells);
    let rings = 0;
    // Twice over, so the second pass reads what the first kept.
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < cells.length; i++) {
        const [lon, lat] = cellToBoundary(cells[i], true)[0];
        for (const z of [4, 8, 12, 14]) {
          const base = tileOf(lon, lat, z);
          for (const tile of [base, { ...base, x: base.x + 1 }, { ...base, y: base.y - 1 }]) {
            const project = projector(tile);
            const expected = cellToBoundary(cells[i], true)
              .map(([a, b]) => project(a, b))
              .reverse();
            expect(outlines.ring(i, tile)).toEqual(expected);
            rings++;
          }
        }
      }
    }
    expect(rings).toBe(2 * cells.length * 12);
  });
});
