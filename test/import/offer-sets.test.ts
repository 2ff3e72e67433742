// Offer lists interned in offer_sets (migration 18): one row per distinct list, rows naming it, lists past
// the cap kept in the row, and every reader given the list back through the addresses view.
import { describe, expect, it } from 'vitest';
import { closeWritable } from '../../common/schema.ts';
import type { Offer } from '../../common/types.ts';
import { importRelease } from '../../pipeline/import/index.ts';
import { OfferSets } from '../../pipeline/import/offer-sets.ts';
import { encodeOffers } from '../../common/offers.ts';
import { seededRandom } from '../helpers/random.ts';
import { FIXTURE_FILES } from '../helpers/fixture-db.ts';
import { boundariesDb } from '../helpers/temp-db.ts';

const fibre: Offer = { provider: 'Polderglas', technology: 'FTTH', down: 1000, up: 1000 };
const copper: Offer = { provider: 'Koperdraad', technology: 'VDSL', down: 80, up: 20 };

describe('offer sets', () => {
  it('stores each distinct list once, finds lists of earlier imports, and keeps lists past the cap in the row', () => {
    const { db } = boundariesDb();
    const sets = new OfferSets(db, 2);
    const [, a] = sets.stored([fibre]);
    const [, b] = sets.stored([fibre, copper]);
    expect(a).not.toBeNull();
    expect(b).not.toBe(a);
    expect(sets.stored([{ ...fibre }])).toEqual(['', a]);
    // The cap reached: a new list stays in the row, known ones are still named.
    expect(sets.stored([copper])).toEqual(['[["Koperdraad","VDSL",80,20]]', null]);
    expect(sets.stored([fibre, copper])).toEqual(['', b]);
    // A later import finds the stored lists instead of adding them again.
    const later = new OfferSets(db, 10);
    expect(later.stored([fibre])).toEqual(['', a]);
    expect(db.prepare('SELECT count(*) FROM offer_sets').pluck().get()).toBe(2);
    closeWritable(db);
  });

  it('names two lists by one set exactly when they encode to the same text (5,000 random lists, hash collisions forced)', () => {
    const { db } = boundariesDb();
    const random = seededRandom(18);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
    const offer = (): Offer => {
      const o: Offer = {
        provider: pick(['Polderglas', 'Koperdraad', null, 'Sky, "Orbit" & Co']),
        technology: pick(['FTTH', 'FTTB', 'CABLE', 'SATELLITE']),
        down: pick([100, 1000, 1000.5, 25]),
        up: pick([20, 100, 3]),
      };
      if (random() < 0.5) return o;
      return { ...o, low_latency: random() < 0.5, business_residential: pick(['R', 'B', 'X'] as const) };
    };
    const lists = Array.from({ length: 5000 }, () => Array.from({ length: 1 + Math.floor(random() * 3) }, offer));
    for (const hashOf of [undefined, () => 7]) {
      const sets = new OfferSets(db);
      // Every list hashed alike in the second round: only the field-by-field comparison tells them apart.
      if (hashOf) (sets as unknown as { hashOffers: () => number }).hashOffers = hashOf;
      const idByText = new Map<string, number>();
      for (const list of lists) {
        const [inline, id] = sets.stored(list.map((o) => ({ ...o })));
        expect(inline).toBe('');
        const text = encodeOffers(list);
        if (!idByText.has(text)) idByText.set(text, id!);
        expect(id, text).toBe(idByText.get(text));
      }
      expect(new Set(idByText.values()).size).toBe(idByText.size);
      expect(idByText.size).toBeGreaterThan(500);
      expect(idByText.size).toBeLessThan(lists.length);
    }
    closeWritable(db);
  });

  it('names a list by what it holds when stored, also when its array grows later (hashes alike too)', () => {
    const { db } = boundariesDb();
    for (const hashOf of [undefined, () => 7]) {
      const sets = new OfferSets(db);
      if (hashOf) (sets as unknown as { hashOffers: () => number }).hashOffers = hashOf;
      const list = [fibre];
      const [, one] = sets.stored(list);
      list.push(copper);
      const [, two] = sets.stored(list);
      expect(two).not.toBe(one);
      expect(sets.stored([fibre])).toEqual(['', one]);
      expect(sets.stored([fibre, copper])).toEqual(['', two]);
      expect(db.prepare('SELECT offers FROM offer_sets WHERE id = ?').pluck().get(two)).toBe(encodeOffers([fibre, copper]));
    }
    closeWritable(db);
  });

  it('an import names a list per address; the view gives every address its offers back', () => {
    const { db } = boundariesDb();
    importRelease(db, { release: '2023-12', asOf: '2023-12-31', files: [FIXTURE_FILES.release2023] });
    const rows = db.prepare('SELECT count(*) AS n, count(offer_set) AS named, sum(offers <> ?) AS inline FROM address_rows').get('') as {
      n: number;
      named: number;
      inline: number;
    };
    expect(rows.n).toBeGreaterThan(10);
    expect(rows).toEqual({ n: rows.n, named: rows.n, inline: 0 });
    const distinct = db.prepare('SELECT count(*) FROM offer_sets').pluck().get() as number;
    expect(distinct).toBeLessThan(rows.n);
    const viewed = db
      .prepare(
        'SELECT a.offers, o.offers AS stored FROM addresses a JOIN address_rows r USING (id) JOIN offer_sets o ON o.id = r.offer_set',
      )
      .all() as {
      offers: string;
      stored: string;
    }[];
    expect(viewed.length).toBe(rows.n);
    for (const v of viewed) expect(v.offers).toBe(v.stored);
    expect(JSON.parse(viewed[0].offers).length).toBeGreaterThan(0);
    closeWritable(db);
  });
});
