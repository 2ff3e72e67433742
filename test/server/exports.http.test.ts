// Every CSV and GeoJSON download through the one export module: whole sets, the same columns for
// the same rows, `release` and `synthetic` on every row, scalar GeoJSON properties that real GDAL
// converts to Shapefile and GeoPackage, spreadsheet options and neutralised formula cells.
import type { Feature } from 'geojson';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClusters } from '../../pipeline/clusters/index.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createVillageDb } from '../helpers/village-db.ts';
import { parseCsv } from '../report/csv-parse.ts';

const OGR2OGR = '/usr/bin/ogr2ogr';
const OGRINFO = '/usr/bin/ogrinfo';
/** Small enough that the village data has more clusters than one default page. */
const DEFAULT_LIMIT = 5;
const FORMULAS = ['=HYPERLINK("http://example.test","x")', "+cmd|' /C calc'!A0", '@SUM(1+1)', '-2+3', '\tTab', '\rCR'];

let dir: string;
let server: TestServer;
let formulaIds: string[];
let negativeId: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-exports-'));
  const path = join(dir, 'atlas.sqlite');
  const { db, releaseId } = createVillageDb(path, 7, 3000);
  buildClusters(db, releaseId);
  db.prepare('UPDATE releases SET synthetic = 1').run();
  const uncovered = db
    .prepare<[], { address_id: string }>(
      "SELECT address_id FROM addresses WHERE down_class < 3 AND area_code = 'GM0001' ORDER BY id LIMIT 7",
    )
    .all()
    .map((r) => r.address_id);
  formulaIds = uncovered.slice(0, FORMULAS.length);
  for (const [i, street] of FORMULAS.entries()) {
    db.prepare('UPDATE address_rows SET street = ?, city = ? WHERE address_id = ?').run(street, 'Leek', formulaIds[i]);
  }
  negativeId = uncovered[FORMULAS.length];
  db.prepare('UPDATE address_rows SET house_number = -5, street = ? WHERE address_id = ?').run('Plain street, with comma', negativeId);
  db.close();
  server = await startTestServer(path, { clientDir: join(dir, 'no-client'), defaultLimit: DEFAULT_LIMIT });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const get = async (path: string) => {
  const res = await server.get(path);
  expect(res.status, path).toBe(200);
  return res;
};
const json = (path: string) => server.json(path);
const csv = async (path: string, delimiter = ',') => parseCsv(await (await get(path)).text(), delimiter);
const decimals = (n: number) => (String(n).split('.')[1] ?? '').length;

describe('clusters exports', () => {
  it('hold every matching cluster, as many as the list’s total (not one default page)', async () => {
    const list = await json('/api/v1/clusters');
    expect(list.clusters).toHaveLength(DEFAULT_LIMIT);
    expect(list.total).toBeGreaterThan(DEFAULT_LIMIT);
    const geojson = await json('/api/v1/clusters.geojson');
    expect(geojson.features).toHaveLength(list.total);
    expect(geojson.total).toBe(list.total);
    const [, ...rows] = await csv('/api/v1/clusters.csv');
    expect(rows).toHaveLength(list.total);
    const inArea = await json('/api/v1/clusters?area=GM0002');
    expect((await json('/api/v1/clusters.geojson?area=GM0002')).features).toHaveLength(inArea.total);
  });

  it('still pages GeoJSON when limit or offset is given, and with format=geojson', async () => {
    const page = await json('/api/v1/clusters.geojson?limit=2&offset=1');
    expect(page.features).toHaveLength(2);
    const list = await json('/api/v1/clusters?format=geojson&limit=2&offset=1');
    expect(list.features).toEqual(page.features);
  });

  it('say they are synthetic on every feature and row, with scalar properties and rounded coordinates', async () => {
    const geojson = await json('/api/v1/clusters.geojson');
    expect(geojson.synthetic).toBe(true);
    for (const f of geojson.features) {
      expect(f.properties.release).toBe('test');
      expect(f.properties.synthetic).toBe(true);
      for (const value of Object.values(f.properties))
        expect(['string', 'number', 'boolean'].includes(typeof value) || value === null).toBe(true);
      for (const [lon, lat] of f.geometry.coordinates[0]) expect(Math.max(decimals(lon), decimals(lat))).toBeLessThanOrEqual(6);
    }
    const [header, ...rows] = await csv('/api/v1/clusters.csv');
    expect(header).toEqual([
      'id',
      'addresses',
      'addresses_in_area',
      'area_codes',
      'technologies',
      'lon',
      'lat',
      'west',
      'south',
      'east',
      'north',
      'nearest_covered_m',
      'number',
      'number_area',
      'release',
      'synthetic',
    ]);
    for (const row of rows) {
      expect(row.slice(-2)).toEqual(['test', 'true']);
      for (const cell of row.slice(5, 11)) expect(decimals(Number(cell))).toBeLessThanOrEqual(6);
    }
    // The same properties as the CSV columns: one table, two formats.
    expect(Object.keys(geojson.features[0].properties)).toEqual(header);
  });

  it('take the Dutch Excel options: BOM, semicolons and decimal commas', async () => {
    const plain = await csv('/api/v1/clusters.csv');
    const bytes = Buffer.from(await (await get('/api/v1/clusters.csv?bom=1&delimiter=semicolon')).arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const dutch = parseCsv(bytes.subarray(3).toString('utf8'), ';');
    expect(dutch[0]).toEqual(plain[0]);
    const lon = plain[0].indexOf('lon');
    expect(dutch[1][lon]).toMatch(/^\d+,\d+$/);
    expect(dutch.slice(1).map((r) => Number(r[lon].replace(',', '.')))).toEqual(plain.slice(1).map((r) => Number(r[lon])));
  });

  const gdal = existsSync(OGR2OGR) && existsSync(OGRINFO);
  it.skipIf(!gdal)('convert with real GDAL to Shapefile and GeoPackage without an error', async () => {
    const total = (await json('/api/v1/clusters')).total;
    const source = join(dir, 'clusters.geojson');
    writeFileSync(source, Buffer.from(await (await get('/api/v1/clusters.geojson')).arrayBuffer()));
    for (const [driver, file] of [
      ['ESRI Shapefile', 'clusters.shp'],
      ['GPKG', 'clusters.gpkg'],
    ]) {
      const target = join(dir, file);
      const run = spawnSync(OGR2OGR, ['-f', driver, target, source], { encoding: 'utf8' });
      expect(run.status, run.stderr).toBe(0);
      // A Shapefile holds field names of at most 10 characters: GDAL shortens them and says so. Nothing else may be said.
      const said = run.stderr.split('\n').filter((l) => l.trim() !== '' && !/^Warning 6: Normalized\/laundered field name/.test(l));
      expect(said, `${driver}: ${run.stderr}`).toEqual([]);
      const info = spawnSync(OGRINFO, ['-so', '-al', target], { encoding: 'utf8' });
      expect(info.status, info.stderr).toBe(0);
      expect(info.stdout).toContain(`Feature Count: ${total}`);
      for (const field of ['area_codes', 'technologies', 'release', 'synthetic', 'west', 'nearest_covered_m']) {
        expect(info.stdout).toContain(`${driver === 'GPKG' ? field : field.slice(0, 10)}: `);
      }
    }
  });
  if (!gdal)
    console.warn(
      `exports.http.test.ts: the GDAL conversion test is skipped: ${OGR2OGR} or ${OGRINFO} not found (apt-get install gdal-bin)`,
    );
});

describe('uncovered-address exports', () => {
  it('give the same columns, with release and synthetic, for /uncovered.csv and /areas/{code}/uncovered.csv', async () => {
    const general = await csv('/api/v1/uncovered.csv?area=GM0001');
    const area = await csv('/api/v1/areas/GM0001/uncovered.csv');
    expect(general[0]).toEqual([
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
      'best_technology',
      'best_down',
      'best_up',
      'release',
      'synthetic',
    ]);
    expect(general).toEqual(area);
    for (const row of general.slice(1)) expect(row.slice(-2)).toEqual(['test', 'true']);
  });

  it('carry release and synthetic in every GeoJSON feature, with the CSV’s columns as properties', async () => {
    const geojson = await json('/api/v1/areas/GM0001/uncovered.geojson');
    const page = await json('/api/v1/uncovered?area=GM0001&limit=3');
    for (const f of [...geojson.features, ...page.features]) {
      expect(f.properties.release).toBe('test');
      expect(f.properties.synthetic).toBe(true);
      expect(Object.keys(f.properties)).not.toContain('lon');
    }
    expect(page.features).toEqual(geojson.features.slice(0, 3));
  });

  it('neutralise formula cells with a leading quote, and leave numbers (even negative ones) as numbers', async () => {
    for (const path of ['/api/v1/uncovered.csv?area=GM0001', '/api/v1/areas/GM0001/uncovered.csv?bom=1&delimiter=semicolon']) {
      const text = await (await get(path)).text();
      const rows = parseCsv(text.replace(/^\uFEFF/, ''), path.includes('semicolon') ? ';' : ',');
      const street = rows[0].indexOf('street');
      const byId = new Map(rows.slice(1).map((r) => [r[0], r]));
      for (const [i, formula] of FORMULAS.entries()) expect(byId.get(formulaIds[i])![street]).toBe(`'${formula}`);
      const negative = byId.get(negativeId)!;
      expect(negative[rows[0].indexOf('house_number')]).toBe('-5');
      expect(negative[street]).toBe('Plain street, with comma');
      // No cell of any row starts a formula.
      for (const row of rows.slice(1)) for (const cell of row) if (cell !== '-5') expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    }
    // GeoJSON is data, not a spreadsheet: the street stays as stored.
    const geojson = await json('/api/v1/areas/GM0001/uncovered.geojson');
    expect(geojson.features.find((f: Feature) => f.id === formulaIds[0]).properties.street).toBe(FORMULAS[0]);
  });
});
