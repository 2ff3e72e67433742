// The codec of the `addresses.offers` column (common/schema.ts): every offer of an address as a
// compact JSON array of [provider, technology, down, up], followed by [low_latency (0/1),
// business_residential] for sources that state them (FCC BDC). Written by the pipeline, read by the server.
import type { BusinessResidential, Offer } from './types.ts';

type OfferTuple =
  | [provider: string | null, technology: string, down: number, up: number]
  | [provider: string | null, technology: string, down: number, up: number, lowLatency: 0 | 1, businessResidential: BusinessResidential];

export function encodeOffers(offers: readonly Offer[]): string {
  return JSON.stringify(
    offers.map(
      (o): OfferTuple =>
        o.business_residential === undefined
          ? [o.provider, o.technology, o.down, o.up]
          : [o.provider, o.technology, o.down, o.up, o.low_latency ? 1 : 0, o.business_residential],
    ),
  );
}

export function decodeOffers(text: string): Offer[] {
  return (JSON.parse(text) as OfferTuple[]).map(([provider, technology, down, up, lowLatency, businessResidential]) =>
    businessResidential === undefined
      ? { provider, technology, down, up }
      : { provider, technology, down, up, low_latency: lowLatency === 1, business_residential: businessResidential },
  );
}
