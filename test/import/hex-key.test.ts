// Finest-resolution H3 cell keys: numbers that turn back into the cell they were made from.
import { cellToLatLng, getPentagons, h3IndexToSplitLong, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { FINEST_RES, cellOfKey, centreKeyOfRes8, finestCellKey } from '../../pipeline/import/hex-key.ts';
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
});
