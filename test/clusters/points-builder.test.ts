// AddressPointsBuilder, the import's collector of every address's point, classes, area and best
// technology: against plain arrays over seeded random sets, in any order, set again (a class that
// changes), and across many growths of its typed columns, or none when sized up front.
import { describe, expect, it } from 'vitest';
import { AddressPointsBuilder } from '../../pipeline/clusters/points.ts';
import { seededRandom } from '../helpers/random.ts';

const TECHNOLOGIES = ['FTTH', 'DOCSIS3.1', 'VDSL', 'NONE', 'FWA'];

describe('AddressPointsBuilder', () => {
  it.each([true, false])('keeps the last value set at every position (collect %s, brute force)', (collect) => {
    const random = seededRandom(collect ? 11 : 12);
    const n = 20_000;
    const expected = {
      lon: [] as number[],
      lat: [] as number[],
      down: [] as number[],
      up: [] as number[],
      area: [] as number[],
      tech: [] as string[],
    };
    const builder = new AddressPointsBuilder(collect);
    // Mostly in order, with jumps ahead and positions set again.
    for (let k = 0; k < 3 * n; k++) {
      const i = k < n ? k : Math.floor(random() * n);
      const lon = -180 + 360 * random();
      const lat = -90 + 180 * random();
      const down = Math.floor(random() * 4);
      const up = Math.floor(random() * 5);
      const area = Math.floor(random() * 400);
      // Runs of one technology, as neighbouring addresses have.
      const tech = TECHNOLOGIES[Math.floor(k / 7 + random() * 1.3) % TECHNOLOGIES.length];
      builder.set(i, lon, lat, down, up, area, tech);
      expected.lon[i] = lon;
      expected.lat[i] = lat;
      expected.down[i] = down;
      expected.up[i] = up;
      expected.area[i] = area;
      expected.tech[i] = tech;
    }
    const round = (v: number) => (collect ? v : Math.fround(v));
    const built = builder.build();
    expect(built.lon.length).toBe(n);
    expect([...built.lon]).toEqual(expected.lon.map(round));
    expect([...built.lat]).toEqual(expected.lat.map(round));
    expect([...built.downClass]).toEqual(expected.down);
    expect([...built.upClass]).toEqual(expected.up);
    if (!collect) {
      expect(() => builder.collected()).toThrow(/without collect/);
      return;
    }
    const all = builder.collected();
    expect(all.lon).toBeInstanceOf(Float64Array);
    expect([...all.area]).toEqual(expected.area);
    expect([...all.technology].map((t) => all.technologies[t])).toEqual(expected.tech);
    expect([...all.technologies].sort()).toEqual([...TECHNOLOGIES].sort());
  });

  it.each([
    ['exactly', 1000, 1000],
    ['too small', 3, 1000],
  ])('sized %s up front, holds the same points', (_label, capacity, n) => {
    const random = seededRandom(capacity);
    const sized = new AddressPointsBuilder(true, capacity);
    const grown = new AddressPointsBuilder(true);
    for (let i = 0; i < n; i++) {
      const args = [-180 + 360 * random(), -90 + 180 * random(), i % 4, i % 5, i % 7, TECHNOLOGIES[i % 3]] as const;
      sized.set(i, ...args);
      grown.set(i, ...args);
    }
    const a = sized.collected();
    const b = grown.collected();
    for (const column of ['lon', 'lat', 'downClass', 'upClass', 'area', 'technology'] as const)
      expect([...a[column]]).toEqual([...b[column]]);
    // Sized for all of them, the columns hold no slack (the clusters' worker is handed the whole buffers).
    if (capacity === n) expect(a.lon.buffer.byteLength).toBe(n * Float64Array.BYTES_PER_ELEMENT);
  });
});
