// The register matcher (register-match.ts): every key's fits against a brute-force scan of the register
// rows, and a matcher that the connection it was read from does not keep alive once let go of.
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../common/collect-garbage.ts';
import { ANY, MISSING, RegisterMatcher } from '../../pipeline/import/register-match.ts';
import { loadRegister } from '../../pipeline/register/index.ts';
import { boundariesDb } from '../helpers/temp-db.ts';
import { REGISTER_FIXTURES } from '../register/fixtures.ts';

type Row = { id: number; postcode: string; house_number: number; letter: string; suffix: string };

describe('RegisterMatcher', () => {
  it('fits every key as a scan of the register rows does, with and without letter and suffix', () => {
    const { db } = boundariesDb();
    loadRegister(db, { label: 'bag', files: [REGISTER_FIXTURES.ljpc] });
    const registerId = db.prepare("SELECT id FROM registers WHERE label = 'bag'").pluck().get() as number;
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
    expect(checked).toBeGreaterThan(1000);
    expect(matcher.postcodeId('0000XX')).toBe(MISSING);
    expect(matcher.partId('Q')).toBe(MISSING);
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
