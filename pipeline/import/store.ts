// Every SQL statement of the import, prepared once: releases, address inserts, merges,
// aggregates, and dropping/rebuilding address indexes around a bulk load.
import type Database from 'better-sqlite3';
import { buildIndexes } from './build-indexes.ts';
import { type HexColumns, hexInsertSql, hexRowsOf } from '../../common/hex-counts.ts';
import { decodeOffers } from '../../common/offers.ts';
import type { Offer } from '../../common/types.ts';
import type { AreaGeometry } from '../boundaries/geometry.ts';
import type { AddressRecord, BestOffer } from './address.ts';
import { finestCellKey } from '../../common/hex-key.ts';
import { OfferSets } from './offer-sets.ts';
import type { PlaceRow } from './place-counts.ts';

type DB = Database.Database;

const ADDRESS_COLUMNS = [
  'id',
  'release_id',
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
  'best_down',
  'best_up',
  'best_technology',
  'down_class',
  'up_class',
  'fixed_down_class',
  'fixed_up_class',
  'offers',
  'offer_set',
] as const;
/**
 * The columns of an address of a shared register, in addSharedAddresses's order: address_id is '' (the
 * column is NOT NULL; the view takes it from the register), the rest of the address's own columns NULL.
 */
const SHARED_COLUMNS = [
  'id',
  'release_id',
  'address_id',
  'area_code',
  'lon',
  'lat',
  ...ADDRESS_COLUMNS.slice(ADDRESS_COLUMNS.indexOf('best_down')),
  'register_row',
];
/**
 * Address indexes kept while a shared release's rows are written (dropAddressIndexes): the partial ones of
 * rows holding their own address, which those rows never enter (addresses_by_grid among them: their
 * positions are in the register's grid index), and those led by the area and classes, to which a release's
 * rows are appended at a few thousand places whose pages stay cached. Rebuilding either kind reads and
 * sorts the whole table (9.6 M rows: keeping the latter costs 3.9 s more of inserting and saves 9.8 s of
 * rebuilding).
 */
const KEPT_FOR_SHARED_ROWS = new Set([
  'addresses_by_id',
  'addresses_by_postcode',
  'addresses_by_grid',
  'addresses_uncovered',
  'addresses_uncovered_fixed',
]);
/**
 * New addresses written per INSERT: the 21 columns of 2 M addresses into a bare table took 5.99-6.24 s
 * against 7.10-8.35 s one to a statement (672 variables of SQLite's 32,766).
 */
const ROWS_PER_INSERT = 32;
/** hex_stats rows written per INSERT (as ROWS_PER_INSERT for addresses), and the values of one. */
const HEX_ROWS_PER_INSERT = 32;
const HEX_COLUMNS = 10;
/** The columns loadAddress reads, in its order: the address's own (address_id to lat), then its offers. */
const LOADED_COLUMNS = [...ADDRESS_COLUMNS.slice(ADDRESS_COLUMNS.indexOf('address_id'), ADDRESS_COLUMNS.indexOf('lat') + 1), 'offers'];
/** The tables an import fills for a release. */
const IMPORT_TABLES = ['address_rows', 'area_stats', 'provider_stats', 'hex_stats', 'place_stats'] as const;

export interface AggregateRows {
  /** fixedOnly 1: classes of the best non-wireless offer (see common/schema.ts). */
  area: { level: string; areaCode: string; fixedOnly: 0 | 1; technology: string; downClass: number; upClass: number; addresses: number }[];
  provider: { level: string; areaCode: string; provider: string; downClass: number; upClass: number; addresses: number }[];
  hex: HexColumns;
  place: PlaceRow[];
}

export interface ReleaseCounts {
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  addresses: number;
  covered: number;
  uncovered: number;
}

export interface StoredArea {
  code: string;
  parentCode: string | null;
  geometry: AreaGeometry;
}

export class ImportStore {
  private readonly insertAddress: Database.Statement;
  private readonly insertAddresses: Database.Statement;
  /** Values of the addresses addAddress has not written yet (fewer than ROWS_PER_INSERT), in ADDRESS_COLUMNS order. */
  private readonly pending: unknown[] = [];
  private readonly selectAddress: Database.Statement;
  private readonly updateAddressStatement: Database.Statement;
  private readonly codes: string[];
  private readonly offerSets: OfferSets;
  private readonly areaByCode: Map<string, number>;
  private releaseId = 0;
  /** The statements of addSharedAddresses, made on its first call. */
  private sharedRows: {
    current: { from: number; listOf: Int32Array };
    clear: Database.Statement;
    list: Database.Statement;
    rows: Database.Statement;
  } | null = null;

  constructor(
    private readonly db: DB,
    areas: readonly StoredArea[],
  ) {
    this.codes = areas.map((a) => a.code);
    this.offerSets = new OfferSets(db);
    this.areaByCode = new Map(this.codes.map((c, i) => [c, i]));
    const row = `(${ADDRESS_COLUMNS.map(() => '?').join(',')})`;
    this.insertAddress = db.prepare(`INSERT INTO address_rows (${ADDRESS_COLUMNS.join(',')}) VALUES ${row}`);
    // OR IGNORE: a statement that cannot fail half-way writes no statement journal (a plain one did, and
    // was slower); every row it leaves out is counted by flushAddresses, which refuses the load then.
    this.insertAddresses = db.prepare(
      `INSERT OR IGNORE INTO address_rows (${ADDRESS_COLUMNS.join(',')}) VALUES ${Array(ROWS_PER_INSERT).fill(row).join(',')}`,
    );
    // Only what an address record holds, as an array (raw): read once per merge of a later file's rows.
    this.selectAddress = db.prepare(`SELECT ${LOADED_COLUMNS.join(',')} FROM addresses WHERE id = ?`).raw();
    this.updateAddressStatement = db.prepare(`UPDATE address_rows SET best_down = ?, best_up = ?, best_technology = ?,
      down_class = ?, up_class = ?, fixed_down_class = ?, fixed_up_class = ?, offers = ?, offer_set = ? WHERE id = ?`);
  }

  /** The areas addresses are assigned to (the first level), with their parents. */
  static leafAreas(db: DB, level: string): StoredArea[] {
    return (
      db.prepare('SELECT code, parent_code, geometry FROM areas WHERE level = ? ORDER BY code').all(level) as {
        code: string;
        parent_code: string | null;
        geometry: string;
      }[]
    ).map((r) => ({ code: r.code, parentCode: r.parent_code, geometry: JSON.parse(r.geometry) as AreaGeometry }));
  }

  /** Level of an area code, or null when no such area is loaded. */
  levelOf(code: string): string | null {
    return (this.db.prepare('SELECT level FROM areas WHERE code = ?').pluck().get(code) as string | undefined) ?? null;
  }

  /**
   * Creates the release row, or empties an existing one of the same label (keeping its id) by
   * deleting its rows from the import's tables. Tables built after the load (clusters) clear their
   * own rows for the release when they are rebuilt.
   */
  openRelease(label: string, asOf: string | null, synthetic: boolean, files: string[], registerId: number | null = null): number {
    const existing = this.db.prepare('SELECT id FROM releases WHERE label = ?').pluck().get(label) as number | undefined;
    const now = new Date().toISOString();
    if (existing === undefined) {
      this.releaseId = Number(
        this.db
          .prepare(`INSERT INTO releases (label, as_of, synthetic, source_files, rows_read,
        rows_accepted, rows_rejected, addresses, covered, uncovered, imported_at, register_id) VALUES (?, ?, ?, ?, 0, 0, 0, 0, 0, 0, ?, ?)`)
          .run(label, asOf, synthetic ? 1 : 0, JSON.stringify(files), now, registerId).lastInsertRowid,
      );
      return this.releaseId;
    }
    this.releaseId = existing;
    this.db
      .prepare('UPDATE releases SET as_of = ?, synthetic = ?, source_files = ?, imported_at = ?, register_id = ? WHERE id = ?')
      .run(asOf, synthetic ? 1 : 0, JSON.stringify(files), now, registerId, existing);
    for (const table of IMPORT_TABLES) this.db.prepare(`DELETE FROM ${table} WHERE release_id = ?`).run(existing);
    return existing;
  }

  /** Addresses of all other releases: decides whether rebuilding indexes after the load pays off. */
  otherAddresses(): number {
    // From the releases' counts: no index of address_rows is both led by the release and small enough to count through.
    return this.db.prepare('SELECT COALESCE(SUM(addresses), 0) FROM releases WHERE id <> ?').pluck().get(this.releaseId) as number;
  }

  nextAddressId(): number {
    return ((this.db.prepare('SELECT max(id) FROM address_rows').pluck().get() as number | null) ?? 0) + 1;
  }

  /**
   * Drops the address indexes and returns the SQL that rebuilds them. `shared`: the rows to come share a
   * register, so the indexes in KEPT_FOR_SHARED_ROWS stay.
   */
  dropAddressIndexes(shared = false): string[] {
    const indexes = (
      this.db
        .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'address_rows'
      AND sql IS NOT NULL`)
        .all() as { name: string; sql: string }[]
    ).filter((i) => !(shared && KEPT_FOR_SHARED_ROWS.has(i.name)));
    for (const index of indexes) this.db.exec(`DROP INDEX "${index.name}"`);
    return indexes.map((i) => i.sql);
  }

  rebuildIndexes(sql: string[]): void {
    buildIndexes(this.db, sql);
  }

  /**
   * Writes a new address with its best offer (bestOffer of its offers): ROWS_PER_INSERT at a time, so
   * the rows are in the table after flushAddresses (which every read and update of address_rows here runs first).
   */
  addAddress(r: AddressRecord, best: BestOffer): void {
    this.addAddressWith(r, this.bestColumns(r.offers, best));
  }

  /** addAddress with the best-offer columns and the offers given (bestColumns of its offers, worked out once per list). */
  addAddressWith(r: AddressRecord, columns: readonly unknown[]): void {
    const p = this.pending;
    p.push(
      r.id,
      this.releaseId,
      r.addressId,
      r.postcode,
      r.houseNumber,
      r.houseLetter,
      r.suffix,
      r.street,
      r.city,
      this.codes[r.area],
      r.lon,
      r.lat,
      ...columns,
    );
    if (p.length === ROWS_PER_INSERT * ADDRESS_COLUMNS.length) {
      const written = this.insertAddresses.run(p).changes;
      if (written !== ROWS_PER_INSERT) throw new Error(`${ROWS_PER_INSERT - written} of ${ROWS_PER_INSERT} address rows were not written`);
      p.length = 0;
    }
  }

  /** Writes the addresses addAddress holds back. */
  flushAddresses(): void {
    const p = this.pending;
    for (let at = 0; at < p.length; at += ADDRESS_COLUMNS.length) this.insertAddress.run(p.slice(at, at + ADDRESS_COLUMNS.length));
    p.length = 0;
  }

  /**
   * Writes register `registerId`'s rows `from`..`to` as addresses of the release sharing them
   * (common/schema.ts, migration 17), in one INSERT … SELECT: row r becomes row r + `offset`, with the
   * offers and best offer of `lists[listOf[r - from]]`. The lists go to a temporary table first, each
   * once, so the rows never pass through JavaScript. Returns the rows written.
   */
  addSharedAddresses(
    registerId: number,
    from: number,
    to: number,
    offset: number,
    listOf: Int32Array,
    lists: readonly { offers: readonly Offer[]; best: BestOffer }[],
  ): number {
    if (!this.sharedRows) {
      // The best-offer columns and the offers, as bestColumns gives them.
      const listColumns = SHARED_COLUMNS.slice(SHARED_COLUMNS.indexOf('best_down'), -1);
      this.db.exec(`CREATE TEMP TABLE IF NOT EXISTS join_lists (list INTEGER PRIMARY KEY, ${listColumns.join(', ')})`);
      const current = { from: 0, listOf: new Int32Array(0) };
      // The list number of a register row of the current chunk.
      this.db.function('atlas_join_list', (row) => current.listOf[(row as number) - current.from]);
      this.sharedRows = {
        current,
        clear: this.db.prepare('DELETE FROM temp.join_lists'),
        list: this.db.prepare(`INSERT INTO temp.join_lists VALUES (${['list', ...listColumns].map(() => '?').join(', ')})`),
        // CROSS JOIN: the register's rows in rowid order, each list found by its key. OR IGNORE: a statement
        // that cannot abort needs no statement journal, which SQLite otherwise fills with the pages of the kept
        // indexes that it changes (1.5 s of writes to a temporary file in a national join). No row can be
        // skipped (the values come from NOT NULL columns and the ids are new); the count below checks it.
        rows: this.db.prepare(`INSERT OR IGNORE INTO address_rows (${SHARED_COLUMNS.join(', ')})
          SELECT r.id + $offset, $release, '', r.area_code, r.lon, r.lat, ${listColumns.map((c) => `l.${c}`).join(', ')}, r.id
          FROM register_addresses AS r NOT INDEXED CROSS JOIN temp.join_lists AS l ON l.list = atlas_join_list(r.id)
          WHERE r.register_id = $register AND r.id BETWEEN $from AND $to ORDER BY r.id`),
      };
    }
    const { current, clear, list, rows } = this.sharedRows;
    clear.run();
    for (const [i, l] of lists.entries()) list.run(i, ...this.bestColumns(l.offers, l.best));
    current.from = from;
    current.listOf = listOf;
    const written = rows.run({ offset, release: this.releaseId, register: registerId, from, to }).changes;
    current.listOf = new Int32Array(0);
    if (written !== listOf.length) throw new Error(`join: register rows ${from}..${to} gave ${written} addresses, not ${listOf.length}`);
    return written;
  }

  /** Records that the release's rows are its register's rows plus `offset` (common/shared-register.ts). */
  setRegisterOffset(offset: number | null): void {
    this.db.prepare('UPDATE releases SET register_offset = ? WHERE id = ?').run(offset, this.releaseId);
  }

  /** The best-offer columns and the offers, in ADDRESS_COLUMNS order (also what updateAddress sets; addAddressWith takes them). */
  bestColumns(offers: readonly Offer[], best: BestOffer): unknown[] {
    return [
      best.down,
      best.up,
      best.technology,
      best.downClass,
      best.upClass,
      best.fixedDownClass,
      best.fixedUpClass,
      ...this.offerSets.stored(offers),
    ];
  }

  /**
   * A written address read back, to merge rows that arrive later for it. `near` is the position of
   * the row that asks, with its finest cell key (NaN when not known): the key is reused when the
   * stored position is the same, instead of being computed again.
   */
  loadAddress(id: number, near: { lon: number; lat: number; cell: number }): AddressRecord {
    this.flushAddresses();
    const [addressId, postcode, houseNumber, houseLetter, suffix, street, city, areaCode, lon, lat, offers] = this.selectAddress.get(
      id,
    ) as [string, string | null, number | null, string | null, string | null, string | null, string | null, string, number, number, string];
    const samePlace = lon === near.lon && lat === near.lat && !Number.isNaN(near.cell);
    return {
      id,
      addressId,
      postcode,
      houseNumber,
      houseLetter,
      suffix,
      street,
      city,
      area: this.areaByCode.get(areaCode) ?? -1,
      lon,
      lat,
      cell: samePlace ? near.cell : finestCellKey(lat, lon),
      offers: decodeOffers(offers),
    };
  }

  updateAddress(r: AddressRecord, best: BestOffer): void {
    this.flushAddresses();
    this.updateAddressStatement.run(...this.bestColumns(r.offers, best), r.id);
  }

  writeAggregates(rows: AggregateRows): void {
    const area = this.db.prepare(`INSERT INTO area_stats (release_id, level, area_code, fixed_only, technology, down_class,
      up_class, addresses) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const r of rows.area)
      area.run(this.releaseId, r.level, r.areaCode, r.fixedOnly, r.technology, r.downClass, r.upClass, r.addresses);
    const provider = this.db.prepare(`INSERT INTO provider_stats (release_id, level, area_code, provider, down_class,
      up_class, addresses) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    for (const r of rows.provider) provider.run(this.releaseId, r.level, r.areaCode, r.provider, r.downClass, r.upClass, r.addresses);
    // HEX_ROWS_PER_INSERT rows a statement, the rest one by one.
    const hexRows = this.db.prepare(hexInsertSql('hex_stats', HEX_ROWS_PER_INSERT));
    const hex = this.db.prepare(hexInsertSql('hex_stats'));
    const values: unknown[] = [];
    for (const r of hexRowsOf(rows.hex)) {
      values.push(this.releaseId, r.res, r.fixedOnly, r.cell, r.technology, r.downClass, r.upClass, r.addresses, r.lon, r.lat);
      if (values.length === HEX_ROWS_PER_INSERT * HEX_COLUMNS) {
        hexRows.run(values);
        values.length = 0;
      }
    }
    for (let at = 0; at < values.length; at += HEX_COLUMNS) hex.run(values.slice(at, at + HEX_COLUMNS));
    const place = this.db.prepare(`INSERT INTO place_stats (release_id, area_code, name, addresses, sum_lon, sum_lat)
      VALUES (?, ?, ?, ?, ?, ?)`);
    for (const r of rows.place) place.run(this.releaseId, r.areaCode, r.name, r.addresses, r.sumLon, r.sumLat);
  }

  /** `locationPrecision`: null for positions as given, 'h3r8' for H3 cell centres (common/schema.ts). */
  closeRelease(counts: ReleaseCounts, locationPrecision: string | null = null): void {
    this.db
      .prepare(`UPDATE releases SET rows_read = ?, rows_accepted = ?, rows_rejected = ?, addresses = ?, covered = ?,
      uncovered = ?, location_precision = ? WHERE id = ?`)
      .run(
        counts.rowsRead,
        counts.rowsAccepted,
        counts.rowsRejected,
        counts.addresses,
        counts.covered,
        counts.uncovered,
        locationPrecision,
        this.releaseId,
      );
  }
}
