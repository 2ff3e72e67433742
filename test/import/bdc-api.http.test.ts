// An FCC BDC release over the real us-atlas counties, through the CLI and the real server: the
// import summary names the format and the unknown county code; address answers say their position
// is an H3 cell centre (location_precision: "h3r8"); area lists default to the address level
// (county), take any loaded level, and refuse one that is not loaded; hexagons are never finer than
// the locations' resolution-8 cells.
import { join } from 'node:path';
import { cellToLatLng, cellToParent } from 'h3-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWritable } from '../../common/schema.ts';
import { runAtlas } from '../helpers/atlas-cli.ts';
import { bdcRows, loadUsCounties, writeBdcFiles, type BdcRow } from '../helpers/bdc.ts';
import { expectError, startTestServer, type TestServer } from '../helpers/server.ts';
import { tempDir } from '../helpers/temp-db.ts';
import { decodeLayer, rawGet } from '../helpers/tile-client.ts';
import { tileOf } from '../helpers/tiles.ts';

const dir = tempDir();
const path = join(dir, 'us.sqlite');
let rows: BdcRow[] = [];
let server: TestServer;
let cliJson: Record<string, unknown>;

beforeAll(async () => {
  const db = openWritable(path);
  await loadUsCounties(db);
  rows = bdcRows(db);
  db.close();
  const files = writeBdcFiles(dir, rows);
  const run = await runAtlas('import', '--db', path, '--release', 'J24', '--residential-only', '--json', ...files);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain('positions are H3 resolution-8 cell centres');
  expect(run.stdout).toMatch(/Block county codes not among the loaded areas .*: 02063 \(\d+\)/);
  cliJson = JSON.parse(run.stdout.trim().split('\n').at(-1)!);
  server = await startTestServer(path);
}, 120_000);

afterAll(() => server?.stop());

describe('an FCC BDC release', () => {
  it('is summarised with its format, skipped rows and unknown county codes', () => {
    const business = rows.filter((r) => r.brc === 'B').length;
    expect(cliJson).toMatchObject({
      input_format: 'fcc-bdc',
      location_precision: 'h3r8',
      rows_read: rows.length,
      rows_skipped: business,
      rows_accepted: rows.length - business,
      unknown_area_codes: { '02063': expect.any(Number) },
    });
  });

  it('answers addresses with location_precision h3r8, in their county', async () => {
    const sample = rows.find((r) => r.block_geoid.startsWith('01001') && r.brc !== 'B')!;
    const body = await server.json(`/api/v1/addresses/${sample.location_id}`);
    expect(body.address).toMatchObject({
      address_id: sample.location_id,
      location_precision: 'h3r8',
      area: { code: '01001', name: 'Autauga', level: 'county', parent_code: '01' },
    });
    expect(body.address.offers[0]).toHaveProperty('business_residential');
  });

  it('finds a location by its location_id in the search box suggestions, and only that one', async () => {
    const sample = rows.find((r) => r.block_geoid.startsWith('06') && r.brc !== 'B')!;
    const body = await server.json(`/api/v1/suggest?q=${sample.location_id}`);
    const found = body.suggestions.filter((s: { kind: string }) => s.kind === 'address');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ kind: 'address', address_id: sample.location_id, area_code: sample.block_geoid.slice(0, 5) });
    // Known only by its id, it is named with its county.
    const county = await server.json(`/api/v1/areas/${sample.block_geoid.slice(0, 5)}`);
    expect(found[0].label).toBe(`${sample.location_id}, ${county.name}`);
    // A business-only location was left out by --residential-only: no suggestion.
    const business = rows.find((r) => r.brc === 'B' && !rows.some((o) => o.location_id === r.location_id && o.brc !== 'B'))!;
    expect(business).toBeDefined();
    const none = await server.json(`/api/v1/suggest?q=${business.location_id}`);
    expect(none.suggestions.filter((s: { kind: string }) => s.kind === 'address')).toEqual([]);
  });

  it('lists the areas of the address level by default, any loaded level on request, and refuses another', async () => {
    const counties = await server.json('/api/v1/areas?down=100');
    expect(counties.level).toBe('county');
    expect(counties.areas.length).toBe(3231);
    const states = await server.json('/api/v1/areas?level=state&down=100');
    expect(states.areas.find((a: { code: string }) => a.code === '06')).toMatchObject({ name: 'California', level: 'state' });
    await expectError(await server.get('/api/v1/areas?level=municipality'), 400, 'level');
    const meta = await server.json('/api/v1/meta');
    expect(meta.levels).toEqual(['county', 'state']);
  });

  it("draws hexagons no finer than a location's own resolution-8 cell, at any zoom", async () => {
    const sample = rows.find((r) => r.block_geoid.startsWith('01001') && r.brc !== 'B')!;
    const [lat, lon] = cellToLatLng(sample.cell);
    const located = rows.filter((r) => r.cell === sample.cell && r.brc !== 'B');
    for (const z of [10, 11, 12, 14, 16]) {
      const [x, y] = tileOf(lon, lat, z);
      const features = decodeLayer(await rawGet(`${server.url}/tiles/hexes/${z}/${x}/${y}.mvt?down=100`), 'hexes');
      const expected = z <= 9 ? 7 : 8;
      expect(new Set(features.map((f) => f.properties.res)), `z${z}`).toEqual(new Set([expected]));
      const own = features.find((f) => f.properties.cell === cellToParent(sample.cell, expected));
      expect(own?.properties.addresses, `z${z}`).toBe(new Set(located.map((r) => r.location_id)).size);
    }
  });
});
