// The SQLite schema, in one place: tables, migrations and the version check.
// Writers (pipeline/) migrate; the server opens read-only and refuses a version it does not know.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import {
  ADDRESS_GRID_COLUMNS,
  ADDRESS_GRID_PER_DEGREE,
  ADDRESS_LEVEL,
  DOWN_THRESHOLDS,
  UP_THRESHOLDS,
  WIRELESS_TECHNOLOGIES,
} from './constants.ts';
import { readDefinitions } from './definitions.ts';
import { rebuildHexStats } from './hex-stats-migration.ts';
import { uncoveredIndexesSql } from './uncovered-index.ts';

type DB = Database.Database;

/**
 * SQL of an address's grid key: row (from the south pole) × ADDRESS_GRID_COLUMNS + column (from
 * 180° W), over the columns lon and lat. A query must spell it exactly so to use addresses_by_grid.
 */
export const ADDRESS_GRID_SQL = gridKeySql('');

/** ADDRESS_GRID_SQL over the columns of a table named in a join (`r.` for `r.lat` and `r.lon`); it uses the same indexes. */
export function gridKeySql(prefix: string): string {
  // Both offsets are >= 0, so CAST truncates as floor would.
  return `(CAST((${prefix}lat + 90) * ${ADDRESS_GRID_PER_DEGREE} AS INTEGER) * ${ADDRESS_GRID_COLUMNS} + CAST((${prefix}lon + 180) * ${ADDRESS_GRID_PER_DEGREE} AS INTEGER))`;
}

/** A migration: SQL, or SQL and then a step that computes what SQL cannot (H3 cells). */
type Migration = string | { sql: string; after: (db: DB) => void };

/** SQL for speedClass(expr, thresholds) (common/constants.ts). */
function classSql(expr: string, thresholds: readonly number[]): string {
  return `CASE ${thresholds
    .map((t, k) => `WHEN ${expr} >= ${t} THEN ${k + 1}`)
    .reverse()
    .join(' ')} ELSE 0 END`;
}

const WIRELESS_SQL = WIRELESS_TECHNOLOGIES.map((t) => `'${t}'`).join(', ');
/** True when an address's offers (JSON text) name a wireless technology: a cheap test before reading them. */
const HAS_WIRELESS = WIRELESS_TECHNOLOGIES.map((t) => `instr(offers, '"${t}"') > 0`).join(' OR ');
const offerDown = "json_extract(value, '$[2]')";
const offerUp = "json_extract(value, '$[3]')";
const offerFixed = `json_extract(value, '$[1]') NOT IN (${WIRELESS_SQL})`;
/** Upload class of the best upload among the offers (passing `where`) in download class `downClass`. */
const upClassIn = (downClass: string, where: string) =>
  classSql(
    `COALESCE((SELECT MAX(${offerUp}) FROM json_each(addresses.offers) WHERE ${where} AND ${classSql(offerDown, DOWN_THRESHOLDS)} = ${downClass}), 0)`,
    UP_THRESHOLDS,
  );
/** area_stats rows of one class basis from the addresses, rolled up to the parents and the whole set as the import does. */
const rolledAreaStats = (fixed: 0 | 1, down: string, up: string) => `
  WITH g AS (
    SELECT release_id AS r, area_code AS c, best_technology AS t, ${down} AS d, ${up} AS u, COUNT(*) AS n
      FROM addresses GROUP BY 1, 2, 3, 4, 5
  ), rolled AS (
    SELECT g.r, COALESCE(a.level, '${ADDRESS_LEVEL}') AS level, g.c AS code, g.t, g.d, g.u, g.n FROM g LEFT JOIN areas a ON a.code = g.c
    UNION ALL SELECT r, 'all', '', t, d, u, n FROM g
    UNION ALL SELECT g.r, COALESCE(p.level, 'parent'), a.parent_code, g.t, g.d, g.u, g.n
      FROM g JOIN areas a ON a.code = g.c LEFT JOIN areas p ON p.code = a.parent_code WHERE a.parent_code IS NOT NULL
  )
  INSERT INTO area_stats_v5 SELECT r, level, code, ${fixed}, t, d, u, SUM(n) FROM rolled GROUP BY r, level, code, t, d, u;`;

/**
 * The view `addresses` over address_rows (migration 17): an address's own columns from the register row it
 * refers to, else from the row; with `offerSets` (migration 18) its offers from offer_sets, else from the row.
 */
export function addressesView(offerSets: boolean): string {
  return `CREATE VIEW addresses AS
    SELECT a.id, a.release_id, COALESCE(r.address_id, a.address_id) AS address_id, COALESCE(r.postcode, a.postcode) AS postcode,
           COALESCE(r.house_number, a.house_number) AS house_number, COALESCE(r.house_letter, a.house_letter) AS house_letter,
           COALESCE(r.house_number_suffix, a.house_number_suffix) AS house_number_suffix, COALESCE(r.street, a.street) AS street,
           COALESCE(r.city, a.city) AS city, a.area_code, a.lon, a.lat, a.best_down, a.best_up, a.best_technology,
           a.down_class, a.up_class, ${offerSets ? 'COALESCE(o.offers, a.offers)' : 'a.offers'} AS offers, a.fixed_down_class,
           a.fixed_up_class, a.register_row
      FROM address_rows a LEFT JOIN register_addresses r ON r.id = a.register_row${offerSets ? ' LEFT JOIN offer_sets o ON o.id = a.offer_set' : ''};`;
}

/**
 * Ordered migrations; a database records the last one applied in `PRAGMA user_version`.
 * Append new ones, never edit a published one.
 *
 * Layout, and why:
 * - `addresses` holds one row per address and release, appended in import order (rowid), with the
 *   best offer already derived and classed (`down_class`/`up_class`, see common/constants.ts).
 *   Its offers are a JSON array in the row (codec: common/offers.ts): they are always read together with the address and
 *   never queried alone, and one insert per address keeps national imports fast. Since migration 17 the
 *   table is `address_rows` and `addresses` a view over it: a release over an address register keeps only
 *   its offers and classes per address and takes the address itself from the register (register_row).
 *   Since migration 18 a row names its list of offers in `offer_sets` (offer_set) instead of carrying the JSON.
 * - `area_stats`, `provider_stats` and `hex_stats` are the precomputed aggregates: counts per
 *   class, so that any allowed threshold is a sum over a few rows and no request scans addresses.
 */
export const MIGRATIONS: readonly Migration[] = [
  `
  CREATE TABLE releases (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL UNIQUE,
    as_of TEXT,                                  -- YYYY-MM-DD, the date the data describes
    synthetic INTEGER NOT NULL DEFAULT 0,        -- 1: generated demo data, never real
    source_files TEXT NOT NULL DEFAULT '[]',     -- JSON array of file names
    rows_read INTEGER NOT NULL,
    rows_accepted INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    addresses INTEGER NOT NULL,
    covered INTEGER NOT NULL,                    -- best download >= 1000 Mbit/s
    uncovered INTEGER NOT NULL,
    imported_at TEXT NOT NULL                    -- ISO timestamp
  );

  CREATE TABLE areas (
    code TEXT PRIMARY KEY,
    level TEXT NOT NULL,                         -- 'municipality' | 'province'
    name TEXT NOT NULL,
    parent_code TEXT,                            -- e.g. the province of a municipality
    min_lon REAL NOT NULL, min_lat REAL NOT NULL, max_lon REAL NOT NULL, max_lat REAL NOT NULL,
    geometry TEXT NOT NULL,                      -- GeoJSON Polygon or MultiPolygon, WGS84
    properties TEXT NOT NULL DEFAULT '{}'        -- the source feature's other properties (JSON)
  );
  CREATE INDEX areas_by_level ON areas(level, name);

  CREATE TABLE addresses (
    id INTEGER PRIMARY KEY,
    release_id INTEGER NOT NULL,
    address_id TEXT NOT NULL,
    postcode TEXT,                               -- normalised, e.g. 1234AB
    house_number INTEGER,
    house_letter TEXT,
    house_number_suffix TEXT,
    street TEXT,
    city TEXT,
    area_code TEXT NOT NULL,                     -- municipality code
    lon REAL NOT NULL,
    lat REAL NOT NULL,
    best_down REAL NOT NULL,                     -- 0 without offer
    best_up REAL NOT NULL,
    best_technology TEXT NOT NULL,               -- 'NONE' without offer
    down_class INTEGER NOT NULL,                 -- speedClass(best_down, DOWN_THRESHOLDS)
    up_class INTEGER NOT NULL,                   -- speedClass(best_up, UP_THRESHOLDS)
    offers TEXT NOT NULL                         -- JSON [[provider, technology, down, up], ...]
  );
  CREATE UNIQUE INDEX addresses_by_id ON addresses(release_id, address_id);
  CREATE INDEX addresses_by_postcode ON addresses(release_id, postcode, house_number);
  -- Every allowed threshold's uncovered addresses are a subset of those below the top class.
  CREATE INDEX addresses_uncovered ON addresses(release_id, area_code, down_class)
    WHERE down_class < ${DOWN_THRESHOLDS.length};

  -- Addresses per area, best technology and class. level 'all' with area_code '' is the whole set.
  CREATE TABLE area_stats (
    release_id INTEGER NOT NULL,
    level TEXT NOT NULL,
    area_code TEXT NOT NULL,
    technology TEXT NOT NULL,
    down_class INTEGER NOT NULL,
    up_class INTEGER NOT NULL,
    addresses INTEGER NOT NULL,
    PRIMARY KEY (release_id, level, area_code, technology, down_class, up_class)
  ) WITHOUT ROWID;

  -- Addresses at which a provider offers anything, by the class of its best offer there.
  CREATE TABLE provider_stats (
    release_id INTEGER NOT NULL,
    level TEXT NOT NULL,
    area_code TEXT NOT NULL,
    provider TEXT NOT NULL,
    down_class INTEGER NOT NULL,
    up_class INTEGER NOT NULL,
    addresses INTEGER NOT NULL,
    PRIMARY KEY (release_id, level, area_code, provider, down_class, up_class)
  ) WITHOUT ROWID;

  -- Addresses per H3 cell (HEX_RESOLUTIONS) and download class; lon/lat is the cell centre.
  CREATE TABLE hex_stats (
    release_id INTEGER NOT NULL,
    res INTEGER NOT NULL,
    cell TEXT NOT NULL,
    down_class INTEGER NOT NULL,
    addresses INTEGER NOT NULL,
    lon REAL NOT NULL,
    lat REAL NOT NULL,
    PRIMARY KEY (release_id, res, cell, down_class)
  ) WITHOUT ROWID;
  `,
  `
  -- Unserved clusters (pipeline/clusters/), built at import for every allowed download threshold:
  -- uncovered addresses within a link distance of each other, directly or through others.
  -- Ids are global so that a cluster has one URL.
  CREATE TABLE clusters (
    id INTEGER PRIMARY KEY,
    release_id INTEGER NOT NULL,
    down INTEGER NOT NULL,                       -- threshold (Mbit/s) the addresses are uncovered at
    distance_m REAL NOT NULL,                    -- link distance it was built with
    addresses INTEGER NOT NULL,
    area_codes TEXT NOT NULL,                    -- JSON array of municipality codes, most addresses first
    technologies TEXT NOT NULL,                  -- JSON array of the best technologies present, most first
    lon REAL NOT NULL, lat REAL NOT NULL,        -- centroid (mean of the addresses)
    min_lon REAL NOT NULL, min_lat REAL NOT NULL, max_lon REAL NOT NULL, max_lat REAL NOT NULL,
    nearest_covered_m REAL,                      -- to the nearest covered address; NULL when none exists
    geometry TEXT NOT NULL                       -- GeoJSON Polygon: buffered convex hull of the addresses
  );
  CREATE INDEX clusters_by_size ON clusters(release_id, down, addresses DESC);
  -- A cluster's addresses per municipality, so an area selection counts only its own addresses.
  CREATE TABLE cluster_areas (
    area_code TEXT NOT NULL,
    cluster_id INTEGER NOT NULL,
    addresses INTEGER NOT NULL,
    PRIMARY KEY (area_code, cluster_id)
  ) WITHOUT ROWID;
  CREATE INDEX cluster_areas_by_cluster ON cluster_areas(cluster_id);
  -- The addresses (rowid of addresses) of each cluster.
  CREATE TABLE cluster_addresses (
    cluster_id INTEGER NOT NULL,
    address_rowid INTEGER NOT NULL,
    PRIMARY KEY (cluster_id, address_rowid)
  ) WITHOUT ROWID;
  `,
  `
  -- Address registers (the denominator, e.g. the Kadaster BAG): one row per loaded version.
  -- A release imported over a register (atlas import --register) has one address per register
  -- address, located and assigned to its area once here, and refers to the register by id.
  CREATE TABLE registers (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL UNIQUE,
    as_of TEXT,                                  -- YYYY-MM-DD
    formats TEXT NOT NULL DEFAULT '[]',          -- JSON array: the format recognised per file
    source_files TEXT NOT NULL DEFAULT '[]',     -- JSON array of file names
    rows_read INTEGER NOT NULL,
    rows_accepted INTEGER NOT NULL,
    rows_rejected INTEGER NOT NULL,
    addresses INTEGER NOT NULL,
    duplicates INTEGER NOT NULL,                 -- rows repeating a key already read (kept once)
    by_name INTEGER NOT NULL,                    -- addresses assigned by the register's municipality
    by_polygon INTEGER NOT NULL,                 -- located by point-in-polygon
    snapped INTEGER NOT NULL,                    -- in no area, given to the nearest within 1 km
    disagreements INTEGER NOT NULL,              -- named municipality <> the polygon holding the point
    imported_at TEXT NOT NULL
  );
  CREATE TABLE register_addresses (
    id INTEGER PRIMARY KEY,
    register_id INTEGER NOT NULL,
    address_id TEXT NOT NULL,                    -- the register's id, or the normalised key 1234AB-1A-2
    postcode TEXT,                               -- normalised, e.g. 1234AB
    house_number INTEGER,
    house_letter TEXT,
    house_number_suffix TEXT,
    street TEXT,
    city TEXT,
    area_code TEXT NOT NULL,
    lon REAL NOT NULL,
    lat REAL NOT NULL,
    cell INTEGER NOT NULL,                       -- finest H3 cell as a number (common/hex-key.ts)
    side_address INTEGER                         -- 1: a nevenadres, 0: main address, NULL: not stated
  );
  CREATE UNIQUE INDEX register_addresses_by_id ON register_addresses(register_id, address_id);
  CREATE INDEX register_addresses_by_number ON register_addresses(register_id, postcode, house_number);
  ALTER TABLE releases ADD COLUMN register_id INTEGER;  -- the register a release was joined to, or NULL
  `,
  `
  -- Uncovered lists for every threshold, upload included (issue 16): the addresses of one release,
  -- area and (download class, upload class) cell are one range of this index, in id order (the
  -- rowid ends every index entry). A threshold is a set of cells, so a page is a few range reads
  -- and never a scan or a sort. It replaces the partial index on down_class alone, which upload
  -- conditions could not use.
  DROP INDEX addresses_uncovered;
  CREATE INDEX addresses_uncovered ON addresses(release_id, area_code, down_class, up_class);
  `,
  `
  -- Places (the addresses' city: woonplaatsen in NL) per release and area, counted at import: the map's
  -- place names and the search box rank them from these rows instead of scanning the release (a scan of
  -- 8 M addresses held the server for 7-36 s on the first /api/v1/places). Position = sum / addresses.
  CREATE TABLE place_stats (
    release_id INTEGER NOT NULL,
    area_code TEXT NOT NULL,
    name TEXT NOT NULL,
    addresses INTEGER NOT NULL,
    sum_lon REAL NOT NULL,
    sum_lat REAL NOT NULL,
    PRIMARY KEY (release_id, area_code, name)
  ) WITHOUT ROWID;
  INSERT INTO place_stats (release_id, area_code, name, addresses, sum_lon, sum_lat)
    SELECT release_id, area_code, city, COUNT(*), SUM(lon), SUM(lat) FROM addresses
     WHERE city IS NOT NULL AND city <> '' GROUP BY release_id, area_code, city;
  `,
  `
  -- How exact a release's address positions are (issue 14): NULL as the source gave them (a
  -- building's point), 'h3r8' the centre of the H3 resolution-8 cell the source names instead of
  -- coordinates (FCC BDC). The API's address answers carry it as location_precision.
  ALTER TABLE releases ADD COLUMN location_precision TEXT;
  `,
  `
  -- The coverage definitions of this database (issue 14), set by \`atlas init\`: its download and
  -- upload thresholds, goal and technology vocabulary, each as JSON. At most one row; without it the
  -- database has the Dutch defaults of common/constants.ts (so databases made before stay as they were).
  CREATE TABLE coverage_definitions (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    down TEXT NOT NULL,                          -- JSON array of ascending Mbit/s, e.g. [25,100,1000]
    up TEXT NOT NULL,                            -- JSON array of ascending Mbit/s, e.g. [3,20,100]
    goal TEXT NOT NULL,                          -- JSON {"down":100,"up":20,"year":2030,"covered_pct":100}
    technologies TEXT NOT NULL,                  -- JSON array of the vocabulary's codes in use
    created_at TEXT NOT NULL
  );
  `,
  `
  -- What changed between releases (issue 10), precomputed at import for every pair of adjacent releases
  -- (common/changes.ts releaseOrder) so that no request scans addresses. Classes are best download/upload
  -- classes before (from_*) and after (to_*); -1 where the address is not in that release. An address
  -- that keeps its class is not stored: it changes nothing at any threshold.
  CREATE TABLE change_pairs (
    from_release_id INTEGER NOT NULL,
    to_release_id INTEGER NOT NULL,
    changed INTEGER NOT NULL,                    -- rows in change_addresses
    computed_at TEXT NOT NULL,
    PRIMARY KEY (from_release_id, to_release_id)
  ) WITHOUT ROWID;
  -- Changed addresses per area (municipality, its parent, 'all'/'' the nation) and class pair.
  CREATE TABLE change_stats (
    from_release_id INTEGER NOT NULL,
    to_release_id INTEGER NOT NULL,
    level TEXT NOT NULL,
    area_code TEXT NOT NULL,
    from_down INTEGER NOT NULL, from_up INTEGER NOT NULL, to_down INTEGER NOT NULL, to_up INTEGER NOT NULL,
    addresses INTEGER NOT NULL,
    PRIMARY KEY (from_release_id, to_release_id, level, area_code, from_down, from_up, to_down, to_up)
  ) WITHOUT ROWID;
  -- The same per H3 cell (the resolutions the tiles aggregate at below single points); lon/lat: cell centre.
  CREATE TABLE change_cells (
    from_release_id INTEGER NOT NULL,
    to_release_id INTEGER NOT NULL,
    res INTEGER NOT NULL,
    cell TEXT NOT NULL,
    from_down INTEGER NOT NULL, from_up INTEGER NOT NULL, to_down INTEGER NOT NULL, to_up INTEGER NOT NULL,
    addresses INTEGER NOT NULL,
    lon REAL NOT NULL,
    lat REAL NOT NULL,
    PRIMARY KEY (from_release_id, to_release_id, res, cell, from_down, from_up, to_down, to_up)
  ) WITHOUT ROWID;
  -- The changed addresses themselves: their rows (addresses.id; 0 where absent) and where they count
  -- (the to row's area and point; the from row's when removed). Address lists and tile points read these.
  CREATE TABLE change_addresses (
    id INTEGER PRIMARY KEY,
    from_release_id INTEGER NOT NULL,
    to_release_id INTEGER NOT NULL,
    from_id INTEGER NOT NULL,
    to_id INTEGER NOT NULL,
    area_code TEXT NOT NULL,
    lon REAL NOT NULL,
    lat REAL NOT NULL,
    from_down INTEGER NOT NULL, from_up INTEGER NOT NULL, to_down INTEGER NOT NULL, to_up INTEGER NOT NULL
  );
  CREATE INDEX change_addresses_by_pair ON change_addresses(from_release_id, to_release_id);
  `,
  `
  -- Releases a build has announced and not yet committed: \`atlas demo --serve\` commits the newest
  -- release first and serves it while the older ones are built; the server lists these as pending.
  -- A build deletes a release's row once the release is in; an empty table means nothing is coming.
  -- \`build\` says what builds them (JSON, e.g. {"demo":{"scale":0.1,"seed":2024}}), so that an
  -- interrupted build can be taken up again with the same parameters.
  CREATE TABLE pending_releases (
    label TEXT PRIMARY KEY,
    as_of TEXT,
    position INTEGER NOT NULL,                   -- build order: 0 is built first
    build TEXT NOT NULL
  );
  `,
  {
    // Coverage without satellite, fixed wireless and mobile (`fixed_only`, issue 12), upload and
    // technology in the H3 aggregates (symmetric and technology filters on the map). up_class
    // becomes the best upload among the offers in the best download class (so 2000/200 cable
    // does not hide 1000/1000 fibre from "symmetric"; pipeline/import/address.ts). Existing
    // releases are migrated from their stored offers: up_class and the fixed-line classes are
    // computed from the offers' JSON; area_stats is rebuilt from the addresses in both halves,
    // rolled up like the import does; hex_stats is rebuilt from the addresses (rebuildHexStats).
    sql: `
  UPDATE addresses SET up_class = ${upClassIn('addresses.down_class', '1')} WHERE json_array_length(offers) > 1;
  -- The diffs between releases hold upload classes of the old meaning: dropped, and computed again by
  -- refreshChanges (atlas migrate runs it after the migrations, every import at its end).
  DELETE FROM change_addresses; DELETE FROM change_stats; DELETE FROM change_cells; DELETE FROM change_pairs;
  ALTER TABLE addresses ADD COLUMN fixed_down_class INTEGER NOT NULL DEFAULT 0;  -- of the offers that are not wireless
  ALTER TABLE addresses ADD COLUMN fixed_up_class INTEGER NOT NULL DEFAULT 0;
  UPDATE addresses SET fixed_down_class = down_class, fixed_up_class = up_class;
  UPDATE addresses SET fixed_down_class =
    ${classSql(`COALESCE((SELECT MAX(${offerDown}) FROM json_each(addresses.offers) WHERE ${offerFixed}), 0)`, DOWN_THRESHOLDS)}
   WHERE ${HAS_WIRELESS};
  UPDATE addresses SET fixed_up_class = ${upClassIn('addresses.fixed_down_class', offerFixed)} WHERE ${HAS_WIRELESS};
  -- Uncovered lists with fixed_only, as addresses_uncovered serves them without.
  CREATE INDEX addresses_uncovered_fixed ON addresses(release_id, area_code, fixed_down_class, fixed_up_class);

  -- fixed_only 0: classes of the best offer; 1: of the best non-wireless offer. Each half counts every address once.
  CREATE TABLE area_stats_v5 (
    release_id INTEGER NOT NULL,
    level TEXT NOT NULL,
    area_code TEXT NOT NULL,
    fixed_only INTEGER NOT NULL,
    technology TEXT NOT NULL,                    -- the best technology (of all offers) either way
    down_class INTEGER NOT NULL,
    up_class INTEGER NOT NULL,
    addresses INTEGER NOT NULL,
    PRIMARY KEY (release_id, level, area_code, fixed_only, technology, down_class, up_class)
  ) WITHOUT ROWID;
  ${rolledAreaStats(0, 'down_class', 'up_class')}
  ${rolledAreaStats(1, 'fixed_down_class', 'fixed_up_class')}
  DROP TABLE area_stats;
  ALTER TABLE area_stats_v5 RENAME TO area_stats;

  -- Addresses per H3 cell, fixed_only half, best technology, download and upload class.
  CREATE TABLE hex_stats_v5 (
    release_id INTEGER NOT NULL,
    res INTEGER NOT NULL,
    fixed_only INTEGER NOT NULL,
    cell TEXT NOT NULL,
    technology TEXT NOT NULL,
    down_class INTEGER NOT NULL,
    up_class INTEGER NOT NULL,
    addresses INTEGER NOT NULL,
    lon REAL NOT NULL,
    lat REAL NOT NULL,
    PRIMARY KEY (release_id, res, fixed_only, cell, technology, down_class, up_class)
  ) WITHOUT ROWID;
  `,
    after: (db) => {
      rebuildHexStats(db, 'hex_stats_v5');
      db.exec('DROP TABLE hex_stats; ALTER TABLE hex_stats_v5 RENAME TO hex_stats;');
    },
  },
  // A spatial key per address for the `covered` tile layer (issue 12): an index on the lon/lat grid
  // cell (ADDRESS_GRID_SQL, computed, so writers change nothing) that also holds what a tile asks of
  // each address (position and classes), so a tile reads a few index ranges and never the rows.
  `
  CREATE INDEX addresses_by_grid ON addresses(release_id, ${ADDRESS_GRID_SQL}, lon, lat, down_class, up_class, fixed_down_class, fixed_up_class);
  `,
  // Named (down, up) tiers of the coverage definitions (issue 14), e.g. the FCC's underserved 25/3,
  // served 100/20 and gigabit 1000/100: labels for the client's choices. JSON array of {name, down, up}.
  `
  ALTER TABLE coverage_definitions ADD COLUMN tiers TEXT NOT NULL DEFAULT '[]';
  `,
  // Clusters are also built for the goal's (down, up) pair when the goal has an upload condition
  // (issue 14: the FCC's 100/20): `up` is that upload; NULL for the per-download clusters.
  `
  ALTER TABLE clusters ADD COLUMN up INTEGER;
  `,
  // Credits are data too: the source of each boundary level (atlas boundaries --attribution), which the
  // map, the reports and the exports show unless the attribution setting names others.
  `
  CREATE TABLE boundary_credits (
    level TEXT PRIMARY KEY,
    credit TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // Pre-rendered tiles (issue 15): the default-threshold pyramid of the aggregate layers of the newest
  // release, gzipped MVT as the server sends them (atlas tiles; atlas import and atlas demo run it). A set
  // is served only while everything it was made for still holds (common/prerendered-tiles.ts): the
  // release and its stamp (a re-import changes it), the layer, the threshold, a digest of the coverage
  // definitions, the maxTilePoints setting and the renderer version. Tiles of the walked range
  // (min_zoom..max_zoom over `bounds`) that are not stored are empty.
  `
  CREATE TABLE tile_sets (
    id INTEGER PRIMARY KEY,
    release_id INTEGER NOT NULL REFERENCES releases(id) ON DELETE CASCADE,
    release_stamp TEXT NOT NULL,                 -- RELEASE_STAMP_SQL of the release when rendered
    layer TEXT NOT NULL,
    down INTEGER NOT NULL,
    up INTEGER,                                  -- NULL: no upload condition
    fixed_only INTEGER NOT NULL,
    definitions TEXT NOT NULL,                   -- digest of the coverage definitions
    max_tile_points INTEGER NOT NULL,
    renderer INTEGER NOT NULL,                   -- TILE_RENDERER_VERSION
    min_zoom INTEGER NOT NULL,
    max_zoom INTEGER NOT NULL,
    bounds TEXT NOT NULL,                        -- JSON [west, south, east, north] the pyramid was walked over
    tiles INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    created_at TEXT NOT NULL
  );
  CREATE INDEX tile_sets_by_release ON tile_sets(release_id, layer);
  CREATE TABLE tile_blobs (
    set_id INTEGER NOT NULL REFERENCES tile_sets(id) ON DELETE CASCADE,
    z INTEGER NOT NULL,
    x INTEGER NOT NULL,
    y INTEGER NOT NULL,
    gz BLOB NOT NULL,
    PRIMARY KEY (set_id, z, x, y)
  ) WITHOUT ROWID;
  `,
  // The map's colour classes are data too (issue 14): covered-% bounds, JSON; NULL keeps the default ramp.
  `
  ALTER TABLE coverage_definitions ADD COLUMN ramp TEXT;
  `,
  // Releases over a register share its addresses (issue 9): a release joined to a register no longer copies
  // each address's id, postcode, number, street and city; its row in address_rows refers to the register's
  // row (register_row) and keeps only its offers and classes, with the area and position the map's indexes
  // hold. Readers keep reading \`addresses\`, now a view that takes the address's own columns from the register
  // where the row refers to one. The row ids of such a release are the register's row ids plus one offset per
  // release (releases.register_offset), so an address of the register is found in the release by its id alone.
  // Releases of other sources (and those joined before this migration) hold their own columns as before.
  `
  ALTER TABLE addresses RENAME TO address_rows;
  ALTER TABLE address_rows ADD COLUMN register_row INTEGER;  -- register_addresses.id; NULL: the row holds its own address
  ALTER TABLE releases ADD COLUMN register_offset INTEGER;   -- address_rows.id - register_row for each of its rows, or NULL
  -- A release over a register finds its addresses by id and postcode in the register's indexes.
  DROP INDEX addresses_by_id;
  CREATE UNIQUE INDEX addresses_by_id ON address_rows(release_id, address_id) WHERE register_row IS NULL;
  DROP INDEX addresses_by_postcode;
  CREATE INDEX addresses_by_postcode ON address_rows(release_id, postcode, house_number) WHERE register_row IS NULL;
  ${addressesView(false)}
  `,
  // Offer sets (issues 15 and 9): most addresses share their whole list of offers with many others (1,203
  // distinct lists among 633 k demo addresses), and the list was ~90 of a row's ~160 bytes. A row names
  // its list in offer_sets (offer_set) and leaves \`offers\` empty; the view puts the list back. Rows written
  // before, and lists an import no longer interns (common/offer-sets.ts caps how many it holds in memory),
  // keep their offers in the row (offer_set NULL). Lists are never deleted: an unused one costs a row.
  `
  CREATE TABLE offer_sets (
    id INTEGER PRIMARY KEY,
    offers TEXT NOT NULL UNIQUE                  -- JSON, as common/offers.ts encodes it
  );
  ALTER TABLE address_rows ADD COLUMN offer_set INTEGER;  -- offer_sets.id; NULL: the offers are in \`offers\`
  DROP VIEW addresses;
  ${addressesView(true)}
  `, // The match keys of a register (pipeline/register/match-keys.ts), stored when it is loaded so that a join
  // to it reads four arrays instead of every register row. Entry i is register row first_id + i; each
  // array (postcode, house_number, letter, suffix) is a row of register_key_arrays, little-endian int32.
  // A register loaded before has none, and a join reads its rows.
  `
  CREATE TABLE register_keys (
    register_id INTEGER PRIMARY KEY,
    first_id INTEGER NOT NULL,
    entries INTEGER NOT NULL,
    postcode_texts TEXT NOT NULL,                -- JSON array; a postcode's number is its index, -1: no postcode or number
    part_texts TEXT NOT NULL                     -- JSON array of letters and suffixes (upper-cased; 0 is '')
  );
  CREATE TABLE register_key_arrays (
    register_id INTEGER NOT NULL,
    field TEXT NOT NULL,                         -- postcode, house_number, letter, suffix
    data BLOB NOT NULL,
    PRIMARY KEY (register_id, field)
  );
  `,
  // Partial indexes again (issue 15): addresses_uncovered and addresses_uncovered_fixed held every row
  // since migration 5 (uncovered at an upload threshold), 78 MiB each for 4.1 M Dutch addresses, and took
  // 5.6 s of an import to build. They now hold the rows below the top download or upload class of the
  // database's definitions (common/uncovered-index.ts): 259 k of those rows. addresses_by_postcode leaves
  // out rows without a postcode (every FCC location: 41 MiB and 2 s of a 10 M-row BDC import).
  {
    sql: `
  DROP INDEX addresses_by_postcode;
  CREATE INDEX addresses_by_postcode ON address_rows(release_id, postcode, house_number)
    WHERE register_row IS NULL AND postcode IS NOT NULL;
  `,
    after: (db) => db.exec(uncoveredIndexesSql(readDefinitions(db))),
  },
  // The grid index of a register's positions (issue 9): the rows of a release over a register leave
  // addresses_by_grid, whose partial form holds only rows with their own address, and the covered tiles of
  // such a release find its addresses in the register's grid index, built once when the register is
  // loaded (6.3 s for 9.6 M addresses; 7.8 s with their positions in it, which the release's rows hold
  // too). Every join over a 9.6 M-address register rebuilt the release's grid index, 9.8-10.8 s of each,
  // and each release kept its own copy. register_row is in the index so that a query naming the index's
  // condition (as it must, to use it) still reads the index alone.
  `
  CREATE INDEX register_addresses_by_grid ON register_addresses(register_id, ${ADDRESS_GRID_SQL});
  DROP INDEX IF EXISTS addresses_by_grid;
  CREATE INDEX addresses_by_grid ON address_rows(release_id, ${ADDRESS_GRID_SQL}, lon, lat, down_class, up_class,
    fixed_down_class, fixed_up_class, register_row) WHERE register_row IS NULL;
  `,
  // The point index of a register's positions (pipeline/register/point-index.ts), built once when it is
  // loaded: the nearest-covered search of every join over it searches it instead of building a kd-tree of
  // the register's 9.6 M positions (2.5 s of each national join). Item i is register row first_id + i.
  // A register loaded before has none, and a join builds the tree as before.
  `
  CREATE TABLE IF NOT EXISTS register_points (
    register_id INTEGER PRIMARY KEY,
    first_id INTEGER NOT NULL,
    entries INTEGER NOT NULL,
    data BLOB NOT NULL                           -- a kdbush 4 index: Float32 coordinates, node size 64
  );
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

export class SchemaError extends Error {}

function versionOf(db: DB): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function refuseNewer(db: DB, path: string): number {
  const version = versionOf(db);
  if (version > SCHEMA_VERSION) {
    throw new SchemaError(
      `${path}: database schema version ${version} is newer than this Gigabit Atlas supports ` +
        `(${SCHEMA_VERSION}). Upgrade gigabit-atlas, or point --db at another file.`,
    );
  }
  return version;
}

/** Applies the migrations a database lacks, each in its own transaction. */
export function migrate(db: DB, path: string): void {
  const from = refuseNewer(db, path);
  for (let v = from; v < SCHEMA_VERSION; v++) {
    const migration = MIGRATIONS[v];
    db.transaction(() => {
      if (typeof migration === 'string') db.exec(migration);
      else {
        db.exec(migration.sql);
        migration.after(db);
      }
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/**
 * Page size (bytes) of a database openWritable creates; SQLite's default is 4096. An import writes
 * every page of a release through the WAL, one frame and two writes a page: with 16 KiB pages a quarter
 * of the frames and system calls. The 12 M-row join over a 9.6 M-address register, alternated on
 * copies of one register: 75.5 and 75.2 s with 16 KiB pages, 79.5 and 85.5 s with 4 KiB (system CPU
 * 17.8 and 17.0 s against 24.4 and 23.7 s; the database 2 % smaller).
 */
export const PAGE_SIZE = 16384;

/** Opens (creating if needed) a database for writing, in WAL mode so readers go on during imports. */
export function openWritable(path: string): DB {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  // First, so that switching to WAL waits for a server's read in rollback-journal mode.
  db.pragma('busy_timeout = 5000');
  // Before anything is written: a new file takes it, a file with content keeps the size it was made with.
  db.pragma(`page_size = ${PAGE_SIZE}`);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  migrate(db, path);
  return db;
}

/**
 * Closes a writable database, leaving it in rollback-journal mode when no other connection has it
 * open: such a file can be served from a read-only directory, where WAL mode would need to create
 * its -shm file. With a server reading it the switch is refused at once and the file stays in WAL
 * mode, where the server goes on reading (the next import switches to WAL again either way).
 */
export function closeWritable(db: DB): void {
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('journal_mode = DELETE');
  } catch {
    // SQLITE_BUSY: another connection has the file open; WAL mode stays.
  } finally {
    db.close();
  }
}

/** SQLite's answer when a WAL-mode file cannot get its -shm file beside it. */
function readOnlyDirectoryHelp(path: string, err: unknown): SchemaError | null {
  const code = (err as { code?: string }).code;
  if (code !== 'SQLITE_READONLY_DIRECTORY' && code !== 'SQLITE_CANTOPEN') return null;
  return new SchemaError(
    `${path}: the database is in WAL mode and its directory is not writable for this user, so SQLite ` +
      `cannot create ${basename(path)}-shm beside it (${code}). Either let the server write to the directory, or, ` +
      `where the file is writable, run \`npx atlas migrate --db ${path}\`: it leaves the file in rollback-journal ` +
      'mode, which is served from a read-only directory as well (atlas import, boundaries and demo leave it so too, ' +
      'unless a server had it open).',
  );
}

/** Opens an existing database read-only; it must be at exactly this schema version. */
export function openReadOnly(path: string): DB {
  let db: DB;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new SchemaError(
      `${path}: cannot open the database (${(err as Error).message}). Build one with \`npx atlas demo\` or \`npx atlas import\`.`,
    );
  }
  let version: number;
  try {
    version = refuseNewer(db, path);
  } catch (err) {
    db.close();
    throw readOnlyDirectoryHelp(path, err) ?? err;
  }
  if (version < SCHEMA_VERSION) {
    db.close();
    throw new SchemaError(
      `${path}: database schema version ${version} is older than this Gigabit Atlas needs ` +
        `(${SCHEMA_VERSION}). Run \`npx atlas migrate --db ${path}\` to upgrade it.`,
    );
  }
  return db;
}
