// `atlas export --format pmtiles` read back with the `pmtiles` reader: header, bounds, zooms,
// metadata (vector_layers) and tiles byte-equal to what the server sends, layer after layer (the
// one-release layers of 2024-12, then `changes` of 2023-12 against 2024-12).
import { VectorTile } from '@mapbox/vector-tile';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PbfReader } from 'pbf';
import { Compression, TileType, type PMTiles } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TILE_LAYERS } from '../../common/constants.ts';
import { tilesOver } from '../../server/export/pmtiles.ts';
import { openStore, type Store } from '../../server/store/index.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { openArchive } from '../helpers/pmtiles-source.ts';

const run = promisify(execFile);
/** The export's threshold: at 1000 Mbit/s some fixture addresses changed between the releases, so `changes` has features. */
const DOWN = 1000;
let dir: string;
let db: string;
let store: Store;
let server: TestServer;
let archive: PMTiles;
let stdout: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-pmtiles-'));
  db = await buildFixtureDb(dir);
  store = openStore(db);
  server = await startTestServer(db);
  const out = join(dir, 'atlas.pmtiles');
  ({ stdout } = await run(process.execPath, [
    'bin/atlas.js',
    'export',
    '--db',
    db,
    '--release',
    '2024-12',
    '--down',
    String(DOWN),
    '--format',
    'pmtiles',
    '--out',
    out,
  ]));
  archive = openArchive(out);
});

afterAll(async () => {
  await server?.stop();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The server's tile: every layer's body (fetch undoes the gzip) one after another; null when all are empty. */
async function serverTile(z: number, x: number, y: number): Promise<Buffer | null> {
  const parts: Buffer[] = [];
  for (const layer of TILE_LAYERS) {
    const res = await server.get(`/tiles/${layer}/${z}/${x}/${y}.mvt?release=2024-12&down=${DOWN}`);
    if (res.status === 204) continue;
    expect(res.status).toBe(200);
    parts.push(Buffer.from(await res.arrayBuffer()));
  }
  const changes = await server.get(`/tiles/changes/${z}/${x}/${y}.mvt?from=2023-12&to=2024-12&down=${DOWN}`);
  if (changes.status !== 204) {
    expect(changes.status).toBe(200);
    parts.push(Buffer.from(await changes.arrayBuffer()));
  }
  return parts.length ? Buffer.concat(parts) : null;
}

describe('atlas export --format pmtiles', () => {
  it('reports what it wrote and leaves no temporary files', () => {
    expect(stdout).toMatch(
      new RegExp(`Wrote .*atlas\\.pmtiles \\(pmtiles; release 2024-12, ${DOWN} Mbit/s\\): \\d+ tiles \\(\\d+ distinct\\)`),
    );
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('has a v3 header with the bounds of the loaded areas and zooms 0 to 14', async () => {
    const h = await archive.getHeader();
    const [w, s, e, n] = store.areas.bounds()!;
    expect(h).toMatchObject({
      specVersion: 3,
      minZoom: 0,
      maxZoom: 14,
      tileType: TileType.Mvt,
      tileCompression: Compression.Gzip,
      clustered: true,
    });
    for (const [got, want] of [
      [h.minLon, w],
      [h.minLat, s],
      [h.maxLon, e],
      [h.maxLat, n],
    ])
      expect(Math.abs(got - want)).toBeLessThan(1e-6);
    expect(h.numTileContents, 'duplicate tiles are stored once').toBeLessThan(h.numAddressedTiles);
    expect(h.numTileEntries).toBeLessThanOrEqual(h.numAddressedTiles);
  });

  it('describes every tile layer in the metadata', async () => {
    const meta = (await archive.getMetadata()) as {
      vector_layers: { id: string; fields: Record<string, string> }[];
      attribution: string;
      release: string;
      synthetic: boolean;
      changes: unknown;
    };
    expect(meta.vector_layers.map((l) => l.id)).toEqual([...TILE_LAYERS, 'changes']);
    expect(meta.vector_layers.at(-1)!.fields).toMatchObject({ kind: 'String', newly_covered: 'Number', lost: 'Number' });
    // The changes layer compares with 2023-12, which is synthetic: the metadata says so.
    expect(meta.changes).toEqual({ from: '2023-12', to: '2024-12', synthetic: true });
    expect(meta.vector_layers[0].fields).toMatchObject({ code: 'String', covered_pct: 'Number' });
    expect(meta).toMatchObject({
      release: '2024-12',
      synthetic: false,
      attribution: 'Kadaster / Centraal Bureau voor de Statistiek, 2024',
    });
  });

  it('holds exactly the server tiles: all tiles to z11, a sample above; empty tiles left out', async () => {
    const bounds = store.areas.bounds()!;
    let compared = 0;
    let empty = 0;
    for (let z = 0; z <= 14; z++) {
      const tiles = tilesOver(bounds, z);
      const step = z <= 11 ? 1 : Math.ceil(tiles.length / 40);
      for (let i = 0; i < tiles.length; i += step) {
        const { x, y } = tiles[i];
        const want = await serverTile(z, x, y);
        const got = await archive.getZxy(z, x, y);
        if (want === null) {
          expect(got, `${z}/${x}/${y} is empty`).toBeUndefined();
          empty++;
        } else {
          expect(got, `${z}/${x}/${y}`).toBeDefined();
          expect(Buffer.from(got!.data).equals(want), `${z}/${x}/${y}`).toBe(true);
        }
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(150);
    expect(empty, 'some tiles over the bounds are empty').toBeGreaterThan(0);
  });

  it('decodes to the layers of the map', async () => {
    const [w, s, e, n] = store.areas.bounds()!;
    const { x, y } = tilesOver([(w + e) / 2, (s + n) / 2, (w + e) / 2, (s + n) / 2], 10)[0];
    const tile = await archive.getZxy(10, x, y);
    const layers = Object.keys(new VectorTile(new PbfReader(new Uint8Array(tile!.data))).layers);
    expect(layers).toContain('areas');
    expect(layers).toContain('hexes');
    const withChanges = [];
    for (const t of tilesOver(store.areas.bounds()!, 10)) {
      const data = (await archive.getZxy(10, t.x, t.y))?.data;
      if (data && 'changes' in new VectorTile(new PbfReader(new Uint8Array(data))).layers) withChanges.push(t);
    }
    expect(withChanges.length, 'some z10 tiles hold changes').toBeGreaterThan(0);
  });
});
