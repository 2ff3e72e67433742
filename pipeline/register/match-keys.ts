// The match keys of a register: each address's postcode, house number, letter and suffix, as the
// coverage-list matcher (import/register-match.ts) holds them in memory. Collected while the register
// is loaded and stored with it (table register_keys), so that a join reads four arrays instead of
// stepping through every register row again (9.6 M rows: ~7 s per join). Postcodes, letters and
// suffixes are interned as numbers; letters and suffixes upper-cased, '' for none.
import type Database from 'better-sqlite3';

/** A postcode number for a row without postcode or house number: the matcher leaves it out. */
export const NO_KEY = -1;

export interface MatchKeys {
  /** The register row id of entry 0; entry i is row firstId + i. */
  firstId: number;
  postcode: Int32Array;
  houseNumber: Int32Array;
  letter: Int32Array;
  suffix: Int32Array;
  postcodeTexts: string[];
  partTexts: string[];
}

/** The arrays' names in register_key_arrays, in the blocks' order. */
const FIELDS = ['postcode', 'house_number', 'letter', 'suffix'] as const;

/** Entries per block while collecting (1 MiB a block of the four arrays): they grow by blocks, never by copying. */
const BLOCK = 1 << 16;

/** Interns strings as small numbers, in first-seen order. */
class Interned {
  readonly texts: string[] = [];
  private readonly ids = new Map<string, number>();
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.texts.length;
      this.ids.set(value, id);
      this.texts.push(value);
    }
    return id;
  }
}

/** Collects the keys of a register's rows in the order they are inserted. */
export class MatchKeysWriter {
  private readonly postcodes = new Interned();
  private readonly parts = new Interned();
  private readonly blocks: Int32Array[][] = [];
  private count = 0;
  private lastPostcode: string | null = null;
  private lastPostcodeId = NO_KEY;

  constructor() {
    this.parts.id('');
  }

  /** The next inserted row's key; `houseNumber` NaN when it has none. */
  add(postcode: string | null, houseNumber: number, letter: string | null, suffix: string | null): void {
    const at = this.count & (BLOCK - 1);
    if (at === 0) this.blocks.push([0, 1, 2, 3].map(() => new Int32Array(BLOCK)));
    const [p, n, l, s] = this.blocks[this.blocks.length - 1];
    this.count++;
    if (postcode === null || Number.isNaN(houseNumber)) {
      p[at] = NO_KEY;
      return;
    }
    if (postcode !== this.lastPostcode) {
      this.lastPostcode = postcode;
      this.lastPostcodeId = this.postcodes.id(postcode);
    }
    p[at] = this.lastPostcodeId;
    n[at] = houseNumber;
    l[at] = letter === null ? 0 : this.parts.id(letter.toUpperCase());
    s[at] = suffix === null ? 0 : this.parts.id(suffix.toUpperCase());
  }

  get size(): number {
    return this.count;
  }

  /** One field (0 postcode, 1 house number, 2 letter, 3 suffix) of every entry, in one array. */
  private field(f: number): Int32Array {
    const out = new Int32Array(this.count);
    for (const [b, block] of this.blocks.entries()) {
      const from = b * BLOCK;
      out.set(block[f].subarray(0, Math.min(BLOCK, this.count - from)), from);
    }
    return out;
  }

  /** The keys, with entry 0 at register row `firstId`. */
  keys(firstId: number): MatchKeys {
    return {
      firstId,
      postcode: this.field(0),
      houseNumber: this.field(1),
      letter: this.field(2),
      suffix: this.field(3),
      postcodeTexts: this.postcodes.texts,
      partTexts: this.parts.texts,
    };
  }

  /**
   * Stores (or replaces) the keys of register `registerId`, entry 0 at row `firstId`: an array a row,
   * made one at a time, so that only one exists besides the blocks (national: 37 MiB, not 146 MiB).
   */
  save(db: Database.Database, registerId: number, firstId: number): void {
    deleteMatchKeys(db, registerId);
    db.prepare('INSERT INTO register_keys (register_id, first_id, entries, postcode_texts, part_texts) VALUES (?, ?, ?, ?, ?)').run(
      registerId,
      firstId,
      this.count,
      JSON.stringify(this.postcodes.texts),
      JSON.stringify(this.parts.texts),
    );
    const insert = db.prepare('INSERT INTO register_key_arrays (register_id, field, data) VALUES (?, ?, ?)');
    for (const [f, field] of FIELDS.entries()) insert.run(registerId, field, bytes(this.field(f)));
  }
}

const bytes = (a: Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

function ints(blob: Buffer): Int32Array {
  // A view where the Buffer is 4-aligned (a big blob has its own memory); a copy only otherwise.
  if (blob.byteOffset % 4 === 0) return new Int32Array(blob.buffer, blob.byteOffset, blob.byteLength / 4);
  const out = new Int32Array(blob.byteLength / 4);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

export function deleteMatchKeys(db: Database.Database, registerId: number): void {
  db.prepare('DELETE FROM register_keys WHERE register_id = ?').run(registerId);
  db.prepare('DELETE FROM register_key_arrays WHERE register_id = ?').run(registerId);
}

/** A register's stored keys, or null (a register loaded before they were stored). */
export function readMatchKeys(db: Database.Database, registerId: number): MatchKeys | null {
  const row = db.prepare('SELECT first_id, postcode_texts, part_texts FROM register_keys WHERE register_id = ?').raw().get(registerId) as
    | [number, string, string]
    | undefined;
  if (!row) return null;
  const data = new Map(
    db.prepare('SELECT field, data FROM register_key_arrays WHERE register_id = ?').raw().all(registerId) as [string, Buffer][],
  );
  const array = (field: string) => {
    const blob = data.get(field);
    if (!blob) throw new Error(`register ${registerId}: its stored match keys lack the array '${field}'`);
    return ints(blob);
  };
  const [firstId, postcodeTexts, partTexts] = row;
  return {
    firstId,
    postcode: array('postcode'),
    houseNumber: array('house_number'),
    letter: array('letter'),
    suffix: array('suffix'),
    postcodeTexts: JSON.parse(postcodeTexts) as string[],
    partTexts: JSON.parse(partTexts) as string[],
  };
}
