// Every SQL statement of a register load: the registers row, its addresses, and replacing a
// register of the same label (keeping its id, so releases keep referring to it; releases sharing its
// addresses get their own copy of them first).
import type Database from 'better-sqlite3';
import { buildIndexes } from '../import/build-indexes.ts';
import { NUMBERS, TEXTS } from './batch-reader.ts';
import { detachReleases } from './detach-releases.ts';
import { deleteMatchKeys } from './match-keys.ts';
import { deleteRegisterPoints } from './point-index.ts';

type DB = Database.Database;

/** The columns of an address row after register_id (written into the statement, the same for every row). */
const COLUMNS = [
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

/** Rows per INSERT statement: one statement per row costs more in the calls than in SQLite. */
const CHUNK = 64;

/**
 * An INSERT of `rows` rows of a register; a repeated address_id is skipped by the unique index (the first row
 * is kept). OR IGNORE rather than ON CONFLICT DO NOTHING: a statement that cannot abort needs no statement
 * journal, which SQLite otherwise fills with every index page the statement changes, 2.8 s of writes to a
 * temporary file in a national load. The reader never hands over a NULL for a NOT NULL column (which OR
 * IGNORE would skip silently), and findDuplicates checks that every skipped row was a repeat.
 */
function insertRows(db: DB, registerId: number, rows: number): Database.Statement {
  const row = `(${Math.trunc(registerId)},${COLUMNS.map(() => '?').join(',')})`;
  return db.prepare(
    `INSERT OR IGNORE INTO register_addresses (register_id,${COLUMNS.join(',')}) VALUES ${Array(rows).fill(row).join(',')}`,
  );
}

export class RegisterStore {
  private insertOne: Database.Statement | null = null;
  private insertChunk: Database.Statement | null = null;
  private readonly idOf: Database.Statement;
  private readonly chunkValues = new Array<unknown>(CHUNK * COLUMNS.length);
  private readonly rowValues = new Array<unknown>(COLUMNS.length);
  private registerId = 0;
  /** The highest row id in the table: every row inserted after has a higher one. */
  private maxId = 0;
  /** The id the register's first row gets: its rows are numbered on from the highest id at its start. */
  firstId = 1;

  /** `areaCodes[i]` is the code of area i of a batch's rows. */
  constructor(
    private readonly db: DB,
    private readonly areaCodes: readonly string[],
  ) {
    this.idOf = db.prepare('SELECT id FROM register_addresses WHERE register_id = ? AND address_id = ?').pluck();
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
      this.opened();
      return this.registerId;
    }
    this.registerId = existing;
    this.db
      .prepare('UPDATE registers SET as_of = ?, formats = ?, source_files = ?, imported_at = ? WHERE id = ?')
      .run(asOf, JSON.stringify(formats), JSON.stringify(files), now, existing);
    detachReleases(this.db, existing);
    this.db.prepare('DELETE FROM register_addresses WHERE register_id = ?').run(existing);
    deleteMatchKeys(this.db, existing);
    deleteRegisterPoints(this.db, existing);
    this.opened();
    return existing;
  }

  /** Once the register's id is known: the insert statements, and the highest row id so far. */
  private opened(): void {
    this.insertOne = insertRows(this.db, this.registerId, 1);
    this.insertChunk = insertRows(this.db, this.registerId, CHUNK);
    this.maxId = (this.db.prepare('SELECT max(id) FROM register_addresses').pluck().get() as number | null) ?? 0;
    this.firstId = this.maxId + 1;
  }

  /** The highest row id so far: with firstId, which ids the register's rows have. */
  get lastId(): number {
    return this.maxId;
  }

  /**
   * Adds `count` addresses from a batch (batch-reader.ts): TEXTS text fields per row in `text`,
   * NUMBERS numbers per row in `numbers`. Sets `duplicate[r]` to 1 for each row whose address_id
   * the register already holds (from an earlier row), else 0; returns how many were.
   */
  addRows(text: readonly (string | null)[], numbers: Float64Array, count: number, duplicate: Uint8Array): number {
    if (!this.insertOne || !this.insertChunk) throw new Error('RegisterStore.addRows before open');
    let duplicates = 0;
    let r = 0;
    for (; r + CHUNK <= count; r += CHUNK) {
      for (let k = 0; k < CHUNK; k++) this.bind(this.chunkValues, text, numbers, r + k, k * COLUMNS.length);
      const { changes, lastInsertRowid } = this.insertChunk.run(this.chunkValues);
      if (changes === CHUNK) duplicate.fill(0, r, r + CHUNK);
      else duplicates += this.findDuplicates(text, r, CHUNK, changes, duplicate);
      if (changes > 0) this.maxId = Number(lastInsertRowid);
    }
    for (; r < count; r++) {
      this.bind(this.rowValues, text, numbers, r, 0);
      const { changes, lastInsertRowid } = this.insertOne.run(this.rowValues);
      if (changes === 1) duplicate[r] = 0;
      else duplicates += this.findDuplicates(text, r, 1, changes, duplicate);
      if (changes > 0) this.maxId = Number(lastInsertRowid);
    }
    return duplicates;
  }

  /** Puts row r's values in `values` from position v. */
  private bind(values: unknown[], text: readonly (string | null)[], numbers: Float64Array, r: number, v: number): void {
    const t = r * TEXTS;
    const n = r * NUMBERS;
    const houseNumber = numbers[n];
    const side = numbers[n + 4];
    values[v] = text[t];
    values[v + 1] = text[t + 1];
    values[v + 2] = Number.isNaN(houseNumber) ? null : houseNumber;
    values[v + 3] = text[t + 2];
    values[v + 4] = text[t + 3];
    values[v + 5] = text[t + 4];
    values[v + 6] = text[t + 5];
    values[v + 7] = this.areaCodes[numbers[n + 5]];
    values[v + 8] = numbers[n + 1];
    values[v + 9] = numbers[n + 2];
    values[v + 10] = numbers[n + 3];
    values[v + 11] = Number.isNaN(side) ? null : side;
  }

  /**
   * After the `rows` rows from row `first` inserted only `inserted`: which of them were skipped. A row is
   * a duplicate when the row holding its address_id was there before the statement (ids only grow), or
   * when an earlier row of the statement has the same address_id. Any other skipped row is a bug (OR
   * IGNORE would skip it silently), so the counts must agree.
   */
  private findDuplicates(text: readonly (string | null)[], first: number, rows: number, inserted: number, duplicate: Uint8Array): number {
    const seen = new Set<string>();
    let duplicates = 0;
    for (let r = first; r < first + rows; r++) {
      const id = text[r * TEXTS] as string;
      const dup = seen.has(id) || (this.idOf.get(this.registerId, id) as number) <= this.maxId;
      seen.add(id);
      duplicate[r] = dup ? 1 : 0;
      if (dup) duplicates++;
    }
    if (duplicates !== rows - inserted) {
      throw new Error(`register load: ${rows - inserted} of ${rows} rows from row ${first} were skipped, ${duplicates} of them repeats`);
    }
    return duplicates;
  }

  /** Rows of the other registers: decides whether rebuilding the lookup and grid indexes after the load pays off. */
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
    buildIndexes(this.db, sql);
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
