// The codec of the `addresses.offers` column (common/schema.ts): every offer of an address as a
// compact JSON array of [provider, technology, down, up]. Written by the pipeline, read by the server.
import type { Offer } from './types.ts';

type OfferTuple = [provider: string | null, technology: string, down: number, up: number];

export function encodeOffers(offers: readonly Offer[]): string {
  return JSON.stringify(offers.map((o): OfferTuple => [o.provider, o.technology, o.down, o.up]));
}

export function decodeOffers(text: string): Offer[] {
  return (JSON.parse(text) as OfferTuple[]).map(([provider, technology, down, up]) => ({ provider, technology, down, up }));
}
