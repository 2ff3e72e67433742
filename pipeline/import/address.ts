// An address as assembled from its rows, and its best offer.
import { DOWN_THRESHOLDS, NO_TECHNOLOGY, TECHNOLOGIES, UP_THRESHOLDS, isWireless, speedClass } from '../../common/constants.ts';
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
  /** Classes of the best offer that is not wireless (WIRELESS_TECHNOLOGIES); 0 without one. */
  fixedDownClass: number;
  fixedUpClass: number;
}

const TECHNOLOGY_RANK = new Map<string, number>(TECHNOLOGIES.map((t, i) => [t, i]));

/** True when offer a beats b: faster download, then faster upload, then the earlier technology. */
export function beats(a: Offer, b: Offer): boolean {
  if (a.down !== b.down) return a.down > b.down;
  if (a.up !== b.up) return a.up > b.up;
  return (TECHNOLOGY_RANK.get(a.technology) ?? 99) < (TECHNOLOGY_RANK.get(b.technology) ?? 99);
}

function best(offers: readonly Offer[]): Offer | null {
  let found: Offer | null = null;
  for (const offer of offers) if (!found || beats(offer, found)) found = offer;
  return found;
}

/**
 * The best offer at an address (see `beats`); an address without offers gets speed 0, 'NONE'. The
 * fixed classes are those of the best offer that is not wireless: the same unless that one is.
 */
export function bestOffer(offers: readonly Offer[]): BestOffer {
  const top = best(offers);
  const down = top?.down ?? 0;
  const up = top?.up ?? 0;
  const fixed = top && isWireless(top.technology) ? best(offers.filter((o) => !isWireless(o.technology))) : top;
  return {
    down,
    up,
    technology: top?.technology ?? NO_TECHNOLOGY,
    downClass: speedClass(down, DOWN_THRESHOLDS),
    upClass: speedClass(up, UP_THRESHOLDS),
    fixedDownClass: speedClass(fixed?.down ?? 0, DOWN_THRESHOLDS),
    fixedUpClass: speedClass(fixed?.up ?? 0, UP_THRESHOLDS),
  };
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
