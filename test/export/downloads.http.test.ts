// GET /api/v1/downloads and /api/v1/downloads/{file} on a real server over the fixture database: the
// listing per release, files built on demand into the cache beside the database (once, however many
// ask at the same time), whole (no temporary files left), sized in the listing once built, read by GDAL.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DownloadList } from '../../common/api.ts';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { HAVE_GDAL, layerSummary } from '../helpers/gdal.ts';
import { expectError, serveInTempDir, startTestServer, type TestServer } from '../helpers/server.ts';

let fixture: Awaited<ReturnType<typeof serveInTempDir>>;
let server: TestServer;
let dir: string;
let db: string;

beforeAll(async () => {
  fixture = await serveInTempDir('atlas-downloads-', buildFixtureDb);
  ({ server, dir } = fixture);
  db = join(dir, 'atlas.sqlite');
});

afterAll(() => fixture?.done());

/** Every file under the cache directory, relative to it. */
function cached(): string[] {
  const root = `${db}.downloads`;
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => e.name);
}

describe('GET /api/v1/downloads', () => {
  it('lists per release the GeoPackage, the uncovered CSV and the clusters CSV, unbuilt at first', async () => {
    const list = await server.json<DownloadList>('/api/v1/downloads?down=100');
    expect(list.threshold).toEqual({ down: 100, up: null, fixed_only: false });
    expect(list.releases.map((r) => [r.release, r.synthetic])).toEqual([
      ['2023-12', true],
      ['2024-12', false],
    ]);
    const files = list.releases[1].files;
    expect(files.map((f) => [f.kind, f.name, f.media_type, f.url, f.bytes])).toEqual([
      ['gpkg', 'atlas-2024-12-100.gpkg', 'application/geopackage+sqlite3', '/api/v1/downloads/atlas-2024-12-100.gpkg', null],
      ['uncovered_csv', 'atlas-2024-12-100.uncovered.csv', 'text/csv', '/api/v1/downloads/atlas-2024-12-100.uncovered.csv', null],
      ['clusters_csv', 'atlas-2024-12-100.clusters.csv', 'text/csv', '/api/v1/downloads/atlas-2024-12-100.clusters.csv', null],
    ]);
    expect(cached()).toEqual([]);
  });

  it('builds a file once for requests that arrive together, then serves it from disk', async () => {
    const url = '/api/v1/downloads/atlas-2024-12-100.uncovered.csv';
    const answers = await Promise.all([1, 2, 3, 4].map(() => server.get(url)));
    const bodies = await Promise.all(answers.map((r) => r.text()));
    for (const r of answers) expect(r.status).toBe(200);
    expect(answers.map((r) => r.headers.get('x-cache')).sort()).toEqual(['MISS', 'SHARED', 'SHARED', 'SHARED']);
    expect(new Set(bodies).size).toBe(1);
    expect(answers[0].headers.get('content-disposition')).toMatch(/^attachment; filename="?atlas-2024-12-100\.uncovered\.csv"?$/);

    // Every uncovered address of the release at 100 Mbit/s, one line each after the header.
    const summary = await server.json<{ uncovered: number }>('/api/v1/summary?release=2024-12&down=100');
    const lines = bodies[0].trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^address_id,postcode,.*,release,synthetic$/);
    expect(lines.length - 1).toBe(summary.uncovered);
    expect(lines.slice(1).every((l) => l.endsWith(',2024-12,false'))).toBe(true);

    const again = await server.get(url);
    expect(again.headers.get('x-cache')).toBe('HIT');
    expect(await again.text()).toBe(bodies[0]);
    expect(cached()).toEqual(['atlas-2024-12-100.uncovered.csv']);

    const list = await server.json<DownloadList>('/api/v1/downloads?down=100');
    const entry = list.releases[1].files.find((f) => f.kind === 'uncovered_csv')!;
    expect(entry.bytes).toBe(Buffer.byteLength(bodies[0]));
  });

  it('serves a GeoPackage GDAL reads, with the release and synthetic flag on its rows', async () => {
    const res = await server.get('/api/v1/downloads/atlas-2023-12-1000.gpkg');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/geopackage+sqlite3');
    const file = join(dir, 'got.gpkg');
    writeFileSync(file, Buffer.from(await res.arrayBuffer()));
    if (!HAVE_GDAL) return;
    const uncovered = await layerSummary(file, 'uncovered');
    const summary = await server.json<{ uncovered: number }>('/api/v1/summary?release=2023-12&down=1000');
    expect(uncovered.count).toBe(summary.uncovered);
    expect(uncovered.fields).toMatchObject({ release: 'String', synthetic: 'Integer(Boolean)' });
    expect(cached().filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('answers the clusters CSV, every cluster of the release', async () => {
    const res = await server.get('/api/v1/downloads/atlas-2024-12-1000.clusters.csv');
    expect(res.status).toBe(200);
    const list = await server.json<{ total: number }>('/api/v1/clusters?release=2024-12&down=1000&limit=1');
    expect((await res.text()).trimEnd().split('\r\n').length - 1).toBe(list.total);
  });

  it('refuses an unknown file and a bad threshold with the JSON error', async () => {
    await expectError(await server.get('/api/v1/downloads/atlas-1999-01-1000.gpkg'), 404, 'file');
    await expectError(await server.get('/api/v1/downloads/..%2Fatlas.sqlite'), 404, 'file');
    await expectError(await server.get('/api/v1/downloads?down=7'), 400, 'down');
  });

  it('answers 503 naming the setting when the cache directory cannot be written', async () => {
    const blocker = join(dir, 'not-a-dir');
    writeFileSync(blocker, '');
    const other = await startTestServer(db, { downloadsDir: join(blocker, 'cache') });
    try {
      const res = await other.get('/api/v1/downloads/atlas-2024-12-1000.clusters.csv');
      const body = await res.clone().json();
      await expectError(res, 503);
      expect(body.error.message).toMatch(/downloadsDir/);
      expect((await other.get('/api/v1/downloads')).status).toBe(200);
    } finally {
      await other.stop();
    }
  });
});
