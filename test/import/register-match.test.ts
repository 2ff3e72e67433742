// The register matcher (register-match.ts): every key's fits against a brute-force scan of the register
// rows, and a matcher that the connection it was read from does not keep alive once let go of. Also the
// register's row range (common/shared-register.ts) from its stored keys and from its rows.
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../common/collect-garbage.ts';
import { registerRowRange } from '../../common/shared-register.ts';
import { ANY, MISSING, RegisterMatcher } from '../../pipeline/import/register-match.ts';
import { loadRegister } from '../../pipeline/register/index.ts';
import { MatchKeysWriter, NO_KEY } from '../../pipeline/register/match-keys.ts';
import { boundariesDb } from '../helpers/temp-db.ts';
import { REGISTER_FIXTURES } from '../register/fixtures.ts';

type Row = { id: number; postcode: string; house_number: number; letter: string; suffix: string };

/** Checks every key's fits (with and without letter and suffix) against a scan of the register's rows; returns how many keys. */
function checkAgainstScan(db: ReturnType<typeof boundariesDb>['db'], registerId: number): number {
  const rows = db
    .prepare(`SELECT id, postcode, house_number, upper(coalesce(house_letter, '')) AS letter,
      upper(coalesce(house_number_suffix, '')) AS suffix FROM register_addresses WHERE register_id = ?`)
    .all(registerId) as Row[];
  const matcher = new RegisterMatcher(db, registerId);
  const letters = [...new Set(rows.map((r) => r.letter)), 'Q'];
  const suffixes = [...new Set(rows.map((r) => r.suffix)), 'ZZ'];
  let checked = 0;
  for (const postcode of [...new Set(rows.map((r) => r.postcode)), '0000XX']) {
    for (const number of [...new Set(rows.map((r) => r.house_number)), 99999]) {
      for (const letter of [undefined, ...letters]) {
        for (const suffix of [undefined, ...suffixes]) {
          const oracle = rows.filter(
            (r) =>
              r.postcode === postcode &&
              r.house_number === number &&
              (letter === undefined || r.letter === letter) &&
              (suffix === undefined || r.suffix === suffix),
          );
          const n = matcher.fits(
            matcher.postcodeId(postcode),
            number,
            letter === undefined ? ANY : matcher.partId(letter),
            suffix === undefined ? ANY : matcher.partId(suffix),
          );
          expect(n).toBe(oracle.length);
          if (n > 0) expect(oracle.map((r) => r.id)).toContain(matcher.fit);
          checked++;
        }
      }
    }
  }
  expect(matcher.postcodeId('0000XX')).toBe(MISSING);
  expect(matcher.partId('Q')).toBe(MISSING);
  return checked;
}

const registerIdOf = (db: ReturnType<typeof boundariesDb>['db'], label: string) =>
  db.prepare('SELECT id FROM registers WHERE label = ?').pluck().get(label) as number;
const storedKeys = (db: ReturnType<typeof boundariesDb>['db'], registerId: number) =>
  db.prepare('SELECT entries FROM register_keys WHERE register_id = ?').pluck().get(registerId) as number | undefined;

describe('RegisterMatcher', () => {
  it('fits every key as a scan of the register rows does, from the keys stored with the register and from its rows', () => {
    const { db } = boundariesDb();
    // ljpc.csv has a duplicate, rejected rows between accepted ones, lower-case letters and a suffix.
    loadRegister(db, { label: 'bag', files: [REGISTER_FIXTURES.ljpc] });
    const registerId = registerIdOf(db, 'bag');
    const addresses = db.prepare('SELECT addresses FROM registers WHERE id = ?').pluck().get(registerId) as number;
    expect(storedKeys(db, registerId)).toBe(addresses);
    expect(checkAgainstScan(db, registerId)).toBeGreaterThan(1000);
    // A register loaded before its keys were stored: the matcher reads its rows.
    db.exec('DELETE FROM register_keys; DELETE FROM register_key_arrays;');
    expect(checkAgainstScan(db, registerId)).toBeGreaterThan(1000);
  });

  it('keeps the stored keys right for a second register and for a register loaded again under its label', () => {
    const { db } = boundariesDb();
    loadRegister(db, { label: 'a', files: [REGISTER_FIXTURES.ljpc] });
    loadRegister(db, { label: 'b', files: [REGISTER_FIXTURES.nlextract] });
    // Loaded again: its rows get new ids, above b's.
    loadRegister(db, { label: 'a', files: [REGISTER_FIXTURES.canonical] });
    for (const label of ['a', 'b']) {
      const id = registerIdOf(db, label);
      expect(storedKeys(db, id)).toBe(db.prepare('SELECT count(*) FROM register_addresses WHERE register_id = ?').pluck().get(id));
      checkAgainstScan(db, id);
    }
    expect(db.prepare('SELECT count(*) FROM register_keys').pluck().get()).toBe(2);
    expect(db.prepare('SELECT count(*) FROM register_key_arrays').pluck().get()).toBe(8);
    // The row range a join writes, from the stored keys and (without them) from the rows, is min(id)..max(id).
    const scanned = (id: number) =>
      db.prepare('SELECT min(id), max(id) FROM register_addresses WHERE register_id = ?').raw().get(id) as [number, number];
    const ids = ['a', 'b'].map((label) => registerIdOf(db, label));
    const fromKeys = ids.map((id) => registerRowRange(db, id));
    expect(fromKeys).toEqual(ids.map(scanned));
    expect(fromKeys[0][0]).toBeGreaterThan(fromKeys[1][1]);
    db.exec('DELETE FROM register_keys; DELETE FROM register_key_arrays;');
    expect(ids.map((id) => registerRowRange(db, id))).toEqual(fromKeys);
    expect(registerRowRange(db, 99)).toEqual([0, -1]);
  });

  it('collects keys across its blocks (64 Ki entries each) in insertion order', () => {
    const writer = new MatchKeysWriter();
    const n = 200_003;
    const postcodeOf = (i: number) => `${1000 + (i % 7919)}AB`;
    for (let i = 0; i < n; i++) {
      if (i % 1000 === 999) writer.add(null, i, null, null);
      else writer.add(postcodeOf(i), i, i % 3 === 0 ? 'a' : null, i % 5 === 0 ? 'bis' : null);
    }
    const keys = writer.keys(41);
    expect(keys.firstId).toBe(41);
    expect(keys.postcode.length).toBe(n);
    for (let i = 0; i < n; i++) {
      if (i % 1000 === 999) {
        expect(keys.postcode[i]).toBe(NO_KEY);
        continue;
      }
      expect(keys.postcodeTexts[keys.postcode[i]]).toBe(postcodeOf(i));
      expect(keys.houseNumber[i]).toBe(i);
      expect(keys.partTexts[keys.letter[i]]).toBe(i % 3 === 0 ? 'A' : '');
      expect(keys.partTexts[keys.suffix[i]]).toBe(i % 5 === 0 ? 'BIS' : '');
    }
  });

  it('is not kept alive by the connection it read the register from', async () => {
    const { db } = boundariesDb();
    loadRegister(db, { label: 'bag', files: [REGISTER_FIXTURES.ljpc] });
    let matcher: RegisterMatcher | null = new RegisterMatcher(db, 1);
    const ref = new WeakRef(matcher);
    matcher = null;
    // A WeakRef holds its target until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    collectGarbage();
    expect(ref.deref()).toBeUndefined();
    db.close();
  });
});
