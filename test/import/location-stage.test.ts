// The BDC location stage: rows set aside in partition files come back grouped by location, each
// location's rows in the order they were added, against a brute-force grouping of the same rows.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  FirstRows,
  forEachStagedLocation,
  LocationStage,
  numericId,
  type StagedPartition,
  type StageInput,
  StageWriter,
} from '../../pipeline/import/location-stage.ts';
import { AREA_NOT_LOCATED } from '../../pipeline/import/row-batch.ts';
import { seededRandom } from '../helpers/random.ts';

interface Row extends StageInput {
  file: number;
}

/** Rows over `locations` ids (some with leading zeros, some not digits), in a seeded order. */
function rows(n: number, locations: number, seed: number): Row[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const k = Math.floor(random() * locations);
    const id = k % 7 === 0 ? `00${k}` : k % 11 === 0 ? `loc-${k}-é` : String(1_000_000_000 + k);
    return {
      file: Math.floor(i / 1000),
      addressId: id,
      line: 2 + (i % 1000),
      lon: -120 + random(),
      lat: 37 + random(),
      area: k % 5 === 0 ? AREA_NOT_LOCATED : k % 40,
      hasMunicipalityCode: k % 5 !== 0,
      cell: k % 3 === 0 ? Number.NaN : 600_000_000_000_000 + k,
      packedOffer: {
        provider: i % 4 === 0 ? -1 : i % 9,
        technology: 1 + (i % 8),
        down: [25, 100, 1000, 0.2][i % 4],
        up: [3, 20, 100, 0.05][i % 4],
        flags: i % 13,
      },
    };
  });
}

/** Writes the rows into the stage, as one reader does, and gives its partitions (one file each). */
function write(stage: LocationStage, input: readonly Row[]): StagedPartition[][] {
  const writer = new StageWriter(stage.target());
  for (const row of input) writer.add(row, row.file);
  return writer.staged().map((file) => [file]);
}

/** Each location's rows as the stage gives them back, in the order it visits the locations. */
function readBack(partitions: StagedPartition[][], inInputOrder = false): [string, object[]][] {
  const seen: [string, object[]][] = [];
  forEachStagedLocation(partitions, (staged, first) => {
    const got: object[] = [];
    const chain: number[] = [];
    for (let r = first; r >= 0; r = staged.next[r]) chain.push(r);
    for (const r of inInputOrder ? staged.inInputOrder(first) : chain) {
      staged.at(r);
      const { file, line, lon, lat, area, hasMunicipalityCode, cell, packedOffer } = staged;
      got.push({ file, line, lon, lat, area, hasMunicipalityCode, cell, packedOffer });
    }
    seen.push([staged.addressId, got]);
  });
  return seen;
}

describe('location stage', () => {
  it('gives every location once, with its rows in the order they were added, over many partitions and chunks', () => {
    const input = rows(23_000, 6_000, 14);
    const stage = new LocationStage(5_000, 1_000); // 5 partitions
    const paths = stage.paths;
    expect(stage.partitions).toBe(5);
    const expected = new Map<string, Row[]>();
    for (const row of input) expected.set(row.addressId, [...(expected.get(row.addressId) ?? []), row]);

    const visited = readBack(write(stage, input));
    stage.drop();
    const seen = new Map(visited);
    expect(seen.size).toBe(visited.length);
    expect(seen.size).toBe(expected.size);
    for (const [id, group] of expected) {
      expect(seen.get(id)).toEqual(
        group.map(({ file, line, lon, lat, area, hasMunicipalityCode, cell, packedOffer }) => ({
          file,
          line,
          lon,
          lat,
          area,
          hasMunicipalityCode,
          cell,
          packedOffer,
        })),
      );
    }
    expect(paths.filter((f) => existsSync(f))).toEqual([]);
  });

  it('leaves no files behind when dropped before being read', () => {
    const stage = new LocationStage(10_000, 1_000);
    const paths = stage.paths;
    expect(paths).toHaveLength(10);
    write(stage, rows(9_000, 2_000, 3));
    stage.drop();
    expect(paths.filter((f) => existsSync(f))).toEqual([]);
  });

  it('visits the locations of a partition in the input order of their earliest row, whatever order their rows were added in', () => {
    const input = rows(4_000, 900, 21);
    const inOrder = new LocationStage(1);
    const expected: string[] = [];
    forEachStagedLocation(write(inOrder, input), (staged) => expected.push(staged.addressId));
    inOrder.drop();
    // As two readers sharing the files hand them over: one file's rows, then another's, out of order.
    const random = seededRandom(9);
    const shuffled = [...input].sort((a, b) => (a.file % 2) - (b.file % 2) || random() - 0.5);
    const stage = new LocationStage(1);
    const visited: string[] = [];
    forEachStagedLocation(write(stage, shuffled), (staged) => visited.push(staged.addressId));
    stage.drop();
    expect(visited).toEqual(expected);
    expect(new Set(visited).size).toBe(new Set(input.map((r) => r.addressId)).size);
  });

  it("gives a location's rows in input order, earlier files and lines first, whatever order they were added in", () => {
    const [row] = rows(1, 1, 5);
    const stage = new LocationStage(1);
    const partitions = write(
      stage,
      [
        [3, 5],
        [1, 9],
        [1, 2],
        [4, 2],
      ].map(([file, line]) => ({ ...row, file, line })),
    );
    const order: [number, number][] = [];
    forEachStagedLocation(partitions, (staged, first) => {
      for (const r of staged.inInputOrder(first)) order.push([staged.at(r).file, staged.line]);
    });
    stage.drop();
    expect(order).toEqual([
      [1, 2],
      [1, 9],
      [3, 5],
      [4, 2],
    ]);
  });
});

describe('location stages of two readers', () => {
  it("read back as one stage: partition p of each together, each reader's providers translated to the shared table", () => {
    const input = rows(12_000, 3_000, 8);
    const whole = new LocationStage(4_000, 1_000);
    const expected = readBack(write(whole, input), true);
    whole.drop();
    // As two readers share the files: even files here, odd ones there, which numbers providers its own way.
    const own = new LocationStage(4_000, 1_000);
    const other = new LocationStage(4_000, 1_000);
    const local = [4, 7, 0, 2, 8, 1, 3, 6, 5]; // shared index -> the other reader's
    const shared = local.map((_, l) => local.indexOf(l));
    const renumbered = (row: Row): Row =>
      row.packedOffer.provider < 0 ? row : { ...row, packedOffer: { ...row.packedOffer, provider: local[row.packedOffer.provider] } };
    const ownFiles = write(
      own,
      input.filter((r) => r.file % 2 === 0),
    );
    const otherFiles = write(other, input.filter((r) => r.file % 2 === 1).map(renumbered));
    const partitions = ownFiles.map(([a], p) => [a, { ...otherFiles[p][0], providers: shared }]);
    expect(readBack(partitions, true)).toEqual(expected);
    own.drop();
    other.drop();
  });
});

describe('first rows by location id', () => {
  it('match a Map of the ids, for plain numbers, leading zeros, long and non-digit ids (brute force)', () => {
    const random = seededRandom(21);
    const pick = () => {
      const k = Math.floor(random() * 3_000);
      // The same k in several forms: each must stay its own id.
      switch (Math.floor(random() * 6)) {
        case 0:
          return `0${k}`; // a leading zero: not the number k
        case 1:
          return String(k); // the number k
        case 2:
          return `${k}`.padStart(16, '9'); // 16 digits: text
        case 3:
          return String(900_000_000_000_000 + k); // 15 digits: a number
        case 4:
          return `loc-${k}`;
        default:
          return k === 0 ? '0' : String(4_294_967_296 * k + 7); // above 2^32
      }
    };
    const ids = Array.from({ length: 20_000 }, pick);
    const distinct = new Set(ids).size;
    const table = new FirstRows(distinct);
    const map = new Map<string, number>();
    ids.forEach((id, row) => {
      const expected = map.get(id) ?? -1;
      if (expected < 0) map.set(id, row);
      expect(table.firstOrAdd(id, row), id).toBe(expected);
    });
    expect(() => table.firstOrAdd(String(123_456_789_012), 0)).toThrow(/more than/);
  });

  it('reads an id as a number only where its text is the number', () => {
    expect(['0', '7', '1234567890', '999999999999999'].map(numericId)).toEqual([0, 7, 1_234_567_890, 999_999_999_999_999]);
    expect(['', '00', '07', '1234567890123456', '12a', '-1', '1.5', ' 1', '１'].map(numericId)).toEqual(Array(9).fill(-1));
  });
});
