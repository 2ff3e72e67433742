// GDAL's OAPIF driver (Debian gdal-bin) against a real server: ogrinfo lists the collections and
// ogr2ogr copies every collection, all pages, with the feature count the API reports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureDb } from '../helpers/fixture-db.ts';
import { gdal, HAVE_GDAL, layerSummary } from '../helpers/gdal.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let dir: string;
let server: TestServer;

beforeAll(async () => {
  if (!HAVE_GDAL) return;
  dir = mkdtempSync(join(tmpdir(), 'atlas-oapif-'));
  server = await startTestServer(await buildFixtureDb(dir));
});

afterAll(async () => {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!HAVE_GDAL)('GDAL OAPIF driver', () => {
  it('lists the three collections with their geometry types', async () => {
    const text = await gdal('ogrinfo', ['-ro', '-q', `OAPIF:${server.url}/ogc`]);
    expect(text).toMatch(/1: areas .*\(Multi Polygon\)/);
    expect(text).toMatch(/2: uncovered .*\(Point\)/);
    expect(text).toMatch(/3: clusters .*\(Polygon\)/);
  });

  for (const [query, pageSize] of [
    ['', 2],
    ['?release=2023-12&down=100', 2],
  ] as const) {
    it(`copies every collection${query ? ` (${query})` : ''} in pages of ${pageSize} with the API's feature count`, async () => {
      const out = join(dir, `copy${query ? '-release' : ''}.gpkg`);
      await gdal('ogr2ogr', ['-f', 'GPKG', '-oo', `PAGE_SIZE=${pageSize}`, out, `OAPIF:${server.url}/ogc${query}`]);
      for (const id of ['areas', 'uncovered', 'clusters']) {
        const page = await server.json(`/ogc/collections/${id}/items${query ? `${query}&` : '?'}limit=1`);
        expect(page.numberMatched, `${id}: more than two pages`).toBeGreaterThan(2 * pageSize);
        const copied = await layerSummary(out, id);
        expect(copied.count, id).toBe(page.numberMatched);
        expect(copied.epsg, id).toBe(4326);
      }
    });
  }

  it('reads the feature count from numberMatched and passes its spatial filter as bbox', async () => {
    const summary = await layerSummary(`OAPIF:${server.url}/ogc`, 'uncovered');
    expect(summary.geometry).toBe('Point');
    // Types from the collection's JSON Schema (describedby), not guessed from the first page.
    expect(summary.fields).toMatchObject({
      address_id: 'String',
      house_number: 'Integer',
      best_down: 'Real',
      up: 'Integer',
      release: 'String',
      synthetic: 'Integer(Boolean)',
    });
    const filtered = await gdal('ogrinfo', ['-ro', '-q', '-spat', '4.8', '51.9', '5.1', '52.1', `OAPIF:${server.url}/ogc`, 'uncovered']);
    expect((filtered.match(/^OGRFeature\(uncovered\)/gm) ?? []).length).toBeGreaterThan(0);
  });
});
