// The cell-centre table of the BDC reader: what it finds matches a Map of the same keys (brute
// force), through its growth and when it empties at its limit.
import { describe, expect, it } from 'vitest';
import { CellCentres } from '../../pipeline/import/cell-centres.ts';
import { seededRandom } from '../helpers/random.ts';

describe('cell centres', () => {
  it('find what was added, as a Map does, for keys up to 2^43, through growth', () => {
    const random = seededRandom(4);
    const table = new CellCentres(1 << 20, 4);
    const map = new Map<number, [number, number, number]>();
    for (let i = 0; i < 30_000; i++) {
      // Half the lookups repeat a key already seen.
      const key = i % 2 === 0 || map.size === 0 ? Math.floor(random() * 2 ** 43) : [...map.keys()][Math.floor(random() * map.size)];
      const slot = table.find(key);
      const expected = map.get(key);
      if (expected === undefined) {
        expect(slot).toBe(-1);
        const value: [number, number, number] = [random() * 180 - 90, random() * 360 - 180, Math.floor(random() * 2 ** 50)];
        map.set(key, value);
        const added = table.add(key, ...value);
        expect([table.lat(added), table.lon(added), table.finest(added)]).toEqual(value);
      } else {
        expect(slot).toBeGreaterThanOrEqual(0);
        expect([table.lat(slot), table.lon(slot), table.finest(slot)]).toEqual(expected);
      }
    }
    expect(table.size).toBe(map.size);
    for (const [key, value] of map) {
      const slot = table.find(key);
      expect([table.lat(slot), table.lon(slot), table.finest(slot)]).toEqual(value);
    }
  });

  it('starts over past its limit, keeping the key that did not fit', () => {
    const table = new CellCentres(3);
    for (const key of [10, 20, 30]) table.add(key, key, -key, key * 2);
    expect(table.size).toBe(3);
    const slot = table.add(40, 4, -4, 8);
    expect(table.size).toBe(1);
    expect([10, 20, 30].map((key) => table.find(key))).toEqual([-1, -1, -1]);
    expect(table.find(40)).toBe(slot);
    expect([table.lat(slot), table.lon(slot), table.finest(slot)]).toEqual([4, -4, 8]);
  });
});
