// The response headers of each kind of answer (tiles, TileJSON, API JSON, a CSV export, an error) as text,
// compared with a golden file: status, type, caching, Vary, ETag presence, encoding (regenerate: UPDATE=1).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { expectGolden } from '../helpers/golden.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { rawGet, type RawResponse } from '../helpers/tile-client.ts';
import { tileOf } from '../helpers/tiles.ts';

let dir: string;
let server: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-headers-'));
  server = await startTestServer(await buildFixtureDb(dir));
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
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
    const page = await server.json('/api/v1/uncovered?area=GM0331&limit=1');
    const [lon, lat] = page.features[0].geometry.coordinates;
    const tile = `/tiles/uncovered/12/${tileOf(lon, lat, 12).join('/')}.mvt?down=1000`;
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
    expectGolden(join(import.meta.dirname, 'golden', 'headers.txt'), texts.join('\n'));
  });
});
