// The codec of an address's offers (the `offers` column of the addresses view, stored in offer_sets or in
// the row: common/schema.ts): every offer of an address as a
// compact JSON array of [provider, technology, down, up], followed by [low_latency (0/1),
// business_residential] for sources that state them (FCC BDC). Written by the pipeline, read by the server.
import type { BusinessResidential, Offer } from './types.ts';

type OfferTuple =
  | [provider: string | null, technology: string, down: number, up: number]
  | [provider: string | null, technology: string, down: number, up: number, lowLatency: 0 | 1, businessResidential: BusinessResidential];

/** Encodings of frozen offer arrays, which importers share between addresses with the same offers. */
const encodedShared = new WeakMap<readonly Offer[], string>();

export function encodeOffers(offers: readonly Offer[]): string {
  if (!Object.isFrozen(offers)) return encode(offers);
  let text = encodedShared.get(offers);
  if (text === undefined) encodedShared.set(offers, (text = encode(offers)));
  return text;
}

function encode(offers: readonly Offer[]): string {
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
