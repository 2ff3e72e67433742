// The top-down pyramid walk of the pre-rendered tiles against a brute-force oracle: on a render that
// is non-empty in a seeded pattern (children of empty tiles included), every tile the reader takes as
// walked and missing is truly empty, and every non-empty tile it takes as walked was stored.
import { describe, expect, it } from 'vitest';
import { descendPyramid, tilesOver, walkedByDescent } from '../../server/tiles/pyramid.ts';
import { patterned } from '../helpers/patterned-render.ts';

describe('descendPyramid and walkedByDescent', () => {
  for (const [minZoom, maxZoom, share] of [
    [0, 9, 0.8],
    [2, 8, 0.6],
    [1, 10, 0.9],
  ]) {
    it(`agree with every tile of z${minZoom}-${maxZoom} when ${share * 100} % of tiles are filled`, () => {
      const bounds = [3.2, 50.7, 7.3, 53.6];
      const render = patterned(share);
      const stored = new Set<string>();
      for (const t of descendPyramid(bounds, minZoom, maxZoom, render)) {
        expect(render(t.z, t.x, t.y)).not.toBeNull();
        stored.add(`${t.z}/${t.x}/${t.y}`);
      }
      const has = (z: number, x: number, y: number) => stored.has(`${z}/${x}/${y}`);
      let walkedEmpty = 0;
      let notWalked = 0;
      for (let z = minZoom; z <= maxZoom; z++) {
        for (const { x, y } of tilesOver(bounds, z)) {
          const walked = walkedByDescent(bounds, minZoom, maxZoom, z, x, y, has);
          if (has(z, x, y)) expect(walked, `${z}/${x}/${y}`).toBe(true);
          else if (walked) {
            expect(render(z, x, y), `${z}/${x}/${y} taken as empty`).toBeNull();
            walkedEmpty++;
          } else notWalked++;
          // Every walked non-empty tile was stored.
          if (walked && render(z, x, y)) expect(has(z, x, y)).toBe(true);
        }
      }
      expect(walkedEmpty).toBeGreaterThan(0);
      expect(notWalked).toBeGreaterThan(0);
      // Outside the zooms and the bounds nothing is walked.
      expect(walkedByDescent(bounds, minZoom, maxZoom, maxZoom + 1, 0, 0, has)).toBe(false);
      expect(walkedByDescent(bounds, minZoom, maxZoom, maxZoom, 0, 0, has)).toBe(false);
    });
  }

  it('ends above the first zoom of more tiles than the budget, saying which zoom it reached, and the reader agrees', () => {
    const bounds = [3.2, 50.7, 7.3, 53.6];
    const render = patterned(1);
    const descent = { deepestZoom: -1 };
    const stored = new Set<string>();
    for (const t of descendPyramid(bounds, 0, 12, render, 200, descent)) stored.add(`${t.z}/${t.x}/${t.y}`);
    // The zoom reached is the last whose children were at most 200, and nothing deeper was rendered.
    const deepest = descent.deepestZoom;
    expect(deepest).toBeGreaterThan(3);
    expect(deepest).toBeLessThan(12);
    const atDeepest = [...stored].filter((k) => k.startsWith(`${deepest}/`)).length;
    expect(4 * atDeepest).toBeGreaterThan(200);
    expect([...stored].every((k) => Number(k.split('/')[0]) <= deepest)).toBe(true);
    // With the zoom reached as the set's top, every walked tile is right (missing = empty).
    const has = (z: number, x: number, y: number) => stored.has(`${z}/${x}/${y}`);
    for (let z = 0; z <= deepest; z++) {
      for (const { x, y } of tilesOver(bounds, z)) {
        if (walkedByDescent(bounds, 0, deepest, z, x, y, has)) expect(has(z, x, y)).toBe(render(z, x, y) !== null);
      }
    }
  });
});
