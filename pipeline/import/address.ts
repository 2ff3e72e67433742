// An address as assembled from its rows, and its best offer.
import { NO_TECHNOLOGY, TECHNOLOGIES, isWireless, speedClass } from '../../common/constants.ts';
import { DEFAULT_DEFINITIONS, type ClassThresholds } from '../../common/definitions.ts';
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

/** The written parts of an address that a location without them (an FCC BDC location) leaves empty. */
export const NO_ADDRESS_TEXT = {
  postcode: null,
  houseNumber: null,
  houseLetter: null,
  suffix: null,
  street: null,
  city: null,
} as const satisfies Partial<AddressFields>;

export interface AddressRecord extends AddressFields {
  id: number;
  /** Index of the address's area in the locator's area list. */
  area: number;
  /** Its H3 cell at the finest aggregated resolution (common/hex-key.ts). */
  cell: number;
  offers: Offer[];
}

export interface BestOffer {
  down: number;
  up: number;
  technology: string;
  downClass: number;
  /**
   * The best upload class among the offers in the best download class: a cable offer of 2000/200
   * does not hide a fibre offer of 1000/1000 from "≥ 1 Gbit/s symmetric".
   */
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

/** Download class of the fastest offer, and the best upload class among the offers in that class. */
function classes(offers: readonly Offer[], t: ClassThresholds): [down: number, up: number] {
  const top = best(offers);
  if (!top) return [0, 0];
  const downClass = speedClass(top.down, t.down);
  let up = 0;
  for (const o of offers) if (speedClass(o.down, t.down) === downClass) up = Math.max(up, o.up);
  return [downClass, speedClass(up, t.up)];
}

/**
 * The best offer at an address (see `beats`), classed against the database's thresholds; an address
 * without offers gets speed 0, 'NONE'. The fixed classes are those of the offers that are not wireless: the same unless the best one is.
 */
export function bestOffer(offers: readonly Offer[], thresholds: ClassThresholds = DEFAULT_DEFINITIONS): BestOffer {
  const top = best(offers);
  const [downClass, upClass] = classes(offers, thresholds);
  const [fixedDownClass, fixedUpClass] = offers.some((o) => isWireless(o.technology))
    ? classes(
        offers.filter((o) => !isWireless(o.technology)),
        thresholds,
      )
    : [downClass, upClass];
  return {
    down: top?.down ?? 0,
    up: top?.up ?? 0,
    technology: top?.technology ?? NO_TECHNOLOGY,
    downClass,
    upClass,
    fixedDownClass,
    fixedUpClass,
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
