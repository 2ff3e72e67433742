// `atlas export --format gpkg`: one GeoPackage (OGC 12-128r18, version 1.3) with the feature
// collections of server/features/ as layers areas, uncovered and clusters, and the layer changes (since the
// release before), in EPSG:4326, written with
// better-sqlite3: gpkg_spatial_ref_sys, gpkg_contents, gpkg_geometry_columns, GeoPackageBinary
// geometries (header + envelope + WKB from wkx), an R-tree per layer (gpkg_rtree_index) and the
// credits and release in gpkg_metadata (gpkg_metadata extension); for a release of H3 cell centres
// (FCC BDC) the note that a point is not the building, there and in the point layers' descriptions.
import Database from 'better-sqlite3';
import type { Geometry } from 'geojson';
import wkx from 'wkx';
import { LOCATION_PRECISION_NOTES } from '../../common/constants.ts';
import { createFeatureCollections, type FeatureSource, type FieldType } from '../features/index.ts';
import type { Store } from '../store/index.ts';
import { changesLayerSource } from './changes-layer.ts';
import type { ExportSelection } from './selection.ts';
import { exportMeta } from './table.ts';

/** 'GPKG' as application_id and 1.3.0 as user_version (Requirement 2). */
const APPLICATION_ID = 0x47504b47;
const USER_VERSION = 10300;
const SRS_ID = 4326;
const GEOMETRY_COLUMN = 'geom';

const WGS84_WKT =
  'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],' +
  'PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],' +
  'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]';

const CORE_TABLES = `
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
  z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE gpkg_extensions (
  table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL,
  CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
CREATE TABLE gpkg_metadata (
  id INTEGER CONSTRAINT m_pk PRIMARY KEY ASC NOT NULL, md_scope TEXT NOT NULL DEFAULT 'dataset',
  md_standard_uri TEXT NOT NULL, mime_type TEXT NOT NULL DEFAULT 'text/xml', metadata TEXT NOT NULL DEFAULT '');
CREATE TABLE gpkg_metadata_reference (
  reference_scope TEXT NOT NULL, table_name TEXT, column_name TEXT, row_id_value INTEGER,
  timestamp DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), md_file_id INTEGER NOT NULL, md_parent_id INTEGER,
  CONSTRAINT crmr_mfi_fk FOREIGN KEY (md_file_id) REFERENCES gpkg_metadata(id),
  CONSTRAINT crmr_mpi_fk FOREIGN KEY (md_parent_id) REFERENCES gpkg_metadata(id));
`;

const COLUMN_TYPES: Record<FieldType, string> = { string: 'TEXT', integer: 'INTEGER', real: 'DOUBLE', boolean: 'BOOLEAN' };
const GEOMETRY_TYPES = { Point: 'POINT', Polygon: 'POLYGON', MultiPolygon: 'MULTIPOLYGON' } as const;

type Bounds = [number, number, number, number];

function bounds(coords: unknown, into: Bounds): Bounds {
  if (typeof (coords as number[])[0] === 'number') {
    const [x, y] = coords as number[];
    if (x < into[0]) into[0] = x;
    if (y < into[1]) into[1] = y;
    if (x > into[2]) into[2] = x;
    if (y > into[3]) into[3] = y;
  } else {
    for (const c of coords as unknown[]) bounds(c, into);
  }
  return into;
}

const emptyBounds = (): Bounds => [Infinity, Infinity, -Infinity, -Infinity];

/** GeoPackageBinary: 'GP', version 0, flags (little-endian, envelope [minx, maxx, miny, maxy] except for points), srs_id, WKB. */
export function geoPackageBinary(geometry: Geometry, box: Bounds): Buffer {
  const wkb = wkx.Geometry.parseGeoJSON(geometry).toWkb();
  const withEnvelope = geometry.type !== 'Point';
  const header = Buffer.alloc(withEnvelope ? 40 : 8);
  header.write('GP', 0, 'ascii');
  header[2] = 0;
  header[3] = (withEnvelope ? 1 << 1 : 0) | 1;
  header.writeInt32LE(SRS_ID, 4);
  if (withEnvelope) {
    header.writeDoubleLE(box[0], 8);
    header.writeDoubleLE(box[2], 16);
    header.writeDoubleLE(box[1], 24);
    header.writeDoubleLE(box[3], 32);
  }
  return Buffer.concat([header, wkb]);
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

const rtreeName = (table: string) => `rtree_${table}_${GEOMETRY_COLUMN}`;

/** Registers a layer's filled R-tree (gpkg_rtree_index) and adds the extension's triggers, which keep it current when a GIS tool edits the layer. */
function addRtreeTriggers(db: Database.Database, table: string): void {
  const rtree = rtreeName(table);
  const t = quote(table);
  const g = GEOMETRY_COLUMN;
  db.prepare(
    `INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')`,
  ).run(table, g);
  const r = quote(rtree);
  db.exec(`
    CREATE TRIGGER ${quote(`${rtree}_insert`)} AFTER INSERT ON ${t} WHEN (new.${g} NOT NULL AND NOT ST_IsEmpty(NEW.${g}))
    BEGIN INSERT OR REPLACE INTO ${r} VALUES (NEW.fid, ST_MinX(NEW.${g}), ST_MaxX(NEW.${g}), ST_MinY(NEW.${g}), ST_MaxY(NEW.${g})); END;
    CREATE TRIGGER ${quote(`${rtree}_update1`)} AFTER UPDATE OF ${g} ON ${t} WHEN OLD.fid = NEW.fid AND (NEW.${g} NOTNULL AND NOT ST_IsEmpty(NEW.${g}))
    BEGIN INSERT OR REPLACE INTO ${r} VALUES (NEW.fid, ST_MinX(NEW.${g}), ST_MaxX(NEW.${g}), ST_MinY(NEW.${g}), ST_MaxY(NEW.${g})); END;
    CREATE TRIGGER ${quote(`${rtree}_update2`)} AFTER UPDATE OF ${g} ON ${t} WHEN OLD.fid = NEW.fid AND (NEW.${g} ISNULL OR ST_IsEmpty(NEW.${g}))
    BEGIN DELETE FROM ${r} WHERE id = OLD.fid; END;
    CREATE TRIGGER ${quote(`${rtree}_update3`)} AFTER UPDATE ON ${t} WHEN OLD.fid != NEW.fid AND (NEW.${g} NOTNULL AND NOT ST_IsEmpty(NEW.${g}))
    BEGIN DELETE FROM ${r} WHERE id = OLD.fid; INSERT OR REPLACE INTO ${r} VALUES (NEW.fid, ST_MinX(NEW.${g}), ST_MaxX(NEW.${g}), ST_MinY(NEW.${g}), ST_MaxY(NEW.${g})); END;
    CREATE TRIGGER ${quote(`${rtree}_update4`)} AFTER UPDATE ON ${t} WHEN OLD.fid != NEW.fid AND (NEW.${g} ISNULL OR ST_IsEmpty(NEW.${g}))
    BEGIN DELETE FROM ${r} WHERE id IN (OLD.fid, NEW.fid); END;
    CREATE TRIGGER ${quote(`${rtree}_delete`)} AFTER DELETE ON ${t} WHEN old.${g} NOT NULL
    BEGIN DELETE FROM ${r} WHERE id = OLD.fid; END;
  `);
}

/** What a layer of the GeoPackage needs of its source: a feature collection (server/features/), or the changes layer. */
type GpkgLayerSource = Pick<FeatureSource, 'description' | 'geometryType' | 'fields' | 'all'> & { id: string };

function writeLayer(db: Database.Database, source: GpkgLayerSource, sel: ExportSelection, description: string): number {
  const fields = Object.entries(source.fields);
  const t = quote(source.id);
  db.exec(
    `CREATE TABLE ${t} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, ${GEOMETRY_COLUMN} ${GEOMETRY_TYPES[source.geometryType]}, ${fields
      .map(([name, type]) => `${quote(name)} ${COLUMN_TYPES[type]}`)
      .join(', ')})`,
  );
  const numericId = source.id === 'clusters';
  const insert = db.prepare(
    `INSERT INTO ${t} (fid, ${GEOMETRY_COLUMN}, ${fields.map(([n]) => quote(n)).join(', ')}) VALUES (?, ?, ${fields.map(() => '?').join(', ')})`,
  );
  // The R-tree is filled with the rows; its triggers come after, so they never run here.
  db.exec(`CREATE VIRTUAL TABLE ${quote(rtreeName(source.id))} USING rtree(id, minx, maxx, miny, maxy)`);
  const insertBox = db.prepare(`INSERT INTO ${quote(rtreeName(source.id))} VALUES (?, ?, ?, ?, ?)`);
  const extent = emptyBounds();
  let rows = 0;
  for (const feature of source.all({ release: sel.release, threshold: sel.threshold })) {
    const box = bounds((feature.geometry as { coordinates: unknown }).coordinates, emptyBounds());
    const fid = numericId ? Number(feature.id) : rows + 1;
    const values = fields.map(([name, type]) => {
      const v = feature.properties[name];
      return type === 'boolean' ? (v === null || v === undefined ? null : v ? 1 : 0) : (v ?? null);
    });
    insert.run(fid, geoPackageBinary(feature.geometry, box), ...values);
    insertBox.run(fid, box[0], box[2], box[1], box[3]);
    for (let i = 0; i < 2; i++) extent[i] = Math.min(extent[i], box[i]);
    for (let i = 2; i < 4; i++) extent[i] = Math.max(extent[i], box[i]);
    rows++;
  }
  const known = rows > 0;
  db.prepare(
    'INSERT INTO gpkg_contents (table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(
    source.id,
    'features',
    source.id,
    `${source.description}. ${description}${source.geometryType === 'Point' ? pointNote(sel) : ''}`,
    known ? extent[0] : null,
    known ? extent[1] : null,
    known ? extent[2] : null,
    known ? extent[3] : null,
    SRS_ID,
  );
  db.prepare('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, ?, 0, 0)').run(
    source.id,
    GEOMETRY_COLUMN,
    GEOMETRY_TYPES[source.geometryType],
    SRS_ID,
  );
  return rows;
}

export interface GpkgResult {
  layers: Record<string, number>;
}

/** Writes the GeoPackage into `file` (which must not exist yet). */
export function writeGeoPackage(store: Store, file: string, sel: ExportSelection): GpkgResult {
  const db = new Database(file);
  try {
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${USER_VERSION}`);
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    const layers: Record<string, number> = {};
    db.transaction(() => {
      db.exec(CORE_TABLES);
      const srs = db.prepare('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)');
      srs.run('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
      srs.run('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
      srs.run(
        'WGS 84 geodetic',
        SRS_ID,
        'EPSG',
        4326,
        WGS84_WKT,
        'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid',
      );
      const what = `Release ${sel.release.label}${sel.release.synthetic ? ' (synthetic)' : ''} at ${sel.threshold.down} Mbit/s. Credits: ${sel.attribution.join('; ')}`;
      const sources: GpkgLayerSource[] = [...createFeatureCollections(store).list(), changesLayerSource(store)];
      for (const source of sources) {
        layers[source.id] = writeLayer(db, source, sel, what);
        addRtreeTriggers(db, source.id);
      }
      writeMetadata(db, sel, layers);
    })();
    db.exec('VACUUM');
    return { layers };
  } finally {
    db.close();
  }
}

/** For a release whose points are H3 cell centres (FCC BDC): what a point is, after a layer's description. */
function pointNote(sel: ExportSelection): string {
  const note = locationNote(sel);
  return note ? ` ${note}` : '';
}

function locationNote(sel: ExportSelection): string | null {
  const precision = exportMeta(sel.release).location_precision;
  return precision ? LOCATION_PRECISION_NOTES[precision] : null;
}

function writeMetadata(db: Database.Database, sel: ExportSelection, layers: Record<string, number>): void {
  const note = locationNote(sel);
  const metadata = {
    title: 'Gigabit Atlas export',
    release: sel.release.label,
    as_of: sel.release.as_of,
    synthetic: sel.release.synthetic,
    threshold: sel.threshold,
    attribution: sel.attribution,
    ...(note ? { location_precision: sel.release.location_precision, location_note: note } : {}),
    layers,
    created: new Date().toISOString(),
  };
  db.prepare(
    "INSERT INTO gpkg_metadata (id, md_scope, md_standard_uri, mime_type, metadata) VALUES (1, 'dataset', 'http://purl.org/dc/terms/', 'application/json', ?)",
  ).run(JSON.stringify(metadata, null, 2));
  db.prepare("INSERT INTO gpkg_metadata_reference (reference_scope, md_file_id) VALUES ('geopackage', 1)").run();
  const ext = db.prepare(
    "INSERT INTO gpkg_extensions VALUES (?, NULL, 'gpkg_metadata', 'http://www.geopackage.org/spec120/#extension_metadata', 'read-write')",
  );
  ext.run('gpkg_metadata');
  ext.run('gpkg_metadata_reference');
}
