// Finds the register addresses a coverage-list row fits, exactly on the normalised key: by the
// register's address_id, or by postcode + house number and, when the list has those columns,
// house letter and suffix compared case-insensitively. One fit matches; none is unmatched; more
// than one (a list without letters, say, at a number with 12 and 12A) is ambiguous.
import type Database from 'better-sqlite3';

export interface RegisterRef {
  id: number;
  label: string;
}

export class RegisterMatcher {
  private readonly byId: Database.Statement;
  private readonly byNumber: Database.Statement;

  constructor(db: Database.Database, private readonly registerId: number) {
    this.byId = db.prepare('SELECT id FROM register_addresses WHERE register_id = ? AND address_id = ?').pluck();
    this.byNumber = db.prepare(`SELECT id, upper(coalesce(house_letter, '')) AS letter, upper(coalesce(house_number_suffix, '')) AS suffix
      FROM register_addresses WHERE register_id = ? AND postcode = ? AND house_number = ?`).raw();
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
    for (const [id, l, s] of this.byNumber.all(this.registerId, postcode, houseNumber) as [number, string, string][]) {
      if ((letter === undefined || letter === l) && (suffix === undefined || suffix === s)) found.push(id);
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
