// Finds the register addresses a coverage-list row fits, exactly on the normalised key: by the
// register's address_id, or by postcode + house number and, when the list has those columns,
// house letter and suffix compared case-insensitively. One fit matches; none is unmatched; more
// than one (a list without letters, say, at a number with 12 and 12A) is ambiguous.
// Keys are looked up in memory: the register's (postcode, number) pairs in typed arrays with
// interned postcodes, letters and suffixes (about 28 bytes an address with the buckets), compared exactly.
import type Database from 'better-sqlite3';

export interface RegisterRef {
  id: number;
  label: string;
}

/** Ids of interned strings are >= 0; ANY stands for a column the list lacks, MISSING for a value the register never has. */
const ANY = -1;
const MISSING = -2;

/** Interns strings as small numbers. */
class Interned {
  private readonly ids = new Map<string, number>();
  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) this.ids.set(value, (id = this.ids.size));
    return id;
  }
  /** The id of a value, or MISSING. */
  find(value: string): number {
    return this.ids.get(value) ?? MISSING;
  }
}

function bucketOf(postcode: number, houseNumber: number, mask: number): number {
  let h = Math.imul(postcode ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(houseNumber, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x27d4eb2f);
  return (h ^ (h >>> 13)) & mask;
}

export class RegisterMatcher {
  private readonly byId: Database.Statement;
  private readonly postcodes = new Interned();
  private readonly parts = new Interned();
  private readonly rowId: Uint32Array | Float64Array;
  private readonly postcode: Int32Array;
  private readonly houseNumber: Int32Array;
  private readonly letter: Int32Array;
  private readonly suffix: Int32Array;
  private readonly next: Int32Array;
  private readonly head: Int32Array;

  constructor(
    db: Database.Database,
    private readonly registerId: number,
  ) {
    this.byId = db.prepare('SELECT id FROM register_addresses WHERE register_id = ? AND address_id = ?').pluck();
    const n = db.prepare('SELECT count(*) FROM register_addresses WHERE register_id = ?').pluck().get(registerId) as number;
    const [maxId] = db.prepare('SELECT max(id) FROM register_addresses WHERE register_id = ?').raw().get(registerId) as [number | null];
    this.rowId = (maxId ?? 0) > 0xffffffff ? new Float64Array(n) : new Uint32Array(n);
    this.postcode = new Int32Array(n);
    this.houseNumber = new Int32Array(n);
    this.letter = new Int32Array(n);
    this.suffix = new Int32Array(n);
    this.next = new Int32Array(n);
    let size = 1024;
    while (size < n) size *= 2;
    this.head = new Int32Array(size).fill(-1);
    const rows = db
      .prepare(`SELECT id, postcode, house_number, upper(coalesce(house_letter, '')), upper(coalesce(house_number_suffix, ''))
      FROM register_addresses WHERE register_id = ? AND postcode IS NOT NULL AND house_number IS NOT NULL`)
      .raw();
    let i = 0;
    for (const [id, postcode, houseNumber, letter, suffix] of rows.iterate(registerId) as Iterable<
      [number, string, number, string, string]
    >) {
      this.rowId[i] = id;
      this.postcode[i] = this.postcodes.id(postcode);
      this.houseNumber[i] = houseNumber;
      this.letter[i] = this.parts.id(letter);
      this.suffix[i] = this.parts.id(suffix);
      const bucket = bucketOf(this.postcode[i], houseNumber, size - 1);
      this.next[i] = this.head[bucket];
      this.head[bucket] = i++;
    }
  }

  /** Register address rows (register_addresses.id) with this address_id: none or one. */
  withId(addressId: string): number[] {
    return this.byId.all(this.registerId, addressId) as number[];
  }

  /**
   * Register address rows with this key. `letter`/`suffix` undefined: the list has no such column,
   * so any value fits; null or text: must equal the register's (upper-cased, '' for none).
   */
  withKey(postcode: string, houseNumber: number, letter: string | undefined, suffix: string | undefined): number[] {
    const found: number[] = [];
    const p = this.postcodes.find(postcode);
    if (p === MISSING) return found;
    // A letter or suffix the register never uses (MISSING) fits no address.
    const l = letter === undefined ? ANY : this.parts.find(letter);
    const s = suffix === undefined ? ANY : this.parts.find(suffix);
    for (let i = this.head[bucketOf(p, houseNumber, this.head.length - 1)]; i >= 0; i = this.next[i]) {
      if (this.postcode[i] !== p || this.houseNumber[i] !== houseNumber) continue;
      if ((l === ANY || this.letter[i] === l) && (s === ANY || this.suffix[i] === s)) found.push(this.rowId[i]);
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
