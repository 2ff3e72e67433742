// GET /api/v1/changes, the address lists behind its figures and the `changes` tile layer, over a real
// server and two releases that differ address by address: figures against a brute-force diff, lists
// whose counts equal the figures, MVT decoding of points and cell counts, and bad input.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { ChangeCollectionSchema, ChangesSchema, TileJsonSchema } from '../../common/api.ts';
import { closeWritable } from '../../common/schema.ts';
import { importRelease } from '../../pipeline/import/index.ts';
import { ALL_THRESHOLDS, bruteChanges, bruteIds, variedRelease } from '../helpers/change-releases.ts';
import { expectError, startTestServer, type TestServer } from '../helpers/server.ts';
import { boundariesDb, tempDir } from '../helpers/temp-db.ts';
import { decodeLayer, rawGet } from '../helpers/tile-client.ts';
import { tilesCovering } from '../helpers/tiles.ts';
import { parseCsv } from '../report/csv-parse.ts';

let dir: string;
let path: string;
let server: TestServer;
let brute: Database.Database;

beforeAll(async () => {
  const b = boundariesDb(tempDir('atlas-changes-api-'));
  dir = b.dir;
  path = b.path;
  importRelease(b.db, { release: 'A', asOf: '2023-01-01', files: [variedRelease(dir, 'a.csv', 1)], synthetic: true });
  importRelease(b.db, { release: 'B', asOf: '2024-01-01', files: [variedRelease(dir, 'b.csv', 2)], synthetic: true });
  closeWritable(b.db);
  server = await startTestServer(path);
  brute = new Database(path, { readonly: true });
});

afterAll(async () => {
  brute?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const query = (down: number, up: number | undefined) => `down=${down}${up === undefined ? '' : `&up=${up}`}`;

describe('GET /api/v1/changes', () => {
  it('compares the newest release with the one before by default, nationally and for every municipality, at every threshold', async () => {
    for (const { down, up } of ALL_THRESHOLDS) {
      const body = await server.json(`/api/v1/changes?${query(down, up)}`);
      expect(ChangesSchema.safeParse(body).success).toBe(true);
      expect([body.from, body.to, body.synthetic, body.level, body.area]).toEqual(['A', 'B', true, 'municipality', null]);
      expect(body.threshold).toEqual({ down, up: up ?? null, fixed_only: false });
      const expected = bruteChanges(brute, 'A', 'B', down, up);
      const {
        from: _f,
        to: _t,
        from_as_of: _fa,
        to_as_of: _ta,
        threshold: _th,
        synthetic: _s,
        area: _a,
        level: _l,
        areas,
        ...nation
      } = body;
      expect(nation, `down ${down} up ${up}`).toEqual(expected.get('all'));
      expect(areas).toHaveLength(4);
      for (const { code, name: _n, level: _lv, ...figures } of areas) expect(figures, `${code} ${down} ${up}`).toEqual(expected.get(code));
    }
  });

  it('answers for one area (a municipality or a province) and per province', async () => {
    const expected = bruteChanges(brute, 'A', 'B', 100, 10);
    const one = await server.json('/api/v1/changes?from=A&to=B&area=GM0331&down=100&up=10');
    expect(one.area).toEqual({ code: 'GM0331', name: 'Lopik', level: 'municipality' });
    expect(one.areas).toBeUndefined();
    expect(one.newly_covered).toBe(expected.get('GM0331')!.newly_covered);
    expect(one.addresses_to).toBe(expected.get('GM0331')!.addresses_to);
    const provinces = await server.json('/api/v1/changes?level=province&down=100&up=10');
    expect(provinces.areas.map((a: { code: string }) => a.code)).toEqual(['PV26']);
    const { code, name: _n, level: _l, ...figures } = provinces.areas[0];
    expect(figures).toEqual(expected.get(code));
    const province = await server.json(`/api/v1/changes?area=${code}&down=100&up=10`);
    expect(province.lost).toBe(figures.lost);
  });

  it('sorts areas by any figure, largest first', async () => {
    for (const sort of ['lost', 'added', 'net_change_uncovered', 'addresses_to']) {
      const { areas } = await server.json(`/api/v1/changes?sort=${sort}`);
      const values = areas.map((a: Record<string, number>) => a[sort]);
      expect(values, sort).toEqual([...values].sort((a, b) => b - a));
    }
    const { areas } = await server.json('/api/v1/changes?sort=name');
    expect(areas.map((a: { name: string }) => a.name)).toEqual(['IJsselstein', 'Lopik', 'Montfoort', 'Oudewater']);
  });

  it('reverses: from the newer to the older release (computed on demand)', async () => {
    const body = await server.json('/api/v1/changes?from=B&to=A');
    const forward = await server.json('/api/v1/changes?from=A&to=B');
    expect([body.added, body.removed, body.newly_covered, body.lost]).toEqual([
      forward.removed,
      forward.added,
      forward.lost,
      forward.newly_covered,
    ]);
  });

  it('answers bad input with the one JSON error shape', async () => {
    await expectError(await server.get('/api/v1/changes?from=nope'), 404, 'from');
    await expectError(await server.get('/api/v1/changes?to=nope'), 404, 'to');
    await expectError(await server.get('/api/v1/changes?to=A'), 404, 'from');
    await expectError(await server.get('/api/v1/changes?from=B&to=B'), 400, 'from');
    await expectError(await server.get('/api/v1/changes?area=XX'), 404, 'area');
    await expectError(await server.get('/api/v1/changes?area=GM0331&sort=lost'), 400, 'sort');
    await expectError(await server.get('/api/v1/changes?area=GM0331&level=province'), 400, 'level');
    await expectError(await server.get('/api/v1/changes?sort=bogus'), 400, 'sort');
    await expectError(await server.get('/api/v1/changes?level=ward'), 400, 'level');
    await expectError(await server.get('/api/v1/changes?down=31'), 400, 'down');
    await expectError(await server.get('/api/v1/changes?release=A'), 400, 'release');
    await expectError(await server.get('/api/v1/changes/addresses.csv?kind=gone'), 400, 'kind');
    await expectError(await server.get('/api/v1/changes/addresses.csv'), 400, 'kind');
    await expectError(await server.get('/api/v1/changes/addresses.geojson?kind=lost&bbox=1,2,3'), 400, 'bbox');
    await expectError(await server.get('/tiles/changes/3/9/1.mvt'), 400, 'x');
    await expectError(await server.get('/tiles/changes/12/2100/1350.mvt?from=B&to=B'), 400, 'from');
    await expectError(await server.get('/tiles/changes.json?release=A'), 400, 'release');
  });
});

/** The header and records of a CSV answer. */
async function csvRecords(path: string): Promise<{ columns: string[]; rows: string[][] }> {
  const res = await server.get(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
  const [columns, ...rows] = parseCsv(await res.text());
  return { columns, rows };
}

describe('GET /api/v1/changes/addresses.csv and .geojson', () => {
  it('lists exactly the addresses behind each figure, with both labels and the synthetic flag on every row', async () => {
    for (const [down, up] of [
      [1000, undefined],
      [100, 50],
    ] as const) {
      const figures = await server.json(`/api/v1/changes?${query(down, up)}`);
      for (const kind of ['newly_covered', 'lost', 'added', 'removed'] as const) {
        const { columns, rows } = await csvRecords(`/api/v1/changes/addresses.csv?kind=${kind}&${query(down, up)}`);
        expect(rows.length, `${kind} ${down} ${up}`).toBe(figures[kind]);
        expect(rows.length).toBeGreaterThan(0);
        const at = (name: string) => columns.indexOf(name);
        expect(at('from')).toBeGreaterThanOrEqual(0);
        for (const r of rows) {
          expect([r[at('kind')], r[at('from')], r[at('to')], r[at('synthetic')]]).toEqual([kind, 'A', 'B', 'true']);
          expect(r[at('release')]).toBe(kind === 'removed' ? 'A' : 'B');
        }
        expect(rows.map((r) => r[at('address_id')]).sort()).toEqual(bruteIds(brute, 'A', 'B', kind, down, up));
      }
    }
  });

  it('filters by area and bbox, and the GeoJSON holds the same addresses', async () => {
    const area = await server.json('/api/v1/changes?area=GM0353');
    const byArea = await server.json('/api/v1/changes/addresses.geojson?kind=removed&area=GM0353');
    expect(ChangeCollectionSchema.safeParse(byArea).success).toBe(true);
    expect(byArea.features).toHaveLength(area.removed);
    expect(byArea.features.every((f: { properties: { area_code: string } }) => f.properties.area_code === 'GM0353')).toBe(true);
    const all = await server.json('/api/v1/changes/addresses.geojson?kind=added');
    expect(all.features).toHaveLength((await server.json('/api/v1/changes')).added);
    const inBox = await server.json('/api/v1/changes/addresses.geojson?kind=added&bbox=4.8,51.9,4.95,52.0');
    const expected = all.features.filter(
      ({
        geometry: {
          coordinates: [x, y],
        },
      }: {
        geometry: { coordinates: number[] };
      }) => {
        return x >= 4.8 && x <= 4.95 && y >= 51.9 && y <= 52.0;
      },
    );
    expect(inBox.features.length).toBe(expected.length);
    expect(inBox.features.length).toBeGreaterThan(0);
    expect(inBox.features.length).toBeLessThan(all.features.length);
  });
});

describe('the changes tile layer', () => {
  const bounds = [4.75, 51.9, 5.15, 52.1];

  it('has TileJSON naming the pair and threshold', async () => {
    const tj = await server.json('/tiles/changes.json?down=100&up=10');
    expect(TileJsonSchema.safeParse(tj).success).toBe(true);
    expect(tj.tiles[0]).toMatch(/\/tiles\/changes\/\{z\}\/\{x\}\/\{y\}\.mvt\?from=A&to=B&down=100&up=10$/);
    expect(tj.vector_layers[0].id).toBe('changes');
  });

  it('draws one point per changed address with its kind from z12, and cell counts per kind below', async () => {
    const figures = await server.json('/api/v1/changes?down=100');
    const kinds = ['newly_covered', 'lost', 'added', 'removed'] as const;
    for (const z of [6, 9, 11]) {
      const sums = { newly_covered: 0, lost: 0, added: 0, removed: 0 };
      for (const [tz, x, y] of tilesCovering(bounds, z)) {
        for (const f of decodeLayer(await rawGet(`${server.url}/tiles/changes/${tz}/${x}/${y}.mvt?down=100`), 'changes')) {
          expect(f.type).toBe(1);
          for (const k of kinds) sums[k] += Number(f.properties[k]);
          expect(f.properties.count).toBe(kinds.reduce((n, k) => n + Number(f.properties[k]), 0));
        }
      }
      for (const k of kinds) expect(sums[k], `z${z} ${k}`).toBe(figures[k]);
    }
    const counted = { newly_covered: 0, lost: 0, added: 0, removed: 0 };
    const seen = new Set<string>();
    for (const [tz, x, y] of tilesCovering(bounds, 12)) {
      const res = await rawGet(`${server.url}/tiles/changes/${tz}/${x}/${y}.mvt?down=100`);
      expect([200, 204]).toContain(res.status);
      for (const f of decodeLayer(res, 'changes')) {
        const key = `${f.properties.kind}/${f.properties.address_id}`;
        if (seen.has(key)) continue; // a point in the buffer of two tiles
        seen.add(key);
        expect(f.properties.count).toBe(1);
        counted[f.properties.kind as (typeof kinds)[number]]++;
      }
    }
    for (const k of kinds) expect(counted[k], `z12 ${k}`).toBe(figures[k]);
  });

  it('serves tiles with an ETag and answers If-None-Match with 304', async () => {
    const [[z, x, y]] = tilesCovering([4.89, 51.94, 4.9, 51.95], 8);
    const url = `${server.url}/tiles/changes/${z}/${x}/${y}.mvt?from=A&to=B&down=1000`;
    const first = await rawGet(url, { 'accept-encoding': 'gzip' });
    expect(first.status).toBe(200);
    expect(first.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
    const again = await rawGet(url, { 'if-none-match': String(first.headers.etag) });
    expect(again.status).toBe(304);
  });
});
