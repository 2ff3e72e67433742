// Finest-resolution H3 cell keys: numbers that turn back into the cell they were made from.
import { cellToLatLng, cellToParent, getPentagons, h3IndexToSplitLong, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { FINEST_RES, cellOfKey, cellOfKeyAt, centreKeyOfRes8, finestCellKey, parentKey } from '../../common/hex-key.ts';
import { seededRandom } from '../helpers/random.ts';

describe('finest H3 cell keys', () => {
  it('turn back into the cell they were made from, distinct per cell, all over the globe', () => {
    const random = seededRandom(7);
    const cellByKey = new Map<number, string>();
    for (let i = 0; i < 20_000; i++) {
      const lat = -89 + random() * 178;
      const lon = -180 + random() * 360;
      const key = finestCellKey(lat, lon);
      const cell = latLngToCell(lat, lon, FINEST_RES);
      expect(Number.isSafeInteger(key)).toBe(true);
      expect(cellOfKey(key)).toBe(cell);
      expect(cellByKey.get(key) ?? cell).toBe(cell);
      cellByKey.set(key, cell);
    }
    expect(cellByKey.size).toBeGreaterThan(19_000);
  });

  it("of a resolution-8 cell's centre, from its index alone, equal the key of the centre point (pentagons too)", () => {
    const random = seededRandom(8);
    const cells = getPentagons(8);
    for (let i = 0; i < 20_000; i++) cells.push(latLngToCell(-89 + random() * 178, -180 + random() * 360, 8));
    for (const cell of cells) {
      const [lat, lon] = cellToLatLng(cell);
      expect(centreKeyOfRes8(h3IndexToSplitLong(cell) as [number, number], lat, lon)).toBe(finestCellKey(lat, lon));
    }
  });

  it("give each parent cell's key without geometry: the key of h3-js's parent at every coarser resolution (pentagons too)", () => {
    const random = seededRandom(9);
    const points: [number, number][] = getPentagons(FINEST_RES).map((p) => cellToLatLng(p));
    for (let i = 0; i < 5_000; i++) points.push([-89 + random() * 178, -180 + random() * 360]);
    const resolutionOf = new Map<number, number>();
    for (const [lat, lon] of points) {
      const key = finestCellKey(lat, lon);
      const cell = cellOfKey(key);
      for (let res = 0; res <= FINEST_RES; res++) {
        const parent = parentKey(key, res);
        expect(cellOfKeyAt(parent, res)).toBe(res === FINEST_RES ? cell : cellToParent(cell, res));
        // Keys of different resolutions never coincide: one map can hold every level's.
        expect(resolutionOf.get(parent) ?? res).toBe(res);
        resolutionOf.set(parent, res);
      }
    }
  });
});
