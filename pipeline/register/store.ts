// Every SQL statement of a register load: the registers row, its addresses, and replacing a
// register of the same label (keeping its id, so releases keep referring to it; releases sharing its
// addresses get their own copy of them first).
import type Database from 'better-sqlite3';
import { detachReleases } from './detach-releases.ts';

type DB = Database.Database;

const COLUMNS = [
  'register_id',
  'address_id',
  'postcode',
  'house_number',
  'house_letter',
  'house_number_suffix',
  'street',
  'city',
  'area_code',
  'lon',
  'lat',
  'cell',
  'side_address',
] as const;

export interface RegisterCounts {
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  addresses: number;
  duplicates: number;
  byName: number;
  byPolygon: number;
  snapped: number;
  disagreements: number;
}

export class RegisterStore {
  private readonly insert: Database.Statement;
  private registerId = 0;

  constructor(private readonly db: DB) {
    // A repeated address_id is skipped by the unique index: the first row is kept.
    this.insert = db.prepare(`INSERT INTO register_addresses (${COLUMNS.join(',')}) VALUES (${COLUMNS.map(() => '?').join(',')})
      ON CONFLICT (register_id, address_id) DO NOTHING`);
  }

  /** Creates the register row, or empties the register of that label (keeping its id). */
  open(label: string, asOf: string | null, formats: string[], files: string[]): number {
    const existing = this.db.prepare('SELECT id FROM registers WHERE label = ?').pluck().get(label) as number | undefined;
    const now = new Date().toISOString();
    if (existing === undefined) {
      this.registerId = Number(
        this.db
          .prepare(`INSERT INTO registers (label, as_of, formats, source_files, rows_read, rows_accepted,
        rows_rejected, addresses, duplicates, by_name, by_polygon, snapped, disagreements, imported_at)
        VALUES (?, ?, ?, ?, 0, 0, 0, 0, 0, 0, 0, 0, 0, ?)`)
          .run(label, asOf, JSON.stringify(formats), JSON.stringify(files), now).lastInsertRowid,
      );
      return this.registerId;
    }
    this.registerId = existing;
    this.db
      .prepare('UPDATE registers SET as_of = ?, formats = ?, source_files = ?, imported_at = ? WHERE id = ?')
      .run(asOf, JSON.stringify(formats), JSON.stringify(files), now, existing);
    detachReleases(this.db, existing);
    this.db.prepare('DELETE FROM register_addresses WHERE register_id = ?').run(existing);
    return existing;
  }

  /**
   * Adds an address from a batch (batch-reader.ts): TEXTS text fields at `text[t]`, NUMBERS numbers
   * at `numbers[n]`. False when the register already holds its address_id (a duplicate).
   */
  addFrom(text: readonly (string | null)[], t: number, numbers: Float64Array, n: number): boolean {
    const houseNumber = numbers[n];
    const side = numbers[n + 4];
    return (
      this.insert.run(
        this.registerId,
        text[t],
        text[t + 1],
        Number.isNaN(houseNumber) ? null : houseNumber,
        text[t + 2],
        text[t + 3],
        text[t + 4],
        text[t + 5],
        text[t + 6],
        numbers[n + 1],
        numbers[n + 2],
        numbers[n + 3],
        Number.isNaN(side) ? null : side,
      ).changes === 1
    );
  }

  /** Rows of the other registers: decides whether rebuilding the lookup index after the load pays off. */
  otherRows(): number {
    return this.db.prepare('SELECT count(*) FROM register_addresses WHERE register_id <> ?').pluck().get(this.registerId) as number;
  }

  /**
   * Drops the register's non-unique indexes and returns the SQL that rebuilds them. The unique index
   * stays: it is what finds a repeated address_id.
   */
  dropLookupIndexes(): string[] {
    const indexes = this.db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'register_addresses'
      AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'`)
      .all() as { name: string; sql: string }[];
    for (const index of indexes) this.db.exec(`DROP INDEX "${index.name}"`);
    return indexes.map((i) => i.sql);
  }

  rebuildIndexes(sql: string[]): void {
    for (const statement of sql) this.db.exec(statement);
  }

  setFormats(formats: string[]): void {
    this.db.prepare('UPDATE registers SET formats = ? WHERE id = ?').run(JSON.stringify(formats), this.registerId);
  }

  close(c: RegisterCounts): void {
    this.db
      .prepare(`UPDATE registers SET rows_read = ?, rows_accepted = ?, rows_rejected = ?, addresses = ?, duplicates = ?,
      by_name = ?, by_polygon = ?, snapped = ?, disagreements = ? WHERE id = ?`)
      .run(
        c.rowsRead,
        c.rowsAccepted,
        c.rowsRejected,
        c.addresses,
        c.duplicates,
        c.byName,
        c.byPolygon,
        c.snapped,
        c.disagreements,
        this.registerId,
      );
  }
}
