// Boundaries beyond GeoJSON: TopoJSON objects (codes from feature ids), Shapefiles zipped or beside
// their .dbf, told apart by content; level names as data; parents from a code prefix; names that
// repeat across parents; and the rules for quantised and antimeridian-split areas. Checked on
// small synthetic fixtures and on the real us-atlas files (Census cartographic boundaries).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { addressLevel } from '../../common/levels.ts';
import { openWritable } from '../../common/schema.ts';
import { BoundaryError, loadBoundaries, loadBoundaryFile } from '../../pipeline/boundaries/index.ts';
import { tempDir } from '../helpers/temp-db.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/boundaries/', import.meta.url));
const TOPOJSON = join(FIXTURES, 'synthetic-counties.topojson');
const SHAPEFILE_ZIP = join(FIXTURES, 'synthetic-counties.shp.zip');
const US_ATLAS = fileURLToPath(new URL('../../node_modules/us-atlas/', import.meta.url));

const COUNTY = { codeField: 'id', nameField: 'name', parentFromCode: 2 };

function areasOf(db: ReturnType<typeof openWritable>, level: string) {
  return db.prepare('SELECT code, name, parent_code, min_lon, max_lon, geometry FROM areas WHERE level = ? ORDER BY code').all(level) as {
    code: string;
    name: string;
    parent_code: string | null;
    min_lon: number;
    max_lon: number;
    geometry: string;
  }[];
}

describe('TopoJSON boundaries', () => {
  it('load the chosen object with codes from the feature ids, parents from the code, any level name', async () => {
    const dir = tempDir();
    // Named without a telling extension: the format is read from the content.
    const file = join(dir, 'boundaries.dat');
    copyFileSync(TOPOJSON, file);
    const db = openWritable(join(dir, 'a.sqlite'));
    const states = await loadBoundaryFile(db, { file, level: 'state', object: 'states', codeField: 'id', nameField: 'name' });
    expect(states).toMatchObject({ level: 'state', areas: 2, warnings: [] });
    const counties = await loadBoundaryFile(db, { file, level: 'county', object: 'counties', ...COUNTY });
    expect(counties.areas).toBe(5);
    const rows = areasOf(db, 'county');
    expect(rows.map((r) => [r.code, r.name, r.parent_code])).toEqual([
      ['90001', 'Westfield', '90'],
      ['90003', 'Eastfield', '90'],
      ['91001', 'Westfield', '91'],
      ['91003', 'Islands', '91'],
      ['92001', 'Dateline', '92'],
    ]);
    // The collapsed island of 91003 is left out, with a warning; the rest of the area stays.
    expect(counties.warnings.join('\n')).toContain('(code 91003): polygon(s) 1 have zero area (collapsed by the TopoJSON quantisation)');
    expect(JSON.parse(rows[3].geometry)).toMatchObject({ type: 'MultiPolygon', coordinates: [expect.any(Array)] });
    expect(JSON.parse(rows[3].geometry).coordinates).toHaveLength(1);
    // Split at the antimeridian: loaded, warned, its bbox the whole longitude range.
    expect(counties.warnings.join('\n')).toContain('(code 92001): its parts lie on both sides of the antimeridian');
    expect([rows[4].min_lon, rows[4].max_lon]).toEqual([-180, 180]);
    // Counties are nobody's parent: addresses belong to them.
    expect(addressLevel(db)).toBe('county');
    db.close();
  });

  it('asks for --object when the topology holds several, and names the ones it has', () => {
    const db = openWritable(join(tempDir(), 'a.sqlite'));
    expect(() => loadBoundaries(db, { file: TOPOJSON, level: 'county', ...COUNTY })).toThrow(
      /holds 2 objects \(counties, states\); choose one with --object NAME/,
    );
    expect(() => loadBoundaries(db, { file: TOPOJSON, level: 'county', object: 'tracts', ...COUNTY })).toThrow(
      /has no object 'tracts'; it has: counties, states/,
    );
    expect(db.prepare('SELECT COUNT(*) FROM areas').pluck().get()).toBe(0);
    db.close();
  });

  it('refuses a level name that is not a simple identifier, and a name repeated within one parent unless allowed', () => {
    const dir = tempDir();
    const db = openWritable(join(dir, 'a.sqlite'));
    expect(() => loadBoundaries(db, { file: TOPOJSON, level: 'County Level', object: 'counties', ...COUNTY })).toThrow(BoundaryError);
    // Without parents, Westfield (90001) and Westfield (91001) are one group: refused.
    expect(() => loadBoundaries(db, { file: TOPOJSON, level: 'county', object: 'counties', codeField: 'id', nameField: 'name' })).toThrow(
      /name 'Westfield' is also used by feature 0/,
    );
    const allowed = loadBoundaries(db, {
      file: TOPOJSON,
      level: 'county',
      object: 'counties',
      codeField: 'id',
      nameField: 'name',
      allowDuplicateNames: true,
    });
    expect(allowed.areas).toBe(5);
    expect(allowed.warnings.join('\n')).toContain("name 'Westfield' is also used by feature 0");
    db.close();
  });
});

describe('Shapefile boundaries', () => {
  const expected = [
    ['90001', 'Westfield', '90'],
    ['90003', 'Eastfield', '90'],
    ['91001', 'Westfield', '91'],
    ['92001', 'Dateline', '92'],
  ];
  const fields = { codeField: 'GEOID', nameField: 'NAME', parentFromCode: 2 };

  it('load from a zip archive, whatever the file is called', async () => {
    const dir = tempDir();
    const file = join(dir, 'download');
    copyFileSync(SHAPEFILE_ZIP, file);
    const db = openWritable(join(dir, 'a.sqlite'));
    const result = await loadBoundaryFile(db, { file, level: 'county', ...fields });
    expect(result.areas).toBe(4);
    expect(areasOf(db, 'county').map((r) => [r.code, r.name, r.parent_code])).toEqual(expected);
    const westfield = JSON.parse(areasOf(db, 'county')[0].geometry);
    expect(westfield.type).toBe('Polygon');
    expect(westfield.coordinates[0]).toContainEqual([-100, 40]);
    db.close();
  });

  it('load from a .shp with its .dbf beside it, and refuse a .shp without one', async () => {
    const dir = tempDir();
    for (const [name, bytes] of Object.entries(unzipSync(readFileSync(SHAPEFILE_ZIP)))) writeFileSync(join(dir, name), bytes);
    const db = openWritable(join(dir, 'a.sqlite'));
    await loadBoundaryFile(db, { file: join(dir, 'synthetic_counties.shp'), level: 'county', ...fields });
    expect(areasOf(db, 'county').map((r) => [r.code, r.name, r.parent_code])).toEqual(expected);
    const lone = join(tempDir(), 'lone.shp');
    copyFileSync(join(dir, 'synthetic_counties.shp'), lone);
    await expect(loadBoundaryFile(db, { file: lone, level: 'county', ...fields })).rejects.toThrow(/needs its \.dbf beside it/);
    db.close();
  });

  it('refuse projected coordinates, naming the system and how to reproject', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'x'));
    for (const [name, bytes] of Object.entries(unzipSync(readFileSync(SHAPEFILE_ZIP)))) writeFileSync(join(dir, 'x', name), bytes);
    writeFileSync(join(dir, 'x', 'synthetic_counties.prj'), 'PROJCS["Amersfoort / RD New",GEOGCS["Amersfoort"]]');
    const db = openWritable(join(dir, 'a.sqlite'));
    await expect(loadBoundaryFile(db, { file: join(dir, 'x', 'synthetic_counties.shp'), level: 'county', ...fields })).rejects.toThrow(
      /in Amersfoort \/ RD New, not longitude\/latitude.*ogr2ogr -t_srs EPSG:4326/,
    );
    db.close();
  });
});

describe('the real us-atlas boundaries (Census cartographic boundaries, 1:10m)', () => {
  it('load 3,231 counties under 56 states; Alaska and the Aleutians span the antimeridian and load with a warning', async () => {
    const db = openWritable(join(tempDir(), 'a.sqlite'));
    const states = await loadBoundaryFile(db, {
      file: join(US_ATLAS, 'states-10m.json'),
      level: 'state',
      object: 'states',
      codeField: 'id',
      nameField: 'name',
    });
    expect(states.areas).toBe(56);
    const counties = await loadBoundaryFile(db, {
      file: join(US_ATLAS, 'counties-10m.json'),
      level: 'county',
      object: 'counties',
      ...COUNTY,
      allowDuplicateNames: true,
    });
    expect(counties.areas).toBe(3231);
    const all = db.prepare("SELECT code, parent_code FROM areas WHERE level = 'county'").all() as { code: string; parent_code: string }[];
    const stateCodes = new Set(db.prepare("SELECT code FROM areas WHERE level = 'state'").pluck().all() as string[]);
    expect(all.filter((c) => !stateCodes.has(c.parent_code))).toEqual([]);
    expect(all.filter((c) => !/^\d{5}$/.test(c.code))).toEqual([]);
    const spanning = db.prepare('SELECT code FROM areas WHERE max_lon - min_lon > 180 ORDER BY code').pluck().all();
    expect(spanning).toEqual(['02', '02016']);
    // Leading zeros kept: Alabama's Autauga County is 01001 under state 01.
    expect(db.prepare("SELECT name, parent_code FROM areas WHERE code = '01001'").get()).toEqual({ name: 'Autauga', parent_code: '01' });
    expect(addressLevel(db)).toBe('county');
    db.close();
  });
});
