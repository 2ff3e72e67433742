// Readers sharing files (file-claims.ts): each file is read once, by one reader, whatever the order
// of claims; each reader starts on a file of its own; and in 'split' reading (row-source.ts) this
// thread and a real worker thread, claiming through one shared counter, together read every row of
// every file exactly once.
import { statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportStore } from '../../pipeline/import/store.ts';
import { addressLevel } from '../../common/levels.ts';
import { claimsInOrder, FileClaims, sharedClaims } from '../../pipeline/import/file-claims.ts';
import { AreaLocator } from '../../pipeline/import/locate.ts';
import { readRows } from '../../pipeline/import/row-source.ts';
import { seededRandom } from '../helpers/random.ts';
import { boundariesDb, LOPIK, tempDir, writeCsv } from '../helpers/temp-db.ts';

/** Claims every file of the readers' claims, in a random interleaving: the files each reader got, in order. */
function drain(readers: FileClaims[], seed: number): number[][] {
  const random = seededRandom(seed);
  const got: number[][] = readers.map(() => []);
  const live = readers.map((_, r) => r);
  while (live.length > 0) {
    const k = Math.floor(random() * live.length);
    const file = readers[live[k]].next();
    if (file < 0) live.splice(k, 1);
    else got[live[k]].push(file);
  }
  return got;
}

describe('file claims', () => {
  it('give a lone reader every file in order', () => {
    expect(drain([new FileClaims(claimsInOrder(4))], 1)).toEqual([[0, 1, 2, 3]]);
  });

  it('give readers sharing files their first file each, then every other file once, in the shared order', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const got = drain(
        sharedClaims([5, 2], [0, 4, 1, 3]).map((data) => new FileClaims(data)),
        seed,
      );
      expect(got.map((files) => files[0])).toEqual([5, 2]);
      expect(got.flat().sort()).toEqual([0, 1, 2, 3, 4, 5]);
      // Claimed in the shared order: merging the readers' later files gives it back.
      const later = got.flatMap((files) => files.slice(1));
      expect(later.sort((a, b) => [0, 4, 1, 3].indexOf(a) - [0, 4, 1, 3].indexOf(b))).toEqual([0, 4, 1, 3]);
      for (const files of got) {
        const rest = files.slice(1);
        expect(rest).toEqual([...rest].sort((a, b) => [0, 4, 1, 3].indexOf(a) - [0, 4, 1, 3].indexOf(b)));
      }
    }
  });

  it('let this thread and a worker thread read every row of every file once (split reading)', () => {
    const { db } = boundariesDb();
    const dir = tempDir();
    // Files of different sizes, so that the claims interleave differently from the file order.
    const files = Array.from({ length: 9 }, (_, f) =>
      writeCsv(dir, `part-${f}.csv`, [
        'address_id,municipality_code,lon,lat,technology,max_down_mbps,max_up_mbps',
        ...Array.from({ length: 200 + ((f * 7919) % 9) * 900 }, (_, i) => `F${f}-${i},GM0331,${LOPIK},FTTH,1000,100`),
      ]),
    );
    const locator = new AreaLocator(ImportStore.leafAreas(db, addressLevel(db)));
    const source = readRows(
      files,
      files.map((f) => statSync(f).size),
      locator,
      'split',
    );
    const rowsByFile = files.map(() => 0);
    const sourcesByFile = files.map(() => new Set<number>());
    for (let batch = source.next(); batch !== null; batch = source.next()) {
      rowsByFile[batch.file] += batch.rows;
      sourcesByFile[batch.file].add(batch.source!);
    }
    source.close();
    db.close();
    expect(rowsByFile).toEqual(files.map((_, f) => 200 + ((f * 7919) % 9) * 900));
    // Each file read by one reader, and both readers read.
    expect(sourcesByFile.every((s) => s.size === 1)).toBe(true);
    expect(new Set(sourcesByFile.map((s) => [...s][0]))).toEqual(new Set([0, 1]));
  });
});
