// MatchedOffers (the join's compact store of matched offers) against a brute-force Map of arrays:
// the same offers per register row, in the order they were listed, for small and huge row ids, close
// together (counted into place) or spread (sorted);
// rows with the same offers share one frozen array.
import { describe, expect, it } from 'vitest';
import { encodeOffers } from '../../common/offers.ts';
import type { Offer } from '../../common/types.ts';
import { MatchedOffers } from '../../pipeline/import/matched-offers.ts';
import { seededRandom } from '../helpers/random.ts';

const OFFERS: Offer[] = [
  { provider: 'Glasrijk', technology: 'FTTH', down: 1000, up: 1000 },
  { provider: 'Koperlijn', technology: 'VDSL', down: 100, up: 30 },
  { provider: null, technology: 'SATELLITE', down: 150, up: 20 },
  { provider: 'Dijkstroom', technology: 'DOCSIS3.1', down: 2000, up: 200, low_latency: true, business_residential: 'R' },
];

function check(idOf: (k: number) => number, rows: number, adds: number, seed: number): void {
  const random = seededRandom(seed);
  const store = new MatchedOffers();
  const brute = new Map<number, Offer[]>();
  for (let i = 0; i < adds; i++) {
    const id = idOf(Math.floor(random() * rows));
    // A fresh object each time, as the list reader makes them: equal offers are kept once.
    const offer = { ...OFFERS[Math.floor(random() * OFFERS.length)] };
    store.add(id, offer);
    brute.set(id, [...(brute.get(id) ?? []), offer]);
  }
  store.finish();
  for (let k = 0; k < rows + 5; k++) {
    const id = idOf(k);
    expect(store.offersOf(id), `row ${id}`).toEqual(brute.get(id) ?? []);
  }
}

describe('matched offers', () => {
  it('gives every register row its offers in listed order, past the first buffer', () => {
    check((k) => k + 1, 20_000, 100_000, 1);
  });

  it('does the same for row ids too large for the packed sort key', () => {
    check((k) => 2 ** 45 + k * 3, 500, 3_000, 2);
  });

  it('counts rows into place when their ids are close, also past 32 bits and after smaller ids', () => {
    check((k) => 5e9 + k, 3_000, 20_000, 3);
    check((k) => (k < 900 ? k + 1 : 2 ** 33 + k), 1_000, 10_000, 4);
  });

  it('gives no offers to a row no list named, and needs finish() first', () => {
    const store = new MatchedOffers();
    store.add(5, OFFERS[0]);
    expect(() => store.offersOf(5)).toThrow(/finish/);
    store.finish();
    expect(store.offersOf(1)).toEqual([]);
    expect(store.offersOf(5)).toEqual([OFFERS[0]]);
    expect(store.offersOf(9)).toEqual([]);
  });

  it('hands rows with the same offers one frozen array, and numbered offers give the same as added ones', () => {
    const added = new MatchedOffers();
    const numbered = new MatchedOffers();
    numbered.defineOffers(OFFERS);
    for (const [row, n] of [
      [2, 1],
      [3, 0],
      [3, 1],
      [4, 0],
      [4, 1],
      [6, 1],
    ] as const) {
      added.add(row, OFFERS[n]);
      numbered.addNumber(row, n);
    }
    added.finish();
    numbered.finish();
    const rows = [2, 3, 4, 5, 6].map((row) => added.offersOf(row));
    expect(rows).toEqual([[OFFERS[1]], [OFFERS[0], OFFERS[1]], [OFFERS[0], OFFERS[1]], [], [OFFERS[1]]]);
    expect([2, 3, 4, 5, 6].map((row) => numbered.offersOf(row))).toEqual(rows);
    expect(rows[1]).toBe(rows[2]);
    expect(rows[0]).toBe(rows[4]);
    expect(rows.every((r) => Object.isFrozen(r))).toBe(true);
    // The codec caches a frozen array's encoding: the same text as for a fresh copy.
    expect(encodeOffers(rows[1])).toBe(encodeOffers([...rows[1]]));
    expect(encodeOffers(rows[1])).toBe(encodeOffers(rows[2]));
  });
});
