// Pre-rendered tiles (issue 15) over real HTTP: the stored pyramid is served byte for byte as the tile
// route computes it (and as the golden tiles say), and a stored tile is never served for another
// release, a re-import of its label, another threshold, other definitions or another maxTilePoints.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prerenderTiles } from '../../cli/prerender.ts';
import { DEFAULT_DEFINITIONS } from '../../common/definitions.ts';
import { openWritable } from '../../common/schema.ts';
import { importRelease } from '../../pipeline/import/index.ts';
import { encodeLayer } from '../../server/tiles/registry.ts';
import { gzipTile, tilesOver } from '../../server/tiles/pyramid.ts';
import { runAtlas } from '../helpers/atlas-cli.ts';
import { buildFixtureDb, FIXTURE_FILES } from '../helpers/fixture-db.ts';
import { expectGolden, tileAsText } from '../helpers/golden.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { decodeLayer, rawGet, type RawResponse } from '../helpers/tile-client.ts';
import { tilesCovering } from '../helpers/tiles.ts';

const GOLDEN = join(import.meta.dirname, 'golden');
const GZIP = { 'Accept-Encoding': 'gzip' };
let dir: string;
/** The fixture with its default pyramid stored, and the same database with none. */
let stored: string;
let plain: string;
let servers: TestServer[] = [];
let centre: [number, number];

interface Row {
  layer: string;
  z: number;
  x: number;
  y: number;
  gz: Buffer;
}

function storedTiles(path: string): Row[] {
  const db = new Database(path, { readonly: true });
  try {
    return db
      .prepare('SELECT s.layer, b.z, b.x, b.y, b.gz FROM tile_blobs b JOIN tile_sets s ON s.id = b.set_id ORDER BY 1, 2, 3, 4')
      .all() as Row[];
  } finally {
    db.close();
  }
}

async function serve(path: string, overrides: Parameters<typeof startTestServer>[1] = {}): Promise<TestServer> {
  const server = await startTestServer(path, overrides);
  servers.push(server);
  return server;
}

const tile = (server: TestServer, layer: string, z: number, x: number, y: number, query = '') =>
  rawGet(`${server.url}/tiles/${layer}/${z}/${x}/${y}.mvt${query}`, GZIP);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-prerendered-'));
  stored = await buildFixtureDb(dir);
  plain = join(dir, 'plain.sqlite');
  copyFileSync(stored, plain);
  const summary = prerenderTiles(stored, { maxZoom: 14, maxTilePoints: 5000 });
  expect(summary.release).toBe('2024-12');
  expect(summary.sets.map((s) => [s.layer, s.minZoom, s.maxZoom])).toEqual([
    ['hexes', 0, 14],
    ['uncovered', 0, 14],
  ]);
  const server = await serve(plain);
  const [first] = (await server.json('/api/v1/areas?sort=uncovered&order=desc')).areas;
  const page = await server.json(`/api/v1/uncovered?area=${first.code}&limit=1`);
  centre = page.features[0].geometry.coordinates;
});

afterAll(async () => {
  for (const s of servers) await s.stop();
  servers = [];
  rmSync(dir, { recursive: true, force: true });
});

describe('pre-rendered tiles', () => {
  it('are the bytes and ETags the route computes on request, at every stored tile and the empty ones beside', async () => {
    const rows = storedTiles(stored);
    expect(rows.length).toBeGreaterThan(20);
    const withTiles = await serve(stored);
    const without = await serve(plain);
    const same = async (layer: string, z: number, x: number, y: number) => {
      const [a, b] = await Promise.all([tile(withTiles, layer, z, x, y), tile(without, layer, z, x, y)]);
      const at = `${layer}/${z}/${x}/${y}`;
      expect(a.status, at).toBe(b.status);
      expect(a.headers.etag, at).toBe(b.headers.etag);
      expect(a.body.equals(b.body), at).toBe(true);
      return a;
    };
    // Every stored tile, and the tile east of each (stored, walked and empty, or not walked).
    for (const r of rows) {
      expect((await same(r.layer, r.z, r.x, r.y)).body.equals(r.gz)).toBe(true);
      if (r.x + 1 < 2 ** r.z) await same(r.layer, r.z, r.x + 1, r.y);
    }
    // Every tile over the areas at a few zooms, empty ones (walked or not) included.
    const bounds = (await withTiles.json('/tiles/hexes.json')).bounds;
    for (const z of [3, 8, 11]) {
      for (const { x, y } of tilesOver(bounds, z)) for (const layer of ['hexes', 'uncovered']) await same(layer, z, x, y);
    }
  });

  it('are the same sets and tiles when a helper thread shares the walks', () => {
    const inWorker = join(dir, 'worker.sqlite');
    copyFileSync(plain, inWorker);
    const summary = prerenderTiles(inWorker, { maxZoom: 14, maxTilePoints: 5000, worker: true });
    const sets = (path: string) => {
      const db = new Database(path, { readonly: true });
      try {
        const rows = db.prepare('SELECT * FROM tile_sets ORDER BY id').all() as { tiles: number }[];
        return rows.map((s) => ({ ...s, created_at: undefined }));
      } finally {
        db.close();
      }
    };
    expect(summary.sets.map((s) => s.tiles)).toEqual(sets(stored).map((s) => s.tiles));
    expect(sets(inWorker)).toEqual(sets(stored));
    const [a, b] = [storedTiles(inWorker), storedTiles(stored)];
    expect(a.length).toBe(b.length);
    for (const [i, r] of a.entries()) expect({ ...r, gz: r.gz.equals(b[i].gz) }).toEqual({ ...b[i], gz: true });
  });

  it('serve the golden tiles from the stored pyramid (default threshold, and a pyramid stored at 100 Mbit/s)', async () => {
    const withTiles = await serve(stored);
    const [, x12, y12] = tilesCovering([...centre, ...centre], 12)[0];
    expect(storedTiles(stored).some((r) => r.layer === 'uncovered' && r.z === 12 && r.x === x12 && r.y === y12)).toBe(true);
    const uncovered = await tile(withTiles, 'uncovered', 12, x12, y12, '?down=1000');
    expectGolden(join(GOLDEN, 'uncovered-12.txt'), tileAsText('uncovered', decodeLayer(uncovered, 'uncovered')));

    const at100 = join(dir, 'at100.sqlite');
    copyFileSync(plain, at100);
    prerenderTiles(at100, { maxZoom: 9, maxTilePoints: 5000, threshold: { down: 100, up: null, fixed_only: false } });
    const [, x9, y9] = tilesCovering([...centre, ...centre], 9)[0];
    expect(storedTiles(at100).some((r) => r.layer === 'hexes' && r.z === 9 && r.x === x9 && r.y === y9)).toBe(true);
    const hexes = await tile(await serve(at100), 'hexes', 9, x9, y9, '?down=100');
    expectGolden(join(GOLDEN, 'hexes-9.txt'), tileAsText('hexes', decodeLayer(hexes, 'hexes')));
  });
});

describe('a stored tile is never served stale', () => {
  const MARKER = gzipTile(encodeLayer('hexes', [{ type: 1, geometry: [[1, 1]], tags: { marker: 'stale' } }])!);
  const isMarker = (res: RawResponse) => res.status === 200 && res.body.equals(MARKER);
  let path: string;
  let server: TestServer;
  let at: [number, number, number];

  /** Overwrites every stored hexes tile with the marker, as if the stored pyramid were of other data. */
  function tamper(): void {
    const db = new Database(path);
    try {
      db.prepare("UPDATE tile_blobs SET gz = ? WHERE set_id IN (SELECT id FROM tile_sets WHERE layer = 'hexes')").run(MARKER);
    } finally {
      db.close();
    }
  }

  beforeAll(async () => {
    path = join(dir, 'stale.sqlite');
    copyFileSync(stored, path);
    at = tilesCovering([...centre, ...centre], 10)[0];
    server = await serve(path);
    tamper();
  });

  const hexes = (query = '', s = server) => tile(s, 'hexes', ...at, query);

  it('serves the stored tile for exactly the request it was made for (the marker shows the path is taken)', async () => {
    expect(isMarker(await hexes())).toBe(true);
    expect(isMarker(await hexes('?down=1000&release=2024-12'))).toBe(true);
  });

  it('computes the tile for another threshold, release, fixed-line choice or maxTilePoints', async () => {
    for (const query of ['?down=100', '?down=1000&up=100', '?fixed_only=1', '?release=2023-12']) {
      const res = await hexes(query);
      expect(res.status, query).toBe(200);
      expect(isMarker(res), query).toBe(false);
    }
    expect(isMarker(await hexes('', await serve(path, { maxTilePoints: 4999 })))).toBe(false);
  });

  it('computes the tiles once the coverage definitions change, and serves them again when they are back', async () => {
    const db = openWritable(path);
    const d = DEFAULT_DEFINITIONS;
    db.prepare(
      "INSERT INTO coverage_definitions (id, down, up, goal, technologies, tiers, created_at) VALUES (1, ?, ?, ?, ?, '[]', 'now')",
    ).run(
      JSON.stringify(d.down),
      JSON.stringify(d.up),
      JSON.stringify({ ...d.goal, year: d.goal.year + 1 }),
      JSON.stringify(d.technologies),
    );
    db.close();
    expect(isMarker(await hexes())).toBe(false);
    const again = new Database(path);
    again.prepare('DELETE FROM coverage_definitions').run();
    again.close();
    expect(isMarker(await hexes())).toBe(true);
  });

  it('computes the tiles of a new release, and of a release whose label was imported again', async () => {
    const db = openWritable(path);
    importRelease(db, { release: '2025-12', asOf: '2025-12-31', files: [FIXTURE_FILES.release2024], synthetic: true });
    db.close();
    // The newest release is the default: it has no stored tiles. The stored ones still answer for theirs.
    const fresh = await hexes();
    expect(fresh.status).toBe(200);
    expect(isMarker(fresh)).toBe(false);
    expect(isMarker(await hexes('?release=2024-12'))).toBe(true);

    const again = openWritable(path);
    importRelease(again, { release: '2024-12', asOf: '2024-12-31', files: [FIXTURE_FILES.release2024], synthetic: false });
    again.close();
    const reimported = await hexes('?release=2024-12');
    expect(reimported.status).toBe(200);
    expect(isMarker(reimported)).toBe(false);
    expect(reimported.body.equals((await tile(await serve(plain), 'hexes', ...at)).body)).toBe(true);
  });
});

describe('atlas tiles', () => {
  it('stores the pyramid to --max-zoom, drops it with --drop, and refuses a missing database or a bad depth', async () => {
    const path = join(dir, 'cli.sqlite');
    copyFileSync(plain, path);
    const run = await runAtlas('tiles', '--db', path, '--max-zoom', '10', '--json');
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout.trim());
    expect(summary.release).toBe('2024-12');
    expect(summary.sets.map((s: { layer: string; maxZoom: number }) => [s.layer, s.maxZoom])).toEqual([
      ['hexes', 10],
      ['uncovered', 10],
    ]);
    const rows = storedTiles(path);
    expect(rows.length).toBe(summary.sets[0].tiles + summary.sets[1].tiles);
    expect(Math.max(...rows.map((r) => r.z))).toBe(10);

    const dropped = await runAtlas('tiles', '--db', path, '--drop');
    expect(dropped.code, dropped.stderr).toBe(0);
    expect(storedTiles(path)).toEqual([]);

    expect((await runAtlas('tiles', '--db', join(dir, 'missing.sqlite'))).code).toBe(1);
    expect((await runAtlas('tiles', '--db', path, '--max-zoom', '17')).code).toBe(2);
    expect((await runAtlas('tiles', '--db', path, '--max-zoom', '12', '--drop')).code).toBe(2);
  });
});
