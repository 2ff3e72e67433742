// HexCounter's rows at every resolution against a brute-force count: each address added into each of
// its parent cells by its H3 text (h3-js cellToParent), additions and removals mixed.
import { cellToLatLng, cellToParent, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { BEST_TECHNOLOGIES, HEX_RESOLUTIONS } from '../../common/constants.ts';
import { type ClassPair, HexCounter, type HexRow } from '../../common/hex-counts.ts';
import { FINEST_RES, finestCellKey } from '../../common/hex-key.ts';
import { seededRandom } from '../helpers/random.ts';

const rowKey = (r: HexRow) => [r.res, r.fixedOnly, r.cell, r.technology, r.downClass, r.upClass].join('/');

describe('HexCounter', () => {
  it('gives every resolution the sums of a brute-force count, in (res, fixed_only, cell) order', () => {
    const random = seededRandom(11);
    const counter = new HexCounter();
    const oracle = new Map<string, number>();
    const added: { lat: number; lon: number; c: ClassPair }[] = [];
    for (let i = 0; i < 30_000; i++) {
      // Clustered like addresses (most in a few towns), a few anywhere on the globe.
      const far = random() < 0.05;
      const lat = far ? -80 + random() * 160 : 52 + Math.floor(random() * 4) * 0.3 + random() * 0.05;
      const lon = far ? -180 + random() * 360 : 5 + Math.floor(random() * 4) * 0.4 + random() * 0.05;
      const c: ClassPair = {
        technology: BEST_TECHNOLOGIES[Math.floor(random() * BEST_TECHNOLOGIES.length)],
        downClass: Math.floor(random() * 4),
        upClass: Math.floor(random() * 5),
        fixedDownClass: Math.floor(random() * 4),
        fixedUpClass: Math.floor(random() * 5),
      };
      // Now and then an earlier address taken away again, as a later file's row replaces it.
      const remove = added.length > 0 && random() < 0.1;
      const at = remove ? added.splice(Math.floor(random() * added.length), 1)[0] : { lat, lon, c };
      if (!remove) added.push(at);
      const sign = remove ? -1 : 1;
      counter.add(finestCellKey(at.lat, at.lon), at.c, sign);
      const finest = latLngToCell(at.lat, at.lon, FINEST_RES);
      for (const res of HEX_RESOLUTIONS) {
        const cell = res === FINEST_RES ? finest : cellToParent(finest, res);
        for (const [fixed, d, u] of [
          [0, at.c.downClass, at.c.upClass],
          [1, at.c.fixedDownClass, at.c.fixedUpClass],
        ]) {
          const key = [res, fixed, cell, at.c.technology, d, u].join('/');
          oracle.set(key, (oracle.get(key) ?? 0) + sign);
        }
      }
    }
    const rows = [...counter.rows()];
    const expected = [...oracle].filter(([, n]) => n > 0);
    expect(rows.length).toBe(expected.length);
    expect(new Map(rows.map((r) => [rowKey(r), r.addresses]))).toEqual(new Map(expected));
    for (const r of rows) {
      const [lat, lon] = cellToLatLng(r.cell);
      expect([r.lat, r.lon]).toEqual([lat, lon]);
    }
    // The order of hex_stats' primary key as far as res, fixed_only and cell go (the text order of cells).
    const order = rows.map((r) => [r.res, r.fixedOnly, r.cell] as const);
    for (let i = 1; i < order.length; i++) {
      const [a, b] = [order[i - 1], order[i]];
      expect(a[0] < b[0] || (a[0] === b[0] && (a[1] < b[1] || (a[1] === b[1] && a[2] <= b[2])))).toBe(true);
    }
  });

  it('gives no row finer than finestRes, and the same rows as without it at the others', () => {
    const random = seededRandom(12);
    const counter = new HexCounter();
    for (let i = 0; i < 5_000; i++) {
      const c: ClassPair = { technology: 'FTTH', downClass: Math.floor(random() * 4), upClass: 0, fixedDownClass: 0, fixedUpClass: 0 };
      counter.add(finestCellKey(52 + random(), 5 + random()), c, 1);
    }
    const all = [...counter.rows()];
    const to8 = [...counter.rows(8)];
    expect(new Set(all.map((r) => r.res))).toEqual(new Set(HEX_RESOLUTIONS));
    expect(new Set(to8.map((r) => r.res))).toEqual(new Set(HEX_RESOLUTIONS.filter((r) => r <= 8)));
    expect(to8).toEqual(all.filter((r) => r.res <= 8));
  });
});
