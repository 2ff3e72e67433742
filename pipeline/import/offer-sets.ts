// Interns an address's list of offers as a row of offer_sets (common/schema.ts, migration 18), so that an
// address row names its list by id instead of carrying ~90 bytes of JSON. Bounded: past MAX_OFFER_SETS
// lists in memory, further new lists stay in the row (offer_set NULL), as the view reads both.
import type Database from 'better-sqlite3';
import { encodeOffers } from '../../common/offers.ts';
import type { Offer } from '../../common/types.ts';

/** Lists held in memory per import at most (~60 MiB of keys at ~120 bytes a list; real lists repeat far more). */
export const MAX_OFFER_SETS = 1 << 18;

/** What an address row stores for its offers: [offers column, offer_set column]. */
export type StoredOffers = [offers: string, offerSet: number | null];

export class OfferSets {
  private readonly ids = new Map<string, number>();
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
    const text = encodeOffers(offers);
    let id = this.ids.get(text);
    if (id === undefined) {
      if (this.ids.size >= this.max) return [text, null];
      id = this.find.get(text) ?? Number(this.insert.run(text).lastInsertRowid);
      this.ids.set(text, id);
    }
    return ['', id];
  }
}
