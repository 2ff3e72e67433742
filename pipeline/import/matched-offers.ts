// The offers the coverage lists matched to register addresses, held compactly until the addresses
// are written: each distinct offer once, and per matched row only (register row id, offer number)
// in typed arrays. A Map of an Offer array per address took the national join (9.6 M addresses,
// 20 M+ list rows) past Node's heap limit; this holds the same in ~16 bytes a row.
import type { Offer } from '../../common/types.ts';

const NO_OFFERS: readonly Offer[] = Object.freeze([]);
/** Distinct combinations of offers kept to be handed out again: a few in the demo, bounded for any input. */
const MAX_SHARED = 1 << 16;

/** What makes two offers the same offer. */
export function offerKey(offer: Offer): string {
  return `${offer.provider}\t${offer.technology}\t${offer.down}\t${offer.up}\t${offer.low_latency}\t${offer.business_residential}`;
}

export class MatchedOffers {
  private readonly distinct: Offer[] = [];
  private readonly numbers = new Map<string, number>();
  private rowIds = new Float64Array(1 << 16);
  private offerNumbers = new Uint32Array(1 << 16);
  private size = 0;
  /** Matched rows in row-id order (insertion order within a row), once sorted. */
  private order: Float64Array | Uint32Array | null = null;
  private scale = 1;
  private cursor = 0;
  /** The offers arrays handed out, by their offer numbers. */
  private readonly shared = new Map<string, readonly Offer[]>();

  /** Notes that `offer` was listed for register row `rowId`. */
  add(rowId: number, offer: Offer): void {
    const key = offerKey(offer);
    let n = this.numbers.get(key);
    if (n === undefined) {
      n = this.distinct.push(offer) - 1;
      this.numbers.set(key, n);
    }
    this.addNumber(rowId, n);
  }

  /**
   * Takes offers numbered elsewhere (a list reader numbers each distinct offer once, in the order
   * read): `offers` are the next numbers after those taken before. Use either this and addNumber, or add.
   */
  defineOffers(offers: readonly Offer[]): void {
    for (const offer of offers) this.distinct.push(offer);
  }

  /** Notes that offer number `n` (defineOffers) was listed for register row `rowId`. */
  addNumber(rowId: number, n: number): void {
    if (this.size === this.rowIds.length) {
      const ids = new Float64Array(this.size * 2);
      ids.set(this.rowIds);
      this.rowIds = ids;
      const offers = new Uint32Array(this.size * 2);
      offers.set(this.offerNumbers);
      this.offerNumbers = offers;
    }
    this.rowIds[this.size] = rowId;
    this.offerNumbers[this.size++] = n;
  }

  /** Sorts the matched rows by row id, keeping the order they came in within a row; call once before offersOf. */
  finish(): void {
    const n = this.size;
    let maxId = 0;
    for (let i = 0; i < n; i++) if (this.rowIds[i] > maxId) maxId = this.rowIds[i];
    this.scale = 2 ** Math.ceil(Math.log2(n + 1));
    if ((maxId + 1) * this.scale <= Number.MAX_SAFE_INTEGER) {
      // One native numeric sort of row id × scale + arrival number.
      const keys = new Float64Array(n);
      for (let i = 0; i < n; i++) keys[i] = this.rowIds[i] * this.scale + i;
      keys.sort();
      this.order = keys;
    } else {
      const order = new Uint32Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
      order.sort((a, b) => this.rowIds[a] - this.rowIds[b] || a - b);
      this.order = order;
      this.scale = 0;
    }
    this.cursor = 0;
  }

  private at(k: number): number {
    const v = this.order![k];
    return this.scale === 0 ? v : v % this.scale;
  }

  /**
   * The offers of register row `rowId`, in the order they were listed: a frozen array, the same
   * one for every row with the same offers (up to MAX_SHARED combinations), so that what is
   * derived from it (best offer, encoding) can be worked out once. Rows must be asked in ascending
   * id order (as the register is written).
   */
  offersOf(rowId: number): readonly Offer[] {
    const order = this.order;
    if (!order) throw new Error('MatchedOffers.finish() must be called before offersOf()');
    while (this.cursor < this.size && this.rowIds[this.at(this.cursor)] < rowId) this.cursor++;
    const first = this.cursor;
    while (this.cursor < this.size && this.rowIds[this.at(this.cursor)] === rowId) this.cursor++;
    if (this.cursor === first) return NO_OFFERS;
    let key = '';
    for (let k = first; k < this.cursor; k++) key += `${this.offerNumbers[this.at(k)]},`;
    const shared = this.shared.get(key);
    if (shared) return shared;
    const offers: Offer[] = [];
    for (let k = first; k < this.cursor; k++) offers.push(this.distinct[this.offerNumbers[this.at(k)]]);
    Object.freeze(offers);
    if (this.shared.size < MAX_SHARED) this.shared.set(key, offers);
    return offers;
  }
}
