// `atlas export --format gpkg` as a user runs it, checked with real GDAL (ogrinfo/ogr2ogr) and SQLite:
// layers, counts, geometry types, SRS, the rows' release and synthetic flag, metadata and bad input.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWritable } from '../../common/schema.ts';
import { createFeatureCollections } from '../../server/features/index.ts';
import { levelChangeFigures } from '../../server/change-figures.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { runAtlas } from '../helpers/atlas-cli.ts';
import { buildFixtureDb, loadFixtureBoundaries } from '../helpers/fixture-db.ts';
import { gdal, HAVE_GDAL, layerSummary } from '../helpers/gdal.ts';

let dir: string;
let db: string;
let store: Store;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-gpkg-'));
  db = await buildFixtureDb(dir);
  store = openStore(db);
});

afterAll(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

const atlas = (...args: string[]) => runAtlas('export', ...args);

/** What the export must hold: the shared feature collections of one release and threshold. */
function expected(label: string, down: 100 | 1000) {
  const release = store.releases.resolve(label);
  const sel = { release, threshold: { down, up: null, fixed_only: false } };
  return Object.fromEntries(
    createFeatureCollections(store)
      .list()
      .map((s) => [s.id, [...s.all(sel)]]),
  );
}

describe('atlas export --format gpkg', () => {
  const out = () => join(dir, 'atlas.gpkg');

  it('writes one GeoPackage with the three layers', async () => {
    const res = await atlas('--db', db, '--format', 'gpkg', '--out', out());
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/Wrote .*atlas\.gpkg/);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
    const gpkg = new Database(out(), { readonly: true });
    try {
      expect(gpkg.pragma('application_id', { simple: true })).toBe(0x47504b47);
      expect(gpkg.pragma('user_version', { simple: true })).toBe(10300);
      expect(gpkg.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(gpkg.prepare('SELECT table_name, data_type, srs_id FROM gpkg_contents ORDER BY table_name').all()).toEqual(
        ['areas', 'changes', 'clusters', 'uncovered'].map((t) => ({ table_name: t, data_type: 'features', srs_id: 4326 })),
      );
      expect(gpkg.prepare('SELECT organization, organization_coordsys_id FROM gpkg_spatial_ref_sys WHERE srs_id = 4326').get()).toEqual({
        organization: 'EPSG',
        organization_coordsys_id: 4326,
      });
      const label = store.releases.newest()!.label;
      for (const table of ['areas', 'uncovered', 'clusters']) {
        const wrong = gpkg.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE release IS NOT ? OR synthetic IS NOT 0`).get(label) as {
          n: number;
        };
        expect(wrong.n, table).toBe(0);
      }
      const metadata = JSON.parse((gpkg.prepare('SELECT metadata FROM gpkg_metadata').get() as { metadata: string }).metadata);
      expect(metadata).toMatchObject({
        release: label,
        synthetic: false,
        attribution: ['Kadaster / Centraal Bureau voor de Statistiek, 2024'],
      });
    } finally {
      gpkg.close();
    }
  });

  it.skipIf(!HAVE_GDAL)('reads in GDAL with the layer names, counts, geometry types and SRS of the data', async () => {
    const want = expected(store.releases.newest()!.label, 1000);
    const listing = await gdal('ogrinfo', ['-ro', '-q', out()]);
    expect([...listing.matchAll(/^\d+: (\w+) \((.+)\)$/gm)].map((m) => [m[1], m[2]])).toEqual([
      ['areas', 'Multi Polygon'],
      ['uncovered', 'Point'],
      ['clusters', 'Polygon'],
      ['changes', 'Multi Polygon'],
    ]);
    for (const layer of ['areas', 'uncovered', 'clusters']) {
      const summary = await layerSummary(out(), layer);
      expect(summary.count, layer).toBe(want[layer].length);
      expect(summary.count, layer).toBeGreaterThan(0);
      expect(summary.epsg, layer).toBe(4326);
      expect(summary.fields).toMatchObject({ release: 'String', synthetic: 'Integer(Boolean)' });
    }
  });

  it.skipIf(!HAVE_GDAL)('holds the same geometries and properties as the API features (decoded by GDAL)', async () => {
    const want = expected(store.releases.newest()!.label, 1000);
    for (const layer of ['areas', 'uncovered', 'clusters']) {
      const geojson = JSON.parse(await gdal('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', out(), layer]));
      const got = geojson.features as { geometry: unknown; properties: Record<string, unknown> }[];
      expect(got.length).toBe(want[layer].length);
      got.forEach((f, i) => {
        expect(f.geometry, `${layer} #${i}`).toEqual(want[layer][i].geometry);
        expect(f.properties, `${layer} #${i}`).toMatchObject(want[layer][i].properties);
      });
    }
  });

  it.skipIf(!HAVE_GDAL)('has a working R-tree: a spatial filter finds what a scan finds', async () => {
    const bbox = [4.85, 51.9, 5.1, 52.1];
    const want = expected(store.releases.newest()!.label, 1000).uncovered.filter((f) => {
      const [x, y] = (f.geometry as { coordinates: number[] }).coordinates;
      return x >= bbox[0] && x <= bbox[2] && y >= bbox[1] && y <= bbox[3];
    });
    expect(want.length).toBeGreaterThan(0);
    const check = await gdal('ogrinfo', ['-ro', out(), '-sql', "SELECT HasSpatialIndex('uncovered', 'geom')"]);
    expect(check).toMatch(/HasSpatialIndex \(Integer\) = 1/);
    const found = await gdal('ogrinfo', ['-ro', '-q', '-spat', ...bbox.map(String), out(), 'uncovered']);
    expect((found.match(/^OGRFeature\(uncovered\)/gm) ?? []).length).toBe(want.length);
  });

  it.skipIf(!HAVE_GDAL)('has a changes layer: every area with the figures of /api/v1/changes since the release before', async () => {
    const to = store.releases.newest()!;
    const from = store.releases.resolve('2023-12');
    const pair = { from, to, threshold: { down: 1000 as const, up: null, fixed_only: false } };
    const want = new Map(store.areas.levels().flatMap((level) => levelChangeFigures(store, pair, level).map((a) => [a.code, a] as const)));
    const summary = await layerSummary(out(), 'changes');
    expect(summary.count).toBe(want.size);
    expect(summary.epsg).toBe(4326);
    expect(summary.fields).toMatchObject({ from: 'String', to: 'String', newly_covered: 'Integer64', synthetic: 'Integer(Boolean)' });
    const geojson = JSON.parse(await gdal('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', out(), 'changes']));
    for (const f of geojson.features as { properties: Record<string, unknown> }[]) {
      const { code, name, level, ...figures } = want.get(String(f.properties.code))!;
      expect(f.properties).toMatchObject({ code, name, level, from: '2023-12', to: to.label, synthetic: true, down: 1000, ...figures });
    }
    expect([...want.values()].some((a) => a.newly_covered + a.lost + a.added + a.removed > 0)).toBe(true);
    // The oldest release has no release before it: the layer is there, empty.
    const oldest = join(dir, 'oldest.gpkg');
    expect((await atlas('--db', db, '--release', '2023-12', '--format', 'gpkg', '--out', oldest)).code).toBe(0);
    expect((await layerSummary(oldest, 'changes')).count).toBe(0);
  });

  it('marks every row of a synthetic release and says so in the metadata', async () => {
    const file = join(dir, 'synthetic.gpkg');
    const res = await atlas('--db', db, '--release', '2023-12', '--down', '100', '--format', 'gpkg', '--out', file);
    expect(res.code, res.stderr).toBe(0);
    const gpkg = new Database(file, { readonly: true });
    try {
      const want = expected('2023-12', 100);
      for (const table of ['areas', 'uncovered', 'clusters']) {
        const rows = gpkg
          .prepare(`SELECT COUNT(*) AS n, SUM(synthetic) AS s, MIN(release) AS r, MAX(down) AS d FROM ${table}`)
          .get() as Record<string, unknown>;
        expect(rows, table).toEqual({ n: want[table].length, s: want[table].length, r: '2023-12', d: 100 });
      }
      const metadata = (gpkg.prepare('SELECT metadata FROM gpkg_metadata').get() as { metadata: string }).metadata;
      expect(metadata).toContain('Synthetic demo data');
    } finally {
      gpkg.close();
    }
  });

  it('refuses an existing --out unless --force, and leaves it untouched', async () => {
    const file = join(dir, 'exists.gpkg');
    writeFileSync(file, 'precious');
    const res = await atlas('--db', db, '--format', 'gpkg', '--out', file);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/already exists; pass --force/);
    expect(readFileSync(file, 'utf8')).toBe('precious');
    const forced = await atlas('--db', db, '--format', 'gpkg', '--out', file, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(statSync(file).size).toBeGreaterThan(10_000);
  });

  it('answers an unknown format or threshold with exit 2 naming the valid values', async () => {
    const res = await atlas('--db', db, '--format', 'shp', '--out', join(dir, 'x.shp'));
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/--format must be one of gpkg/);
    const down = await atlas('--db', db, '--format', 'gpkg', '--down', '50', '--out', join(dir, 'x.gpkg'));
    expect(down.code).toBe(2);
    expect(down.stderr).toMatch(/--down must be one of 30, 100, 1000/);
    expect(existsSync(join(dir, 'x.gpkg'))).toBe(false);
  });

  it('says clearly when the release is unknown or the database holds none', async () => {
    const unknown = await atlas('--db', db, '--release', '1999-01', '--format', 'gpkg', '--out', join(dir, 'none.gpkg'));
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/Unknown release '1999-01'; known releases: 2023-12, 2024-12/);
    const emptyDir = mkdtempSync(join(dir, 'empty-'));
    const emptyDb = join(emptyDir, 'empty.sqlite');
    const writable = openWritable(emptyDb);
    loadFixtureBoundaries(writable);
    writable.close();
    const empty = await atlas('--db', emptyDb, '--format', 'gpkg', '--out', join(emptyDir, 'none.gpkg'));
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/holds no release yet/);
    expect(readdirSync(emptyDir).filter((f) => f.endsWith('.gpkg') || f.includes('.tmp'))).toEqual([]);
  });
});
