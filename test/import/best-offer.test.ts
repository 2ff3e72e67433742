// The classes an import stores per address (pipeline/import/address.ts): the fastest download
// class, the best upload within it, and the same over the offers that are not wireless.
import { describe, expect, it } from 'vitest';
import type { Offer } from '../../common/types.ts';
import { bestOffer } from '../../pipeline/import/address.ts';

const offer = (technology: string, down: number, up: number): Offer => ({ provider: technology, technology, down, up });
const classes = (offers: Offer[]) => {
  const b = bestOffer(offers);
  return [b.downClass, b.upClass, b.fixedDownClass, b.fixedUpClass];
};

describe('bestOffer classes', () => {
  it('counts 1000/1000 fibre as symmetric gigabit next to faster 2000/200 cable', () => {
    const b = bestOffer([offer('DOCSIS3.1', 2000, 200), offer('FTTH', 1000, 1000)]);
    // The best offer stays the fastest download; its upload class is the best in the gigabit class.
    expect([b.down, b.up, b.technology]).toEqual([2000, 200, 'DOCSIS3.1']);
    expect(classes([offer('DOCSIS3.1', 2000, 200), offer('FTTH', 1000, 1000)])).toEqual([3, 4, 3, 4]);
  });

  it('takes no upload from a slower download class', () => {
    // 100/100 is in a lower download class than 1000/50: the gigabit class's upload is 50.
    expect(classes([offer('DOCSIS3.1', 1000, 50), offer('FTTH', 100, 100)])).toEqual([3, 2, 3, 2]);
  });

  it('leaves satellite, fixed wireless and mobile out of the fixed classes, even when they are not the best', () => {
    expect(classes([offer('FWA', 1000, 1000), offer('VDSL', 80, 20)])).toEqual([3, 4, 1, 1]);
    expect(classes([offer('MOBILE', 50, 1000), offer('ADSL', 50, 5)])).toEqual([1, 4, 1, 0]);
    expect(classes([offer('SATELLITE', 250, 20)])).toEqual([2, 1, 0, 0]);
    expect(classes([])).toEqual([0, 0, 0, 0]);
  });
});
