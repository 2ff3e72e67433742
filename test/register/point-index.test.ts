// The point index stored with a register (pipeline/register/point-index.ts): item i is register row
// first_id + i at that row's position (as Float32, as the nearest-covered search keeps it), whichever
// thread read the rows; a reload replaces it, and a register with other row ids after it gets its own.
import { describe, expect, it } from 'vitest';
import { loadRegister } from '../../pipeline/register/index.ts';
import { readRegisterPoints, storedPointsOf } from '../../pipeline/register/point-index.ts';
import { boundariesDb } from '../helpers/temp-db.ts';
import { REGISTER_FIXTURES } from './fixtures.ts';

describe('the register point index', () => {
  for (const readInWorker of [false, true]) {
    it(`holds every row of the register at its position, in row order (read in a worker: ${readInWorker})`, () => {
      const { db } = boundariesDb();
      loadRegister(db, { label: 'a', files: [REGISTER_FIXTURES.ljpc], readInWorker });
      const s = loadRegister(db, { label: 'b', files: [REGISTER_FIXTURES.nlextract], readInWorker });
      // Loaded again: replaced, and still its rows' (the reload gives them new ids).
      loadRegister(db, { label: 'a', files: [REGISTER_FIXTURES.ljpc], readInWorker });
      for (const label of ['a', 'b']) {
        const id = db.prepare('SELECT id FROM registers WHERE label = ?').pluck().get(label) as number;
        const rows = db
          .prepare('SELECT id, lon, lat FROM register_addresses WHERE register_id = ? ORDER BY id')
          .raw()
          .all(id) as number[][];
        const stored = storedPointsOf(db, id)!;
        expect(stored.firstId).toBe(rows[0][0]);
        expect(stored.entries).toBe(rows.length);
        const index = readRegisterPoints(db, id);
        expect(index.numItems).toBe(rows.length);
        // Item k of the tree is point ids[k]; its coordinates are that row's position.
        const { ids, coords } = index;
        for (let k = 0; k < rows.length; k++) {
          const [, lon, lat] = rows[ids[k]];
          expect([coords[2 * k], coords[2 * k + 1]]).toEqual([Math.fround(lon), Math.fround(lat)]);
        }
        if (label === 'b') expect(stored.entries).toBe(s.addresses);
      }
      expect(db.prepare('SELECT count(*) FROM register_points').pluck().get()).toBe(2);
    });
  }
});
