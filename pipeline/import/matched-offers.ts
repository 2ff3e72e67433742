// The offers the coverage lists matched to register addresses, held compactly until the addresses
// are written: each distinct offer once, and per matched row only (register row id, offer number)
// in typed arrays. A Map of an Offer array per address took the national join (9.6 M addresses,
// 20 M+ list rows) past Node's heap limit; this holds the same in ~8-12 bytes a row while the lists are
// read, and ~4 bytes a row (plus 4 a register row) once grouped.
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
  /** Per matched row, in arrival order: its register row id (32 bits until an id needs more) and offer number. */
  private rowIds: Uint32Array | Float64Array = new Uint32Array(1 << 16);
  private offerNumbers = new Uint32Array(1 << 16);
  private size = 0;
  /** After finish(): the offer numbers grouped by row id, in arrival order within a row. */
  private sorted: Uint32Array | null = null;
  /** Counting layout: row id r's offers are sorted[starts[r - base] .. starts[r - base + 1]). */
  private starts: Uint32Array | null = null;
  private base = 0;
  /** Sparse layout (ids spread far wider than the rows): the row id of each sorted entry, searched. */
  private sortedIds: Float64Array | null = null;
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
    if (rowId > 0xffffffff && this.rowIds instanceof Uint32Array) this.rowIds = Float64Array.from(this.rowIds);
    if (this.size === this.rowIds.length) {
      const capacity = Math.ceil(this.size * 1.5);
      const ids = this.rowIds instanceof Uint32Array ? new Uint32Array(capacity) : new Float64Array(capacity);
      ids.set(this.rowIds);
      this.rowIds = ids;
      const offers = new Uint32Array(capacity);
      offers.set(this.offerNumbers);
      this.offerNumbers = offers;
    }
    this.rowIds[this.size] = rowId;
    this.offerNumbers[this.size++] = n;
  }

  /**
   * Groups the matched rows by row id, keeping the order they came in within a row; call once before
   * offersOf. Row ids within a few times the number of rows (a register's) are counted into place in
   * two linear passes; others are sorted.
   */
  finish(): void {
    const n = this.size;
    const ids = this.rowIds;
    let min = n > 0 ? ids[0] : 0;
    let max = min;
    for (let i = 1; i < n; i++) {
      if (ids[i] < min) min = ids[i];
      else if (ids[i] > max) max = ids[i];
    }
    const range = max - min + 1;
    const sorted = new Uint32Array(n);
    if (range <= Math.max(2 * n, 1 << 16)) {
      const starts = new Uint32Array(range + 1);
      for (let i = 0; i < n; i++) starts[ids[i] - min + 1]++;
      for (let r = 1; r <= range; r++) starts[r] += starts[r - 1];
      const next = starts.slice(0, range);
      for (let i = 0; i < n; i++) sorted[next[ids[i] - min]++] = this.offerNumbers[i];
      this.starts = starts;
      this.base = min;
    } else {
      const order = new Uint32Array(n);
      for (let i = 0; i < n; i++) order[i] = i;
      order.sort((a, b) => ids[a] - ids[b] || a - b);
      const sortedIds = new Float64Array(n);
      for (let k = 0; k < n; k++) {
        sortedIds[k] = ids[order[k]];
        sorted[k] = this.offerNumbers[order[k]];
      }
      this.sortedIds = sortedIds;
    }
    this.sorted = sorted;
    this.rowIds = new Uint32Array(0);
    this.offerNumbers = new Uint32Array(0);
  }

  /** The [first, end) range of row `rowId`'s offers in `sorted`. */
  private rangeOf(rowId: number): [number, number] {
    if (this.starts) {
      const r = rowId - this.base;
      if (r < 0 || r >= this.starts.length - 1) return [0, 0];
      return [this.starts[r], this.starts[r + 1]];
    }
    const ids = this.sortedIds!;
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid] < rowId) lo = mid + 1;
      else hi = mid;
    }
    let end = lo;
    while (end < ids.length && ids[end] === rowId) end++;
    return [lo, end];
  }

  /**
   * The offers of register row `rowId`, in the order they were listed: a frozen array, the same
   * one for every row with the same offers (up to MAX_SHARED combinations), so that what is
   * derived from it (best offer, encoding) can be worked out once. Rows may be asked in any order.
   */
  offersOf(rowId: number): readonly Offer[] {
    const sorted = this.sorted;
    if (!sorted) throw new Error('MatchedOffers.finish() must be called before offersOf()');
    const [first, end] = this.rangeOf(rowId);
    if (end === first) return NO_OFFERS;
    let key = '';
    for (let k = first; k < end; k++) key += `${sorted[k]},`;
    const shared = this.shared.get(key);
    if (shared) return shared;
    const offers: Offer[] = [];
    for (let k = first; k < end; k++) offers.push(this.distinct[sorted[k]]);
    Object.freeze(offers);
    if (this.shared.size < MAX_SHARED) this.shared.set(key, offers);
    return offers;
  }

  /**
   * The offers of register rows `from`..`to` as lists and a list number per row: `listOf[r - from]`
   * numbers row r's list in `lists` (the empty one for a row without offers, or no such row). The
   * lists are distinct (each the array offersOf hands out), numbered in the order of their first row.
   */
  listsOver(from: number, to: number): { listOf: Int32Array; lists: (readonly Offer[])[] } {
    const listOf = new Int32Array(to - from + 1);
    const lists: (readonly Offer[])[] = [];
    const numbers = new Map<readonly Offer[], number>();
    for (let r = from; r <= to; r++) {
      const offers = this.offersOf(r);
      let n = numbers.get(offers);
      if (n === undefined) numbers.set(offers, (n = lists.push(offers) - 1));
      listOf[r - from] = n;
    }
    return { listOf, lists };
  }
}
