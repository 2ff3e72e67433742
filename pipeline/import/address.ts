// An address as assembled from its rows, and its best offer.
import { DOWN_THRESHOLDS, NO_TECHNOLOGY, TECHNOLOGIES, UP_THRESHOLDS, speedClass } from '../../common/constants.ts';
import type { Offer } from '../../common/types.ts';

/** What the rows of an address say about the address itself. */
export interface AddressFields {
  addressId: string;
  postcode: string | null;
  houseNumber: number | null;
  houseLetter: string | null;
  suffix: string | null;
  street: string | null;
  city: string | null;
  lon: number;
  lat: number;
}

export interface AddressRecord extends AddressFields {
  id: number;
  /** Index of the address's area in the locator's area list. */
  area: number;
  /** Its H3 cell at the finest aggregated resolution (hex-key.ts). */
  cell: number;
  offers: Offer[];
}

export interface BestOffer {
  down: number;
  up: number;
  technology: string;
  downClass: number;
  upClass: number;
}

const TECHNOLOGY_RANK = new Map<string, number>(TECHNOLOGIES.map((t, i) => [t, i]));

/** True when offer a beats b: faster download, then faster upload, then the earlier technology. */
export function beats(a: Offer, b: Offer): boolean {
  if (a.down !== b.down) return a.down > b.down;
  if (a.up !== b.up) return a.up > b.up;
  return (TECHNOLOGY_RANK.get(a.technology) ?? 99) < (TECHNOLOGY_RANK.get(b.technology) ?? 99);
}

export function classify(down: number, up: number, technology: string): BestOffer {
  return {
    down,
    up,
    technology,
    downClass: speedClass(down, DOWN_THRESHOLDS),
    upClass: speedClass(up, UP_THRESHOLDS),
  };
}

/** The best offer at an address (see `beats`); an address without offers gets speed 0, 'NONE'. */
export function bestOffer(offers: readonly Offer[]): BestOffer {
  if (offers.length === 0) return classify(0, 0, NO_TECHNOLOGY);
  let best = offers[0];
  for (let i = 1; i < offers.length; i++) if (beats(offers[i], best)) best = offers[i];
  return classify(best.down, best.up, best.technology);
}

/** Each provider's best offer at an address. */
export function bestByProvider(offers: readonly Offer[]): Map<string, Offer> {
  const byProvider = new Map<string, Offer>();
  for (const offer of offers) {
    if (offer.provider === null) continue;
    const current = byProvider.get(offer.provider);
    if (!current || beats(offer, current)) byProvider.set(offer.provider, offer);
  }
  return byProvider;
}
