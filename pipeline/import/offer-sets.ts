// Interns an address's list of offers as a row of offer_sets (common/schema.ts, migration 18), so that an
// address row names its list by id instead of carrying ~90 bytes of JSON. Bounded: past MAX_OFFER_SETS
// lists in memory, further new lists stay in the row (offer_set NULL), as the view reads both. A list is
// looked up by a hash of its fields first, so that only a list not seen before is encoded as JSON.
import type Database from 'better-sqlite3';
import { encodeOffers } from '../../common/offers.ts';
import type { Offer } from '../../common/types.ts';

/** Lists held in memory per import at most (a copy of each list; real lists repeat far more). */
export const MAX_OFFER_SETS = 1 << 18;

/** What an address row stores for its offers: [offers column, offer_set column]. */
export type StoredOffers = [offers: string, offerSet: number | null];

/** A list met before, under its fields' hash: its fields as they were then, and its offer set. */
interface Known {
  offers: readonly Offer[];
  id: number;
}

/** Equal numbers, NaN equal to NaN (both encode as null). */
function sameNumber(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** Whether two lists encode to the same text (encodeOffers): the same fields in the same order. */
function sameOffers(a: readonly Offer[], b: readonly Offer[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.provider !== y.provider || x.technology !== y.technology || !sameNumber(x.down, y.down) || !sameNumber(x.up, y.up)) return false;
    if (x.business_residential !== y.business_residential) return false;
    if (x.business_residential !== undefined && Boolean(x.low_latency) !== Boolean(y.low_latency)) return false;
  }
  return true;
}

export class OfferSets {
  /** Lists held in byHash (at most `max`). */
  private held = 0;
  /** Lists by hashOffers, each with the lists of that hash met so far (collisions are compared field by field). */
  private readonly byHash = new Map<number, Known[]>();
  /** A number per provider name, so that hashing a list does not hash the names' text again. */
  private readonly providerNumbers = new Map<string | null, number>();
  private readonly find: Database.Statement<[string], number>;
  private readonly insert: Database.Statement<[string]>;

  constructor(
    db: Database.Database,
    private readonly max = MAX_OFFER_SETS,
  ) {
    this.find = db.prepare<[string], number>('SELECT id FROM offer_sets WHERE offers = ?').pluck();
    this.insert = db.prepare<[string]>('INSERT INTO offer_sets (offers) VALUES (?)');
  }

  /** The columns for a list of offers: its offer set when interned, else the list itself. */
  stored(offers: readonly Offer[]): StoredOffers {
    const hash = this.hashOffers(offers);
    const known = this.byHash.get(hash);
    if (known) for (const k of known) if (sameOffers(k.offers, offers)) return ['', k.id];
    // Not met in this import: encoded once, then found or added in the table, and held from now on.
    const text = encodeOffers(offers);
    if (this.held >= this.max) return [text, null];
    const id = this.find.get(text) ?? Number(this.insert.run(text).lastInsertRowid);
    // A copy: an importer may add offers to its list later (an address merged from another file).
    const entry = { offers: offers.slice(), id };
    if (known) known.push(entry);
    else this.byHash.set(hash, [entry]);
    this.held++;
    return ['', id];
  }

  /** A 30-bit hash of the fields encodeOffers writes, in order (a small integer: a fast Map key). */
  private hashOffers(offers: readonly Offer[]): number {
    let h = 0x811c9dc5 ^ offers.length;
    for (const o of offers) {
      let provider = this.providerNumbers.get(o.provider);
      if (provider === undefined) this.providerNumbers.set(o.provider, (provider = this.providerNumbers.size));
      h = Math.imul(h ^ provider, 0x01000193);
      h = Math.imul(h ^ o.technology.length ^ (o.technology.charCodeAt(0) << 8), 0x01000193);
      h = Math.imul(h ^ (o.down * 1000), 0x01000193);
      h = Math.imul(h ^ (o.up * 1000), 0x01000193);
      if (o.business_residential !== undefined)
        h = Math.imul(h ^ o.business_residential.charCodeAt(0) ^ (o.low_latency ? 256 : 512), 0x01000193);
    }
    return h >>> 2;
  }
}
