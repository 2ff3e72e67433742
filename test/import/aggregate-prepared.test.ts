// Aggregator.addPreparedToArea (a list worked out once, counted in many areas: the FCC BDC assembly)
// against addToArea for each address, the plain path: the same area and provider rows. A shared (frozen)
// list, which addToArea works out once, counts the same too.
import { describe, expect, it } from 'vitest';
import { TECHNOLOGIES } from '../../common/constants.ts';
import type { ClassThresholds } from '../../common/definitions.ts';
import type { Offer } from '../../common/types.ts';
import { bestOffer } from '../../pipeline/import/address.ts';
import { Aggregator } from '../../pipeline/import/aggregate.ts';
import { seededRandom } from '../helpers/random.ts';

/** The FCC's tiers: download 25/100/1000, upload 3/20/100 Mbit/s. */
const FCC_DEFINITIONS: ClassThresholds = { down: [25, 100, 1000], up: [3, 20, 100] };

describe('Aggregator.addPreparedToArea', () => {
  it('counts what addToArea counts, for random lists in random areas (providers repeated, missing, or none)', () => {
    const random = seededRandom(21);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const areas = Array.from({ length: 40 }, (_, i) => ({ code: `A${i}`, parentCode: i % 2 ? 'P1' : 'P2' }));
    const plain = new Aggregator(areas, 'county', FCC_DEFINITIONS);
    const prepared = new Aggregator(areas, 'county', FCC_DEFINITIONS);
    const shared = new Aggregator(areas, 'county', FCC_DEFINITIONS);
    const providers = [null, 'Alpha', 'Beta, Inc.', 'Gamma'];
    const lists: Offer[][] = Array.from({ length: 200 }, () =>
      Array.from({ length: Math.floor(random() * 5) }, () => ({
        provider: pick(providers),
        technology: pick(TECHNOLOGIES),
        down: pick([0, 10, 25, 100, 250, 1000, 2000]),
        up: pick([0, 1, 3, 20, 100, 1000]),
      })),
    );
    const frozen = lists.map((offers) => Object.freeze([...offers]));
    const counted = new Map<string, number>();
    for (let i = 0; i < 5_000; i++) {
      const list = Math.floor(random() * lists.length);
      const area = Math.floor(random() * areas.length);
      const offers = lists[list];
      plain.addToArea(area, offers, bestOffer(offers, FCC_DEFINITIONS), 1);
      shared.addToArea(area, frozen[list], bestOffer(offers, FCC_DEFINITIONS), 1);
      counted.set(`${list} ${area}`, (counted.get(`${list} ${area}`) ?? 0) + 1);
    }
    const preparedLists = lists.map((offers) => prepared.prepareList(offers, bestOffer(offers, FCC_DEFINITIONS)));
    for (const [key, n] of counted) {
      const [list, area] = key.split(' ').map(Number);
      prepared.addPreparedToArea(area, preparedLists[list], n);
    }
    const levels = (code: string) => (code.startsWith('P') ? 'state' : null);
    const expected = plain.rows(levels);
    const got = prepared.rows(levels);
    expect(expected.provider.length).toBeGreaterThan(100);
    const sorted = <T>(rows: T[]) => rows.map((r) => JSON.stringify(r)).sort();
    expect(sorted(got.area)).toEqual(sorted(expected.area));
    expect(sorted(got.provider)).toEqual(sorted(expected.provider));
    const fromShared = shared.rows(levels);
    expect(sorted(fromShared.area)).toEqual(sorted(expected.area));
    expect(sorted(fromShared.provider)).toEqual(sorted(expected.provider));
  });
});
