// A release imported (or figures changed) while the server runs shows without a restart.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { decodeLayer, rawGet } from '../helpers/tile-client.ts';
import { tilesCovering } from '../helpers/tiles.ts';

let dir: string;
let dbPath: string;
let server: TestServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'atlas-live-'));
  dbPath = await buildFixtureDb(dir);
  server = await startTestServer(dbPath);
});

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

function write(sql: string): void {
  const db = new Database(dbPath);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

describe('live data', () => {
  it('lists and defaults to a release imported after start', async () => {
    const before = await server.json('/api/v1/summary');
    write(`
      INSERT INTO releases (label, as_of, synthetic, source_files, rows_read, rows_accepted, rows_rejected, addresses, covered, uncovered, imported_at)
        SELECT 'later', '2999-12-31', synthetic, source_files, rows_read, rows_accepted, rows_rejected, addresses, covered, uncovered, imported_at
          FROM releases WHERE label = '${before.release}';
      INSERT INTO area_stats SELECT (SELECT id FROM releases WHERE label = 'later'), level, area_code, fixed_only, technology, down_class, up_class, addresses
        FROM area_stats WHERE release_id = (SELECT id FROM releases WHERE label = '${before.release}');`);
    const after = await server.json('/api/v1/summary');
    expect(after.release).toBe('later');
    expect(after.addresses).toBe(before.addresses);
    const { releases } = await server.json('/api/v1/releases');
    expect(releases.at(-1).label).toBe('later');
  });

  it('redraws cached area tiles when the figures change', async () => {
    const { bounds, release } = await server.json('/api/v1/meta');
    const [z, x, y] = tilesCovering(bounds, 6)[0];
    const url = `${server.url}/tiles/areas/${z}/${x}/${y}.mvt`;
    const first = await rawGet(url, { 'Accept-Encoding': 'gzip' });
    const area = decodeLayer(first, 'areas').find((f) => f.properties.level === 'municipality')!;
    write(`INSERT INTO area_stats VALUES ((SELECT id FROM releases WHERE label = '${release}'), 'municipality', '${area.properties.code}', 0, 'ADSL', 0, 0, 1000)
             ON CONFLICT DO UPDATE SET addresses = addresses + 1000`);
    const second = await rawGet(url, { 'Accept-Encoding': 'gzip' });
    expect(second.headers.etag).not.toBe(first.headers.etag);
    const updated = decodeLayer(second, 'areas').find((f) => f.properties.code === area.properties.code)!;
    expect(Number(updated.properties.addresses)).toBe(Number(area.properties.addresses) + 1000);
  });
});
