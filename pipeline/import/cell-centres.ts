// Cell centres remembered by a numeric cell key (bdc.ts res8Key): an open-addressing table in one
// Float64Array, each slot's key, latitude, longitude and finest cell key side by side. A Map of the
// same keys cost 1.7-1.9 s per reading thread of a 10 M-row FCC BDC import: keys above 2^31 are heap
// numbers, hashed and compared through pointers, and a lookup wanders over scattered entries.

import { hashNumber } from '../../common/number-hash.ts';

/** Numbers per slot: key, lat, lon, finest key. */
const SLOT = 4;
/** An empty slot's key (keys are never negative). */
const EMPTY = -1;
/** The table doubles when it is fuller than this share. */
const MAX_LOAD = 0.5;

export class CellCentres {
  private table: Float64Array;
  private mask: number;
  private held = 0;

  /**
   * `limit`: cells remembered at most; one more empties the table, which starts over (a bound on
   * memory, not a correctness one: a cell forgotten is worked out again).
   */
  constructor(
    private readonly limit: number,
    initialSlots = 1 << 12,
  ) {
    this.table = new Float64Array(initialSlots * SLOT).fill(EMPTY);
    this.mask = initialSlots - 1;
  }

  get size(): number {
    return this.held;
  }

  /** The slot holding `key` (read it with lat, lon and finest), or -1. */
  find(key: number): number {
    const { table, mask } = this;
    for (let slot = hashNumber(key) & mask; ; slot = (slot + 1) & mask) {
      const k = table[slot * SLOT];
      if (k === key) return slot;
      if (k === EMPTY) return -1;
    }
  }

  /** Remembers a key that find() did not have; returns its slot. */
  add(key: number, lat: number, lon: number, finest: number): number {
    if (this.held >= this.limit) this.reset(this.mask + 1);
    else if (this.held + 1 > MAX_LOAD * (this.mask + 1)) this.grow();
    this.held++;
    const { table, mask } = this;
    let slot = hashNumber(key) & mask;
    while (table[slot * SLOT] !== EMPTY) slot = (slot + 1) & mask;
    const at = slot * SLOT;
    table[at] = key;
    table[at + 1] = lat;
    table[at + 2] = lon;
    table[at + 3] = finest;
    return slot;
  }

  lat(slot: number): number {
    return this.table[slot * SLOT + 1];
  }

  lon(slot: number): number {
    return this.table[slot * SLOT + 2];
  }

  /** The finest H3 cell key at the centre (common/hex-key.ts). */
  finest(slot: number): number {
    return this.table[slot * SLOT + 3];
  }

  private reset(slots: number): void {
    this.table = new Float64Array(slots * SLOT).fill(EMPTY);
    this.mask = slots - 1;
    this.held = 0;
  }

  private grow(): void {
    const old = this.table;
    this.reset((this.mask + 1) * 2);
    for (let at = 0; at < old.length; at += SLOT) {
      if (old[at] === EMPTY) continue;
      this.add(old[at], old[at + 1], old[at + 2], old[at + 3]);
    }
  }
}
