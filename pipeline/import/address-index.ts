// Finds the row id of an address_id seen earlier in this import, in typed arrays (8 bytes a slot)
// instead of a Map of millions of strings. Slots keep a 32-bit hash; the caller confirms a hit
// by comparing the real address_id, so hash collisions cost a look-up, never a wrong answer.

const EMPTY = 0;

/** FNV-1a with murmur3's final mix, so the low bits (the slot) spread well; never 0 (empty). */
export function hashId(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return h === 0 ? 1 : h;
}

/** Slots (a power of two, at least 2^16) that hold `addresses` without growing: at most 3/4 of them used. */
export function addressIndexCapacity(addresses: number): number {
  let slots = 1 << 16;
  while (addresses * 4 > slots * 3) slots *= 2;
  return slots;
}

export class AddressIndex {
  private hashes: Int32Array;
  private rows: Int32Array;
  private used = 0;

  /** Row ids are stored relative to `firstRow`, which lets them fit 32 bits. */
  constructor(
    private readonly firstRow: number,
    capacity = 1 << 16,
  ) {
    this.hashes = new Int32Array(capacity);
    this.rows = new Int32Array(capacity);
  }

  get size(): number {
    return this.used;
  }

  /** The row id whose address_id `isId(row)` confirms, or -1. */
  find(hash: number, isId: (row: number) => boolean): number {
    const mask = this.hashes.length - 1;
    for (let slot = hash & mask; this.hashes[slot] !== EMPTY; slot = (slot + 1) & mask) {
      if (this.hashes[slot] === hash) {
        const row = this.rows[slot] + this.firstRow;
        if (isId(row)) return row;
      }
    }
    return -1;
  }

  add(hash: number, row: number): void {
    if ((this.used + 1) * 4 > this.hashes.length * 3) this.grow();
    this.put(hash, row - this.firstRow);
    this.used++;
  }

  private put(hash: number, offset: number): void {
    const mask = this.hashes.length - 1;
    let slot = hash & mask;
    while (this.hashes[slot] !== EMPTY) slot = (slot + 1) & mask;
    this.hashes[slot] = hash;
    this.rows[slot] = offset;
  }

  private grow(): void {
    const { hashes, rows } = this;
    this.hashes = new Int32Array(hashes.length * 2);
    this.rows = new Int32Array(rows.length * 2);
    for (let i = 0; i < hashes.length; i++) if (hashes[i] !== EMPTY) this.put(hashes[i], rows[i]);
  }
}
