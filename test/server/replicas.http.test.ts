// N replicas behind a load balancer: two servers over the same read-only database file answer every
// tile with the same bytes and the same ETag (one warm, one cold), and each honours the other's ETag,
// so a client or CDN that revalidates against any replica gets a 304.
import { chmodSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TILE_LAYERS } from '../../common/constants.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { serveInTempDir, startTestServer, type TestServer } from '../helpers/server.ts';
import { tileOf, tilesCovering } from '../helpers/tiles.ts';

interface Raw {
  status: number;
  etag: string | undefined;
  encoding: string | undefined;
  body: Buffer;
}

/** The answer as sent (no decompression), so the bytes on the wire are compared. */
function raw(base: string, path: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers: { 'accept-encoding': 'gzip', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          etag: res.headers.etag,
          encoding: res.headers['content-encoding'],
          body: Buffer.concat(chunks),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

let fixture: Awaited<ReturnType<typeof serveInTempDir>>;
let a: TestServer;
let b: TestServer;
let urls: string[];

/** The fixture database, made read-only before any server opens it. */
async function readOnlyDb(into: string): Promise<string> {
  const db = await buildFixtureDb(into);
  chmodSync(db, 0o444);
  return db;
}

beforeAll(async () => {
  fixture = await serveInTempDir('atlas-replicas-', readOnlyDb);
  a = fixture.server;
  b = await startTestServer(join(fixture.dir, 'atlas.sqlite'));
  const { bounds } = await a.json<{ bounds: number[] }>('/api/v1/meta');
  // The covered layer draws from z13, so its sample is the tiles at the clusters, where people live.
  const { clusters } = await a.json<{ clusters: { centroid: [number, number] }[] }>('/api/v1/clusters?limit=12&down=100');
  urls = [];
  for (const layer of TILE_LAYERS) {
    const zooms = layer === 'covered' ? [13, 14, 15, 16] : [0, 6, 9, 11, 13, 15];
    for (const z of zooms) {
      const tiles =
        layer === 'covered' ? clusters.map((c) => [z, ...tileOf(c.centroid[0], c.centroid[1], z)]) : tilesCovering(bounds, z).slice(0, 12);
      for (const [, x, y] of tiles) urls.push(`/tiles/${layer}/${z}/${x}/${y}.mvt?release=2024-12&down=100`);
    }
  }
});

afterAll(async () => {
  await b?.stop();
  await fixture?.done();
});

describe('two servers over one read-only file', () => {
  it('send byte-identical tiles with identical ETags, warm or cold', async () => {
    // Server a answers every tile twice (the second from its cache); b answers each once, cold.
    for (const url of urls) await raw(a.url, url);
    let drawn = 0;
    for (const url of urls) {
      const [fromA, fromB] = await Promise.all([raw(a.url, url), raw(b.url, url)]);
      expect(fromB.status, url).toBe(fromA.status);
      expect([200, 204]).toContain(fromA.status);
      expect(fromB.etag, url).toBe(fromA.etag);
      expect(fromB.encoding, url).toBe(fromA.encoding);
      expect(fromB.body.equals(fromA.body), url).toBe(true);
      if (fromA.status === 200) {
        expect(fromA.etag).toMatch(/^"[^"]+"$/);
        drawn++;
      }
    }
    expect(drawn, 'most sampled tiles hold features').toBeGreaterThan(urls.length / 3);
  });

  it("answer 304 to the other replica's ETag", async () => {
    const drawn: string[] = [];
    for (const url of urls) {
      const r = await raw(a.url, url);
      if (r.status === 200) drawn.push(url);
      if (drawn.length === 10) break;
    }
    for (const url of drawn) {
      const { etag } = await raw(a.url, url);
      expect((await raw(b.url, url, { 'if-none-match': etag! })).status, url).toBe(304);
    }
  });

  it('send the same TileJSON', async () => {
    for (const layer of TILE_LAYERS) {
      const [fromA, fromB] = await Promise.all([raw(a.url, `/tiles/${layer}.json`), raw(b.url, `/tiles/${layer}.json`)]);
      expect(fromA.status).toBe(200);
      expect(fromB.etag).toBe(fromA.etag);
      expect(fromB.body.equals(fromA.body)).toBe(true);
    }
  });
});
