// The assembly of staged FCC BDC locations (staged-assembly.ts): lists of offers numbered by their
// fields, each distinct list once (a bounded number of them), against a Map of them; and an import whose locations are
// assembled in a worker stores exactly what one assembled in the importing thread does: the same
// addresses under the same ids, offers, aggregates and clusters.
import { beforeAll, describe, expect, it } from 'vitest';
import { openWritable } from '../../common/schema.ts';
import { importRelease } from '../../pipeline/import/index.ts';
import { DEFAULT_DEFINITIONS } from '../../common/definitions.ts';
import { forEachStagedLocation, LocationStage, StageWriter } from '../../pipeline/import/location-stage.ts';
import { ID_SEPARATOR, ListNumbers, LocationAssembly } from '../../pipeline/import/staged-assembly.ts';
import { bdcLine, buildUsDb, writeBdcFiles, type BdcRow } from '../helpers/bdc.ts';
import { seededRandom } from '../helpers/random.ts';
import { tempDir } from '../helpers/temp-db.ts';

describe('ListNumbers', () => {
  const key = (...offers: number[][]) => Float64Array.from(offers.flat());

  it('numbers the same fields in the same order alike, anything else anew', () => {
    const numbers = new ListNumbers();
    const a = key([3, 1, 100, 20, 0], [-1, 5, 25, 3, 0]);
    expect(numbers.numberOf(a, 2)).toEqual({ number: 0, isNew: true });
    expect(numbers.numberOf(key([3, 1, 100, 20, 0], [-1, 5, 25, 3, 0]), 2)).toEqual({ number: 0, isNew: false });
    // Another order, another field, fewer offers, no offers: other lists.
    expect(numbers.numberOf(key([-1, 5, 25, 3, 0], [3, 1, 100, 20, 0]), 2)).toEqual({ number: 1, isNew: true });
    expect(numbers.numberOf(key([3, 1, 100, 20, 1], [-1, 5, 25, 3, 0]), 2)).toEqual({ number: 2, isNew: true });
    expect(numbers.numberOf(a, 1)).toEqual({ number: 3, isNew: true });
    expect(numbers.numberOf(a, 0)).toEqual({ number: 4, isNew: true });
    expect(numbers.numberOf(new Float64Array(0), 0)).toEqual({ number: 4, isNew: false });
    // Only the first n offers of a longer key count.
    expect(numbers.numberOf(key([3, 1, 100, 20, 0], [9, 9, 9, 9, 9]), 1)).toEqual({ number: 3, isNew: false });
    expect(numbers.numberOf(key([0, 1, Number.NaN, 20, 0]), 1)).toEqual({ number: 5, isNew: true });
    expect(numbers.numberOf(key([0, 1, Number.NaN, 20, 0]), 1)).toEqual({ number: 5, isNew: false });
    expect(numbers.size).toBe(6);
  });

  it('numbers 20,000 random lists as a Map of their fields does, and gives back the fields of each (brute force, through growth)', () => {
    const random = seededRandom(3);
    const numbers = new ListNumbers();
    const byText = new Map<string, number>();
    const fields: number[][] = [];
    for (let i = 0; i < 20_000; i++) {
      // Few distinct values, so that many lists repeat; up to 6 offers.
      const n = Math.floor(random() * 7);
      const list = Array.from({ length: n * 5 }, (_, f) =>
        f % 5 === 2 ? [25, 100, 1000][Math.floor(random() * 3)] : Math.floor(random() * 3),
      );
      const text = list.join(',');
      const expected = byText.get(text);
      const got = numbers.numberOf(Float64Array.from([...list, 7, 7, 7, 7, 7]), n);
      if (expected === undefined) {
        expect(got).toEqual({ number: byText.size, isNew: true });
        byText.set(text, got.number);
        fields.push(list);
      } else expect(got).toEqual({ number: expected, isNew: false });
    }
    expect(byText.size).toBeGreaterThan(2_000);
    expect(numbers.size).toBe(byText.size);
    for (const [number, list] of fields.entries()) expect([...numbers.fieldsOf(number)]).toEqual(list);
  });

  it('past its bound, numbers every list afresh and remembers none', () => {
    const numbers = new ListNumbers(2);
    const lists = [key([1, 1, 10, 1, 0]), key([2, 1, 10, 1, 0]), key([3, 1, 10, 1, 0])];
    expect(lists.map((l) => numbers.numberOf(l, 1).number)).toEqual([0, 1, 2]);
    expect(lists.map((l) => numbers.numberOf(l, 1))).toEqual([
      { number: 0, isNew: false },
      { number: 1, isNew: false },
      { number: 3, isNew: true },
    ]);
  });
});

describe('LocationAssembly', () => {
  it('hands over a partition of more locations than a chunk holds a chunk at a time, in the order the stage visits them', () => {
    const stage = new LocationStage(1); // one partition
    const writer = new StageWriter(stage.target());
    const locations = 150_000; // over two chunks of 65,536
    for (let i = 0; i < locations; i++) {
      // Rows in reverse order of their lines: the stage orders the locations by line, not as added.
      const packedOffer = { provider: -1, technology: 1 + (i % 8), down: 100, up: 20, flags: 0 };
      writer.add(
        { addressId: `L${i}`, line: 2 + locations - i, lon: 5, lat: 52, area: 0, hasMunicipalityCode: true, cell: 1, packedOffer },
        0,
      );
    }
    const partitions = writer.staged().map((file) => [file]);
    const expected: string[] = [];
    forEachStagedLocation(partitions, (staged) => expected.push(staged.addressId));
    const square = {
      type: 'Polygon' as const,
      coordinates: [
        [
          [4, 51],
          [6, 51],
          [6, 53],
          [4, 53],
          [4, 51],
        ],
      ],
    };
    const assembly = new LocationAssembly({
      partitions,
      areas: [{ code: 'A', parentCode: null, geometry: square }],
      level: 'municipality',
      parentLevels: {},
      definitions: DEFAULT_DEFINITIONS,
      providers: [],
    });
    const chunks: string[][] = [];
    for (let message = assembly.next(); message !== null && 'chunk' in message; message = assembly.next()) {
      chunks.push(message.chunk.ids.split(ID_SEPARATOR));
    }
    stage.drop();
    expect(chunks.map((c) => c.length)).toEqual([65_536, 65_536, locations - 2 * 65_536]);
    expect(chunks.flat()).toEqual(expected);
    expect(expected[0]).toBe(`L${locations - 1}`);
  });
});

describe('assembling the staged locations in a worker', () => {
  const dir = tempDir();
  let path = '';
  let rows: BdcRow[] = [];

  beforeAll(async () => {
    ({ path, rows } = await buildUsDb(dir, 40));
  }, 60_000);

  it('stores what assembling in the importing thread stores, ids, rejects and clusters included', () => {
    const first = rows.find((r) => r.block_geoid.startsWith('06037'))!;
    // A later row of a location that puts it elsewhere: rejected wherever the assembly runs.
    const moved = bdcLine({ ...first, technology: '50', cell: rows.find((r) => r.block_geoid.startsWith('01001'))!.cell });
    const files = writeBdcFiles(dir, rows, [moved]);
    const db = openWritable(path);
    const summaries = [false, true].map((assembleInWorker) =>
      importRelease(db, { release: `J24-${assembleInWorker}`, files, assembleInWorker, readInWorker: false }),
    );
    expect(summaries[0].rejects_by_reason['lon: conflicting location']).toBeGreaterThanOrEqual(1);
    const { seconds: _a, release: _r1, ...here } = summaries[0];
    const { seconds: _b, release: _r2, ...there } = summaries[1];
    expect(there).toEqual(here);
    const ids = db.prepare('SELECT label, id FROM releases').all() as { label: string; id: number }[];
    const release = (assembleInWorker: boolean) => ids.find((r) => r.label === `J24-${assembleInWorker}`)!.id;
    const firstId = (id: number) => db.prepare('SELECT min(id) FROM address_rows WHERE release_id = ?').pluck().get(id) as number;
    const table = (sql: string, assembleInWorker: boolean) => {
      const id = release(assembleInWorker);
      return db.prepare(sql).all({ release: id, first: firstId(id) });
    };
    const same = (sql: string) => {
      const here = table(sql, false);
      expect(here.length).toBeGreaterThan(0);
      expect(table(sql, true)).toEqual(here);
    };
    same(`SELECT id - $first AS n, address_id, area_code, lon, lat, best_down, best_up, best_technology, down_class, up_class,
      fixed_down_class, fixed_up_class, offers, offer_set FROM address_rows WHERE release_id = $release ORDER BY id`);
    same(
      'SELECT level, area_code, fixed_only, technology, down_class, up_class, addresses FROM area_stats WHERE release_id = $release ORDER BY 1, 2, 3, 4, 5, 6',
    );
    same(
      'SELECT level, area_code, provider, down_class, up_class, addresses FROM provider_stats WHERE release_id = $release ORDER BY 1, 2, 3, 4, 5',
    );
    same(
      'SELECT res, fixed_only, cell, technology, down_class, up_class, addresses FROM hex_stats WHERE release_id = $release ORDER BY 1, 2, 3, 4, 5, 6',
    );
    same(`SELECT down, up, addresses, area_codes, technologies, lon, lat, nearest_covered_m, geometry FROM clusters WHERE release_id = $release
      ORDER BY down, up, addresses, lon, lat`);
    db.close();
  });
});
