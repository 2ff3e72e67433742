// Finds the register addresses a coverage-list row fits, exactly on the normalised key: by the
// register's address_id, or by postcode + house number and, when the list has those columns,
// house letter and suffix compared case-insensitively. One fit matches; none is unmatched; more
// than one (a list without letters, say, at a number with 12 and 12A) is ambiguous.
// Keys are looked up in memory: the register's (postcode, number) pairs in typed arrays with
// interned postcodes, letters and suffixes (about 24 bytes an address with the buckets), compared exactly,
// as the register stored them when it was loaded (register/match-keys.ts).
import type Database from 'better-sqlite3';
import { eachRow } from '../../common/each-row.ts';
import { type MatchKeys, MatchKeysWriter, NO_KEY, readMatchKeys } from '../register/match-keys.ts';

export interface RegisterRef {
  id: number;
  label: string;
}

/** Ids of interned strings are >= 0; ANY stands for a column the list lacks (list-reader.ts's NO_PART), MISSING for a value the register never has. */
export const ANY = -1;
export const MISSING = -2;

/** The match keys read from the register's rows, each with its row id (a register loaded before keys were stored). */
function keysFromRows(db: Database.Database, registerId: number): MatchKeys & { rowId: Uint32Array | Float64Array } {
  const n = db.prepare('SELECT count(*) FROM register_addresses WHERE register_id = ?').pluck().get(registerId) as number;
  const [maxId] = db.prepare('SELECT max(id) FROM register_addresses WHERE register_id = ?').raw().get(registerId) as [number | null];
  const rowId = (maxId ?? 0) > 0xffffffff ? new Float64Array(n) : new Uint32Array(n);
  const writer = new MatchKeysWriter();
  let i = 0;
  // Read through a user function (eachRow): national 7.5 s instead of 26.2 s stepping through the rows.
  eachRow(
    db,
    `SELECT count(atlas_each_row(id, postcode, house_number, house_letter, house_number_suffix))
      FROM register_addresses WHERE register_id = ?`,
    [registerId],
    (id, postcode, houseNumber, letter, suffix) => {
      rowId[i++] = id as number;
      writer.add(postcode as string | null, (houseNumber as number | null) ?? Number.NaN, letter as string | null, suffix as string | null);
    },
  );
  return { ...writer.keys(0), rowId };
}

function bucketOf(postcode: number, houseNumber: number, mask: number): number {
  let h = Math.imul(postcode ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(houseNumber, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x27d4eb2f);
  return (h ^ (h >>> 13)) & mask;
}

export class RegisterMatcher {
  private readonly byId: Database.Statement;
  private readonly postcodes: Map<string, number>;
  private readonly parts: Map<string, number>;
  /** Register row of entry i: firstId + i, or rowId[i] when the keys were read from the rows. */
  private readonly firstId: number;
  private readonly rowId: Uint32Array | Float64Array | null;
  private readonly postcode: Int32Array;
  private readonly houseNumber: Int32Array;
  private readonly letter: Int32Array;
  private readonly suffix: Int32Array;
  private readonly next: Int32Array;
  private readonly head: Int32Array;
  /** The first register address row of the last fits() that found any. */
  fit = 0;

  constructor(
    db: Database.Database,
    private readonly registerId: number,
  ) {
    this.byId = db.prepare('SELECT id FROM register_addresses WHERE register_id = ? AND address_id = ?').pluck();
    // Stored with the register when it was loaded; a register loaded before has its rows read here.
    const stored = readMatchKeys(db, registerId);
    const keys: MatchKeys & { rowId?: Uint32Array | Float64Array } = stored ?? keysFromRows(db, registerId);
    this.firstId = keys.firstId;
    this.rowId = keys.rowId ?? null;
    this.postcode = keys.postcode;
    this.houseNumber = keys.houseNumber;
    this.letter = keys.letter;
    this.suffix = keys.suffix;
    this.postcodes = new Map(keys.postcodeTexts.map((t, i) => [t, i]));
    this.parts = new Map(keys.partTexts.map((t, i) => [t, i]));
    const n = this.postcode.length;
    this.next = new Int32Array(n);
    let size = 1024;
    while (size < n) size *= 2;
    this.head = new Int32Array(size).fill(-1);
    // Chained in reverse, so that each bucket lists its entries in register order.
    for (let i = n - 1; i >= 0; i--) {
      if (this.postcode[i] === NO_KEY) continue;
      const bucket = bucketOf(this.postcode[i], this.houseNumber[i], size - 1);
      this.next[i] = this.head[bucket];
      this.head[bucket] = i;
    }
  }

  /** Register address rows (register_addresses.id) with this address_id: none or one. */
  withId(addressId: string): number[] {
    return this.byId.all(this.registerId, addressId) as number[];
  }

  /** The number of a postcode in the register (for fits), or MISSING when no address has it. */
  postcodeId(postcode: string): number {
    return this.postcodes.get(postcode) ?? MISSING;
  }

  /** The number of a letter or suffix in the register (upper-cased, '' for none), or MISSING when no address has it. */
  partId(part: string): number {
    return this.parts.get(part) ?? MISSING;
  }

  /**
   * How many register address rows have this key, the first of them in `fit`. `postcode` is a postcodeId;
   * `letter`/`suffix` are partIds (MISSING fits no address), or ANY when the list has no such column.
   */
  fits(postcode: number, houseNumber: number, letter: number, suffix: number): number {
    let found = 0;
    if (postcode === MISSING) return found;
    for (let i = this.head[bucketOf(postcode, houseNumber, this.head.length - 1)]; i >= 0; i = this.next[i]) {
      if (this.postcode[i] !== postcode || this.houseNumber[i] !== houseNumber) continue;
      if ((letter === ANY || this.letter[i] === letter) && (suffix === ANY || this.suffix[i] === suffix)) {
        if (found++ === 0) this.fit = this.rowId ? this.rowId[i] : this.firstId + i;
      }
    }
    return found;
  }
}

/** The register of that label, or an error message naming those that exist. */
export function findRegister(db: Database.Database, label: string): RegisterRef | string {
  const id = db.prepare('SELECT id FROM registers WHERE label = ?').pluck().get(label) as number | undefined;
  if (id !== undefined) return { id, label };
  const labels = db.prepare('SELECT label FROM registers ORDER BY id').pluck().all() as string[];
  return `Unknown register '${label}'; ${labels.length === 0 ? 'the database holds no register yet. Load one with `atlas register`.' : `registers in the database: ${labels.join(', ')}.`}`;
}
