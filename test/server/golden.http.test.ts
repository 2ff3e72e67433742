// Decoded tiles of every layer, and the response headers of each kind of answer, as text a person can read,
// compared with golden files in test/server/golden/ (regenerate: UPDATE=1, then review the diff).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { expectGolden } from '../helpers/golden.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { decodeLayer, rawGet, type DecodedFeature, type RawResponse } from '../helpers/tile-client.ts';
import { tilesCovering } from '../helpers/tiles.ts';

const GOLDEN = join(import.meta.dirname, 'golden');
let dir: string;
let server: TestServer;
let centre: [number, number];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-golden-'));
  server = await startTestServer(await buildFixtureDb(dir));
  // A tile around the first uncovered address of the least covered municipality: every layer has features there.
  const [first] = (await server.json('/api/v1/areas?sort=uncovered&order=desc')).areas;
  const page = await server.json(`/api/v1/uncovered?area=${first.code}&limit=1`);
  centre = page.features[0].geometry.coordinates;
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const TYPES = ['unknown', 'point', 'line', 'polygon'];

function asText(layer: string, features: DecodedFeature[]): string {
  const lines = features.map((f) => {
    const props = Object.entries(f.properties)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    const geometry = f.geometry.map((ring) => ring.map((p) => `${p.x},${p.y}`).join(' ')).join(' | ');
    return `${layer} ${TYPES[f.type]} ${props}\n  ${geometry}`;
  });
  return `${lines.sort().join('\n')}\n`;
}

describe('golden tiles', () => {
  const tiles = [
    ['hexes', 9, '?down=100'],
    ['uncovered', 12, '?down=1000'],
    ['areas', 7, '?down=1000'],
    // Cluster centroids only below OUTLINE_MIN_ZOOM (9), outlines and centroids from it.
    ['clusters', 8, '?down=1000'],
    ['clusters', 12, '?down=1000'],
  ] as const;
  for (const [layer, z, query] of tiles) {
    it(`draws the ${layer} tile at z${z} over the fixture as before`, async () => {
      const [, x, y] = tilesCovering([...centre, ...centre], z)[0];
      const res = await rawGet(`${server.url}/tiles/${layer}/${z}/${x}/${y}.mvt${query}`, { 'Accept-Encoding': 'gzip' });
      const text = asText(layer, decodeLayer(res, layer));
      expectGolden(join(GOLDEN, `${layer}-${z}.txt`), text);
    });
  }
});

/** Headers that change from run to run or with every byte of the body: their presence is kept, not their value. */
const VOLATILE = new Set(['date', 'etag', 'content-length', 'last-modified']);

function headersText(title: string, res: RawResponse): string {
  const lines = Object.entries(res.headers)
    .map(([name, value]) => `${name}: ${VOLATILE.has(name) ? '<present>' : Array.isArray(value) ? value.join(', ') : value}`)
    .sort();
  return `${title}\n  status: ${res.status}\n${lines.map((l) => `  ${l}`).join('\n')}\n`;
}

describe('golden headers', () => {
  it('answers a tile, TileJSON, an API JSON answer, a CSV export and an error with the same headers as before', async () => {
    const [, x, y] = tilesCovering([...centre, ...centre], 12)[0];
    const tile = `/tiles/uncovered/12/${x}/${y}.mvt?down=1000`;
    const gzip = { 'Accept-Encoding': 'gzip' };
    const first = await rawGet(`${server.url}${tile}`, gzip);
    const etag = String(first.headers.etag);
    const requests: [string, string, Record<string, string>][] = [
      ['tile, gzip accepted', tile, gzip],
      ['tile, no gzip', tile, {}],
      ['tile, If-None-Match its ETag', tile, { ...gzip, 'If-None-Match': etag }],
      ['tile with nothing in it', '/tiles/uncovered/12/0/0.mvt?down=1000', gzip],
      ['TileJSON', '/tiles/uncovered.json?down=1000', gzip],
      ['API JSON', '/api/v1/areas/GM0331?down=1000', gzip],
      ['CSV export', '/api/v1/uncovered.csv?area=GM0331&down=1000', gzip],
      ['error (unknown area)', '/api/v1/areas/GM9999', gzip],
    ];
    const texts: string[] = [];
    for (const [title, path, headers] of requests) {
      texts.push(headersText(`${title}: GET ${path}`, await rawGet(`${server.url}${path}`, headers)));
    }
    expect(first.status).toBe(200);
    expectGolden(join(GOLDEN, 'headers.txt'), texts.join('\n'));
  });
});
